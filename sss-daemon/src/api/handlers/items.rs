//! `GET /api/v1/items/{category}/{sid}/{eid}`: the original project's route, kept so its front
//! end still works. Raw upstream products `sid..eid` of a category, as a JSON array.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use sss_core::domain::{MAX_LIMIT, MAX_OFFSET, SearchQuery};
use sss_core::service::Shape;

use super::page_response;
use super::products::check_category;
use crate::api::state::AppState;
use crate::reply::{HttpError, JsonPath};

fn position(name: &str, value: &str) -> Result<u32, HttpError> {
    let digits =
        !value.is_empty() && value.len() <= 10 && value.bytes().all(|b| b.is_ascii_digit());
    value.parse::<u32>().ok().filter(|_| digits).ok_or_else(|| {
        HttpError::invalid(
            name,
            format!(
                "{value:?} is not a whole number in 0..={}",
                MAX_OFFSET + MAX_LIMIT
            ),
        )
    })
}

/// Raw products of a category by position (the original project's route).
///
/// `eid` is above `sid` by 1 to 100 and at most 5000; the parameters and their bounds are in the
/// document (`api::openapi`).
#[utoipa::path(get, path = "/api/v1/items/{category}/{sid}/{eid}", tag = "products", operation_id = "listItems",
    responses(
        (status = 200, description = "A JSON array of raw ShopStyle products", body = Vec<Object>),
        (status = 400, description = "A bad parameter", body = crate::api::schema::ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    JsonPath((category, sid, eid)): JsonPath<(String, String, String)>,
    headers: HeaderMap,
) -> Result<Response, HttpError> {
    let start = position("sid", &sid)?;
    let end = position("eid", &eid)?;
    if end <= start || end - start > MAX_LIMIT {
        return Err(HttpError::invalid(
            "eid",
            format!("eid must be above sid by 1 to {MAX_LIMIT} (got sid {start}, eid {end})"),
        ));
    }
    let offset = start.to_string();
    let limit = (end - start).to_string();
    let q = SearchQuery::from_params([
        ("cat", category.as_str()),
        ("offset", offset.as_str()),
        ("limit", limit.as_str()),
    ])
    .map_err(|e| match e.parameter.as_str() {
        "offset" => HttpError::invalid("sid", e.message),
        "cat" => HttpError::invalid("category", e.message),
        _ => HttpError::InvalidParameter(e),
    })?;
    if let Some(cat) = &q.cat {
        check_category(&state, cat).await.map_err(|e| match e {
            HttpError::InvalidParameter(p) => HttpError::invalid("category", p.message),
            other => other,
        })?;
    }
    let answer = state.0.engine.search(&q, Shape::Raw).await?;
    Ok(page_response(
        &answer,
        &headers,
        state.0.engine.freshness().fresh_ttl,
    ))
}
