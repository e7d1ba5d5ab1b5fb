//! SSS core: the domain, the ShopStyle upstream, the offline catalog, the caches, the store and
//! the cache-aside engine that ties them together.
//!
//! Errors at this crate's boundaries are typed (`thiserror` enums); `anyhow` is for binaries only.

pub mod api;
pub mod cache;
pub mod catalog;
pub mod domain;
pub mod metrics;
pub mod service;
pub mod store;
pub mod upstream;
