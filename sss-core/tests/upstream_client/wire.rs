//! `SsProduct::to_product`: the recorded shapes become the public API's product.

use sss_core::upstream::wire::{SsProduct, SsSearchResponse};

use crate::server::PRODUCTS;

fn products() -> Vec<SsProduct> {
    let page: SsSearchResponse = serde_json::from_str(PRODUCTS).expect("fixture parses");
    page.products
}

#[test]
fn sale_product_gets_sale_price_and_discount() {
    let p = products()[0].to_product();
    assert_eq!(p.id, "807465829");
    assert_eq!(p.price, Some(248.0));
    assert_eq!(p.sale_price, Some(173.6));
    assert_eq!(p.discount, 30);
    assert_eq!(p.price_label.as_deref(), Some("$248"));
    assert_eq!(p.currency.as_deref(), Some("USD"));
    assert!(p.in_stock);
}

#[test]
fn product_not_on_sale_has_no_sale_price_or_discount() {
    let all = products();
    for p in [all[1].to_product(), all[2].to_product()] {
        assert_eq!(p.sale_price, None, "{}", p.id);
        assert_eq!(p.discount, 0, "{}", p.id);
    }
    assert!(!all[2].to_product().in_stock);
}

#[test]
fn discount_is_derived_when_only_prices_are_given() {
    let mut sale = products()[0].clone();
    sale.discount = None;
    sale.is_on_sale = None;
    assert_eq!(sale.to_product().discount, 30);
}

#[test]
fn image_picks_best_and_falls_back_to_original() {
    let all = products();
    let best = all[0].to_product().image.expect("image");
    assert_eq!(
        best.url,
        "https://img.shopstyle-cdn.com/sim/6b/1a/6b1a0e3f9c4d2e8a7b5c3d1e0f9a8b7c/reformation-carina-wrap-midi-dress.jpg"
    );
    assert_eq!((best.width, best.height), (Some(720), Some(900)));
    // Only the Original size: taken, without a size.
    let original = all[2].to_product().image.expect("image");
    assert!(original.url.contains("/pim/"));
    assert_eq!((original.width, original.height), (None, None));
}

#[test]
fn ids_become_strings_whatever_they_came_as() {
    let all = products();
    let sale = all[0].to_product();
    let plain = all[1].to_product();
    let old = all[2].to_product();
    assert_eq!(
        (sale.id.as_str(), old.id.as_str()),
        ("807465829", "588419335")
    );
    let named = |n: &Option<sss_core::domain::Named>| n.as_ref().map(|n| n.id.clone());
    assert_eq!(named(&sale.brand).as_deref(), Some("3226"));
    assert_eq!(named(&plain.brand).as_deref(), Some("27316"));
    assert_eq!(named(&plain.retailer).as_deref(), Some("2047"));
    assert_eq!(named(&old.brand).as_deref(), Some("1262"));
    assert_eq!(sale.categories, ["day-dresses"]);
    assert_eq!(sale.colors, ["Black", "Ivory Floral"]);
    assert_eq!(sale.sizes, ["XS", "S"]);
    assert_eq!(
        plain
            .page_url
            .as_deref()
            .map(|u| u.contains("shopstyle.com/p/")),
        Some(true)
    );
}
