//! In-process single flight: concurrent calls for one key share one execution.
//!
//! The first caller spawns the work as a task (so it finishes even if that caller goes away);
//! later callers for the same key await the same result. The key is forgotten when the work
//! ends, so the next call after that starts afresh.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use futures_util::FutureExt;
use futures_util::future::{BoxFuture, Shared};

type Flight<V> = Shared<BoxFuture<'static, Option<V>>>;

/// Shares one execution per key among concurrent callers.
#[derive(Debug)]
pub struct SingleFlight<V: Clone + Send + Sync + 'static> {
    flights: Arc<Mutex<HashMap<String, Flight<V>>>>,
}

impl<V: Clone + Send + Sync + 'static> Default for SingleFlight<V> {
    fn default() -> Self {
        Self {
            flights: Arc::default(),
        }
    }
}

impl<V: Clone + Send + Sync + 'static> SingleFlight<V> {
    /// Runs `work` for `key` unless a run for `key` is already in flight, in which case it waits
    /// for that run's result. `None` only if the work panicked.
    pub async fn run<F>(&self, key: &str, work: impl FnOnce() -> F) -> Option<V>
    where
        F: Future<Output = V> + Send + 'static,
    {
        let flight = {
            let mut flights = self.flights.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(f) = flights.get(key) {
                f.clone()
            } else {
                let map = Arc::clone(&self.flights);
                let owned_key = key.to_owned();
                let task = tokio::spawn(work());
                let flight: Flight<V> = async move {
                    let result = task.await.ok();
                    map.lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .remove(&owned_key);
                    result
                }
                .boxed()
                .shared();
                flights.insert(key.to_owned(), flight.clone());
                // Drive the flight even if every caller stops waiting, so the key is released.
                tokio::spawn(flight.clone());
                flight
            }
        };
        flight.await
    }

    /// How many keys are in flight now.
    pub fn in_flight(&self) -> usize {
        self.flights.lock().map(|f| f.len()).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    #[tokio::test]
    async fn concurrent_calls_share_one_execution() {
        let sf = Arc::new(SingleFlight::<u32>::default());
        let runs = Arc::new(AtomicUsize::new(0));
        let mut handles = Vec::new();
        for _ in 0..50 {
            let sf = Arc::clone(&sf);
            let runs = Arc::clone(&runs);
            handles.push(tokio::spawn(async move {
                sf.run("k", || async move {
                    runs.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    7
                })
                .await
            }));
        }
        for h in handles {
            assert_eq!(h.await.expect("task"), Some(7));
        }
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        assert_eq!(sf.in_flight(), 0);
        // A later call runs again.
        let again = sf.run("k", || async { 8 }).await;
        assert_eq!(again, Some(8));
    }
}
