//! The demo's job history: a pure function of (seed, start, now).
//!
//! Every job is first drawn as a small `Spec` (kind, timings, outcome) from a seeded
//! generator; its state at a given instant (pending, processing with some scenes done,
//! completed, failed) is then computed from the clock. Nothing runs in the background:
//! asking twice with the same `now` gives the same bytes, and a test can move `now`
//! forward to watch a job progress.
//!
//! The timeline has three parts:
//! - `HISTORY_LEN` jobs before `start`, dense in the last ~40 minutes (so the first page
//!   has fresh, loadable images) and spread over the ~3 days before that (whose links
//!   have long expired);
//! - optionally (`Demo::with_opening_jobs`), two opening jobs just before `start`: a
//!   story already running scene by scene and a job still waiting, so that a running
//!   demo has something moving from its first second rather than one interval later;
//! - live jobs: job `k` (k ≥ 1) arrives at `start + k * interval`, waits as pending,
//!   processes scene by scene and completes or fails, all derived from the clock.

mod job;
mod prompts;
mod spec;

pub use spec::{FailCode, Kind};

use crate::model::{Job, JobsPage};
use crate::sign::Signer;
use crate::util::Rng;
use spec::Spec;

/// Jobs that exist before the server starts.
pub const HISTORY_LEN: usize = 160;
/// Default seconds between two live jobs.
pub const DEFAULT_INTERVAL: i64 = 20;
/// Signed result links live this long after the job finished (the service's rule).
pub const LINK_TTL: i64 = 3600;

const STREAM_HISTORY: u64 = 1;
const STREAM_LIVE: u64 = 2;
const STREAM_OPENING: u64 = 3;
const STREAM_DETAIL: u64 = 100;
const START_BALANCE: i64 = 20_000_000;
const TOP_UP: i64 = 25_000_000;

/// The demo's configuration and its precomputed past.
#[derive(Debug, Clone)]
pub struct Demo {
    seed: u64,
    start: i64,
    interval: i64,
    base: String,
    signer: Signer,
    /// Newest first.
    history: Vec<Spec>,
    history_balance: i64,
    /// Newest first; empty unless `with_opening_jobs(true)`.
    opening: Vec<Spec>,
    /// The balance the first live job is charged from: after the history and the
    /// opening jobs.
    live_balance: i64,
}

impl Demo {
    /// Root-relative links, a live job every `DEFAULT_INTERVAL` seconds.
    pub fn new(seed: u64, start: i64) -> Demo {
        Demo::with_options(seed, start, DEFAULT_INTERVAL, "")
    }

    /// `base` is put before every `/media/…` link (empty for root-relative links).
    pub fn with_options(seed: u64, start: i64, interval: i64, base: &str) -> Demo {
        let interval = interval.max(1);
        let mut rng = Rng::for_item(seed, STREAM_HISTORY, 0);
        let mut history = Vec::with_capacity(HISTORY_LEN);
        let mut t = start - rng.range(15, 45);
        for i in 0..HISTORY_LEN {
            let mut item = Rng::for_item(seed, STREAM_HISTORY, i as u64 + 1);
            history.push(Spec::draw(STREAM_HISTORY, i as u64, t, &mut item));
            // Dense in the last ~40 minutes, then spread across ~3 days.
            t -= if i < 12 {
                rng.range(60, 300)
            } else {
                rng.range(120, 3350)
            };
        }
        // Every job-level failure code appears in every seed's history.
        let forced = [
            (5, FailCode::ContentRejected),
            (9, FailCode::InsufficientCredits),
            (17, FailCode::GenerationTimeout),
            (33, FailCode::InternalError),
        ];
        for (i, code) in forced {
            let done = match code {
                FailCode::ContentRejected | FailCode::InsufficientCredits => 0,
                _ => history[i].scenes_total / 2,
            };
            history[i].failure = Some((code, done));
        }
        let mut balance = START_BALANCE;
        for spec in history.iter_mut().rev() {
            balance = charge(spec, balance);
        }
        Demo {
            seed,
            start,
            interval,
            base: base.trim_end_matches('/').to_string(),
            signer: Signer::from_seed(seed),
            history,
            history_balance: balance,
            opening: Vec::new(),
            live_balance: balance,
        }
    }

    /// With `on`, two more jobs exist at `start`, newer than every job of the history:
    /// a 6-scene story already processing (one scene done at `start`, a scene every
    /// 5 s, completed 23 s after `start`), and an image still pending at `start` that
    /// starts 4 s later and completes at `start + 12`. Their kind, timings and outcome
    /// are fixed; everything else is drawn from the seed like any other job. They are
    /// charged after the history and before the live jobs.
    ///
    /// Without it (the default) the list at `start` is the history alone, which is what
    /// a frozen clock wants: a still list whose newest results are fresh. With a running
    /// clock the first live job only arrives one interval after `start`, so the opening
    /// jobs are what moves until then.
    pub fn with_opening_jobs(mut self, on: bool) -> Demo {
        self.opening = if on {
            opening_specs(self.seed, self.start)
        } else {
            Vec::new()
        };
        let mut balance = self.history_balance;
        for spec in self.opening.iter_mut().rev() {
            balance = charge(spec, balance);
        }
        self.live_balance = balance;
        self
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn start(&self) -> i64 {
        self.start
    }

    pub fn signer(&self) -> &Signer {
        &self.signer
    }

    fn live_count(&self, now: i64) -> u64 {
        if now < self.start {
            0
        } else {
            ((now - self.start) / self.interval) as u64
        }
    }

    /// All jobs that exist at `now`, newest first, before the clock is applied.
    fn specs_at(&self, now: i64) -> Vec<Spec> {
        let live = self.live_count(now);
        let mut live_specs = Vec::with_capacity(live as usize);
        let mut balance = self.live_balance;
        for k in 1..=live {
            let created = self.start + k as i64 * self.interval;
            let mut rng = Rng::for_item(self.seed, STREAM_LIVE, k);
            let mut spec = Spec::draw(STREAM_LIVE, k, created, &mut rng);
            balance = charge(&mut spec, balance);
            live_specs.push(spec);
        }
        live_specs.reverse();
        live_specs.extend(self.past_specs(now).cloned());
        live_specs
    }

    /// The opening and history jobs that exist at `now`, newest first.
    fn past_specs(&self, now: i64) -> impl Iterator<Item = &Spec> {
        self.opening
            .iter()
            .chain(&self.history)
            .filter(move |s| s.created <= now)
    }

    /// Number of jobs that exist at `now`.
    pub fn total_at(&self, now: i64) -> u64 {
        self.live_count(now) + self.past_specs(now).count() as u64
    }

    /// Every job at `now`, newest first.
    pub fn history_at(&self, now: i64) -> Vec<Job> {
        self.specs_at(now)
            .iter()
            .map(|s| self.materialize(s, now))
            .collect()
    }

    /// One page as `GET /v1/jobs` answers it. Only the page's jobs are rendered.
    pub fn page_at(&self, now: i64, limit: u64, offset: u64) -> JobsPage {
        let specs = self.specs_at(now);
        let total = specs.len() as u64;
        let jobs: Vec<Job> = specs
            .iter()
            .skip(usize::try_from(offset).unwrap_or(usize::MAX))
            .take(usize::try_from(limit).unwrap_or(usize::MAX))
            .map(|s| self.materialize(s, now))
            .collect();
        JobsPage {
            generations: if jobs.is_empty() { None } else { Some(jobs) },
            limit,
            offset,
            total,
        }
    }

    /// The job `id` as `GET /v1/jobs/{id}` answers it at `now`: the same as its item in
    /// a page (so its balance and links agree with the list), or `None` when no such job
    /// exists yet. Ids compare as UUIDs do, ignoring case; only the match is rendered.
    pub fn job_at(&self, now: i64, id: &str) -> Option<Job> {
        self.specs_at(now)
            .iter()
            .find(|s| self.job_id(s).eq_ignore_ascii_case(id))
            .map(|s| self.materialize(s, now))
    }

    /// What is put before every `/media/…` link; empty for root-relative links.
    pub fn public_base(&self) -> &str {
        &self.base
    }
}

/// Pure entry point: every job that exists at `now` for a server started at `start`.
pub fn history_at(seed: u64, start: i64, now: i64) -> Vec<Job> {
    Demo::new(seed, start).history_at(now)
}

// The opening story: created 10 s before `start`, pending 3 s, then 6 scenes of 5 s, so
// one scene is done at `start`, the next ones follow every 5 s and it completes at
// `start + 23`, just after the first live job arrives at the default interval: a running
// demo has a job in flight from its first second on. 5 s a scene is the slow end of live
// stories (3–5 s), so that each scene can be watched.
const OPENING_STORY_AGE: i64 = 10;
const OPENING_STORY_PENDING: i64 = 3;
const OPENING_STORY_STEP: i64 = 5;
const OPENING_STORY_SCENES: u32 = 6;
// The waiting job, a plain image: created 2 s before `start`, it starts 4 s after it and
// completes 8 s later.
const OPENING_WAITING_AGE: i64 = 2;
const OPENING_WAITING_PENDING: i64 = 6;
const OPENING_WAITING_STEP: i64 = 8;

/// The opening jobs, newest first: the waiting job, then the running story.
fn opening_specs(seed: u64, start: i64) -> Vec<Spec> {
    let draw = |index: u64, kind: Kind, created: i64| {
        let mut rng = Rng::for_item(seed, STREAM_OPENING, index);
        Spec::draw_as(kind, STREAM_OPENING, index, created, &mut rng)
    };
    let mut story = draw(0, Kind::Story, start - OPENING_STORY_AGE);
    story.force_success(
        OPENING_STORY_SCENES,
        OPENING_STORY_PENDING,
        OPENING_STORY_STEP,
    );
    let mut waiting = draw(1, Kind::Image, start - OPENING_WAITING_AGE);
    // The drawn 0-or-1 scene count stays: both forms the contract allows for an image.
    waiting.force_success(
        waiting.scenes_total,
        OPENING_WAITING_PENDING,
        OPENING_WAITING_STEP,
    );
    vec![waiting, story]
}

/// Charges a successful job, topping the account up when it runs low (so a long-running
/// demo never shows a negative balance). Returns the balance afterwards.
fn charge(spec: &mut Spec, mut balance: i64) -> i64 {
    if spec.failure.is_none() && spec.cost > 0 {
        if balance < spec.cost + 1_000_000 {
            balance += TOP_UP;
        }
        balance -= spec.cost;
    }
    spec.balance_after = balance;
    balance
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::rfc3339;

    const START: i64 = 1_775_487_730;

    #[test]
    fn history_is_deterministic_and_large() {
        let a = serde_json::to_string(&history_at(42, START, START)).unwrap();
        let b = serde_json::to_string(&history_at(42, START, START)).unwrap();
        let c = serde_json::to_string(&history_at(43, START, START)).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert!(history_at(42, START, START).len() >= 150);
    }

    #[test]
    fn public_base_makes_links_absolute() {
        let demo = Demo::with_options(42, START, DEFAULT_INTERVAL, "https://demo.example/");
        let json = serde_json::to_string(&demo.history_at(START)).unwrap();
        assert!(json.contains("\"https://demo.example/media/"));
        assert!(!json.contains("\"/media/"));
        let relative = serde_json::to_string(&history_at(42, START, START)).unwrap();
        assert!(relative.contains("\"/media/"));
    }

    #[test]
    fn a_job_by_id_is_its_item_in_the_list() {
        let demo = Demo::new(42, START);
        let now = START + 95;
        let all = demo.history_at(now);
        for job in [&all[0], &all[3], &all[all.len() - 1]] {
            assert_eq!(demo.job_at(now, &job.job_id).as_ref(), Some(job));
            let upper = job.job_id.to_ascii_uppercase();
            assert_eq!(demo.job_at(now, &upper).as_ref(), Some(job));
        }
        // A live job does not exist before it is created.
        assert_eq!(demo.job_at(START, &all[0].job_id), None);
        assert_eq!(
            demo.job_at(now, "00000000-0000-4000-8000-000000000000"),
            None
        );
    }

    fn opening(seed: u64) -> Demo {
        Demo::new(seed, START).with_opening_jobs(true)
    }

    #[test]
    fn opening_jobs_run_and_wait_at_start() {
        for seed in [42, 7, 1] {
            let plain = Demo::new(seed, START).history_at(START);
            let jobs = opening(seed).history_at(START);
            let (waiting, story) = (&jobs[0], &jobs[1]);
            assert_eq!(waiting.status, "pending", "{waiting:?}");
            assert_eq!(waiting.started_at, None);
            assert_eq!(story.status, "processing", "{story:?}");
            assert_eq!(story.operation.as_deref().unwrap_or("story"), "story");
            assert_eq!(opening(seed).opening[1].kind, Kind::Story);
            assert!(story.scenes_total >= 4, "{story:?}");
            assert!(
                0 < story.scenes_completed && story.scenes_completed < story.scenes_total,
                "{story:?}"
            );
            // Both are newer than every other job, which is left as it was.
            assert!(waiting.created_at > story.created_at);
            assert!(story.created_at > plain[0].created_at);
            assert_eq!(jobs[2..], plain[..]);
            assert_eq!(
                opening(seed).total_at(START),
                Demo::new(seed, START).total_at(START) + 2
            );
            assert_eq!(opening(seed).page_at(START, 20, 0).total, jobs.len() as u64);
        }
    }

    #[test]
    fn opening_jobs_complete_and_live_jobs_keep_their_times() {
        let demo = opening(42);
        let plain = Demo::new(42, START);
        let now = START + 60;
        let jobs = demo.history_at(now);
        let before = plain.history_at(now);
        // Three live jobs (START + 20, 40, 60) stay on top, at the same times and ids.
        for (a, b) in jobs[..3].iter().zip(&before[..3]) {
            assert_eq!((&a.job_id, &a.created_at), (&b.job_id, &b.created_at));
        }
        for job in &jobs[3..5] {
            assert_eq!(job.status, "completed", "{job:?}");
            assert_eq!(job.error, None);
            assert!(job.result.is_some());
            assert_eq!(job.scenes_completed, job.scenes_total);
        }
        assert_eq!(jobs[5..], before[3..]);
        // The story finishes 20–40 s after the start.
        let story = &demo.opening[1];
        assert_eq!(story.kind, Kind::Story);
        assert!((20..=40).contains(&(story.finished() - START)));
    }

    #[test]
    fn opening_jobs_progress_monotonically() {
        let demo = opening(42);
        let ids: Vec<String> = demo.opening.iter().map(|s| demo.job_id(s)).collect();
        for id in &ids {
            let mut last = 0;
            let mut seen: Vec<String> = Vec::new();
            for t in START - 12..START + 60 {
                let Some(job) = demo.job_at(t, id) else {
                    assert!(seen.is_empty(), "{id} vanished at {t}");
                    continue;
                };
                assert!(job.scenes_completed >= last, "{id} went back at {t}");
                last = job.scenes_completed;
                if seen.last() != Some(&job.status) {
                    seen.push(job.status.clone());
                }
            }
            assert_eq!(seen, ["pending", "processing", "completed"], "{id}");
        }
    }

    #[test]
    fn without_the_option_there_are_no_opening_jobs() {
        let plain = Demo::new(42, START);
        let toggled = Demo::new(42, START)
            .with_opening_jobs(true)
            .with_opening_jobs(false);
        let ids: Vec<String> = opening(42)
            .opening
            .iter()
            .map(|s| plain.job_id(s))
            .collect();
        for now in [START, START + 30, START + 95] {
            let jobs = plain.history_at(now);
            assert_eq!(jobs, toggled.history_at(now));
            assert!(jobs.iter().all(|j| !ids.contains(&j.job_id)));
            assert!(ids.iter().all(|id| plain.job_at(now, id).is_none()));
        }
        // What a frozen demo shows: its newest jobs are all finished.
        let first = plain.page_at(START, 20, 0).generations.unwrap();
        assert!(first
            .iter()
            .all(|j| j.status == "completed" || j.status == "failed"));
    }

    #[test]
    fn opening_jobs_by_id_are_their_items_in_the_list() {
        let demo = opening(42);
        for now in [START, START + 15, START + 95] {
            let all = demo.history_at(now);
            for spec in &demo.opening {
                let id = demo.job_id(spec);
                let item = all.iter().find(|j| j.job_id == id).unwrap();
                assert_eq!(demo.job_at(now, &id).as_ref(), Some(item));
                let upper = id.to_ascii_uppercase();
                assert_eq!(demo.job_at(now, &upper).as_ref(), Some(item));
            }
        }
        // Neither exists before it was created.
        for spec in &demo.opening {
            assert_eq!(demo.job_at(spec.created - 1, &demo.job_id(spec)), None);
        }
    }

    #[test]
    fn opening_jobs_are_charged_in_creation_order() {
        let demo = opening(42);
        let specs = demo.specs_at(START + 200);
        assert!(specs.windows(2).all(|w| w[0].created > w[1].created));
        let mut balance = None;
        for spec in specs.iter().rev() {
            if spec.failure.is_some() || spec.cost == 0 {
                continue;
            }
            if let Some(before) = balance {
                let after = spec.balance_after;
                assert!(
                    after == before - spec.cost || after == before + TOP_UP - spec.cost,
                    "{spec:?} after {before}"
                );
            }
            balance = Some(spec.balance_after);
        }
        // The opening jobs are charged (the image and the story cost something).
        assert!(demo.opening.iter().all(|s| s.cost > 0));
        assert_ne!(demo.live_balance, demo.history_balance);
    }

    #[test]
    fn live_jobs_progress_monotonically() {
        let demo = Demo::new(7, START);
        // Find a live story and follow it second by second.
        let mut k = 1;
        let spec = loop {
            let mut rng = Rng::for_item(7, STREAM_LIVE, k);
            let s = Spec::draw(STREAM_LIVE, k, START + k as i64 * 20, &mut rng);
            if s.kind == Kind::Story && s.failure.is_none() && s.scenes_total >= 3 {
                break s;
            }
            k += 1;
        };
        let mut last = 0;
        let mut seen = Vec::new();
        for t in spec.created..spec.finished() + 2 {
            let jobs = demo.history_at(t);
            let job = jobs
                .iter()
                .find(|j| j.created_at == rfc3339(spec.created))
                .unwrap();
            assert!(job.scenes_completed >= last);
            last = job.scenes_completed;
            if seen.last() != Some(&job.status) {
                seen.push(job.status.clone());
            }
        }
        assert_eq!(seen, ["pending", "processing", "completed"]);
        assert_eq!(last, spec.scenes_total);
    }
}
