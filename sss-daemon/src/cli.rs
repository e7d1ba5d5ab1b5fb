//! The command line: one subcommand per role. Every flag also reads an `SSS_*` environment
//! variable.

use clap::{Parser, Subcommand};

use crate::catalog::CatalogArgs;

/// SSS: a cached product search over the ShopStyle API.
#[derive(Debug, Parser)]
#[command(name = "sss-daemon", version, about, long_about = None)]
pub struct Cli {
    /// The role to run.
    #[command(subcommand)]
    pub command: Command,

    /// Log format: `text` for people, `json` for log collectors.
    #[arg(long, env = "SSS_LOG_FORMAT", default_value = "text", global = true)]
    pub log_format: crate::common::LogFormat,
}

/// The roles.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// The offline ShopStyle API v2-compatible catalog over the bundled real product data.
    Catalog(CatalogArgs),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verify_cli() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
