//! The category tree: expand/collapse markers, names, product counts.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{HighlightSpacing, List, ListItem, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::{cursor_style, dim, pane_block, truncate};
use crate::action::Pane;
use crate::app::{App, CategoriesState};
use crate::format::thousands;
use crate::tree::Node;

/// Draws the sidebar; returns the area of its rows.
pub fn render(frame: &mut Frame, area: Rect, app: &mut App) -> Rect {
    let focused = app.focus == Pane::Sidebar;
    let block = pane_block(" Categories ", focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let message = match &app.categories {
        CategoriesState::Loading => Some(vec![Line::styled(
            format!("{} loading categories…", app.spinner()),
            dim(),
        )]),
        CategoriesState::Failed(error) => Some(vec![
            Line::styled("Cannot load the categories:", Style::new().red()),
            Line::from(error.as_str()),
            Line::default(),
            Line::styled("r to try again", dim()),
        ]),
        CategoriesState::Loaded if app.tree.is_empty() => {
            Some(vec![Line::styled("No categories.", dim())])
        }
        CategoriesState::Loaded => None,
    };
    if let Some(lines) = message {
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
        return Rect::default();
    }

    // Two columns go to the cursor's marker.
    let width = usize::from(inner.width.saturating_sub(2));
    let current = app.query.cat.as_deref();
    let items: Vec<ListItem> = app
        .tree
        .rows()
        .map(|node| ListItem::new(row(node, width, current == Some(node.id.as_str()))))
        .collect();
    let list = List::new(items)
        .highlight_symbol("› ")
        .highlight_spacing(HighlightSpacing::Always)
        .highlight_style(cursor_style(focused));
    app.sidebar.select(Some(app.tree.cursor()));
    frame.render_stateful_widget(list, inner, &mut app.sidebar);
    inner
}

/// `  ▸ Clothing        8,547`: indent, marker, name, the count at the right edge.
fn row(node: &Node, width: usize, current: bool) -> Line<'static> {
    let marker = match (node.children.is_empty(), node.expanded) {
        (true, _) => "  ",
        (false, true) => "▾ ",
        (false, false) => "▸ ",
    };
    let indent = "  ".repeat(usize::from(node.depth));
    let count = node.count.map(thousands).unwrap_or_default();
    let left = indent.width() + marker.width();
    let room = width.saturating_sub(left + count.width() + 1);
    let name = truncate(&node.name, room);
    let gap = width.saturating_sub(left + name.width() + count.width());
    let name_style = if current {
        Style::new().yellow().add_modifier(Modifier::BOLD)
    } else {
        Style::new()
    };
    Line::from(vec![
        Span::raw(indent),
        Span::styled(marker, dim()),
        Span::styled(name, name_style),
        Span::raw(" ".repeat(gap)),
        Span::styled(count, dim()),
    ])
}
