//! Key sequences drive the app without a terminal or a server; the tests check the state and
//! the requests it queued.

use crossterm::event::{Event, KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use sss_core::api::SearchParams;
use sss_core::domain::Sort;
use sss_tui::action::{Action, Effect, Pane, Request};
use sss_tui::app::{App, CategoriesState, Clipboard, Popup, Query};

use crate::fixtures::*;

fn cat_search(cat: &str) -> SearchParams {
    SearchParams {
        cat: Some(cat.into()),
        limit: Some(20),
        ..SearchParams::default()
    }
}

fn current_row(app: &App) -> &str {
    app.tree.current().map(|n| n.id.as_str()).unwrap_or("")
}

#[test]
fn starts_by_asking_for_the_categories_only() {
    let mut app = app();
    app.start();
    assert_eq!(
        app.take_effects(),
        [Effect::Fetch(Request::Categories { generation: 1 })]
    );
    assert!(app.is_loading());
    assert_eq!(app.focus, Pane::Sidebar);
}

#[test]
fn choosing_dresses_with_keys_searches_it() {
    let mut app = app();
    app.start();
    let effects = app.take_effects();
    answer_categories(&mut app, &effects, Ok(categories()));
    assert_eq!(app.categories, CategoriesState::Loaded);
    let rows: Vec<&str> = app.tree.rows().map(|n| n.id.as_str()).collect();
    assert_eq!(rows, ["women", "men"], "top level, collapsed");

    press(&mut app, KeyCode::Right); // expand Women
    press(&mut app, KeyCode::Char('j')); // Clothing
    press(&mut app, KeyCode::Char('l')); // expand Clothing
    press(&mut app, KeyCode::Down); // Dresses (Bridal has no products: not shown)
    assert_eq!(current_row(&app), "dresses");
    assert!(app.take_effects().is_empty(), "moving asks nothing");

    press(&mut app, KeyCode::Enter);
    let effects = app.take_effects();
    assert_eq!(searches(&effects), [(1, cat_search("dresses"))]);
    assert!(app.results.loading);
    assert_eq!(app.category_name(), "Dresses");
    assert!(
        app.tree.get("dresses").is_some_and(|n| n.expanded),
        "Enter also opens the category"
    );

    answer_search(&mut app, &effects, Ok(dresses("MISS")));
    assert!(!app.results.loading);
    assert_eq!(app.results.products().len(), 6);
    assert_eq!(app.results.selected().map(|p| p.id.as_str()), Some("34588"));

    // The same category again: the same request (the server answers it from its cache).
    press(&mut app, KeyCode::Enter);
    assert_eq!(searches(&app.take_effects()), [(2, cat_search("dresses"))]);
}

#[test]
fn stale_answers_are_dropped() {
    let mut app = loaded();
    press(&mut app, KeyCode::Up); // Clothing... whatever is above Dresses
    press(&mut app, KeyCode::Enter);
    let first = app.take_effects();
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter); // Dresses again, before the first answer
    let second = app.take_effects();
    let (g1, _) = searches(&first)[0];
    let (g2, p2) = searches(&second)[0].clone();
    assert!(g2 > g1);
    assert_eq!(p2, cat_search("dresses"));

    // The older answer arrives last but is not shown.
    answer_search(
        &mut app,
        &second,
        Ok(page(
            Some("dresses"),
            None,
            356,
            0,
            products()[..2].to_vec(),
            "HIT",
        )),
    );
    answer_search(
        &mut app,
        &first,
        Ok(page(
            Some("womens-clothes"),
            None,
            8547,
            0,
            products(),
            "MISS",
        )),
    );
    assert_eq!(app.results.products().len(), 2);
    assert_eq!(
        app.results.page.as_ref().map(|p| p.page.total),
        Some(356),
        "the stale answer changed nothing"
    );
    assert!(!app.results.loading);
}

#[test]
fn typing_stays_responsive_while_a_search_runs() {
    let mut app = loaded();
    press(&mut app, KeyCode::Enter); // a search on its way
    let slow = app.take_effects();
    assert!(app.results.loading);

    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "blue jeans");
    press_with(&mut app, KeyCode::Char('w'), KeyModifiers::CONTROL);
    assert_eq!(app.input.text, "blue ");
    assert!(app.input.editing);
    assert!(app.take_effects().is_empty(), "typing asks nothing");
    assert!(!app.should_quit, "q and other keys are text while typing");
    type_text(&mut app, "q");
    assert_eq!(app.input.text, "blue q");
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);

    press(&mut app, KeyCode::Enter);
    let effects = app.take_effects();
    let expected = SearchParams {
        fts: Some("blue".into()),
        ..cat_search("dresses")
    };
    assert_eq!(searches(&effects).len(), 1);
    assert_eq!(searches(&effects)[0].1, expected);
    assert_eq!(app.query.fts.as_deref(), Some("blue"));
    assert_eq!(app.focus, Pane::Results);

    // The slow answer to the earlier search comes late: dropped.
    answer_search(&mut app, &slow, Ok(dresses("HIT")));
    assert!(app.results.loading, "still waiting for the search for blue");
    let blue: Vec<_> = products()
        .into_iter()
        .filter(|p| p.name.contains("Blue"))
        .collect();
    answer_search(
        &mut app,
        &effects,
        Ok(page(Some("dresses"), Some("blue"), 2, 0, blue, "MISS")),
    );
    assert_eq!(app.results.products().len(), 2);
}

#[test]
fn escape_cancels_typing_and_keeps_the_search() {
    let mut app = loaded();
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "red");
    press(&mut app, KeyCode::Enter);
    app.take_effects();
    press(&mut app, KeyCode::Char('/'));
    press_with(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    type_text(&mut app, "green");
    press(&mut app, KeyCode::Esc);
    assert!(!app.input.editing);
    assert_eq!(app.input.text, "red", "the text searched is back");
    assert!(!app.should_quit, "Esc while typing only cancels");
    assert!(app.take_effects().is_empty());

    // An empty search clears the text and searches the category alone.
    press(&mut app, KeyCode::Char('/'));
    press_with(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.query.fts, None);
    assert_eq!(searches(&app.take_effects())[0].1, cat_search("dresses"));
}

#[test]
fn sort_sale_and_pages() {
    let mut app = loaded();
    press(&mut app, KeyCode::Char('s'));
    let (_, params) = searches(&app.take_effects()).pop().expect("search");
    assert_eq!(params.sort, Some(Sort::PriceAsc));
    for _ in 0..4 {
        press(&mut app, KeyCode::Char('s'));
    }
    assert_eq!(app.query.sort, Sort::Relevance, "the cycle comes back");
    let (_, params) = searches(&app.take_effects()).pop().expect("search");
    assert_eq!(params.sort, None, "relevance is the default, left out");

    press(&mut app, KeyCode::Char('o'));
    let effects = app.take_effects();
    let (_, params) = searches(&effects).pop().expect("search");
    assert_eq!(params.sale, Some(true));
    answer_search(&mut app, &effects, Ok(dresses("MISS")));

    press(&mut app, KeyCode::Char('n'));
    let effects = app.take_effects();
    let (_, params) = searches(&effects).pop().expect("next page");
    assert_eq!(params.offset, Some(6), "after the six products received");
    answer_search(
        &mut app,
        &effects,
        Ok(page(Some("dresses"), None, 356, 6, products(), "MISS")),
    );
    press(&mut app, KeyCode::PageDown);
    let effects = app.take_effects();
    assert_eq!(searches(&effects)[0].1.offset, Some(12));
    answer_search(
        &mut app,
        &effects,
        Ok(page(Some("dresses"), None, 356, 12, products(), "MISS")),
    );
    press(&mut app, KeyCode::Char('p'));
    assert_eq!(
        searches(&app.take_effects())[0].1.offset,
        None,
        "12 - 20 stops at 0"
    );
    press(&mut app, KeyCode::PageUp);
    assert!(app.take_effects().is_empty(), "no page before the first");
    assert!(app.notice.is_some());

    // A new sort starts from the first page again.
    app.query.offset = 40;
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(searches(&app.take_effects())[0].1.offset, None);
}

#[test]
fn the_last_page_has_no_next() {
    let mut app = loaded();
    let effects = {
        press(&mut app, KeyCode::Enter);
        app.take_effects()
    };
    answer_search(
        &mut app,
        &effects,
        Ok(page(Some("dresses"), None, 6, 0, products(), "HIT")),
    );
    press(&mut app, KeyCode::Char('n'));
    assert!(app.take_effects().is_empty());
    assert!(
        app.notice
            .as_ref()
            .is_some_and(|n| n.text.contains("last page"))
    );
}

#[test]
fn an_error_is_shown_and_the_app_keeps_working() {
    let mut app = loaded();
    press(&mut app, KeyCode::Char('r'));
    let effects = app.take_effects();
    assert_eq!(searches(&effects).len(), 1, "r asks again");
    answer_search(
        &mut app,
        &effects,
        Err(unreachable("api/v1/products?cat=dresses&limit=20")),
    );
    let error = app.results.error.clone().expect("the error is kept");
    assert!(error.contains("connection refused"), "{error}");
    assert!(!app.should_quit);

    press(&mut app, KeyCode::Char('r'));
    let effects = app.take_effects();
    assert_eq!(searches(&effects).len(), 1);
    answer_search(&mut app, &effects, Ok(dresses("HIT")));
    assert_eq!(app.results.error, None);
    assert_eq!(app.results.products().len(), 6);
}

#[test]
fn failed_categories_are_asked_again_by_r() {
    let mut app = app();
    app.start();
    let effects = app.take_effects();
    answer_categories(&mut app, &effects, Err(unreachable("api/v1/categories")));
    assert!(matches!(app.categories, CategoriesState::Failed(_)));
    press(&mut app, KeyCode::Char('r'));
    assert_eq!(
        app.take_effects(),
        [Effect::Fetch(Request::Categories { generation: 2 })],
        "no search: nothing to search for yet"
    );
    assert_eq!(app.categories, CategoriesState::Loading);
}

#[test]
fn starting_on_a_category_reveals_it_and_searches_at_once() {
    let mut app = app_with(Query {
        cat: Some("day-dresses".into()),
        fts: Some("blue".into()),
        sort: Sort::Relevance,
        sale: false,
        filters: Default::default(),
        offset: 0,
        limit: 20,
    });
    app.start();
    let effects = app.take_effects();
    assert_eq!(effects.len(), 2, "categories and the search together");
    let expected = SearchParams {
        fts: Some("blue".into()),
        ..cat_search("day-dresses")
    };
    assert_eq!(searches(&effects), [(1, expected)]);
    assert_eq!(app.input.text, "blue");
    answer_categories(&mut app, &effects, Ok(categories()));
    assert_eq!(current_row(&app), "day-dresses", "the cursor is on it");
    assert!(app.tree.get("dresses").is_some_and(|n| n.expanded));
}

#[test]
fn an_unknown_start_category_says_which_are_close() {
    let mut app = app_with(category_query("dreses"));
    app.start();
    let effects = app.take_effects();
    answer_categories(&mut app, &effects, Ok(categories()));
    let notice = app.notice.clone().expect("a notice");
    assert!(notice.error);
    assert!(notice.text.contains("dresses"), "{}", notice.text);
}

#[test]
fn panes_keys_help_and_quit() {
    let mut app = loaded();
    assert_eq!(app.focus, Pane::Sidebar);
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Pane::Results);
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(app.results.selected().map(|p| p.id.as_str()), Some("40412"));
    press(&mut app, KeyCode::Char('G'));
    assert_eq!(app.results.selected().map(|p| p.id.as_str()), Some("51187"));
    press(&mut app, KeyCode::Char('g'));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.focus, Pane::Detail);
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(app.detail_scroll, 1);
    press(&mut app, KeyCode::Char('h'));
    assert_eq!(app.focus, Pane::Results);
    press(&mut app, KeyCode::BackTab);
    assert_eq!(app.focus, Pane::Sidebar);

    press(&mut app, KeyCode::Char('?'));
    assert_eq!(app.popup, Some(Popup::Help));
    press(&mut app, KeyCode::Char('q'));
    assert_eq!(app.popup, None, "q closes the help first");
    assert!(!app.should_quit);
    press(&mut app, KeyCode::Esc);
    assert!(app.should_quit);

    let mut app = loaded();
    press_with(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(app.should_quit);
    let mut app = loaded();
    press(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit);
}

#[test]
fn all_categories_keeps_the_text() {
    let mut app = loaded();
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "blue");
    press(&mut app, KeyCode::Enter);
    app.take_effects();
    press(&mut app, KeyCode::Char('a'));
    let (_, params) = searches(&app.take_effects()).pop().expect("search");
    assert_eq!(params.cat, None);
    assert_eq!(params.fts.as_deref(), Some("blue"));
    assert_eq!(app.category_name(), "All categories");
}

#[test]
fn y_copies_the_url_or_shows_it() {
    let mut app = loaded();
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(
        app.take_effects(),
        [Effect::Copy(
            "https://catalog.sss.invalid/products/34588".into()
        )]
    );
    assert!(
        app.notice
            .as_ref()
            .is_some_and(|n| n.text.contains("34588"))
    );

    let mut app = loaded();
    app.clipboard = Clipboard::None;
    press(&mut app, KeyCode::Char('y'));
    assert!(app.take_effects().is_empty());
    let notice = app.notice.clone().expect("the URL is shown");
    assert_eq!(
        notice.text,
        "URL: https://catalog.sss.invalid/products/34588"
    );
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(app.notice, None, "a key clears the message");
}

#[test]
fn the_mouse_selects_and_scrolls_where_the_panes_were_drawn() {
    let mut app = loaded();
    render(&mut app, 120, 40);
    let results = app.areas.results;
    assert!(results.height > 6, "{results:?}");
    let click = |column, row| {
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    let action = sss_tui::keys::action_for(&app, &click(results.x + 10, results.y + 3))
        .expect("a click on a row");
    assert!(
        matches!(action, Action::Click(Pane::Results, 3)),
        "{action:?}"
    );
    app.update(action);
    assert_eq!(app.focus, Pane::Results);
    assert_eq!(app.results.selected().map(|p| p.id.as_str()), Some("40417"));

    let wheel = Event::Mouse(MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: results.x + 5,
        row: results.y,
        modifiers: KeyModifiers::NONE,
    });
    let action = sss_tui::keys::action_for(&app, &wheel).expect("wheel");
    app.update(action);
    assert_eq!(app.results.selected().map(|p| p.id.as_str()), Some("51120"));

    // A click on a category opens it.
    render(&mut app, 120, 40);
    let sidebar = app.areas.sidebar;
    let row = app
        .tree
        .rows()
        .position(|n| n.id == "jeans")
        .expect("Denim is shown");
    let action = sss_tui::keys::action_for(&app, &click(sidebar.x + 4, sidebar.y + row as u16))
        .expect("a click on a category");
    app.update(action);
    assert_eq!(app.focus, Pane::Sidebar);
    assert_eq!(app.query.cat.as_deref(), Some("jeans"));
    assert_eq!(searches(&app.take_effects())[0].1, cat_search("jeans"));

    // A click on the search box starts typing.
    let search = app.areas.search;
    let action =
        sss_tui::keys::action_for(&app, &click(search.x + 3, search.y + 1)).expect("click");
    app.update(action);
    assert!(app.input.editing);
}

#[test]
fn ticks_redraw_only_while_loading() {
    let mut app = loaded();
    app.dirty = false;
    app.update(Action::Tick);
    assert!(!app.dirty, "nothing moves: no redraw");
    press(&mut app, KeyCode::Char('r'));
    app.dirty = false;
    app.update(Action::Tick);
    assert!(app.dirty, "the spinner moves");
}

#[test]
fn pages_stop_at_the_api_depth_cap() {
    let mut app = loaded();
    app.query.offset = 4980;
    press(&mut app, KeyCode::Char('r'));
    let effects = app.take_effects();
    answer_search(
        &mut app,
        &effects,
        Ok(page(Some("women"), None, 20376, 4980, products(), "HIT")),
    );
    press(&mut app, KeyCode::Char('n'));
    assert!(
        app.take_effects().is_empty(),
        "offset + limit would pass 5000"
    );
    assert!(
        app.notice
            .as_ref()
            .is_some_and(|n| n.text.contains("at most the first 5000"))
    );
    app.notice = None;
    let screen = render(&mut app, 120, 40);
    assert!(screen.contains("page 250 of 250"), "{screen}");
}
