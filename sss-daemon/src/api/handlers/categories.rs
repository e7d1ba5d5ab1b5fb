//! `GET /api/v1/categories`: the whole tree, depth-first.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::{etag_matches, json_response};
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
    let mut resp = if etag_matches(&request, &index.etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        json_response(index.body.clone(), "public, max-age=300")
    };
    if let Ok(v) = HeaderValue::from_str(&index.etag) {
        resp.headers_mut().insert(header::ETAG, v);
    }
    resp.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    Ok(resp)
}
