use std::time::Duration;

use leptos::prelude::*;

/// Calls `tick` once a second for as long as the current owner lives: the clock behind
/// "3 min ago", "running 12 s", "next in 3 s" and link expiry.
///
/// The caller owns the time it sets (the gallery's, corrected by the server's clock, and
/// each card's own copy of it), so this hook only keeps the beat.
pub fn use_clock(tick: impl Fn() + 'static) {
    if let Ok(handle) = set_interval_with_handle(tick, Duration::from_secs(1)) {
        on_cleanup(move || handle.clear());
    }
}
