//! Reading one answer: the body up to a limit, ShopStyle's error body on any status, transport
//! failures as [`UpstreamError`]s, `Retry-After`. Everything shown is scrubbed of the partner id.

use std::error;
use std::time::Duration;

use reqwest::Response;
use reqwest::header::{HeaderMap, RETRY_AFTER};
use serde::Deserialize;
use serde::de::{DeserializeOwned, IgnoredAny};
use serde_json::Value;

use super::Failure;
use super::breaker::duration_ms;
use super::redact::{scrub, snippet};
use crate::upstream::UpstreamError;

/// A body read up to a limit.
pub(super) struct Body {
    pub(super) bytes: Vec<u8>,
    /// More was sent than the limit allowed.
    pub(super) truncated: bool,
}

/// Reads at most `limit` bytes of the body, refusing early when `Content-Length` says more.
pub(super) async fn read_body(
    mut response: Response,
    limit: usize,
    shown: &str,
    pid: &str,
) -> Result<Body, UpstreamError> {
    let announced = response
        .content_length()
        .and_then(|n| usize::try_from(n).ok());
    if announced.is_some_and(|n| n > limit) {
        return Ok(Body {
            bytes: Vec::new(),
            truncated: true,
        });
    }
    let mut bytes = Vec::with_capacity(announced.unwrap_or(0).min(limit));
    while let Some(chunk) = response.chunk().await.map_err(|e| UpstreamError::Connect {
        url: shown.to_owned(),
        message: scrub(
            &format!("reading the body: {}", error_chain(&e.without_url())),
            pid,
        ),
    })? {
        let room = limit - bytes.len();
        if chunk.len() > room {
            bytes.extend_from_slice(&chunk[..room]);
            return Ok(Body {
                bytes,
                truncated: true,
            });
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Body {
        bytes,
        truncated: false,
    })
}

/// Parses a 2xx body, unless it is ShopStyle's error body.
pub(super) fn parse_success<T: DeserializeOwned>(
    body: &[u8],
    status: u16,
    shown: &str,
    pid: &str,
) -> Result<T, UpstreamError> {
    /// Only looks for `errorCode`, skipping everything else without allocating.
    #[derive(Deserialize)]
    struct Probe {
        #[serde(rename = "errorCode", default)]
        error_code: Option<IgnoredAny>,
    }
    if let Ok(Probe {
        error_code: Some(_),
    }) = serde_json::from_slice::<Probe>(body)
        && let Some(error) = api_error(body, status, shown, pid)
    {
        return Err(error);
    }
    serde_json::from_slice(body).map_err(|e| UpstreamError::Decode {
        url: shown.to_owned(),
        message: scrub(&format!("{e}; body starts: {}", snippet(body, pid)), pid),
    })
}

/// ShopStyle's error body (`errorCode`, `errorName`, `errorMessage`), read leniently: the code
/// may be a number or a string.
pub(super) fn api_error(body: &[u8], status: u16, shown: &str, pid: &str) -> Option<UpstreamError> {
    let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(body) else {
        return None;
    };
    let code = match map.get("errorCode")? {
        Value::Null => return None,
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let text = |key: &str| {
        let value = map.get(key).and_then(Value::as_str).unwrap_or_default();
        scrub(value, pid)
    };
    Some(UpstreamError::Api {
        url: shown.to_owned(),
        status,
        code: scrub(&code, pid),
        name: text("errorName"),
        message: text("errorMessage"),
    })
}

/// A transport failure (no HTTP answer) as an [`UpstreamError`], without the URL reqwest puts
/// in its messages.
pub(super) fn transport_error(
    e: reqwest::Error,
    shown: &str,
    pid: &str,
    timeout: Duration,
) -> Failure {
    let (is_connect, is_timeout) = (e.is_connect(), e.is_timeout());
    let message = scrub(&error_chain(&e.without_url()), pid);
    let error = if is_timeout && !is_connect {
        UpstreamError::Timeout {
            url: shown.to_owned(),
            timeout_ms: duration_ms(timeout),
        }
    } else {
        UpstreamError::Connect {
            url: shown.to_owned(),
            message,
        }
    };
    error.into()
}

/// An error and its sources, `: `-separated, each said once.
pub(super) fn error_chain(e: &dyn error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = cause.source();
    }
    out
}

/// `Retry-After` in seconds or as an HTTP date.
pub(super) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at =
        time::OffsetDateTime::parse(value, &time::format_description::well_known::Rfc2822).ok()?;
    let wait = at - time::OffsetDateTime::now_utc();
    Some(Duration::try_from(wait).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut headers = HeaderMap::new();
        assert_eq!(retry_after(&headers), None);
        headers.insert(RETRY_AFTER, "3".parse().expect("header"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(3)));
        headers.insert(
            RETRY_AFTER,
            "Sun, 06 Nov 1994 08:49:37 GMT".parse().expect("header"),
        );
        assert_eq!(retry_after(&headers), Some(Duration::ZERO));
        headers.insert(RETRY_AFTER, "soon".parse().expect("header"));
        assert_eq!(retry_after(&headers), None);
    }

    #[test]
    fn api_error_reads_string_and_number_codes() {
        let shown = "http://h/api/v2/products?pid=REDACTED";
        let body = br#"{"errorCode":"401","errorName":"MissingPartnerId","errorMessage":"pid is required"}"#;
        assert!(matches!(
            api_error(body, 401, shown, "s3cret"),
            Some(UpstreamError::Api { code, .. }) if code == "401"
        ));
        let body = br#"{"errorCode":400,"errorMessage":"bad pid s3cret"}"#;
        assert!(matches!(
            api_error(body, 200, shown, "s3cret"),
            Some(UpstreamError::Api { code, message, .. }) if code == "400" && message == "bad pid REDACTED"
        ));
        assert!(api_error(br#"{"products":[]}"#, 200, shown, "s3cret").is_none());
        assert!(api_error(b"<html>", 502, shown, "s3cret").is_none());
    }
}
