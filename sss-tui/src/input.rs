//! The search input: a line of text with a cursor, edited one [`Edit`] at a time.

use crate::action::Edit;

/// The search input.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Input {
    /// The text typed.
    pub text: String,
    /// The cursor, in characters.
    pub cursor: usize,
    /// Whether keys go to the input.
    pub editing: bool,
}

impl Input {
    fn byte_at(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }

    fn len(&self) -> usize {
        self.text.chars().count()
    }

    /// Applies one edit.
    pub fn edit(&mut self, edit: Edit) {
        match edit {
            Edit::Insert(c) => {
                let at = self.byte_at(self.cursor);
                self.text.insert(at, c);
                self.cursor += 1;
            }
            Edit::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                let at = self.byte_at(self.cursor);
                self.text.remove(at);
            }
            Edit::Delete if self.cursor < self.len() => {
                let at = self.byte_at(self.cursor);
                self.text.remove(at);
            }
            Edit::DeleteWord => {
                let chars: Vec<char> = self.text.chars().collect();
                let mut start = self.cursor;
                while start > 0 && chars[start - 1].is_whitespace() {
                    start -= 1;
                }
                while start > 0 && !chars[start - 1].is_whitespace() {
                    start -= 1;
                }
                let (from, to) = (self.byte_at(start), self.byte_at(self.cursor));
                self.text.replace_range(from..to, "");
                self.cursor = start;
            }
            Edit::Clear => {
                self.text.clear();
                self.cursor = 0;
            }
            Edit::Left => self.cursor = self.cursor.saturating_sub(1),
            Edit::Right => self.cursor = (self.cursor + 1).min(self.len()),
            Edit::Home => self.cursor = 0,
            Edit::End => self.cursor = self.len(),
            Edit::Backspace | Edit::Delete => {}
        }
    }

    /// Replaces the text; the cursor goes to its end.
    pub fn set(&mut self, text: &str) {
        self.text = text.to_owned();
        self.cursor = self.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_at_the_cursor_by_characters() {
        let mut input = Input::default();
        for c in "blé jeans".chars() {
            input.edit(Edit::Insert(c));
        }
        input.edit(Edit::DeleteWord);
        assert_eq!((input.text.as_str(), input.cursor), ("blé ", 4));
        input.edit(Edit::Left);
        input.edit(Edit::Left);
        input.edit(Edit::Backspace);
        assert_eq!(input.text, "bé ");
        input.edit(Edit::Delete);
        assert_eq!((input.text.as_str(), input.cursor), ("b ", 1));
        input.edit(Edit::Home);
        input.edit(Edit::Backspace);
        input.edit(Edit::Insert('a'));
        input.edit(Edit::End);
        input.edit(Edit::Right);
        assert_eq!((input.text.as_str(), input.cursor), ("ab ", 3));
        input.edit(Edit::Clear);
        assert_eq!(input, Input::default());
    }
}
