//! The web page as the embedded default serves it (`serve`, `--web-dir web`): versioned and
//! immutable files, the page revalidated, gzip when accepted, and nginx's security headers. The
//! page built into the binary (no `--web-dir`) is the same, served the same way, and the real
//! binary serves it from an empty folder.

mod common;

use std::path::{Path, PathBuf};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use tower::ServiceExt;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

async fn router() -> Router {
    let web = repo().join("web");
    common::embedded_router(&["--web-dir", web.to_str().expect("utf-8 path")]).await
}

/// The files of web/ as paths under it, dot files left out (as `build.rs` and `--web-dir` do).
fn web_files() -> Vec<String> {
    fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("web/") {
            let entry = entry.expect("web/");
            let name = entry.file_name().to_str().expect("UTF-8 name").to_owned();
            if name.starts_with('.') {
                continue;
            }
            if entry.file_type().expect("type").is_dir() {
                walk(&entry.path(), &format!("{prefix}{name}/"), out);
            } else {
                out.push(format!("{prefix}{name}"));
            }
        }
    }
    let mut out = Vec::new();
    walk(&repo().join("web"), "", &mut out);
    out.sort();
    out
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("utf-8 body")
    }
}

async fn ask(router: &Router, method: Method, path: &str, headers: &[(&str, &str)]) -> Answer {
    let mut req = Request::builder().method(method).uri(path);
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    let res = router
        .clone()
        .oneshot(req.body(Body::empty()).expect("request"))
        .await
        .expect("answer");
    let status = res.status();
    let headers = res.headers().clone();
    let body = axum::body::to_bytes(res.into_body(), 16 << 20)
        .await
        .expect("body")
        .to_vec();
    Answer {
        status,
        headers,
        body,
    }
}

async fn get(router: &Router, path: &str) -> Answer {
    ask(router, Method::GET, path, &[]).await
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    sss_core::service::gzip::decompress_whole(bytes).expect("valid gzip")
}

/// The `/s/<version>/` prefix the page names its files by.
fn version_prefix(page: &str) -> String {
    let start = page.find("href=\"/s/").expect("a versioned href") + "href=\"".len();
    let rest = &page[start..];
    let end = rest[3..].find('/').expect("a version") + 4;
    rest[..end].to_owned()
}

#[tokio::test]
async fn the_page_names_versioned_files_and_is_revalidated() {
    let r = router().await;
    let page = get(&r, "/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.header("content-type"), "text/html; charset=utf-8");
    assert_eq!(page.header("cache-control"), "no-cache");
    assert!(page.header("etag").starts_with('"'), "{:?}", page.headers);
    let html = page.text();
    let prefix = version_prefix(&html);
    assert!(
        html.contains(&format!(
            "<link rel=\"stylesheet\" href=\"{prefix}css/app.css\">"
        )),
        "{html}"
    );
    assert!(
        html.contains(&format!("src=\"{prefix}js/main.js\"")),
        "{html}"
    );
    assert!(
        !html.contains("href=\"/css/") && !html.contains("\"/js/"),
        "{html}"
    );
    assert_eq!(get(&r, "/index.html").await.body, page.body);

    // Revalidation: the same ETag gives 304 with no body.
    let etag = page.header("etag").to_owned();
    let again = ask(&r, Method::GET, "/", &[("if-none-match", &etag)]).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
    assert_eq!(again.header("etag"), etag);
}

#[tokio::test]
async fn versioned_files_are_immutable_and_gzipped_when_accepted() {
    let r = router().await;
    let prefix = version_prefix(&get(&r, "/").await.text());
    let on_disk = std::fs::read(repo().join("web/css/app.css")).expect("app.css");
    let url = format!("{prefix}css/app.css");

    let plain = get(&r, &url).await;
    assert_eq!(plain.status, StatusCode::OK);
    assert_eq!(plain.body, on_disk);
    assert_eq!(plain.header("content-type"), "text/css; charset=utf-8");
    assert_eq!(
        plain.header("cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(plain.header("content-encoding"), "");
    assert_eq!(plain.header("vary"), "Accept-Encoding");

    let packed = ask(
        &r,
        Method::GET,
        &url,
        &[("accept-encoding", "gzip, deflate, br")],
    )
    .await;
    assert_eq!(packed.status, StatusCode::OK);
    assert_eq!(packed.header("content-encoding"), "gzip");
    assert_eq!(packed.header("vary"), "Accept-Encoding");
    assert!(
        packed.body.len() * 2 < on_disk.len(),
        "{} of {}",
        packed.body.len(),
        on_disk.len()
    );
    assert_eq!(gunzip(&packed.body), on_disk);
    assert_ne!(
        packed.header("etag"),
        plain.header("etag"),
        "one ETag per encoding"
    );

    // gzip;q=0 refuses it; HEAD has the headers without the body.
    let refused = ask(
        &r,
        Method::GET,
        &url,
        &[("accept-encoding", "gzip;q=0, br")],
    )
    .await;
    assert_eq!(refused.header("content-encoding"), "");
    assert_eq!(refused.body, on_disk);
    let head = ask(&r, Method::HEAD, &url, &[("accept-encoding", "gzip")]).await;
    assert_eq!(head.status, StatusCode::OK);
    assert_eq!(head.header("content-encoding"), "gzip");
    assert!(head.body.is_empty());

    let etag = packed.header("etag").to_owned();
    let cached = ask(
        &r,
        Method::GET,
        &url,
        &[("accept-encoding", "gzip"), ("if-none-match", &etag)],
    )
    .await;
    assert_eq!(cached.status, StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn plain_paths_are_cached_briefly_and_other_versions_revalidated() {
    let r = router().await;
    let plain = get(&r, "/js/main.js").await;
    assert_eq!(plain.status, StatusCode::OK);
    assert_eq!(
        plain.header("content-type"),
        "text/javascript; charset=utf-8"
    );
    assert_eq!(plain.header("cache-control"), "public, max-age=300");
    assert_eq!(
        plain.body,
        std::fs::read(repo().join("web/js/main.js")).expect("main.js")
    );

    let old = get(&r, "/s/000000000000/js/main.js").await;
    assert_eq!(old.status, StatusCode::OK);
    assert_eq!(old.header("cache-control"), "no-cache");
    assert_eq!(old.body, plain.body);

    // An image that does not shrink is sent as it is, without Vary.
    let svg = ask(
        &r,
        Method::GET,
        "/favicon.svg",
        &[("accept-encoding", "gzip")],
    )
    .await;
    assert_eq!(svg.status, StatusCode::OK);
    assert_eq!(svg.header("content-type"), "image/svg+xml");
}

#[tokio::test]
async fn unknown_files_and_other_methods_get_json_errors() {
    let r = router().await;
    for path in [
        "/nope.js",
        "/s/abc/nope.css",
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/css/",
    ] {
        let missing = get(&r, path).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND, "{path}");
        let body: serde_json::Value = serde_json::from_slice(&missing.body).expect("JSON");
        assert_eq!(body["error"]["code"], "not_found", "{path}");
    }
    let post = ask(&r, Method::POST, "/", &[]).await;
    assert_eq!(post.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(post.header("allow"), "GET, HEAD");
    let body: serde_json::Value = serde_json::from_slice(&post.body).expect("JSON");
    assert!(body["error"]["message"].is_string());
}

/// The `add_header NAME "VALUE" always;` lines of nginx's server block (fixed values only).
fn nginx_headers() -> Vec<(String, String)> {
    let conf = std::fs::read_to_string(repo().join("nginx/nginx.conf")).expect("nginx.conf");
    let headers: Vec<(String, String)> = conf
        .lines()
        .filter_map(|line| {
            let rest = line.trim().strip_prefix("add_header ")?;
            let (name, value) = rest.split_once(' ')?;
            let value = value.strip_suffix(" always;")?;
            let value = value.strip_prefix('"')?.strip_suffix('"')?;
            (!value.contains('$')).then(|| (name.to_ascii_lowercase(), value.to_owned()))
        })
        .collect();
    assert!(headers.len() >= 4, "nginx.conf: {headers:?}");
    headers
}

#[tokio::test]
async fn every_answer_has_the_security_headers_nginx_adds() {
    let r = router().await;
    let expected = nginx_headers();
    for path in [
        "/",
        "/css/app.css",
        "/nope.js",
        "/healthz",
        "/api/v1/categories",
    ] {
        let answer = get(&r, path).await;
        for (name, value) in &expected {
            assert_eq!(answer.header(name), value, "{name} on {path}");
        }
    }
}

/// `import ... from './x.js'` of one module, as paths under web/.
fn imports(module: &str) -> Vec<String> {
    let text = std::fs::read_to_string(repo().join("web").join(module)).expect("module");
    let dir = Path::new(module).parent().expect("a folder");
    text.lines()
        .filter(|line| line.starts_with("import "))
        .filter_map(|line| line.split(" from '").nth(1)?.split('\'').next())
        .map(|spec| {
            let mut path = dir.to_path_buf();
            for part in spec.split('/') {
                match part {
                    "." => {}
                    ".." => {
                        path.pop();
                    }
                    part => path.push(part),
                }
            }
            path.to_string_lossy().replace('\\', "/")
        })
        .collect()
}

#[test]
fn the_page_preloads_every_module_main_js_imports() {
    let mut seen = std::collections::BTreeSet::new();
    let mut todo = vec!["js/main.js".to_owned()];
    while let Some(module) = todo.pop() {
        for dep in imports(&module) {
            if seen.insert(dep.clone()) {
                todo.push(dep);
            }
        }
    }
    assert!(seen.len() >= 5, "{seen:?}");
    let page = std::fs::read_to_string(repo().join("web/index.html")).expect("index.html");
    let preloaded: std::collections::BTreeSet<String> = page
        .split("<link rel=\"modulepreload\" href=\"/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect();
    assert_eq!(preloaded, seen, "index.html's modulepreload links");
}

/// The headers that make an answer of the web page: what a browser and a cache see.
const SERVED_AS: [&str; 5] = [
    "content-type",
    "content-encoding",
    "cache-control",
    "etag",
    "vary",
];

#[tokio::test]
async fn the_built_in_page_is_web_served_the_same_way() {
    let folder = router().await;
    let built_in = common::embedded_router(&[]).await;
    let page = get(&built_in, "/").await;
    assert_eq!(page.status, StatusCode::OK);
    // The same files give the same version, so the same page and ETag.
    assert_eq!(page.text(), get(&folder, "/").await.text());
    let prefix = version_prefix(&page.text());

    let files = web_files();
    assert!(files.len() >= 5, "{files:?}");
    for file in &files {
        let mut urls = vec![format!("/{file}")];
        if file != "index.html" {
            urls.push(format!("{prefix}{file}"));
        }
        for url in &urls {
            for accept in ["identity", "gzip"] {
                let want = ask(&folder, Method::GET, url, &[("accept-encoding", accept)]).await;
                let got = ask(&built_in, Method::GET, url, &[("accept-encoding", accept)]).await;
                assert_eq!(got.status, StatusCode::OK, "{url}");
                assert_eq!(got.status, want.status, "{url}");
                assert_eq!(got.body, want.body, "{url} ({accept})");
                for name in SERVED_AS {
                    assert_eq!(
                        got.header(name),
                        want.header(name),
                        "{name} of {url} ({accept})"
                    );
                }
            }
        }
    }
    // The built-in files are those of web/, byte for byte.
    let css = get(&built_in, "/css/app.css").await;
    assert_eq!(
        css.body,
        std::fs::read(repo().join("web/css/app.css")).expect("app.css")
    );
}

/// The `src="..."` and `href="..."` values of a page that start with `/`.
fn local_links(html: &str) -> Vec<String> {
    let mut links = Vec::new();
    for attr in ["src=\"/", "href=\"/"] {
        for rest in html.split(attr).skip(1) {
            if let Some(path) = rest.split('"').next() {
                links.push(format!("/{path}"));
            }
        }
    }
    links.sort();
    links.dedup();
    links
}

#[tokio::test]
async fn the_binary_serves_its_page_and_the_api_from_an_empty_folder() {
    let scratch = common::Scratch::new("web-anywhere");
    let cwd = scratch.0.join("empty");
    let data = scratch.0.join("data");
    std::fs::create_dir_all(&cwd).expect("an empty folder");
    let port = common::free_port();
    let listen = format!("127.0.0.1:{port}");
    let daemon = common::Proc::spawn_in(
        "daemon",
        &scratch.0,
        Some(&cwd),
        env!("CARGO_BIN_EXE_sss-daemon"),
        &[
            "--listen",
            &listen,
            "--data-dir",
            data.to_str().expect("a UTF-8 temp dir"),
        ],
        &[("RUST_LOG", "info")],
    );
    let base = format!("http://127.0.0.1:{port}");
    common::wait_ready(&format!("{base}/readyz"), 120, Some(&daemon)).await;
    let c = reqwest::Client::new();

    let page = c.get(format!("{base}/")).send().await.expect("GET /");
    assert_eq!(
        page.status(),
        reqwest::StatusCode::OK,
        "{}",
        daemon.log_tail()
    );
    assert_eq!(page.headers()["content-type"], "text/html; charset=utf-8");
    let html = page.text().await.expect("the page");
    assert!(html.contains("<html"), "{html}");
    let links = local_links(&html);
    let scripts: Vec<&String> = links.iter().filter(|l| l.ends_with(".js")).collect();
    assert!(!scripts.is_empty(), "no script in {html}");
    for link in &links {
        let r = c.get(format!("{base}{link}")).send().await.expect("GET");
        assert_eq!(r.status(), reqwest::StatusCode::OK, "{link}");
        if link.ends_with(".js") {
            assert_eq!(
                r.headers()["content-type"],
                "text/javascript; charset=utf-8",
                "{link}"
            );
            assert_eq!(
                r.headers()["cache-control"],
                "public, max-age=31536000, immutable",
                "{link}"
            );
        }
    }

    let search = c
        .get(format!("{base}/api/v1/products?cat=dresses&limit=3"))
        .send()
        .await
        .expect("a search");
    assert_eq!(search.status(), reqwest::StatusCode::OK);
    let body: serde_json::Value = search.json().await.expect("JSON");
    assert_eq!(body["products"].as_array().map(Vec::len), Some(3), "{body}");
    // Nothing written into the working folder.
    assert_eq!(std::fs::read_dir(&cwd).expect("cwd").count(), 0);
}
