//! The poller's metrics: upstream calls and latency, fills by source, the write-behind queue.

use sss_core::metrics::{header, sample};
use sss_core::service::Poller;
use sss_core::store::StoreUsage;

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
    header(
        out,
        "sss_write_queue_bytes",
        "gauge",
        "Bytes of the store writes queued or in progress (their JSON).",
    );
    sample(out, "sss_write_queue_bytes", "", poller.writer().bytes());
    header(
        out,
        "sss_write_queue_max_bytes",
        "gauge",
        "The byte budget of the write queue; past it, answers are not stored (dropped).",
    );
    sample(
        out,
        "sss_write_queue_max_bytes",
        "",
        poller.writer().max_bytes(),
    );
    header(
        out,
        "sss_fills_in_flight",
        "gauge",
        "Fills running in this poller (one entry per query key).",
    );
    sample(out, "sss_fills_in_flight", "", poller.in_flight() as u64);
    if let Some(usage) = poller.store().usage() {
        render_store_usage(&usage, out);
    }
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

/// Writes what the embedded store holds.
fn render_store_usage(u: &StoreUsage, out: &mut String) {
    let name = "sss_store_entries";
    header(
        out,
        name,
        "gauge",
        "Entries of the embedded store, by kind.",
    );
    sample(out, name, "kind=\"products\"", u.products);
    sample(out, name, "kind=\"searches\"", u.searches);
    let gauges = [
        (
            "sss_store_bytes",
            "Bytes of the embedded store's entries: keys, values and a fixed overhead each.",
            u.bytes,
        ),
        (
            "sss_store_max_bytes",
            "The byte budget of the embedded store; past it the oldest entries are removed.",
            u.max_bytes,
        ),
        (
            "sss_store_file_bytes",
            "The size of the embedded store's file.",
            u.file_bytes,
        ),
        (
            "sss_store_cache_bytes",
            "Memory of the embedded store's page cache.",
            u.cache_bytes,
        ),
        (
            "sss_store_cache_max_bytes",
            "The byte budget of the embedded store's page cache.",
            u.max_cache_bytes,
        ),
    ];
    for (name, help, value) in gauges {
        header(out, name, "gauge", help);
        sample(out, name, "", value);
    }
    header(
        out,
        "sss_store_evictions_total",
        "counter",
        "Entries the embedded store removed to stay within its budget.",
    );
    sample(out, "sss_store_evictions_total", "", u.evictions);
}
