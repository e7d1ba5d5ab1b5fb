//! `sss-daemon`: one binary, one module per role.
//!
//! - [`catalog`]: the offline ShopStyle-compatible upstream over the bundled real data.
//!
//! `main.rs` only parses the command line and calls a role's `run`; every role also exposes its
//! `router`, so tests start the real server on `127.0.0.1:0`.
//!
//! `anyhow` is used here (binary glue) and never in `sss-core`.

pub mod catalog;
pub mod cli;
pub mod common;
