//! The root component: what page is asked for, what is on screen, the request in
//! flight, and when to ask again. Components below it only show and report.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use web_sys::AbortController;

use crate::api::client::{fetch_page, Endpoint, Fetched};
use crate::api::{Failure, Job, Status};
use crate::components::{ErrorBanner, ImageActions, JobCard, Pager, Viewer, ViewerAt, ViewerItem};
use crate::config::Config;
use crate::format::{relative_text, short_id};
use crate::paging::{clamp_page_size, corrected_offset, offset_of, page_of, Shown};
use crate::polling::next_delay;
use crate::time::{duration_text, Millis};
use crate::url_state;

/// One card's data. Rows are matched by key across refreshes and only a changed job's
/// signal is set, so unchanged cards keep their DOM, their images and their focus.
///
/// Each row has its own copy of the clock: a card subscribed to the gallery's long-lived
/// clock left about 480 bytes of wasm memory behind when it was removed (measured in a
/// release build: the reactive graph keeps part of a removed subscriber's state for as
/// long as the signal it read lives), so a page where jobs keep arriving grew by that
/// much per job. With a clock owned by the row, a removed card frees all
/// of its own (the browser test `removed_cards_free_their_memory`).
#[derive(Clone)]
struct Row {
    key: String,
    job: ArcRwSignal<Job>,
    clock: ArcRwSignal<Millis>,
}

fn client_now() -> Millis {
    js_sys::Date::now() as Millis
}

fn tab_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

/// What the gallery keeps between requests without showing it.
#[derive(Default)]
struct Bookkeeping {
    /// Failed refreshes in a row, for the backoff.
    failures_in_a_row: u32,
    /// Server clock minus client clock, from the `Date` header, so that ages and expiry
    /// are right even on a machine whose clock is off.
    skew: Millis,
    /// Counts requests: an answer to any but the latest is ignored.
    generation: u64,
    in_flight: Option<AbortController>,
    poll_timer: Option<TimeoutHandle>,
    /// The page the last answer was for (offset, size, total), to tell a refresh of the
    /// same page from a page change.
    baseline: Option<(u64, u32, u64)>,
    /// Whether a broken image already asked for a fresh page of links.
    image_retried: bool,
    /// The prefix of the page's address parameters, when the address follows the page.
    url_sync: Option<String>,
}

/// A job that finished between two refreshes of the same page.
struct Finished {
    id: String,
    status: Status,
}

/// Matches the fresh page against the rows on screen and reuses each row whose key is
/// still there, setting its job only when it changed. Also says which jobs finished.
fn patch_rows(old: &[Row], jobs: Vec<Job>, offset: u64, now: Millis) -> (Vec<Row>, Vec<Finished>) {
    let mut finished = Vec::new();
    let rows = jobs
        .into_iter()
        .enumerate()
        .map(|(i, job)| {
            let key = if job.id.is_empty() {
                format!("#{}", offset + i as u64)
            } else {
                job.id.clone()
            };
            match old.iter().find(|r| r.key == key) {
                Some(row) => {
                    let was_active = row.job.with_untracked(|j| j.status.is_active());
                    if was_active && matches!(job.status, Status::Completed | Status::Failed) {
                        finished.push(Finished {
                            id: job.id.clone(),
                            status: job.status,
                        });
                    }
                    if row.job.with_untracked(|j| *j != job) {
                        row.job.set(job);
                    }
                    row.clone()
                }
                None => Row {
                    key,
                    job: ArcRwSignal::new(job),
                    clock: ArcRwSignal::new(now),
                },
            }
        })
        .collect();
    (rows, finished)
}

/// Every result image of every job on the page that can be found again (it has an id),
/// in page order: what the viewer walks through.
fn pictures_on_page(rows: &[Row]) -> Vec<ViewerItem> {
    rows.iter()
        .flat_map(|row| {
            row.job.with(|job| {
                let images = job
                    .result
                    .as_ref()
                    .map(|r| r.images.clone())
                    .unwrap_or_default();
                let of = images.len();
                images
                    .into_iter()
                    .enumerate()
                    .map(|(index, image)| ViewerItem {
                        job_id: job.id.clone(),
                        index,
                        of,
                        image,
                    })
                    .collect::<Vec<_>>()
            })
        })
        .filter(|item| !item.job_id.is_empty())
        .collect()
}

/// What the polite live region says about jobs that just finished: one sentence per
/// refresh, never one per poll.
pub fn finished_text(completed: &[&str], failed: &[&str]) -> Option<String> {
    let part = |ids: &[&str], verb: &str| match ids {
        [] => None,
        [id] => Some(format!("Job {} {verb}", short_id(id))),
        _ => Some(format!("{} jobs {verb}", ids.len())),
    };
    match (part(completed, "completed"), part(failed, "failed")) {
        (None, None) => None,
        (Some(a), None) | (None, Some(a)) => Some(format!("{a}.")),
        (Some(a), Some(b)) => Some(match b.strip_prefix("Job ") {
            Some(rest) => format!("{a}; job {rest}."),
            None => format!("{a}; {b}."),
        }),
    }
}

/// "just now", "5 s ago" for recent moments, the locale's relative time beyond a minute.
fn ago_text(at: Millis, now: Millis) -> String {
    let ms = now - at;
    if ms < 1000 {
        "just now".to_owned()
    } else if ms < 60_000 {
        format!("{} ago", duration_text((ms / 1000) * 1000))
    } else {
        relative_text(at, now)
    }
}

/// Tells the host page what happened, as a bubbling DOM event on the gallery's root:
/// `job-completed`, `job-failed`, `auth-required`, `payment-required`.
fn dispatch(root: &web_sys::HtmlElement, name: &str, detail: &[(&str, &str)]) {
    let object = js_sys::Object::new();
    for (k, v) in detail {
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&object);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = root.dispatch_event(&event);
    }
}

/// The address bar, for opt-in URL sync.
fn location_query() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

fn replace_query(query: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let (Ok(path), Ok(hash)) = (location.pathname(), location.hash()) else {
        return;
    };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(
            &JsValue::NULL,
            "",
            Some(&format!("{path}{query}{hash}")),
        );
    }
}

#[component]
pub fn JobsGallery(
    #[prop(into)] config: Config,
    /// Notified by embedders (the JavaScript handle's `refresh()`) to load the page now.
    #[prop(optional)]
    refresh: Option<ArcTrigger>,
) -> impl IntoView {
    let external_refresh = refresh;
    let endpoint = Endpoint {
        api_base: config.api_base.clone(),
        api_key: config.api_key.clone(),
        timeout_ms: config.timeout_ms,
    };
    let intervals = config.poll;
    let default_size = clamp_page_size(config.page_size as i64);
    let (url_page, url_size) = config.url_sync.as_deref().map_or((None, None), |prefix| {
        url_state::read(&location_query(), prefix)
    });

    let size = RwSignal::new(url_size.unwrap_or(default_size));
    // A page past the end is corrected by the first answer, like any shrunken list.
    let offset = RwSignal::new(url_page.map_or(0, |p| (p - 1) * size.get_untracked() as u64));
    let rows = RwSignal::new(Vec::<Row>::new());
    let shown = RwSignal::new(None::<Shown>);
    let failure = RwSignal::new(None::<Failure>);
    let loading = RwSignal::new(false);
    let loaded_at = RwSignal::new(None::<Millis>);
    let paused = RwSignal::new(false);
    let next_at = RwSignal::new(None::<Millis>);
    // Jobs that arrived while the user reads a later page; the page shifts to keep its jobs.
    let new_jobs = RwSignal::new(0u64);
    let announcement = RwSignal::new(String::new());
    let now = RwSignal::new(client_now());
    let reload = RwSignal::new(0u64);
    let root = NodeRef::<leptos::html::Section>::new();

    let book = StoredValue::new_local(Bookkeeping {
        url_sync: config.url_sync,
        ..Bookkeeping::default()
    });

    let server_now = move || client_now() + book.with_value(|b| b.skew);
    let tick = move || {
        let t = server_now();
        now.set(t);
        rows.with_untracked(|rows| rows.iter().for_each(|row| row.clock.set(t)));
    };
    let emit = move |name: &str, detail: &[(&str, &str)]| {
        if let Some(el) = root.get_untracked() {
            dispatch(&el, name, detail);
        }
    };

    let cancel_poll = move || {
        if let Some(handle) = book.try_update_value(|b| b.poll_timer.take()).flatten() {
            handle.clear();
        }
        next_at.set(None);
    };
    let schedule_poll = move || {
        cancel_poll();
        if paused.get_untracked() {
            return;
        }
        let any_active = rows.with_untracked(|rows| {
            rows.iter()
                .any(|r| r.job.with_untracked(|j| j.status.is_active()))
        });
        let jitter = js_sys::Math::random();
        let delay = failure.with_untracked(|f| {
            next_delay(
                intervals,
                any_active,
                tab_hidden(),
                f.as_ref(),
                book.with_value(|b| b.failures_in_a_row),
                jitter,
            )
        });
        if let Some(ms) = delay {
            let handle = set_timeout_with_handle(
                move || reload.update(|n| *n += 1),
                Duration::from_millis(ms as u64),
            )
            .ok();
            book.update_value(|b| b.poll_timer = handle);
            next_at.set(Some(server_now() + ms as i64));
        }
    };

    let tell_finished = move |finished: Vec<Finished>| {
        let completed: Vec<&str> = finished
            .iter()
            .filter(|f| f.status == Status::Completed)
            .map(|f| f.id.as_str())
            .collect();
        let failed: Vec<&str> = finished
            .iter()
            .filter(|f| f.status == Status::Failed)
            .map(|f| f.id.as_str())
            .collect();
        for f in &finished {
            let name = if f.status == Status::Completed {
                "job-completed"
            } else {
                "job-failed"
            };
            emit(name, &[("jobId", &f.id)]);
        }
        if let Some(text) = finished_text(&completed, &failed) {
            announcement.set(text);
        }
    };

    let apply = move |fetched: Fetched, asked_offset: u64, asked_size: u32| {
        if let Some(server) = fetched.server_time {
            book.update_value(|b| b.skew = server - client_now());
        }
        let page = fetched.page;
        let previous = book
            .try_update_value(|b| b.baseline.replace((asked_offset, asked_size, page.total)))
            .flatten();
        let same_page = previous.is_some_and(|(o, s, _)| o == asked_offset && s == asked_size);
        if same_page && asked_offset > 0 {
            // Newest-first lists shift down as jobs arrive: follow them, so the user keeps
            // reading the same jobs, and offer the new ones instead.
            let grown = page
                .total
                .saturating_sub(previous.map_or(page.total, |(_, _, t)| t));
            if grown > 0 {
                new_jobs.update(|n| *n += grown);
                book.update_value(|b| {
                    b.baseline = Some((asked_offset + grown, asked_size, page.total))
                });
                offset.set(asked_offset + grown);
                return;
            }
        }
        if page.jobs.is_empty() {
            // The list shrank under the user: go to its new last page instead of an empty one.
            if let Some(fixed) = corrected_offset(asked_offset, asked_size, page.total) {
                offset.set(fixed);
                return;
            }
        }
        let count = page.jobs.len() as u64;
        let mut finished = Vec::new();
        rows.update(|rows| {
            let (fresh, done) = patch_rows(rows, page.jobs, asked_offset, now.get_untracked());
            *rows = fresh;
            finished = done;
        });
        if same_page {
            tell_finished(finished);
        }
        shown.set(Some(Shown {
            offset: asked_offset,
            total: page.total,
            count,
        }));
        // The address follows the page on screen, when the embedder asked for it.
        if let Some(query) = book.with_value(|b| {
            b.url_sync.as_ref().map(|prefix| {
                url_state::write(
                    &location_query(),
                    prefix,
                    page_of(asked_offset, asked_size),
                    asked_size,
                    default_size,
                )
            })
        }) {
            replace_query(&query);
        }
        failure.set(None);
        book.update_value(|b| b.failures_in_a_row = 0);
        loaded_at.set(Some(server_now()));
    };

    let fail = move |error: Failure| {
        let kind_changed =
            failure.with_untracked(|f| f.as_ref().map(Failure::kind) != Some(error.kind()));
        if kind_changed {
            match &error {
                Failure::Unauthorized(_) => emit("auth-required", &[]),
                Failure::PaymentRequired(_) => emit("payment-required", &[]),
                _ => {}
            }
        }
        book.update_value(|b| b.failures_in_a_row += 1);
        failure.set(Some(error));
    };

    let load = move |asked_size: u32, asked_offset: u64| {
        cancel_poll();
        // A newer request supersedes the one in flight: abort it, and ignore its answer.
        if let Some(previous) = book.try_update_value(|b| b.in_flight.take()).flatten() {
            previous.abort();
        }
        let Ok(controller) = AbortController::new() else {
            return;
        };
        let Some(mine) = book.try_update_value(|b| {
            b.generation += 1;
            b.in_flight = Some(controller.clone());
            b.generation
        }) else {
            return;
        };
        loading.set(true);
        let endpoint = endpoint.clone();
        spawn_local(async move {
            let result = fetch_page(&endpoint, asked_size, asked_offset, &controller).await;
            if book.try_with_value(|b| b.generation) != Some(mine) {
                return;
            }
            book.update_value(|b| b.in_flight = None);
            loading.set(false);
            match result {
                Ok(fetched) => apply(fetched, asked_offset, asked_size),
                Err(error) => fail(error),
            }
            tick();
            schedule_poll();
        });
    };

    Effect::new(move |_| {
        let (s, o) = (size.get(), offset.get());
        reload.track();
        if let Some(trigger) = &external_refresh {
            trigger.track();
        }
        load(s, o);
    });

    // The clock behind "3 min ago", "running 12 s", "next in 3 s" and link expiry.
    if let Ok(tick) = set_interval_with_handle(tick, Duration::from_secs(1)) {
        on_cleanup(move || tick.clear());
    }

    // Hidden tabs do not poll; coming back refreshes at once.
    let on_visibility = Closure::<dyn Fn()>::new(move || {
        if tab_hidden() {
            cancel_poll();
        } else if !loading.get_untracked() && !paused.get_untracked() {
            reload.update(|n| *n += 1);
        }
    });
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        let _ = document.add_event_listener_with_callback(
            "visibilitychange",
            on_visibility.as_ref().unchecked_ref(),
        );
        let listener = StoredValue::new_local(Some(on_visibility));
        on_cleanup(move || {
            if let Some(closure) = listener.try_update_value(Option::take).flatten() {
                let _ = document.remove_event_listener_with_callback(
                    "visibilitychange",
                    closure.as_ref().unchecked_ref(),
                );
            }
        });
    }
    on_cleanup(move || {
        cancel_poll();
        if let Some(controller) = book.try_update_value(|b| b.in_flight.take()).flatten() {
            controller.abort();
        }
    });

    let refresh = move || reload.update(|n| *n += 1);
    let viewer_at = RwSignal::new(None::<ViewerAt>);
    // Handed down as props, not as context: Leptos's context map is code the wasm
    // otherwise does without (0.9 KB gzip).
    let image_actions = ImageActions {
        open: Some(Callback::new(move |at| viewer_at.set(Some(at)))),
        // A signed link may have been replaced: ask for the page again, once per page.
        broken: Some(Callback::new(move |_| {
            if !book.with_value(|b| b.image_retried) && !loading.get_untracked() {
                book.update_value(|b| b.image_retried = true);
                refresh();
            }
        })),
    };
    let viewer_items = move || rows.with(|rows| pictures_on_page(rows));
    let navigate = move |to: u64| {
        new_jobs.set(0);
        book.update_value(|b| b.image_retried = false);
        offset.set(to);
    };
    let go_to_page = move |page: u64| {
        let total = shown.get_untracked().map_or(0, |s| s.total);
        navigate(offset_of(page, size.get_untracked(), total));
    };
    let change_size = move |new_size: u32| {
        let new_size = clamp_page_size(new_size as i64);
        // Keep the first job on screen in view: start on the page that holds it.
        let first = shown.get_untracked().map_or(0, |s| s.offset);
        navigate(first / new_size as u64 * new_size as u64);
        size.set(new_size);
    };
    let toggle_pause = move |_| {
        paused.update(|p| *p = !*p);
        if paused.get_untracked() {
            cancel_poll();
        } else {
            refresh();
        }
    };

    let stale_since = Memo::new(move |_| {
        if rows.with(Vec::is_empty) {
            None
        } else {
            loaded_at.get()
        }
    });
    let is_stale = move || failure.with(Option::is_some) && !rows.with(Vec::is_empty);
    let empty = move || failure.with(Option::is_none) && shown.get().is_some_and(|s| s.total == 0);
    let first_load = move || shown.get().is_none() && failure.with(Option::is_none);
    let has_pages = Memo::new(move |_| shown.get().is_some_and(|s| s.total > 0));
    let status_text = move || {
        let now = now.get();
        let mut parts = Vec::new();
        if loading.get() {
            parts.push("Updating\u{2026}".to_owned());
        } else if let Some(at) = loaded_at.get() {
            parts.push(format!("Updated {}", ago_text(at, now)));
        }
        if paused.get() {
            parts.push("paused".to_owned());
        } else if let Some(at) = next_at.get() {
            parts.push(format!(
                "next in {}",
                duration_text(((at - now).max(0) + 999) / 1000 * 1000)
            ));
        }
        parts.join(" \u{b7} ")
    };

    view! {
        <section
            class="jobs-gallery"
            class:jobs-gallery--stale=is_stale
            class:jobs-gallery--loading=move || loading.get()
            aria-busy=move || loading.get().then_some("true")
            aria-label="Generation jobs"
            node_ref=root
        >
            <header class="jg-toolbar">
                <h2 class="jg-toolbar__title">"Your jobs"</h2>
                <p class="jg-toolbar__status">{status_text}</p>
                <button type="button" class="jg-button" aria-pressed=move || Some(if paused.get() { "true" } else { "false" }) on:click=toggle_pause>
                    <span aria-hidden="true">"\u{2016} "</span>
                    "Pause"
                </button>
                <button type="button" class="jg-button" on:click=move |_| refresh() disabled=move || loading.get().then_some("")>
                    <span aria-hidden="true">"\u{21BB} "</span>
                    "Refresh"
                </button>
            </header>
            <div class="jg-visually-hidden" role="status" aria-live="polite">{move || announcement.get()}</div>
            {move || failure.get().map(|f| view! { <ErrorBanner failure=f stale_since=stale_since on_retry=move |_| refresh()/> })}
            {move || (new_jobs.get() > 0).then(|| {
                let n = new_jobs.get();
                view! {
                    <button type="button" class="jg-button jg-new-jobs" on:click=move |_| navigate(0)>
                        {if n == 1 { "1 new job".to_owned() } else { format!("{n} new jobs") }}
                        <span aria-hidden="true">" \u{2191}"</span>
                    </button>
                }
            })}
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
                    children=move |row| view! { <JobCard job=RwSignal::from(row.job) now=RwSignal::from(row.clock) image_actions/> }
                />
            </div>
            <Viewer items=viewer_items at=viewer_at now=now/>
            {move || has_pages.get().then(|| view! {
                <Pager
                    shown=shown
                    size=size
                    on_page=go_to_page
                    on_size=change_size
                />
            })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::finished_text;

    #[test]
    fn finished_jobs_are_told_in_one_sentence() {
        assert_eq!(finished_text(&[], &[]), None);
        assert_eq!(
            finished_text(&["3f2a9c1e-0000"], &[]).as_deref(),
            Some("Job 3f2a9c1e\u{2026} completed.")
        );
        assert_eq!(
            finished_text(&[], &["a", "b"]).as_deref(),
            Some("2 jobs failed.")
        );
        assert_eq!(
            finished_text(&["a", "b", "c"], &["d"]).as_deref(),
            Some("3 jobs completed; job d failed.")
        );
    }
}
