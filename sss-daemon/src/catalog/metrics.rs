//! Counters of the catalog service, in Prometheus text.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};

/// The upstream API endpoints, as `/metrics` labels them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endpoint {
    /// `GET /api/v2/products`.
    Products,
    /// `GET /api/v2/products/{id}`.
    Product,
    /// `GET /api/v2/categories`.
    Categories,
    /// `GET /api/v2/brands`.
    Brands,
    /// `GET /api/v2/retailers`.
    Retailers,
    /// `GET /api/v2/colors`.
    Colors,
}

impl Endpoint {
    /// Every endpoint, in `/metrics` order.
    pub const ALL: [Endpoint; 6] = [
        Endpoint::Products,
        Endpoint::Product,
        Endpoint::Categories,
        Endpoint::Brands,
        Endpoint::Retailers,
        Endpoint::Colors,
    ];

    /// The label value.
    pub fn label(self) -> &'static str {
        match self {
            Endpoint::Products => "products",
            Endpoint::Product => "product",
            Endpoint::Categories => "categories",
            Endpoint::Brands => "brands",
            Endpoint::Retailers => "retailers",
            Endpoint::Colors => "colors",
        }
    }
}

/// Request counters.
#[derive(Debug, Default)]
pub struct Metrics {
    requests: [AtomicU64; 6],
    injected_failures: AtomicU64,
}

impl Metrics {
    /// Counts one API request to `e`.
    pub fn request(&self, e: Endpoint) {
        self.requests[e as usize].fetch_add(1, Ordering::Relaxed);
    }

    /// Counts one failure injected by `--fail-rate`.
    pub fn injected_failure(&self) {
        self.injected_failures.fetch_add(1, Ordering::Relaxed);
    }

    /// How many API requests `e` has served.
    pub fn requests(&self, e: Endpoint) -> u64 {
        self.requests[e as usize].load(Ordering::Relaxed)
    }

    /// The Prometheus text exposition.
    pub fn render(&self, products: usize) -> String {
        let mut s = String::new();
        s.push_str(
            "# HELP sss_catalog_requests_total Upstream API requests served, by endpoint.\n\
             # TYPE sss_catalog_requests_total counter\n",
        );
        for e in Endpoint::ALL {
            let _ = writeln!(
                s,
                "sss_catalog_requests_total{{endpoint=\"{}\"}} {}",
                e.label(),
                self.requests(e)
            );
        }
        let _ = write!(
            s,
            "# HELP sss_catalog_injected_failures_total API requests answered 503 by --fail-rate.\n\
             # TYPE sss_catalog_injected_failures_total counter\n\
             sss_catalog_injected_failures_total {}\n\
             # HELP sss_catalog_products Products in the catalog.\n\
             # TYPE sss_catalog_products gauge\n\
             sss_catalog_products {products}\n",
            self.injected_failures.load(Ordering::Relaxed)
        );
        s
    }
}
