//! Colours, retailers and sizes: what the data has (a base colour) mapped into ShopStyle's
//! shapes, and what it lacks (retailers, sizes) filled in by documented rules.

/// The canonical colours: `(id, name)`. The ids are this catalog's own numbers, in the style
/// of ShopStyle's canonical colour ids.
pub(super) const COLORS: &[(u32, &str)] = &[
    (1, "Brown"),
    (3, "Orange"),
    (4, "Yellow"),
    (7, "Red"),
    (8, "Purple"),
    (10, "Blue"),
    (13, "Green"),
    (14, "Gray"),
    (15, "White"),
    (16, "Black"),
    (17, "Pink"),
    (18, "Gold"),
    (19, "Silver"),
    (20, "Beige"),
];

/// The canonical colour (an index into [`COLORS`]) of a `baseColour`; `None` for `Multi`, `NA`
/// and anything unknown.
pub(super) fn canonical_color(base: &str) -> Option<usize> {
    let id = match base {
        "Black" => 16,
        "White" | "Off White" | "Cream" => 15,
        "Blue" | "Navy Blue" | "Turquoise Blue" | "Teal" => 10,
        "Brown" | "Coffee Brown" | "Mushroom Brown" | "Tan" | "Taupe" | "Bronze" | "Copper" => 1,
        "Grey" | "Grey Melange" | "Charcoal" => 14,
        "Red" | "Maroon" | "Burgundy" => 7,
        "Green" | "Olive" | "Sea Green" | "Lime Green" | "Fluorescent Green" => 13,
        "Pink" | "Peach" | "Rose" | "Magenta" => 17,
        "Purple" | "Lavender" | "Mauve" => 8,
        "Silver" | "Steel" | "Metallic" => 19,
        "Yellow" | "Mustard" => 4,
        "Beige" | "Khaki" | "Skin" | "Nude" => 20,
        "Gold" => 18,
        "Orange" | "Rust" => 3,
        _ => return None,
    };
    COLORS.iter().position(|(i, _)| *i == id)
}

/// The retailers: `(id, name)`. The data has no retailers; these are invented names, and each
/// product is given one by its id (`id % 6`). They are not real shops.
pub(super) const RETAILERS: &[(u32, &str)] = &[
    (1, "Alder & Finch"),
    (2, "Bluebell Lane"),
    (3, "Cobalt Street Supply"),
    (4, "Driftwood Outfitters"),
    (5, "Elm Row Apparel"),
    (6, "Foxglove Goods"),
];

/// The retailer (an index into [`RETAILERS`]) of product `id`.
pub(super) fn retailer_of(id: u64) -> usize {
    (id % RETAILERS.len() as u64) as usize
}

/// Every size name the catalog offers, in a shopper's order (letters, numbers, kids' ages,
/// bras, one size). A size's id (`fl=s<id>`, `canonicalSize.id`) is its place here plus one;
/// a name is one size whatever it is the size of (`8` is a shoe size and a ring size).
pub(super) const SIZES: &[&str] = &[
    "XS", "S", "M", "L", "XL", "XXL", "5", "6", "7", "8", "9", "10", "11", "12", "24", "26", "28",
    "30", "32", "34", "36", "38", "10C", "11C", "12C", "13C", "1Y", "2Y", "3Y", "2-3Y", "4-5Y",
    "6-7Y", "8-9Y", "10-11Y", "12-13Y", "32B", "34B", "34C", "36B", "36C", "38C", "One Size",
];

/// The index into [`SIZES`] of a size name the rules below give.
pub(super) fn size_index(name: &str) -> Option<usize> {
    SIZES.iter().position(|s| *s == name)
}

/// The sizes offered for a product: plausible for its kind, not from the data.
pub(super) fn sizes(
    master: &str,
    sub: &str,
    article_type: &str,
    kids: bool,
    women: bool,
) -> &'static [&'static str] {
    const ONE: &[&str] = &["One Size"];
    match master {
        "Footwear" if kids => &["10C", "11C", "12C", "13C", "1Y", "2Y", "3Y"],
        "Footwear" if women => &["5", "6", "7", "8", "9", "10"],
        "Footwear" => &["7", "8", "9", "10", "11", "12"],
        "Apparel" if kids => &["2-3Y", "4-5Y", "6-7Y", "8-9Y", "10-11Y", "12-13Y"],
        "Apparel" => match (sub, article_type) {
            (_, "Bra") => &["32B", "34B", "34C", "36B", "36C", "38C"],
            (_, "Socks" | "Stockings" | "Tights" | "Sarees" | "Dupatta") => ONE,
            (_, "Jeans" | "Trousers" | "Jeggings") if women => &["24", "26", "28", "30", "32"],
            (_, "Jeans" | "Trousers") => &["28", "30", "32", "34", "36", "38"],
            ("Saree", _) => ONE,
            _ if women => &["XS", "S", "M", "L", "XL"],
            _ => &["S", "M", "L", "XL", "XXL"],
        },
        "Accessories" if article_type == "Ring" => &["5", "6", "7", "8", "9"],
        "Accessories" if article_type == "Belts" => &["S", "M", "L", "XL"],
        _ => ONE,
    }
}

// A product's sizes are kept as the bits of a u64 (`Index::size_mask`).
const _: () = assert!(SIZES.len() <= 64);

/// A price filter's name as ShopStyle writes them (`$10 – $25`, `$1000+`).
pub(super) fn price_band_name(low: u32, high: Option<u32>) -> String {
    match high {
        Some(h) => format!("${low} \u{2013} ${h}"),
        None => format!("${low}+"),
    }
}
