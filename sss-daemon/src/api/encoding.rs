//! Content negotiation of `Accept-Encoding` (RFC 9110, section 12.5.3).
//!
//! Cached bodies are stored gzip-compressed, so the choice is between answering those bytes
//! (`Content-Encoding: gzip`) and the JSON itself. The rules:
//! - no `Accept-Encoding` at all: identity (what every HTTP/1.1 client handles);
//! - each listed coding has a weight `q` (default 1; `q=0` means "not acceptable"); `x-gzip` is
//!   gzip; `*` stands for every coding not listed by name;
//! - identity is acceptable unless `identity;q=0`, or `*;q=0` without an `identity` entry, says
//!   otherwise;
//! - gzip is answered when acceptable and weighted at least as high as identity (when identity is
//!   not listed, gzip wins: it is what the client offered);
//! - when nothing listed is acceptable, identity is still answered: the JSON is always
//!   available, and a 406 would help no one.

use axum::http::{HeaderMap, header};
use sss_core::service::Encoding;

/// The weight of a listed coding in thousandths (`q=0.5` is 500).
type Weight = u16;

/// The encoding to answer a request with.
pub fn negotiate(request: &HeaderMap) -> Encoding {
    let Some(value) = request.get(header::ACCEPT_ENCODING) else {
        return Encoding::Identity;
    };
    let Ok(value) = value.to_str() else {
        return Encoding::Identity;
    };
    let (mut gzip, mut identity, mut star) = (None::<Weight>, None::<Weight>, None::<Weight>);
    for item in value.split(',') {
        let mut params = item.split(';');
        let coding = params.next().unwrap_or_default().trim();
        if coding.is_empty() {
            continue;
        }
        let mut weight = Some(1000);
        for param in params {
            if let Some((name, v)) = param.split_once('=')
                && name.trim().eq_ignore_ascii_case("q")
            {
                weight = parse_q(v.trim());
            }
        }
        let Some(weight) = weight else {
            continue; // a malformed weight: ignore the entry, as if it were not there
        };
        let slot = if coding.eq_ignore_ascii_case("gzip") || coding.eq_ignore_ascii_case("x-gzip") {
            &mut gzip
        } else if coding.eq_ignore_ascii_case("identity") {
            &mut identity
        } else if coding == "*" {
            &mut star
        } else {
            continue;
        };
        *slot = Some(slot.map_or(weight, |w| w.max(weight)));
    }
    let gzip = gzip.or(star).unwrap_or(0);
    let identity = identity.or(star);
    match identity {
        _ if gzip == 0 => Encoding::Identity,
        Some(identity) if identity > gzip => Encoding::Identity,
        _ => Encoding::Gzip,
    }
}

/// A qvalue: `0`, `0.5`, `1`, `1.000` (at most three decimals); `None` when malformed.
fn parse_q(v: &str) -> Option<Weight> {
    let (int, frac) = v.split_once('.').unwrap_or((v, ""));
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits = frac.as_bytes();
    let thousandths = (0..3).fold(0, |n: Weight, i| {
        n * 10 + digits.get(i).map_or(0, |d| Weight::from(d - b'0'))
    });
    match int {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn pick(accept: Option<&str>) -> Encoding {
        let mut h = HeaderMap::new();
        if let Some(a) = accept {
            h.insert(
                header::ACCEPT_ENCODING,
                HeaderValue::from_str(a).expect("ascii"),
            );
        }
        negotiate(&h)
    }

    #[test]
    fn the_negotiation_matrix() {
        use Encoding::{Gzip, Identity};
        let cases = [
            (None, Identity),
            (Some(""), Identity),
            (Some("gzip"), Gzip),
            (Some("GZip"), Gzip),
            (Some("x-gzip"), Gzip),
            (Some("gzip, deflate, br, zstd"), Gzip),
            (Some("br"), Identity),
            (Some("br, deflate"), Identity),
            (Some("identity"), Identity),
            (Some("gzip;q=0"), Identity),
            (Some("gzip; q=0.000"), Identity),
            (Some("gzip;q=0, *"), Identity),
            (Some("*"), Gzip),
            (Some("*;q=0"), Identity),
            (Some("*;q=0, gzip"), Gzip),
            (Some("*;q=0, identity"), Identity),
            (Some("identity;q=0"), Identity),
            (Some("identity;q=0, gzip;q=0.1"), Gzip),
            (Some("gzip;q=0.5, identity;q=1"), Identity),
            (Some("gzip;q=1, identity;q=0.5"), Gzip),
            (Some("gzip;q=0.5, identity;q=0.5"), Gzip),
            (Some("gzip;q=0.5"), Gzip),
            (Some("gzip;q=2"), Identity),
            (Some("gzip;q=abc"), Identity),
            (Some("gzip;q=0.1234"), Identity),
            (Some("deflate;q=0.9, gzip;q=0.8, identity;q=0.1"), Gzip),
            (Some(" , ,gzip , "), Gzip),
        ];
        for (accept, expected) in cases {
            assert_eq!(pick(accept), expected, "Accept-Encoding: {accept:?}");
        }
    }

    #[test]
    fn qvalues() {
        assert_eq!(parse_q("0"), Some(0));
        assert_eq!(parse_q("0.5"), Some(500));
        assert_eq!(parse_q("0.05"), Some(50));
        assert_eq!(parse_q("1"), Some(1000));
        assert_eq!(parse_q("1.000"), Some(1000));
        assert_eq!(parse_q("1.5"), None);
        assert_eq!(parse_q("-0"), None);
        assert_eq!(parse_q(""), None);
    }
}
