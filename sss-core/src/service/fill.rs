//! The filler: what the api asks on a miss. In one process it is the [`Poller`] itself; across
//! processes it is [`HttpFiller`], which calls the poller's `POST /internal/v1/fetch`.
//!
//! [`Poller`]: super::Poller

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures_util::future::BoxFuture;
use serde::{Deserialize, Serialize};

use super::page::{CachedPage, Shape};
use crate::domain::SearchQuery;

/// A request to fill the cache for one query.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FetchRequest {
    /// The canonical query.
    pub query: SearchQuery,
    /// The body's form.
    #[serde(default)]
    pub shape: Shape,
    /// Fetch from the upstream even when a fresh copy exists (a stale-while-revalidate refresh).
    #[serde(default)]
    pub refresh: bool,
}

/// Where a filled page came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// The upstream, just now.
    Upstream,
    /// The shared cache (another request filled it first).
    Cache,
    /// The shared cache after its fresh time, because the upstream failed.
    Stale,
    /// Rebuilt from the durable store.
    Store,
}

impl Source {
    /// The spelling in the `X-SSS-Source` header.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Upstream => "upstream",
            Source::Cache => "cache",
            Source::Stale => "stale",
            Source::Store => "store",
        }
    }

    /// Parses [`Source::as_str`].
    pub fn parse(s: &str) -> Option<Source> {
        [
            Source::Upstream,
            Source::Cache,
            Source::Stale,
            Source::Store,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }
}

/// A filled page.
#[derive(Clone, Debug)]
pub struct Filled {
    /// The page.
    pub page: Arc<CachedPage>,
    /// Where it came from.
    pub source: Source,
}

/// Why a fill failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FillError {
    /// The upstream rejected the query (a 4xx): the client's request cannot be answered.
    #[error("the upstream rejected the request: {message}")]
    Rejected {
        /// The public API parameter at fault, when it can be told.
        parameter: Option<String>,
        /// What the upstream said, for the client.
        message: String,
    },
    /// The upstream failed and no stale or stored copy exists.
    #[error("the upstream failed and no cached copy exists: {0}")]
    Upstream(String),
    /// The poller could not be reached.
    #[error("the poller is unavailable: {0}")]
    Unavailable(String),
    /// No such product.
    #[error("not found")]
    NotFound,
}

/// Fills the cache on a miss, and answers the few other questions the api cannot answer from
/// the cache alone.
pub trait Filler: Send + Sync + fmt::Debug {
    /// Fills the cache for `req` and returns the page.
    fn fill<'a>(&'a self, req: &'a FetchRequest) -> BoxFuture<'a, Result<Filled, FillError>>;

    /// The public API's categories body (`{"root", "categories"}`).
    fn categories(&self) -> BoxFuture<'_, Result<Bytes, FillError>>;

    /// One product in the public API's shape, as JSON.
    fn product<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<Bytes, FillError>>;

    /// The state of the filler and of what it needs.
    fn checks(&self) -> BoxFuture<'_, Vec<super::Check>>;
}

/// The api's filler across processes: the poller's internal HTTP API.
#[derive(Clone, Debug)]
pub struct HttpFiller {
    base: String,
    http: reqwest::Client,
}

/// Response headers of `POST /internal/v1/fetch`.
pub mod headers {
    /// Where the page came from ([`super::Source::as_str`]).
    pub const SOURCE: &str = "x-sss-source";
    /// When the upstream answered, ms since the Unix epoch.
    pub const FETCHED_AT: &str = "x-sss-fetched-at";
    /// The body's form (`page` or `raw`).
    pub const SHAPE: &str = "x-sss-shape";
    /// Request and response header of the page format. An api that sends
    /// `x-sss-page-format: sss2` gets the whole encoded page ([`CachedPage::encode`]: compressed
    /// body, ETag) and the poller says so with the same header; an api that does not (an earlier
    /// version, during a rolling upgrade) gets the uncompressed body as before.
    ///
    /// [`CachedPage::encode`]: super::CachedPage::encode
    pub const PAGE_FORMAT: &str = "x-sss-page-format";
    /// The value of [`PAGE_FORMAT`] for the current format.
    pub const PAGE_FORMAT_V2: &str = "sss2";
}

impl HttpFiller {
    /// A filler calling the poller at `base` (`http://127.0.0.1:3000`), each call bounded by
    /// `timeout`.
    pub fn new(base: &str, timeout: Duration) -> Result<Self, String> {
        let url = url::Url::parse(base).map_err(|e| format!("{base}: {e}"))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(format!("{base}: the poller URL must be http(s)"));
        }
        let http = reqwest::Client::builder()
            // Pages come already compressed, in their own format (headers::PAGE_FORMAT).
            .no_gzip()
            .timeout(timeout)
            .connect_timeout(Duration::from_secs(2))
            .pool_max_idle_per_host(64)
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Self {
            base: base.trim_end_matches('/').to_owned(),
            http,
        })
    }

    async fn error_of(resp: reqwest::Response) -> FillError {
        let status = resp.status().as_u16();
        let body = resp.json::<serde_json::Value>().await.unwrap_or_default();
        let message = body["error"]["message"]
            .as_str()
            .map_or_else(|| format!("HTTP {status}"), str::to_owned);
        match status {
            404 => FillError::NotFound,
            400..=499 => FillError::Rejected {
                parameter: body["error"]["parameter"].as_str().map(str::to_owned),
                message,
            },
            502 => FillError::Upstream(message),
            _ => FillError::Unavailable(message),
        }
    }

    async fn get_bytes(&self, path: &str) -> Result<Bytes, FillError> {
        let resp = self
            .http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .map_err(|e| FillError::Unavailable(e.without_url().to_string()))?;
        if !resp.status().is_success() {
            return Err(Self::error_of(resp).await);
        }
        resp.bytes()
            .await
            .map_err(|e| FillError::Unavailable(e.without_url().to_string()))
    }
}

impl Filler for HttpFiller {
    fn fill<'a>(&'a self, req: &'a FetchRequest) -> BoxFuture<'a, Result<Filled, FillError>> {
        Box::pin(async move {
            let resp = self
                .http
                .post(format!("{}/internal/v1/fetch", self.base))
                .header(headers::PAGE_FORMAT, headers::PAGE_FORMAT_V2)
                .json(req)
                .send()
                .await
                .map_err(|e| FillError::Unavailable(e.without_url().to_string()))?;
            if !resp.status().is_success() {
                return Err(Self::error_of(resp).await);
            }
            let header = |name: &str| {
                resp.headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned)
            };
            let source = header(headers::SOURCE)
                .and_then(|s| Source::parse(&s))
                .unwrap_or(Source::Upstream);
            let fetched_at_ms = header(headers::FETCHED_AT)
                .and_then(|s| s.parse().ok())
                .unwrap_or_else(super::page::now_ms);
            let encoded = header(headers::PAGE_FORMAT).as_deref() == Some(headers::PAGE_FORMAT_V2);
            let body = resp
                .bytes()
                .await
                .map_err(|e| FillError::Unavailable(e.without_url().to_string()))?;
            let page = if encoded {
                CachedPage::decode(&body).ok_or_else(|| {
                    FillError::Unavailable("the poller answered a page that does not decode".into())
                })?
            } else {
                // An earlier poller: the uncompressed body, compressed here once.
                CachedPage::from_parts(req.shape, fetched_at_ms, body)
            };
            Ok(Filled {
                page: Arc::new(page),
                source,
            })
        })
    }

    fn categories(&self) -> BoxFuture<'_, Result<Bytes, FillError>> {
        Box::pin(self.get_bytes("/internal/v1/categories"))
    }

    fn product<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<Bytes, FillError>> {
        Box::pin(async move {
            let id: String = url::form_urlencoded::byte_serialize(id.as_bytes()).collect();
            self.get_bytes(&format!("/internal/v1/products/{id}")).await
        })
    }

    /// The poller itself, then its own checks named `poller/<name>`.
    fn checks(&self) -> BoxFuture<'_, Vec<super::Check>> {
        Box::pin(async move {
            let url = format!("{}/readyz", self.base);
            let resp = match self.http.get(url).send().await {
                Ok(r) => r,
                Err(e) => {
                    let e = format!("unreachable: {}", e.without_url());
                    return vec![super::Check::of("poller", Err(e))];
                }
            };
            let status = resp.status().as_u16();
            let body: serde_json::Value = resp.json().await.unwrap_or_default();
            let itself = if status == 503 {
                Err(format!("HTTP {status}: none of its dependencies answers"))
            } else {
                Ok(())
            };
            let mut checks = vec![super::Check::of("poller", itself)];
            let nested: Vec<super::Check> =
                serde_json::from_value(body["checks"].clone()).unwrap_or_default();
            checks.extend(nested.into_iter().map(|mut c| {
                c.name = format!("poller/{}", c.name);
                c
            }));
            checks
        })
    }
}
