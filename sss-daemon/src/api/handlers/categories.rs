//! `GET /api/v1/categories`: the whole tree, depth-first.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;

use super::negotiated_json;
use crate::api::AppState;
use crate::api::error::ApiError;

/// The category tree.
#[utoipa::path(get, path = "/api/v1/categories", tag = "categories", operation_id = "listCategories",
    responses(
        (status = 200, description = "Every category, depth-first, with product counts; ETag", body = crate::api::openapi::Categories),
        (status = 304, description = "Not modified"),
        (status = 503, description = "The tree cannot be loaded now", body = crate::api::openapi::ErrorBody),
    ))]
pub async fn list(State(state): State<AppState>, request: HeaderMap) -> Result<Response, ApiError> {
    let index = state.categories().await.ok_or(ApiError::Unavailable(
        "the category tree cannot be loaded now; try again shortly",
    ))?;
    Ok(negotiated_json(
        &request,
        &index.body,
        &index.gzip,
        [&index.etag, &index.etag_gzip],
        "public, max-age=300",
    ))
}
