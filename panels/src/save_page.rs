use leptos::prelude::*;

use crate::page_saver::{PageSaver, ShownPage, Step};
use jobs_gallery::api::client::Endpoint;
use jobs_gallery::components::ErrorBanner;
use jobs_gallery::config::Config;
use jobs_gallery::gallery::host_page::focused_element;
use jobs_gallery::time::Millis;
use jobs_gallery::words::PanelKey;

/// What the panel says at `step`, in its live region: its start and its end, not each
/// picture (the bar shows those), so that a screen reader is not read a count.
fn said(step: &Step) -> String {
    match step {
        Step::Reading => PanelKey::save_reading.text(),
        Step::Saving(..) => PanelKey::save_saving.text(),
        Step::Failed(_) => PanelKey::save_read_failed.text(),
        Step::Done(saved) => saved.text(),
    }
}

/// "Download this page": every unexpired picture of the page on screen in one ZIP, with
/// a bar, a cancel, and what was left out. It floats at the bottom of the gallery's part
/// of the window and takes no room, so nothing under the reader moves.
#[component]
pub fn SavePage(
    config: Config,
    shown: ShownPage,
    /// The loader's `saveZip(entries, name, progress, signal)`.
    save_zip: Option<js_sys::Function>,
    #[prop(into)] on_closed: Callback<()>,
) -> impl IntoView {
    let saver = PageSaver::new();
    let endpoint = Endpoint {
        api_base: config.api_base,
        api_key: config.api_key,
        timeout_ms: config.timeout_ms,
    };
    let start = {
        let (endpoint, shown, save_zip) = (endpoint.clone(), shown.clone(), save_zip.clone());
        move || saver.start(endpoint.clone(), shown.clone(), save_zip.clone())
    };
    start();
    on_cleanup(move || saver.cancel());

    let opener = focused_element();
    let close = move |_| {
        saver.cancel();
        if let Some(el) = opener.as_ref().filter(|el| el.is_connected()) {
            let _ = el.focus();
        }
        on_closed.run(());
    };
    let busy = Memo::new(move |_| {
        saver
            .step
            .with(|s| matches!(s, Step::Reading | Step::Saving(..)))
    });
    let failure = Memo::new(move |_| {
        saver.step.with(|s| match s {
            Step::Failed(f) => Some(f.clone()),
            _ => None,
        })
    });
    let nothing_stale = Memo::new(|_| None::<Millis>);
    // Focus goes to the panel's one button, Cancel while it runs, so that it is one key
    // away rather than past every card; Close gives it back.
    let button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(button) = button.get() {
            let _ = button.focus();
        }
    });

    view! {
        <section class="jg-save-panel" aria-label=PanelKey::save_label.text()>
                <p class="jg-save-panel__said" role="status">{move || saver.step.with(said)}</p>
                {move || saver.step.with(|s| match *s {
                    Step::Saving(done, total) => Some(view! {
                        <progress class="jg-save-panel__bar" max=total value=done aria-label=PanelKey::save_progress.text()></progress>
                        <span class="jg-save-panel__count">{format!("{done} / {total}")}</span>
                    }),
                    _ => None,
                })}
                {move || failure.get().map(|failure| {
                    let start = start.clone();
                    view! { <ErrorBanner failure stale_since=nothing_stale on_retry=move |()| start()/> }
                })}
                // One button, Cancel while the download runs and Close after it, so that
                // focus stays where the reader left it when one becomes the other.
                <button
                    node_ref=button
                    type="button"
                    class=move || if busy.get() { "jg-button jg-save-panel__cancel" } else { "jg-button jg-save-panel__close" }
                    on:click=move |ev| if busy.get_untracked() { saver.cancel() } else { close(ev) }
                >
                    {move || if busy.get() { PanelKey::save_cancel } else { PanelKey::save_close }.text()}
                </button>
        </section>
    }
}
