//! The api's request metrics: counts by route template and status, and latency by route. Lock
//! free: routes and statuses are fixed lists, so each counter is an array slot.

use std::time::Duration;

use sss_core::cache::{CacheUsage, SharedCache};
use sss_core::metrics::{Counter, Histogram, header, sample};
use sss_core::service::{Engine, EngineMetrics};

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

/// The statuses that are counted by value; anything else is `other`.
const STATUSES: [u16; 12] = [200, 304, 400, 404, 405, 413, 414, 429, 431, 502, 503, 0];

/// Counters for `/metrics`.
#[derive(Debug)]
pub struct ApiMetrics {
    requests: Vec<Counter>,
    latency: Vec<Histogram>,
}

impl Default for ApiMetrics {
    fn default() -> Self {
        Self {
            requests: (0..ROUTES.len() * STATUSES.len())
                .map(|_| Counter::default())
                .collect(),
            latency: (0..ROUTES.len()).map(|_| Histogram::default()).collect(),
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
        .position(|s| *s == status)
        .unwrap_or(STATUSES.len() - 1)
}

impl ApiMetrics {
    /// Records one request.
    pub fn observe(&self, route: Option<&str>, status: u16, elapsed: Duration) {
        let r = route_index(route);
        self.requests[r * STATUSES.len() + status_index(status)].inc();
        self.latency[r].observe(elapsed);
    }

    /// Writes the request metrics.
    pub fn render(&self, out: &mut String) {
        header(
            out,
            "sss_http_requests_total",
            "counter",
            "HTTP requests by route template and status.",
        );
        for (r, route) in ROUTES.iter().enumerate() {
            for (s, status) in STATUSES.iter().enumerate() {
                let n = self.requests[r * STATUSES.len() + s].get();
                if n > 0 {
                    let status = if *status == 0 {
                        "other".to_owned()
                    } else {
                        status.to_string()
                    };
                    sample(
                        out,
                        "sss_http_requests_total",
                        &format!("route=\"{route}\",status=\"{status}\""),
                        n,
                    );
                }
            }
        }
        header(
            out,
            "sss_http_request_duration_seconds",
            "histogram",
            "HTTP request latency by route template.",
        );
        for (r, route) in ROUTES.iter().enumerate() {
            if self.latency[r].count() > 0 {
                self.latency[r].render(
                    out,
                    "sss_http_request_duration_seconds",
                    &format!("route=\"{route}\""),
                );
            }
        }
    }
}

/// Writes the engine's cache counters.
pub fn render_engine(m: &EngineMetrics, out: &mut String) {
    let name = "sss_cache_requests_total";
    header(
        out,
        name,
        "counter",
        "Searches by how the cache answered: result hit/stale/miss, by tier.",
    );
    sample(out, name, "tier=\"l1\",result=\"hit\"", m.hits_l1.get());
    sample(
        out,
        name,
        "tier=\"shared\",result=\"hit\"",
        m.hits_shared.get(),
    );
    sample(out, name, "tier=\"shared\",result=\"stale\"", m.stale.get());
    sample(out, name, "tier=\"shared\",result=\"miss\"", m.misses.get());
    header(
        out,
        "sss_cache_refreshes_total",
        "counter",
        "Background refreshes of stale pages.",
    );
    sample(out, "sss_cache_refreshes_total", "", m.refreshes.get());
    header(
        out,
        "sss_fill_errors_total",
        "counter",
        "Misses the filler could not answer (rejections of bad requests not counted).",
    );
    sample(out, "sss_fill_errors_total", "", m.fill_errors.get());
    header(
        out,
        "sss_fill_rejections_total",
        "counter",
        "Misses the upstream refused as bad requests (client mistakes, not failures).",
    );
    sample(
        out,
        "sss_fill_rejections_total",
        "",
        m.fill_rejections.get(),
    );
    header(
        out,
        "sss_shared_cache_errors_total",
        "counter",
        "Shared cache reads that failed (treated as misses).",
    );
    sample(
        out,
        "sss_shared_cache_errors_total",
        "",
        m.shared_errors.get(),
    );
}

/// Writes what the in-process caches hold (the shared cache when it is in-process, L1 when it is
/// on) and the searches being filled.
pub fn render_memory(shared: &dyn SharedCache, engine: &Engine, out: &mut String) {
    let caches: Vec<(&str, CacheUsage)> = [("shared", shared.usage()), ("l1", engine.l1_usage())]
        .into_iter()
        .filter_map(|(name, usage)| usage.map(|u| (name, u)))
        .collect();
    type Gauge = (&'static str, &'static str, fn(&CacheUsage) -> u64);
    let gauges: [Gauge; 3] = [
        (
            "sss_memory_cache_entries",
            "Entries of an in-process cache.",
            |u| u.entries,
        ),
        (
            "sss_memory_cache_bytes",
            "Bytes of an in-process cache: keys, values and a fixed overhead per entry.",
            |u| u.bytes,
        ),
        (
            "sss_memory_cache_max_bytes",
            "The byte budget of an in-process cache.",
            |u| u.max_bytes,
        ),
    ];
    if !caches.is_empty() {
        for (name, help, value) in gauges {
            header(out, name, "gauge", help);
            for (cache, usage) in &caches {
                sample(out, name, &format!("cache=\"{cache}\""), value(usage));
            }
        }
    }
    header(
        out,
        "sss_searches_in_flight",
        "gauge",
        "Searches waiting on a fill in this api (one entry per query key).",
    );
    sample(out, "sss_searches_in_flight", "", engine.in_flight() as u64);
}
