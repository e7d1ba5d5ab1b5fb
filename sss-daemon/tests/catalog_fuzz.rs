//! Arbitrary query strings and paths thrown at the catalog router: no input may make it panic
//! or answer 5xx, and every non-200 answer is ShopStyle's error body.

use std::sync::{Arc, OnceLock};

use axum::body::{Body, to_bytes};
use axum::http::Request;
use proptest::prelude::*;
use serde_json::Value;
use sss_core::catalog::Catalog;
use sss_daemon::catalog::{CatalogArgs, CatalogState, router};
use tower::ServiceExt;

fn state() -> CatalogState {
    static S: OnceLock<CatalogState> = OnceLock::new();
    S.get_or_init(|| {
        let catalog = Arc::new(Catalog::bundled().expect("bundled catalog builds"));
        CatalogState::new(catalog, &CatalogArgs::default()).expect("valid settings")
    })
    .clone()
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static R: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    R.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
    })
}

/// Percent-encodes what a URI may not hold, leaving `%` alone so malformed escapes get through.
fn uri_safe(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$'()*+,;=:@/?%".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("pid".to_owned()),
        Just("cat".to_owned()),
        Just("fts".to_owned()),
        Just("fl".to_owned()),
        Just("fl[]".to_owned()),
        Just("sort".to_owned()),
        Just("offset".to_owned()),
        Just("limit".to_owned()),
        Just("depth".to_owned()),
        Just("format".to_owned()),
        "[a-zA-Z%\\[\\]]{0,12}",
    ]
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        // Plausible values.
        Just("x".to_owned()),
        Just("dresses".to_owned()),
        Just("womens-boots-ankle".to_owned()),
        Just("blue jeans".to_owned()),
        Just("PriceLoHi".to_owned()),
        "[brcpds][0-9:.\\-]{0,12}",
        prop::sample::select(vec![
            "b0",
            "r0",
            "c0",
            "d0",
            "d100",
            "d101",
            "p0:",
            "p:0",
            "p1e3:",
            "p.:",
            "p-1:5",
            "b4294967295",
            "b4294967296",
            "womens-boots-ankle",
            "maternity-dresses",
        ])
        .prop_map(str::to_owned),
        // Numbers: negative, huge, overflowing, fractional, exponents.
        any::<i64>().prop_map(|n| n.to_string()),
        Just("18446744073709551616".to_owned()),
        Just("4294967296".to_owned()),
        Just("1e9".to_owned()),
        Just("5000.5".to_owned()),
        // Escapes, including malformed ones and invalid UTF-8.
        prop::sample::select(vec![
            "%",
            "%z",
            "%FF",
            "%C3",
            "%E2%82",
            "%00",
            "%25",
            "%C3%A9",
            "%ED%A0%80"
        ])
        .prop_map(str::to_owned),
        // Anything at all, and very long values.
        ".{0,64}",
        "[a-z ]{0,10}".prop_map(|s| s.repeat(500)),
    ]
}

fn query() -> impl Strategy<Value = String> {
    prop::collection::vec((name(), value(), any::<bool>()), 0..12).prop_map(|pairs| {
        pairs
            .into_iter()
            .map(|(n, v, with_eq)| if with_eq { format!("{n}={v}") } else { n })
            .collect::<Vec<_>>()
            .join("&")
    })
}

fn path() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => Just("/api/v2/products".to_owned()),
        1 => Just("/api/v2/categories".to_owned()),
        1 => Just("/api/v2/brands".to_owned()),
        1 => Just("/api/v2/colors".to_owned()),
        1 => value().prop_map(|id| format!("/api/v2/products/{}", uri_safe(&id).replace(['/', '?'], "_"))),
    ]
}

fn check(path: &str, query: &str) -> Result<(), TestCaseError> {
    let uri = format!("{path}?{}", uri_safe(query));
    let Ok(req) = Request::get(&uri).body(Body::empty()) else {
        return Err(TestCaseError::reject("not a URI"));
    };
    let (status, body) = runtime().block_on(async {
        let resp = router(state()).oneshot(req).await.expect("infallible");
        let status = resp.status().as_u16();
        (
            status,
            to_bytes(resp.into_body(), 64 << 20).await.expect("body"),
        )
    });
    prop_assert!(
        status < 500,
        "{uri} -> {status}: {}",
        String::from_utf8_lossy(&body)
    );
    let v: Value =
        serde_json::from_slice(&body).map_err(|e| TestCaseError::fail(format!("{uri}: {e}")))?;
    if status != 200 {
        prop_assert_eq!(&v["errorCode"], &Value::from(status), "{}", uri);
        prop_assert!(
            v["errorMessage"].as_str().is_some_and(|m| !m.is_empty()),
            "{}",
            uri
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn no_query_makes_the_catalog_fail(path in path(), query in query()) {
        check(&path, &query)?;
    }

    #[test]
    fn no_query_with_a_pid_makes_the_catalog_fail(query in query()) {
        check("/api/v2/products", &format!("pid=x&{query}"))?;
    }
}
