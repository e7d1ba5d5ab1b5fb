//! `GET /api/v1/products` (search) and `GET /api/v1/products/{id}` (one product).

use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use sss_core::domain::{MAX_PRODUCT_ID_CHARS, Product, SearchQuery};
use sss_core::service::Shape;

use super::page_response;
use crate::api::query;
use crate::api::state::AppState;
use crate::reply::json_response;
use crate::reply::{HttpError, JsonPath};

/// Searches products.
///
/// `cat` or `fts` is required (either or both); `offset + limit` is at most 5000; `minPrice` is
/// not above `maxPrice`. The parameters and their bounds are in the document (`api::openapi`).
#[utoipa::path(get, path = "/api/v1/products", tag = "products", operation_id = "searchProducts",
    responses(
        (status = 200, description = "A page; headers X-Cache, Age, Cache-Control, ETag, X-Request-Id", body = sss_core::api::SearchPage),
        (status = 304, description = "Not modified (If-None-Match matched the ETag)"),
        (status = 400, description = "A bad parameter, named, with what is allowed", body = crate::api::schema::ErrorBody),
        (status = 502, description = "The upstream failed and nothing cached exists", body = crate::api::schema::ErrorBody),
        (status = 503, description = "The search backend is unavailable", body = crate::api::schema::ErrorBody),
    ))]
pub async fn search(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Response, HttpError> {
    let pairs = query::decode(raw.as_deref())?;
    let q = SearchQuery::from_params(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())))?;
    if let Some(cat) = &q.cat {
        check_category(&state, cat).await?;
    }
    let answer = state.0.engine.search(&q, Shape::Page).await?;
    Ok(page_response(
        &answer,
        &headers,
        state.0.engine.freshness().fresh_ttl,
    ))
}

/// A 400 naming a few close ids when `cat` is not a known category. When the tree cannot be
/// loaded the check is skipped and the upstream decides.
pub async fn check_category(state: &AppState, cat: &str) -> Result<(), HttpError> {
    let Some(index) = state.categories().await else {
        return Ok(());
    };
    if index.contains(cat) {
        return Ok(());
    }
    let close = index.suggest(cat, 3);
    Err(HttpError::invalid(
        "cat",
        format!(
            "unknown category {cat:?}; close ones: {}; all ids: /api/v1/categories",
            close.join(", ")
        ),
    ))
}

/// One product.
#[utoipa::path(get, path = "/api/v1/products/{id}", tag = "products", operation_id = "getProduct",
    responses(
        (status = 200, description = "The product", body = Product),
        (status = 400, description = "Not a product id", body = crate::api::schema::ErrorBody),
        (status = 404, description = "No such product", body = crate::api::schema::ErrorBody),
    ))]
pub async fn show(
    State(state): State<AppState>,
    JsonPath(id): JsonPath<String>,
) -> Result<Response, HttpError> {
    let valid = !id.is_empty()
        && id.len() <= MAX_PRODUCT_ID_CHARS
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid {
        return Err(HttpError::invalid(
            "id",
            format!("a product id is 1 to {MAX_PRODUCT_ID_CHARS} letters, digits, '-' or '_'"),
        ));
    }
    let body = state.0.engine.filler().product(&id).await?;
    Ok(json_response(body, "public, max-age=60"))
}
