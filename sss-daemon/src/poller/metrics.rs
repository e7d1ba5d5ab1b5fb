//! The poller's metrics: upstream calls and latency, fills by source, the write-behind queue.

use sss_core::metrics::{header, sample};
use sss_core::service::Poller;

/// Writes the poller's metrics.
pub fn render_metrics(poller: &Poller, out: &mut String) {
    let m = poller.metrics();
    header(
        out,
        "sss_upstream_requests_total",
        "counter",
        "Calls to the upstream, by outcome (rejected: it refused what a client sent).",
    );
    let calls = m.upstream_calls.get();
    let errors = m.upstream_errors.get();
    let rejected = m.upstream_rejections.get();
    sample(
        out,
        "sss_upstream_requests_total",
        "outcome=\"ok\"",
        calls.saturating_sub(errors).saturating_sub(rejected),
    );
    sample(
        out,
        "sss_upstream_requests_total",
        "outcome=\"error\"",
        errors,
    );
    // A request the upstream refused as bad (what a client sent), not an upstream failure.
    sample(
        out,
        "sss_upstream_requests_total",
        "outcome=\"rejected\"",
        rejected,
    );
    header(
        out,
        "sss_upstream_duration_seconds",
        "histogram",
        "Upstream search latency.",
    );
    m.upstream_latency
        .render(out, "sss_upstream_duration_seconds", "");
    let name = "sss_fills_total";
    header(
        out,
        name,
        "counter",
        "Cache fills by where the page came from.",
    );
    sample(out, name, "source=\"upstream\"", m.fills_upstream.get());
    sample(out, name, "source=\"cache\"", m.fills_cache.get());
    sample(out, name, "source=\"store\"", m.fills_store.get());
    sample(out, name, "source=\"stale\"", m.fills_stale.get());
    header(
        out,
        "sss_fill_lock_waits_total",
        "counter",
        "Fills that waited on another process's lock.",
    );
    sample(out, "sss_fill_lock_waits_total", "", m.lock_waits.get());
    header(
        out,
        "sss_poller_cache_errors_total",
        "counter",
        "Shared cache operations that failed.",
    );
    sample(
        out,
        "sss_poller_cache_errors_total",
        "",
        m.cache_errors.get(),
    );
    header(
        out,
        "sss_store_read_errors_total",
        "counter",
        "Store reads that failed.",
    );
    sample(out, "sss_store_read_errors_total", "", m.store_errors.get());

    let w = &poller.writer().metrics;
    header(
        out,
        "sss_write_queue_depth",
        "gauge",
        "Store writes queued or in progress.",
    );
    sample(out, "sss_write_queue_depth", "", poller.writer().depth());
    let name = "sss_store_writes_total";
    header(
        out,
        name,
        "counter",
        "Write-behind jobs by outcome (dropped: queue full; failed: given up).",
    );
    sample(out, name, "outcome=\"written\"", w.written.get());
    sample(out, name, "outcome=\"retried\"", w.retries.get());
    sample(out, name, "outcome=\"failed\"", w.failed.get());
    sample(out, name, "outcome=\"dropped\"", w.dropped.get());
    header(
        out,
        "sss_store_products_written_total",
        "counter",
        "Products written to the store.",
    );
    sample(
        out,
        "sss_store_products_written_total",
        "",
        w.products_written.get(),
    );
}
