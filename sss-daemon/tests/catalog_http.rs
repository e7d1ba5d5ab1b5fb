//! The catalog service over real HTTP on loopback: the "must show" list and the rest of
//! its contract (ShopStyle's shapes, error bodies, bounds, latency and failure injection,
//! metrics).

use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use serde_json::Value;
use sss_core::catalog::Catalog;
use sss_core::upstream::wire::{SsCategoriesResponse, SsError, SsProduct, SsSearchResponse};
use sss_daemon::catalog::{CatalogArgs, CatalogState, router};

/// One catalog per test binary: building it takes a moment in debug builds.
fn catalog() -> Arc<Catalog> {
    static C: OnceLock<Arc<Catalog>> = OnceLock::new();
    C.get_or_init(|| Arc::new(Catalog::bundled().expect("bundled catalog builds")))
        .clone()
}

struct Server {
    base: String,
    client: reqwest::Client,
}

async fn start(args: CatalogArgs) -> Server {
    let state = CatalogState::new(catalog(), &args).expect("valid settings");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("local addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, router(state)).await;
    });
    Server {
        base: format!("http://{addr}"),
        client: reqwest::Client::new(),
    }
}

impl Server {
    async fn get(&self, path_and_query: &str) -> (u16, String) {
        let resp = self
            .client
            .get(format!("{}{path_and_query}", self.base))
            .send()
            .await
            .expect("request");
        let status = resp.status().as_u16();
        (status, resp.text().await.expect("body"))
    }

    async fn search(&self, query: &str) -> SsSearchResponse {
        let (status, body) = self.get(&format!("/api/v2/products?{query}")).await;
        assert_eq!(status, 200, "{query}: {body}");
        serde_json::from_str(&body).expect("a products response")
    }

    async fn error(&self, path_and_query: &str, want: u16) -> SsError {
        let (status, body) = self.get(path_and_query).await;
        assert_eq!(status, want, "{path_and_query}: {body}");
        let v: Value = serde_json::from_str(&body).expect("JSON");
        for field in [
            "errorCode",
            "errorName",
            "errorMessage",
            "detailedErrors",
            "errorId",
            "headers",
        ] {
            assert!(v.get(field).is_some(), "{field} missing in {body}");
        }
        assert_eq!(v["errorCode"], Value::from(want), "{body}");
        serde_json::from_str(&body).expect("ShopStyle's error body")
    }
}

fn effective(p: &SsProduct) -> f64 {
    p.sale_price.or(p.price).expect("a price")
}

#[tokio::test]
async fn dresses_page_has_real_products_and_the_data_total() {
    let s = start(CatalogArgs::default()).await;
    let (status, body) = s.get("/api/v2/products?pid=x&cat=dresses&limit=5").await;
    assert_eq!(status, 200, "{body}");
    let r: SsSearchResponse = serde_json::from_str(&body).expect("products response");
    assert_eq!(r.products.len(), 5);
    // styles.csv has 390 Dresses rows for women and 74 for girls; 34 of the women's rows are
    // kids' dresses by name ("Gini and Jony Girl's ...", "Doodle Kids Girl ...") and sit under
    // girls-dresses. 390 - 34 = 356 are women's dresses.
    assert_eq!(r.metadata.total, 356);
    assert_eq!(
        Some(r.metadata.total as usize),
        catalog().category_product_count("dresses")
    );
    assert_eq!((r.metadata.offset, r.metadata.limit), (0, 5));
    // ShopStyle's shape, as raw JSON: numeric product id, string brand and retailer ids.
    let raw: Value = serde_json::from_str(&body).expect("JSON");
    let p0 = &raw["products"][0];
    assert!(p0["id"].is_u64(), "{p0}");
    assert!(
        p0["brand"]["id"].is_string() && p0["retailer"]["id"].is_string(),
        "{p0}"
    );
    assert!(
        p0["image"]["sizes"]["Original"].get("width").is_none(),
        "{p0}"
    );
    assert!(p0["image"]["sizes"]["Best"]["width"].is_u64(), "{p0}");
    for p in &r.products {
        assert!(!p.name.is_empty() && p.brand.is_some() && p.retailer.is_some());
        assert!(p.price.is_some() && p.price_label.as_deref().is_some_and(|l| l.starts_with('$')));
        assert_eq!(p.sale_price.is_some(), p.sale_price_label.is_some());
        assert_eq!(p.is_on_sale, Some(p.sale_price.is_some()));
        assert!(p.click_url.is_some() && p.page_url.is_some() && p.discount.is_some());
        assert!(!p.categories.is_empty() && p.categories.iter().all(|c| !c.name.is_empty()));
        assert!(
            p.description
                .as_deref()
                .is_some_and(|d| d.contains("Price estimated"))
        );
        let prod = p.to_product();
        assert_eq!(prod.currency.as_deref(), Some("USD"));
    }
}

#[tokio::test]
async fn newer_category_ids_work() {
    let s = start(CatalogArgs::default()).await;
    let r = s.search("pid=x&cat=womens-boots-ankle").await;
    assert!(r.metadata.total >= 1, "{:?}", r.metadata);
    assert!(
        r.products
            .iter()
            .all(|p| p.categories.iter().any(|c| c.id == "womens-boots-ankle"))
    );
    assert_eq!(
        r.metadata.category.map(|c| c.parent_id),
        Some(Some("boots".to_owned()))
    );
    // A category with no products in the data answers 200 with total 0.
    let none = s.search("pid=x&cat=maternity-dresses").await;
    assert_eq!((none.metadata.total, none.products.len()), (0, 0));
}

#[tokio::test]
async fn fts_matches_every_word() {
    let s = start(CatalogArgs::default()).await;
    let r = s.search("pid=x&fts=blue%20jeans&limit=100").await;
    assert!(r.metadata.total > 100, "{}", r.metadata.total);
    for p in &r.products {
        let mut text = p.name.to_lowercase();
        for c in &p.colors {
            text.push(' ');
            text.push_str(&c.name.to_lowercase());
        }
        for c in &p.categories {
            text.push_str(&format!(" {} {:?}", c.name, c.full_name).to_lowercase());
        }
        assert!(text.contains("blue"), "{text}");
        assert!(text.contains("jean") || text.contains("denim"), "{text}");
    }
    let plus = s.search("pid=x&fts=blue+jeans&limit=0").await;
    assert_eq!(plus.metadata.total, r.metadata.total, "+ is a space");
}

#[tokio::test]
async fn price_sort_is_ordered() {
    let s = start(CatalogArgs::default()).await;
    let asc = s
        .search("pid=x&cat=womens-shoes&sort=PriceLoHi&limit=100")
        .await;
    assert_eq!(asc.products.len(), 100);
    assert!(
        asc.products
            .windows(2)
            .all(|w| effective(&w[0]) <= effective(&w[1]))
    );
    let desc = s
        .search("pid=x&cat=womens-shoes&sort=PriceHiLo&limit=100")
        .await;
    assert!(
        desc.products
            .windows(2)
            .all(|w| effective(&w[0]) >= effective(&w[1]))
    );
    let deep = s
        .search("pid=x&cat=women&sort=PriceLoHi&offset=4900&limit=100")
        .await;
    assert!(effective(&deep.products[0]) >= effective(&asc.products[0]));
}

#[tokio::test]
async fn missing_pid_is_shopstyles_401() {
    let s = start(CatalogArgs::default()).await;
    for q in [
        "/api/v2/products?cat=dresses",
        "/api/v2/products?pid=&cat=dresses",
        "/api/v2/categories",
    ] {
        let e = s.error(q, 401).await;
        assert_eq!(e.error_name, "MissingPartnerId");
        assert_eq!(e.error_message, "pid is required");
        assert!(e.detailed_errors.is_empty() && e.headers.is_empty() && !e.error_id.is_empty());
    }
}

#[tokio::test]
async fn limit_over_100_names_the_bound() {
    let s = start(CatalogArgs::default()).await;
    let e = s
        .error("/api/v2/products?pid=x&cat=dresses&limit=101", 400)
        .await;
    assert!(
        e.error_message.contains("limit") && e.error_message.contains("100"),
        "{e:?}"
    );
    let e = s
        .error(
            "/api/v2/products?pid=x&cat=women&offset=4950&limit=100",
            400,
        )
        .await;
    assert!(e.error_message.contains("5000"), "{e:?}");
}

#[tokio::test]
async fn bad_input_gets_a_clear_400_or_404() {
    let s = start(CatalogArgs::default()).await;
    let e = s.error("/api/v2/products?pid=x&cat=dressez", 400).await;
    assert!(
        e.error_message.contains("dressez") && e.error_message.contains("dresses"),
        "{e:?}"
    );
    for q in [
        "sort=Cheapest",
        "limit=-1",
        "offset=99999999999999",
        "fl[]=b1",
        "fl=z1",
        "fl=p9:1",
        "fts=%FF%FE",
        "fts=%zz",
        "cat=a&cat=b",
        "bogus=1",
        "format=xml",
    ] {
        let e = s.error(&format!("/api/v2/products?pid=x&{q}"), 400).await;
        assert_eq!(e.error_name, "InvalidParameter", "{q}: {e:?}");
        assert!(e.error_message.contains("allowed"), "{q}: {e:?}");
    }
    let e = s.error("/api/v2/products/1?pid=x", 404).await;
    assert_eq!(e.error_name, "InvalidProductId");
    s.error("/api/v2/products/abc?pid=x", 400).await;
    s.error("/api/v2/products/%FF?pid=x", 400).await;
    s.error("/api/v2/nothing-here?pid=x", 404).await;
    let resp = s
        .client
        .post(format!("{}/api/v2/products?pid=x", s.base))
        .send()
        .await
        .expect("post");
    assert_eq!(resp.status().as_u16(), 405);
}

#[tokio::test]
async fn filters_repeat_as_fl() {
    let s = start(CatalogArgs::default()).await;
    let sale = s.search("pid=x&cat=women&fl=d0&fl=c10&limit=50").await;
    assert!(sale.metadata.total > 0);
    for p in &sale.products {
        assert!(p.sale_price.is_some(), "{}", p.name);
        assert_eq!(p.colors[0].canonical_colors[0].name, "Blue");
    }
    // Price filters are ids of /priceFilters (21: $10-25, 22: $25-50), one or a run.
    let price = s
        .search("pid=x&cat=men&fl=p21:22&sort=PriceHiLo&limit=50")
        .await;
    assert!(price.metadata.total > 0);
    assert!(
        price
            .products
            .iter()
            .all(|p| (10.0..50.0).contains(&effective(p)))
    );
}

/// What clients written against the live API send: a trailing slash, `userId`, `floor`, an
/// empty `pdd`, `locales` repeated, `site`; and the live API's error names.
#[tokio::test]
async fn takes_requests_as_the_live_api_does() {
    let s = start(CatalogArgs::default()).await;
    for path in [
        "/api/v2/brands/?pid=k&userId=fred",
        "/api/v2/colors/?pid=k&userId=fred",
        "/api/v2/retailers/?pid=k&userId=fred",
        "/api/v2/categories/?pid=k&userId=fred",
        "/api/v2/priceFilters/?pid=k&userId=fred",
        "/api/v2/products/15970/?pid=k&userId=fred",
        "/api/v2/products/?pid=k&userId=fred&floor=0&fts=&cat=&fl=b1&pdd=&sort=Recency&limit=50&offset=0",
        "/api/v2/products?pid=k&cat=dresses&site=www.shopstyle.co.uk&locales=all&locales=en_US&suppressResponseCode=true",
        "/api/v2/products/histogram/?pid=k&userId=fred&floor=0&fts=&cat=dresses&pdd=&sort=Recency&filters=Retailer",
    ] {
        let (status, body) = s.get(path).await;
        assert_eq!(status, 200, "{path}: {body}");
    }
    let (_, body) = s.get("/api/v2/brands?pid=k&limit=10").await;
    let v: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(v["metadata"]["limit"], 10);
    assert_eq!(v["brands"].as_array().map(Vec::len), Some(10));
    let e = s.error("/api/v2/products/0/?pid=k&userId=fred", 404).await;
    assert_eq!(e.error_name, "InvalidProductId");
    let e = s.error("/api/v2/brands/?pid=&userId=", 401).await;
    assert_eq!(e.error_name, "MissingPartnerId");
    // A price-drop date: the catalog's prices never drop, so nothing matches.
    let dropped = s.search("pid=k&cat=dresses&pdd=1700000000000").await;
    assert_eq!(dropped.metadata.total, 0);
    s.error("/api/v2/products?pid=k&cat=dresses&pdd=yesterday", 400)
        .await;
    // Strict where it helps: unknown names are still refused, and name them.
    let e = s
        .error("/api/v2/products?pid=k&cat=dresses&colour=red", 400)
        .await;
    assert!(e.error_message.contains("colour"), "{}", e.error_message);
}

#[tokio::test]
async fn histogram_and_price_filters_in_shopstyles_shape() {
    let s = start(CatalogArgs::default()).await;
    let (status, body) = s
        .get("/api/v2/products/histogram?pid=k&cat=dresses&filters=Brand,Price,Size&floor=5")
        .await;
    assert_eq!(status, 200, "{body}");
    let v: Value = serde_json::from_str(&body).expect("JSON");
    let total = s.search("pid=k&cat=dresses&limit=0").await.metadata.total;
    assert_eq!(v["metadata"]["total"], Value::from(total));
    for list in ["brandHistogram", "priceHistogram", "sizeHistogram"] {
        let entries = v[list].as_array().expect(list);
        assert!(!entries.is_empty(), "{list}");
        for e in entries {
            assert!(e["id"].is_string() && e["name"].is_string(), "{e}");
            assert!(e["count"].as_u64().is_some_and(|c| c >= 5), "{e}");
        }
    }
    assert!(
        v.get("colorHistogram").is_none(),
        "only the lists asked for"
    );
    // A brand's count is the total of the search with that brand.
    let first = &v["brandHistogram"][0];
    let narrowed = s
        .search(&format!(
            "pid=k&cat=dresses&fl=b{}&limit=0",
            first["id"].as_str().unwrap_or_default()
        ))
        .await;
    assert_eq!(Value::from(narrowed.metadata.total), first["count"]);
    let e = s
        .error(
            "/api/v2/products/histogram?pid=k&cat=dresses&filters=Brand,Shape",
            400,
        )
        .await;
    assert!(e.error_message.contains("Shape"), "{}", e.error_message);
    let (status, body) = s.get("/api/v2/priceFilters?pid=k").await;
    assert_eq!(status, 200, "{body}");
    let v: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(v["priceFilters"][0]["id"], "20");
    assert_eq!(v["priceFilters"][1]["minPrice"], 10);
}

#[tokio::test]
async fn product_categories_and_lists() {
    let s = start(CatalogArgs::default()).await;
    let (status, body) = s.get("/api/v2/products/15970?pid=x").await;
    assert_eq!(status, 200, "{body}");
    let p: SsProduct = serde_json::from_str(&body).expect("a bare product");
    assert_eq!(p.name, "Turtle Check Men Navy Blue Shirt");
    let (status, body) = s.get("/api/v2/categories?pid=x&cat=women&depth=1").await;
    assert_eq!(status, 200, "{body}");
    let c: SsCategoriesResponse = serde_json::from_str(&body).expect("categories");
    assert_eq!(c.metadata.root.id, "women");
    assert!(
        c.categories
            .iter()
            .all(|x| x.parent_id.as_deref() == Some("women"))
    );
    assert!(c.categories.iter().all(|x| x.product_count.is_some()));
    let (_, all) = s.get("/api/v2/categories?pid=x").await;
    let all: SsCategoriesResponse = serde_json::from_str(&all).expect("categories");
    assert_eq!(all.categories.len(), 847 + 82);
    s.error("/api/v2/categories?pid=x&depth=99", 400).await;
    for (path, key) in [
        ("brands", "brands"),
        ("retailers", "retailers"),
        ("colors", "colors"),
    ] {
        let (status, body) = s.get(&format!("/api/v2/{path}?pid=x")).await;
        assert_eq!(status, 200, "{body}");
        let v: Value = serde_json::from_str(&body).expect("JSON");
        let list = v[key].as_array().expect("a list");
        assert!(
            !list.is_empty()
                && list
                    .iter()
                    .all(|b| b["id"].is_string() && b["name"].is_string())
        );
    }
    assert_eq!(s.get("/healthz").await.0, 200);
    assert_eq!(s.get("/readyz").await.0, 200);
}

fn counter(metrics: &str, endpoint: &str) -> u64 {
    let prefix = format!("sss_catalog_requests_total{{endpoint=\"{endpoint}\"}} ");
    metrics
        .lines()
        .find_map(|l| l.strip_prefix(&prefix))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no {endpoint} counter in {metrics}"))
}

#[tokio::test]
async fn metrics_count_every_api_request() {
    let s = start(CatalogArgs::default()).await;
    let (_, before) = s.get("/metrics").await;
    assert_eq!(counter(&before, "products"), 0);
    s.search("pid=x&cat=dresses").await;
    s.search("pid=x&fts=shirt").await;
    s.error("/api/v2/products?cat=dresses", 401).await;
    s.get("/api/v2/products/15970?pid=x").await;
    s.get("/api/v2/categories?pid=x").await;
    s.get("/api/v2/colors?pid=x").await;
    s.get("/healthz").await;
    let (status, after) = s.get("/metrics").await;
    assert_eq!(status, 200);
    assert!(
        after.contains("# TYPE sss_catalog_requests counter"),
        "{after}"
    );
    assert!(
        after.ends_with("# EOF\n"),
        "OpenMetrics text ends with # EOF: {after}"
    );
    assert_eq!(counter(&after, "products"), 3);
    assert_eq!(counter(&after, "product"), 1);
    assert_eq!(counter(&after, "categories"), 1);
    assert_eq!(counter(&after, "colors"), 1);
    assert_eq!(counter(&after, "brands"), 0);
}

#[tokio::test]
async fn injected_latency_and_failures() {
    let slow = start(CatalogArgs {
        latency_ms: 150,
        ..CatalogArgs::default()
    })
    .await;
    let t = Instant::now();
    slow.search("pid=x&cat=dresses&limit=1").await;
    assert!(
        t.elapsed() >= Duration::from_millis(150),
        "{:?}",
        t.elapsed()
    );
    let failing = start(CatalogArgs {
        fail_rate: 1.0,
        ..CatalogArgs::default()
    })
    .await;
    let e = failing
        .error("/api/v2/products?pid=x&cat=dresses", 503)
        .await;
    assert_eq!(e.error_name, "ServiceUnavailable");
    let (_, m) = failing.get("/metrics").await;
    assert!(m.contains("sss_catalog_injected_failures_total 1"), "{m}");
    assert_eq!(counter(&m, "products"), 1);
    assert!(
        CatalogState::new(
            catalog(),
            &CatalogArgs {
                fail_rate: 1.5,
                ..CatalogArgs::default()
            }
        )
        .is_err()
    );
}

#[tokio::test]
async fn a_configured_pid_is_required() {
    let s = start(CatalogArgs {
        pid: Some("partner-1".to_owned()),
        ..CatalogArgs::default()
    })
    .await;
    let e = s.error("/api/v2/products?pid=other&cat=dresses", 401).await;
    assert_eq!(e.error_name, "InvalidPartnerId");
    s.search("pid=partner-1&cat=dresses").await;
}
