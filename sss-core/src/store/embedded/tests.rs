//! The embedded store on a real file in a scratch directory.

use std::path::PathBuf;

use serde_json::json;

use super::*;
use crate::domain::SearchQuery;

/// A directory under the temp dir, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Scratch {
        let dir = std::env::temp_dir().join(format!(
            "sss-store-test-{}-{:012x}",
            std::process::id(),
            fastrand::u64(..) & 0xffff_ffff_ffff
        ));
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn product(id: u64, description_len: usize) -> SsProduct {
    serde_json::from_value(json!({
        "id": id,
        "name": format!("Product {id}"),
        "description": "d".repeat(description_len),
        "brand": {"id": "7", "name": "Brand"},
        "categories": [{"id": "dresses", "name": "Dresses"}],
        "someFieldNotNamed": {"kept": true},
    }))
    .expect("a product")
}

fn search(key: &str, ids: &[u64]) -> StoredSearch {
    StoredSearch {
        key: key.to_owned(),
        query: serde_json::from_value::<SearchQuery>(json!({"cat": "dresses"})).expect("query"),
        product_ids: ids.iter().map(u64::to_string).collect(),
        total: 1234,
        fetched_at_ms: 1_700_000_000_000,
    }
}

fn config(max_bytes: u64) -> EmbeddedConfig {
    EmbeddedConfig {
        max_bytes,
        cache_bytes: 1 << 20,
    }
}

#[tokio::test]
async fn products_and_searches_survive_a_reopen() {
    let dir = Scratch::new();
    let products = [product(1, 10), product(2, 10), product(3, 10)];
    let s = search("sss:v1:q:abc", &[3, 1, 2]);
    {
        let store = EmbeddedStore::open(&dir.0, config(1 << 20)).expect("open");
        let written = store
            .write_batch(&[Answer {
                products: &products,
                search: Some(&s),
                fetched_at_ms: s.fetched_at_ms,
            }])
            .await
            .expect("write");
        assert_eq!(written, 3);
        let usage = store.usage().expect("usage");
        assert_eq!((usage.products, usage.searches), (3, 1));
        assert!(usage.bytes > 0 && usage.file_bytes > 0, "{usage:?}");
    }
    let store = EmbeddedStore::open(&dir.0, config(1 << 20)).expect("reopen");
    assert_eq!(store.search("sss:v1:q:abc").await.expect("read"), Some(s));
    assert_eq!(store.search("sss:v1:q:none").await.expect("read"), None);
    let ids: Vec<String> = ["2", "9", "1"].map(String::from).to_vec();
    let found = store.products(&ids).await.expect("read");
    let found_ids: Vec<String> = found.iter().map(|p| p.id.to_string()).collect();
    assert_eq!(
        found_ids,
        ["2", "1"],
        "in the order asked, unknown ids skipped"
    );
    assert_eq!(
        found[1], products[0],
        "the raw product, unknown fields included"
    );
    let usage = store.usage().expect("usage");
    assert_eq!((usage.products, usage.searches), (3, 1), "counts kept");
}

#[tokio::test]
async fn rewriting_an_entry_replaces_it_and_counts_it_once() {
    let dir = Scratch::new();
    let store = EmbeddedStore::open(&dir.0, config(1 << 20)).expect("open");
    store
        .upsert_products(&[product(1, 100)], 1)
        .await
        .expect("write");
    let once = store.usage().expect("usage");
    for _ in 0..5 {
        store
            .upsert_products(&[product(1, 100)], 2)
            .await
            .expect("write");
    }
    let again = store.usage().expect("usage");
    assert_eq!(again.products, 1);
    assert_eq!(again.bytes, once.bytes);
    let shorter = product(1, 10);
    store
        .upsert_products(std::slice::from_ref(&shorter), 3)
        .await
        .expect("write");
    assert!(store.usage().expect("usage").bytes < once.bytes);
    let ids = ["1".to_owned()];
    assert_eq!(store.products(&ids).await.expect("read"), [shorter]);
}

#[tokio::test]
async fn the_oldest_entries_go_when_over_the_budget() {
    let dir = Scratch::new();
    let budget = 64 * 1024;
    let store = EmbeddedStore::open(&dir.0, config(budget)).expect("open");
    // 200 products of about 1 KB each, written in batches: about three times the budget.
    for batch in 0..20u64 {
        let products: Vec<SsProduct> = (0..10).map(|i| product(batch * 10 + i, 1000)).collect();
        let s = search(&format!("key-{batch}"), &[batch * 10]);
        store
            .write_batch(&[Answer {
                products: &products,
                search: Some(&s),
                fetched_at_ms: 1,
            }])
            .await
            .expect("write");
        let usage = store.usage().expect("usage");
        assert!(usage.bytes <= budget, "over the budget: {usage:?}");
    }
    let usage = store.usage().expect("usage");
    assert!(usage.evictions > 100, "{usage:?}");
    assert!(usage.products > 30 && usage.products < 70, "{usage:?}");
    // The newest are there, the oldest are not.
    let newest = ["199".to_owned(), "190".to_owned()];
    assert_eq!(store.products(&newest).await.expect("read").len(), 2);
    let oldest = ["0".to_owned(), "9".to_owned()];
    assert!(store.products(&oldest).await.expect("read").is_empty());
    assert!(store.search("key-19").await.expect("read").is_some());
    assert!(store.search("key-0").await.expect("read").is_none());
    // The counts on disk agree with the tables after a reopen.
    drop(store);
    let store = EmbeddedStore::open(&dir.0, config(budget)).expect("reopen");
    assert_eq!(store.usage().expect("usage").products, usage.products);
    assert_eq!(store.usage().expect("usage").bytes, usage.bytes);
}

#[test]
fn a_second_open_of_one_directory_is_refused_with_the_path() {
    let dir = Scratch::new();
    let _first = EmbeddedStore::open(&dir.0, config(1 << 20)).expect("open");
    let err = EmbeddedStore::open(&dir.0, config(1 << 20)).expect_err("already open");
    let msg = err.to_string();
    assert!(
        msg.contains(FILE_NAME) && msg.contains("another process"),
        "{msg}"
    );
}

#[test]
fn a_file_that_is_not_a_store_is_refused() {
    let dir = Scratch::new();
    std::fs::create_dir_all(&dir.0).expect("dir");
    std::fs::write(dir.0.join(FILE_NAME), b"not a database, just some text").expect("write");
    let err = EmbeddedStore::open(&dir.0, config(1 << 20)).expect_err("not a store");
    assert!(err.to_string().contains(FILE_NAME), "{err}");
}
