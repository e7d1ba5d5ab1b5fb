//! The selected product: name, brand and retailer, prices, colours, sizes, categories, URL,
//! description.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use sss_core::domain::Product;

use super::{dim, pane_block};
use crate::action::Pane;
use crate::app::App;
use crate::format;

/// Draws the detail pane; returns its area.
pub fn render(frame: &mut Frame, area: Rect, app: &mut App) -> Rect {
    let focused = app.focus == Pane::Detail;
    let product = app.results.selected();
    let title = match product {
        Some(p) => format!(" Product {} ", p.id),
        None => " Product ".to_owned(),
    };
    let mut block = pane_block(title, focused);
    if product.is_some() {
        block = block.title_bottom(Line::styled(" y copies the URL ", dim()).right_aligned());
    }
    let lines = match product {
        Some(p) => lines(app, p),
        None => vec![Line::styled("No product selected.", dim())],
    };
    let paragraph = Paragraph::new(lines)
        .block(block)
        .wrap(Wrap { trim: false })
        .scroll((app.detail_scroll, 0));
    frame.render_widget(paragraph, area);
    area
}

fn lines(app: &App, p: &Product) -> Vec<Line<'static>> {
    let label = |name: &str| Span::styled(format!("{name:<11}"), dim());
    let mut out = vec![Line::styled(
        p.name.clone(),
        Style::new().add_modifier(Modifier::BOLD),
    )];

    let mut who = Vec::new();
    if let Some(b) = &p.brand {
        who.push(b.name.clone());
    }
    if let Some(r) = &p.retailer {
        who.push(format!("at {}", r.name));
    }
    who.push(
        if p.in_stock {
            "in stock"
        } else {
            "out of stock"
        }
        .to_owned(),
    );
    out.push(Line::from(who.join(" · ")));

    let mut price = vec![label("Price"), Span::raw(format::price(p))];
    if p.sale_price.is_some() {
        price.push(Span::raw("  "));
        price.push(Span::styled(
            format!("now {} ({})", format::sale(p), format::discount(p)),
            Style::new().green(),
        ));
    }
    out.push(Line::from(price));
    if !p.colors.is_empty() {
        out.push(Line::from(vec![
            label("Colours"),
            Span::raw(p.colors.join(", ")),
        ]));
    }
    if !p.sizes.is_empty() {
        out.push(Line::from(vec![
            label("Sizes"),
            Span::raw(p.sizes.join(", ")),
        ]));
    }
    if !p.categories.is_empty() {
        let names: Vec<&str> = p.categories.iter().map(|c| app.tree.name(c)).collect();
        out.push(Line::from(vec![
            label("Categories"),
            Span::raw(names.join(", ")),
        ]));
    }
    if let Some(url) = format::url(p) {
        out.push(Line::from(vec![
            label("URL"),
            Span::styled(url.to_owned(), Style::new().blue().underlined()),
        ]));
    }
    if let Some(d) = p.description.as_deref().filter(|d| !d.trim().is_empty()) {
        out.push(Line::default());
        out.push(Line::from(d.trim().to_owned()));
    }
    out
}
