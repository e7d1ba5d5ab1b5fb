//! The category tree: ShopStyle's 2019 categories plus the newer alias ids as children of
//! their nearest 2019 category.

use std::collections::HashMap;

use serde_json::Map;

use super::aliases::{ALIAS_NAMES, derived_name};
use super::error::CatalogError;
use crate::upstream::wire::{SsCategoriesResponse, SsCategory};

/// One category.
#[derive(Clone, Debug)]
pub(super) struct Node {
    /// The category as served (its `product_count` is filled in per response).
    pub cat: SsCategory,
    /// The parent's index; `None` for the root.
    pub parent: Option<u32>,
    /// The children's indexes, in the order they are listed.
    pub children: Vec<u32>,
    /// Levels below the root (the root is 0).
    pub depth: u32,
}

/// The whole tree; index 0 is the root.
#[derive(Clone, Debug)]
pub(super) struct Tree {
    pub nodes: Vec<Node>,
    by_id: HashMap<String, u32>,
}

/// The index of the root.
pub(super) const ROOT: u32 = 0;

impl Tree {
    /// Reads `categories.json` and adds the aliases (`(alias, parent)` pairs).
    pub fn build(
        categories_json: &str,
        aliases: &[(String, String)],
    ) -> Result<Tree, CatalogError> {
        let resp: SsCategoriesResponse = serde_json::from_str(categories_json)
            .map_err(|e| CatalogError::data("categories.json", e.to_string()))?;
        let mut tree = Tree {
            nodes: Vec::with_capacity(resp.categories.len() + aliases.len() + 1),
            by_id: HashMap::new(),
        };
        let mut root = resp.metadata.root;
        root.parent_id = None;
        tree.push(root)?;
        for c in resp.categories {
            tree.push(c)?;
        }
        for i in 1..tree.nodes.len() {
            let parent_id = tree.nodes[i].cat.parent_id.clone().unwrap_or_default();
            let Some(&p) = tree.by_id.get(&parent_id) else {
                return Err(CatalogError::data(
                    "categories.json",
                    format!("{}: unknown parent {parent_id:?}", tree.nodes[i].cat.id),
                ));
            };
            tree.link(i as u32, p);
        }
        tree.add_aliases(aliases)?;
        tree.compute_depths()?;
        Ok(tree)
    }

    fn push(&mut self, cat: SsCategory) -> Result<u32, CatalogError> {
        let idx = self.nodes.len() as u32;
        if self.by_id.insert(cat.id.clone(), idx).is_some() {
            return Err(CatalogError::data(
                "categories.json",
                format!("duplicate id {:?}", cat.id),
            ));
        }
        self.nodes.push(Node {
            cat,
            parent: None,
            children: Vec::new(),
            depth: 0,
        });
        Ok(idx)
    }

    fn link(&mut self, child: u32, parent: u32) {
        self.nodes[child as usize].parent = Some(parent);
        self.nodes[parent as usize].children.push(child);
    }

    fn add_aliases(&mut self, aliases: &[(String, String)]) -> Result<(), CatalogError> {
        let mut ordered: Vec<&(String, String)> = aliases.iter().collect();
        let pos = |id: &str| ALIAS_NAMES.iter().position(|(a, _, _)| *a == id);
        ordered.sort_by(|a, b| {
            (pos(&a.0).unwrap_or(usize::MAX), &a.0).cmp(&(pos(&b.0).unwrap_or(usize::MAX), &b.0))
        });
        for (id, parent_id) in ordered {
            if self.by_id.contains_key(id) {
                continue;
            }
            let Some(&parent) = self.by_id.get(parent_id) else {
                return Err(CatalogError::data(
                    "seed_category_aliases.json",
                    format!("{id}: unknown parent {parent_id:?}"),
                ));
            };
            let (name, full_name) = match pos(id) {
                Some(i) => (ALIAS_NAMES[i].1.to_owned(), ALIAS_NAMES[i].2.to_owned()),
                None => (derived_name(id), derived_name(id)),
            };
            let idx = self.push(SsCategory {
                id: id.clone(),
                short_name: name.clone(),
                name,
                full_name,
                localized_id: Some(id.clone()),
                parent_id: Some(parent_id.clone()),
                product_count: None,
                extra: Map::new(),
            })?;
            self.link(idx, parent);
        }
        Ok(())
    }

    fn compute_depths(&mut self) -> Result<(), CatalogError> {
        let mut stack = vec![(ROOT, 0u32)];
        let mut seen = 0usize;
        while let Some((i, d)) = stack.pop() {
            seen += 1;
            if seen > self.nodes.len() {
                return Err(CatalogError::data(
                    "categories.json",
                    "the tree has a cycle",
                ));
            }
            self.nodes[i as usize].depth = d;
            stack.extend(self.nodes[i as usize].children.iter().map(|&c| (c, d + 1)));
        }
        if seen != self.nodes.len() {
            return Err(CatalogError::data(
                "categories.json",
                "some categories are not reachable from the root",
            ));
        }
        Ok(())
    }

    /// The index of the category `id`.
    pub fn get(&self, id: &str) -> Option<u32> {
        self.by_id.get(id).copied()
    }

    /// The category at `idx`.
    pub fn node(&self, idx: u32) -> &Node {
        &self.nodes[idx as usize]
    }

    /// `idx` and its ancestors up to the root, nearest first.
    pub fn ancestors(&self, idx: u32) -> impl Iterator<Item = u32> + '_ {
        std::iter::successors(Some(idx), |&i| self.nodes[i as usize].parent)
    }

    /// The categories under `root` at most `max_depth` levels down, depth-first, children in
    /// list order; `root` itself is not included.
    pub fn descendants(&self, root: u32, max_depth: u32) -> Vec<u32> {
        let base = self.node(root).depth;
        let mut out = Vec::new();
        let mut stack: Vec<u32> = self.node(root).children.iter().rev().copied().collect();
        while let Some(i) = stack.pop() {
            let n = self.node(i);
            if n.depth - base > max_depth {
                continue;
            }
            out.push(i);
            stack.extend(n.children.iter().rev().copied());
        }
        out
    }

    /// Up to five existing ids close to `query` (by edit distance, substrings first).
    pub fn suggestions(&self, query: &str) -> Vec<String> {
        let q: Vec<char> = query.chars().take(48).collect();
        let qs: String = q.iter().collect();
        let mut scored: Vec<(usize, &str)> = self
            .nodes
            .iter()
            .map(|n| {
                let id = n.cat.id.as_str();
                let d = if !qs.is_empty() && id.contains(qs.as_str()) {
                    0
                } else {
                    strsim::levenshtein(&qs, id)
                };
                (d, id)
            })
            .filter(|(d, _)| *d <= (q.len() / 2).max(2))
            .collect();
        scored.sort();
        scored
            .into_iter()
            .take(5)
            .map(|(_, id)| id.to_owned())
            .collect()
    }
}
