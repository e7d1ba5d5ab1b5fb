//! The filters of a search (brands, colours, sizes, retailers, one price band, one discount)
//! and the filter panel's state: the facet counts of the current search and its cursor.
//!
//! A chosen value is a [`FacetValue`] as `GET /api/v1/facets` gave it: its `id` is what the
//! facet's search parameter takes, a price band carries `min`/`max` (`minPrice`/`maxPrice`) and
//! a discount `min` (`minDiscount`). Its name is kept for the status bar.

use ratatui::widgets::ListState;
use sss_core::api::{FacetValue, FacetsPage, SearchParams};
use sss_core::domain::Facet;

/// The facets the panel shows, in its order.
pub const FACETS: [Facet; 6] = [
    Facet::Brand,
    Facet::Color,
    Facet::Size,
    Facet::Price,
    Facet::Discount,
    Facet::Retailer,
];

/// What a facet is called on screen.
pub fn label(facet: Facet) -> &'static str {
    match facet {
        Facet::Brand => "brand",
        Facet::Retailer => "retailer",
        Facet::Color => "colour",
        Facet::Size => "size",
        Facet::Price => "price",
        Facet::Discount => "discount",
        Facet::Category => "category",
    }
}

/// Whether several values of `facet` can be chosen at once; a price band and a discount are one
/// choice each.
pub fn is_multi(facet: Facet) -> bool {
    !matches!(facet, Facet::Price | Facet::Discount)
}

/// Whether `a` and `b` are the same value (its count aside).
fn same(a: &FacetValue, b: &FacetValue) -> bool {
    a.id == b.id && a.min == b.min && a.max == b.max
}

/// The filters chosen, in the order they were chosen.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filters {
    chosen: Vec<(Facet, FacetValue)>,
}

impl Filters {
    /// Whether nothing is chosen.
    pub fn is_empty(&self) -> bool {
        self.chosen.is_empty()
    }

    /// The values of `facet` chosen.
    pub fn of(&self, facet: Facet) -> impl Iterator<Item = &FacetValue> {
        self.chosen
            .iter()
            .filter(move |(f, _)| *f == facet)
            .map(|(_, v)| v)
    }

    /// Whether `value` of `facet` is chosen.
    pub fn is_chosen(&self, facet: Facet, value: &FacetValue) -> bool {
        self.of(facet).any(|v| same(v, value))
    }

    /// Chooses `value` of `facet`, or un-chooses it when chosen. A price band or a discount
    /// replaces the one chosen before.
    pub fn toggle(&mut self, facet: Facet, value: &FacetValue) {
        if self.is_chosen(facet, value) {
            self.chosen.retain(|(f, v)| *f != facet || !same(v, value));
            return;
        }
        if !is_multi(facet) {
            self.chosen.retain(|(f, _)| *f != facet);
        }
        let value = FacetValue {
            count: 0,
            ..value.clone()
        };
        self.chosen.push((facet, value));
    }

    /// Chooses `value` of `facet` alone: the other values of `facet` chosen before are
    /// un-chosen, the other facets' stay.
    pub fn choose_only(&mut self, facet: Facet, value: &FacetValue) {
        self.chosen.retain(|(f, _)| *f != facet);
        self.toggle(facet, value);
    }

    /// Un-chooses everything.
    pub fn clear(&mut self) {
        self.chosen.clear();
    }

    /// Sets the search parameters the filters map to.
    pub fn apply(&self, params: &mut SearchParams) {
        let ids = |facet| self.of(facet).filter_map(|v| v.id.clone()).collect();
        params.brand = ids(Facet::Brand);
        params.retailer = ids(Facet::Retailer);
        params.color = ids(Facet::Color);
        params.size = ids(Facet::Size);
        let band = self.of(Facet::Price).next();
        params.min_price = band.and_then(|v| v.min).filter(|m| *m > 0).map(f64::from);
        params.max_price = band.and_then(|v| v.max).map(f64::from);
        params.min_discount = self.of(Facet::Discount).next().and_then(|v| v.min);
    }

    /// One line for the status bar: `brand: Nike, Puma · size: M · $25 – $50`; `None` when
    /// nothing is chosen.
    pub fn summary(&self) -> Option<String> {
        let parts: Vec<String> = FACETS
            .iter()
            .filter_map(|&facet| {
                let names: Vec<&str> = self.of(facet).map(|v| v.name.as_str()).collect();
                match facet {
                    _ if names.is_empty() => None,
                    Facet::Price | Facet::Discount => Some(names.join(", ")),
                    _ => Some(format!("{}: {}", label(facet), names.join(", "))),
                }
            })
            .collect();
        (!parts.is_empty()).then(|| parts.join(" · "))
    }
}

/// One row of the panel: a value and whether it is chosen.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The value with its count.
    pub value: FacetValue,
    /// Whether it is chosen.
    pub chosen: bool,
}

/// The filter panel: the last facet counts received, and where the cursor is.
#[derive(Debug, Default)]
pub struct Panel {
    /// The last answer (kept on screen while the next one loads).
    pub page: Option<FacetsPage>,
    /// The search the counts were last asked for (its page fields left out).
    pub asked: Option<SearchParams>,
    /// A request is on its way.
    pub loading: bool,
    /// The last request failed with this message.
    pub error: Option<String>,
    /// The facet under the cursor (an index into [`FACETS`]).
    pub facet: usize,
    /// The value under the cursor and the list's scroll position.
    pub values: ListState,
}

impl Panel {
    /// The facet under the cursor.
    pub fn facet(&self) -> Facet {
        FACETS[self.facet.min(FACETS.len() - 1)]
    }

    /// The rows of `facet`: the values the last answer counted, then the chosen values it did
    /// not list (with no products now; they stay so they can be un-chosen).
    pub fn rows(&self, facet: Facet, filters: &Filters) -> Vec<Row> {
        let counted: &[FacetValue] = self
            .page
            .as_ref()
            .and_then(|p| p.facets.get(facet.as_str()))
            .map_or(&[], Vec::as_slice);
        let mut rows: Vec<Row> = counted
            .iter()
            .map(|v| Row {
                value: v.clone(),
                chosen: filters.is_chosen(facet, v),
            })
            .collect();
        for v in filters.of(facet) {
            if !counted.iter().any(|c| same(c, v)) {
                rows.push(Row {
                    value: v.clone(),
                    chosen: true,
                });
            }
        }
        rows
    }

    /// Moves to the facet `delta` away (wrapping round), its first value under the cursor.
    pub fn move_facet(&mut self, delta: i32, filters: &Filters) {
        let len = FACETS.len() as i64;
        self.facet = (self.facet as i64 + i64::from(delta)).rem_euclid(len) as usize;
        self.values = ListState::default();
        let first = (!self.rows(self.facet(), filters).is_empty()).then_some(0);
        self.values.select(first);
    }

    /// Moves the value cursor by `delta` rows, within the facet's rows.
    pub fn move_value(&mut self, delta: i32, filters: &Filters) {
        let len = self.rows(self.facet(), filters).len();
        if len == 0 {
            self.values.select(None);
            return;
        }
        let current = self.values.selected().unwrap_or(0) as i64;
        let target = (current + i64::from(delta)).clamp(0, len as i64 - 1);
        self.values.select(Some(target as usize));
    }

    /// The row under the cursor.
    pub fn current(&self, filters: &Filters) -> Option<Row> {
        let i = self.values.selected()?;
        self.rows(self.facet(), filters).into_iter().nth(i)
    }

    /// Takes a new answer, keeping the cursor on the value it was on when that value is still
    /// listed (counts reorder values).
    pub fn answered(&mut self, page: FacetsPage, filters: &Filters) {
        let before = self.current(filters).map(|r| r.value);
        self.page = Some(page);
        self.loading = false;
        self.error = None;
        let rows = self.rows(self.facet(), filters);
        let at = before
            .and_then(|b| rows.iter().position(|r| same(&r.value, &b)))
            .or_else(|| self.values.selected().filter(|i| *i < rows.len()))
            .or((!rows.is_empty()).then_some(0));
        self.values.select(at);
    }
}
