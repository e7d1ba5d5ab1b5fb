//! A ShopStyle-shaped HTTP server on `127.0.0.1:0` for the client tests.
//!
//! This is a test double, and deliberately so: the offline catalog serves the bundled real data
//! in one shape only, and cannot on demand produce the id shapes of older years, error bodies on
//! HTTP 200, bursts of 5xx, `Retry-After`, slow or oversized answers, or a body that echoes the
//! request. This server serves recorded-shape fixtures and fails exactly when a test says so,
//! and it counts and records what reached it, so tests can see retries from the server's side.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::Uri;
use axum::response::Response;
use serde_json::Value;
use sss_core::upstream::UpstreamConfig;

/// The partner id the tests use; it must never show up in anything the client prints.
pub const PID: &str = "pid-7f3c9e21-secret";

pub const PRODUCTS: &str = include_str!("../fixtures/products_2022.json");
pub const CATEGORIES: &str = include_str!("../fixtures/categories_2022.json");
pub const ERROR_401: &str = include_str!("../fixtures/error_401.json");
pub const ERROR_200: &str = include_str!("../fixtures/error_200_invalid_parameter.json");

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct Seen {
    pub path: String,
    pub query: String,
}

impl Seen {
    /// The decoded query pairs, in order.
    pub fn pairs(&self) -> Vec<(String, String)> {
        url::form_urlencoded::parse(self.query.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }
}

/// A scripted answer.
#[derive(Clone, Debug)]
pub struct Reply {
    status: u16,
    body: Vec<u8>,
    headers: Vec<(&'static str, String)>,
    delay: Duration,
    /// Send the body in small chunks without `Content-Length`.
    chunked: bool,
    /// Put the request's raw query in the body (an upstream or proxy echoing the request).
    echo_query: bool,
}

impl Reply {
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Reply {
            status,
            body: body.into(),
            headers: vec![("content-type", "application/json".to_owned())],
            delay: Duration::ZERO,
            chunked: false,
            echo_query: false,
        }
    }

    pub fn text(status: u16, body: &str) -> Self {
        Reply::new(status, body).header("content-type", "text/html")
    }

    pub fn header(mut self, name: &'static str, value: &str) -> Self {
        self.headers.retain(|(n, _)| *n != name);
        self.headers.push((name, value.to_owned()));
        self
    }

    pub fn after(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    pub fn chunked(mut self) -> Self {
        self.chunked = true;
        self
    }

    pub fn echo_query(mut self) -> Self {
        self.echo_query = true;
        self
    }
}

#[derive(Default)]
struct Shared {
    seen: Mutex<Vec<Seen>>,
    /// Answers for the next requests, in order.
    script: Mutex<VecDeque<Reply>>,
    /// The answer to every request once the script is used up; `None` serves the fixtures.
    always: Mutex<Option<Reply>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

pub struct TestServer {
    pub base_url: String,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl TestServer {
    pub async fn start() -> TestServer {
        let shared = Arc::new(Shared::default());
        let router = Router::new().fallback(handle).with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let task = tokio::spawn(async move {
            axum::serve(listener, router).await.expect("serve");
        });
        TestServer {
            base_url: format!("http://{addr}/api/v2"),
            shared,
            task,
        }
    }

    /// The next request not yet scripted gets `reply`.
    pub fn push(&self, reply: Reply) {
        lock(&self.shared.script).push_back(reply);
    }

    /// Every request after the script gets `reply`; `None` serves the fixtures again.
    pub fn always(&self, reply: Option<Reply>) {
        *lock(&self.shared.always) = reply;
    }

    pub fn seen(&self) -> Vec<Seen> {
        lock(&self.shared.seen).clone()
    }

    pub fn count(&self) -> usize {
        lock(&self.shared.seen).len()
    }

    /// Settings for tests: this server, no rate limit, no breaker, short backoff.
    pub fn config(&self) -> UpstreamConfig {
        let mut cfg = UpstreamConfig::new(self.base_url.clone(), PID);
        cfg.rate_limit_per_minute = 0;
        cfg.breaker_threshold = 0;
        cfg.retry_base_delay = Duration::from_millis(10);
        cfg.retry_max_delay = Duration::from_millis(50);
        cfg.timeout = Duration::from_secs(10);
        cfg
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn handle(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let seen = Seen {
        path: uri.path().to_owned(),
        query: uri.query().unwrap_or_default().to_owned(),
    };
    lock(&shared.seen).push(seen.clone());
    let scripted = lock(&shared.script).pop_front();
    let reply = scripted
        .or_else(|| lock(&shared.always).clone())
        .unwrap_or_else(|| from_fixtures(&seen));
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    let mut body = reply.body;
    if reply.echo_query {
        body.extend_from_slice(seen.query.as_bytes());
    }
    let mut response = Response::builder().status(reply.status);
    for (name, value) in &reply.headers {
        response = response.header(*name, value);
    }
    let body = if reply.chunked {
        let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
            body.chunks(512).map(|c| Ok(c.to_vec())).collect();
        Body::from_stream(futures_util::stream::iter(chunks))
    } else {
        Body::from(body)
    };
    response.body(body).expect("response")
}

/// What a ShopStyle-compatible server would answer, from the fixtures.
fn from_fixtures(seen: &Seen) -> Reply {
    if !seen
        .pairs()
        .iter()
        .any(|(k, v)| k == "pid" && !v.is_empty())
    {
        return Reply::new(401, ERROR_401);
    }
    match seen.path.strip_prefix("/api/v2/") {
        Some("products") => Reply::new(200, PRODUCTS),
        Some("categories") => Reply::new(200, CATEGORIES),
        Some(rest) => match rest.strip_prefix("products/") {
            Some(id) => product(id).map_or_else(
                || Reply::new(404, r#"{"errorCode":404,"errorName":"InvalidProductId","errorMessage":"product not found"}"#),
                |p| Reply::new(200, p.to_string()),
            ),
            None => Reply::text(404, "no such route"),
        },
        None => Reply::text(404, "no such route"),
    }
}

fn product(id: &str) -> Option<Value> {
    let all: Value = serde_json::from_str(PRODUCTS).expect("fixture parses");
    all["products"].as_array()?.iter().find_map(|p| {
        let pid = match &p["id"] {
            Value::Number(n) => n.to_string(),
            Value::String(s) => s.clone(),
            _ => return None,
        };
        (pid == id).then(|| p.clone())
    })
}
