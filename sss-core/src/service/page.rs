//! A cached page: the serialised response body, compressed once, and when it was fetched.
//!
//! The cache holds bytes, not structures: a hit answers the cached body as it is (shared, not
//! copied) followed by the small `cache` object (status, fetchedAt, age), so JSON is encoded and
//! compressed once per upstream fetch, never per hit. The body is kept as an open gzip member
//! ([`OpenGzip`]): a client that accepts gzip gets those bytes plus about 120 closing bytes; a
//! client that accepts no compression gets the JSON itself, inflated once per page and then kept
//! beside the compressed copy in L1 (see `docs/PERFORMANCE.md`, "Compressed pages").

use std::fmt;
use std::io::Write as _;
use std::sync::OnceLock;

use bytes::{BufMut, Bytes, BytesMut};
use serde::{Deserialize, Serialize};

use super::gzip::{self, OpenGzip};
use crate::domain::{FacetSet, ListKind, Product, SearchQuery, TextMatch};
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
    /// The facet counts of a search (`/api/v1/facets`: `{"query", "total", "facets"}`), for
    /// these facets; stored open like a page. The query's page fields do not matter.
    Facets(FacetSet),
    /// A list of named values (`/api/v1/brands` and its kin: `{"query", "total", "values"}`),
    /// stored open like a page. The query's `fts` is the name prefix asked for (`q=`), `None`
    /// for the whole list; nothing else of it matters.
    List(ListKind),
    /// Suggestions for a partial query (`/api/v1/suggest`: `{"query", "suggestions"}`), stored
    /// open like a page. The query's `fts` is the prefix typed and its `limit` how many are
    /// asked for; nothing else of it matters.
    Suggest,
}

impl Shape {
    /// The cache key of `query` in this shape.
    pub fn key(self, query: &SearchQuery, prefix: &str) -> String {
        match self {
            Shape::Page => query.cache_key(prefix),
            Shape::Raw => format!("{}:raw", query.cache_key(prefix)),
            Shape::Facets(set) => format!(
                "{}:facets:{:02x}",
                query.facet_base().cache_key(prefix),
                set.bits()
            ),
            Shape::List(kind) => {
                let named = SearchQuery {
                    fts: query.fts.clone(),
                    ..SearchQuery::default()
                };
                format!("{}:list:{}", named.cache_key(prefix), kind.as_str())
            }
            Shape::Suggest => {
                let typed = SearchQuery {
                    fts: query.fts.clone(),
                    limit: query.limit,
                    ..SearchQuery::default()
                };
                format!("{}:suggest", typed.cache_key(prefix))
            }
        }
    }

    /// Whether the stored body is a JSON array (the raw shape) rather than an object left open
    /// for the `cache` object.
    fn is_array(self) -> bool {
        self == Shape::Raw
    }
}

pub use crate::domain::CacheStatus;

/// How a body is encoded on the wire (`Content-Encoding`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// The JSON itself.
    Identity,
    /// gzip (RFC 1952).
    Gzip,
}

impl Encoding {
    /// The `Content-Encoding` token (`identity`, `gzip`).
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Identity => "identity",
            Encoding::Gzip => "gzip",
        }
    }
}

/// The value format written by earlier versions: the identity body after a 29-byte header. Still
/// read, so that during a rolling upgrade a new api answers pages an old poller wrote.
const MAGIC_V1: &[u8; 4] = b"SSS1";
const HEADER_LEN_V1: usize = 4 + 1 + 8 + 16;
/// The current value format: the body as an open gzip member after a 37-byte header (magic,
/// shape, fetchedAt, ETag, CRC-32 and length of the uncompressed body). An earlier version
/// reads it as a foreign value, that is as a miss, and fills the key again: never an error.
const MAGIC_V2: &[u8; 4] = b"SSS2";
const HEADER_LEN_V2: usize = HEADER_LEN_V1 + 4 + 4;

/// A serialised page and its metadata.
#[derive(Clone)]
pub struct CachedPage {
    /// The body's form.
    pub shape: Shape,
    /// When the upstream answered (ms since the Unix epoch).
    pub fetched_at_ms: i64,
    /// A validator of the uncompressed body (16 hex digits of its SHA-256).
    pub etag: [u8; 16],
    /// The body (a page object without its closing brace, or a raw array), compressed.
    gzip: OpenGzip,
    /// The body uncompressed: set when the page was built here, else inflated on first use.
    identity: OnceLock<Bytes>,
}

impl PartialEq for CachedPage {
    fn eq(&self, other: &Self) -> bool {
        self.shape == other.shape
            && self.fetched_at_ms == other.fetched_at_ms
            && self.etag == other.etag
            && self.gzip == other.gzip
    }
}

impl Eq for CachedPage {}

impl fmt::Debug for CachedPage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CachedPage")
            .field("shape", &self.shape)
            .field("fetched_at_ms", &self.fetched_at_ms)
            .field("etag", &String::from_utf8_lossy(&self.etag))
            .field("body_len", &self.gzip.len())
            .field("gzip_len", &self.gzip.bytes().len())
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
    /// The text as the upstream understood it, when it corrected a typo.
    #[serde(skip_serializing_if = "Option::is_none")]
    corrected: Option<&'a str>,
    total: u64,
    offset: u32,
    limit: u32,
    products: Vec<Product>,
}

/// The query echoed in a page, with the `match` of its text and its correction when known.
#[derive(Serialize)]
struct QueryEcho<'a> {
    #[serde(flatten)]
    query: &'a SearchQuery,
    #[serde(rename = "match", skip_serializing_if = "Option::is_none")]
    matched: Option<TextMatch>,
    #[serde(skip_serializing_if = "Option::is_none")]
    corrected: Option<&'a str>,
}

impl CachedPage {
    /// A page built from an upstream answer; `matched` is how its text matched and
    /// `corrected` the text as understood after a typo correction, when the upstream said.
    pub fn build(
        shape: Shape,
        query: &SearchQuery,
        total: u64,
        products: &[SsProduct],
        fetched_at_ms: i64,
        matched: Option<TextMatch>,
        corrected: Option<&str>,
    ) -> CachedPage {
        let body = match shape {
            Shape::Page => {
                let head = PageHead {
                    query: QueryEcho {
                        query,
                        matched,
                        corrected,
                    },
                    matched,
                    corrected,
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
            // Not built from products (`service::facets` writes them).
            Shape::Facets(_) | Shape::List(_) | Shape::Suggest => b"{".to_vec(),
        };
        Self::from_parts(shape, fetched_at_ms, Bytes::from(body))
    }

    /// A page from its uncompressed body: computes the ETag and compresses the body once.
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
            gzip: OpenGzip::compress(&body, gzip::LEVEL),
            identity: OnceLock::from(body),
        }
    }

    /// The bytes stored in the shared cache: a small header, then the compressed body.
    pub fn encode(&self) -> Bytes {
        let (gz, crc, len) = self.gzip.parts();
        let mut out = BytesMut::with_capacity(HEADER_LEN_V2 + gz.len());
        out.put_slice(MAGIC_V2);
        // Facets and lists are framed as pages: an object left open for the `cache` object.
        out.put_u8(if self.shape.is_array() { 1 } else { 0 });
        out.put_i64(self.fetched_at_ms);
        out.put_slice(&self.etag);
        out.put_u32(crc);
        out.put_u32(len);
        out.put_slice(gz);
        out.freeze()
    }

    /// Reads what [`CachedPage::encode`] wrote, or the earlier uncompressed format (compressing
    /// it here); `None` for anything else (a foreign value), which callers treat as a miss. The
    /// compressed body shares `bytes`' buffer.
    pub fn decode(bytes: &Bytes) -> Option<CachedPage> {
        if bytes.len() < HEADER_LEN_V1 {
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
        match &bytes[..4] {
            m if m == MAGIC_V2 && bytes.len() > HEADER_LEN_V2 => {
                let crc = u32::from_be_bytes(bytes[29..33].try_into().ok()?);
                let len = u32::from_be_bytes(bytes[33..37].try_into().ok()?);
                let gzip = OpenGzip::from_parts(bytes.slice(HEADER_LEN_V2..), crc, len)?;
                Some(CachedPage {
                    shape,
                    fetched_at_ms,
                    etag,
                    gzip,
                    identity: OnceLock::new(),
                })
            }
            m if m == MAGIC_V1 => {
                let page = Self::from_parts(shape, fetched_at_ms, bytes.slice(HEADER_LEN_V1..));
                Some(CachedPage { etag, ..page })
            }
            _ => None,
        }
    }

    /// The compressed body.
    pub fn gzip(&self) -> &OpenGzip {
        &self.gzip
    }

    /// The uncompressed body (shared): built here, or inflated once and kept; `None` when the
    /// compressed bytes are damaged.
    pub fn identity(&self) -> Option<&Bytes> {
        if let Some(body) = self.identity.get() {
            return Some(body);
        }
        let body = self.gzip.inflate()?;
        Some(self.identity.get_or_init(|| body))
    }

    /// The bytes this page may hold in memory: the compressed body and, once inflated, the
    /// uncompressed one. For weighing caches that keep both.
    pub fn weight(&self) -> usize {
        self.gzip.bytes().len() + self.gzip.len()
    }

    /// The page's age at `now_ms`, in whole seconds (never negative).
    pub fn age_secs(&self, now_ms: i64) -> u64 {
        u64::try_from((now_ms - self.fetched_at_ms).max(0) / 1000).unwrap_or(0)
    }

    /// The `ETag` header value of the identity representation.
    pub fn etag_header(&self) -> String {
        String::from_utf8_lossy(self.etag_header_bytes(Encoding::Identity).as_ref()).into_owned()
    }

    /// The `ETag` header value of one representation, without allocating: `W/"<16 hex>"` for
    /// identity, `W/"<16 hex>-gz"` for gzip (each representation has its own validator). Weak:
    /// the products are the same byte for byte, but the `cache` object (status, age) differs
    /// between answers.
    pub fn etag_header_bytes(&self, encoding: Encoding) -> EtagHeader {
        let mut buf = *b"W/\"0123456789abcdef-gz\"";
        buf[3..19].copy_from_slice(&self.etag);
        let len = match encoding {
            Encoding::Identity => {
                buf[19] = b'"';
                20
            }
            Encoding::Gzip => 23,
        };
        EtagHeader { buf, len }
    }

    /// The response body in `encoding`: for a page, the cached body (shared, not copied) and
    /// the `cache` object that closes it; for a raw array, the body alone. `None` when the
    /// identity body is asked for and the compressed bytes are damaged.
    pub fn render(
        &self,
        status: CacheStatus,
        now_ms: i64,
        encoding: Encoding,
    ) -> Option<RenderedBody> {
        let tail = match self.shape {
            Shape::Raw => Bytes::new(),
            Shape::Page | Shape::Facets(_) | Shape::List(_) | Shape::Suggest => {
                let mut tail = BytesMut::with_capacity(TAIL_CAPACITY).writer();
                // Writing to a BytesMut cannot fail; the results are only for the io::Write API.
                let _ = tail.write_all(b",\"cache\":{\"status\":\"");
                let _ = tail.write_all(status.as_str().as_bytes());
                let _ = tail.write_all(b"\",\"fetchedAt\":\"");
                write_rfc3339(&mut tail, self.fetched_at_ms);
                let _ = write!(tail, "\",\"ageSeconds\":{}}}}}", self.age_secs(now_ms));
                tail.into_inner().freeze()
            }
        };
        Some(match encoding {
            Encoding::Identity => RenderedBody {
                head: self.identity()?.clone(),
                tail,
            },
            Encoding::Gzip => RenderedBody {
                head: self.gzip.bytes().clone(),
                tail: self.gzip.finish(&tail),
            },
        })
    }
}

/// An `ETag` header value in a fixed buffer ([`CachedPage::etag_header_bytes`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EtagHeader {
    buf: [u8; 23],
    len: usize,
}

impl AsRef<[u8]> for EtagHeader {
    fn as_ref(&self) -> &[u8] {
        &self.buf[..self.len]
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

    /// A `cat=dresses` page of `products` (ids) fetched at `fetched_at_ms`, no text match.
    fn page_of(ids: &[u64], fetched_at_ms: i64) -> CachedPage {
        let products: Vec<SsProduct> = ids.iter().copied().map(product).collect();
        CachedPage::build(
            Shape::Page,
            &query(),
            7,
            &products,
            fetched_at_ms,
            None,
            None,
        )
    }

    fn product(id: u64) -> SsProduct {
        SsProduct {
            id: FlexId::Num(id),
            name: format!("Dress {id}"),
            price: Some(40.0),
            ..SsProduct::default()
        }
    }

    fn gunzip(body: &[u8]) -> Vec<u8> {
        gzip::decompress_whole(body).expect("valid gzip")
    }

    #[test]
    fn encode_decode_round_trip() {
        let p = page_of(&[1], 1_700_000_000_000);
        let encoded = p.encode();
        assert_eq!(&encoded[..4], b"SSS2");
        let back = CachedPage::decode(&encoded).expect("decodes");
        assert_eq!(p, back);
        assert_eq!(back.identity(), p.identity(), "inflates to the same body");
        assert!(CachedPage::decode(&Bytes::from_static(b"nonsense")).is_none());
        let mut foreign = encoded.to_vec();
        foreign[..4].copy_from_slice(b"SSS9");
        assert!(CachedPage::decode(&Bytes::from(foreign)).is_none());
    }

    #[test]
    fn the_stored_value_is_compressed() {
        let products: Vec<SsProduct> = (1..=50).map(product).collect();
        let q = SearchQuery::from_params([("cat", "dresses"), ("limit", "50")]).expect("valid");
        let p = CachedPage::build(Shape::Page, &q, 500, &products, 1_000, None, None);
        let body_len = p.identity().expect("built here").len();
        assert!(
            p.encode().len() * 4 < body_len,
            "{} bytes stored for a {body_len}-byte body",
            p.encode().len()
        );
    }

    #[test]
    fn an_earlier_uncompressed_value_is_still_read() {
        let p = page_of(&[1], 1_700_000_000_000);
        let body = p.identity().expect("built here").clone();
        // The format earlier versions wrote: SSS1, shape, fetchedAt, ETag, identity body.
        let mut v1 = b"SSS1".to_vec();
        v1.push(0);
        v1.extend_from_slice(&1_700_000_000_000i64.to_be_bytes());
        v1.extend_from_slice(&p.etag);
        v1.extend_from_slice(&body);
        let back = CachedPage::decode(&Bytes::from(v1)).expect("decodes");
        assert_eq!(back, p);
        let gz = back
            .render(CacheStatus::Hit, 1_700_000_000_000, Encoding::Gzip)
            .expect("renders");
        let id = back
            .render(CacheStatus::Hit, 1_700_000_000_000, Encoding::Identity)
            .expect("renders");
        assert_eq!(gunzip(&gz.to_bytes()), id.to_bytes());
    }

    #[test]
    fn gzip_and_identity_answers_are_the_same_json() {
        let p = page_of(&[1, 2], 1_000);
        let decoded = CachedPage::decode(&p.encode()).expect("decodes");
        for page in [&p, &decoded] {
            let gz = page
                .render(CacheStatus::Stale, 9_000, Encoding::Gzip)
                .expect("renders");
            let id = page
                .render(CacheStatus::Stale, 9_000, Encoding::Identity)
                .expect("renders");
            assert_eq!(&gz.head, p.gzip().bytes(), "the compressed body is shared");
            assert_eq!(gunzip(&gz.to_bytes()), id.to_bytes());
        }
    }

    #[test]
    fn each_representation_has_its_own_etag() {
        let p = page_of(&[1], 1_000);
        let id = p.etag_header_bytes(Encoding::Identity);
        let gz = p.etag_header_bytes(Encoding::Gzip);
        let hex = std::str::from_utf8(&p.etag).expect("hex");
        assert_eq!(id.as_ref(), format!("W/\"{hex}\"").as_bytes());
        assert_eq!(gz.as_ref(), format!("W/\"{hex}-gz\"").as_bytes());
        assert_eq!(p.etag_header().as_bytes(), id.as_ref());
    }

    #[test]
    fn rendered_page_is_the_public_shape() {
        let p = page_of(&[1, 2], 1_000);
        let body = p
            .render(CacheStatus::Hit, 61_500, Encoding::Identity)
            .expect("renders");
        assert_eq!(
            Some(&body.head),
            p.identity(),
            "the cached body is answered as it is"
        );
        let v: serde_json::Value = serde_json::from_slice(&body.to_bytes()).expect("valid JSON");
        assert_eq!(v["total"], 7);
        assert_eq!(v["limit"], 2);
        assert_eq!(v["query"]["cat"], "dresses");
        assert_eq!(v["products"][1]["id"], "2");
        assert_eq!(v["cache"]["status"], "hit");
        assert_eq!(v["cache"]["ageSeconds"], 60);
        assert_eq!(v["cache"]["fetchedAt"], "1970-01-01T00:00:01Z");
    }

    /// The bytes this module writes by hand, in both encodings and with and without a text
    /// match, parse into the API's one page type (`api::SearchPage`), field for field.
    #[test]
    fn written_bytes_are_the_api_page_type() {
        let products: Vec<SsProduct> = [3, 4].map(product).to_vec();
        let fts = SearchQuery::from_params([("fts", "red dress")]).expect("valid");
        for (q, matched) in [(query(), None), (fts, Some(TextMatch::Partial))] {
            let p = CachedPage::build(Shape::Page, &q, 9, &products, 1_000, matched, None);
            for encoding in [Encoding::Identity, Encoding::Gzip] {
                let body = p
                    .render(CacheStatus::Stale, 3_000, encoding)
                    .expect("renders")
                    .to_bytes();
                let json = match encoding {
                    Encoding::Identity => body.to_vec(),
                    Encoding::Gzip => gunzip(&body),
                };
                let page: crate::api::SearchPage =
                    serde_json::from_slice(&json).expect("the API's page type");
                assert_eq!(page.query, q, "the echo's extra `match` is the page's");
                assert_eq!(page.matched, matched);
                assert_eq!((page.total, page.offset, page.limit), (9, 0, q.limit));
                let ids: Vec<&str> = page.products.iter().map(|p| p.id.as_str()).collect();
                assert_eq!(ids, ["3", "4"]);
                assert_eq!(page.products[0].name, "Dress 3");
                assert_eq!(page.cache.status, CacheStatus::Stale);
                assert_eq!(page.cache.age_seconds, 2);
                assert_eq!(page.cache.fetched_at, "1970-01-01T00:00:01Z");
            }
        }
    }

    fn identity_json(page: &CachedPage) -> Bytes {
        page.render(CacheStatus::Miss, 1_000, Encoding::Identity)
            .expect("renders")
            .to_bytes()
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
            None,
        );
        let v: serde_json::Value =
            serde_json::from_slice(&identity_json(&partial)).expect("valid JSON");
        assert_eq!(v["match"], "partial");
        assert_eq!(v["query"]["match"], "partial");
        assert_eq!(v["query"]["cat"], "dresses");
        assert!(v.get("corrected").is_none() && v["query"].get("corrected").is_none());
        let unknown = page_of(&[1], 1_000);
        let v: serde_json::Value =
            serde_json::from_slice(&identity_json(&unknown)).expect("valid JSON");
        assert!(v.get("match").is_none() && v["query"].get("match").is_none());
    }

    #[test]
    fn a_correction_is_in_the_page_and_the_query_echo() {
        let fixed = CachedPage::build(
            Shape::Page,
            &query(),
            7,
            &[product(1)],
            1_000,
            Some(TextMatch::All),
            Some("sneakers"),
        );
        let json = identity_json(&fixed);
        let v: serde_json::Value = serde_json::from_slice(&json).expect("valid JSON");
        assert_eq!(v["corrected"], "sneakers");
        assert_eq!(v["query"]["corrected"], "sneakers");
        assert_eq!(v["match"], "all");
        let page: crate::api::SearchPage = serde_json::from_slice(&json).expect("a SearchPage");
        assert_eq!(page.corrected.as_deref(), Some("sneakers"));
    }

    #[test]
    fn rendered_tail_is_the_cache_object() {
        let p = page_of(&[1], 1_700_000_000_123);
        let body = p
            .render(CacheStatus::Stale, 1_700_000_009_999, Encoding::Identity)
            .expect("renders");
        assert_eq!(
            &body.tail[..],
            b",\"cache\":{\"status\":\"stale\",\"fetchedAt\":\"2023-11-14T22:13:20.123Z\",\"ageSeconds\":9}}"
        );
        assert_eq!(body.len(), body.head.len() + body.tail.len());
        assert_eq!(rfc3339(1_700_000_000_123), "2023-11-14T22:13:20.123Z");
        assert!(p.etag_header().starts_with("W/\"") && p.etag_header().ends_with('"'));
    }

    #[test]
    fn raw_shape_is_an_array_of_raw_products() {
        let p = CachedPage::build(Shape::Raw, &query(), 7, &[product(1)], 1_000, None, None);
        for encoding in [Encoding::Identity, Encoding::Gzip] {
            let body = p
                .render(CacheStatus::Miss, 1_000, encoding)
                .expect("renders")
                .to_bytes();
            let json = match encoding {
                Encoding::Gzip => gunzip(&body),
                Encoding::Identity => body.to_vec(),
            };
            let v: serde_json::Value = serde_json::from_slice(&json).expect("valid JSON");
            assert_eq!(v[0]["id"], 1);
        }
        assert_ne!(
            Shape::Raw.key(&query(), "sss:"),
            Shape::Page.key(&query(), "sss:")
        );
    }
}
