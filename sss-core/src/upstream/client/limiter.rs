//! A client-side rate limit: callers over the rate wait for their turn, up to a bound.
//!
//! The rate itself is `governor`'s GCRA (a token bucket in its virtual-scheduling form):
//! `per_minute` calls a minute, `burst` of them back to back. A caller checks; when refused it
//! sleeps for the wait governor names and checks again, until it gets a slot or until its total
//! wait would pass `max_wait`, when it is refused at once (the client reports `RateLimited`). A
//! refused check takes no slot, so a caller that gives up leaves nothing behind.
//!
//! governor has no reservations: a check either takes a slot now or says when to look again.
//! Concurrent waiters are therefore not served in arrival order: whichever wakes first after a
//! slot frees takes it, and the others sleep again. The rate holds all the same (no slot is ever
//! handed out twice), and every waiter is still bounded by `max_wait`, so the cost is only that
//! under contention one caller may wait longer than another that came later, or be refused
//! while a later one gets through. The limit exists to keep the client under the upstream's
//! quota, not to be fair between callers, so that is acceptable.

use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, MonotonicClock, Reference};
use governor::middleware::NoOpMiddleware;
use governor::state::{InMemoryState, NotKeyed};
use governor::{Quota, RateLimiter as Gcra};

use super::breaker::duration_ms;

/// Spaces requests to at most `per_minute` a minute. `C` is the clock: the monotonic clock in
/// the client, governor's fake clock in tests.
#[derive(Debug)]
pub(super) struct RateLimiter<C: Clock = MonotonicClock> {
    gcra: Gcra<NotKeyed, InMemoryState, C, NoOpMiddleware<C::Instant>>,
    max_wait: Duration,
}

impl RateLimiter {
    /// `None` when `per_minute` is 0 (no limit). A `burst` of 0 counts as 1.
    pub(super) fn new(per_minute: u32, burst: u32, max_wait: Duration) -> Option<Self> {
        Self::with_clock(per_minute, burst, max_wait, MonotonicClock)
    }

    /// Waits for a slot and takes it; `Err(wait)` at once, without a slot, when the caller would
    /// have to wait longer than `max_wait` in all (`wait` is what was still left to wait).
    /// `shown` names the call in the log line (the URL with the partner id redacted).
    pub(super) async fn until_ready(&self, shown: &str) -> Result<(), Duration> {
        let mut first_check = None;
        while let Some(wait) = self.check(&mut first_check)? {
            tracing::trace!(url = %shown, wait_ms = duration_ms(wait), "upstream rate limit: waiting for a turn");
            tokio::time::sleep(wait).await;
        }
        Ok(())
    }
}

impl<C: Clock> RateLimiter<C> {
    fn with_clock(per_minute: u32, burst: u32, max_wait: Duration, clock: C) -> Option<Self> {
        let per_minute = NonZeroU32::new(per_minute)?;
        let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
        let quota = Quota::per_minute(per_minute).allow_burst(burst);
        Some(RateLimiter {
            gcra: Gcra::direct_with_clock(quota, clock),
            max_wait,
        })
    }

    /// One check. `Ok(None)`: a slot was taken. `Ok(Some(wait))`: no slot yet, check again after
    /// `wait`. `Err(wait)`: waiting `wait` more would pass `max_wait` since `first_check` (set on
    /// the caller's first check), so the caller is refused. Only `Ok(None)` takes a slot.
    fn check(&self, first_check: &mut Option<C::Instant>) -> Result<Option<Duration>, Duration> {
        let now = self.gcra.clock().now();
        let first = *first_check.get_or_insert(now);
        let Err(not_until) = self.gcra.check() else {
            return Ok(None);
        };
        let wait = not_until.wait_time_from(now);
        let waited = Duration::from(now.duration_since(first));
        if waited.saturating_add(wait) > self.max_wait {
            return Err(wait);
        }
        Ok(Some(wait))
    }
}

#[cfg(test)]
mod tests {
    use governor::clock::FakeRelativeClock;

    use super::*;

    const SECOND: Duration = Duration::from_secs(1);
    const MS_100: Duration = Duration::from_millis(100);

    fn limiter(
        per_minute: u32,
        burst: u32,
        max_wait: Duration,
    ) -> (RateLimiter<FakeRelativeClock>, FakeRelativeClock) {
        let clock = FakeRelativeClock::default();
        let limiter =
            RateLimiter::with_clock(per_minute, burst, max_wait, clock.clone()).expect("a limit");
        (limiter, clock)
    }

    /// One caller's check, starting its wait now.
    fn check_once(limiter: &RateLimiter<FakeRelativeClock>) -> Result<Option<Duration>, Duration> {
        limiter.check(&mut None)
    }

    #[test]
    fn spaces_requests_by_the_interval() {
        let (limiter, clock) = limiter(600, 1, 10 * SECOND);
        assert_eq!(check_once(&limiter), Ok(None));
        // The next caller is told to wait one interval, and is told so again until it has passed.
        assert_eq!(check_once(&limiter), Ok(Some(MS_100)));
        clock.advance(Duration::from_millis(40));
        assert_eq!(check_once(&limiter), Ok(Some(Duration::from_millis(60))));
        clock.advance(Duration::from_millis(60));
        assert_eq!(check_once(&limiter), Ok(None));
        assert_eq!(check_once(&limiter), Ok(Some(MS_100)));
        // Time passing frees the slots again, but does not bank more than the burst.
        clock.advance(10 * SECOND);
        assert_eq!(check_once(&limiter), Ok(None));
        assert_eq!(check_once(&limiter), Ok(Some(MS_100)));
    }

    #[test]
    fn burst_goes_back_to_back_then_spaces() {
        let (limiter, clock) = limiter(60, 3, 10 * SECOND);
        for _ in 0..3 {
            assert_eq!(check_once(&limiter), Ok(None));
        }
        assert_eq!(check_once(&limiter), Ok(Some(SECOND)));
        clock.advance(SECOND);
        assert_eq!(check_once(&limiter), Ok(None));
        assert_eq!(check_once(&limiter), Ok(Some(SECOND)));
    }

    #[test]
    fn refuses_waits_beyond_the_bound_without_taking_a_slot() {
        let (limiter, clock) = limiter(60, 1, Duration::from_millis(500));
        assert_eq!(check_once(&limiter), Ok(None));
        assert_eq!(check_once(&limiter), Err(SECOND));
        assert_eq!(check_once(&limiter), Err(SECOND));
        // The refusals took nothing: the slot is free once its interval has passed.
        clock.advance(SECOND);
        assert_eq!(check_once(&limiter), Ok(None));
    }

    #[test]
    fn the_bound_counts_from_the_first_check() {
        let (limiter, clock) = limiter(600, 1, Duration::from_millis(150));
        assert_eq!(check_once(&limiter), Ok(None));
        // A waiter is told 100 ms, within its bound of 150 ms.
        let mut waiter = None;
        assert_eq!(limiter.check(&mut waiter), Ok(Some(MS_100)));
        // Another caller takes the slot as it frees; the waiter would need another 100 ms,
        // 200 ms in all: refused, though a fresh caller would still be let wait.
        clock.advance(MS_100);
        assert_eq!(check_once(&limiter), Ok(None));
        assert_eq!(limiter.check(&mut waiter), Err(MS_100));
        assert_eq!(check_once(&limiter), Ok(Some(MS_100)));
    }

    #[test]
    fn zero_means_no_limit() {
        assert!(RateLimiter::new(0, 1, SECOND).is_none());
        assert!(RateLimiter::new(1, 0, SECOND).is_some());
    }
}
