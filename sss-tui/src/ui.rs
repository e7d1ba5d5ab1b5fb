//! The screen: where each pane goes at the current size. Each pane draws itself (`widgets/`);
//! the areas they report are kept for the mouse.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::action::Pane;
use crate::app::{App, Areas, Popup};
use crate::widgets;

/// Below this width one pane is shown at a time (`Tab` switches).
pub const NARROW: u16 = 80;
/// Below this size nothing useful fits.
const MIN_WIDTH: u16 = 30;
const MIN_HEIGHT: u16 = 8;

/// Draws the whole screen and records where the panes went.
pub fn draw(frame: &mut Frame, app: &mut App) {
    let area = frame.area();
    app.areas = Areas::default();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let text = Paragraph::new(vec![
            Line::from("sss-tui"),
            Line::from("The terminal is too small."),
            Line::from("q quits."),
        ])
        .style(Style::new().yellow());
        frame.render_widget(text, area);
        return;
    }
    let [search, body, status] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    app.areas.search = search;
    widgets::search::render(frame, search, app);

    if area.width < NARROW {
        match app.focus {
            Pane::Sidebar => app.areas.sidebar = widgets::sidebar::render(frame, body, app),
            Pane::Results => app.areas.results = widgets::results::render(frame, body, app),
            Pane::Detail => app.areas.detail = widgets::detail::render(frame, body, app),
        }
    } else {
        let sidebar_width = if area.width >= 110 { 34 } else { 28 };
        let [side, main] =
            Layout::horizontal([Constraint::Length(sidebar_width), Constraint::Fill(1)])
                .areas(body);
        let detail_height = (main.height * 2 / 5).clamp(7, 13);
        let [results, detail] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(detail_height)]).areas(main);
        app.areas.sidebar = widgets::sidebar::render(frame, side, app);
        app.areas.results = widgets::results::render(frame, results, app);
        app.areas.detail = widgets::detail::render(frame, detail, app);
    }
    widgets::status::render(frame, status, app);
    app.areas.completions = widgets::completions::render(frame, search, body, app);

    match app.popup {
        Some(Popup::Help) => widgets::help::render(frame, area),
        Some(Popup::Filters) => widgets::filters::render(frame, body, app),
        None => {}
    }
}
