//! The offline ShopStyle-compatible catalog engine. (Being written: see the foundation issue.)

/// The catalog.
#[derive(Debug, Default)]
pub struct Catalog {}
