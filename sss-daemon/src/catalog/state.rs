//! The catalog service's shared state.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use sss_core::catalog::Catalog;

use super::args::CatalogArgs;
use super::metrics::Metrics;

/// What every handler shares: the catalog, the settings, the counters.
#[derive(Clone, Debug)]
pub struct CatalogState(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    catalog: Arc<Catalog>,
    latency: Duration,
    fail_rate: f64,
    pid: Option<String>,
    metrics: Metrics,
    rng: AtomicU64,
}

impl CatalogState {
    /// State over `catalog` with `args`' latency, fail rate and partner id.
    pub fn new(catalog: Arc<Catalog>, args: &CatalogArgs) -> anyhow::Result<CatalogState> {
        args.validate()?;
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        Ok(CatalogState(Arc::new(Inner {
            metrics: Metrics::new(catalog.len()),
            catalog,
            latency: args.latency(),
            fail_rate: args.fail_rate,
            pid: args.pid.clone(),
            rng: AtomicU64::new(seed),
        })))
    }

    /// The catalog.
    pub fn catalog(&self) -> &Catalog {
        &self.0.catalog
    }

    /// The counters.
    pub fn metrics(&self) -> &Metrics {
        &self.0.metrics
    }

    /// The delay added to every API request.
    pub fn latency(&self) -> Duration {
        self.0.latency
    }

    /// Whether this request should fail (`--fail-rate`).
    pub fn should_fail(&self) -> bool {
        let r = self.0.fail_rate;
        let sample = (self.next_random() >> 11) as f64 / ((1u64 << 53) as f64);
        r > 0.0 && (r >= 1.0 || sample < r)
    }

    /// Whether `pid` is accepted: non-empty, bounded, and the configured one when set.
    pub fn pid_ok(&self, pid: &str) -> bool {
        match &self.0.pid {
            Some(want) => pid == want,
            None => pid.len() <= super::params::MAX_PID_BYTES,
        }
    }

    /// A fresh `errorId`.
    pub fn error_id(&self) -> String {
        format!("{:016x}", self.next_random())
    }

    /// splitmix64 over a shared counter: cheap, lock-free, good enough for sampling.
    fn next_random(&self) -> u64 {
        let mut z = self
            .0
            .rng
            .fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed)
            .wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}
