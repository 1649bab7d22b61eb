//! The root component. Its state and every decision about requests live in [`Feed`]
//! (what a fresh answer does to the page is the pure [`reconcile`]); components below
//! it only show and report.

mod feed;
pub mod host_page;
pub mod reconcile;
pub mod rows;
pub mod status_line;
pub mod watches;

pub use feed::Feed;
pub use reconcile::{finished_text, reconcile, Baseline, Step};

use leptos::prelude::*;

use crate::api::client::Prefetched;
use crate::components::{ErrorBanner, ImageActions, JobCard, Pager, WatchActions};
use crate::config::Config;
use crate::format::clock_text;
use crate::hooks::{use_clock, use_tab_visibility};
use crate::words::Key;
use rows::first_expiry_of;

/// How long before the first link on screen stops working its notice appears.
const EXPIRY_NOTICE_MS: i64 = 10 * 60_000;

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
    /// The loader's `panel(kind, arg)`, which opens a panel of the panels' wasm (fetched
    /// on the first click, off the first load): the viewer, the job's dialog, "Download
    /// this page". Without it (a Leptos app's own gallery) a thumbnail opens its picture
    /// in a new tab, and the toolbar has neither "Go to job" nor "Download this page".
    #[prop(default = None)]
    panel: Option<js_sys::Function>,
) -> impl IntoView {
    // Compared with the last configuration, not skipped on the first run: a change made
    // before the effect first ran (a host's handler of `jobs-gallery-ready`) counts too,
    // and a change of options the wasm does not hold (theme, loading) is none.
    let mut applied = updates.is_some().then(|| config.clone());
    let (has_panels, url_sync) = (panel.is_some(), config.url_sync.is_some());
    let feed = Feed::new(config, prefetched, panel);
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

    // Handed down as props, not as context: Leptos's context map is code the wasm
    // otherwise does without (size/no-context in docs/size.md).
    let image_actions = ImageActions {
        open: has_panels.then(|| Callback::new(move |at| feed.open_viewer(at))),
        broken: Some(Callback::new(move |_| feed.image_broken())),
        files: has_panels.then(|| Callback::new(move |id| feed.open_files(id))),
        copy_link: url_sync.then(|| Callback::new(move |(id, copied)| feed.copy_link(id, copied))),
        watch: has_panels.then(|| WatchActions {
            watched: feed.watched,
            toggle: Callback::new(move |id| feed.toggle_watch(id)),
        }),
    };
    let stale_since = Memo::new(move |_| {
        if feed.rows.with(Vec::is_empty) {
            None
        } else {
            feed.loaded_at.get()
        }
    });
    let has_pages = Memo::new(move |_| feed.shown.get().is_some_and(|s| s.total > 0));
    // When a link on screen stops working within ten minutes: the toolbar says so beside
    // "Download this page", which it marks (a panel: none without the loader).
    let expiring = Memo::new(move |_| {
        let now = feed.now.get();
        let first = feed.rows.with(|rows| first_expiry_of(rows, now));
        first.filter(|at| has_panels && at - now <= EXPIRY_NOTICE_MS)
    });
    let expiry_id = crate::components::unique_id("jg-expiry");
    let described_by = expiry_id.clone();
    let (loading, paused) = (feed.loading, feed.paused);

    view! {
        <section
            class="jobs-gallery"
            class:jobs-gallery--stale=move || feed.is_stale()
            class:jobs-gallery--loading=move || loading.get()
            aria-busy=move || loading.get().then_some("true")
            aria-label=Key::gallery_label.text()
            node_ref=feed.root
        >
            <header class="jg-toolbar">
                <h2 class="jg-toolbar__title">{Key::your_jobs.text()}</h2>
                <p class="jg-toolbar__status">
                    {move || expiring.get().map(|at| view! {
                        <span class="jg-expiry" id=expiry_id.clone()>{Key::links_stop.with(&[("time", &clock_text(at))])}</span>
                        " \u{b7} "
                    })}
                    {move || feed.status_text()}
                </p>
                <button type="button" class="jg-button" aria-pressed=move || Some(if paused.get() { "true" } else { "false" }) on:click=move |_| feed.toggle_pause()>
                    <span aria-hidden="true">"\u{2016} "</span>
                    {Key::pause.text()}
                </button>
                <button type="button" class="jg-button" on:click=move |_| feed.refresh() disabled=move || loading.get().then_some("")>
                    <span aria-hidden="true">"\u{21BB} "</span>
                    {Key::refresh.text()}
                </button>
                {has_panels.then(|| view! {
                    <button type="button" class="jg-button" aria-haspopup="dialog" on:click=move |_| feed.open_panel("job", &wasm_bindgen::JsValue::UNDEFINED)>{Key::go_to_job.text()}</button>
                    <button
                        type="button"
                        class=move || if expiring.with(Option::is_some) { "jg-button jg-button--primary" } else { "jg-button" }
                        aria-describedby=move || expiring.with(Option::is_some).then(|| described_by.clone())
                        on:click=move |_| feed.save_page()
                        disabled=move || (!has_pages.get()).then_some("")
                    >
                        {Key::download_page.text()}
                    </button>
                })}
            </header>
            <div class="jg-visually-hidden" role="status" aria-live="polite">{move || feed.announcement.get()}</div>
            {move || feed.failure.get().map(|f| view! { <ErrorBanner failure=f stale_since=stale_since on_retry=move |_| feed.refresh()/> })}
            {move || (feed.new_jobs.get() > 0).then(|| {
                let n = feed.new_jobs.get();
                view! {
                    <button type="button" class="jg-button jg-new-jobs" on:click=move |_| feed.navigate(0)>
                        {Key::new_jobs.count(n, &[])}
                        <span aria-hidden="true">" \u{2191}"</span>
                    </button>
                }
            })}
            {move || feed.is_first_load().then(|| view! {
                <p class="jg-notice jg-first-load" role="status">{Key::loading.text()}</p>
            })}
            {move || feed.is_empty().then(|| view! {
                <div class="jg-empty" role="status">
                    <p class="jg-empty__title">{Key::no_jobs_yet.text()}</p>
                    <p>{Key::empty_hint.text()}</p>
                </div>
            })}
            <div class="jg-grid">
                <For
                    each=move || feed.rows.get()
                    key=|row| row.key.clone()
                    children=move |row| view! { <JobCard job=RwSignal::from(row.job) now=RwSignal::from(row.clock) image_actions/> }
                />
            </div>
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
