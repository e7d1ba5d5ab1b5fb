//! A cached page: the serialised response body and when it was fetched.
//!
//! The cache holds bytes, not structures: a hit copies the body and appends the small `cache`
//! object (status, fetchedAt, age), so JSON is encoded once per upstream fetch, never per hit.

use std::fmt;

use bytes::{BufMut, Bytes, BytesMut};
use serde::{Deserialize, Serialize};

use crate::domain::{Product, SearchQuery};
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
    query: &'a SearchQuery,
    total: u64,
    offset: u32,
    limit: u32,
    products: Vec<Product>,
}

impl CachedPage {
    /// A page built from an upstream answer.
    pub fn build(
        shape: Shape,
        query: &SearchQuery,
        total: u64,
        products: &[SsProduct],
        fetched_at_ms: i64,
    ) -> CachedPage {
        let body = match shape {
            Shape::Page => {
                let head = PageHead {
                    query,
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
        format!("W/\"{}\"", String::from_utf8_lossy(&self.etag))
    }

    /// The response body: for a page, the body plus the `cache` object; for a raw array, the
    /// body itself (no copy).
    pub fn render(&self, status: CacheStatus, now_ms: i64) -> Bytes {
        match self.shape {
            Shape::Raw => self.body.clone(),
            Shape::Page => {
                let fetched = rfc3339(self.fetched_at_ms);
                let tail = format!(
                    ",\"cache\":{{\"status\":\"{}\",\"fetchedAt\":\"{fetched}\",\"ageSeconds\":{}}}}}",
                    status.as_str(),
                    self.age_secs(now_ms)
                );
                let mut out = BytesMut::with_capacity(self.body.len() + tail.len());
                out.put_slice(&self.body);
                out.put_slice(tail.as_bytes());
                out.freeze()
            }
        }
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
        let p = CachedPage::build(Shape::Page, &query(), 7, &[product(1)], 1_700_000_000_000);
        let back = CachedPage::decode(&p.encode()).expect("decodes");
        assert_eq!(p, back);
        assert!(CachedPage::decode(&Bytes::from_static(b"nonsense")).is_none());
    }

    #[test]
    fn rendered_page_is_the_public_shape() {
        let p = CachedPage::build(Shape::Page, &query(), 7, &[product(1), product(2)], 1_000);
        let body = p.render(CacheStatus::Hit, 61_500);
        let v: serde_json::Value = serde_json::from_slice(&body).expect("valid JSON");
        assert_eq!(v["total"], 7);
        assert_eq!(v["limit"], 2);
        assert_eq!(v["query"]["cat"], "dresses");
        assert_eq!(v["products"][1]["id"], "2");
        assert_eq!(v["cache"]["status"], "hit");
        assert_eq!(v["cache"]["ageSeconds"], 60);
        assert_eq!(v["cache"]["fetchedAt"], "1970-01-01T00:00:01Z");
    }

    #[test]
    fn raw_shape_is_an_array_of_raw_products() {
        let p = CachedPage::build(Shape::Raw, &query(), 7, &[product(1)], 1_000);
        let v: serde_json::Value =
            serde_json::from_slice(&p.render(CacheStatus::Miss, 1_000)).expect("valid JSON");
        assert_eq!(v[0]["id"], 1);
        assert_ne!(
            Shape::Raw.key(&query(), "sss:"),
            Shape::Page.key(&query(), "sss:")
        );
    }
}
