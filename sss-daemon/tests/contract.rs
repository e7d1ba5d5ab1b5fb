//! The public contract of the embedded default, served as `sss-daemon` serves it (the real
//! connection loop with its bounds): JSON error bodies everywhere and never cached, limits
//! checked by the api and named, client mistakes kept out of the failure metrics, slow clients
//! disconnected, the OpenAPI document as the server behaves, CORS, and the product's arrays.

mod common;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use clap::Parser;
use reqwest::StatusCode;
use serde_json::Value;
use sss_daemon::cli::Cli;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The embedded default with `extra` flags, served by `common::serve` until the test ends.
async fn start(extra: &[&str]) -> SocketAddr {
    let mut argv = vec!["--web-dir", concat!(env!("CARGO_MANIFEST_DIR"), "/../web")];
    argv.extend_from_slice(extra);
    let router = common::embedded_router(&argv).await;
    let cli =
        Cli::try_parse_from(["sss-daemon"].into_iter().chain(argv.iter().copied())).expect("args");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let http = cli.serve.http.clone();
    tokio::spawn(async move {
        let _ = sss_daemon::common::serve(listener, router, &http, std::future::pending()).await;
    });
    addr
}

async fn get(url: String) -> (StatusCode, reqwest::header::HeaderMap, Value) {
    let r = reqwest::get(url).await.expect("request");
    let status = r.status();
    let headers = r.headers().clone();
    let body = r.json::<Value>().await.unwrap_or(Value::Null);
    (status, headers, body)
}

/// Sends `raw` bytes and reads the whole answer until the server closes (at most 10 s).
async fn raw(addr: SocketAddr, raw: &[u8]) -> String {
    let mut s = TcpStream::connect(addr).await.expect("connect");
    s.write_all(raw).await.expect("write");
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), s.read_to_end(&mut out)).await;
    String::from_utf8_lossy(&out).into_owned()
}

/// The status, headers (lower-cased names) and body of a raw HTTP/1.1 answer.
fn parse(answer: &str) -> (u16, String, Value) {
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((answer, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (
        status,
        head.to_ascii_lowercase(),
        serde_json::from_str(body).unwrap_or(Value::Null),
    )
}

/// Whether `message` shows the upstream's filter syntax (`fl`, `"b123"`, `"p20:"`).
fn upstream_syntax(message: &str) -> bool {
    let b = message.as_bytes();
    message.contains("fl:")
        || message.contains("fl=")
        || b.windows(3).any(|w| {
            w[0] == b'"' && b"bcrpd".contains(&w[1]) && (w[2].is_ascii_digit() || w[2] == b':')
        })
}

fn assert_json_error(what: &str, status: u16, head: &str, body: &Value) {
    assert!(
        head.contains("content-type: application/json"),
        "{what}: {status} without a JSON content type:\n{head}"
    );
    assert!(
        head.contains("cache-control: no-store"),
        "{what}: {status} may be cached:\n{head}"
    );
    assert!(
        body["error"]["code"].is_string() && body["error"]["message"].is_string(),
        "{what}: {status} body {body}"
    );
}

#[tokio::test]
async fn every_error_has_the_json_body_and_is_never_cached() {
    let addr = start(&[]).await;
    let get_raw = |target: &str| {
        format!("GET {target} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").into_bytes()
    };

    // Invalid UTF-8 in a path segment: a 400 naming the segment.
    for (target, parameter) in [
        ("/api/v1/products/%FF", "id"),
        ("/api/v1/items/%FF/0/10", "category"),
        ("/api/v1/items/dresses/%FF/10", "sid"),
    ] {
        let (status, head, body) = parse(&raw(addr, &get_raw(target)).await);
        assert_eq!(status, 400, "{target}: {body}");
        assert_json_error(target, status, &head, &body);
        assert_eq!(body["error"]["parameter"], parameter, "{target}: {body}");
    }

    // Another method: 405 with Allow.
    let post = b"POST /api/v1/products?cat=dresses HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    let (status, head, body) = parse(&raw(addr, post).await);
    assert_eq!(status, 405, "{head}");
    assert_json_error("POST", status, &head, &body);
    assert!(head.contains("\r\nallow: "), "{head}");

    // /api and /api/: not the web page's cacheable 404.
    for target in ["/api", "/api/", "/api/v2/products", "/no-such-file.html"] {
        let (status, head, body) = parse(&raw(addr, &get_raw(target)).await);
        assert_eq!(status, 404, "{target}");
        assert_json_error(target, status, &head, &body);
    }

    // Oversized request target and headers, within what the HTTP parser reads.
    let long = format!("/api/v1/products?cat=dresses&fts={}", "a".repeat(9000));
    let (status, head, body) = parse(&raw(addr, &get_raw(&long)).await);
    assert_eq!(status, 414, "{head}");
    assert_json_error("long URI", status, &head, &body);

    let many: String = (0..120).map(|i| format!("X-H{i}: v\r\n")).collect();
    let req = format!("GET /healthz HTTP/1.1\r\nHost: t\r\n{many}Connection: close\r\n\r\n");
    let (status, head, body) = parse(&raw(addr, req.as_bytes()).await);
    assert_eq!(status, 431, "{head}");
    assert_json_error("120 headers", status, &head, &body);

    let big = format!(
        "GET /healthz HTTP/1.1\r\nHost: t\r\nX-Big: {}\r\nConnection: close\r\n\r\n",
        "b".repeat(40_000)
    );
    let (status, head, body) = parse(&raw(addr, big.as_bytes()).await);
    assert_eq!(status, 431, "{head}");
    assert_json_error("40 KB header", status, &head, &body);
}

#[tokio::test]
async fn the_api_checks_each_limit_and_names_the_parameter() {
    let addr = start(&[]).await;
    let cases = [
        ("cat=dresses&maxPrice=5000000", "maxPrice"),
        ("cat=dresses&minPrice=1000000.5", "minPrice"),
        ("cat=dresses&minPrice=inf", "minPrice"),
        (
            "cat=dresses&brand=1234567890123456789012345678901234567890123456789012345678901234567890",
            "brand",
        ),
        ("cat=dresses&brand=abc", "brand"),
        ("cat=dresses&retailer=1a", "retailer"),
        ("cat=dresses&color=blue", "color"),
        ("cat=dresses&brand=1,2", "brand"),
        ("cat=dresses&limit=%205", "limit"),
        ("cat=dresses&sort=%20newest", "sort"),
        ("cat=dresses&cat=jeans", "cat"),
    ];
    for (q, parameter) in cases {
        let (st, _, body) = get(format!("http://{addr}/api/v1/products?{q}")).await;
        assert_eq!(st, StatusCode::BAD_REQUEST, "{q}: {body}");
        assert_eq!(body["error"]["parameter"], parameter, "{q}: {body}");
        let message = body["error"]["message"].as_str().unwrap_or_default();
        assert!(
            !upstream_syntax(message),
            "{q}: upstream syntax in {message:?}"
        );
    }
    // Eleven ids of one kind are more than the api takes.
    let eleven: String = (1..=11).map(|i| format!("&brand={i}")).collect();
    let (st, _, body) = get(format!("http://{addr}/api/v1/products?cat=dresses{eleven}")).await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"]["parameter"], "brand");

    // -0 is 0; a denormal is a price of 0; ten ids per kind are fine.
    for (q, min) in [
        ("minPrice=-0", 0.0),
        ("minPrice=1e-320", 0.0),
        ("minPrice=9.999", 10.0),
    ] {
        let (st, _, body) = get(format!("http://{addr}/api/v1/products?cat=dresses&{q}")).await;
        assert_eq!(st, StatusCode::OK, "{q}: {body}");
        assert_eq!(body["query"]["minPrice"].as_f64(), Some(min), "{q}: {body}");
    }
    let ten: String = (1..=10).map(|i| format!("&brand={i}&color={i}")).collect();
    let (st, _, body) = get(format!(
        "http://{addr}/api/v1/products?cat=dresses{ten}&maxPrice=1000000&sale=true"
    ))
    .await;
    assert_eq!(st, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn fts_length_counts_the_characters_sent() {
    let addr = start(&[]).await;
    // 'İ' lower-cases to two characters; 200 of them are 200 characters as sent.
    let dotted = "%C4%B0".repeat(200);
    let (st, _, body) = get(format!("http://{addr}/api/v1/products?fts={dotted}")).await;
    assert_eq!(st, StatusCode::OK, "{body}");
    assert_eq!(
        body["query"]["fts"].as_str().map(|f| f.chars().count()),
        Some(200),
        "{body}"
    );
    let (st, _, body) = get(format!(
        "http://{addr}/api/v1/products?fts={}",
        "a".repeat(201)
    ))
    .await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"]["parameter"], "fts");
    let words = vec!["w"; 21].join("+");
    let (st, _, body) = get(format!("http://{addr}/api/v1/products?fts={words}")).await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("words")
    );
}

async fn metrics(addr: SocketAddr) -> String {
    reqwest::get(format!("http://{addr}/metrics"))
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text")
}

fn metric(text: &str, series: &str) -> u64 {
    text.lines()
        .find_map(|l| l.strip_prefix(series)?.trim().parse().ok())
        .unwrap_or(0)
}

#[tokio::test]
async fn client_mistakes_are_not_upstream_failures() {
    let addr = start(&[]).await;
    for q in [
        "brand=abc",
        "brand=12345678901",
        "color=blue",
        "maxPrice=5000000",
    ] {
        let (st, _, body) = get(format!("http://{addr}/api/v1/products?cat=dresses&{q}")).await;
        assert_eq!(st, StatusCode::BAD_REQUEST, "{q}: {body}");
    }
    let text = metrics(addr).await;
    assert_eq!(metric(&text, "sss_fill_errors_total"), 0, "{text}");
    assert_eq!(
        metric(&text, "sss_upstream_requests_total{outcome=\"error\"}"),
        0,
        "{text}"
    );
}

/// A ShopStyle-shaped upstream that rejects every search with ShopStyle's 400 error body.
///
/// A test double, deliberately: the api now checks every limit the bundled catalog has, so no
/// real part rejects a request that passes the api's checks; the real ShopStyle API can (an
/// unknown id), and that rejection must be counted as the client's, not as a failure.
async fn rejecting_upstream() -> SocketAddr {
    use axum::http::StatusCode as S;
    use axum::routing::get;
    let reject = || async {
        (
            S::BAD_REQUEST,
            [("content-type", "application/json")],
            r#"{"errorCode":400,"errorName":"InvalidParameter","errorMessage":"fl: \"b99999\": no such brand id (see /brands)","detailedErrors":[],"errorId":"x","headers":{}}"#,
        )
    };
    let app = axum::Router::new().route("/api/v2/products", get(reject));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    addr
}

#[tokio::test]
async fn upstream_rejections_are_counted_apart_from_failures() {
    let upstream = rejecting_upstream().await;
    let url = format!("http://{upstream}/api/v2");
    let addr = start(&["--upstream-url", &url, "--upstream-retries", "0"]).await;
    let (st, _, body) = get(format!(
        "http://{addr}/api/v1/products?fts=blue&brand=99999"
    ))
    .await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"]["parameter"], "brand", "{body}");
    let message = body["error"]["message"].as_str().unwrap_or_default();
    assert!(!upstream_syntax(message), "upstream syntax in {message:?}");
    let text = metrics(addr).await;
    assert_eq!(
        metric(&text, "sss_upstream_requests_total{outcome=\"rejected\"}"),
        1,
        "{text}"
    );
    assert_eq!(
        metric(&text, "sss_upstream_requests_total{outcome=\"error\"}"),
        0,
        "{text}"
    );
    assert_eq!(metric(&text, "sss_fill_errors_total"), 0, "{text}");
    assert_eq!(metric(&text, "sss_fill_rejections_total"), 1, "{text}");
}

/// Whether the server has closed `s`: a read returns end of file (or an error) within `within`.
async fn closed_within(s: &mut TcpStream, within: Duration) -> bool {
    let mut buf = [0u8; 1024];
    let deadline = Instant::now() + within;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, s.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            Ok(Ok(_)) => continue,
        }
    }
}

#[tokio::test]
async fn slow_and_idle_clients_are_disconnected() {
    let addr = start(&[
        "--header-read-timeout-ms",
        "300",
        "--idle-timeout-ms",
        "1500",
    ])
    .await;
    // Half a request head, then nothing: closed after the header timeout.
    let mut half = TcpStream::connect(addr).await.expect("connect");
    half.write_all(b"GET /healthz HTTP/1.1\r\nHost: t\r\nX-Slow: ")
        .await
        .expect("write");
    let started = Instant::now();
    assert!(
        closed_within(&mut half, Duration::from_secs(5)).await,
        "a half-sent request head was kept open"
    );
    assert!(
        started.elapsed() >= Duration::from_millis(250),
        "closed before the header timeout: {:?}",
        started.elapsed()
    );

    // A connection that sends nothing at all.
    let mut silent = TcpStream::connect(addr).await.expect("connect");
    assert!(
        closed_within(&mut silent, Duration::from_secs(5)).await,
        "a silent connection was kept open"
    );

    // A kept-alive connection is not cut by the header timeout between requests, only by the
    // idle timeout.
    let mut kept = TcpStream::connect(addr).await.expect("connect");
    kept.write_all(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
        .await
        .expect("write");
    let mut buf = [0u8; 1024];
    let n = kept.read(&mut buf).await.expect("answer");
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
    tokio::time::sleep(Duration::from_millis(700)).await;
    kept.write_all(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
        .await
        .expect("second request after 700 ms idle");
    let n = kept.read(&mut buf).await.expect("second answer");
    assert!(
        String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&buf[..n])
    );
    assert!(
        closed_within(&mut kept, Duration::from_secs(5)).await,
        "an idle kept-alive connection was kept open"
    );
}

#[tokio::test]
async fn connections_beyond_the_cap_wait_for_a_free_one() {
    let addr = start(&["--max-connections", "2"]).await;
    let mut a = TcpStream::connect(addr).await.expect("a");
    let mut b = TcpStream::connect(addr).await.expect("b");
    for s in [&mut a, &mut b] {
        s.write_all(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
            .await
            .expect("write");
        let mut buf = [0u8; 512];
        let n = s.read(&mut buf).await.expect("read");
        assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
    }
    // A third connection is queued, not served, while both are open.
    let mut c = TcpStream::connect(addr)
        .await
        .expect("c (queued by the kernel)");
    c.write_all(b"GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        .await
        .expect("write");
    let mut buf = [0u8; 512];
    let early = tokio::time::timeout(Duration::from_millis(500), c.read(&mut buf)).await;
    assert!(
        early.is_err(),
        "a third connection was served beyond the cap"
    );
    drop(a);
    let n = tokio::time::timeout(Duration::from_secs(5), c.read(&mut buf))
        .await
        .expect("served once a slot is free")
        .expect("read");
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
}

#[tokio::test]
async fn cors_allows_the_configured_origins_and_answers_preflights() {
    let addr = start(&[]).await;
    let client = reqwest::Client::new();
    let url = format!("http://{addr}/api/v1/products?cat=dresses&limit=1");
    let r = client
        .get(&url)
        .header("origin", "http://localhost:5173")
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["access-control-allow-origin"], "*");
    let exposed = r.headers()["access-control-expose-headers"]
        .to_str()
        .expect("ascii")
        .to_ascii_lowercase();
    assert!(
        exposed.contains("x-cache") && exposed.contains("etag"),
        "{exposed}"
    );

    let r = client
        .request(reqwest::Method::OPTIONS, &url)
        .header("origin", "http://localhost:5173")
        .header("access-control-request-method", "GET")
        .header("access-control-request-headers", "if-none-match")
        .send()
        .await
        .expect("preflight");
    assert!(r.status().is_success(), "{}", r.status());
    assert_eq!(r.headers()["access-control-allow-origin"], "*");
    let methods = r.headers()["access-control-allow-methods"]
        .to_str()
        .expect("ascii");
    assert!(methods.contains("GET"), "{methods}");

    // A list: only those origins get the header.
    let addr = start(&["--cors-origins", "https://shop.example"]).await;
    let url = format!("http://{addr}/api/v1/categories");
    let allowed = client
        .get(&url)
        .header("origin", "https://shop.example")
        .send()
        .await
        .expect("get");
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "https://shop.example"
    );
    let other = client
        .get(&url)
        .header("origin", "https://elsewhere.example")
        .send()
        .await
        .expect("get");
    assert!(other.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn products_always_carry_their_arrays() {
    let addr = start(&[]).await;
    let mut seen = 0;
    for q in [
        "cat=women&limit=100",
        "cat=men&limit=100",
        "fts=ring&limit=100",
        "cat=womens-accessories&limit=100&offset=100",
    ] {
        let (st, _, body) = get(format!("http://{addr}/api/v1/products?{q}")).await;
        assert_eq!(st, StatusCode::OK, "{q}: {body}");
        for p in body["products"].as_array().expect("products") {
            for field in ["categories", "colors", "sizes"] {
                assert!(p[field].is_array(), "{q}: {field} missing in {p}");
            }
            seen += 1;
        }
    }
    assert!(seen > 100, "only {seen} products seen");
}

#[tokio::test]
async fn the_openapi_document_states_what_the_server_checks() {
    let addr = start(&[]).await;
    let (st, _, doc) = get(format!("http://{addr}/api/openapi.json")).await;
    assert_eq!(st, StatusCode::OK);

    // Unique operation ids.
    let mut ids = Vec::new();
    for item in doc["paths"].as_object().expect("paths").values() {
        for op in item.as_object().expect("path item").values() {
            ids.push(
                op["operationId"]
                    .as_str()
                    .expect("an operationId")
                    .to_owned(),
            );
        }
    }
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");

    let search = &doc["paths"]["/api/v1/products"]["get"];
    let param = |op: &Value, name: &str| -> Value {
        op["parameters"]
            .as_array()
            .and_then(|ps| ps.iter().find(|p| p["name"] == name).cloned())
            .unwrap_or_else(|| panic!("no parameter {name}"))
    };
    let limit = param(search, "limit");
    assert_eq!(limit["schema"]["minimum"], 1);
    assert_eq!(limit["schema"]["maximum"], 100);
    let offset = param(search, "offset");
    assert_eq!(offset["schema"]["maximum"], 4999);
    assert!(
        offset["description"]
            .as_str()
            .unwrap_or_default()
            .contains("offset + limit")
    );
    for name in ["minPrice", "maxPrice"] {
        let p = param(search, name);
        assert_eq!(p["schema"]["minimum"], 0, "{name}");
        assert_eq!(p["schema"]["maximum"].as_f64(), Some(1_000_000.0), "{name}");
    }
    let fts = param(search, "fts");
    assert_eq!(fts["schema"]["maxLength"], 200);
    assert!(fts["schema"]["pattern"].is_string());
    for name in ["cat", "fts"] {
        let d = param(search, name)["description"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(d.contains("`cat` or `fts` is required"), "{name}: {d}");
    }
    let brand = param(search, "brand");
    assert_eq!(brand["schema"]["maxItems"], 10);
    let category = &doc["components"]["schemas"]["CategoryId"];
    assert!(category["pattern"].is_string() && category["maxLength"] == 100);
    let known = category["enum"].as_array().expect("known category ids");
    assert!(known.iter().any(|c| c == "dresses") && known.len() > 800);

    let items = &doc["paths"]["/api/v1/items/{category}/{sid}/{eid}"]["get"];
    assert_eq!(param(items, "sid")["schema"]["maximum"], 4999);
    assert_eq!(param(items, "eid")["schema"]["maximum"], 5000);
    assert!(
        param(items, "eid")["description"]
            .as_str()
            .unwrap_or_default()
            .contains("above sid")
    );
    let id = param(&doc["paths"]["/api/v1/products/{id}"]["get"], "id");
    assert_eq!(id["schema"]["maxLength"], 64);
    assert!(id["schema"]["pattern"].is_string());

    // /readyz: 503 is the readiness body it answers, not the error body.
    let ready503 = &doc["paths"]["/readyz"]["get"]["responses"]["503"]["content"]["application/json"]
        ["schema"]["$ref"];
    assert_eq!(ready503, "#/components/schemas/ReadinessBody");

    // The product's arrays are always present.
    let required = doc["components"]["schemas"]["Product"]["required"]
        .as_array()
        .expect("required");
    for field in ["categories", "colors", "sizes"] {
        assert!(required.iter().any(|r| r == field), "{field} not required");
    }
}

#[tokio::test]
async fn readiness_names_each_check_once() {
    let addr = start(&[]).await;
    let (st, _, ready) = get(format!("http://{addr}/readyz")).await;
    assert_eq!(st, StatusCode::OK, "{ready}");
    let mut names: Vec<&str> = ready["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    let all = names.len();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), all, "{ready}");
    assert!(all >= 2, "{ready}");
}
