//! Everything that changes the app's state is an [`Action`]: what a key or the mouse asked for,
//! a tick of the clock, or an answer from the server. What the app asks of the outside world
//! (a request, a copy to the clipboard) is an [`Effect`].

use sss_core::api::{ApiError, CategoryList, FacetsPage, SearchParams, SearchResult, SuggestPage};
use sss_core::domain::Facet;

/// One of the panes that take the keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    /// The category tree on the left.
    Sidebar,
    /// The results table.
    Results,
    /// The selected product.
    Detail,
}

impl Pane {
    /// The pane `Tab` moves to.
    pub fn next(self) -> Pane {
        match self {
            Pane::Sidebar => Pane::Results,
            Pane::Results => Pane::Detail,
            Pane::Detail => Pane::Sidebar,
        }
    }

    /// The pane `Shift-Tab` moves to.
    pub fn previous(self) -> Pane {
        match self {
            Pane::Sidebar => Pane::Detail,
            Pane::Results => Pane::Sidebar,
            Pane::Detail => Pane::Results,
        }
    }
}

/// An edit of the search input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Type a character at the cursor.
    Insert(char),
    /// Delete the character before the cursor.
    Backspace,
    /// Delete the character under the cursor.
    Delete,
    /// Delete the word before the cursor.
    DeleteWord,
    /// Delete everything.
    Clear,
    /// Move the cursor one character left.
    Left,
    /// Move the cursor one character right.
    Right,
    /// Move the cursor to the start.
    Home,
    /// Move the cursor to the end.
    End,
}

/// A change of state.
#[derive(Debug)]
pub enum Action {
    /// Leave the app.
    Quit,
    /// Show or hide the keys.
    ToggleHelp,
    /// Close the popup that is open.
    ClosePopup,
    /// Give the keys to a pane.
    Focus(Pane),
    /// Give the keys to the next pane.
    FocusNext,
    /// Give the keys to the previous pane.
    FocusPrevious,
    /// Move the cursor of the focused pane by this many rows (negative: up).
    Move(i32),
    /// Move the cursor of the focused pane to its first row.
    First,
    /// Move the cursor of the focused pane to its last row.
    Last,
    /// Scroll a pane by this many rows (the mouse wheel).
    Scroll(Pane, i32),
    /// Select row `usize` of a pane (a click): a category is opened, a product shown.
    Click(Pane, usize),
    /// Expand the category under the cursor (or go to its first child).
    Expand,
    /// Collapse the category under the cursor (or go to its parent).
    Collapse,
    /// `Enter`: open the category under the cursor, or show the selected product.
    Activate,
    /// Search every category (keep the text).
    AllCategories,
    /// Start editing the search text.
    StartSearch,
    /// Edit the search text.
    Edit(Edit),
    /// Search for the text typed.
    SubmitSearch,
    /// Stop editing and put the text back as it was.
    CancelSearch,
    /// While typing: move the completions' highlight by this many (negative: up).
    SuggestMove(i32),
    /// While typing: put the highlighted completion (or the first) in the search line.
    TakeSuggestion,
    /// While typing: apply the highlighted completion (a category opens, a brand is chosen, a
    /// search runs).
    ApplySuggestion,
    /// While typing: hide the completions.
    CloseSuggestions,
    /// While typing: apply completion `usize` (a click).
    ClickSuggestion(usize),
    /// The next sort order.
    CycleSort,
    /// Only products on sale, or all.
    ToggleSale,
    /// Open the filter panel.
    OpenFilters,
    /// In the filter panel: move to the facet this many away (negative: back).
    FilterFacet(i32),
    /// In the filter panel: move the cursor by this many values (negative: up).
    FilterMove(i32),
    /// In the filter panel: choose the value under the cursor, or un-choose it.
    ToggleFilter,
    /// In the filter panel: select row `usize` of the facets list (a click).
    ClickFacet(usize),
    /// In the filter panel: toggle value `usize` of the facet shown (a click).
    ClickValue(usize),
    /// Drop every filter (and sale only).
    ClearFilters,
    /// The next page.
    NextPage,
    /// The previous page.
    PreviousPage,
    /// Ask again (categories too when they failed).
    Refresh,
    /// Copy the selected product's URL.
    CopyUrl,
    /// The clock: moves the spinner.
    Tick,
    /// The terminal changed size.
    Resize(u16, u16),
    /// The answer to [`Request::Categories`].
    CategoriesLoaded {
        /// The request's generation.
        generation: u64,
        /// The answer.
        result: Result<CategoryList, ApiError>,
    },
    /// The answer to [`Request::Search`].
    SearchLoaded {
        /// The request's generation.
        generation: u64,
        /// The answer.
        result: Box<Result<SearchResult, ApiError>>,
    },
    /// The answer to [`Request::Facets`].
    FacetsLoaded {
        /// The request's generation.
        generation: u64,
        /// The answer.
        result: Box<Result<FacetsPage, ApiError>>,
    },
    /// The answer to [`Request::Suggest`].
    SuggestLoaded {
        /// The request's generation.
        generation: u64,
        /// The answer.
        result: Box<Result<SuggestPage, ApiError>>,
    },
}

/// A request to the server. The answer comes back as an [`Action`] with the same generation;
/// an answer whose generation is no longer the latest is dropped.
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    /// `GET /api/v1/categories`.
    Categories {
        /// Counts up with each categories request.
        generation: u64,
    },
    /// `GET /api/v1/products`.
    Search {
        /// Counts up with each search request.
        generation: u64,
        /// The query (boxed: it is much larger than the other requests).
        params: Box<SearchParams>,
    },
    /// `GET /api/v1/facets`: the counts of the search's filter values.
    Facets {
        /// Counts up with each facets request.
        generation: u64,
        /// The search (its page fields are not sent).
        params: Box<SearchParams>,
        /// The facets to count.
        facets: Vec<Facet>,
    },
    /// `GET /api/v1/suggest`: completions for the text being typed.
    Suggest {
        /// Counts up with each suggest request.
        generation: u64,
        /// The text typed (trimmed, never empty).
        text: String,
        /// How many to ask for.
        limit: u32,
    },
}

/// What the app asks of the outside world.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Send a request; a newer search (facets, suggest request) makes an older one moot.
    Fetch(Request),
    /// Put this text on the terminal's clipboard (OSC 52).
    Copy(String),
}
