use leptos::prelude::*;

use crate::api::Status;

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

#[component]
pub fn StatusBadge(status: Memo<Status>, raw: Memo<String>) -> impl IntoView {
    // An unknown status still says what the server sent, on hover and to screen readers.
    let title = move || (status.get() == Status::Unknown && !raw.get().is_empty()).then(|| format!("Status \u{201c}{}\u{201d}", raw.get()));
    view! {
        <span class=move || format!("jg-badge jg-badge--{}", status.get().as_str()) title=title>
            <span class="jg-badge__icon" aria-hidden="true">{move || icon(status.get())}</span>
            <span class="jg-badge__text">{move || status.get().label()}</span>
        </span>
    }
}
