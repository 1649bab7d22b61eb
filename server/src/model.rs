//! Wire types of the jobs API, as the server emits them.
//!
//! These are the server's own types on purpose: the widget has its own, more tolerant
//! decoding, and sharing one set would hide disagreements between the two that the
//! tests are meant to catch.

use serde::Serialize;
use serde_json::Value;

/// `GET /v1/jobs` answer. `generations` is `null` (not `[]`) when the page is empty,
/// as the contract documents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JobsPage {
    pub generations: Option<Vec<Job>>,
    pub limit: u64,
    pub offset: u64,
    pub total: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Job {
    pub job_id: String,
    /// Present on some jobs only, so that the widget's kind inference from the shape of
    /// `result` is exercised as well as the explicit field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    pub status: String,
    pub created_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completed_at: Option<String>,
    pub scenes_completed: u32,
    pub scenes_total: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<JobError>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<JobResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JobError {
    pub code: String,
    pub message: String,
}

/// The three documented result shapes. Untagged: the contract has no discriminator,
/// the client tells them apart by which fields are present.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum JobResult {
    Story(StoryResult),
    Image(Box<ImageResult>),
    Processing(ProcessingResult),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImageResult {
    pub id: String,
    pub ai_generated: bool,
    pub formats: Formats,
    pub cost_eur: String,
    pub balance_eur: String,
    pub image_hash: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryResult {
    pub scenes: Vec<Scene>,
    pub characters: Vec<Character>,
    pub cost_eur: String,
    pub balance_eur: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scene {
    pub prompt: String,
    pub images: Formats,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Character {
    pub name: String,
    pub reference_url: String,
    pub expires_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProcessingResult {
    pub operation: String,
    pub image_url: String,
    pub content_type: String,
    pub expires_at: String,
}

/// Format map in the order the service documents (png, jpeg, webp); absent formats are
/// left out rather than sent as null.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Formats {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub png: Option<FormatRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jpeg: Option<FormatRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webp: Option<FormatRef>,
}

/// A format entry is either a bare URL string or an object; the service sends both.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum FormatRef {
    Url(String),
    Object(FormatObject),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormatObject {
    pub url: String,
    pub format: String,
    /// Nominal size of the full-resolution original; the demo serves a small rendition.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size_bytes: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
}

/// The documented failure body. `details` is always sent (null when there is nothing
/// to say) so that clients see the full shape.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorBody {
    pub error: String,
    pub message: String,
    pub details: Value,
    pub request_id: String,
}
