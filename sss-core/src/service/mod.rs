//! The cache-aside service: the api's [`Engine`] and the [`Poller`] that fills caches.
//!
//! A search's path: L1 -> shared cache (Redis) -> single flight -> fresh store copy (MongoDB) ->
//! upstream. What is cached is the serialised response body ([`CachedPage`]).

mod engine;
mod fill;
pub mod gzip;
mod page;
mod poller;
mod singleflight;
mod writer;

use std::time::Duration;

use serde::{Deserialize, Serialize};

pub use engine::{Answer, Engine, EngineConfig};
pub use fill::{FetchRequest, FillError, Filled, Filler, HttpFiller, Source, headers};
pub use page::{
    CacheStatus, CachedPage, Encoding, EtagHeader, RenderedBody, Shape, now_ms, rfc3339,
};
pub use poller::{Poller, PollerConfig};
pub use singleflight::SingleFlight;
pub use writer::{WriteBehind, WriteJob, WriterConfig, WriterMetrics};

use crate::metrics::{Counter, Histogram};

/// One dependency's state, for `/readyz`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    /// The dependency (`redis`, `mongodb`, `poller`, `poller/redis`, ...).
    pub name: String,
    /// Whether it answered.
    pub ok: bool,
    /// Why not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Check {
    /// A check from a ping's outcome.
    pub fn of<E: std::fmt::Display>(name: impl Into<String>, outcome: Result<(), E>) -> Check {
        let error = outcome.err().map(|e| e.to_string());
        Check {
            name: name.into(),
            ok: error.is_none(),
            error,
        }
    }
}

/// How ready a service is, from its checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Readiness {
    /// Every dependency answers.
    Ready,
    /// Some do not, but the service still answers (from what is left: L1, a cache, the
    /// store or the upstream). Ready for traffic: taking it out of rotation would turn a
    /// degraded service into an outage.
    Degraded,
    /// None answers: the service cannot answer searches.
    Unavailable,
}

impl Readiness {
    /// The readiness `checks` add up to.
    pub fn of(checks: &[Check]) -> Readiness {
        let down = checks.iter().filter(|c| !c.ok).count();
        if down == 0 {
            Readiness::Ready
        } else if down < checks.len() {
            Readiness::Degraded
        } else {
            Readiness::Unavailable
        }
    }
}

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
    /// Fills that failed, not counting the upstream's rejections of what a client sent.
    pub fill_errors: Counter,
    /// Fills the upstream rejected as a bad request (a client's mistake, not a failure).
    pub fill_rejections: Counter,
    /// Shared cache reads that failed.
    pub shared_errors: Counter,
}

/// What the poller has done.
#[derive(Debug, Default)]
pub struct PollerMetrics {
    /// Calls to the upstream.
    pub upstream_calls: Counter,
    /// Upstream calls that failed, not counting rejections.
    pub upstream_errors: Counter,
    /// Upstream calls it rejected as a bad request (a 4xx other than 429): what a client sent.
    pub upstream_rejections: Counter,
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
