//! The HTTP client for the ShopStyle API v2: the real API, or the offline catalog service.
//!
//! One [`reqwest::Client`] per [`ShopStyleClient`], shared by its clones along with the rate
//! limiter and the circuit breaker. Each call: the breaker may refuse at once; the rate limit
//! gives the call its turn; one `GET` bounded by `timeout` whose body is read up to
//! `max_body_bytes`; ShopStyle's error body is recognised on any status, 200 included;
//! transient failures are tried again with exponential backoff and jitter, honouring
//! `Retry-After`. Redirects are not followed (the partner id must not travel to another host).
//!
//! The partner id is a secret: every URL put in a log line or an error has it replaced
//! (see `redact`), and text echoed back by the upstream is scrubbed of it.

mod breaker;
mod config;
mod limiter;
mod redact;
mod response;

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use backon::{ExponentialBuilder, Retryable};
use futures_util::future::BoxFuture;
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, LOCATION};
use serde::de::DeserializeOwned;
use url::Url;

use self::breaker::{CircuitBreaker, Outcome, duration_ms};
pub use self::config::{DEFAULT_BASE_URL, UpstreamConfig, UpstreamConfigError};
use self::limiter::RateLimiter;
use self::redact::{redact_url, scrub, snippet};
use self::response::{
    api_error, error_chain, parse_success, read_body, retry_after, transport_error,
};
use super::wire::SsSuggestResponse;
use super::wire::{SsCategoriesResponse, SsHistogramResponse, SsProduct, SsRef, SsSearchResponse};
use super::{SearchRequest, Upstream, UpstreamError};
use crate::domain::{Facet, ListKind, Suggestion};

/// Error bodies are read up to this size: only their start matters.
const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// The ShopStyle API v2 over HTTP. Cheap to clone; clones share the connection pool, the rate
/// limit and the circuit breaker.
#[derive(Clone)]
pub struct ShopStyleClient {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// `base_url`, parsed, without a trailing slash.
    base: Url,
    config: UpstreamConfig,
    limiter: Option<RateLimiter>,
    breaker: Option<CircuitBreaker>,
    /// Set once the upstream has said it has no `/suggest` (ShopStyle's own API has none; the
    /// bundled catalog does), so it is not asked again.
    no_suggest: std::sync::atomic::AtomicBool,
}

/// A failed attempt: the error and how long the upstream asked us to wait.
struct Failure {
    error: UpstreamError,
    retry_after: Option<Duration>,
}

impl From<UpstreamError> for Failure {
    fn from(error: UpstreamError) -> Self {
        Failure {
            error,
            retry_after: None,
        }
    }
}

/// Why one attempt of a call gave no value.
enum AttemptError {
    /// The request went out and failed; tried again when the error is transient.
    Failed(Failure),
    /// The circuit breaker or the rate limit refused before any request went out; never
    /// tried again.
    Refused(UpstreamError),
}

impl AttemptError {
    fn error(&self) -> &UpstreamError {
        match self {
            AttemptError::Failed(failure) => &failure.error,
            AttemptError::Refused(error) => error,
        }
    }
}

impl ShopStyleClient {
    /// A client with these settings; fails on the first setting that cannot work.
    pub fn new(config: UpstreamConfig) -> Result<Self, UpstreamConfigError> {
        let base = config.parsed_base_url()?;
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("sss/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| UpstreamConfigError::HttpClient {
                message: error_chain(&e),
            })?;
        let limiter = RateLimiter::new(
            config.rate_limit_per_minute,
            config.rate_limit_burst,
            config.rate_limit_max_wait,
        );
        let breaker = CircuitBreaker::new(
            config.breaker_threshold,
            config.breaker_cooldown,
            base.to_string(),
        );
        Ok(ShopStyleClient {
            inner: Arc::new(Inner {
                no_suggest: std::sync::atomic::AtomicBool::new(false),
                http,
                base,
                config,
                limiter,
                breaker,
            }),
        })
    }

    /// A client for the API at `base_url` (ending in `/api/v2`) with the default limits: how
    /// tests point it at a local server.
    pub fn with_base_url(
        base_url: impl Into<String>,
        pid: impl Into<String>,
    ) -> Result<Self, UpstreamConfigError> {
        Self::new(UpstreamConfig::new(base_url, pid))
    }

    /// The settings in force.
    pub fn config(&self) -> &UpstreamConfig {
        &self.inner.config
    }

    /// The API base (it never holds the partner id).
    pub fn base_url(&self) -> &Url {
        &self.inner.base
    }

    /// `GET /products?pid&cat&fts&fl...&sort&offset&limit`. `fl` is repeated, one filter each;
    /// empty `cat`/`fts`/`sort` and a zero `limit` (the upstream's default) are left out.
    pub async fn search_products(
        &self,
        req: &SearchRequest,
    ) -> Result<SsSearchResponse, UpstreamError> {
        let mut url = self.endpoint(&["products"]);
        {
            let mut q = url.query_pairs_mut();
            append_search(&mut q, req);
            if let Some(sort) = present(&req.sort) {
                q.append_pair("sort", sort);
            }
            q.append_pair("offset", &req.offset.to_string());
            if req.limit > 0 {
                q.append_pair("limit", &req.limit.to_string());
            }
        }
        self.get_required(url).await
    }

    /// `GET /products/histogram?pid&cat&fts&fl...&filters=Brand,Color`: per facet of `facets`,
    /// how many of the search's products have each value.
    pub async fn products_histogram(
        &self,
        req: &SearchRequest,
        facets: &[Facet],
    ) -> Result<SsHistogramResponse, UpstreamError> {
        let mut url = self.endpoint(&["products", "histogram"]);
        {
            let mut q = url.query_pairs_mut();
            append_search(&mut q, req);
            let names: Vec<&str> = facets.iter().map(|f| f.as_shopstyle()).collect();
            q.append_pair("filters", &names.join(","));
        }
        self.get_required(url).await
    }

    /// `GET /suggest?q&limit`: the bundled catalog's suggestions for a partial query (an
    /// extension; ShopStyle's own API has no such route). `None` when the upstream has none:
    /// its first refusal (a 404 or another 4xx) is remembered and it is not asked again.
    pub async fn suggestions(
        &self,
        prefix: &str,
        limit: u32,
    ) -> Result<Option<Vec<Suggestion>>, UpstreamError> {
        if self.inner.no_suggest.load(Ordering::Relaxed) {
            return Ok(None);
        }
        let mut url = self.endpoint(&["suggest"]);
        url.query_pairs_mut()
            .append_pair("q", prefix)
            .append_pair("limit", &limit.to_string());
        let shown = redact_url(&url);
        let body: Option<SsSuggestResponse> = match self.get(url, &shown, true).await {
            Err(e) if e.is_rejection() => None,
            other => other?,
        };
        if body.is_none() {
            self.inner.no_suggest.store(true, Ordering::Relaxed);
        }
        Ok(body.map(|b| b.suggestions))
    }

    /// `GET /brands`, `/retailers` or `/colors`: the whole list.
    pub async fn named_list(&self, kind: ListKind) -> Result<Vec<SsRef>, UpstreamError> {
        let url = self.endpoint(&[kind.as_str()]);
        let mut body: serde_json::Map<String, serde_json::Value> = self.get_required(url).await?;
        let list = body.remove(kind.as_str()).unwrap_or_default();
        serde_json::from_value(list).map_err(|e| UpstreamError::Decode {
            url: format!("{}/{}", self.inner.base, kind.as_str()),
            message: e.to_string(),
        })
    }

    /// `GET /products/{id}`: `None` on 404 (or ShopStyle's error body with code 404).
    pub async fn product_by_id(&self, id: &str) -> Result<Option<SsProduct>, UpstreamError> {
        if id.trim().is_empty() {
            return Ok(None);
        }
        let url = self.endpoint(&["products", id]);
        let shown = redact_url(&url);
        self.get(url, &shown, true).await
    }

    /// `GET /categories?cat&depth`: the tree under `cat` (default the root), `depth` levels
    /// deep (default all).
    pub async fn categories_under(
        &self,
        cat: Option<&str>,
        depth: Option<u32>,
    ) -> Result<SsCategoriesResponse, UpstreamError> {
        let mut url = self.endpoint(&["categories"]);
        {
            let mut q = url.query_pairs_mut();
            if let Some(cat) = cat.filter(|c| !c.trim().is_empty()) {
                q.append_pair("cat", cat);
            }
            if let Some(depth) = depth {
                q.append_pair("depth", &depth.to_string());
            }
        }
        self.get_required(url).await
    }

    /// `{base}/{segments...}?pid=...`, each segment percent-encoded.
    fn endpoint(&self, segments: &[&str]) -> Url {
        let mut url = self.inner.base.clone();
        // The base was checked to be http(s), so it always has path segments.
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        url.query_pairs_mut()
            .append_pair("pid", &self.inner.config.pid);
        url
    }

    async fn get_required<T: DeserializeOwned>(&self, url: Url) -> Result<T, UpstreamError> {
        let shown = redact_url(&url);
        match self.get(url, &shown, false).await? {
            Some(value) => Ok(value),
            // Unreachable: a 404 is an error when `not_found_is_none` is false.
            None => Err(UpstreamError::Status {
                url: shown,
                status: 404,
                snippet: "(not found)".to_owned(),
            }),
        }
    }

    /// One call with its retries. `shown` is `url` with the partner id redacted.
    ///
    /// `backon` drives the attempts: only transient failures are tried again, at most
    /// `max_retries` times, after the backoff of [`retry_policy`] or the `Retry-After` the
    /// upstream sent (a longer one than `retry_max_delay` ends the call instead).
    async fn get<T: DeserializeOwned>(
        &self,
        url: Url,
        shown: &str,
        not_found_is_none: bool,
    ) -> Result<Option<T>, UpstreamError> {
        let cfg = &self.inner.config;
        let url = &url;
        // Attempts started so far: the next attempt's number (from 0) in its log line, and the
        // retry's number in the "retrying" line. Shared by two closures (and the future must be
        // Send), hence an atomic; only this call touches it.
        let attempts = AtomicU32::new(0);
        // The error of the last attempt that was retried: when the breaker or the rate limit
        // then refuses the next attempt, the caller learns what actually went wrong.
        let mut last: Option<UpstreamError> = None;

        let result = (|| {
            let attempt = attempts.fetch_add(1, Ordering::Relaxed);
            self.try_once::<T>(url, shown, not_found_is_none, attempt)
        })
        .retry(retry_policy(cfg))
        .when(|e| matches!(e, AttemptError::Failed(f) if f.error.is_transient()))
        .adjust(|e, backoff| {
            // `None` from the backoff: `max_retries` are used up. The backoff steps on even when
            // the upstream's `Retry-After` is used instead, so a later retry waits the next step.
            let backoff = backoff?;
            match e {
                AttemptError::Failed(Failure {
                    error,
                    retry_after: Some(asked),
                }) => {
                    if *asked <= cfg.retry_max_delay {
                        Some(*asked)
                    } else {
                        tracing::warn!(url = %shown, retry_after_ms = duration_ms(*asked), error = %error, "upstream asks to wait longer than retry_max_delay; not retried");
                        None
                    }
                }
                _ => Some(backoff),
            }
        })
        .notify(|e, delay| {
            let error = e.error();
            tracing::warn!(url = %shown, attempt = attempts.load(Ordering::Relaxed), max_retries = cfg.max_retries, delay_ms = duration_ms(delay), error = %error, "upstream call failed; retrying");
            last = Some(error.clone());
        })
        .await;

        match result {
            Ok(value) => Ok(value),
            Err(AttemptError::Failed(failure)) => Err(failure.error),
            Err(AttemptError::Refused(refusal)) => Err(last.unwrap_or(refusal)),
        }
    }

    /// One attempt: leave from the breaker, a turn under the rate limit, then the request
    /// bounded by `timeout`, its outcome recorded with the breaker.
    async fn try_once<T: DeserializeOwned>(
        &self,
        url: &Url,
        shown: &str,
        not_found_is_none: bool,
        attempt: u32,
    ) -> Result<Option<T>, AttemptError> {
        let inner = &*self.inner;
        let cfg = &inner.config;
        let permit = match inner.breaker.as_ref().map(CircuitBreaker::acquire) {
            None => None,
            Some(Ok(permit)) => Some(permit),
            Some(Err(retry_in)) => {
                return Err(AttemptError::Refused(UpstreamError::CircuitOpen {
                    url: shown.to_owned(),
                    retry_in_ms: duration_ms(retry_in),
                }));
            }
        };
        if let Some(limiter) = &inner.limiter {
            limiter.until_ready(shown).await.map_err(|wait| {
                AttemptError::Refused(UpstreamError::RateLimited {
                    url: shown.to_owned(),
                    retry_in_ms: duration_ms(wait),
                })
            })?;
        }

        let started = Instant::now();
        let result = tokio::time::timeout(
            cfg.timeout,
            self.attempt::<T>(url, shown, not_found_is_none),
        )
        .await
        .unwrap_or_else(|_elapsed| {
            Err(Failure::from(UpstreamError::Timeout {
                url: shown.to_owned(),
                timeout_ms: duration_ms(cfg.timeout),
            }))
        });
        let latency_ms = duration_ms(started.elapsed());

        match result {
            Ok((status, value)) => {
                if let Some(permit) = permit {
                    permit.record(Outcome::Answered);
                }
                tracing::debug!(method = "GET", url = %shown, status, latency_ms, attempt, "upstream call");
                Ok(value)
            }
            Err(failure) => {
                let error = &failure.error;
                if let Some(permit) = permit {
                    permit.record(if error.is_transient() {
                        Outcome::Failed
                    } else {
                        Outcome::Answered
                    });
                }
                tracing::debug!(method = "GET", url = %shown, status = status_of(error), latency_ms, attempt, error = %error, "upstream call failed");
                Err(AttemptError::Failed(failure))
            }
        }
    }

    /// One request and its answer: the status and the parsed body (`None` for a 404 when
    /// `not_found_is_none`).
    async fn attempt<T: DeserializeOwned>(
        &self,
        url: &Url,
        shown: &str,
        not_found_is_none: bool,
    ) -> Result<(u16, Option<T>), Failure> {
        let inner = &*self.inner;
        let pid = inner.config.pid.as_str();
        let response = inner
            .http
            .get(url.clone())
            .header(ACCEPT, "application/json")
            .send()
            .await
            .map_err(|e| transport_error(e, shown, pid, inner.config.timeout))?;
        let status = response.status();
        let code = status.as_u16();
        if status == StatusCode::NOT_FOUND && not_found_is_none {
            return Ok((code, None));
        }

        if status.is_success() {
            let body = read_body(response, inner.config.max_body_bytes, shown, pid).await?;
            if body.truncated {
                return Err(UpstreamError::Decode {
                    url: shown.to_owned(),
                    message: format!(
                        "body larger than max_body_bytes ({} bytes)",
                        inner.config.max_body_bytes
                    ),
                }
                .into());
            }
            return match parse_success::<T>(&body.bytes, code, shown, pid) {
                Ok(value) => Ok((code, Some(value))),
                Err(UpstreamError::Api { code: api_code, .. })
                    if not_found_is_none && api_code == "404" =>
                {
                    Ok((code, None))
                }
                Err(e) => Err(e.into()),
            };
        }

        let retry_after = retry_after(response.headers());
        let location = response
            .headers()
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(|l| scrub(l, pid));
        let body = read_body(response, ERROR_BODY_LIMIT, shown, pid).await?;
        let error = match (api_error(&body.bytes, code, shown, pid), location) {
            (Some(api), _) => api,
            (None, Some(location)) if status.is_redirection() => UpstreamError::Status {
                url: shown.to_owned(),
                status: code,
                snippet: format!("redirect to {location} (redirects are not followed)"),
            },
            (None, _) => UpstreamError::Status {
                url: shown.to_owned(),
                status: code,
                snippet: snippet(&body.bytes, pid),
            },
        };
        Err(Failure { error, retry_after })
    }
}

impl Upstream for ShopStyleClient {
    fn search<'a>(
        &'a self,
        req: &'a SearchRequest,
    ) -> BoxFuture<'a, Result<SsSearchResponse, UpstreamError>> {
        Box::pin(self.search_products(req))
    }

    fn product<'a>(
        &'a self,
        id: &'a str,
    ) -> BoxFuture<'a, Result<Option<SsProduct>, UpstreamError>> {
        Box::pin(self.product_by_id(id))
    }

    fn categories(&self) -> BoxFuture<'_, Result<SsCategoriesResponse, UpstreamError>> {
        Box::pin(self.categories_under(None, None))
    }

    fn histogram<'a>(
        &'a self,
        req: &'a SearchRequest,
        facets: &'a [Facet],
    ) -> BoxFuture<'a, Result<SsHistogramResponse, UpstreamError>> {
        Box::pin(self.products_histogram(req, facets))
    }

    fn list(&self, kind: ListKind) -> BoxFuture<'_, Result<Vec<SsRef>, UpstreamError>> {
        Box::pin(self.named_list(kind))
    }

    fn suggest<'a>(
        &'a self,
        prefix: &'a str,
        limit: u32,
    ) -> BoxFuture<'a, Result<Option<Vec<Suggestion>>, UpstreamError>> {
        Box::pin(self.suggestions(prefix, limit))
    }
}

/// The search parameters `/products` and `/products/histogram` share: `cat`, `fts` and each
/// `fl` (empty ones left out).
fn append_search(
    q: &mut url::form_urlencoded::Serializer<'_, url::UrlQuery<'_>>,
    req: &SearchRequest,
) {
    if let Some(cat) = present(&req.cat) {
        q.append_pair("cat", cat);
    }
    if let Some(fts) = present(&req.fts) {
        q.append_pair("fts", fts);
    }
    for fl in req.fl.iter().filter(|f| !f.is_empty()) {
        q.append_pair("fl", fl);
    }
}

impl fmt::Debug for ShopStyleClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ShopStyleClient")
            .field("base_url", &self.inner.base.as_str())
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

/// The backoff between attempts: retry `n` (from 0) waits about `retry_base_delay * 2^n`,
/// capped at `retry_max_delay`, half of it fixed and half random, so that many callers failing
/// together do not retry together. backon's jitter adds a random part of up to the delay itself,
/// so the builder runs at half those delays: each wait `d` lands in `[d/2, d)`.
fn retry_policy(cfg: &UpstreamConfig) -> ExponentialBuilder {
    ExponentialBuilder::new()
        .with_min_delay(cfg.retry_base_delay / 2)
        .with_max_delay(cfg.retry_max_delay / 2)
        .with_factor(2.0)
        .with_jitter()
        .with_max_times(cfg.max_retries as usize)
}

/// The value unless it is missing or blank.
fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|s| !s.trim().is_empty())
}

/// The HTTP status an error came with, for log lines.
fn status_of(error: &UpstreamError) -> Option<u16> {
    match error {
        UpstreamError::Status { status, .. } | UpstreamError::Api { status, .. } => Some(*status),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use backon::BackoffBuilder;

    use super::*;

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        let mut cfg = UpstreamConfig::new(DEFAULT_BASE_URL, "pid");
        cfg.retry_base_delay = Duration::from_millis(100);
        cfg.retry_max_delay = Duration::from_secs(2);
        cfg.max_retries = 10;
        // Retry n waits within [d/2, d] with d = base * 2^n capped at max.
        let bounds = |n: u32| {
            let full = cfg
                .retry_base_delay
                .saturating_mul(1 << n)
                .min(cfg.retry_max_delay);
            (full / 2, full)
        };
        for _ in 0..100 {
            let delays: Vec<Duration> = retry_policy(&cfg).build().collect();
            assert_eq!(delays.len(), 10, "one delay per retry");
            for (n, delay) in (0..).zip(&delays) {
                let (low, high) = bounds(n);
                assert!(*delay >= low && *delay <= high, "retry {n}: {delay:?}");
            }
        }
        cfg.max_retries = 0;
        assert_eq!(retry_policy(&cfg).build().next(), None, "no retries");
    }
}
