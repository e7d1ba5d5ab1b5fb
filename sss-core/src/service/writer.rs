//! Write-behind to the durable store: bounded, batched, retried, never silently dropped.
//!
//! The poller answers as soon as the cache holds a page; the products and the search go to a
//! bounded queue that one task drains into the store in batches. A failed write is retried with
//! backoff (the store may be restarting) for up to `give_up_after`. A job that cannot be queued
//! (the queue is full) or whose write finally fails is logged at error level and counted.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::mpsc;

use crate::metrics::Counter;
use crate::store::{Store, StoredSearch};
use crate::upstream::wire::SsProduct;

/// One upstream answer to keep.
#[derive(Clone, Debug)]
pub struct WriteJob {
    /// The raw products.
    pub products: Vec<SsProduct>,
    /// The search that listed them, when there is one.
    pub search: Option<StoredSearch>,
    /// When the upstream answered (ms since the Unix epoch).
    pub fetched_at_ms: i64,
}

/// Settings of the write-behind queue.
#[derive(Clone, Debug)]
pub struct WriterConfig {
    /// How many jobs may wait.
    pub capacity: usize,
    /// The most jobs written in one batch.
    pub batch: usize,
    /// The first retry delay; it doubles up to `max_backoff`.
    pub initial_backoff: Duration,
    /// The longest retry delay.
    pub max_backoff: Duration,
    /// How long one batch is retried before it is given up (logged and counted).
    pub give_up_after: Duration,
    /// How long the writer waits after a first job before writing, gathering the jobs that
    /// follow into the same batch. It also lets the answer that queued the job leave first: on a
    /// small machine the store's work would otherwise compete with it for the CPU.
    pub linger: Duration,
}

impl Default for WriterConfig {
    fn default() -> Self {
        Self {
            capacity: 10_000,
            batch: 64,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(5),
            give_up_after: Duration::from_secs(600),
            linger: Duration::from_millis(10),
        }
    }
}

/// What the write-behind queue has done.
#[derive(Debug, Default)]
pub struct WriterMetrics {
    /// Jobs written.
    pub written: Counter,
    /// Products written.
    pub products_written: Counter,
    /// Failed attempts that were retried.
    pub retries: Counter,
    /// Jobs given up after `give_up_after` of failures.
    pub failed: Counter,
    /// Jobs refused because the queue was full.
    pub dropped: Counter,
}

/// The sending side of the write-behind queue. Cheap to clone.
#[derive(Clone, Debug)]
pub struct WriteBehind {
    tx: mpsc::Sender<WriteJob>,
    pending: Arc<AtomicU64>,
    /// Counters for `/metrics`.
    pub metrics: Arc<WriterMetrics>,
}

impl WriteBehind {
    /// Starts the task that drains the queue into `store`.
    pub fn start(store: Arc<dyn Store>, config: WriterConfig) -> WriteBehind {
        let (tx, rx) = mpsc::channel(config.capacity.max(1));
        let pending = Arc::new(AtomicU64::new(0));
        let metrics = Arc::new(WriterMetrics::default());
        tokio::spawn(drain(
            rx,
            store,
            config,
            Arc::clone(&pending),
            Arc::clone(&metrics),
        ));
        WriteBehind {
            tx,
            pending,
            metrics,
        }
    }

    /// Queues `job`; `false` (logged and counted) when the queue is full.
    pub fn enqueue(&self, job: WriteJob) -> bool {
        self.pending.fetch_add(1, Ordering::SeqCst);
        match self.tx.try_send(job) {
            Ok(()) => true,
            Err(e) => {
                self.pending.fetch_sub(1, Ordering::SeqCst);
                self.metrics.dropped.inc();
                let lost = match &e {
                    mpsc::error::TrySendError::Full(j) | mpsc::error::TrySendError::Closed(j) => {
                        j.products.len()
                    }
                };
                tracing::error!(
                    products = lost,
                    "write-behind queue full or closed: this answer will not reach the store"
                );
                false
            }
        }
    }

    /// Jobs queued or being written.
    pub fn depth(&self) -> u64 {
        self.pending.load(Ordering::SeqCst)
    }

    /// Waits until the queue is empty or `timeout` passes; `true` when empty.
    pub async fn flush(&self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while self.depth() > 0 {
            if Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        true
    }
}

async fn drain(
    mut rx: mpsc::Receiver<WriteJob>,
    store: Arc<dyn Store>,
    config: WriterConfig,
    pending: Arc<AtomicU64>,
    metrics: Arc<WriterMetrics>,
) {
    while let Some(first) = rx.recv().await {
        if !config.linger.is_zero() {
            tokio::time::sleep(config.linger).await;
        }
        let mut jobs = vec![first];
        while jobs.len() < config.batch {
            match rx.try_recv() {
                Ok(j) => jobs.push(j),
                Err(_) => break,
            }
        }
        let n = jobs.len() as u64;
        write_with_retries(&*store, &jobs, &config, &metrics).await;
        pending.fetch_sub(n, Ordering::SeqCst);
    }
}

async fn write_with_retries(
    store: &dyn Store,
    jobs: &[WriteJob],
    config: &WriterConfig,
    metrics: &WriterMetrics,
) {
    let started = Instant::now();
    let mut backoff = config.initial_backoff;
    loop {
        match write_batch(store, jobs).await {
            Ok(products) => {
                metrics.written.add(jobs.len() as u64);
                metrics.products_written.add(products);
                return;
            }
            Err(e) if started.elapsed() < config.give_up_after => {
                metrics.retries.inc();
                tracing::warn!(error = %e, retry_in_ms = backoff.as_millis() as u64, "store write failed; retrying");
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(config.max_backoff);
            }
            Err(e) => {
                metrics.failed.add(jobs.len() as u64);
                let products: usize = jobs.iter().map(|j| j.products.len()).sum();
                tracing::error!(error = %e, jobs = jobs.len(), products, "store write given up");
                return;
            }
        }
    }
}

/// Writes every product of `jobs` (latest copy of each id wins), then their searches.
async fn write_batch(
    store: &dyn Store,
    jobs: &[WriteJob],
) -> Result<u64, crate::store::StoreError> {
    let mut written = 0;
    for job in jobs {
        store
            .upsert_products(&job.products, job.fetched_at_ms)
            .await?;
        written += job.products.len() as u64;
    }
    for search in jobs.iter().filter_map(|j| j.search.as_ref()) {
        store.save_search(search).await?;
    }
    Ok(written)
}
