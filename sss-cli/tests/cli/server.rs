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
    sss_daemon::serve::spawn_in_background(&["--web-dir", web]).expect("the daemon started")
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
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(async move {
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
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            tx.send(listener.local_addr().expect("address"))
                .expect("report the address");
            axum::serve(listener, router).await.expect("serve");
        });
    });
    let addr = rx.recv_timeout(Duration::from_secs(30)).expect("started");
    format!("http://{addr}")
}

/// A port that accepts connections and never answers. The listener lives as long as the value.
pub fn silent() -> (std::net::TcpListener, String) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    (listener, url)
}
