//! Which [`Action`] a key, a click or the wheel asks for, given the app's state (the focused
//! pane, an open popup, whether the search input is being edited).

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Position, Rect};

use crate::action::{Action, Edit, Pane};
use crate::app::{App, Popup};

/// The action for `event`, if any.
pub fn action_for(app: &App, event: &Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => key_action(app, key),
        Event::Mouse(mouse) => mouse_action(app, mouse),
        Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
        _ => None,
    }
}

fn key_action(app: &App, key: &KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && key.code == KeyCode::Char('c') {
        return Some(Action::Quit);
    }
    match app.popup {
        Some(Popup::Filters) => return filter_action(key),
        // Any key closes the help.
        Some(Popup::Help) => return Some(Action::ClosePopup),
        None => {}
    }
    if app.input.editing {
        return edit_action(app, key, ctrl);
    }
    let action = match key.code {
        KeyCode::Char('q') | KeyCode::Esc => Action::Quit,
        KeyCode::Char('?') => Action::ToggleHelp,
        KeyCode::Tab => Action::FocusNext,
        KeyCode::BackTab => Action::FocusPrevious,
        KeyCode::Char('/') => Action::StartSearch,
        KeyCode::Char('s') => Action::CycleSort,
        KeyCode::Char('f') => Action::OpenFilters,
        KeyCode::Char('o') => Action::ToggleSale,
        KeyCode::Char('x') => Action::ClearFilters,
        KeyCode::Char('n') | KeyCode::PageDown => Action::NextPage,
        KeyCode::Char('p') | KeyCode::PageUp => Action::PreviousPage,
        KeyCode::Char('r') => Action::Refresh,
        KeyCode::Char('y') => Action::CopyUrl,
        KeyCode::Char('a') => Action::AllCategories,
        KeyCode::Down | KeyCode::Char('j') => Action::Move(1),
        KeyCode::Up | KeyCode::Char('k') => Action::Move(-1),
        KeyCode::Home | KeyCode::Char('g') => Action::First,
        KeyCode::End | KeyCode::Char('G') => Action::Last,
        KeyCode::Right | KeyCode::Char('l') => match app.focus {
            Pane::Sidebar => match app.tree.current() {
                Some(node) if !node.children.is_empty() => Action::Expand,
                _ => Action::Focus(Pane::Results),
            },
            Pane::Results => Action::Focus(Pane::Detail),
            Pane::Detail => return None,
        },
        KeyCode::Left | KeyCode::Char('h') => match app.focus {
            Pane::Sidebar => Action::Collapse,
            Pane::Results => Action::Focus(Pane::Sidebar),
            Pane::Detail => Action::Focus(Pane::Results),
        },
        KeyCode::Enter => Action::Activate,
        _ => return None,
    };
    Some(action)
}

/// The keys of the filter panel: ↑ ↓ (k j) move between values, ← → (h l, Tab) between
/// facets, space chooses, `x` clears, Enter or Esc closes.
fn filter_action(key: &KeyEvent) -> Option<Action> {
    let action = match key.code {
        KeyCode::Enter | KeyCode::Esc | KeyCode::Char('f' | 'q') => Action::ClosePopup,
        KeyCode::Char(' ') => Action::ToggleFilter,
        KeyCode::Char('x') => Action::ClearFilters,
        KeyCode::Char('r') => Action::Refresh,
        KeyCode::Down | KeyCode::Char('j') => Action::FilterMove(1),
        KeyCode::Up | KeyCode::Char('k') => Action::FilterMove(-1),
        KeyCode::PageDown => Action::FilterMove(10),
        KeyCode::PageUp => Action::FilterMove(-10),
        KeyCode::Home | KeyCode::Char('g') => Action::FilterMove(i32::MIN / 2),
        KeyCode::End | KeyCode::Char('G') => Action::FilterMove(i32::MAX / 2),
        KeyCode::Right | KeyCode::Char('l') | KeyCode::Tab => Action::FilterFacet(1),
        KeyCode::Left | KeyCode::Char('h') | KeyCode::BackTab => Action::FilterFacet(-1),
        _ => return None,
    };
    Some(action)
}

/// The keys of the search line. With completions shown, `↑ ↓` move through them, `Tab` takes
/// one into the line, `Enter` applies the highlighted one and `Esc` hides them first.
fn edit_action(app: &App, key: &KeyEvent, ctrl: bool) -> Option<Action> {
    let completions = &app.completions;
    let listed = completions.is_visible();
    let edit = match key.code {
        KeyCode::Enter if listed && completions.selected.is_some() => {
            return Some(Action::ApplySuggestion);
        }
        KeyCode::Enter => return Some(Action::SubmitSearch),
        KeyCode::Esc if listed => return Some(Action::CloseSuggestions),
        KeyCode::Esc => return Some(Action::CancelSearch),
        KeyCode::Down if !completions.items.is_empty() => return Some(Action::SuggestMove(1)),
        KeyCode::Up if listed => return Some(Action::SuggestMove(-1)),
        KeyCode::Tab if listed => return Some(Action::TakeSuggestion),
        KeyCode::Char('u') if ctrl => Edit::Clear,
        KeyCode::Char('w') if ctrl => Edit::DeleteWord,
        KeyCode::Char('a') if ctrl => Edit::Home,
        KeyCode::Char('e') if ctrl => Edit::End,
        KeyCode::Char(_) if ctrl || key.modifiers.contains(KeyModifiers::ALT) => return None,
        KeyCode::Char(c) => Edit::Insert(c),
        KeyCode::Backspace => Edit::Backspace,
        KeyCode::Delete => Edit::Delete,
        KeyCode::Left => Edit::Left,
        KeyCode::Right => Edit::Right,
        KeyCode::Home => Edit::Home,
        KeyCode::End => Edit::End,
        _ => return None,
    };
    Some(Action::Edit(edit))
}

fn mouse_action(app: &App, mouse: &MouseEvent) -> Option<Action> {
    let at = Position::new(mouse.column, mouse.row);
    let areas = &app.areas;
    let pane_at = || {
        [
            (areas.sidebar, Pane::Sidebar),
            (areas.results, Pane::Results),
            (areas.detail, Pane::Detail),
        ]
        .into_iter()
        .find(|(area, _)| area.contains(at))
    };
    match mouse.kind {
        MouseEventKind::Down(MouseButton::Left) => {
            if app.popup == Some(Popup::Filters) {
                return filter_click(app, at);
            }
            if app.popup.is_some() {
                return Some(Action::ClosePopup);
            }
            if areas.completions.contains(at) {
                return Some(Action::ClickSuggestion(row_in(areas.completions, at, 0)));
            }
            if areas.search.contains(at) {
                return Some(Action::StartSearch);
            }
            if app.input.editing {
                return Some(Action::CancelSearch);
            }
            let (area, pane) = pane_at()?;
            let offset = match pane {
                Pane::Sidebar => app.sidebar.offset(),
                Pane::Results => app.results.table.offset(),
                Pane::Detail => return Some(Action::Focus(Pane::Detail)),
            };
            Some(Action::Click(pane, row_in(area, at, offset)))
        }
        MouseEventKind::ScrollDown | MouseEventKind::ScrollUp if areas.completions.contains(at) => {
            let down = mouse.kind == MouseEventKind::ScrollDown;
            Some(Action::SuggestMove(if down { 1 } else { -1 }))
        }
        MouseEventKind::ScrollDown | MouseEventKind::ScrollUp
            if app.popup == Some(Popup::Filters) =>
        {
            let down = mouse.kind == MouseEventKind::ScrollDown;
            Some(Action::FilterMove(if down { 1 } else { -1 }))
        }
        MouseEventKind::ScrollDown | MouseEventKind::ScrollUp if app.popup.is_none() => {
            let (_, pane) = pane_at()?;
            let step = if pane == Pane::Detail { 3 } else { 1 };
            let down = mouse.kind == MouseEventKind::ScrollDown;
            Some(Action::Scroll(pane, if down { step } else { -step }))
        }
        _ => None,
    }
}

/// A click with the filter panel open: a facet shows its values, a value is chosen (or
/// un-chosen), a click outside the panel closes it.
fn filter_click(app: &App, at: Position) -> Option<Action> {
    let areas = &app.areas;
    if areas.facets.contains(at) {
        Some(Action::ClickFacet(row_in(areas.facets, at, 0)))
    } else if areas.values.contains(at) {
        let offset = app.panel.values.offset();
        Some(Action::ClickValue(row_in(areas.values, at, offset)))
    } else if areas.popup.contains(at) {
        None
    } else {
        Some(Action::ClosePopup)
    }
}

fn row_in(area: Rect, at: Position, offset: usize) -> usize {
    usize::from(at.y - area.y) + offset
}
