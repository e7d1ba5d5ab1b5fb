//! The `catalog` role's settings: a flag and an `SSS_*` variable each.

use std::fmt;
use std::net::SocketAddr;
use std::time::Duration;

/// The longest injectable delay, in milliseconds.
pub const MAX_LATENCY_MS: u64 = 60_000;

/// Settings of the `catalog` role.
#[derive(Clone, clap::Args)]
pub struct CatalogArgs {
    /// Address to listen on.
    #[arg(long, env = "SSS_LISTEN", default_value = "127.0.0.1:4000")]
    pub listen: SocketAddr,

    /// Delay added to every upstream API request, in milliseconds (0 to 60000), to imitate a
    /// slow upstream in tests and benchmarks.
    #[arg(long, env = "SSS_LATENCY_MS", default_value_t = 0,
          value_parser = clap::value_parser!(u64).range(0..=MAX_LATENCY_MS))]
    pub latency_ms: u64,

    /// Fraction of upstream API requests answered 503 in ShopStyle's error shape (0.0 to 1.0),
    /// to imitate a failing upstream.
    #[arg(long, env = "SSS_FAIL_RATE", default_value_t = 0.0, value_parser = parse_fail_rate)]
    pub fail_rate: f64,

    /// The only partner id (`pid`) accepted; without it any non-empty `pid` is.
    #[arg(long = "pid", env = "SSS_CATALOG_PID")]
    pub pid: Option<String>,

    #[command(flatten)]
    pub http: crate::common::HttpArgs,
}

impl Default for CatalogArgs {
    fn default() -> Self {
        CatalogArgs {
            listen: SocketAddr::from(([127, 0, 0, 1], 4000)),
            latency_ms: 0,
            fail_rate: 0.0,
            pid: None,
            http: crate::common::HttpArgs::default(),
        }
    }
}

impl fmt::Debug for CatalogArgs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CatalogArgs")
            .field("listen", &self.listen)
            .field("latency_ms", &self.latency_ms)
            .field("fail_rate", &self.fail_rate)
            .field("pid", &self.pid.as_ref().map(|_| "<redacted>"))
            .field("http", &self.http)
            .finish()
    }
}

fn parse_fail_rate(s: &str) -> Result<f64, String> {
    let v: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("{s:?} is not a number; allowed: 0.0 to 1.0"))?;
    check_fail_rate(v)
}

fn check_fail_rate(v: f64) -> Result<f64, String> {
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{v} is out of range; allowed: 0.0 to 1.0"))
    }
}

impl CatalogArgs {
    /// Checks settings made without the command line; the error names the setting to fix.
    pub fn validate(&self) -> anyhow::Result<()> {
        if self.latency_ms > MAX_LATENCY_MS {
            anyhow::bail!(
                "--latency-ms (SSS_LATENCY_MS) {} is out of range; allowed: 0 to {MAX_LATENCY_MS}",
                self.latency_ms
            );
        }
        check_fail_rate(self.fail_rate)
            .map_err(|e| anyhow::anyhow!("--fail-rate (SSS_FAIL_RATE) {e}"))?;
        if let Some(pid) = &self.pid {
            let len = pid.len();
            if pid.trim().is_empty() || len > super::params::MAX_PID_BYTES {
                anyhow::bail!(
                    "--pid (SSS_CATALOG_PID) must be 1 to {} bytes and not blank",
                    super::params::MAX_PID_BYTES
                );
            }
        }
        Ok(())
    }

    /// The injected delay.
    pub fn latency(&self) -> Duration {
        Duration::from_millis(self.latency_ms)
    }
}
