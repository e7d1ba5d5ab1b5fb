//! ShopStyle API v2 wire types, as public clients and recorded responses show them.
//!
//! Parsing is lenient where the real API varies: ids are strings in some years and numbers in
//! others ([`FlexId`]), most fields may be missing, and fields this module does not name are kept
//! in `extra` so the raw product can travel on to the store unchanged. The offline catalog
//! serialises the same types, so what it sends is what this module reads.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::domain::{Category, Image, ImageSize, Named, Product};

/// An id that the upstream sends as a number in some years and a string in others. It is
/// written back the way it came.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FlexId {
    /// A numeric id (`12345`).
    Num(u64),
    /// A string id (`"12345"` or `"womens-boots"`).
    Str(String),
}

impl fmt::Display for FlexId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FlexId::Num(n) => write!(f, "{n}"),
            FlexId::Str(s) => f.write_str(s),
        }
    }
}

impl Default for FlexId {
    fn default() -> Self {
        FlexId::Str(String::new())
    }
}

/// A brand, retailer or canonical colour/size reference: `{id, name}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SsRef {
    /// The id, string or number.
    #[serde(default)]
    pub id: FlexId,
    /// The display name.
    #[serde(default)]
    pub name: String,
    /// Fields not named here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One size of an image. `Original` comes without width and height.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SsImageSize {
    /// The size's name (`Best`, `Original`).
    #[serde(default)]
    pub size_name: String,
    /// The URL.
    #[serde(default)]
    pub url: String,
    /// Width in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// Height in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
}

/// An image in several sizes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SsImage {
    /// The image id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<FlexId>,
    /// Sizes by name: `Small`, `Medium`, `Large`, `XLarge`, `IPhoneSmall`, `IPhone`, `Best`,
    /// `Original`.
    #[serde(default)]
    pub sizes: BTreeMap<String, SsImageSize>,
    /// Fields not named here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A colour of a product.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SsColor {
    /// The retailer's colour name.
    #[serde(default)]
    pub name: String,
    /// A picture of the product in this colour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<SsImage>,
    /// ShopStyle's canonical colours this one maps to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub canonical_colors: Vec<SsRef>,
    /// Fields not named here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A size of a product.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SsSize {
    /// The retailer's size name.
    #[serde(default)]
    pub name: String,
    /// ShopStyle's canonical size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical_size: Option<SsRef>,
    /// Fields not named here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A category as a product lists it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SsCategoryRef {
    /// The category id.
    pub id: String,
    /// The name.
    #[serde(default)]
    pub name: String,
    /// The short name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_name: Option<String>,
    /// The full name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    /// The id in the request's locale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub localized_id: Option<String>,
    /// Fields not named here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A ShopStyle product. Every field but `id` may be missing in the wild.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SsProduct {
    /// The product id, string or number.
    pub id: FlexId,
    /// The name.
    #[serde(default)]
    pub name: String,
    /// The name with the brand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branded_name: Option<String>,
    /// The name without the brand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unbranded_name: Option<String>,
    /// ISO currency code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// The regular price.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<f64>,
    /// The regular price, formatted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_label: Option<String>,
    /// The sale price; present only on sale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sale_price: Option<f64>,
    /// The sale price, formatted; present only on sale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sale_price_label: Option<String>,
    /// In stock at the retailer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_stock: Option<bool>,
    /// The retailer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retailer: Option<SsRef>,
    /// The brand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<SsRef>,
    /// The locale (`en_US`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// The description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The retailer's page through ShopStyle's click tracking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub click_url: Option<String>,
    /// The ShopStyle product page (older responses).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_url: Option<String>,
    /// The main image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<SsImage>,
    /// More images.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternate_images: Vec<SsImage>,
    /// The discount in percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount: Option<f64>,
    /// On sale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_on_sale: Option<bool>,
    /// Colours.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub colors: Vec<SsColor>,
    /// Sizes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sizes: Vec<SsSize>,
    /// Categories, most specific first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<SsCategoryRef>,
    /// When ShopStyle last saw it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extract_date: Option<String>,
    /// "See more" link label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub see_more_label: Option<String>,
    /// Favourites (older responses).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub favorite_count: Option<u64>,
    /// Fields not named here, kept so the raw product reaches the store unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The sizes of `img` narrower than `best` that have their own URL, narrowest first, one per
/// URL: what a page can offer as `srcset`. None when every size is the same file (the offline
/// catalog) or `best` has no width.
fn smaller_sizes(img: &SsImage, best: &SsImageSize) -> Vec<ImageSize> {
    let Some(best_width) = best.width else {
        return Vec::new();
    };
    let mut sizes: Vec<ImageSize> = img
        .sizes
        .values()
        .filter(|s| s.url != best.url && !s.url.is_empty())
        .filter_map(|s| {
            let width = s.width.filter(|w| *w > 0 && *w < best_width)?;
            Some(ImageSize {
                url: s.url.clone(),
                width,
                height: s.height,
            })
        })
        .collect();
    sizes.sort_by(|a, b| a.width.cmp(&b.width).then_with(|| a.url.cmp(&b.url)));
    let mut seen = std::collections::HashSet::new();
    sizes.retain(|s| seen.insert(s.url.clone()));
    sizes.dedup_by_key(|s| s.width);
    sizes
}

impl SsProduct {
    /// The normalised product of the public API.
    pub fn to_product(&self) -> Product {
        let named = |r: &Option<SsRef>| {
            r.as_ref().map(|r| Named {
                id: r.id.to_string(),
                name: r.name.clone(),
            })
        };
        let image = self.image.as_ref().and_then(|img| {
            ["Best", "Large", "XLarge", "Medium", "Original", "Small"]
                .iter()
                .find_map(|k| img.sizes.get(*k))
                .or_else(|| img.sizes.values().next())
                .map(|best| Image {
                    url: best.url.clone(),
                    width: best.width,
                    height: best.height,
                    smaller: smaller_sizes(img, best),
                })
        });
        let on_sale = self.sale_price.is_some() || self.is_on_sale == Some(true);
        let discount = if on_sale {
            self.discount
                .or_else(|| match (self.price, self.sale_price) {
                    (Some(p), Some(s)) if p > 0.0 => Some((1.0 - s / p) * 100.0),
                    _ => None,
                })
                .map(|d| d.round().clamp(0.0, 100.0) as u32)
                .unwrap_or(0)
        } else {
            0
        };
        Product {
            id: self.id.to_string(),
            name: self.name.clone(),
            brand: named(&self.brand),
            retailer: named(&self.retailer),
            price: self.price,
            sale_price: self.sale_price,
            currency: self.currency.clone(),
            price_label: self.price_label.clone(),
            in_stock: self.in_stock.unwrap_or(true),
            discount,
            categories: self.categories.iter().map(|c| c.id.clone()).collect(),
            colors: self.colors.iter().map(|c| c.name.clone()).collect(),
            sizes: self.sizes.iter().map(|s| s.name.clone()).collect(),
            image,
            page_url: self.page_url.clone(),
            click_url: self.click_url.clone(),
            description: self.description.clone(),
            extract_date: self.extract_date.clone(),
        }
    }
}

/// The `metadata` of a products response.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SsSearchMetadata {
    /// The first product's position.
    #[serde(default)]
    pub offset: u32,
    /// The page size.
    #[serde(default)]
    pub limit: u32,
    /// How many products match in all.
    #[serde(default)]
    pub total: u64,
    /// The requested category, when one was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<SsCategory>,
    /// Fields not named here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The `metadata` field in which a catalog says how the text of a search matched
/// (`exact`, `all`, `partial`): an extension of the bundled catalog that ShopStyle's own API
/// lacks, so absent means no statement.
pub const MATCH_FIELD: &str = "match";

/// The `metadata` field in which a catalog gives the text of a search as it understood it,
/// when it corrected a typo (`"sneekers"` -> `"sneakers"`): an extension of the bundled catalog,
/// beside [`MATCH_FIELD`]; absent when no word was corrected.
pub const CORRECTED_FIELD: &str = "corrected";

impl SsSearchMetadata {
    /// How the text matched, when the upstream said (see [`MATCH_FIELD`]).
    pub fn text_match(&self) -> Option<crate::domain::TextMatch> {
        self.extra
            .get(MATCH_FIELD)
            .and_then(Value::as_str)
            .and_then(crate::domain::TextMatch::parse)
    }

    /// The text as the upstream understood it, when it corrected a word (see
    /// [`CORRECTED_FIELD`]).
    pub fn corrected(&self) -> Option<&str> {
        self.extra
            .get(CORRECTED_FIELD)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    }
}

/// `GET /products`: a page of products.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SsSearchResponse {
    /// Paging and the total.
    #[serde(default)]
    pub metadata: SsSearchMetadata,
    /// The page.
    #[serde(default)]
    pub products: Vec<SsProduct>,
}

/// A category in the `/categories` response.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SsCategory {
    /// The id.
    pub id: String,
    /// The name.
    #[serde(default)]
    pub name: String,
    /// The short name.
    #[serde(default)]
    pub short_name: String,
    /// The full name.
    #[serde(default)]
    pub full_name: String,
    /// The id in the request's locale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub localized_id: Option<String>,
    /// The parent; absent for the root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    /// How many products the subtree holds. Not in ShopStyle's responses; the offline catalog
    /// adds it, and it is `None` from the real API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_count: Option<u64>,
    /// Fields not named here (`localizedIds`, `hasSizeFilter`, ...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl SsCategory {
    /// The public API's category.
    pub fn to_category(&self) -> Category {
        Category {
            id: self.id.clone(),
            name: self.name.clone(),
            short_name: self.short_name.clone(),
            full_name: self.full_name.clone(),
            parent_id: self.parent_id.clone(),
            product_count: self.product_count,
        }
    }
}

/// The `metadata` of a categories response.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SsCategoriesMetadata {
    /// The root of the returned tree.
    pub root: SsCategory,
    /// The deepest level returned.
    #[serde(default)]
    pub max_depth: u32,
}

/// `GET /categories`: a flat list linked by `parentId`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SsCategoriesResponse {
    /// The root and depth.
    pub metadata: SsCategoriesMetadata,
    /// The categories under the root, depth-first.
    #[serde(default)]
    pub categories: Vec<SsCategory>,
}

/// ShopStyle's error body. It marks an error even on HTTP 200.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SsError {
    /// The HTTP-like status code (401, 400, ...), string or number.
    pub error_code: FlexId,
    /// The error's name (`MissingPartnerId`).
    #[serde(default)]
    pub error_name: String,
    /// What went wrong.
    #[serde(default)]
    pub error_message: String,
    /// More detail, when given.
    #[serde(default)]
    pub detailed_errors: Vec<Value>,
    /// An id for support.
    #[serde(default)]
    pub error_id: String,
    /// Headers echoed back.
    #[serde(default)]
    pub headers: Map<String, Value>,
}

/// `GET /brands`: every brand, `{id, name}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SsBrandsResponse {
    /// `offset`, `limit` and `total` when the request paged the list.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub metadata: Map<String, Value>,
    /// The brands.
    #[serde(default)]
    pub brands: Vec<SsRef>,
}

/// `GET /retailers`: every retailer, `{id, name}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SsRetailersResponse {
    /// The retailers.
    #[serde(default)]
    pub retailers: Vec<SsRef>,
}

/// `GET /colors`: ShopStyle's canonical colours, `{id, name}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SsColorsResponse {
    /// The colours.
    #[serde(default)]
    pub colors: Vec<SsRef>,
}

/// One value of a `/products/histogram` list: `{id, name, count}` (ShopStyle may add more,
/// such as `url`, kept in `extra`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SsHistogramEntry {
    /// The value's id, as the matching `fl` filter takes it (string or number).
    #[serde(default)]
    pub id: FlexId,
    /// The display name.
    #[serde(default)]
    pub name: String,
    /// How many products of the search have this value.
    #[serde(default)]
    pub count: u64,
    /// Fields not named here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /products/histogram`: per facet asked for in `filters`, its values among the products
/// a search with the same `cat`, `fts` and `fl` matches. A list the request did not ask for is
/// absent.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SsHistogramResponse {
    /// `total` (how many products the search matches) and what else the upstream says.
    #[serde(default)]
    pub metadata: Map<String, Value>,
    /// By brand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand_histogram: Option<Vec<SsHistogramEntry>>,
    /// By retailer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retailer_histogram: Option<Vec<SsHistogramEntry>>,
    /// By price filter (ids of `/priceFilters`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_histogram: Option<Vec<SsHistogramEntry>>,
    /// By discount threshold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount_histogram: Option<Vec<SsHistogramEntry>>,
    /// By size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_histogram: Option<Vec<SsHistogramEntry>>,
    /// By canonical colour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color_histogram: Option<Vec<SsHistogramEntry>>,
    /// By category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category_histogram: Option<Vec<SsHistogramEntry>>,
    /// Fields not named here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl SsHistogramResponse {
    /// The list of `facet`, when the answer has one.
    pub fn list(&self, facet: crate::domain::Facet) -> Option<&[SsHistogramEntry]> {
        use crate::domain::Facet;
        match facet {
            Facet::Brand => self.brand_histogram.as_deref(),
            Facet::Retailer => self.retailer_histogram.as_deref(),
            Facet::Color => self.color_histogram.as_deref(),
            Facet::Size => self.size_histogram.as_deref(),
            Facet::Price => self.price_histogram.as_deref(),
            Facet::Discount => self.discount_histogram.as_deref(),
            Facet::Category => self.category_histogram.as_deref(),
        }
    }

    /// The slot of `facet`'s list.
    pub fn list_mut(&mut self, facet: crate::domain::Facet) -> &mut Option<Vec<SsHistogramEntry>> {
        use crate::domain::Facet;
        match facet {
            Facet::Brand => &mut self.brand_histogram,
            Facet::Retailer => &mut self.retailer_histogram,
            Facet::Color => &mut self.color_histogram,
            Facet::Size => &mut self.size_histogram,
            Facet::Price => &mut self.price_histogram,
            Facet::Discount => &mut self.discount_histogram,
            Facet::Category => &mut self.category_histogram,
        }
    }

    /// `metadata.total`, when the upstream gave it.
    pub fn total(&self) -> Option<u64> {
        self.metadata.get("total").and_then(Value::as_u64)
    }
}

/// `GET /suggest` (an extension of the bundled catalog): suggestions for a partial query.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SsSuggestResponse {
    /// The suggestions, best first.
    #[serde(default)]
    pub suggestions: Vec<crate::domain::Suggestion>,
}

/// `GET /priceFilters`: the price bands `fl=p<id>` filters by, `{id, name}` each.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SsPriceFiltersResponse {
    /// The bands, cheapest first.
    #[serde(default)]
    pub price_filters: Vec<SsRef>,
}

#[cfg(test)]
mod image_tests {
    use super::*;

    fn size(name: &str, url: &str, dims: Option<(u32, u32)>) -> (String, SsImageSize) {
        (
            name.to_owned(),
            SsImageSize {
                size_name: name.to_owned(),
                url: url.to_owned(),
                width: dims.map(|d| d.0),
                height: dims.map(|d| d.1),
            },
        )
    }

    fn product(sizes: Vec<(String, SsImageSize)>) -> Product {
        SsProduct {
            image: Some(SsImage {
                sizes: sizes.into_iter().collect(),
                ..SsImage::default()
            }),
            ..SsProduct::default()
        }
        .to_product()
    }

    #[test]
    fn smaller_sizes_with_their_own_urls_are_offered_narrowest_first() {
        let p = product(vec![
            size("Best", "https://img/best.jpg", Some((720, 900))),
            size("Large", "https://img/large.jpg", Some((164, 205))),
            size("XLarge", "https://img/xlarge.jpg", Some((328, 410))),
            size("IPhone", "https://img/iphone.jpg", Some((288, 360))),
            size("Original", "https://img/original.jpg", None),
            size("Small", "https://img/best.jpg", Some((32, 40))),
        ]);
        let image = p.image.expect("an image");
        assert_eq!(image.url, "https://img/best.jpg");
        let widths: Vec<u32> = image.smaller.iter().map(|s| s.width).collect();
        assert_eq!(widths, [164, 288, 328]);
        assert_eq!(image.smaller[0].url, "https://img/large.jpg");
        assert_eq!(image.smaller[0].height, Some(205));
    }

    #[test]
    fn one_file_at_every_size_offers_none() {
        let p = product(vec![
            size("Best", "https://img/a.jpg", Some((720, 900))),
            size("Medium", "https://img/a.jpg", Some((112, 140))),
        ]);
        let image = p.image.expect("an image");
        assert!(image.smaller.is_empty());
        let json = serde_json::to_value(&image).expect("json");
        assert!(json.get("smaller").is_none(), "{json}");
    }
}
