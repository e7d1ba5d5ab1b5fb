//! Which [`Action`] a key, a click or the wheel asks for, given the app's state (the focused
//! pane, an open popup, whether the search input is being edited).

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Position, Rect};

use crate::action::{Action, Edit, Pane};
use crate::app::App;

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
    if app.popup.is_some() {
        // Any key closes a popup.
        return Some(Action::ClosePopup);
    }
    if app.input.editing {
        return edit_action(key, ctrl);
    }
    let action = match key.code {
        KeyCode::Char('q') | KeyCode::Esc => Action::Quit,
        KeyCode::Char('?') => Action::ToggleHelp,
        KeyCode::Tab => Action::FocusNext,
        KeyCode::BackTab => Action::FocusPrevious,
        KeyCode::Char('/') => Action::StartSearch,
        KeyCode::Char('s') => Action::CycleSort,
        KeyCode::Char('f') => Action::ToggleSale,
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

fn edit_action(key: &KeyEvent, ctrl: bool) -> Option<Action> {
    let edit = match key.code {
        KeyCode::Enter => return Some(Action::SubmitSearch),
        KeyCode::Esc => return Some(Action::CancelSearch),
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
            if app.popup.is_some() {
                return Some(Action::ClosePopup);
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
        MouseEventKind::ScrollDown | MouseEventKind::ScrollUp if app.popup.is_none() => {
            let (_, pane) = pane_at()?;
            let step = if pane == Pane::Detail { 3 } else { 1 };
            let down = mouse.kind == MouseEventKind::ScrollDown;
            Some(Action::Scroll(pane, if down { step } else { -step }))
        }
        _ => None,
    }
}

fn row_in(area: Rect, at: Position, offset: usize) -> usize {
    usize::from(at.y - area.y) + offset
}
