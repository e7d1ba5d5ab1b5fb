//! The poller's metrics: upstream calls and latency, fills by source, the write-behind queue and
//! the embedded store.

use std::fmt;

use prometheus_client::encoding::DescriptorEncoder;
use sss_core::metrics::{Collector, Registry, Scrape};
use sss_core::service::Poller;

/// Registers the poller's counters and its scrape-time gauges in `registry` (the poller's own,
/// or the api's in the `serve` role, where both run in one process).
pub fn register_metrics(poller: &Poller, registry: &mut Registry) {
    poller.metrics().register(registry);
    poller.writer().metrics.register(registry);
    registry.register_collector(Box::new(PollerGauges(poller.clone())));
}

/// The write queue, the fills in flight and the embedded store's usage, read at each scrape.
#[derive(Debug)]
struct PollerGauges(Poller);

impl Collector for PollerGauges {
    fn encode(&self, encoder: DescriptorEncoder) -> fmt::Result {
        let poller = &self.0;
        let writer = poller.writer();
        let mut scrape = Scrape::new(encoder);
        scrape.gauge(
            "sss_write_queue_depth",
            "Store writes queued or in progress",
            writer.depth(),
        )?;
        scrape.gauge(
            "sss_write_queue_bytes",
            "Bytes of the store writes queued or in progress (their JSON)",
            writer.bytes(),
        )?;
        scrape.gauge(
            "sss_write_queue_max_bytes",
            "The byte budget of the write queue; past it, answers are not stored (dropped)",
            writer.max_bytes(),
        )?;
        scrape.gauge(
            "sss_fills_in_flight",
            "Fills running in this poller (one entry per query key)",
            poller.in_flight() as u64,
        )?;
        let Some(u) = poller.store().usage() else {
            return Ok(());
        };
        scrape.gauges(
            "sss_store_entries",
            "Entries of the embedded store, by kind",
            "kind",
            &[("products", u.products), ("searches", u.searches)],
        )?;
        let gauges = [
            (
                "sss_store_bytes",
                "Bytes of the embedded store's entries: keys, values and a fixed overhead each",
                u.bytes,
            ),
            (
                "sss_store_max_bytes",
                "The byte budget of the embedded store; past it the oldest entries are removed",
                u.max_bytes,
            ),
            (
                "sss_store_file_bytes",
                "The size of the embedded store's file",
                u.file_bytes,
            ),
            (
                "sss_store_cache_bytes",
                "Memory of the embedded store's page cache",
                u.cache_bytes,
            ),
            (
                "sss_store_cache_max_bytes",
                "The byte budget of the embedded store's page cache",
                u.max_cache_bytes,
            ),
        ];
        for (name, help, value) in gauges {
            scrape.gauge(name, help, value)?;
        }
        scrape.counter(
            "sss_store_evictions",
            "Entries the embedded store removed to stay within its budget",
            u.evictions,
        )
    }
}
