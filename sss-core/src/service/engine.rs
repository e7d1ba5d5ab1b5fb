//! The engine: how the api answers a search.
//!
//! L1 (in-process, a couple of seconds) -> the shared cache (Redis) -> the filler (the poller).
//! A fresh page is a HIT; a page past its fresh time but within its stale time is served as
//! STALE while one background refresh runs; a miss waits for the filler, and N concurrent misses
//! of one key in this process make one call to it.

use std::sync::Arc;
use std::time::Duration;

use super::fill::{FetchRequest, FillError, Filled, Filler, Source};
use super::page::{CacheStatus, CachedPage, Shape, now_ms};
use super::singleflight::SingleFlight;
use super::{EngineMetrics, Freshness};
use crate::cache::SharedCache;
use crate::domain::SearchQuery;

/// Settings of the engine.
#[derive(Clone, Debug)]
pub struct EngineConfig {
    /// Freshness and key prefix.
    pub freshness: Freshness,
    /// L1 size in bytes; 0 turns L1 off.
    pub l1_bytes: u64,
    /// How long a page stays in L1.
    pub l1_ttl: Duration,
}

impl Default for EngineConfig {
    fn default() -> Self {
        Self {
            freshness: Freshness::default(),
            l1_bytes: 64 << 20,
            l1_ttl: Duration::from_secs(2),
        }
    }
}

/// An answer to a search.
#[derive(Clone, Debug)]
pub struct Answer {
    /// The page.
    pub page: Arc<CachedPage>,
    /// How it was answered.
    pub status: CacheStatus,
}

/// The api's cache-aside engine. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Engine {
    l1: Option<moka::future::Cache<String, Arc<CachedPage>>>,
    shared: Arc<dyn SharedCache>,
    filler: Arc<dyn Filler>,
    flights: Arc<SingleFlight<Result<Filled, FillError>>>,
    config: Arc<EngineConfig>,
    metrics: Arc<EngineMetrics>,
}

impl Engine {
    /// An engine over a shared cache and a filler.
    pub fn new(
        shared: Arc<dyn SharedCache>,
        filler: Arc<dyn Filler>,
        config: EngineConfig,
    ) -> Self {
        let l1 = (config.l1_bytes > 0).then(|| {
            moka::future::Cache::builder()
                .max_capacity(config.l1_bytes)
                .weigher(|k: &String, v: &Arc<CachedPage>| {
                    // Both forms: a page answered to an identity client keeps its inflated
                    // body too.
                    crate::cache::entry_weight(k.len(), v.weight())
                })
                .time_to_live(config.l1_ttl)
                .build()
        });
        Self {
            l1,
            shared,
            filler,
            flights: Arc::default(),
            config: Arc::new(config),
            metrics: Arc::default(),
        }
    }

    /// Counters for `/metrics`.
    pub fn metrics(&self) -> &EngineMetrics {
        &self.metrics
    }

    /// Searches this engine is filling now (its single-flight map's entries).
    pub fn in_flight(&self) -> usize {
        self.flights.in_flight()
    }

    /// What L1 holds; `None` when it is off.
    pub fn l1_usage(&self) -> Option<crate::cache::CacheUsage> {
        self.l1.as_ref().map(|l1| crate::cache::CacheUsage {
            entries: l1.entry_count(),
            bytes: l1.weighted_size(),
            max_bytes: self.config.l1_bytes,
        })
    }

    /// The filler this engine asks on a miss.
    pub fn filler(&self) -> &Arc<dyn Filler> {
        &self.filler
    }

    /// The freshness settings.
    pub fn freshness(&self) -> &Freshness {
        &self.config.freshness
    }

    /// Answers `query` in `shape`.
    pub async fn search(&self, query: &SearchQuery, shape: Shape) -> Result<Answer, FillError> {
        let fresh = &self.config.freshness;
        let key = shape.key(query, &fresh.prefix);
        let now = now_ms();
        let fresh_secs = fresh.fresh_for(shape).as_secs();

        if let Some(l1) = &self.l1
            && let Some(page) = l1.get(&key).await
            && page.age_secs(now) < fresh_secs
        {
            self.metrics.hits_l1.inc();
            return Ok(Answer {
                page,
                status: CacheStatus::Hit,
            });
        }

        match self.shared.get(&key).await {
            Ok(Some(bytes)) => {
                if let Some(page) = CachedPage::decode(&bytes) {
                    let page = Arc::new(page);
                    if page.age_secs(now) < fresh_secs {
                        self.metrics.hits_shared.inc();
                        self.remember(&key, &page).await;
                        return Ok(Answer {
                            page,
                            status: CacheStatus::Hit,
                        });
                    }
                    self.metrics.stale.inc();
                    self.refresh_in_background(key, query, shape);
                    return Ok(Answer {
                        page,
                        status: CacheStatus::Stale,
                    });
                }
            }
            Ok(None) => {}
            Err(e) => {
                self.metrics.shared_errors.inc();
                tracing::debug!(error = %e, "shared cache read failed; treating as a miss");
            }
        }

        self.metrics.misses.inc();
        let req = FetchRequest {
            query: query.clone(),
            shape,
            refresh: false,
        };
        let filled = self.fill(&key, req).await?;
        let status = match filled.source {
            Source::Upstream => CacheStatus::Miss,
            Source::Cache => CacheStatus::Hit,
            Source::Stale => CacheStatus::Stale,
            Source::Store => CacheStatus::Store,
        };
        Ok(Answer {
            page: filled.page,
            status,
        })
    }

    async fn fill(&self, key: &str, req: FetchRequest) -> Result<Filled, FillError> {
        let filler = Arc::clone(&self.filler);
        let flight_key = if req.refresh {
            format!("{key}#refresh")
        } else {
            key.to_owned()
        };
        let filled = self
            .flights
            .run(&flight_key, move || async move { filler.fill(&req).await })
            .await
            .unwrap_or_else(|| Err(FillError::Unavailable("the fill task failed".into())));
        match &filled {
            Ok(f) => self.remember(key, &f.page).await,
            Err(FillError::Rejected { .. }) => {
                self.metrics.fill_rejections.inc();
            }
            Err(_) => {
                self.metrics.fill_errors.inc();
            }
        }
        filled
    }

    fn refresh_in_background(&self, key: String, query: &SearchQuery, shape: Shape) {
        let this = self.clone();
        let req = FetchRequest {
            query: query.clone(),
            shape,
            refresh: true,
        };
        self.metrics.refreshes.inc();
        tokio::spawn(async move {
            if let Err(e) = this.fill(&key, req).await {
                tracing::warn!(error = %e, "background refresh failed; the stale page stays");
            }
        });
    }

    async fn remember(&self, key: &str, page: &Arc<CachedPage>) {
        if let Some(l1) = &self.l1 {
            l1.insert(key.to_owned(), Arc::clone(page)).await;
        }
    }
}
