//! `/healthz` (the process is alive), `/readyz` (its dependencies answer) and `/metrics`.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::api::AppState;
use crate::api::metrics::render_engine;

/// Always 200 while the process runs.
#[utoipa::path(get, path = "/healthz", tag = "meta", responses((status = 200, description = "Alive")))]
pub async fn healthz() -> Json<serde_json::Value> {
    Json(json!({"status": "ok"}))
}

/// 200 when the shared cache and the filler (and what it needs) answer; 503 naming each one
/// that does not.
#[utoipa::path(get, path = "/readyz", tag = "meta", responses(
    (status = 200, description = "Ready"),
    (status = 503, description = "A dependency does not answer; the message names it", body = crate::api::openapi::ErrorBody)))]
pub async fn readyz(State(state): State<AppState>) -> Response {
    let (shared, filler) = tokio::join!(state.0.shared.ping(), state.0.engine.filler().ready());
    let mut down = Vec::new();
    if let Err(e) = shared {
        down.push(format!("{}: {e}", state.0.shared.name()));
    }
    if let Err(e) = filler {
        down.push(e);
    }
    if down.is_empty() {
        Json(json!({"status": "ready"})).into_response()
    } else {
        let message = format!("not ready: {}", down.join("; "));
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({"error": {"code": "unavailable", "message": message}})),
        )
            .into_response()
    }
}

/// Prometheus text.
#[utoipa::path(get, path = "/metrics", tag = "meta", responses((status = 200, description = "Prometheus text format", content_type = "text/plain")))]
pub async fn metrics(State(state): State<AppState>) -> Response {
    let mut out = String::with_capacity(8192);
    state.0.metrics.render(&mut out);
    render_engine(state.0.engine.metrics(), &mut out);
    if let Some(poller) = &state.0.poller {
        crate::poller::render_metrics(poller, &mut out);
    }
    let mut resp = out.into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4"),
    );
    resp
}
