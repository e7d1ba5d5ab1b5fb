//! What the screen shows in each main state, drawn on ratatui's `TestBackend` from fixed data.

use crossterm::event::KeyCode;
use insta::assert_snapshot;
use sss_tui::action::Pane;

use crate::fixtures::*;

#[test]
fn loading() {
    let mut app = app_with(category_query("dresses"));
    app.start();
    assert_snapshot!(render(&mut app, 120, 40));
}

#[test]
fn results() {
    let mut app = loaded();
    assert_snapshot!(render(&mut app, 120, 40));
}

#[test]
fn results_while_the_next_search_loads() {
    let mut app = loaded();
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "blue");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Char('o'));
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, " wrap");
    assert_snapshot!(render(&mut app, 120, 40));
}

#[test]
fn detail() {
    let mut app = loaded();
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.focus, Pane::Detail);
    assert_snapshot!(render(&mut app, 120, 40));
}

#[test]
fn help() {
    let mut app = loaded();
    press(&mut app, KeyCode::Char('?'));
    assert_snapshot!(render(&mut app, 120, 40));
}

#[test]
fn error() {
    let mut app = loaded();
    press(&mut app, KeyCode::Char('r'));
    let effects = app.take_effects();
    answer_search(
        &mut app,
        &effects,
        Err(unreachable("api/v1/products?cat=dresses&limit=20")),
    );
    assert_snapshot!(render(&mut app, 120, 40));
}

#[test]
fn categories_error() {
    let mut app = app();
    app.start();
    let effects = app.take_effects();
    answer_categories(&mut app, &effects, Err(unreachable("api/v1/categories")));
    assert_snapshot!(render(&mut app, 100, 20));
}

#[test]
fn empty() {
    let mut app = loaded();
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "zebra");
    press(&mut app, KeyCode::Enter);
    let effects = app.take_effects();
    answer_search(
        &mut app,
        &effects,
        Ok(page(
            Some("dresses"),
            Some("zebra"),
            0,
            0,
            Vec::new(),
            "MISS",
        )),
    );
    assert_snapshot!(render(&mut app, 120, 30));
}

#[test]
fn nothing_chosen_yet() {
    let mut app = app();
    app.start();
    let effects = app.take_effects();
    answer_categories(&mut app, &effects, Ok(categories()));
    assert_snapshot!(render(&mut app, 100, 16));
}

#[test]
fn narrow_terminal_shows_one_pane() {
    let mut app = loaded();
    let sidebar = render(&mut app, 60, 24);
    press(&mut app, KeyCode::Tab);
    let results = render(&mut app, 60, 24);
    assert_snapshot!("narrow_sidebar", sidebar);
    assert_snapshot!("narrow_results", results);
}

#[test]
fn tiny_terminal() {
    let mut app = loaded();
    assert_snapshot!(render(&mut app, 26, 6));
}

#[test]
fn filter_panel() {
    let mut app = filtering();
    press(&mut app, KeyCode::Char(' ')); // Tonga
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char(' ')); // Mineral
    let effects = app.take_effects();
    answer_search(&mut app, &effects, Ok(dresses("MISS")));
    answer_facets(&mut app, &effects, Ok(dress_facets(181)));
    assert_snapshot!(render(&mut app, 120, 40));
}

#[test]
fn filter_panel_single_choice_while_counting() {
    let mut app = filtering();
    press(&mut app, KeyCode::Char('h'));
    press(&mut app, KeyCode::Char('h'));
    press(&mut app, KeyCode::Char(' ')); // 20% off or more
    assert_snapshot!(render(&mut app, 80, 24));
}

#[test]
fn filters_in_the_status_bar() {
    let mut app = filtering();
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Enter);
    let effects = app.take_effects();
    answer_search(&mut app, &effects, Ok(dresses("HIT")));
    assert_snapshot!(render(&mut app, 120, 40));
}

#[test]
fn completions_under_the_search_line() {
    let mut app = loaded();
    complete(&mut app, "sne", sne());
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    assert_snapshot!(render(&mut app, 120, 40));
}

#[test]
fn completions_in_a_narrow_terminal() {
    let mut app = loaded();
    complete(&mut app, "sne", sne());
    press(&mut app, KeyCode::Up);
    assert_snapshot!(render(&mut app, 60, 24));
}

/// The dresses page answered for `typed`, understood as `corrected`.
fn corrected_page(app: &mut sss_tui::app::App, typed: &str, corrected: &str, partial: bool) {
    press(app, KeyCode::Char('/'));
    type_text(app, typed);
    press(app, KeyCode::Enter);
    let effects = app.take_effects();
    let mut result = page(Some("dresses"), Some(typed), 6, 0, products(), "MISS");
    result.page.corrected = Some(corrected.into());
    if partial {
        result.page.matched = Some(sss_core::domain::TextMatch::Partial);
    }
    answer_search(app, &effects, Ok(result));
}

#[test]
fn showing_results_for_the_corrected_text() {
    let mut app = loaded();
    corrected_page(&mut app, "sneekers", "sneakers", false);
    let screen = render(&mut app, 120, 30);
    assert!(
        screen.contains("\"sneekers\" · Showing results for sneakers"),
        "{screen}"
    );
    assert_snapshot!(screen);
}

#[test]
fn a_corrected_partial_match_says_both() {
    let mut app = loaded();
    corrected_page(&mut app, "addidas shoes", "adidas shoes", true);
    let screen = render(&mut app, 140, 30);
    assert!(
        screen.contains(
            "\"addidas shoes\" · Showing results for adidas shoes: no exact match; the 6 closest matches"
        ),
        "{screen}"
    );
}
