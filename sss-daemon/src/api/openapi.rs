//! `GET /api/openapi.json`: the OpenAPI 3.1 document of the public API, generated from the
//! handlers' annotations and the domain types.

use axum::Json;
use serde::Serialize;
use sss_core::domain::{Category, Image, ImageSize, Named, Product, SearchQuery, Sort, TextMatch};
use utoipa::{OpenApi, ToSchema};

use super::handlers::{categories, health, items, products};

/// A page of search results (`GET /api/v1/products`).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SearchPage {
    /// The query as understood: normalised, defaults filled in; for a text search it also
    /// carries `match`, as the page does.
    pub query: SearchQuery,
    /// How the free text (`fts`) matched: `exact` (the words as written, in order, are in products'
    /// names), `all` (every word matched, some through the shopper's vocabulary: synonyms,
    /// categories, gendered forms), `partial` (no product matched every word; the page holds
    /// the closest matches). Absent when the upstream makes no statement (ShopStyle's own API
    /// does not).
    #[serde(rename = "match", skip_serializing_if = "Option::is_none")]
    pub matched: Option<TextMatch>,
    /// How many products match in all.
    pub total: u64,
    /// The first product's position.
    pub offset: u32,
    /// The page size.
    pub limit: u32,
    /// The page.
    pub products: Vec<Product>,
    /// How the page was answered.
    pub cache: CacheInfo,
}

/// How a page was answered.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CacheInfo {
    /// `hit`, `miss`, `stale` or `store` (the same as the `X-Cache` header, lower-cased).
    pub status: String,
    /// When the upstream answered (RFC 3339).
    pub fetched_at: String,
    /// Seconds since then.
    pub age_seconds: u64,
}

/// The category tree (`GET /api/v1/categories`).
#[derive(Serialize, ToSchema)]
pub struct Categories {
    /// The root's id; top-level categories have it as `parentId`.
    pub root: String,
    /// Every category, depth-first.
    pub categories: Vec<Category>,
}

/// An error.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// What went wrong.
#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// `invalid_parameter`, `not_found`, `upstream_failed`, `unavailable`, `rate_limited`.
    pub code: String,
    /// A sentence for people: what was wrong and what is allowed.
    pub message: String,
    /// The parameter at fault, for `invalid_parameter`.
    pub parameter: Option<String>,
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "SSS API",
        version = "1",
        description = "Cached product search over the ShopStyle API. Repeat searches are \
                       answered from memory; `X-Cache` says how (HIT, MISS, STALE, STORE)."
    ),
    paths(
        products::search,
        products::show,
        categories::list,
        items::list,
        health::healthz,
        health::readyz,
        health::metrics,
        spec,
    ),
    components(schemas(
        SearchPage,
        CacheInfo,
        Categories,
        ErrorBody,
        ErrorDetail,
        Product,
        Category,
        Named,
        Image,
        ImageSize,
        SearchQuery,
        Sort,
        TextMatch
    ))
)]
struct ApiDoc;

/// The OpenAPI document of this API.
#[utoipa::path(get, path = "/api/openapi.json", tag = "meta",
    responses((status = 200, description = "OpenAPI 3.1 document", content_type = "application/json")))]
pub async fn spec() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
