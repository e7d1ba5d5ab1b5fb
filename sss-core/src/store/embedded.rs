//! The embedded store: products and searches in one redb file, `store.redb` in the data
//! directory, within a byte budget.
//!
//! Tables: `products` (product id -> write sequence (u64 LE), fetched-at ms (i64 LE), the raw
//! product as JSON), `searches` (query key -> write sequence, the [`StoredSearch`] as JSON),
//! `order` (write sequence -> `p` or `s` and the key) and `meta` (the counters). Each write takes
//! the next sequence number and drops the entry's older `order` row, so `order` lists every
//! entry once, oldest write first. When the bytes counted pass the budget, the oldest entries go
//! first (products and searches alike) in the same transaction. A search whose products went is
//! not rebuilt (the fill asks the upstream), so a partial page is never served.
//!
//! redb blocks: every call runs on tokio's blocking pool. Its page cache is bounded by
//! [`EmbeddedConfig::cache_bytes`]; the file's pages freed by removals are reused, so the file
//! stays near the budget plus the B-tree's free space.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use futures_util::future::BoxFuture;
use redb::{Database, ReadableDatabase, ReadableTable, TableDefinition};

use super::{Answer, Store, StoreError, StoreUsage, StoredSearch};
use crate::upstream::wire::SsProduct;

const PRODUCTS: TableDefinition<&str, &[u8]> = TableDefinition::new("products");
const SEARCHES: TableDefinition<&str, &[u8]> = TableDefinition::new("searches");
const ORDER: TableDefinition<u64, &[u8]> = TableDefinition::new("order");
const META: TableDefinition<&str, u64> = TableDefinition::new("meta");

/// The file in the data directory.
pub const FILE_NAME: &str = "store.redb";

/// Bytes counted per entry besides its key and value: the `order` row (sequence, kind, key)
/// and the B-tree's own per-entry fields.
const ENTRY_OVERHEAD: u64 = 32;

const PRODUCT: u8 = b'p';
const SEARCH: u8 = b's';

/// Settings of the embedded store.
#[derive(Clone, Copy, Debug)]
pub struct EmbeddedConfig {
    /// The most bytes of products and searches kept (keys, values and `ENTRY_OVERHEAD` each);
    /// past it the oldest entries are removed.
    pub max_bytes: u64,
    /// Memory for redb's page cache.
    pub cache_bytes: usize,
}

impl Default for EmbeddedConfig {
    fn default() -> Self {
        Self {
            max_bytes: 1 << 30,
            cache_bytes: 16 << 20,
        }
    }
}

#[derive(Debug, Default)]
struct Counts {
    products: AtomicU64,
    searches: AtomicU64,
    bytes: AtomicU64,
    evictions: AtomicU64,
}

/// The counters as stored in `meta`, changed within one write transaction.
#[derive(Clone, Copy, Debug, Default)]
struct Meta {
    seq: u64,
    products: u64,
    searches: u64,
    bytes: u64,
}

/// Products and searches in a redb file. Cheap to share behind an `Arc`.
#[derive(Debug)]
pub struct EmbeddedStore {
    db: Arc<Database>,
    path: PathBuf,
    /// The file, for its size (also when the folder was removed while open).
    file: std::fs::File,
    max_bytes: u64,
    cache_bytes: u64,
    counts: Arc<Counts>,
}

fn failed<E: std::fmt::Display>(op: &'static str) -> impl Fn(E) -> StoreError {
    move |e| StoreError::Unavailable {
        op,
        message: e.to_string(),
    }
}

fn corrupt<E: std::fmt::Display>(op: &'static str) -> impl Fn(E) -> StoreError {
    move |e| StoreError::Corrupt {
        op,
        message: e.to_string(),
    }
}

impl EmbeddedStore {
    /// Opens (or creates) `store.redb` in `dir`, creating `dir` when missing. Fails when another
    /// process has it open.
    pub fn open(dir: &Path, config: EmbeddedConfig) -> Result<Self, StoreError> {
        let path = dir.join(FILE_NAME);
        let open_err = |message: String| StoreError::Open {
            path: path.display().to_string(),
            message,
        };
        std::fs::create_dir_all(dir).map_err(|e| open_err(e.to_string()))?;
        let db = redb::Builder::new()
            .set_cache_size(config.cache_bytes)
            .create(&path)
            .map_err(|e| match e {
                redb::DatabaseError::DatabaseAlreadyOpen => {
                    open_err("another process has it open".to_owned())
                }
                other => open_err(other.to_string()),
            })?;
        let meta = {
            let txn = db.begin_write().map_err(|e| open_err(e.to_string()))?;
            // Creates the tables on first use.
            let meta = (|| -> Result<Meta, redb::Error> {
                txn.open_table(PRODUCTS)?;
                txn.open_table(SEARCHES)?;
                txn.open_table(ORDER)?;
                let table = txn.open_table(META)?;
                read_meta(&table)
            })()
            .map_err(|e| open_err(e.to_string()))?;
            txn.commit().map_err(|e| open_err(e.to_string()))?;
            meta
        };
        let file = std::fs::File::open(&path).map_err(|e| open_err(e.to_string()))?;
        let counts = Counts::default();
        counts.products.store(meta.products, Ordering::Relaxed);
        counts.searches.store(meta.searches, Ordering::Relaxed);
        counts.bytes.store(meta.bytes, Ordering::Relaxed);
        Ok(Self {
            db: Arc::new(db),
            path,
            file,
            max_bytes: config.max_bytes,
            cache_bytes: config.cache_bytes as u64,
            counts: Arc::new(counts),
        })
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` on the blocking pool with the database.
    async fn blocking<T: Send + 'static>(
        &self,
        op: &'static str,
        f: impl FnOnce(&Database) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let db = Arc::clone(&self.db);
        tokio::task::spawn_blocking(move || f(&db))
            .await
            .map_err(failed(op))?
    }

    /// Writes encoded products and searches in one transaction, then removes the oldest
    /// entries while over the budget.
    fn write(
        db: &Database,
        products: &[(String, Vec<u8>)],
        searches: &[(String, Vec<u8>)],
        max_bytes: u64,
        counts: &Counts,
    ) -> Result<(), StoreError> {
        const OP: &str = "write";
        let txn = db.begin_write().map_err(failed(OP))?;
        let mut evicted = 0;
        let meta = (|| -> Result<Meta, redb::Error> {
            let mut meta_table = txn.open_table(META)?;
            let mut meta = read_meta(&meta_table)?;
            let mut order = txn.open_table(ORDER)?;
            let mut p = txn.open_table(PRODUCTS)?;
            let mut s = txn.open_table(SEARCHES)?;
            for (key, payload) in products {
                put(&mut p, &mut order, &mut meta, PRODUCT, key, payload)?;
            }
            for (key, payload) in searches {
                put(&mut s, &mut order, &mut meta, SEARCH, key, payload)?;
            }
            while meta.bytes > max_bytes {
                let Some(row) = order.pop_first()?.map(|(_, row)| row.value().to_vec()) else {
                    break;
                };
                let Some((&kind, key)) = row.split_first() else {
                    continue;
                };
                let key = String::from_utf8_lossy(key);
                let table = if kind == PRODUCT { &mut p } else { &mut s };
                let Some(len) = table.remove(key.as_ref())?.map(|v| v.value().len()) else {
                    continue;
                };
                meta.bytes = meta.bytes.saturating_sub(weight(&key, len));
                if kind == PRODUCT {
                    meta.products = meta.products.saturating_sub(1);
                } else {
                    meta.searches = meta.searches.saturating_sub(1);
                }
                evicted += 1;
            }
            write_meta(&mut meta_table, &meta)?;
            Ok(meta)
        })()
        .map_err(failed(OP))?;
        txn.commit().map_err(failed(OP))?;
        counts.products.store(meta.products, Ordering::Relaxed);
        counts.searches.store(meta.searches, Ordering::Relaxed);
        counts.bytes.store(meta.bytes, Ordering::Relaxed);
        counts.evictions.fetch_add(evicted, Ordering::Relaxed);
        Ok(())
    }
}

/// The bytes an entry counts against the budget.
fn weight(key: &str, value_len: usize) -> u64 {
    (key.len() + value_len) as u64 + ENTRY_OVERHEAD + key.len() as u64
}

/// The write sequence at the start of a stored value.
fn sequence(value: &[u8]) -> Option<u64> {
    let head: [u8; 8] = value.get(..8)?.try_into().ok()?;
    Some(u64::from_le_bytes(head))
}

/// Inserts or replaces `key` in `table` with the next sequence number and `payload`, keeping
/// `order` and the counters in step.
fn put(
    table: &mut redb::Table<&str, &[u8]>,
    order: &mut redb::Table<u64, &[u8]>,
    meta: &mut Meta,
    kind: u8,
    key: &str,
    payload: &[u8],
) -> Result<(), redb::Error> {
    meta.seq += 1;
    let mut value = Vec::with_capacity(8 + payload.len());
    value.extend_from_slice(&meta.seq.to_le_bytes());
    value.extend_from_slice(payload);
    let old = table
        .insert(key, value.as_slice())?
        .map(|v| (sequence(v.value()), v.value().len()));
    match old {
        Some((old_seq, old_len)) => {
            if let Some(s) = old_seq {
                order.remove(s)?;
            }
            meta.bytes = meta.bytes.saturating_sub(weight(key, old_len));
        }
        None if kind == PRODUCT => meta.products += 1,
        None => meta.searches += 1,
    }
    meta.bytes += weight(key, value.len());
    let mut row = Vec::with_capacity(1 + key.len());
    row.push(kind);
    row.extend_from_slice(key.as_bytes());
    order.insert(meta.seq, row.as_slice())?;
    Ok(())
}

fn read_meta(table: &impl ReadableTable<&'static str, u64>) -> Result<Meta, redb::Error> {
    let get =
        |k: &str| -> Result<u64, redb::Error> { Ok(table.get(k)?.map(|v| v.value()).unwrap_or(0)) };
    Ok(Meta {
        seq: get("seq")?,
        products: get("products")?,
        searches: get("searches")?,
        bytes: get("bytes")?,
    })
}

fn write_meta(table: &mut redb::Table<&str, u64>, meta: &Meta) -> Result<(), redb::Error> {
    table.insert("seq", meta.seq)?;
    table.insert("products", meta.products)?;
    table.insert("searches", meta.searches)?;
    table.insert("bytes", meta.bytes)?;
    Ok(())
}

/// A product as stored: fetched-at, then its JSON.
fn encode_product(p: &SsProduct, fetched_at_ms: i64) -> Result<(String, Vec<u8>), StoreError> {
    let mut payload = fetched_at_ms.to_le_bytes().to_vec();
    serde_json::to_writer(&mut payload, p).map_err(corrupt("encode product"))?;
    Ok((p.id.to_string(), payload))
}

impl Store for EmbeddedStore {
    fn upsert_products<'a>(
        &'a self,
        products: &'a [SsProduct],
        fetched_at_ms: i64,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        let batch = [Answer {
            products,
            search: None,
            fetched_at_ms,
        }];
        Box::pin(async move { self.write_batch(&batch).await.map(|_| ()) })
    }

    fn save_search<'a>(
        &'a self,
        search: &'a StoredSearch,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        let batch = [Answer {
            products: &[],
            search: Some(search),
            fetched_at_ms: search.fetched_at_ms,
        }];
        Box::pin(async move { self.write_batch(&batch).await.map(|_| ()) })
    }

    fn write_batch<'a>(
        &'a self,
        batch: &'a [Answer<'a>],
    ) -> BoxFuture<'a, Result<u64, StoreError>> {
        Box::pin(async move {
            let mut products = Vec::new();
            let mut searches = Vec::new();
            for answer in batch {
                for p in answer.products {
                    products.push(encode_product(p, answer.fetched_at_ms)?);
                }
                if let Some(s) = answer.search {
                    let json = serde_json::to_vec(s).map_err(corrupt("encode search"))?;
                    searches.push((s.key.clone(), json));
                }
                // Encoding is CPU work on the async runtime: let other tasks in between answers.
                tokio::task::yield_now().await;
            }
            let written = products.len() as u64;
            let max_bytes = self.max_bytes;
            let counts = Arc::clone(&self.counts);
            self.blocking("write", move |db| {
                Self::write(db, &products, &searches, max_bytes, &counts)
            })
            .await?;
            Ok(written)
        })
    }

    fn search<'a>(
        &'a self,
        key: &'a str,
    ) -> BoxFuture<'a, Result<Option<StoredSearch>, StoreError>> {
        let key = key.to_owned();
        Box::pin(self.blocking("find search", move |db| {
            const OP: &str = "find search";
            let txn = db.begin_read().map_err(failed(OP))?;
            let table = txn.open_table(SEARCHES).map_err(failed(OP))?;
            let Some(v) = table.get(key.as_str()).map_err(failed(OP))? else {
                return Ok(None);
            };
            let json = v.value().get(8..).unwrap_or_default();
            serde_json::from_slice(json).map(Some).map_err(corrupt(OP))
        }))
    }

    fn products<'a>(
        &'a self,
        ids: &'a [String],
    ) -> BoxFuture<'a, Result<Vec<SsProduct>, StoreError>> {
        let ids = ids.to_vec();
        Box::pin(self.blocking("find products", move |db| {
            const OP: &str = "find products";
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            let txn = db.begin_read().map_err(failed(OP))?;
            let table = txn.open_table(PRODUCTS).map_err(failed(OP))?;
            let mut found = Vec::with_capacity(ids.len());
            for id in &ids {
                if let Some(v) = table.get(id.as_str()).map_err(failed(OP))? {
                    let json = v.value().get(16..).unwrap_or_default();
                    found.push(serde_json::from_slice(json).map_err(corrupt(OP))?);
                }
            }
            Ok(found)
        }))
    }

    fn ping(&self) -> BoxFuture<'_, Result<(), StoreError>> {
        Box::pin(self.blocking("ping", |db| {
            db.begin_read().map(|_| ()).map_err(failed("ping"))
        }))
    }

    fn name(&self) -> &'static str {
        "redb"
    }

    fn usage(&self) -> Option<StoreUsage> {
        Some(StoreUsage {
            products: self.counts.products.load(Ordering::Relaxed),
            searches: self.counts.searches.load(Ordering::Relaxed),
            bytes: self.counts.bytes.load(Ordering::Relaxed),
            max_bytes: self.max_bytes,
            file_bytes: self.file.metadata().map(|m| m.len()).unwrap_or(0),
            evictions: self.counts.evictions.load(Ordering::Relaxed),
            cache_bytes: self.db.cache_stats().used_bytes() as u64,
            max_cache_bytes: self.cache_bytes,
        })
    }
}

#[cfg(test)]
mod tests;
