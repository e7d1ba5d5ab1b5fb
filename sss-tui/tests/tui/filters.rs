//! The filter panel driven by keys: what it asks for, what the searches carry, stale counts,
//! clearing.

use crossterm::event::{Event, KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use sss_core::api::SearchParams;
use sss_core::domain::Facet;
use sss_tui::action::{Effect, Request};
use sss_tui::app::Popup;
use sss_tui::filters::FACETS;

use crate::fixtures::*;

/// The dresses search with `f` applied to its parameters (page fields unset).
fn dresses_with(f: impl FnOnce(&mut SearchParams)) -> SearchParams {
    let mut params = SearchParams::category("dresses");
    f(&mut params);
    params
}

#[test]
fn f_opens_the_panel_and_asks_for_the_counts_once() {
    let mut app = loaded();
    press(&mut app, KeyCode::Char('f'));
    assert_eq!(app.popup, Some(Popup::Filters));
    let effects = app.take_effects();
    assert_eq!(
        effects,
        [Effect::Fetch(Request::Facets {
            generation: 1,
            params: Box::new(SearchParams::category("dresses")),
            facets: FACETS.to_vec(),
        })],
        "the search's facets, without its page fields; no search"
    );
    assert!(app.panel.loading && app.is_loading());
    answer_facets(&mut app, &effects, Ok(dress_facets(356)));
    assert!(!app.panel.loading);
    assert_eq!(app.panel.facet(), Facet::Brand);
    assert_eq!(
        app.panel.current(&app.query.filters).map(|r| r.value.name),
        Some("Tonga".to_owned()),
        "the first value under the cursor"
    );

    // Closing and opening again with the same search asks nothing.
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.popup, None);
    assert!(!app.should_quit, "Esc closes the panel, not the app");
    press(&mut app, KeyCode::Char('f'));
    press(&mut app, KeyCode::Enter);
    assert!(app.take_effects().is_empty());
    assert_eq!(app.popup, None);

    // Another category: its counts are asked for on the next opening.
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Enter);
    app.take_effects();
    press(&mut app, KeyCode::Char('f'));
    let asked = facet_requests(&app.take_effects());
    assert_eq!(asked.len(), 1);
    assert_ne!(asked[0].1.cat.as_deref(), Some("dresses"));
}

#[test]
fn space_chooses_values_and_the_search_carries_their_ids() {
    let mut app = filtering();
    // Brands are multi-select: Tonga, then ONLY.
    press(&mut app, KeyCode::Char(' '));
    let effects = app.take_effects();
    let tonga = dresses_with(|p| p.brand = vec!["b-Tonga".into()]);
    assert_eq!(
        searches(&effects),
        [(
            2,
            SearchParams {
                limit: Some(20),
                ..tonga.clone()
            }
        )],
        "a new search from the first page"
    );
    assert_eq!(facet_requests(&effects), [(2, tonga)], "fresh counts");
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char(' '));
    let effects = app.take_effects();
    let both = vec!["b-Tonga".to_owned(), "b-ONLY".to_owned()];
    assert_eq!(searches(&effects)[0].1.brand, both);
    assert_eq!(facet_requests(&effects)[0].1.brand, both);

    // Colour and size (→ to the next facet), multi-select too.
    press(&mut app, KeyCode::Right);
    assert_eq!(app.panel.facet(), Facet::Color);
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Char('l'));
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char(' '));
    // A price band: one at a time; the second replaces the first.
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.panel.facet(), Facet::Price);
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char(' '));
    // A discount.
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Char('G'));
    press(&mut app, KeyCode::Char(' '));
    let (_, params) = searches(&app.take_effects()).pop().expect("search");
    assert_eq!(params.brand, both);
    assert_eq!(params.color, ["3"]);
    assert_eq!(params.size, ["S"]);
    assert_eq!(
        (params.min_price, params.max_price),
        (Some(50.0), Some(100.0))
    );
    assert_eq!(params.min_discount, Some(30));
    assert_eq!(params.offset, None);
    assert_eq!(app.query.params(), params, "Query::params carries them");
    assert_eq!(
        app.query.filters.summary().as_deref(),
        Some("brand: Tonga, ONLY · colour: Blue · size: S · $50 – $100 · 30% off or more")
    );

    // Space again un-chooses; the top band has no maximum.
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::End);
    press(&mut app, KeyCode::Char(' '));
    let (_, params) = searches(&app.take_effects()).pop().expect("search");
    assert_eq!(params.min_discount, None);
    assert_eq!((params.min_price, params.max_price), (Some(100.0), None));
}

#[test]
fn a_chosen_value_the_counts_no_longer_list_stays_to_be_unchosen() {
    let mut app = filtering();
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char(' ')); // ONLY
    let effects = app.take_effects();
    let mut fewer = dress_facets(80);
    fewer.facets.insert(
        "brand".into(),
        dress_facets(0).facets["brand"][..1].to_vec(),
    );
    answer_facets(&mut app, &effects, Ok(fewer));
    let rows = app.panel.rows(Facet::Brand, &app.query.filters);
    let names: Vec<(&str, u64, bool)> = rows
        .iter()
        .map(|r| (r.value.name.as_str(), r.value.count, r.chosen))
        .collect();
    assert_eq!(names, [("Tonga", 120, false), ("ONLY", 0, true)]);
    assert_eq!(
        app.panel.values.selected(),
        Some(1),
        "the cursor stays on the value it was on"
    );
    press(&mut app, KeyCode::Char(' '));
    assert!(app.query.filters.is_empty());
}

#[test]
fn stale_counts_are_dropped() {
    let mut app = filtering();
    press(&mut app, KeyCode::Char(' ')); // Tonga
    let first = app.take_effects();
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char(' ')); // and ONLY, before the first answer
    let second = app.take_effects();
    let (g1, _) = facet_requests(&first)[0];
    let (g2, _) = facet_requests(&second)[0];
    assert!(g2 > g1);

    answer_facets(&mut app, &second, Ok(dress_facets(200)));
    answer_facets(&mut app, &first, Ok(dress_facets(120)));
    assert_eq!(
        app.panel.page.as_ref().map(|p| p.total),
        Some(200),
        "the older answer, arriving last, changed nothing"
    );
    assert!(!app.panel.loading);
}

#[test]
fn x_clears_the_filters_and_sale_only() {
    let mut app = loaded();
    press(&mut app, KeyCode::Char('x'));
    assert!(app.take_effects().is_empty());
    assert!(
        app.notice
            .as_ref()
            .is_some_and(|n| n.text.contains("no filters"))
    );

    press(&mut app, KeyCode::Char('o'));
    press(&mut app, KeyCode::Char('f'));
    let effects = app.take_effects();
    assert_eq!(facet_requests(&effects)[0].1.sale, Some(true));
    answer_facets(&mut app, &effects, Ok(dress_facets(40)));
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.popup, None);
    let effects = app.take_effects();
    answer_search(&mut app, &effects, Ok(dresses("MISS")));
    answer_facets(&mut app, &effects, Ok(dress_facets(10)));

    // x in the main view: one search without them; the counts wait for the next opening.
    press(&mut app, KeyCode::Char('x'));
    let effects = app.take_effects();
    assert_eq!(
        searches(&effects).pop().map(|(_, p)| p),
        Some(SearchParams {
            limit: Some(20),
            ..SearchParams::category("dresses")
        })
    );
    assert!(facet_requests(&effects).is_empty());
    assert!(app.query.filters.is_empty() && !app.query.sale);
    assert_eq!(app.query.filters.summary(), None);

    // x in the panel: fresh counts too.
    press(&mut app, KeyCode::Char('f'));
    let effects = app.take_effects();
    answer_facets(&mut app, &effects, Ok(dress_facets(356)));
    press(&mut app, KeyCode::Char(' '));
    app.take_effects();
    press(&mut app, KeyCode::Char('x'));
    let effects = app.take_effects();
    assert_eq!(searches(&effects).len(), 1);
    assert_eq!(
        facet_requests(&effects).pop().map(|(_, p)| p),
        Some(SearchParams::category("dresses"))
    );
    assert_eq!(app.popup, Some(Popup::Filters), "the panel stays open");
}

#[test]
fn failed_counts_are_shown_and_asked_again() {
    let mut app = loaded();
    press(&mut app, KeyCode::Char('f'));
    let effects = app.take_effects();
    answer_facets(
        &mut app,
        &effects,
        Err(unreachable("api/v1/facets?cat=dresses")),
    );
    assert!(!app.panel.loading);
    assert!(
        app.panel
            .error
            .as_ref()
            .is_some_and(|e| e.contains("api/v1/facets"))
    );
    press(&mut app, KeyCode::Char('r'));
    let effects = app.take_effects();
    assert_eq!(facet_requests(&effects).len(), 1, "r asks again");
    answer_facets(&mut app, &effects, Ok(dress_facets(356)));
    assert_eq!(app.panel.error, None);

    // With nothing to search for there are no counts to ask for.
    let mut app = crate::fixtures::app();
    app.start();
    app.take_effects();
    press(&mut app, KeyCode::Char('f'));
    assert!(facet_requests(&app.take_effects()).is_empty());
    assert!(!app.panel.loading);
}

#[test]
fn keys_in_the_panel_stay_in_the_panel() {
    let mut app = filtering();
    for key in ['q', 'n', 's', '/', 'a'] {
        press(&mut app, KeyCode::Char(key));
        if key == 'q' {
            assert_eq!(app.popup, None, "q closes the panel");
            assert!(!app.should_quit);
            press(&mut app, KeyCode::Char('f'));
        }
    }
    assert!(searches(&app.take_effects()).is_empty(), "no search asked");
    assert!(!app.input.editing);
    press(&mut app, KeyCode::Up);
    assert_eq!(
        app.panel.values.selected(),
        Some(0),
        "the first value stops"
    );
    press(&mut app, KeyCode::BackTab);
    assert_eq!(app.panel.facet(), Facet::Retailer, "← wraps round");
    press_with(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(app.should_quit);
}

#[test]
fn the_mouse_chooses_in_the_panel() {
    let mut app = filtering();
    render(&mut app, 120, 40);
    let click = |column: u16, row: u16| {
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    let areas = app.areas;
    // The third facet (Size), then its second value (S).
    let action = sss_tui::keys::action_for(&app, &click(areas.facets.x + 1, areas.facets.y + 2));
    app.update(action.expect("a facet click"));
    assert_eq!(app.panel.facet(), Facet::Size);
    render(&mut app, 120, 40);
    let action = sss_tui::keys::action_for(&app, &click(areas.values.x + 3, areas.values.y + 1));
    app.update(action.expect("a value click"));
    assert_eq!(
        searches(&app.take_effects()).pop().map(|(_, p)| p.size),
        Some(vec!["S".into()])
    );
    // Outside the panel: it closes.
    let action = sss_tui::keys::action_for(&app, &click(0, 0));
    app.update(action.expect("a click outside"));
    assert_eq!(app.popup, None);
}
