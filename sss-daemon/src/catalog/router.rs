//! The routes of the catalog service.

use axum::Router;
use axum::routing::get;

use super::handlers;
use super::state::CatalogState;

/// The catalog service: ShopStyle API v2 under `/api/v2`, plus `/healthz`, `/readyz` and
/// `/metrics`. Unknown paths and methods get ShopStyle's error body too.
pub fn router(state: CatalogState) -> Router {
    Router::new()
        .route("/api/v2/products", get(handlers::products))
        .route("/api/v2/products/{id}", get(handlers::product))
        .route("/api/v2/categories", get(handlers::categories))
        .route("/api/v2/brands", get(handlers::brands))
        .route("/api/v2/retailers", get(handlers::retailers))
        .route("/api/v2/colors", get(handlers::colors))
        .route("/healthz", get(handlers::healthz))
        .route("/readyz", get(handlers::readyz))
        .route("/metrics", get(handlers::metrics))
        .fallback(handlers::not_found)
        .method_not_allowed_fallback(handlers::method_not_allowed)
        .with_state(state)
}
