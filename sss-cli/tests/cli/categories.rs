//! `sss categories`: flat, tree, subtree, each format.

use serde_json::Value;

use crate::{json, ndjson_ids, sss, stderr, stdout, succeeds};

#[test]
fn flat_tree_and_subtree() {
    let out = succeeds(&["categories", "-f", "json"]);
    let all = json(&out);
    let list = all["categories"].as_array().expect("categories");
    assert!(list.len() > 800, "{}", list.len());
    assert!(all["root"].is_string());
    assert!(list.iter().any(|c| c["id"] == "dresses"));

    // The tree is text even into a pipe, so `| head` shows it.
    let out = sss().args(["categories", "--tree"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let head: Vec<&str> = text.lines().take(10).collect();
    assert!(head[0].contains("[women]"), "{head:?}");
    assert!(
        head[1].starts_with("├─ ") && head[2].starts_with("│  ├─ "),
        "{head:?}"
    );
    assert_eq!(text.lines().count(), list.len());

    // --under: the category and everything below it, depth-first.
    let out = sss()
        .args(["categories", "--under", "dresses", "-f", "ndjson"])
        .output()
        .expect("runs");
    let ids: Vec<String> = ndjson_ids(&out);
    assert_eq!(ids[0], "dresses");
    assert!(
        ids.len() > 1 && ids.iter().any(|i| i == "casual-dresses"),
        "{ids:?}"
    );

    let out = sss()
        .args(["categories", "--under", "dresses", "--tree", "-f", "json"])
        .output()
        .expect("runs");
    let nested = json(&out);
    assert_eq!(nested["root"], "dresses");
    let children = nested["categories"][0]["children"]
        .as_array()
        .expect("children");
    assert_eq!(children.len() + 1, ids.len() - grandchildren(children));

    let out = sss()
        .args(["categories", "--under", "dresses", "-f", "csv"])
        .output()
        .expect("runs");
    let text = stdout(&out);
    assert!(
        text.starts_with("id,name,shortName,fullName,parentId,productCount\ndresses,"),
        "{text}"
    );

    let out = sss()
        .env("COLUMNS", "60")
        .args(["categories", "--under", "dresses", "-f", "table"])
        .output()
        .expect("runs");
    let text = stdout(&out);
    assert!(text.starts_with("ID"), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 60), "{text}");

    let out = sss()
        .args(["categories", "--under", "dresess"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("no category with id \"dresess\"; close ones:"),
        "{err}"
    );
    assert!(err.contains(" dresses"), "{err}");
}

/// How many nodes lie below the first level of `nodes`.
fn grandchildren(nodes: &[Value]) -> usize {
    nodes
        .iter()
        .map(|n| {
            let kids = n["children"].as_array().map(Vec::as_slice).unwrap_or(&[]);
            kids.len() + grandchildren(kids)
        })
        .sum()
}
