//! `sss search`: formats, fields, sorting, paging.

use std::collections::HashSet;

use serde_json::Value;

use crate::{json, ndjson_ids, sss, stderr, stdout, succeeds};

#[test]
fn json_is_the_api_page_object() {
    let out = succeeds(&[
        "search",
        "--category",
        "dresses",
        "--limit",
        "5",
        "--format",
        "json",
    ]);
    let page = json(&out);
    assert_eq!(page["products"].as_array().map(Vec::len), Some(5));
    assert_eq!(page["limit"], 5);
    assert_eq!(page["query"]["cat"], "dresses");
    assert!(page["total"].as_u64().is_some_and(|t| t > 5), "{page}");
    assert!(page["cache"]["status"].is_string(), "{page}");
    assert!(page["products"][0]["id"].is_string());

    // Not a terminal and no --format: json, the same page.
    let out = sss()
        .args(["search", "-c", "dresses", "-n", "5"])
        .output()
        .expect("runs");
    assert_eq!(json(&out)["products"], page["products"]);
}

#[test]
fn a_table_sorted_by_price_reads_in_order() {
    let out = sss()
        .env("COLUMNS", "100")
        .args([
            "search",
            "-c",
            "dresses",
            "-q",
            "blue",
            "--sort",
            "price-asc",
            "--format",
            "table",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let mut lines = text.lines();
    let header = lines.next().expect("a header");
    assert!(
        header.starts_with("ID") && header.contains("PRICE"),
        "{header}"
    );
    let prices: Vec<f64> = lines
        .filter(|l| !is_footer(l))
        .map(|l| {
            l.split_whitespace()
                .nth(1)
                .and_then(|p| p.parse().ok())
                .unwrap_or_else(|| panic!("no price in {l:?}"))
        })
        .collect();
    assert_eq!(prices.len(), 20);
    assert!(prices.windows(2).all(|w| w[0] <= w[1]), "{prices:?}");
    for line in text.lines() {
        assert!(line.chars().count() <= 100, "too wide: {line:?}");
    }
    assert!(!text.contains('\x1b'), "no colour when not a terminal");
}

/// The table's last line: `1-20 of 68`.
fn is_footer(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    words.len() == 3 && words[1] == "of" && words[0].contains('-')
}

#[test]
fn snapshots_of_table_and_csv() {
    let args = [
        "search",
        "-c",
        "dresses",
        "-q",
        "blue",
        "--sort",
        "price-asc",
        "--limit",
        "6",
    ];
    let table = sss()
        .env("COLUMNS", "80")
        .args(args)
        .args(["--format", "table"])
        .output()
        .expect("runs");
    assert_eq!(table.status.code(), Some(0), "{}", stderr(&table));
    insta::assert_snapshot!("table_blue_dresses_by_price", stdout(&table));

    let narrow = sss()
        .env("COLUMNS", "50")
        .args(args)
        .args(["--format", "table"])
        .output()
        .expect("runs");
    insta::assert_snapshot!("table_blue_dresses_50_columns", stdout(&narrow));

    let csv = sss()
        .args(args)
        .args([
            "--format",
            "csv",
            "--fields",
            "id,name,brand,retailer,price,salePrice,finalPrice,discount",
        ])
        .output()
        .expect("runs");
    assert_eq!(csv.status.code(), Some(0), "{}", stderr(&csv));
    insta::assert_snapshot!("csv_blue_dresses_by_price", stdout(&csv));
}

#[test]
fn ndjson_and_fields() {
    let out = succeeds(&[
        "search",
        "-c",
        "dresses",
        "-n",
        "4",
        "-f",
        "ndjson",
        "--fields",
        "id,finalPrice,brand",
    ]);
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 4);
    for line in text.lines() {
        let v: Value = serde_json::from_str(line).expect("one JSON object a line");
        let keys: Vec<&str> = v
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, ["brand", "finalPrice", "id"], "{line}");
        assert!(
            v["finalPrice"].is_number() && v["brand"]["name"].is_string(),
            "{line}"
        );
    }

    // Default CSV columns, and an unknown field is a usage error naming what is allowed.
    let csv = sss()
        .args(["search", "-c", "dresses", "-n", "2", "-f", "csv"])
        .output()
        .expect("runs");
    let text = stdout(&csv);
    assert!(
        text.starts_with("id,name,brand,retailer,price,salePrice,finalPrice,"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 3);
    let bad = sss()
        .args(["search", "-c", "dresses", "--fields", "id,bogus"])
        .output()
        .expect("runs");
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("unknown field bogus; allowed: id, name"),
        "{}",
        stderr(&bad)
    );
    let help = sss()
        .args(["search", "-c", "x", "--fields", "help"])
        .output()
        .expect("runs");
    assert!(stdout(&help).contains("finalPrice"));
}

#[test]
fn all_follows_every_page_and_stops_at_the_depth_cap() {
    // A small result in pages of 7: every product once, in order, across pages.
    let one = sss()
        .args([
            "search", "-c", "dresses", "-q", "blue", "-n", "100", "-f", "json",
        ])
        .output()
        .expect("runs");
    let page = json(&one);
    let total = page["total"].as_u64().expect("total");
    assert!(total > 14 && total <= 100, "{total}");
    let expected: Vec<Value> = page["products"].as_array().expect("products").clone();

    let out = succeeds(&[
        "search", "-c", "dresses", "-q", "blue", "--all", "-n", "7", "-f", "ndjson", "--fields",
        "id",
    ]);
    let ids: Vec<String> = ndjson_ids(&out);
    let want: Vec<&str> = expected.iter().filter_map(|p| p["id"].as_str()).collect();
    assert_eq!(ids, want);

    // --all as JSON: one object whose products are every page's.
    let out = sss()
        .args([
            "search", "-c", "dresses", "-q", "blue", "--all", "-n", "9", "-f", "json",
        ])
        .output()
        .expect("runs");
    let all = json(&out);
    assert_eq!(all["total"], total);
    assert_eq!(
        all["products"].as_array().map(Vec::len),
        Some(expected.len())
    );
    assert_eq!(all["query"]["cat"], "dresses");

    // A category with more than 5000 products: exactly the cap, no duplicates.
    let out = succeeds(&[
        "search", "-c", "women", "--all", "-f", "ndjson", "--fields", "id",
    ]);
    let text = stdout(&out);
    let ids: HashSet<&str> = text.lines().collect();
    assert_eq!(text.lines().count(), 5000);
    assert_eq!(ids.len(), 5000);

    // Table and CSV stream too: one header, then rows.
    let out = sss()
        .args([
            "search", "-c", "dresses", "-q", "blue", "--all", "-n", "10", "-f", "csv", "--fields",
            "id",
        ])
        .output()
        .expect("runs");
    let text = stdout(&out);
    assert_eq!(text.lines().filter(|l| *l == "id").count(), 1);
    assert_eq!(text.lines().count() as u64, total + 1);
}

#[test]
fn pages_filters_and_verbose() {
    let first = json(
        &sss()
            .args(["search", "-c", "dresses", "-n", "3", "-f", "json"])
            .output()
            .expect("runs"),
    );
    let second = sss()
        .args([
            "-v", "search", "-c", "dresses", "-n", "3", "--page", "2", "-f", "json",
        ])
        .output()
        .expect("runs");
    let page2 = json(&second);
    assert_eq!(page2["offset"], 3);
    assert_ne!(page2["products"][0]["id"], first["products"][0]["id"]);
    let err = stderr(&second);
    assert!(
        err.contains("X-Cache MISS") || err.contains("X-Cache HIT"),
        "{err}"
    );
    assert!(err.contains(" ms") && err.contains("request-id"), "{err}");

    let sale = sss()
        .args([
            "search",
            "-c",
            "dresses",
            "--sale",
            "--max-price",
            "60",
            "--min-price",
            "10",
            "-n",
            "20",
            "-f",
            "json",
        ])
        .output()
        .expect("runs");
    let sale = json(&sale);
    assert_eq!(sale["query"]["sale"], true);
    assert_eq!(sale["query"]["maxPrice"], 60.0);
    for p in sale["products"].as_array().expect("products") {
        assert!(p["salePrice"].is_number(), "{p}");
    }
}

#[test]
fn asks_for_gzip_and_decodes_it() {
    let (proxy, seen) = crate::server::recording_proxy();
    let out = crate::bare()
        .args([
            "--server", &proxy, "search", "-c", "dresses", "-n", "5", "--format", "json",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = json(&out);
    assert_eq!(page["products"].as_array().map(Vec::len), Some(5));
    let seen = seen.lock().expect("log").clone();
    let search = seen
        .iter()
        .find(|s| s.content_encoding.is_some())
        .unwrap_or_else(|| panic!("no compressed answer among {seen:?}"));
    assert!(
        search
            .accept_encoding
            .as_deref()
            .is_some_and(|a| a.contains("gzip")),
        "{search:?}"
    );
    assert_eq!(search.content_encoding.as_deref(), Some("gzip"));
}
