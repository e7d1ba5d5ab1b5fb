//! Putting the terminal into the app's mode (raw, alternate screen, mouse) and back, also when
//! the app panics.

use std::io::{self, Stdout, stdout};

use crossterm::cursor::Show;
use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

/// The terminal the app draws on.
pub type Tui = Terminal<CrosstermBackend<Stdout>>;

/// Raw mode, the alternate screen and mouse capture; restored by [`restore`].
pub fn init() -> io::Result<Tui> {
    enable_raw_mode()?;
    let entered = execute!(stdout(), EnterAlternateScreen, EnableMouseCapture)
        .and_then(|()| Terminal::new(CrosstermBackend::new(stdout())));
    if entered.is_err() {
        restore();
    }
    entered
}

/// Leaves the app's mode: the shell gets its screen and its line editing back. Safe to call
/// more than once.
pub fn restore() {
    if let Err(e) = disable_raw_mode() {
        tracing::warn!(error = %e, "cannot leave raw mode");
    }
    if let Err(e) = execute!(stdout(), DisableMouseCapture, LeaveAlternateScreen, Show) {
        tracing::warn!(error = %e, "cannot leave the alternate screen");
    }
}

/// A panic restores the terminal first, logs the panic, reports it as usual, and ends the
/// process: a panic in a request task must not leave the app running on a restored terminal.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        tracing::error!(panic = %info, "sss-tui panicked");
        previous(info);
        std::process::exit(101);
    }));
}
