//! The shapes of the API's JSON bodies, for the OpenAPI document (`openapi.rs`) and the
//! handlers' annotations.

use serde::Serialize;
use sss_core::domain::{Category, Product, SearchQuery, TextMatch};
use utoipa::ToSchema;

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
    /// The same as the `X-Cache` header, lower-cased.
    #[schema(pattern = "^(hit|miss|stale|store)$")]
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
    /// `invalid_parameter`, `not_found`, `method_not_allowed`, `uri_too_long`,
    /// `headers_too_large`, `upstream_failed`, `unavailable`, `rate_limited`, ...
    pub code: String,
    /// A sentence for people: what was wrong and what is allowed.
    pub message: String,
    /// The parameter at fault, for `invalid_parameter`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
}

/// The service's readiness (`GET /readyz`), 200 or 503.
#[derive(Serialize, ToSchema)]
pub struct ReadinessBody {
    /// `ready`, `degraded` (some dependency is down, searches are still answered) or
    /// `unavailable` (503).
    #[schema(pattern = "^(ready|degraded|unavailable)$")]
    pub status: String,
    /// Each dependency's state.
    pub checks: Vec<CheckState>,
    /// With `unavailable`: the error naming each dependency.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorDetail>,
}

/// One dependency's state.
#[derive(Serialize, ToSchema)]
pub struct CheckState {
    /// The dependency, unique within the answer.
    pub name: String,
    /// Whether it answered.
    pub ok: bool,
    /// Why not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}
