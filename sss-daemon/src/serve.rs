//! The `serve` role, the default: api + poller + catalog in one process, with the web page.
//!
//! Without flags it needs nothing else: an in-process cache and store, and the bundled catalog
//! as upstream. `--redis-url`, `--mongo-url` and `--upstream-url` swap in the real parts.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderValue, header};
use sss_core::service::{Engine, EngineConfig};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::api::AppState;
use crate::poller::FillArgs;
use crate::settings::{CacheArgs, L1Args, SecretUrl, UpstreamArgs};

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

    /// MongoDB URL; without it, an in-process store.
    #[arg(long, env = "SSS_MONGO_URL", hide_env_values = true)]
    pub mongo_url: Option<SecretUrl>,

    /// MongoDB database name.
    #[arg(long, env = "SSS_MONGO_DB", default_value = "sss")]
    pub mongo_db: String,

    /// Bytes of the in-process cache used when no Redis URL is given.
    #[arg(long, env = "SSS_MEMORY_CACHE_BYTES", default_value_t = 256 << 20)]
    pub memory_cache_bytes: u64,

    /// The folder of the web page served at `/`.
    #[arg(long, env = "SSS_WEB_DIR", default_value = "web")]
    pub web_dir: PathBuf,

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
    let upstream = args.upstream.build()?;
    let shared = crate::settings::shared_cache(
        args.redis_url.as_ref().map(SecretUrl::expose),
        args.memory_cache_bytes,
    )?;
    let store = crate::settings::store(
        args.mongo_url.as_ref().map(SecretUrl::expose),
        &args.mongo_db,
    )
    .await?;
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
    let router = crate::api::router_with(state.clone(), web(&args.web_dir), &args.cors_origins);
    Ok((state, router))
}

/// Static files from `dir`, revalidated after five minutes.
fn web(dir: &std::path::Path) -> Router {
    if !dir.join("index.html").is_file() {
        tracing::warn!(dir = %dir.display(), "no index.html in the web folder (--web-dir); / will answer 404");
    }
    Router::new().fallback_service(ServeDir::new(dir)).layer(
        SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=300"),
        ),
    )
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

/// Starts `serve` with `args` (the command line after `sss-daemon`; `--listen` is ignored) on a
/// free loopback port, in a runtime on a background thread that lives as long as the process,
/// and returns its address once it listens. For tests of the clients, which need the real
/// daemon without a second binary.
pub fn spawn_in_background(args: &[&str]) -> anyhow::Result<SocketAddr> {
    use clap::Parser;
    let argv = std::iter::once("sss-daemon").chain(args.iter().copied());
    let cli = crate::cli::Cli::try_parse_from(argv)?;
    let (tx, rx) = std::sync::mpsc::channel::<Result<SocketAddr, String>>();
    std::thread::spawn(move || {
        let started = async {
            let (_state, router) = build(&cli.serve).await.map_err(|e| format!("{e:#}"))?;
            let http = cli.serve.http.clone();
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .map_err(|e| e.to_string())?;
            let addr = listener.local_addr().map_err(|e| e.to_string())?;
            Ok::<_, String>((listener, router, http, addr))
        };
        let runtime = match tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
        {
            Ok(rt) => rt,
            Err(e) => {
                let _ = tx.send(Err(e.to_string()));
                return;
            }
        };
        runtime.block_on(async move {
            match started.await {
                Ok((listener, router, http, addr)) => {
                    let _ = tx.send(Ok(addr));
                    let forever = std::future::pending::<()>();
                    if let Err(e) = crate::common::serve(listener, router, &http, forever).await {
                        tracing::error!(error = %e, "background daemon stopped");
                    }
                }
                Err(e) => {
                    let _ = tx.send(Err(e));
                }
            }
        });
    });
    rx.recv_timeout(Duration::from_secs(180))
        .map_err(|_| anyhow::anyhow!("the daemon did not start within 180 s"))?
        .map_err(|e| anyhow::anyhow!(e))
}
