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
        PollIntervals { active_ms: 2_000, idle_ms: 30_000 }
    }
}

/// The delay before the next automatic refresh, or `None` for "do not poll".
/// `failures_in_a_row` drives exponential backoff (×2 per failure, capped at 5 min);
/// a failure with `Retry-After` is retried by its banner's countdown instead.
pub fn next_delay(intervals: PollIntervals, any_active: bool, hidden: bool, last: Option<&Failure>, failures_in_a_row: u32) -> Option<u32> {
    if hidden {
        return None;
    }
    let base = if any_active { intervals.active_ms } else { intervals.idle_ms };
    match last {
        None => Some(base),
        Some(f) if !f.is_retryable() || f.retry_after_s().is_some() => None,
        Some(_) => Some(base.max(2_000).saturating_mul(1 << failures_in_a_row.min(8)).min(300_000)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ErrorBody;

    const I: PollIntervals = PollIntervals { active_ms: 2_000, idle_ms: 30_000 };

    #[test]
    fn fast_while_active_slow_when_idle_never_hidden() {
        assert_eq!(next_delay(I, true, false, None, 0), Some(2_000));
        assert_eq!(next_delay(I, false, false, None, 0), Some(30_000));
        assert_eq!(next_delay(I, true, true, None, 0), None);
    }

    #[test]
    fn failures_back_off_or_wait_for_the_user() {
        let down = Failure::from_status(500, ErrorBody::default(), None);
        assert_eq!(next_delay(I, true, false, Some(&down), 1), Some(4_000));
        assert_eq!(next_delay(I, true, false, Some(&down), 3), Some(16_000));
        assert_eq!(next_delay(I, false, false, Some(&down), 30), Some(300_000));
        for status in [401, 402, 403, 451] {
            assert_eq!(next_delay(I, true, false, Some(&Failure::from_status(status, ErrorBody::default(), None)), 1), None);
        }
        let limited = Failure::from_status(429, ErrorBody::default(), Some(5));
        assert_eq!(next_delay(I, true, false, Some(&limited), 1), None);
    }
}
