//! One job asked for by id (`GET /v1/jobs/{id}`), whatever page the gallery shows,
//! followed while it runs: the dialog's state as a `Copy` struct of signals with
//! methods, like the gallery's `Feed`.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::AbortController;

use jobs_gallery::api::client::{fetch_job, Endpoint};
use jobs_gallery::api::{Failure, Job};
use jobs_gallery::config::Config;
use jobs_gallery::hooks::tab_hidden;
use jobs_gallery::polling::{next_delay, PollIntervals};
use jobs_gallery::time::{clock_skew, Millis};

fn client_now() -> Millis {
    js_sys::Date::now() as Millis
}

struct Book {
    endpoint: Endpoint,
    intervals: PollIntervals,
    /// Server clock minus client clock, as in the gallery.
    skew: Option<Millis>,
    failures_in_a_row: u32,
    /// Counts requests: an answer to any but the latest is ignored.
    generation: u64,
    in_flight: Option<AbortController>,
    timer: Option<TimeoutHandle>,
}

#[derive(Clone, Copy)]
pub struct Found {
    /// The id asked for last.
    pub id: RwSignal<Option<String>>,
    /// The job, once it has arrived: a signal of its own, set on every answer, so the
    /// card keeps its DOM and images while the job runs.
    pub job: RwSignal<Option<ArcRwSignal<Job>>>,
    pub failure: RwSignal<Option<Failure>>,
    pub loading: RwSignal<bool>,
    /// The server's time as of the last tick.
    pub now: RwSignal<Millis>,
    book: StoredValue<Book, LocalStorage>,
}

impl Found {
    pub fn new(config: &Config) -> Self {
        Found {
            id: RwSignal::new(None),
            job: RwSignal::new(None),
            failure: RwSignal::new(None),
            loading: RwSignal::new(false),
            now: RwSignal::new(client_now()),
            book: StoredValue::new_local(Book {
                endpoint: Endpoint {
                    api_base: config.api_base.clone(),
                    api_key: config.api_key.clone(),
                    timeout_ms: config.timeout_ms,
                },
                intervals: config.poll,
                skew: None,
                failures_in_a_row: 0,
                generation: 0,
                in_flight: None,
                timer: None,
            }),
        }
    }

    pub fn tick(self) {
        let skew = self.book.with_value(|b| b.skew.unwrap_or(0));
        self.now.set(client_now() + skew);
    }

    /// Asks for job `id` (already checked by `client::job_id`), dropping what was shown.
    pub fn find(self, id: String) {
        self.job.set(None);
        self.failure.set(None);
        self.book.update_value(|b| b.failures_in_a_row = 0);
        self.id.set(Some(id));
        self.load();
    }

    /// Asks for the job again (a retry, a poll).
    pub fn load(self) {
        self.stop();
        let Some(id) = self.id.get_untracked() else {
            return;
        };
        let Ok(controller) = AbortController::new() else {
            return;
        };
        let Some((mine, endpoint)) = self.book.try_update_value(|b| {
            b.generation += 1;
            b.in_flight = Some(controller.clone());
            (b.generation, b.endpoint.clone())
        }) else {
            return;
        };
        self.loading.set(true);
        spawn_local(async move {
            let answer = fetch_job(&endpoint, &id, &controller).await;
            if self.book.try_with_value(|b| b.generation) != Some(mine) {
                return;
            }
            self.book.update_value(|b| b.in_flight = None);
            self.loading.set(false);
            match answer {
                Ok((job, server_time)) => self.apply(job, server_time),
                Err(failure) => {
                    self.book.update_value(|b| b.failures_in_a_row += 1);
                    self.failure.set(Some(failure));
                }
            }
            self.schedule();
        });
    }

    fn apply(self, job: Job, server_time: Option<Millis>) {
        self.book.update_value(|b| {
            b.failures_in_a_row = 0;
            if let Some(at) = server_time {
                b.skew = Some(clock_skew(b.skew, at - client_now()));
            }
        });
        self.tick();
        self.failure.set(None);
        let same = self.job.with_untracked(|shown| {
            shown
                .as_ref()
                .is_some_and(|s| s.with_untracked(|j| j.id == job.id))
        });
        if same {
            self.job.with_untracked(|shown| {
                if let Some(shown) = shown {
                    if shown.with_untracked(|j| *j != job) {
                        shown.set(job);
                    }
                }
            });
        } else {
            self.job.set(Some(ArcRwSignal::new(job)));
        }
    }

    /// Asks again while the job runs (and after a failure worth retrying), by the
    /// gallery's rules: its intervals and backoff, never while the tab is hidden, and a
    /// failure with `Retry-After` left to its banner's countdown.
    fn schedule(self) {
        let active = self.job.with_untracked(|j| {
            j.as_ref()
                .is_some_and(|j| j.with_untracked(|j| j.status.is_active()))
        });
        let Some((intervals, failures)) = self
            .book
            .try_with_value(|b| (b.intervals, b.failures_in_a_row))
        else {
            return;
        };
        let delay = self.failure.with_untracked(|f| {
            if f.is_none() && !active {
                return None;
            }
            next_delay(
                intervals,
                true,
                tab_hidden(),
                f.as_ref(),
                failures,
                js_sys::Math::random(),
            )
        });
        if let Some(ms) = delay {
            let handle =
                set_timeout_with_handle(move || self.load(), Duration::from_millis(ms.into()));
            self.book.update_value(|b| b.timer = handle.ok());
        }
    }

    /// The tab was hidden or shown again: a hidden tab asks nothing, a shown one asks at
    /// once if the job may have changed meanwhile.
    pub fn tab_visibility_changed(self, hidden: bool) {
        if hidden {
            self.stop();
        } else if self.id.with_untracked(Option::is_some) {
            let settled = self.job.with_untracked(|j| {
                j.as_ref()
                    .is_some_and(|j| !j.with_untracked(|j| j.status.is_active()))
            });
            if !settled {
                self.load();
            }
        }
    }

    /// Ends the request in flight and the timer, if any. The aborted request's answer
    /// is then ignored, as an answer to any but the latest request is: a hidden tab or a
    /// closed dialog is no failure.
    pub fn stop(self) {
        let Some((request, timer)) = self.book.try_update_value(|b| {
            b.generation += 1;
            (b.in_flight.take(), b.timer.take())
        }) else {
            return;
        };
        if let Some(c) = request {
            c.abort();
        }
        if let Some(t) = timer {
            t.clear();
        }
        self.loading.try_set(false);
    }
}
