//! The embedded default (`sss-daemon` with no flags): api + poller + bundled catalog in one
//! process, in-process cache and store, served on a free loopback port and asked over HTTP.

mod common;

use clap::Parser;
use common::{Scratch, Server};
use reqwest::StatusCode;
use serde_json::Value;
use sss_daemon::cli::Cli;

async fn start(extra: &[&str]) -> (Server, reqwest::Client) {
    // The store's folder goes as soon as the store is open: the open file lives on.
    let data = Scratch::new("embedded");
    let mut argv = vec![
        "sss-daemon",
        "--web-dir",
        concat!(env!("CARGO_MANIFEST_DIR"), "/../web"),
        "--data-dir",
        data.0.to_str().expect("a UTF-8 temp dir"),
    ];
    argv.extend_from_slice(extra);
    let cli = Cli::try_parse_from(argv).expect("args");
    let (_state, router) = sss_daemon::serve::build(&cli.serve).await.expect("build");
    drop(data);
    (Server::start(router).await, reqwest::Client::new())
}

async fn get(
    client: &reqwest::Client,
    url: String,
) -> (StatusCode, reqwest::header::HeaderMap, Value) {
    let r = client.get(url).send().await.expect("request");
    let status = r.status();
    let headers = r.headers().clone();
    let body = r.json::<Value>().await.unwrap_or(Value::Null);
    (status, headers, body)
}

fn x_cache(h: &reqwest::header::HeaderMap) -> &str {
    h.get("x-cache").and_then(|v| v.to_str().ok()).unwrap_or("")
}

#[tokio::test]
async fn a_search_misses_then_hits_with_real_products() {
    let (s, c) = start(&[]).await;
    let url = format!("{}/api/v1/products?cat=dresses&limit=20", s.url());
    let (st, h, body) = get(&c, url.clone()).await;
    assert_eq!(st, StatusCode::OK, "{body}");
    assert_eq!(x_cache(&h), "MISS");
    assert_eq!(body["cache"]["status"], "miss");
    let products = body["products"].as_array().expect("products");
    assert_eq!(products.len(), 20);
    assert!(body["total"].as_u64().expect("total") >= 20);
    for p in products {
        assert!(
            p["id"].is_string() && p["name"].as_str().is_some_and(|n| !n.is_empty()),
            "{p}"
        );
        assert!(
            p["categories"].as_array().is_some_and(|c| !c.is_empty()),
            "{p}"
        );
    }
    assert!(h.get("etag").is_some() && h.get("x-request-id").is_some());

    let (st, h, again) = get(&c, url).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(x_cache(&h), "HIT");
    assert_eq!(again["products"], body["products"]);
    assert!(
        h["cache-control"]
            .to_str()
            .expect("ascii")
            .starts_with("public, max-age=")
    );
}

#[tokio::test]
async fn two_spellings_share_one_entry_and_etag_gives_304() {
    let (s, c) = start(&[]).await;
    let (_, h1, _) = get(
        &c,
        format!("{}/api/v1/products?fts=Blue%20JEANS&cat=jeans", s.url()),
    )
    .await;
    assert_eq!(x_cache(&h1), "MISS");
    let (_, h2, body) = get(
        &c,
        format!(
            "{}/api/v1/products?cat=jeans&fts=+blue++jeans+&limit=20&sort=relevance",
            s.url()
        ),
    )
    .await;
    assert_eq!(x_cache(&h2), "HIT", "{body}");
    assert_eq!(body["query"]["fts"], "blue jeans");

    let etag = h2["etag"].clone();
    let r = c
        .get(format!(
            "{}/api/v1/products?cat=jeans&fts=blue+jeans",
            s.url()
        ))
        .header("if-none-match", etag)
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn request_id_is_echoed_or_made() {
    let (s, c) = start(&[]).await;
    let r = c
        .get(format!("{}/healthz", s.url()))
        .header("x-request-id", "abc-123")
        .send()
        .await
        .expect("request");
    assert_eq!(r.headers()["x-request-id"], "abc-123");
    let made = |id: Option<&str>| {
        let mut req = c.get(format!("{}/healthz", s.url()));
        if let Some(id) = id {
            req = req.header("x-request-id", id);
        }
        async move {
            let r = req.send().await.expect("request");
            r.headers()["x-request-id"]
                .to_str()
                .expect("ascii")
                .to_owned()
        }
    };
    let first = made(None).await;
    let second = made(None).await;
    assert_eq!(first.len(), 16, "{first}");
    assert!(first.bytes().all(|b| b.is_ascii_hexdigit()), "{first}");
    assert_ne!(first, second);
    // An id unfit for logs (too long) is replaced by a new one.
    let long = "x".repeat(129);
    let replaced = made(Some(&long)).await;
    assert_ne!(replaced, long);
    assert_eq!(replaced.len(), 16, "{replaced}");
}

#[tokio::test]
async fn bad_parameters_get_a_400_naming_them() {
    let (s, c) = start(&[]).await;
    let cases = [
        ("cat=dresses&limit=101", "limit", "1..=100"),
        ("cat=dresses&offset=5001", "offset", "0..=5000"),
        ("cat=dresses&sort=cheapest", "sort", "price-asc"),
        ("limit=5", "cat", "fts"),
        ("cat=dresess", "cat", "dresses"),
        ("cat=dresses&minPrice=-1", "minPrice", "0"),
        ("cat=dresses&sale=maybe", "sale", "true"),
        ("cat=dresses&bogus=1", "bogus", "allowed"),
        ("fts=%FF", "fts", "UTF-8"),
        ("cat=women&offset=4950&limit=100", "offset", "5000"),
        ("cat=dresses&brand=abc", "brand", "number"),
        ("cat=dresses&color=blue", "color", "number"),
    ];
    for (q, param, hint) in cases {
        let (st, h, body) = get(&c, format!("{}/api/v1/products?{q}", s.url())).await;
        assert_eq!(st, StatusCode::BAD_REQUEST, "{q}: {body}");
        assert_eq!(h["content-type"], "application/json", "{q}");
        assert_eq!(body["error"]["code"], "invalid_parameter", "{q}");
        assert_eq!(body["error"]["parameter"], param, "{q}: {body}");
        let msg = body["error"]["message"].as_str().expect("message");
        assert!(msg.contains(hint), "{q}: {msg:?} lacks {hint:?}");
    }
}

#[tokio::test]
async fn categories_products_items_and_openapi() {
    let (s, c) = start(&[]).await;
    let (st, _, cats) = get(&c, format!("{}/api/v1/categories", s.url())).await;
    assert_eq!(st, StatusCode::OK);
    let list = cats["categories"].as_array().expect("categories");
    assert!(list.len() > 800, "{} categories", list.len());
    let ids: Vec<&str> = list.iter().filter_map(|c| c["id"].as_str()).collect();
    for id in [
        "women",
        "men",
        "dresses",
        "womens-boots-ankle",
        "casual-dresses",
    ] {
        assert!(ids.contains(&id), "{id} missing");
    }
    let etag = c
        .get(format!("{}/api/v1/categories", s.url()))
        .send()
        .await
        .expect("request")
        .headers()["etag"]
        .clone();
    let r = c
        .get(format!("{}/api/v1/categories", s.url()))
        .header("if-none-match", etag)
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::NOT_MODIFIED);
    let dresses = list.iter().find(|c| c["id"] == "dresses").expect("dresses");
    assert!(
        dresses["productCount"].as_u64().is_some_and(|n| n > 0),
        "{dresses}"
    );

    // An alias id of the newer taxonomy answers 200 (possibly empty), never an error.
    let (st, _, body) = get(
        &c,
        format!("{}/api/v1/products?cat=womens-boots-ankle", s.url()),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{body}");

    // One product, then the original route with raw products.
    let (_, _, page) = get(
        &c,
        format!("{}/api/v1/products?cat=dresses&limit=3", s.url()),
    )
    .await;
    let id = page["products"][0]["id"].as_str().expect("id").to_owned();
    let (st, _, product) = get(&c, format!("{}/api/v1/products/{id}", s.url())).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(product["id"], id.as_str());
    let (st, _, _) = get(&c, format!("{}/api/v1/products/999999999", s.url())).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _, _) = get(&c, format!("{}/api/v1/products/bad%20id", s.url())).await;
    assert_eq!(st, StatusCode::BAD_REQUEST);

    let (st, h, items) = get(&c, format!("{}/api/v1/items/dresses/0/3", s.url())).await;
    assert_eq!(st, StatusCode::OK, "{items}");
    assert_eq!(x_cache(&h), "MISS");
    let items = items.as_array().expect("a raw array");
    assert_eq!(items.len(), 3);
    assert!(items[0]["brand"].is_object() && items[0]["image"]["sizes"].is_object());
    let (st, _, _) = get(&c, format!("{}/api/v1/items/dresses/10/5", s.url())).await;
    assert_eq!(st, StatusCode::BAD_REQUEST);

    let (st, _, spec) = get(&c, format!("{}/api/openapi.json", s.url())).await;
    assert_eq!(st, StatusCode::OK);
    assert!(
        spec["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.1"))
    );
    for route in [
        "/api/v1/products",
        "/api/v1/products/{id}",
        "/api/v1/categories",
        "/api/v1/items/{category}/{sid}/{eid}",
        "/healthz",
        "/readyz",
        "/metrics",
        "/api/openapi.json",
    ] {
        assert!(
            spec["paths"][route].is_object(),
            "{route} not in the OpenAPI document"
        );
    }
    // A page states how its text matched and, after a typo, the text as understood.
    let page = &spec["components"]["schemas"]["SearchPage"]["properties"];
    for field in ["match", "corrected"] {
        assert!(page[field].is_object(), "{field} not in SearchPage: {page}");
    }
}

#[tokio::test]
async fn health_ready_metrics_and_unknown_routes() {
    let (s, c) = start(&[]).await;
    let (st, _, ready) = get(&c, format!("{}/readyz", s.url())).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(ready["status"], "ready", "{ready}");
    let _ = get(&c, format!("{}/api/v1/products?cat=jeans", s.url())).await;
    let _ = get(&c, format!("{}/api/v1/products?cat=jeans", s.url())).await;
    let text = c
        .get(format!("{}/metrics", s.url()))
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text");
    assert!(
        text.contains("sss_http_requests_total{route=\"/api/v1/products\",status=\"200\"} 2"),
        "{text}"
    );
    assert!(
        text.contains("sss_fills_total{source=\"upstream\"} 1"),
        "{text}"
    );
    assert!(text.contains("sss_write_queue_depth"), "{text}");
    let (st, _, body) = get(&c, format!("{}/api/v1/nope", s.url())).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["code"], "not_found");
}

#[tokio::test]
async fn hostile_queries_get_4xx_never_5xx() {
    let (s, c) = start(&[]).await;
    let huge = "a".repeat(10_000);
    let many = "cat=dresses&".repeat(100);
    let corpus = [
        format!("fts={huge}"),
        many,
        "cat=dresses&limit=-1".into(),
        "cat=dresses&limit=99999999999999999999999".into(),
        "cat=dresses&offset=1e3".into(),
        "cat=dresses&minPrice=NaN".into(),
        "cat=dresses&maxPrice=inf".into(),
        "cat=%00".into(),
        "cat=%C0%AF".into(),
        "cat=dresses&brand=".into(),
        "cat=dresses&color=%ZZ".into(),
        "cat=..%2F..%2Fetc".into(),
        "fts=%0A%0D".into(),
        "cat[]=dresses".into(),
        "=&=&&&=".into(),
        "cat=dresses&limit=10&limit=20".into(),
        format!("cat=dresses&brand={}", "b,".repeat(50)),
    ];
    for q in &corpus {
        let r = c
            .get(format!("{}/api/v1/products?{q}", s.url()))
            .send()
            .await
            .expect("request");
        let st = r.status();
        let body: Value = r.json().await.unwrap_or(Value::Null);
        assert!(st.is_client_error(), "{} for {:.80}: {body}", st, q);
        assert!(body["error"]["message"].is_string(), "{:.80}: {body}", q);
    }
}

async fn metrics_text(c: &reqwest::Client, s: &Server) -> String {
    c.get(format!("{}/metrics", s.url()))
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text")
}

fn gauge(text: &str, series: &str) -> Option<u64> {
    text.lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

#[tokio::test]
async fn every_budget_holds_and_is_shown_in_metrics() {
    let (s, c) = start(&[
        "--memory-cache-bytes",
        "262144",
        "--store-bytes",
        "1048576",
        "--store-cache-bytes",
        "1048576",
        "--write-queue-bytes",
        "8388608",
    ])
    .await;
    // 120 distinct pages of 20 products: several MB of pages and products in all.
    for offset in 0..120 {
        let url = format!(
            "{}/api/v1/products?cat=women&limit=20&offset={}",
            s.url(),
            offset * 20
        );
        let (st, _, body) = get(&c, url).await;
        assert_eq!(st, StatusCode::OK, "{body}");
    }
    let text = metrics_text(&c, &s).await;
    for (series, value) in [
        ("sss_memory_cache_max_bytes{cache=\"shared\"}", 262_144),
        ("sss_store_max_bytes", 1_048_576),
        ("sss_store_cache_max_bytes", 1_048_576),
        ("sss_write_queue_max_bytes", 8_388_608),
        ("sss_searches_in_flight", 0),
        ("sss_fills_in_flight", 0),
    ] {
        assert_eq!(gauge(&text, series), Some(value), "{series} in\n{text}");
    }
    // The store took every answer and stayed within its budget by removing the oldest.
    common::eventually(30, "every answer stored", || async {
        let text = metrics_text(&c, &s).await;
        gauge(&text, "sss_store_writes_total{outcome=\"written\"}") == Some(120)
            && gauge(&text, "sss_write_queue_bytes") == Some(0)
    })
    .await;
    let text = metrics_text(&c, &s).await;
    let stored = |series: &str| gauge(&text, series).unwrap_or_else(|| panic!("{series}"));
    assert!(stored("sss_store_bytes") <= 1_048_576, "{text}");
    assert!(stored("sss_store_evictions_total") > 0, "{text}");
    assert!(
        stored("sss_store_entries{kind=\"products\"}") > 100,
        "{text}"
    );
    assert!(stored("sss_store_file_bytes") > 0, "{text}");
    assert!(stored("sss_store_cache_bytes") <= 1_048_576, "{text}");
    // The page cache settles within its budget (its counts catch up as it is used).
    let mut last = (None, None);
    for _ in 0..100 {
        let _ = get(
            &c,
            format!("{}/api/v1/products?cat=women&limit=20", s.url()),
        )
        .await;
        let text = metrics_text(&c, &s).await;
        last = (
            gauge(&text, "sss_memory_cache_bytes{cache=\"shared\"}"),
            gauge(&text, "sss_memory_cache_entries{cache=\"shared\"}"),
        );
        if last.0.is_some_and(|b| b > 0 && b <= 262_144) && last.1.is_some_and(|e| e > 0 && e < 120)
        {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the page cache is not within its budget: (bytes, entries) = {last:?}");
}
