//! Compressed pages end to end: content negotiation of `Accept-Encoding`, ETags and 304 per
//! representation, HEAD, the compressed value in Redis, and pages written in the earlier,
//! uncompressed format (a rolling upgrade).
//!
//! The HTTP client here never decompresses by itself (`no_gzip`): each request says exactly
//! what it accepts, and each gzip body is decoded by hand, checking its CRC-32 and length.

mod common;

use std::time::Duration;

use common::stack::Split;
use common::{Scratch, Server};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde_json::Value;
use sss_core::cache::{RedisCache, SharedCache};
use sss_core::domain::SearchQuery;

const BROWSER: &str = "gzip, deflate, br, zstd";

async fn embedded() -> Server {
    Server::start(common::embedded_router(&[]).await).await
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_gzip()
        .build()
        .expect("client")
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body as JSON, gunzipped when it says it is gzip.
    fn json(&self) -> Value {
        let bytes = match self.header("content-encoding") {
            Some("gzip") => gunzip(&self.body),
            None => self.body.clone(),
            Some(other) => panic!("unexpected Content-Encoding {other}"),
        };
        serde_json::from_slice(&bytes).expect("JSON")
    }
}

fn gunzip(body: &[u8]) -> Vec<u8> {
    sss_core::service::gzip::decompress_whole(body).expect("a valid gzip body")
}

async fn send(
    c: &reqwest::Client,
    method: reqwest::Method,
    url: &str,
    headers: &[(&str, &str)],
) -> Answer {
    let mut req = c.request(method, url);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let r = req.send().await.expect("request");
    let status = r.status();
    let headers = r.headers().clone();
    let body = r.bytes().await.expect("body").to_vec();
    Answer {
        status,
        headers,
        body,
    }
}

async fn get(c: &reqwest::Client, url: &str, headers: &[(&str, &str)]) -> Answer {
    send(c, reqwest::Method::GET, url, headers).await
}

/// What must not differ between two answers of one page: all but the `cache` object.
fn page_content(mut v: Value) -> Value {
    v.as_object_mut().map(|o| o.remove("cache"));
    v
}

#[tokio::test]
async fn a_browser_gets_gzip_that_decodes_to_the_same_json() {
    let s = embedded().await;
    let c = client();
    let url = format!("{}/api/v1/products?cat=dresses&limit=50", s.url());
    let miss = get(&c, &url, &[("accept-encoding", BROWSER)]).await;
    assert_eq!(miss.status, StatusCode::OK);
    assert_eq!(miss.header("x-cache"), Some("MISS"));
    assert_eq!(miss.header("content-encoding"), Some("gzip"));
    let hit = get(&c, &url, &[("accept-encoding", BROWSER)]).await;
    assert_eq!(hit.header("x-cache"), Some("HIT"));
    assert_eq!(hit.header("content-encoding"), Some("gzip"));
    assert_eq!(hit.header("vary"), Some("accept-encoding"));
    assert_eq!(
        hit.header("content-length"),
        Some(hit.body.len().to_string().as_str()),
        "an exact Content-Length"
    );
    let plain = get(&c, &url, &[]).await;
    assert_eq!(plain.header("content-encoding"), None);
    assert_eq!(plain.header("vary"), Some("accept-encoding"));
    assert!(
        hit.body.len() * 4 < plain.body.len(),
        "{} gzip bytes for {} of JSON",
        hit.body.len(),
        plain.body.len()
    );
    let (gz, id) = (hit.json(), plain.json());
    assert_eq!(gz["cache"]["status"], "hit");
    assert_eq!(gz["products"].as_array().map(Vec::len), Some(50));
    assert_eq!(page_content(gz), page_content(id));
}

#[tokio::test]
async fn the_negotiation_matrix_over_http() {
    let s = embedded().await;
    let c = client();
    let url = format!("{}/api/v1/products?cat=jeans&limit=5", s.url());
    let cases: [(Option<&str>, Option<&str>); 9] = [
        (None, None),
        (Some("gzip"), Some("gzip")),
        (Some("br"), None),
        (Some("identity"), None),
        (Some("gzip;q=0"), None),
        (Some("gzip;q=0, identity"), None),
        (Some("*"), Some("gzip")),
        (Some("*;q=0"), None),
        (Some("identity;q=0.5, gzip;q=0.8"), Some("gzip")),
    ];
    let mut seen = Vec::new();
    for (accept, expected) in cases {
        let headers: Vec<(&str, &str)> =
            accept.map(|a| ("accept-encoding", a)).into_iter().collect();
        let a = get(&c, &url, &headers).await;
        assert_eq!(a.status, StatusCode::OK, "Accept-Encoding {accept:?}");
        assert_eq!(
            a.header("content-encoding"),
            expected,
            "Accept-Encoding {accept:?}"
        );
        assert_eq!(a.header("vary"), Some("accept-encoding"));
        seen.push(page_content(a.json()));
    }
    assert!(
        seen.windows(2).all(|w| w[0] == w[1]),
        "every representation holds the same page"
    );
}

#[tokio::test]
async fn etags_and_304_are_per_representation_and_head_works() {
    let s = embedded().await;
    let c = client();
    let url = format!("{}/api/v1/products?cat=skirts&limit=10", s.url());
    let gz = get(&c, &url, &[("accept-encoding", "gzip")]).await;
    let id = get(&c, &url, &[]).await;
    let gz_tag = gz.header("etag").expect("gzip ETag").to_owned();
    let id_tag = id.header("etag").expect("identity ETag").to_owned();
    assert_ne!(gz_tag, id_tag, "two representations, two validators");
    assert!(gz_tag.starts_with("W/\"") && id_tag.starts_with("W/\""));

    let not_modified = get(
        &c,
        &url,
        &[("accept-encoding", "gzip"), ("if-none-match", &gz_tag)],
    )
    .await;
    assert_eq!(not_modified.status, StatusCode::NOT_MODIFIED);
    assert_eq!(not_modified.header("etag"), Some(gz_tag.as_str()));
    assert_eq!(not_modified.header("vary"), Some("accept-encoding"));
    assert!(not_modified.body.is_empty());
    let id_304 = get(&c, &url, &[("if-none-match", &id_tag)]).await;
    assert_eq!(id_304.status, StatusCode::NOT_MODIFIED);
    // The other representation's tag does not validate this one.
    let crossed = get(
        &c,
        &url,
        &[("accept-encoding", "gzip"), ("if-none-match", &id_tag)],
    )
    .await;
    assert_eq!(crossed.status, StatusCode::OK);
    assert_eq!(crossed.header("content-encoding"), Some("gzip"));
    let crossed = get(&c, &url, &[("if-none-match", &gz_tag)]).await;
    assert_eq!(crossed.status, StatusCode::OK);
    assert_eq!(crossed.header("content-encoding"), None);

    let head = send(
        &c,
        reqwest::Method::HEAD,
        &url,
        &[("accept-encoding", "gzip")],
    )
    .await;
    assert_eq!(head.status, StatusCode::OK);
    assert_eq!(head.header("content-encoding"), Some("gzip"));
    assert_eq!(head.header("etag"), Some(gz_tag.as_str()));
    assert!(head.body.is_empty());
    let gz_len: usize = head
        .header("content-length")
        .and_then(|v| v.parse().ok())
        .expect("HEAD has a Content-Length");
    // The same page compressed, with a `cache` object of the same length (HIT, age 0).
    let again = get(&c, &url, &[("accept-encoding", "gzip")]).await;
    assert_eq!(gz_len, again.body.len());
}

#[tokio::test]
async fn categories_and_the_original_route_are_compressed_too() {
    let s = embedded().await;
    let c = client();
    for path in [
        "/api/v1/categories",
        "/api/v1/items/dresses/0/20",
        "/api/v1/items/dresses/20/40",
    ] {
        let url = format!("{}{path}", s.url());
        let gz = get(&c, &url, &[("accept-encoding", BROWSER)]).await;
        assert_eq!(gz.status, StatusCode::OK, "{path}");
        assert_eq!(gz.header("content-encoding"), Some("gzip"), "{path}");
        assert_eq!(gz.header("vary"), Some("accept-encoding"), "{path}");
        let id = get(&c, &url, &[]).await;
        assert_eq!(id.header("content-encoding"), None, "{path}");
        assert_eq!(gz.json(), id.json(), "{path}");
        let tag = gz.header("etag").expect("ETag").to_owned();
        let again = get(
            &c,
            &url,
            &[("accept-encoding", "gzip"), ("if-none-match", &tag)],
        )
        .await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{path}");
    }
}

#[tokio::test]
async fn redis_holds_the_page_compressed() {
    let dir = Scratch::new("gzip-redis");
    let (catalog, split) = Split::over_new_catalog(&dir).await;
    let c = client();
    let url = format!("{}/api/v1/products?cat=dresses&limit=50", split.api.url());
    let plain = get(&c, &url, &[]).await;
    assert_eq!(plain.header("x-cache"), Some("MISS"));

    let redis = RedisCache::new(&common::redis_url()).expect("redis");
    let value = redis
        .get(&split.key(&[("cat", "dresses"), ("limit", "50")]))
        .await
        .expect("redis get")
        .expect("the page is in Redis");
    assert_eq!(&value[..4], b"SSS2", "the current format");
    // The value holds a gzip member after its 37-byte header.
    assert_eq!(&value[37..39], &[0x1f, 0x8b]);
    assert!(
        value.len() * 4 < plain.body.len(),
        "{} bytes in Redis for a {}-byte page",
        value.len(),
        plain.body.len()
    );

    // Another api replica (no L1 copy yet) answers both forms from the Redis value alone.
    let other = split.another_api().await;
    let url = format!("{}/api/v1/products?cat=dresses&limit=50", other.url());
    let id = get(&c, &url, &[]).await;
    assert_eq!(id.header("x-cache"), Some("HIT"));
    let gz = get(&c, &url, &[("accept-encoding", "gzip")]).await;
    assert_eq!(gz.header("content-encoding"), Some("gzip"));
    assert_eq!(page_content(gz.json()), page_content(plain.json()));
    assert_eq!(page_content(id.json()), page_content(plain.json()));
    assert_eq!(catalog.product_searches().await, 1);
}

#[tokio::test]
async fn a_page_in_the_earlier_format_is_answered_in_both_forms() {
    let dir = Scratch::new("gzip-v1");
    let (catalog, split) = Split::over_new_catalog(&dir).await;
    let c = client();
    // What an earlier poller wrote: SSS1, shape, fetchedAt, ETag, then the JSON itself.
    let body = br#"{"query":{"cat":"dresses","sort":"relevance","offset":0,"limit":1},"total":1,"offset":0,"limit":1,"products":[{"id":"7","name":"An old page"}]"#;
    let mut v1 = b"SSS1".to_vec();
    v1.push(0);
    v1.extend_from_slice(&sss_core::service::now_ms().to_be_bytes());
    v1.extend_from_slice(b"0123456789abcdef");
    v1.extend_from_slice(body);
    let redis = RedisCache::new(&common::redis_url()).expect("redis");
    let k = split.key(&[("cat", "dresses"), ("limit", "1")]);
    redis
        .set(&k, v1.into(), Duration::from_secs(60))
        .await
        .expect("redis set");

    let url = format!("{}/api/v1/products?cat=dresses&limit=1", split.api.url());
    let gz = get(&c, &url, &[("accept-encoding", "gzip")]).await;
    assert_eq!(gz.status, StatusCode::OK);
    assert_eq!(gz.header("x-cache"), Some("HIT"));
    assert_eq!(gz.header("content-encoding"), Some("gzip"));
    assert_eq!(gz.header("etag"), Some("W/\"0123456789abcdef-gz\""));
    let id = get(&c, &url, &[]).await;
    assert_eq!(id.header("etag"), Some("W/\"0123456789abcdef\""));
    for page in [gz.json(), id.json()] {
        assert_eq!(page["products"][0]["name"], "An old page");
        assert_eq!(page["cache"]["status"], "hit");
    }
    assert_eq!(catalog.product_searches().await, 0, "answered from Redis");
}

#[tokio::test]
async fn an_earlier_api_gets_the_uncompressed_body_from_the_poller() {
    let dir = Scratch::new("gzip-old-api");
    let (catalog, split) = Split::over_new_catalog(&dir).await;
    let c = client();
    let fetch = format!("{}/internal/v1/fetch", split.poller_server.url());
    let req = sss_core::service::FetchRequest {
        query: SearchQuery::from_params([("cat", "jeans"), ("limit", "3")]).expect("query"),
        shape: sss_core::service::Shape::Page,
        refresh: false,
    };
    // An earlier api sends no page format: the body is the page JSON without its closing
    // brace, as before.
    let old = c.post(&fetch).json(&req).send().await.expect("fetch");
    assert_eq!(old.status(), StatusCode::OK);
    assert!(old.headers().get("x-sss-page-format").is_none());
    let mut body = old.bytes().await.expect("body").to_vec();
    body.push(b'}');
    let page: Value = serde_json::from_slice(&body).expect("the page JSON");
    assert_eq!(page["products"].as_array().map(Vec::len), Some(3));
    // The current api asks for the encoded page.
    let new = c
        .post(&fetch)
        .header("x-sss-page-format", "sss2")
        .json(&req)
        .send()
        .await
        .expect("fetch");
    assert_eq!(
        new.headers()
            .get("x-sss-page-format")
            .and_then(|v| v.to_str().ok()),
        Some("sss2")
    );
    let encoded = new.bytes().await.expect("body");
    assert_eq!(&encoded[..4], b"SSS2");
    assert_eq!(catalog.product_searches().await, 1, "one fill for both");
}
