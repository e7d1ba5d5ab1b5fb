//! The `catalog` role: the offline ShopStyle API v2-compatible service over the bundled real
//! product data ([`sss_core::catalog::Catalog`]).
//!
//! It needs a `pid` like the real API (any non-empty one unless `--pid` sets it), answers bad
//! input with ShopStyle's error body (never an extractor rejection), and for tests and
//! benchmarks can add latency (`--latency-ms`) and fail a share of requests with 503
//! (`--fail-rate`). `/metrics` counts the API requests it served by endpoint
//! (`sss_catalog_requests_total`).

mod args;
mod handlers;
mod metrics;
mod params;
mod reply;
mod router;
mod state;

use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use sss_core::catalog::Catalog;

pub use crate::query_string::MAX_PARAMS;
pub use args::{CatalogArgs, MAX_LATENCY_MS};
pub use metrics::{Endpoint, Metrics};
pub use params::{MAX_PID_BYTES, MAX_QUERY_BYTES};
pub use router::router;
pub use state::CatalogState;

/// Builds the bundled catalog, then serves it on `--listen` until SIGINT or SIGTERM.
pub async fn run(args: CatalogArgs) -> anyhow::Result<()> {
    args.validate()?;
    let started = Instant::now();
    let catalog = tokio::task::spawn_blocking(Catalog::bundled)
        .await
        .context("building the bundled catalog")?
        .context("building the bundled catalog")?;
    tracing::info!(
        products = catalog.len(),
        categories = catalog.category_count(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "catalog built"
    );
    let catalog = Arc::new(catalog);
    crate::settings::prepare_in_background(Arc::clone(&catalog));
    let state = CatalogState::new(catalog, &args)?;
    let listener = crate::common::bind(args.listen, "--listen (SSS_LISTEN)").await?;
    tracing::info!(
        addr = %listener.local_addr().context("reading the listen address")?,
        latency_ms = args.latency_ms,
        fail_rate = args.fail_rate,
        pid_required = args.pid.is_some(),
        "catalog listening"
    );
    crate::common::serve(
        listener,
        router(state),
        &args.http,
        crate::common::shutdown_signal(),
    )
    .await
}
