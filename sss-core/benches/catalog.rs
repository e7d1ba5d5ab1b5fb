//! Catalog benchmarks over the full bundled data: building the indexes at start-up, and query
//! latency (each query includes making the ShopStyle-shaped products of its page).
//!
//! `cargo bench -p sss-core --bench catalog`

use std::sync::LazyLock;

use divan::{Bencher, black_box};
use sss_core::catalog::Catalog;
use sss_core::upstream::SearchRequest;

fn main() {
    divan::main();
}

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| match Catalog::bundled() {
    Ok(c) => c,
    Err(e) => panic!("bundled catalog: {e}"),
});

fn run(bencher: Bencher, req: SearchRequest) {
    let catalog = &*CATALOG;
    bencher.bench(|| match catalog.search(black_box(&req)) {
        Ok(r) => black_box(r),
        Err(e) => panic!("{e}"),
    });
}

fn req(cat: Option<&str>, fts: Option<&str>, fl: &[&str], sort: Option<&str>) -> SearchRequest {
    SearchRequest::first(cat, fts, fl, sort, 10)
}

/// Start-up: reading the embedded data and building every index.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn startup_build() -> Catalog {
    match Catalog::bundled() {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    }
}

/// `cat=dresses` (356 products), first page of 10.
#[divan::bench]
fn category_small(b: Bencher) {
    run(b, req(Some("dresses"), None, &[], None));
}

/// `cat=women` (about 21,000 products), first page of 10.
#[divan::bench]
fn category_large(b: Bencher) {
    run(b, req(Some("women"), None, &[], None));
}

/// `fts=blue jeans`: two terms intersected, name matches first.
#[divan::bench]
fn fts_two_words(b: Bencher) {
    run(b, req(None, Some("blue jeans"), &[], None));
}

/// `cat=women&fl=c10&fl=p20:80&sort=PriceLoHi`: filtered and sorted.
#[divan::bench]
fn filtered_sorted(b: Bencher) {
    run(
        b,
        req(Some("women"), None, &["c10", "p20:80"], Some("PriceLoHi")),
    );
}

/// `cat=men&fl=d0&sort=Popular&limit=100`: on sale, a full page.
#[divan::bench]
fn sale_popular_page_100(b: Bencher) {
    let mut r = req(Some("men"), None, &["d0"], Some("Popular"));
    r.limit = 100;
    run(b, r);
}

/// `cat=women&sort=Recency&offset=4900&limit=100`: the deepest page.
#[divan::bench]
fn deep_offset(b: Bencher) {
    let mut r = req(Some("women"), None, &[], Some("Recency"));
    r.offset = 4900;
    r.limit = 100;
    run(b, r);
}

/// `GET /products/{id}`.
#[divan::bench]
fn product_by_id(b: Bencher) {
    let catalog = &*CATALOG;
    b.bench(|| black_box(catalog.product(black_box("15970"))));
}

/// `fts=blue jeens`: one word corrected (`jeans`) before the search (the typo words are built
/// before timing starts).
#[divan::bench]
fn fts_misspelled(b: Bencher) {
    CATALOG.prepare();
    run(b, req(None, Some("blue jeens"), &[], None));
}

/// `fts=sunglases`: a nine-letter word, read with two edits allowed.
#[divan::bench]
fn fts_misspelled_long(b: Bencher) {
    CATALOG.prepare();
    run(b, req(None, Some("sunglases"), &[], None));
}

/// Suggestions for prefixes a shopper types, keystroke by keystroke (the index is built before
/// timing starts).
#[divan::bench(args = ["s", "sne", "snea", "sneek", "running sh", "nik", "dres", "handbg"])]
fn suggest(b: Bencher, prefix: &str) {
    let catalog = &*CATALOG;
    catalog.prepare();
    b.bench(|| black_box(catalog.suggest(black_box(prefix), 10)));
}

/// Building the indexes built on first use: the typo words and the suggestions.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn lazy_indexes_build(b: Bencher) {
    b.with_inputs(|| match Catalog::bundled() {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    })
    .bench_local_values(|c| {
        black_box(c.prepare());
        c
    });
}

/// Suggestions for the longest prefix looked at: one word of 100 letters (two edits allowed).
#[divan::bench]
fn suggest_longest_prefix(b: Bencher) {
    let catalog = &*CATALOG;
    catalog.prepare();
    let prefix = "sneakers".repeat(13);
    b.bench(|| black_box(catalog.suggest(black_box(&prefix), 10)));
}
