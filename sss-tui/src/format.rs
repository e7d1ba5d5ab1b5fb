//! Small text helpers shared by the panes.

use std::time::Duration;

use sss_core::domain::Product;

/// `1234567` -> `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A price in the product's currency: `$37`, `$12.50`, `EUR 9`.
pub fn money(amount: f64, currency: Option<&str>) -> String {
    let number = if amount.fract() == 0.0 {
        format!("{amount:.0}")
    } else {
        format!("{amount:.2}")
    };
    match currency.unwrap_or("USD") {
        "USD" | "CAD" | "AUD" => format!("${number}"),
        "EUR" => format!("€{number}"),
        "GBP" => format!("£{number}"),
        "JPY" => format!("¥{number}"),
        other => format!("{other} {number}"),
    }
}

/// The regular price, or the upstream's label, or `-`.
pub fn price(p: &Product) -> String {
    match (p.price, &p.price_label) {
        (Some(v), _) => money(v, p.currency.as_deref()),
        (None, Some(label)) => label.clone(),
        (None, None) => "-".into(),
    }
}

/// The sale price, or empty.
pub fn sale(p: &Product) -> String {
    p.sale_price
        .map(|v| money(v, p.currency.as_deref()))
        .unwrap_or_default()
}

/// `-30%`, or empty.
pub fn discount(p: &Product) -> String {
    if p.discount > 0 {
        format!("-{}%", p.discount)
    } else {
        String::new()
    }
}

/// The URL a shopper would open: the product's page, else the retailer's.
pub fn url(p: &Product) -> Option<&str> {
    p.page_url.as_deref().or(p.click_url.as_deref())
}

/// `12 ms`, `1.2 s`.
pub fn elapsed(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 1.0 {
        "<1 ms".into()
    } else if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.1} s", ms / 1000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(20376), "20,376");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(money(37.0, Some("USD")), "$37");
        assert_eq!(money(12.5, None), "$12.50");
        assert_eq!(money(9.0, Some("CHF")), "CHF 9");
        assert_eq!(elapsed(Duration::from_micros(300)), "<1 ms");
        assert_eq!(elapsed(Duration::from_millis(12)), "12 ms");
        assert_eq!(elapsed(Duration::from_millis(1234)), "1.2 s");
    }
}
