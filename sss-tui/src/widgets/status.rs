//! The status bar: category, text, sort, sale filter, the filters chosen, page x of y, total, cache status and the
//! request's time; or the spinner, the last error, a message.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use sss_core::domain::MAX_OFFSET;

use super::dim;
use crate::app::App;
use crate::format;

/// Draws the status bar.
pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let help = if area.width < 100 {
        " ? keys "
    } else {
        " f filters  ? keys "
    };
    let [left, right] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(help.len() as u16)])
            .areas(area);
    let base = Style::new().on_black();
    // Chosen filters take the room of the default sort and the long page figures.
    let compact = area.width < 100 || !app.query.filters.is_empty();
    frame.render_widget(
        Paragraph::new(Line::from(spans(app, compact))).style(base),
        left,
    );
    frame.render_widget(Paragraph::new(Span::styled(help, dim())).style(base), right);
}

/// The status line; `compact` leaves out the default sort and shortens the page figures.
fn spans(app: &App, compact: bool) -> Vec<Span<'static>> {
    let sep = || Span::styled(" │ ", dim());
    let mut out = vec![Span::styled(
        format!(" {}", app.category_name()),
        Style::new().bold(),
    )];
    if let Some(fts) = &app.query.fts {
        out.push(sep());
        out.push(Span::raw(format!("\"{fts}\"")));
    }
    if !compact || app.query.sort != Default::default() {
        out.push(sep());
        out.push(Span::raw(format!("sort: {}", app.query.sort)));
    }
    if app.query.sale {
        out.push(sep());
        out.push(Span::styled("sale only", Style::new().green()));
    }
    if let Some(filters) = app.query.filters.summary() {
        out.push(sep());
        out.push(Span::styled(filters, Style::new().green()));
    }

    if let Some(notice) = &app.notice {
        out.push(sep());
        let style = if notice.error {
            Style::new().red().bold()
        } else {
            Style::new().yellow()
        };
        out.push(Span::styled(notice.text.clone(), style));
        return out;
    }
    if app.results.loading {
        out.push(sep());
        out.push(Span::styled(
            format!("{} loading…", app.spinner()),
            Style::new().yellow(),
        ));
        return out;
    }
    if let Some(error) = &app.results.error {
        out.push(sep());
        out.push(Span::styled(
            format!("error: {error}"),
            Style::new().red().bold(),
        ));
        return out;
    }
    let Some(result) = &app.results.page else {
        return out;
    };
    let page = &result.page;
    let limit = page.limit.max(1);
    // Pages end at the API's depth cap: offset + limit stays within MAX_OFFSET.
    let pages = page
        .total
        .div_ceil(u64::from(limit))
        .min(u64::from(MAX_OFFSET / limit))
        .max(1);
    let current = u64::from(page.offset / limit) + 1;
    out.push(sep());
    let total = format::thousands(page.total);
    if compact {
        out.push(Span::raw(format!(
            "page {current}/{pages}, {total} products"
        )));
    } else {
        out.push(Span::raw(format!("page {current} of {pages}")));
        out.push(sep());
        let noun = if page.total == 1 {
            "product"
        } else {
            "products"
        };
        out.push(Span::raw(format!("{total} {noun}")));
    }
    out.push(sep());
    let cache = result
        .cache_status
        .clone()
        .unwrap_or_else(|| page.cache.status.header().to_owned());
    let cache_style = match cache.as_str() {
        "HIT" => Style::new().green().bold(),
        "MISS" => Style::new().magenta().bold(),
        _ => Style::new().yellow().bold(),
    };
    out.push(Span::styled(cache, cache_style));
    out.push(Span::raw(format!(" {}", format::elapsed(result.elapsed))));
    out
}
