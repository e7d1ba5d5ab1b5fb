//! What the api's handlers share: the engine, the shared cache (for readiness), the in-process
//! poller of the `serve` role, the category tree once loaded, the request counters and the
//! process's metrics registry.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use sss_core::cache::SharedCache;
use sss_core::metrics::Registry;
use sss_core::service::{Engine, Poller};

use super::categories::CategoryIndex;
use super::metrics::{ApiMetrics, MemoryGauges};

/// What the handlers share.
#[derive(Debug)]
pub struct Inner {
    /// The cache-aside engine.
    pub engine: Engine,
    /// The api's own shared cache (for readiness).
    pub shared: Arc<dyn SharedCache>,
    /// The in-process poller, in the `serve` role (its metrics are served here too).
    pub poller: Option<Poller>,
    /// The category tree once loaded.
    pub categories: RwLock<Option<Arc<CategoryIndex>>>,
    /// Held while the tree loads, so concurrent requests load it once.
    categories_loading: tokio::sync::Mutex<()>,
    /// Request counters.
    pub metrics: ApiMetrics,
    /// The process's one metrics registry: the requests, the engine, the in-process caches and,
    /// in the `serve` role, the poller.
    pub registry: Registry,
}

/// The handlers' state. Cheap to clone.
#[derive(Clone, Debug)]
pub struct AppState(pub Arc<Inner>);

impl AppState {
    /// State over an engine.
    pub fn new(engine: Engine, shared: Arc<dyn SharedCache>, poller: Option<Poller>) -> Self {
        let metrics = ApiMetrics::default();
        let mut registry = Registry::default();
        metrics.register(&mut registry);
        engine.metrics().register(&mut registry);
        registry.register_collector(Box::new(MemoryGauges {
            shared: Arc::clone(&shared),
            engine: engine.clone(),
        }));
        if let Some(poller) = &poller {
            crate::poller::register_metrics(poller, &mut registry);
        }
        AppState(Arc::new(Inner {
            engine,
            shared,
            poller,
            categories: RwLock::new(None),
            categories_loading: tokio::sync::Mutex::new(()),
            metrics,
            registry,
        }))
    }

    /// The category index, loading it from the filler when it is not loaded yet.
    pub async fn categories(&self) -> Option<Arc<CategoryIndex>> {
        let loaded = || self.0.categories.read().ok().and_then(|c| c.clone());
        if let Some(c) = loaded() {
            return Some(c);
        }
        let _loading = self.0.categories_loading.lock().await;
        if let Some(c) = loaded() {
            return Some(c);
        }
        let body = match self.0.engine.filler().categories().await {
            Ok(body) => body,
            Err(e) => {
                tracing::warn!(error = %e, "categories unavailable");
                return None;
            }
        };
        let index = Arc::new(CategoryIndex::from_body(body)?);
        if let Ok(mut slot) = self.0.categories.write() {
            *slot = Some(Arc::clone(&index));
        }
        Some(index)
    }

    /// Drops the loaded categories every `every`, so changes upstream show up.
    pub fn refresh_categories_every(&self, every: Duration) {
        let weak = Arc::downgrade(&self.0);
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(every).await;
                let Some(inner) = weak.upgrade() else { return };
                if let Ok(mut slot) = inner.categories.write() {
                    *slot = None;
                }
            }
        });
    }
}
