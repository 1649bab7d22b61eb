//! One job before the clock is applied (its kind, timings and outcome, drawn from a
//! seeded generator), and where a given instant puts it.

use crate::util::Rng;

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

    pub(super) fn is_processing(self) -> bool {
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

    pub(super) fn message(self) -> &'static str {
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
pub(super) struct Spec {
    pub(super) stream: u64,
    pub(super) index: u64,
    pub(super) created: i64,
    pub(super) kind: Kind,
    pub(super) show_operation: bool,
    pub(super) scenes_total: u32,
    pub(super) pending: i64,
    /// Seconds per scene for stories, for the whole job otherwise.
    pub(super) step: i64,
    /// Failure and the number of scenes that were done when it struck.
    pub(super) failure: Option<(FailCode, u32)>,
    pub(super) cost: i64,
    /// Balance after this job was charged (successful jobs only).
    pub(super) balance_after: i64,
}

impl Spec {
    pub(super) fn draw(stream: u64, index: u64, created: i64, rng: &mut Rng) -> Spec {
        let kind = Kind::draw(rng);
        Spec::draw_as(kind, stream, index, created, rng)
    }

    /// The rest of `draw` once the kind is chosen; a caller that forces the kind gets
    /// the same kind of draw for everything else.
    pub(super) fn draw_as(
        kind: Kind,
        stream: u64,
        index: u64,
        created: i64,
        rng: &mut Rng,
    ) -> Spec {
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
        let cost = cost(kind, scenes_total);
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

    /// Forces a job that succeeds on this schedule: waits `pending` seconds, then takes
    /// `step` seconds per scene (stories) or for the whole job, over `scenes_total`
    /// scenes. The price follows the new scene count.
    pub(super) fn force_success(&mut self, scenes_total: u32, pending: i64, step: i64) {
        self.scenes_total = scenes_total;
        self.pending = pending;
        self.step = step;
        self.failure = None;
        self.cost = cost(self.kind, scenes_total);
    }

    pub(super) fn started(&self) -> Option<i64> {
        match self.failure {
            // Rejected for money before any work starts, like the fixture's example.
            Some((FailCode::InsufficientCredits, _)) => None,
            _ => Some(self.created + self.pending),
        }
    }

    /// When the job reaches its final state.
    pub(super) fn finished(&self) -> i64 {
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

/// What a successful job is charged, in micro-euros.
fn cost(kind: Kind, scenes_total: u32) -> i64 {
    match kind {
        Kind::Image => 45_000,
        Kind::Graphic | Kind::Diagram => 30_000,
        Kind::Edit => 20_000,
        Kind::Combine => 40_000,
        Kind::Story => 45_000 * i64::from(scenes_total),
        // Processing results carry no money fields; they are not charged here.
        _ => 0,
    }
}

/// Where `now` puts a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Phase {
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
    pub(super) fn phase(&self, now: i64) -> Phase {
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
