//! What the client sends and what comes back.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::domain::{CacheStatus, Category, Product, SearchQuery, Sort, TextMatch};

/// The parameters of `GET /api/v1/products`, as a client sends them. Unset fields are left out
/// and the server applies its defaults; the server validates and normalises everything.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SearchParams {
    /// A category id (`cat`); its whole subtree matches.
    pub cat: Option<String>,
    /// Free text (`fts`).
    pub fts: Option<String>,
    /// The order (`sort`).
    pub sort: Option<Sort>,
    /// The first product's position (`offset`, 0..=5000).
    pub offset: Option<u32>,
    /// The page size (`limit`, 1..=100).
    pub limit: Option<u32>,
    /// Brand ids (`brand`, repeated).
    pub brand: Vec<String>,
    /// Retailer ids (`retailer`, repeated).
    pub retailer: Vec<String>,
    /// Colour ids (`color`, repeated).
    pub color: Vec<String>,
    /// Size ids (`size`, repeated).
    pub size: Vec<String>,
    /// The lowest price (`minPrice`).
    pub min_price: Option<f64>,
    /// The highest price (`maxPrice`).
    pub max_price: Option<f64>,
    /// Only products on sale (`sale=true`), or explicitly all (`sale=false`).
    pub sale: Option<bool>,
    /// Only products at least this many percent off (`minDiscount`: 20, 30, 40, 50, 60, 70).
    pub min_discount: Option<u32>,
}

impl SearchParams {
    /// A search of a category.
    pub fn category(cat: impl Into<String>) -> Self {
        Self {
            cat: Some(cat.into()),
            ..Self::default()
        }
    }

    /// A free-text search.
    pub fn text(fts: impl Into<String>) -> Self {
        Self {
            fts: Some(fts.into()),
            ..Self::default()
        }
    }

    /// The query string's name/value pairs, in the API's spelling and a fixed order.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if let Some(c) = &self.cat {
            out.push(("cat", c.clone()));
        }
        if let Some(f) = &self.fts {
            out.push(("fts", f.clone()));
        }
        if let Some(s) = self.sort {
            out.push(("sort", s.as_str().to_owned()));
        }
        if let Some(o) = self.offset {
            out.push(("offset", o.to_string()));
        }
        if let Some(l) = self.limit {
            out.push(("limit", l.to_string()));
        }
        out.extend(self.brand.iter().map(|b| ("brand", b.clone())));
        out.extend(self.retailer.iter().map(|r| ("retailer", r.clone())));
        out.extend(self.color.iter().map(|c| ("color", c.clone())));
        out.extend(self.size.iter().map(|s| ("size", s.clone())));
        if let Some(p) = self.min_price {
            out.push(("minPrice", p.to_string()));
        }
        if let Some(p) = self.max_price {
            out.push(("maxPrice", p.to_string()));
        }
        if let Some(s) = self.sale {
            out.push(("sale", s.to_string()));
        }
        if let Some(d) = self.min_discount {
            out.push(("minDiscount", d.to_string()));
        }
        out
    }
}

impl From<&SearchQuery> for SearchParams {
    fn from(q: &SearchQuery) -> Self {
        Self {
            cat: q.cat.clone(),
            fts: q.fts.clone(),
            sort: Some(q.sort),
            offset: Some(q.offset),
            limit: Some(q.limit),
            brand: q.brand.clone(),
            retailer: q.retailer.clone(),
            color: q.color.clone(),
            size: q.size.clone(),
            min_price: q.min_price,
            max_price: q.max_price,
            sale: q.sale.then_some(true),
            min_discount: q.min_discount,
        }
    }
}

/// One value of a facet: its id (what the facet's search parameter takes), name and how many
/// of the search's products have it. Price bands carry `min`/`max` (for `minPrice`/`maxPrice`;
/// no `max` on the top band) and discounts `min` (for `minDiscount`) instead of an id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FacetValue {
    /// The id the search parameter takes (`brand=<id>`, `cat=<id>`); absent for price bands
    /// and discounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The display name (`Nike`, `$25 – $50`, `30% off or more`).
    #[serde(default)]
    pub name: String,
    /// A price band's lowest price (whole currency units), or a discount's least percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<u32>,
    /// A price band's highest price (exclusive); absent on the top band.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
    /// How many products of the search have it: the `total` the search with this value chosen
    /// would have (for a facet the search already filters by, in place of its own values).
    pub count: u64,
}

/// `GET /api/v1/facets`: per facet, its values among a search's products, most first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct FacetsPage {
    /// The search as understood (page fields at their defaults), with the facets asked for.
    pub query: serde_json::Value,
    /// How many products the search matches.
    pub total: u64,
    /// Per facet asked for (`brand`, `retailer`, `color`, `size`, `price`, `discount`,
    /// `category`): at most 50 values with products, most products first (price bands and
    /// discounts in their own order).
    pub facets: std::collections::BTreeMap<String, Vec<FacetValue>>,
    /// How the answer was served.
    pub cache: CacheInfo,
}

/// One value of `/api/v1/brands`, `/retailers` or `/colors`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NamedValue {
    /// The id the search parameter takes.
    pub id: String,
    /// The display name.
    pub name: String,
    /// How many products have it, when the upstream says (the bundled catalog does).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
}

/// `GET /api/v1/brands` (and `/retailers`, `/colors`): the values whose name starts with `q`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NamedList {
    /// What was asked: `{"list": "brands", "q": "ni"}`.
    pub query: serde_json::Value,
    /// How many values match.
    pub total: u64,
    /// The values, by name.
    pub values: Vec<NamedValue>,
    /// How the answer was served.
    pub cache: CacheInfo,
}

/// `GET /api/v1/suggest`: suggestions for what has been typed, best first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SuggestPage {
    /// What was asked: `{"q": "sne", "limit": 8}`.
    pub query: serde_json::Value,
    /// The suggestions: categories, brands and query completions, each with its count.
    pub suggestions: Vec<crate::domain::Suggestion>,
    /// How the answer was served.
    pub cache: CacheInfo,
}

/// The `cache` object of a search page: how and when the page was fetched.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CacheInfo {
    /// The same as the `X-Cache` header, lower-cased: `hit`, `miss`, `stale` or `store`.
    pub status: CacheStatus,
    /// When the upstream answered (RFC 3339).
    pub fetched_at: String,
    /// Seconds since then.
    pub age_seconds: u64,
}

/// A page of search results (`GET /api/v1/products`): the one definition of the page's shape.
/// The server writes these bytes itself (`service::page`, whose tests parse them into this
/// type); the client reads them into it; the OpenAPI document's schema is derived from it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SearchPage {
    /// The query as understood: normalised, defaults filled in; for a text search it also
    /// carries `match` and `corrected`, as the page does.
    pub query: SearchQuery,
    /// How the free text (`fts`) matched: `exact` (the words as written, in order, are in
    /// products' names), `all` (every word matched, some through the shopper's vocabulary:
    /// synonyms, categories, gendered forms), `partial` (no product matched every word; the page
    /// holds the closest matches). Absent when the upstream makes no statement (ShopStyle's own
    /// API does not).
    #[serde(default, rename = "match", skip_serializing_if = "Option::is_none")]
    pub matched: Option<TextMatch>,
    /// The free text as the upstream understood it when it corrected a typo (`sneekers` ->
    /// `sneakers`; `addidas shoes` -> `adidas shoes`): lower-case, the corrected words in
    /// place. `match` then describes this text. Absent when no word was corrected, and from
    /// upstreams that make no statement (ShopStyle's own API does not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrected: Option<String>,
    /// How many products match in all.
    pub total: u64,
    /// The first product's position.
    pub offset: u32,
    /// The page size.
    pub limit: u32,
    /// The page.
    pub products: Vec<Product>,
    /// How the page was answered.
    pub cache: CacheInfo,
}

/// A search page and how it travelled.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchResult {
    /// The page.
    pub page: SearchPage,
    /// The `X-Cache` header (`HIT`, `MISS`, `STALE`, `STORE`), when the server sent one.
    pub cache_status: Option<String>,
    /// The `Age` header in seconds, when sent.
    pub age: Option<u64>,
    /// The `ETag` header, when sent.
    pub etag: Option<String>,
    /// The `X-Request-Id` header, when sent.
    pub request_id: Option<String>,
    /// From sending the request to having read the whole body.
    pub elapsed: Duration,
}

impl SearchResult {
    /// The products of the page.
    pub fn products(&self) -> &[Product] {
        &self.page.products
    }

    /// The offset of the next page, when one follows within the API's depth cap. The API
    /// also caps `offset + limit` at [`crate::domain::MAX_OFFSET`], so the next request's limit
    /// must be at most `MAX_OFFSET - next`.
    pub fn next_offset(&self) -> Option<u32> {
        let got = u32::try_from(self.page.products.len()).unwrap_or(u32::MAX);
        let next = self.page.offset.saturating_add(got);
        let more = got > 0 && u64::from(next) < self.page.total && next < crate::domain::MAX_OFFSET;
        more.then_some(next)
    }
}

/// The category tree (`GET /api/v1/categories`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategoryList {
    /// The root's id; top-level categories have it as `parentId`.
    pub root: String,
    /// Every category, depth-first.
    pub categories: Vec<Category>,
}

impl CategoryList {
    /// The category with `id`.
    pub fn get(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// The ids of up to `max` categories closest to `needle`: those whose id or name contains
    /// it first, then by edit distance of the ids.
    pub fn similar(&self, needle: &str, max: usize) -> Vec<&str> {
        let needle = needle.trim().to_lowercase();
        let mut scored: Vec<(bool, usize, &str)> = self
            .categories
            .iter()
            .map(|c| {
                let contains = c.id.contains(&needle) || c.name.to_lowercase().contains(&needle);
                (
                    !contains,
                    strsim::levenshtein(&needle, &c.id),
                    c.id.as_str(),
                )
            })
            .collect();
        scored.sort_unstable();
        scored.into_iter().take(max).map(|(_, _, id)| id).collect()
    }
}

/// The answer of `GET /readyz`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Readiness {
    /// 200: ready, or degraded (some dependency down, searches still answered).
    pub ready: bool,
    /// Why not, from a 503's message (`not ready: redis: ...`).
    pub message: Option<String>,
    /// The round trip.
    pub elapsed: Duration,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_ids_come_first() {
        let cat = |id: &str| Category {
            id: id.into(),
            name: id.into(),
            short_name: id.into(),
            full_name: id.into(),
            parent_id: None,
            product_count: None,
        };
        let list = CategoryList {
            root: "women".into(),
            categories: ["women", "dresses", "casual-dresses", "jeans", "dress-shoes"]
                .map(cat)
                .to_vec(),
        };
        assert_eq!(list.similar("dresess", 1), ["dresses"]);
        assert_eq!(list.similar("dress", 2), ["dresses", "dress-shoes"]);
    }
}
