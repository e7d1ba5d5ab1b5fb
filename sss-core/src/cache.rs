//! The shared cache: where serialised pages live between processes.
//!
//! [`SharedCache`] has two implementations: [`MemoryCache`] (in-process, bounded by bytes; the
//! embedded default) and [`RedisCache`] (one Redis server through a self-reconnecting connection
//! manager, or a Redis Cluster). Besides values it offers a lock with expiry, which the poller
//! uses so that N concurrent misses of one key across processes make one upstream call.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_util::future::BoxFuture;
use redis::AsyncCommands;
use tokio::sync::OnceCell;

/// Why a cache operation failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CacheError {
    /// The cache server cannot be reached or answered with an error.
    #[error("cache unavailable ({op} {key}): {message}")]
    Unavailable {
        /// The operation (`GET`, `SET`, ...).
        op: &'static str,
        /// The key it was for.
        key: String,
        /// What the client said.
        message: String,
    },
    /// The cache URL is not usable.
    #[error("invalid cache URL: {0}")]
    InvalidUrl(String),
}

/// A key-value cache with per-key expiry and an expiring lock.
pub trait SharedCache: Send + Sync + fmt::Debug {
    /// The value under `key`, if any and not expired.
    fn get<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<Option<Bytes>, CacheError>>;

    /// Stores `value` under `key` for `ttl`.
    fn set<'a>(
        &'a self,
        key: &'a str,
        value: Bytes,
        ttl: Duration,
    ) -> BoxFuture<'a, Result<(), CacheError>>;

    /// Removes `key`.
    fn delete<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<(), CacheError>>;

    /// Takes the lock `key` with `token` for at most `ttl`; `false` when someone else holds it.
    fn try_lock<'a>(
        &'a self,
        key: &'a str,
        token: &'a str,
        ttl: Duration,
    ) -> BoxFuture<'a, Result<bool, CacheError>>;

    /// Releases the lock `key` if `token` still holds it.
    fn unlock<'a>(&'a self, key: &'a str, token: &'a str) -> BoxFuture<'a, Result<(), CacheError>>;

    /// Checks that the cache answers.
    fn ping(&self) -> BoxFuture<'_, Result<(), CacheError>>;

    /// A short name for logs and metrics (`memory`, `redis`).
    fn name(&self) -> &'static str;

    /// What an in-process cache holds (`None` for Redis, whose own metrics say it).
    fn usage(&self) -> Option<CacheUsage> {
        None
    }
}

/// What an in-process cache holds, for `/metrics`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CacheUsage {
    /// Entries.
    pub entries: u64,
    /// Bytes counted against the budget: keys, values and [`ENTRY_OVERHEAD`] each.
    pub bytes: u64,
    /// The budget.
    pub max_bytes: u64,
}

/// Bytes counted per entry of an in-process cache besides its key and value: an estimate of the
/// cache's own bookkeeping (hash table slot, access and expiry queues, the entry's header, the
/// key's allocation). Without it, many small pages (searches that match nothing) would take
/// several times their budget.
pub const ENTRY_OVERHEAD: u32 = 320;

/// The weight of an entry of `key_len` and `value_len` bytes in an in-process cache.
pub fn entry_weight(key_len: usize, value_len: usize) -> u32 {
    u32::try_from(key_len + value_len)
        .unwrap_or(u32::MAX)
        .saturating_add(ENTRY_OVERHEAD)
}

#[derive(Clone)]
struct MemEntry {
    value: Bytes,
    expires_at: Instant,
}

/// Per-entry expiry for moka: each value lives for the TTL it was stored with.
struct PerEntryTtl;

impl moka::Expiry<String, MemEntry> for PerEntryTtl {
    fn expire_after_create(&self, _key: &String, v: &MemEntry, now: Instant) -> Option<Duration> {
        Some(v.expires_at.saturating_duration_since(now))
    }

    fn expire_after_update(
        &self,
        _key: &String,
        v: &MemEntry,
        now: Instant,
        _current: Option<Duration>,
    ) -> Option<Duration> {
        Some(v.expires_at.saturating_duration_since(now))
    }
}

/// An in-process cache bounded by the bytes of its values, with per-key expiry.
#[derive(Clone)]
pub struct MemoryCache {
    values: moka::future::Cache<String, MemEntry>,
    max_bytes: u64,
    locks: Arc<std::sync::Mutex<std::collections::HashMap<String, (String, Instant)>>>,
}

impl fmt::Debug for MemoryCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryCache")
            .field("entries", &self.values.entry_count())
            .field("bytes", &self.values.weighted_size())
            .finish()
    }
}

impl MemoryCache {
    /// A cache holding at most `max_bytes` of keys and values ([`entry_weight`]).
    pub fn new(max_bytes: u64) -> Self {
        let values = moka::future::Cache::builder()
            .max_capacity(max_bytes)
            .weigher(|k: &String, v: &MemEntry| entry_weight(k.len(), v.value.len()))
            .expire_after(PerEntryTtl)
            .build();
        Self {
            values,
            max_bytes,
            locks: Arc::default(),
        }
    }
}

impl SharedCache for MemoryCache {
    fn get<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<Option<Bytes>, CacheError>> {
        Box::pin(async move { Ok(self.values.get(key).await.map(|e| e.value)) })
    }

    fn set<'a>(
        &'a self,
        key: &'a str,
        value: Bytes,
        ttl: Duration,
    ) -> BoxFuture<'a, Result<(), CacheError>> {
        Box::pin(async move {
            let entry = MemEntry {
                value,
                expires_at: Instant::now() + ttl,
            };
            self.values.insert(key.to_owned(), entry).await;
            Ok(())
        })
    }

    fn delete<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<(), CacheError>> {
        Box::pin(async move {
            self.values.invalidate(key).await;
            Ok(())
        })
    }

    fn try_lock<'a>(
        &'a self,
        key: &'a str,
        token: &'a str,
        ttl: Duration,
    ) -> BoxFuture<'a, Result<bool, CacheError>> {
        Box::pin(async move {
            let now = Instant::now();
            let mut locks = self.locks.lock().unwrap_or_else(|p| p.into_inner());
            locks.retain(|_, (_, until)| *until > now);
            if locks.contains_key(key) {
                return Ok(false);
            }
            locks.insert(key.to_owned(), (token.to_owned(), now + ttl));
            Ok(true)
        })
    }

    fn unlock<'a>(&'a self, key: &'a str, token: &'a str) -> BoxFuture<'a, Result<(), CacheError>> {
        Box::pin(async move {
            let mut locks = self.locks.lock().unwrap_or_else(|p| p.into_inner());
            if locks.get(key).is_some_and(|(t, _)| t == token) {
                locks.remove(key);
            }
            Ok(())
        })
    }

    fn ping(&self) -> BoxFuture<'_, Result<(), CacheError>> {
        Box::pin(async { Ok(()) })
    }

    fn name(&self) -> &'static str {
        "memory"
    }

    fn usage(&self) -> Option<CacheUsage> {
        Some(CacheUsage {
            entries: self.values.entry_count(),
            bytes: self.values.weighted_size(),
            max_bytes: self.max_bytes,
        })
    }
}

/// Releases a lock only when the caller's token still holds it.
const UNLOCK_SCRIPT: &str = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

#[derive(Clone)]
enum RedisConn {
    Single(redis::aio::ConnectionManager),
    Cluster(redis::cluster_async::ClusterConnection),
}

/// Redis: one server (a multiplexed connection that reconnects by itself) or a Redis Cluster
/// (several node URLs separated by commas).
pub struct RedisCache {
    target: String,
    single: Option<redis::Client>,
    cluster: Option<redis::cluster::ClusterClient>,
    conn: OnceCell<RedisConn>,
    unlock: redis::Script,
}

impl fmt::Debug for RedisCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisCache")
            .field("target", &self.target)
            .finish()
    }
}

/// How long one Redis command may take before it counts as a failure.
const REDIS_RESPONSE_TIMEOUT: Duration = Duration::from_millis(500);
/// How long one connection attempt may take.
const REDIS_CONNECT_TIMEOUT: Duration = Duration::from_millis(500);

impl RedisCache {
    /// A cache on `url`: `redis://host:port/db` for one server, or several `redis://` URLs
    /// separated by commas for a Redis Cluster. Nothing connects until first use, so a Redis
    /// that is down at start-up delays nothing; the connection is made (and remade) on demand.
    pub fn new(url: &str) -> Result<Self, CacheError> {
        let nodes: Vec<&str> = url
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        let target = nodes
            .iter()
            .map(|n| redact_password(n))
            .collect::<Vec<_>>()
            .join(",");
        let (single, cluster) = match nodes.as_slice() {
            [] => return Err(CacheError::InvalidUrl("empty Redis URL".into())),
            [one] => (
                Some(
                    redis::Client::open(*one)
                        .map_err(|e| CacheError::InvalidUrl(format!("{target}: {e}")))?,
                ),
                None,
            ),
            many => (
                None,
                Some(
                    redis::cluster::ClusterClientBuilder::new(many.to_vec())
                        .connection_timeout(REDIS_CONNECT_TIMEOUT)
                        .response_timeout(REDIS_RESPONSE_TIMEOUT)
                        .build()
                        .map_err(|e| CacheError::InvalidUrl(format!("{target}: {e}")))?,
                ),
            ),
        };
        Ok(Self {
            target,
            single,
            cluster,
            conn: OnceCell::new(),
            unlock: redis::Script::new(UNLOCK_SCRIPT),
        })
    }

    async fn conn(&self, op: &'static str, key: &str) -> Result<RedisConn, CacheError> {
        let conn = self
            .conn
            .get_or_try_init(|| async {
                if let Some(client) = &self.single {
                    let config = redis::aio::ConnectionManagerConfig::new()
                        .set_response_timeout(Some(REDIS_RESPONSE_TIMEOUT))
                        .set_connection_timeout(Some(REDIS_CONNECT_TIMEOUT))
                        .set_number_of_retries(1)
                        .set_max_delay(Duration::from_millis(200));
                    redis::aio::ConnectionManager::new_lazy_with_config(client.clone(), config)
                        .map(RedisConn::Single)
                } else if let Some(client) = &self.cluster {
                    client.get_async_connection().await.map(RedisConn::Cluster)
                } else {
                    Err(redis::RedisError::from((
                        redis::ErrorKind::Client,
                        "no Redis client configured",
                    )))
                }
            })
            .await
            .map_err(|e| unavailable(op, key, &e))?;
        Ok(conn.clone())
    }
}

fn unavailable(op: &'static str, key: &str, e: &redis::RedisError) -> CacheError {
    CacheError::Unavailable {
        op,
        key: key.to_owned(),
        message: e.to_string(),
    }
}

/// `redis://user:secret@host` -> `redis://user:***@host`, so URLs can be logged.
pub fn redact_password(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_owned(),
    }
}

fn ttl_ms(ttl: Duration) -> u64 {
    u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1)
}

macro_rules! on_conn {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            RedisConn::Single(mut $c) => $body,
            RedisConn::Cluster(mut $c) => $body,
        }
    };
}

impl SharedCache for RedisCache {
    fn get<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<Option<Bytes>, CacheError>> {
        Box::pin(async move {
            let conn = self.conn("GET", key).await?;
            let v: Option<Vec<u8>> =
                on_conn!(conn, |c| c.get(key).await).map_err(|e| unavailable("GET", key, &e))?;
            Ok(v.map(Bytes::from))
        })
    }

    fn set<'a>(
        &'a self,
        key: &'a str,
        value: Bytes,
        ttl: Duration,
    ) -> BoxFuture<'a, Result<(), CacheError>> {
        Box::pin(async move {
            let conn = self.conn("SET", key).await?;
            let opts =
                redis::SetOptions::default().with_expiration(redis::SetExpiry::PX(ttl_ms(ttl)));
            let _: () = on_conn!(conn, |c| c.set_options(key, value.as_ref(), opts).await)
                .map_err(|e| unavailable("SET", key, &e))?;
            Ok(())
        })
    }

    fn delete<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<(), CacheError>> {
        Box::pin(async move {
            let conn = self.conn("DEL", key).await?;
            let _: i64 =
                on_conn!(conn, |c| c.del(key).await).map_err(|e| unavailable("DEL", key, &e))?;
            Ok(())
        })
    }

    fn try_lock<'a>(
        &'a self,
        key: &'a str,
        token: &'a str,
        ttl: Duration,
    ) -> BoxFuture<'a, Result<bool, CacheError>> {
        Box::pin(async move {
            let conn = self.conn("SET NX", key).await?;
            let opts = redis::SetOptions::default()
                .conditional_set(redis::ExistenceCheck::NX)
                .with_expiration(redis::SetExpiry::PX(ttl_ms(ttl)));
            let taken: Option<String> = on_conn!(conn, |c| c.set_options(key, token, opts).await)
                .map_err(|e| unavailable("SET NX", key, &e))?;
            Ok(taken.is_some())
        })
    }

    fn unlock<'a>(&'a self, key: &'a str, token: &'a str) -> BoxFuture<'a, Result<(), CacheError>> {
        Box::pin(async move {
            let conn = self.conn("EVAL", key).await?;
            let mut inv = self.unlock.key(key);
            inv.arg(token);
            let _: i64 = on_conn!(conn, |c| inv.invoke_async(&mut c).await)
                .map_err(|e| unavailable("EVAL", key, &e))?;
            Ok(())
        })
    }

    fn ping(&self) -> BoxFuture<'_, Result<(), CacheError>> {
        Box::pin(async move {
            let conn = self.conn("PING", "").await?;
            let _: String = on_conn!(conn, |c| redis::cmd("PING").query_async(&mut c).await)
                .map_err(|e| unavailable("PING", "", &e))?;
            Ok(())
        })
    }

    fn name(&self) -> &'static str {
        "redis"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn memory_cache_expires_and_locks() {
        let c = MemoryCache::new(1 << 20);
        c.set("k", Bytes::from_static(b"v"), Duration::from_millis(50))
            .await
            .expect("set");
        assert_eq!(
            c.get("k").await.expect("get"),
            Some(Bytes::from_static(b"v"))
        );
        tokio::time::sleep(Duration::from_millis(120)).await;
        assert_eq!(c.get("k").await.expect("get"), None);

        assert!(
            c.try_lock("l", "a", Duration::from_secs(5))
                .await
                .expect("lock")
        );
        assert!(
            !c.try_lock("l", "b", Duration::from_secs(5))
                .await
                .expect("lock")
        );
        c.unlock("l", "b").await.expect("unlock");
        assert!(
            !c.try_lock("l", "b", Duration::from_secs(5))
                .await
                .expect("lock")
        );
        c.unlock("l", "a").await.expect("unlock");
        assert!(
            c.try_lock("l", "b", Duration::from_secs(5))
                .await
                .expect("lock")
        );
    }

    #[test]
    fn redis_url_password_is_redacted() {
        assert_eq!(
            redact_password("redis://user:hunter2@127.0.0.1:6379/0"),
            "redis://user:***@127.0.0.1:6379/0"
        );
        assert!(RedisCache::new("").is_err());
        let c = RedisCache::new("redis://:pw@127.0.0.1:1/").expect("valid URL");
        assert!(!format!("{c:?}").contains("pw@"));
    }
}
