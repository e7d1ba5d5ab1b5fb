//! The handlers: the ShopStyle API v2 endpoints, health and metrics.
//!
//! Every API request is counted, delayed by `--latency-ms`, failed at `--fail-rate`, checked
//! for a `pid`, and only then answered.

use axum::extract::{RawQuery, State};
use axum::http::Uri;
use axum::response::Response;
use sss_core::catalog::{CatalogError, MAX_CATEGORY_DEPTH};
use sss_core::upstream::wire::{SsPriceFiltersResponse, SsSuggestResponse};

use super::metrics::Endpoint;
use super::params::{Params, decode};
use super::reply::{self, json};
use super::state::CatalogState;

async fn api(
    s: &CatalogState,
    endpoint: Endpoint,
    raw: Option<&str>,
    answer: impl FnOnce(&Params) -> Result<Response, CatalogError>,
) -> Response {
    s.metrics().request(endpoint);
    if !s.latency().is_zero() {
        tokio::time::sleep(s.latency()).await;
    }
    if s.should_fail() {
        s.metrics().injected_failure();
        return reply::error(
            s,
            503,
            "ServiceUnavailable",
            "the catalog fails this share of requests on purpose (--fail-rate)",
        );
    }
    let params = match Params::parse(raw) {
        Ok(p) => p,
        Err(e) => return reply::catalog_error(s, &e),
    };
    match params.get("pid") {
        None => return reply::missing_pid(s),
        Some(pid) if !s.pid_ok(pid) => {
            return reply::error(s, 401, "InvalidPartnerId", "pid is not valid");
        }
        Some(_) => {}
    }
    answer(&params).unwrap_or_else(|e| reply::catalog_error(s, &e))
}

/// `GET /api/v2/products?pid&cat&fts&fl&sort&offset&limit`.
pub async fn products(State(s): State<CatalogState>, RawQuery(q): RawQuery) -> Response {
    api(&s, Endpoint::Products, q.as_deref(), |p| {
        let req = p.search_request()?;
        s.catalog().search(&req).map(|r| json(&r))
    })
    .await
}

/// `GET /api/v2/products/histogram?pid&cat&fts&fl&filters&floor`: per facet of `filters`
/// (`Brand,Retailer,Price,Discount,Size,Color,Category`; all when absent), how many of the
/// search's products have each value, leaving out values under `floor` products.
pub async fn histogram(State(s): State<CatalogState>, RawQuery(q): RawQuery) -> Response {
    api(&s, Endpoint::Histogram, q.as_deref(), |p| {
        let req = p.search_request()?;
        let facets = p.histogram_filters()?;
        let floor = p.number("floor", 0, u32::MAX)?;
        s.catalog()
            .histogram(&req, &facets, u64::from(floor))
            .map(|r| json(&r))
    })
    .await
}

/// `GET /api/v2/suggest?pid&q&limit`: suggestions for a partial query (an extension; ShopStyle's
/// API has no such route, and the upstream client remembers that when it is refused).
pub async fn suggest(State(s): State<CatalogState>, RawQuery(q): RawQuery) -> Response {
    api(&s, Endpoint::Suggest, q.as_deref(), |p| {
        p.only(&["q", "limit"])?;
        let limit = p.number("limit", 10, sss_core::catalog::MAX_SUGGEST_LIMIT as u32)?;
        let suggestions = s
            .catalog()
            .suggest(p.get("q").unwrap_or_default(), limit as usize)
            .into_iter()
            .map(sss_core::catalog::Suggestion::into_public)
            .collect();
        Ok(json(&SsSuggestResponse { suggestions }))
    })
    .await
}

/// `GET /api/v2/priceFilters`: the price bands `fl=p<id>` takes.
pub async fn price_filters(State(s): State<CatalogState>, RawQuery(q): RawQuery) -> Response {
    api(&s, Endpoint::PriceFilters, q.as_deref(), |p| {
        p.only(&["mapped"])?;
        Ok(json(&SsPriceFiltersResponse {
            price_filters: s.catalog().price_filters(),
        }))
    })
    .await
}

/// `GET /api/v2/products/{id}`: the id is read from the path by hand, so a malformed one gets
/// ShopStyle's error body too.
pub async fn product(State(s): State<CatalogState>, uri: Uri) -> Response {
    api(&s, Endpoint::Product, uri.query(), |p| {
        p.only(&[])?;
        let raw = uri
            .path()
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or_default();
        let id = decode(raw, "id")?;
        s.catalog().product(&id).map(|r| json(&r))
    })
    .await
}

/// `GET /api/v2/categories?pid&cat&depth`.
pub async fn categories(State(s): State<CatalogState>, RawQuery(q): RawQuery) -> Response {
    api(&s, Endpoint::Categories, q.as_deref(), |p| {
        p.only(&["cat", "depth"])?;
        let depth = match p.get("depth") {
            None => None,
            Some(_) => Some(p.number("depth", MAX_CATEGORY_DEPTH, MAX_CATEGORY_DEPTH)?),
        };
        s.catalog()
            .categories(p.get("cat"), depth)
            .map(|r| json(&r))
    })
    .await
}

/// `GET /api/v2/brands?offset&limit`: every brand by name, or a page of them (then
/// `metadata` says `offset`, `limit` and `total`, as the live API does).
pub async fn brands(State(s): State<CatalogState>, RawQuery(q): RawQuery) -> Response {
    api(&s, Endpoint::Brands, q.as_deref(), |p| {
        p.only(&["offset", "limit"])?;
        let mut all = s.catalog().brands();
        if p.get("offset").is_some() || p.get("limit").is_some() {
            let total = all.brands.len();
            let offset = p.number("offset", 0, u32::MAX)? as usize;
            let limit = p.number("limit", u32::MAX, u32::MAX)? as usize;
            all.brands = all.brands.into_iter().skip(offset).take(limit).collect();
            for (k, v) in [
                ("offset", offset),
                ("limit", limit.min(total)),
                ("total", total),
            ] {
                all.metadata
                    .insert(k.to_owned(), serde_json::Value::from(v));
            }
        }
        Ok(json(&all))
    })
    .await
}

/// `GET /api/v2/retailers`.
pub async fn retailers(State(s): State<CatalogState>, RawQuery(q): RawQuery) -> Response {
    api(&s, Endpoint::Retailers, q.as_deref(), |p| {
        p.only(&[])?;
        Ok(json(&s.catalog().retailers()))
    })
    .await
}

/// `GET /api/v2/colors`.
pub async fn colors(State(s): State<CatalogState>, RawQuery(q): RawQuery) -> Response {
    api(&s, Endpoint::Colors, q.as_deref(), |p| {
        p.only(&[])?;
        Ok(json(&s.catalog().colors()))
    })
    .await
}

/// `GET /healthz`: the process is up.
pub async fn healthz() -> Response {
    json(&serde_json::json!({"status": "ok"}))
}

/// `GET /readyz`: the catalog is built (it is before the listener opens).
pub async fn readyz(State(s): State<CatalogState>) -> Response {
    json(&serde_json::json!({"status": "ready", "products": s.catalog().len()}))
}

/// `GET /metrics`: the counters, in the OpenMetrics text format.
pub async fn metrics(State(s): State<CatalogState>) -> Response {
    crate::common::metrics_response(s.metrics().registry())
}

/// Any other path.
pub async fn not_found(State(s): State<CatalogState>) -> Response {
    reply::error(
        &s,
        404,
        "NotFound",
        "no such endpoint; served: /api/v2/products, /api/v2/products/{id}, \
         /api/v2/products/histogram, /api/v2/categories, /api/v2/brands, /api/v2/retailers, \
         /api/v2/colors, /api/v2/priceFilters, /api/v2/suggest, /healthz, /readyz, /metrics",
    )
}

/// A method other than GET (or HEAD).
pub async fn method_not_allowed(State(s): State<CatalogState>) -> Response {
    reply::error(&s, 405, "MethodNotAllowed", "only GET is served")
}
