//! The root component: what page is asked for, what is on screen, the request in
//! flight, and when to ask again. Components below it only show and report.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use web_sys::AbortController;

use crate::api::client::{fetch_page, Endpoint, Fetched};
use crate::api::{Failure, Job};
use crate::components::{ErrorBanner, JobCard, Pager};
use crate::config::Config;
use crate::format::relative_text;
use crate::paging::{clamp_page_size, corrected_offset, offset_of};
use crate::polling::next_delay;
use crate::time::Millis;

/// One card's data. Rows are matched by key across refreshes and only a changed job's
/// signal is set, so unchanged cards keep their DOM, their images and their focus.
#[derive(Clone)]
struct Row {
    key: String,
    job: ArcRwSignal<Job>,
}

/// The page on screen, which may differ from the page asked for while one loads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Shown {
    offset: u64,
    total: u64,
    count: usize,
}

fn client_now() -> Millis {
    js_sys::Date::now() as Millis
}

fn tab_hidden() -> bool {
    web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden())
}

/// Matches the fresh page against the rows on screen and reuses each row whose key is
/// still there, setting its job only when it changed.
fn patch_rows(old: &[Row], jobs: Vec<Job>, offset: u64) -> Vec<Row> {
    jobs.into_iter()
        .enumerate()
        .map(|(i, job)| {
            let key = if job.id.is_empty() { format!("#{}", offset + i as u64) } else { job.id.clone() };
            match old.iter().find(|r| r.key == key) {
                Some(row) => {
                    if row.job.with_untracked(|j| *j != job) {
                        row.job.set(job);
                    }
                    row.clone()
                }
                None => Row { key, job: ArcRwSignal::new(job) },
            }
        })
        .collect()
}

#[component]
pub fn JobsGallery(#[prop(into)] config: Config) -> impl IntoView {
    let endpoint = Endpoint { api_base: config.api_base.clone(), api_key: config.api_key.clone(), timeout_ms: config.timeout_ms };
    let intervals = config.poll;

    let size = RwSignal::new(clamp_page_size(config.page_size as i64));
    let offset = RwSignal::new(0u64);
    let rows = RwSignal::new(Vec::<Row>::new());
    let shown = RwSignal::new(None::<Shown>);
    let failure = RwSignal::new(None::<Failure>);
    let failures_in_a_row = StoredValue::new(0u32);
    let loading = RwSignal::new(false);
    let loaded_at = RwSignal::new(None::<Millis>);
    // Server clock minus client clock, from the `Date` header, so that ages and expiry
    // are right even on a machine whose clock is off.
    let skew = RwSignal::new(0i64);
    let now = RwSignal::new(client_now());
    let reload = RwSignal::new(0u32);

    let generation = StoredValue::new(0u64);
    let in_flight = StoredValue::new_local(None::<AbortController>);
    let poll_timer = StoredValue::new(None::<TimeoutHandle>);

    let cancel_poll = move || {
        if let Some(handle) = poll_timer.get_value() {
            handle.clear();
        }
        poll_timer.set_value(None);
    };
    let schedule_poll = move || {
        cancel_poll();
        let any_active = rows.with_untracked(|rows| rows.iter().any(|r| r.job.with_untracked(|j| j.status.is_active())));
        let delay = failure.with_untracked(|f| next_delay(intervals, any_active, tab_hidden(), f.as_ref(), failures_in_a_row.get_value()));
        if let Some(ms) = delay {
            let handle = set_timeout_with_handle(move || reload.update(|n| *n += 1), Duration::from_millis(ms as u64)).ok();
            poll_timer.set_value(handle);
        }
    };

    let apply = move |fetched: Fetched, asked_offset: u64, asked_size: u32| {
        if let Some(server) = fetched.server_time {
            skew.set(server - client_now());
        }
        let page = fetched.page;
        if page.jobs.is_empty() {
            // The list shrank under the user: go to its new last page instead of an empty one.
            if let Some(fixed) = corrected_offset(asked_offset, asked_size, page.total) {
                offset.set(fixed);
                return;
            }
        }
        let count = page.jobs.len();
        rows.update(|rows| *rows = patch_rows(rows, page.jobs, asked_offset));
        shown.set(Some(Shown { offset: asked_offset, total: page.total, count }));
        failure.set(None);
        failures_in_a_row.set_value(0);
        loaded_at.set(Some(client_now() + skew.get_untracked()));
    };

    let load = move |asked_size: u32, asked_offset: u64| {
        cancel_poll();
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        // A newer request supersedes the one in flight: abort it, and ignore its answer.
        if let Some(previous) = in_flight.get_value() {
            previous.abort();
        }
        let Ok(controller) = AbortController::new() else { return };
        in_flight.set_value(Some(controller.clone()));
        loading.set(true);
        let endpoint = endpoint.clone();
        spawn_local(async move {
            let result = fetch_page(&endpoint, asked_size, asked_offset, &controller).await;
            if generation.get_value() != mine {
                return;
            }
            in_flight.set_value(None);
            loading.set(false);
            match result {
                Ok(fetched) => apply(fetched, asked_offset, asked_size),
                Err(error) => {
                    failures_in_a_row.update_value(|n| *n += 1);
                    failure.set(Some(error));
                }
            }
            now.set(client_now() + skew.get_untracked());
            schedule_poll();
        });
    };

    Effect::new(move |_| {
        let (s, o) = (size.get(), offset.get());
        reload.track();
        load(s, o);
    });

    // The clock behind "3 min ago", "running 12 s" and link expiry.
    if let Ok(tick) = set_interval_with_handle(move || now.set(client_now() + skew.get_untracked()), Duration::from_secs(1)) {
        on_cleanup(move || tick.clear());
    }

    // Hidden tabs do not poll; coming back refreshes at once.
    let on_visibility = Closure::<dyn Fn()>::new(move || {
        if tab_hidden() {
            cancel_poll();
        } else if !loading.get_untracked() {
            reload.update(|n| *n += 1);
        }
    });
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        let _ = document.add_event_listener_with_callback("visibilitychange", on_visibility.as_ref().unchecked_ref());
        let listener = StoredValue::new_local(Some(on_visibility));
        on_cleanup(move || {
            if let Some(closure) = listener.try_update_value(Option::take).flatten() {
                let _ = document.remove_event_listener_with_callback("visibilitychange", closure.as_ref().unchecked_ref());
            }
        });
    }
    on_cleanup(move || {
        cancel_poll();
        if let Some(controller) = in_flight.try_get_value().flatten() {
            controller.abort();
        }
    });

    let refresh = move || reload.update(|n| *n += 1);
    let go_to_page = move |page: u64| {
        let total = shown.get_untracked().map_or(0, |s| s.total);
        offset.set(offset_of(page, size.get_untracked(), total));
    };
    let change_size = move |new_size: u32| {
        let new_size = clamp_page_size(new_size as i64);
        // Keep the first job on screen in view: start on the page that holds it.
        let first = shown.get_untracked().map_or(0, |s| s.offset);
        offset.set(first / new_size as u64 * new_size as u64);
        size.set(new_size);
    };

    let stale_since = Signal::derive(move || if rows.with(Vec::is_empty) { None } else { loaded_at.get() });
    let is_stale = move || failure.with(Option::is_some) && !rows.with(Vec::is_empty);
    let empty = move || failure.with(Option::is_none) && shown.get().is_some_and(|s| s.total == 0);
    let first_load = move || shown.get().is_none() && failure.with(Option::is_none);
    let has_pages = Memo::new(move |_| shown.get().is_some_and(|s| s.total > 0));

    view! {
        <section
            class="jobs-gallery"
            class:jobs-gallery--stale=is_stale
            class:jobs-gallery--loading=move || loading.get()
            aria-busy=move || loading.get().then_some("true")
            aria-label="Generation jobs"
        >
            <header class="jg-toolbar">
                <h2 class="jg-toolbar__title">"Your jobs"</h2>
                <p class="jg-toolbar__status">
                    {move || match loaded_at.get() {
                        Some(at) => format!("Updated {}", relative_text(at, now.get())),
                        None => String::new(),
                    }}
                </p>
                <button type="button" class="jg-button" on:click=move |_| refresh() disabled=move || loading.get()>
                    <span aria-hidden="true">"\u{21BB} "</span>
                    "Refresh"
                </button>
            </header>
            {move || failure.get().map(|f| view! { <ErrorBanner failure=f stale_since=stale_since on_retry=move |_| refresh()/> })}
            {move || first_load().then(|| view! {
                <p class="jg-notice" role="status">"Loading jobs\u{2026}"</p>
            })}
            {move || empty().then(|| view! {
                <div class="jg-empty" role="status">
                    <p class="jg-empty__title">"No jobs yet"</p>
                    <p>"Images and stories you generate will appear here."</p>
                </div>
            })}
            <div class="jg-grid">
                <For
                    each=move || rows.get()
                    key=|row| row.key.clone()
                    children=move |row| view! { <JobCard job=RwSignal::from(row.job) now=now/> }
                />
            </div>
            {move || has_pages.get().then(|| view! {
                <Pager
                    offset=Signal::derive(move || shown.get().map_or(0, |s| s.offset))
                    size=size
                    total=Signal::derive(move || shown.get().map_or(0, |s| s.total))
                    shown=Signal::derive(move || shown.get().map_or(0, |s| s.count))
                    on_page=go_to_page
                    on_size=change_size
                />
            })}
        </section>
    }
}
