//! The completions under the search line while it is edited: each suggestion's text, its kind
//! (category, brand, search) and how many products it finds; the highlighted one marked.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, HighlightSpacing, List, ListItem, ListState};
use sss_core::domain::{Suggestion, SuggestionKind};
use unicode_width::UnicodeWidthStr;

use super::{ACCENT, cursor_style, dim, truncate};
use crate::app::App;
use crate::completions::kind_label;
use crate::format::thousands;

/// The widest the list is drawn.
const MAX_WIDTH: u16 = 72;

/// Draws the list over the top of `body`, under the search box `search`, when it is shown;
/// returns the area of its rows (empty when nothing is clickable).
pub fn render(frame: &mut Frame, search: Rect, body: Rect, app: &App) -> Rect {
    let completions = &app.completions;
    if !app.input.editing || !completions.is_visible() || body.height < 3 {
        return Rect::default();
    }
    let rows = if completions.items.is_empty() {
        1
    } else {
        completions.items.len() as u16
    };
    let area = Rect {
        x: search.x + 1,
        y: body.y,
        width: search.width.saturating_sub(2).min(MAX_WIDTH),
        height: (rows + 2).min(body.height),
    };
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(Style::new().fg(ACCENT))
        .title_bottom(
            Line::styled(" ↑↓ choose · Tab complete · Enter open · Esc close ", dim())
                .right_aligned(),
        );
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);

    if let Some(error) = &completions.error {
        let line = Line::styled(
            truncate(
                &format!(" no completions: {error}"),
                usize::from(inner.width),
            ),
            Style::new().red(),
        );
        frame.render_widget(line, inner);
        return Rect::default();
    }
    // Two columns go to the highlight's marker.
    let width = usize::from(inner.width.saturating_sub(2));
    let items: Vec<ListItem> = completions.items.iter().map(|s| item(s, width)).collect();
    let list = List::new(items)
        .highlight_symbol("› ")
        .highlight_spacing(HighlightSpacing::Always)
        .highlight_style(cursor_style(true));
    let mut state = ListState::default().with_selected(completions.selected);
    frame.render_stateful_widget(list, inner, &mut state);
    Rect {
        height: inner.height.min(rows),
        ..inner
    }
}

/// `Sneakers                      category   2,406`: the text, then its kind and count at the
/// right edge.
fn item(suggestion: &Suggestion, width: usize) -> ListItem<'static> {
    let kind = kind_label(suggestion.kind);
    let tail = format!(" {kind:>8} {:>7} ", thousands(suggestion.count));
    let room = width.saturating_sub(tail.width());
    let text = truncate(&suggestion.text, room);
    let gap = room.saturating_sub(text.width());
    let kind_style = match suggestion.kind {
        SuggestionKind::Category => Style::new().cyan(),
        SuggestionKind::Brand => Style::new().magenta(),
        SuggestionKind::Query => dim(),
    };
    ListItem::new(Line::from(vec![
        Span::raw(text),
        Span::raw(" ".repeat(gap)),
        Span::styled(tail, kind_style),
    ]))
}
