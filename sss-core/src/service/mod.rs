//! The cache-aside service: the api's [`Engine`] and the [`Poller`] that fills caches.
//!
//! A search's path: L1 -> shared cache (Redis) -> single flight -> fresh store copy (MongoDB) ->
//! upstream. What is cached is the serialised response body ([`CachedPage`]).

mod engine;
mod facets;
mod fill;
pub mod gzip;
mod page;
mod poller;
mod singleflight;
mod writer;

use std::time::Duration;

use serde::{Deserialize, Serialize};

pub use engine::{Answer, Engine, EngineConfig};
pub use facets::{
    FACET_VALUES, LIST_VALUES, facets_body, histogram_calls, list_body, suggest_body,
    suggest_from_lists,
};
pub use fill::{FetchRequest, FillError, Filled, Filler, HttpFiller, Source, headers};
pub use page::{
    CacheStatus, CachedPage, Encoding, EtagHeader, RenderedBody, Shape, now_ms, rfc3339,
};
pub use poller::{Poller, PollerConfig};
pub use singleflight::SingleFlight;
pub use writer::{WriteBehind, WriteJob, WriterConfig, WriterMetrics};

use prometheus_client::metrics::family::Family;

use crate::metrics::{Counter, CounterFamily, Latency, Registry, Unit, child, register_counters};

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
    /// The fresh time of lists (`/api/v1/brands` and its kin) and suggestions, which change
    /// more slowly than pages.
    pub list_ttl: Duration,
    /// The prefix of every cache key (`sss:`), so tenants and tests can share one server.
    pub prefix: String,
}

impl Freshness {
    /// How long a body of `shape` is fresh: [`Freshness::list_ttl`] for lists, else
    /// [`Freshness::fresh_ttl`].
    pub fn fresh_for(&self, shape: Shape) -> Duration {
        match shape {
            Shape::List(_) | Shape::Suggest => self.list_ttl,
            _ => self.fresh_ttl,
        }
    }
}

impl Default for Freshness {
    fn default() -> Self {
        Self {
            fresh_ttl: Duration::from_secs(300),
            stale_ttl: Duration::from_secs(24 * 3600),
            empty_ttl: Duration::from_secs(60),
            list_ttl: Duration::from_secs(3600),
            prefix: "sss:".to_owned(),
        }
    }
}

/// What the api's engine has done.
#[derive(Debug)]
pub struct EngineMetrics {
    /// Searches by how the cache answered (the four counters below, labelled).
    cache_requests: Family<[(&'static str, &'static str); 2], Counter>,
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

impl Default for EngineMetrics {
    fn default() -> Self {
        let cache_requests: Family<_, Counter> = Family::default();
        let answered = |tier, result| {
            cache_requests.get_or_create_owned(&[("tier", tier), ("result", result)])
        };
        EngineMetrics {
            hits_l1: answered("l1", "hit"),
            hits_shared: answered("shared", "hit"),
            stale: answered("shared", "stale"),
            misses: answered("shared", "miss"),
            cache_requests,
            refreshes: Counter::default(),
            fill_errors: Counter::default(),
            fill_rejections: Counter::default(),
            shared_errors: Counter::default(),
        }
    }
}

impl EngineMetrics {
    /// Registers the counters in the api's registry.
    pub fn register(&self, registry: &mut Registry) {
        registry.register(
            "sss_cache_requests",
            "Searches by how the cache answered: result hit/stale/miss, by tier",
            self.cache_requests.clone(),
        );
        register_counters(
            registry,
            &[
                (
                    "sss_cache_refreshes",
                    "Background refreshes of stale pages",
                    &self.refreshes,
                ),
                (
                    "sss_fill_errors",
                    "Misses the filler could not answer (rejections of bad requests not counted)",
                    &self.fill_errors,
                ),
                (
                    "sss_fill_rejections",
                    "Misses the upstream refused as bad requests (client mistakes, not failures)",
                    &self.fill_rejections,
                ),
                (
                    "sss_shared_cache_errors",
                    "Shared cache reads that failed (treated as misses)",
                    &self.shared_errors,
                ),
            ],
        );
    }
}

/// What the poller has done.
#[derive(Debug)]
pub struct PollerMetrics {
    /// Upstream calls by outcome (the three counters below, labelled).
    upstream_requests: CounterFamily,
    /// Upstream calls answered.
    upstream_ok: Counter,
    /// Upstream calls that failed, not counting rejections.
    upstream_errors: Counter,
    /// Upstream calls it rejected as a bad request (a 4xx other than 429): what a client sent.
    upstream_rejections: Counter,
    /// Upstream search latency.
    pub upstream_latency: Latency,
    /// Fills by where the page came from (the four counters below, labelled).
    fills: CounterFamily,
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

impl Default for PollerMetrics {
    fn default() -> Self {
        let upstream_requests = CounterFamily::default();
        let fills = CounterFamily::default();
        PollerMetrics {
            upstream_ok: child(&upstream_requests, "outcome", "ok"),
            upstream_errors: child(&upstream_requests, "outcome", "error"),
            // A request the upstream refused as bad (what a client sent), not a failure.
            upstream_rejections: child(&upstream_requests, "outcome", "rejected"),
            upstream_requests,
            upstream_latency: Latency::default(),
            fills_upstream: child(&fills, "source", "upstream"),
            fills_cache: child(&fills, "source", "cache"),
            fills_store: child(&fills, "source", "store"),
            fills_stale: child(&fills, "source", "stale"),
            fills,
            lock_waits: Counter::default(),
            cache_errors: Counter::default(),
            store_errors: Counter::default(),
        }
    }
}

impl PollerMetrics {
    /// Counts one upstream call by its outcome: answered, rejected (what a client sent) or
    /// failed.
    pub fn upstream_call<T>(&self, answer: &Result<T, crate::upstream::UpstreamError>) {
        let outcome = match answer {
            Ok(_) => &self.upstream_ok,
            Err(e) if e.is_rejection() => &self.upstream_rejections,
            Err(_) => &self.upstream_errors,
        };
        outcome.inc();
    }

    /// Registers the counters in the registry of the process the poller runs in.
    pub fn register(&self, registry: &mut Registry) {
        registry.register(
            "sss_upstream_requests",
            "Calls to the upstream, by outcome (rejected: it refused what a client sent)",
            self.upstream_requests.clone(),
        );
        registry.register_with_unit(
            "sss_upstream_duration",
            "Upstream search latency",
            Unit::Seconds,
            self.upstream_latency.histogram(),
        );
        registry.register(
            "sss_fills",
            "Cache fills by where the page came from",
            self.fills.clone(),
        );
        register_counters(
            registry,
            &[
                (
                    "sss_fill_lock_waits",
                    "Fills that waited on another process's lock",
                    &self.lock_waits,
                ),
                (
                    "sss_poller_cache_errors",
                    "Shared cache operations that failed",
                    &self.cache_errors,
                ),
                (
                    "sss_store_read_errors",
                    "Store reads that failed",
                    &self.store_errors,
                ),
            ],
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::upstream::UpstreamError;

    #[test]
    fn upstream_calls_are_counted_by_outcome() {
        let metrics = PollerMetrics::default();
        let mut registry = Registry::default();
        metrics.register(&mut registry);
        let status = |status| -> Result<(), UpstreamError> {
            Err(UpstreamError::Status {
                url: "u".into(),
                status,
                snippet: String::new(),
            })
        };
        metrics.upstream_call(&Ok::<(), UpstreamError>(()));
        metrics.upstream_call(&status(400));
        metrics.upstream_call(&status(429));
        metrics.upstream_call(&status(503));
        let text = crate::metrics::render(&registry);
        for line in [
            "sss_upstream_requests_total{outcome=\"ok\"} 1",
            "sss_upstream_requests_total{outcome=\"rejected\"} 1",
            "sss_upstream_requests_total{outcome=\"error\"} 2",
        ] {
            assert!(text.contains(line), "{line} in {text}");
        }
    }
}
