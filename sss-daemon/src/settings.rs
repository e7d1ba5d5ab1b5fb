//! Setting groups shared by several roles. Every flag reads an `SSS_*` environment variable too;
//! the doc comments are the `--help` text.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use backon::{ExponentialBuilder, Retryable};
use sss_core::cache::{MemoryCache, RedisCache, SharedCache};
use sss_core::catalog::Catalog;
use sss_core::service::Freshness;
use sss_core::store::{EmbeddedConfig, EmbeddedStore, MongoStore, Store};
use sss_core::upstream::{ShopStyleClient, Upstream, UpstreamConfig};

/// A URL that may hold a password (Redis, MongoDB). `Debug` and `Display` show it with the
/// password replaced, so settings can be logged.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretUrl(String);

impl SecretUrl {
    /// The URL itself, password included: for the client that connects, nothing else.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for SecretUrl {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(SecretUrl(s.to_owned()))
    }
}

impl fmt::Debug for SecretUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.to_string())
    }
}

impl fmt::Display for SecretUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let redacted: Vec<String> = self
            .0
            .split(',')
            .map(sss_core::cache::redact_password)
            .collect();
        f.write_str(&redacted.join(","))
    }
}

/// How long pages are served and how keys are named.
#[derive(Clone, Debug, clap::Args)]
pub struct CacheArgs {
    /// Seconds a page is served as a fresh HIT.
    #[arg(long, env = "SSS_FRESH_TTL", default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..=604_800))]
    pub fresh_ttl: u64,

    /// Seconds a page is still served (as STALE, while it is refreshed, or when the upstream
    /// fails) after its fresh time.
    #[arg(long, env = "SSS_STALE_TTL", default_value_t = 86_400, value_parser = clap::value_parser!(u64).range(0..=2_592_000))]
    pub stale_ttl: u64,

    /// Seconds an empty result is kept.
    #[arg(long, env = "SSS_EMPTY_TTL", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub empty_ttl: u64,

    /// Seconds a list (`/api/v1/brands`, `/retailers`, `/colors`) is served as a fresh HIT:
    /// lists change more slowly than pages.
    #[arg(long, env = "SSS_LIST_TTL", default_value_t = 3600, value_parser = clap::value_parser!(u64).range(1..=604_800))]
    pub list_ttl: u64,

    /// Prefix of every Redis key, so tenants and tests can share one server.
    #[arg(long, env = "SSS_REDIS_PREFIX", default_value = "sss:")]
    pub redis_prefix: String,
}

impl CacheArgs {
    /// The engine's freshness settings.
    pub fn freshness(&self) -> Freshness {
        Freshness {
            fresh_ttl: Duration::from_secs(self.fresh_ttl),
            stale_ttl: Duration::from_secs(self.stale_ttl),
            empty_ttl: Duration::from_secs(self.empty_ttl),
            list_ttl: Duration::from_secs(self.list_ttl),
            prefix: self.redis_prefix.clone(),
        }
    }
}

/// The in-process cache in front of Redis.
#[derive(Clone, Debug, clap::Args)]
pub struct L1Args {
    /// Bytes of the api's in-process (L1) cache; 0 turns it off.
    #[arg(long, env = "SSS_L1_BYTES", default_value_t = 64 << 20)]
    pub l1_bytes: u64,

    /// Milliseconds a page stays in the L1 cache.
    #[arg(long, env = "SSS_L1_TTL_MS", default_value_t = 2_000, value_parser = clap::value_parser!(u64).range(1..=3_600_000))]
    pub l1_ttl_ms: u64,
}

/// Builds the shared cache: Redis when `url` is given (several comma-separated URLs: a Redis
/// Cluster), else an in-process cache of `memory_bytes`.
pub fn shared_cache(url: Option<&str>, memory_bytes: u64) -> anyhow::Result<Arc<dyn SharedCache>> {
    Ok(match url {
        Some(url) => Arc::new(RedisCache::new(url).context("--redis-url / SSS_REDIS_URL")?),
        None => Arc::new(MemoryCache::new(memory_bytes)),
    })
}

/// The embedded store's settings (the `serve` role without a MongoDB URL).
#[derive(Clone, Debug, clap::Args)]
pub struct EmbeddedStoreArgs {
    /// Folder of the embedded store (`store.redb`), used when no MongoDB URL is given.
    /// Default: `$XDG_DATA_HOME/sss`, else `~/.local/share/sss`, else `.sss-data` in the working
    /// folder.
    #[arg(long, env = "SSS_DATA_DIR")]
    pub data_dir: Option<PathBuf>,

    /// Bytes of products and searches the embedded store keeps on disk; past it the oldest go.
    #[arg(long, env = "SSS_STORE_BYTES", default_value_t = 1 << 30, value_parser = clap::value_parser!(u64).range(1 << 20..))]
    pub store_bytes: u64,

    /// Bytes of memory for the embedded store's page cache.
    #[arg(long, env = "SSS_STORE_CACHE_BYTES", default_value_t = 16 << 20, value_parser = clap::value_parser!(u64).range(0..=1 << 40))]
    pub store_cache_bytes: u64,
}

impl EmbeddedStoreArgs {
    /// The data folder: `--data-dir`, else the default.
    pub fn data_dir(&self) -> PathBuf {
        self.data_dir.clone().unwrap_or_else(default_data_dir)
    }
}

/// `$XDG_DATA_HOME/sss`, else `~/.local/share/sss`, else `.sss-data` (the working folder).
pub fn default_data_dir() -> PathBuf {
    let non_empty = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    non_empty("XDG_DATA_HOME")
        .map(|d| PathBuf::from(d).join("sss"))
        .or_else(|| non_empty("HOME").map(|h| PathBuf::from(h).join(".local/share/sss")))
        .unwrap_or_else(|| PathBuf::from(".sss-data"))
}

/// Opens the embedded store in `dir`.
pub async fn embedded_store(
    dir: &Path,
    args: &EmbeddedStoreArgs,
) -> anyhow::Result<Arc<dyn Store>> {
    let config = EmbeddedConfig {
        max_bytes: args.store_bytes,
        cache_bytes: usize::try_from(args.store_cache_bytes).unwrap_or(usize::MAX),
    };
    let dir = dir.to_owned();
    let store = tokio::task::spawn_blocking(move || EmbeddedStore::open(&dir, config))
        .await
        .context("opening the embedded store")?
        .context("--data-dir / SSS_DATA_DIR (or use --mongo-url)")?;
    tracing::info!(path = %store.path().display(), "embedded store open");
    Ok(Arc::new(store))
}

/// The MongoDB store on `url`, database `db`. Index creation runs in the background until
/// MongoDB answers.
pub async fn mongo_store(url: &str, db: &str) -> anyhow::Result<Arc<dyn Store>> {
    if db.is_empty() || db.contains(['/', '\\', '.', ' ', '"', '$']) {
        anyhow::bail!("--mongo-db / SSS_MONGO_DB: {db:?} is not a valid database name");
    }
    let mongo = Arc::new(
        MongoStore::new(url, db)
            .await
            .context("--mongo-url / SSS_MONGO_URL")?,
    );
    let indexes = Arc::clone(&mongo);
    tokio::spawn(async move {
        // 200 ms doubling to 10 s, for as long as it takes MongoDB to answer.
        let policy = ExponentialBuilder::new()
            .with_min_delay(Duration::from_millis(200))
            .with_max_delay(Duration::from_secs(10))
            .with_factor(2.0)
            .without_max_times();
        let created = (|| indexes.ensure_indexes())
            .retry(policy)
            .notify(|e, _delay| {
                tracing::warn!(error = %e, "MongoDB indexes not created yet; retrying");
            })
            .await;
        match created {
            Ok(()) => tracing::info!("MongoDB indexes ready"),
            // Only once the backoff runs out, after `usize::MAX` attempts.
            Err(e) => tracing::error!(error = %e, "MongoDB indexes not created; given up"),
        }
    });
    Ok(mongo)
}

/// Where products come from: the ShopStyle API (or anything speaking it, such as the catalog
/// service), or the bundled catalog in-process when no URL is given.
#[derive(Clone, clap::Args)]
pub struct UpstreamArgs {
    /// The upstream API base ending in `/api/v2` (`https://api.shopstyle.com/api/v2`, or a
    /// catalog service). Without it, the bundled catalog answers in-process.
    #[arg(long, env = "SSS_UPSTREAM_URL")]
    pub upstream_url: Option<String>,

    /// The ShopStyle partner id (`pid`) sent with every upstream call. Kept out of logs.
    #[arg(
        long,
        env = "SSS_SHOPSTYLE_PID",
        hide_env_values = true,
        default_value = "sss"
    )]
    pub shopstyle_pid: String,

    /// Milliseconds one upstream call may take.
    #[arg(long, env = "SSS_UPSTREAM_TIMEOUT_MS", default_value_t = 5_000, value_parser = clap::value_parser!(u64).range(10..=120_000))]
    pub upstream_timeout_ms: u64,

    /// Retries of a failed idempotent upstream call (timeouts, 5xx, 429), with backoff.
    #[arg(long, env = "SSS_UPSTREAM_RETRIES", default_value_t = 2, value_parser = clap::value_parser!(u32).range(0..=10))]
    pub upstream_retries: u32,

    /// Upstream calls allowed per minute (ShopStyle allows 750).
    #[arg(long, env = "SSS_UPSTREAM_RATE_LIMIT", default_value_t = 750, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub upstream_rate_limit: u32,
}

impl fmt::Debug for UpstreamArgs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UpstreamArgs")
            .field("upstream_url", &self.upstream_url)
            .field("shopstyle_pid", &"<redacted>")
            .field("upstream_timeout_ms", &self.upstream_timeout_ms)
            .field("upstream_retries", &self.upstream_retries)
            .field("upstream_rate_limit", &self.upstream_rate_limit)
            .finish()
    }
}

impl UpstreamArgs {
    /// The upstream these settings name.
    pub fn build(&self) -> anyhow::Result<Arc<dyn Upstream>> {
        let Some(url) = &self.upstream_url else {
            let catalog = Arc::new(bundled_catalog()?);
            prepare_in_background(Arc::clone(&catalog));
            return Ok(catalog);
        };
        let mut config = UpstreamConfig::new(url.clone(), self.shopstyle_pid.clone());
        config.timeout = Duration::from_millis(self.upstream_timeout_ms);
        config.max_retries = self.upstream_retries;
        config.rate_limit_per_minute = self.upstream_rate_limit;
        let client = ShopStyleClient::new(config)
            .context("--upstream-url / --shopstyle-pid / SSS_UPSTREAM_* settings")?;
        Ok(Arc::new(client))
    }
}

/// Builds the catalog's typo and suggestion indexes on a thread of their own, so that neither
/// start-up nor the first misspelled search or suggestion pays for them.
pub fn prepare_in_background(catalog: Arc<Catalog>) {
    let spawned = std::thread::Builder::new()
        .name("catalog-prepare".into())
        .spawn(move || {
            let took = catalog.prepare();
            tracing::info!(
                elapsed_ms = took.as_millis() as u64,
                "catalog typo and suggestion indexes ready"
            );
        });
    if let Err(e) = spawned {
        tracing::warn!(error = %e, "could not start the indexing thread; the first use builds them");
    }
}

/// The catalog over the bundled data, timed (it is built once per process).
pub fn bundled_catalog() -> anyhow::Result<Catalog> {
    let started = std::time::Instant::now();
    let catalog = Catalog::bundled().context("building the bundled catalog")?;
    tracing::info!(
        elapsed_ms = started.elapsed().as_millis() as u64,
        "bundled catalog ready"
    );
    Ok(catalog)
}
