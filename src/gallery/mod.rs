//! The root component. Its state and every decision about requests live in [`Feed`]
//! (what a fresh answer does to the page is the pure [`reconcile`]); components below
//! it only show and report.

mod feed;
mod host_page;
pub mod reconcile;
mod rows;
pub mod status_line;

pub use feed::Feed;
pub use reconcile::{finished_text, reconcile, Baseline, Step};

use leptos::prelude::*;

use crate::api::client::Prefetched;
use crate::components::{ErrorBanner, ImageActions, JobCard, Pager, Viewer, ViewerAt};
use crate::config::Config;
use crate::hooks::{use_clock, use_tab_visibility};
use rows::pictures_on_page;

#[component]
pub fn JobsGallery(
    #[prop(into)] config: Config,
    /// Notified by embedders (the JavaScript handle's `refresh()`) to load the page now.
    #[prop(optional)]
    refresh: Option<ArcTrigger>,
    /// The configuration from then on, set by embedders (the JavaScript handle's
    /// `setOptions`); each change is applied to the live gallery by `Feed::reconfigure`.
    /// A signal of one concrete type rather than a `Signal<Config>` prop, whose every
    /// kind of signal would be compiled in (size/concrete-signals in docs/size.md).
    #[prop(optional)]
    updates: Option<ArcReadSignal<Config>>,
    /// The first page's request, already started by the loader.
    #[prop(default = None)]
    prefetched: Option<Prefetched>,
    /// The loader's `save(url, name)`, which saves a picture through the save module
    /// (`loader/jobs-gallery-save.js`); without it there is no "Download".
    #[prop(default = None)]
    save: Option<js_sys::Function>,
) -> impl IntoView {
    // Compared with the last configuration, not skipped on the first run: a change made
    // before the effect first ran (a host's handler of `jobs-gallery-ready`) counts too,
    // and a change of options the wasm does not hold (theme, loading) is none.
    let mut applied = updates.is_some().then(|| config.clone());
    // A Leptos app that renders the gallery itself has no loader, so no save module.
    let can_save = save.is_some();
    let feed = Feed::new(config, prefetched, save);
    if let Some(updates) = updates {
        Effect::new(move |_| {
            let config = updates.get();
            if applied.as_ref() != Some(&config) {
                applied = Some(config.clone());
                feed.reconfigure(config);
            }
        });
    }
    Effect::new(move |_| {
        let (size, offset) = (feed.size.get(), feed.offset.get());
        feed.reload.track();
        if let Some(trigger) = &refresh {
            trigger.track();
        }
        feed.load(size, offset);
    });
    use_clock(move || feed.tick());
    use_tab_visibility(move |hidden| feed.tab_visibility_changed(hidden));
    on_cleanup(move || feed.stop());

    let viewer_at = RwSignal::new(None::<ViewerAt>);
    // Handed down as props, not as context: Leptos's context map is code the wasm
    // otherwise does without (size/no-context in docs/size.md).
    let image_actions = ImageActions {
        open: Some(Callback::new(move |at| viewer_at.set(Some(at)))),
        broken: Some(Callback::new(move |_| feed.image_broken())),
    };
    let viewer_items = move || feed.rows.with(|rows| pictures_on_page(rows));
    let stale_since = Memo::new(move |_| {
        if feed.rows.with(Vec::is_empty) {
            None
        } else {
            feed.loaded_at.get()
        }
    });
    let has_pages = Memo::new(move |_| feed.shown.get().is_some_and(|s| s.total > 0));
    let (loading, paused) = (feed.loading, feed.paused);

    view! {
        <section
            class="jobs-gallery"
            class:jobs-gallery--stale=move || feed.is_stale()
            class:jobs-gallery--loading=move || loading.get()
            aria-busy=move || loading.get().then_some("true")
            aria-label="Generation jobs"
            node_ref=feed.root
        >
            <header class="jg-toolbar">
                <h2 class="jg-toolbar__title">"Your jobs"</h2>
                <p class="jg-toolbar__status">{move || feed.status_text()}</p>
                <button type="button" class="jg-button" aria-pressed=move || Some(if paused.get() { "true" } else { "false" }) on:click=move |_| feed.toggle_pause()>
                    <span aria-hidden="true">"\u{2016} "</span>
                    "Pause"
                </button>
                <button type="button" class="jg-button" on:click=move |_| feed.refresh() disabled=move || loading.get().then_some("")>
                    <span aria-hidden="true">"\u{21BB} "</span>
                    "Refresh"
                </button>
            </header>
            <div class="jg-visually-hidden" role="status" aria-live="polite">{move || feed.announcement.get()}</div>
            {move || feed.failure.get().map(|f| view! { <ErrorBanner failure=f stale_since=stale_since on_retry=move |_| feed.refresh()/> })}
            {move || (feed.new_jobs.get() > 0).then(|| {
                let n = feed.new_jobs.get();
                view! {
                    <button type="button" class="jg-button jg-new-jobs" on:click=move |_| feed.navigate(0)>
                        {if n == 1 { "1 new job".to_owned() } else { format!("{n} new jobs") }}
                        <span aria-hidden="true">" \u{2191}"</span>
                    </button>
                }
            })}
            {move || feed.is_first_load().then(|| view! {
                <p class="jg-notice jg-first-load" role="status">"Loading jobs\u{2026}"</p>
            })}
            {move || feed.is_empty().then(|| view! {
                <div class="jg-empty" role="status">
                    <p class="jg-empty__title">"No jobs yet"</p>
                    <p>"Images and stories you generate will appear here."</p>
                </div>
            })}
            <div class="jg-grid">
                <For
                    each=move || feed.rows.get()
                    key=|row| row.key.clone()
                    children=move |row| view! { <JobCard job=RwSignal::from(row.job) now=RwSignal::from(row.clock) image_actions/> }
                />
            </div>
            <Viewer items=viewer_items at=viewer_at now=feed.now save=can_save.then(|| Callback::new(move |file| feed.save_file(file))) saved=feed.saved/>
            {move || has_pages.get().then(|| view! {
                <Pager
                    shown=feed.shown
                    size=feed.size
                    on_page=move |page| feed.go_to_page(page)
                    on_size=move |size| feed.change_size(size)
                />
            })}
        </section>
    }
}
