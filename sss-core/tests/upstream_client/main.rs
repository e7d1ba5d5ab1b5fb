//! The ShopStyle HTTP client over real HTTP on loopback, against [`server::TestServer`].

mod server;
mod wire;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;
use server::{ERROR_200, ERROR_401, PID, PRODUCTS, Reply, TestServer};
use sss_core::upstream::wire::{FlexId, SsSearchResponse};
use sss_core::upstream::{
    SearchRequest, ShopStyleClient, Upstream, UpstreamConfig, UpstreamConfigError, UpstreamError,
};

fn client(cfg: UpstreamConfig) -> ShopStyleClient {
    ShopStyleClient::new(cfg).expect("valid config")
}

fn dresses() -> SearchRequest {
    SearchRequest {
        cat: Some("dresses".to_owned()),
        limit: 3,
        ..SearchRequest::default()
    }
}

/// Numbers compared by value (`30` and `30.0` are one number) and empty arrays treated as
/// absent: what serde writes back for the same data.
fn normalise(v: &Value) -> Value {
    match v {
        Value::Number(n) => n
            .as_f64()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Null, Value::Number),
        Value::Array(items) => Value::Array(items.iter().map(normalise).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !matches!(v, Value::Array(a) if a.is_empty()))
                .map(|(k, v)| (k.clone(), normalise(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[tokio::test]
async fn search_parses_the_2022_fixture() {
    let server = TestServer::start().await;
    let page = client(server.config())
        .search(&dresses())
        .await
        .expect("search");

    assert_eq!(page.metadata.total, 12873);
    assert_eq!(page.metadata.limit, 3);
    assert_eq!(
        page.metadata.category.as_ref().map(|c| c.id.as_str()),
        Some("dresses")
    );
    assert_eq!(
        page.metadata.extra.get("showSizeFilter"),
        Some(&Value::Bool(true))
    );
    assert_eq!(page.products.len(), 3);

    let [sale, plain, old] = &page.products[..] else {
        panic!("three products");
    };
    // Product ids: numbers (2022) and a string (older years).
    assert_eq!(sale.id, FlexId::Num(807465829));
    assert_eq!(old.id, FlexId::Str("588419335".to_owned()));
    // Brand, retailer, colour and size ids both ways.
    let brand = |p: &sss_core::upstream::wire::SsProduct| p.brand.as_ref().map(|b| b.id.clone());
    assert_eq!(brand(sale), Some(FlexId::Str("3226".to_owned())));
    assert_eq!(brand(plain), Some(FlexId::Num(27316)));
    assert_eq!(
        plain.retailer.as_ref().map(|r| r.id.clone()),
        Some(FlexId::Num(2047))
    );
    assert_eq!(
        sale.colors[0].canonical_colors[0].id,
        FlexId::Str("16".to_owned())
    );
    assert_eq!(plain.colors[0].canonical_colors[0].id, FlexId::Num(3));
    assert_eq!(
        sale.sizes[0].canonical_size.as_ref().map(|s| s.id.clone()),
        Some(FlexId::Str("73".to_owned()))
    );
    assert_eq!(
        plain.sizes[0].canonical_size.as_ref().map(|s| s.id.clone()),
        Some(FlexId::Num(361))
    );
    // On sale and not.
    assert_eq!(sale.sale_price, Some(173.6));
    assert_eq!(sale.sale_price_label.as_deref(), Some("$173.60"));
    assert_eq!(sale.discount, Some(30.0));
    assert_eq!(sale.is_on_sale, Some(true));
    assert_eq!(plain.sale_price, None);
    assert_eq!(plain.sale_price_label, None);
    assert_eq!(plain.is_on_sale, Some(false));
    // The Original size has no width or height.
    let original = &sale.image.as_ref().expect("image").sizes["Original"];
    assert_eq!((original.width, original.height), (None, None));
    assert!(
        original
            .url
            .starts_with("https://img.shopstyle-cdn.com/pim/")
    );
    let best = &sale.image.as_ref().expect("image").sizes["Best"];
    assert_eq!((best.width, best.height), (Some(720), Some(900)));
    // Older fields and unknown fields.
    assert_eq!(plain.favorite_count, Some(12));
    assert!(plain.page_url.is_some());
    assert_eq!(sale.extra.get("preOwned"), Some(&Value::Bool(false)));
    assert_eq!(sale.extra.get("rental"), Some(&Value::Bool(false)));

    // Written back, it is the recorded response again: unknown fields travel on.
    let written = serde_json::to_value(&page).expect("serialise");
    let recorded: Value = serde_json::from_str(PRODUCTS).expect("fixture");
    assert_eq!(normalise(&written), normalise(&recorded));
    let again: SsSearchResponse = serde_json::from_value(written).expect("parse again");
    assert_eq!(again, page);
}

#[tokio::test]
async fn search_sends_every_parameter() {
    let server = TestServer::start().await;
    let req = SearchRequest {
        cat: Some("womens-boots-ankle".to_owned()),
        fts: Some("blue suede & leather".to_owned()),
        fl: vec!["b3226".to_owned(), "r1405".to_owned(), "d0".to_owned()],
        sort: Some("PriceLoHi".to_owned()),
        offset: 40,
        limit: 20,
    };
    client(server.config()).search(&req).await.expect("search");

    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].path, "/api/v2/products");
    let raw = &seen[0].query;
    assert!(raw.contains("fl=b3226&fl=r1405&fl=d0"), "{raw}");
    assert!(!raw.contains("fl%5B%5D") && !raw.contains("fl[]"), "{raw}");
    let pairs = seen[0].pairs();
    let get = |k: &str| -> Vec<&str> {
        pairs
            .iter()
            .filter(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
            .collect()
    };
    assert_eq!(get("pid"), [PID]);
    assert_eq!(get("cat"), ["womens-boots-ankle"]);
    assert_eq!(get("fts"), ["blue suede & leather"]);
    assert_eq!(get("fl"), ["b3226", "r1405", "d0"]);
    assert_eq!(get("sort"), ["PriceLoHi"]);
    assert_eq!(get("offset"), ["40"]);
    assert_eq!(get("limit"), ["20"]);
    assert_eq!(pairs.len(), 9);

    // Relevance (no sort) and blank parameters are left out.
    let bare = SearchRequest {
        fts: Some("jeans".to_owned()),
        cat: Some("  ".to_owned()),
        ..SearchRequest::default()
    };
    client(server.config()).search(&bare).await.expect("search");
    let keys: Vec<String> = server.seen()[1]
        .pairs()
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    assert_eq!(keys, ["pid", "fts", "offset"]);
}

#[tokio::test]
async fn product_by_id_and_not_found() {
    let server = TestServer::start().await;
    let c = client(server.config());
    let product = c.product("807465829").await.expect("call").expect("found");
    assert_eq!(product.id, FlexId::Num(807465829));
    assert_eq!(product.sale_price, Some(173.6));
    let old = c.product("588419335").await.expect("call").expect("found");
    assert_eq!(old.id, FlexId::Str("588419335".to_owned()));
    assert_eq!(c.product("1").await, Ok(None));
    // An id is one path segment, whatever it holds.
    assert_eq!(c.product("a/b?c").await, Ok(None));
    assert_eq!(server.seen()[3].path, "/api/v2/products/a%2Fb%3Fc");
    // ShopStyle's error body with code 404 on HTTP 200 also means "no such product".
    server.push(Reply::new(
        200,
        r#"{"errorCode":"404","errorName":"NotFound","errorMessage":"no product"}"#,
    ));
    assert_eq!(c.product("2").await, Ok(None));
    assert_eq!(server.count(), 5);
}

#[tokio::test]
async fn categories_parse() {
    let server = TestServer::start().await;
    let c = client(server.config());
    let tree = c.categories().await.expect("categories");
    assert_eq!(tree.metadata.root.id, "clothes-shoes-and-jewelry");
    assert_eq!(tree.metadata.max_depth, 3);
    let ids: Vec<&str> = tree.categories.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "women",
            "womens-clothes",
            "dresses",
            "day-dresses",
            "womens-shoes",
            "men"
        ]
    );
    let dresses = &tree.categories[2];
    assert_eq!(dresses.parent_id.as_deref(), Some("womens-clothes"));
    assert_eq!(dresses.product_count, None);
    assert!(dresses.extra.contains_key("localizedIds"));
    assert_eq!(dresses.to_category().name, "Dresses");

    c.categories_under(Some("women"), Some(2))
        .await
        .expect("categories");
    let pairs = server.seen()[1].pairs();
    assert!(pairs.contains(&("cat".to_owned(), "women".to_owned())));
    assert!(pairs.contains(&("depth".to_owned(), "2".to_owned())));
}

#[tokio::test]
async fn error_body_on_401_is_an_api_error_and_not_retried() {
    let server = TestServer::start().await;
    server.always(Some(Reply::new(401, ERROR_401)));
    let err = client(server.config())
        .search(&dresses())
        .await
        .expect_err("401");
    let UpstreamError::Api {
        status,
        code,
        name,
        message,
        url,
    } = &err
    else {
        panic!("not an Api error: {err:?}");
    };
    assert_eq!(
        (*status, code.as_str(), name.as_str(), message.as_str()),
        (401, "401", "MissingPartnerId", "pid is required")
    );
    assert!(url.contains("/api/v2/products?pid=REDACTED"), "{url}");
    assert!(err.is_rejection() && !err.is_transient());
    assert_eq!(server.count(), 1, "a rejection is not retried");
}

#[tokio::test]
async fn error_body_on_200_is_an_api_error() {
    let server = TestServer::start().await;
    server.always(Some(Reply::new(200, ERROR_200)));
    let err = client(server.config())
        .search(&dresses())
        .await
        .expect_err("error body");
    assert!(
        matches!(&err, UpstreamError::Api { status: 200, name, message, .. }
            if name == "InvalidParameter" && message == "limit must be between 0 and 100"),
        "{err:?}"
    );
    assert!(err.is_rejection(), "errorCode 400 classifies it");
    assert!(err.to_string().contains("InvalidParameter"));
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn server_errors_are_retried_then_succeed() {
    let server = TestServer::start().await;
    server.push(Reply::text(503, "<html>busy</html>"));
    server.push(Reply::new(
        500,
        r#"{"errorCode":500,"errorName":"InternalError","errorMessage":"try later"}"#,
    ));
    let page = client(server.config())
        .search(&dresses())
        .await
        .expect("third time lucky");
    assert_eq!(page.products.len(), 3);
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn retries_stop_after_max_retries() {
    let server = TestServer::start().await;
    server.always(Some(Reply::text(502, "<html>Bad Gateway</html>")));
    let mut cfg = server.config();
    cfg.max_retries = 3;
    let err = client(cfg).search(&dresses()).await.expect_err("502");
    assert!(
        matches!(&err, UpstreamError::Status { status: 502, snippet, .. } if snippet.contains("Bad Gateway")),
        "{err:?}"
    );
    assert!(err.is_transient());
    assert_eq!(server.count(), 4);
}

#[tokio::test]
async fn rejections_are_not_retried() {
    let server = TestServer::start().await;
    let c = client(server.config());
    server.push(Reply::text(400, "bad request"));
    let err = c.search(&dresses()).await.expect_err("400");
    assert!(
        matches!(&err, UpstreamError::Status { status: 400, snippet, .. } if snippet == "bad request"),
        "{err:?}"
    );
    assert_eq!(server.count(), 1);
    server.push(Reply::text(403, "forbidden"));
    let err = c.categories().await.expect_err("403");
    assert!(err.is_rejection());
    assert_eq!(server.count(), 2);
    // A redirect is not followed (the partner id stays with the configured host).
    server.push(Reply::text(301, "").header("location", "http://elsewhere.example/api/v2"));
    let err = c.categories().await.expect_err("301");
    assert!(
        matches!(&err, UpstreamError::Status { status: 301, snippet, .. } if snippet.contains("elsewhere.example")),
        "{err:?}"
    );
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn retry_after_is_honoured_within_the_cap() {
    let server = TestServer::start().await;
    let mut cfg = server.config();
    cfg.retry_max_delay = Duration::from_secs(2);
    let c = client(cfg);

    server.push(Reply::new(429, "{}").header("retry-after", "1"));
    let started = Instant::now();
    c.search(&dresses()).await.expect("retried after 1 s");
    assert!(started.elapsed() >= Duration::from_millis(950));
    assert_eq!(server.count(), 2);

    // Asked to wait longer than the cap: the 429 is returned, not waited out.
    server.push(Reply::new(429, "{}").header("retry-after", "120"));
    let started = Instant::now();
    let err = c.search(&dresses()).await.expect_err("429");
    assert!(matches!(err, UpstreamError::Status { status: 429, .. }));
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn unreadable_bodies_say_what_came() {
    let server = TestServer::start().await;
    let c = client(server.config());
    server.push(Reply::text(200, "<html><body>Service moved</body></html>"));
    let err = c.search(&dresses()).await.expect_err("html");
    assert!(
        matches!(&err, UpstreamError::Decode { message, .. } if message.contains("<html><body>Service moved")),
        "{err:?}"
    );
    assert!(!err.is_transient());
    assert_eq!(server.count(), 1, "a decode error is not retried");

    server.push(Reply::new(200, r#"{"id": true}"#));
    let err = c.product("1").await.expect_err("bad product");
    assert!(matches!(err, UpstreamError::Decode { .. }), "{err:?}");
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let server = TestServer::start().await;
    let mut cfg = server.config();
    cfg.max_body_bytes = 2048;
    let c = client(cfg);
    // Announced by Content-Length, and streamed without one.
    for reply in [
        Reply::new(200, PRODUCTS),
        Reply::new(200, PRODUCTS).chunked(),
    ] {
        server.push(reply);
        let err = c.search(&dresses()).await.expect_err("too big");
        assert!(
            matches!(&err, UpstreamError::Decode { message, .. } if message.contains("max_body_bytes")),
            "{err:?}"
        );
    }
    // A streamed body under the limit is read whole.
    let mut cfg = server.config();
    cfg.max_body_bytes = 1 << 20;
    server.push(Reply::new(200, PRODUCTS).chunked());
    let page = client(cfg).search(&dresses()).await.expect("chunked");
    assert_eq!(page.products.len(), 3);
}

#[tokio::test]
async fn timeout_is_bounded() {
    let server = TestServer::start().await;
    server.always(Some(
        Reply::new(200, PRODUCTS).after(Duration::from_secs(5)),
    ));
    let mut cfg = server.config();
    cfg.timeout = Duration::from_millis(300);
    cfg.max_retries = 1;
    let started = Instant::now();
    let err = client(cfg).search(&dresses()).await.expect_err("timeout");
    let took = started.elapsed();
    assert!(
        matches!(
            err,
            UpstreamError::Timeout {
                timeout_ms: 300,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.is_transient());
    // Two attempts of 300 ms and a backoff of at most 50 ms, with room for a busy machine.
    assert!(took >= Duration::from_millis(600), "{took:?}");
    assert!(took < Duration::from_secs(3), "{took:?}");
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn connection_refused_is_a_connect_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    let mut cfg = UpstreamConfig::new(format!("http://{addr}/api/v2"), PID);
    cfg.rate_limit_per_minute = 0;
    cfg.retry_base_delay = Duration::from_millis(1);
    cfg.retry_max_delay = Duration::from_millis(5);
    let err = client(cfg).search(&dresses()).await.expect_err("refused");
    assert!(
        matches!(&err, UpstreamError::Connect { url, .. } if url.contains(&addr.to_string())),
        "{err:?}"
    );
    assert!(err.is_transient());
    assert!(!err.to_string().contains(PID));
}

#[tokio::test]
async fn circuit_opens_after_failures_then_fails_fast_and_recovers() {
    let server = TestServer::start().await;
    server.always(Some(Reply::text(500, "down")));
    let mut cfg = server.config();
    cfg.max_retries = 0;
    cfg.breaker_threshold = 3;
    cfg.breaker_cooldown = Duration::from_millis(300);
    let c = client(cfg);
    // Clones share the breaker.
    for _ in 0..3 {
        let err = c.clone().search(&dresses()).await.expect_err("500");
        assert!(matches!(err, UpstreamError::Status { status: 500, .. }));
    }
    assert_eq!(server.count(), 3);

    let started = Instant::now();
    let err = c.search(&dresses()).await.expect_err("open");
    assert!(
        matches!(&err, UpstreamError::CircuitOpen { retry_in_ms, url } if *retry_in_ms <= 300 && url.contains("pid=REDACTED")),
        "{err:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(1), "fails fast");
    assert_eq!(server.count(), 3, "no call while open");

    // After the cool-down one trial goes through; the upstream is back, so the circuit closes.
    server.always(None);
    tokio::time::sleep(Duration::from_millis(350)).await;
    c.search(&dresses()).await.expect("trial call");
    c.search(&dresses()).await.expect("closed again");
    assert_eq!(server.count(), 5);
}

#[tokio::test]
async fn breaker_stops_retries_once_open() {
    let server = TestServer::start().await;
    server.always(Some(Reply::text(503, "down")));
    let mut cfg = server.config();
    cfg.max_retries = 5;
    cfg.breaker_threshold = 2;
    let err = client(cfg).search(&dresses()).await.expect_err("503");
    // The last real error, not CircuitOpen, after the breaker cut the retries short.
    assert!(
        matches!(err, UpstreamError::Status { status: 503, .. }),
        "{err:?}"
    );
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn rate_limit_spaces_calls() {
    let server = TestServer::start().await;
    let mut cfg = server.config();
    cfg.rate_limit_per_minute = 600; // one call per 100 ms
    let c = client(cfg);
    let started = Instant::now();
    let calls = (0..5).map(|_| {
        let c = c.clone();
        async move { c.search(&dresses()).await.map(|_| Instant::now()) }
    });
    let results = futures_util::future::join_all(calls).await;
    let took = started.elapsed();
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    // Five calls take at least four intervals; the lower bound cannot flake on a slow machine.
    assert!(took >= Duration::from_millis(390), "{took:?}");
    assert!(took < Duration::from_secs(10), "{took:?}");
    assert_eq!(server.count(), 5);
}

#[tokio::test]
async fn rate_limit_refuses_waits_beyond_the_bound() {
    let server = TestServer::start().await;
    let mut cfg = server.config();
    cfg.rate_limit_per_minute = 60;
    cfg.rate_limit_max_wait = Duration::from_millis(100);
    let c = client(cfg);
    c.search(&dresses()).await.expect("first call");
    let err = c.search(&dresses()).await.expect_err("over the rate");
    assert!(
        matches!(&err, UpstreamError::RateLimited { retry_in_ms, .. } if *retry_in_ms > 100),
        "{err:?}"
    );
    assert_eq!(server.count(), 1, "no call was made");
}

#[test]
fn invalid_settings_name_the_setting() {
    let err =
        ShopStyleClient::with_base_url("ftp://api.shopstyle.com/api/v2", PID).expect_err("ftp");
    assert!(
        matches!(err, UpstreamConfigError::BaseUrl { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("base_url"));
    let err =
        ShopStyleClient::with_base_url("https://api.shopstyle.com/api/v2", "").expect_err("no pid");
    assert_eq!(err, UpstreamConfigError::MissingPid);
    let mut cfg = UpstreamConfig::new("https://api.shopstyle.com/api/v2", PID);
    cfg.breaker_cooldown = Duration::ZERO;
    let err = ShopStyleClient::new(cfg).expect_err("cooldown");
    assert!(err.to_string().contains("breaker_cooldown"), "{err}");
}

/// Captures what a `tracing` subscriber writes.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Capture {
    fn text(&self) -> String {
        let bytes = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

#[tokio::test]
async fn pid_is_never_shown() {
    let logs = Capture::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer({
            let logs = logs.clone();
            move || logs.clone()
        })
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = TestServer::start().await;
    let mut cfg = server.config();
    cfg.breaker_threshold = 3;
    let c = client(cfg.clone());
    assert!(!format!("{cfg:?}").contains(PID), "{cfg:?}");
    assert!(format!("{cfg:?}").contains("<redacted>"));
    assert!(!format!("{c:?}").contains(PID), "{c:?}");

    let mut errors = Vec::new();
    // ShopStyle's error body quoting the partner id.
    server.push(Reply::new(
        403,
        format!(r#"{{"errorCode":403,"errorName":"InvalidPartnerId","errorMessage":"unknown pid {PID}"}}"#),
    ));
    errors.push(c.search(&dresses()).await.expect_err("403"));
    // A body that does not parse, whose parse error quotes it.
    server.push(Reply::new(200, format!(r#"{{"metadata": "{PID}"}}"#)));
    errors.push(c.search(&dresses()).await.expect_err("decode"));
    // An upstream (or proxy) that echoes the request back in its error body, retried until
    // the breaker opens.
    for _ in 0..3 {
        server.push(Reply::text(502, "bad gateway for ").echo_query());
    }
    errors.push(c.search(&dresses()).await.expect_err("502"));
    errors.push(c.search(&dresses()).await.expect_err("open"));
    // A timeout.
    let mut slow = server.config();
    slow.timeout = Duration::from_millis(100);
    slow.max_retries = 0;
    server.always(Some(Reply::new(200, "{}").after(Duration::from_secs(2))));
    errors.push(client(slow).search(&dresses()).await.expect_err("timeout"));

    for err in &errors {
        let shown = format!("{err} / {err:?}");
        assert!(!shown.contains(PID), "{shown}");
        assert!(shown.contains("pid=REDACTED"), "{shown}");
    }
    assert!(
        matches!(&errors[0], UpstreamError::Api { message, .. } if message == "unknown pid REDACTED")
    );
    assert!(matches!(errors[1], UpstreamError::Decode { .. }));
    assert!(
        matches!(&errors[2], UpstreamError::Status { status: 502, snippet, .. } if snippet.contains("pid=REDACTED"))
    );
    assert!(matches!(errors[3], UpstreamError::CircuitOpen { .. }));
    assert!(matches!(errors[4], UpstreamError::Timeout { .. }));

    let text = logs.text();
    assert!(text.contains("retrying"), "{text}");
    assert!(text.contains("circuit opened"), "{text}");
    assert!(text.contains("pid=REDACTED"), "{text}");
    assert!(!text.contains(PID), "{text}");
}
