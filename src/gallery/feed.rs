//! The gallery's state: what page is asked for, what is on screen, the request in
//! flight, and when to ask again. A `Copy` struct of signals with methods, so the view
//! and the hooks call it by name instead of sharing a web of closures.

use std::time::Duration;

use leptos::html::Section;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;
use web_sys::AbortController;

use super::host_page::{
    dispatch, failure_detail, job_detail, job_link, location_query, page_detail, replace_query,
    store, stored,
};
use super::reconcile::{finished_text, reconcile, Baseline, Step};
use super::rows::{patch_rows, Finished, Row};
use super::status_line::status_text;
use super::watches::{any_watching, away_text, seen, storage_key, was_told};
use crate::api::client::{fetch_page, jobs_url, Endpoint, Fetched, Prefetched};
use crate::api::{Failure, Status};
use crate::components::ViewerAt;
use crate::config::Config;
use crate::format::copy_with_feedback;
use crate::hooks::tab_hidden;
use crate::paging::{clamp_page_size, offset_of, page_of, Shown};
use crate::polling::{next_delay, PollIntervals};
use crate::time::{clock_skew, Millis};
use crate::url_state;

fn client_now() -> Millis {
    js_sys::Date::now() as Millis
}

/// A tab hidden for less than this was not left: coming back says nothing of it.
const AWAY_MS: Millis = 5_000;

/// What the gallery keeps between requests without showing it, in one stored value
/// rather than one per field (size/few-tasks in docs/size.md).
struct Bookkeeping {
    endpoint: Endpoint,
    /// Failed refreshes in a row, for the backoff.
    failures_in_a_row: u32,
    /// Server clock minus client clock, from the `Date` headers (see `clock_skew`), so
    /// that ages and expiry are right even on a machine whose clock is off.
    skew: Option<Millis>,
    /// Counts requests: an answer to any but the latest is ignored.
    generation: u64,
    in_flight: Option<AbortController>,
    poll_timer: Option<TimeoutHandle>,
    /// The page the last answer was for, to tell a refresh of the same page from a page
    /// change.
    baseline: Option<Baseline>,
    /// Whether a broken image already asked for a fresh page of links.
    image_retried: bool,
    /// The prefix of the page's address parameters, when the address follows the page.
    url_sync: Option<String>,
    intervals: PollIntervals,
    /// The embedder's page size, which the address leaves out.
    default_size: u32,
    /// New jobs are held behind the "k new jobs" control because the reader was in the
    /// list on page 1; they are shown once the reader is back at its top.
    held: bool,
    /// The page and size of the last `page-change` event.
    told_page: Option<(u64, u32)>,
    /// The first request, if the loader started it (see `Prefetched`).
    prefetched: Option<Prefetched>,
    /// The loader's `panel(kind, arg)`: opens one of the panels (the viewer, the job's
    /// dialog, "Download this page"), a wasm of their own fetched on the first click
    /// (panels/).
    panel: Option<js_sys::Function>,
    /// The body of the answer the cards are from, which the viewer's panel reads its
    /// pictures from: the same decoding, and no copy of the jobs made for it.
    page_body: String,
    /// The size and offset that page was asked with.
    page_at: (u32, u64),
    /// Where the gallery's watches are kept ("Notify me"), once it is in the page.
    watch_key: Option<String>,
    /// When the tab was hidden, and the jobs on screen then still running.
    hidden: Option<(Millis, Vec<String>)>,
    /// Back after a while away: the next answer tells which of these finished.
    returned: Option<Vec<String>>,
}

#[derive(Clone, Copy)]
pub struct Feed {
    /// The page asked for: its size and the offset of its first job.
    pub size: RwSignal<u32>,
    pub offset: RwSignal<u64>,
    /// The cards on screen.
    pub rows: RwSignal<Vec<Row>>,
    /// The page the cards are from, once one has arrived.
    pub shown: RwSignal<Option<Shown>>,
    /// Why the last request failed, until one succeeds.
    pub failure: RwSignal<Option<Failure>>,
    pub loading: RwSignal<bool>,
    pub loaded_at: RwSignal<Option<Millis>>,
    pub paused: RwSignal<bool>,
    /// When the next automatic refresh is due, if one is.
    pub next_at: RwSignal<Option<Millis>>,
    /// Jobs that arrived while the reader is on a later page; the page shifts to keep
    /// its jobs and offers these instead.
    pub new_jobs: RwSignal<u64>,
    /// What the polite live region says.
    pub announcement: RwSignal<String>,
    /// The server's time as of the last tick.
    pub now: RwSignal<Millis>,
    /// Counts requests for the page: bumping it loads the page again.
    pub reload: RwSignal<u64>,
    /// The gallery's root element, which host-page events are dispatched on.
    pub root: NodeRef<Section>,
    /// The gallery's watches as stored (`gallery::watches`), read again every second:
    /// the loader sets them, the panels' watcher ends them.
    pub watched: RwSignal<String>,
    book: StoredValue<Bookkeeping, LocalStorage>,
}

impl Feed {
    /// The state for `config`; with URL sync on, the page and size start from the
    /// address. A page past the end is corrected by the first answer, like any list
    /// that shrank.
    pub fn new(
        config: Config,
        prefetched: Option<Prefetched>,
        panel: Option<js_sys::Function>,
    ) -> Self {
        let default_size = clamp_page_size(config.page_size as i64);
        let (url_page, url_size) = config.url_sync.as_deref().map_or((None, None), |prefix| {
            url_state::read(&location_query(), prefix)
        });
        let size = url_size.unwrap_or(default_size);
        let book = Bookkeeping {
            endpoint: Endpoint {
                api_base: config.api_base,
                api_key: config.api_key,
                timeout_ms: config.timeout_ms,
            },
            failures_in_a_row: 0,
            skew: None,
            generation: 0,
            in_flight: None,
            poll_timer: None,
            baseline: None,
            image_retried: false,
            url_sync: config.url_sync,
            intervals: config.poll,
            default_size,
            held: false,
            told_page: None,
            prefetched,
            panel,
            page_body: String::new(),
            page_at: (0, 0),
            watch_key: None,
            hidden: None,
            returned: None,
        };
        Feed {
            size: RwSignal::new(size),
            offset: RwSignal::new(url_page.map_or(0, |p| (p - 1) * size as u64)),
            rows: RwSignal::new(Vec::new()),
            shown: RwSignal::new(None),
            failure: RwSignal::new(None),
            loading: RwSignal::new(false),
            loaded_at: RwSignal::new(None),
            paused: RwSignal::new(false),
            next_at: RwSignal::new(None),
            new_jobs: RwSignal::new(0),
            announcement: RwSignal::new(String::new()),
            now: RwSignal::new(client_now()),
            reload: RwSignal::new(0),
            root: NodeRef::new(),
            watched: RwSignal::new(String::new()),
            book: StoredValue::new_local(book),
        }
    }

    fn server_now(self) -> Millis {
        client_now() + self.book.with_value(|b| b.skew.unwrap_or(0))
    }

    /// Moves the gallery's clock and every card's own copy of it to the server's now,
    /// and shows held new jobs once the reader is back at the top of the list.
    pub fn tick(self) {
        let t = self.server_now();
        self.now.set(t);
        self.rows
            .with_untracked(|rows| rows.iter().for_each(|row| row.clock.set(t)));
        if self.book.with_value(|b| b.held) && !self.reader_in_list() {
            self.navigate(0);
        }
        // The first tick finds the root in the page, whose element names the watches.
        if self.book.with_value(|b| b.watch_key.is_none()) {
            self.load_watches();
        } else {
            self.read_watches();
        }
    }

    /// Whether the reader is reading the list: scrolled past its top, pointing at it
    /// (a card or the gap between two) or with focus inside a card. New jobs then wait behind the "k new jobs" control
    /// instead of pushing the cards down under the reader.
    fn reader_in_list(self) -> bool {
        let Some(root) = self.root.get_untracked() else {
            return false;
        };
        let Ok(Some(grid)) = root.query_selector(".jg-grid") else {
            return false;
        };
        let focused = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element())
            .is_some_and(|active| grid.contains(Some(&active)));
        focused
            || grid.get_bounding_client_rect().top() < 0.0
            // The DOM's selector test, not a substring search (size/no-substring-search).
            || web_sys::Element::matches(&grid, ":hover").unwrap_or(false)
    }

    fn emit(self, name: &str, detail: &JsValue) {
        if let Some(el) = self.root.get_untracked() {
            dispatch(&el, name, detail);
        }
    }

    fn cancel_poll(self) {
        if let Some(handle) = self
            .book
            .try_update_value(|b| b.poll_timer.take())
            .flatten()
        {
            handle.clear();
        }
        self.next_at.set(None);
    }

    /// Sets the timer for the next automatic refresh, if one is due (see `next_delay`).
    fn schedule_poll(self) {
        self.cancel_poll();
        if self.paused.get_untracked() {
            return;
        }
        let any_active = self.rows.with_untracked(|rows| {
            rows.iter()
                .any(|r| r.job.with_untracked(|j| j.status.is_active()))
        });
        let jitter = js_sys::Math::random();
        let delay = self.failure.with_untracked(|f| {
            next_delay(
                self.book.with_value(|b| b.intervals),
                any_active,
                tab_hidden(),
                f.as_ref(),
                self.book.with_value(|b| b.failures_in_a_row),
                jitter,
            )
        });
        if let Some(ms) = delay {
            let handle =
                set_timeout_with_handle(move || self.poll_due(), Duration::from_millis(ms as u64))
                    .ok();
            self.book.update_value(|b| b.poll_timer = handle);
            self.next_at.set(Some(self.server_now() + ms as i64));
        }
    }

    /// A gallery taken out of the page is unmounted a task later, since a move keeps it
    /// (the loader's `whenGone`); a poll falling due in between asks nothing, and comes
    /// round again in case the gallery is back.
    fn poll_due(self) {
        if self
            .root
            .get_untracked()
            .is_some_and(|root| !root.is_connected())
        {
            self.schedule_poll();
        } else {
            self.refresh();
        }
    }

    fn tell_finished(self, finished: Vec<Finished>) {
        let ids = |status: Status| -> Vec<&str> {
            finished
                .iter()
                .filter(|f| f.status == status)
                .map(|f| f.id.as_str())
                .collect()
        };
        let (completed, failed) = (ids(Status::Completed), ids(Status::Failed));
        // A watched job's end is told once, by whichever of the list and the panels'
        // watcher sees it first: the list marks what it told.
        let key = self.book.with_value(|b| b.watch_key.clone());
        let mut watches = key.as_deref().map(stored).unwrap_or_default();
        for f in &finished {
            if was_told(&watches, &f.id) {
                continue;
            }
            if let (Some(key), Some(marked)) = (&key, seen(&watches, &f.id)) {
                store(key, &marked);
                watches = marked;
            }
            let name = if f.status == Status::Completed {
                "job-completed"
            } else {
                "job-failed"
            };
            let detail = self.rows.with_untracked(|rows| {
                rows.iter().find_map(|r| {
                    r.job
                        .with_untracked(|j| (j.id == f.id).then(|| job_detail(j)))
                })
            });
            if let Some(detail) = detail {
                self.emit(name, &detail);
            }
        }
        if let Some(text) = finished_text(&completed, &failed) {
            self.announcement.set(text);
        }
    }

    fn apply(self, fetched: Fetched, asked_offset: u64, asked_size: u32) {
        if let Some(server) = fetched.server_time {
            let sample = server - client_now();
            self.book
                .update_value(|b| b.skew = Some(clock_skew(b.skew, sample)));
        }
        let (page, body) = (fetched.page, fetched.body);
        let asked = Baseline {
            offset: asked_offset,
            size: asked_size,
            total: page.total,
        };
        let hold = asked_offset == 0 && self.reader_in_list();
        let Some(step) = self.book.try_update_value(|b| {
            let (step, next) = reconcile(b.baseline, asked, page.jobs.len(), hold);
            b.baseline = Some(next);
            step
        }) else {
            return;
        };
        let refresh = match step {
            Step::Follow { offset, grown } => {
                self.book.update_value(|b| b.held |= hold);
                self.new_jobs.update(|n| *n += grown);
                self.offset.set(offset);
                return;
            }
            Step::Correct { offset } => {
                self.offset.set(offset);
                return;
            }
            Step::Show { refresh } => refresh,
        };
        let count = page.jobs.len() as u64;
        self.book.update_value(|b| {
            b.page_body = body;
            b.page_at = (asked_size, asked_offset);
        });
        let mut finished = Vec::new();
        self.rows.update(|rows| {
            let (fresh, done) = patch_rows(rows, page.jobs, asked_offset, self.now.get_untracked());
            *rows = fresh;
            finished = done;
        });
        if refresh {
            self.tell_finished(finished);
        }
        self.tell_away();
        self.shown.set(Some(Shown {
            offset: asked_offset,
            total: page.total,
            count,
        }));
        let on_screen = (page_of(asked_offset, asked_size), asked_size);
        if self
            .book
            .try_update_value(|b| b.told_page.replace(on_screen))
            != Some(Some(on_screen))
        {
            self.emit(
                "page-change",
                &page_detail(on_screen.0, asked_size, page.total),
            );
        }
        // The address follows the page on screen, when the embedder asked for it.
        if let Some(query) = self.book.with_value(|b| {
            b.url_sync.as_ref().map(|prefix| {
                url_state::write(
                    &location_query(),
                    prefix,
                    page_of(asked_offset, asked_size),
                    asked_size,
                    b.default_size,
                )
            })
        }) {
            replace_query(&query);
        }
        self.failure.set(None);
        self.book.update_value(|b| b.failures_in_a_row = 0);
        self.loaded_at.set(Some(self.server_now()));
    }

    fn fail(self, error: Failure) {
        let kind_changed = self
            .failure
            .with_untracked(|f| f.as_ref().map(Failure::kind) != Some(error.kind()));
        if kind_changed {
            let detail = failure_detail(&error);
            self.emit("gallery-error", &detail);
            match &error {
                Failure::Unauthorized(_) => self.emit("auth-required", &detail),
                Failure::PaymentRequired(_) => self.emit("payment-required", &detail),
                _ => {}
            }
        }
        self.book.update_value(|b| b.failures_in_a_row += 1);
        self.failure.set(Some(error));
    }

    /// Asks for one page. A newer request supersedes the one in flight: it is aborted
    /// and its answer ignored.
    pub fn load(self, asked_size: u32, asked_offset: u64) {
        self.cancel_poll();
        if let Some(previous) = self.book.try_update_value(|b| b.in_flight.take()).flatten() {
            previous.abort();
        }
        let Some((prefetched, endpoint)) = self
            .book
            .try_update_value(|b| (b.prefetched.take(), b.endpoint.clone()))
        else {
            return;
        };
        let url = jobs_url(&endpoint.api_base, asked_size, asked_offset);
        let (controller, started) = match prefetched {
            Some(p) if p.url == url => (p.abort, Some(p.response)),
            other => {
                if let Some(p) = other {
                    p.abort.abort();
                }
                let Ok(controller) = AbortController::new() else {
                    return;
                };
                (controller, None)
            }
        };
        let Some(mine) = self.book.try_update_value(|b| {
            b.generation += 1;
            b.in_flight = Some(controller.clone());
            b.generation
        }) else {
            return;
        };
        self.loading.set(true);
        spawn_local(async move {
            let result = fetch_page(&endpoint, &url, asked_size, &controller, started).await;
            if self.book.try_with_value(|b| b.generation) != Some(mine) {
                return;
            }
            self.book.update_value(|b| b.in_flight = None);
            self.loading.set(false);
            match result {
                Ok(fetched) => self.apply(fetched, asked_offset, asked_size),
                Err(error) => self.fail(error),
            }
            self.tick();
            self.schedule_poll();
        });
    }

    /// Loads the page on screen again.
    pub fn refresh(self) {
        self.reload.update(|n| *n += 1);
    }

    /// Hidden tabs do not poll (the panels' watcher asks for watched jobs); coming back
    /// refreshes at once, and after a while away the answer says what finished.
    pub fn tab_visibility_changed(self, hidden: bool) {
        if hidden {
            self.cancel_poll();
            let running = self.rows.with_untracked(|rows| {
                rows.iter()
                    .filter(|r| r.job.with_untracked(|j| j.status.is_active()))
                    .map(|r| r.key.clone())
                    .collect()
            });
            self.book
                .update_value(|b| b.hidden = Some((client_now(), running)));
            return;
        }
        self.book.update_value(|b| {
            b.returned = b
                .hidden
                .take()
                .filter(|(since, running)| client_now() - since >= AWAY_MS && !running.is_empty())
                .map(|(_, running)| running);
        });
        if !self.loading.get_untracked() && !self.paused.get_untracked() {
            self.refresh();
        }
    }

    /// After a while away, the first answer hands the jobs on screen that were running
    /// when the tab was hidden and have finished since to the panels' "away" strip,
    /// which says so (in its live region too) and opens their pictures.
    fn tell_away(self) {
        let Some(running) = self.book.try_update_value(|b| b.returned.take()).flatten() else {
            return;
        };
        let (mut completed, mut failed) = (0, 0);
        let finished: js_sys::Array = self.rows.with_untracked(|rows| {
            rows.iter()
                .filter(|r| running.contains(&r.key))
                .filter(|r| match r.job.with_untracked(|j| j.status) {
                    Status::Completed => {
                        completed += 1;
                        true
                    }
                    Status::Failed => {
                        failed += 1;
                        true
                    }
                    _ => false,
                })
                .map(|r| JsValue::from_str(&r.key))
                .collect()
        });
        if let (Some(text), Some(first)) =
            (away_text(completed, failed), finished.get(0).as_string())
        {
            // Said once, here, in place of the list's own sentence for the same jobs.
            self.announcement.set(text);
            self.open_on_page(
                "away",
                finished,
                ViewerAt {
                    job_id: first,
                    index: 0,
                },
            );
        }
    }

    /// Reads the gallery's watches again: the loader, the watcher and other galleries
    /// change them.
    fn read_watches(self) {
        if let Some(key) = self.book.with_value(|b| b.watch_key.clone()) {
            let text = stored(&key);
            if self.watched.with_untracked(|w| *w != text) {
                self.watched.set(text);
            }
        }
    }

    /// Once the gallery is in the page (its element's `id` names its watches): reads
    /// them, and starts the panels' watcher when a job is watched.
    pub fn load_watches(self) {
        let Some(root) = self.root.get_untracked() else {
            return;
        };
        let gallery = root.parent_element().map(|e| e.id()).unwrap_or_default();
        let key = self
            .book
            .with_value(|b| storage_key(&gallery, &b.endpoint.api_base));
        self.book.update_value(|b| b.watch_key = Some(key.clone()));
        self.read_watches();
        if self.watched.with_untracked(|w| any_watching(w)) {
            self.open_panel("watch", &js_sys::Array::of1(&key.into()));
        }
    }

    /// A card's "Notify me", and its undoing: the loader's `panel("watch", [key, id])`
    /// keeps the watch (and asks for the permission to notify, which browsers grant only
    /// during the click), and the panels' watcher follows the job from then on.
    pub fn toggle_watch(self, id: String) {
        // A click before the first tick finds the watches itself.
        if self.book.with_value(|b| b.watch_key.is_none()) {
            self.load_watches();
        }
        if let Some(key) = self.book.with_value(|b| b.watch_key.clone()) {
            self.open_panel("watch", &js_sys::Array::of2(&key.into(), &id.into()));
            self.read_watches();
        }
    }

    /// Stops everything the gallery started: the poll timer and the request in flight.
    pub fn stop(self) {
        self.cancel_poll();
        if let Some((in_flight, prefetched)) = self
            .book
            .try_update_value(|b| (b.in_flight.take(), b.prefetched.take()))
        {
            in_flight
                .into_iter()
                .chain(prefetched.map(|p| p.abort))
                .for_each(|c| c.abort());
        }
    }

    /// Opens the panel `kind` through the loader (see `panel`), with `arg` for it.
    pub fn open_panel(self, kind: &str, arg: &JsValue) {
        if let Some(panel) = self.book.try_with_value(|b| b.panel.clone()).flatten() {
            let _ = panel.call2(&JsValue::NULL, &kind.into(), arg);
        }
    }

    /// Opens the viewer on picture `at`: the panel is handed the body the cards are
    /// from, the job ids on screen in their order, the picture, and the server's clock
    /// as `[body, [job ids], [job id, picture index, server now]]`.
    pub fn open_viewer(self, at: ViewerAt) {
        self.open_on_page("viewer", self.shown_ids(), at);
    }

    /// A card's "Download": the job's pictures in each format, in a panel handed what
    /// the viewer is, for that one job.
    pub fn open_files(self, job_id: String) {
        let ids = js_sys::Array::of1(&JsValue::from_str(&job_id));
        self.open_on_page("files", ids, ViewerAt { job_id, index: 0 });
    }

    fn open_on_page(self, kind: &str, ids: js_sys::Array, at: ViewerAt) {
        let body = self.book.with_value(|b| JsValue::from_str(&b.page_body));
        let now = JsValue::from_f64(self.server_now() as f64);
        let at = js_sys::Array::of3(&at.job_id.into(), &(at.index as u32).into(), &now);
        self.open_panel(kind, &js_sys::Array::of3(&body, &ids, &at));
    }

    /// A card's "Copy link" (URL sync on): copies the address that reopens job `id`.
    pub fn copy_link(self, id: String, copied: RwSignal<bool>) {
        let link = self.book.with_value(|b| {
            b.url_sync
                .as_deref()
                .and_then(|prefix| job_link(prefix, &id))
        });
        if let Some(link) = link {
            copy_with_feedback(link, copied);
        }
    }

    /// The ids of the jobs on screen, in their order.
    fn shown_ids(self) -> js_sys::Array {
        self.rows
            .with_untracked(|rows| rows.iter().map(|r| JsValue::from_str(&r.key)).collect())
    }

    /// "Download this page": the panel is handed the page on screen (not one being asked
    /// for) as `[size, offset, [job ids]]`, and reads its jobs again for links signed now.
    pub fn save_page(self) {
        let (size, offset) = self.book.with_value(|b| b.page_at);
        let ids = self.shown_ids();
        self.open_panel(
            "zip",
            &js_sys::Array::of3(&size.into(), &(offset as f64).into(), &ids),
        );
    }

    /// A signed link may have been replaced: asks for the page again, once per page.
    pub fn image_broken(self) {
        if !self.book.with_value(|b| b.image_retried) && !self.loading.get_untracked() {
            self.book.update_value(|b| b.image_retried = true);
            self.refresh();
        }
    }

    /// Goes to the page at `to`, dropping what was offered from the page before.
    pub fn navigate(self, to: u64) {
        self.new_jobs.set(0);
        self.book.update_value(|b| {
            b.image_retried = false;
            b.held = false;
        });
        self.offset.set(to);
    }

    /// Applies a changed configuration to the live gallery. Another API base or key is
    /// another list: it starts over on page 1 with nothing of the old one on screen. A
    /// new page size keeps the first job on screen in view. Timeouts and intervals apply
    /// from the next request.
    pub fn reconfigure(self, config: Config) {
        let default_size = clamp_page_size(config.page_size as i64);
        let Some((other_list, size_changed)) = self.book.try_update_value(|b| {
            let other_list =
                b.endpoint.api_base != config.api_base || b.endpoint.api_key != config.api_key;
            let size_changed = b.default_size != default_size;
            b.endpoint = Endpoint {
                api_base: config.api_base,
                api_key: config.api_key,
                timeout_ms: config.timeout_ms,
            };
            b.intervals = config.poll;
            b.url_sync = config.url_sync;
            b.default_size = default_size;
            if other_list {
                b.baseline = None;
                b.skew = None;
                b.failures_in_a_row = 0;
                b.told_page = None;
                // Asked of the old list, with the old key.
                if let Some(p) = b.prefetched.take() {
                    p.abort.abort();
                }
            }
            (other_list, size_changed)
        }) else {
            return;
        };
        if other_list {
            self.load_watches();
            self.rows.set(Vec::new());
            self.shown.set(None);
            self.failure.set(None);
            self.loaded_at.set(None);
            self.navigate(0);
            self.size.set(default_size);
            self.refresh();
        } else if size_changed {
            self.change_size(default_size);
        } else if !self.loading.get_untracked() {
            self.schedule_poll();
        }
    }

    pub fn go_to_page(self, page: u64) {
        let total = self.shown.get_untracked().map_or(0, |s| s.total);
        self.navigate(offset_of(page, self.size.get_untracked(), total));
    }

    /// A new page size starts on the page that holds the first job on screen, so that
    /// job stays in view.
    pub fn change_size(self, new_size: u32) {
        let new_size = clamp_page_size(new_size as i64);
        let first = self.shown.get_untracked().map_or(0, |s| s.offset);
        self.navigate(first / new_size as u64 * new_size as u64);
        self.size.set(new_size);
    }

    pub fn toggle_pause(self) {
        self.paused.update(|p| *p = !*p);
        if self.paused.get_untracked() {
            self.cancel_poll();
        } else {
            self.refresh();
        }
    }

    /// The toolbar's "Updated 5 s ago · next in 3 s".
    pub fn status_text(self) -> String {
        status_text(
            self.loading.get(),
            self.loaded_at.get(),
            self.paused.get(),
            self.next_at.get(),
            self.now.get(),
        )
    }

    /// Old cards are on screen under a failure banner.
    pub fn is_stale(self) -> bool {
        self.failure.with(Option::is_some) && !self.rows.with(Vec::is_empty)
    }

    /// The list answered, and it is empty.
    pub fn is_empty(self) -> bool {
        self.failure.with(Option::is_none) && self.shown.get().is_some_and(|s| s.total == 0)
    }

    /// Nothing has arrived yet, and nothing failed.
    pub fn is_first_load(self) -> bool {
        self.shown.get().is_none() && self.failure.with(Option::is_none)
    }
}
