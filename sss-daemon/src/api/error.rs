//! The api's one error type: every failure becomes a JSON body
//! `{"error": {"code", "message", "parameter"?}}` with the right status. Internal detail goes to
//! the log, never to the client.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use sss_core::domain::InvalidParameter;
use sss_core::service::FillError;

/// A failed request.
#[derive(Debug)]
pub enum ApiError {
    /// The client sent a parameter that cannot be used (400).
    InvalidParameter(InvalidParameter),
    /// No such resource (404).
    NotFound(String),
    /// The upstream failed and nothing cached could stand in (502).
    Upstream,
    /// A dependency the request needs is down (503).
    Unavailable(&'static str),
}

#[derive(Serialize)]
struct Body<'a> {
    error: Detail<'a>,
}

#[derive(Serialize)]
struct Detail<'a> {
    code: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    parameter: Option<&'a str>,
}

impl ApiError {
    /// A 400 for `parameter`.
    pub fn invalid(parameter: &str, message: impl Into<String>) -> Self {
        ApiError::InvalidParameter(InvalidParameter::new(parameter, message))
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::InvalidParameter(_) => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Upstream => StatusCode::BAD_GATEWAY,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
}

impl From<InvalidParameter> for ApiError {
    fn from(e: InvalidParameter) -> Self {
        ApiError::InvalidParameter(e)
    }
}

impl From<FillError> for ApiError {
    fn from(e: FillError) -> Self {
        match e {
            FillError::Rejected { parameter, message } => {
                tracing::info!(error = %message, "upstream rejected a request");
                ApiError::invalid(parameter.as_deref().unwrap_or("query"), message)
            }
            FillError::NotFound => ApiError::NotFound("no such product".into()),
            FillError::Upstream(msg) => {
                tracing::warn!(error = %msg, "upstream failed with nothing cached");
                ApiError::Upstream
            }
            other => {
                tracing::warn!(error = %other, "fill failed");
                ApiError::Unavailable("the search backend is unavailable; try again shortly")
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (code, message, parameter) = match &self {
            ApiError::InvalidParameter(p) => (
                "invalid_parameter",
                p.message.as_str(),
                Some(p.parameter.as_str()),
            ),
            ApiError::NotFound(m) => ("not_found", m.as_str(), None),
            ApiError::Upstream => (
                "upstream_failed",
                "the product source failed and no cached copy exists; try again shortly",
                None,
            ),
            ApiError::Unavailable(m) => ("unavailable", *m, None),
        };
        let body = serde_json::to_vec(&Body {
            error: Detail {
                code,
                message,
                parameter,
            },
        })
        .unwrap_or_default();
        let mut resp = (self.status(), body).into_response();
        resp.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        resp.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        resp
    }
}
