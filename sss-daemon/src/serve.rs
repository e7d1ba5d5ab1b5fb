//! The `serve` role, the default: api + poller + catalog in one process, with the web page.
//!
//! Without flags it needs nothing else: an in-process cache, the embedded store in the data
//! folder, and the bundled catalog as upstream. `--redis-url`, `--mongo-url` and `--upstream-url`
//! swap in the real parts. Everything it keeps in memory has a byte budget (docs/DEPLOYMENT.md,
//! "The embedded default").

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use sss_core::service::{Engine, EngineConfig};

use crate::api::AppState;
use crate::poller::FillArgs;
use crate::settings::{CacheArgs, EmbeddedStoreArgs, L1Args, SecretUrl, UpstreamArgs};

pub mod web;

/// Settings of the `serve` role.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "SSS_LISTEN", default_value = "127.0.0.1:8088")]
    pub listen: SocketAddr,

    /// Redis URL; without it, an in-process cache. Several comma-separated URLs use a Redis
    /// Cluster.
    #[arg(long, env = "SSS_REDIS_URL", hide_env_values = true)]
    pub redis_url: Option<SecretUrl>,

    /// MongoDB URL; without it, the embedded store in the data folder (`--data-dir`).
    #[arg(long, env = "SSS_MONGO_URL", hide_env_values = true)]
    pub mongo_url: Option<SecretUrl>,

    /// MongoDB database name.
    #[arg(long, env = "SSS_MONGO_DB", default_value = "sss")]
    pub mongo_db: String,

    /// Bytes of the in-process cache used when no Redis URL is given (pages and keys, plus a
    /// fixed overhead per entry).
    #[arg(long, env = "SSS_MEMORY_CACHE_BYTES", default_value_t = 32 << 20)]
    pub memory_cache_bytes: u64,

    #[command(flatten)]
    pub embedded: EmbeddedStoreArgs,

    /// A folder to serve the web page from, read at start-up, instead of the page built into
    /// the binary (for working on the page: `--web-dir web` in a checkout).
    #[arg(long, env = "SSS_WEB_DIR", value_name = "DIR")]
    pub web_dir: Option<PathBuf>,

    #[command(flatten)]
    pub upstream: UpstreamArgs,

    #[command(flatten)]
    pub cache: CacheArgs,

    #[command(flatten)]
    pub l1: L1Args,

    #[command(flatten)]
    pub fill: FillArgs,

    /// Origins allowed to call the API from a browser (CORS): `*` for any (the API is GET-only
    /// and uses no credentials), a comma-separated list of origins
    /// (`https://shop.example,http://localhost:5173`), or empty for none.
    #[arg(long, env = "SSS_CORS_ORIGINS", default_value = "*")]
    pub cors_origins: crate::api::CorsOrigins,

    #[command(flatten)]
    pub http: crate::common::HttpArgs,
}

/// The api's state and the whole router for `args`, ready to serve.
pub async fn build(args: &ServeArgs) -> anyhow::Result<(AppState, Router)> {
    let shared = crate::settings::shared_cache(
        args.redis_url.as_ref().map(SecretUrl::expose),
        args.memory_cache_bytes,
    )?;
    // The store first: a data folder in use fails at once, before the catalog is built.
    let store = match &args.mongo_url {
        Some(url) => crate::settings::mongo_store(url.expose(), &args.mongo_db).await?,
        None => crate::settings::embedded_store(&args.embedded.data_dir(), &args.embedded).await?,
    };
    let upstream = args.upstream.build()?;
    let poller = crate::poller::build(
        upstream,
        Arc::clone(&shared),
        store,
        &args.cache,
        &args.fill,
    );
    // With an in-process shared cache, L1 would hold a second copy of the same pages.
    let l1_bytes = if args.redis_url.is_some() {
        args.l1.l1_bytes
    } else {
        0
    };
    let config = EngineConfig {
        freshness: args.cache.freshness(),
        l1_bytes,
        l1_ttl: Duration::from_millis(args.l1.l1_ttl_ms),
    };
    let engine = Engine::new(Arc::clone(&shared), Arc::new(poller.clone()), config);
    let state = AppState::new(engine, shared, Some(poller));
    state.refresh_categories_every(Duration::from_secs(args.cache.fresh_ttl));
    let router = crate::api::router_with(
        state.clone(),
        web::router(args.web_dir.as_deref()),
        &args.cors_origins,
    );
    Ok((state, web::with_security_headers(router)))
}

/// Runs everything in one process until a shutdown signal.
pub async fn run(args: ServeArgs) -> anyhow::Result<()> {
    let (state, router) = build(&args).await?;
    let listener = crate::common::bind(args.listen, "--listen / SSS_LISTEN").await?;
    tracing::info!(
        url = %format!("http://{}/", listener.local_addr()?),
        redis = args.redis_url.is_some(),
        mongodb = args.mongo_url.is_some(),
        upstream = args.upstream.upstream_url.as_deref().unwrap_or("bundled catalog"),
        "sss serving"
    );
    crate::common::serve(
        listener,
        router,
        &args.http,
        crate::common::shutdown_signal(),
    )
    .await?;
    if let Some(poller) = &state.0.poller {
        crate::poller::drain_writes(poller).await;
    }
    Ok(())
}
