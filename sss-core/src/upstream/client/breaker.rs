//! A circuit breaker: after `threshold` consecutive transient failures the upstream is left
//! alone for `cooldown`, then one trial call decides whether it is back.

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// The breaker's state machine.
#[derive(Debug)]
enum State {
    /// Calls go through; `failures` counts consecutive transient failures.
    Closed { failures: u32 },
    /// Calls fail fast until `until`.
    Open { until: Instant },
    /// One trial call is in flight; others fail fast.
    HalfOpen,
}

/// Shared by all clones of one client.
#[derive(Debug)]
pub(super) struct CircuitBreaker {
    threshold: u32,
    cooldown: Duration,
    /// Names the upstream in log lines (the base URL).
    label: String,
    state: Mutex<State>,
}

/// How an attempt ended, for the breaker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Outcome {
    /// The upstream answered (success, or a rejection of what was asked).
    Answered,
    /// A transient failure: timeout, connection error, 5xx, 429.
    Failed,
}

/// Leave to make one attempt. Dropping it without [`Permit::record`] (the caller gave up
/// while waiting) lets the next caller make the trial instead.
#[derive(Debug)]
pub(super) struct Permit<'a> {
    breaker: &'a CircuitBreaker,
    trial: bool,
    recorded: bool,
}

impl CircuitBreaker {
    /// `None` when `threshold` is 0 (no breaker).
    pub(super) fn new(threshold: u32, cooldown: Duration, label: String) -> Option<Self> {
        (threshold > 0).then(|| CircuitBreaker {
            threshold,
            cooldown,
            label,
            state: Mutex::new(State::Closed { failures: 0 }),
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Leave to call, or `Err(retry_in)` while the circuit is open. When a trial call is in
    /// flight, `retry_in` is zero: the answer is near.
    pub(super) fn acquire(&self) -> Result<Permit<'_>, Duration> {
        self.acquire_at(Instant::now())
    }

    fn acquire_at(&self, now: Instant) -> Result<Permit<'_>, Duration> {
        let mut state = self.lock();
        let trial = match *state {
            State::Closed { .. } => false,
            State::Open { until } if now >= until => {
                *state = State::HalfOpen;
                true
            }
            State::Open { until } => return Err(until - now),
            State::HalfOpen => return Err(Duration::ZERO),
        };
        Ok(Permit {
            breaker: self,
            trial,
            recorded: false,
        })
    }

    fn apply(&self, trial: bool, outcome: Outcome, now: Instant) {
        let mut state = self.lock();
        match (outcome, &*state) {
            (Outcome::Answered, State::Closed { .. }) => *state = State::Closed { failures: 0 },
            (Outcome::Answered, _) => {
                *state = State::Closed { failures: 0 };
                tracing::info!(upstream = %self.label, "upstream circuit closed: the upstream answers again");
            }
            (Outcome::Failed, State::Closed { failures }) => {
                let failures = failures.saturating_add(1);
                if failures >= self.threshold {
                    *state = State::Open {
                        until: now + self.cooldown,
                    };
                    tracing::warn!(
                        upstream = %self.label,
                        failures,
                        cooldown_ms = duration_ms(self.cooldown),
                        "upstream circuit opened after consecutive transient failures"
                    );
                } else {
                    *state = State::Closed { failures };
                }
            }
            (Outcome::Failed, State::HalfOpen) if trial => {
                *state = State::Open {
                    until: now + self.cooldown,
                };
                tracing::warn!(
                    upstream = %self.label,
                    cooldown_ms = duration_ms(self.cooldown),
                    "upstream circuit trial call failed; open again"
                );
            }
            // A call that started before the circuit opened and failed after: nothing new.
            (Outcome::Failed, _) => {}
        }
    }

    fn abandon_trial(&self, now: Instant) {
        let mut state = self.lock();
        if matches!(*state, State::HalfOpen) {
            *state = State::Open { until: now };
        }
    }
}

impl Permit<'_> {
    /// Records how the attempt ended.
    pub(super) fn record(self, outcome: Outcome) {
        self.record_at(outcome, Instant::now());
    }

    fn record_at(mut self, outcome: Outcome, now: Instant) {
        self.recorded = true;
        self.breaker.apply(self.trial, outcome, now);
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        if self.trial && !self.recorded {
            self.breaker.abandon_trial(Instant::now());
        }
    }
}

/// Milliseconds, saturating.
pub(super) fn duration_ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const COOLDOWN: Duration = Duration::from_secs(10);

    fn breaker() -> CircuitBreaker {
        CircuitBreaker::new(3, COOLDOWN, "test".to_owned()).expect("a breaker")
    }

    fn fail(b: &CircuitBreaker, now: Instant) {
        b.acquire_at(now)
            .expect("closed")
            .record_at(Outcome::Failed, now);
    }

    #[test]
    fn opens_after_threshold_consecutive_failures() {
        let b = breaker();
        let now = Instant::now();
        fail(&b, now);
        fail(&b, now);
        // An answer in between resets the count.
        b.acquire_at(now)
            .expect("closed")
            .record_at(Outcome::Answered, now);
        fail(&b, now);
        fail(&b, now);
        assert!(b.acquire_at(now).is_ok());
        fail(&b, now);
        assert_eq!(b.acquire_at(now).map(|_| ()), Err(COOLDOWN));
    }

    #[test]
    fn half_open_lets_one_trial_through() {
        let b = breaker();
        let now = Instant::now();
        for _ in 0..3 {
            fail(&b, now);
        }
        let later = now + COOLDOWN;
        let trial = b.acquire_at(later).expect("trial");
        assert!(trial.trial);
        assert_eq!(b.acquire_at(later).map(|_| ()), Err(Duration::ZERO));
        drop(trial);
        // The abandoned trial hands the turn to the next caller.
        b.acquire_at(later)
            .expect("trial again")
            .record_at(Outcome::Failed, later);
        assert_eq!(b.acquire_at(later).map(|_| ()), Err(COOLDOWN));
        let much_later = later + COOLDOWN;
        b.acquire_at(much_later)
            .expect("trial")
            .record_at(Outcome::Answered, much_later);
        assert!(b.acquire_at(much_later).is_ok_and(|p| !p.trial));
    }

    #[test]
    fn zero_threshold_means_no_breaker() {
        assert!(CircuitBreaker::new(0, COOLDOWN, String::new()).is_none());
    }
}
