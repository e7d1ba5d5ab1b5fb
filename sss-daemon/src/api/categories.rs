//! The category tree as the api knows it: to validate `cat` and to suggest close ids.

use std::collections::HashSet;

use bytes::Bytes;
use serde::Deserialize;
use sss_core::service::gzip;

/// The known category ids.
#[derive(Debug, Default)]
pub struct CategoryIndex {
    ids: HashSet<String>,
    sorted: Vec<String>,
    /// The public categories body, as served.
    pub body: Bytes,
    /// The same body as a complete gzip member, compressed once.
    pub gzip: Bytes,
    /// The identity body's ETag header value: 16 hex digits of its SHA-256, quoted.
    pub etag: String,
    /// The gzip body's ETag header value (the same digits with `-gz`).
    pub etag_gzip: String,
}

#[derive(Deserialize)]
struct Body {
    root: String,
    categories: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    id: String,
}

impl CategoryIndex {
    /// Parses the public categories body.
    pub fn from_body(body: Bytes) -> Option<CategoryIndex> {
        let parsed: Body = serde_json::from_slice(&body).ok()?;
        let mut sorted: Vec<String> = parsed.categories.into_iter().map(|c| c.id).collect();
        sorted.push(parsed.root);
        sorted.sort();
        sorted.dedup();
        let hex = {
            use sha2::{Digest, Sha256};
            hex::encode(&Sha256::digest(&body)[..8])
        };
        let gzip = gzip::compress_whole(&body, gzip::LEVEL).into();
        Some(CategoryIndex {
            ids: sorted.iter().cloned().collect(),
            sorted,
            body,
            gzip,
            etag: format!("\"{hex}\""),
            etag_gzip: format!("\"{hex}-gz\""),
        })
    }

    /// Every known id, sorted.
    pub fn ids(&self) -> &[String] {
        &self.sorted
    }

    /// Whether `id` is a known category.
    pub fn contains(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    /// Up to `n` known ids closest to `id`: those containing it or contained in it first, then
    /// by edit distance.
    pub fn suggest(&self, id: &str, n: usize) -> Vec<&str> {
        // Ids are checked to be at most MAX_ID_CHARS long before this; the bound keeps the
        // edit distance's cost small whatever the caller passes.
        let id: String = id.chars().take(sss_core::domain::MAX_ID_CHARS).collect();
        let id = id.as_str();
        let mut scored: Vec<(usize, &str)> = self
            .sorted
            .iter()
            .map(|c| {
                let d = if c.contains(id) || id.contains(c.as_str()) {
                    c.len().abs_diff(id.len()).min(3)
                } else {
                    strsim::levenshtein(id, c)
                };
                (d, c.as_str())
            })
            .collect();
        scored.sort();
        scored.into_iter().take(n).map(|(_, c)| c).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_ids() {
        let body = Bytes::from_static(
            br#"{"root":"all","categories":[{"id":"dresses"},{"id":"day-dresses"},{"id":"jeans"},{"id":"skinny-jeans"}]}"#,
        );
        let idx = CategoryIndex::from_body(body).expect("parses");
        assert!(idx.contains("jeans"));
        assert!(!idx.contains("dress"));
        let s = idx.suggest("dresess", 2);
        assert_eq!(s[0], "dresses");
    }
}
