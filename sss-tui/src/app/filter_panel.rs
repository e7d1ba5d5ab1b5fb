//! The filter panel's actions: opening it, moving between facets and values, choosing a value
//! (which searches again and asks for fresh counts), clearing, and the counts' answers.

use sss_core::api::{ApiError, FacetsPage};

use super::{App, Popup};
use crate::action::{Action, Effect, Request};
use crate::filters::FACETS;

impl App {
    /// Applies one of the filter actions (the others never come here).
    pub(super) fn filter_action(&mut self, action: Action) {
        match action {
            Action::OpenFilters => self.open_filters(),
            Action::FilterFacet(delta) => self.panel.move_facet(delta, &self.query.filters),
            Action::FilterMove(delta) => self.panel.move_value(delta, &self.query.filters),
            Action::ToggleFilter => self.toggle_filter(),
            Action::ClickFacet(row) if row < FACETS.len() => {
                let delta = row as i32 - self.panel.facet as i32;
                self.panel.move_facet(delta, &self.query.filters);
            }
            Action::ClickValue(row) => {
                let len = self
                    .panel
                    .rows(self.panel.facet(), &self.query.filters)
                    .len();
                if row < len {
                    self.panel.values.select(Some(row));
                    self.toggle_filter();
                }
            }
            Action::ClearFilters => self.clear_filters(),
            Action::FacetsLoaded { generation, result } => self.facets_loaded(generation, *result),
            _ => {}
        }
    }

    fn open_filters(&mut self) {
        self.popup = Some(Popup::Filters);
        if self.panel.values.selected().is_none() {
            self.panel.move_value(0, &self.query.filters);
        }
        let current = Some(self.query.facet_params());
        if self.panel.asked != current || self.panel.error.is_some() {
            self.load_facets();
        }
    }

    fn toggle_filter(&mut self) {
        let facet = self.panel.facet();
        let Some(row) = self.panel.current(&self.query.filters) else {
            return;
        };
        self.query.filters.toggle(facet, &row.value);
        self.filters_changed();
    }

    fn clear_filters(&mut self) {
        if self.query.filters.is_empty() && !self.query.sale {
            self.notice("no filters to clear", false);
            return;
        }
        self.query.filters.clear();
        self.query.sale = false;
        self.filters_changed();
    }

    /// The filters changed: the search again from its first page, and (while the panel is
    /// open) fresh counts.
    fn filters_changed(&mut self) {
        self.new_search();
        if self.popup == Some(Popup::Filters) {
            self.load_facets();
        }
    }

    /// Asks for the counts of the current search; with nothing to search for, there are none.
    pub(super) fn load_facets(&mut self) {
        // Whatever was on its way is moot now.
        self.facets_generation += 1;
        if !self.query.is_searchable() {
            self.panel.page = None;
            self.panel.asked = None;
            self.panel.loading = false;
            self.panel.error = None;
            return;
        }
        let params = self.query.facet_params();
        self.panel.asked = Some(params.clone());
        self.panel.loading = true;
        self.effects.push(Effect::Fetch(Request::Facets {
            generation: self.facets_generation,
            params: Box::new(params),
            facets: FACETS.to_vec(),
        }));
    }

    fn facets_loaded(&mut self, generation: u64, result: Result<FacetsPage, ApiError>) {
        if generation != self.facets_generation {
            tracing::debug!(
                generation,
                latest = self.facets_generation,
                "stale facets answer dropped"
            );
            return;
        }
        match result {
            Ok(page) => {
                tracing::info!(
                    total = page.total,
                    cache = page.cache.status.header(),
                    "facets answered"
                );
                self.panel.answered(page, &self.query.filters);
            }
            Err(e) => {
                tracing::warn!(error = %e, "facets failed");
                self.panel.loading = false;
                self.panel.error = Some(e.to_string());
            }
        }
    }
}
