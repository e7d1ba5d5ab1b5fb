//! Chaos: Redis or MongoDB stopped mid-test (processes of the test's own), answers continue,
//! and the service recovers when each comes back.

mod common;

use std::time::Duration;

use common::stack::{Catalog, Split, SplitOptions, search};
use common::{Scratch, eventually, free_port, start_mongo, start_redis, wait_port};
use reqwest::StatusCode;
use serde_json::Value;
use sss_core::cache::{RedisCache, SharedCache};
use sss_core::domain::SearchQuery;

#[tokio::test]
async fn redis_stopped_answers_continue_and_redis_is_used_again_after_restart() {
    let dir = Scratch::new("redis-out");
    let catalog = Catalog::start(&dir, &[]).await;
    let port = free_port();
    let mut redis = start_redis(&dir.0, port);
    wait_port(port, 20).await;
    let redis_url = format!("redis://127.0.0.1:{port}/");
    let mut o = SplitOptions::new(catalog.api_base());
    o.redis_url = redis_url.clone();
    let split = Split::start(o).await;
    assert_eq!(search(&split.api, "cat=dresses").await.1, "MISS");

    redis.kill();
    let ready: Value = reqwest::get(format!("{}/readyz", split.api.url()))
        .await
        .expect("readyz")
        .json()
        .await
        .expect("json");
    assert_eq!(ready["status"], "degraded", "{ready}");
    let redis_check = ready["checks"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["name"] == "redis").cloned())
        .expect("a redis check");
    assert_eq!(redis_check["ok"], false, "{ready}");
    for q in [
        "cat=dresses",
        "cat=jeans",
        "cat=dresses",
        "fts=blue",
        "cat=jeans",
    ] {
        let (st, _, body) = search(&split.api, q).await;
        assert_eq!(st, StatusCode::OK, "{q} with Redis down: {body}");
    }

    let _redis = start_redis(&dir.0, port);
    wait_port(port, 20).await;
    let cache = RedisCache::new(&redis_url).expect("redis");
    let k = SearchQuery::from_params([("cat", "womens-shoes")])
        .expect("q")
        .cache_key(&split.prefix);
    eventually(20, "a new search lands in the restarted Redis", || async {
        let _ = search(&split.api, "cat=womens-shoes").await;
        matches!(cache.get(&k).await, Ok(Some(_)))
    })
    .await;
}

#[tokio::test]
async fn mongodb_stopped_writes_are_queued_and_land_after_restart() {
    let dir = Scratch::new("mongo-out");
    let catalog = Catalog::start(&dir, &[]).await;
    let port = free_port();
    let mut mongo = start_mongo(&dir.0, port);
    wait_port(port, 30).await;
    let mut o = SplitOptions::new(catalog.api_base());
    o.mongo_url = format!("mongodb://127.0.0.1:{port}/");
    let split = Split::start(o).await;
    let (_, _, first) = search(&split.api, "cat=dresses&limit=5").await;
    assert!(
        split.poller.writer().flush(Duration::from_secs(30)).await,
        "first write"
    );

    mongo.kill();
    let mut wanted: Vec<String> = Vec::new();
    for q in ["cat=jeans&limit=5", "cat=skirts&limit=5", "fts=red&limit=5"] {
        let (st, cache, body) = search(&split.api, q).await;
        assert_eq!(
            (st, cache.as_str()),
            (StatusCode::OK, "MISS"),
            "{q} with MongoDB down: {body}"
        );
        wanted.extend(
            body["products"]
                .as_array()
                .expect("products")
                .iter()
                .map(|p| p["id"].as_str().unwrap_or("").to_owned()),
        );
    }
    assert!(
        split.poller.writer().depth() > 0,
        "writes should be waiting for MongoDB"
    );

    let _mongo = start_mongo(&dir.0, port);
    wait_port(port, 30).await;
    assert!(
        split.poller.writer().flush(Duration::from_secs(60)).await,
        "queued writes did not land"
    );
    assert_eq!(split.poller.writer().metrics.failed.get(), 0);
    assert_eq!(split.poller.writer().metrics.dropped.get(), 0);
    let stored = split.store().products(&wanted).await.expect("store read");
    assert_eq!(
        stored.len(),
        wanted.len(),
        "a product is missing after MongoDB came back"
    );
    assert!(!first["products"].as_array().expect("products").is_empty());
}
