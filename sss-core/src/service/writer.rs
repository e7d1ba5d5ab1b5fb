//! Write-behind to the durable store: bounded, batched, retried, never silently dropped.
//!
//! The poller answers as soon as the cache holds a page; the products and the search go to a
//! bounded queue that one task drains into the store in batches. A failed write is retried with
//! backoff (the store may be restarting) for up to `give_up_after`. A job that cannot be queued
//! (the queue holds `capacity` jobs or `max_bytes` of them already) or whose write finally fails is
//! logged at error level and counted.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use backon::{ExponentialBuilder, Retryable};
use tokio::sync::mpsc;

use crate::metrics::{Counter, CounterFamily, Registry, child};
use crate::store::{Answer, Store, StoredSearch};
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

impl WriteJob {
    /// The bytes the job counts against the queue's budget: its products and search as JSON,
    /// about what it will take in the store (the parsed form in memory is somewhat larger).
    pub fn weight(&self) -> u64 {
        let mut n = ByteCount(std::mem::size_of::<Self>() as u64);
        for p in &self.products {
            let _ = serde_json::to_writer(&mut n, p);
        }
        if let Some(s) = &self.search {
            let _ = serde_json::to_writer(&mut n, s);
        }
        n.0
    }

    fn answer(&self) -> Answer<'_> {
        Answer {
            products: &self.products,
            search: self.search.as_ref(),
            fetched_at_ms: self.fetched_at_ms,
        }
    }
}

/// Counts what is written to it.
struct ByteCount(u64);

impl std::io::Write for ByteCount {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Settings of the write-behind queue.
#[derive(Clone, Debug)]
pub struct WriterConfig {
    /// How many jobs may wait.
    pub capacity: usize,
    /// How many bytes of jobs ([`WriteJob::weight`]) may wait. A job is always taken when the
    /// queue is empty, however large.
    pub max_bytes: u64,
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
            max_bytes: 64 << 20,
            batch: 64,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(5),
            give_up_after: Duration::from_secs(600),
            linger: Duration::from_millis(10),
        }
    }
}

/// What the write-behind queue has done.
#[derive(Debug)]
pub struct WriterMetrics {
    /// Jobs by outcome (the four counters below, labelled).
    jobs: CounterFamily,
    /// Jobs written.
    pub written: Counter,
    /// Failed attempts that were retried.
    pub retries: Counter,
    /// Jobs given up after `give_up_after` of failures.
    pub failed: Counter,
    /// Jobs refused because the queue was full.
    pub dropped: Counter,
    /// Products written.
    pub products_written: Counter,
}

impl Default for WriterMetrics {
    fn default() -> Self {
        let jobs = CounterFamily::default();
        WriterMetrics {
            written: child(&jobs, "outcome", "written"),
            retries: child(&jobs, "outcome", "retried"),
            failed: child(&jobs, "outcome", "failed"),
            dropped: child(&jobs, "outcome", "dropped"),
            jobs,
            products_written: Counter::default(),
        }
    }
}

impl WriterMetrics {
    /// Registers the counters in the registry of the process the queue runs in.
    pub fn register(&self, registry: &mut Registry) {
        registry.register(
            "sss_store_writes",
            "Write-behind jobs by outcome (dropped: queue full; failed: given up)",
            self.jobs.clone(),
        );
        registry.register(
            "sss_store_products_written",
            "Products written to the store",
            self.products_written.clone(),
        );
    }
}

/// A queued job and its weight.
type Queued = (WriteJob, u64);

/// The sending side of the write-behind queue. Cheap to clone.
#[derive(Clone, Debug)]
pub struct WriteBehind {
    tx: mpsc::Sender<Queued>,
    pending: Arc<AtomicU64>,
    bytes: Arc<AtomicU64>,
    max_bytes: u64,
    /// Counters for `/metrics`.
    pub metrics: Arc<WriterMetrics>,
}

impl WriteBehind {
    /// Starts the task that drains the queue into `store`.
    pub fn start(store: Arc<dyn Store>, config: WriterConfig) -> WriteBehind {
        let (tx, rx) = mpsc::channel(config.capacity.max(1));
        let pending = Arc::new(AtomicU64::new(0));
        let bytes = Arc::new(AtomicU64::new(0));
        let metrics = Arc::new(WriterMetrics::default());
        let max_bytes = config.max_bytes;
        tokio::spawn(drain(
            rx,
            store,
            config,
            Arc::clone(&pending),
            Arc::clone(&bytes),
            Arc::clone(&metrics),
        ));
        WriteBehind {
            tx,
            pending,
            bytes,
            max_bytes,
            metrics,
        }
    }

    /// Queues `job`; `false` (logged and counted) when the queue is full.
    pub fn enqueue(&self, job: WriteJob) -> bool {
        let weight = job.weight();
        let queued = self.bytes.fetch_add(weight, Ordering::SeqCst);
        self.pending.fetch_add(1, Ordering::SeqCst);
        let sent = if queued > 0 && queued + weight > self.max_bytes {
            Err(job)
        } else {
            self.tx.try_send((job, weight)).map_err(|e| match e {
                mpsc::error::TrySendError::Full((j, _))
                | mpsc::error::TrySendError::Closed((j, _)) => j,
            })
        };
        match sent {
            Ok(()) => true,
            Err(job) => {
                self.pending.fetch_sub(1, Ordering::SeqCst);
                self.bytes.fetch_sub(weight, Ordering::SeqCst);
                self.metrics.dropped.inc();
                let lost = job.products.len();
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

    /// Bytes of the jobs queued or being written ([`WriteJob::weight`]).
    pub fn bytes(&self) -> u64 {
        self.bytes.load(Ordering::SeqCst)
    }

    /// The most bytes that may be queued.
    pub fn max_bytes(&self) -> u64 {
        self.max_bytes
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
    mut rx: mpsc::Receiver<Queued>,
    store: Arc<dyn Store>,
    config: WriterConfig,
    pending: Arc<AtomicU64>,
    bytes: Arc<AtomicU64>,
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
        let weight: u64 = jobs.iter().map(|(_, w)| w).sum();
        let jobs: Vec<WriteJob> = jobs.into_iter().map(|(j, _)| j).collect();
        write_with_retries(&*store, &jobs, &config, &metrics).await;
        drop(jobs);
        bytes.fetch_sub(weight, Ordering::SeqCst);
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
    // Delays double from `initial_backoff` to `max_backoff`, as many as it takes: the give-up is
    // by the clock, a failure after `give_up_after` is final. Not backon's `with_total_delay`,
    // which counts only the sleeps: a store that takes its own timeout to fail each write would
    // then be retried for far longer than `give_up_after`.
    let policy = ExponentialBuilder::new()
        .with_min_delay(config.initial_backoff)
        .with_max_delay(config.max_backoff)
        .with_factor(2.0)
        .without_max_times();
    let result = (|| write_batch(store, jobs))
        .retry(policy)
        .when(|_| started.elapsed() < config.give_up_after)
        .notify(|e, backoff| {
            metrics.retries.inc();
            tracing::warn!(error = %e, retry_in_ms = backoff.as_millis() as u64, "store write failed; retrying");
        })
        .await;
    match result {
        Ok(products) => {
            metrics.written.inc_by(jobs.len() as u64);
            metrics.products_written.inc_by(products);
        }
        Err(e) => {
            metrics.failed.inc_by(jobs.len() as u64);
            let products: usize = jobs.iter().map(|j| j.products.len()).sum();
            tracing::error!(error = %e, jobs = jobs.len(), products, "store write given up");
        }
    }
}

/// Writes every product of `jobs` (latest copy of each id wins), then their searches.
async fn write_batch(
    store: &dyn Store,
    jobs: &[WriteJob],
) -> Result<u64, crate::store::StoreError> {
    let answers: Vec<Answer<'_>> = jobs.iter().map(WriteJob::answer).collect();
    store.write_batch(&answers).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{EmbeddedConfig, EmbeddedStore};

    fn job(id: u64) -> WriteJob {
        let product: SsProduct = serde_json::from_value(serde_json::json!({
            "id": id,
            "name": "A product",
            "description": "x".repeat(4000),
        }))
        .expect("a product");
        WriteJob {
            products: vec![product],
            search: None,
            fetched_at_ms: 1,
        }
    }

    #[tokio::test]
    async fn the_queue_refuses_answers_past_its_byte_budget_and_writes_the_rest() {
        let dir = std::env::temp_dir().join(format!(
            "sss-writer-test-{}-{:012x}",
            std::process::id(),
            fastrand::u64(..) & 0xffff_ffff_ffff
        ));
        let store = Arc::new(EmbeddedStore::open(&dir, EmbeddedConfig::default()).expect("open"));
        let weight = job(0).weight();
        assert!(weight > 4000, "{weight}");
        let writer = WriteBehind::start(
            Arc::clone(&store) as Arc<dyn Store>,
            WriterConfig {
                max_bytes: weight * 3,
                ..WriterConfig::default()
            },
        );
        // Nothing is written before the first await: the queue fills up to its budget.
        let accepted = (0..10).filter(|i| writer.enqueue(job(*i))).count();
        assert_eq!(accepted, 3);
        assert_eq!(writer.bytes(), weight * 3);
        assert_eq!(writer.metrics.dropped.get(), 7);
        assert!(writer.flush(Duration::from_secs(10)).await);
        assert_eq!(writer.bytes(), 0);
        assert_eq!(writer.metrics.products_written.get(), 3);
        assert_eq!(store.usage().map(|u| u.products), Some(3));
        // An answer larger than the whole budget is still taken when the queue is empty.
        let tiny = WriteBehind::start(
            Arc::clone(&store) as Arc<dyn Store>,
            WriterConfig {
                max_bytes: 1,
                ..WriterConfig::default()
            },
        );
        assert!(tiny.enqueue(job(99)));
        assert!(!tiny.enqueue(job(98)));
        assert!(tiny.flush(Duration::from_secs(10)).await);
        drop((writer, tiny, store));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
