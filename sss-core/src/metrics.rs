//! Metrics: prometheus-client's types, the latency buckets every service uses, and the text
//! every `/metrics` answers with.
//!
//! Each process builds one [`Registry`] at start-up. The engine, poller and write queue own
//! their counters and register clones of them (a counter is a shared atomic, so the hot path
//! adds to it directly, with no lookup). Values that are read rather than counted (queue depth,
//! cache bytes) are gauges read at scrape time by a [`Collector`], written with [`Scrape`].
//! Labels are fixed at compile time (route templates, tiers, outcomes), never raw input.

use std::fmt;
use std::time::Duration;

use prometheus_client::encoding::{DescriptorEncoder, EncodeMetric, MetricEncoder};
use prometheus_client::metrics::MetricType;
use prometheus_client::metrics::counter::ConstCounter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::ConstGauge;
use prometheus_client::metrics::histogram::Histogram;

pub use prometheus_client::collector::Collector;
pub use prometheus_client::metrics::counter::Counter;
pub use prometheus_client::registry::{Registry, Unit};

/// The `Content-Type` of [`render`]'s text.
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// Upper bounds of the latency buckets, in seconds.
pub const LATENCY_BUCKETS: [f64; 14] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// One label, as families of counters are keyed here: a fixed name and a fixed value.
pub type Label = [(&'static str, &'static str); 1];

/// A family of counters with one label.
pub type CounterFamily = Family<Label, Counter>;

/// A latency histogram with the buckets of [`LATENCY_BUCKETS`].
fn latency_histogram() -> Histogram {
    Histogram::new(LATENCY_BUCKETS)
}

/// A family of latency histograms with one label.
pub type LatencyFamily = Family<Label, Histogram, fn() -> Histogram>;

/// An empty [`LatencyFamily`].
pub fn latency_family() -> LatencyFamily {
    Family::new_with_constructor(latency_histogram)
}

/// A latency histogram that can sit in a `#[derive(Default)]` struct (prometheus-client's own
/// [`Histogram`] has no default buckets).
#[derive(Clone, Debug)]
pub struct Latency(Histogram);

impl Default for Latency {
    fn default() -> Self {
        Latency(latency_histogram())
    }
}

impl Latency {
    /// Records one observation.
    pub fn observe(&self, d: Duration) {
        self.0.observe(d.as_secs_f64());
    }

    /// The histogram, to register (a clone shares the same buckets).
    pub fn histogram(&self) -> Histogram {
        self.0.clone()
    }
}

/// The counter of `family` labelled `name="value"`, created now: the caller keeps it and adds
/// to it without a lookup, and the family renders it.
pub fn child(family: &CounterFamily, name: &'static str, value: &'static str) -> Counter {
    family.get_or_create_owned(&[(name, value)])
}

/// Registers counters without labels: `(name without _total, help, counter)` each.
pub fn register_counters(registry: &mut Registry, counters: &[(&str, &str, &Counter)]) {
    for (name, help, counter) in counters {
        registry.register(*name, *help, (*counter).clone());
    }
}

/// The registry's text, in the OpenMetrics format (`# EOF` last).
pub fn render(registry: &Registry) -> String {
    let mut out = String::with_capacity(8192);
    if let Err(e) = prometheus_client::encoding::text::encode(&mut out, registry) {
        // Writing into a String does not fail; a metric that could not encode itself did.
        tracing::error!(error = %e, "metrics text could not be written in full");
    }
    out
}

/// Writes gauges read at scrape time, inside a [`Collector`].
#[derive(Debug)]
pub struct Scrape<'a>(DescriptorEncoder<'a>);

impl<'a> Scrape<'a> {
    /// Wraps a collector's encoder.
    pub fn new(encoder: DescriptorEncoder<'a>) -> Self {
        Scrape(encoder)
    }

    /// One gauge without labels. `help` is a sentence without its full stop (as for
    /// [`Registry::register`], which adds it).
    pub fn gauge(&mut self, name: &str, help: &str, value: u64) -> fmt::Result {
        self.one(name, help, ConstGauge::new(value))
    }

    /// One counter kept elsewhere (by a store, say), without labels; `_total` is added to
    /// `name`.
    pub fn counter(&mut self, name: &str, help: &str, value: u64) -> fmt::Result {
        self.one(name, help, ConstCounter::new(value))
    }

    fn one(&mut self, name: &str, help: &str, metric: impl EncodeMetric) -> fmt::Result {
        metric.encode(self.descriptor(name, help, metric.metric_type())?)
    }

    /// The `# HELP` and `# TYPE` lines; `help` gets its full stop here.
    fn descriptor<'s>(
        &'s mut self,
        name: &'s str,
        help: &str,
        metric_type: MetricType,
    ) -> Result<MetricEncoder<'s>, fmt::Error> {
        self.0
            .encode_descriptor(name, &format!("{help}."), None, metric_type)
    }

    /// One gauge with a value per label value: `name{label="a"} 1`.
    pub fn gauges(
        &mut self,
        name: &str,
        help: &str,
        label: &'static str,
        values: &[(&'static str, u64)],
    ) -> fmt::Result {
        let mut encoder = self.descriptor(name, help, MetricType::Gauge)?;
        for (value_of_label, value) in values {
            let labels = [(label, *value_of_label)];
            ConstGauge::new(*value).encode(encoder.encode_family(&labels)?)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_renders_cumulative_buckets() {
        let mut registry = Registry::default();
        let family = latency_family();
        registry.register_with_unit("x", "Latency", Unit::Seconds, family.clone());
        let h = family.get_or_create_owned(&[("tier", "a")]);
        h.observe(Duration::from_micros(300).as_secs_f64());
        h.observe(Duration::from_millis(30).as_secs_f64());
        let out = render(&registry);
        assert!(
            out.contains("x_seconds_bucket{le=\"0.0005\",tier=\"a\"} 1"),
            "{out}"
        );
        assert!(
            out.contains("x_seconds_bucket{le=\"0.05\",tier=\"a\"} 2"),
            "{out}"
        );
        assert!(out.contains("x_seconds_count{tier=\"a\"} 2"), "{out}");
        assert!(out.ends_with("# EOF\n"), "{out}");
    }

    #[test]
    fn children_share_the_family_counter() {
        let mut registry = Registry::default();
        let family = CounterFamily::default();
        registry.register("y", "Things by kind", family.clone());
        let a = child(&family, "kind", "a");
        a.inc();
        a.inc_by(2);
        child(&family, "kind", "b");
        let out = render(&registry);
        assert!(out.contains("# TYPE y counter"), "{out}");
        assert!(out.contains("y_total{kind=\"a\"} 3"), "{out}");
        assert!(out.contains("y_total{kind=\"b\"} 0"), "{out}");
    }

    #[derive(Debug)]
    struct Fixed;

    impl Collector for Fixed {
        fn encode(&self, encoder: DescriptorEncoder) -> fmt::Result {
            let mut scrape = Scrape::new(encoder);
            scrape.gauge("depth", "Jobs queued", 4)?;
            scrape.counter("removed", "Entries removed", 7)?;
            scrape.gauges("entries", "Entries by kind", "kind", &[("p", 1), ("s", 2)])
        }
    }

    #[test]
    fn scrape_writes_gauges_with_and_without_labels() {
        let mut registry = Registry::default();
        registry.register_collector(Box::new(Fixed));
        let out = render(&registry);
        assert!(
            out.contains("# HELP depth Jobs queued.\n# TYPE depth gauge\ndepth 4\n"),
            "{out}"
        );
        assert!(
            out.contains("# TYPE removed counter\nremoved_total 7\n"),
            "{out}"
        );
        assert!(
            out.contains("entries{kind=\"p\"} 1\nentries{kind=\"s\"} 2\n"),
            "{out}"
        );
    }
}
