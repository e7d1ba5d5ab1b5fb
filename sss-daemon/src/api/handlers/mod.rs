//! Request handlers, one file per resource.

pub mod categories;
pub mod facets;
pub mod health;
pub mod items;
pub mod products;

use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http_body::{Frame, SizeHint};
use sss_core::service::{Answer, Encoding, RenderedBody, now_ms};

use super::encoding;
use crate::reply::HttpError;
use crate::reply::json_response;

/// The response for a cached page in the encoding the client accepts (gzip, else identity):
/// 200 with the body and cache headers, or 304 when the client's `If-None-Match` names that
/// representation's ETag. `fresh_ttl` is how long such a page is fresh (lists live longer).
pub fn page_response(answer: &Answer, request: &HeaderMap, fresh_ttl: Duration) -> Response {
    let now = now_ms();
    let age = answer.page.age_secs(now);
    let encoding = encoding::negotiate(request);
    let etag = answer.page.etag_header_bytes(encoding);
    let remaining = fresh_ttl.as_secs().saturating_sub(age);
    let mut resp = if etag_matches(
        request,
        std::str::from_utf8(etag.as_ref()).unwrap_or_default(),
    ) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let Some(body) = answer.page.render(answer.status, now, encoding) else {
            tracing::error!("a cached page does not inflate; answering 503");
            return HttpError::Unavailable("a cached page is damaged; try again shortly")
                .into_response();
        };
        let mut r = Response::new(Body::new(PageBody::new(body)));
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        if encoding == Encoding::Gzip {
            r.headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        r
    };
    let h = resp.headers_mut();
    h.insert("x-cache", HeaderValue::from_static(answer.status.header()));
    h.insert(header::AGE, HeaderValue::from(age));
    h.insert(header::CACHE_CONTROL, cache_control(remaining));
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Ok(v) = HeaderValue::from_bytes(etag.as_ref()) {
        h.insert(header::ETAG, v);
    }
    resp
}

/// An already serialised JSON body kept in two forms (identity and a complete gzip member), in
/// the one the client accepts, with that form's ETag (`etags`: identity, gzip) and 304 on a match.
pub fn negotiated_json(
    request: &HeaderMap,
    identity: &Bytes,
    gzip: &Bytes,
    etags: [&str; 2],
    cache_control: &'static str,
) -> Response {
    let encoding = encoding::negotiate(request);
    let etag = match encoding {
        Encoding::Identity => etags[0],
        Encoding::Gzip => etags[1],
    };
    let mut resp = if etag_matches(request, etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let body = match encoding {
            Encoding::Identity => identity.clone(),
            Encoding::Gzip => gzip.clone(),
        };
        let mut r = json_response(body, cache_control);
        if encoding == Encoding::Gzip {
            r.headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        r
    };
    let h = resp.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Ok(v) = HeaderValue::from_str(etag) {
        h.insert(header::ETAG, v);
    }
    resp
}

/// `public, max-age=<secs>`, formatted without a String.
fn cache_control(secs: u64) -> HeaderValue {
    const PREFIX: &[u8] = b"public, max-age=";
    let mut buf = [0u8; PREFIX.len() + 20];
    buf[..PREFIX.len()].copy_from_slice(PREFIX);
    let mut digits = [0u8; 20];
    let mut n = secs;
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let len = PREFIX.len() + digits.len() - i;
    buf[PREFIX.len()..len].copy_from_slice(&digits[i..]);
    HeaderValue::from_bytes(&buf[..len]).unwrap_or(HeaderValue::from_static("no-cache"))
}

/// A page's body as two shared chunks (the cached body, then the `cache` object) with its exact
/// length, so hyper sets Content-Length and writes both without copying either.
#[derive(Debug)]
struct PageBody {
    head: Option<Bytes>,
    tail: Option<Bytes>,
}

impl PageBody {
    fn new(body: RenderedBody) -> Self {
        let some = |b: Bytes| (!b.is_empty()).then_some(b);
        Self {
            head: some(body.head),
            tail: some(body.tail),
        }
    }
}

impl http_body::Body for PageBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let this = &mut *self;
        let next = this.head.take().or_else(|| this.tail.take());
        Poll::Ready(next.map(|b| Ok(Frame::data(b))))
    }

    fn is_end_stream(&self) -> bool {
        self.head.is_none() && self.tail.is_none()
    }

    fn size_hint(&self) -> SizeHint {
        let len = |b: &Option<Bytes>| b.as_ref().map_or(0, Bytes::len);
        SizeHint::with_exact((len(&self.head) + len(&self.tail)) as u64)
    }
}

/// Whether the request's `If-None-Match` names `etag` (weak comparison, as for GET).
pub fn etag_matches(request: &HeaderMap, etag: &str) -> bool {
    let Some(value) = request.get(header::IF_NONE_MATCH) else {
        return false;
    };
    fn opaque(t: &str) -> &str {
        t.trim().trim_start_matches("W/")
    }
    let ours = opaque(etag);
    value
        .to_str()
        .is_ok_and(|v| v.split(',').any(|t| t.trim() == "*" || opaque(t) == ours))
}
