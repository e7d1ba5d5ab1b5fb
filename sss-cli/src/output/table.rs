//! Aligned columns that fit a width: the widest columns give way first, cut with `…`.

use std::io::{self, Write};

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::term::Style;

/// Writes a whole table at once: `headers` in bold, then `rows`, fitted to `width`; `right`
/// says which columns are right-aligned.
pub fn write_table<W: Write + ?Sized>(
    out: &mut W,
    headers: &[&str],
    right: &[bool],
    rows: &[Vec<String>],
    width: Option<usize>,
    style: Style,
) -> io::Result<()> {
    let layout = Layout::fit(headers, right, rows, width);
    let header: Vec<String> = headers.iter().map(|h| (*h).to_owned()).collect();
    layout.write_row(out, &header, true, style)?;
    for r in rows {
        layout.write_row(out, r, false, style)?;
    }
    Ok(())
}

/// Two spaces between columns.
const GAP: usize = 2;
/// No column shrinks below this many cells (or its header, if shorter).
const MIN_WIDTH: usize = 6;

/// The widths of a table's columns, fixed from the first rows so later pages (`--all`) line up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    /// The width of each column.
    pub widths: Vec<usize>,
    /// Which columns are right-aligned.
    pub right: Vec<bool>,
}

impl Layout {
    /// The layout of `headers` and `rows` within `max_width` (no limit when `None`).
    pub fn fit(
        headers: &[&str],
        right: &[bool],
        rows: &[Vec<String>],
        max_width: Option<usize>,
    ) -> Layout {
        let mut widths: Vec<usize> = headers.iter().map(|h| h.width()).collect();
        for row in rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(clean(cell).width());
            }
        }
        if let Some(max) = max_width {
            shrink(&mut widths, headers, max);
        }
        Layout {
            widths,
            right: right.to_vec(),
        }
    }

    /// Writes one row, cells cut or padded to the widths; the last column is not padded. A
    /// header row is written in bold when `style` allows.
    pub fn write_row<W: Write + ?Sized>(
        &self,
        out: &mut W,
        cells: &[String],
        header: bool,
        style: Style,
    ) -> io::Result<()> {
        let mut line = String::new();
        let last = self.widths.len().saturating_sub(1);
        for (i, width) in self.widths.iter().enumerate() {
            let cell = cut(&clean(cells.get(i).map_or("", String::as_str)), *width);
            let pad = width.saturating_sub(cell.width());
            let painted = if header {
                style.bold(&cell).into_owned()
            } else {
                cell.clone()
            };
            if i > 0 {
                line.push_str(&" ".repeat(GAP));
            }
            if self.right.get(i).copied().unwrap_or(false) {
                line.push_str(&" ".repeat(pad));
                line.push_str(&painted);
            } else {
                line.push_str(&painted);
                if i < last {
                    line.push_str(&" ".repeat(pad));
                }
            }
        }
        writeln!(out, "{}", line.trim_end())
    }
}

/// Narrows the widest columns until the row fits `max` (or every column is at its minimum).
fn shrink(widths: &mut [usize], headers: &[&str], max: usize) {
    let total = |w: &[usize]| w.iter().sum::<usize>() + GAP * w.len().saturating_sub(1);
    let floor: Vec<usize> = headers
        .iter()
        .zip(widths.iter())
        .map(|(h, w)| (*w).min(MIN_WIDTH.max(h.width())))
        .collect();
    while total(widths) > max {
        let widest = widths
            .iter()
            .enumerate()
            .filter(|(i, w)| **w > floor[*i])
            .max_by_key(|(i, w)| (**w, *i))
            .map(|(i, _)| i);
        let Some(i) = widest else { break };
        // Give way to the next-widest column at once, but no further than needed.
        let next = widths
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, w)| *w)
            .filter(|w| *w < widths[i])
            .max()
            .unwrap_or(0)
            .max(floor[i]);
        let excess = total(widths) - max;
        let step = (widths[i] - next).clamp(1, excess);
        widths[i] -= step;
    }
}

/// Control characters (newlines, tabs, escapes) become spaces: a cell is one line of text.
pub fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// `s` cut to `width` terminal cells, ending in `…` when cut.
pub fn cut(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(layout: &Layout, rows: &[Vec<String>]) -> String {
        let mut out = Vec::new();
        for row in rows {
            layout
                .write_row(&mut out, row, false, Style(false))
                .expect("writes");
        }
        String::from_utf8(out).expect("utf-8")
    }

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| (*c).to_owned()).collect()
    }

    #[test]
    fn aligns_and_keeps_within_the_width() {
        let rows = vec![
            row(&["1", "9.50", "A very long product name that goes on and on"]),
            row(&["22", "120.00", "Short"]),
        ];
        let layout = Layout::fit(
            &["ID", "PRICE", "NAME"],
            &[false, true, false],
            &rows,
            Some(30),
        );
        let text = render(&layout, &rows);
        for line in text.lines() {
            assert!(line.width() <= 30, "{line:?}");
        }
        assert_eq!(text, "1     9.50  A very long produ…\n22  120.00  Short\n");
        let wide = Layout::fit(&["ID", "PRICE", "NAME"], &[false, true, false], &rows, None);
        assert!(render(&wide, &rows).contains("goes on and on"));
    }

    #[test]
    fn cuts_by_display_width_and_cleans_control_characters() {
        assert_eq!(cut("abcdef", 4), "abc…");
        assert_eq!(cut("abc", 3), "abc");
        assert_eq!(cut("日本語です", 5), "日本…");
        assert_eq!(cut("x", 0), "");
        assert_eq!(clean("a\nb\tc\x1b[31m"), "a b c [31m");
    }

    #[test]
    fn a_tiny_width_stops_at_the_minimums() {
        let rows = vec![row(&["123456789", "abcdefghijkl"])];
        let layout = Layout::fit(&["ID", "NAME"], &[false, false], &rows, Some(3));
        assert_eq!(layout.widths, vec![6, 6]);
    }
}
