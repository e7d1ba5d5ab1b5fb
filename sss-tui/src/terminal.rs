//! Putting the terminal into the app's mode and back, also when the app panics.
//!
//! ratatui's own [`ratatui::try_init`] and [`ratatui::try_restore`] do raw mode, the alternate
//! screen and a restoring panic hook; this module adds only what the app needs beyond them:
//! mouse capture (clicks and the wheel), the cursor shown again, and a panic that is logged and
//! ends the process.

use std::io::{self, stdout};

use crossterm::cursor::Show;
use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;

/// The terminal the app draws on.
pub type Tui = ratatui::DefaultTerminal;

/// Raw mode, the alternate screen and mouse capture; restored by [`restore`].
pub fn init() -> io::Result<Tui> {
    let entered = ratatui::try_init()
        .and_then(|terminal| execute!(stdout(), EnableMouseCapture).map(|()| terminal));
    if entered.is_err() {
        restore();
    }
    entered
}

/// Leaves the app's mode: the shell gets its screen and its line editing back. Safe to call
/// more than once.
pub fn restore() {
    if let Err(e) = execute!(stdout(), DisableMouseCapture, Show) {
        tracing::warn!(error = %e, "cannot stop mouse capture");
    }
    if let Err(e) = ratatui::try_restore() {
        tracing::warn!(error = %e, "cannot leave raw mode or the alternate screen");
    }
}

/// A panic restores the terminal first, logs the panic, reports it as usual, and ends the
/// process: a panic in a request task must not leave the app running on a restored terminal.
/// Installed before [`init`], whose own hook (ratatui's) then runs first and calls this one.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        tracing::error!(panic = %info, "sss-tui panicked");
        previous(info);
        std::process::exit(101);
    }));
}
