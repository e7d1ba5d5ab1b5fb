//! The web page of the embedded default, served from memory with the security headers nginx adds
//! in the stack. Its files are those of `web/`, built into the binary (`build.rs`), so the daemon
//! serves its page from any folder and after `cargo install`; `--web-dir` reads a folder instead,
//! once at start-up (for working on the page: a change shows after a restart). Either way they are
//! gzipped once at start-up.
//!
//! - Scripts, styles and pictures also answer under a versioned path, `/s/<version>/<file>`,
//!   where the version is a hash of every file of the folder. Those answers are cached for a year
//!   as immutable: a change to any file changes the version, so every URL with it.
//! - `index.html` (at `/`) names its files by that versioned path (rewritten here, so the folder
//!   itself needs no build step and nginx serves it unchanged) and is revalidated on every load
//!   (`no-cache` and an ETag). Relative imports and `url()`s stay inside the version.
//! - The plain paths (`/css/app.css`) still answer, cached for five minutes as nginx does.
//! - A client that accepts gzip gets the precompressed copy (`Content-Encoding: gzip`); every
//!   answer that has one says `Vary: Accept-Encoding`, and each encoding has its own ETag.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use sha2::{Digest, Sha256};
use sss_core::service::{Encoding, gzip};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::reply::HttpError;

/// The prefix of versioned paths: `/s/<version>/<file>`.
const VERSIONED: &str = "/s/";
/// Cache-Control of a versioned file of the current version.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Cache-Control of a plain path (nginx: `expires 5m`).
const SHORT: &str = "public, max-age=300";
/// Cache-Control of the page itself and of a file asked for under another version.
const REVALIDATE: &str = "no-cache";
/// Files above this size are left out (the folder holds a small static page; `build.rs` too).
const MAX_FILE_BYTES: u64 = 8 << 20;
/// How deep the folder is walked (`build.rs` too).
const MAX_DEPTH: usize = 8;

/// The security headers of every answer, the same as nginx adds (`nginx/nginx.conf`).
pub const SECURITY_HEADERS: [(&str, &str); 4] = [
    (
        "content-security-policy",
        "default-src 'self'; img-src 'self' https: http: data:; style-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'",
    ),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "strict-origin-when-cross-origin"),
    ("x-frame-options", "DENY"),
];

/// `router` with [`SECURITY_HEADERS`] on every answer that does not set them itself.
pub fn with_security_headers(mut router: Router) -> Router {
    for (name, value) in SECURITY_HEADERS {
        router = router.layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        ));
    }
    router
}

/// One file, as sent.
#[derive(Debug)]
struct File {
    content_type: HeaderValue,
    plain: Bytes,
    plain_etag: HeaderValue,
    /// The gzipped copy and its ETag, when the type compresses and the copy is smaller.
    gzip: Option<(Bytes, HeaderValue)>,
}

/// The folder, read once.
#[derive(Debug)]
struct Site {
    /// By path without the leading `/` (`css/app.css`); `index.html` is the rewritten page.
    files: HashMap<String, File>,
    version: String,
}

/// The files built into the binary (`build.rs` writes them from `web/`).
mod embedded {
    include!(concat!(env!("OUT_DIR"), "/web_files.rs"));
}

/// The router of the web page: a fallback for every path the api does not answer. The page
/// built into the binary, or the files of `dir` (`--web-dir`) when given.
pub fn router(dir: Option<&Path>) -> Router {
    let (site, from) = match dir {
        Some(dir) => (Site::load(dir), dir.display().to_string()),
        None => (Site::embedded(), "built in".to_owned()),
    };
    tracing::info!(
        from = %from,
        files = site.files.len(),
        version = %site.version,
        "web page loaded"
    );
    Router::new().fallback(serve).with_state(Arc::new(site))
}

impl Site {
    /// The files of the folder `dir`.
    fn load(dir: &Path) -> Site {
        let mut raw = Vec::new();
        walk(dir, "", 0, &mut raw);
        if !raw.iter().any(|(path, _)| path == "index.html") {
            tracing::warn!(dir = %dir.display(), "no index.html in the web folder (--web-dir); / will answer 404");
        }
        Site::new(raw)
    }

    /// The files built into the binary.
    fn embedded() -> Site {
        let raw: Vec<(String, Vec<u8>)> = embedded::FILES
            .iter()
            .map(|(path, bytes)| ((*path).to_owned(), bytes.to_vec()))
            .collect();
        if !raw.iter().any(|(path, _)| path == "index.html") {
            tracing::warn!(
                "this binary was built without its web page (no web/ folder at build time); / will answer 404 unless --web-dir names one"
            );
        }
        Site::new(raw)
    }

    /// The site of `raw`, (path, bytes) in any order: versioned, the page rewritten, compressed.
    fn new(mut raw: Vec<(String, Vec<u8>)>) -> Site {
        raw.sort_by(|a, b| a.0.cmp(&b.0));
        let mut hash = Sha256::new();
        for (path, bytes) in &raw {
            hash.update(path.as_bytes());
            hash.update([0]);
            hash.update((bytes.len() as u64).to_le_bytes());
            hash.update(bytes);
        }
        let version = hex::encode(&hash.finalize()[..6]);
        let assets: Vec<String> = raw
            .iter()
            .map(|(path, _)| path.clone())
            .filter(|path| path != "index.html")
            .collect();
        let files = raw
            .into_iter()
            .map(|(path, bytes)| {
                let bytes = if path == "index.html" {
                    versioned_page(&bytes, &assets, &version)
                } else {
                    bytes
                };
                let file = File::new(&path, bytes);
                (path, file)
            })
            .collect();
        Site { files, version }
    }
}

/// Reads every file under `dir` into `out` as (path relative to the folder, bytes); dot files
/// and unreadable or oversized files are left out, with a warning for the last two.
fn walk(dir: &Path, prefix: &str, depth: usize, out: &mut Vec<(String, Vec<u8>)>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            tracing::warn!(dir = %dir.display(), error = %e, "cannot read the web folder (--web-dir)");
            return;
        }
    };
    for entry in entries.flatten() {
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let rel = format!("{prefix}{name}");
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            if depth < MAX_DEPTH {
                walk(&path, &format!("{rel}/"), depth + 1, out);
            }
        } else if meta.len() > MAX_FILE_BYTES {
            tracing::warn!(file = %path.display(), bytes = meta.len(), "web file too large; left out");
        } else {
            match std::fs::read(&path) {
                Ok(bytes) => out.push((rel, bytes)),
                Err(e) => {
                    tracing::warn!(file = %path.display(), error = %e, "cannot read web file")
                }
            }
        }
    }
}

/// The page with every `href="/<file>"` and `src="/<file>"` of a file in the folder pointed at
/// `/s/<version>/<file>`.
fn versioned_page(page: &[u8], assets: &[String], version: &str) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(page) else {
        return page.to_vec();
    };
    let mut text = text.to_owned();
    for asset in assets {
        for attr in ["href", "src"] {
            text = text.replace(
                &format!("{attr}=\"/{asset}\""),
                &format!("{attr}=\"{VERSIONED}{version}/{asset}\""),
            );
        }
    }
    text.into_bytes()
}

impl File {
    fn new(path: &str, plain: Vec<u8>) -> File {
        let (content_type, compressible) = content_type(path);
        let tag = hex::encode(&Sha256::digest(&plain)[..8]);
        let etag = |suffix: &str| {
            HeaderValue::from_str(&format!("\"{tag}{suffix}\""))
                .unwrap_or(HeaderValue::from_static("\"\""))
        };
        let gzip = compressible
            .then(|| gzip::compress_whole(&plain, 9))
            .filter(|packed| packed.len() < plain.len())
            .map(|packed| (Bytes::from(packed), etag("-gzip")));
        File {
            content_type: HeaderValue::from_static(content_type),
            plain_etag: etag(""),
            plain: Bytes::from(plain),
            gzip,
        }
    }
}

/// The Content-Type of a file and whether it is worth compressing.
fn content_type(path: &str) -> (&'static str, bool) {
    let ext = path.rsplit_once('.').map(|(_, ext)| ext).unwrap_or("");
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => ("text/html; charset=utf-8", true),
        "css" => ("text/css; charset=utf-8", true),
        "js" | "mjs" => ("text/javascript; charset=utf-8", true),
        "json" | "map" => ("application/json", true),
        "webmanifest" => ("application/manifest+json", true),
        "txt" => ("text/plain; charset=utf-8", true),
        "svg" => ("image/svg+xml", true),
        "ico" => ("image/x-icon", true),
        "png" => ("image/png", false),
        "jpg" | "jpeg" => ("image/jpeg", false),
        "webp" => ("image/webp", false),
        "avif" => ("image/avif", false),
        "woff2" => ("font/woff2", false),
        _ => ("application/octet-stream", false),
    }
}

async fn serve(State(site): State<Arc<Site>>, req: Request) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return method_not_allowed();
    }
    let raw = req.uri().path();
    let decoded = percent_encoding::percent_decode_str(raw).decode_utf8_lossy();
    let path = decoded.as_ref();
    let (rel, cache) = if path == "/" || path == "/index.html" {
        ("index.html", REVALIDATE)
    } else if let Some((version, rel)) = path
        .strip_prefix(VERSIONED)
        .and_then(|rest| rest.split_once('/'))
    {
        // An older page may still ask for an earlier version: it gets today's file, revalidated.
        (
            rel,
            if version == site.version {
                IMMUTABLE
            } else {
                REVALIDATE
            },
        )
    } else {
        (path.trim_start_matches('/'), SHORT)
    };
    let file = match site.files.get(rel) {
        Some(file) if !(rel == "index.html" && cache != REVALIDATE) => file,
        _ => return HttpError::NotFound(format!("no such file: {path}")).into_response(),
    };
    respond(file, cache, req.headers())
}

fn respond(file: &File, cache: &'static str, request: &HeaderMap) -> Response {
    let (body, etag, gzipped) = match &file.gzip {
        Some((packed, etag)) if accepts_gzip(request) => (packed.clone(), etag, true),
        _ => (file.plain.clone(), &file.plain_etag, false),
    };
    let not_modified = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| etag_matches(tags, etag.as_bytes()));
    let mut response = if not_modified {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut response = Response::new(Body::from(body));
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, file.content_type.clone());
        if gzipped {
            response
                .headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        response
    };
    let headers = response.headers_mut();
    headers.insert(header::ETAG, etag.clone());
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if file.gzip.is_some() {
        headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    }
    response
}

/// Whether the client is answered gzip: the API's own negotiation of `Accept-Encoding`
/// (`crate::api::encoding`), so files and API answers follow one rule.
fn accepts_gzip(headers: &HeaderMap) -> bool {
    crate::api::encoding::negotiate(headers) == Encoding::Gzip
}

/// `If-None-Match` against a strong tag: `*`, or any listed tag (weak or strong) equal to it.
fn etag_matches(tags: &str, etag: &[u8]) -> bool {
    tags.split(',')
        .map(str::trim)
        .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag).as_bytes() == etag)
}

fn method_not_allowed() -> Response {
    let body = serde_json::json!({
        "error": {
            "code": "method_not_allowed",
            "message": "the web page answers only GET and HEAD",
        }
    });
    let mut response = (StatusCode::METHOD_NOT_ALLOWED, axum::Json(body)).into_response();
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(accept: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(accept).expect("ascii"),
        );
        h
    }

    #[test]
    fn accept_encoding_is_read_with_q_values() {
        assert!(accepts_gzip(&headers("gzip, deflate, br")));
        assert!(accepts_gzip(&headers("br;q=1.0, gzip;q=0.5")));
        assert!(accepts_gzip(&headers("*")));
        assert!(accepts_gzip(&headers("X-GZIP")));
        assert!(!accepts_gzip(&headers("gzip;q=0")));
        assert!(!accepts_gzip(&headers("gzip;q=0, *")));
        assert!(!accepts_gzip(&headers("br, identity")));
        assert!(!accepts_gzip(&headers("*;q=0")));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    #[test]
    fn if_none_match_compares_weakly() {
        assert!(etag_matches("\"a\"", b"\"a\""));
        assert!(etag_matches("W/\"a\"", b"\"a\""));
        assert!(etag_matches("\"b\", W/\"a\"", b"\"a\""));
        assert!(etag_matches("*", b"\"a\""));
        assert!(!etag_matches("\"a-gzip\"", b"\"a\""));
    }

    #[test]
    fn the_page_names_its_files_by_version() {
        let page = br#"<link href="/css/app.css"><script src="/js/main.js"></script><a href="/">x</a><a href="/css/app.css.map">"#;
        let assets = ["css/app.css".to_owned(), "js/main.js".to_owned()];
        let out = String::from_utf8(versioned_page(page, &assets, "abc")).expect("utf-8");
        assert_eq!(
            out,
            r#"<link href="/s/abc/css/app.css"><script src="/s/abc/js/main.js"></script><a href="/">x</a><a href="/css/app.css.map">"#
        );
    }
}
