//! The domain: what a shopper searches for and what comes back.
//!
//! [`SearchQuery`] is the canonical form of a search (the public API's parameters, validated and
//! normalised), [`Product`] the normalised product of the public API, [`Category`] one node of the
//! category tree.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The deepest offset the upstream serves (ShopStyle caps offset + limit at 5000 products).
pub const MAX_OFFSET: u32 = 5000;
/// The smallest page.
pub const MIN_LIMIT: u32 = 1;
/// The largest page.
pub const MAX_LIMIT: u32 = 100;
/// The page size when `limit` is not given.
pub const DEFAULT_LIMIT: u32 = 20;
/// The longest free-text query, in characters as the client sent them.
pub const MAX_FTS_CHARS: usize = 200;
/// The most words (runs of non-whitespace) a free-text query may have.
pub const MAX_FTS_WORDS: usize = 20;
/// The most values one repeatable filter (`brand`, `retailer`, `color`) takes. Three kinds of
/// ten, a price range and the sale filter are 32 upstream filters, as many as the upstream takes.
pub const MAX_FILTER_VALUES: usize = 10;
/// The most digits of a brand, retailer or colour id (the upstream's ids are numbers).
pub const MAX_FILTER_ID_DIGITS: usize = 9;
/// The longest category id.
pub const MAX_ID_CHARS: usize = 100;
/// The longest product id.
pub const MAX_PRODUCT_ID_CHARS: usize = 64;
/// The highest price a filter may name, in the upstream's currency units.
pub const MAX_PRICE: f64 = 1_000_000.0;

/// ShopStyle's price filters (`GET /priceFilters`; `fl=p<id>`, or `fl=p<id>:<id>` for a run of
/// them): `(id, low, high)` in whole dollars, `low` inclusive, `high` exclusive, `None` for no
/// upper end. ShopStyle's help pages show ids 20 (`$0 – $10`) and 21 (`$10 – $25`) of its US
/// list; the bands above them are this project's own continuation (docs/UPSTREAM.md).
pub const PRICE_FILTERS: &[(u32, u32, Option<u32>)] = &[
    (20, 0, Some(10)),
    (21, 10, Some(25)),
    (22, 25, Some(50)),
    (23, 50, Some(100)),
    (24, 100, Some(150)),
    (25, 150, Some(250)),
    (26, 250, Some(500)),
    (27, 500, Some(1000)),
    (28, 1000, None),
];

/// ShopStyle's discount filters: `fl=d<id>` keeps products at least `percent` off (`d0`, on
/// sale at all, is the `sale` parameter). The public API's `minDiscount` takes these percents.
pub const DISCOUNT_FILTERS: &[(u32, u32)] = &[(1, 20), (2, 30), (3, 40), (4, 50), (5, 60), (6, 70)];

/// The price filters a price range needs: the first and last id of the bands that overlap
/// `[min, max)` (every band from `min` up when `max` is absent). A bound inside a band takes
/// the whole band, since the upstream filters by band; `None` when no band overlaps.
pub fn price_filter_ids(min: Option<f64>, max: Option<f64>) -> Option<(u32, u32)> {
    let lo = min.unwrap_or(0.0);
    let hit: Vec<u32> = PRICE_FILTERS
        .iter()
        .filter(|&&(_, low, high)| {
            let below_max =
                max.is_none_or(|m| f64::from(low) < m || (m == lo && f64::from(low) <= m));
            let above_min = high.is_none_or(|h| f64::from(h) > lo);
            below_max && above_min
        })
        .map(|&(id, _, _)| id)
        .collect();
    Some((*hit.first()?, *hit.last()?))
}

/// The patterns of the public API's values as the OpenAPI document states them (ECMA-262
/// regular expressions, built from the constants above). The checks in this module apply the
/// same rules by hand; the contract tests (schemathesis, in `scripts/test`) send values on both
/// sides of each pattern and check the server agrees.
pub mod patterns {
    use super::{MAX_FILTER_ID_DIGITS, MAX_FTS_WORDS, MAX_ID_CHARS, MAX_PRODUCT_ID_CHARS};

    /// A category id: letters, digits, `-`, `_`, `.` (matched case-insensitively).
    pub fn category_id() -> String {
        format!("^[A-Za-z0-9._-]{{1,{MAX_ID_CHARS}}}$")
    }

    /// A brand, retailer or colour id: a number.
    pub fn filter_id() -> String {
        format!("^[0-9]{{1,{MAX_FILTER_ID_DIGITS}}}$")
    }

    /// A product id.
    pub fn product_id() -> String {
        format!("^[A-Za-z0-9_-]{{1,{MAX_PRODUCT_ID_CHARS}}}$")
    }

    /// Free text: no control characters, one word (a run of non-whitespace) or more, at most
    /// [`MAX_FTS_WORDS`].
    pub fn fts() -> String {
        const CONTROL: &str = "\\u0000-\\u001F\\u007F-\\u009F";
        let space = format!("[^\\S{CONTROL}]");
        let word = format!("[^\\s{CONTROL}]+");
        format!(
            "^{space}*{word}({space}+{word}){{0,{}}}{space}*$",
            MAX_FTS_WORDS - 1
        )
    }
}

/// The order of a result page.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sort {
    /// The upstream's relevance order (the default).
    #[default]
    Relevance,
    /// Cheapest first.
    PriceAsc,
    /// Most expensive first.
    PriceDesc,
    /// Most recently added first.
    Newest,
    /// Most popular first.
    Popular,
}

impl Sort {
    /// Every value, in the order the API documents them.
    pub const ALL: [Sort; 5] = [
        Sort::Relevance,
        Sort::PriceAsc,
        Sort::PriceDesc,
        Sort::Newest,
        Sort::Popular,
    ];

    /// The public API's spelling (`price-asc`).
    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::PriceAsc => "price-asc",
            Sort::PriceDesc => "price-desc",
            Sort::Newest => "newest",
            Sort::Popular => "popular",
        }
    }

    /// ShopStyle's spelling; `None` for relevance, which ShopStyle means by no `sort` at all.
    pub fn as_shopstyle(self) -> Option<&'static str> {
        match self {
            Sort::Relevance => None,
            Sort::PriceAsc => Some("PriceLoHi"),
            Sort::PriceDesc => Some("PriceHiLo"),
            Sort::Newest => Some("Recency"),
            Sort::Popular => Some("Popular"),
        }
    }

    /// Parses the public API's spelling.
    pub fn parse(s: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

impl fmt::Display for Sort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How the words of a free-text search matched the products of a page. Absent (`None`) when
/// the upstream makes no statement, as ShopStyle's own API does not.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TextMatch {
    /// The words as written, in order, are in products' names (or the text is one word or
    /// phrase, found as written).
    Exact,
    /// Every word matched, some through the shopper's vocabulary (a synonym, a category) or
    /// not as one phrase.
    All,
    /// No product matched every word; the page holds the closest matches.
    Partial,
}

impl TextMatch {
    /// `exact`, `all`, `partial`.
    pub fn as_str(self) -> &'static str {
        match self {
            TextMatch::Exact => "exact",
            TextMatch::All => "all",
            TextMatch::Partial => "partial",
        }
    }

    /// Parses [`TextMatch::as_str`]'s spelling; `None` for anything else.
    pub fn parse(s: &str) -> Option<TextMatch> {
        [TextMatch::Exact, TextMatch::All, TextMatch::Partial]
            .into_iter()
            .find(|m| m.as_str() == s)
    }
}

/// A facet: one property shoppers narrow a search by, counted per value by `/api/v1/facets`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Facet {
    /// Brands (`brand=`).
    Brand,
    /// Retailers (`retailer=`).
    Retailer,
    /// Canonical colours (`color=`).
    Color,
    /// Sizes (`size=`).
    Size,
    /// Price bands (`minPrice=`/`maxPrice=`).
    Price,
    /// Discount thresholds (`minDiscount=`).
    Discount,
    /// Sub-categories of the search's category (`cat=`).
    Category,
}

impl Facet {
    /// Every facet, in the order the API lists them.
    pub const ALL: [Facet; 7] = [
        Facet::Brand,
        Facet::Retailer,
        Facet::Color,
        Facet::Size,
        Facet::Price,
        Facet::Discount,
        Facet::Category,
    ];

    /// The public API's spelling (`brand`).
    pub fn as_str(self) -> &'static str {
        match self {
            Facet::Brand => "brand",
            Facet::Retailer => "retailer",
            Facet::Color => "color",
            Facet::Size => "size",
            Facet::Price => "price",
            Facet::Discount => "discount",
            Facet::Category => "category",
        }
    }

    /// ShopStyle's spelling in `/products/histogram?filters=` (`Brand`); its answer names the
    /// list `<lowercase>Histogram` (`brandHistogram`).
    pub fn as_shopstyle(self) -> &'static str {
        match self {
            Facet::Brand => "Brand",
            Facet::Retailer => "Retailer",
            Facet::Color => "Color",
            Facet::Size => "Size",
            Facet::Price => "Price",
            Facet::Discount => "Discount",
            Facet::Category => "Category",
        }
    }

    /// Parses the public API's spelling.
    pub fn parse(s: &str) -> Option<Facet> {
        Facet::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// Parses ShopStyle's spelling, case-insensitively (clients write `brand` and `Brand`).
    pub fn parse_shopstyle(s: &str) -> Option<Facet> {
        Facet::ALL
            .into_iter()
            .find(|f| f.as_shopstyle().eq_ignore_ascii_case(s.trim()))
    }

    /// This facet's bit in a [`FacetSet`].
    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// A list of named filter values the public API serves (`/api/v1/brands` and its kin), each the
/// ids one search parameter takes.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ListKind {
    /// `brand=` ids.
    Brands,
    /// `retailer=` ids.
    Retailers,
    /// `color=` ids.
    Colors,
}

impl ListKind {
    /// Every list.
    pub const ALL: [ListKind; 3] = [ListKind::Brands, ListKind::Retailers, ListKind::Colors];

    /// The route's and the upstream's name (`brands`).
    pub fn as_str(self) -> &'static str {
        match self {
            ListKind::Brands => "brands",
            ListKind::Retailers => "retailers",
            ListKind::Colors => "colors",
        }
    }

    /// The facet whose values it lists.
    pub fn facet(self) -> Facet {
        match self {
            ListKind::Brands => Facet::Brand,
            ListKind::Retailers => Facet::Retailer,
            ListKind::Colors => Facet::Color,
        }
    }
}

/// The most suggestions `/api/v1/suggest` answers.
pub const MAX_SUGGESTIONS: u32 = 20;
/// How many suggestions `/api/v1/suggest` answers when `limit` is not given.
pub const DEFAULT_SUGGESTIONS: u32 = 8;

/// What a suggestion is.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SuggestionKind {
    /// A category: its `id` is what `cat=` takes.
    Category,
    /// A brand: its `id` is what `brand=` takes.
    Brand,
    /// A query completion: search for its `text` (`fts=`).
    Query,
}

/// One suggestion for a partial query (`/api/v1/suggest`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    /// A category, a brand or a query completion.
    pub kind: SuggestionKind,
    /// What to show: the category's or brand's name, or the query.
    pub text: String,
    /// The category or brand id; absent for a query.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// How many products it finds.
    #[serde(default)]
    pub count: u64,
}

/// A set of facets, as a bit per [`Facet`]: small, ordered, and the same however it was
/// spelled (`facets=color,brand` and `facets=brand,color` are one set, one cache key).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FacetSet(u8);

impl FacetSet {
    /// Every facet.
    pub const ALL: FacetSet = FacetSet((1 << Facet::ALL.len()) - 1);

    /// No facet.
    pub const EMPTY: FacetSet = FacetSet(0);

    /// This set with `f` added.
    pub fn with(self, f: Facet) -> FacetSet {
        FacetSet(self.0 | f.bit())
    }

    /// Whether `f` is in the set.
    pub fn contains(self, f: Facet) -> bool {
        self.0 & f.bit() != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The facets in the set, in [`Facet::ALL`]'s order.
    pub fn iter(self) -> impl Iterator<Item = Facet> {
        Facet::ALL.into_iter().filter(move |f| self.contains(*f))
    }

    /// The set's bits, for cache keys.
    pub fn bits(self) -> u8 {
        self.0
    }

    /// Parses `brand,color` (the public API's `facets=`); an empty value is every facet.
    pub fn parse(value: &str) -> Result<FacetSet, InvalidParameter> {
        let mut set = FacetSet::EMPTY;
        for name in value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let f = Facet::parse(name).ok_or_else(|| {
                let allowed: Vec<&str> = Facet::ALL.iter().map(|f| f.as_str()).collect();
                InvalidParameter::new(
                    "facets",
                    format!(
                        "unknown facet {:?}; allowed: a comma-separated list of {}",
                        clip(name, ECHO_CHARS),
                        allowed.join(", ")
                    ),
                )
            })?;
            set = set.with(f);
        }
        Ok(if set.is_empty() { FacetSet::ALL } else { set })
    }
}

/// A search in canonical form: trimmed and case-folded text, sorted and de-duplicated filters,
/// defaults filled in. Two spellings of one search are equal here and share one cache entry.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchQuery {
    /// A category id; its whole subtree matches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cat: Option<String>,
    /// Free text, trimmed, lower-cased, inner whitespace collapsed to one space.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fts: Option<String>,
    /// The order of the page.
    #[serde(default)]
    pub sort: Sort,
    /// The first product's position, `0..=MAX_OFFSET`.
    #[serde(default)]
    pub offset: u32,
    /// The page size, `1..=MAX_LIMIT`.
    #[serde(default = "default_limit")]
    pub limit: u32,
    /// Brand ids, sorted, unique.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub brand: Vec<String>,
    /// Retailer ids, sorted, unique.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retailer: Vec<String>,
    /// Colour ids, sorted, unique.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub color: Vec<String>,
    /// Size ids, sorted, unique.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub size: Vec<String>,
    /// The lowest price, inclusive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_price: Option<f64>,
    /// The highest price, inclusive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_price: Option<f64>,
    /// Only products on sale. `false` is the same as absent: it does not filter.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sale: bool,
    /// Only products at least this many percent off: one of [`DISCOUNT_FILTERS`]' percents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_discount: Option<u32>,
}

impl Default for SearchQuery {
    /// No category, text or filter; the first page of the default size in relevance order.
    fn default() -> Self {
        SearchQuery {
            cat: None,
            fts: None,
            sort: Sort::Relevance,
            offset: 0,
            limit: DEFAULT_LIMIT,
            brand: Vec::new(),
            retailer: Vec::new(),
            color: Vec::new(),
            size: Vec::new(),
            min_price: None,
            max_price: None,
            sale: false,
            min_discount: None,
        }
    }
}

/// What follows the prefix in a query's cache key.
const KEY_INFIX: &str = "v1:q:";

fn default_limit() -> u32 {
    DEFAULT_LIMIT
}

/// A parameter the client sent that cannot be used: which one, and what is allowed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{parameter}: {message}")]
pub struct InvalidParameter {
    /// The parameter's name as the client spelled it in the API (`limit`, `sort`).
    pub parameter: String,
    /// What was wrong and what is allowed.
    pub message: String,
}

impl InvalidParameter {
    /// An error for `parameter` saying `message`.
    pub fn new(parameter: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            parameter: parameter.into(),
            message: message.into(),
        }
    }
}

impl SearchQuery {
    /// Parses and validates the public API's query parameters (`cat`, `fts`, `sort`, `offset`,
    /// `limit`, `brand`, `retailer`, `color`, `minPrice`, `maxPrice`, `sale`), given as decoded
    /// name/value pairs in request order. Unknown parameters are rejected so typos do not pass
    /// silently. Whether `cat` names a known category is checked by the caller, which knows the tree.
    pub fn from_params<'a, I>(params: I) -> Result<SearchQuery, InvalidParameter>
    where
        I: IntoIterator<Item = (&'a str, &'a str)>,
    {
        let mut q = SearchQuery::default();
        let mut seen_single: Vec<&'a str> = Vec::new();
        for (name, value) in params {
            let single = matches!(
                name,
                "cat"
                    | "fts"
                    | "sort"
                    | "offset"
                    | "limit"
                    | "minPrice"
                    | "maxPrice"
                    | "sale"
                    | "minDiscount"
            );
            if single {
                if seen_single.contains(&name) {
                    return Err(InvalidParameter::new(
                        name,
                        "given more than once; it takes one value",
                    ));
                }
                seen_single.push(name);
            }
            match name {
                "cat" => q.cat = Some(parse_category(name, value)?),
                "fts" => q.fts = Some(normalise_fts(value)?),
                "sort" => {
                    q.sort = Sort::parse(value).ok_or_else(|| {
                        let allowed: Vec<&str> = Sort::ALL.iter().map(|s| s.as_str()).collect();
                        InvalidParameter::new(
                            name,
                            format!(
                                "unknown sort {:?}; allowed: {}",
                                clip(value, ECHO_CHARS),
                                allowed.join(", ")
                            ),
                        )
                    })?;
                }
                "offset" => q.offset = parse_u32(name, value, 0, MAX_OFFSET)?,
                "limit" => q.limit = parse_u32(name, value, MIN_LIMIT, MAX_LIMIT)?,
                "brand" => push_id(&mut q.brand, name, value)?,
                "retailer" => push_id(&mut q.retailer, name, value)?,
                "color" => push_id(&mut q.color, name, value)?,
                "size" => push_id(&mut q.size, name, value)?,
                "minDiscount" => q.min_discount = Some(parse_discount(name, value)?),
                "minPrice" => q.min_price = Some(parse_price(name, value)?),
                "maxPrice" => q.max_price = Some(parse_price(name, value)?),
                "sale" => {
                    q.sale = match value {
                        "true" => true,
                        "false" => false,
                        _ => {
                            return Err(InvalidParameter::new(
                                name,
                                format!(
                                    "{:?} is not a boolean; allowed: true, false",
                                    clip(value, ECHO_CHARS)
                                ),
                            ));
                        }
                    }
                }
                "" => {
                    return Err(InvalidParameter::new(
                        "query",
                        "a parameter has no name (a stray '=' or '&')",
                    ));
                }
                other => {
                    return Err(InvalidParameter::new(
                        clip(other, ECHO_CHARS),
                        "unknown parameter; allowed: cat, fts, sort, offset, limit, brand, \
                         retailer, color, size, minPrice, maxPrice, sale, minDiscount",
                    ));
                }
            }
        }
        if q.cat.is_none() && q.fts.is_none() {
            return Err(InvalidParameter::new(
                "cat",
                "a search needs a category (cat) or free text (fts), or both",
            ));
        }
        if q.offset + q.limit > MAX_OFFSET {
            return Err(InvalidParameter::new(
                "offset",
                format!(
                    "offset + limit is {}; allowed: at most {MAX_OFFSET} (the upstream's depth cap)",
                    q.offset + q.limit
                ),
            ));
        }
        if let (Some(lo), Some(hi)) = (q.min_price, q.max_price)
            && lo > hi
        {
            return Err(InvalidParameter::new(
                "minPrice",
                format!("minPrice {lo} is above maxPrice {hi}"),
            ));
        }
        for list in [&mut q.brand, &mut q.retailer, &mut q.color, &mut q.size] {
            list.sort_unstable();
            list.dedup();
        }
        Ok(q)
    }

    /// The canonical text of the query: the same for every spelling of one search. It is the
    /// JSON of this struct, whose fields are already normalised and in a fixed order.
    pub fn canonical(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The cache key `<prefix>v1:q:<hex sha256 of the canonical text>`.
    pub fn cache_key(&self, prefix: &str) -> String {
        use sha2::{Digest, Sha256};
        // The canonical text's bytes, serialised once into a buffer that fits them.
        let mut canonical = Vec::with_capacity(256);
        if serde_json::to_writer(&mut canonical, self).is_err() {
            canonical.clear(); // as `canonical()`: the empty text
        }
        let digest = Sha256::digest(&canonical);
        // Hex into a stack buffer, then one push: no allocation beyond the key itself (this runs
        // on every request, hits included).
        let mut hex = [0u8; 64];
        let hex = match hex::encode_to_slice(digest, &mut hex) {
            Ok(()) => std::str::from_utf8(&hex).unwrap_or_default(),
            Err(_) => "",
        };
        let mut key = String::with_capacity(prefix.len() + KEY_INFIX.len() + hex.len());
        key.push_str(prefix);
        key.push_str(KEY_INFIX);
        key.push_str(hex);
        key
    }

    /// The ShopStyle `fl` filters of this query: `b<id>` brands, `r<id>` retailers, `c<id>`
    /// colours, `s<id>` sizes, `p<id>` or `p<first>:<last>` the price filters a price range
    /// covers ([`price_filter_ids`]), `d0` on sale and `d<id>` a least discount
    /// ([`DISCOUNT_FILTERS`]).
    pub fn shopstyle_filters(&self) -> Vec<String> {
        let mut fl = Vec::new();
        fl.extend(self.brand.iter().map(|b| format!("b{b}")));
        fl.extend(self.retailer.iter().map(|r| format!("r{r}")));
        fl.extend(self.color.iter().map(|c| format!("c{c}")));
        fl.extend(self.size.iter().map(|s| format!("s{s}")));
        if self.min_price.is_some() || self.max_price.is_some() {
            match price_filter_ids(self.min_price, self.max_price) {
                Some((a, b)) if a == b => fl.push(format!("p{a}")),
                Some((a, b)) => fl.push(format!("p{a}:{b}")),
                // No band overlaps (a range below every band cannot happen: they start at 0).
                None => {}
            }
        }
        if self.sale {
            fl.push("d0".to_owned());
        }
        if let Some(pct) = self.min_discount
            && let Some((id, _)) = DISCOUNT_FILTERS.iter().find(|(_, p)| *p == pct)
        {
            fl.push(format!("d{id}"));
        }
        fl
    }

    /// This query less the filter `facet` stands for (its counts ignore it, so a shopper sees
    /// what choosing another value would add), with the page fields at their defaults.
    pub fn without(&self, facet: Facet) -> SearchQuery {
        let mut q = self.facet_base();
        match facet {
            Facet::Brand => q.brand.clear(),
            Facet::Retailer => q.retailer.clear(),
            Facet::Color => q.color.clear(),
            Facet::Size => q.size.clear(),
            Facet::Price => (q.min_price, q.max_price) = (None, None),
            Facet::Discount => q.min_discount = None,
            // Sub-categories narrow the search's own category: it stays.
            Facet::Category => {}
        }
        q
    }

    /// This query with the page fields (`sort`, `offset`, `limit`) at their defaults: what a
    /// facet request keeps of a search.
    pub fn facet_base(&self) -> SearchQuery {
        SearchQuery {
            sort: Sort::Relevance,
            offset: 0,
            limit: DEFAULT_LIMIT,
            ..self.clone()
        }
    }

    /// Whether this query filters by `facet`'s parameter.
    pub fn filters_by(&self, facet: Facet) -> bool {
        match facet {
            Facet::Brand => !self.brand.is_empty(),
            Facet::Retailer => !self.retailer.is_empty(),
            Facet::Color => !self.color.is_empty(),
            Facet::Size => !self.size.is_empty(),
            Facet::Price => self.min_price.is_some() || self.max_price.is_some(),
            Facet::Discount => self.min_discount.is_some(),
            Facet::Category => false,
        }
    }
}

/// A name or name prefix as lists compare them: lower-cased, trimmed, inner whitespace one
/// space (`"  Peter  ENG"` -> `"peter eng"`).
pub fn normalise_prefix(s: &str) -> String {
    s.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// How many characters of a client's value an error message echoes.
pub const ECHO_CHARS: usize = 40;

/// At most `max_chars` characters of `s` (then `...`), for echoing client input in messages.
pub fn clip(s: &str, max_chars: usize) -> String {
    match s.char_indices().nth(max_chars) {
        Some((i, _)) => format!("{}...", &s[..i]),
        None => s.to_owned(),
    }
}

fn parse_u32(name: &str, value: &str, min: u32, max: u32) -> Result<u32, InvalidParameter> {
    let bad = || {
        InvalidParameter::new(
            name,
            format!(
                "{:?} is not a whole number in {min}..={max}",
                clip(value, ECHO_CHARS)
            ),
        )
    };
    // Digits only: no sign, no spaces, no exponent, as the OpenAPI document's integer says.
    if value.is_empty() || value.len() > 10 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let n: u64 = value.parse().map_err(|_| bad())?;
    if n < u64::from(min) || n > u64::from(max) {
        return Err(bad());
    }
    u32::try_from(n).map_err(|_| bad())
}

/// A price: a number from 0 to [`MAX_PRICE`], rounded to the cent (`-0` is 0, and a value too
/// small to be a cent is 0), so what reaches the upstream is always a short decimal it accepts.
fn parse_price(name: &str, value: &str) -> Result<f64, InvalidParameter> {
    let bad = || {
        InvalidParameter::new(
            name,
            format!(
                "{:?} is not allowed; allowed: a number from 0 to {MAX_PRICE} such as 49.99",
                clip(value, ECHO_CHARS)
            ),
        )
    };
    let v: f64 = value.parse().map_err(|_| bad())?;
    if !v.is_finite() || !(0.0..=MAX_PRICE).contains(&v) {
        return Err(bad());
    }
    // `+ 0.0` turns -0 into 0.
    Ok((v * 100.0).round() / 100.0 + 0.0)
}

/// A category id: 1 to [`MAX_ID_CHARS`] ASCII letters, digits, `-`, `_` and `.`; lower-cased.
fn parse_category(name: &str, value: &str) -> Result<String, InvalidParameter> {
    let ok = !value.is_empty()
        && value.len() <= MAX_ID_CHARS
        && value
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'));
    if !ok {
        return Err(InvalidParameter::new(
            name,
            format!(
                "{:?} is not a category id; allowed: 1 to {MAX_ID_CHARS} letters, digits, '-', \
                 '_' or '.' (see /api/v1/categories)",
                clip(value, ECHO_CHARS)
            ),
        ));
    }
    Ok(value.to_ascii_lowercase())
}

/// A brand, retailer or colour id: a number of 1 to [`MAX_FILTER_ID_DIGITS`] digits, kept
/// without leading zeros.
fn parse_discount(name: &str, value: &str) -> Result<u32, InvalidParameter> {
    value
        .parse::<u32>()
        .ok()
        .filter(|v| DISCOUNT_FILTERS.iter().any(|(_, p)| p == v))
        .ok_or_else(|| {
            let allowed: Vec<String> = DISCOUNT_FILTERS
                .iter()
                .map(|(_, p)| p.to_string())
                .collect();
            InvalidParameter::new(
                name,
                format!(
                    "{:?} is not allowed; allowed: a percent the upstream filters by: {}",
                    clip(value, ECHO_CHARS),
                    allowed.join(", ")
                ),
            )
        })
}

fn push_id(list: &mut Vec<String>, name: &str, value: &str) -> Result<(), InvalidParameter> {
    let ok = !value.is_empty()
        && value.len() <= MAX_FILTER_ID_DIGITS
        && value.bytes().all(|b| b.is_ascii_digit());
    let id = value.parse::<u32>().ok().filter(|_| ok).ok_or_else(|| {
        InvalidParameter::new(
            name,
            format!(
                "{:?} is not a {name} id; allowed: a number of 1 to {MAX_FILTER_ID_DIGITS} \
                 digits, one per parameter ({name}=1&{name}=2)",
                clip(value, ECHO_CHARS)
            ),
        )
    })?;
    if list.len() == MAX_FILTER_VALUES {
        return Err(InvalidParameter::new(
            name,
            format!("too many values; allowed: at most {MAX_FILTER_VALUES}"),
        ));
    }
    list.push(id.to_string());
    Ok(())
}

/// Checks free text as the client sent it (1 to [`MAX_FTS_CHARS`] characters, at most
/// [`MAX_FTS_WORDS`] words, no control characters) and normalises it: trimmed, inner whitespace
/// collapsed to one space, each character lower-cased to one character, so the normalised text
/// is never longer than what was sent.
pub fn normalise_fts(value: &str) -> Result<String, InvalidParameter> {
    let n = value.chars().count();
    if n > MAX_FTS_CHARS {
        return Err(InvalidParameter::new(
            "fts",
            format!("free text is {n} characters; allowed: 1 to {MAX_FTS_CHARS}"),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(InvalidParameter::new(
            "fts",
            "free text must not contain control characters",
        ));
    }
    let words = value.split_whitespace().count();
    if words == 0 || words > MAX_FTS_WORDS {
        return Err(InvalidParameter::new(
            "fts",
            format!("free text has {words} words; allowed: 1 to {MAX_FTS_WORDS}"),
        ));
    }
    let mut text = String::with_capacity(value.len());
    for (i, word) in value.split_whitespace().enumerate() {
        if i > 0 {
            text.push(' ');
        }
        // One character for one: the first of its lower-case mapping ('İ' becomes 'i').
        text.extend(word.chars().map(|c| c.to_lowercase().next().unwrap_or(c)));
    }
    Ok(text)
}

/// A brand or retailer: an id and a display name.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    /// The id, always a string here (the upstream sends strings or numbers).
    pub id: String,
    /// The display name.
    pub name: String,
}

/// A product image.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Image {
    /// The image URL.
    pub url: String,
    /// Width in pixels, when the upstream says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// Height in pixels, when the upstream says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// The same picture at smaller sizes, narrowest first, when the upstream offers them under
    /// their own URLs (for a page's `srcset`); absent otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub smaller: Vec<ImageSize>,
}

/// One smaller size of a product image.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageSize {
    /// The image URL at this size.
    pub url: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels, when the upstream says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
}

/// A product in the public API's normalised shape (README.md, "API"; the schema at `/api/openapi.json`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Product {
    /// The product id, always a string.
    pub id: String,
    /// The product's name.
    pub name: String,
    /// The brand, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<Named>,
    /// The retailer, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retailer: Option<Named>,
    /// The regular price.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<f64>,
    /// The sale price; absent when the product is not on sale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sale_price: Option<f64>,
    /// ISO currency code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// The price as the upstream formats it ("$49").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_label: Option<String>,
    /// Whether the retailer has it in stock.
    #[serde(default)]
    pub in_stock: bool,
    /// The discount in percent (0 when not on sale).
    #[serde(default)]
    pub discount: u32,
    /// Category ids, most specific first as the upstream lists them.
    #[serde(default)]
    pub categories: Vec<String>,
    /// Colour names.
    #[serde(default)]
    pub colors: Vec<String>,
    /// Size names.
    #[serde(default)]
    pub sizes: Vec<String>,
    /// The best image the upstream offers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
    /// The product's page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_url: Option<String>,
    /// The retailer's page, through the upstream's click tracking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub click_url: Option<String>,
    /// The description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// When the upstream last saw the product.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extract_date: Option<String>,
}

/// One node of the category tree, in the public API's shape.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Category {
    /// The id (`womens-boots-ankle`).
    pub id: String,
    /// The name ("Ankle Boots").
    pub name: String,
    /// The short name for narrow places.
    pub short_name: String,
    /// The full name ("Women's Ankle Boots").
    pub full_name: String,
    /// The parent's id; absent for the root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    /// How many products the subtree holds, when the upstream says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_count: Option<u64>,
}

/// How a search was answered; the `X-Cache` header and the body's `cache.status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum CacheStatus {
    /// From a cache, fresh.
    Hit,
    /// Fetched from the upstream for this request.
    Miss,
    /// From a cache after its fresh time (a refresh runs), or because the upstream failed.
    Stale,
    /// Rebuilt from the durable store.
    Store,
}

impl CacheStatus {
    /// `HIT`, `MISS`, `STALE`, `STORE`.
    pub fn header(self) -> &'static str {
        match self {
            CacheStatus::Hit => "HIT",
            CacheStatus::Miss => "MISS",
            CacheStatus::Stale => "STALE",
            CacheStatus::Store => "STORE",
        }
    }

    /// `hit`, `miss`, `stale`, `store`.
    pub fn as_str(self) -> &'static str {
        match self {
            CacheStatus::Hit => "hit",
            CacheStatus::Miss => "miss",
            CacheStatus::Stale => "stale",
            CacheStatus::Store => "store",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(pairs: &[(&str, &str)]) -> Result<SearchQuery, InvalidParameter> {
        SearchQuery::from_params(pairs.iter().copied())
    }

    #[test]
    fn two_spellings_share_one_key() {
        let a = parse(&[
            ("cat", "Dresses"),
            ("fts", "  Blue   JEANS "),
            ("brand", "2"),
            ("brand", "01"),
        ])
        .expect("valid");
        let b = parse(&[
            ("brand", "1"),
            ("brand", "2"),
            ("fts", "blue jeans"),
            ("cat", "dresses"),
            ("limit", "20"),
        ])
        .expect("valid");
        assert_eq!(a, b);
        assert_eq!(a.cache_key("sss:"), b.cache_key("sss:"));
        assert!(a.cache_key("sss:").starts_with("sss:v1:q:"));
        assert_eq!(a.cache_key("sss:").len(), "sss:v1:q:".len() + 64);
    }

    #[test]
    fn different_queries_have_different_keys() {
        let a = parse(&[("cat", "dresses")]).expect("valid");
        let b = parse(&[("cat", "dresses"), ("offset", "20")]).expect("valid");
        assert_ne!(a.cache_key(""), b.cache_key(""));
    }

    #[test]
    fn cache_key_is_the_sha256_of_the_canonical_text() {
        use sha2::{Digest, Sha256};
        let q = parse(&[
            ("cat", "dresses"),
            ("fts", " Blue  Jeans "),
            ("brand", "2"),
            ("brand", "1"),
            ("maxPrice", "80.5"),
        ])
        .expect("valid");
        let want = format!(
            "sss:v1:q:{}",
            hex::encode(Sha256::digest(q.canonical().as_bytes()))
        );
        assert_eq!(q.cache_key("sss:"), want);
    }

    #[test]
    fn errors_name_the_parameter_and_what_is_allowed() {
        let e = parse(&[("cat", "dresses"), ("limit", "101")]).expect_err("limit too big");
        assert_eq!(e.parameter, "limit");
        assert!(e.message.contains("1..=100"), "{}", e.message);
        let e = parse(&[("cat", "dresses"), ("sort", "cheap")]).expect_err("bad sort");
        assert!(e.message.contains("price-asc"), "{}", e.message);
        let e = parse(&[("limit", "5")]).expect_err("no cat or fts");
        assert_eq!(e.parameter, "cat");
        let e = parse(&[("cat", "a"), ("cat", "b")]).expect_err("repeated");
        assert_eq!(e.parameter, "cat");
        let e = parse(&[("cat", "a"), ("bogus", "1")]).expect_err("unknown");
        assert_eq!(e.parameter, "bogus");
        let e = parse(&[("cat", "a"), ("offset", "-1")]).expect_err("negative");
        assert_eq!(e.parameter, "offset");
        let e = parse(&[("cat", "a"), ("minPrice", "10"), ("maxPrice", "5")]).expect_err("range");
        assert_eq!(e.parameter, "minPrice");
        let e = parse(&[("fts", "   ")]).expect_err("blank");
        assert_eq!(e.parameter, "fts");
        let long = "x".repeat(201);
        assert!(parse(&[("fts", &long)]).is_err());
    }

    #[test]
    fn prices_are_numbers_within_bounds_rounded_to_the_cent() {
        let min = |v: &str| parse(&[("cat", "a"), ("minPrice", v)]).map(|q| q.min_price);
        assert_eq!(min("-0"), Ok(Some(0.0)));
        assert!(
            min("-0")
                .expect("valid")
                .is_some_and(|p| p.is_sign_positive())
        );
        assert_eq!(min("1e-320"), Ok(Some(0.0)));
        assert_eq!(min("9.999"), Ok(Some(10.0)));
        assert_eq!(min("1000000"), Ok(Some(MAX_PRICE)));
        for bad in ["1000000.01", "5000000", "-1", "inf", "NaN", "", " 5", "x"] {
            let e = min(bad).expect_err(bad);
            assert_eq!(e.parameter, "minPrice", "{bad}");
        }
        let q =
            parse(&[("cat", "a"), ("minPrice", "1e-320"), ("maxPrice", "49.999")]).expect("valid");
        // [0, 50): the bands $0-10, $10-25, $25-50.
        assert_eq!(q.shopstyle_filters(), ["p20:22"]);
    }

    #[test]
    fn filter_ids_are_numbers_one_per_value() {
        let q = parse(&[("cat", "a"), ("brand", "007"), ("color", "10")]).expect("valid");
        assert_eq!(
            (q.brand, q.color),
            (vec!["7".to_owned()], vec!["10".to_owned()])
        );
        let long = "1".repeat(70);
        for (name, bad) in [
            ("brand", "abc"),
            ("brand", long.as_str()),
            ("brand", "1234567890"),
            ("brand", "1,2"),
            ("retailer", ""),
            ("color", " 5"),
        ] {
            let e = parse(&[("cat", "a"), (name, bad)]).expect_err(bad);
            assert_eq!(e.parameter, name, "{bad}");
            assert!(!e.message.contains("fl"), "{}", e.message);
        }
        let eleven: Vec<(&str, &str)> = std::iter::once(("cat", "a"))
            .chain(std::iter::repeat_n(("brand", "1"), MAX_FILTER_VALUES + 1))
            .collect();
        assert_eq!(parse(&eleven).expect_err("11").parameter, "brand");
    }

    #[test]
    fn fts_counts_what_was_sent() {
        let dotted = "\u{130}".repeat(MAX_FTS_CHARS);
        let q = parse(&[("fts", &dotted)]).expect("200 characters as sent");
        assert_eq!(
            q.fts.as_deref().map(|f| f.chars().count()),
            Some(MAX_FTS_CHARS)
        );
        assert!(parse(&[("fts", &"a".repeat(MAX_FTS_CHARS + 1))]).is_err());
        let words = vec!["w"; MAX_FTS_WORDS + 1].join(" ");
        assert_eq!(
            parse(&[("fts", &words)]).expect_err("21 words").parameter,
            "fts"
        );
        assert!(parse(&[("fts", &vec!["w"; MAX_FTS_WORDS].join(" "))]).is_ok());
    }

    #[test]
    fn shopstyle_filters() {
        let q = parse(&[
            ("cat", "dresses"),
            ("brand", "7"),
            ("color", "10"),
            ("minPrice", "20"),
            ("sale", "true"),
            ("size", "3"),
            ("minDiscount", "30"),
        ])
        .expect("valid");
        // Price: every band from the one holding 20 up; discount 30%: d2.
        assert_eq!(
            q.shopstyle_filters(),
            ["b7", "c10", "s3", "p21:28", "d0", "d2"]
        );
        assert_eq!(Sort::PriceAsc.as_shopstyle(), Some("PriceLoHi"));
    }

    #[test]
    fn price_ranges_take_the_bands_they_overlap() {
        // A facet's band maps back to exactly that band.
        for &(id, lo, hi) in PRICE_FILTERS {
            let got = price_filter_ids(Some(f64::from(lo)), hi.map(f64::from));
            assert_eq!(got, Some((id, id)), "{lo}..{hi:?}");
        }
        assert_eq!(price_filter_ids(Some(30.0), Some(60.0)), Some((22, 23)));
        assert_eq!(price_filter_ids(None, Some(10.0)), Some((20, 20)));
        assert_eq!(price_filter_ids(Some(25.0), Some(25.0)), Some((22, 22)));
        assert_eq!(price_filter_ids(Some(5000.0), None), Some((28, 28)));
    }

    #[test]
    fn min_discount_takes_the_upstream_steps_only() {
        let ok = parse(&[("cat", "a"), ("minDiscount", "50")]).expect("valid");
        assert_eq!(ok.min_discount, Some(50));
        for bad in ["25", "0", "100", "x", "-20"] {
            let e = parse(&[("cat", "a"), ("minDiscount", bad)]).expect_err(bad);
            assert_eq!(e.parameter, "minDiscount");
            assert!(
                e.message.contains("20, 30, 40, 50, 60, 70"),
                "{}",
                e.message
            );
        }
    }

    #[test]
    fn facet_sets_are_one_key_however_spelled() {
        let a = FacetSet::parse("color,brand").expect("valid");
        let b = FacetSet::parse(" brand , color,brand").expect("valid");
        assert_eq!(a, b);
        assert_eq!(FacetSet::parse("").expect("valid"), FacetSet::ALL);
        let e = FacetSet::parse("brand,colour").expect_err("unknown");
        assert!(e.message.contains("colour") && e.message.contains("discount"));
        let q =
            parse(&[("cat", "a"), ("brand", "2"), ("size", "3"), ("limit", "50")]).expect("valid");
        let without = q.without(Facet::Brand);
        assert!(
            without.brand.is_empty() && without.size == ["3"] && without.limit == DEFAULT_LIMIT
        );
        assert!(q.filters_by(Facet::Size) && !q.filters_by(Facet::Price));
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        const NAMES: [&str; 13] = [
            "cat", "fts", "sort", "offset", "limit", "brand", "retailer", "color", "minPrice",
            "maxPrice", "sale", "x", "",
        ];

        fn pairs() -> impl Strategy<Value = Vec<(String, String)>> {
            let name = prop_oneof![
                (0..NAMES.len()).prop_map(|i| NAMES[i].to_owned()),
                ".{0,12}",
            ];
            let value = prop_oneof![
                "[a-z0-9-]{1,20}",
                "-?[0-9]{1,25}(\\.[0-9]{0,3})?",
                ".{0,300}",
                Just("price-asc".to_owned()),
                Just("true".to_owned()),
            ];
            proptest::collection::vec((name, value), 0..12)
        }

        fn parse(p: &[(String, String)]) -> Result<SearchQuery, InvalidParameter> {
            SearchQuery::from_params(p.iter().map(|(n, v)| (n.as_str(), v.as_str())))
        }

        proptest! {
            #[test]
            fn never_panics_and_accepted_queries_are_within_bounds(p in pairs()) {
                match parse(&p) {
                    Ok(q) => {
                        prop_assert!(q.cat.is_some() || q.fts.is_some());
                        prop_assert!(q.offset + q.limit <= MAX_OFFSET);
                        prop_assert!((1..=MAX_LIMIT).contains(&q.limit));
                        prop_assert!(q.fts.as_ref().is_none_or(|f| f.chars().count() <= MAX_FTS_CHARS));
                        // Normalising is idempotent: the canonical query parses to itself.
                        let again = SearchQuery::from_params(
                            canonical_pairs(&q).iter().map(|(n, v)| (n.as_str(), v.as_str())),
                        );
                        prop_assert_eq!(again.as_ref(), Ok(&q));
                    }
                    Err(e) => prop_assert!(!e.message.is_empty() && !e.parameter.is_empty()),
                }
            }
        }

        fn canonical_pairs(q: &SearchQuery) -> Vec<(String, String)> {
            let mut v = Vec::new();
            if let Some(c) = &q.cat {
                v.push(("cat".into(), c.clone()));
            }
            if let Some(f) = &q.fts {
                v.push(("fts".into(), f.clone()));
            }
            v.push(("sort".into(), q.sort.as_str().into()));
            v.push(("offset".into(), q.offset.to_string()));
            v.push(("limit".into(), q.limit.to_string()));
            for (name, list) in [
                ("brand", &q.brand),
                ("retailer", &q.retailer),
                ("color", &q.color),
            ] {
                v.extend(list.iter().map(|x| (name.to_owned(), x.clone())));
            }
            if let Some(p) = q.min_price {
                v.push(("minPrice".into(), p.to_string()));
            }
            if let Some(p) = q.max_price {
                v.push(("maxPrice".into(), p.to_string()));
            }
            if q.sale {
                v.push(("sale".into(), "true".into()));
            }
            v
        }
    }
}
