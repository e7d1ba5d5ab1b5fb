//! The command line: one subcommand per role. Every flag also reads an `SSS_*` environment
//! variable.

use clap::{Parser, Subcommand};

use crate::api::ApiArgs;
use crate::catalog::CatalogArgs;
use crate::poller::PollerArgs;
use crate::serve::ServeArgs;

/// SSS: a cached product search over the ShopStyle API.
///
/// Without a subcommand it runs `serve`: the web page and the API on 127.0.0.1:8088 with an
/// in-process cache and store and the bundled catalog, nothing else needed.
#[derive(Debug, Parser)]
#[command(
    name = "sss-daemon",
    version = crate::VERSION,
    about,
    long_about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// The role to run (default: serve).
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Settings of `serve` when no subcommand is given.
    #[command(flatten)]
    pub serve: ServeArgs,

    /// Log format: `text` for people, `json` for log collectors.
    #[arg(long, env = "SSS_LOG_FORMAT", default_value = "text", global = true)]
    pub log_format: crate::common::LogFormat,

    /// Runtime worker threads of this process (default: one per core). Behind a proxy, N replicas
    /// on C cores run fastest with C / N each (docs/PERFORMANCE.md).
    #[arg(
        long,
        env = "SSS_WORKER_THREADS",
        global = true,
        value_parser = clap::value_parser!(u16).range(1..=1024)
    )]
    pub worker_threads: Option<u16>,
}

/// The roles.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// api + poller + catalog in one process, with the web page (the default).
    Serve(ServeArgs),
    /// The public API: answers searches from L1 and Redis, asks the poller on a miss.
    Api(ApiArgs),
    /// Fills the caches: calls the upstream once per query, writes Redis and MongoDB.
    Poller(PollerArgs),
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

    #[test]
    fn no_subcommand_means_serve_on_8088() {
        let cli = Cli::try_parse_from(["sss-daemon"]).expect("parses");
        assert!(cli.command.is_none());
        assert_eq!(cli.serve.listen.to_string(), "127.0.0.1:8088");
    }

    #[test]
    fn worker_threads_is_a_setting_of_every_role() {
        let cli = Cli::try_parse_from(["sss-daemon", "catalog", "--worker-threads", "1"])
            .expect("parses");
        assert_eq!(cli.worker_threads, Some(1));
        assert_eq!(
            Cli::try_parse_from(["sss-daemon"])
                .expect("parses")
                .worker_threads,
            None
        );
        let zero = Cli::try_parse_from(["sss-daemon", "catalog", "--worker-threads", "0"]);
        assert!(zero.is_err(), "0 worker threads must be refused");
    }

    #[test]
    fn secrets_stay_out_of_debug() {
        let cli = Cli::try_parse_from([
            "sss-daemon",
            "poller",
            "--redis-url",
            "redis://:hunter2@127.0.0.1:6379/",
            "--mongo-url",
            "mongodb://u:swordfish@127.0.0.1:27017/",
            "--shopstyle-pid",
            "uid1234-secret",
        ])
        .expect("parses");
        let shown = format!("{cli:?}");
        for secret in ["hunter2", "swordfish", "uid1234-secret"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        assert!(shown.contains("127.0.0.1:6379"), "{shown}");
    }

    #[test]
    fn bad_settings_name_the_flag() {
        let err =
            Cli::try_parse_from(["sss-daemon", "--fresh-ttl", "0"]).expect_err("out of range");
        assert!(err.to_string().contains("--fresh-ttl"), "{err}");
    }
}
