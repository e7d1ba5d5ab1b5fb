//! Products and categories in ShopStyle's shape.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::Catalog;
use super::attrs::{COLORS, RETAILERS, size_index, sizes};
use super::build::Item;
use super::prices::label;
use crate::upstream::wire::{
    FlexId, SsCategory, SsCategoryRef, SsColor, SsImage, SsImageSize, SsProduct, SsRef, SsSize,
};

/// Where links of the offline catalog point: a reserved `.invalid` host, so nothing mistakes
/// them for a real shop.
pub const LINK_BASE: &str = "https://catalog.sss.invalid";
/// The image of products the data has no image URL for.
pub const PLACEHOLDER_IMAGE: &str = "https://catalog.sss.invalid/images/placeholder.png";

/// ShopStyle's image sizes and their nominal dimensions; `Original` has none.
const IMAGE_SIZES: [(&str, Option<(u32, u32)>); 8] = [
    ("Small", Some((32, 40))),
    ("Medium", Some((112, 140))),
    ("Large", Some((164, 205))),
    ("XLarge", Some((328, 410))),
    ("IPhoneSmall", Some((100, 125))),
    ("IPhone", Some((288, 360))),
    ("Best", Some((720, 900))),
    ("Original", None),
];

impl Catalog {
    /// The ShopStyle product at position `pos`.
    pub(super) fn render(&self, pos: u32) -> SsProduct {
        let it: &Item = &self.items[pos as usize];
        let brand = &self.brands[it.brand as usize];
        let (rid, rname) = RETAILERS[it.retailer as usize];
        let p = &it.pricing;
        let url = it.image.as_deref().unwrap_or(PLACEHOLDER_IMAGE);
        let image = SsImage {
            id: Some(FlexId::Str(it.id.to_string())),
            sizes: IMAGE_SIZES
                .iter()
                .map(|(name, dims)| {
                    let size = SsImageSize {
                        size_name: (*name).to_owned(),
                        url: url.to_owned(),
                        width: dims.map(|d| d.0),
                        height: dims.map(|d| d.1),
                    };
                    ((*name).to_owned(), size)
                })
                .collect::<BTreeMap<_, _>>(),
            extra: Map::new(),
        };
        let colors = match it.color {
            _ if matches!(&*it.base_colour, "" | "NA") => Vec::new(),
            c => vec![SsColor {
                name: it.base_colour.to_string(),
                image: None,
                canonical_colors: c
                    .map(|c| {
                        let (id, name) = COLORS[c as usize];
                        vec![sref(&id.to_string(), name)]
                    })
                    .unwrap_or_default(),
                extra: Map::new(),
            }],
        };
        let primary = it.cats.first().map(|&c| self.tree.node(c).cat.name.clone());
        let (y, m, d) = it.date;
        let mut extra = Map::new();
        extra.insert("priceIsEstimate".to_owned(), Value::Bool(true));
        SsProduct {
            id: FlexId::Num(it.id),
            name: it.name.to_string(),
            branded_name: Some(it.name.to_string()),
            unbranded_name: Some(it.unbranded.to_string()),
            currency: Some("USD".to_owned()),
            price: Some(f64::from(p.price_cents) / 100.0),
            price_label: Some(label(p.price_cents)),
            sale_price: p.sale_cents.map(|c| f64::from(c) / 100.0),
            sale_price_label: p.sale_cents.map(label),
            in_stock: Some(p.in_stock),
            retailer: Some(sref(&rid.to_string(), rname)),
            brand: Some(sref(&(it.brand + 1).to_string(), brand)),
            locale: Some("en_US".to_owned()),
            description: Some(self.description(it)),
            click_url: Some(format!("{LINK_BASE}/click/{}?retailer={rid}", it.id)),
            page_url: Some(format!("{LINK_BASE}/products/{}", it.id)),
            image: Some(image),
            alternate_images: Vec::new(),
            discount: Some(f64::from(p.discount)),
            is_on_sale: Some(p.sale_cents.is_some()),
            colors,
            sizes: sizes(&it.master, &it.sub, &it.article_type, it.kids, it.women)
                .iter()
                .map(|s| SsSize {
                    name: (*s).to_owned(),
                    canonical_size: size_index(s).map(|i| sref(&(i + 1).to_string(), s)),
                    extra: Map::new(),
                })
                .collect(),
            categories: it.cats.iter().map(|&c| self.category_ref(c)).collect(),
            extract_date: Some(format!("{y:04}-{m:02}-{d:02}")),
            see_more_label: primary.map(|c| format!("{brand} {c}")),
            favorite_count: Some(u64::from(it.popularity)),
            extra,
        }
    }

    fn description(&self, it: &Item) -> String {
        let mut parts = vec![format!("{}.", it.name)];
        let kind = [&*it.usage, &*it.article_type]
            .iter()
            .filter(|s| !s.is_empty() && **s != "NA")
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        parts.push(format!("{kind} for {}", it.gender.to_lowercase()));
        if !it.season.is_empty() {
            parts.push(format!("({} {})", it.season.to_lowercase(), it.date.0));
        }
        format!(
            "{}. Price estimated: the source data has no prices, so this catalog derives one \
             from the article type and product id.",
            parts.join(" ")
        )
    }

    fn category_ref(&self, idx: u32) -> SsCategoryRef {
        let c = &self.tree.node(idx).cat;
        SsCategoryRef {
            id: c.id.clone(),
            name: c.name.clone(),
            short_name: Some(c.short_name.clone()),
            full_name: Some(c.full_name.clone()),
            localized_id: Some(c.localized_id.clone().unwrap_or_else(|| c.id.clone())),
            extra: Map::new(),
        }
    }

    /// The category at `idx` as `/categories` lists it, with its product count.
    pub(super) fn category(&self, idx: u32) -> SsCategory {
        let mut c = self.tree.node(idx).cat.clone();
        c.product_count = Some(self.index.by_cat[idx as usize].len() as u64);
        c
    }
}

fn sref(id: &str, name: &str) -> SsRef {
    SsRef {
        id: FlexId::Str(id.to_owned()),
        name: name.to_owned(),
        extra: Map::new(),
    }
}
