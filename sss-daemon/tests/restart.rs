//! The embedded store outlives the process: the embedded default (the real binary) is stopped
//! (SIGTERM, and later SIGKILL) and started again on the same data folder, and the searches come
//! back from the store (`STORE`), the products by id without asking the upstream. A second
//! daemon on a folder in use is refused at start-up, naming the setting.

mod common;

use std::path::Path;

use common::{Proc, Scratch, free_port, wait_ready};
use reqwest::StatusCode;
use serde_json::Value;

const WEB: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../web");

fn daemon(name: &str, scratch: &Scratch, data: &Path, port: u16) -> Proc {
    let listen = format!("127.0.0.1:{port}");
    Proc::spawn(
        name,
        &scratch.0,
        env!("CARGO_BIN_EXE_sss-daemon"),
        &[
            "--listen",
            &listen,
            "--data-dir",
            data.to_str().expect("a UTF-8 temp dir"),
            "--web-dir",
            WEB,
        ],
        &[("RUST_LOG", "info")],
    )
}

async fn start(name: &str, scratch: &Scratch, data: &Path) -> (Proc, String) {
    let port = free_port();
    let proc = daemon(name, scratch, data, port);
    let url = format!("http://127.0.0.1:{port}");
    wait_ready(&format!("{url}/readyz"), 120, Some(&proc)).await;
    (proc, url)
}

async fn search(c: &reqwest::Client, url: &str) -> (String, Value) {
    let r = c.get(url).send().await.expect("request");
    assert_eq!(r.status(), StatusCode::OK);
    let x_cache = r.headers()["x-cache"].to_str().expect("ascii").to_owned();
    (x_cache, r.json().await.expect("json"))
}

async fn metric(c: &reqwest::Client, base: &str, line: &str) -> Option<u64> {
    let text = c
        .get(format!("{base}/metrics"))
        .send()
        .await
        .ok()?
        .text()
        .await
        .ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix(line)?.trim().parse().ok())
}

/// Waits until the store holds `n` searches.
async fn stored_searches(c: &reqwest::Client, base: &str, n: u64) {
    common::eventually(30, &format!("{n} searches in the store"), || async {
        metric(c, base, "sss_store_entries{kind=\"searches\"}").await == Some(n)
    })
    .await;
}

#[tokio::test]
async fn stored_searches_and_products_survive_a_restart_and_a_crash() {
    let scratch = Scratch::new("restart");
    let data = scratch.0.join("data");
    let c = reqwest::Client::new();

    let (mut first, base) = start("first", &scratch, &data).await;
    let page_url = |base: &str| format!("{base}/api/v1/products?cat=dresses&fts=blue&limit=7");
    let (x_cache, page) = search(&c, &page_url(&base)).await;
    assert_eq!(x_cache, "MISS");
    let products = page["products"].as_array().expect("products").clone();
    assert_eq!(products.len(), 7, "{page}");
    stored_searches(&c, &base, 1).await;

    // The folder is in use: a second daemon on it stops at once and says which setting.
    let mut second = daemon("second", &scratch, &data, free_port());
    let status = second.wait_exit(60).expect("the second daemon exits");
    assert!(!status.success());
    let log = second.log_tail();
    assert!(
        log.contains("--data-dir") && log.contains("another process"),
        "{log}"
    );

    // A clean stop, then a start on the same folder: the page is rebuilt from the store.
    assert!(
        first.terminate(30).is_some_and(|s| s.success()),
        "{}",
        first.log_tail()
    );
    let (mut again, base) = start("again", &scratch, &data).await;
    let (x_cache, rebuilt) = search(&c, &page_url(&base)).await;
    assert_eq!(x_cache, "STORE", "{rebuilt}");
    assert_eq!(rebuilt["products"], Value::Array(products.clone()));
    assert_eq!(rebuilt["total"], page["total"]);
    assert_eq!(
        metric(&c, &base, "sss_fills_total{source=\"upstream\"}").await,
        Some(0)
    );

    // A product by id comes from the store: the upstream is not asked for it.
    let upstream = "sss_upstream_requests_total{outcome=\"ok\"}";
    let before = metric(&c, &base, upstream).await.expect("upstream count");
    let id = products[3]["id"].as_str().expect("id");
    let r = c
        .get(format!("{base}/api/v1/products/{id}"))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::OK);
    let product: Value = r.json().await.expect("json");
    assert_eq!(product, products[3]);
    assert_eq!(metric(&c, &base, upstream).await, Some(before));

    // A crash (SIGKILL) after a write was committed loses nothing either.
    let other_url = |base: &str| format!("{base}/api/v1/products?cat=jeans&sort=price-asc&limit=3");
    let (x_cache, other) = search(&c, &other_url(&base)).await;
    assert_eq!(x_cache, "MISS");
    stored_searches(&c, &base, 2).await;
    again.kill();
    let (_last, base) = start("last", &scratch, &data).await;
    let (x_cache, rebuilt) = search(&c, &other_url(&base)).await;
    assert_eq!(x_cache, "STORE", "{rebuilt}");
    assert_eq!(rebuilt["products"], other["products"]);
    let (x_cache, _) = search(&c, &page_url(&base)).await;
    assert_eq!(x_cache, "STORE");
}
