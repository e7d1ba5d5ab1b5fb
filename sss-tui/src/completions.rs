//! The completions under the search line: what `GET /api/v1/suggest` offers for the text being
//! typed (categories, brands and searches, each with its count), and which one is highlighted.
//!
//! A request goes out [`DEBOUNCE_TICKS`] clock ticks after the last change of the text (none for
//! empty text), so a burst of keys asks once; each request has a generation and an answer that
//! is not the latest is dropped (`app/completions.rs`).

use sss_core::domain::{Suggestion, SuggestionKind};

/// The most completions shown.
pub const MAX_COMPLETIONS: usize = 8;

/// Clock ticks (of the runner's 100 ms) from the last change of the text to the request: a
/// request goes out 100 to 200 ms after the last key.
pub const DEBOUNCE_TICKS: u64 = 2;

/// What a suggestion is called on screen.
pub fn kind_label(kind: SuggestionKind) -> &'static str {
    match kind {
        SuggestionKind::Category => "category",
        SuggestionKind::Brand => "brand",
        SuggestionKind::Query => "search",
    }
}

/// The completions' state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Completions {
    /// The last answer's suggestions, best first (kept on screen while the next one loads).
    pub items: Vec<Suggestion>,
    /// The text the latest request asked for.
    pub asked: Option<String>,
    /// The highlighted suggestion (an index into `items`); none: the text typed stands.
    pub selected: Option<usize>,
    /// Whether the list is shown (`Esc` hides it until the next change or `↓`).
    pub open: bool,
    /// The clock tick from which the text changed last is asked for.
    pub due: Option<u64>,
    /// The last request failed with this message.
    pub error: Option<String>,
}

impl Completions {
    /// Whether the list is on screen.
    pub fn is_visible(&self) -> bool {
        self.open && (!self.items.is_empty() || self.error.is_some())
    }

    /// The highlighted suggestion.
    pub fn current(&self) -> Option<&Suggestion> {
        self.items.get(self.selected?)
    }

    /// Moves the highlight by `delta` (shows the list when hidden). Down from the text goes to
    /// the first, up from the first goes back to the text, up from the text to the last.
    pub fn move_by(&mut self, delta: i32) {
        self.open = true;
        let len = self.items.len();
        if len == 0 || delta == 0 {
            return;
        }
        self.selected = match self.selected {
            None if delta > 0 => Some((delta as usize - 1).min(len - 1)),
            None => Some(len.saturating_sub(delta.unsigned_abs() as usize)),
            Some(i) => {
                let target = i as i64 + i64::from(delta);
                if target < 0 {
                    None
                } else {
                    Some((target as usize).min(len - 1))
                }
            }
        };
    }

    /// Takes an answer: at most [`MAX_COMPLETIONS`], nothing highlighted.
    pub fn answered(&mut self, mut items: Vec<Suggestion>) {
        items.truncate(MAX_COMPLETIONS);
        self.items = items;
        self.selected = None;
        self.error = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(text: &str) -> Suggestion {
        Suggestion {
            kind: SuggestionKind::Query,
            text: text.into(),
            id: None,
            count: 1,
        }
    }

    #[test]
    fn the_highlight_moves_down_the_list_and_back_to_the_text() {
        let mut c = Completions::default();
        c.move_by(1);
        assert_eq!(c.selected, None, "nothing to highlight");
        c.answered(["a", "b", "c"].map(query).to_vec());
        c.move_by(1);
        assert_eq!(c.selected, Some(0));
        c.move_by(5);
        assert_eq!(c.selected, Some(2), "stops at the last");
        c.move_by(-1);
        c.move_by(-1);
        assert_eq!(c.current().map(|s| s.text.as_str()), Some("a"));
        c.move_by(-1);
        assert_eq!(c.selected, None, "up from the first: the text typed");
        c.move_by(-1);
        assert_eq!(c.selected, Some(2), "up from the text: the last");
    }

    #[test]
    fn at_most_eight_are_kept() {
        let mut c = Completions::default();
        let many: Vec<Suggestion> = (0..12).map(|i| query(&format!("q{i}"))).collect();
        c.answered(many);
        assert_eq!(c.items.len(), MAX_COMPLETIONS);
        assert!(!c.is_visible(), "shown only once opened by typing");
        c.open = true;
        assert!(c.is_visible());
    }
}
