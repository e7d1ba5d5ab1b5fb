//! The poller: fills the shared cache from the store or the upstream, once per key.
//!
//! One fill of a key: (1) a fresh page already in the shared cache is returned as is; (2) a lock
//! on the key in the shared cache makes one process the filler while the others wait for its
//! page; (3) a fresh copy in the store is rebuilt into a page (STORE); (4) otherwise the upstream
//! is asked, the page is written to the shared cache before answering, and the products and the
//! search go to the store write-behind. When the upstream fails, a stale page from the cache or
//! a stored copy of any age is returned instead. Within one process, concurrent fills of one key
//! share one run.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_util::future::BoxFuture;
use serde::Serialize;

use super::fill::{FetchRequest, FillError, Filled, Filler, Source};
use super::page::{CachedPage, Shape, now_ms};
use super::singleflight::SingleFlight;
use super::writer::{WriteBehind, WriteJob};
use super::{Check, Freshness, PollerMetrics};
use crate::cache::SharedCache;
use crate::domain::{Category, ListKind};
use crate::store::{Store, StoredSearch};
use crate::upstream::wire::{SsCategoriesResponse, SsRef};
use crate::upstream::{SearchRequest, Upstream, UpstreamError};

/// How long a store read may take before the fill goes on without it.
const STORE_READ_TIMEOUT: Duration = Duration::from_secs(1);
/// After a store read fails, how long store reads are skipped (so an outage does not slow every
/// miss by a timeout).
const STORE_BACKOFF_MS: i64 = 5_000;
/// How often a process waiting on another's fill looks for the page.
const LOCK_POLL: Duration = Duration::from_millis(20);

/// Settings of the poller.
#[derive(Clone, Debug)]
pub struct PollerConfig {
    /// Freshness and key prefix.
    pub freshness: Freshness,
    /// How long the cross-process fill lock lives if its holder dies; waiters give up waiting
    /// after this and try to fill themselves.
    pub lock_ttl: Duration,
}

impl Default for PollerConfig {
    fn default() -> Self {
        Self {
            freshness: Freshness::default(),
            lock_ttl: Duration::from_secs(20),
        }
    }
}

struct Inner {
    upstream: Arc<dyn Upstream>,
    shared: Arc<dyn SharedCache>,
    store: Arc<dyn Store>,
    writer: WriteBehind,
    flights: SingleFlight<Result<Filled, FillError>>,
    config: PollerConfig,
    metrics: PollerMetrics,
    store_skip_until_ms: AtomicI64,
    categories: tokio::sync::RwLock<Option<(Instant, Bytes)>>,
    /// The upstream's whole lists (brands, retailers, colours), each kept for the list
    /// lifetime, so a list fill for a new prefix costs no upstream call.
    lists: tokio::sync::Mutex<HashMap<ListKind, KeptList>>,
}

/// A whole list from the upstream and when it came.
type KeptList = (Instant, Arc<Vec<SsRef>>);

/// The poller. Cheap to clone.
#[derive(Clone)]
pub struct Poller(Arc<Inner>);

impl std::fmt::Debug for Poller {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Poller")
            .field("upstream", &self.0.upstream)
            .field("shared", &self.0.shared)
            .field("store", &self.0.store)
            .finish()
    }
}

/// The public API's categories body.
#[derive(Serialize)]
struct CategoriesBody<'a> {
    root: &'a str,
    categories: Vec<Category>,
}

impl Poller {
    /// A poller over these parts. `writer` must write to `store`.
    pub fn new(
        upstream: Arc<dyn Upstream>,
        shared: Arc<dyn SharedCache>,
        store: Arc<dyn Store>,
        writer: WriteBehind,
        config: PollerConfig,
    ) -> Poller {
        Poller(Arc::new(Inner {
            upstream,
            shared,
            store,
            writer,
            flights: SingleFlight::default(),
            config,
            metrics: PollerMetrics::default(),
            store_skip_until_ms: AtomicI64::new(0),
            categories: tokio::sync::RwLock::new(None),
            lists: tokio::sync::Mutex::default(),
        }))
    }

    /// Counters for `/metrics`.
    pub fn metrics(&self) -> &PollerMetrics {
        &self.0.metrics
    }

    /// Fills running now (its single-flight map's entries).
    pub fn in_flight(&self) -> usize {
        self.0.flights.in_flight()
    }

    /// The write-behind queue.
    pub fn writer(&self) -> &WriteBehind {
        &self.0.writer
    }

    /// The shared cache.
    pub fn shared(&self) -> &Arc<dyn SharedCache> {
        &self.0.shared
    }

    /// The store.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.0.store
    }

    /// The upstream.
    pub(super) fn upstream(&self) -> &Arc<dyn Upstream> {
        &self.0.upstream
    }

    /// The upstream's whole list of `kind`: the copy kept here while it is younger than the
    /// list lifetime, else a new one (an old copy when the upstream fails).
    pub(super) async fn whole_list(
        &self,
        kind: ListKind,
    ) -> Result<Arc<Vec<SsRef>>, UpstreamError> {
        let ttl = self.0.config.freshness.list_ttl;
        let mut lists = self.0.lists.lock().await;
        if let Some((at, list)) = lists.get(&kind)
            && at.elapsed() < ttl
        {
            return Ok(Arc::clone(list));
        }
        let answer = self.0.upstream.list(kind).await;
        self.0.metrics.upstream_call(&answer);
        match answer {
            Ok(list) => {
                let list = Arc::new(list);
                lists.insert(kind, (Instant::now(), Arc::clone(&list)));
                Ok(list)
            }
            Err(e) => match lists.get(&kind) {
                Some((_, list)) if !e.is_rejection() => Ok(Arc::clone(list)),
                _ => Err(e),
            },
        }
    }

    /// Fills the cache for `req`, sharing the run with concurrent fills of the same key.
    pub async fn fetch(&self, req: &FetchRequest) -> Result<Filled, FillError> {
        let key = req.shape.key(&req.query, &self.0.config.freshness.prefix);
        let flight_key = if req.refresh {
            format!("{key}#refresh")
        } else {
            key.clone()
        };
        let this = self.clone();
        let req = req.clone();
        let result = self
            .0
            .flights
            .run(&flight_key, move || async move {
                this.fill_once(&key, &req).await
            })
            .await;
        result.unwrap_or_else(|| Err(FillError::Unavailable("the fill task failed".into())))
    }

    async fn fill_once(&self, key: &str, req: &FetchRequest) -> Result<Filled, FillError> {
        let fresh = &self.0.config.freshness;
        if !req.refresh
            && let Some(page) = self.cached(key).await
            && page.age_secs(now_ms()) < fresh.fresh_for(req.shape).as_secs()
        {
            self.0.metrics.fills_cache.inc();
            return Ok(Filled {
                page: Arc::new(page),
                source: Source::Cache,
            });
        }

        let lock_key = format!("{key}:lock");
        let token = format!("{:016x}", fastrand::u64(..));
        // The first try for the lock and the store read go out together: on the usual miss the
        // lock is free and the store's answer is ready as soon as the lock is held.
        let (first_try, early_stored) = tokio::join!(
            self.0
                .shared
                .try_lock(&lock_key, &token, self.0.config.lock_ttl),
            async {
                if req.refresh {
                    None
                } else {
                    self.stored(key, req.shape).await
                }
            },
        );
        // A copy read before waiting on another filler may predate its work: read it again.
        let decided_at_once = !matches!(first_try, Ok(false));
        let locked = match self
            .acquire_lock(key, req.shape, &lock_key, &token, first_try)
            .await
        {
            Lock::Held => true,
            Lock::Unavailable => false,
            Lock::FilledByOther(page) => {
                self.0.metrics.fills_cache.inc();
                return Ok(Filled {
                    page: Arc::new(page),
                    source: Source::Cache,
                });
            }
        };
        let stored = decided_at_once.then_some(early_stored);
        let result = self.fill_locked(key, req, stored).await;
        if locked {
            // Released without holding up the answer: the page is in the cache already, so
            // fills waiting on the lock find it there.
            let shared = Arc::clone(&self.0.shared);
            tokio::spawn(async move {
                if let Err(e) = shared.unlock(&lock_key, &token).await {
                    tracing::warn!(error = %e, "could not release the fill lock; it expires by itself");
                }
            });
        }
        result
    }

    /// Takes the fill lock, given the outcome of a first try; while another process holds it,
    /// waits for that process's page or for the lock to go (at most a lock lifetime).
    async fn acquire_lock(
        &self,
        key: &str,
        shape: Shape,
        lock_key: &str,
        token: &str,
        first_try: Result<bool, crate::cache::CacheError>,
    ) -> Lock {
        match first_try {
            Ok(true) => return Lock::Held,
            Ok(false) => {}
            Err(e) => {
                self.0.metrics.cache_errors.inc();
                tracing::warn!(error = %e, "fill lock unavailable; filling without it");
                return Lock::Unavailable;
            }
        }
        let deadline = Instant::now() + self.0.config.lock_ttl;
        let fresh_secs = self.0.config.freshness.fresh_for(shape).as_secs();
        self.0.metrics.lock_waits.inc();
        // Someone else is filling: wait for their page, or for the lock to go.
        while Instant::now() < deadline {
            tokio::time::sleep(LOCK_POLL).await;
            if let Some(page) = self.cached(key).await
                && page.age_secs(now_ms()) < fresh_secs
            {
                return Lock::FilledByOther(page);
            }
            match self
                .0
                .shared
                .try_lock(lock_key, token, self.0.config.lock_ttl)
                .await
            {
                Ok(true) => return Lock::Held,
                Ok(false) => {}
                Err(_) => return Lock::Unavailable,
            }
        }
        tracing::warn!("waited a whole lock lifetime for another fill; filling");
        Lock::Unavailable
    }

    /// Fills `key` from the store or the upstream. `stored` is the store's copy when it was
    /// read already (`None`: read it now).
    async fn fill_locked(
        &self,
        key: &str,
        req: &FetchRequest,
        stored: Option<Option<CachedPage>>,
    ) -> Result<Filled, FillError> {
        let fresh = &self.0.config.freshness;
        let stored = match stored {
            Some(s) => s,
            None if req.refresh => None,
            None => self.stored(key, req.shape).await,
        };
        if !req.refresh
            && let Some(page) = stored
            && page.age_secs(now_ms()) < fresh.fresh_ttl.as_secs()
        {
            self.put(key, &page, false).await;
            self.0.metrics.fills_store.inc();
            return Ok(Filled {
                page: Arc::new(page),
                source: Source::Store,
            });
        }
        // Facet counts and lists are not rebuilt from the store (it keeps products and the
        // searches' product ids, not counts): the upstream, else a stale copy.
        let derived = match req.shape {
            Shape::Facets(set) => Some(
                self.facets_page(&req.query, set)
                    .await
                    .map(|(page, total)| (page, total == 0)),
            ),
            Shape::List(kind) => Some(self.list_page(kind, &req.query).await.map(|p| (p, false))),
            Shape::Suggest => Some(self.suggest_page(&req.query).await.map(|p| (p, false))),
            Shape::Page | Shape::Raw => None,
        };
        if let Some(answer) = derived {
            return match answer {
                Ok((page, empty)) => {
                    self.put(key, &page, empty).await;
                    self.0.metrics.fills_upstream.inc();
                    Ok(Filled {
                        page: Arc::new(page),
                        source: Source::Upstream,
                    })
                }
                Err(e) => self.fallback(key, req.shape, e).await,
            };
        }

        let upstream_req = SearchRequest::from(&req.query);
        let started = Instant::now();
        let answer = self.0.upstream.search(&upstream_req).await;
        self.0.metrics.upstream_latency.observe(started.elapsed());
        self.0.metrics.upstream_call(&answer);
        match answer {
            Ok(resp) => {
                let fetched_at_ms = now_ms();
                let page = CachedPage::build(
                    req.shape,
                    &req.query,
                    resp.metadata.total,
                    &resp.products,
                    fetched_at_ms,
                    resp.metadata.text_match(),
                    resp.metadata.corrected(),
                );
                self.put(key, &page, resp.products.is_empty()).await;
                let search = StoredSearch {
                    key: key.to_owned(),
                    query: req.query.clone(),
                    product_ids: resp.products.iter().map(|p| p.id.to_string()).collect(),
                    total: resp.metadata.total,
                    fetched_at_ms,
                };
                self.0.writer.enqueue(WriteJob {
                    products: resp.products,
                    search: Some(search),
                    fetched_at_ms,
                });
                self.0.metrics.fills_upstream.inc();
                Ok(Filled {
                    page: Arc::new(page),
                    source: Source::Upstream,
                })
            }
            Err(e) => self.fallback(key, req.shape, e).await,
        }
    }

    /// After an upstream failure: a stale cached page, else a stored copy of any age.
    async fn fallback(
        &self,
        key: &str,
        shape: Shape,
        error: UpstreamError,
    ) -> Result<Filled, FillError> {
        if error.is_rejection() {
            return Err(rejection(&error));
        }
        tracing::warn!(error = %error, "upstream failed; looking for a stale or stored copy");
        if let Some(page) = self.cached(key).await {
            self.0.metrics.fills_stale.inc();
            return Ok(Filled {
                page: Arc::new(page),
                source: Source::Stale,
            });
        }
        if let Some(page) = self.stored(key, shape).await {
            self.0.metrics.fills_store.inc();
            return Ok(Filled {
                page: Arc::new(page),
                source: Source::Store,
            });
        }
        Err(FillError::Upstream(error.to_string()))
    }

    /// The page in the shared cache; a cache error counts as a miss.
    async fn cached(&self, key: &str) -> Option<CachedPage> {
        match self.0.shared.get(key).await {
            Ok(v) => v.as_ref().and_then(CachedPage::decode),
            Err(e) => {
                self.0.metrics.cache_errors.inc();
                tracing::debug!(error = %e, "shared cache read failed");
                None
            }
        }
    }

    /// Writes `page` to the shared cache for as long as it may be served.
    async fn put(&self, key: &str, page: &CachedPage, empty: bool) {
        let fresh = &self.0.config.freshness;
        let age = Duration::from_secs(page.age_secs(now_ms()));
        let lifetime = if empty {
            fresh.empty_ttl
        } else {
            fresh.fresh_for(page.shape) + fresh.stale_ttl
        };
        let Some(ttl) = lifetime.checked_sub(age).filter(|t| !t.is_zero()) else {
            return;
        };
        if let Err(e) = self.0.shared.set(key, page.encode(), ttl).await {
            self.0.metrics.cache_errors.inc();
            tracing::warn!(error = %e, "shared cache write failed; the page is served uncached");
        }
    }

    /// The page rebuilt from the store, when the search and all its products are there.
    async fn stored(&self, key: &str, shape: Shape) -> Option<CachedPage> {
        if matches!(shape, Shape::Facets(_) | Shape::List(_) | Shape::Suggest)
            || now_ms() < self.0.store_skip_until_ms.load(Ordering::Relaxed)
        {
            return None;
        }
        let read = async {
            let Some(search) = self.0.store.search(key).await? else {
                return Ok(None);
            };
            let products = self.0.store.products(&search.product_ids).await?;
            if products.len() != search.product_ids.len() {
                return Ok(None);
            }
            Ok::<_, crate::store::StoreError>(Some(CachedPage::build(
                shape,
                &search.query,
                search.total,
                &products,
                search.fetched_at_ms,
                None,
                None,
            )))
        };
        match tokio::time::timeout(STORE_READ_TIMEOUT, read).await {
            Ok(Ok(page)) => page,
            Ok(Err(e)) => {
                self.store_failed(&e.to_string());
                None
            }
            Err(_) => {
                self.store_failed("timed out");
                None
            }
        }
    }

    fn store_failed(&self, error: &str) {
        self.0.metrics.store_errors.inc();
        self.0
            .store_skip_until_ms
            .store(now_ms() + STORE_BACKOFF_MS, Ordering::Relaxed);
        tracing::warn!(error, "store read failed; skipping store reads for a while");
    }

    /// The public API's categories body, from the upstream, kept for the fresh time; an old copy
    /// is served when the upstream fails.
    pub async fn categories(&self) -> Result<Bytes, FillError> {
        let fresh_ttl = self.0.config.freshness.fresh_ttl;
        if let Some((at, body)) = self.0.categories.read().await.as_ref()
            && at.elapsed() < fresh_ttl
        {
            return Ok(body.clone());
        }
        let mut slot = self.0.categories.write().await;
        if let Some((at, body)) = slot.as_ref()
            && at.elapsed() < fresh_ttl
        {
            return Ok(body.clone());
        }
        let answer = self.0.upstream.categories().await;
        self.0.metrics.upstream_call(&answer);
        match answer {
            Ok(resp) => {
                let body = Bytes::from(categories_body(&resp));
                *slot = Some((Instant::now(), body.clone()));
                Ok(body)
            }
            Err(e) => match slot.as_ref() {
                Some((_, body)) => Ok(body.clone()),
                None => Err(FillError::Upstream(e.to_string())),
            },
        }
    }

    /// One product in the public API's shape: from the store, else from the upstream (and then
    /// stored).
    pub async fn product(&self, id: &str) -> Result<Bytes, FillError> {
        let ids = [id.to_owned()];
        if now_ms() >= self.0.store_skip_until_ms.load(Ordering::Relaxed) {
            match tokio::time::timeout(STORE_READ_TIMEOUT, self.0.store.products(&ids)).await {
                Ok(Ok(found)) => {
                    if let Some(p) = found.first() {
                        return Ok(json_bytes(&p.to_product()));
                    }
                }
                Ok(Err(e)) => self.store_failed(&e.to_string()),
                Err(_) => self.store_failed("timed out"),
            }
        }
        let answer = self.0.upstream.product(id).await;
        self.0.metrics.upstream_call(&answer);
        match answer {
            Ok(Some(p)) => {
                let body = json_bytes(&p.to_product());
                self.0.writer.enqueue(WriteJob {
                    products: vec![p],
                    search: None,
                    fetched_at_ms: now_ms(),
                });
                Ok(body)
            }
            Ok(None) => Err(FillError::NotFound),
            Err(e) if e.is_rejection() => Err(FillError::NotFound),
            Err(e) => Err(FillError::Upstream(e.to_string())),
        }
    }

    /// Pings the shared cache and the store.
    pub async fn checks(&self) -> Vec<Check> {
        let (cache, store) = tokio::join!(self.0.shared.ping(), async {
            tokio::time::timeout(STORE_READ_TIMEOUT * 2, self.0.store.ping()).await
        });
        let store = match store {
            Ok(outcome) => outcome.map_err(|e| e.to_string()),
            Err(_) => Err("ping timed out".to_owned()),
        };
        vec![
            Check::of(self.0.shared.name(), cache),
            Check::of(self.0.store.name(), store),
        ]
    }
}

/// The client-facing form of an upstream rejection: the upstream's own message (never the URL),
/// and the public parameter it is about when the message names one.
fn rejection(error: &UpstreamError) -> FillError {
    let said = match error {
        UpstreamError::Api { message, .. } => message.clone(),
        UpstreamError::Status { status, .. } => format!("HTTP {status}"),
        other => other.to_string(),
    };
    let lower = said.to_lowercase();
    let parameter = [
        ("brand", "brand"),
        ("retailer", "retailer"),
        ("colo", "color"),
        ("price", "minPrice"),
        ("categor", "cat"),
        ("offset", "offset"),
        ("limit", "limit"),
        ("fts", "fts"),
    ]
    .iter()
    .find(|(word, _)| lower.contains(word))
    .map(|(_, p)| (*p).to_owned());
    FillError::Rejected {
        parameter,
        message: format!("not accepted by the product source: {said}"),
    }
}

enum Lock {
    Held,
    Unavailable,
    FilledByOther(CachedPage),
}

fn json_bytes<T: Serialize>(v: &T) -> Bytes {
    Bytes::from(serde_json::to_vec(v).unwrap_or_default())
}

/// The public API's categories body: every category under the root, depth-first, each parent
/// before its children, siblings in the upstream's order.
fn categories_body(resp: &SsCategoriesResponse) -> Vec<u8> {
    use std::collections::HashMap;
    let root = resp.metadata.root.id.as_str();
    let mut children: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, c) in resp.categories.iter().enumerate() {
        children
            .entry(c.parent_id.as_deref().unwrap_or(root))
            .or_default()
            .push(i);
    }
    let mut ordered = Vec::with_capacity(resp.categories.len());
    let mut stack: Vec<usize> = children.get(root).cloned().unwrap_or_default();
    stack.reverse();
    let mut seen = vec![false; resp.categories.len()];
    while let Some(i) = stack.pop() {
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        let c = &resp.categories[i];
        ordered.push(c.to_category());
        if let Some(kids) = children.get(c.id.as_str()) {
            stack.extend(kids.iter().rev());
        }
    }
    serde_json::to_vec(&CategoriesBody {
        root,
        categories: ordered,
    })
    .unwrap_or_default()
}

impl Filler for Poller {
    fn fill<'a>(&'a self, req: &'a FetchRequest) -> BoxFuture<'a, Result<Filled, FillError>> {
        Box::pin(self.fetch(req))
    }

    fn categories(&self) -> BoxFuture<'_, Result<Bytes, FillError>> {
        Box::pin(Poller::categories(self))
    }

    fn product<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<Bytes, FillError>> {
        Box::pin(Poller::product(self, id))
    }

    fn checks(&self) -> BoxFuture<'_, Vec<Check>> {
        Box::pin(Poller::checks(self))
    }
}
