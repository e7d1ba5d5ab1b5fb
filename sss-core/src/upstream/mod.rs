//! The upstream: the ShopStyle API v2, or anything that speaks it.
//!
//! [`Upstream`] is what the poller calls. Two implementations: [`ShopStyleClient`] over HTTP (the
//! real API or the offline catalog service) and [`crate::catalog::Catalog`] in-process (the
//! embedded default, no network at all).

mod client;
pub mod wire;

use std::fmt;

use futures_util::future::BoxFuture;

pub use client::{DEFAULT_BASE_URL, ShopStyleClient, UpstreamConfig, UpstreamConfigError};
use wire::{SsCategoriesResponse, SsHistogramResponse, SsProduct, SsRef, SsSearchResponse};

use crate::domain::{Facet, ListKind, SearchQuery, Suggestion};

/// A products search in ShopStyle's terms (`GET /products`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchRequest {
    /// `cat`: a category id; its subtree matches.
    pub cat: Option<String>,
    /// `fts`: free text.
    pub fts: Option<String>,
    /// `fl`: filters, each a prefix and an id (`b123`, `r45`, `c10`, `p20:100`, `d0`).
    pub fl: Vec<String>,
    /// `sort`: `PriceLoHi`, `PriceHiLo`, `Recency`, `Popular`; `None` for relevance.
    pub sort: Option<String>,
    /// `offset`.
    pub offset: u32,
    /// `limit`.
    pub limit: u32,
}

impl SearchRequest {
    /// The first `limit` products of a search given in ShopStyle's own terms.
    pub fn first(
        cat: Option<&str>,
        fts: Option<&str>,
        fl: &[&str],
        sort: Option<&str>,
        limit: u32,
    ) -> SearchRequest {
        SearchRequest {
            cat: cat.map(str::to_owned),
            fts: fts.map(str::to_owned),
            fl: fl.iter().map(|s| (*s).to_owned()).collect(),
            sort: sort.map(str::to_owned),
            offset: 0,
            limit,
        }
    }
}

impl From<&SearchQuery> for SearchRequest {
    fn from(q: &SearchQuery) -> Self {
        SearchRequest {
            cat: q.cat.clone(),
            fts: q.fts.clone(),
            fl: q.shopstyle_filters(),
            sort: q.sort.as_shopstyle().map(str::to_owned),
            offset: q.offset,
            limit: q.limit,
        }
    }
}

/// Why an upstream call failed. The URL in every variant has the partner id removed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UpstreamError {
    /// No answer within the configured timeout.
    #[error("upstream {url}: timed out after {timeout_ms} ms")]
    Timeout {
        /// The request URL, partner id removed.
        url: String,
        /// The timeout that ran out.
        timeout_ms: u64,
    },
    /// The connection could not be made or broke.
    #[error("upstream {url}: connection failed: {message}")]
    Connect {
        /// The request URL, partner id removed.
        url: String,
        /// What the transport said.
        message: String,
    },
    /// An HTTP error status without ShopStyle's error body.
    #[error("upstream {url}: HTTP {status}: {snippet}")]
    Status {
        /// The request URL, partner id removed.
        url: String,
        /// The HTTP status.
        status: u16,
        /// The start of the body.
        snippet: String,
    },
    /// ShopStyle's error body (`errorCode`/`errorName`/`errorMessage`), on an error status or
    /// on HTTP 200.
    #[error("upstream {url}: {name} ({code}): {message}")]
    Api {
        /// The request URL, partner id removed.
        url: String,
        /// The HTTP status the body came with.
        status: u16,
        /// `errorCode`.
        code: String,
        /// `errorName`.
        name: String,
        /// `errorMessage`.
        message: String,
    },
    /// The body was not the JSON expected.
    #[error("upstream {url}: unreadable response: {message}")]
    Decode {
        /// The request URL, partner id removed.
        url: String,
        /// What did not parse.
        message: String,
    },
    /// The circuit breaker is open after repeated failures; no call was made.
    #[error("upstream {url}: circuit open after repeated failures, retry in {retry_in_ms} ms")]
    CircuitOpen {
        /// The request URL, partner id removed.
        url: String,
        /// When the next trial call is allowed.
        retry_in_ms: u64,
    },
    /// The client's own rate limit (ShopStyle allows 750 requests a minute) would have made
    /// this call wait longer than allowed; no call was made.
    #[error("upstream {url}: client rate limit reached, next turn in {retry_in_ms} ms")]
    RateLimited {
        /// The request URL, partner id removed.
        url: String,
        /// How long until the call would get its turn.
        retry_in_ms: u64,
    },
}

impl UpstreamError {
    /// Whether the same request may succeed if tried again (timeouts, connection errors, 5xx,
    /// 429), as opposed to a request the upstream rejected (4xx).
    ///
    /// [`UpstreamError::CircuitOpen`] and [`UpstreamError::RateLimited`] are not: no call was
    /// made, and trying again at once is refused the same way.
    pub fn is_transient(&self) -> bool {
        match self {
            UpstreamError::Timeout { .. } | UpstreamError::Connect { .. } => true,
            UpstreamError::Status { .. } | UpstreamError::Api { .. } => self
                .effective_status()
                .is_some_and(|s| s >= 500 || s == 429),
            UpstreamError::Decode { .. }
            | UpstreamError::CircuitOpen { .. }
            | UpstreamError::RateLimited { .. } => false,
        }
    }

    /// Whether the upstream rejected the request itself (a 4xx other than 429): the caller sent
    /// something it does not accept.
    pub fn is_rejection(&self) -> bool {
        self.effective_status()
            .is_some_and(|s| (400..500).contains(&s) && s != 429)
    }

    /// The status that classifies the error: the HTTP status, except for ShopStyle's error body
    /// on a 2xx, where its `errorCode` says what the status would have been.
    fn effective_status(&self) -> Option<u16> {
        match self {
            UpstreamError::Status { status, .. } => Some(*status),
            UpstreamError::Api { status, code, .. } => match code.parse::<u16>() {
                Ok(c) if (200..300).contains(status) && (400..600).contains(&c) => Some(c),
                _ => Some(*status),
            },
            _ => None,
        }
    }
}

/// Something that answers ShopStyle API v2 calls.
pub trait Upstream: Send + Sync + fmt::Debug {
    /// `GET /products`: a page of products.
    fn search<'a>(
        &'a self,
        req: &'a SearchRequest,
    ) -> BoxFuture<'a, Result<SsSearchResponse, UpstreamError>>;

    /// `GET /products/{id}`: one product, `None` when the upstream has no such product.
    fn product<'a>(
        &'a self,
        id: &'a str,
    ) -> BoxFuture<'a, Result<Option<SsProduct>, UpstreamError>>;

    /// `GET /categories`: the whole tree.
    fn categories(&self) -> BoxFuture<'_, Result<SsCategoriesResponse, UpstreamError>>;

    /// `GET /products/histogram`: per facet of `facets`, its values among the products `req`
    /// matches (its offset, limit and sort do not matter).
    fn histogram<'a>(
        &'a self,
        req: &'a SearchRequest,
        facets: &'a [Facet],
    ) -> BoxFuture<'a, Result<SsHistogramResponse, UpstreamError>>;

    /// `GET /brands`, `/retailers` or `/colors`: every value, `{id, name}` (the catalog adds
    /// `productCount`).
    fn list(&self, kind: ListKind) -> BoxFuture<'_, Result<Vec<SsRef>, UpstreamError>>;

    /// Suggestions for a partial query, when the upstream makes them (the bundled catalog
    /// does; ShopStyle's own API does not: `None`, and the poller suggests from the category
    /// tree and the brand list instead).
    fn suggest<'a>(
        &'a self,
        prefix: &'a str,
        limit: u32,
    ) -> BoxFuture<'a, Result<Option<Vec<Suggestion>>, UpstreamError>>;
}
