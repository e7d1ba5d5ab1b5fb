//! `sss facets`, `sss brands|retailers|colors`, and filters given by name.

use crate::{json, sss, stderr, stdout, succeeds};

#[test]
fn facets_print_counts_that_match_the_searches() {
    let out = succeeds(&[
        "facets",
        "-c",
        "dresses",
        "--facets",
        "brand,size",
        "--format",
        "json",
    ]);
    let page = json(&out);
    let total = page["total"].as_u64().expect("total");
    let top = &page["facets"]["brand"][0];
    assert!(
        page["facets"]["color"].is_null(),
        "only the facets asked for"
    );
    // The top brand's count is the total of the search with that brand, asked by name.
    let name = top["name"].as_str().expect("name");
    let narrowed = json(&succeeds(&[
        "search", "-c", "dresses", "--brand", name, "-n", "1", "--format", "json",
    ]));
    assert_eq!(narrowed["total"], top["count"]);
    assert!(narrowed["total"].as_u64().expect("total") <= total);
    assert_eq!(narrowed["query"]["brand"][0], top["id"]);

    let out = sss()
        .env("COLUMNS", "100")
        .args([
            "facets", "-c", "dresses", "--facets", "price", "--format", "table",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("FACET") && text.contains("--min-price"),
        "{text}"
    );
}

#[test]
fn names_resolve_through_the_lists_and_sizes_through_the_search() {
    let out = succeeds(&[
        "search",
        "-c",
        "dresses",
        "--color",
        "black",
        "--size",
        "M",
        "--min-discount",
        "20",
        "-n",
        "5",
        "--format",
        "json",
    ]);
    let page = json(&out);
    assert_eq!(page["query"]["color"][0], "16", "{}", page["query"]);
    assert_eq!(page["query"]["minDiscount"], 20);
    for p in page["products"].as_array().expect("products") {
        assert!(
            p["sizes"]
                .as_array()
                .is_some_and(|s| s.iter().any(|s| s == "M")),
            "{p}"
        );
        assert!(p["discount"].as_f64().is_some_and(|d| d >= 20.0), "{p}");
    }
}

#[test]
fn an_unknown_or_ambiguous_name_is_a_usage_error_naming_close_ones() {
    let out = sss()
        .args(["search", "-q", "shoes", "--brand", "nikee"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("Nike"), "{}", stderr(&out));
    let out = sss()
        .args(["search", "-q", "shoes", "--brand", "ni"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("ambiguous"), "{}", stderr(&out));
}

#[test]
fn lists_filter_by_prefix() {
    let page = json(&succeeds(&[
        "brands", "--prefix", "nik", "--format", "json",
    ]));
    let names: Vec<&str> = page["values"]
        .as_array()
        .expect("values")
        .iter()
        .filter_map(|v| v["name"].as_str())
        .collect();
    assert!(names.contains(&"Nike"), "{names:?}");
    let colors = json(&succeeds(&["colors", "--format", "json"]));
    assert_eq!(colors["total"], 14);
    let out = sss()
        .args(["retailers", "--prefix", "zzzz"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "no match exits 1 like grep");
}

#[test]
fn suggest_offers_completions_and_search_says_what_it_understood() {
    let page = json(&succeeds(&["suggest", "sne", "--format", "json"]));
    let texts: Vec<&str> = page["suggestions"]
        .as_array()
        .expect("suggestions")
        .iter()
        .filter_map(|s| s["text"].as_str())
        .collect();
    assert!(texts.contains(&"sneakers"), "{texts:?}");
    let brands = json(&succeeds(&[
        "suggest", "nik", "-n", "3", "--format", "json",
    ]));
    assert_eq!(brands["suggestions"][0]["kind"], "brand", "{brands}");
    assert_eq!(brands["suggestions"][0]["text"], "Nike");

    let page = json(&succeeds(&[
        "search", "-q", "sneekers", "-n", "3", "--format", "json",
    ]));
    assert_eq!(page["corrected"], "sneakers", "{page}");
    let out = sss()
        .env("COLUMNS", "100")
        .args(["search", "-q", "sneekers", "-n", "3", "--format", "table"])
        .output()
        .expect("runs");
    assert!(
        stdout(&out).starts_with("Showing results for \"sneakers\""),
        "{}",
        stdout(&out)
    );
}
