//! The demo's job history: a pure function of (seed, start, now).
//!
//! Every job is first drawn as a small `Spec` (kind, timings, outcome) from a seeded
//! generator; its state at a given instant (pending, processing with some scenes done,
//! completed, failed) is then computed from the clock. Nothing runs in the background:
//! asking twice with the same `now` gives the same bytes, and a test can move `now`
//! forward to watch a job progress.
//!
//! The timeline has two parts:
//! - `HISTORY_LEN` jobs before `start`, dense in the last ~40 minutes (so the first page
//!   has fresh, loadable images) and spread over the ~3 days before that (whose links
//!   have long expired);
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
        }
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
        let mut balance = self.history_balance;
        for k in 1..=live {
            let created = self.start + k as i64 * self.interval;
            let mut rng = Rng::for_item(self.seed, STREAM_LIVE, k);
            let mut spec = Spec::draw(STREAM_LIVE, k, created, &mut rng);
            balance = charge(&mut spec, balance);
            live_specs.push(spec);
        }
        live_specs.reverse();
        live_specs.extend(self.history.iter().filter(|s| s.created <= now).cloned());
        live_specs
    }

    /// Number of jobs that exist at `now`.
    pub fn total_at(&self, now: i64) -> u64 {
        self.live_count(now) + self.history.iter().filter(|s| s.created <= now).count() as u64
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
