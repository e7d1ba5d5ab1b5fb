//! A cached page's costs on the real 50-product `cat=dresses` page: compressing it once per fill
//! (by deflate level), answering a hit in gzip and in identity, and inflating a page read from
//! Redis for an identity client. Prints the page's sizes per level first.
//!
//! `cargo bench -p sss-core --bench page`

use std::sync::LazyLock;

use divan::{Bencher, black_box};
use sss_core::catalog::Catalog;
use sss_core::domain::SearchQuery;
use sss_core::service::gzip::OpenGzip;
use sss_core::service::{CacheStatus, CachedPage, Encoding, Shape};
use sss_core::upstream::SearchRequest;

fn main() {
    let page = &*PAGE;
    let body = page.identity().expect("built here");
    println!(
        "the 50-product cat=dresses page: {} bytes of JSON",
        body.len()
    );
    for level in [1, 4, 6, 9] {
        let gz = OpenGzip::compress(body, level);
        println!(
            "  level {level}: {} bytes gzip ({:.1}%), {} bytes in the cache with its header",
            gz.bytes().len(),
            100.0 * gz.bytes().len() as f64 / body.len() as f64,
            gz.bytes().len() + 37
        );
    }
    divan::main();
}

static PAGE: LazyLock<CachedPage> = LazyLock::new(|| {
    let catalog = Catalog::bundled().expect("bundled catalog");
    let query =
        SearchQuery::from_params([("cat", "dresses"), ("limit", "50")]).expect("a valid query");
    let req = SearchRequest::from(&query);
    let resp = catalog.search(&req).expect("search");
    CachedPage::build(
        Shape::Page,
        &query,
        resp.metadata.total,
        &resp.products,
        1_700_000_000_000,
        resp.metadata.text_match(),
        resp.metadata.corrected(),
    )
});

/// Compressing the page once, when it is filled.
#[divan::bench(args = [1, 4, 6, 9])]
fn compress(bencher: Bencher, level: u32) {
    let body = PAGE.identity().expect("built here").clone();
    bencher.bench(|| OpenGzip::compress(black_box(&body), level));
}

/// A hit's body in gzip: the shared compressed bytes plus the closing ~120 bytes.
#[divan::bench]
fn render_gzip_hit() -> usize {
    PAGE.render(
        CacheStatus::Hit,
        black_box(1_700_000_060_000),
        Encoding::Gzip,
    )
    .map_or(0, |b| b.len())
}

/// A hit's body in identity, with the inflated body already kept (L1).
#[divan::bench]
fn render_identity_hit() -> usize {
    PAGE.render(
        CacheStatus::Hit,
        black_box(1_700_000_060_000),
        Encoding::Identity,
    )
    .map_or(0, |b| b.len())
}

/// Decoding a value read from Redis (no copy of the body).
#[divan::bench]
fn decode_from_redis(bencher: Bencher) {
    let encoded = PAGE.encode();
    bencher.bench(|| CachedPage::decode(black_box(&encoded)));
}

/// Inflating the page for an identity client when only the compressed copy is at hand (a
/// Redis hit with no L1 copy): the price of not keeping identity in Redis.
#[divan::bench]
fn inflate_for_identity(bencher: Bencher) {
    let gz = PAGE.gzip().clone();
    bencher.bench(|| black_box(&gz).inflate());
}
