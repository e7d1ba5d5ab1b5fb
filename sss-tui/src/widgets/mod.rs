//! One file per pane. Each `render` draws its pane into the area given and returns the area the
//! mouse can click in (empty when nothing there is clickable).

pub mod completions;
pub mod detail;
pub mod filters;
pub mod help;
pub mod results;
pub mod search;
pub mod sidebar;
pub mod status;

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The accent colour of the focused pane.
const ACCENT: Color = Color::Cyan;

/// A pane's frame: accented when it has the keys.
pub fn pane_block<'a>(title: impl Into<Line<'a>>, focused: bool) -> Block<'a> {
    let block = Block::bordered().title(title);
    if focused {
        block
            .border_type(BorderType::Thick)
            .border_style(Style::new().fg(ACCENT))
            .title_style(Style::new().fg(ACCENT).add_modifier(Modifier::BOLD))
    } else {
        block.border_style(Style::new().dark_gray())
    }
}

/// The style of the row under the cursor.
pub fn cursor_style(focused: bool) -> Style {
    if focused {
        Style::new().black().bg(ACCENT)
    } else {
        Style::new().bg(Color::DarkGray)
    }
}

/// Dim text: hints and placeholders.
pub fn dim() -> Style {
    Style::new().dark_gray()
}

/// `s` cut to `width` display columns, ending in `…` when cut.
pub fn truncate(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::truncate;

    #[test]
    fn truncates_by_display_width() {
        assert_eq!(truncate("Dresses", 10), "Dresses");
        assert_eq!(truncate("Women's Fashion", 8), "Women's…");
        assert_eq!(truncate("abc", 0), "");
    }
}
