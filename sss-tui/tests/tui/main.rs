//! The tests of `sss-tui`: rendering snapshots and key-driven state tests on fixed data, and an
//! end-to-end run of the binary in tmux against a real daemon.

mod completions;
mod e2e;
mod filters;
mod fixtures;
mod render;
mod state;
mod version;
