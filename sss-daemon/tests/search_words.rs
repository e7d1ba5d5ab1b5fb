//! Shopper-worded searches through the public API of the embedded default (api + poller +
//! bundled catalog in one process, on a free loopback port), judged by the bundled data's own
//! labels: article type, gender and the brand that leads the name.

mod common;

use std::collections::HashMap;

use common::Server;
use reqwest::StatusCode;
use serde_json::Value;

async fn start() -> (Server, reqwest::Client) {
    (
        Server::start(common::embedded_router(&[]).await).await,
        reqwest::Client::new(),
    )
}

/// Product id -> (gender, article type, name), from `styles.csv`.
fn labels() -> HashMap<String, (String, String, String)> {
    sss_core::catalog::Sources::bundled()
        .styles_csv
        .lines()
        .skip(1)
        .filter_map(|line| {
            let cols: Vec<&str> = line.splitn(10, ',').collect();
            (cols.len() == 10).then(|| {
                (
                    cols[0].to_owned(),
                    (cols[1].to_owned(), cols[4].to_owned(), cols[9].to_owned()),
                )
            })
        })
        .collect()
}

async fn search(s: &Server, c: &reqwest::Client, query: &str) -> Value {
    let url = format!("{}/api/v1/products", s.url());
    let r = c
        .get(url)
        .query(&[("fts", query), ("limit", "10")])
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::OK, "{query}");
    r.json::<Value>().await.expect("json")
}

/// The labels of a page's products, in order.
fn page_labels<'a>(
    body: &Value,
    labels: &'a HashMap<String, (String, String, String)>,
) -> Vec<&'a (String, String, String)> {
    body["products"]
        .as_array()
        .expect("products")
        .iter()
        .map(|p| {
            let id = p["id"].as_str().expect("id");
            labels
                .get(id)
                .unwrap_or_else(|| panic!("{id} not in the data"))
        })
        .collect()
}

#[tokio::test]
async fn shopper_words_find_relevant_products() {
    let (s, c) = start().await;
    let labels = labels();

    let body = search(&s, &c, "nike running shoes").await;
    let page = page_labels(&body, &labels);
    assert_eq!(page.len(), 10, "{body}");
    assert_ne!(body["match"], "partial", "{}", body["match"]);
    for (_, t, name) in &page {
        assert!(
            t == "Sports Shoes" && name.starts_with("Nike"),
            "{t}: {name}"
        );
    }

    let body = search(&s, &c, "high heels").await;
    let page = page_labels(&body, &labels);
    assert_eq!(page.len(), 10, "{body}");
    assert!(
        body["total"].as_u64().expect("total") > 1000,
        "{}",
        body["total"]
    );
    for (_, t, name) in &page {
        assert_eq!(t, "Heels", "{name}");
    }

    let body = search(&s, &c, "trainers for girls").await;
    let page = page_labels(&body, &labels);
    assert_eq!(page.len(), 10, "{body}");
    for (g, t, name) in &page {
        let girls = g == "Girls" || name.to_lowercase().contains("girl") || name.contains("Kids");
        assert!(
            girls && (t == "Casual Shoes" || t == "Sports Shoes"),
            "{g} {t}: {name}"
        );
    }
}

#[tokio::test]
async fn no_product_has_every_word_so_the_closest_are_marked_partial() {
    let (s, c) = start().await;
    let labels = labels();
    let body = search(&s, &c, "denim jacket").await;
    assert_eq!(body["match"], "partial", "{body}");
    assert_eq!(body["query"]["match"], "partial");
    assert_eq!(body["query"]["fts"], "denim jacket");
    let page = page_labels(&body, &labels);
    assert_eq!(page.len(), 10);
    for (_, t, name) in &page {
        assert_eq!(t, "Jackets", "{name}");
    }

    // A sort orders the same (partial) set; the repeat is a cache hit and keeps the statement.
    let url = format!("{}/api/v1/products", s.url());
    let mut prices = Vec::new();
    for round in 0..2 {
        let r = c
            .get(&url)
            .query(&[
                ("fts", "denim jacket"),
                ("sort", "price-asc"),
                ("limit", "50"),
            ])
            .send()
            .await
            .expect("request");
        let cache = r.headers()["x-cache"].to_str().expect("ascii").to_owned();
        let sorted: Value = r.json().await.expect("json");
        assert_eq!(cache, if round == 0 { "MISS" } else { "HIT" });
        assert_eq!(sorted["match"], "partial");
        assert_eq!(sorted["total"], body["total"]);
        prices = sorted["products"]
            .as_array()
            .expect("products")
            .iter()
            .map(|p| {
                p["salePrice"]
                    .as_f64()
                    .or(p["price"].as_f64())
                    .expect("price")
            })
            .collect();
    }
    assert_eq!(prices.len(), 50);
    assert!(prices.windows(2).all(|w| w[0] <= w[1]), "{prices:?}");

    // Every word found: no partial statement.
    let body = search(&s, &c, "black jacket").await;
    assert_ne!(body["match"], "partial", "{}", body["match"]);
    assert!(body["match"].is_string());
    // No text: no statement.
    let r = c
        .get(format!("{url}?cat=dresses"))
        .send()
        .await
        .expect("request");
    let body: Value = r.json().await.expect("json");
    assert!(body.get("match").is_none(), "{body}");
}

#[tokio::test]
async fn misspelled_words_are_read_as_meant_and_the_page_says_so() {
    let (s, c) = start().await;
    let labels = labels();
    let body = search(&s, &c, "addidas shoes").await;
    assert_eq!(body["corrected"], "adidas shoes", "{body}");
    assert_eq!(body["query"]["corrected"], "adidas shoes");
    assert_eq!(body["query"]["fts"], "addidas shoes", "the query as sent");
    assert_ne!(body["match"], "partial");
    let page = page_labels(&body, &labels);
    assert_eq!(page.len(), 10, "{body}");
    for (_, t, name) in &page {
        assert!(
            name.to_lowercase().starts_with("adidas") && t.contains("Shoes"),
            "{t}: {name}"
        );
    }
    // The page round-trips through the client's type.
    let typed: sss_core::api::SearchPage = serde_json::from_value(body).expect("a SearchPage");
    assert_eq!(typed.corrected.as_deref(), Some("adidas shoes"));
    // Words spelled right are never corrected.
    for q in ["nike", "heels"] {
        let body = search(&s, &c, q).await;
        assert!(body.get("corrected").is_none(), "{q}: {body}");
        assert!(body["query"].get("corrected").is_none(), "{q}");
    }
}
