//! The completions' actions: asking for them a short while after the text changed, their
//! answers (stale ones dropped), moving the highlight, and taking or applying one: a category
//! opens it, a brand searches with `brand=<id>` within the current category (through the
//! query's filters, as the filter panel would; with no category, within the root's, which holds
//! every product), a search runs that text.

use sss_core::api::{ApiError, FacetValue, SuggestPage};
use sss_core::domain::{Facet, Suggestion, SuggestionKind};

use super::App;
use crate::action::{Action, Effect, Pane, Request};
use crate::completions::{Completions, DEBOUNCE_TICKS, MAX_COMPLETIONS};

impl App {
    /// Applies one of the completion actions (the others never come here).
    pub(super) fn completion_action(&mut self, action: Action) {
        match action {
            Action::SuggestMove(delta) => self.completions.move_by(delta),
            Action::TakeSuggestion => self.take_suggestion(),
            Action::ApplySuggestion => {
                if let Some(suggestion) = self.completions.current().cloned() {
                    self.apply_suggestion(suggestion);
                }
            }
            Action::CloseSuggestions => self.completions.open = false,
            Action::ClickSuggestion(row) => {
                if let Some(suggestion) = self.completions.items.get(row).cloned() {
                    self.apply_suggestion(suggestion);
                }
            }
            Action::SuggestLoaded { generation, result } => {
                self.suggest_loaded(generation, *result);
            }
            _ => {}
        }
    }

    /// The search text changed: the highlight goes back to the text, the list shows again, and
    /// the new text is asked for after the debounce; empty text asks nothing and empties it.
    pub(super) fn text_changed(&mut self) {
        self.completions.selected = None;
        self.completions.open = true;
        if self.input.text.trim().is_empty() {
            self.reset_completions();
        } else {
            self.completions.due = Some(self.ticks + DEBOUNCE_TICKS);
        }
    }

    /// A clock tick: asks for the text once the debounce is over.
    pub(super) fn completions_tick(&mut self) {
        if self.completions.due.is_some_and(|due| self.ticks >= due) {
            self.completions.due = None;
            self.ask_completions();
        }
    }

    /// Empties the completions; an answer on its way is moot.
    pub(super) fn reset_completions(&mut self) {
        self.suggest_generation += 1;
        self.completions = Completions::default();
    }

    fn ask_completions(&mut self) {
        let text = self.input.text.trim().to_owned();
        if text.is_empty() || self.completions.asked.as_deref() == Some(text.as_str()) {
            return;
        }
        self.suggest_generation += 1;
        self.completions.asked = Some(text.clone());
        self.effects.push(Effect::Fetch(Request::Suggest {
            generation: self.suggest_generation,
            text,
            limit: MAX_COMPLETIONS as u32,
        }));
    }

    fn suggest_loaded(&mut self, generation: u64, result: Result<SuggestPage, ApiError>) {
        if generation != self.suggest_generation {
            tracing::debug!(
                generation,
                latest = self.suggest_generation,
                "stale suggest answer dropped"
            );
            return;
        }
        match result {
            Ok(page) => {
                tracing::debug!(
                    suggestions = page.suggestions.len(),
                    cache = page.cache.status.header(),
                    "suggest answered"
                );
                self.completions.answered(page.suggestions);
            }
            Err(e) => {
                tracing::warn!(error = %e, "suggest failed");
                self.completions.items.clear();
                self.completions.selected = None;
                self.completions.error = Some(e.to_string());
            }
        }
    }

    /// `Tab`: the highlighted completion (or the first) into the line, still highlighted, so
    /// `Enter` applies it.
    fn take_suggestion(&mut self) {
        if !self.completions.is_visible() {
            return;
        }
        let i = self.completions.selected.unwrap_or(0);
        let Some(text) = self.completions.items.get(i).map(|s| s.text.clone()) else {
            return;
        };
        self.input.set(&text);
        self.completions.selected = Some(i);
        // The line now reads as the list's own entry: nothing new to ask.
        self.completions.due = None;
    }

    /// Applies `suggestion` and stops editing.
    fn apply_suggestion(&mut self, suggestion: Suggestion) {
        self.input.editing = false;
        self.reset_completions();
        self.focus = Pane::Results;
        match (suggestion.kind, suggestion.id) {
            (SuggestionKind::Category, Some(id)) => {
                self.query.fts = None;
                self.input.set("");
                if self.tree.reveal(&id) {
                    self.tree.open(self.tree.cursor());
                }
                self.query.cat = Some(id);
            }
            (SuggestionKind::Brand, Some(id)) => {
                // The server needs a category or a text: with no category, the root's (all of
                // them); before the tree has come, the brand's name as the text.
                match self.tree.root() {
                    Some(root) if self.query.cat.is_none() => {
                        self.query.cat = Some(root.to_owned());
                        self.query.fts = None;
                    }
                    None if self.query.cat.is_none() => {
                        self.query.fts = Some(suggestion.text.clone());
                    }
                    _ => self.query.fts = None,
                }
                self.input
                    .set(self.query.fts.as_deref().unwrap_or_default());
                let brand = FacetValue {
                    id: Some(id),
                    name: suggestion.text,
                    min: None,
                    max: None,
                    count: suggestion.count,
                };
                self.query.filters.choose_only(Facet::Brand, &brand);
            }
            // A query, or a category or brand without an id: search for its text.
            _ => {
                self.input.set(&suggestion.text);
                self.query.fts = Some(suggestion.text);
            }
        }
        self.new_search();
    }
}
