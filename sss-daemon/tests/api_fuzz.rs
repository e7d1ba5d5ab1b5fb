//! Property test: no query string makes the public API answer 5xx or panic. Requests go through
//! the embedded default's real router (bundled catalog in-process) with `oneshot`.

use std::sync::OnceLock;

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use clap::Parser;
use proptest::prelude::*;
use tower::ServiceExt;

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime")
    })
}

fn router() -> &'static Router {
    static ROUTER: OnceLock<Router> = OnceLock::new();
    ROUTER.get_or_init(|| {
        // The store's folder goes as soon as the store is open: the open file lives on.
        let dir = std::env::temp_dir().join(format!(
            "sss-test-api-fuzz-{}-{:012x}",
            std::process::id(),
            fastrand::u64(..) & 0xffff_ffff_ffff
        ));
        let data_dir = dir.to_str().expect("a UTF-8 temp dir");
        let cli = sss_daemon::cli::Cli::try_parse_from(["sss-daemon", "--data-dir", data_dir])
            .expect("args");
        let built = runtime().block_on(sss_daemon::serve::build(&cli.serve));
        let _ = std::fs::remove_dir_all(&dir);
        built.expect("build").1
    })
}

fn query_strings() -> impl Strategy<Value = String> {
    let name = prop_oneof![
        Just("cat"),
        Just("fts"),
        Just("sort"),
        Just("offset"),
        Just("limit"),
        Just("brand"),
        Just("retailer"),
        Just("color"),
        Just("minPrice"),
        Just("maxPrice"),
        Just("sale"),
        Just("x"),
        Just(""),
    ];
    let value = prop_oneof![
        Just("dresses".to_owned()),
        Just("jeans".to_owned()),
        "[a-z-]{1,12}",
        "-?[0-9]{1,22}",
        "(%[0-9A-Fa-f]{2}|[a-z0-9+._~-]){0,40}",
        "%[89A-F][0-9A-F]",
    ];
    proptest::collection::vec((name, value), 0..8).prop_map(|pairs| {
        pairs
            .into_iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect::<Vec<_>>()
            .join("&")
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn no_query_string_gets_a_5xx(qs in query_strings()) {
        for path in ["/api/v1/products", "/api/v1/categories"] {
            let req = Request::get(format!("{path}?{qs}")).body(Body::empty()).expect("request");
            let resp = runtime().block_on(router().clone().oneshot(req)).expect("infallible");
            prop_assert!(resp.status().as_u16() < 500, "{} for {path}?{qs}", resp.status());
        }
    }

    #[test]
    fn no_item_path_gets_a_5xx(cat in "[a-z%0-9-]{1,20}", sid in "-?[0-9]{1,12}", eid in "[0-9a-z]{1,12}") {
        let req = Request::get(format!("/api/v1/items/{cat}/{sid}/{eid}")).body(Body::empty()).expect("request");
        let resp = runtime().block_on(router().clone().oneshot(req)).expect("infallible");
        prop_assert!(resp.status().as_u16() < 500, "{} for {cat}/{sid}/{eid}", resp.status());
    }
}
