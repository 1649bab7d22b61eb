use leptos::prelude::*;

use crate::api::Status;
use crate::words::Key;

/// Text plus a shape, so the status never rests on colour alone.
fn icon(status: Status) -> &'static str {
    match status {
        Status::Pending => "\u{25F7}",    // ◷ a clock face
        Status::Processing => "\u{21BB}", // ↻ turning
        Status::Completed => "\u{2713}",  // ✓
        Status::Failed => "\u{2715}",     // ✕
        Status::Unknown => "?",
    }
}

/// A job's status as a badge. The status is fixed: a card builds a new badge when its
/// job changes status. What the server called an unknown status may change under it.
#[component]
pub fn StatusBadge(status: Status, raw: Memo<String>) -> impl IntoView {
    // An unknown status still says what the server sent, on hover and to screen readers.
    let title = move || {
        (status == Status::Unknown && !raw.with(String::is_empty))
            .then(|| Key::status_raw.with(&[("status", &raw.get())]))
    };
    view! {
        <span class=format!("jg-badge jg-badge--{}", status.as_str()) title=title>
            <span class="jg-badge__icon" aria-hidden="true">{icon(status)}</span>
            <span class="jg-badge__text">{status.label()}</span>
        </span>
    }
}
