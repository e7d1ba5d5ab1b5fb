//! The filter panel, a popup (`f`): the facets on the left with how many of each are chosen,
//! the values of the facet under the cursor on the right with their counts and a check box
//! (a round one where only one can be chosen), the keys at the bottom.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, BorderType, Clear, HighlightSpacing, List, ListItem, Paragraph, Wrap,
};
use unicode_width::UnicodeWidthStr;

use super::{ACCENT, cursor_style, dim, truncate};
use crate::app::App;
use crate::filters::{FACETS, Row, is_multi, label};
use crate::format::thousands;

/// The facets column's width.
const FACETS_WIDTH: u16 = 16;

/// Draws the panel over `area`; records where its facets and values went for the mouse.
pub fn render(frame: &mut Frame, area: Rect, app: &mut App) {
    let popup = area.centered(Constraint::Max(72), Constraint::Max(24));
    let status = if app.panel.loading {
        Span::styled(
            format!(" {} counting… ", app.spinner()),
            Style::new().yellow(),
        )
    } else if let Some(page) = &app.panel.page {
        let noun = if page.total == 1 {
            "product"
        } else {
            "products"
        };
        Span::raw(format!(" {} {noun} ", thousands(page.total)))
    } else {
        Span::raw("")
    };
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(Style::new().fg(ACCENT))
        .title(Span::styled(" Filters ", Style::new().fg(ACCENT).bold()))
        .title_top(Line::from(status).right_aligned());
    let inner = block.inner(popup);
    frame.render_widget(Clear, popup);
    frame.render_widget(block, popup);
    app.areas.popup = popup;

    let [body, _, hint] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    let [facets, values] =
        Layout::horizontal([Constraint::Length(FACETS_WIDTH), Constraint::Fill(1)]).areas(body);
    render_facets(frame, facets, app);
    app.areas.facets = Rect {
        height: facets.height.min(FACETS.len() as u16),
        ..facets
    };
    app.areas.values = render_values(frame, values, app);

    let hint_line = match &app.panel.error {
        Some(error) => Line::styled(format!(" {error} (r: again)"), Style::new().red()),
        None => Line::styled(
            " ↑↓ value  ←→ facet  space choose  x clear  Enter close",
            dim(),
        ),
    };
    frame.render_widget(Paragraph::new(hint_line), hint);
}

/// `▸ Brand       2`: each facet with how many of its values are chosen.
fn render_facets(frame: &mut Frame, area: Rect, app: &App) {
    let width = usize::from(area.width.saturating_sub(1));
    let lines: Vec<Line> = FACETS
        .iter()
        .enumerate()
        .map(|(i, &facet)| {
            let chosen = app.query.filters.of(facet).count();
            let name = capitalised(label(facet));
            let count = if chosen > 0 {
                chosen.to_string()
            } else {
                String::new()
            };
            let current = i == app.panel.facet;
            let marker = if current { "▸ " } else { "  " };
            let gap = width.saturating_sub(2 + name.width() + count.width());
            let text = format!("{marker}{name}{}{count}", " ".repeat(gap));
            if current {
                Line::styled(text, Style::new().fg(ACCENT).add_modifier(Modifier::BOLD))
            } else {
                Line::from(text)
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// The values of the facet under the cursor; returns the area of its rows.
fn render_values(frame: &mut Frame, area: Rect, app: &mut App) -> Rect {
    let facet = app.panel.facet();
    let rows = app.panel.rows(facet, &app.query.filters);
    let message = if !app.query.is_searchable() {
        Some(Line::styled(
            "Choose a category or search first.",
            Style::new().yellow(),
        ))
    } else if rows.is_empty() && app.panel.page.is_none() {
        let text = match &app.panel.error {
            Some(_) => "The counts did not come.".to_owned(),
            None => format!("{} counting…", app.spinner()),
        };
        Some(Line::styled(text, dim()))
    } else if rows.is_empty() {
        Some(Line::styled(format!("No {} here.", label(facet)), dim()))
    } else {
        None
    };
    if let Some(line) = message {
        frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: true }), area);
        return Rect::default();
    }
    // Two columns go to the cursor's marker.
    let width = usize::from(area.width.saturating_sub(2));
    let multi = is_multi(facet);
    let items: Vec<ListItem> = rows.iter().map(|r| value_row(r, multi, width)).collect();
    let list = List::new(items)
        .highlight_symbol("› ")
        .highlight_spacing(HighlightSpacing::Always)
        .highlight_style(cursor_style(true));
    frame.render_stateful_widget(list, area, &mut app.panel.values);
    Rect {
        height: area
            .height
            .min(u16::try_from(rows.len()).unwrap_or(u16::MAX)),
        ..area
    }
}

/// `[x] Nike                42`: the box, the name, the count at the right edge.
fn value_row(row: &Row, multi: bool, width: usize) -> ListItem<'static> {
    let mark = match (multi, row.chosen) {
        (true, true) => "[x] ",
        (true, false) => "[ ] ",
        (false, true) => "(•) ",
        (false, false) => "( ) ",
    };
    let count = format!(" {} ", thousands(row.value.count));
    let room = width.saturating_sub(mark.width() + count.width());
    let name = truncate(&row.value.name, room);
    let gap = room.saturating_sub(name.width());
    let style = if row.chosen {
        Style::new().bold()
    } else {
        Style::new()
    };
    let count_style = if row.value.count == 0 {
        dim()
    } else {
        Style::new()
    };
    ListItem::new(Line::from(vec![
        Span::styled(mark, style),
        Span::styled(name, style),
        Span::raw(" ".repeat(gap)),
        Span::styled(count, count_style),
    ]))
}

/// `brand` -> `Brand`.
fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
