//! The api's metrics: requests by route template and status, latency by route, and the gauges
//! read at scrape time (what the in-process caches hold, searches in flight).

use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use prometheus_client::encoding::DescriptorEncoder;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::Histogram;
use sss_core::cache::{CacheUsage, SharedCache};
use sss_core::metrics::{
    Collector, Counter, LatencyFamily, Registry, Scrape, Unit, latency_family,
};
use sss_core::service::Engine;

/// The route templates that are counted; anything else is `other`.
pub const ROUTES: [&str; 9] = [
    "/api/v1/products",
    "/api/v1/products/{id}",
    "/api/v1/categories",
    "/api/v1/items/{category}/{sid}/{eid}",
    "/api/openapi.json",
    "/healthz",
    "/readyz",
    "/metrics",
    "other",
];

/// The statuses that are counted by value, and their labels; anything else is `other`.
const STATUSES: [(u16, &str); 12] = [
    (200, "200"),
    (304, "304"),
    (400, "400"),
    (404, "404"),
    (405, "405"),
    (413, "413"),
    (414, "414"),
    (429, "429"),
    (431, "431"),
    (502, "502"),
    (503, "503"),
    (0, "other"),
];

type RouteStatus = [(&'static str, &'static str); 2];

/// Request counters and latency, registered in the api's registry.
///
/// A request adds to an atomic counter and a histogram kept per (route, status) and per route:
/// each is looked up in its family once, on first use, and kept here.
#[derive(Debug)]
pub struct ApiMetrics {
    requests: Family<RouteStatus, Counter>,
    latency: LatencyFamily,
    request_slots: Vec<OnceLock<Counter>>,
    latency_slots: Vec<OnceLock<Histogram>>,
}

impl Default for ApiMetrics {
    fn default() -> Self {
        Self {
            requests: Family::default(),
            latency: latency_family(),
            request_slots: (0..ROUTES.len() * STATUSES.len())
                .map(|_| OnceLock::new())
                .collect(),
            latency_slots: (0..ROUTES.len()).map(|_| OnceLock::new()).collect(),
        }
    }
}

fn route_index(route: Option<&str>) -> usize {
    route
        .and_then(|r| ROUTES.iter().position(|t| *t == r))
        .unwrap_or(ROUTES.len() - 1)
}

fn status_index(status: u16) -> usize {
    STATUSES
        .iter()
        .position(|(code, _)| *code == status)
        .unwrap_or(STATUSES.len() - 1)
}

impl ApiMetrics {
    /// Records one request.
    pub fn observe(&self, route: Option<&str>, status: u16, elapsed: Duration) {
        let r = route_index(route);
        let s = status_index(status);
        self.request_slots[r * STATUSES.len() + s]
            .get_or_init(|| {
                self.requests
                    .get_or_create_owned(&[("route", ROUTES[r]), ("status", STATUSES[s].1)])
            })
            .inc();
        self.latency_slots[r]
            .get_or_init(|| self.latency.get_or_create_owned(&[("route", ROUTES[r])]))
            .observe(elapsed.as_secs_f64());
    }

    /// Registers the request metrics.
    pub fn register(&self, registry: &mut Registry) {
        registry.register(
            "sss_http_requests",
            "HTTP requests by route template and status",
            self.requests.clone(),
        );
        registry.register_with_unit(
            "sss_http_request_duration",
            "HTTP request latency by route template",
            Unit::Seconds,
            self.latency.clone(),
        );
    }
}

/// What the in-process caches hold (the shared cache when it is in-process, L1 when it is on)
/// and the searches being filled, read at each scrape.
#[derive(Debug)]
pub struct MemoryGauges {
    /// The api's shared cache.
    pub shared: Arc<dyn SharedCache>,
    /// The api's engine (its L1 and its searches in flight).
    pub engine: Engine,
}

impl Collector for MemoryGauges {
    fn encode(&self, encoder: DescriptorEncoder) -> fmt::Result {
        let mut scrape = Scrape::new(encoder);
        let caches: Vec<(&'static str, CacheUsage)> = [
            ("shared", self.shared.usage()),
            ("l1", self.engine.l1_usage()),
        ]
        .into_iter()
        .filter_map(|(name, usage)| usage.map(|u| (name, u)))
        .collect();
        type Gauge = (&'static str, &'static str, fn(&CacheUsage) -> u64);
        let gauges: [Gauge; 3] = [
            (
                "sss_memory_cache_entries",
                "Entries of an in-process cache",
                |u| u.entries,
            ),
            (
                "sss_memory_cache_bytes",
                "Bytes of an in-process cache: keys, values and a fixed overhead per entry",
                |u| u.bytes,
            ),
            (
                "sss_memory_cache_max_bytes",
                "The byte budget of an in-process cache",
                |u| u.max_bytes,
            ),
        ];
        if !caches.is_empty() {
            for (name, help, value) in gauges {
                let values: Vec<(&'static str, u64)> =
                    caches.iter().map(|(cache, u)| (*cache, value(u))).collect();
                scrape.gauges(name, help, "cache", &values)?;
            }
        }
        scrape.gauge(
            "sss_searches_in_flight",
            "Searches waiting on a fill in this api (one entry per query key)",
            self.engine.in_flight() as u64,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_outside_the_list_are_other() {
        assert_eq!(STATUSES[status_index(200)].1, "200");
        assert_eq!(STATUSES[status_index(503)].1, "503");
        assert_eq!(STATUSES[status_index(418)].1, "other");
        assert_eq!(STATUSES[status_index(0)].1, "other");
        assert_eq!(route_index(Some("/nope")), ROUTES.len() - 1);
    }

    #[test]
    fn a_request_is_counted_under_its_route_and_status() {
        let metrics = ApiMetrics::default();
        let mut registry = Registry::default();
        metrics.register(&mut registry);
        metrics.observe(Some("/healthz"), 200, Duration::from_micros(200));
        metrics.observe(Some("/healthz"), 200, Duration::from_millis(20));
        metrics.observe(None, 418, Duration::from_millis(1));
        let text = sss_core::metrics::render(&registry);
        assert!(
            text.contains("sss_http_requests_total{route=\"/healthz\",status=\"200\"} 2"),
            "{text}"
        );
        assert!(
            text.contains("sss_http_requests_total{route=\"other\",status=\"other\"} 1"),
            "{text}"
        );
        assert!(
            text.contains("sss_http_request_duration_seconds_count{route=\"/healthz\"} 2"),
            "{text}"
        );
    }
}
