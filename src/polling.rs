//! When to ask again: fast while a job on the page may still change, slowly when none
//! can, never while the tab is hidden, and not by itself after failures that need the
//! user (sign-in, payment, access).

use crate::api::Failure;

/// Polling intervals; both configurable by data attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PollIntervals {
    /// While a job on the shown page is pending or processing (default 2 s).
    pub active_ms: u32,
    /// While every shown job is finished (default 30 s).
    pub idle_ms: u32,
}

impl Default for PollIntervals {
    fn default() -> Self {
        PollIntervals {
            active_ms: 2_000,
            idle_ms: 30_000,
        }
    }
}

/// Longest wait between automatic retries after failures.
pub const MAX_BACKOFF_MS: u32 = 300_000;

/// The delay before the next automatic refresh, or `None` for "do not poll".
/// `failures_in_a_row` drives exponential backoff (×2 per failure, capped at 5 min),
/// spread by `jitter` (0 ≤ jitter < 1, ±25 %) so that many open galleries do not retry
/// in step; a failure with `Retry-After` is retried by its banner's countdown instead.
pub fn next_delay(
    intervals: PollIntervals,
    any_active: bool,
    hidden: bool,
    last: Option<&Failure>,
    failures_in_a_row: u32,
    jitter: f64,
) -> Option<u32> {
    if hidden {
        return None;
    }
    let base = if any_active {
        intervals.active_ms
    } else {
        intervals.idle_ms
    };
    match last {
        None => Some(base),
        Some(f) if !f.is_retryable() || f.retry_after_s().is_some() => None,
        Some(_) => {
            let backoff = base
                .max(2_000)
                .saturating_mul(1 << failures_in_a_row.min(8))
                .min(MAX_BACKOFF_MS);
            let spread = 0.75 + 0.5 * jitter.clamp(0.0, 1.0);
            Some((backoff as f64 * spread) as u32)
        }
    }
}

/// The wait before the next round of by-id requests for watched jobs: the watch
/// interval, stretched by the list's backoff after failures, at least what a
/// `Retry-After` asked, and none after a failure that needs the reader (a round then
/// starts when the tab is shown or hidden again, or the gallery's options change).
pub fn watch_delay(
    interval_ms: u32,
    last: Option<&Failure>,
    failures_in_a_row: u32,
    jitter: f64,
) -> Option<u32> {
    if let Some(s) = last.and_then(Failure::retry_after_s) {
        return Some(interval_ms.max(s.saturating_mul(1000)));
    }
    let every = PollIntervals {
        active_ms: interval_ms,
        idle_ms: interval_ms,
    };
    next_delay(every, true, false, last, failures_in_a_row, jitter)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ErrorBody;

    const I: PollIntervals = PollIntervals {
        active_ms: 2_000,
        idle_ms: 30_000,
    };

    #[test]
    fn fast_while_active_slow_when_idle_never_hidden() {
        assert_eq!(next_delay(I, true, false, None, 0, 0.5), Some(2_000));
        assert_eq!(next_delay(I, false, false, None, 0, 0.5), Some(30_000));
        assert_eq!(next_delay(I, true, true, None, 0, 0.5), None);
    }

    #[test]
    fn failures_back_off_or_wait_for_the_user() {
        let down = Failure::from_status(500, ErrorBody::default(), None);
        assert_eq!(next_delay(I, true, false, Some(&down), 1, 0.5), Some(4_000));
        assert_eq!(
            next_delay(I, true, false, Some(&down), 3, 0.5),
            Some(16_000)
        );
        assert_eq!(
            next_delay(I, false, false, Some(&down), 30, 0.5),
            Some(300_000)
        );
        assert_eq!(next_delay(I, true, false, Some(&down), 1, 0.0), Some(3_000));
        assert_eq!(
            next_delay(I, true, false, Some(&down), 1, 0.999_999),
            Some(4_999)
        );
        assert_eq!(
            next_delay(
                I,
                true,
                false,
                Some(&Failure::Network { offline: true }),
                2,
                0.5
            ),
            Some(8_000)
        );
        for status in [401, 402, 403, 451] {
            assert_eq!(
                next_delay(
                    I,
                    true,
                    false,
                    Some(&Failure::from_status(status, ErrorBody::default(), None)),
                    1,
                    0.5
                ),
                None
            );
        }
        let limited = Failure::from_status(429, ErrorBody::default(), Some(5));
        assert_eq!(next_delay(I, true, false, Some(&limited), 1, 0.5), None);
    }

    #[test]
    fn watches_wait_their_interval_back_off_and_honour_retry_after() {
        assert_eq!(watch_delay(30_000, None, 0, 0.5), Some(30_000));
        let down = Failure::from_status(503, ErrorBody::default(), None);
        assert_eq!(watch_delay(30_000, Some(&down), 1, 0.5), Some(60_000));
        let limited = Failure::from_status(429, ErrorBody::default(), Some(90));
        assert_eq!(watch_delay(30_000, Some(&limited), 1, 0.5), Some(90_000));
        assert_eq!(watch_delay(120_000, Some(&limited), 1, 0.5), Some(120_000));
        let signed_out = Failure::from_status(401, ErrorBody::default(), None);
        assert_eq!(watch_delay(30_000, Some(&signed_out), 1, 0.5), None);
    }
}
