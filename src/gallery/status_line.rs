//! The toolbar's status line: "Updated 5 s ago · next in 3 s".

use crate::format::relative_text;
use crate::time::{duration_text, Millis};
use crate::words::Key;

/// What the gallery is doing, in the toolbar's words: the last update (or that one is
/// under way), and the next one (or that polling is paused).
pub fn status_text(
    loading: bool,
    loaded_at: Option<Millis>,
    paused: bool,
    next_at: Option<Millis>,
    now: Millis,
) -> String {
    let mut parts = Vec::new();
    if loading {
        parts.push(Key::updating.text());
    } else if let Some(at) = loaded_at {
        parts.push(Key::updated.with(&[("when", &ago_text(at, now))]));
    }
    if paused {
        parts.push(Key::paused.text());
    } else if let Some(at) = next_at {
        // Rounded up to whole seconds, so the count reaches zero as the request starts.
        let wait = duration_text(((at - now).max(0) + 999) / 1000 * 1000);
        parts.push(Key::next_in.with(&[("time", &wait)]));
    }
    parts.join(" \u{b7} ")
}

/// "just now", "5 s ago" for recent moments, the locale's relative time beyond a minute.
fn ago_text(at: Millis, now: Millis) -> String {
    let ms = now - at;
    if ms < 1000 {
        Key::just_now.text()
    } else if ms < 60_000 {
        Key::ago.with(&[("time", &duration_text((ms / 1000) * 1000))])
    } else {
        relative_text(at, now)
    }
}

#[cfg(test)]
mod tests {
    use super::status_text;

    const NOW: i64 = 1_775_487_730_000;

    #[test]
    fn the_line_says_when_it_was_updated_and_when_it_will_be_next() {
        assert_eq!(status_text(false, None, false, None, NOW), "");
        assert_eq!(
            status_text(true, None, false, None, NOW),
            "Updating\u{2026}"
        );
        assert_eq!(
            status_text(false, Some(NOW - 400), false, Some(NOW + 1_200), NOW),
            "Updated just now \u{b7} next in 2 s"
        );
        assert_eq!(
            status_text(false, Some(NOW - 5_600), false, Some(NOW + 25_000), NOW),
            "Updated 5 s ago \u{b7} next in 25 s"
        );
        assert_eq!(
            status_text(false, Some(NOW - 5_600), true, Some(NOW + 25_000), NOW),
            "Updated 5 s ago \u{b7} paused"
        );
        // A request that is due (or late) never shows a negative count.
        assert_eq!(
            status_text(true, Some(NOW - 2_000), false, Some(NOW - 300), NOW),
            "Updating\u{2026} \u{b7} next in 0.0 s"
        );
    }
}
