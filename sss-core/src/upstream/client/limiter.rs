//! A client-side rate limit: callers over the rate wait for their turn, up to a bound.
//!
//! It is a GCRA (the virtual-scheduling form of a token bucket): one "theoretical arrival
//! time" moves forward by `interval` per request, and a request may go once that time is no
//! more than `burst - 1` intervals ahead of now. One mutex held for a few instructions; the
//! wait itself happens outside it.

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Spaces requests to at most `per_minute` a minute.
#[derive(Debug)]
pub(super) struct RateLimiter {
    interval: Duration,
    /// How far ahead of now the schedule may run before a caller has to wait.
    burst_window: Duration,
    max_wait: Duration,
    /// The theoretical arrival time of the next request.
    next: Mutex<Option<Instant>>,
}

impl RateLimiter {
    /// `None` when `per_minute` is 0 (no limit).
    pub(super) fn new(per_minute: u32, burst: u32, max_wait: Duration) -> Option<Self> {
        if per_minute == 0 {
            return None;
        }
        let interval = Duration::from_secs(60) / per_minute;
        Some(RateLimiter {
            interval,
            burst_window: interval * burst.saturating_sub(1),
            max_wait,
            next: Mutex::new(None),
        })
    }

    /// Takes the next slot: `Ok(wait)` is how long to wait before sending; `Err(wait)` when the
    /// wait would be longer than allowed, and then no slot is taken.
    pub(super) fn reserve(&self) -> Result<Duration, Duration> {
        self.reserve_at(Instant::now())
    }

    fn reserve_at(&self, now: Instant) -> Result<Duration, Duration> {
        let mut next = self.next.lock().unwrap_or_else(PoisonError::into_inner);
        let tat = next.map_or(now, |t| t.max(now));
        let allowed_at = tat.checked_sub(self.burst_window).unwrap_or(now);
        let wait = allowed_at.saturating_duration_since(now);
        if wait > self.max_wait {
            return Err(wait);
        }
        *next = Some(tat + self.interval);
        Ok(wait)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: Duration = Duration::from_secs(1);

    #[test]
    fn spaces_requests_by_the_interval() {
        let limiter = RateLimiter::new(600, 1, 10 * SECOND).expect("a limit");
        assert_eq!(limiter.interval, Duration::from_millis(100));
        let now = Instant::now();
        assert_eq!(limiter.reserve_at(now), Ok(Duration::ZERO));
        assert_eq!(limiter.reserve_at(now), Ok(Duration::from_millis(100)));
        assert_eq!(limiter.reserve_at(now), Ok(Duration::from_millis(200)));
        // Time passing frees the slots again.
        let later = now + 10 * SECOND;
        assert_eq!(limiter.reserve_at(later), Ok(Duration::ZERO));
    }

    #[test]
    fn burst_goes_back_to_back_then_spaces() {
        let limiter = RateLimiter::new(60, 3, 10 * SECOND).expect("a limit");
        let now = Instant::now();
        for _ in 0..3 {
            assert_eq!(limiter.reserve_at(now), Ok(Duration::ZERO));
        }
        assert_eq!(limiter.reserve_at(now), Ok(SECOND));
    }

    #[test]
    fn refuses_waits_beyond_the_bound_without_taking_a_slot() {
        let limiter = RateLimiter::new(60, 1, Duration::from_millis(500)).expect("a limit");
        let now = Instant::now();
        assert_eq!(limiter.reserve_at(now), Ok(Duration::ZERO));
        assert_eq!(limiter.reserve_at(now), Err(SECOND));
        assert_eq!(limiter.reserve_at(now + SECOND), Ok(Duration::ZERO));
    }

    #[test]
    fn zero_means_no_limit() {
        assert!(RateLimiter::new(0, 1, SECOND).is_none());
    }
}
