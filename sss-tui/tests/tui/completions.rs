//! The completions under the search line, driven by keys and clock ticks: when a suggest
//! request goes out, which answers count, and what the arrows, `Tab`, `Enter` and `Esc` do with
//! each kind of suggestion.

use crossterm::event::{Event, KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use sss_core::api::{FacetValue, SearchParams};
use sss_core::domain::Facet;
use sss_tui::action::Pane;
use sss_tui::completions::DEBOUNCE_TICKS;

use crate::fixtures::*;

fn texts(app: &sss_tui::app::App) -> Vec<&str> {
    app.completions
        .items
        .iter()
        .map(|s| s.text.as_str())
        .collect()
}

fn named(id: &str, name: &str) -> FacetValue {
    FacetValue {
        id: Some(id.into()),
        name: name.into(),
        min: None,
        max: None,
        count: 0,
    }
}

#[test]
fn typing_asks_once_the_keys_pause() {
    let mut app = loaded();
    press(&mut app, KeyCode::Char('/'));
    // A key every tick: the debounce keeps waiting.
    for c in "sne".chars() {
        press(&mut app, KeyCode::Char(c));
        tick(&mut app, DEBOUNCE_TICKS - 1);
    }
    assert!(suggest_requests(&app.take_effects()).is_empty());
    tick(&mut app, 1);
    let requests = suggest_requests(&app.take_effects());
    assert_eq!(requests.len(), 1, "one request for the burst: {requests:?}");
    let (first, text, limit) = requests[0].clone();
    assert_eq!((text.as_str(), limit), ("sne", 8), "up to 8");
    tick(&mut app, 10);
    assert!(app.take_effects().is_empty(), "one request per change");

    // Each change asks again, with a new generation; the text is trimmed.
    press(&mut app, KeyCode::Char(' '));
    tick(&mut app, DEBOUNCE_TICKS);
    assert!(
        app.take_effects().is_empty(),
        "\"sne \" is \"sne\" again: asked already"
    );
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    tick(&mut app, DEBOUNCE_TICKS);
    assert_eq!(
        suggest_requests(&app.take_effects()),
        [(first + 1, "sn".to_owned(), 8)]
    );

    // Empty text asks nothing.
    press_with(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    tick(&mut app, 10);
    assert!(app.take_effects().is_empty());
    assert!(app.completions.items.is_empty());

    // Moving the cursor changes nothing to ask for.
    type_text(&mut app, "nik");
    tick(&mut app, DEBOUNCE_TICKS);
    assert_eq!(suggest_requests(&app.take_effects()).len(), 1);
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Home);
    tick(&mut app, 10);
    assert!(app.take_effects().is_empty());
}

#[test]
fn stale_answers_are_dropped() {
    let mut app = loaded();
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "sn");
    tick(&mut app, DEBOUNCE_TICKS);
    let (first, ..) = suggest_requests(&app.take_effects())[0].clone();
    type_text(&mut app, "e");
    tick(&mut app, DEBOUNCE_TICKS);
    let (second, text, _) = suggest_requests(&app.take_effects())[0].clone();
    assert!(second > first);
    assert_eq!(text, "sne");

    answer_suggest(&mut app, second, Ok(sne()));
    answer_suggest(
        &mut app,
        first,
        Ok(suggestions("sn", &[("query", "snow boots", None, 40)])),
    );
    assert_eq!(
        texts(&app),
        [
            "sneakers",
            "Men's Sneakers",
            "Women's Sneakers",
            "Sneaker Lab"
        ],
        "the answer for \"sn\" came last and was dropped"
    );
    assert!(app.completions.is_visible());

    // A request on its way when the search is left: its answer is dropped too.
    type_text(&mut app, "a");
    tick(&mut app, DEBOUNCE_TICKS);
    let (late, ..) = suggest_requests(&app.take_effects())[0].clone();
    press(&mut app, KeyCode::Enter);
    answer_suggest(&mut app, late, Ok(sne()));
    assert!(app.completions.items.is_empty());
    assert!(!app.completions.is_visible());
}

#[test]
fn arrows_move_tab_takes_and_enter_without_a_highlight_searches_the_text() {
    let mut app = loaded();
    complete(&mut app, "sne", sne());
    assert_eq!(
        app.completions.selected, None,
        "nothing highlighted at first"
    );

    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Up);
    assert_eq!(
        app.completions.current().map(|s| s.text.as_str()),
        Some("Men's Sneakers")
    );
    assert_eq!(app.input.text, "sne", "moving does not change the line");
    assert!(app.take_effects().is_empty(), "moving asks nothing");

    // Tab: the highlighted one into the line; it stays highlighted, nothing is searched.
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.input.text, "Men's Sneakers");
    assert!(app.input.editing);
    assert_eq!(app.completions.selected, Some(1));
    tick(&mut app, 10);
    assert!(
        app.take_effects().is_empty(),
        "the list's own entry: no request"
    );

    // Up past the first: back to no highlight; Tab then takes the first.
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Up);
    assert_eq!(app.completions.selected, None);
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.input.text, "sneakers");
    assert_eq!(app.completions.selected, Some(0));

    // Typing drops the highlight: Enter searches the text as typed.
    type_text(&mut app, " red");
    assert_eq!(app.completions.selected, None);
    press(&mut app, KeyCode::Enter);
    let effects = app.take_effects();
    assert!(suggest_requests(&effects).is_empty());
    let (_, params) = searches(&effects).pop().expect("a search");
    assert_eq!(params.fts.as_deref(), Some("sneakers red"));
    assert_eq!(params.cat.as_deref(), Some("dresses"));
    assert!(!app.input.editing);
    assert!(!app.completions.is_visible());
}

#[test]
fn enter_on_a_search_completion_searches_its_text() {
    let mut app = loaded();
    complete(&mut app, "sne", sne());
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    let effects = app.take_effects();
    let expected = SearchParams {
        cat: Some("dresses".into()),
        fts: Some("sneakers".into()),
        limit: Some(20),
        ..SearchParams::default()
    };
    assert_eq!(searches(&effects).pop().map(|(_, p)| p), Some(expected));
    assert_eq!(app.input.text, "sneakers");
    assert_eq!(app.query.fts.as_deref(), Some("sneakers"));
    assert!(!app.input.editing);
    assert_eq!(app.focus, Pane::Results);
}

#[test]
fn enter_on_a_category_opens_it() {
    let mut app = app();
    app.start();
    let effects = app.take_effects();
    answer_categories(&mut app, &effects, Ok(categories()));
    complete(
        &mut app,
        "dres",
        suggestions(
            "dres",
            &[
                ("query", "dress shoes", None, 637),
                ("category", "Dresses", Some("dresses"), 356),
            ],
        ),
    );
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    let effects = app.take_effects();
    let expected = SearchParams {
        cat: Some("dresses".into()),
        limit: Some(20),
        ..SearchParams::default()
    };
    assert_eq!(searches(&effects), [(1, expected)], "the category, no text");
    assert_eq!(app.query.cat.as_deref(), Some("dresses"));
    assert_eq!(app.query.fts, None);
    assert_eq!(app.input.text, "", "the prefix typed is not searched");
    assert!(!app.input.editing);
    assert_eq!(app.focus, Pane::Results);
    assert_eq!(
        app.tree.current().map(|n| n.id.as_str()),
        Some("dresses"),
        "the sidebar shows it"
    );
    assert!(app.tree.get("dresses").is_some_and(|n| n.expanded));
}

#[test]
fn tab_then_enter_opens_the_category_taken() {
    let mut app = loaded();
    complete(
        &mut app,
        "den",
        suggestions("den", &[("category", "Denim", Some("jeans"), 258)]),
    );
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.input.text, "Denim");
    press(&mut app, KeyCode::Enter);
    let (_, params) = searches(&app.take_effects()).pop().expect("a search");
    assert_eq!(params.cat.as_deref(), Some("jeans"));
    assert_eq!(params.fts, None);
    assert_eq!(app.category_name(), "Denim");
}

#[test]
fn enter_on_a_brand_searches_it_within_the_category() {
    let mut app = loaded();
    // A brand and a colour chosen before: the brand gives way, the colour stays.
    app.query
        .filters
        .toggle(Facet::Brand, &named("b-ONLY", "ONLY"));
    app.query.filters.toggle(Facet::Color, &named("3", "Blue"));
    app.query.fts = Some("summer".into());
    app.input.set("summer");
    press(&mut app, KeyCode::Char('/'));
    press_with(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    complete(
        &mut app,
        "ton",
        suggestions(
            "ton",
            &[
                ("brand", "Tonga", Some("b-Tonga"), 120),
                ("query", "tonga dress", None, 30),
            ],
        ),
    );
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    let effects = app.take_effects();
    let (_, params) = searches(&effects).pop().expect("a search");
    assert_eq!(
        params.cat.as_deref(),
        Some("dresses"),
        "within the category"
    );
    assert_eq!(params.brand, ["b-Tonga"]);
    assert_eq!(params.color, ["3"]);
    assert_eq!(params.fts, None, "the brand replaces the text");
    assert_eq!(app.input.text, "");
    assert_eq!(
        app.query.filters.summary().as_deref(),
        Some("brand: Tonga · colour: Blue")
    );
    assert_eq!(app.focus, Pane::Results);
}

#[test]
fn escape_hides_the_list_first_then_cancels() {
    let mut app = loaded();
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "blue");
    press(&mut app, KeyCode::Enter);
    app.take_effects();

    press(&mut app, KeyCode::Char('/'));
    press_with(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    complete(&mut app, "sne", sne());
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Esc);
    assert!(app.input.editing, "the first Esc only hides the list");
    assert!(!app.completions.is_visible());
    assert_eq!(app.input.text, "sne");

    // Down shows it again; typing would too.
    press(&mut app, KeyCode::Down);
    assert!(app.completions.is_visible());
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    assert!(!app.input.editing, "the second Esc leaves the line");
    assert_eq!(app.input.text, "blue", "the text searched is back");
    assert!(!app.should_quit);
    assert!(app.take_effects().is_empty(), "nothing searched");
}

#[test]
fn enter_with_the_list_hidden_searches_the_text() {
    let mut app = loaded();
    complete(&mut app, "sne", sne());
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Tab);
    assert_eq!(
        app.input.text, "sne",
        "Tab takes nothing from a hidden list"
    );
    press(&mut app, KeyCode::Enter);
    let (_, params) = searches(&app.take_effects()).pop().expect("a search");
    assert_eq!(params.fts.as_deref(), Some("sne"));
}

#[test]
fn a_failed_suggest_request_is_shown_and_typing_goes_on() {
    let mut app = loaded();
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "sne");
    tick(&mut app, DEBOUNCE_TICKS);
    let (generation, ..) = suggest_requests(&app.take_effects())[0].clone();
    answer_suggest(
        &mut app,
        generation,
        Err(unreachable("api/v1/suggest?q=sne&limit=8")),
    );
    assert!(app.completions.is_visible());
    let error = app.completions.error.clone().expect("the error is kept");
    assert!(error.contains("connection refused"), "{error}");
    assert!(app.results.error.is_none(), "the results are not touched");

    type_text(&mut app, "a");
    tick(&mut app, DEBOUNCE_TICKS);
    let (generation, text, _) = suggest_requests(&app.take_effects())[0].clone();
    assert_eq!(text, "snea");
    answer_suggest(&mut app, generation, Ok(sne()));
    assert_eq!(app.completions.error, None);
    assert_eq!(app.completions.items.len(), 4);
}

#[test]
fn a_click_on_a_completion_applies_it() {
    let mut app = loaded();
    complete(&mut app, "sne", sne());
    render(&mut app, 120, 40);
    let rows = app.areas.completions;
    assert_eq!(rows.height, 4, "{rows:?}");
    let wheel = Event::Mouse(MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: rows.x + 4,
        row: rows.y,
        modifiers: KeyModifiers::NONE,
    });
    let action = sss_tui::keys::action_for(&app, &wheel).expect("the wheel on the list");
    app.update(action);
    assert_eq!(
        app.completions.selected,
        Some(0),
        "the wheel moves the highlight"
    );
    assert_eq!(app.results.table.selected(), Some(0), "not the results");
    let click = Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: rows.x + 4,
        row: rows.y + 2,
        modifiers: KeyModifiers::NONE,
    });
    let action = sss_tui::keys::action_for(&app, &click).expect("a click on a completion");
    app.update(action);
    let (_, params) = searches(&app.take_effects()).pop().expect("a search");
    assert_eq!(params.cat.as_deref(), Some("womens-sneakers"));
    assert!(!app.input.editing);
    render(&mut app, 120, 40);
    assert_eq!(app.areas.completions.height, 0, "the list is gone");
}

#[test]
fn a_brand_with_no_category_searches_the_root_category() {
    let mut app = app();
    app.start();
    let effects = app.take_effects();
    answer_categories(&mut app, &effects, Ok(categories()));
    let nike = || suggestions("nik", &[("brand", "Nike", Some("303"), 2289)]);
    complete(&mut app, "nik", nike());
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    let (_, params) = searches(&app.take_effects()).pop().expect("a search");
    // The server needs a category or a text; the root holds every product.
    assert_eq!(params.cat.as_deref(), Some("clothes-shoes-and-jewelry"));
    assert_eq!(params.brand, ["303"]);
    assert_eq!(params.fts, None);
    assert_eq!(app.category_name(), "All categories");
    let screen = render(&mut app, 120, 30);
    assert!(screen.contains(" All categories │ brand: Nike"), "{screen}");

    // Before the tree has come: the brand's name as the text.
    let mut early = crate::fixtures::app();
    complete(&mut early, "nik", nike());
    press(&mut early, KeyCode::Down);
    press(&mut early, KeyCode::Enter);
    let (_, params) = searches(&early.take_effects()).pop().expect("a search");
    assert_eq!(params.cat, None);
    assert_eq!(params.fts.as_deref(), Some("Nike"));
    assert_eq!(params.brand, ["303"]);
    assert_eq!(early.input.text, "Nike");
}
