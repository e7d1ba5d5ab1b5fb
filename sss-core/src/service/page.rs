//! A cached page: the serialised response body and when it was fetched.
//!
//! The cache holds bytes, not structures: a hit answers the cached body as it is (shared, not
//! copied) followed by the small `cache` object (status, fetchedAt, age), so JSON is encoded once
//! per upstream fetch, never per hit.

use std::fmt;
use std::io::Write as _;

use bytes::{BufMut, Bytes, BytesMut};
use serde::{Deserialize, Serialize};

use crate::domain::{Product, SearchQuery, TextMatch};
use crate::upstream::wire::SsProduct;

/// The form of a cached body.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Shape {
    /// The public API's page object (`{"query", "total", "offset", "limit", "products"}`),
    /// stored without its closing brace so the `cache` object can be appended.
    #[default]
    Page,
    /// A JSON array of the raw upstream products (the original project's `/api/v1/items` route).
    Raw,
}

impl Shape {
    /// The cache key of `query` in this shape.
    pub fn key(self, query: &SearchQuery, prefix: &str) -> String {
        match self {
            Shape::Page => query.cache_key(prefix),
            Shape::Raw => format!("{}:raw", query.cache_key(prefix)),
        }
    }
}

/// How a search was answered; the `X-Cache` header and the body's `cache.status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CacheStatus {
    /// From a cache, fresh.
    Hit,
    /// Fetched from the upstream for this request.
    Miss,
    /// From a cache after its fresh time (a refresh runs), or because the upstream failed.
    Stale,
    /// Rebuilt from the durable store.
    Store,
}

impl CacheStatus {
    /// `HIT`, `MISS`, `STALE`, `STORE`.
    pub fn header(self) -> &'static str {
        match self {
            CacheStatus::Hit => "HIT",
            CacheStatus::Miss => "MISS",
            CacheStatus::Stale => "STALE",
            CacheStatus::Store => "STORE",
        }
    }

    /// `hit`, `miss`, `stale`, `store`.
    pub fn as_str(self) -> &'static str {
        match self {
            CacheStatus::Hit => "hit",
            CacheStatus::Miss => "miss",
            CacheStatus::Stale => "stale",
            CacheStatus::Store => "store",
        }
    }
}

const MAGIC: &[u8; 4] = b"SSS1";
const HEADER_LEN: usize = 4 + 1 + 8 + 16;

/// A serialised page and its metadata.
#[derive(Clone, PartialEq, Eq)]
pub struct CachedPage {
    /// The body's form.
    pub shape: Shape,
    /// When the upstream answered (ms since the Unix epoch).
    pub fetched_at_ms: i64,
    /// A strong validator of the body (16 hex digits of its SHA-256).
    pub etag: [u8; 16],
    /// The body: a page object without its closing brace, or a raw array.
    pub body: Bytes,
}

impl fmt::Debug for CachedPage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CachedPage")
            .field("shape", &self.shape)
            .field("fetched_at_ms", &self.fetched_at_ms)
            .field("etag", &String::from_utf8_lossy(&self.etag))
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// The body of a page object without its closing brace.
#[derive(Serialize)]
struct PageHead<'a> {
    query: QueryEcho<'a>,
    /// How the text matched, when the upstream says (the bundled catalog does).
    #[serde(rename = "match", skip_serializing_if = "Option::is_none")]
    matched: Option<TextMatch>,
    total: u64,
    offset: u32,
    limit: u32,
    products: Vec<Product>,
}

/// The query echoed in a page, with the `match` of its text when known.
#[derive(Serialize)]
struct QueryEcho<'a> {
    #[serde(flatten)]
    query: &'a SearchQuery,
    #[serde(rename = "match", skip_serializing_if = "Option::is_none")]
    matched: Option<TextMatch>,
}

impl CachedPage {
    /// A page built from an upstream answer; `matched` is how its text matched, when the
    /// upstream said.
    pub fn build(
        shape: Shape,
        query: &SearchQuery,
        total: u64,
        products: &[SsProduct],
        fetched_at_ms: i64,
        matched: Option<TextMatch>,
    ) -> CachedPage {
        let body = match shape {
            Shape::Page => {
                let head = PageHead {
                    query: QueryEcho { query, matched },
                    matched,
                    total,
                    offset: query.offset,
                    limit: query.limit,
                    products: products.iter().map(SsProduct::to_product).collect(),
                };
                let mut v = serde_json::to_vec(&head).unwrap_or_else(|_| b"{}".to_vec());
                v.pop(); // the closing brace; `render` appends the cache object and closes it
                v
            }
            Shape::Raw => serde_json::to_vec(products).unwrap_or_else(|_| b"[]".to_vec()),
        };
        Self::from_parts(shape, fetched_at_ms, Bytes::from(body))
    }

    /// A page from its body (computing the ETag).
    pub fn from_parts(shape: Shape, fetched_at_ms: i64, body: Bytes) -> CachedPage {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(&body);
        let mut etag = [0u8; 16];
        let hex = hex::encode(&digest[..8]);
        etag.copy_from_slice(hex.as_bytes());
        CachedPage {
            shape,
            fetched_at_ms,
            etag,
            body,
        }
    }

    /// The bytes stored in the shared cache: a small header, then the body.
    pub fn encode(&self) -> Bytes {
        let mut out = BytesMut::with_capacity(HEADER_LEN + self.body.len());
        out.put_slice(MAGIC);
        out.put_u8(match self.shape {
            Shape::Page => 0,
            Shape::Raw => 1,
        });
        out.put_i64(self.fetched_at_ms);
        out.put_slice(&self.etag);
        out.put_slice(&self.body);
        out.freeze()
    }

    /// Reads what [`CachedPage::encode`] wrote; `None` for anything else (an old format, a
    /// foreign value), which callers treat as a miss. The body shares `bytes`' buffer.
    pub fn decode(bytes: &Bytes) -> Option<CachedPage> {
        if bytes.len() < HEADER_LEN || &bytes[..4] != MAGIC {
            return None;
        }
        let shape = match bytes[4] {
            0 => Shape::Page,
            1 => Shape::Raw,
            _ => return None,
        };
        let fetched_at_ms = i64::from_be_bytes(bytes[5..13].try_into().ok()?);
        let mut etag = [0u8; 16];
        etag.copy_from_slice(&bytes[13..29]);
        Some(CachedPage {
            shape,
            fetched_at_ms,
            etag,
            body: bytes.slice(HEADER_LEN..),
        })
    }

    /// The page's age at `now_ms`, in whole seconds (never negative).
    pub fn age_secs(&self, now_ms: i64) -> u64 {
        u64::try_from((now_ms - self.fetched_at_ms).max(0) / 1000).unwrap_or(0)
    }

    /// The `ETag` header value. Weak: the products are the same byte for byte, but the `cache`
    /// object (status, age) differs between answers.
    pub fn etag_header(&self) -> String {
        String::from_utf8_lossy(&self.etag_header_bytes()).into_owned()
    }

    /// The `ETag` header value as bytes, `W/"<16 hex digits>"`, without allocating.
    pub fn etag_header_bytes(&self) -> [u8; 20] {
        let mut out = *b"W/\"0123456789abcdef\"";
        out[3..19].copy_from_slice(&self.etag);
        out
    }

    /// The response body: for a page, the cached body (shared, not copied) and the `cache`
    /// object that closes it; for a raw array, the body alone.
    pub fn render(&self, status: CacheStatus, now_ms: i64) -> RenderedBody {
        match self.shape {
            Shape::Raw => RenderedBody {
                head: self.body.clone(),
                tail: Bytes::new(),
            },
            Shape::Page => {
                let mut tail = BytesMut::with_capacity(TAIL_CAPACITY).writer();
                // Writing to a BytesMut cannot fail; the results are only for the io::Write API.
                let _ = tail.write_all(b",\"cache\":{\"status\":\"");
                let _ = tail.write_all(status.as_str().as_bytes());
                let _ = tail.write_all(b"\",\"fetchedAt\":\"");
                write_rfc3339(&mut tail, self.fetched_at_ms);
                let _ = write!(tail, "\",\"ageSeconds\":{}}}}}", self.age_secs(now_ms));
                RenderedBody {
                    head: self.body.clone(),
                    tail: tail.into_inner().freeze(),
                }
            }
        }
    }
}

/// Room for the `cache` object: its fixed text (about 50 bytes), a timestamp (at most 30) and an
/// age (at most 20 digits).
const TAIL_CAPACITY: usize = 112;

/// A response body in two parts, so the cached bytes are never copied: the body as cached, then
/// the `cache` object (empty for a raw array). Together they are one JSON document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenderedBody {
    /// The cached body, sharing the cache's buffer.
    pub head: Bytes,
    /// What follows it: the `cache` object and the closing brace.
    pub tail: Bytes,
}

impl RenderedBody {
    /// The length in bytes of the whole body.
    pub fn len(&self) -> usize {
        self.head.len() + self.tail.len()
    }

    /// Whether the body is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The whole body in one buffer (a copy, unless the tail is empty).
    pub fn to_bytes(&self) -> Bytes {
        if self.tail.is_empty() {
            return self.head.clone();
        }
        let mut out = BytesMut::with_capacity(self.len());
        out.put_slice(&self.head);
        out.put_slice(&self.tail);
        out.freeze()
    }
}

/// Writes [`rfc3339`] of `ms` without an intermediate String.
fn write_rfc3339(out: &mut impl std::io::Write, ms: i64) {
    let nanos = i128::from(ms) * 1_000_000;
    if let Ok(t) = time::OffsetDateTime::from_unix_timestamp_nanos(nanos) {
        let _ = t.format_into(out, &time::format_description::well_known::Rfc3339);
    }
}

/// `2026-11-26T17:04:19.123Z` for a time in ms since the Unix epoch.
pub fn rfc3339(ms: i64) -> String {
    let nanos = i128::from(ms) * 1_000_000;
    time::OffsetDateTime::from_unix_timestamp_nanos(nanos)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

/// Now, in ms since the Unix epoch.
pub fn now_ms() -> i64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(now.as_millis()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::upstream::wire::FlexId;

    fn query() -> SearchQuery {
        SearchQuery::from_params([("cat", "dresses"), ("limit", "2")]).expect("valid")
    }

    fn product(id: u64) -> SsProduct {
        SsProduct {
            id: FlexId::Num(id),
            name: format!("Dress {id}"),
            price: Some(40.0),
            ..SsProduct::default()
        }
    }

    #[test]
    fn encode_decode_round_trip() {
        let p = CachedPage::build(
            Shape::Page,
            &query(),
            7,
            &[product(1)],
            1_700_000_000_000,
            None,
        );
        let back = CachedPage::decode(&p.encode()).expect("decodes");
        assert_eq!(p, back);
        assert!(CachedPage::decode(&Bytes::from_static(b"nonsense")).is_none());
    }

    #[test]
    fn rendered_page_is_the_public_shape() {
        let p = CachedPage::build(
            Shape::Page,
            &query(),
            7,
            &[product(1), product(2)],
            1_000,
            None,
        );
        let body = p.render(CacheStatus::Hit, 61_500);
        assert_eq!(body.head, p.body, "the cached body is answered as it is");
        let v: serde_json::Value = serde_json::from_slice(&body.to_bytes()).expect("valid JSON");
        assert_eq!(v["total"], 7);
        assert_eq!(v["limit"], 2);
        assert_eq!(v["query"]["cat"], "dresses");
        assert_eq!(v["products"][1]["id"], "2");
        assert_eq!(v["cache"]["status"], "hit");
        assert_eq!(v["cache"]["ageSeconds"], 60);
        assert_eq!(v["cache"]["fetchedAt"], "1970-01-01T00:00:01Z");
    }

    #[test]
    fn text_match_is_in_the_page_and_the_query_echo_only_when_known() {
        let partial = CachedPage::build(
            Shape::Page,
            &query(),
            7,
            &[product(1)],
            1_000,
            Some(TextMatch::Partial),
        );
        let v: serde_json::Value =
            serde_json::from_slice(&partial.render(CacheStatus::Miss, 1_000).to_bytes())
                .expect("valid JSON");
        assert_eq!(v["match"], "partial");
        assert_eq!(v["query"]["match"], "partial");
        assert_eq!(v["query"]["cat"], "dresses");
        let unknown = CachedPage::build(Shape::Page, &query(), 7, &[product(1)], 1_000, None);
        let v: serde_json::Value =
            serde_json::from_slice(&unknown.render(CacheStatus::Miss, 1_000).to_bytes())
                .expect("valid JSON");
        assert!(v.get("match").is_none() && v["query"].get("match").is_none());
    }

    #[test]
    fn rendered_tail_is_the_cache_object() {
        let p = CachedPage::build(
            Shape::Page,
            &query(),
            7,
            &[product(1)],
            1_700_000_000_123,
            None,
        );
        let body = p.render(CacheStatus::Stale, 1_700_000_009_999);
        assert_eq!(
            &body.tail[..],
            b",\"cache\":{\"status\":\"stale\",\"fetchedAt\":\"2023-11-14T22:13:20.123Z\",\"ageSeconds\":9}}"
        );
        assert_eq!(body.len(), p.body.len() + body.tail.len());
        assert_eq!(rfc3339(1_700_000_000_123), "2023-11-14T22:13:20.123Z");
        assert_eq!(p.etag_header().as_bytes(), &p.etag_header_bytes());
        assert!(p.etag_header().starts_with("W/\"") && p.etag_header().ends_with('"'));
    }

    #[test]
    fn raw_shape_is_an_array_of_raw_products() {
        let p = CachedPage::build(Shape::Raw, &query(), 7, &[product(1)], 1_000, None);
        let v: serde_json::Value =
            serde_json::from_slice(&p.render(CacheStatus::Miss, 1_000).to_bytes())
                .expect("valid JSON");
        assert_eq!(v[0]["id"], 1);
        assert_ne!(
            Shape::Raw.key(&query(), "sss:"),
            Shape::Page.key(&query(), "sss:")
        );
    }
}
