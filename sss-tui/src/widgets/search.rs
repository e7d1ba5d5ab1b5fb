//! The search input.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::{dim, pane_block};
use crate::app::App;

/// Draws the search input, and the cursor when it is being edited.
pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let input = &app.input;
    let mut block = pane_block(" Search ", input.editing);
    block = block.title_bottom(
        Line::styled(
            if input.editing {
                " Enter searches · Esc cancels · Ctrl-U clears "
            } else {
                " / to search "
            },
            dim(),
        )
        .right_aligned(),
    );
    let inner = block.inner(area);
    let line = if input.text.is_empty() && !input.editing {
        let scope = match app.category() {
            Some(_) => format!("in {}", app.category_name()),
            None => "in every category".to_owned(),
        };
        Line::styled(format!("Type / and a few words to search {scope}"), dim())
    } else {
        Line::styled(input.text.clone(), Style::new().white())
    };
    // Keep the cursor in view: scroll the text when it is longer than the box.
    let before: String = input.text.chars().take(input.cursor).collect();
    let cursor_x = u16::try_from(before.width()).unwrap_or(u16::MAX);
    let scroll = cursor_x.saturating_sub(inner.width.saturating_sub(1));
    frame.render_widget(Paragraph::new(line).block(block).scroll((0, scroll)), area);
    if input.editing && inner.width > 0 {
        frame.set_cursor_position(Position::new(inner.x + cursor_x - scroll, inner.y));
    }
}
