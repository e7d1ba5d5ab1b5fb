//! The cache-aside service: the api's [`Engine`] and the [`Poller`] that fills caches.
//!
//! A search's path: L1 -> shared cache (Redis) -> single flight -> fresh store copy (MongoDB) ->
//! upstream. What is cached is the serialised response body ([`CachedPage`]).

mod engine;
mod fill;
mod page;
mod poller;
mod singleflight;
mod writer;

use std::time::Duration;

pub use engine::{Answer, Engine, EngineConfig};
pub use fill::{FetchRequest, FillError, Filled, Filler, HttpFiller, Source, headers};
pub use page::{CacheStatus, CachedPage, RenderedBody, Shape, now_ms, rfc3339};
pub use poller::{Poller, PollerConfig};
pub use singleflight::SingleFlight;
pub use writer::{WriteBehind, WriteJob, WriterConfig, WriterMetrics};

use crate::metrics::{Counter, Histogram};

/// How long pages are served, and the prefix of every cache key.
#[derive(Clone, Debug)]
pub struct Freshness {
    /// A page younger than this is a HIT.
    pub fresh_ttl: Duration,
    /// After `fresh_ttl`, a page is served as STALE for this long while it is refreshed.
    pub stale_ttl: Duration,
    /// How long an empty result is kept.
    pub empty_ttl: Duration,
    /// The prefix of every cache key (`sss:`), so tenants and tests can share one server.
    pub prefix: String,
}

impl Default for Freshness {
    fn default() -> Self {
        Self {
            fresh_ttl: Duration::from_secs(300),
            stale_ttl: Duration::from_secs(24 * 3600),
            empty_ttl: Duration::from_secs(60),
            prefix: "sss:".to_owned(),
        }
    }
}

/// What the api's engine has done.
#[derive(Debug, Default)]
pub struct EngineMetrics {
    /// Fresh pages from L1.
    pub hits_l1: Counter,
    /// Fresh pages from the shared cache.
    pub hits_shared: Counter,
    /// Stale pages served while a refresh runs.
    pub stale: Counter,
    /// Searches that asked the filler.
    pub misses: Counter,
    /// Background refreshes started.
    pub refreshes: Counter,
    /// Fills that failed.
    pub fill_errors: Counter,
    /// Shared cache reads that failed.
    pub shared_errors: Counter,
}

/// What the poller has done.
#[derive(Debug, Default)]
pub struct PollerMetrics {
    /// Calls to the upstream.
    pub upstream_calls: Counter,
    /// Upstream calls that failed.
    pub upstream_errors: Counter,
    /// Upstream search latency.
    pub upstream_latency: Histogram,
    /// Fills answered from the upstream.
    pub fills_upstream: Counter,
    /// Fills answered from the shared cache (another fill got there first).
    pub fills_cache: Counter,
    /// Fills answered from the store.
    pub fills_store: Counter,
    /// Fills answered with a stale page because the upstream failed.
    pub fills_stale: Counter,
    /// Times a fill waited on another process's lock.
    pub lock_waits: Counter,
    /// Shared cache operations that failed.
    pub cache_errors: Counter,
    /// Store reads that failed.
    pub store_errors: Counter,
}
