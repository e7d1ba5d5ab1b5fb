//! `GET /api/v1/facets` (a search's facet counts) and `GET /api/v1/brands`, `/retailers`,
//! `/colors` (the named values a filter takes, by name prefix). Both are answered from the
//! cache exactly like pages (`service::facets` fills them).

use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use sss_core::domain::{
    DEFAULT_SUGGESTIONS, FacetSet, ListKind, MAX_SUGGESTIONS, SearchQuery, normalise_prefix,
};
use sss_core::service::Shape;

use super::page_response;
use super::products::check_category;
use crate::api::query;
use crate::api::state::AppState;
use crate::reply::HttpError;

/// The longest name prefix `q` a list takes, in characters.
pub const MAX_PREFIX_CHARS: usize = 100;

/// A search's facet counts.
///
/// Takes the parameters of `/api/v1/products` less `offset`, `limit` and `sort`, plus
/// `facets` (a comma-separated list of `brand`, `retailer`, `color`, `size`, `price`,
/// `discount`, `category`; all when absent). Counts are disjunctive: a facet the search filters
/// by is counted without that filter.
#[utoipa::path(get, path = "/api/v1/facets", tag = "products", operation_id = "searchFacets",
    responses(
        (status = 200, description = "The counts; headers X-Cache, Age, Cache-Control, ETag, X-Request-Id", body = sss_core::api::FacetsPage),
        (status = 304, description = "Not modified (If-None-Match matched the ETag)"),
        (status = 400, description = "A bad parameter, named, with what is allowed", body = crate::api::schema::ErrorBody),
        (status = 502, description = "The upstream failed and nothing cached exists", body = crate::api::schema::ErrorBody),
        (status = 503, description = "The search backend is unavailable", body = crate::api::schema::ErrorBody),
    ))]
pub async fn facets(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Response, HttpError> {
    let pairs = query::decode(raw.as_deref())?;
    let mut set = None;
    let mut search = Vec::with_capacity(pairs.len());
    for (name, value) in &pairs {
        match name.as_str() {
            "facets" if set.is_some() => {
                return Err(HttpError::invalid(
                    "facets",
                    "given more than once; it takes one comma-separated list",
                ));
            }
            "facets" => set = Some(FacetSet::parse(value)?),
            "offset" | "limit" | "sort" => {
                return Err(HttpError::invalid(
                    name,
                    "not taken here: facet counts are over the whole search, not a page",
                ));
            }
            _ => search.push((name.as_str(), value.as_str())),
        }
    }
    let q = SearchQuery::from_params(search)?;
    if let Some(cat) = &q.cat {
        check_category(&state, cat).await?;
    }
    let set = set.unwrap_or(FacetSet::ALL);
    let answer = state.0.engine.search(&q, Shape::Facets(set)).await?;
    Ok(page_response(
        &answer,
        &headers,
        state.0.engine.freshness().fresh_ttl,
    ))
}

/// The brands, by name prefix: how a client turns "Nike" into the id `brand=` takes.
#[utoipa::path(get, path = "/api/v1/brands", tag = "lists", operation_id = "listBrands",
    responses(
        (status = 200, description = "The brands whose name starts with q", body = sss_core::api::NamedList),
        (status = 400, description = "A bad parameter", body = crate::api::schema::ErrorBody),
    ))]
pub async fn brands(
    state: State<AppState>,
    raw: RawQuery,
    headers: HeaderMap,
) -> Result<Response, HttpError> {
    list(ListKind::Brands, state, raw, headers).await
}

/// The retailers, by name prefix.
#[utoipa::path(get, path = "/api/v1/retailers", tag = "lists", operation_id = "listRetailers",
    responses(
        (status = 200, description = "The retailers whose name starts with q", body = sss_core::api::NamedList),
        (status = 400, description = "A bad parameter", body = crate::api::schema::ErrorBody),
    ))]
pub async fn retailers(
    state: State<AppState>,
    raw: RawQuery,
    headers: HeaderMap,
) -> Result<Response, HttpError> {
    list(ListKind::Retailers, state, raw, headers).await
}

/// The colours, by name prefix.
#[utoipa::path(get, path = "/api/v1/colors", tag = "lists", operation_id = "listColors",
    responses(
        (status = 200, description = "The colours whose name starts with q", body = sss_core::api::NamedList),
        (status = 400, description = "A bad parameter", body = crate::api::schema::ErrorBody),
    ))]
pub async fn colors(
    state: State<AppState>,
    raw: RawQuery,
    headers: HeaderMap,
) -> Result<Response, HttpError> {
    list(ListKind::Colors, state, raw, headers).await
}

async fn list(
    kind: ListKind,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Response, HttpError> {
    let pairs = query::decode(raw.as_deref())?;
    let mut prefix: Option<String> = None;
    for (name, value) in &pairs {
        match name.as_str() {
            "q" if prefix.is_some() => {
                return Err(HttpError::invalid(
                    "q",
                    "given more than once; it takes one",
                ));
            }
            "q" => prefix = Some(parse_prefix(value)?),
            other => {
                return Err(HttpError::invalid(
                    &sss_core::domain::clip(other, sss_core::domain::ECHO_CHARS),
                    "unknown parameter; allowed: q (a name prefix)",
                ));
            }
        }
    }
    // The list's key is a query whose text is the prefix (`Shape::List`).
    let q = SearchQuery {
        fts: prefix.filter(|p| !p.is_empty()),
        ..SearchQuery::default()
    };
    let shape = Shape::List(kind);
    let answer = state.0.engine.search(&q, shape).await?;
    Ok(page_response(
        &answer,
        &headers,
        state.0.engine.freshness().fresh_for(shape),
    ))
}

/// A name prefix: at most [`MAX_PREFIX_CHARS`] characters, no control characters; normalised
/// (lower-cased, spaces collapsed) so every spelling of one prefix shares a cache entry.
fn parse_prefix(value: &str) -> Result<String, HttpError> {
    if value.chars().count() > MAX_PREFIX_CHARS {
        return Err(HttpError::invalid(
            "q",
            format!("too long; allowed: at most {MAX_PREFIX_CHARS} characters"),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(HttpError::invalid(
            "q",
            "control characters are not allowed; allowed: printable text",
        ));
    }
    Ok(normalise_prefix(value))
}

/// Suggestions as you type: categories, brands and query completions for a partial query,
/// each with how many products it finds. From the catalog's data, never from other shoppers'
/// queries; with the real ShopStyle API (which makes none), categories and brands only.
#[utoipa::path(get, path = "/api/v1/suggest", tag = "lists", operation_id = "suggest",
    responses(
        (status = 200, description = "The suggestions, best first", body = sss_core::api::SuggestPage),
        (status = 400, description = "A bad parameter", body = crate::api::schema::ErrorBody),
    ))]
pub async fn suggest(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Response, HttpError> {
    let pairs = query::decode(raw.as_deref())?;
    let mut prefix: Option<String> = None;
    let mut limit: Option<u32> = None;
    for (name, value) in &pairs {
        match name.as_str() {
            "q" | "limit" if pairs.iter().filter(|(n, _)| n == name).count() > 1 => {
                return Err(HttpError::invalid(
                    name,
                    "given more than once; it takes one",
                ));
            }
            "q" => prefix = Some(parse_prefix(value)?),
            "limit" => {
                let n = value
                    .parse::<u32>()
                    .ok()
                    .filter(|n| (1..=MAX_SUGGESTIONS).contains(n));
                limit = Some(n.ok_or_else(|| {
                    HttpError::invalid(
                        "limit",
                        format!("a whole number from 1 to {MAX_SUGGESTIONS}"),
                    )
                })?);
            }
            other => {
                return Err(HttpError::invalid(
                    &sss_core::domain::clip(other, sss_core::domain::ECHO_CHARS),
                    "unknown parameter; allowed: q (what has been typed), limit",
                ));
            }
        }
    }
    let Some(prefix) = prefix.filter(|p| !p.is_empty()) else {
        return Err(HttpError::invalid(
            "q",
            format!("required: what has been typed, 1 to {MAX_PREFIX_CHARS} characters"),
        ));
    };
    // The key is a query whose text is the prefix and whose limit is the count (`Shape::Suggest`).
    let q = SearchQuery {
        fts: Some(prefix),
        limit: limit.unwrap_or(DEFAULT_SUGGESTIONS),
        ..SearchQuery::default()
    };
    let answer = state.0.engine.search(&q, Shape::Suggest).await?;
    Ok(page_response(
        &answer,
        &headers,
        state.0.engine.freshness().fresh_for(Shape::Suggest),
    ))
}
