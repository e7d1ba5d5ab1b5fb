//! `sss-tui`: parse the command line, log to a file, put the terminal in the app's mode (and
//! back, also on a panic), run the app.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use sss_core::api::ApiClient;
use sss_tui::app::{App, Clipboard, Query};
use sss_tui::cli::Cli;
use sss_tui::{logging, runner, terminal};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let log_file = match logging::init(cli.log_file.as_deref()) {
        Ok(path) => path,
        Err(e) => {
            eprintln!("sss-tui: {e:#}");
            return ExitCode::from(2);
        }
    };
    let client = match ApiClient::new(&cli.server, cli.timeout) {
        Ok(client) => client,
        Err(e) => {
            eprintln!("sss-tui: {e} (--server or SSS_SERVER)");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("sss-tui: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    tracing::info!(server = %client.base_url(), log = %log_file.display(), "sss-tui starting");

    let query = Query {
        cat: cli.category.filter(|c| !c.trim().is_empty()),
        fts: cli.query.filter(|q| !q.trim().is_empty()),
        sort: Default::default(),
        sale: false,
        filters: Default::default(),
        offset: 0,
        limit: cli.page_size,
    };
    let clipboard =
        if cli.no_osc52 || matches!(std::env::var("TERM").as_deref(), Ok("dumb" | "linux")) {
            Clipboard::None
        } else {
            Clipboard::Osc52
        };
    let app = App::new(query, clipboard);

    terminal::install_panic_hook();
    let mut tui = match terminal::init() {
        Ok(tui) => tui,
        Err(e) => {
            eprintln!("sss-tui: cannot use this terminal: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(runner::run(&mut tui, app, client));
    terminal::restore();
    runtime.shutdown_background();
    match result {
        Ok(()) => {
            tracing::info!("sss-tui done");
            ExitCode::SUCCESS
        }
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "sss-tui failed");
            // The terminal may be gone (a closed window): never panic over a message.
            let _ = writeln!(std::io::stderr(), "sss-tui: {e:#}");
            ExitCode::FAILURE
        }
    }
}
