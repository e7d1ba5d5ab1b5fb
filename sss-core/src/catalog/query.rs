//! `GET /products`: checking a request against the bounds, then answering it from the indexes.
//!
//! Bounds (like ShopStyle's): `limit` 0..=100 (0 gives only the total), `offset` 0..=5000 and
//! `offset + limit` <= 5000, otherwise a 400 that names the bound. `fl` may be given up to 32
//! times; filters of one kind are OR-ed, kinds are AND-ed.

use std::borrow::Cow;

use super::attrs::{COLORS, RETAILERS, SIZES};
use super::error::CatalogError;
use super::postings::{intersect, union};
use super::{Catalog, build::SORTS};
use super::{rank, typo};
use crate::domain::{
    DISCOUNT_FILTERS, ECHO_CHARS, MAX_FTS_CHARS, MAX_ID_CHARS, PRICE_FILTERS, TextMatch,
};
use crate::upstream::SearchRequest;

/// The largest page.
pub const MAX_LIMIT: u32 = 100;
/// The page size when none is asked for.
pub const DEFAULT_LIMIT: u32 = 10;
/// The deepest `offset + limit`.
pub const MAX_DEPTH: u32 = 5000;
/// The most `fl` filters one request takes.
pub const MAX_FILTERS: usize = 32;
/// The longest `fl` value.
pub const MAX_FILTER_CHARS: usize = 64;
/// The most words `fts` may have.
pub const MAX_FTS_TERMS: usize = 20;
/// The `sort` values besides relevance (which is no `sort` at all).
pub const SORT_NAMES: [&str; SORTS] = ["PriceLoHi", "PriceHiLo", "Recency", "Popular"];

/// A request checked and resolved against the catalog.
#[derive(Debug, Default)]
pub(super) struct Plan {
    pub cat: Option<u32>,
    pub terms: Option<Vec<String>>,
    /// The words of `terms` that are corrections of typed words, and the text as understood.
    pub corrected: Option<typo::Corrected>,
    /// Per filter kind: `None` when not filtered, else the matching list indexes (possibly
    /// none, for ids the catalog does not have).
    pub brands: Option<Vec<u32>>,
    pub retailers: Option<Vec<u32>>,
    pub colors: Option<Vec<u32>>,
    pub sizes: Option<Vec<u32>>,
    /// Effective price bounds in cents, inclusive.
    pub price: Option<(u64, u64)>,
    /// Least discount in percent; `Some(0)` (from `d0`) means on sale at all.
    pub min_discount: Option<u32>,
    /// An index into [`SORT_NAMES`]; `None` for relevance.
    pub sort: Option<usize>,
    pub offset: u32,
    pub limit: u32,
}

fn invalid(p: &str, m: impl Into<String>) -> CatalogError {
    CatalogError::invalid(p, m)
}

/// At most [`ECHO_CHARS`] characters of `s`, for echoing client input in messages.
pub(super) fn clip(s: &str) -> String {
    crate::domain::clip(s, ECHO_CHARS)
}

impl Catalog {
    /// Resolves a category id as `cat` gives it.
    pub(super) fn resolve_cat(&self, raw: &str) -> Result<u32, CatalogError> {
        let id = raw.trim().to_lowercase();
        let ok = !id.is_empty()
            && id.chars().count() <= MAX_ID_CHARS
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !ok {
            return Err(invalid(
                "cat",
                format!(
                    "{:?} is not a category id; allowed: 1 to {MAX_ID_CHARS} letters, digits, \
                     '-', '_' or '.' (see /categories)",
                    clip(raw)
                ),
            ));
        }
        self.tree
            .get(&id)
            .ok_or_else(|| CatalogError::UnknownCategory {
                suggestions: self.tree.suggestions(&id),
                id,
            })
    }

    pub(super) fn plan(&self, req: &SearchRequest) -> Result<Plan, CatalogError> {
        let mut plan = Plan::default();
        if let Some(c) = req.cat.as_deref().filter(|c| !c.trim().is_empty()) {
            plan.cat = Some(self.resolve_cat(c)?);
        }
        if let Some(f) = req.fts.as_deref().filter(|f| !f.trim().is_empty()) {
            let (terms, corrected) = self.typos.correct(&self.index, f, fts_terms(f)?);
            plan.terms = Some(terms);
            plan.corrected = corrected;
        }
        if req.fl.len() > MAX_FILTERS {
            return Err(invalid(
                "fl",
                format!(
                    "{} filters given; allowed: at most {MAX_FILTERS}",
                    req.fl.len()
                ),
            ));
        }
        for f in &req.fl {
            self.add_filter(&mut plan, f)?;
        }
        plan.sort = match req.sort.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => Some(SORT_NAMES.iter().position(|n| *n == s).ok_or_else(|| {
                invalid(
                    "sort",
                    format!(
                        "unknown sort {:?}; allowed: {} (or none for relevance)",
                        clip(s),
                        SORT_NAMES.join(", ")
                    ),
                )
            })?),
        };
        if req.limit > MAX_LIMIT {
            return Err(invalid(
                "limit",
                format!("{} is too large; allowed: 0 to {MAX_LIMIT}", req.limit),
            ));
        }
        if req.offset > MAX_DEPTH || req.offset + req.limit > MAX_DEPTH {
            return Err(invalid(
                "offset",
                format!(
                    "offset {} + limit {} goes past the deepest product served; allowed: \
                     offset + limit at most {MAX_DEPTH}",
                    req.offset, req.limit
                ),
            ));
        }
        plan.offset = req.offset;
        plan.limit = req.limit;
        Ok(plan)
    }

    fn add_filter(&self, plan: &mut Plan, raw: &str) -> Result<(), CatalogError> {
        let f = raw.trim();
        if f.chars().count() > MAX_FILTER_CHARS {
            return Err(invalid(
                "fl",
                format!(
                    "{:?} is too long; allowed: at most {MAX_FILTER_CHARS} characters",
                    clip(f)
                ),
            ));
        }
        let mut chars = f.chars();
        let prefix = chars.next();
        let rest = chars.as_str();
        let ids = |kind: &str| -> Result<u32, CatalogError> {
            if rest.is_empty() || rest.len() > 9 || !rest.bytes().all(|b| b.is_ascii_digit()) {
                return Err(invalid(
                    "fl",
                    format!(
                        "{:?}: allowed: a {kind} filter is {} followed by a numeric id (see /{kind}s)",
                        clip(f),
                        &f[..1]
                    ),
                ));
            }
            rest.parse::<u32>()
                .map_err(|_| invalid("fl", format!("{:?}: bad id; allowed: a number", clip(f))))
        };
        match prefix {
            Some('b') => {
                let id = ids("brand")?;
                let hit = id
                    .checked_sub(1)
                    .filter(|&i| (i as usize) < self.brands.len());
                plan.brands.get_or_insert_with(Vec::new).extend(hit);
            }
            Some('r') => {
                let id = ids("retailer")?;
                let hit = RETAILERS
                    .iter()
                    .position(|(r, _)| *r == id)
                    .map(|i| i as u32);
                plan.retailers.get_or_insert_with(Vec::new).extend(hit);
            }
            Some('c') => {
                let id = ids("color")?;
                let hit = COLORS.iter().position(|(c, _)| *c == id).map(|i| i as u32);
                plan.colors.get_or_insert_with(Vec::new).extend(hit);
            }
            Some('s') => {
                let id = ids("size")?;
                let hit = id.checked_sub(1).filter(|&i| (i as usize) < SIZES.len());
                plan.sizes.get_or_insert_with(Vec::new).extend(hit);
            }
            Some('p') => {
                if plan.price.is_some() {
                    return Err(invalid(
                        "fl",
                        "more than one price filter; allowed: one p<id> or p<first id>:<last id> \
                         (see /priceFilters)",
                    ));
                }
                plan.price = Some(price_range(f, rest)?);
            }
            Some('d') => {
                let d = discount(f, rest)?;
                plan.min_discount = Some(plan.min_discount.map_or(d, |m| m.max(d)));
            }
            _ => {
                return Err(invalid(
                    "fl",
                    format!(
                        "{:?} is not a filter; allowed: b<brand id>, r<retailer id>, c<color id>, \
                         s<size id>, p<price filter id> (see /priceFilters), d0 (on sale), \
                         d1 to d6 (at least 20% to 70% off)",
                        clip(f)
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Answers a checked request: the total, the positions of the page in order, and for a
    /// text search how the text matched.
    pub(super) fn run(&self, plan: &Plan) -> (u64, Vec<u32>, Option<TextMatch>) {
        let ix = &self.index;
        let Some(lists) = self.filter_lists(plan) else {
            return (0, Vec::new(), None);
        };
        let Some(words) = &plan.terms else {
            let (total, page) = self.page_of(plan, lists);
            return (total, page, None);
        };
        let Some(text) = self.text_set(plan, lists, words) else {
            return (0, Vec::new(), None);
        };
        let TextSet {
            set,
            partial,
            concepts,
            dfs,
        } = text;
        let total = set.len() as u64;
        let (start, end) = (plan.offset as usize, (plan.offset + plan.limit) as usize);
        if start >= set.len() || plan.limit == 0 {
            // The match is stated without ranking: a phrase check would cost a scan.
            let how = if partial {
                TextMatch::Partial
            } else {
                TextMatch::All
            };
            return (total, Vec::new(), Some(how));
        }
        let end = end.min(set.len());
        let ranked = rank::rank(ix, &set, words, &concepts, &dfs);
        let how = rank::text_match(partial, ranked.exact);
        let page = match plan.sort {
            Some(s) => top_k(&set, &ix.rank[s], start, end),
            None => rank::page(ranked.keys, start, end),
        };
        (total, page, Some(how))
    }

    /// Every product a checked request matches, in position order, whatever its page: what
    /// facet counts are counted over. `None` means every product of the catalog (no filter,
    /// no text), so callers can count from the whole-catalog indexes instead.
    pub(super) fn matched(&self, plan: &Plan) -> Option<Vec<u32>> {
        let Some(lists) = self.filter_lists(plan) else {
            return Some(Vec::new());
        };
        match &plan.terms {
            None if lists.is_empty() && plan.price.is_none() && plan.min_discount.is_none() => None,
            None => Some(self.filtered(plan, lists)),
            Some(words) => Some(
                self.text_set(plan, lists, words)
                    .map(|t| t.set)
                    .unwrap_or_default(),
            ),
        }
    }

    /// The posting lists the id filters and the category select, one per kind (a kind's ids
    /// OR-ed); `None` when a kind selects nothing, so nothing matches.
    fn filter_lists(&self, plan: &Plan) -> Option<Vec<Cow<'_, [u32]>>> {
        let ix = &self.index;
        let mut lists: Vec<Cow<'_, [u32]>> = Vec::new();
        // The root's subtree is every product: it narrows nothing, so it is left out (and a
        // search of the whole tree reads the whole-catalog indexes).
        if let Some(c) = plan.cat.filter(|&c| c != super::tree::ROOT) {
            lists.push(Cow::Borrowed(&ix.by_cat[c as usize]));
        }
        for (sel, all) in [
            (&plan.brands, &ix.by_brand),
            (&plan.retailers, &ix.by_retailer),
            (&plan.colors, &ix.by_color),
            (&plan.sizes, &ix.by_size),
        ] {
            if let Some(sel) = sel {
                let picked: Vec<&[u32]> = sel.iter().map(|&i| all[i as usize].as_slice()).collect();
                lists.push(match picked.as_slice() {
                    [] => return None,
                    [one] => Cow::Borrowed(*one),
                    many => Cow::Owned(union(many)),
                });
            }
        }
        if plan.min_discount.is_some() {
            lists.push(Cow::Borrowed(&ix.on_sale));
        }
        Some(lists)
    }

    /// The products a text search matches within `lists` and the price and discount
    /// filters: those with every term, else (partial) those with the most terms. `None` when
    /// nothing matches.
    fn text_set<'a>(
        &'a self,
        plan: &Plan,
        lists: Vec<Cow<'a, [u32]>>,
        words: &[String],
    ) -> Option<TextSet> {
        let ix = &self.index;
        if words.is_empty() {
            // Text with no letters or digits matches nothing.
            return None;
        }
        let concepts = typo::concepts(ix, words, plan.corrected.as_ref());
        let found: Vec<Cow<'_, [u32]>> = concepts.iter().map(|c| c.postings(ix)).collect();
        let dfs: Vec<usize> = found.iter().map(|l| l.len()).collect();
        let mut partial = false;
        let mut set = Vec::new();
        if found.iter().all(|l| !l.is_empty()) {
            let mut all = lists.clone();
            all.extend(found.iter().cloned());
            set = self.filtered(plan, all);
        }
        if set.is_empty() {
            // No product has every word: those with the most of them.
            partial = true;
            set = self.best_partial(plan, lists, &found);
        }
        (!set.is_empty()).then_some(TextSet {
            set,
            partial,
            concepts,
            dfs,
        })
    }

    /// The products in every list that pass the price and discount filters.
    fn filtered(&self, plan: &Plan, mut lists: Vec<Cow<'_, [u32]>>) -> Vec<u32> {
        let ix = &self.index;
        let mut set: Vec<u32> = if lists.is_empty() {
            match plan.price {
                Some((lo, hi)) => {
                    let price =
                        |p: &u32| u64::from(self.items[*p as usize].pricing.effective_cents());
                    let a = ix.by_price.partition_point(|p| price(p) < lo);
                    let b = ix.by_price.partition_point(|p| price(p) <= hi);
                    let mut v = ix.by_price[a..b.max(a)].to_vec();
                    v.sort_unstable();
                    v
                }
                None => (0..self.items.len() as u32).collect(),
            }
        } else {
            lists.sort_by_key(|l| l.len());
            let mut it = lists.into_iter();
            let first = it.next().map(Cow::into_owned).unwrap_or_default();
            it.fold(first, |acc, l| intersect(&acc, &l))
        };
        set.retain(|&p| self.passes(plan, p));
        set
    }

    fn passes(&self, plan: &Plan, p: u32) -> bool {
        let pr = &self.items[p as usize].pricing;
        plan.price
            .is_none_or(|(lo, hi)| (lo..=hi).contains(&u64::from(pr.effective_cents())))
            && plan.min_discount.is_none_or(|d| pr.discount >= d.max(1))
    }

    /// Among the products the filters keep, those found by the most concepts (at least one).
    fn best_partial(
        &self,
        plan: &Plan,
        lists: Vec<Cow<'_, [u32]>>,
        found: &[Cow<'_, [u32]>],
    ) -> Vec<u32> {
        let keep: Option<Vec<u32>> = (!lists.is_empty()).then(|| self.filtered(plan, lists));
        let mut count = vec![0u8; self.items.len()];
        let mut touched: Vec<u32> = Vec::new();
        for l in found {
            let narrowed;
            let l: &[u32] = match &keep {
                Some(k) => {
                    narrowed = intersect(k, l);
                    &narrowed
                }
                None => l,
            };
            for &p in l {
                if count[p as usize] == 0 {
                    touched.push(p);
                }
                count[p as usize] = count[p as usize].saturating_add(1);
            }
        }
        let best = touched
            .iter()
            .map(|&p| count[p as usize])
            .max()
            .unwrap_or(0);
        let mut set: Vec<u32> = touched
            .into_iter()
            .filter(|&p| count[p as usize] == best)
            .filter(|&p| keep.is_some() || self.passes(plan, p))
            .collect();
        set.sort_unstable();
        set
    }

    /// A page without text: the products of every list, by position or by `sort`.
    fn page_of(&self, plan: &Plan, lists: Vec<Cow<'_, [u32]>>) -> (u64, Vec<u32>) {
        let ix = &self.index;
        let n = self.items.len() as u32;
        let whole = lists.is_empty() && plan.price.is_none();
        let set: Vec<u32> = if whole {
            Vec::new()
        } else {
            self.filtered(plan, lists)
        };
        let total = if whole {
            u64::from(n)
        } else {
            set.len() as u64
        };
        let start = plan.offset as usize;
        let end = (plan.offset + plan.limit) as usize;
        if start >= total as usize || plan.limit == 0 {
            return (total, Vec::new());
        }
        let end = end.min(total as usize);
        let page = match (plan.sort, whole) {
            (None, true) => (plan.offset..end as u32).collect(),
            (Some(s), true) => ix.order[s][start..end].to_vec(),
            (None, false) => set[start..end].to_vec(),
            (Some(s), false) => top_k(&set, &ix.rank[s], start, end),
        };
        (total, page)
    }
}

/// What a text search matched, and what ranking it needs.
struct TextSet {
    set: Vec<u32>,
    partial: bool,
    concepts: Vec<rank::Concept>,
    dfs: Vec<usize>,
}

/// The products at places `start..end` of `set` ordered by `rank`.
fn top_k(set: &[u32], rank: &[u32], start: usize, end: usize) -> Vec<u32> {
    let mut keyed: Vec<(u32, u32)> = set.iter().map(|&p| (rank[p as usize], p)).collect();
    if end < keyed.len() {
        keyed.select_nth_unstable(end);
        keyed.truncate(end);
    }
    keyed.sort_unstable();
    keyed[start..end].iter().map(|&(_, p)| p).collect()
}

fn fts_terms(raw: &str) -> Result<Vec<String>, CatalogError> {
    let f = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let n = f.chars().count();
    if n > MAX_FTS_CHARS {
        return Err(invalid(
            "fts",
            format!("{n} characters; allowed: 1 to {MAX_FTS_CHARS} after trimming"),
        ));
    }
    if f.chars().any(char::is_control) {
        return Err(invalid(
            "fts",
            "control characters are not allowed; allowed: printable text",
        ));
    }
    let terms = rank::query_words(&f);
    if terms.len() > MAX_FTS_TERMS {
        return Err(invalid(
            "fts",
            format!("{} words; allowed: at most {MAX_FTS_TERMS}", terms.len()),
        ));
    }
    Ok(terms)
}

/// `p<id>` or `p<first id>:<last id>` (ids of `/priceFilters`) to inclusive cents.
fn price_range(f: &str, rest: &str) -> Result<(u64, u64), CatalogError> {
    let bad = || {
        let ids: Vec<String> = PRICE_FILTERS
            .iter()
            .map(|(id, ..)| id.to_string())
            .collect();
        invalid(
            "fl",
            format!(
                "{:?}: allowed: p<id> or p<first id>:<last id>, ids of /priceFilters ({})",
                clip(f),
                ids.join(", ")
            ),
        )
    };
    let band = |s: &str| -> Result<(u32, Option<u32>), CatalogError> {
        if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let id: u32 = s.parse().map_err(|_| bad())?;
        PRICE_FILTERS
            .iter()
            .find(|(i, ..)| *i == id)
            .map(|&(_, lo, hi)| (lo, hi))
            .ok_or_else(bad)
    };
    let (first, last) = rest.split_once(':').unwrap_or((rest, rest));
    let ((lo, _), (from, hi)) = (band(first)?, band(last)?);
    if lo > from {
        return Err(invalid(
            "fl",
            format!(
                "{:?}: the first price filter is above the last; allowed: first <= last",
                clip(f)
            ),
        ));
    }
    let lo = u64::from(lo) * 100;
    let hi = hi.map_or(u64::MAX, |h| u64::from(h) * 100 - 1);
    Ok((lo, hi))
}

/// `d0` (on sale: `Some(0)`), `d1` to `d6` (at least 20% to 70% off: the percent), or
/// `d100`, `d110`, `d200` (a price drop in the last day, week, or since `pdd`: the catalog's
/// prices never drop, so [`NO_PRODUCT`]).
fn discount(f: &str, rest: &str) -> Result<u32, CatalogError> {
    let id: Option<u32> =
        (!rest.is_empty() && rest.len() <= 3 && rest.bytes().all(|b| b.is_ascii_digit()))
            .then(|| rest.parse().ok())
            .flatten();
    match id {
        Some(0) => Ok(0),
        Some(100 | 110 | 200) => Ok(NO_PRODUCT),
        Some(id) => DISCOUNT_FILTERS
            .iter()
            .find(|(i, _)| *i == id)
            .map(|&(_, pct)| pct)
            .ok_or(()),
        None => Err(()),
    }
    .map_err(|()| {
        invalid(
            "fl",
            format!(
                "{:?}: allowed: d0 (on sale), d1 to d6 (at least 20%, 30%, 40%, 50%, 60%, 70% \
                 off), d100, d110 or d200 (price drops)",
                clip(f)
            ),
        )
    })
}

/// A least discount no product has: what a price-drop filter matches here.
const NO_PRODUCT: u32 = 101;
