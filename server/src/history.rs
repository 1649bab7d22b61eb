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

use crate::model::{
    Character, FormatObject, FormatRef, Formats, ImageResult, Job, JobError, JobResult, JobsPage,
    ProcessingResult, Scene, StoryResult,
};
use crate::sign::Signer;
use crate::util::{eur, hex, rfc3339, Rng};
use sha2::{Digest, Sha256};

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Image,
    Graphic,
    Diagram,
    Edit,
    Combine,
    Story,
    Crop,
    Resize,
    Overlay,
}

impl Kind {
    pub fn operation(self) -> &'static str {
        match self {
            Kind::Image => "image",
            Kind::Graphic => "graphic",
            Kind::Diagram => "diagram",
            Kind::Edit => "edit",
            Kind::Combine => "combine",
            Kind::Story => "story",
            Kind::Crop => "crop",
            Kind::Resize => "resize",
            Kind::Overlay => "overlay",
        }
    }

    fn is_processing(self) -> bool {
        matches!(self, Kind::Crop | Kind::Resize | Kind::Overlay)
    }

    fn draw(rng: &mut Rng) -> Kind {
        // Weights in percent; stories and plain images dominate, as on the real service.
        const TABLE: [(Kind, u64); 9] = [
            (Kind::Image, 24),
            (Kind::Graphic, 9),
            (Kind::Diagram, 8),
            (Kind::Edit, 7),
            (Kind::Combine, 5),
            (Kind::Story, 25),
            (Kind::Crop, 8),
            (Kind::Resize, 8),
            (Kind::Overlay, 6),
        ];
        let mut roll = rng.next_u64() % 100;
        for (kind, w) in TABLE {
            if roll < w {
                return kind;
            }
            roll -= w;
        }
        Kind::Image
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailCode {
    ContentRejected,
    InsufficientCredits,
    GenerationTimeout,
    InternalError,
}

impl FailCode {
    pub fn code(self) -> &'static str {
        match self {
            FailCode::ContentRejected => "content_rejected",
            FailCode::InsufficientCredits => "insufficient_credits",
            FailCode::GenerationTimeout => "generation_timeout",
            FailCode::InternalError => "internal_error",
        }
    }

    fn message(self) -> &'static str {
        match self {
            FailCode::ContentRejected => "The prompt violates the content policy.",
            FailCode::InsufficientCredits => "Your balance is too low for this generation.",
            FailCode::GenerationTimeout => "The generation did not finish in time.",
            FailCode::InternalError => {
                "Something went wrong while generating. No credits were charged."
            }
        }
    }

    fn draw(rng: &mut Rng) -> FailCode {
        match rng.next_u64() % 20 {
            0..=6 => FailCode::ContentRejected,
            7..=12 => FailCode::InsufficientCredits,
            13..=16 => FailCode::GenerationTimeout,
            _ => FailCode::InternalError,
        }
    }
}

/// One job, before the clock is applied.
#[derive(Debug, Clone)]
struct Spec {
    stream: u64,
    index: u64,
    created: i64,
    kind: Kind,
    show_operation: bool,
    scenes_total: u32,
    pending: i64,
    /// Seconds per scene for stories, for the whole job otherwise.
    step: i64,
    /// Failure and the number of scenes that were done when it struck.
    failure: Option<(FailCode, u32)>,
    cost: i64,
    /// Balance after this job was charged (successful jobs only).
    balance_after: i64,
}

impl Spec {
    fn draw(stream: u64, index: u64, created: i64, rng: &mut Rng) -> Spec {
        let kind = Kind::draw(rng);
        let show_operation = rng.chance(3, 5);
        let scenes_total = match kind {
            Kind::Story => rng.range(1, 8) as u32,
            k if k.is_processing() => 0,
            // The contract leaves single-image progress undocumented: send both forms.
            _ => {
                if rng.chance(1, 6) {
                    0
                } else {
                    1
                }
            }
        };
        let pending = rng.range(2, 6);
        let step = match kind {
            Kind::Story => rng.range(3, 5),
            k if k.is_processing() => rng.range(1, 2),
            _ => rng.range(4, 9),
        };
        let failure = if rng.chance(1, 8) {
            let code = FailCode::draw(rng);
            let done = match code {
                FailCode::ContentRejected | FailCode::InsufficientCredits => 0,
                _ => (rng.next_u64() % u64::from(scenes_total.max(1))) as u32,
            };
            Some((code, done))
        } else {
            // Draw anyway so that later fields do not shift with the outcome.
            rng.next_u64();
            rng.next_u64();
            None
        };
        let cost = match kind {
            Kind::Image => 45_000,
            Kind::Graphic | Kind::Diagram => 30_000,
            Kind::Edit => 20_000,
            Kind::Combine => 40_000,
            Kind::Story => 45_000 * i64::from(scenes_total),
            // Processing results carry no money fields; they are not charged here.
            _ => 0,
        };
        Spec {
            stream,
            index,
            created,
            kind,
            show_operation,
            scenes_total,
            pending,
            step,
            failure,
            cost,
            balance_after: 0,
        }
    }

    fn started(&self) -> Option<i64> {
        match self.failure {
            // Rejected for money before any work starts, like the fixture's example.
            Some((FailCode::InsufficientCredits, _)) => None,
            _ => Some(self.created + self.pending),
        }
    }

    /// When the job reaches its final state.
    fn finished(&self) -> i64 {
        let started = self.created + self.pending;
        let units = i64::from(self.scenes_total.max(1));
        match self.failure {
            Some((FailCode::InsufficientCredits, _)) => started,
            Some((FailCode::ContentRejected, _)) => started + 1,
            Some((FailCode::GenerationTimeout, done)) => {
                started + i64::from(done) * self.step + 3 * self.step
            }
            Some((FailCode::InternalError, done)) => {
                started + i64::from(done) * self.step + self.step / 2
            }
            None if self.kind == Kind::Story => started + units * self.step,
            None => started + self.step,
        }
    }
}

/// Where `now` puts a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Pending,
    Processing {
        started: i64,
        scenes_done: u32,
    },
    Completed {
        started: i64,
        finished: i64,
    },
    Failed {
        started: Option<i64>,
        finished: i64,
        scenes_done: u32,
    },
}

impl Spec {
    fn phase(&self, now: i64) -> Phase {
        let finished = self.finished();
        if now >= finished {
            return match self.failure {
                Some((_, done)) => Phase::Failed {
                    started: self.started(),
                    finished,
                    scenes_done: done,
                },
                None => Phase::Completed {
                    started: self.created + self.pending,
                    finished,
                },
            };
        }
        match self.started() {
            Some(started) if now >= started => {
                let by_clock = if self.kind == Kind::Story {
                    ((now - started) / self.step) as u32
                } else {
                    0
                };
                let cap = match self.failure {
                    Some((_, done)) => done,
                    None => self.scenes_total.saturating_sub(1),
                };
                Phase::Processing {
                    started,
                    scenes_done: by_clock.min(cap),
                }
            }
            _ => Phase::Pending,
        }
    }
}

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

    fn media_url(&self, job_id: &str, file: &str, expires: i64) -> String {
        let path = format!("/media/{job_id}/{file}");
        let sig = self.signer.sign(&path, expires);
        format!("{}{path}?expires={expires}&sig={sig}", self.base)
    }

    fn materialize(&self, spec: &Spec, now: i64) -> Job {
        // Everything textual is drawn up front and in a fixed order, so a job keeps its
        // id, prompts and names while its status changes.
        let mut d = Rng::for_item(self.seed, STREAM_DETAIL + spec.stream, spec.index);
        let job_id = d.uuid();
        let style = match d.next_u64() % 20 {
            0..=11 => FormatStyle::Objects,
            12..=16 => FormatStyle::Strings,
            _ => FormatStyle::Mixed,
        };
        let has_jpeg = d.chance(4, 5);
        let has_webp = d.chance(4, 5);
        let cast: Vec<&str> = {
            let n = d.range(1, 3) as usize;
            let mut names: Vec<&str> = Vec::new();
            while names.len() < n {
                let name = *d.pick(NAMES);
                if !names.contains(&name) {
                    names.push(name);
                }
            }
            names
        };
        let place = *d.pick(PLACES);
        let prompts: Vec<String> = (0..spec.scenes_total)
            .map(|i| scene_prompt(&mut d, &cast, place, i))
            .collect();
        let processed_jpeg = d.chance(3, 10);
        let sizes = [
            d.range(180_000, 460_000),
            d.range(60_000, 170_000),
            d.range(40_000, 130_000),
        ];

        let phase = spec.phase(now);
        let (status, started_at, completed_at, scenes_completed) = match phase {
            Phase::Pending => ("pending", None, None, 0),
            Phase::Processing {
                started,
                scenes_done,
            } => ("processing", Some(started), None, scenes_done),
            Phase::Completed { started, finished } => (
                "completed",
                Some(started),
                Some(finished),
                spec.scenes_total,
            ),
            Phase::Failed {
                started,
                finished,
                scenes_done,
            } => ("failed", started, Some(finished), scenes_done),
        };
        let error = match phase {
            Phase::Failed { .. } => spec.failure.map(|(code, _)| JobError {
                code: code.code().to_string(),
                message: code.message().to_string(),
            }),
            _ => None,
        };
        let result = match phase {
            Phase::Completed { finished, .. } => {
                let expires = finished + LINK_TTL;
                let expires_at = rfc3339(expires);
                let format_set = |stem: &str, as_objects: bool| -> Formats {
                    let entry = |ext: &str, format: &str, size: i64| {
                        let file = format!("{stem}.{ext}");
                        let url = self.media_url(&job_id, &file, expires);
                        if as_objects {
                            let digest = Sha256::digest(format!("{job_id}/{file}").as_bytes());
                            // Each file gets its own plausible size around the job's.
                            let jitter = i64::from(u16::from_be_bytes([digest[0], digest[1]]));
                            FormatRef::Object(FormatObject {
                                url,
                                format: format.to_string(),
                                size_bytes: Some((size + jitter % (size / 5)) as u64),
                                hash: Some(hex(&digest)),
                                expires_at: Some(expires_at.clone()),
                            })
                        } else {
                            FormatRef::Url(url)
                        }
                    };
                    Formats {
                        png: Some(entry("png", "png", sizes[0])),
                        jpeg: has_jpeg.then(|| entry("jpg", "jpeg", sizes[1])),
                        webp: has_webp.then(|| entry("webp", "webp", sizes[2])),
                    }
                };
                let balance_eur = eur(spec.balance_after);
                let cost_eur = eur(spec.cost);
                Some(match spec.kind {
                    Kind::Story => JobResult::Story(StoryResult {
                        scenes: prompts
                            .iter()
                            .enumerate()
                            .map(|(i, prompt)| Scene {
                                prompt: prompt.clone(),
                                images: format_set(
                                    &format!("scene-{}", i + 1),
                                    match style {
                                        FormatStyle::Objects => true,
                                        FormatStyle::Strings => false,
                                        FormatStyle::Mixed => i % 2 == 1,
                                    },
                                ),
                            })
                            .collect(),
                        characters: cast
                            .iter()
                            .enumerate()
                            .map(|(i, name)| Character {
                                name: name.to_string(),
                                reference_url: self.media_url(
                                    &job_id,
                                    &format!("char-{}.png", i + 1),
                                    expires,
                                ),
                                expires_at: expires_at.clone(),
                            })
                            .collect(),
                        cost_eur,
                        balance_eur,
                    }),
                    k if k.is_processing() => {
                        let (file, content_type) = if processed_jpeg {
                            ("result.jpg", "image/jpeg")
                        } else {
                            ("result.png", "image/png")
                        };
                        JobResult::Processing(ProcessingResult {
                            operation: k.operation().to_string(),
                            image_url: self.media_url(&job_id, file, expires),
                            content_type: content_type.to_string(),
                            expires_at: expires_at.clone(),
                        })
                    }
                    _ => JobResult::Image(Box::new(ImageResult {
                        id: job_id.clone(),
                        ai_generated: true,
                        formats: format_set(
                            match spec.kind {
                                Kind::Graphic => "graphic",
                                Kind::Diagram => "diagram",
                                _ => "image",
                            },
                            style != FormatStyle::Strings,
                        ),
                        cost_eur,
                        balance_eur,
                        image_hash: sha256_hex(&format!("{job_id}/image")),
                    })),
                })
            }
            _ => None,
        };
        Job {
            job_id,
            operation: spec
                .show_operation
                .then(|| spec.kind.operation().to_string()),
            status: status.to_string(),
            created_at: rfc3339(spec.created),
            started_at: started_at.map(rfc3339),
            completed_at: completed_at.map(rfc3339),
            scenes_completed,
            scenes_total: spec.scenes_total,
            error,
            result,
        }
    }
}

/// Pure entry point: every job that exists at `now` for a server started at `start`.
pub fn history_at(seed: u64, start: i64, now: i64) -> Vec<Job> {
    Demo::new(seed, start).history_at(now)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FormatStyle {
    Objects,
    Strings,
    Mixed,
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

fn sha256_hex(s: &str) -> String {
    hex(&Sha256::digest(s.as_bytes()))
}

const NAMES: &[&str] = &[
    "Aria", "Milo", "Juno", "Theo", "Nora", "Felix", "Ines", "Kai", "Luca", "Mara", "Oskar", "Pia",
    "Rafa", "Sana", "Tilda", "Wren",
];

const PLACES: &[&str] = &[
    "the ancient library",
    "a lighthouse on the cliffs",
    "the night market",
    "an overgrown greenhouse",
    "the harbour at dawn",
    "a snowed-in mountain hut",
    "the old observatory",
    "a floating island",
    "the clockmaker's workshop",
    "a desert railway station",
    "the rooftop garden",
    "a forest of paper lanterns",
];

const OPENINGS: &[&str] = &[
    "arrives at",
    "wanders into",
    "wakes up in",
    "sneaks into",
    "returns to",
    "discovers",
];

const MIDDLES: &[&str] = &[
    "finds a glowing map",
    "meets a talking fox",
    "opens a locked chest",
    "follows a trail of blue footprints",
    "repairs a broken music box",
    "reads a letter that was never sent",
    "chases a runaway kite",
    "trades a secret for a lantern",
    "hears a song coming from the walls",
    "spots a door that was not there before",
];

const ENDINGS: &[&str] = &[
    "and everyone watches the sunrise together",
    "and the map leads back home",
    "and the lanterns rise into the sky",
    "and the door finally closes behind them",
    "and the music box plays one last tune",
];

const STYLES: &[&str] = &[
    "watercolour",
    "soft pastel light",
    "ink and wash",
    "cinematic lighting",
    "storybook illustration",
    "muted autumn palette",
];

/// A scene prompt that reads like something a person typed.
fn scene_prompt(rng: &mut Rng, cast: &[&str], place: &str, i: u32) -> String {
    let who = cast[i as usize % cast.len()];
    let style = rng.pick(STYLES);
    let text = match i {
        0 => format!("{who} {} {place}", rng.pick(OPENINGS)),
        _ if rng.chance(1, 4) => {
            let other = cast[(i as usize + 1) % cast.len()];
            if other == who {
                format!("{who} {} {}", rng.pick(MIDDLES), rng.pick(ENDINGS))
            } else {
                format!(
                    "{who} and {other} {}",
                    rng.pick(ENDINGS).trim_start_matches("and ")
                )
            }
        }
        _ => format!("{who} {} in {place}", rng.pick(MIDDLES)),
    };
    format!("{text}, {style}.")
}

#[cfg(test)]
mod tests {
    use super::*;

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
