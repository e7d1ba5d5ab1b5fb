//! Cross-origin requests (CORS): which browser origins may call the API, and the answer to their
//! preflight `OPTIONS`.
//!
//! The API only reads (GET and HEAD) and uses no cookies or credentials, so any origin is allowed
//! by default (`*`), as the original servers did; `--cors-origins` narrows it to a list.

use std::fmt;
use std::time::Duration;

use axum::http::{HeaderName, HeaderValue, Method, header};
use tower_http::cors::{AllowOrigin, CorsLayer};

/// How long a browser may reuse a preflight answer.
const PREFLIGHT_MAX_AGE: Duration = Duration::from_secs(600);

/// The origins allowed to call the API from a browser.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum CorsOrigins {
    /// Any origin (`Access-Control-Allow-Origin: *`).
    #[default]
    Any,
    /// Only these origins (`scheme://host[:port]`); others get no CORS headers.
    List(Vec<String>),
}

impl std::str::FromStr for CorsOrigins {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s == "*" {
            return Ok(CorsOrigins::Any);
        }
        let mut list = Vec::new();
        for origin in s.split(',').map(str::trim).filter(|o| !o.is_empty()) {
            let url = url::Url::parse(origin).map_err(|e| format!("{origin:?}: {e}"))?;
            let bare = matches!(url.scheme(), "http" | "https")
                && url.host_str().is_some()
                && url.path() == "/"
                && !origin.ends_with('/')
                && url.query().is_none()
                && url.fragment().is_none()
                && url.username().is_empty();
            if !bare {
                return Err(format!(
                    "{origin:?} is not an origin; allowed: `*` or scheme://host[:port] \
                     separated by commas (http://localhost:5173)"
                ));
            }
            list.push(origin.to_owned());
        }
        Ok(CorsOrigins::List(list))
    }
}

impl fmt::Display for CorsOrigins {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CorsOrigins::Any => f.write_str("*"),
            CorsOrigins::List(list) => f.write_str(&list.join(",")),
        }
    }
}

impl CorsOrigins {
    /// The layer answering preflights and adding `Access-Control-Allow-Origin` to responses.
    pub fn layer(&self) -> CorsLayer {
        let origin = match self {
            CorsOrigins::Any => AllowOrigin::any(),
            CorsOrigins::List(list) => AllowOrigin::list(
                list.iter()
                    .filter_map(|o| HeaderValue::from_str(o).ok())
                    .collect::<Vec<_>>(),
            ),
        };
        CorsLayer::new()
            .allow_origin(origin)
            .allow_methods([Method::GET, Method::HEAD])
            .allow_headers([
                header::IF_NONE_MATCH,
                HeaderName::from_static("x-request-id"),
            ])
            .expose_headers([
                header::ETAG,
                header::AGE,
                HeaderName::from_static("x-cache"),
                HeaderName::from_static("x-request-id"),
            ])
            .max_age(PREFLIGHT_MAX_AGE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_any_lists_and_none() {
        assert_eq!("*".parse::<CorsOrigins>(), Ok(CorsOrigins::Any));
        assert_eq!(
            "https://shop.example, http://localhost:5173".parse::<CorsOrigins>(),
            Ok(CorsOrigins::List(vec![
                "https://shop.example".into(),
                "http://localhost:5173".into()
            ]))
        );
        assert_eq!("".parse::<CorsOrigins>(), Ok(CorsOrigins::List(vec![])));
        for bad in [
            "shop.example",
            "https://shop.example/",
            "https://shop.example/path",
            "ftp://shop.example",
        ] {
            assert!(bad.parse::<CorsOrigins>().is_err(), "{bad}");
        }
    }
}
