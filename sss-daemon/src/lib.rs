//! `sss-daemon`: one binary, one module per role.
//!
//! - [`serve`] (the default): api + poller + catalog in one process, with the web page.
//! - [`api`]: the public API v1 over the cache-aside engine.
//! - [`poller`]: fills the caches from the upstream; writes Redis and MongoDB.
//! - [`catalog`]: the offline ShopStyle-compatible upstream over the bundled real data.
//!
//! `main.rs` only parses the command line and calls a role's `run`; every role also exposes its
//! `router`, so tests start the real server on `127.0.0.1:0`.
//!
//! `anyhow` is used here (binary glue) and never in `sss-core`.

/// The version `--version` prints: the package's and the commit it was built from (`build.rs`;
/// `unknown` outside a git checkout).
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("SSS_BUILD_COMMIT"),
    ")"
);

pub mod api;
pub mod catalog;
pub mod cli;
pub mod common;
pub mod poller;
pub mod query_string;
pub mod reply;
pub mod serve;
pub mod settings;
#[cfg(feature = "test-support")]
pub mod testing;
