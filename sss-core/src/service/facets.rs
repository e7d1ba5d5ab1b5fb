//! Filling facet counts (`/api/v1/facets`), named lists (`/api/v1/brands` and its kin) and
//! suggestions (`/api/v1/suggest`): the poller's side of [`Shape::Facets`], [`Shape::List`] and
//! [`Shape::Suggest`].
//!
//! Facet counts are disjunctive: a facet the search already filters by is counted over the
//! search without that filter, so the other values show what choosing them would add (how
//! shoppers multi-select). The upstream's `/products/histogram` counts conjunctively, so a
//! fill makes one histogram call for the facets the search does not filter by (the search as
//! it is) and one more for each facet it does (the search less that filter): `1 + k` upstream
//! calls for `k` selected facets, all at once. The answer is cached as one page; its parts are
//! not cached apart.

use std::collections::BTreeMap;
use std::time::Instant;

use serde::Serialize;
use serde_json::Value;

use super::page::{CachedPage, Shape, now_ms};
use super::poller::Poller;
use crate::api::{CategoryList, FacetValue, NamedValue};
use crate::domain::{
    DISCOUNT_FILTERS, Facet, FacetSet, ListKind, PRICE_FILTERS, SearchQuery, Suggestion,
    SuggestionKind, normalise_prefix,
};
use crate::upstream::wire::{SsHistogramEntry, SsHistogramResponse, SsRef};
use crate::upstream::{SearchRequest, UpstreamError};

/// The most values one facet lists (the most common first).
pub const FACET_VALUES: usize = 50;
/// The most values one list answer holds (by name; `total` says how many match).
pub const LIST_VALUES: usize = 100;

/// The histogram calls a facet request needs: the facets counted over the search as it is,
/// then each facet the search filters by with the query less that filter.
pub fn histogram_calls(query: &SearchQuery, set: FacetSet) -> Vec<(SearchQuery, Vec<Facet>)> {
    let base = query.facet_base();
    let (selected, plain): (Vec<Facet>, Vec<Facet>) = set.iter().partition(|f| base.filters_by(*f));
    // The plain call also gives the total; when every facet asked for is selected, it asks for
    // the cheapest list (discounts) only for that.
    let plain = if plain.is_empty() {
        vec![Facet::Discount]
    } else {
        plain
    };
    let mut calls = vec![(base.clone(), plain)];
    calls.extend(selected.into_iter().map(|f| (base.without(f), vec![f])));
    calls
}

/// The public facets body, left open for the `cache` object: `{"query", "total", "facets"`.
pub fn facets_body(
    query: &SearchQuery,
    set: FacetSet,
    answers: &[(Vec<Facet>, SsHistogramResponse)],
) -> (Vec<u8>, u64) {
    let total = answers.first().and_then(|(_, a)| a.total()).unwrap_or(0);
    let mut facets: BTreeMap<&'static str, Vec<FacetValue>> = BTreeMap::new();
    for (asked, answer) in answers {
        for &f in asked.iter().filter(|f| set.contains(**f)) {
            let entries = answer.list(f).unwrap_or_default();
            facets.insert(f.as_str(), values(f, entries));
        }
    }
    #[derive(Serialize)]
    struct Echo<'a> {
        #[serde(flatten)]
        query: &'a SearchQuery,
        facets: Vec<&'static str>,
    }
    #[derive(Serialize)]
    struct Head<'a> {
        query: Echo<'a>,
        total: u64,
        facets: BTreeMap<&'static str, Vec<FacetValue>>,
    }
    let base = query.facet_base();
    let head = Head {
        query: Echo {
            query: &base,
            facets: set.iter().map(Facet::as_str).collect(),
        },
        total,
        facets,
    };
    (open_object(&head), total)
}

/// A facet's values in the public shape: with products only, at most [`FACET_VALUES`], most
/// products first (price bands and discounts keep their own order).
fn values(f: Facet, entries: &[SsHistogramEntry]) -> Vec<FacetValue> {
    let mut out: Vec<FacetValue> = entries
        .iter()
        .filter(|e| e.count > 0)
        .filter_map(|e| {
            let id = e.id.to_string();
            let mut v = FacetValue {
                id: Some(id.clone()),
                name: e.name.clone(),
                min: None,
                max: None,
                count: e.count,
            };
            match f {
                Facet::Price => {
                    let &(_, lo, hi) = PRICE_FILTERS.iter().find(|(i, ..)| i.to_string() == id)?;
                    v.id = None;
                    v.min = Some(lo);
                    v.max = hi;
                }
                Facet::Discount => {
                    let &(_, pct) = DISCOUNT_FILTERS.iter().find(|(i, _)| i.to_string() == id)?;
                    v.id = None;
                    v.min = Some(pct);
                }
                _ => {}
            }
            Some(v)
        })
        .collect();
    match f {
        Facet::Price | Facet::Discount => {
            out.sort_by_key(|v| v.min);
        }
        _ => out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name))),
    }
    out.truncate(FACET_VALUES);
    out
}

/// The public list body, left open for the `cache` object: `{"query", "total", "values"`. The
/// values whose name starts with `prefix` (case-blind, or any word of the name does: `ni`
/// finds `Nike` and `Mango Nights`), those starting the whole name first, then by name.
pub fn list_body(kind: ListKind, prefix: Option<&str>, all: &[SsRef]) -> Vec<u8> {
    let mut hits: Vec<(bool, NamedValue)> = all
        .iter()
        .filter_map(|r| {
            let name = normalise_prefix(&r.name);
            let starts = match prefix {
                None => true,
                Some(p) => name.starts_with(p),
            };
            let word = prefix.is_some_and(|p| name.split(' ').any(|w| w.starts_with(p)));
            (starts || word).then(|| {
                let count = ["productCount", "count"]
                    .iter()
                    .find_map(|k| r.extra.get(*k).and_then(Value::as_u64));
                (
                    starts,
                    NamedValue {
                        id: r.id.to_string(),
                        name: r.name.clone(),
                        count,
                    },
                )
            })
        })
        .collect();
    hits.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.name.cmp(&b.1.name)));
    let total = hits.len() as u64;
    #[derive(Serialize)]
    struct Head<'a> {
        query: Value,
        total: u64,
        values: Vec<&'a NamedValue>,
    }
    let head = Head {
        query: serde_json::json!({"list": kind.as_str(), "q": prefix}),
        total,
        values: hits.iter().take(LIST_VALUES).map(|(_, v)| v).collect(),
    };
    open_object(&head)
}

/// `v` as JSON without its closing brace (the answer appends the `cache` object).
fn open_object<T: Serialize>(v: &T) -> Vec<u8> {
    let mut body = serde_json::to_vec(v).unwrap_or_else(|_| b"{}".to_vec());
    body.pop();
    body
}

impl Poller {
    /// The facet counts of `query`, from the upstream (`1 + k` histogram calls, concurrently).
    pub(super) async fn facets_page(
        &self,
        query: &SearchQuery,
        set: FacetSet,
    ) -> Result<(CachedPage, u64), UpstreamError> {
        let calls = histogram_calls(query, set);
        let upstream = self.upstream();
        let started = Instant::now();
        let answers = futures_util::future::join_all(calls.iter().map(|(q, facets)| async move {
            let req = SearchRequest::from(q);
            let answer = upstream.histogram(&req, facets).await;
            self.metrics().upstream_call(&answer);
            answer.map(|a| (facets.clone(), a))
        }))
        .await;
        self.metrics().upstream_latency.observe(started.elapsed());
        let answers = answers.into_iter().collect::<Result<Vec<_>, _>>()?;
        let (body, total) = facets_body(query, set, &answers);
        let page = CachedPage::from_parts(Shape::Facets(set), now_ms(), body.into());
        Ok((page, total))
    }

    /// A named list filtered by the query's name prefix, from the upstream's whole list (kept
    /// in this process for the list lifetime).
    pub(super) async fn list_page(
        &self,
        kind: ListKind,
        query: &SearchQuery,
    ) -> Result<CachedPage, UpstreamError> {
        let all = self.whole_list(kind).await?;
        let body = list_body(kind, query.fts.as_deref(), &all);
        Ok(CachedPage::from_parts(
            Shape::List(kind),
            now_ms(),
            body.into(),
        ))
    }
}

/// The public suggestions body, left open for the `cache` object: `{"query", "suggestions"`.
pub fn suggest_body(prefix: &str, limit: u32, suggestions: &[Suggestion]) -> Vec<u8> {
    #[derive(Serialize)]
    struct Head<'a> {
        query: Value,
        suggestions: &'a [Suggestion],
    }
    open_object(&Head {
        query: serde_json::json!({"q": prefix, "limit": limit}),
        suggestions,
    })
}

/// Suggestions from the category tree and a brand list, for an upstream that makes none (the
/// real ShopStyle API): the categories and brands whose name, or a word of it, starts with
/// `prefix` (case-blind), those whose whole name starts so first, then the most products,
/// categories before brands, then by name. No typo tolerance and no query completions: those
/// need the catalog's vocabulary.
pub fn suggest_from_lists(
    prefix: &str,
    limit: u32,
    categories: &CategoryList,
    brands: &[SsRef],
) -> Vec<Suggestion> {
    let p = normalise_prefix(prefix);
    if p.is_empty() {
        return Vec::new();
    }
    let rank = |name: &str| -> Option<bool> {
        let n = normalise_prefix(name);
        if n.starts_with(&p) {
            Some(true)
        } else {
            n.split(' ').any(|w| w.starts_with(&p)).then_some(false)
        }
    };
    let mut found: Vec<(bool, Suggestion)> = Vec::new();
    for c in &categories.categories {
        if let Some(start) = rank(&c.name) {
            found.push((
                start,
                Suggestion {
                    kind: SuggestionKind::Category,
                    text: c.name.clone(),
                    id: Some(c.id.clone()),
                    count: c.product_count.unwrap_or(0),
                },
            ));
        }
    }
    for b in brands {
        if let Some(start) = rank(&b.name) {
            let count = b.extra.get("productCount").and_then(Value::as_u64);
            found.push((
                start,
                Suggestion {
                    kind: SuggestionKind::Brand,
                    text: b.name.clone(),
                    id: Some(b.id.to_string()),
                    count: count.unwrap_or(0),
                },
            ));
        }
    }
    let kind_order = |k: SuggestionKind| k as u8;
    found.sort_by(|(a_start, a), (b_start, b)| {
        b_start
            .cmp(a_start)
            .then_with(|| b.count.cmp(&a.count))
            .then_with(|| kind_order(a.kind).cmp(&kind_order(b.kind)))
            .then_with(|| a.text.cmp(&b.text))
    });
    // A category and its alias can share a name: keep one of each text and kind.
    let mut seen = std::collections::HashSet::new();
    found
        .into_iter()
        .map(|(_, s)| s)
        .filter(|s| seen.insert((s.kind, s.text.to_lowercase())))
        .take(limit as usize)
        .collect()
}

impl Poller {
    /// Suggestions for the query's text (`fts`, the prefix) and `limit`: the upstream's own,
    /// else made from the category tree and the brand list.
    pub(super) async fn suggest_page(
        &self,
        query: &SearchQuery,
    ) -> Result<CachedPage, UpstreamError> {
        let prefix = query.fts.as_deref().unwrap_or_default();
        let limit = query.limit;
        let answer = self.upstream().suggest(prefix, limit).await;
        self.metrics().upstream_call(&answer);
        let suggestions = match answer? {
            Some(list) => list,
            None => {
                let tree: CategoryList = self
                    .categories()
                    .await
                    .ok()
                    .and_then(|body| serde_json::from_slice(&body).ok())
                    .unwrap_or(CategoryList {
                        root: String::new(),
                        categories: Vec::new(),
                    });
                let brands = self.whole_list(ListKind::Brands).await?;
                suggest_from_lists(prefix, limit, &tree, &brands)
            }
        };
        let body = suggest_body(prefix, limit, &suggestions);
        Ok(CachedPage::from_parts(
            Shape::Suggest,
            now_ms(),
            body.into(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Category;
    use crate::upstream::wire::FlexId;

    fn cat(id: &str, name: &str, count: u64) -> Category {
        Category {
            id: id.into(),
            name: name.into(),
            short_name: name.into(),
            full_name: name.into(),
            parent_id: None,
            product_count: Some(count),
        }
    }

    fn brand(id: &str, name: &str, count: u64) -> SsRef {
        let mut extra = serde_json::Map::new();
        extra.insert("productCount".into(), Value::from(count));
        SsRef {
            id: FlexId::Str(id.into()),
            name: name.into(),
            extra,
        }
    }

    /// What the real ShopStyle API gets: categories and brands by prefix, no typo tolerance.
    #[test]
    fn without_the_catalog_suggestions_come_from_the_tree_and_the_brands() {
        let tree = CategoryList {
            root: "root".into(),
            categories: vec![
                cat("womens-sneakers", "Women's Sneakers", 500),
                cat("mens-sneakers", "Men's Sneakers", 2400),
                cat("dresses", "Dresses", 356),
            ],
        };
        let brands = [brand("1", "Nike", 2289), brand("2", "Sneaky Pete", 3)];
        let got = suggest_from_lists("SNE", 5, &tree, &brands);
        let texts: Vec<&str> = got.iter().map(|s| s.text.as_str()).collect();
        // A whole name starting with it first, then later words, most products first.
        assert_eq!(texts, ["Sneaky Pete", "Men's Sneakers", "Women's Sneakers"]);
        assert_eq!(got[0].kind, SuggestionKind::Brand);
        assert_eq!(got[1].id.as_deref(), Some("mens-sneakers"));
        assert!(suggest_from_lists("nikee", 5, &tree, &brands).is_empty());
        assert_eq!(suggest_from_lists("", 5, &tree, &brands), Vec::new());
        assert_eq!(suggest_from_lists("s", 1, &tree, &brands).len(), 1);
    }
}
