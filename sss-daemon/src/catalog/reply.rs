//! Responses: JSON bodies, and ShopStyle's error body for every failure.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use sss_core::catalog::{CatalogError, ss_error};

use super::state::CatalogState;

/// A JSON 200.
pub fn json<T: Serialize>(body: &T) -> Response {
    Json(body).into_response()
}

/// A ShopStyle error body with `status`.
pub fn error(state: &CatalogState, status: u16, name: &str, message: &str) -> Response {
    let body = ss_error(status, name, message, &state.error_id());
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
    (code, Json(body)).into_response()
}

/// A catalog error as ShopStyle answers it.
pub fn catalog_error(state: &CatalogState, e: &CatalogError) -> Response {
    if e.status() >= 500 {
        tracing::error!(error = %e, "catalog fault");
    }
    error(state, e.status(), e.error_name(), &e.to_string())
}

/// 401 for a missing partner id, exactly as ShopStyle words it.
pub fn missing_pid(state: &CatalogState) -> Response {
    error(state, 401, "MissingPartnerId", "pid is required")
}
