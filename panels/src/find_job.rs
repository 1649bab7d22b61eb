use leptos::prelude::*;
use web_sys::SubmitEvent;

use jobs_gallery::api::client::job_id;
use jobs_gallery::components::unique_id;
use jobs_gallery::words::PanelKey;

/// "Go to job": a pasted id opens that job, whatever page the gallery shows. The
/// browser checks the id's shape (`pattern`) and says what is wrong before anything is
/// asked; surrounding spaces, as a paste often brings, are allowed and dropped.
#[component]
pub fn FindJob(
    /// The id already asked for, if any.
    value: Option<String>,
    #[prop(into)] on_find: Callback<String>,
) -> impl IntoView {
    let input = NodeRef::<leptos::html::Input>::new();
    let input_id = unique_id("jg-find");
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let text = input.get().map(|el| el.value()).unwrap_or_default();
        if let Some(id) = job_id(&text) {
            on_find.run(id.to_owned());
        }
    };
    view! {
        <form class="jg-find" role="search" aria-label=PanelKey::find_label.text() on:submit=submit>
            <label class="jg-find__label" for=input_id.clone()>{PanelKey::find_job_id.text()}</label>
            <input
                class="jg-input jg-find__input"
                id=input_id
                node_ref=input
                type="text"
                name="job"
                value=value
                required
                autofocus
                pattern="\\s*[\\w\\-]{1,100}\\s*"
                title=PanelKey::find_hint.text()
                placeholder=PanelKey::find_placeholder.text()
                autocomplete="off"
                spellcheck="false"
            />
            <button type="submit" class="jg-button jg-button--primary">{PanelKey::find_open.text()}</button>
        </form>
    }
}
