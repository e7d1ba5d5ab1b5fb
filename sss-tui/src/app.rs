//! The app's state and its entry point: [`App::update`] applies an [`Action`] (which a terminal
//! event asks for is [`crate::keys::action_for`]'s call). Requests are not sent here: they are
//! queued as [`Effect`]s that the runner takes with [`App::take_effects`], so tests drive the
//! app with keys and inspect what it asked for, without a terminal or a server. The filter
//! panel's actions are applied in `app/filter_panel.rs`, the completions' in
//! `app/completions.rs`.

mod completions;
mod filter_panel;

use ratatui::layout::Rect;
use ratatui::widgets::{ListState, TableState};
use sss_core::api::{ApiError, CategoryList, SearchParams, SearchResult};
use sss_core::domain::{MAX_OFFSET, Product, Sort};

use crate::action::{Action, Effect, Pane, Request};
use crate::completions::Completions;
use crate::filters::{Filters, Panel};
use crate::format;
pub use crate::input::Input;
use crate::tree::Tree;

/// What the app searches for. The server needs a category or a text.
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    /// The category id.
    pub cat: Option<String>,
    /// The search text.
    pub fts: Option<String>,
    /// The order.
    pub sort: Sort,
    /// Only products on sale.
    pub sale: bool,
    /// The brands, colours, sizes, retailers, price band and discount chosen.
    pub filters: Filters,
    /// The first product's position.
    pub offset: u32,
    /// Products per page.
    pub limit: u32,
}

impl Query {
    /// Whether there is something to search for.
    pub fn is_searchable(&self) -> bool {
        self.cat.is_some() || self.fts.is_some()
    }

    /// The API parameters (defaults left out), the filters included.
    pub fn params(&self) -> SearchParams {
        let mut params = SearchParams {
            cat: self.cat.clone(),
            fts: self.fts.clone(),
            sort: (self.sort != Sort::Relevance).then_some(self.sort),
            offset: (self.offset > 0).then_some(self.offset),
            limit: Some(self.limit),
            sale: self.sale.then_some(true),
            ..SearchParams::default()
        };
        self.filters.apply(&mut params);
        params
    }

    /// The parameters of the search's facet counts: [`params`](Self::params) less the page
    /// (offset, limit and sort do not change the counts).
    pub fn facet_params(&self) -> SearchParams {
        SearchParams {
            sort: None,
            offset: None,
            limit: None,
            ..self.params()
        }
    }
}

/// Where the category tree stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CategoriesState {
    /// Asked, no answer yet.
    Loading,
    /// In [`App::tree`].
    Loaded,
    /// The request failed with this message.
    Failed(String),
}

/// The results pane's state.
#[derive(Debug, Default)]
pub struct Results {
    /// The last page received (kept on screen while the next one loads).
    pub page: Option<SearchResult>,
    /// A search is on its way.
    pub loading: bool,
    /// The last search failed with this message.
    pub error: Option<String>,
    /// The table's selection and scroll position.
    pub table: TableState,
}

impl Results {
    /// The products on screen.
    pub fn products(&self) -> &[Product] {
        self.page.as_ref().map_or(&[], |p| p.products())
    }

    /// The selected product.
    pub fn selected(&self) -> Option<&Product> {
        self.table.selected().and_then(|i| self.products().get(i))
    }
}

/// A popup over the panes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Popup {
    /// The keys.
    Help,
    /// The filter panel: facets and their values with counts.
    Filters,
}

/// A message in the status bar until the next key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// The text.
    pub text: String,
    /// Shown as an error.
    pub error: bool,
}

/// Where the panes were drawn last, for the mouse. Hidden panes are empty.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Areas {
    /// The search input.
    pub search: Rect,
    /// The completions' rows under the search input (empty when hidden).
    pub completions: Rect,
    /// The sidebar's rows.
    pub sidebar: Rect,
    /// The results table's rows (below its header).
    pub results: Rect,
    /// The detail pane.
    pub detail: Rect,
    /// The filter panel (empty when closed).
    pub popup: Rect,
    /// The filter panel's facets, one a row.
    pub facets: Rect,
    /// The filter panel's values, one a row.
    pub values: Rect,
}

/// How `y` copies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clipboard {
    /// Through the terminal's OSC 52 escape.
    Osc52,
    /// Not at all: the URL is shown.
    None,
}

/// The whole state of the app.
#[derive(Debug)]
pub struct App {
    /// The pane that has the keys.
    pub focus: Pane,
    /// The popup shown, if any.
    pub popup: Option<Popup>,
    /// The category tree.
    pub tree: Tree,
    /// Where the tree stands.
    pub categories: CategoriesState,
    /// The sidebar's scroll position.
    pub sidebar: ListState,
    /// What is searched for.
    pub query: Query,
    /// The search input.
    pub input: Input,
    /// The completions under the search input while it is edited.
    pub completions: Completions,
    /// The results.
    pub results: Results,
    /// The filter panel's counts and cursor.
    pub panel: Panel,
    /// How far the detail pane is scrolled.
    pub detail_scroll: u16,
    /// A message for the status bar.
    pub notice: Option<Notice>,
    /// Clock ticks seen (the spinner's frame).
    pub ticks: u64,
    /// Where the panes were drawn.
    pub areas: Areas,
    /// How `y` copies.
    pub clipboard: Clipboard,
    /// The generation of the latest categories request.
    pub categories_generation: u64,
    /// The generation of the latest search.
    pub search_generation: u64,
    /// The generation of the latest facets request.
    pub facets_generation: u64,
    /// The generation of the latest suggest request.
    pub suggest_generation: u64,
    /// Set by [`Action::Quit`].
    pub should_quit: bool,
    /// Whether the screen needs drawing.
    pub dirty: bool,
    effects: Vec<Effect>,
}

impl App {
    /// An app that will search `query` (nothing is asked until [`start`](Self::start)).
    pub fn new(query: Query, clipboard: Clipboard) -> App {
        let mut input = Input::default();
        input.set(query.fts.as_deref().unwrap_or_default());
        App {
            focus: Pane::Sidebar,
            popup: None,
            tree: Tree::default(),
            categories: CategoriesState::Loading,
            sidebar: ListState::default(),
            query,
            input,
            completions: Completions::default(),
            results: Results::default(),
            panel: Panel::default(),
            detail_scroll: 0,
            notice: None,
            ticks: 0,
            areas: Areas::default(),
            clipboard,
            categories_generation: 0,
            search_generation: 0,
            facets_generation: 0,
            suggest_generation: 0,
            should_quit: false,
            dirty: true,
            effects: Vec::new(),
        }
    }

    /// Asks for the categories, and the first search when the query has something.
    pub fn start(&mut self) {
        self.load_categories();
        if self.query.is_searchable() {
            if self.query.cat.is_none() {
                self.focus = Pane::Results;
            }
            self.search();
        }
    }

    /// The effects queued since the last call.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// Whether anything is on its way from the server.
    pub fn is_loading(&self) -> bool {
        self.results.loading || self.panel.loading || self.categories == CategoriesState::Loading
    }

    /// Applies an action.
    pub fn update(&mut self, action: Action) {
        if matches!(action, Action::Tick) {
            self.ticks = self.ticks.wrapping_add(1);
            self.dirty |= self.is_loading();
            self.completions_tick();
            return;
        }
        self.dirty = true;
        let is_answer = matches!(
            action,
            Action::CategoriesLoaded { .. }
                | Action::SearchLoaded { .. }
                | Action::FacetsLoaded { .. }
                | Action::SuggestLoaded { .. }
                | Action::Resize(..)
        );
        if !is_answer {
            // A key or click: the last message has been seen.
            self.notice = None;
        }
        match action {
            Action::Quit => self.should_quit = true,
            Action::ToggleHelp => {
                self.popup = match self.popup {
                    Some(_) => None,
                    None => Some(Popup::Help),
                }
            }
            Action::ClosePopup => self.popup = None,
            Action::Focus(pane) => self.focus = pane,
            Action::FocusNext => self.focus = self.focus.next(),
            Action::FocusPrevious => self.focus = self.focus.previous(),
            Action::Move(delta) => self.move_in(self.focus, delta),
            Action::First => self.move_in(self.focus, i32::MIN / 2),
            Action::Last => self.move_in(self.focus, i32::MAX / 2),
            Action::Scroll(pane, delta) => self.move_in(pane, delta),
            Action::Click(pane, row) => self.click(pane, row),
            Action::Expand => {
                self.tree.expand();
            }
            Action::Collapse => {
                self.tree.collapse();
            }
            Action::Activate => self.activate(),
            Action::AllCategories => {
                // Filters alone need a category: the root's, which is all of them.
                self.query.cat = match &self.query.fts {
                    None if !self.query.filters.is_empty() => self.tree.root().map(str::to_owned),
                    _ => None,
                };
                self.new_search();
            }
            Action::StartSearch => {
                if !self.input.editing {
                    self.reset_completions();
                }
                self.input.editing = true;
                self.input.cursor = self.input.text.chars().count();
            }
            Action::Edit(edit) => {
                let before = self.input.text.clone();
                self.input.edit(edit);
                if self.input.text != before {
                    self.text_changed();
                }
            }
            Action::SubmitSearch => {
                self.input.editing = false;
                self.reset_completions();
                let text = self.input.text.trim().to_owned();
                self.input.set(&text);
                self.query.fts = (!text.is_empty()).then_some(text);
                self.focus = Pane::Results;
                self.new_search();
            }
            Action::CancelSearch => {
                self.input.editing = false;
                self.reset_completions();
                let committed = self.query.fts.clone().unwrap_or_default();
                self.input.set(&committed);
            }
            Action::CycleSort => {
                let i = Sort::ALL
                    .iter()
                    .position(|s| *s == self.query.sort)
                    .unwrap_or(0);
                self.query.sort = Sort::ALL[(i + 1) % Sort::ALL.len()];
                self.new_search();
            }
            Action::ToggleSale => {
                self.query.sale = !self.query.sale;
                self.new_search();
            }
            Action::OpenFilters
            | Action::FilterFacet(_)
            | Action::FilterMove(_)
            | Action::ToggleFilter
            | Action::ClickFacet(_)
            | Action::ClickValue(_)
            | Action::ClearFilters
            | Action::FacetsLoaded { .. } => self.filter_action(action),
            Action::SuggestMove(_)
            | Action::TakeSuggestion
            | Action::ApplySuggestion
            | Action::CloseSuggestions
            | Action::ClickSuggestion(_)
            | Action::SuggestLoaded { .. } => self.completion_action(action),
            Action::NextPage => self.next_page(),
            Action::PreviousPage => self.previous_page(),
            Action::Refresh => {
                if matches!(self.categories, CategoriesState::Failed(_)) {
                    self.load_categories();
                }
                if self.popup == Some(Popup::Filters) {
                    self.load_facets();
                }
                self.search();
            }
            Action::CopyUrl => self.copy_url(),
            Action::Tick => {}
            Action::Resize(..) => {}
            Action::CategoriesLoaded { generation, result } => {
                self.categories_loaded(generation, result);
            }
            Action::SearchLoaded { generation, result } => self.search_loaded(generation, *result),
        }
    }

    fn move_in(&mut self, pane: Pane, delta: i32) {
        match pane {
            Pane::Sidebar => self.tree.move_by(delta),
            Pane::Results => {
                let len = self.results.products().len();
                if len == 0 {
                    return;
                }
                let current = self.results.table.selected().unwrap_or(0);
                let target = i64::try_from(current).unwrap_or(0) + i64::from(delta);
                let target = usize::try_from(target.max(0)).unwrap_or(0).min(len - 1);
                if Some(target) != self.results.table.selected() {
                    self.results.table.select(Some(target));
                    self.detail_scroll = 0;
                }
            }
            Pane::Detail => {
                let target = i64::from(self.detail_scroll) + i64::from(delta);
                self.detail_scroll = u16::try_from(target.clamp(0, 500)).unwrap_or(0);
            }
        }
    }

    fn click(&mut self, pane: Pane, row: usize) {
        self.focus = pane;
        match pane {
            Pane::Sidebar if row < self.tree.len() => {
                self.tree.set_cursor(row);
                self.activate();
            }
            Pane::Results
                if row < self.results.products().len()
                    && self.results.table.selected() != Some(row) =>
            {
                self.results.table.select(Some(row));
                self.detail_scroll = 0;
            }
            _ => {}
        }
    }

    fn activate(&mut self) {
        match self.focus {
            Pane::Sidebar => {
                let Some(id) = self.tree.current().map(|n| n.id.clone()) else {
                    return;
                };
                self.tree.open(self.tree.cursor());
                self.query.cat = Some(id);
                self.new_search();
            }
            Pane::Results => {
                if self.results.selected().is_some() {
                    self.focus = Pane::Detail;
                }
            }
            Pane::Detail => self.focus = Pane::Results,
        }
    }

    fn next_page(&mut self) {
        let next = self
            .results
            .page
            .as_ref()
            .and_then(SearchResult::next_offset);
        match next {
            // The API serves no product past MAX_OFFSET (offset + limit).
            Some(offset) if offset + self.query.limit > MAX_OFFSET => self.notice(
                &format!("the server shows at most the first {MAX_OFFSET} products"),
                false,
            ),
            Some(offset) => {
                self.query.offset = offset;
                self.search();
            }
            None => self.notice("this is the last page", false),
        }
    }

    fn previous_page(&mut self) {
        if self.query.offset == 0 {
            self.notice("this is the first page", false);
            return;
        }
        self.query.offset = self.query.offset.saturating_sub(self.query.limit);
        self.search();
    }

    fn copy_url(&mut self) {
        let Some(product) = self.results.selected() else {
            self.notice("no product selected", false);
            return;
        };
        let Some(url) = format::url(product).map(str::to_owned) else {
            self.notice("this product has no URL", false);
            return;
        };
        match self.clipboard {
            Clipboard::Osc52 => {
                self.effects.push(Effect::Copy(url.clone()));
                self.notice(&format!("sent to the clipboard (OSC 52): {url}"), false);
            }
            Clipboard::None => self.notice(&format!("URL: {url}"), false),
        }
    }

    fn notice(&mut self, text: &str, error: bool) {
        self.notice = Some(Notice {
            text: text.to_owned(),
            error,
        });
    }

    fn load_categories(&mut self) {
        self.categories_generation += 1;
        self.categories = CategoriesState::Loading;
        self.effects.push(Effect::Fetch(Request::Categories {
            generation: self.categories_generation,
        }));
    }

    /// A search from the first page.
    fn new_search(&mut self) {
        self.query.offset = 0;
        self.search();
    }

    /// Asks for the current query; with nothing to search for, clears the results.
    fn search(&mut self) {
        // Whatever was on its way is moot now.
        self.search_generation += 1;
        if !self.query.is_searchable() {
            self.results.loading = false;
            self.results.page = None;
            self.results.error = None;
            self.results.table.select(None);
            return;
        }
        self.results.loading = true;
        self.effects.push(Effect::Fetch(Request::Search {
            generation: self.search_generation,
            params: Box::new(self.query.params()),
        }));
    }

    fn categories_loaded(&mut self, generation: u64, result: Result<CategoryList, ApiError>) {
        if generation != self.categories_generation {
            tracing::debug!(generation, "stale categories answer dropped");
            return;
        }
        match result {
            Ok(list) => {
                self.tree = Tree::from_list(&list);
                self.categories = CategoriesState::Loaded;
                if let Some(cat) = self.query.cat.clone()
                    && !self.tree.reveal(&cat)
                {
                    let close = list.similar(&cat, 3).join(", ");
                    self.notice(
                        &format!("no category {cat:?} in the tree (close: {close})"),
                        true,
                    );
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "categories failed");
                self.categories = CategoriesState::Failed(e.to_string());
            }
        }
    }

    fn search_loaded(&mut self, generation: u64, result: Result<SearchResult, ApiError>) {
        if generation != self.search_generation {
            tracing::debug!(
                generation,
                latest = self.search_generation,
                "stale search answer dropped"
            );
            return;
        }
        self.results.loading = false;
        match result {
            Ok(page) => {
                tracing::info!(
                    total = page.page.total,
                    cache = page.cache_status.as_deref().unwrap_or("-"),
                    elapsed_ms = page.elapsed.as_millis() as u64,
                    "search answered"
                );
                let selected = (!page.products().is_empty()).then_some(0);
                self.results.page = Some(page);
                self.results.error = None;
                self.results.table = TableState::default().with_selected(selected);
                self.detail_scroll = 0;
            }
            Err(e) => {
                tracing::warn!(error = %e, "search failed");
                self.results.error = Some(e.to_string());
                self.results.page = None;
                self.results.table = TableState::default();
            }
        }
    }

    /// The category searched, if any: the root (which a search of a brand alone goes to, the
    /// server needing a category or a text) is every category.
    pub fn category(&self) -> Option<&str> {
        self.query
            .cat
            .as_deref()
            .filter(|id| Some(*id) != self.tree.root())
    }

    /// The name of the current category, or "All categories".
    pub fn category_name(&self) -> &str {
        match self.category() {
            Some(id) => self.tree.name(id),
            None => "All categories",
        }
    }

    /// The spinner's current frame.
    pub fn spinner(&self) -> char {
        const FRAMES: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
        FRAMES[(self.ticks % FRAMES.len() as u64) as usize]
    }
}
