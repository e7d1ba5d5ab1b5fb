//! Request handlers, one file per resource.

pub mod categories;
pub mod health;
pub mod items;
pub mod products;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sss_core::service::{Answer, Freshness, now_ms};

/// The response for a cached page: 200 with the body and cache headers, or 304 when the
/// client's `If-None-Match` matches.
pub fn page_response(answer: &Answer, request: &HeaderMap, freshness: &Freshness) -> Response {
    let now = now_ms();
    let age = answer.page.age_secs(now);
    let etag = answer.page.etag_header();
    let remaining = freshness.fresh_ttl.as_secs().saturating_sub(age);
    let mut resp = if etag_matches(request, &etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut r = answer.page.render(answer.status, now).into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        r
    };
    let h = resp.headers_mut();
    h.insert("x-cache", HeaderValue::from_static(answer.status.header()));
    h.insert(header::AGE, HeaderValue::from(age));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_str(&format!("public, max-age={remaining}"))
            .unwrap_or(HeaderValue::from_static("no-cache")),
    );
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    resp
}

/// Whether the request's `If-None-Match` names `etag` (weak comparison, as for GET).
pub fn etag_matches(request: &HeaderMap, etag: &str) -> bool {
    let opaque = |t: &str| t.trim().trim_start_matches("W/").to_owned();
    let ours = opaque(etag);
    request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == "*" || opaque(t) == ours))
}

/// A JSON body that is already serialised.
pub fn json_response(body: bytes::Bytes, cache_control: &'static str) -> Response {
    let mut r = body.into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    r
}
