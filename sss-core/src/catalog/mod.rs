//! The offline ShopStyle-compatible catalog: ShopStyle API v2 answers over the bundled real
//! product data, from in-memory indexes built once at start-up.
//!
//! [`Catalog::bundled`] builds it from the data compiled into the binary (44,446 products,
//! 847 ShopStyle categories plus 82 aliases). Queries intersect posting lists (per category
//! subtree, per search term, per brand, retailer and colour, on sale) and read precomputed sort
//! orders; no query scans every product. [`Catalog`] implements
//! [`Upstream`](crate::upstream::Upstream), so it stands in for the real API in-process; the
//! `sss-daemon catalog` role serves the same answers over HTTP.
//!
//! How categories, brands, retailers, colours and the estimated prices are derived is
//! documented in `README.md` next to this file. Prices are estimates, never real.

mod aliases;
mod attrs;
mod brands;
mod build;
mod classify;
mod data;
mod error;
mod facets;
mod postings;
mod prices;
mod query;
mod rank;
mod render;
mod rules;
mod suggest;
mod text;
mod tree;
mod typo;
mod upstream;
mod vocab;

use std::fmt;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::{Map, Value};

pub use data::{SEED_CATEGORIES_JSON, Sources, seed_category_ids};
pub use error::{CatalogError, ss_error};
pub use facets::CATEGORY_LEVELS;
pub use query::{DEFAULT_LIMIT, MAX_DEPTH, MAX_FILTERS, MAX_LIMIT, SORT_NAMES};
pub use render::{LINK_BASE, PLACEHOLDER_IMAGE};
pub use suggest::{MAX_SUGGEST_CHARS, MAX_SUGGEST_LIMIT, Suggestion, SuggestionKind};

use crate::upstream::SearchRequest;
use crate::upstream::wire::{
    CORRECTED_FIELD, MATCH_FIELD, SsBrandsResponse, SsCategoriesMetadata, SsCategoriesResponse,
    SsColorsResponse, SsProduct, SsRef, SsRetailersResponse, SsSearchMetadata, SsSearchResponse,
};

/// The deepest `depth` `/categories` takes.
pub const MAX_CATEGORY_DEPTH: u32 = 20;

/// The catalog: products, the category tree and every index, immutable once built.
pub struct Catalog {
    tree: tree::Tree,
    items: Vec<build::Item>,
    brands: Vec<String>,
    index: build::Index,
    /// Built on first use (see `typo.rs`).
    typos: typo::LazyTypos,
    /// Built on first use (see `suggest.rs`).
    suggestions: OnceLock<suggest::SuggestIndex>,
    build_time: Duration,
}

impl fmt::Debug for Catalog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Catalog")
            .field("products", &self.items.len())
            .field("categories", &self.tree.nodes.len())
            .field("brands", &self.brands.len())
            .field("build_time", &self.build_time)
            .finish()
    }
}

impl Catalog {
    /// Builds the catalog from the data compiled into the binary.
    pub fn bundled() -> Result<Catalog, CatalogError> {
        Catalog::from_sources(&Sources::bundled())
    }

    /// Builds a catalog from `sources` (tests use small data).
    pub fn from_sources(sources: &Sources<'_>) -> Result<Catalog, CatalogError> {
        let started = Instant::now();
        let b = build::build(sources)?;
        Ok(Catalog {
            tree: b.tree,
            items: b.items,
            brands: b.brands,
            index: b.index,
            typos: typo::LazyTypos::default(),
            suggestions: OnceLock::new(),
            build_time: started.elapsed(),
        })
    }

    /// How many products it holds.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether it holds no products.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// How many categories it has, aliases and the root included.
    pub fn category_count(&self) -> usize {
        self.tree.nodes.len()
    }

    /// How long building took.
    pub fn build_time(&self) -> Duration {
        self.build_time
    }

    /// `GET /products`: a page of products. `req.limit` is used as given (the HTTP layer fills
    /// in [`DEFAULT_LIMIT`] when the client sends none).
    pub fn search(&self, req: &SearchRequest) -> Result<SsSearchResponse, CatalogError> {
        let plan = self.plan(req)?;
        let (total, page, how) = self.run(&plan);
        let mut extra = Map::new();
        if let Some(how) = how {
            extra.insert(MATCH_FIELD.to_owned(), Value::from(how.as_str()));
            if let Some(c) = plan.corrected {
                extra.insert(CORRECTED_FIELD.to_owned(), Value::from(c.text));
            }
        }
        Ok(SsSearchResponse {
            metadata: SsSearchMetadata {
                offset: plan.offset,
                limit: plan.limit,
                total,
                category: plan.cat.map(|c| self.category(c)),
                extra,
            },
            products: page.into_iter().map(|p| self.render(p)).collect(),
        })
    }

    /// Suggestions for a partial query: at most `limit` (and at most [`MAX_SUGGEST_LIMIT`])
    /// categories, brands and query completions whose words start with `prefix` (only its
    /// first [`MAX_SUGGEST_CHARS`] characters count), typo-tolerant like the search, each with
    /// how many products it finds, best first (the order is in `suggest.rs`). Empty for a
    /// prefix with no letter or digit. The first call builds the suggestion index (see
    /// [`Catalog::prepare`]).
    pub fn suggest(&self, prefix: &str, limit: usize) -> Vec<Suggestion> {
        self.suggestion_index().suggest(prefix, limit)
    }

    /// Builds the indexes built on first use (the words typos are corrected to, the
    /// suggestions) now if they are not built yet: a server may call this after start-up, off
    /// the request path. Returns how long that took.
    pub fn prepare(&self) -> Duration {
        let started = Instant::now();
        self.typos.get(&self.index);
        self.suggestion_index();
        started.elapsed()
    }

    fn suggestion_index(&self) -> &suggest::SuggestIndex {
        self.suggestions
            .get_or_init(|| suggest::SuggestIndex::build(self))
    }

    /// `GET /products/{id}`: one product by its numeric id.
    pub fn product(&self, id: &str) -> Result<SsProduct, CatalogError> {
        let t = id.trim();
        if t.is_empty() || t.len() > 20 || !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CatalogError::invalid(
                "id",
                format!(
                    "{:?} is not a product id; allowed: a number",
                    query::clip(id)
                ),
            ));
        }
        t.parse::<u64>()
            .ok()
            .and_then(|n| self.index.by_id.get(&n))
            .map(|&pos| self.render(pos))
            .ok_or_else(|| CatalogError::ProductNotFound { id: t.to_owned() })
    }

    /// `GET /categories`: the tree under `cat` (default: the root) down to `depth` levels
    /// (default: all), depth-first, each with its subtree's product count.
    pub fn categories(
        &self,
        cat: Option<&str>,
        depth: Option<u32>,
    ) -> Result<SsCategoriesResponse, CatalogError> {
        let root = match cat.filter(|c| !c.trim().is_empty()) {
            Some(c) => self.resolve_cat(c)?,
            None => tree::ROOT,
        };
        let depth = depth.unwrap_or(MAX_CATEGORY_DEPTH);
        if depth > MAX_CATEGORY_DEPTH {
            return Err(CatalogError::invalid(
                "depth",
                format!("{depth} is too deep; allowed: 0 to {MAX_CATEGORY_DEPTH}"),
            ));
        }
        let ids = self.tree.descendants(root, depth);
        let base = self.tree.node(root).depth;
        let max_depth = ids
            .iter()
            .map(|&i| self.tree.node(i).depth - base)
            .max()
            .unwrap_or(0);
        Ok(SsCategoriesResponse {
            metadata: SsCategoriesMetadata {
                root: self.category(root),
                max_depth,
            },
            categories: ids.into_iter().map(|i| self.category(i)).collect(),
        })
    }

    /// `GET /brands`: every brand, by name.
    pub fn brands(&self) -> SsBrandsResponse {
        SsBrandsResponse {
            metadata: Map::new(),
            brands: self
                .brands
                .iter()
                .enumerate()
                .map(|(i, b)| named(&(i + 1).to_string(), b, self.index.by_brand[i].len()))
                .collect(),
        }
    }

    /// `GET /retailers`: the (invented) retailers.
    pub fn retailers(&self) -> SsRetailersResponse {
        SsRetailersResponse {
            retailers: attrs::RETAILERS
                .iter()
                .enumerate()
                .map(|(i, (id, n))| named(&id.to_string(), n, self.index.by_retailer[i].len()))
                .collect(),
        }
    }

    /// `GET /colors`: the canonical colours.
    pub fn colors(&self) -> SsColorsResponse {
        SsColorsResponse {
            colors: attrs::COLORS
                .iter()
                .enumerate()
                .map(|(i, (id, n))| named(&id.to_string(), n, self.index.by_color[i].len()))
                .collect(),
        }
    }

    /// The category ids a product sits in, primary first; `None` for an unknown id.
    pub fn product_category_ids(&self, id: u64) -> Option<Vec<String>> {
        let pos = *self.index.by_id.get(&id)?;
        Some(
            self.items[pos as usize]
                .cats
                .iter()
                .map(|&c| self.tree.node(c).cat.id.clone())
                .collect(),
        )
    }

    /// How many products the subtree of category `id` holds; `None` for an unknown id.
    pub fn category_product_count(&self, id: &str) -> Option<usize> {
        self.tree
            .get(id)
            .map(|c| self.index.by_cat[c as usize].len())
    }
}

/// `{id, name, productCount}`; `productCount` is the catalog's addition.
fn named(id: &str, name: &str, count: usize) -> SsRef {
    let mut extra = Map::new();
    extra.insert("productCount".to_owned(), Value::from(count as u64));
    SsRef {
        id: crate::upstream::wire::FlexId::Str(id.to_owned()),
        name: name.to_owned(),
        extra,
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_typo;
