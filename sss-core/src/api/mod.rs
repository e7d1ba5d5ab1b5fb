//! A typed client of the public API v1 (README.md, "API"; the schema at `/api/openapi.json`), shared by the CLI and the TUI.
//!
//! [`ApiClient`] holds one [`reqwest::Client`] (cheap to clone; clones share the connection
//! pool). Every call is one `GET` bounded by the client's timeout; failures come back as an
//! [`ApiError`] that tells a client what to do: the server is unreachable, it rejected the
//! request (with the parameter it names), it failed, or it answered something unreadable.
//!
//! ```no_run
//! # async fn demo() -> Result<(), sss_core::api::ApiError> {
//! use std::time::Duration;
//! use sss_core::api::{ApiClient, SearchParams};
//!
//! let client = ApiClient::new("http://127.0.0.1:8088", Duration::from_secs(10))?;
//! let result = client.search(&SearchParams::category("dresses")).await?;
//! println!("{} of {} ({:?})", result.products().len(), result.page.total, result.cache_status);
//! # Ok(())
//! # }
//! ```

mod error;
mod stats;
mod types;

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use reqwest::header::{ACCEPT, AGE, ETAG, HeaderMap};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use url::Url;

pub use self::error::ApiError;
pub use self::stats::{CacheStats, Sample, parse_samples};
pub use self::types::{
    CacheInfo, CategoryList, FacetValue, FacetsPage, NamedList, NamedValue, Readiness, SearchPage,
    SearchParams, SearchResult, SuggestPage,
};
use crate::domain::Product;
use crate::domain::{Facet, ListKind};

/// The server a client talks to when none is given.
pub const DEFAULT_SERVER: &str = "http://127.0.0.1:8088";

/// Parses a request timeout as the clients take it on their command line: seconds, fractions
/// allowed, an optional `s` (`2.5`, `3s`), more than 0 and at most an hour.
pub fn parse_timeout(s: &str) -> Result<Duration, String> {
    let secs: f64 = s
        .trim()
        .trim_end_matches('s')
        .parse()
        .map_err(|_| format!("{s:?} is not a number of seconds"))?;
    if !secs.is_finite() || secs <= 0.0 || secs > 3600.0 {
        return Err("allowed: more than 0 and at most 3600 seconds".into());
    }
    Ok(Duration::from_secs_f64(secs))
}

/// The longest time to wait for a connection, whatever the overall timeout.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// A client of the public API v1 of one server.
#[derive(Clone, Debug)]
pub struct ApiClient {
    http: reqwest::Client,
    /// The server's base URL, its path ending in `/`.
    base: Url,
    timeout: Duration,
}

/// An answer: status, headers, body, round trip.
struct Answer {
    url: String,
    status: StatusCode,
    headers: HeaderMap,
    body: bytes::Bytes,
    elapsed: Duration,
}

impl ApiClient {
    /// A client of the server at `base_url` (`http://host:port`, optionally with a path prefix),
    /// each call bounded by `timeout`.
    pub fn new(base_url: &str, timeout: Duration) -> Result<Self, ApiError> {
        let http = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT.min(timeout))
            .timeout(timeout)
            .user_agent(concat!("sss/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ApiError::InvalidUrl {
                url: base_url.to_owned(),
                reason: format!("cannot build an HTTP client: {e}"),
            })?;
        Self::with_client(base_url, http, timeout)
    }

    /// A client over an existing `reqwest::Client` (its own timeouts apply; `timeout` is only
    /// reported in errors).
    pub fn with_client(
        base_url: &str,
        http: reqwest::Client,
        timeout: Duration,
    ) -> Result<Self, ApiError> {
        let invalid = |reason: &str| ApiError::InvalidUrl {
            url: base_url.to_owned(),
            reason: reason.to_owned(),
        };
        let mut base = Url::parse(base_url.trim()).map_err(|e| invalid(&e.to_string()))?;
        if !matches!(base.scheme(), "http" | "https") {
            return Err(invalid("only http:// and https:// are supported"));
        }
        if base.cannot_be_a_base() || base.host_str().is_none_or(str::is_empty) {
            return Err(invalid("it has no host"));
        }
        base.set_query(None);
        base.set_fragment(None);
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        Ok(Self {
            http,
            base,
            timeout,
        })
    }

    /// The server's base URL.
    pub fn base_url(&self) -> &Url {
        &self.base
    }

    /// `GET /api/v1/products`: one page of a search.
    pub async fn search(&self, params: &SearchParams) -> Result<SearchResult, ApiError> {
        let mut url = self.url("api/v1/products")?;
        {
            let mut q = url.query_pairs_mut();
            for (name, value) in params.to_pairs() {
                q.append_pair(name, &value);
            }
        }
        let answer = self.get(url).await?;
        let page = decode(&answer)?;
        let header = |name: &str| {
            answer
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        Ok(SearchResult {
            page,
            cache_status: header("x-cache"),
            age: header(AGE.as_str()).and_then(|v| v.trim().parse().ok()),
            etag: header(ETAG.as_str()),
            request_id: header("x-request-id"),
            elapsed: answer.elapsed,
        })
    }

    /// `GET /api/v1/facets`: the facet counts of a search (its page fields are not sent);
    /// `facets` empty means every facet.
    pub async fn facets(
        &self,
        params: &SearchParams,
        facets: &[Facet],
    ) -> Result<FacetsPage, ApiError> {
        let mut url = self.url("api/v1/facets")?;
        {
            let mut q = url.query_pairs_mut();
            for (name, value) in params.to_pairs() {
                if !matches!(name, "offset" | "limit" | "sort") {
                    q.append_pair(name, &value);
                }
            }
            if !facets.is_empty() {
                let names: Vec<&str> = facets.iter().map(|f| f.as_str()).collect();
                q.append_pair("facets", &names.join(","));
            }
        }
        decode(&self.get(url).await?)
    }

    /// `GET /api/v1/brands` (or `/retailers`, `/colors`): the values whose name starts with
    /// `prefix` (all when `None`).
    pub async fn list(&self, kind: ListKind, prefix: Option<&str>) -> Result<NamedList, ApiError> {
        let mut url = self.url(&format!("api/v1/{}", kind.as_str()))?;
        if let Some(p) = prefix.filter(|p| !p.trim().is_empty()) {
            url.query_pairs_mut().append_pair("q", p);
        }
        decode(&self.get(url).await?)
    }

    /// `GET /api/v1/suggest`: suggestions for what has been typed (`limit`: the server's
    /// default when `None`).
    pub async fn suggest(&self, typed: &str, limit: Option<u32>) -> Result<SuggestPage, ApiError> {
        let mut url = self.url("api/v1/suggest")?;
        url.query_pairs_mut().append_pair("q", typed);
        if let Some(n) = limit {
            url.query_pairs_mut().append_pair("limit", &n.to_string());
        }
        decode(&self.get(url).await?)
    }

    /// `GET /api/v1/categories`: the whole tree, depth-first.
    pub async fn categories(&self) -> Result<CategoryList, ApiError> {
        let answer = self.get(self.url("api/v1/categories")?).await?;
        decode(&answer)
    }

    /// `GET /api/v1/products/{id}`: one product; a 404 is a [`ApiError::Rejected`] for which
    /// [`ApiError::is_not_found`] holds.
    pub async fn product(&self, id: &str) -> Result<Product, ApiError> {
        let mut url = self.url("api/v1/products")?;
        url.path_segments_mut()
            .map_err(|()| ApiError::InvalidUrl {
                url: self.base.to_string(),
                reason: "it cannot hold a path".into(),
            })?
            .push(id);
        let answer = self.get(url).await?;
        decode(&answer)
    }

    /// `GET /readyz`: 200 is ready, 503 is not ready with the server's reason; anything else
    /// is an error.
    pub async fn ready(&self) -> Result<Readiness, ApiError> {
        let answer = self.send(self.url("readyz")?).await?;
        match answer.status {
            StatusCode::OK => Ok(Readiness {
                ready: true,
                message: None,
                elapsed: answer.elapsed,
            }),
            StatusCode::SERVICE_UNAVAILABLE => {
                let message = match status_error(answer.status, &answer.body) {
                    ApiError::Server { message, .. } => message,
                    other => other.to_string(),
                };
                Ok(Readiness {
                    ready: false,
                    message: Some(message),
                    elapsed: answer.elapsed,
                })
            }
            status if status.is_success() => Ok(Readiness {
                ready: true,
                message: None,
                elapsed: answer.elapsed,
            }),
            status => Err(status_error(status, &answer.body)),
        }
    }

    /// `GET /metrics`: the Prometheus text (see [`CacheStats::from_metrics`]).
    pub async fn metrics_text(&self) -> Result<String, ApiError> {
        let answer = self.get(self.url("metrics")?).await?;
        String::from_utf8(answer.body.to_vec()).map_err(|_| ApiError::Decode {
            url: answer.url,
            reason: "the metrics are not UTF-8 text".into(),
        })
    }

    /// The cache figures of [`metrics_text`](Self::metrics_text).
    pub async fn cache_stats(&self) -> Result<CacheStats, ApiError> {
        Ok(CacheStats::from_metrics(&self.metrics_text().await?))
    }

    fn url(&self, path: &str) -> Result<Url, ApiError> {
        self.base.join(path).map_err(|e| ApiError::InvalidUrl {
            url: self.base.to_string(),
            reason: e.to_string(),
        })
    }

    /// One `GET`: a 2xx answer with its body, or the error the status and body say.
    async fn get(&self, url: Url) -> Result<Answer, ApiError> {
        let answer = self.send(url).await?;
        if answer.status.is_success() {
            Ok(answer)
        } else {
            Err(status_error(answer.status, &answer.body))
        }
    }

    /// One `GET` whatever the status; only a transport failure is an error.
    async fn send(&self, url: Url) -> Result<Answer, ApiError> {
        let shown = url.to_string();
        let started = Instant::now();
        let unreachable = |e: reqwest::Error| ApiError::Unreachable {
            url: shown.clone(),
            reason: if e.is_timeout() {
                format!("no answer within {}", seconds(self.timeout))
            } else {
                innermost(&e)
            },
            timed_out: e.is_timeout(),
        };
        let response = self
            .http
            .get(url)
            .header(ACCEPT, "application/json")
            .send()
            .await
            .map_err(unreachable)?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(unreachable)?;
        Ok(Answer {
            url: shown,
            status,
            headers,
            body,
            elapsed: started.elapsed(),
        })
    }
}

/// The API's error body.
#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Deserialize)]
struct ErrorDetail {
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    parameter: Option<String>,
}

/// The error for a non-2xx answer, from the API's error body when there is one.
fn status_error(status: StatusCode, body: &[u8]) -> ApiError {
    let detail = serde_json::from_slice::<ErrorBody>(body)
        .ok()
        .map(|b| b.error);
    let fallback = || {
        let reason = status.canonical_reason().unwrap_or("error");
        format!("{} {reason}", status.as_u16())
    };
    let (code, message, parameter) = match detail {
        Some(d) => (d.code, d.message.unwrap_or_else(fallback), d.parameter),
        None => (None, fallback(), None),
    };
    if status.is_client_error() {
        ApiError::Rejected {
            status: status.as_u16(),
            code: code.unwrap_or_else(|| format!("http_{}", status.as_u16())),
            message,
            parameter,
        }
    } else {
        ApiError::Server {
            status: status.as_u16(),
            code,
            message,
        }
    }
}

fn decode<T: DeserializeOwned>(answer: &Answer) -> Result<T, ApiError> {
    serde_json::from_slice(&answer.body).map_err(|e| ApiError::Decode {
        url: answer.url.clone(),
        reason: e.to_string(),
    })
}

/// The deepest cause of a transport error, without reqwest's URL and OS error numbers
/// (`Connection refused`).
fn innermost(e: &reqwest::Error) -> String {
    let mut cause: &dyn std::error::Error = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    let text = cause.to_string();
    let text = match text.find(" (os error") {
        Some(i) => &text[..i],
        None => text.as_str(),
    };
    // "Connection refused" reads better mid-sentence as "connection refused".
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => {
            first.to_lowercase().chain(text.chars().skip(1)).collect()
        }
        _ => text.to_owned(),
    }
}

fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0}s")
    } else {
        format!("{s}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_checked_and_end_in_a_slash() {
        let t = Duration::from_secs(1);
        let c = ApiClient::new("http://127.0.0.1:8088", t).expect("valid");
        assert_eq!(c.base_url().as_str(), "http://127.0.0.1:8088/");
        let c = ApiClient::new("https://example.test/sss?x=1", t).expect("valid");
        assert_eq!(
            c.url("api/v1/categories").expect("joins").as_str(),
            "https://example.test/sss/api/v1/categories"
        );
        for bad in ["", "127.0.0.1:8088", "ftp://x", "http://", "mailto:a@b"] {
            let e = ApiClient::new(bad, t).expect_err(bad);
            assert!(matches!(e, ApiError::InvalidUrl { .. }), "{bad}: {e}");
        }
    }

    #[test]
    fn the_client_and_its_futures_can_move_across_tasks() {
        fn send_sync<T: Send + Sync>(_: &T) {}
        fn send<T: Send>(_: &T) {}
        let c = ApiClient::new(DEFAULT_SERVER, Duration::from_secs(1)).expect("valid");
        send_sync(&c);
        let params = SearchParams::text("blue");
        send(&c.search(&params));
        send(&c.categories());
        send(&c.product("1"));
        send(&c.ready());
    }

    #[test]
    fn error_bodies_become_typed_errors() {
        let body = br#"{"error":{"code":"invalid_parameter","message":"unknown category","parameter":"cat"}}"#;
        let e = status_error(StatusCode::BAD_REQUEST, body);
        assert_eq!(e.parameter(), Some("cat"));
        assert_eq!(e.to_string(), "parameter cat: unknown category");
        let e = status_error(StatusCode::NOT_FOUND, b"<html>");
        assert!(e.is_not_found());
        assert_eq!(e.to_string(), "404 Not Found");
        let e = status_error(
            StatusCode::SERVICE_UNAVAILABLE,
            br#"{"error":{"code":"unavailable","message":"not ready: redis"}}"#,
        );
        assert_eq!(e.status(), Some(503));
        assert!(e.to_string().contains("not ready: redis"));
    }

    #[test]
    fn params_use_the_api_spelling() {
        let p = SearchParams {
            cat: Some("dresses".into()),
            fts: Some("blue".into()),
            sort: Some(crate::domain::Sort::PriceAsc),
            limit: Some(5),
            brand: vec!["a".into(), "b".into()],
            min_price: Some(10.5),
            sale: Some(true),
            ..SearchParams::default()
        };
        let pairs: Vec<String> = p
            .to_pairs()
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        assert_eq!(
            pairs,
            [
                "cat=dresses",
                "fts=blue",
                "sort=price-asc",
                "limit=5",
                "brand=a",
                "brand=b",
                "minPrice=10.5",
                "sale=true"
            ]
        );
    }
}
