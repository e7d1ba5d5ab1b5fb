//! What every role shares: logging, the listener, serving connections within bounds, graceful
//! shutdown.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::task::Poll;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use tokio::net::TcpListener;

/// How logs are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object per line.
    Json,
}

/// Starts logging to stderr. The level comes from `RUST_LOG` (default `info`).
pub fn init_tracing(format: LogFormat) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    // A second initialisation (tests) is harmless: keep the first.
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}

/// Connections a listener queues before they are accepted. A burst of new connections (a
/// stampede through nginx to one replica opens hundreds at once) beyond the queue has its SYNs
/// dropped and retried a second later; the kernel caps this at `net.core.somaxconn`.
pub const LISTEN_BACKLOG: u32 = 4096;

/// Binds `addr` with a [`LISTEN_BACKLOG`] queue, naming the setting to fix when it cannot.
pub async fn bind(addr: SocketAddr, setting: &str) -> anyhow::Result<TcpListener> {
    let listen = || -> std::io::Result<TcpListener> {
        let socket = if addr.is_ipv4() {
            tokio::net::TcpSocket::new_v4()?
        } else {
            tokio::net::TcpSocket::new_v6()?
        };
        // As TcpListener::bind does: a restarted process can bind while old connections linger.
        #[cfg(unix)]
        socket.set_reuseaddr(true)?;
        socket.bind(addr)?;
        socket.listen(LISTEN_BACKLOG)
    };
    listen().with_context(|| format!("cannot listen on {addr} (set by {setting})"))
}

/// How long in-flight requests get to finish after a shutdown signal.
pub const DRAIN_TIMEOUT: Duration = Duration::from_secs(10);

/// The most bytes of a request head (request line and headers) the HTTP parser buffers. A
/// longer head is refused by the parser itself (an empty 431, and the connection closed); the
/// api answers smaller limits itself, with a JSON body (see `api::router`).
pub const MAX_HEAD_BYTES: usize = 64 * 1024;
/// The most header fields the HTTP parser reads; more are refused like [`MAX_HEAD_BYTES`].
pub const MAX_HEADERS_PARSED: usize = 256;

/// The longest request target (path and query) the api answers; longer ones get a JSON 414.
pub const MAX_URI_BYTES: usize = 8192;
/// The most header fields the api answers; more get a JSON 431.
pub const MAX_HEADER_FIELDS: usize = 100;
/// The most bytes of header names and values the api answers; more get a JSON 431. Heads
/// beyond the HTTP parser's own bound ([`MAX_HEAD_BYTES`]) are refused by the parser.
pub const MAX_HEADER_BYTES: usize = 32 * 1024;

/// How connections are served: bounds that keep slow, idle or numerous clients from holding the
/// daemon. Each role serves with these.
#[derive(Clone, Debug, clap::Args)]
pub struct HttpArgs {
    /// Milliseconds a client has to send a request's headers, counted from their first byte (for
    /// a new connection, from when it opened); a slower client is disconnected.
    #[arg(long, env = "SSS_HEADER_READ_TIMEOUT_MS", default_value_t = 10_000,
          value_parser = clap::value_parser!(u64).range(10..=600_000))]
    pub header_read_timeout_ms: u64,

    /// Milliseconds a kept-alive connection may wait for its next request before it is closed.
    /// Longer than nginx's upstream keepalive_timeout (60 s), so nginx closes first.
    #[arg(long, env = "SSS_IDLE_TIMEOUT_MS", default_value_t = 75_000,
          value_parser = clap::value_parser!(u64).range(10..=3_600_000))]
    pub idle_timeout_ms: u64,

    /// Connections served at once; further ones wait in the listen queue until one closes.
    /// 16384: above what 10,000 concurrent clients bring (nginx opens one connection to an api
    /// per request in flight, and the embedded default has no nginx), below the usual open-file
    /// limits of 20,000 or more.
    #[arg(long, env = "SSS_MAX_CONNECTIONS", default_value_t = 16_384,
          value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub max_connections: u32,
}

impl Default for HttpArgs {
    fn default() -> Self {
        HttpArgs {
            header_read_timeout_ms: 10_000,
            idle_timeout_ms: 75_000,
            max_connections: 16_384,
        }
    }
}

/// Serves `router` on `listener` until `shutdown` resolves, then drains in-flight requests for
/// at most [`DRAIN_TIMEOUT`]. HTTP/1.1 with the bounds of `http`: at most `max_connections` at
/// once (more wait to be accepted), request headers within `header_read_timeout_ms`, idle
/// kept-alive connections closed after `idle_timeout_ms`, request heads of at most
/// [`MAX_HEAD_BYTES`].
pub async fn serve(
    listener: TcpListener,
    router: Router,
    http: &HttpArgs,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    use hyper_util::rt::TokioTimer;
    use tokio::sync::{Semaphore, watch};

    let max = http.max_connections as usize;
    let slots = Arc::new(Semaphore::new(max));
    let head_timeout = Duration::from_millis(http.header_read_timeout_ms);
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        // hyper counts this from when a connection waits for a request until its headers are
        // in: the idle timeout. The header timeout proper is `HeadTimeout`'s.
        .header_read_timeout(Duration::from_millis(http.idle_timeout_ms))
        .max_buf_size(MAX_HEAD_BYTES)
        .max_headers(MAX_HEADERS_PARSED);
    let (close_tx, close_rx) = watch::channel(false);
    let mut shutdown = std::pin::pin!(shutdown);
    let mut warned_full = false;
    loop {
        if slots.available_permits() == 0 && !warned_full {
            tracing::warn!(
                max_connections = max,
                "connection limit reached; new connections wait (--max-connections)"
            );
            warned_full = true;
        }
        let slot = tokio::select! {
            slot = Arc::clone(&slots).acquire_owned() => slot.context("connection slots closed")?,
            () = &mut shutdown => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    accept_failed(e).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        if slots.available_permits() > 0 {
            warned_full = false;
        }
        let builder = builder.clone();
        let router = router.clone();
        let mut close_rx = close_rx.clone();
        tokio::spawn(async move {
            let _slot = slot;
            let clock = Arc::new(HeadClock::default());
            let io = hyper_util::rt::TokioIo::new(HeadTimeout::new(
                stream,
                Arc::clone(&clock),
                head_timeout,
            ));
            let service = hyper::service::service_fn(move |req| {
                use tower::Service;
                clock.head_received();
                let response = router.clone().call(req);
                let clock = Arc::clone(&clock);
                async move {
                    let response = response.await;
                    clock.awaiting_head();
                    response
                }
            });
            let mut conn = std::pin::pin!(builder.serve_connection(io, service));
            let mut closing = false;
            loop {
                tokio::select! {
                    result = conn.as_mut() => {
                        if let Err(e) = result {
                            tracing::debug!(error = %e, "connection ended with an error");
                        }
                        break;
                    }
                    changed = close_rx.changed(), if !closing => {
                        closing = true;
                        if changed.is_ok() {
                            conn.as_mut().graceful_shutdown();
                        }
                    }
                }
            }
        });
    }
    drop(listener);
    let _ = close_tx.send(true);
    let drained = tokio::time::timeout(DRAIN_TIMEOUT, slots.acquire_many(max as u32)).await;
    if drained.is_err() {
        tracing::warn!("drain timeout passed; closing remaining connections");
    }
    Ok(())
}

/// After a failed accept: connection errors concern one client and are skipped; others (out of
/// file descriptors) get a pause so the loop does not spin.
async fn accept_failed(e: std::io::Error) {
    use std::io::ErrorKind;
    if matches!(
        e.kind(),
        ErrorKind::ConnectionRefused | ErrorKind::ConnectionAborted | ErrorKind::ConnectionReset
    ) {
        return;
    }
    tracing::error!(error = %e, "accept failed; retrying in a second");
    tokio::time::sleep(Duration::from_secs(1)).await;
}

/// Where a connection is between requests: waiting for a request's head (and since when its
/// first byte came), or serving one.
#[derive(Debug)]
struct HeadClock {
    awaiting: AtomicBool,
    /// Bumped each time a head is received, so a deadline armed for one head is never applied
    /// to the next.
    heads: AtomicU64,
}

impl Default for HeadClock {
    fn default() -> Self {
        HeadClock {
            awaiting: AtomicBool::new(true),
            heads: AtomicU64::new(0),
        }
    }
}

impl HeadClock {
    fn head_received(&self) {
        self.heads.fetch_add(1, Ordering::Relaxed);
        self.awaiting.store(false, Ordering::Relaxed);
    }

    fn awaiting_head(&self) {
        self.awaiting.store(true, Ordering::Relaxed);
    }
}

/// A connection that fails its reads once a request head has taken longer than the header
/// timeout: from the head's first byte, or from the connection's start for its first request.
/// hyper then closes the connection.
#[derive(Debug)]
struct HeadTimeout {
    io: tokio::net::TcpStream,
    clock: Arc<HeadClock>,
    timeout: Duration,
    /// The deadline of the head numbered `.1`, when one is being read.
    deadline: Option<(Pin<Box<tokio::time::Sleep>>, u64)>,
}

impl HeadTimeout {
    fn new(io: tokio::net::TcpStream, clock: Arc<HeadClock>, timeout: Duration) -> Self {
        HeadTimeout {
            io,
            clock,
            timeout,
            deadline: Some((Box::pin(tokio::time::sleep(timeout)), 0)),
        }
    }
}

impl tokio::io::AsyncRead for HeadTimeout {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = &mut *self;
        let before = buf.filled().len();
        let result = Pin::new(&mut this.io).poll_read(cx, buf);
        let head = this.clock.heads.load(Ordering::Relaxed);
        if !this.clock.awaiting.load(Ordering::Relaxed) {
            this.deadline = None;
            return result;
        }
        if this.deadline.as_ref().is_some_and(|(_, h)| *h != head) {
            this.deadline = None;
        }
        match result {
            Poll::Ready(Ok(())) => {
                if buf.filled().len() > before && this.deadline.is_none() {
                    this.deadline = Some((Box::pin(tokio::time::sleep(this.timeout)), head));
                }
                Poll::Ready(Ok(()))
            }
            Poll::Pending => {
                let expired = match &mut this.deadline {
                    Some((sleep, _)) => sleep.as_mut().poll(cx).is_ready(),
                    None => false,
                };
                if expired {
                    return Poll::Ready(Err(std::io::Error::new(
                        std::io::ErrorKind::TimedOut,
                        "request headers not received within the header timeout",
                    )));
                }
                Poll::Pending
            }
            other => other,
        }
    }
}

impl tokio::io::AsyncWrite for HeadTimeout {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.io).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutdown signal received");
}

/// The `/readyz` answer for `checks`: 200 with `"status": "ready"` or `"degraded"` (some
/// dependency is down but the service still answers), 503 with `"unavailable"` and an error
/// naming each dependency when none answers. Each check is listed either way.
pub fn readiness_response(checks: Vec<sss_core::service::Check>) -> axum::response::Response {
    use axum::http::StatusCode;
    use axum::response::IntoResponse;
    use sss_core::service::Readiness;

    let readiness = Readiness::of(&checks);
    let mut body = serde_json::json!({"status": readiness, "checks": checks});
    if readiness == Readiness::Unavailable {
        let down: Vec<String> = checks
            .iter()
            .map(|c| format!("{}: {}", c.name, c.error.as_deref().unwrap_or("down")))
            .collect();
        body["error"] = serde_json::json!({
            "code": "unavailable",
            "message": format!("not ready: {}", down.join("; ")),
        });
        return (StatusCode::SERVICE_UNAVAILABLE, axum::Json(body)).into_response();
    }
    axum::Json(body).into_response()
}

/// The `/metrics` answer: `registry`'s text in the OpenMetrics format, never cached.
pub fn metrics_response(registry: &sss_core::metrics::Registry) -> axum::response::Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    (
        [
            (header::CONTENT_TYPE, sss_core::metrics::CONTENT_TYPE),
            (header::CACHE_CONTROL, "no-store"),
        ],
        sss_core::metrics::render(registry),
    )
        .into_response()
}
