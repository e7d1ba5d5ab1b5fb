//! The keys, in a popup (`?`).

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::dim;

/// Each key and what it does.
pub const KEYS: &[(&str, &str)] = &[
    ("↑ ↓  k j", "move in the pane"),
    ("← →  h l", "collapse / expand a category; change pane"),
    ("Tab  S-Tab", "next / previous pane"),
    ("Enter", "open the category; show the product"),
    ("g G  Home End", "first / last row"),
    ("/", "search (Enter searches, Esc cancels)"),
    (
        "↓ ↑  Tab  Enter",
        "in the search: move, take, apply a completion",
    ),
    ("a", "search every category"),
    ("s", "next sort: relevance, price, newest, popular"),
    ("f", "filter panel (space chooses, Enter closes)"),
    ("x", "clear the filters and sale only"),
    ("o", "sale only, or all"),
    ("n p  PgDn PgUp", "next / previous page"),
    ("r", "ask again"),
    ("y", "copy the product's URL (or show it)"),
    ("mouse", "click selects, wheel scrolls"),
    ("?", "this help"),
    ("q  Esc  Ctrl-C", "quit"),
];

/// Draws the help popup over `area`.
pub fn render(frame: &mut Frame, area: Rect) {
    let height = u16::try_from(KEYS.len()).unwrap_or(u16::MAX) + 4;
    let popup = area.centered(Constraint::Max(64), Constraint::Max(height));
    let mut lines: Vec<Line> = KEYS
        .iter()
        .map(|(key, what)| {
            Line::from(vec![
                Span::styled(format!(" {key:<16}"), Style::new().cyan().bold()),
                Span::raw(*what),
            ])
        })
        .collect();
    lines.push(Line::default());
    lines.push(Line::styled(" any key closes this help", dim()));
    let block = Block::bordered()
        .title(" Keys ")
        .border_style(Style::new().cyan());
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        popup,
    );
}
