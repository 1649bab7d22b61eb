//! Every failure on demand: `GET /scenario/{name}/v1/jobs`.
//!
//! A widget pointed at `data-api-base="/scenario/429"` sees that failure on every
//! request, so each banner can be looked at without waiting for the real service to
//! misbehave. Error scenarios answer regardless of the key (banners are easy to see);
//! `ok` and `slow` are the demo itself and need the key like `/v1/jobs`.

use crate::api::{demo_page, error, json_response, parse_paging, query_pairs, DEFAULT_LIMIT};
use crate::{RequestId, SharedState};
use axum::body::{Body, Bytes};
use axum::extract::{Path, RawQuery, State};
use axum::http::header::{CONTENT_TYPE, RETRY_AFTER};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde::Serialize;
use serde_json::{json, Value};
use std::time::{Duration, SystemTime};

/// Seconds that 429 and 503 ask the client to wait.
pub const RETRY_AFTER_SECS: u64 = 5;
/// `slow` without `delay_ms`, and the most it will wait.
pub const SLOW_DEFAULT_MS: u64 = 20_000;
pub const SLOW_MAX_MS: u64 = 60_000;

#[derive(Debug, Clone, Copy, Serialize)]
pub struct ScenarioInfo {
    pub name: &'static str,
    /// The HTTP status it answers with; null when there is no answer at all.
    pub status: Option<u16>,
    pub description: &'static str,
}

pub const SCENARIOS: &[ScenarioInfo] = &[
    s(
        "ok",
        Some(200),
        "The live demo history, as on /v1/jobs (needs the demo key).",
    ),
    s(
        "empty",
        Some(200),
        "An account without jobs: generations null, total 0.",
    ),
    s(
        "slow",
        Some(200),
        "The demo page after ?delay_ms= milliseconds (default 20000, at most 60000).",
    ),
    s(
        "drop",
        None,
        "The connection is closed without any HTTP answer.",
    ),
    s(
        "truncated",
        Some(200),
        "A 200 whose JSON body is cut off in the middle.",
    ),
    s(
        "mistyped",
        Some(200),
        "A 200 whose generations, total, limit and offset have the wrong JSON types.",
    ),
    s(
        "mistyped-jobs",
        Some(200),
        "A 200 whose jobs carry fields of the wrong JSON types.",
    ),
    s(
        "hostile",
        Some(200),
        "Markup, scripts and javascript:, data: and vbscript: URLs in every string field.",
    ),
    s("400", Some(400), "bad_request: the request was malformed."),
    s("401", Some(401), "auth_invalid: missing or invalid key."),
    s("402", Some(402), "credit_insufficient: balance too low."),
    s("403", Some(403), "account_suspended (as in the fixture)."),
    s("403-unverified", Some(403), "auth_email_not_verified."),
    s("403-rejected", Some(403), "content_rejected."),
    s("403-suspended", Some(403), "account_suspended."),
    s(
        "404",
        Some(404),
        "not_found: wrong base URL or resource gone.",
    ),
    s("409", Some(409), "conflict."),
    s(
        "422",
        Some(422),
        "validation_error with details naming the fields.",
    ),
    s("422-model", Some(422), "model_not_capable."),
    s(
        "429",
        Some(429),
        "rate_limited with Retry-After: 5 (seconds).",
    ),
    s(
        "429-date",
        Some(429),
        "rate_limited with Retry-After as an HTTP date 5 s ahead.",
    ),
    s("451", Some(451), "unavailable for legal reasons."),
    s("500", Some(500), "internal_error."),
    s("502", Some(502), "bad_gateway, JSON body."),
    s("503", Some(503), "service_unavailable with Retry-After: 5."),
    s(
        "html-502",
        Some(502),
        "An nginx-style HTML 502 page from a proxy in between.",
    ),
    s("empty-503", Some(503), "A 503 with an empty body."),
];

const fn s(name: &'static str, status: Option<u16>, description: &'static str) -> ScenarioInfo {
    ScenarioInfo {
        name,
        status,
        description,
    }
}

/// `GET /scenario` (also `/scenario/` and `/scenarios.json`): the scenario switch's menu.
pub async fn list() -> Response {
    #[derive(Serialize)]
    struct Item {
        #[serde(flatten)]
        info: ScenarioInfo,
        path: String,
    }
    let items: Vec<Item> = SCENARIOS
        .iter()
        .map(|s| Item {
            info: *s,
            path: format!("/scenario/{}/v1/jobs", s.name),
        })
        .collect();
    #[derive(Serialize)]
    struct List {
        scenarios: Vec<Item>,
    }
    // A struct rather than json!: keeps `name` first, which reads better by hand.
    json_response(StatusCode::OK, &List { scenarios: items })
}

fn with_retry_after(mut res: Response, value: &str) -> Response {
    if let Ok(v) = HeaderValue::from_str(value) {
        res.headers_mut().insert(RETRY_AFTER, v);
    }
    res
}

pub async fn jobs(
    State(state): State<SharedState>,
    Path(name): Path<String>,
    Extension(rid): Extension<RequestId>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let q = query.as_deref();
    let fail = |status: u16, code: &str, message: &str, details: Value| {
        error(
            StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            code,
            message,
            details,
            &rid,
        )
    };
    // Paging for the 200 scenarios that do not validate: echo what makes sense.
    let (limit, offset) = parse_paging(q).unwrap_or((DEFAULT_LIMIT, 0));
    match name.as_str() {
        "ok" => demo_page(&state, &headers, q, &rid),
        "slow" => {
            let delay = query_pairs(q)
                .iter()
                .find(|(k, _)| k == "delay_ms")
                .and_then(|(_, v)| v.trim().parse::<u64>().ok())
                .unwrap_or(SLOW_DEFAULT_MS)
                .min(SLOW_MAX_MS);
            tokio::time::sleep(Duration::from_millis(delay)).await;
            demo_page(&state, &headers, q, &rid)
        }
        "empty" => json_response(
            StatusCode::OK,
            &json!({ "generations": null, "limit": limit, "offset": offset, "total": 0 }),
        ),
        "drop" => dropped_connection(),
        "truncated" => {
            let now = state.clock.now();
            let full = match state.demo() {
                Some(demo) => serde_json::to_vec(&demo.page_at(now, limit, offset)).unwrap_or_default(),
                None => Vec::new(),
            };
            let cut = full.len() / 2;
            (
                StatusCode::OK,
                [(CONTENT_TYPE, "application/json")],
                full[..cut].to_vec(),
            )
                .into_response()
        }
        "mistyped" => json_response(
            StatusCode::OK,
            &json!({
                "generations": "[]",
                "limit": "20",
                "offset": null,
                "total": "57",
            }),
        ),
        "mistyped-jobs" => json_response(StatusCode::OK, &mistyped_jobs(limit, offset)),
        "hostile" => json_response(StatusCode::OK, &hostile(limit, offset)),
        "400" => fail(400, "bad_request", "Invalid query parameter: limit must be a non-negative integer.", json!({"limit": "must be >= 0"})),
        "401" => fail(401, "auth_invalid", "Missing or invalid API key.", Value::Null),
        "402" => fail(402, "credit_insufficient", "Your balance is too low. Top up in the dashboard.", Value::Null),
        "403" | "403-suspended" => fail(403, "account_suspended", "This account is suspended. Contact support via the dashboard.", Value::Null),
        "403-unverified" => fail(403, "auth_email_not_verified", "Verify your email address before using the API.", Value::Null),
        "403-rejected" => fail(403, "content_rejected", "The request was rejected by the content policy.", Value::Null),
        "404" => fail(404, "not_found", "Endpoint not found.", Value::Null),
        "409" => fail(409, "conflict", "The request conflicts with the current state of the resource.", Value::Null),
        "422" => fail(422, "validation_error", "limit and offset are out of range.", json!({"limit": "must be between 1 and 100", "offset": "must be an integer"})),
        "422-model" => fail(422, "model_not_capable", "The selected model cannot perform this operation.", json!({"model": "does not support this operation"})),
        "429" => with_retry_after(
            fail(429, "rate_limited", "Too many concurrent requests (max 10).", json!({"retry_after": RETRY_AFTER_SECS})),
            &RETRY_AFTER_SECS.to_string(),
        ),
        "429-date" => with_retry_after(
            fail(429, "rate_limited", "Too many concurrent requests (max 10).", json!({"retry_after": RETRY_AFTER_SECS})),
            &httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(RETRY_AFTER_SECS)),
        ),
        "451" => fail(451, "unavailable_for_legal_reasons", "This content is unavailable in your region.", Value::Null),
        "500" => fail(500, "internal_error", "Something went wrong on our side.", Value::Null),
        "502" => fail(502, "bad_gateway", "Upstream provider returned an invalid response.", Value::Null),
        "503" => with_retry_after(
            fail(503, "service_unavailable", "The service is temporarily unavailable.", Value::Null),
            &RETRY_AFTER_SECS.to_string(),
        ),
        "html-502" => (
            StatusCode::BAD_GATEWAY,
            [(CONTENT_TYPE, "text/html")],
            "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
        )
            .into_response(),
        "empty-503" => (StatusCode::SERVICE_UNAVAILABLE, Body::empty()).into_response(),
        _ => fail(404, "not_found", "Unknown scenario. GET /scenario lists them.", json!({"scenario": name})),
    }
}

/// A response whose body fails before its first byte. hyper then aborts the
/// connection instead of finishing the answer, which the client sees as a dropped
/// connection (curl: "Empty reply from server").
fn dropped_connection() -> Response {
    let stream = futures_util::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "scenario: drop",
        ))
    });
    let mut res = Response::new(Body::from_stream(stream));
    res.extensions_mut().insert(crate::Dropped);
    res
}

const XSS_IMG: &str = "<img src=x onerror=alert(1)>";
const XSS_SCRIPT: &str = "<script>alert(1)</script>";
const JS_URL: &str = "javascript:alert(1)";
const DATA_URL: &str = "data:text/html,<script>alert(1)</script>";
const VB_URL: &str = "vbscript:msgbox(1)";
const QUOTE_URL: &str = "https://example.invalid/x.png\" onerror=\"alert(1)";

/// A page whose every string is an attack; the widget must show them as text and never
/// load a non-http(s) URL.
fn hostile(limit: u64, offset: u64) -> Value {
    json!({
        "generations": [
            {
                "job_id": XSS_IMG,
                "operation": "<b onmouseover=alert(1)>image</b>",
                "status": "completed",
                "created_at": "2026-04-06T15:00:00Z",
                "started_at": "2026-04-06T15:00:01Z",
                "completed_at": "2026-04-06T15:00:05Z",
                "scenes_completed": 1,
                "scenes_total": 1,
                "result": {
                    "id": XSS_SCRIPT,
                    "ai_generated": true,
                    "formats": {
                        "png": { "url": JS_URL, "format": XSS_IMG, "hash": XSS_SCRIPT, "expires_at": "2099-01-01T00:00:00Z" },
                        "jpeg": DATA_URL,
                        "webp": { "url": VB_URL, "format": "webp" }
                    },
                    "cost_eur": XSS_SCRIPT,
                    "balance_eur": XSS_IMG,
                    "image_hash": XSS_SCRIPT
                }
            },
            {
                "job_id": "11111111-2222-4333-8444-555555555555",
                "status": "completed",
                "created_at": "2026-04-06T14:59:00Z",
                "started_at": "2026-04-06T14:59:01Z",
                "completed_at": "2026-04-06T14:59:30Z",
                "scenes_completed": 2,
                "scenes_total": 2,
                "result": {
                    "scenes": [
                        { "prompt": XSS_SCRIPT, "images": { "png": JS_URL, "jpeg": QUOTE_URL } },
                        { "prompt": format!("{XSS_IMG} walks into the library"), "images": { "png": { "url": DATA_URL, "format": "png" }, "webp": VB_URL } }
                    ],
                    "characters": [
                        { "name": XSS_IMG, "reference_url": JS_URL, "expires_at": "2099-01-01T00:00:00Z" },
                        { "name": XSS_SCRIPT, "reference_url": DATA_URL }
                    ],
                    "cost_eur": "0.090000",
                    "balance_eur": "9.910000"
                }
            },
            {
                "job_id": "22222222-3333-4444-8555-666666666666",
                "operation": XSS_SCRIPT,
                "status": "completed",
                "created_at": "2026-04-06T14:58:00Z",
                "completed_at": "2026-04-06T14:58:02Z",
                "scenes_completed": 0,
                "scenes_total": 0,
                "result": {
                    "operation": XSS_IMG,
                    "image_url": JS_URL,
                    "content_type": "text/html",
                    "expires_at": "2099-01-01T00:00:00Z"
                }
            },
            {
                "job_id": "33333333-4444-4555-8666-777777777777",
                "status": "failed",
                "created_at": "2026-04-06T14:57:00Z",
                "completed_at": "2026-04-06T14:57:01Z",
                "scenes_completed": 0,
                "scenes_total": 1,
                "error": { "code": XSS_SCRIPT, "message": format!("{XSS_IMG} <a href=\"{JS_URL}\">click to fix</a>") }
            },
            {
                "job_id": "44444444-5555-4666-8777-888888888888",
                "status": XSS_SCRIPT,
                "created_at": XSS_IMG,
                "scenes_completed": 0,
                "scenes_total": 0
            }
        ],
        "limit": limit,
        "offset": offset,
        "total": 5
    })
}

/// Jobs whose fields have the wrong types, to exercise per-item tolerance.
fn mistyped_jobs(limit: u64, offset: u64) -> Value {
    json!({
        "generations": [
            {
                "job_id": 12345,
                "status": "completed",
                "created_at": 1775487600,
                "scenes_completed": "1",
                "scenes_total": "1",
                "result": { "formats": ["https://example.invalid/a.png"], "cost_eur": 0.045 }
            },
            {
                "job_id": "55555555-6666-4777-8888-999999999999",
                "status": ["processing"],
                "created_at": "2026-04-06T15:00:00Z",
                "scenes_completed": null,
                "scenes_total": -3
            },
            {
                "job_id": "66666666-7777-4888-8999-aaaaaaaaaaaa",
                "status": "failed",
                "created_at": "not a date",
                "error": "content_rejected"
            },
            "not an object",
            null
        ],
        "limit": limit,
        "offset": offset,
        "total": 5
    })
}
