use leptos::prelude::*;

use crate::gallery::notifications::Permission;
use crate::gallery::watches::Watches;

/// What a card's "Notify me" reads and asks of the gallery.
#[derive(Clone, Copy)]
pub struct WatchActions {
    pub watches: RwSignal<Watches>,
    pub permission: RwSignal<Permission>,
    /// Watches the job with this id, or stops watching it.
    pub toggle: Callback<String>,
}

/// "Notify me" on a running job: a toggle (`aria-pressed`). Where the browser will not
/// notify, its words say the watch is told in the page only.
#[component]
pub fn WatchButton(
    id: String,
    actions: WatchActions,
    /// The hidden rest of its name, which tells cards apart.
    whose: String,
) -> impl IntoView {
    let watched = {
        let id = id.clone();
        Memo::new(move |_| actions.watches.with(|w| w.contains(&id)))
    };
    let words = move || {
        match actions.permission.get() {
            Permission::Denied => "Watch here (notifications blocked)",
            Permission::Missing => "Watch here (no notifications)",
            _ => "Notify me",
        }
        .to_owned()
    };
    view! {
        <button
            type="button"
            class="jg-button jg-button--quiet jg-card__watch"
            aria-pressed=move || Some(if watched.get() { "true" } else { "false" })
            on:click=move |_| actions.toggle.run(id.clone())
        >
            {words}
            <span class="jg-visually-hidden">{whose}</span>
        </button>
    }
}
