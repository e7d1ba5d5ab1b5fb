//! `sss-tui`: the terminal client of SSS, a category sidebar, a results table, a product pane
//! and a filter panel with facet counts ([`filters`]) over the public API (`sss_core::api`).
//!
//! The shape: [`events`] yields terminal events and ticks; [`keys::action_for`] turns an
//! event into an [`action::Action`]; [`app::App::update`] applies it and queues
//! [`action::Effect`]s (requests, a clipboard copy); the [`runner`] sends each request in a task
//! whose answer comes back as an action with a generation number (stale ones are dropped), and
//! draws once ([`ui`], one file per pane in [`widgets`]) after applying everything ready. While
//! the search line is edited, [`completions`] from `GET /api/v1/suggest` show under it.
//!
//! Errors: `anyhow` only in the binary's glue ([`runner`], [`logging`], `main`).

pub mod action;
pub mod app;
pub mod cli;
pub mod completions;
pub mod events;
pub mod filters;
pub mod format;
pub mod input;
pub mod keys;
pub mod logging;
pub mod runner;
pub mod terminal;
pub mod tree;
pub mod ui;
pub mod widgets;
