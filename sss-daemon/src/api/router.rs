//! Routes and the middleware every request passes, outermost first: CORS, JSON error bodies,
//! request id with metrics and a span, then the api's own limits on the request head.

use std::time::Instant;

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use tracing::Instrument;

use super::cors::CorsOrigins;
use super::handlers::{categories, facets, health, items, products};
use super::openapi;
use super::state::AppState;
use crate::common::{MAX_HEADER_BYTES, MAX_HEADER_FIELDS, MAX_URI_BYTES};
use crate::reply::{HttpError, json_errors};

/// The request id header.
pub static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The api's routes; anything else is a JSON 404. Any origin may call it (CORS).
pub fn router(state: AppState) -> Router {
    router_with(state, api_fallback(), &CorsOrigins::Any)
}

/// The fallback of the api alone: a JSON 404 for every other path.
pub fn api_fallback() -> Router {
    Router::new().fallback(not_found)
}

/// The api's routes, with `fallback` answering every other path except under `/api/`, which
/// stays a JSON 404. Any origin may call it (CORS).
pub fn router_with_fallback(state: AppState, fallback: Router) -> Router {
    router_with(state, fallback, &CorsOrigins::Any)
}

/// The api's routes with `fallback` for other paths and `cors` the origins allowed to call it
/// from a browser.
pub fn router_with(state: AppState, fallback: Router, cors: &CorsOrigins) -> Router {
    let api = Router::new()
        .route("/api/v1/products", get(products::search))
        .route("/api/v1/products/{id}", get(products::show))
        .route("/api/v1/categories", get(categories::list))
        .route("/api/v1/facets", get(facets::facets))
        .route("/api/v1/brands", get(facets::brands))
        .route("/api/v1/retailers", get(facets::retailers))
        .route("/api/v1/colors", get(facets::colors))
        .route("/api/v1/suggest", get(facets::suggest))
        .route("/api/v1/items/{category}/{sid}/{eid}", get(items::list))
        .route("/api/openapi.json", get(openapi::spec))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(health::metrics))
        .route("/api", any(not_found))
        .route("/api/", any(not_found))
        .route("/api/{*rest}", any(not_found))
        .with_state(state.clone());
    api.merge(fallback)
        .layer(middleware::from_fn(head_limits))
        .layer(middleware::from_fn_with_state(state, observe))
        .layer(middleware::from_fn(json_errors))
        .layer(cors.layer())
}

/// A JSON 414 or 431 for a request head beyond the api's limits.
async fn head_limits(req: Request, next: Next) -> Response {
    let target = req.uri().path_and_query().map_or(0, |pq| pq.as_str().len());
    if target > MAX_URI_BYTES {
        return HttpError::Status(StatusCode::URI_TOO_LONG).into_response();
    }
    let headers = req.headers();
    let bytes: usize = headers
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum();
    if headers.len() > MAX_HEADER_FIELDS || bytes > MAX_HEADER_BYTES {
        return HttpError::Status(StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE).into_response();
    }
    next.run(req).await
}

async fn not_found() -> HttpError {
    HttpError::NotFound("no such route; see /api/openapi.json".into())
}

/// A request id from the client (nginx) when it is sane, else a new one.
///
/// Hand-written rather than tower-http's `SetRequestId` and `PropagateRequestId`: those two
/// layers (with an extension per request and the id cloned into the request) measured 11,000
/// more instructions per L1 hit with `bench/callgrind` (68,300 to 79,500, +16%); here the id is
/// made in a stack buffer and moved into the answer once (docs/PERFORMANCE.md, "The hit path").
fn request_id(req: &Request) -> HeaderValue {
    req.headers()
        .get(&X_REQUEST_ID)
        .filter(|v| {
            let b = v.as_bytes();
            !b.is_empty() && b.len() <= 128 && b.iter().all(|c| c.is_ascii_graphic())
        })
        .cloned()
        .unwrap_or_else(|| {
            let mut hex = [0u8; 16];
            let n = fastrand::u64(..);
            for (i, c) in hex.iter_mut().enumerate() {
                *c = b"0123456789abcdef"[((n >> (60 - 4 * i)) & 0xf) as usize];
            }
            HeaderValue::from_bytes(&hex).unwrap_or(HeaderValue::from_static("0"))
        })
}

async fn observe(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    // A MatchedPath is a shared string: cloning it does not allocate.
    let matched = req.extensions().get::<MatchedPath>().cloned();
    let route = matched.as_ref().map(MatchedPath::as_str);
    let id = request_id(&req);
    let span = tracing::debug_span!(
        "request",
        method = %req.method(),
        route = route.unwrap_or("other"),
        request_id = id.to_str().unwrap_or(""),
    );
    let mut resp = next.run(req).instrument(span).await.into_response();
    resp.headers_mut().insert(X_REQUEST_ID.clone(), id);
    state
        .0
        .metrics
        .observe(route, resp.status().as_u16(), started.elapsed());
    resp
}
