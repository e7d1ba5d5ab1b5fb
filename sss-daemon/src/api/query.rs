//! The api's query string: the daemon's one decoder (`crate::query_string`), with the api's
//! bound on its size and its errors as the API's JSON 400.

use crate::query_string;
use crate::reply::HttpError;

/// The longest query string accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 4096;

/// Decodes `raw` into name/value pairs in request order.
pub fn decode(raw: Option<&str>) -> Result<Vec<(String, String)>, HttpError> {
    query_string::decode(raw, MAX_QUERY_BYTES)
        .map_err(|e| HttpError::invalid(&e.parameter, e.message))
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
