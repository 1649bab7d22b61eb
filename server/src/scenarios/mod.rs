//! Every failure on demand: `GET /scenario/{name}/v1/jobs` and `…/v1/jobs/{id}`.
//!
//! A widget pointed at `data-api-base="/scenario/429"` sees that failure on every
//! request, so each banner can be looked at without waiting for the real service to
//! misbehave. Error scenarios answer regardless of the key (banners are easy to see);
//! `ok` and `slow` are the demo itself and need the key like `/v1/jobs`.
//!
//! One job by id answers from the same data as the page: the scenarios that answer with
//! jobs (`ok`, `slow`, `truncated`, `mistyped-jobs`, `hostile`) give the one with that
//! id, or 404 like `empty` always does; every other scenario answers by id exactly as it
//! answers the page, so a job looked up by id shows the same banner as the list.
//!
//! [`SCENARIOS`] is the one list: `GET /scenario` serves it, the handler answers from
//! it, and the standalone page's menu (`<select id="scenario">` in the repository's
//! index.html) must match it, which a test checks.

mod bodies;

use crate::api::{demo_job, demo_page, find_demo_job};
use crate::error::{ApiError, RetryAfter};
use crate::job_id::job_id;
use crate::paging::{parse_paging, BadFields, PagingError, DEFAULT_LIMIT};
use crate::query::QueryPairs;
use crate::state::SharedState;
use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use serde_json::{json, Value};
use std::time::Duration;

/// Seconds that 429 and 503 ask the client to wait.
pub const RETRY_AFTER_SECS: u64 = 5;
/// `slow` without `delay_ms`, and the most it will wait.
pub const SLOW_DEFAULT_MS: u64 = 20_000;
pub const SLOW_MAX_MS: u64 = 60_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scenario {
    /// The path segment: `/scenario/{name}/v1/jobs`.
    pub name: &'static str,
    /// What it does, for `GET /scenario`.
    pub description: &'static str,
    /// Its entry in the standalone page's menu.
    pub label: &'static str,
    pub answer: Answer,
}

/// What a scenario answers with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// The demo's own page (needs the key).
    Demo,
    /// The demo's page after `?delay_ms=`.
    SlowDemo,
    /// A 200 without jobs.
    Empty,
    /// No answer: the connection is aborted.
    Drop,
    /// A 200 whose JSON is cut in half.
    Truncated,
    /// A 200 whose page fields have the wrong types.
    Mistyped,
    /// A 200 whose jobs have fields of the wrong types.
    MistypedJobs,
    /// A 200 full of markup and script URLs.
    Hostile,
    /// A 502 HTML page, as a proxy in between sends it.
    HtmlBadGateway,
    /// A 503 with an empty body.
    EmptyUnavailable,
    /// One of the service's documented failures.
    Fail(ApiError),
}

impl Scenario {
    /// The HTTP status it answers with; `None` when there is no answer at all.
    pub fn status(&self) -> Option<u16> {
        match &self.answer {
            Answer::Drop => None,
            Answer::HtmlBadGateway => Some(502),
            Answer::EmptyUnavailable => Some(503),
            Answer::Fail(e) => Some(e.status().as_u16()),
            _ => Some(200),
        }
    }

    pub fn path(&self) -> String {
        format!("/scenario/{}/v1/jobs", self.name)
    }
}

const fn s(
    name: &'static str,
    description: &'static str,
    label: &'static str,
    answer: Answer,
) -> Scenario {
    Scenario {
        name,
        description,
        label,
        answer,
    }
}

const fn fail(
    name: &'static str,
    description: &'static str,
    label: &'static str,
    error: ApiError,
) -> Scenario {
    s(name, description, label, Answer::Fail(error))
}

/// In the order `GET /scenario` lists them and the page's menu shows them.
pub const SCENARIOS: &[Scenario] = &[
    s(
        "ok",
        "The live demo history, as on /v1/jobs (needs the demo key).",
        "200 The live demo, as a scenario",
        Answer::Demo,
    ),
    s(
        "empty",
        "An account without jobs: generations null, total 0.",
        "No jobs at all",
        Answer::Empty,
    ),
    s(
        "slow",
        "The demo page after ?delay_ms= milliseconds (default 20000, at most 60000).",
        "A slow answer (timeout)",
        Answer::SlowDemo,
    ),
    s(
        "drop",
        "The connection is closed without any HTTP answer.",
        "A dropped connection",
        Answer::Drop,
    ),
    s(
        "truncated",
        "A 200 whose JSON body is cut off in the middle.",
        "200 with a truncated body",
        Answer::Truncated,
    ),
    s(
        "mistyped",
        "A 200 whose generations, total, limit and offset have the wrong JSON types.",
        "200 with mistyped fields",
        Answer::Mistyped,
    ),
    s(
        "mistyped-jobs",
        "A 200 whose jobs carry fields of the wrong JSON types.",
        "200 with mistyped jobs",
        Answer::MistypedJobs,
    ),
    s(
        "hostile",
        "Markup, scripts and javascript:, data: and vbscript: URLs in every string field.",
        "Hostile content",
        Answer::Hostile,
    ),
    fail(
        "400",
        "bad_request: the request was malformed.",
        "400 Bad request",
        ApiError::Paging(PagingError::Malformed(BadFields {
            limit: Some("must be >= 0"),
            offset: None,
        })),
    ),
    fail(
        "401",
        "auth_invalid: missing or invalid key.",
        "401 Invalid key",
        ApiError::Unauthorized,
    ),
    fail(
        "402",
        "credit_insufficient: balance too low.",
        "402 Credit insufficient",
        ApiError::CreditInsufficient,
    ),
    fail(
        "403",
        "account_suspended (as in the fixture).",
        "403 Forbidden, as in the fixture",
        ApiError::AccountSuspended,
    ),
    fail(
        "403-unverified",
        "auth_email_not_verified.",
        "403 Email not verified",
        ApiError::EmailNotVerified,
    ),
    fail(
        "403-rejected",
        "content_rejected.",
        "403 Content rejected",
        ApiError::ContentRejected,
    ),
    fail(
        "403-suspended",
        "account_suspended.",
        "403 Account suspended",
        ApiError::AccountSuspended,
    ),
    fail(
        "404",
        "not_found: wrong base URL or resource gone.",
        "404 Not found",
        ApiError::NotFound,
    ),
    fail("409", "conflict.", "409 Conflict", ApiError::Conflict),
    fail(
        "422",
        "validation_error with details naming the fields.",
        "422 Validation error",
        ApiError::InvalidParameters,
    ),
    fail(
        "422-model",
        "model_not_capable.",
        "422 Model not capable",
        ApiError::ModelNotCapable,
    ),
    fail(
        "429",
        "rate_limited with Retry-After: 5 (seconds).",
        "429 Rate limited (Retry-After in seconds)",
        ApiError::RateLimited(RetryAfter::Seconds(RETRY_AFTER_SECS)),
    ),
    fail(
        "429-date",
        "rate_limited with Retry-After as an HTTP date 5 s ahead.",
        "429 Rate limited (Retry-After as a date)",
        ApiError::RateLimited(RetryAfter::DateIn(RETRY_AFTER_SECS)),
    ),
    fail(
        "451",
        "unavailable for legal reasons.",
        "451 Unavailable for legal reasons",
        ApiError::UnavailableForLegalReasons,
    ),
    fail(
        "500",
        "internal_error.",
        "500 Internal error",
        ApiError::Internal,
    ),
    fail(
        "502",
        "bad_gateway, JSON body.",
        "502 Bad gateway",
        ApiError::BadGateway,
    ),
    fail(
        "503",
        "service_unavailable with Retry-After: 5.",
        "503 Unavailable",
        ApiError::ServiceUnavailable(RetryAfter::Seconds(RETRY_AFTER_SECS)),
    ),
    s(
        "html-502",
        "An nginx-style HTML 502 page from a proxy in between.",
        "502 from a proxy, as HTML",
        Answer::HtmlBadGateway,
    ),
    s(
        "empty-503",
        "A 503 with an empty body.",
        "503 with an empty body",
        Answer::EmptyUnavailable,
    ),
];

pub fn find(name: &str) -> Option<&'static Scenario> {
    SCENARIOS.iter().find(|s| s.name == name)
}

/// `GET /scenario` (also `/scenario/` and `/scenarios.json`): the scenario switch's menu.
pub async fn list() -> Json<impl Serialize> {
    // Structs rather than json!: they keep `name` first, which reads better by hand.
    #[derive(Serialize)]
    struct Item {
        name: &'static str,
        /// Null when there is no answer at all.
        status: Option<u16>,
        description: &'static str,
        path: String,
    }
    #[derive(Serialize)]
    struct List {
        scenarios: Vec<Item>,
    }
    Json(List {
        scenarios: SCENARIOS
            .iter()
            .map(|s| Item {
                name: s.name,
                status: s.status(),
                description: s.description,
                path: s.path(),
            })
            .collect(),
    })
}

pub async fn jobs(
    State(state): State<SharedState>,
    Path(name): Path<String>,
    headers: HeaderMap,
    query: QueryPairs,
) -> Result<Response, ApiError> {
    answer(&state, &name, None, &headers, &query).await
}

/// `GET /scenario/{name}/v1/jobs/{id}`. A path that does not decode to UTF-8 names no
/// job (nor, perhaps, a scenario): 404 `not_found`.
pub async fn job(
    State(state): State<SharedState>,
    path: Result<Path<(String, String)>, PathRejection>,
    headers: HeaderMap,
    query: QueryPairs,
) -> Result<Response, ApiError> {
    let Path((name, id)) = path.map_err(|_| ApiError::JobNotFound)?;
    answer(&state, &name, Some(&id), &headers, &query).await
}

/// Scenario `name`'s answer to a page (`job` is `None`) or to one job. The scenario
/// comes first, then the id: a failure fails whatever was asked for.
async fn answer(
    state: &SharedState,
    name: &str,
    job: Option<&str>,
    headers: &HeaderMap,
    query: &QueryPairs,
) -> Result<Response, ApiError> {
    let scenario = find(name).ok_or_else(|| ApiError::UnknownScenario(name.to_string()))?;
    // Paging for the 200 scenarios that do not validate: echo what makes sense.
    let (limit, offset) = parse_paging(query).unwrap_or((DEFAULT_LIMIT, 0));
    let demo = || match job {
        None => demo_page(state, headers, query),
        Some(id) => demo_job(state, headers, id),
    };
    Ok(match &scenario.answer {
        Answer::Demo => demo()?,
        Answer::SlowDemo => {
            let delay = query
                .first("delay_ms")
                .and_then(|v| v.trim().parse::<u64>().ok())
                .unwrap_or(SLOW_DEFAULT_MS)
                .min(SLOW_MAX_MS);
            tokio::time::sleep(Duration::from_millis(delay)).await;
            demo()?
        }
        Answer::Empty => match job {
            None => {
                Json(json!({ "generations": null, "limit": limit, "offset": offset, "total": 0 }))
                    .into_response()
            }
            Some(id) => {
                job_id(id)?;
                return Err(ApiError::JobNotFound);
            }
        },
        Answer::Drop => bodies::dropped_connection(),
        Answer::Truncated => {
            let full = match job {
                None => match state.demo() {
                    Some(demo) => {
                        serde_json::to_vec(&demo.page_at(state.clock.now(), limit, offset))
                            .unwrap_or_default()
                    }
                    None => Vec::new(),
                },
                Some(id) => serde_json::to_vec(&find_demo_job(state, id)?).unwrap_or_default(),
            };
            let cut = full.len() / 2;
            (
                StatusCode::OK,
                [(CONTENT_TYPE, "application/json")],
                full[..cut].to_vec(),
            )
                .into_response()
        }
        Answer::Mistyped => Json(json!({
            "generations": "[]",
            "limit": "20",
            "offset": null,
            "total": "57",
        }))
        .into_response(),
        Answer::MistypedJobs => page_or_job(bodies::mistyped_jobs(limit, offset), job)?,
        Answer::Hostile => page_or_job(bodies::hostile(limit, offset), job)?,
        Answer::HtmlBadGateway => bodies::html_bad_gateway(),
        Answer::EmptyUnavailable => {
            (StatusCode::SERVICE_UNAVAILABLE, Body::empty()).into_response()
        }
        Answer::Fail(error) => return Err(error.clone()),
    })
}

/// A made-up page, or the one item of it whose `job_id` is `job` (a mistyped page's
/// numeric `job_id` is matched by its digits).
fn page_or_job(page: Value, job: Option<&str>) -> Result<Response, ApiError> {
    let Some(id) = job else {
        return Ok(Json(page).into_response());
    };
    let id = job_id(id)?;
    let mut items = page["generations"].as_array().into_iter().flatten();
    let found = items.find(|item| match &item["job_id"] {
        Value::String(s) => s == id,
        Value::Number(n) => n.to_string() == id,
        _ => false,
    });
    found
        .map(|item| Json(item).into_response())
        .ok_or(ApiError::JobNotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page's switch only passes names of up to 40 letters, digits and dashes to the
    /// widget (`scenario_base` in the widget's lib.rs), and a name must find one scenario.
    #[test]
    fn names_are_unique_and_reachable_from_the_page() {
        for (i, s) in SCENARIOS.iter().enumerate() {
            assert!(
                !s.name.is_empty()
                    && s.name.len() <= 40
                    && s.name
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-'),
                "{}",
                s.name
            );
            assert_eq!(
                find(s.name),
                Some(&SCENARIOS[i]),
                "{} is listed twice",
                s.name
            );
            assert!(
                !s.label.is_empty() && !s.description.is_empty(),
                "{}",
                s.name
            );
        }
    }
}
