//! The category list: flat in each format, or as a tree (text or nested JSON).

use std::collections::{HashMap, HashSet};
use std::io::{self, Write};

use serde::Serialize;
use sss_core::api::CategoryList;
use sss_core::domain::Category;

use super::table::{clean, write_table};
use super::{csv_bytes, write_compact, write_pretty};
use crate::cli::Format;
use crate::term::Term;

/// The categories as a forest: children by parent, in the list's (depth-first) order.
#[derive(Debug)]
pub struct Tree<'a> {
    list: &'a CategoryList,
    children: HashMap<&'a str, Vec<&'a Category>>,
    roots: Vec<&'a Category>,
}

impl<'a> Tree<'a> {
    /// The tree of `list`; a category whose parent is missing becomes a root.
    pub fn new(list: &'a CategoryList) -> Self {
        let ids: HashSet<&str> = list.categories.iter().map(|c| c.id.as_str()).collect();
        let mut children: HashMap<&str, Vec<&Category>> = HashMap::new();
        let mut roots = Vec::new();
        for c in &list.categories {
            match c.parent_id.as_deref() {
                Some(p) if ids.contains(p) && p != c.id => children.entry(p).or_default().push(c),
                _ => roots.push(c),
            }
        }
        Self {
            list,
            children,
            roots,
        }
    }

    /// The roots: the whole forest, or the one category `under`.
    pub fn roots(&self, under: Option<&str>) -> Vec<&'a Category> {
        match under {
            Some(id) => self.list.get(id).into_iter().collect(),
            None => self.roots.clone(),
        }
    }

    /// Every category below and including `roots`, depth-first, with its depth; each at most
    /// once, so a cycle in the data cannot loop.
    pub fn walk(&self, roots: &[&'a Category]) -> Vec<(usize, &'a Category, bool)> {
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        let mut stack: Vec<(usize, &Category, bool)> = roots
            .iter()
            .enumerate()
            .rev()
            .map(|(i, c)| (0, *c, i + 1 == roots.len()))
            .collect();
        while let Some((depth, c, last)) = stack.pop() {
            if !seen.insert(c.id.as_str()) {
                continue;
            }
            out.push((depth, c, last));
            if let Some(kids) = self.children.get(c.id.as_str()) {
                for (i, k) in kids.iter().enumerate().rev() {
                    stack.push((depth + 1, k, i + 1 == kids.len()));
                }
            }
        }
        out
    }

    fn node(&self, c: &'a Category, seen: &mut HashSet<&'a str>) -> Node<'a> {
        seen.insert(c.id.as_str());
        let kids = self
            .children
            .get(c.id.as_str())
            .cloned()
            .unwrap_or_default();
        let mut children = Vec::new();
        for k in kids {
            if !seen.contains(k.id.as_str()) {
                children.push(self.node(k, seen));
            }
        }
        Node {
            category: c,
            children,
        }
    }
}

/// A category with its children, for nested JSON.
#[derive(Debug, Serialize)]
struct Node<'a> {
    #[serde(flatten)]
    category: &'a Category,
    children: Vec<Node<'a>>,
}

/// Writes the categories `under` a category (or all) in `format`, flat or as a tree.
pub fn write(
    out: &mut dyn Write,
    list: &CategoryList,
    under: Option<&str>,
    tree: bool,
    format: Format,
    term: &Term,
) -> io::Result<()> {
    let t = Tree::new(list);
    // The root itself is not listed: asking for what lies under it is asking for everything.
    let under = under.filter(|u| *u != list.root);
    let roots = t.roots(under);
    if tree && format == Format::Json {
        let mut seen = HashSet::new();
        let nodes: Vec<Node<'_>> = roots.iter().map(|r| t.node(r, &mut seen)).collect();
        #[derive(Serialize)]
        struct Nested<'a> {
            root: &'a str,
            categories: Vec<Node<'a>>,
        }
        let root = under.unwrap_or(&list.root);
        return write_pretty(
            out,
            &Nested {
                root,
                categories: nodes,
            },
        );
    }
    let rows = t.walk(&roots);
    if tree {
        return write_tree(out, &rows, term);
    }
    match format {
        Format::Json => {
            let categories: Vec<&Category> = rows.iter().map(|(_, c, _)| *c).collect();
            #[derive(Serialize)]
            struct Flat<'a> {
                root: &'a str,
                categories: Vec<&'a Category>,
            }
            let root = under.unwrap_or(&list.root);
            write_pretty(out, &Flat { root, categories })
        }
        Format::Ndjson => {
            for (_, c, _) in &rows {
                write_compact(out, c)?;
                out.write_all(b"\n")?;
            }
            Ok(())
        }
        Format::Csv => {
            let mut table = vec![
                [
                    "id",
                    "name",
                    "shortName",
                    "fullName",
                    "parentId",
                    "productCount",
                ]
                .map(str::to_owned)
                .to_vec(),
            ];
            table.extend(rows.iter().map(|(_, c, _)| {
                vec![
                    c.id.clone(),
                    c.name.clone(),
                    c.short_name.clone(),
                    c.full_name.clone(),
                    c.parent_id.clone().unwrap_or_default(),
                    c.product_count.map(|n| n.to_string()).unwrap_or_default(),
                ]
            }));
            out.write_all(&csv_bytes(&table)?)
        }
        Format::Table => {
            let headers = ["ID", "NAME", "PARENT", "PRODUCTS"];
            let cells: Vec<Vec<String>> = rows
                .iter()
                .map(|(_, c, _)| {
                    vec![
                        c.id.clone(),
                        c.name.clone(),
                        c.parent_id.clone().unwrap_or_default(),
                        c.product_count.map(|n| n.to_string()).unwrap_or_default(),
                    ]
                })
                .collect();
            write_table(
                out,
                &headers,
                &[false, false, false, true],
                &cells,
                term.width,
                term.out(),
            )?;
            Ok(())
        }
    }
}

/// The tree as indented text with guide lines: `Name [id] (count)`, cut to the width.
fn write_tree(
    out: &mut dyn Write,
    rows: &[(usize, &Category, bool)],
    term: &Term,
) -> io::Result<()> {
    let style = term.out();
    // Whether the ancestor at each depth was the last of its siblings (no guide line below it).
    let mut last_at: Vec<bool> = Vec::new();
    for (depth, c, last) in rows {
        last_at.truncate(*depth);
        let mut prefix = String::new();
        if *depth > 0 {
            for ancestor_last in last_at.iter().skip(1) {
                prefix.push_str(if *ancestor_last { "   " } else { "│  " });
            }
            prefix.push_str(if *last { "└─ " } else { "├─ " });
        }
        last_at.push(*last);
        let count = c
            .product_count
            .map(|n| format!(" ({n})"))
            .unwrap_or_default();
        let text = format!("{}{} [{}]{}", prefix, clean(&c.name), clean(&c.id), count);
        let text = match term.width {
            Some(w) => super::table::cut(&text, w),
            None => text,
        };
        let text = if term.color_out {
            // Colour only the id, the part to type into `sss search -c`.
            let id = format!("[{}]", clean(&c.id));
            text.replacen(&id, &style.bold(&id), 1)
        } else {
            text
        };
        writeln!(out, "{text}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat(id: &str, parent: Option<&str>) -> Category {
        Category {
            id: id.into(),
            name: id.to_uppercase(),
            short_name: id.into(),
            full_name: id.into(),
            parent_id: parent.map(str::to_owned),
            product_count: Some(1),
        }
    }

    fn list() -> CategoryList {
        CategoryList {
            root: "root".into(),
            categories: vec![
                cat("root", None),
                cat("a", Some("root")),
                cat("a1", Some("a")),
                cat("a2", Some("a")),
                cat("b", Some("root")),
                cat("b1", Some("b")),
                cat("loop", Some("loop")),
            ],
        }
    }

    fn term() -> Term {
        Term {
            stdout_tty: false,
            stderr_tty: false,
            color_out: false,
            color_err: false,
            width: None,
        }
    }

    #[test]
    fn the_tree_has_guide_lines() {
        let mut out = Vec::new();
        write(&mut out, &list(), None, true, Format::Table, &term()).expect("writes");
        let text = String::from_utf8(out).expect("utf-8");
        assert_eq!(
            text,
            "ROOT [root] (1)\n├─ A [a] (1)\n│  ├─ A1 [a1] (1)\n│  └─ A2 [a2] (1)\n└─ B [b] (1)\n   └─ B1 [b1] (1)\nLOOP [loop] (1)\n"
        );
    }

    #[test]
    fn under_limits_to_a_subtree_and_json_nests() {
        let mut out = Vec::new();
        write(&mut out, &list(), Some("a"), false, Format::Ndjson, &term()).expect("writes");
        let text = String::from_utf8(out).expect("utf-8");
        let ids: Vec<String> = text
            .lines()
            .map(|l| serde_json::from_str::<Category>(l).expect("a category").id)
            .collect();
        assert_eq!(ids, ["a", "a1", "a2"]);

        let mut out = Vec::new();
        write(&mut out, &list(), Some("b"), true, Format::Json, &term()).expect("writes");
        let v: serde_json::Value = serde_json::from_slice(&out).expect("json");
        assert_eq!(v["root"], "b");
        assert_eq!(v["categories"][0]["children"][0]["id"], "b1");
    }
}
