//! `/healthz` (the process is alive), `/readyz` (its dependencies answer) and `/metrics`.

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use serde_json::json;

use sss_core::service::Check;

use crate::api::state::AppState;

/// Always 200 while the process runs.
#[utoipa::path(get, path = "/healthz", tag = "meta", operation_id = "getHealth", responses((status = 200, description = "Alive")))]
pub async fn healthz() -> Json<serde_json::Value> {
    Json(json!({"status": "ok"}))
}

/// 200 `ready`, or `degraded` while some dependency is down but searches are still answered
/// (from L1, Redis, the store or the upstream); 503 `unavailable`, naming each dependency, when
/// none answers.
#[utoipa::path(get, path = "/readyz", tag = "meta", operation_id = "getReadiness", responses(
    (status = 200, description = "ready, or degraded: some dependency is down, searches are still answered; each check listed", body = crate::api::schema::ReadinessBody),
    (status = 503, description = "unavailable: no dependency answers; the error names each", body = crate::api::schema::ReadinessBody)))]
pub async fn readyz(State(state): State<AppState>) -> Response {
    let checks = match &state.0.poller {
        // One process: the poller's cache is the api's own. Each dependency once, named by its
        // role and kind (`cache:memory`, `store:mongodb`).
        Some(poller) => {
            let mut checks = poller.checks().await;
            for (check, role) in checks.iter_mut().zip(["cache", "store"]) {
                check.name = format!("{role}:{}", check.name);
            }
            checks
        }
        None => {
            let (shared, filler) =
                tokio::join!(state.0.shared.ping(), state.0.engine.filler().checks());
            let mut checks = vec![Check::of(state.0.shared.name(), shared)];
            checks.extend(filler);
            checks
        }
    };
    crate::common::readiness_response(checks)
}

/// The metrics, in the OpenMetrics text format.
#[utoipa::path(get, path = "/metrics", tag = "meta", operation_id = "getMetrics", responses((status = 200, description = "OpenMetrics text format (Prometheus reads it)", content_type = "application/openmetrics-text")))]
pub async fn metrics(State(state): State<AppState>) -> Response {
    crate::common::metrics_response(&state.0.registry)
}
