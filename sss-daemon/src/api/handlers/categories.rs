//! `GET /api/v1/categories`: the whole tree, depth-first.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;

use super::negotiated_json;
use crate::api::state::AppState;
use crate::reply::HttpError;

/// The category tree.
#[utoipa::path(get, path = "/api/v1/categories", tag = "categories", operation_id = "listCategories",
    responses(
        (status = 200, description = "Every category, depth-first, with product counts; ETag", body = sss_core::api::CategoryList),
        (status = 304, description = "Not modified"),
        (status = 503, description = "The tree cannot be loaded now", body = crate::api::schema::ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    request: HeaderMap,
) -> Result<Response, HttpError> {
    let index = state.categories().await.ok_or(HttpError::Unavailable(
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
