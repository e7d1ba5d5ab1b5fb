//! `/api/v1/facets` and `/api/v1/brands`, `/retailers`, `/colors`, asked over HTTP of the
//! embedded default (the bundled catalog as the upstream, the in-process cache): counts agree
//! with the searches they stand for, the disjunctive rule holds, and answers are cached like
//! pages.

mod common;

use clap::Parser;
use common::{Scratch, Server};
use reqwest::StatusCode;
use serde_json::Value;
use sss_daemon::cli::Cli;

async fn start() -> (Server, reqwest::Client) {
    let data = Scratch::new("facets");
    let argv = vec![
        "sss-daemon",
        "--data-dir",
        data.0.to_str().expect("a UTF-8 temp dir"),
    ];
    let cli = Cli::try_parse_from(argv).expect("args");
    let (_state, router) = sss_daemon::serve::build(&cli.serve).await.expect("build");
    drop(data);
    (Server::start(router).await, reqwest::Client::new())
}

async fn get(c: &reqwest::Client, url: &str) -> (StatusCode, String, Value) {
    let r = c.get(url).send().await.expect("request");
    let status = r.status();
    let cache = r
        .headers()
        .get("x-cache")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    (status, cache, r.json().await.unwrap_or(Value::Null))
}

async fn total(s: &Server, c: &reqwest::Client, query: &str) -> u64 {
    let (st, _, body) = get(c, &format!("{}/api/v1/products?{query}&limit=1", s.url())).await;
    assert_eq!(st, StatusCode::OK, "{query}: {body}");
    body["total"].as_u64().expect("total")
}

/// The search parameter and value a facet value stands for.
fn narrowing(facet: &str, v: &Value) -> String {
    let id = v["id"].as_str().unwrap_or_default();
    match facet {
        "price" => match v["max"].as_u64() {
            Some(max) => format!("minPrice={}&maxPrice={max}", v["min"]),
            None => format!("minPrice={}", v["min"]),
        },
        "discount" => format!("minDiscount={}", v["min"]),
        "category" => format!("cat={id}"),
        other => format!("{other}={id}"),
    }
}

#[tokio::test]
async fn each_count_is_the_total_of_the_search_it_stands_for() {
    let (s, c) = start().await;
    for base in ["cat=dresses", "fts=black+shoes"] {
        let (st, _, body) = get(&c, &format!("{}/api/v1/facets?{base}", s.url())).await;
        assert_eq!(st, StatusCode::OK, "{body}");
        assert_eq!(body["total"].as_u64(), Some(total(&s, &c, base).await));
        let facets = body["facets"].as_object().expect("facets");
        for name in [
            "brand", "retailer", "color", "size", "price", "discount", "category",
        ] {
            let values = facets[name].as_array().expect(name);
            assert!(values.len() <= 50, "{name}: at most 50 values");
            // The first three values of each facet, each against its own search.
            for v in values.iter().take(3) {
                let narrowed = match name {
                    // A category narrows within the search: it replaces `cat`.
                    "category" => base
                        .split('&')
                        .filter(|p| !p.starts_with("cat="))
                        .chain([narrowing(name, v).as_str()])
                        .collect::<Vec<_>>()
                        .join("&"),
                    _ => format!("{base}&{}", narrowing(name, v)),
                };
                let want = total(&s, &c, &narrowed).await;
                assert_eq!(v["count"].as_u64(), Some(want), "{name} {v} ({narrowed})");
            }
        }
    }
}

#[tokio::test]
async fn a_chosen_facet_still_counts_its_other_values() {
    let (s, c) = start().await;
    let url = format!("{}/api/v1/facets?cat=dresses&facets=brand,color", s.url());
    let (_, _, all) = get(&c, &url).await;
    let brands = all["facets"]["brand"].as_array().expect("brands");
    let (a, b) = (&brands[0], &brands[1]);
    let a_id = a["id"].as_str().expect("id");
    let b_id = b["id"].as_str().expect("id");
    // With brand A chosen, brand B still shows what choosing it would add...
    let (_, _, one) = get(&c, &format!("{url}&brand={a_id}")).await;
    let b_again = one["facets"]["brand"]
        .as_array()
        .expect("brands")
        .iter()
        .find(|v| v["id"] == b["id"])
        .cloned()
        .expect("B still listed");
    assert_eq!(b_again["count"], b["count"]);
    // ...while the other facets count within brand A only.
    assert_eq!(one["total"], a["count"]);
    let colors: u64 = one["facets"]["color"]
        .as_array()
        .expect("colors")
        .iter()
        .filter_map(|v| v["count"].as_u64())
        .sum();
    assert!(colors <= a["count"].as_u64().expect("count"));
    // Two brands: the total is both, and matches the search.
    let (_, _, two) = get(&c, &format!("{url}&brand={a_id}&brand={b_id}")).await;
    let both = total(&s, &c, &format!("cat=dresses&brand={a_id}&brand={b_id}")).await;
    assert_eq!(two["total"].as_u64(), Some(both));
    assert_eq!(
        both,
        a["count"].as_u64().unwrap_or(0) + b["count"].as_u64().unwrap_or(0)
    );
}

#[tokio::test]
async fn facets_and_lists_are_cached_like_pages() {
    let (s, c) = start().await;
    for path in [
        "/api/v1/facets?cat=dresses&facets=size,brand",
        "/api/v1/brands?q=ni",
        "/api/v1/colors",
    ] {
        let url = format!("{}{path}", s.url());
        let (st, first, body) = get(&c, &url).await;
        assert_eq!(
            (st, first.as_str()),
            (StatusCode::OK, "MISS"),
            "{path}: {body}"
        );
        assert_eq!(body["cache"]["status"], "miss");
        let (_, second, again) = get(&c, &url).await;
        assert_eq!(second, "HIT", "{path}");
        assert_eq!(again["cache"]["status"], "hit");
    }
    // Another spelling of one facet request is the same entry.
    let (_, cache, _) = get(
        &c,
        &format!(
            "{}/api/v1/facets?facets=brand,size,brand&cat=DRESSES",
            s.url()
        ),
    )
    .await;
    assert_eq!(cache, "HIT");
    // Lists live longer than pages.
    let r = c
        .get(format!("{}/api/v1/retailers", s.url()))
        .send()
        .await
        .expect("request");
    let cc = r.headers()["cache-control"]
        .to_str()
        .unwrap_or("")
        .to_owned();
    assert_eq!(cc, "public, max-age=3600");
}

#[tokio::test]
async fn a_name_prefix_finds_the_id_a_filter_takes() {
    let (s, c) = start().await;
    let (st, _, body) = get(&c, &format!("{}/api/v1/brands?q=NIK", s.url())).await;
    assert_eq!(st, StatusCode::OK, "{body}");
    let nike = body["values"]
        .as_array()
        .expect("values")
        .iter()
        .find(|v| v["name"] == "Nike")
        .cloned()
        .expect("Nike");
    let id = nike["id"].as_str().expect("id");
    let n = total(&s, &c, &format!("fts=shoes&brand={id}")).await;
    assert!(n > 0);
    let (_, _, colors) = get(&c, &format!("{}/api/v1/colors?q=bl", s.url())).await;
    let names: Vec<&str> = colors["values"]
        .as_array()
        .expect("values")
        .iter()
        .filter_map(|v| v["name"].as_str())
        .collect();
    assert_eq!(names, ["Black", "Blue"]);
}

#[tokio::test]
async fn bad_facet_requests_say_what_is_allowed() {
    let (s, c) = start().await;
    for (query, parameter) in [
        ("/api/v1/facets?cat=dresses&facets=brand,shape", "facets"),
        ("/api/v1/facets?cat=dresses&limit=5", "limit"),
        ("/api/v1/facets?cat=dresses&sort=newest", "sort"),
        ("/api/v1/facets?facets=brand", "cat"),
        ("/api/v1/facets?cat=dresses&minDiscount=25", "minDiscount"),
        ("/api/v1/facets?cat=dresses&size=x", "size"),
        ("/api/v1/brands?name=nike", "name"),
        ("/api/v1/brands?q=a&q=b", "q"),
    ] {
        let (st, _, body) = get(&c, &format!("{}{query}", s.url())).await;
        assert_eq!(st, StatusCode::BAD_REQUEST, "{query}: {body}");
        assert_eq!(body["error"]["parameter"], parameter, "{query}: {body}");
    }
    let long = "n".repeat(101);
    let (st, _, _) = get(&c, &format!("{}/api/v1/brands?q={long}", s.url())).await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn suggestions_as_you_type_are_cached_like_pages() {
    let (s, c) = start().await;
    let texts = |body: &Value| -> Vec<(String, String)> {
        body["suggestions"]
            .as_array()
            .expect("suggestions")
            .iter()
            .map(|v| {
                (
                    v["kind"].as_str().unwrap_or("").to_owned(),
                    v["text"].as_str().unwrap_or("").to_lowercase(),
                )
            })
            .collect()
    };
    for (typed, kind, want) in [
        ("sne", "query", "sneakers"),
        ("nik", "brand", "nike"),
        ("dres", "category", "dresses"),
        // Typo-tolerant like the search.
        ("sneek", "query", "sneakers"),
    ] {
        let url = format!("{}/api/v1/suggest?q={typed}", s.url());
        let (st, cache, body) = get(&c, &url).await;
        assert_eq!(
            (st, cache.as_str()),
            (StatusCode::OK, "MISS"),
            "{typed}: {body}"
        );
        assert!(
            texts(&body).contains(&(kind.to_owned(), want.to_owned())),
            "{typed} should offer the {kind} {want}: {body}"
        );
        for v in body["suggestions"].as_array().expect("suggestions") {
            assert!(v["count"].as_u64().is_some_and(|n| n > 0), "{v}");
        }
        let (_, again, _) = get(&c, &url).await;
        assert_eq!(again, "HIT", "{typed}");
    }
    let (_, _, two) = get(&c, &format!("{}/api/v1/suggest?q=sh&limit=2", s.url())).await;
    assert_eq!(two["suggestions"].as_array().map(Vec::len), Some(2));
    for (query, parameter) in [
        ("/api/v1/suggest", "q"),
        ("/api/v1/suggest?q=%20%20", "q"),
        ("/api/v1/suggest?q=a&limit=0", "limit"),
        ("/api/v1/suggest?q=a&limit=21", "limit"),
        ("/api/v1/suggest?q=a&user=x", "user"),
    ] {
        let (st, _, body) = get(&c, &format!("{}{query}", s.url())).await;
        assert_eq!(st, StatusCode::BAD_REQUEST, "{query}: {body}");
        assert_eq!(body["error"]["parameter"], parameter, "{query}: {body}");
    }
}

#[tokio::test]
async fn a_typo_is_corrected_and_said() {
    let (s, c) = start().await;
    let (st, _, page) = get(
        &c,
        &format!("{}/api/v1/products?fts=sneekers&limit=5", s.url()),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{page}");
    assert_eq!(page["corrected"], "sneakers", "{page}");
    assert_eq!(page["query"]["corrected"], "sneakers");
    let (_, _, exact) = get(&c, &format!("{}/api/v1/products?fts=nike&limit=5", s.url())).await;
    assert!(
        exact.get("corrected").is_none() || exact["corrected"].is_null(),
        "{exact}"
    );
}
