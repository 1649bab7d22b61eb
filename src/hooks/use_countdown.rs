use std::time::Duration;

use leptos::prelude::*;

/// A countdown in whole seconds.
#[derive(Clone, Copy)]
pub struct UseCountdown {
    /// Seconds left, `None` once it has run out (or when it never started).
    ///
    /// In `i64`, like every other optional number the gallery shows
    /// (size/few-value-types in docs/size.md).
    pub remaining: RwSignal<Option<i64>>,
}

/// Counts `seconds` down once a second and calls `on_done` once at zero. `None` starts
/// nothing. The timer stops when the current owner is disposed.
pub fn use_countdown(seconds: Option<i64>, on_done: Callback<()>) -> UseCountdown {
    let remaining = RwSignal::new(seconds);
    if seconds.is_some() {
        let timer = StoredValue::new(None::<IntervalHandle>);
        let handle = set_interval_with_handle(
            move || match remaining.get_untracked() {
                Some(n) if n > 1 => remaining.set(Some(n - 1)),
                _ => {
                    if let Some(handle) = timer.get_value() {
                        handle.clear();
                    }
                    remaining.set(None);
                    on_done.run(());
                }
            },
            Duration::from_secs(1),
        )
        .ok();
        timer.set_value(handle);
        on_cleanup(move || {
            if let Some(handle) = timer.get_value() {
                handle.clear();
            }
        });
    }
    UseCountdown { remaining }
}
