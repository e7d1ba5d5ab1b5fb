//! Estimated prices and the other numbers the data lacks. None of them is real.
//!
//! Every number here is a pure function of the product's id and data row, so the catalog gives
//! the same answer on every start and every machine:
//! - price: a band in US dollars per article type ([`band`]); the product's place in its band
//!   comes from a hash of its id; whole dollars.
//! - sale: 22% of products (by a second hash) are on sale at 10-60% off; the sale price is
//!   rounded to whole dollars and the discount is recomputed from the rounded prices.
//! - stock: 95% in stock (a third hash).
//! - popularity: a hash of the id (0-999) plus 300 for a product with a real image plus 15 per
//!   year after 2007; shown as `favoriteCount` and used by the `Popular` sort.
//! - date (`extractDate`, `Recency` sort): the data's year, a month in its season, a day 1-28.

/// splitmix64: a fixed, well-mixed hash of `id` under `salt`.
pub(super) fn hash(id: u64, salt: u64) -> u64 {
    let mut z = id
        .wrapping_add(salt.wrapping_mul(0x9E37_79B9_7F4A_7C15))
        .wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

const SALT_PRICE: u64 = 1;
const SALT_SALE: u64 = 2;
const SALT_STOCK: u64 = 3;
const SALT_POPULAR: u64 = 4;
const SALT_DATE: u64 = 5;
/// Salt of the stable shuffle behind the default (relevance) order.
pub(super) const SALT_RELEVANCE: u64 = 6;

/// The price band of an article type, in whole US dollars, `(low, high)`.
pub(super) fn band(article_type: &str, master: &str) -> (u32, u32) {
    match article_type {
        "Tshirts" | "Lounge Tshirts" => (15, 45),
        "Shirts" => (25, 80),
        "Tops" | "Camisoles" => (18, 60),
        "Kurtas" | "Kurtis" | "Tunics" => (20, 70),
        "Dresses" | "Jumpsuit" | "Rompers" => (35, 150),
        "Jeans" | "Jeggings" => (40, 130),
        "Trousers" | "Rain Trousers" => (30, 90),
        "Shorts" | "Lounge Shorts" => (15, 45),
        "Skirts" => (25, 80),
        "Leggings" | "Capris" | "Churidar" | "Salwar" | "Patiala" => (12, 40),
        "Track Pants" | "Tracksuits" | "Lounge Pants" => (25, 70),
        "Sweatshirts" => (35, 90),
        "Sweaters" | "Shrug" => (40, 120),
        "Jackets" | "Rain Jacket" => (60, 250),
        "Blazers" => (90, 300),
        "Suits" => (200, 600),
        "Waistcoat" | "Nehru Jackets" => (40, 120),
        "Sarees" | "Lehenga Choli" => (40, 250),
        "Kurta Sets" | "Salwar and Dupatta" | "Clothing Set" => (50, 200),
        "Bra" => (20, 60),
        "Briefs" | "Innerwear Vests" | "Trunk" | "Boxers" => (8, 30),
        "Socks" | "Stockings" | "Tights" => (6, 25),
        "Shapewear" => (25, 70),
        "Nightdress" | "Night suits" | "Baby Dolls" => (20, 70),
        "Bath Robe" | "Robe" => (30, 90),
        "Swimwear" => (30, 120),
        "Casual Shoes" => (45, 150),
        "Sports Shoes" => (60, 180),
        "Formal Shoes" => (70, 220),
        "Heels" => (50, 180),
        "Flats" => (30, 100),
        "Sandals" | "Sports Sandals" => (25, 90),
        "Flip Flops" => (10, 40),
        "Booties" => (15, 40),
        "Watches" => (60, 450),
        "Sunglasses" => (40, 250),
        "Handbags" => (50, 300),
        "Clutches" => (30, 150),
        "Wallets" => (20, 90),
        "Belts" => (20, 80),
        "Backpacks" | "Rucksacks" => (35, 150),
        "Laptop Bag" | "Messenger Bag" | "Duffel Bag" | "Trolley Bag" => (40, 180),
        "Earrings" => (15, 120),
        "Ring" => (20, 200),
        "Pendant" | "Necklace and Chains" => (25, 200),
        "Bangle" | "Bracelet" => (15, 150),
        "Jewellery Set" => (40, 220),
        "Ties" | "Ties and Cufflinks" => (20, 70),
        "Cufflinks" => (25, 90),
        "Caps" | "Hat" | "Gloves" => (15, 45),
        "Scarves" | "Stoles" | "Mufflers" | "Dupatta" => (15, 70),
        "Perfume and Body Mist" | "Fragrance Gift Set" => (40, 150),
        "Deodorant" => (5, 15),
        _ => match master {
            "Personal Care" => (8, 40),
            "Apparel" => (20, 80),
            "Footwear" => (30, 120),
            "Accessories" => (15, 80),
            _ => (10, 60),
        },
    }
}

/// What the rule gives one product.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Pricing {
    /// The regular price in cents (whole dollars).
    pub price_cents: u32,
    /// The sale price in cents, when on sale.
    pub sale_cents: Option<u32>,
    /// Percent off, 0 when not on sale.
    pub discount: u32,
    /// In stock.
    pub in_stock: bool,
}

impl Pricing {
    /// What the shopper pays: the sale price when on sale.
    pub fn effective_cents(&self) -> u32 {
        self.sale_cents.unwrap_or(self.price_cents)
    }
}

const DISCOUNTS: [u64; 8] = [10, 15, 20, 25, 30, 40, 50, 60];

/// The estimated price of product `id` of `article_type`.
pub(super) fn pricing(id: u64, article_type: &str, master: &str) -> Pricing {
    let (lo, hi) = band(article_type, master);
    let span = u64::from(hi - lo);
    let dollars = u64::from(lo) + hash(id, SALT_PRICE) % (span + 1);
    let s = hash(id, SALT_SALE);
    let (sale_cents, discount) = if s % 100 < 22 {
        let pct = DISCOUNTS[((s >> 8) % DISCOUNTS.len() as u64) as usize];
        let sale = ((dollars * (100 - pct) + 50) / 100).clamp(1, dollars.saturating_sub(1).max(1));
        let real_pct = ((dollars - sale) * 100 + dollars / 2) / dollars.max(1);
        (Some(sale as u32 * 100), real_pct as u32)
    } else {
        (None, 0)
    };
    let sale_cents = sale_cents.filter(|&c| c < dollars as u32 * 100);
    Pricing {
        price_cents: dollars as u32 * 100,
        discount: if sale_cents.is_some() { discount } else { 0 },
        sale_cents,
        in_stock: hash(id, SALT_STOCK) % 100 < 95,
    }
}

/// The popularity score of product `id` (higher is more popular).
pub(super) fn popularity(id: u64, has_image: bool, year: u16) -> u32 {
    (hash(id, SALT_POPULAR) % 1000) as u32
        + if has_image { 300 } else { 0 }
        + u32::from(year.saturating_sub(2007)) * 15
}

/// The oldest year in the data, used when a row has none.
pub(super) const DEFAULT_YEAR: u16 = 2007;

/// The product's date `(year, month, day)`: its year, a month of its season, a day 1-28.
pub(super) fn date(id: u64, year: u16, season: &str) -> (u16, u8, u8) {
    let h = hash(id, SALT_DATE);
    let months: [u8; 3] = match season {
        "Spring" => [3, 4, 5],
        "Summer" => [6, 7, 8],
        "Fall" => [9, 10, 11],
        "Winter" => [1, 2, 12],
        _ => [1, 6, 11],
    };
    (year, months[(h % 3) as usize], 1 + ((h >> 8) % 28) as u8)
}

/// `$49` or `$49.50`.
pub(super) fn label(cents: u32) -> String {
    if cents.is_multiple_of(100) {
        format!("${}", cents / 100)
    } else {
        format!("${}.{:02}", cents / 100, cents % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_stay_in_band_and_sales_are_cheaper() {
        let mut on_sale = 0;
        for id in 1..5000u64 {
            let p = pricing(id, "Jeans", "Apparel");
            assert!((4000..=13000).contains(&p.price_cents), "{p:?}");
            if let Some(s) = p.sale_cents {
                on_sale += 1;
                assert!(s < p.price_cents && s > 0, "{p:?}");
                assert!((5..=65).contains(&p.discount), "{p:?}");
            } else {
                assert_eq!(p.discount, 0);
            }
        }
        assert!(
            (900..1300).contains(&on_sale),
            "about 22% on sale: {on_sale}"
        );
        assert_eq!(
            pricing(42, "Dresses", "Apparel"),
            pricing(42, "Dresses", "Apparel")
        );
        assert_eq!(label(4900), "$49");
        assert_eq!(label(4950), "$49.50");
    }
}
