//! Fixed data for the tests that need no server: a small category tree and search pages.

use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::json;
use sss_core::api::{ApiError, CategoryList, FacetsPage, SearchPage, SearchResult, SuggestPage};
use sss_core::domain::{Product, Sort};
use sss_tui::action::{Action, Effect, Request};
use sss_tui::app::{App, Clipboard, Query};

/// Women > Clothing > (Dresses > Day Dresses, Denim), Bags; Men > Shirts; an empty Bridal.
pub fn categories() -> CategoryList {
    let cat = |id: &str, name: &str, parent: &str, count: u64| {
        json!({"id": id, "name": name, "shortName": name, "fullName": name,
               "parentId": parent, "productCount": count})
    };
    serde_json::from_value(json!({
        "root": "clothes-shoes-and-jewelry",
        "categories": [
            cat("women", "Women's Fashion", "clothes-shoes-and-jewelry", 20376),
            cat("womens-clothes", "Clothing", "women", 8547),
            cat("bridal", "Bridal", "womens-clothes", 0),
            cat("dresses", "Dresses", "womens-clothes", 356),
            cat("day-dresses", "Day Dresses", "dresses", 334),
            cat("jeans", "Denim", "womens-clothes", 258),
            cat("handbags", "Bags", "women", 3414),
            cat("men", "Men's Fashion", "clothes-shoes-and-jewelry", 23882),
            cat("mens-shirts", "Shirts", "men", 7402),
        ]
    }))
    .expect("categories fixture")
}

/// Six dresses, two of them on sale.
pub fn products() -> Vec<Product> {
    let rows = [
        (
            "34588",
            "Tonga Women Cream Dress",
            "Tonga",
            37.0,
            None,
            "Cream",
        ),
        (
            "34581",
            "Tonga Women Maroon Dress",
            "Tonga",
            104.0,
            Some(73.0),
            "Maroon",
        ),
        ("40412", "ONLY Women Blue Dress", "ONLY", 91.0, None, "Blue"),
        (
            "40417",
            "Mineral Blue Dress",
            "Mineral",
            93.0,
            Some(56.0),
            "Blue",
        ),
        (
            "51120",
            "French Connection Women Red Wrap Dress With A Very Long Name",
            "French Connection",
            79.0,
            None,
            "Red",
        ),
        (
            "51187",
            "Femella Women Yellow Dress",
            "Femella",
            40.0,
            None,
            "Yellow",
        ),
    ];
    rows.iter()
        .map(|(id, name, brand, price, sale, colour)| {
            let discount = sale.map_or(0, |s: f64| (100.0 - s * 100.0 / price).round() as u32);
            serde_json::from_value(json!({
                "id": id,
                "name": name,
                "brand": {"id": "b-".to_owned() + brand, "name": brand},
                "retailer": {"id": "5", "name": "Elm Row Apparel"},
                "price": price,
                "salePrice": sale,
                "currency": "USD",
                "inStock": true,
                "discount": discount,
                "categories": ["day-dresses", "dresses"],
                "colors": [colour],
                "sizes": ["XS", "S", "M", "L", "XL"],
                "pageUrl": format!("https://catalog.sss.invalid/products/{id}"),
                "clickUrl": format!("https://catalog.sss.invalid/click/{id}?retailer=5"),
                "description": format!("{name}. Day dresses for women (summer 2012)."),
            }))
            .expect("product fixture")
        })
        .collect()
}

/// A page of `products` for `cat`/`fts`, answered with `cache` (`HIT`, `MISS`).
pub fn page(
    cat: Option<&str>,
    fts: Option<&str>,
    total: u64,
    offset: u32,
    products: Vec<Product>,
    cache: &str,
) -> SearchResult {
    let page: SearchPage = serde_json::from_value(json!({
        "query": {"cat": cat, "fts": fts, "sort": "relevance", "offset": offset, "limit": 20},
        "total": total,
        "offset": offset,
        "limit": 20,
        "products": products,
        "cache": {"status": cache.to_lowercase(), "fetchedAt": "2026-01-01T00:00:00Z", "ageSeconds": 0},
    }))
    .expect("page fixture");
    SearchResult {
        page,
        cache_status: Some(cache.to_owned()),
        age: Some(0),
        etag: None,
        request_id: Some("req-1".into()),
        elapsed: Duration::from_millis(12),
    }
}

/// The dresses page the server would give first.
pub fn dresses(cache: &str) -> SearchResult {
    page(Some("dresses"), None, 356, 0, products(), cache)
}

/// An app with nothing asked yet, pages of 20.
pub fn app() -> App {
    app_with(Query {
        cat: None,
        fts: None,
        sort: Sort::Relevance,
        sale: false,
        filters: Default::default(),
        offset: 0,
        limit: 20,
    })
}

/// An app that will search `query`.
pub fn app_with(query: Query) -> App {
    App::new(query, Clipboard::Osc52)
}

/// The first page of category `cat`, by relevance, 20 products.
pub fn category_query(cat: &str) -> Query {
    Query {
        cat: Some(cat.into()),
        fts: None,
        sort: Sort::Relevance,
        sale: false,
        filters: Default::default(),
        offset: 0,
        limit: 20,
    }
}

/// An app started on Dresses with the tree and the first page answered (effects drained).
pub fn loaded() -> App {
    let mut app = app_with(category_query("dresses"));
    app.start();
    let effects = app.take_effects();
    answer_categories(&mut app, &effects, Ok(categories()));
    answer_search(&mut app, &effects, Ok(dresses("MISS")));
    app
}

/// Presses `code`.
pub fn press(app: &mut App, code: KeyCode) {
    press_with(app, code, KeyModifiers::NONE);
}

/// Presses `code` with `modifiers`.
pub fn press_with(app: &mut App, code: KeyCode, modifiers: KeyModifiers) {
    let event = Event::Key(KeyEvent::new(code, modifiers));
    if let Some(action) = sss_tui::keys::action_for(app, &event) {
        app.update(action);
    }
}

/// Types `text`, one key per character.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// The searches among `effects`: (generation, cat, fts, sort, offset, sale).
pub fn searches(effects: &[Effect]) -> Vec<(u64, sss_core::api::SearchParams)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Fetch(Request::Search { generation, params }) => {
                Some((*generation, (**params).clone()))
            }
            _ => None,
        })
        .collect()
}

/// Answers the categories request among `effects`.
pub fn answer_categories(
    app: &mut App,
    effects: &[Effect],
    result: Result<CategoryList, ApiError>,
) {
    let generation = effects
        .iter()
        .find_map(|e| match e {
            Effect::Fetch(Request::Categories { generation }) => Some(*generation),
            _ => None,
        })
        .expect("a categories request");
    app.update(Action::CategoriesLoaded { generation, result });
}

/// Answers the last search among `effects`.
pub fn answer_search(app: &mut App, effects: &[Effect], result: Result<SearchResult, ApiError>) {
    let (generation, _) = searches(effects).pop().expect("a search request");
    app.update(Action::SearchLoaded {
        generation,
        result: Box::new(result),
    });
}

/// The screen of `app` drawn at `width` x `height`, as text.
pub fn render(app: &mut App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal
        .draw(|frame| sss_tui::ui::draw(frame, app))
        .expect("draw");
    terminal.backend().to_string()
}

/// The error a refused connection to `path` gives.
pub fn unreachable(path: &str) -> ApiError {
    ApiError::Unreachable {
        url: format!("http://127.0.0.1:9/{path}"),
        reason: "connection refused".into(),
        timed_out: false,
    }
}

/// The facet counts of the dresses (`total` products) as `/api/v1/facets` gives them.
pub fn dress_facets(total: u64) -> FacetsPage {
    let named = |id: &str, name: &str, count: u64| json!({"id": id, "name": name, "count": count});
    serde_json::from_value(json!({
        "query": {"cat": "dresses"},
        "total": total,
        "facets": {
            "brand": [
                named("b-Tonga", "Tonga", 120),
                named("b-ONLY", "ONLY", 80),
                named("b-Mineral", "Mineral", 61),
                named("b-French Connection", "French Connection", 50),
                named("b-Femella", "Femella", 45),
            ],
            "color": [named("3", "Blue", 140), named("7", "Red", 90), named("12", "Yellow", 30)],
            "size": [named("M", "M", 300), named("S", "S", 290), named("XS", "XS", 120)],
            "price": [
                {"name": "$25 – $50", "min": 25, "max": 50, "count": 150},
                {"name": "$50 – $100", "min": 50, "max": 100, "count": 180},
                {"name": "$100+", "min": 100, "count": 26},
            ],
            "discount": [
                {"name": "20% off or more", "min": 20, "count": 40},
                {"name": "30% off or more", "min": 30, "count": 22},
            ],
            "retailer": [named("5", "Elm Row Apparel", 356)],
        },
        "cache": {"status": "miss", "fetchedAt": "2026-01-01T00:00:00Z", "ageSeconds": 0},
    }))
    .expect("facets fixture")
}

/// The facets requests among `effects`: (generation, params).
pub fn facet_requests(effects: &[Effect]) -> Vec<(u64, sss_core::api::SearchParams)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Fetch(Request::Facets {
                generation, params, ..
            }) => Some((*generation, (**params).clone())),
            _ => None,
        })
        .collect()
}

/// Answers the last facets request among `effects`.
pub fn answer_facets(app: &mut App, effects: &[Effect], result: Result<FacetsPage, ApiError>) {
    let (generation, _) = facet_requests(effects).pop().expect("a facets request");
    app.update(Action::FacetsLoaded {
        generation,
        result: Box::new(result),
    });
}

/// [`loaded`] with the filter panel open and its counts answered.
pub fn filtering() -> App {
    let mut app = loaded();
    press(&mut app, KeyCode::Char('f'));
    let effects = app.take_effects();
    answer_facets(&mut app, &effects, Ok(dress_facets(356)));
    app
}

/// A `/api/v1/suggest` answer for `typed`: (kind, text, id, count) each, as the server sends it.
pub fn suggestions(typed: &str, items: &[(&str, &str, Option<&str>, u64)]) -> SuggestPage {
    let items: Vec<serde_json::Value> = items
        .iter()
        .map(
            |(kind, text, id, count)| json!({"kind": kind, "text": text, "id": id, "count": count}),
        )
        .collect();
    serde_json::from_value(json!({
        "query": {"q": typed, "limit": 8},
        "suggestions": items,
        "cache": {"status": "miss", "fetchedAt": "2026-01-01T00:00:00Z", "ageSeconds": 0},
    }))
    .expect("suggest fixture")
}

/// What the catalog offers for `sne`: a search, two categories, a brand.
pub fn sne() -> SuggestPage {
    suggestions(
        "sne",
        &[
            ("query", "sneakers", None, 4887),
            ("category", "Men's Sneakers", Some("mens-sneakers"), 2406),
            ("category", "Women's Sneakers", Some("womens-sneakers"), 515),
            ("brand", "Sneaker Lab", Some("b-Sneaker Lab"), 12),
        ],
    )
}

/// The suggest requests among `effects`: (generation, text, limit).
pub fn suggest_requests(effects: &[Effect]) -> Vec<(u64, String, u32)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Fetch(Request::Suggest {
                generation,
                text,
                limit,
            }) => Some((*generation, text.clone(), *limit)),
            _ => None,
        })
        .collect()
}

/// Answers the suggest request of generation `generation`.
pub fn answer_suggest(app: &mut App, generation: u64, result: Result<SuggestPage, ApiError>) {
    app.update(Action::SuggestLoaded {
        generation,
        result: Box::new(result),
    });
}

/// `n` ticks of the clock.
pub fn tick(app: &mut App, n: u64) {
    for _ in 0..n {
        app.update(Action::Tick);
    }
}

/// Types `text` in the search line (opened with `/` unless open), lets the debounce pass and
/// answers the one suggest request with `answer`.
pub fn complete(app: &mut App, text: &str, answer: SuggestPage) {
    if !app.input.editing {
        press(app, KeyCode::Char('/'));
    }
    type_text(app, text);
    tick(app, sss_tui::completions::DEBOUNCE_TICKS);
    let requests = suggest_requests(&app.take_effects());
    assert_eq!(
        requests.len(),
        1,
        "one request after the debounce: {requests:?}"
    );
    answer_suggest(app, requests[0].0, Ok(answer));
}
