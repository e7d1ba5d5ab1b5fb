//! The command line. Every option also reads an `SSS_*` environment variable.

use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;
use sss_core::api::{DEFAULT_SERVER, parse_timeout};
use sss_core::domain::MAX_LIMIT;

/// The version `--version` prints: the package's and the commit it was built from (`build.rs`;
/// `unknown` outside a git checkout).
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("SSS_BUILD_COMMIT"),
    ")"
);

/// Browse the SSS product catalog in the terminal: categories on the left, results on the
/// right, the selected product below them.
///
/// Press `?` inside for the keys. Logs go to a file (see --log-file), never to the screen.
#[derive(Debug, Parser)]
#[command(name = "sss-tui", version = VERSION, about, long_about)]
pub struct Cli {
    /// The server's base URL.
    #[arg(long, env = "SSS_SERVER", default_value = DEFAULT_SERVER, value_name = "URL")]
    pub server: String,

    /// Seconds to wait for each answer.
    #[arg(long, env = "SSS_TIMEOUT", default_value = "10", value_name = "SECS", value_parser = parse_timeout)]
    pub timeout: Duration,

    /// Start on this category id (e.g. `dresses`; `sss categories` lists them).
    #[arg(short, long, env = "SSS_TUI_CATEGORY", value_name = "ID")]
    pub category: Option<String>,

    /// Start with this search text.
    #[arg(short, long, value_name = "TEXT")]
    pub query: Option<String>,

    /// Products per page (1-100).
    #[arg(long, env = "SSS_TUI_PAGE_SIZE", default_value_t = 20, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_LIMIT)))]
    pub page_size: u32,

    /// The log file (default: `$XDG_STATE_HOME/sss/sss-tui.log`, else
    /// `~/.local/state/sss/sss-tui.log`). The level follows `RUST_LOG` (default `info`).
    #[arg(long, env = "SSS_TUI_LOG_FILE", value_name = "PATH")]
    pub log_file: Option<PathBuf>,

    /// Never copy to the clipboard with the OSC 52 escape; `y` only shows the URL.
    #[arg(long, env = "SSS_TUI_NO_OSC52")]
    pub no_osc52: bool,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }

    #[test]
    fn timeouts_are_checked() {
        assert_eq!(parse_timeout("2.5"), Ok(Duration::from_millis(2500)));
        assert_eq!(parse_timeout("3s"), Ok(Duration::from_secs(3)));
        assert!(parse_timeout("0").is_err());
        assert!(parse_timeout("soon").is_err());
    }
}
