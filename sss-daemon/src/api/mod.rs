//! The `api` role: the public API v1 (DESIGN section 2) over the cache-aside [`Engine`].
//!
//! `router(state)` is the whole HTTP surface; `run(args)` wires Redis and the poller from the
//! command line and serves it. The `serve` role builds the same router over in-process parts.

mod categories;
mod cors;
pub(crate) mod encoding;
mod error;
mod handlers;
mod metrics;
mod openapi;
mod query;
mod router;

use std::net::SocketAddr;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use sss_core::cache::SharedCache;
use sss_core::service::{Engine, EngineConfig, HttpFiller, Poller};

pub use categories::CategoryIndex;
pub use cors::CorsOrigins;
pub use error::ApiError;
pub use metrics::ApiMetrics;
pub use router::{router, router_with, router_with_fallback};

use crate::settings::{CacheArgs, L1Args, SecretUrl};

/// Settings of the `api` role.
#[derive(Debug, clap::Args)]
pub struct ApiArgs {
    /// Address to listen on.
    #[arg(long, env = "SSS_LISTEN", default_value = "127.0.0.1:5000")]
    pub listen: SocketAddr,

    /// Redis URL (`redis://host:6379/0`); several comma-separated URLs use a Redis Cluster.
    #[arg(long, env = "SSS_REDIS_URL", hide_env_values = true)]
    pub redis_url: SecretUrl,

    /// The poller's base URL, asked on a miss (`http://127.0.0.1:3000`).
    #[arg(long, env = "SSS_POLLER_URL")]
    pub poller_url: String,

    /// Milliseconds a miss may wait for the poller.
    #[arg(long, env = "SSS_POLLER_TIMEOUT_MS", default_value_t = 30_000, value_parser = clap::value_parser!(u64).range(100..=600_000))]
    pub poller_timeout_ms: u64,

    #[command(flatten)]
    pub cache: CacheArgs,

    #[command(flatten)]
    pub l1: L1Args,

    /// Origins allowed to call the API from a browser (CORS): `*` for any (the API is GET-only
    /// and uses no credentials), a comma-separated list of origins
    /// (`https://shop.example,http://localhost:5173`), or empty for none.
    #[arg(long, env = "SSS_CORS_ORIGINS", default_value = "*")]
    pub cors_origins: CorsOrigins,

    #[command(flatten)]
    pub http: crate::common::HttpArgs,
}

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
}

/// The handlers' state. Cheap to clone.
#[derive(Clone, Debug)]
pub struct AppState(pub Arc<Inner>);

impl AppState {
    /// State over an engine.
    pub fn new(engine: Engine, shared: Arc<dyn SharedCache>, poller: Option<Poller>) -> Self {
        AppState(Arc::new(Inner {
            engine,
            shared,
            poller,
            categories: RwLock::new(None),
            categories_loading: tokio::sync::Mutex::new(()),
            metrics: ApiMetrics::default(),
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

/// The api state these settings describe.
pub fn from_args(args: &ApiArgs) -> anyhow::Result<AppState> {
    let shared = crate::settings::shared_cache(Some(args.redis_url.expose()), 0)?;
    let filler = HttpFiller::new(
        &args.poller_url,
        Duration::from_millis(args.poller_timeout_ms),
    )
    .map_err(|e| anyhow::anyhow!("--poller-url / SSS_POLLER_URL: {e}"))?;
    let config = EngineConfig {
        freshness: args.cache.freshness(),
        l1_bytes: args.l1.l1_bytes,
        l1_ttl: Duration::from_millis(args.l1.l1_ttl_ms),
    };
    let engine = Engine::new(Arc::clone(&shared), Arc::new(filler), config);
    let state = AppState::new(engine, shared, None);
    state.refresh_categories_every(Duration::from_secs(args.cache.fresh_ttl));
    Ok(state)
}

/// Runs the api until a shutdown signal.
pub async fn run(args: ApiArgs) -> anyhow::Result<()> {
    let state = from_args(&args)?;
    let listener = crate::common::bind(args.listen, "--listen / SSS_LISTEN").await?;
    tracing::info!(addr = %listener.local_addr()?, poller = %args.poller_url, "api listening");
    let router = router_with(state, router::api_fallback(), &args.cors_origins);
    crate::common::serve(
        listener,
        router,
        &args.http,
        crate::common::shutdown_signal(),
    )
    .await
}

/// A response for an already-serialised JSON body that must not be cached.
pub fn json_body(body: bytes::Bytes) -> axum::response::Response {
    handlers::json_response(body, "no-store")
}
