//! The `api` role: the public API v1 (README.md, "API"; the schema at `/api/openapi.json`) over the cache-aside [`Engine`].
//!
//! `router(state)` is the whole HTTP surface; `run(args)` wires Redis and the poller from the
//! command line and serves it. The `serve` role builds the same router over in-process parts.

mod categories;
mod cors;
pub(crate) mod encoding;
mod handlers;
mod metrics;
mod openapi;
mod query;
mod router;
mod schema;
mod state;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use sss_core::service::{Engine, EngineConfig, HttpFiller};

pub use categories::CategoryIndex;
pub use cors::CorsOrigins;
pub use metrics::ApiMetrics;
pub use router::{router, router_with, router_with_fallback};
pub use state::{AppState, Inner};

use crate::settings::{CacheArgs, L1Args, SecretUrl};

/// Settings of the `api` role.
#[derive(Debug, clap::Args)]
pub struct ApiArgs {
    /// Address to listen on.
    #[arg(long, env = "SSS_LISTEN", default_value = "127.0.0.1:5000")]
    pub listen: SocketAddr,

    /// Redis URL (`redis://host:6379/0`); several comma-separated URLs use a Redis Cluster.
    #[arg(long, env = "SSS_REDIS_URL", hide_env_values = true)]
    pub redis_url: SecretUrl,

    /// The poller's base URL, asked on a miss (`http://127.0.0.1:3000`).
    #[arg(long, env = "SSS_POLLER_URL")]
    pub poller_url: String,

    /// Milliseconds a miss may wait for the poller.
    #[arg(long, env = "SSS_POLLER_TIMEOUT_MS", default_value_t = 30_000, value_parser = clap::value_parser!(u64).range(100..=600_000))]
    pub poller_timeout_ms: u64,

    #[command(flatten)]
    pub cache: CacheArgs,

    #[command(flatten)]
    pub l1: L1Args,

    /// Origins allowed to call the API from a browser (CORS): `*` for any (the API is GET-only
    /// and uses no credentials), a comma-separated list of origins
    /// (`https://shop.example,http://localhost:5173`), or empty for none.
    #[arg(long, env = "SSS_CORS_ORIGINS", default_value = "*")]
    pub cors_origins: CorsOrigins,

    #[command(flatten)]
    pub http: crate::common::HttpArgs,
}

/// The api state these settings describe.
pub fn from_args(args: &ApiArgs) -> anyhow::Result<AppState> {
    let shared = crate::settings::shared_cache(Some(args.redis_url.expose()), 0)?;
    let filler = HttpFiller::new(
        &args.poller_url,
        Duration::from_millis(args.poller_timeout_ms),
    )
    .map_err(|e| anyhow::anyhow!("--poller-url / SSS_POLLER_URL: {e}"))?;
    let config = EngineConfig {
        freshness: args.cache.freshness(),
        l1_bytes: args.l1.l1_bytes,
        l1_ttl: Duration::from_millis(args.l1.l1_ttl_ms),
    };
    let engine = Engine::new(Arc::clone(&shared), Arc::new(filler), config);
    let state = AppState::new(engine, shared, None);
    state.refresh_categories_every(Duration::from_secs(args.cache.fresh_ttl));
    Ok(state)
}

/// Runs the api until a shutdown signal.
pub async fn run(args: ApiArgs) -> anyhow::Result<()> {
    let state = from_args(&args)?;
    let listener = crate::common::bind(args.listen, "--listen / SSS_LISTEN").await?;
    tracing::info!(addr = %listener.local_addr()?, poller = %args.poller_url, "api listening");
    let router = router_with(state, router::api_fallback(), &args.cors_origins);
    crate::common::serve(
        listener,
        router,
        &args.http,
        crate::common::shutdown_signal(),
    )
    .await
}
