//! 200 concurrent identical misses across two api processes, each with its own poller process,
//! make exactly one upstream request (read from the catalog's `/metrics`).

mod common;

use common::stack::{Processes, catalog_searches};
use common::{Scratch, mongo_url, redis_url, unique};

#[tokio::test]
async fn two_hundred_concurrent_misses_across_processes_make_one_upstream_call() {
    let dir = Scratch::new("flight");
    let prefix = format!("{}:", unique("sss-test:"));
    let db = unique("sss_test_");
    let (redis, mongo) = (redis_url(), mongo_url());

    let topology = Processes::start(&dir, &redis, &mongo, &prefix, &db, 2, "300").await;
    let (cat_port, apis, pollers) = (topology.catalog_port, &topology.apis, &topology.pollers);

    // Load each api's category tree first, so the stampede below is only the search.
    for a in apis {
        let r = reqwest::get(format!("http://{a}/api/v1/categories"))
            .await
            .expect("categories");
        assert_eq!(r.status(), 200);
    }
    let before = catalog_searches(cat_port).await;

    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(200)
        .build()
        .expect("client");
    let mut tasks = Vec::new();
    for i in 0..200 {
        let url = format!(
            "http://{}/api/v1/products?cat=dresses&fts=blue&limit=30",
            apis[i % 2]
        );
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            let r = client.get(url).send().await.expect("request");
            (
                r.status().as_u16(),
                r.headers()
                    .get("x-cache")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_owned(),
            )
        }));
    }
    let mut misses = 0;
    for t in tasks {
        let (status, cache) = t.await.expect("task");
        assert_eq!(status, 200);
        misses += usize::from(cache == "MISS");
    }
    let calls = catalog_searches(cat_port).await - before;
    assert_eq!(
        calls, 1,
        "upstream product searches for 200 concurrent identical misses"
    );
    assert!(misses >= 1);

    // Each api asked its own poller once; one poller called the upstream, the other waited on
    // the Redis lock and answered with the page the first one wrote.
    let (mut from_upstream, mut from_cache) = (0, 0);
    for p in pollers {
        let text = reqwest::get(format!("http://{p}/metrics"))
            .await
            .expect("metrics")
            .text()
            .await
            .expect("text");
        let count = |label: &str| -> u64 {
            text.lines()
                .find(|l| l.starts_with(&format!("sss_fills_total{{source=\"{label}\"}}")))
                .and_then(|l| l.rsplit(' ').next())
                .and_then(|n| n.parse().ok())
                .unwrap_or(0)
        };
        from_upstream += count("upstream");
        from_cache += count("cache");
    }
    assert_eq!(
        (from_upstream, from_cache),
        (1, 1),
        "fills across the two pollers"
    );
    drop(topology);
}
