//! `GET /api/v1/categories`: the whole tree, depth-first.

use axum::extract::State;
use axum::response::Response;

use super::json_response;
use crate::api::AppState;
use crate::api::error::ApiError;

/// The category tree.
#[utoipa::path(get, path = "/api/v1/categories", tag = "categories",
    responses(
        (status = 200, description = "Every category, depth-first, with product counts", body = crate::api::openapi::Categories),
        (status = 503, description = "The tree cannot be loaded now", body = crate::api::openapi::ErrorBody),
    ))]
pub async fn list(State(state): State<AppState>) -> Result<Response, ApiError> {
    let index = state.categories().await.ok_or(ApiError::Unavailable(
        "the category tree cannot be loaded now; try again shortly",
    ))?;
    Ok(json_response(index.body.clone(), "public, max-age=300"))
}
