//! `GET /products/histogram`: how many of a search's products have each brand, retailer,
//! colour, size, price band, discount and category.
//!
//! The counts are over exactly the products the same search matches (the same `cat`, `fts`
//! and `fl`, checked by the same [`Plan`]), whatever its page. Counting is apart from
//! matching and ranking: one pass over the matched products per facet, reading compact
//! per-product columns (brand, retailer, colour, a size bit mask, the categories with their
//! ancestors); a search with no filter and no text reads the whole-catalog posting lists'
//! lengths instead.

use serde_json::{Map, Value};

use super::Catalog;
use super::attrs::{COLORS, RETAILERS, SIZES, price_band_name};
use super::error::CatalogError;
use super::query::Plan;
use crate::domain::{DISCOUNT_FILTERS, Facet, PRICE_FILTERS};
use crate::upstream::SearchRequest;
use crate::upstream::wire::{FlexId, SsHistogramEntry, SsHistogramResponse, SsRef};

/// How many levels under the search's category the category histogram lists.
pub const CATEGORY_LEVELS: u32 = 2;

impl Catalog {
    /// `GET /products/histogram`: per facet of `facets`, its values among the products `req`
    /// matches, most products first (ties by name), leaving out values with fewer than `floor`
    /// products (and always those with none). `req`'s offset, limit and sort do not matter.
    pub fn histogram(
        &self,
        req: &SearchRequest,
        facets: &[Facet],
        floor: u64,
    ) -> Result<SsHistogramResponse, CatalogError> {
        let plan = self.plan(&SearchRequest {
            offset: 0,
            limit: 0,
            sort: None,
            ..req.clone()
        })?;
        let set = self.matched(&plan);
        let total = set.as_ref().map_or(self.items.len(), Vec::len) as u64;
        let mut resp = SsHistogramResponse::default();
        resp.metadata.insert("total".to_owned(), Value::from(total));
        let floor = floor.max(1);
        for &f in facets {
            let counts = self.count(f, &plan, set.as_deref());
            let mut list: Vec<SsHistogramEntry> = counts
                .into_iter()
                .filter(|(_, _, n)| *n >= floor)
                .map(|(id, name, count)| SsHistogramEntry {
                    id: FlexId::Str(id),
                    name,
                    count,
                    extra: Map::new(),
                })
                .collect();
            // Bands and thresholds keep their own order; the rest go by count.
            if !matches!(f, Facet::Price | Facet::Discount) {
                list.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
            }
            *resp.list_mut(f) = Some(list);
        }
        Ok(resp)
    }

    /// `GET /priceFilters`: the price bands, cheapest first.
    pub fn price_filters(&self) -> Vec<SsRef> {
        PRICE_FILTERS
            .iter()
            .map(|&(id, lo, hi)| {
                let mut extra = Map::new();
                extra.insert("minPrice".to_owned(), Value::from(lo));
                if let Some(hi) = hi {
                    extra.insert("maxPrice".to_owned(), Value::from(hi));
                }
                SsRef {
                    id: FlexId::Str(id.to_string()),
                    name: price_band_name(lo, hi),
                    extra,
                }
            })
            .collect()
    }

    /// `(id, name, count)` for every value of `f` among `set` (`None`: every product).
    fn count(&self, f: Facet, plan: &Plan, set: Option<&[u32]>) -> Vec<(String, String, u64)> {
        let ix = &self.index;
        let n = self.items.len();
        let named = |c: Vec<u64>, name: &dyn Fn(usize) -> (String, String)| {
            c.into_iter()
                .enumerate()
                .map(|(i, n)| {
                    let (id, name) = name(i);
                    (id, name, n)
                })
                .collect::<Vec<_>>()
        };
        match f {
            Facet::Brand => {
                let c = tally(set, &ix.by_brand, |p, c| {
                    c[self.items[p as usize].brand as usize] += 1;
                });
                named(c, &|i| ((i + 1).to_string(), self.brands[i].clone()))
            }
            Facet::Retailer => {
                let c = tally(set, &ix.by_retailer, |p, c| {
                    c[self.items[p as usize].retailer as usize] += 1;
                });
                named(c, &|i| {
                    (RETAILERS[i].0.to_string(), RETAILERS[i].1.to_owned())
                })
            }
            Facet::Color => {
                let c = tally(set, &ix.by_color, |p, c| {
                    if let Some(i) = self.items[p as usize].color {
                        c[i as usize] += 1;
                    }
                });
                named(c, &|i| (COLORS[i].0.to_string(), COLORS[i].1.to_owned()))
            }
            Facet::Size => {
                let c = tally(set, &ix.by_size, |p, c| {
                    let mut m = ix.size_mask[p as usize];
                    while m != 0 {
                        c[m.trailing_zeros() as usize] += 1;
                        m &= m - 1;
                    }
                });
                named(c, &|i| ((i + 1).to_string(), SIZES[i].to_owned()))
            }
            Facet::Price => {
                let mut c = vec![0u64; PRICE_FILTERS.len()];
                let mut add = |p: u32| {
                    let dollars = self.items[p as usize].pricing.effective_cents() / 100;
                    let band = PRICE_FILTERS
                        .iter()
                        .position(|&(_, lo, hi)| dollars >= lo && hi.is_none_or(|h| dollars < h));
                    if let Some(b) = band {
                        c[b] += 1;
                    }
                };
                match set {
                    None => (0..n as u32).for_each(&mut add),
                    Some(set) => set.iter().copied().for_each(&mut add),
                }
                named(c, &|i| {
                    let (id, lo, hi) = PRICE_FILTERS[i];
                    (id.to_string(), price_band_name(lo, hi))
                })
            }
            Facet::Discount => {
                let mut c = vec![0u64; DISCOUNT_FILTERS.len()];
                let mut add = |p: u32| {
                    let d = self.items[p as usize].pricing.discount;
                    for (i, &(_, step)) in DISCOUNT_FILTERS.iter().enumerate() {
                        if d >= step {
                            c[i] += 1;
                        }
                    }
                };
                match set {
                    None => ix.on_sale.iter().copied().for_each(&mut add),
                    Some(set) => set.iter().copied().for_each(&mut add),
                }
                named(c, &|i| {
                    let (id, step) = DISCOUNT_FILTERS[i];
                    (id.to_string(), format!("{step}% off or more"))
                })
            }
            Facet::Category => self.count_categories(plan, set),
        }
    }

    /// The categories one or two levels under the search's category (the root when it has
    /// none): where a shopper narrows to next. A count is how many products of `set` its whole
    /// subtree holds, as `cat=<id>` counts them.
    fn count_categories(&self, plan: &Plan, set: Option<&[u32]>) -> Vec<(String, String, u64)> {
        let ix = &self.index;
        let mut c = vec![0u64; self.tree.nodes.len()];
        match set {
            None => {
                for (i, l) in ix.by_cat.iter().enumerate() {
                    c[i] = l.len() as u64;
                }
            }
            Some(set) => {
                for &p in set {
                    let (a, b) = (ix.cat_at[p as usize], ix.cat_at[p as usize + 1]);
                    for &cat in &ix.cat_seq[a as usize..b as usize] {
                        c[cat as usize] += 1;
                    }
                }
            }
        }
        let root = plan.cat.unwrap_or(super::tree::ROOT);
        self.tree
            .descendants(root, CATEGORY_LEVELS)
            .into_iter()
            .map(|i| {
                let node = &self.tree.node(i).cat;
                (node.id.clone(), node.name.clone(), c[i as usize])
            })
            .collect()
    }
}

/// Per list of `lists` (one per value), how many products of `set` have that value: by `add`
/// for each product of the set, or, for every product (`None`), the lists' lengths.
fn tally(
    set: Option<&[u32]>,
    lists: &[Vec<u32>],
    mut add: impl FnMut(u32, &mut [u64]),
) -> Vec<u64> {
    let mut c = vec![0u64; lists.len()];
    match set {
        None => {
            for (n, l) in c.iter_mut().zip(lists) {
                *n = l.len() as u64;
            }
        }
        Some(set) => {
            for &p in set {
                add(p, &mut c);
            }
        }
    }
    c
}
