//! The HTTP client for the ShopStyle API v2. (Being written: see the foundation issue.)

/// Settings of the HTTP client.
#[derive(Clone, Debug, Default)]
pub struct UpstreamConfig {}

/// The HTTP client.
#[derive(Clone, Debug, Default)]
pub struct ShopStyleClient {}
