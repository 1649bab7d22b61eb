//! Tolerant decoding of `GET /v1/jobs` answers.
//!
//! The contract leaves much open (no status enum, `id` or `job_id`, optional fields,
//! several result shapes), so each field is read on its own from the parsed tree:
//! one odd field costs that field, never the job, and one odd job never costs the page.

use super::json::{self, Json, Object};

use super::results::{decode_result, JobResult};
use crate::time::{parse_rfc3339, Millis};
use crate::words::{Key, PanelKey};

/// More scenes than this is not a story but a broken counter; it would also mean
/// thousands of progress segments.
pub const MAX_SCENES: u32 = 1000;
/// Server strings are shown as text, but megabytes of it would still freeze the page.
pub const MAX_TEXT: usize = 2000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    Pending,
    Processing,
    Completed,
    Failed,
    /// Any value the contract does not name; shown as "Unknown", never a crash.
    Unknown,
}

impl Status {
    pub fn parse(text: &str) -> Self {
        match text.trim().to_ascii_lowercase().as_str() {
            "pending" | "queued" => Status::Pending,
            "processing" | "running" => Status::Processing,
            "completed" | "succeeded" => Status::Completed,
            "failed" => Status::Failed,
            _ => Status::Unknown,
        }
    }

    /// The `data-status` value and CSS modifier.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Processing => "processing",
            Status::Completed => "completed",
            Status::Failed => "failed",
            Status::Unknown => "unknown",
        }
    }

    pub fn label(self) -> String {
        match self {
            Status::Pending => Key::pending,
            Status::Processing => Key::processing,
            Status::Completed => Key::completed,
            Status::Failed => Key::failed,
            Status::Unknown => Key::unknown,
        }
        .text()
    }

    /// Whether the job may still change, so that the page is worth polling.
    pub fn is_active(self) -> bool {
        matches!(self, Status::Pending | Status::Processing)
    }

    /// Completed or failed: it will not change again.
    pub fn is_finished(self) -> bool {
        matches!(self, Status::Completed | Status::Failed)
    }
}

/// Scene progress, already clamped: `completed <= total`, `0 < total <= MAX_SCENES`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SceneProgress {
    pub completed: u32,
    pub total: u32,
}

impl SceneProgress {
    /// `None` where there is nothing to show (0/0, as single images report).
    pub fn new(completed: i64, total: i64) -> Option<Self> {
        let total = total.clamp(0, MAX_SCENES as i64) as u32;
        if total == 0 {
            return None;
        }
        let completed = completed.clamp(0, total as i64) as u32;
        Some(SceneProgress { completed, total })
    }

    pub fn percent(self) -> u32 {
        self.completed * 100 / self.total
    }
}

/// A job's own failure, as opposed to a failed request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobError {
    pub code: String,
    pub message: String,
}

impl JobError {
    /// A short explanation for the codes people meet most; the API spells the credit
    /// code differently on jobs and on responses, so both spellings are known.
    pub fn hint(&self) -> Option<String> {
        match self.code.as_str() {
            "content_rejected" => Some(Key::hint_content_rejected.text()),
            "insufficient_credits" | "credit_insufficient" => Some(Key::hint_credits.text()),
            _ => None,
        }
    }

    /// Why the job failed, in words: the hint for a code people meet often, else the
    /// code itself as a sentence ("generation_timeout" → "Generation timeout.").
    pub fn reason(&self) -> String {
        if let Some(hint) = self.hint() {
            return hint;
        }
        let mut words = self.code.trim().replace(['_', '-'], " ");
        if words.is_empty() {
            return PanelKey::no_reason.text();
        }
        // Codes are ASCII words; anything else is shown as sent.
        if let Some(first) = words.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        words.push('.');
        words
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    /// `job_id`, or `id` as one documented example has it; empty when neither is there.
    pub id: String,
    pub status: Status,
    /// What the server said, kept for the unknown badge's tooltip.
    pub status_text: String,
    pub created_at: Option<Millis>,
    pub started_at: Option<Millis>,
    pub completed_at: Option<Millis>,
    pub scenes: Option<SceneProgress>,
    pub error: Option<JobError>,
    pub result: Option<JobResult>,
    /// "story", "resize", "image": a field when the server sends one, else inferred.
    pub kind: Option<String>,
    /// What was asked for: the job's or its result's `prompt`, else the first scene's.
    pub prompt: Option<String>,
    /// The model that made it, when the job or its result names one.
    pub model: Option<String>,
}

#[cfg(test)]
impl Job {
    /// A job with only an id and a status, for tests to fill in.
    pub(crate) fn bare(id: &str, status: Status) -> Job {
        Job {
            id: id.to_owned(),
            status,
            status_text: status.as_str().to_owned(),
            created_at: None,
            started_at: None,
            completed_at: None,
            scenes: None,
            error: None,
            result: None,
            kind: None,
            prompt: None,
            model: None,
        }
    }
}

/// One page of jobs as the widget shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    pub jobs: Vec<Job>,
    pub total: u64,
    pub limit: u32,
    pub offset: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DecodeError(pub String);

/// The first `n` characters of `text`, or `None` when it has no more than `n`.
pub fn first_chars(text: &str, n: usize) -> Option<&str> {
    // `get`, not `&text[..cut]`: the cut is always a character boundary, but indexing
    // would keep its panic message, and with it char and range `Debug` and Unicode
    // tables, in the wasm (size/no-slice-panic).
    text.char_indices()
        .nth(n)
        .and_then(|(cut, _)| text.get(..cut))
}

/// Truncates a server string to `max` characters, marking the cut.
pub fn clip(text: &str, max: usize) -> String {
    match first_chars(text, max) {
        Some(head) => format!("{head}…"),
        None => text.to_owned(),
    }
}

pub(crate) fn str_field<'a>(obj: &'a Object, key: &str) -> Option<&'a str> {
    obj.get(key)
        .and_then(Json::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

pub(crate) fn text_field(obj: &Object, key: &str, max: usize) -> Option<String> {
    str_field(obj, key).map(|s| clip(s, max))
}

pub(crate) fn time_field(obj: &Object, key: &str) -> Option<Millis> {
    str_field(obj, key).and_then(parse_rfc3339)
}

/// An integer that may arrive as a number, a float or a numeric string.
pub(crate) fn int_field(obj: &Object, key: &str) -> Option<i64> {
    match obj.get(key)? {
        // Saturating, as the browser's numbers are floats anyway.
        Json::Number(n) => n.is_finite().then_some(*n as i64),
        Json::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn decode_job(value: &Json) -> Option<Job> {
    let obj = value.as_object()?;
    let id = text_field(obj, "job_id", 200)
        .or_else(|| text_field(obj, "id", 200))
        .unwrap_or_default();
    let status_text = text_field(obj, "status", 40).unwrap_or_default();
    let completed_at = time_field(obj, "completed_at");
    let error = obj.get("error").and_then(|e| match e {
        Json::Object(e) => Some(JobError {
            code: text_field(e, "code", 100).unwrap_or_default(),
            message: text_field(e, "message", MAX_TEXT).unwrap_or_default(),
        }),
        Json::String(s) if !s.trim().is_empty() => Some(JobError {
            code: String::new(),
            message: clip(s.trim(), MAX_TEXT),
        }),
        _ => None,
    });
    let result = obj
        .get("result")
        .and_then(|r| decode_result(r, completed_at));
    let kind = ["operation", "operation_type", "type"]
        .iter()
        .find_map(|k| text_field(obj, k, 40))
        .or_else(|| result.as_ref().and_then(|r| r.kind.clone()));
    let result_obj = obj.get("result").and_then(Json::as_object);
    let either = |key: &str, max: usize| {
        text_field(obj, key, max).or_else(|| result_obj.and_then(|r| text_field(r, key, max)))
    };
    let prompt = either("prompt", MAX_TEXT).or_else(|| {
        result
            .as_ref()
            .and_then(|r| r.images.first())
            .and_then(|i| i.prompt.clone())
    });
    let model = either("model", 80);
    Some(Job {
        id,
        status: Status::parse(&status_text),
        status_text,
        created_at: time_field(obj, "created_at"),
        started_at: time_field(obj, "started_at"),
        completed_at,
        scenes: SceneProgress::new(
            int_field(obj, "scenes_completed").unwrap_or(0),
            int_field(obj, "scenes_total").unwrap_or(0),
        ),
        error,
        result,
        kind,
        prompt,
        model,
    })
}

/// Decodes the 200 body of `GET /v1/jobs/{id}`: one job, read like an item of a page.
/// A body without an id is the job asked for.
pub fn decode_one(body: &str, asked_id: &str) -> Result<Job, DecodeError> {
    let value = json::parse(body)
        .map_err(|e| DecodeError(format!("The answer is not valid JSON ({e}).")))?;
    let mut job =
        decode_job(&value).ok_or_else(|| DecodeError("The answer is not a JSON object.".into()))?;
    if job.id.is_empty() {
        job.id = asked_id.to_owned();
    }
    Ok(job)
}

/// Decodes a 200 body. `asked_limit` caps how many jobs are kept, so a server that
/// answers thousands of jobs to a request for 20 cannot flood the page.
pub fn decode_page(body: &str, asked_limit: u32) -> Result<Page, DecodeError> {
    let value = json::parse(body)
        .map_err(|e| DecodeError(format!("The answer is not valid JSON ({e}).")))?;
    let obj = value
        .as_object()
        .ok_or_else(|| DecodeError("The answer is not a JSON object.".into()))?;
    let list = match obj.get("generations") {
        None | Some(Json::Null) => &[][..],
        Some(Json::Array(list)) => list.as_slice(),
        Some(_) => {
            return Err(DecodeError(
                "`generations` is neither a list nor null.".into(),
            ))
        }
    };
    let offset = match obj.get("offset") {
        None | Some(Json::Null) => 0,
        Some(_) => int_field(obj, "offset")
            .filter(|o| *o >= 0)
            .ok_or_else(|| DecodeError("`offset` is not a whole number.".into()))?
            as u64,
    };
    let limit = int_field(obj, "limit")
        .filter(|l| *l > 0)
        .map_or(asked_limit, |l| l.min(u32::MAX as i64) as u32);
    let mut jobs: Vec<Job> = Vec::with_capacity(list.len().min(asked_limit as usize));
    for job in list.iter().filter_map(decode_job) {
        if jobs.len() == asked_limit as usize {
            break;
        }
        // Duplicate ids would make two cards share one key; the first (newest) wins.
        if !job.id.is_empty() && jobs.iter().any(|j| j.id == job.id) {
            continue;
        }
        jobs.push(job);
    }
    let total = match obj.get("total") {
        None | Some(Json::Null) => offset + jobs.len() as u64,
        Some(_) => int_field(obj, "total")
            .filter(|t| *t >= 0)
            .ok_or_else(|| DecodeError("`total` is not a whole number.".into()))?
            as u64,
    };
    // A total below what this very page holds is impossible; trust the jobs we were given.
    // An empty page proves nothing: past the end of a list that shrank, its total is the
    // news (raised to the offset, the correction to the last page would step back one
    // page per request).
    let total = if jobs.is_empty() {
        total
    } else {
        total.max(offset + jobs.len() as u64)
    };
    Ok(Page {
        jobs,
        total,
        limit,
        offset,
    })
}
