//! Decoding the raw query string: percent-escapes, `+` for space, invalid UTF-8 rejected with a
//! 400 that names the parameter, and bounds on size and count so no input can cost much.

use crate::reply::HttpError;

/// The longest query string accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 4096;
/// The most parameters accepted.
pub const MAX_PARAMS: usize = 64;

/// Decodes `raw` into name/value pairs in request order.
pub fn decode(raw: Option<&str>) -> Result<Vec<(String, String)>, HttpError> {
    let Some(raw) = raw else {
        return Ok(Vec::new());
    };
    if raw.len() > MAX_QUERY_BYTES {
        return Err(HttpError::invalid(
            "query",
            format!(
                "the query string is {} bytes; allowed: at most {MAX_QUERY_BYTES}",
                raw.len()
            ),
        ));
    }
    let mut out = Vec::new();
    for part in raw.split('&').filter(|p| !p.is_empty()) {
        if out.len() == MAX_PARAMS {
            return Err(HttpError::invalid(
                "query",
                format!("too many parameters; allowed: at most {MAX_PARAMS}"),
            ));
        }
        let (name, value) = part.split_once('=').unwrap_or((part, ""));
        let name = decode_component(name, "query")?;
        let value = decode_component(value, &name)?;
        out.push((name, value));
    }
    Ok(out)
}

fn decode_component(s: &str, parameter: &str) -> Result<String, HttpError> {
    if !s.bytes().any(|b| b == b'+' || b == b'%') {
        return Ok(s.to_owned()); // nothing to decode (the usual case)
    }
    let spaced = s.replace('+', " ");
    let bytes: Vec<u8> = percent_encoding::percent_decode_str(&spaced).collect();
    String::from_utf8(bytes).map_err(|_| {
        let shown = sss_core::domain::clip(parameter, sss_core::domain::ECHO_CHARS);
        HttpError::invalid(&shown, "not valid UTF-8 after percent-decoding")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_escapes_plus_and_repeats() {
        let q = decode(Some("cat=dresses&fts=blue+jeans&brand=a&brand=b%2Cc&x")).expect("valid");
        assert_eq!(q[1], ("fts".into(), "blue jeans".into()));
        assert_eq!(q[3], ("brand".into(), "b,c".into()));
        assert_eq!(q[4], ("x".into(), String::new()));
    }

    #[test]
    fn rejects_invalid_utf8_and_huge_input() {
        assert!(decode(Some("fts=%FF%FE")).is_err());
        assert!(decode(Some(&"a=b&".repeat(2000))).is_err());
        assert!(decode(Some(&"a&".repeat(100))).is_err());
    }
}
