use leptos::prelude::*;

use crate::gallery::watches::is_watching;
use crate::words::Key;

/// What a card's "Notify me" reads and asks of the gallery.
#[derive(Clone, Copy)]
pub struct WatchActions {
    /// The gallery's watches as stored (`gallery::watches`).
    pub watched: RwSignal<String>,
    /// Watches the job with this id, or stops watching it.
    pub toggle: Callback<String>,
}

/// "Notify me" on a running job: a toggle (`aria-pressed`). Where the browser will not
/// notify (the loader's `data-notifications` on the mount element), the stylesheet shows
/// the words that say the watch is told in the page only.
#[component]
pub fn WatchButton(
    id: String,
    actions: WatchActions,
    /// The hidden rest of its name, which tells cards apart.
    whose: String,
) -> impl IntoView {
    let watched = {
        let id = id.clone();
        Memo::new(move |_| actions.watched.with(|w| is_watching(w, &id)))
    };
    view! {
        <button
            type="button"
            class="jg-button jg-button--quiet jg-card__watch"
            aria-pressed=move || Some(if watched.get() { "true" } else { "false" })
            on:click=move |_| actions.toggle.run(id.clone())
        >
            <span class="jg-watch__notify">{Key::notify_me.text()}</span>
            <span class="jg-watch__here">{Key::watch_here.text()}</span>
            <span class="jg-visually-hidden">{whose}</span>
        </button>
    }
}
