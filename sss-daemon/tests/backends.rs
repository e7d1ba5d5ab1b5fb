//! The engine on real parts: the catalog service over HTTP, Redis and a MongoDB-wire server.
//! Each test has its own Redis key prefix and MongoDB database.

mod common;

use std::time::Duration;

use common::stack::{Catalog, Split, SplitOptions, search};
use common::{Scratch, eventually};
use reqwest::StatusCode;
use serde_json::Value;
use sss_core::cache::{RedisCache, SharedCache};

fn ids(body: &Value) -> Vec<String> {
    body["products"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|p| p["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn a_miss_lands_in_redis_and_mongodb_then_hits() {
    let dir = Scratch::new("lands");
    let (catalog, split) = Split::over_new_catalog(&dir).await;

    let (st, cache, body) = search(&split.api, "cat=dresses&limit=10").await;
    assert_eq!(st, StatusCode::OK, "{body}");
    assert_eq!(cache, "MISS");
    let (_, cache, again) = search(&split.api, "cat=dresses&limit=10").await;
    assert_eq!(cache, "HIT");
    assert_eq!(ids(&again), ids(&body));
    assert_eq!(catalog.product_searches().await, 1);

    let redis = RedisCache::new(&common::redis_url()).expect("redis");
    let k = split.key(&[("cat", "dresses"), ("limit", "10")]);
    assert!(
        redis.get(&k).await.expect("redis get").is_some(),
        "page not in Redis"
    );

    assert!(
        split.poller.writer().flush(Duration::from_secs(20)).await,
        "writes did not land"
    );
    let store = split.store();
    let wanted = ids(&body);
    let stored = store.products(&wanted).await.expect("store read");
    assert_eq!(stored.len(), wanted.len(), "products missing from MongoDB");
    let stored_search = store
        .search(&k)
        .await
        .expect("store read")
        .expect("search stored");
    assert_eq!(stored_search.product_ids, wanted);

    // Another api replica on the same Redis answers from it.
    let other = split.another_api().await;
    let (_, cache, _) = search(&other, "limit=10&cat=dresses").await;
    assert_eq!(cache, "HIT");
    assert_eq!(catalog.product_searches().await, 1);
}

#[tokio::test]
async fn redis_flushed_page_is_rebuilt_from_the_store_without_the_upstream() {
    let dir = Scratch::new("flushed");
    let (catalog, split) = Split::over_new_catalog(&dir).await;
    let (_, cache, first) = search(&split.api, "cat=jeans&limit=8").await;
    assert_eq!(cache, "MISS");
    assert!(split.poller.writer().flush(Duration::from_secs(20)).await);

    let redis = RedisCache::new(&common::redis_url()).expect("redis");
    redis
        .delete(&split.key(&[("cat", "jeans"), ("limit", "8")]))
        .await
        .expect("delete");
    tokio::time::sleep(Duration::from_millis(300)).await; // past the api's L1 time
    let (st, cache, rebuilt) = search(&split.api, "cat=jeans&limit=8").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(cache, "STORE");
    assert_eq!(ids(&rebuilt), ids(&first));
    assert_eq!(rebuilt["total"], first["total"]);
    assert_eq!(
        catalog.product_searches().await,
        1,
        "the upstream was asked again"
    );
    let (_, cache, _) = search(&split.api, "cat=jeans&limit=8").await;
    assert_eq!(cache, "HIT");
}

#[tokio::test]
async fn stale_is_served_while_one_refresh_runs() {
    let dir = Scratch::new("stale");
    let catalog = Catalog::start(&dir, &[]).await;
    let mut o = SplitOptions::new(catalog.api_base());
    o.fresh_ttl = "1";
    let split = Split::start(o).await;
    let (_, cache, _) = search(&split.api, "cat=skirts").await;
    assert_eq!(cache, "MISS");
    tokio::time::sleep(Duration::from_millis(2100)).await;

    let mut tasks = Vec::new();
    for _ in 0..5 {
        let url = split.api.url();
        tasks.push(tokio::spawn(async move {
            let r = reqwest::get(format!("{url}/api/v1/products?cat=skirts"))
                .await
                .expect("request");
            (
                r.status(),
                r.headers()["x-cache"].to_str().unwrap_or("").to_owned(),
            )
        }));
    }
    for t in tasks {
        let (st, cache) = t.await.expect("task");
        assert_eq!(st, StatusCode::OK);
        assert_eq!(cache, "STALE");
    }
    eventually(10, "the refresh replaced the stale page", || async {
        search(&split.api, "cat=skirts").await.1 == "HIT"
    })
    .await;
    assert_eq!(
        catalog.product_searches().await,
        2,
        "one miss and exactly one refresh"
    );
}

#[tokio::test]
async fn upstream_down_serves_stale_or_stored_copies_and_recovers() {
    let dir = Scratch::new("down");
    let mut catalog = Catalog::start(&dir, &[]).await;
    let mut o = SplitOptions::new(catalog.api_base());
    o.fresh_ttl = "1";
    let split = Split::start(o).await;
    assert_eq!(search(&split.api, "cat=womens-tops").await.1, "MISS");
    assert_eq!(search(&split.api, "cat=shorts").await.1, "MISS");
    assert!(split.poller.writer().flush(Duration::from_secs(20)).await);
    let redis = RedisCache::new(&common::redis_url()).expect("redis");
    redis
        .delete(&split.key(&[("cat", "shorts")]))
        .await
        .expect("delete");
    tokio::time::sleep(Duration::from_millis(2100)).await;

    catalog.proc.kill();
    let (st, cache, body) = search(&split.api, "cat=womens-tops").await;
    assert_eq!((st, cache.as_str()), (StatusCode::OK, "STALE"), "{body}");
    let (st, cache, body) = search(&split.api, "cat=shorts").await;
    assert_eq!((st, cache.as_str()), (StatusCode::OK, "STORE"), "{body}");
    let (st, _, body) = search(&split.api, "cat=jeans").await;
    assert_eq!(st, StatusCode::BAD_GATEWAY, "{body}");
    assert_eq!(body["error"]["code"], "upstream_failed");

    catalog.restart(&dir).await;
    let (st, cache, _) = search(&split.api, "cat=jeans").await;
    assert_eq!((st, cache.as_str()), (StatusCode::OK, "MISS"));
}

#[tokio::test]
async fn empty_results_are_cached_shorter_and_errors_not_at_all() {
    let dir = Scratch::new("empty");
    let mut catalog = Catalog::start(&dir, &[]).await;
    let split = Split::start(SplitOptions::new(catalog.api_base())).await;
    let (st, cache, body) = search(&split.api, "fts=zzqxv").await;
    assert_eq!((st, cache.as_str()), (StatusCode::OK, "MISS"), "{body}");
    assert_eq!(body["total"], 0);
    assert_eq!(search(&split.api, "fts=zzqxv").await.1, "HIT");

    let ttl_ms = |key: String| {
        let out = std::process::Command::new("redis-cli")
            .args(["-u", &common::redis_url(), "pttl", &key])
            .output()
            .expect("redis-cli");
        String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse::<i64>()
            .expect("a TTL")
    };
    let empty = ttl_ms(split.key(&[("fts", "zzqxv")]));
    assert!((1..=60_000).contains(&empty), "empty page TTL {empty} ms");
    assert_eq!(search(&split.api, "cat=dresses").await.1, "MISS");
    let full = ttl_ms(split.key(&[("cat", "dresses")]));
    assert!(full > 86_400_000, "page TTL {full} ms: fresh + stale time");

    // An upstream error is not cached: once the upstream is back, the same search is fetched.
    catalog.proc.kill();
    let (st, _, _) = search(&split.api, "cat=skirts").await;
    assert_eq!(st, StatusCode::BAD_GATEWAY);
    catalog.restart(&dir).await;
    let (st, cache, _) = search(&split.api, "cat=skirts").await;
    assert_eq!((st, cache.as_str()), (StatusCode::OK, "MISS"));
}
