//! The scenarios' deliberately broken or hostile answers.

use crate::request::Dropped;
use axum::body::{Body, Bytes};
use axum::http::header::CONTENT_TYPE;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

/// What nginx sends when the service behind it fails: HTML, not the API's JSON.
pub fn html_bad_gateway() -> Response {
    (
        StatusCode::BAD_GATEWAY,
        [(CONTENT_TYPE, "text/html")],
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
    )
        .into_response()
}

/// A response whose body fails before its first byte. hyper then aborts the
/// connection instead of finishing the answer, which the client sees as a dropped
/// connection (curl: "Empty reply from server").
pub fn dropped_connection() -> Response {
    let stream = futures_util::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "scenario: drop",
        ))
    });
    let mut res = Response::new(Body::from_stream(stream));
    res.extensions_mut().insert(Dropped);
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
pub fn hostile(limit: u64, offset: u64) -> Value {
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
pub fn mistyped_jobs(limit: u64, offset: u64) -> Value {
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
