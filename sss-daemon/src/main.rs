//! `sss-daemon`: parses the command line and runs the chosen role.

use clap::Parser;
use sss_daemon::cli::{Cli, Command};

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    runtime.enable_all();
    if let Some(n) = cli.worker_threads {
        runtime.worker_threads(usize::from(n));
    }
    match runtime.build() {
        Ok(runtime) => runtime.block_on(run(cli)),
        Err(e) => {
            eprintln!("sss-daemon: cannot start the runtime: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> std::process::ExitCode {
    sss_daemon::common::init_tracing(cli.log_format);
    let result = match cli.command {
        None => sss_daemon::serve::run(cli.serve).await,
        Some(Command::Serve(args)) => sss_daemon::serve::run(args).await,
        Some(Command::Api(args)) => sss_daemon::api::run(args).await,
        Some(Command::Poller(args)) => sss_daemon::poller::run(args).await,
        Some(Command::Catalog(args)) => sss_daemon::catalog::run(args).await,
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sss-daemon: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
