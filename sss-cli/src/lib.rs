//! `sss`: the command-line client of SSS, over the public API v1 (`sss_core::api`).
//!
//! `main` only calls [`main`]: parse the command line, run one subcommand, turn how it ended
//! into the documented exit code. Errors are one line on stderr; output goes through one
//! buffered stdout whose write errors end the command (a closed pipe is a clean exit).

pub mod cli;
mod commands;
mod exit;
mod output;
mod term;

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use clap::Parser;
use sss_core::api::ApiClient;
use sss_core::domain::ListKind;

use crate::cli::{Cli, Command};
use crate::commands::Context;
use crate::exit::Failure;
use crate::term::Term;

/// Runs `sss` with the process's arguments.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version are "errors" that exit 0; the rest exit 2.
            let _ = e.print();
            return exit::code(u8::try_from(e.exit_code()).unwrap_or(exit::USAGE));
        }
    };
    let term = Term::detect(cli.color);
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let result = run(&cli, term, &mut out).and_then(|()| out.flush().map_err(Failure::from));
    match result {
        Ok(()) => exit::code(exit::OK),
        Err(failure) => {
            // Whatever was written before the failure still reaches the reader.
            let _ = out.flush();
            if let Some(message) = failure.message(&cli.server) {
                let style = term.err();
                let prefix = match failure {
                    Failure::NoResults(_) => String::new(),
                    _ => format!("{}: ", style.red("error")),
                };
                let _ = writeln!(io::stderr(), "sss: {prefix}{message}");
            }
            exit::code(failure.code())
        }
    }
}

fn run(cli: &Cli, term: Term, out: &mut dyn Write) -> Result<(), Failure> {
    match &cli.command {
        Command::Completions(args) => return Ok(commands::meta::completions(out, args.shell)?),
        Command::Man => return Ok(commands::meta::man(out)?),
        _ => {}
    }
    let client = ApiClient::new(&cli.server, cli.timeout)?;
    let ctx = Context {
        client,
        term,
        verbose: cli.verbose,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Usage(format!("cannot start the async runtime: {e}")))?;
    runtime.block_on(async {
        match &cli.command {
            Command::Search(args) => commands::search::run(&ctx, args, out).await,
            Command::Categories(args) => commands::categories::run(&ctx, args, out).await,
            Command::Facets(args) => commands::facets::run(&ctx, args, out).await,
            Command::Suggest(args) => commands::facets::suggest(&ctx, args, out).await,
            Command::Brands(args) => {
                commands::facets::list(&ctx, ListKind::Brands, args, out).await
            }
            Command::Retailers(args) => {
                commands::facets::list(&ctx, ListKind::Retailers, args, out).await
            }
            Command::Colors(args) => {
                commands::facets::list(&ctx, ListKind::Colors, args, out).await
            }
            Command::Product(args) => commands::product::run(&ctx, args, out).await,
            Command::Status(args) => commands::status::run(&ctx, args, out).await,
            Command::Completions(_) | Command::Man => Ok(()),
        }
    })
}
