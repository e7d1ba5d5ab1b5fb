//! The durable store: every fetched product, and every search's ordered product ids so a page can
//! be rebuilt when the cache lost it (the STORE tier).
//!
//! [`Store`] has two implementations: [`EmbeddedStore`] (the embedded default: one redb file in
//! the data directory, bounded by a byte budget) and [`MongoStore`] (database `sss` by default;
//! collections `products` and `searches`, ARCHITECTURE.md).

mod embedded;
mod mongo;

use std::fmt;

use futures_util::future::BoxFuture;
use serde::{Deserialize, Serialize};

use crate::domain::SearchQuery;
use crate::upstream::wire::SsProduct;

pub use embedded::{EmbeddedConfig, EmbeddedStore};
pub use mongo::MongoStore;

/// Why a store operation failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The database cannot be reached or refused the operation.
    #[error("store unavailable ({op}): {message}")]
    Unavailable {
        /// The operation (`upsert products`, `find search`, ...).
        op: &'static str,
        /// What the driver said.
        message: String,
    },
    /// A stored document could not be read back.
    #[error("store document unreadable ({op}): {message}")]
    Corrupt {
        /// The operation.
        op: &'static str,
        /// What did not parse.
        message: String,
    },
    /// The store URL is not usable.
    #[error("invalid MongoDB URL: {0}")]
    InvalidUrl(String),
    /// The embedded store's file cannot be opened or created.
    #[error("cannot open the store at {path}: {message}")]
    Open {
        /// The file.
        path: String,
        /// Why not.
        message: String,
    },
}

/// A search as stored: enough to rebuild its page from the stored products.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredSearch {
    /// The cache key of the query (the `_id` in MongoDB).
    #[serde(rename = "_id")]
    pub key: String,
    /// The canonical query.
    pub query: SearchQuery,
    /// The page's product ids, in order.
    pub product_ids: Vec<String>,
    /// How many products matched in all.
    pub total: u64,
    /// When the upstream answered, in milliseconds since the Unix epoch.
    pub fetched_at_ms: i64,
}

/// The durable store.
pub trait Store: Send + Sync + fmt::Debug {
    /// Inserts or replaces `products` (raw upstream products), fetched at `fetched_at_ms`.
    fn upsert_products<'a>(
        &'a self,
        products: &'a [SsProduct],
        fetched_at_ms: i64,
    ) -> BoxFuture<'a, Result<(), StoreError>>;

    /// Inserts or replaces a search.
    fn save_search<'a>(&'a self, search: &'a StoredSearch)
    -> BoxFuture<'a, Result<(), StoreError>>;

    /// The search stored under `key`.
    fn search<'a>(
        &'a self,
        key: &'a str,
    ) -> BoxFuture<'a, Result<Option<StoredSearch>, StoreError>>;

    /// The stored products with these ids, in the order of `ids`; unknown ids are skipped.
    fn products<'a>(
        &'a self,
        ids: &'a [String],
    ) -> BoxFuture<'a, Result<Vec<SsProduct>, StoreError>>;

    /// Checks that the store answers.
    fn ping(&self) -> BoxFuture<'_, Result<(), StoreError>>;

    /// A short name for logs and metrics (`redb`, `mongodb`).
    fn name(&self) -> &'static str;

    /// Writes several upstream answers: each one's products, then the searches. The default
    /// makes one call per part; a store that can do it in one transaction overrides it. Returns
    /// how many products were written.
    fn write_batch<'a>(
        &'a self,
        batch: &'a [Answer<'a>],
    ) -> BoxFuture<'a, Result<u64, StoreError>> {
        Box::pin(async move {
            let mut written = 0;
            for answer in batch {
                self.upsert_products(answer.products, answer.fetched_at_ms)
                    .await?;
                written += answer.products.len() as u64;
            }
            for search in batch.iter().filter_map(|a| a.search) {
                self.save_search(search).await?;
            }
            Ok(written)
        })
    }

    /// What the store holds, when it keeps count (the embedded store does; MongoDB's own
    /// metrics say it for MongoDB).
    fn usage(&self) -> Option<StoreUsage> {
        None
    }
}

/// One upstream answer to write: its products and the search that listed them.
#[derive(Clone, Copy, Debug)]
pub struct Answer<'a> {
    /// The raw products.
    pub products: &'a [SsProduct],
    /// The search, when there is one (a single product fetched by id has none).
    pub search: Option<&'a StoredSearch>,
    /// When the upstream answered (ms since the Unix epoch).
    pub fetched_at_ms: i64,
}

/// What a store holds, for `/metrics`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StoreUsage {
    /// Products stored.
    pub products: u64,
    /// Searches stored.
    pub searches: u64,
    /// Bytes of keys and values, as counted against the budget.
    pub bytes: u64,
    /// The budget: past it the oldest entries are removed.
    pub max_bytes: u64,
    /// The size of the file on disk.
    pub file_bytes: u64,
    /// Memory the store's page cache holds now.
    pub cache_bytes: u64,
    /// The most memory the page cache may hold.
    pub max_cache_bytes: u64,
    /// Entries removed to stay within the budget, since start.
    pub evictions: u64,
}
