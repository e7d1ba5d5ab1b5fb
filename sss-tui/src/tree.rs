//! The category tree of the sidebar: built from the API's depth-first list, with expand and
//! collapse, a cursor over the rows shown, and names for ids.
//!
//! Categories without products (`productCount` 0) are left out: they can only give an empty page.

use std::collections::HashMap;

use sss_core::api::CategoryList;

/// One category.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// The id (`dresses`).
    pub id: String,
    /// The display name ("Dresses").
    pub name: String,
    /// Products in the subtree, when the server says.
    pub count: Option<u64>,
    /// 0 for the top level.
    pub depth: u16,
    /// The parent's index.
    pub parent: Option<usize>,
    /// The children's indexes, in the server's order.
    pub children: Vec<usize>,
    /// Whether the children are shown.
    pub expanded: bool,
}

/// The tree and its cursor.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tree {
    nodes: Vec<Node>,
    by_id: HashMap<String, usize>,
    /// Indexes of the nodes shown, top to bottom.
    visible: Vec<usize>,
    /// The cursor: a position in `visible`.
    cursor: usize,
    /// The root category's id: every product is in it (not a row).
    root: Option<String>,
}

impl Tree {
    /// The tree of `list`, top level collapsed, cursor on the first row.
    pub fn from_list(list: &CategoryList) -> Tree {
        let mut tree = Tree {
            root: Some(list.root.clone()),
            ..Tree::default()
        };
        for c in &list.categories {
            if c.id == list.root || c.product_count == Some(0) {
                continue;
            }
            let parent = c
                .parent_id
                .as_deref()
                .filter(|p| *p != list.root)
                .and_then(|p| tree.by_id.get(p).copied());
            // A child of a category left out is left out too.
            if parent.is_none() && c.parent_id.as_deref().is_some_and(|p| p != list.root) {
                continue;
            }
            let index = tree.nodes.len();
            let depth = parent.map_or(0, |p| tree.nodes[p].depth + 1);
            tree.nodes.push(Node {
                id: c.id.clone(),
                name: c.name.clone(),
                count: c.product_count,
                depth,
                parent,
                children: Vec::new(),
                expanded: false,
            });
            tree.by_id.entry(c.id.clone()).or_insert(index);
            if let Some(p) = parent {
                tree.nodes[p].children.push(index);
            }
        }
        tree.rebuild();
        tree
    }

    /// The root category's id (every product is in it), once the tree has come.
    pub fn root(&self) -> Option<&str> {
        self.root.as_deref()
    }

    /// Whether there is nothing to show.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The rows shown, top to bottom.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = &Node> {
        self.visible.iter().map(|&i| &self.nodes[i])
    }

    /// How many rows are shown.
    pub fn len(&self) -> usize {
        self.visible.len()
    }

    /// The cursor's row.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// The category under the cursor.
    pub fn current(&self) -> Option<&Node> {
        self.visible.get(self.cursor).map(|&i| &self.nodes[i])
    }

    /// The category with `id`.
    pub fn get(&self, id: &str) -> Option<&Node> {
        self.by_id.get(id).map(|&i| &self.nodes[i])
    }

    /// The name of the category `id`, or the id when it is not in the tree.
    pub fn name<'a>(&'a self, id: &'a str) -> &'a str {
        self.get(id).map_or(id, |n| n.name.as_str())
    }

    /// Moves the cursor by `delta` rows, staying within the rows.
    pub fn move_by(&mut self, delta: i32) {
        if self.visible.is_empty() {
            return;
        }
        let last = self.visible.len() - 1;
        let target = i64::try_from(self.cursor).unwrap_or(0) + i64::from(delta);
        self.cursor = usize::try_from(target.max(0)).unwrap_or(0).min(last);
    }

    /// Puts the cursor on `row` (clamped).
    pub fn set_cursor(&mut self, row: usize) {
        self.cursor = row.min(self.visible.len().saturating_sub(1));
    }

    /// Expands the category under the cursor; when it is expanded already, moves to its first
    /// child. Returns whether anything changed.
    pub fn expand(&mut self) -> bool {
        let Some(&i) = self.visible.get(self.cursor) else {
            return false;
        };
        if self.nodes[i].children.is_empty() {
            return false;
        }
        if self.nodes[i].expanded {
            self.move_by(1);
        } else {
            self.nodes[i].expanded = true;
            self.rebuild_keeping(i);
        }
        true
    }

    /// Collapses the category under the cursor; when it is collapsed (or a leaf), moves to its
    /// parent. Returns whether anything changed.
    pub fn collapse(&mut self) -> bool {
        let Some(&i) = self.visible.get(self.cursor) else {
            return false;
        };
        if self.nodes[i].expanded {
            self.nodes[i].expanded = false;
            self.rebuild_keeping(i);
            true
        } else if let Some(p) = self.nodes[i].parent {
            self.rebuild_keeping(p);
            true
        } else {
            false
        }
    }

    /// Expands or collapses the category on `row`, leaving the cursor there.
    pub fn toggle(&mut self, row: usize) {
        if let Some(&i) = self.visible.get(row)
            && !self.nodes[i].children.is_empty()
        {
            self.nodes[i].expanded = !self.nodes[i].expanded;
            self.rebuild_keeping(i);
        }
    }

    /// Expands the category on `row` when it has children and is collapsed.
    pub fn open(&mut self, row: usize) {
        if let Some(&i) = self.visible.get(row)
            && !self.nodes[i].children.is_empty()
            && !self.nodes[i].expanded
        {
            self.nodes[i].expanded = true;
            self.rebuild_keeping(i);
        }
    }

    /// Shows the category `id` (expanding its ancestors) and puts the cursor on it. False when
    /// the tree has no such category.
    pub fn reveal(&mut self, id: &str) -> bool {
        let Some(&i) = self.by_id.get(id) else {
            return false;
        };
        let mut up = self.nodes[i].parent;
        while let Some(p) = up {
            self.nodes[p].expanded = true;
            up = self.nodes[p].parent;
        }
        self.rebuild_keeping(i);
        true
    }

    /// Recomputes the rows shown; the cursor stays on node `keep`.
    fn rebuild_keeping(&mut self, keep: usize) {
        self.rebuild();
        if let Some(row) = self.visible.iter().position(|&v| v == keep) {
            self.cursor = row;
        }
    }

    fn rebuild(&mut self) {
        self.visible.clear();
        let mut stack: Vec<usize> = (0..self.nodes.len())
            .rev()
            .filter(|&i| self.nodes[i].parent.is_none())
            .collect();
        while let Some(i) = stack.pop() {
            self.visible.push(i);
            if self.nodes[i].expanded {
                stack.extend(self.nodes[i].children.iter().rev());
            }
        }
        self.cursor = self.cursor.min(self.visible.len().saturating_sub(1));
    }
}

#[cfg(test)]
mod tests {
    use sss_core::domain::Category;

    use super::*;

    fn list() -> CategoryList {
        let cat = |id: &str, parent: &str, count: u64| Category {
            id: id.into(),
            name: id.to_uppercase(),
            short_name: id.into(),
            full_name: id.into(),
            parent_id: Some(parent.into()),
            product_count: Some(count),
        };
        CategoryList {
            root: "root".into(),
            categories: vec![
                cat("women", "root", 10),
                cat("clothes", "women", 8),
                cat("dresses", "clothes", 5),
                cat("bridal", "clothes", 0),
                cat("gowns", "bridal", 0),
                cat("jeans", "clothes", 3),
                cat("bags", "women", 2),
                cat("men", "root", 4),
            ],
        }
    }

    fn names(t: &Tree) -> Vec<&str> {
        t.rows().map(|n| n.id.as_str()).collect()
    }

    #[test]
    fn expands_collapses_and_reveals() {
        let mut t = Tree::from_list(&list());
        assert_eq!(names(&t), ["women", "men"]);
        assert!(t.expand());
        assert_eq!(names(&t), ["women", "clothes", "bags", "men"]);
        assert!(t.expand(), "already expanded: moves to the first child");
        assert_eq!(t.current().map(|n| n.id.as_str()), Some("clothes"));
        t.expand();
        assert_eq!(
            names(&t),
            ["women", "clothes", "dresses", "jeans", "bags", "men"],
            "empty categories are left out"
        );
        t.move_by(1);
        assert_eq!(t.current().map(|n| n.depth), Some(2));
        assert!(t.collapse(), "a leaf: goes to its parent");
        assert_eq!(t.current().map(|n| n.id.as_str()), Some("clothes"));
        assert!(t.collapse());
        assert_eq!(names(&t), ["women", "clothes", "bags", "men"]);
        t.move_by(-10);
        assert!(t.collapse());
        assert_eq!(names(&t), ["women", "men"]);
        assert!(!t.collapse());

        assert!(t.reveal("jeans"));
        assert_eq!(t.current().map(|n| n.id.as_str()), Some("jeans"));
        assert_eq!(t.cursor(), 3);
        assert!(!t.reveal("gowns"));
        assert_eq!(t.name("dresses"), "DRESSES");
        assert_eq!(t.name("nope"), "nope");
    }
}
