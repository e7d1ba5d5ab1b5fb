//! The catalog's query strings, read with the daemon's one decoder (`crate::query_string`) so
//! every mistake becomes a ShopStyle-shaped 400 (never an extractor rejection): repeated `fl`,
//! strict percent-decoding, UTF-8 checked, every parameter bounded.

use sss_core::catalog::{CatalogError, DEFAULT_LIMIT, MAX_LIMIT};
use sss_core::domain::Facet;
use sss_core::upstream::SearchRequest;

/// The longest query string taken, in bytes.
pub const MAX_QUERY_BYTES: usize = 8192;
/// The longest partner id taken, in bytes.
pub const MAX_PID_BYTES: usize = 200;

/// What every endpoint takes, as the live API does: the partner id, the answer's format, the
/// country site, the locales (repeatable), the user id that list calls need and other clients
/// send everywhere, and the old clients' `suppressResponseCode`. Only `pid` and `format`
/// change anything here.
const COMMON: [&str; 6] = [
    "pid",
    "format",
    "site",
    "locales",
    "userId",
    "suppressResponseCode",
];

/// The parameters of a search, `/products` and `/products/histogram` alike (`floor` and
/// `filters` matter only to the histogram; `pdd` is the price-drop date).
const SEARCH: [&str; 9] = [
    "cat", "fts", "fl", "sort", "offset", "limit", "pdd", "floor", "filters",
];

/// Parameters that may be given more than once.
const REPEATABLE: [&str; 2] = ["fl", "locales"];

/// The decoded `name=value` pairs of a query string, in order.
#[derive(Debug, Default)]
pub struct Params(Vec<(String, String)>);

fn invalid(p: &str, m: impl Into<String>) -> CatalogError {
    CatalogError::invalid(p, m)
}

fn clip(s: &str) -> String {
    sss_core::domain::clip(s, sss_core::domain::ECHO_CHARS)
}

/// Decodes one name or value by the daemon's one set of rules (`crate::query_string`).
pub fn decode(raw: &str, what: &str) -> Result<String, CatalogError> {
    crate::query_string::decode_component(raw, what).map_err(malformed)
}

fn malformed(e: crate::query_string::Malformed) -> CatalogError {
    invalid(&e.parameter, e.message)
}

impl Params {
    /// Splits and decodes a raw query string.
    pub fn parse(raw: Option<&str>) -> Result<Params, CatalogError> {
        crate::query_string::decode(raw, MAX_QUERY_BYTES)
            .map(Params)
            .map_err(malformed)
    }

    /// Fails on a parameter not in `allowed`, and on a repeat of any but `fl`.
    pub fn check_names(&self, allowed: &[&str]) -> Result<(), CatalogError> {
        for (i, (name, _)) in self.0.iter().enumerate() {
            if name == "fl[]" {
                return Err(invalid(
                    "fl[]",
                    "not accepted; allowed: fl repeated (fl=b1&fl=c10)",
                ));
            }
            if !allowed.contains(&name.as_str()) {
                return Err(invalid(
                    &clip(name),
                    format!("unknown parameter; allowed: {}", allowed.join(", ")),
                ));
            }
            if !REPEATABLE.contains(&name.as_str()) && self.0[..i].iter().any(|(n, _)| n == name) {
                return Err(invalid(
                    name,
                    "given more than once; allowed: one value (only fl and locales repeat)",
                ));
            }
        }
        Ok(())
    }

    /// The value of `name`; an empty value is the same as none.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.trim().is_empty())
    }

    /// Every value of `name`, in order.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// `format`, when given, must be `json`.
    fn check_format(&self) -> Result<(), CatalogError> {
        match self.get("format") {
            None | Some("json") => Ok(()),
            Some(f) => Err(invalid(
                "format",
                format!("{:?} is not served; allowed: json", clip(f)),
            )),
        }
    }

    /// A whole number in `0..=max`, or `default` when absent.
    pub fn number(&self, name: &str, default: u32, max: u32) -> Result<u32, CatalogError> {
        let Some(v) = self.get(name) else {
            return Ok(default);
        };
        let v = v.trim();
        let bad = || {
            invalid(
                name,
                format!(
                    "{:?} is not allowed; allowed: a whole number from 0 to {max}",
                    clip(v)
                ),
            )
        };
        if v.len() > 10 || !v.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        v.parse::<u64>()
            .ok()
            .filter(|n| *n <= u64::from(max))
            .map(|n| n as u32)
            .ok_or_else(bad)
    }

    /// The parameters of `GET /products` (and of `/products/histogram`) as a search request.
    /// A `pdd` (price-drop date, milliseconds since 1970) keeps products whose price dropped
    /// since then: the catalog's prices never change, so none (`fl=d200`, as ShopStyle's own
    /// clients send with it).
    pub fn search_request(&self) -> Result<SearchRequest, CatalogError> {
        self.only(&SEARCH)?;
        let mut fl = self.all("fl");
        if let Some(pdd) = self.get("pdd") {
            let ok = pdd.len() <= 20 && pdd.trim().parse::<f64>().is_ok_and(|v| v >= 0.0);
            if !ok {
                return Err(invalid(
                    "pdd",
                    format!(
                        "{:?} is not a date; allowed: milliseconds since 1970-01-01",
                        clip(pdd)
                    ),
                ));
            }
            fl.push("d200".to_owned());
        }
        Ok(SearchRequest {
            cat: self.get("cat").map(str::to_owned),
            fts: self.get("fts").map(str::to_owned),
            fl,
            sort: self.get("sort").map(str::to_owned),
            offset: self.number("offset", 0, sss_core::catalog::MAX_DEPTH)?,
            limit: self.number("limit", DEFAULT_LIMIT, MAX_LIMIT)?,
        })
    }

    /// `filters` of `/products/histogram`: ShopStyle's facet names, comma-separated, any case
    /// (`Brand,Retailer`); none means every facet.
    pub fn histogram_filters(&self) -> Result<Vec<Facet>, CatalogError> {
        let Some(raw) = self.get("filters") else {
            return Ok(Facet::ALL.to_vec());
        };
        let mut out = Vec::new();
        for name in raw.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let f = Facet::parse_shopstyle(name).ok_or_else(|| {
                let allowed: Vec<&str> = Facet::ALL.iter().map(|f| f.as_shopstyle()).collect();
                invalid(
                    "filters",
                    format!(
                        "unknown histogram {:?}; allowed: a comma-separated list of {}",
                        clip(name),
                        allowed.join(", ")
                    ),
                )
            })?;
            if !out.contains(&f) {
                out.push(f);
            }
        }
        Ok(out)
    }

    /// The parameters of an endpoint that takes only the common ones besides `extra`.
    pub fn only(&self, extra: &[&str]) -> Result<(), CatalogError> {
        let mut allowed = COMMON.to_vec();
        allowed.extend_from_slice(extra);
        self.check_names(&allowed)?;
        self.check_format()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_repeats() {
        let p = Params::parse(Some("pid=x&fts=blue+jeans&fl=b1&fl=c%31&cat=")).expect("parses");
        assert_eq!(p.get("fts"), Some("blue jeans"));
        assert_eq!(p.all("fl"), ["b1", "c1"]);
        assert_eq!(p.get("cat"), None);
        assert!(Params::parse(Some("fts=%zz")).is_err());
        assert!(Params::parse(Some("fts=%")).is_err());
        assert!(Params::parse(Some("fts=%FF%FE")).is_err());
        assert_eq!(
            Params::parse(Some("fts=%C3%A9")).expect("utf-8").get("fts"),
            Some("\u{e9}")
        );
    }

    #[test]
    fn bounds_and_names() {
        let p = Params::parse(Some("limit=101")).expect("parses");
        let e = p.search_request().expect_err("too big");
        assert!(e.to_string().contains("0 to 100"), "{e}");
        for q in [
            "limit=-1",
            "offset=99999999999",
            "limit=1e3",
            "cat=a&cat=b",
            "fl[]=b1",
            "x=1",
            "pdd=yesterday",
        ] {
            let p = Params::parse(Some(q)).expect("parses");
            assert!(p.search_request().is_err(), "{q}");
        }
        let p = Params::parse(Some("pid=x&fl=b1&fl=b2&limit=5")).expect("parses");
        let r = p.search_request().expect("valid");
        assert_eq!((r.limit, r.fl.len()), (5, 2));
        assert_eq!(
            Params::parse(Some(""))
                .expect("empty")
                .search_request()
                .map(|r| r.limit)
                .ok(),
            Some(10)
        );
        assert!(Params::parse(Some(&"a=1&".repeat(65))).is_err());
    }
}
