//! Keeping the partner id out of everything shown: URLs, log lines, error messages.

use url::Url;

/// What stands in for the partner id.
pub(super) const REDACTED: &str = "REDACTED";

/// The longest body excerpt put in an error.
const SNIPPET_CHARS: usize = 200;

/// Partner ids shorter than this are not searched for in free text (they would match ordinary
/// words); the `pid` query parameter is redacted whatever its length.
const MIN_SCRUB_LEN: usize = 4;

/// The URL with the `pid` query parameter's value replaced.
pub(super) fn redact_url(url: &Url) -> String {
    if !url.query_pairs().any(|(k, _)| k == "pid") {
        return url.to_string();
    }
    let mut shown = url.clone();
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| {
            let v = if k == "pid" {
                REDACTED.to_owned()
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect();
    shown.query_pairs_mut().clear().extend_pairs(pairs);
    shown.to_string()
}

/// `text` with every occurrence of the partner id replaced (the upstream or a proxy may echo
/// the request back).
pub(super) fn scrub(text: &str, pid: &str) -> String {
    if pid.len() < MIN_SCRUB_LEN || !text.contains(pid) {
        return text.to_owned();
    }
    text.replace(pid, REDACTED)
}

/// The start of a body, as one line of text, partner id scrubbed.
pub(super) fn snippet(body: &[u8], pid: &str) -> String {
    // Enough bytes for the excerpt even when whitespace collapses, without decoding all.
    let head = &body[..body.len().min(SNIPPET_CHARS * 8)];
    let text = scrub(&String::from_utf8_lossy(head), pid);
    let mut out = String::new();
    let mut count = 0;
    let mut last_space = true;
    for c in text.chars() {
        if count >= SNIPPET_CHARS {
            out.push('…');
            break;
        }
        if c.is_whitespace() || c.is_control() {
            if last_space {
                continue;
            }
            out.push(' ');
            last_space = true;
        } else {
            out.push(c);
            last_space = false;
        }
        count += 1;
    }
    let out = out.trim_end();
    if out.is_empty() {
        "(empty body)".to_owned()
    } else {
        out.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pid_parameter_is_redacted_and_others_kept() {
        let url = Url::parse("http://h/api/v2/products?pid=s3cret&fl=b1&fl=r2&fts=blue+jeans")
            .expect("url");
        let shown = redact_url(&url);
        assert_eq!(
            shown,
            "http://h/api/v2/products?pid=REDACTED&fl=b1&fl=r2&fts=blue+jeans"
        );
        let plain = Url::parse("http://h/api/v2/categories").expect("url");
        assert_eq!(redact_url(&plain), "http://h/api/v2/categories");
    }

    #[test]
    fn scrub_and_snippet() {
        assert_eq!(scrub("bad pid s3cret", "s3cret"), "bad pid REDACTED");
        assert_eq!(scrub("a text", "x"), "a text");
        assert_eq!(
            snippet(b"  <html>\n <b>oops s3cret</b>", "s3cret"),
            "<html> <b>oops REDACTED</b>"
        );
        assert_eq!(snippet(b"", "s3cret"), "(empty body)");
        let long = "x".repeat(1000);
        assert_eq!(
            snippet(long.as_bytes(), "").chars().count(),
            SNIPPET_CHARS + 1
        );
    }
}
