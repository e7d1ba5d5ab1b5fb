//! The routes of the catalog service.

use axum::Router;
use axum::routing::{MethodRouter, get};

use super::handlers;
use super::state::CatalogState;

/// The catalog service: ShopStyle API v2 under `/api/v2`, plus `/healthz`, `/readyz` and
/// `/metrics`. Unknown paths and methods get ShopStyle's error body too.
///
/// Each API route also answers with a trailing slash (`/api/v2/brands/`), as the live API does
/// and as some of its clients ask.
pub fn router(state: CatalogState) -> Router {
    let api: [(&str, MethodRouter<CatalogState>); 9] = [
        ("/api/v2/products", get(handlers::products)),
        ("/api/v2/products/histogram", get(handlers::histogram)),
        ("/api/v2/products/{id}", get(handlers::product)),
        ("/api/v2/categories", get(handlers::categories)),
        ("/api/v2/brands", get(handlers::brands)),
        ("/api/v2/retailers", get(handlers::retailers)),
        ("/api/v2/colors", get(handlers::colors)),
        ("/api/v2/priceFilters", get(handlers::price_filters)),
        ("/api/v2/suggest", get(handlers::suggest)),
    ];
    let mut router = Router::new();
    for (path, handler) in api {
        router = router
            .route(path, handler.clone())
            .route(&format!("{path}/"), handler);
    }
    router
        .route("/healthz", get(handlers::healthz))
        .route("/readyz", get(handlers::readyz))
        .route("/metrics", get(handlers::metrics))
        .fallback(handlers::not_found)
        .method_not_allowed_fallback(handlers::method_not_allowed)
        .with_state(state)
}
