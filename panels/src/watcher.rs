//! The watcher: follows a gallery's watched jobs ("Notify me") by id, at a slow
//! interval, every one while the tab is hidden or the window has no focus (and nothing
//! else is asked then: the list does not poll a hidden tab), otherwise only those not on
//! the page shown, which the list follows. A finished one is told once: the host's
//! event, a system notification whose click opens the job, the title badge when asked
//! for, and in the watcher's live region where notifications are off.

use std::cell::RefCell;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;
use web_sys::AbortController;

use crate::notifications;
use jobs_gallery::api::client::{fetch_job, Endpoint};
use jobs_gallery::api::{Job, Status};
use jobs_gallery::config::Config;
use jobs_gallery::gallery::host_page::{dispatch, id_detail, job_detail, store, stored};
use jobs_gallery::gallery::rows::first_thumbnail;
use jobs_gallery::gallery::watches::{
    badged_title, notification_body, notification_title, End, Watches,
};
use jobs_gallery::hooks::{tab_hidden, use_tab_visibility};
use jobs_gallery::polling::watch_delay;
use jobs_gallery::time::Millis;
use jobs_gallery::words::PanelKey;

fn now() -> Millis {
    js_sys::Date::now() as Millis
}

/// The options the watcher reads beside the gallery's `Config`: `watchIntervalMs`
/// (`watch-interval-ms`, default 30 s, 1 s – 1 h) and `titleBadge` (`title-badge`, off).
pub fn watch_options(options: &JsValue) -> (u32, bool) {
    let get = |key: &str| js_sys::Reflect::get(options, &key.into()).unwrap_or_default();
    let interval = get("watchIntervalMs");
    let ms = interval
        .as_f64()
        .or_else(|| interval.as_string().and_then(|s| s.trim().parse().ok()))
        .filter(|ms| ms.is_finite())
        .map_or(30_000, |ms| ms.clamp(1_000.0, 3_600_000.0) as u32);
    let badge = get("titleBadge");
    let badge = badge
        .as_bool()
        .unwrap_or_else(|| badge.as_string().is_some_and(|s| s.trim() != "false"));
    (ms, badge)
}

/// Whether the reader is looking at the page: its tab shown and its window focused.
fn looking() -> bool {
    !tab_hidden()
        && web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.has_focus().unwrap_or(true))
}

thread_local! {
    /// The page's title badge, shared by its galleries: the finished jobs the reader has
    /// not seen, and the host's title with the one written over it.
    static BADGE: RefCell<(u32, Option<(String, String)>)> = const { RefCell::new((0, None)) };
}

fn page_title() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .map(|d| d.title())
        .unwrap_or_default()
}

fn set_page_title(title: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(title);
    }
}

struct Book {
    key: String,
    endpoint: Endpoint,
    interval_ms: u32,
    title_badge: bool,
    root: web_sys::HtmlElement,
    /// The loader's `panel(kind, arg)`: a notification's click opens the job's dialog.
    open: Option<js_sys::Function>,
    timer: Option<TimeoutHandle>,
    /// The round of requests under way, one request at a time.
    round: Option<AbortController>,
    failures_in_a_row: u32,
    /// No round before this (a backoff, a `Retry-After`), even when the tab is shown or
    /// hidden meanwhile.
    not_before: Millis,
}

#[derive(Clone, Copy)]
struct Watcher {
    /// What the watcher's live region says.
    said: RwSignal<String>,
    book: StoredValue<Book, LocalStorage>,
}

impl Watcher {
    fn emit(self, name: &str, detail: &JsValue) {
        if let Some(root) = self.book.try_with_value(|b| b.root.clone()) {
            dispatch(&root, name, detail);
        }
    }

    /// Sets the timer for the next round, unless one is set or under way.
    fn schedule(self, ms: u32) {
        let idle = self
            .book
            .try_with_value(|b| b.timer.is_none() && b.round.is_none());
        if idle != Some(true) {
            return;
        }
        self.book
            .update_value(|b| b.not_before = now() + Millis::from(ms));
        let handle = set_timeout_with_handle(
            move || {
                if self.book.try_update_value(|b| b.timer = None).is_some() {
                    self.due();
                }
            },
            Duration::from_millis(ms.into()),
        )
        .ok();
        self.book.update_value(|b| b.timer = handle);
    }

    /// A new round after the interval (the tab was shown or hidden), but not before a
    /// backoff or `Retry-After` ends.
    fn restart(self) {
        let Some((timer, ms, not_before)) = self
            .book
            .try_update_value(|b| (b.timer.take(), b.interval_ms, b.not_before))
        else {
            return;
        };
        if let Some(timer) = timer {
            timer.clear();
        }
        let wait = (not_before - now()).clamp(0, Millis::from(u32::MAX)) as u32;
        self.schedule(ms.max(wait));
    }

    /// The status of job `id`'s card on the page shown, if it has one.
    fn card_status(self, id: &str) -> Option<String> {
        let selector = format!(".jg-grid > [data-job-id=\"{id}\"]");
        let card = self
            .book
            .with_value(|b| b.root.query_selector(&selector).ok().flatten())?;
        Some(card.get_attribute("data-status").unwrap_or_default())
    }

    /// A round: reads the watches (another gallery, tab or the loader may have changed
    /// them), drops those whose card the list already shows finished, and asks for the
    /// rest that the list does not follow.
    fn due(self) {
        let (key, interval) = self.book.with_value(|b| (b.key.clone(), b.interval_ms));
        let text = stored(&key);
        let mut watches = Watches::parse(&text, now());
        let mut ask = Vec::new();
        for watch in watches.0.clone() {
            let card = self.card_status(&watch.id);
            let finished = matches!(card.as_deref(), Some("completed" | "failed"));
            match watch.end {
                // The list follows a card the reader is looking at.
                End::Watching if card.is_some() && !finished && looking() => {}
                End::Watching => ask.push(watch.id),
                // The list told of it; a reader who was not looking is notified still.
                End::Seen if !looking() => ask.push(watch.id),
                End::Seen => {
                    watches.tell(&watch.id);
                }
                // Told: dropped once the list shows it finished, so that the list leaves
                // its own telling out until then.
                End::Told if finished => {
                    watches.remove(&watch.id);
                }
                End::Told => {}
            }
        }
        let kept = watches.to_text();
        if kept != text {
            store(&key, &kept);
        }
        // Nothing to ask now: the next round reads the watches again (a click may add one).
        if ask.is_empty() {
            return self.schedule(interval);
        }
        let Ok(controller) = AbortController::new() else {
            return;
        };
        let endpoint = self.book.with_value(|b| b.endpoint.clone());
        self.book
            .update_value(|b| b.round = Some(controller.clone()));
        spawn_local(async move {
            let mut failure = None;
            for id in ask {
                match fetch_job(&endpoint, &id, &controller).await {
                    Ok((job, _)) if matches!(job.status, Status::Completed | Status::Failed) => {
                        self.ended(&job)
                    }
                    Ok(_) => {}
                    // This job's own answer (deleted, refused, never this API's): nothing
                    // will come of watching it, and the others are asked still.
                    Err(f) if matches!(f.http_status(), Some(400 | 403 | 404 | 410 | 422)) => {
                        self.drop_watch(&id)
                    }
                    // A failure of the API or the network: the next round waits by the
                    // list's rules; one that needs the reader or names a wait ends this one.
                    Err(f) => {
                        let stop = !f.is_retryable() || f.retry_after_s().is_some();
                        failure = Some(f);
                        if stop {
                            break;
                        }
                    }
                }
            }
            let delay = self.book.try_update_value(|b| {
                b.round = None;
                b.failures_in_a_row = if failure.is_some() {
                    b.failures_in_a_row + 1
                } else {
                    0
                };
                watch_delay(
                    b.interval_ms,
                    failure.as_ref(),
                    b.failures_in_a_row,
                    js_sys::Math::random(),
                )
            });
            if let Some(Some(ms)) = delay {
                self.schedule(ms);
            }
        });
    }

    fn drop_watch(self, id: &str) {
        let Some(key) = self.book.try_with_value(|b| b.key.clone()) else {
            return;
        };
        let mut watches = Watches::parse(&stored(&key), now());
        if watches.remove(id) {
            store(&key, &watches.to_text());
            self.emit("job-unwatch", &id_detail(id));
        }
    }

    /// Watched job `job` finished: told once, whichever of the list and the watcher sees
    /// it first (the host's event unless the list told it), and once per page however
    /// many galleries watch it: a notification when the reader is not looking, the live
    /// region when none was shown, the title badge while the tab is hidden.
    fn ended(self, job: &Job) {
        let Some(key) = self.book.try_with_value(|b| b.key.clone()) else {
            return;
        };
        let mut watches = Watches::parse(&stored(&key), now());
        let before = watches.tell(&job.id);
        if matches!(before, None | Some(End::Told)) {
            return;
        }
        store(&key, &watches.to_text());
        if before == Some(End::Watching) {
            let name = if job.status == Status::Completed {
                "job-completed"
            } else {
                "job-failed"
            };
            self.emit(name, &job_detail(job));
        }
        if !notifications::first_time(&job.id) {
            return;
        }
        let title = notification_title(job);
        let mut shown = false;
        if !looking() && notifications::granted() {
            let id = job.id.clone();
            let open = self.book.with_value(|b| b.open.clone());
            let body = notification_body(job);
            let icon = first_thumbnail(job, now());
            shown = notifications::show(&title, &body, icon, &job.id, move || {
                if let Some(window) = web_sys::window() {
                    let _ = window.focus();
                }
                if let Some(open) = open {
                    let _ = open.call2(&JsValue::NULL, &"job".into(), &id.into());
                }
            });
        }
        if !shown {
            self.said.update(|said| {
                if !said.is_empty() {
                    said.push(' ');
                }
                said.push_str(&PanelKey::watch_told.with(&[("title", &title)]));
            });
        }
        if tab_hidden() && self.book.with_value(|b| b.title_badge) {
            add_title_badge();
        }
    }

    fn stop(self) {
        clear_title_badge();
        if let Some((timer, round)) = self
            .book
            .try_update_value(|b| (b.timer.take(), b.round.take()))
        {
            timer.into_iter().for_each(|t| t.clear());
            round.into_iter().for_each(|c| c.abort());
        }
    }
}

/// One more finished job the reader has not seen, counted in front of the page's title
/// (`title-badge`).
fn add_title_badge() {
    BADGE.with_borrow_mut(|(unseen, title)| {
        *unseen += 1;
        let shown = page_title();
        // The host may have changed its title since: that one is the title now.
        let host = match title.take() {
            Some((host, written)) if written == shown => host,
            _ => shown,
        };
        let written = badged_title(&host, *unseen);
        set_page_title(&written);
        *title = Some((host, written));
    });
}

/// Gives the page its own title back, unless the host changed it meanwhile.
fn clear_title_badge() {
    BADGE.with_borrow_mut(|(unseen, title)| {
        *unseen = 0;
        if let Some((host, written)) = title.take() {
            if page_title() == written {
                set_page_title(&host);
            }
        }
    });
}

/// The watcher of the gallery whose root is `root`, for the watches under `key`: no
/// more on screen than its live region.
#[component]
pub fn WatchedJobs(
    key: String,
    config: Config,
    /// From the options: how often to ask, and whether to badge the title.
    watch: (u32, bool),
    root: web_sys::HtmlElement,
    open: Option<js_sys::Function>,
) -> impl IntoView {
    let (interval_ms, title_badge) = watch;
    let watcher = Watcher {
        said: RwSignal::new(String::new()),
        book: StoredValue::new_local(Book {
            key,
            endpoint: Endpoint {
                api_base: config.api_base,
                api_key: config.api_key,
                timeout_ms: config.timeout_ms,
            },
            interval_ms,
            title_badge,
            root,
            open,
            timer: None,
            round: None,
            failures_in_a_row: 0,
            not_before: 0,
        }),
    };
    use_tab_visibility(move |hidden| {
        if !hidden {
            clear_title_badge();
            watcher.said.set(String::new());
        }
        watcher.restart();
    });
    on_cleanup(move || watcher.stop());
    watcher.schedule(interval_ms);
    view! { <div class="jg-visually-hidden" role="status" aria-live="polite">{move || watcher.said.get()}</div> }
}
