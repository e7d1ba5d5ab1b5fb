//! The JSON answers the daemon's own HTTP roles share (the api, the poller, the web files; the
//! catalog answers in ShopStyle's shapes, `catalog::reply`): a JSON body with its cache header
//! ([`json_response`]), and the one error type, [`HttpError`]. Every failure becomes a JSON body
//! `{"error": {"code", "message", "parameter"?}}` with the right status and `Cache-Control:
//! no-store`. Internal detail goes to the log, never to the client. [`json_errors`] gives the
//! same body to errors made below the handlers (an unknown method, a static file not found).

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use sss_core::domain::InvalidParameter;
use sss_core::service::FillError;

/// A failed request.
#[derive(Debug)]
pub enum HttpError {
    /// The client sent a parameter that cannot be used (400).
    InvalidParameter(InvalidParameter),
    /// No such resource (404).
    NotFound(String),
    /// The upstream failed and nothing cached could stand in (502).
    Upstream,
    /// A dependency the request needs is down (503).
    Unavailable(&'static str),
    /// An error of the HTTP layer (405, 414, 431, ...), with the status's own message.
    Status(StatusCode),
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

impl HttpError {
    /// A 400 for `parameter`.
    pub fn invalid(parameter: &str, message: impl Into<String>) -> Self {
        HttpError::InvalidParameter(InvalidParameter::new(parameter, message))
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            HttpError::InvalidParameter(_) => StatusCode::BAD_REQUEST,
            HttpError::NotFound(_) => StatusCode::NOT_FOUND,
            HttpError::Upstream => StatusCode::BAD_GATEWAY,
            HttpError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            HttpError::Status(s) => *s,
        }
    }
}

impl From<InvalidParameter> for HttpError {
    fn from(e: InvalidParameter) -> Self {
        HttpError::InvalidParameter(e)
    }
}

impl From<FillError> for HttpError {
    fn from(e: FillError) -> Self {
        match e {
            FillError::Rejected { parameter, message } => {
                // The api checks every limit it knows; this is one only the upstream knows. Its
                // own wording (filter syntax) stays in the log.
                tracing::info!(error = %message, "upstream rejected a request");
                HttpError::invalid(
                    parameter.as_deref().unwrap_or("query"),
                    "not accepted by the product source; check the ids and values given",
                )
            }
            FillError::NotFound => HttpError::NotFound("no such product".into()),
            FillError::Upstream(msg) => {
                tracing::warn!(error = %msg, "upstream failed with nothing cached");
                HttpError::Upstream
            }
            other => {
                tracing::warn!(error = %other, "fill failed");
                HttpError::Unavailable("the search backend is unavailable; try again shortly")
            }
        }
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        let (code, message, parameter) = match &self {
            HttpError::InvalidParameter(p) => (
                "invalid_parameter",
                p.message.as_str(),
                Some(p.parameter.as_str()),
            ),
            HttpError::NotFound(m) => ("not_found", m.as_str(), None),
            HttpError::Upstream => (
                "upstream_failed",
                "the product source failed and no cached copy exists; try again shortly",
                None,
            ),
            HttpError::Unavailable(m) => ("unavailable", *m, None),
            HttpError::Status(_) => ("", "", None),
        };
        let bytes = match &self {
            HttpError::Status(s) => {
                let (code, message, parameter) = status_code_and_message(*s);
                body(code, &message, parameter)
            }
            _ => body(code, message, parameter),
        };
        let mut resp = (self.status(), bytes).into_response();
        mark_json_error(resp.headers_mut());
        resp
    }
}

/// A response for an already-serialised JSON body, with `cache_control`.
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

fn body(code: &str, message: &str, parameter: Option<&str>) -> Vec<u8> {
    serde_json::to_vec(&Body {
        error: Detail {
            code,
            message,
            parameter,
        },
    })
    .unwrap_or_default()
}

fn mark_json_error(h: &mut HeaderMap) {
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

/// The code and message of an error the HTTP layer makes.
fn status_code_and_message(status: StatusCode) -> (&'static str, String, Option<&'static str>) {
    use crate::common::{MAX_HEADER_BYTES, MAX_HEADER_FIELDS, MAX_URI_BYTES};
    let (code, message) = match status.as_u16() {
        400 => ("bad_request", "the request cannot be read".to_owned()),
        404 => (
            "not_found",
            "no such route or file; the API is described at /api/openapi.json".to_owned(),
        ),
        405 => (
            "method_not_allowed",
            "the API accepts GET and HEAD only (see the Allow header)".to_owned(),
        ),
        408 => (
            "request_timeout",
            "the request was not received in time".to_owned(),
        ),
        413 => (
            "payload_too_large",
            "the request body is too large".to_owned(),
        ),
        414 => (
            "uri_too_long",
            format!("the request target is too long; allowed: at most {MAX_URI_BYTES} bytes"),
        ),
        416 => (
            "range_not_satisfiable",
            "the requested range is not in the file".to_owned(),
        ),
        429 => (
            "rate_limited",
            "too many requests; slow down and retry in a second".to_owned(),
        ),
        431 => (
            "headers_too_large",
            format!(
                "the request headers are too large; allowed: at most {MAX_HEADER_FIELDS} fields \
                 and {MAX_HEADER_BYTES} bytes"
            ),
        ),
        s if s >= 500 => (
            "unavailable",
            "the server cannot answer now; try again shortly".to_owned(),
        ),
        _ => ("bad_request", "the request cannot be answered".to_owned()),
    };
    (code, message, None)
}

/// Middleware: an error answered below the handlers (axum's 405, a static file's 404) gets the
/// JSON error body; every error gets `Cache-Control: no-store`. Other headers (`Allow`, CORS,
/// the request id) are kept.
pub async fn json_errors(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let mut resp = next.run(req).await;
    let status = resp.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return resp;
    }
    let is_json = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if is_json {
        resp.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return resp;
    }
    let (code, message, parameter) = status_code_and_message(status);
    let (mut parts, _) = resp.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::CONTENT_ENCODING);
    parts.headers.remove(header::ETAG);
    parts.headers.remove(header::LAST_MODIFIED);
    mark_json_error(&mut parts.headers);
    Response::from_parts(
        parts,
        axum::body::Body::from(body(code, &message, parameter)),
    )
}

/// A path extractor whose failures (a segment that is not UTF-8 after percent-decoding) are the
/// API's JSON 400 naming the segment, instead of axum's text.
#[derive(Debug)]
pub struct JsonPath<T>(pub T);

impl<S, T> axum::extract::FromRequestParts<S> for JsonPath<T>
where
    T: serde::de::DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = HttpError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        use axum::extract::Path;
        use axum::extract::path::ErrorKind;
        use axum::extract::rejection::PathRejection;
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(JsonPath(value)),
            Err(PathRejection::FailedToDeserializePathParams(e)) => Err(match e.into_kind() {
                ErrorKind::InvalidUtf8InPathParam { key } => {
                    HttpError::invalid(&key, "not valid UTF-8 after percent-decoding")
                }
                ErrorKind::ParseErrorAtKey { key, .. }
                | ErrorKind::DeserializeError { key, .. } => {
                    HttpError::invalid(&key, "cannot be read")
                }
                _ => HttpError::invalid("path", "a path segment cannot be read"),
            }),
            Err(e) => {
                tracing::warn!(error = %e, "path parameters missing");
                Err(HttpError::NotFound("no such route".into()))
            }
        }
    }
}
