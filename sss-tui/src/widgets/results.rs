//! The results table: brand, name, price, sale price, discount, colour.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, HighlightSpacing, Paragraph, Row, Table, Wrap};

use super::{cursor_style, dim, pane_block, truncate};
use crate::action::Pane;
use crate::app::App;
use crate::format;
use sss_core::domain::TextMatch;

/// Draws the results; returns the area of the table's rows (empty when no table is shown).
pub fn render(frame: &mut Frame, area: Rect, app: &mut App) -> Rect {
    let focused = app.focus == Pane::Results;
    let block = pane_block(title(app), focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);

    if let Some(lines) = message(app) {
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
        return Rect::default();
    }

    // Text columns are cut with an ellipsis; what is left goes to the name. A narrow pane
    // drops the brand and colour columns.
    let wide = inner.width >= 70;
    let [brand_w, price_w, sale_w, disc_w, colour_w] = if wide {
        [14u16, 8, 8, 5, 11]
    } else {
        [0, 7, 7, 5, 0]
    };
    let columns = if wide { 6 } else { 4 };
    let fixed = 2 + brand_w + price_w + sale_w + disc_w + colour_w + (columns - 1);
    let name_w = usize::from(inner.width.saturating_sub(fixed).max(8));
    let right = |text: String| Cell::from(Line::from(text).right_aligned());
    let sale = Style::new().green();

    let mut header = vec![
        Cell::from("Name"),
        right("Price".into()),
        right("Sale".into()),
        right("Disc".into()),
    ];
    if wide {
        header.insert(0, Cell::from("Brand"));
        header.push(Cell::from("Colour"));
    }
    let header = Row::new(header).style(Style::new().add_modifier(Modifier::BOLD));
    let rows = app.results.products().iter().map(|p| {
        let price = Line::from(format::price(p)).right_aligned();
        let price = if p.sale_price.is_some() {
            price.style(dim().add_modifier(Modifier::CROSSED_OUT))
        } else {
            price
        };
        let mut cells = vec![
            Cell::from(truncate(&p.name, name_w)),
            Cell::from(price),
            Cell::from(Line::from(format::sale(p)).right_aligned().style(sale)),
            Cell::from(Line::from(format::discount(p)).right_aligned().style(sale)),
        ];
        if wide {
            let brand = p.brand.as_ref().map(|b| b.name.as_str()).unwrap_or("");
            cells.insert(0, Cell::from(truncate(brand, usize::from(brand_w))));
            cells.push(Cell::from(truncate(
                &p.colors.join(", "),
                usize::from(colour_w),
            )));
        }
        Row::new(cells)
    });
    let mut widths = vec![
        Constraint::Fill(1),
        Constraint::Length(price_w),
        Constraint::Length(sale_w),
        Constraint::Length(disc_w),
    ];
    if wide {
        widths.insert(0, Constraint::Length(brand_w));
        widths.push(Constraint::Length(colour_w));
    }
    let mut table = Table::new(rows, widths)
        .header(header)
        .highlight_symbol("› ")
        .highlight_spacing(HighlightSpacing::Always)
        .row_highlight_style(cursor_style(focused));
    if app.results.loading {
        // The page of the previous search, until the answer comes.
        table = table.style(dim());
    }
    frame.render_stateful_widget(table, inner, &mut app.results.table);
    Rect {
        y: inner.y + 1,
        height: inner.height.saturating_sub(1),
        ..inner
    }
}

/// ` Dresses · "blue" · sale only ⠋ `; after a typo correction
/// ` All categories · "sneekers" · Showing results for sneakers `.
fn title(app: &App) -> Line<'static> {
    let mut text = format!(" {}", app.category_name());
    let page = app.results.page.as_ref().map(|r| &r.page);
    // The text as the server understood it, when it corrected a typo.
    let corrected = page.and_then(|p| p.corrected.clone());
    // A page of the closest matches says so instead of echoing the text.
    let partial = page.and_then(|page| {
        let fts = page.query.fts.as_deref()?;
        (page.matched == Some(TextMatch::Partial) && page.total > 0).then(|| {
            let noun = if page.total == 1 { "match" } else { "matches" };
            let total = format::thousands(page.total);
            match &corrected {
                Some(_) => format!("no exact match; the {total} closest {noun}"),
                None => format!("no exact match for \"{fts}\"; showing the {total} closest {noun}"),
            }
        })
    });
    let note = match (&corrected, partial) {
        (Some(c), Some(partial)) => Some(format!("Showing results for {c}: {partial}")),
        (Some(c), None) => Some(format!("Showing results for {c}")),
        (None, partial) => partial,
    };
    if let Some(fts) = &app.query.fts
        && (note.is_none() || corrected.is_some())
    {
        text.push_str(&format!(" · \"{fts}\""));
    }
    if note.is_some() {
        text.push_str(" · ");
    }
    let mut spans = vec![Span::raw(text)];
    if let Some(note) = note {
        spans.push(Span::styled(note, Style::new().yellow()));
    }
    let mut text = String::new();
    if app.query.sale {
        text.push_str(" · sale only");
    }
    text.push(' ');
    spans.push(Span::raw(text));
    if app.results.loading {
        spans.push(Span::raw(format!("{} ", app.spinner())));
    }
    Line::from(spans)
}

/// What to show instead of the table, if anything.
fn message(app: &App) -> Option<Vec<Line<'static>>> {
    let results = &app.results;
    if let Some(error) = &results.error {
        return Some(vec![
            Line::styled("The search failed:", Style::new().red().bold()),
            Line::from(error.clone()),
            Line::default(),
            Line::styled("r to try again, or change the search.", dim()),
        ]);
    }
    let Some(page) = &results.page else {
        return Some(if results.loading {
            vec![Line::styled(format!("{} Loading…", app.spinner()), dim())]
        } else {
            vec![
                Line::from("Choose a category on the left (Enter) or search with /."),
                Line::default(),
                Line::styled("? shows all the keys.", dim()),
            ]
        });
    };
    if !page.products().is_empty() {
        return None;
    }
    let mut what = String::from("No products");
    if let Some(fts) = &app.query.fts {
        what.push_str(&format!(" match \"{fts}\""));
    }
    if app.category().is_some() {
        what.push_str(&format!(" in {}", app.category_name()));
    }
    if app.query.sale {
        what.push_str(" on sale");
    }
    let mut lines = vec![Line::from(format!("{what}.")), Line::default()];
    if app.query.sale {
        lines.push(Line::styled("f shows products not on sale too.", dim()));
    }
    if app.query.fts.is_some() && app.category().is_some() {
        lines.push(Line::styled("a searches every category.", dim()));
    }
    if app.query.fts.is_some() {
        lines.push(Line::styled("/ changes the search text.", dim()));
    }
    Some(lines)
}
