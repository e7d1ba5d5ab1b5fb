//! The `poller` role: fills the caches. Its internal API is asked by the api on a miss and is
//! never routed by nginx:
//!
//! - `POST /internal/v1/fetch` with a JSON [`FetchRequest`]: 200 with the page body (the public
//!   page object without its closing brace, or a raw array) and the headers `X-SSS-Source`,
//!   `X-SSS-Fetched-At` (ms since the Unix epoch); errors as the public API's JSON errors.
//! - `GET /internal/v1/categories`: the public categories body.
//! - `GET /internal/v1/products/{id}`: one product in the public shape, 404 if none.

mod metrics;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;
use sss_core::domain::{MAX_LIMIT, MAX_OFFSET};
use sss_core::service::{FetchRequest, Poller, PollerConfig, WriteBehind, WriterConfig, headers};

pub use metrics::register_metrics;

use crate::reply::HttpError;
use crate::settings::{CacheArgs, SecretUrl, UpstreamArgs};

/// Settings of the `poller` role.
#[derive(Debug, clap::Args)]
pub struct PollerArgs {
    /// Address to listen on.
    #[arg(long, env = "SSS_LISTEN", default_value = "127.0.0.1:3000")]
    pub listen: SocketAddr,

    /// Redis URL (`redis://host:6379/0`); several comma-separated URLs use a Redis Cluster.
    #[arg(long, env = "SSS_REDIS_URL", hide_env_values = true)]
    pub redis_url: SecretUrl,

    /// MongoDB URL (`mongodb://host:27017/`).
    #[arg(long, env = "SSS_MONGO_URL", hide_env_values = true)]
    pub mongo_url: SecretUrl,

    /// MongoDB database name.
    #[arg(long, env = "SSS_MONGO_DB", default_value = "sss")]
    pub mongo_db: String,

    #[command(flatten)]
    pub upstream: UpstreamArgs,

    #[command(flatten)]
    pub cache: CacheArgs,

    #[command(flatten)]
    pub fill: FillArgs,

    #[command(flatten)]
    pub http: crate::common::HttpArgs,
}

/// Settings of filling: the cross-process lock and the write-behind queue.
#[derive(Clone, Debug, clap::Args)]
pub struct FillArgs {
    /// Milliseconds the cross-process fill lock lives if its holder dies.
    #[arg(long, env = "SSS_LOCK_TTL_MS", default_value_t = 20_000, value_parser = clap::value_parser!(u64).range(100..=600_000))]
    pub lock_ttl_ms: u64,

    /// Upstream answers that may wait to be written to the store.
    #[arg(long, env = "SSS_WRITE_QUEUE", default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub write_queue: u64,

    /// Bytes of upstream answers (as JSON) that may wait to be written to the store; past it,
    /// an answer is not stored (logged and counted as dropped).
    #[arg(long, env = "SSS_WRITE_QUEUE_BYTES", default_value_t = 64 << 20, value_parser = clap::value_parser!(u64).range(1..))]
    pub write_queue_bytes: u64,

    /// Seconds a failing MongoDB write is retried before it is given up (logged and counted).
    #[arg(long, env = "SSS_WRITE_GIVE_UP_SECS", default_value_t = 600, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub write_give_up_secs: u64,
}

/// Builds a poller over the given parts.
pub fn build(
    upstream: Arc<dyn sss_core::upstream::Upstream>,
    shared: Arc<dyn sss_core::cache::SharedCache>,
    store: Arc<dyn sss_core::store::Store>,
    cache: &CacheArgs,
    fill: &FillArgs,
) -> Poller {
    let writer = WriteBehind::start(
        Arc::clone(&store),
        WriterConfig {
            capacity: usize::try_from(fill.write_queue).unwrap_or(usize::MAX),
            max_bytes: fill.write_queue_bytes,
            give_up_after: Duration::from_secs(fill.write_give_up_secs),
            ..WriterConfig::default()
        },
    );
    Poller::new(
        upstream,
        shared,
        store,
        writer,
        PollerConfig {
            freshness: cache.freshness(),
            lock_ttl: Duration::from_millis(fill.lock_ttl_ms),
        },
    )
}

/// The poller's routes, with its own metrics registry.
pub fn router(poller: Poller) -> Router {
    let mut registry = sss_core::metrics::Registry::default();
    register_metrics(&poller, &mut registry);
    let registry = Arc::new(registry);
    let metrics = move || {
        let registry = Arc::clone(&registry);
        async move { crate::common::metrics_response(&registry) }
    };
    Router::new()
        .route("/internal/v1/fetch", post(fetch))
        .route("/internal/v1/categories", get(categories))
        .route("/internal/v1/products/{id}", get(product))
        .route("/healthz", get(|| async { Json(json!({"status": "ok"})) }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .with_state(poller)
}

async fn fetch(
    State(poller): State<Poller>,
    request: HeaderMap,
    body: Result<Json<FetchRequest>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, HttpError> {
    let Json(req) = body.map_err(|e| HttpError::invalid("body", e.body_text()))?;
    let q = &req.query;
    if q.offset > MAX_OFFSET || q.limit == 0 || q.limit > MAX_LIMIT {
        return Err(HttpError::invalid("query", "offset or limit out of range"));
    }
    let filled = poller.fetch(&req).await?;
    // The whole encoded page to an api that asks for it; the uncompressed body to an earlier
    // api, which knows no other format (a rolling upgrade).
    let wants_encoded = request
        .get(headers::PAGE_FORMAT)
        .is_some_and(|v| v.as_bytes() == headers::PAGE_FORMAT_V2.as_bytes());
    let mut resp = if wants_encoded {
        let mut r = filled.page.encode().into_response();
        r.headers_mut().insert(
            headers::PAGE_FORMAT,
            HeaderValue::from_static(headers::PAGE_FORMAT_V2),
        );
        r
    } else {
        let body = filled
            .page
            .identity()
            .cloned()
            .ok_or(HttpError::Unavailable(
                "a cached page is damaged; it is filled again on expiry",
            ))?;
        body.into_response()
    };
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    h.insert(
        headers::SOURCE,
        HeaderValue::from_static(filled.source.as_str()),
    );
    h.insert(
        headers::FETCHED_AT,
        HeaderValue::from(filled.page.fetched_at_ms),
    );
    Ok(resp)
}

async fn categories(State(poller): State<Poller>) -> Result<Response, HttpError> {
    let body = poller.categories().await?;
    Ok(crate::reply::json_response(body, "no-store"))
}

async fn product(
    State(poller): State<Poller>,
    Path(id): Path<String>,
) -> Result<Response, HttpError> {
    let body = poller.product(&id).await?;
    Ok(crate::reply::json_response(body, "no-store"))
}

async fn readyz(State(poller): State<Poller>) -> Response {
    crate::common::readiness_response(poller.checks().await)
}

/// The poller these settings describe.
pub async fn from_args(args: &PollerArgs) -> anyhow::Result<Poller> {
    let upstream = args.upstream.build()?;
    let shared = crate::settings::shared_cache(Some(args.redis_url.expose()), 0)?;
    let store = crate::settings::mongo_store(args.mongo_url.expose(), &args.mongo_db).await?;
    Ok(build(upstream, shared, store, &args.cache, &args.fill))
}

/// Runs the poller until a shutdown signal; queued MongoDB writes get a bounded time to land.
pub async fn run(args: PollerArgs) -> anyhow::Result<()> {
    let poller = from_args(&args).await?;
    let listener = crate::common::bind(args.listen, "--listen / SSS_LISTEN").await?;
    tracing::info!(addr = %listener.local_addr()?, "poller listening");
    crate::common::serve(
        listener,
        router(poller.clone()),
        &args.http,
        crate::common::shutdown_signal(),
    )
    .await?;
    drain_writes(&poller).await;
    Ok(())
}

/// Gives queued store writes a bounded time to land at shutdown, and says what did not.
pub async fn drain_writes(poller: &Poller) {
    if !poller.writer().flush(crate::common::DRAIN_TIMEOUT).await {
        tracing::error!(
            pending = poller.writer().depth(),
            "shutting down with store writes still queued; they are lost"
        );
    }
}
