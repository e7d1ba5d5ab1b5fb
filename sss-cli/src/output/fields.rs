//! The fields of a product that `--fields` can choose, as text (table, CSV) and as JSON.

use serde::ser::SerializeMap;
use sss_core::domain::Product;

/// One field of a product.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Id,
    Name,
    Brand,
    BrandId,
    Retailer,
    RetailerId,
    Price,
    SalePrice,
    FinalPrice,
    Currency,
    PriceLabel,
    InStock,
    Discount,
    Categories,
    Colors,
    Sizes,
    Image,
    PageUrl,
    ClickUrl,
    Description,
    ExtractDate,
}

/// Every field, in the order `--fields help` lists them.
pub const ALL: [Field; 21] = [
    Field::Id,
    Field::Name,
    Field::Brand,
    Field::BrandId,
    Field::Retailer,
    Field::RetailerId,
    Field::Price,
    Field::SalePrice,
    Field::FinalPrice,
    Field::Currency,
    Field::PriceLabel,
    Field::InStock,
    Field::Discount,
    Field::Categories,
    Field::Colors,
    Field::Sizes,
    Field::Image,
    Field::PageUrl,
    Field::ClickUrl,
    Field::Description,
    Field::ExtractDate,
];

/// The table's columns when `--fields` is not given: the price a shopper pays first, so a
/// price-sorted table reads in order.
pub const TABLE_DEFAULT: [Field; 6] = [
    Field::Id,
    Field::FinalPrice,
    Field::Discount,
    Field::Brand,
    Field::Retailer,
    Field::Name,
];

/// The table's columns on a terminal narrower than [`NARROW`] columns.
pub const TABLE_NARROW: [Field; 5] = [
    Field::Id,
    Field::FinalPrice,
    Field::Discount,
    Field::Brand,
    Field::Name,
];

/// Below this width the default table leaves out the retailer, so names keep some room.
pub const NARROW: usize = 72;

/// The CSV columns when `--fields` is not given.
pub const CSV_DEFAULT: [Field; 12] = [
    Field::Id,
    Field::Name,
    Field::Brand,
    Field::Retailer,
    Field::Price,
    Field::SalePrice,
    Field::FinalPrice,
    Field::Currency,
    Field::Discount,
    Field::InStock,
    Field::Categories,
    Field::ClickUrl,
];

impl Field {
    /// The name on the command line and in CSV headers: the API's field name.
    pub fn name(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Name => "name",
            Field::Brand => "brand",
            Field::BrandId => "brandId",
            Field::Retailer => "retailer",
            Field::RetailerId => "retailerId",
            Field::Price => "price",
            Field::SalePrice => "salePrice",
            Field::FinalPrice => "finalPrice",
            Field::Currency => "currency",
            Field::PriceLabel => "priceLabel",
            Field::InStock => "inStock",
            Field::Discount => "discount",
            Field::Categories => "categories",
            Field::Colors => "colors",
            Field::Sizes => "sizes",
            Field::Image => "image",
            Field::PageUrl => "pageUrl",
            Field::ClickUrl => "clickUrl",
            Field::Description => "description",
            Field::ExtractDate => "extractDate",
        }
    }

    /// What the field holds, for `--fields help`.
    pub fn about(self) -> &'static str {
        match self {
            Field::Id => "product id",
            Field::Name => "product name",
            Field::Brand => "brand name (JSON: the brand object)",
            Field::BrandId => "brand id",
            Field::Retailer => "retailer name (JSON: the retailer object)",
            Field::RetailerId => "retailer id",
            Field::Price => "regular price",
            Field::SalePrice => "sale price, empty when not on sale",
            Field::FinalPrice => "the price to pay: the sale price when on sale, else the price",
            Field::Currency => "ISO currency code",
            Field::PriceLabel => "the price as the source formats it",
            Field::InStock => "true when in stock",
            Field::Discount => "discount in percent",
            Field::Categories => "category ids, ';'-separated",
            Field::Colors => "colour names, ';'-separated",
            Field::Sizes => "size names, ';'-separated",
            Field::Image => "image URL (JSON: the image object)",
            Field::PageUrl => "product page URL",
            Field::ClickUrl => "retailer link",
            Field::Description => "description",
            Field::ExtractDate => "when the source last saw it",
        }
    }

    /// The table header.
    pub fn header(self) -> &'static str {
        match self {
            Field::Id => "ID",
            Field::Name => "NAME",
            Field::Brand => "BRAND",
            Field::BrandId => "BRAND ID",
            Field::Retailer => "RETAILER",
            Field::RetailerId => "RETAILER ID",
            Field::Price => "REGULAR",
            Field::SalePrice => "SALE",
            Field::FinalPrice => "PRICE",
            Field::Currency => "CUR",
            Field::PriceLabel => "LABEL",
            Field::InStock => "STOCK",
            Field::Discount => "OFF",
            Field::Categories => "CATEGORIES",
            Field::Colors => "COLORS",
            Field::Sizes => "SIZES",
            Field::Image => "IMAGE",
            Field::PageUrl => "PAGE",
            Field::ClickUrl => "LINK",
            Field::Description => "DESCRIPTION",
            Field::ExtractDate => "SEEN",
        }
    }

    /// Whether the table right-aligns it.
    pub fn numeric(self) -> bool {
        matches!(
            self,
            Field::Price | Field::SalePrice | Field::FinalPrice | Field::Discount
        )
    }

    /// The field named `name` (the API's spelling, case-insensitive).
    pub fn parse(name: &str) -> Option<Field> {
        let name = name.trim();
        ALL.into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name))
    }

    /// The value as text; empty when absent.
    pub fn text(self, p: &Product) -> String {
        let money = |v: Option<f64>| v.map(|v| format!("{v:.2}")).unwrap_or_default();
        match self {
            Field::Id => p.id.clone(),
            Field::Name => p.name.clone(),
            Field::Brand => p.brand.as_ref().map(|b| b.name.clone()).unwrap_or_default(),
            Field::BrandId => p.brand.as_ref().map(|b| b.id.clone()).unwrap_or_default(),
            Field::Retailer => p
                .retailer
                .as_ref()
                .map(|r| r.name.clone())
                .unwrap_or_default(),
            Field::RetailerId => p
                .retailer
                .as_ref()
                .map(|r| r.id.clone())
                .unwrap_or_default(),
            Field::Price => money(p.price),
            Field::SalePrice => money(p.sale_price),
            Field::FinalPrice => money(final_price(p)),
            Field::Currency => p.currency.clone().unwrap_or_default(),
            Field::PriceLabel => p.price_label.clone().unwrap_or_default(),
            Field::InStock => p.in_stock.to_string(),
            Field::Discount => {
                if p.discount > 0 {
                    format!("{}%", p.discount)
                } else {
                    String::new()
                }
            }
            Field::Categories => p.categories.join(";"),
            Field::Colors => p.colors.join(";"),
            Field::Sizes => p.sizes.join(";"),
            Field::Image => p.image.as_ref().map(|i| i.url.clone()).unwrap_or_default(),
            Field::PageUrl => p.page_url.clone().unwrap_or_default(),
            Field::ClickUrl => p.click_url.clone().unwrap_or_default(),
            Field::Description => p.description.clone().unwrap_or_default(),
            Field::ExtractDate => p.extract_date.clone().unwrap_or_default(),
        }
    }

    /// Writes the field as one entry of a JSON object: the API's own value, or a derived one
    /// for the CLI's extra fields. Typed values keep the API's key order inside objects.
    fn entry<M: SerializeMap>(self, p: &Product, map: &mut M) -> Result<(), M::Error> {
        let k = self.name();
        match self {
            Field::Id => map.serialize_entry(k, &p.id),
            Field::Name => map.serialize_entry(k, &p.name),
            Field::Brand => map.serialize_entry(k, &p.brand),
            Field::BrandId => map.serialize_entry(k, &p.brand.as_ref().map(|b| &b.id)),
            Field::Retailer => map.serialize_entry(k, &p.retailer),
            Field::RetailerId => map.serialize_entry(k, &p.retailer.as_ref().map(|r| &r.id)),
            Field::Price => map.serialize_entry(k, &p.price),
            Field::SalePrice => map.serialize_entry(k, &p.sale_price),
            Field::FinalPrice => map.serialize_entry(k, &final_price(p)),
            Field::Currency => map.serialize_entry(k, &p.currency),
            Field::PriceLabel => map.serialize_entry(k, &p.price_label),
            Field::InStock => map.serialize_entry(k, &p.in_stock),
            Field::Discount => map.serialize_entry(k, &p.discount),
            Field::Categories => map.serialize_entry(k, &p.categories),
            Field::Colors => map.serialize_entry(k, &p.colors),
            Field::Sizes => map.serialize_entry(k, &p.sizes),
            Field::Image => map.serialize_entry(k, &p.image),
            Field::PageUrl => map.serialize_entry(k, &p.page_url),
            Field::ClickUrl => map.serialize_entry(k, &p.click_url),
            Field::Description => map.serialize_entry(k, &p.description),
            Field::ExtractDate => map.serialize_entry(k, &p.extract_date),
        }
    }
}

/// The price to pay: the sale price when on sale, else the price.
fn final_price(p: &Product) -> Option<f64> {
    p.sale_price.or(p.price)
}

/// The fields of `--fields`, or an error naming the unknown ones and what is allowed.
pub fn parse_list(names: &[String]) -> Result<Vec<Field>, String> {
    let mut out = Vec::new();
    let mut unknown = Vec::new();
    for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        match Field::parse(name) {
            Some(f) if !out.contains(&f) => out.push(f),
            Some(_) => {}
            None => unknown.push(name.to_owned()),
        }
    }
    if !unknown.is_empty() {
        return Err(format!(
            "unknown field {}; allowed: {}",
            unknown.join(", "),
            allowed()
        ));
    }
    if out.is_empty() {
        return Err(format!("--fields names no field; allowed: {}", allowed()));
    }
    Ok(out)
}

fn allowed() -> String {
    ALL.iter().map(|f| f.name()).collect::<Vec<_>>().join(", ")
}

/// The text of `--fields help`.
pub fn help() -> String {
    let mut s = String::from("Fields (for --fields, comma-separated):\n");
    for f in ALL {
        s.push_str(&format!("  {:<12} {}\n", f.name(), f.about()));
    }
    s
}

/// A product as a JSON object with only `fields`, in that order.
#[derive(Debug)]
pub struct Projected<'a> {
    /// The product.
    pub product: &'a Product,
    /// The fields, in output order.
    pub fields: &'a [Field],
}

impl serde::Serialize for Projected<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.fields.len()))?;
        for f in self.fields {
            f.entry(self.product, &mut map)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sss_core::domain::Named;

    fn product() -> Product {
        Product {
            id: "42".into(),
            name: "Blue dress".into(),
            brand: Some(Named {
                id: "7".into(),
                name: "Acme".into(),
            }),
            price: Some(80.0),
            sale_price: Some(59.5),
            discount: 25,
            categories: vec!["dresses".into(), "women".into()],
            ..Product::default()
        }
    }

    #[test]
    fn parses_names_case_insensitively_and_names_unknown_ones() {
        let list = ["ID".to_owned(), " finalprice".to_owned(), "id".to_owned()];
        assert_eq!(parse_list(&list), Ok(vec![Field::Id, Field::FinalPrice]));
        let e = parse_list(&["nope".to_owned()]).expect_err("unknown");
        assert!(
            e.contains("unknown field nope") && e.contains("salePrice"),
            "{e}"
        );
        assert!(parse_list(&[String::new()]).is_err());
    }

    #[test]
    fn values_as_text_and_json() {
        let p = product();
        assert_eq!(Field::FinalPrice.text(&p), "59.50");
        assert_eq!(Field::Price.text(&p), "80.00");
        assert_eq!(Field::Discount.text(&p), "25%");
        assert_eq!(Field::Categories.text(&p), "dresses;women");
        assert_eq!(Field::Retailer.text(&p), "");
        let fields = [Field::Id, Field::Brand, Field::BrandId, Field::SalePrice];
        let v = serde_json::to_string(&Projected {
            product: &p,
            fields: &fields,
        })
        .expect("serialises");
        assert_eq!(
            v,
            r#"{"id":"42","brand":{"id":"7","name":"Acme"},"brandId":"7","salePrice":59.5}"#
        );
    }
}
