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
    /// The lowest price, inclusive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_price: Option<f64>,
    /// The highest price, inclusive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_price: Option<f64>,
    /// Only products on sale. `false` is the same as absent: it does not filter.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sale: bool,
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
        let mut q = SearchQuery {
            cat: None,
            fts: None,
            sort: Sort::Relevance,
            offset: 0,
            limit: DEFAULT_LIMIT,
            brand: Vec::new(),
            retailer: Vec::new(),
            color: Vec::new(),
            min_price: None,
            max_price: None,
            sale: false,
        };
        let mut seen_single: Vec<&'a str> = Vec::new();
        for (name, value) in params {
            let single = matches!(
                name,
                "cat" | "fts" | "sort" | "offset" | "limit" | "minPrice" | "maxPrice" | "sale"
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
                         retailer, color, minPrice, maxPrice, sale",
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
        for list in [&mut q.brand, &mut q.retailer, &mut q.color] {
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
    /// colours, `p<min>:<max>` a price range (either end may be empty) and `d0` on sale.
    pub fn shopstyle_filters(&self) -> Vec<String> {
        let mut fl = Vec::new();
        fl.extend(self.brand.iter().map(|b| format!("b{b}")));
        fl.extend(self.retailer.iter().map(|r| format!("r{r}")));
        fl.extend(self.color.iter().map(|c| format!("c{c}")));
        if self.min_price.is_some() || self.max_price.is_some() {
            let end = |p: Option<f64>| p.map(|v| v.to_string()).unwrap_or_default();
            fl.push(format!("p{}:{}", end(self.min_price), end(self.max_price)));
        }
        if self.sale {
            fl.push("d0".to_owned());
        }
        fl
    }
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
        assert_eq!(q.shopstyle_filters(), ["p0:50"]);
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
        ])
        .expect("valid");
        assert_eq!(q.shopstyle_filters(), ["b7", "c10", "p20:", "d0"]);
        assert_eq!(Sort::PriceAsc.as_shopstyle(), Some("PriceLoHi"));
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
