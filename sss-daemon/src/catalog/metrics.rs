//! Counters of the catalog service.

use prometheus_client::metrics::gauge::Gauge;
use sss_core::metrics::{Counter, CounterFamily, Registry, child};

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
    /// `GET /api/v2/products/histogram`.
    Histogram,
    /// `GET /api/v2/priceFilters`.
    PriceFilters,
    /// `GET /api/v2/suggest` (the catalog's extension).
    Suggest,
}

impl Endpoint {
    /// Every endpoint, in `/metrics` order.
    pub const ALL: [Endpoint; 9] = [
        Endpoint::Products,
        Endpoint::Product,
        Endpoint::Categories,
        Endpoint::Brands,
        Endpoint::Retailers,
        Endpoint::Colors,
        Endpoint::Histogram,
        Endpoint::PriceFilters,
        Endpoint::Suggest,
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
            Endpoint::Histogram => "histogram",
            Endpoint::PriceFilters => "priceFilters",
            Endpoint::Suggest => "suggest",
        }
    }
}

/// The catalog's metrics and its registry.
#[derive(Debug)]
pub struct Metrics {
    requests: [Counter; Endpoint::ALL.len()],
    injected_failures: Counter,
    registry: Registry,
}

impl Metrics {
    /// Counters at zero, for a catalog of `products` products.
    pub fn new(products: usize) -> Self {
        let mut registry = Registry::default();
        let by_endpoint = CounterFamily::default();
        let requests = Endpoint::ALL.map(|e| child(&by_endpoint, "endpoint", e.label()));
        registry.register(
            "sss_catalog_requests",
            "Upstream API requests served, by endpoint",
            by_endpoint,
        );
        let injected_failures = Counter::default();
        registry.register(
            "sss_catalog_injected_failures",
            "API requests answered 503 by --fail-rate",
            injected_failures.clone(),
        );
        let size: Gauge = Gauge::default();
        size.set(i64::try_from(products).unwrap_or(i64::MAX));
        registry.register("sss_catalog_products", "Products in the catalog", size);
        Metrics {
            requests,
            injected_failures,
            registry,
        }
    }

    /// Counts one API request to `e`.
    pub fn request(&self, e: Endpoint) {
        self.requests[e as usize].inc();
    }

    /// Counts one failure injected by `--fail-rate`.
    pub fn injected_failure(&self) {
        self.injected_failures.inc();
    }

    /// The registry `/metrics` writes out.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }
}
