//! The real `sss-daemon serve` (api + poller + bundled catalog, in-process cache and store),
//! started once per test process on a free loopback port in a background runtime.

use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::Duration;

/// The daemon's base URL, starting it on first use.
pub fn url() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| format!("http://{}", start()))
}

fn start() -> SocketAddr {
    let web = concat!(env!("CARGO_MANIFEST_DIR"), "/../web");
    sss_daemon::testing::spawn_in_background(&["--web-dir", web]).expect("the daemon started")
}

/// A loopback address where nothing listens.
pub fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("address");
    drop(listener);
    format!("http://{addr}")
}

/// A server that answers like a broken SSS: `/readyz` 503 naming a dependency, searches 502,
/// categories 200 with a body that is not JSON, no `/metrics`. Started on each call.
pub fn unhealthy_url() -> String {
    use axum::Router;
    use axum::http::StatusCode;
    use axum::routing::get;

    fn error(
        status: StatusCode,
        code: &str,
        message: &str,
    ) -> (StatusCode, [(&'static str, &'static str); 1], String) {
        let body = serde_json::json!({"error": {"code": code, "message": message}}).to_string();
        (status, [("content-type", "application/json")], body)
    }
    let router = Router::new()
        .route(
            "/readyz",
            get(|| async {
                error(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "unavailable",
                    "not ready: redis: connection refused",
                )
            }),
        )
        .route(
            "/api/v1/products",
            get(|| async {
                error(
                    StatusCode::BAD_GATEWAY,
                    "upstream_failed",
                    "the product source failed and no cached copy exists",
                )
            }),
        )
        .route(
            "/api/v1/categories",
            get(|| async { "<html>not json</html>" }),
        );
    format!("http://{}", serve_in_background(router))
}

/// A port that accepts connections and never answers. The listener lives as long as the value.
pub fn silent() -> (std::net::TcpListener, String) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    (listener, url)
}

/// What a [`recording_proxy`] saw of one exchange.
#[derive(Clone, Debug)]
pub struct Seen {
    /// The client's `Accept-Encoding`.
    pub accept_encoding: Option<String>,
    /// The daemon's `Content-Encoding`.
    pub content_encoding: Option<String>,
}

/// A pass-through proxy in front of the real test daemon that records, for each request, what
/// the client accepted and how the daemon encoded its answer: the wire as the CLI sees it,
/// which the CLI's own output cannot show. Bytes and headers go through unchanged.
pub fn recording_proxy() -> (String, std::sync::Arc<std::sync::Mutex<Vec<Seen>>>) {
    use std::sync::{Arc, Mutex};

    use axum::Router;
    use axum::body::{Body, Bytes};
    use axum::extract::{Request, State};
    use axum::http::{StatusCode, header};
    use axum::response::Response;

    type Log = Arc<Mutex<Vec<Seen>>>;
    let log: Log = Arc::default();
    let upstream = url().to_owned();

    async fn forward(State((upstream, log)): State<(String, Log)>, req: Request) -> Response {
        let client = reqwest::Client::builder()
            .no_gzip() // pass the daemon's bytes through as they are
            .build()
            .expect("client");
        let path = req.uri().path_and_query().map_or("/", |p| p.as_str());
        let accept_encoding = req
            .headers()
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let mut outgoing = client.get(format!("{upstream}{path}"));
        if let Some(a) = &accept_encoding {
            outgoing = outgoing.header(header::ACCEPT_ENCODING, a);
        }
        let Ok(answer) = outgoing.send().await else {
            return Response::builder()
                .status(StatusCode::BAD_GATEWAY)
                .body(Body::empty())
                .expect("a response");
        };
        let status = answer.status();
        let headers = answer.headers().clone();
        let body: Bytes = answer.bytes().await.unwrap_or_default();
        log.lock().expect("log").push(Seen {
            accept_encoding,
            content_encoding: headers
                .get(header::CONTENT_ENCODING)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
        });
        let mut resp = Response::new(Body::from(body));
        *resp.status_mut() = status;
        for name in [
            header::CONTENT_TYPE,
            header::CONTENT_ENCODING,
            header::VARY,
            header::ETAG,
        ] {
            if let Some(v) = headers.get(&name) {
                resp.headers_mut().insert(name, v.clone());
            }
        }
        resp
    }

    let router = Router::new()
        .fallback(forward)
        .with_state((upstream, Arc::clone(&log)));
    (format!("http://{}", serve_in_background(router)), log)
}

/// Serves `router` on a free loopback port from a thread of its own (the CLI runs as a child
/// process, so the test has no runtime to lend); returns the address once it listens.
fn serve_in_background(router: axum::Router) -> SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            tx.send(listener.local_addr().expect("address"))
                .expect("report the address");
            axum::serve(listener, router).await.expect("serve");
        });
    });
    rx.recv_timeout(Duration::from_secs(30))
        .expect("the server started")
}
