//! SSS core: the domain, the ShopStyle upstream, the offline catalog, the caches, the store and
//! the cache-aside engine that ties them together.
//!
//! Two parts, so that clients build only what they use:
//! - the client part, always built: [`domain`] (the API's types and checks) and [`api`] (a typed
//!   client of the public API, for `sss` and `sss-tui`);
//! - the server part, feature `server` (on by default; the daemon's): [`cache`], [`catalog`],
//!   [`metrics`], [`service`] (the engine), [`store`] and [`upstream`].
//!
//! Errors at this crate's boundaries are typed (`thiserror` enums); `anyhow` is for binaries only.

pub mod api;
#[cfg(feature = "server")]
pub mod cache;
#[cfg(feature = "server")]
pub mod catalog;
pub mod domain;
#[cfg(feature = "server")]
pub mod metrics;
#[cfg(feature = "server")]
pub mod service;
#[cfg(feature = "server")]
pub mod store;
#[cfg(feature = "server")]
pub mod upstream;
