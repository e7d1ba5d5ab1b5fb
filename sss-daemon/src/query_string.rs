//! Decoding a raw query string: the one set of rules every role of the daemon reads queries
//! with (the api's `api::query`, the catalog's `catalog::params`; each maps [`Malformed`] into
//! its own error shape). `application/x-www-form-urlencoded`: `+` is a space, `%XX` a byte, and
//! the bytes must be UTF-8. Strict: a malformed escape (`%zz`, a lone `%`) is refused rather
//! than passed through, so no two readers can disagree about what a query said. Size and count
//! are bounded, so no input can cost much.

/// The most parameters one query string takes.
pub const MAX_PARAMS: usize = 64;

/// What is wrong with a query string: the parameter at fault (`query` for the whole string, or
/// the parameter's name, clipped) and a sentence saying what is allowed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Malformed {
    /// The parameter at fault.
    pub parameter: String,
    /// What was wrong and what is allowed.
    pub message: String,
}

impl Malformed {
    fn new(parameter: &str, message: impl Into<String>) -> Self {
        Malformed {
            parameter: parameter.to_owned(),
            message: message.into(),
        }
    }
}

/// Decodes `raw` (at most `max_bytes` long) into name/value pairs in request order.
pub fn decode(raw: Option<&str>, max_bytes: usize) -> Result<Vec<(String, String)>, Malformed> {
    let raw = raw.unwrap_or("");
    if raw.len() > max_bytes {
        return Err(Malformed::new(
            "query",
            format!(
                "the query string is {} bytes; allowed: at most {max_bytes}",
                raw.len()
            ),
        ));
    }
    let mut out = Vec::new();
    for part in raw.split('&').filter(|p| !p.is_empty()) {
        if out.len() == MAX_PARAMS {
            return Err(Malformed::new(
                "query",
                format!("too many parameters; allowed: at most {MAX_PARAMS}"),
            ));
        }
        let (name, value) = part.split_once('=').unwrap_or((part, ""));
        let name = decode_component(name, "query")?;
        let shown = sss_core::domain::clip(&name, sss_core::domain::ECHO_CHARS);
        let value = decode_component(value, &shown)?;
        out.push((name, value));
    }
    Ok(out)
}

/// Decodes one name or value; `what` names it in an error.
pub fn decode_component(raw: &str, what: &str) -> Result<String, Malformed> {
    if !raw.bytes().any(|b| b == b'+' || b == b'%') {
        return Ok(raw.to_owned()); // nothing to decode (the usual case)
    }
    let b = raw.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = |c: u8| (c as char).to_digit(16);
                match (
                    b.get(i + 1).and_then(|&c| hex(c)),
                    b.get(i + 2).and_then(|&c| hex(c)),
                ) {
                    (Some(h), Some(l)) => out.push((h * 16 + l) as u8),
                    _ => {
                        return Err(Malformed::new(
                            what,
                            "malformed percent-escape; allowed: % followed by two hex digits",
                        ));
                    }
                }
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| {
        Malformed::new(
            what,
            "not valid UTF-8 after percent-decoding; allowed: percent-escaped UTF-8 text",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_escapes_plus_and_repeats() {
        let q = decode(
            Some("cat=dresses&fts=blue+jeans&brand=a&brand=b%2Cc&x"),
            4096,
        )
        .expect("valid");
        assert_eq!(q[1], ("fts".into(), "blue jeans".into()));
        assert_eq!(q[3], ("brand".into(), "b,c".into()));
        assert_eq!(q[4], ("x".into(), String::new()));
        assert_eq!(decode(None, 10).expect("empty"), []);
    }

    #[test]
    fn refuses_what_cannot_be_read_and_names_it() {
        let e = decode(Some("fts=%FF%FE"), 4096).expect_err("not UTF-8");
        assert_eq!(e.parameter, "fts");
        let e = decode(Some("fts=100%"), 4096).expect_err("lone %");
        assert!(e.message.contains("percent-escape"), "{e:?}");
        assert!(decode(Some("%zz=1"), 4096).is_err());
        let e = decode(Some(&"a=b&".repeat(2000)), 4096).expect_err("too long");
        assert_eq!(e.parameter, "query");
        assert!(decode(Some(&"a&".repeat(100)), 4096).is_err(), "too many");
    }
}
