//! The shared cache and the store against real servers: the test Redis and MongoDB-wire server
//! (`SSS_TEST_REDIS_URL`, `SSS_TEST_MONGO_URL`, started by `scripts/test`; loopback defaults).
//! Each test uses its own key prefix or database.

use std::time::Duration;

use bytes::Bytes;
use sss_core::cache::{RedisCache, SharedCache};
use sss_core::domain::SearchQuery;
use sss_core::store::{MongoStore, Store, StoredSearch};
use sss_core::upstream::wire::{FlexId, SsCategoryRef, SsProduct, SsRef};

fn redis_url() -> String {
    std::env::var("SSS_TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379/".into())
}

fn mongo_url() -> String {
    std::env::var("SSS_TEST_MONGO_URL").unwrap_or_else(|_| "mongodb://127.0.0.1:27017/".into())
}

fn unique(prefix: &str) -> String {
    format!("{prefix}{:012x}", fastrand::u64(..) & 0xffff_ffff_ffff)
}

#[tokio::test]
async fn redis_values_expire_and_locks_exclude() {
    let cache = RedisCache::new(&redis_url()).expect("url");
    let k = unique("sss-test:k:");
    cache
        .set(&k, Bytes::from_static(b"page"), Duration::from_millis(300))
        .await
        .expect("set");
    assert_eq!(
        cache.get(&k).await.expect("get").as_deref(),
        Some(&b"page"[..])
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(cache.get(&k).await.expect("get"), None);

    let l = unique("sss-test:lock:");
    assert!(
        cache
            .try_lock(&l, "a", Duration::from_secs(5))
            .await
            .expect("lock")
    );
    assert!(
        !cache
            .try_lock(&l, "b", Duration::from_secs(5))
            .await
            .expect("lock")
    );
    cache
        .unlock(&l, "b")
        .await
        .expect("unlock by a stranger is a no-op");
    assert!(
        !cache
            .try_lock(&l, "b", Duration::from_secs(5))
            .await
            .expect("lock")
    );
    cache.unlock(&l, "a").await.expect("unlock");
    assert!(
        cache
            .try_lock(&l, "b", Duration::from_secs(5))
            .await
            .expect("lock")
    );
    cache.unlock(&l, "b").await.expect("unlock");
    cache.ping().await.expect("ping");
}

#[tokio::test]
async fn redis_down_is_an_error_not_a_hang() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let cache = RedisCache::new(&format!("redis://127.0.0.1:{port}/")).expect("url");
    let started = std::time::Instant::now();
    assert!(cache.get("k").await.is_err());
    assert!(started.elapsed() < Duration::from_secs(5));
}

fn product(id: u64, sale: bool) -> SsProduct {
    let mut p = SsProduct {
        id: FlexId::Num(id),
        name: format!("Product {id}"),
        price: Some(50.0),
        brand: Some(SsRef {
            id: FlexId::Str("7".into()),
            name: "Brand".into(),
            ..SsRef::default()
        }),
        categories: vec![SsCategoryRef {
            id: "dresses".into(),
            name: "Dresses".into(),
            ..SsCategoryRef::default()
        }],
        ..SsProduct::default()
    };
    if sale {
        p.sale_price = Some(40.0);
    }
    p.extra
        .insert("futureField".into(), serde_json::json!({"kept": true}));
    p
}

#[tokio::test]
async fn mongodb_upserts_products_and_searches_in_bulk() {
    let store = MongoStore::new(&mongo_url(), &unique("sss_test_"))
        .await
        .expect("url");
    store.ensure_indexes().await.expect("indexes");
    store.ping().await.expect("ping");
    let products: Vec<SsProduct> = (1..=30).map(|i| product(i, i % 3 == 0)).collect();
    store
        .upsert_products(&products, 1_700_000_000_000)
        .await
        .expect("upsert");
    // Upserting again replaces, it does not duplicate.
    let mut changed = products[0].clone();
    changed.name = "Renamed".into();
    store
        .upsert_products(&[changed], 1_700_000_001_000)
        .await
        .expect("upsert again");

    let ids: Vec<String> = vec!["3".into(), "1".into(), "999".into(), "2".into()];
    let found = store.products(&ids).await.expect("find");
    let found_ids: Vec<String> = found.iter().map(|p| p.id.to_string()).collect();
    assert_eq!(
        found_ids,
        ["3", "1", "2"],
        "in the asked order, unknown skipped"
    );
    assert_eq!(found[1].name, "Renamed");
    assert_eq!(found[0].sale_price, Some(40.0));
    assert_eq!(
        found[0], products[2],
        "the raw product round-trips, unknown fields included"
    );

    let query = SearchQuery::from_params([("cat", "dresses")]).expect("q");
    let search = StoredSearch {
        key: query.cache_key("sss:"),
        query: query.clone(),
        product_ids: vec!["1".into(), "2".into()],
        total: 2,
        fetched_at_ms: 1_700_000_000_000,
    };
    store.save_search(&search).await.expect("save");
    assert_eq!(
        store.search(&search.key).await.expect("find"),
        Some(search.clone())
    );
    assert_eq!(store.search("nope").await.expect("find"), None);
}

#[tokio::test]
async fn mongodb_down_is_an_error_within_the_selection_timeout() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let store = MongoStore::new(&format!("mongodb://127.0.0.1:{port}/"), "sss")
        .await
        .expect("url");
    let started = std::time::Instant::now();
    assert!(store.ping().await.is_err());
    assert!(started.elapsed() < Duration::from_secs(10));
}
