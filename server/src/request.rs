//! What every request gets, whatever answers it: an id (in `x-request-id`, and in the
//! body of a JSON failure), `Cache-Control: no-store` on API answers, and one log line.

use crate::error;
use crate::state::{Mode, SharedState};
use crate::util::Rng;
use axum::extract::{Request, State};
use axum::http::header::{HeaderValue, AUTHORIZATION, CACHE_CONTROL};
use axum::http::HeaderName;
use axum::middleware::Next;
use axum::response::Response;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

pub const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The id of the request being answered, `req_` + 16 hex digits, so that a user's report
/// can be matched to a log line.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// Hands out request ids: a counter scrambled with a per-process salt, so ids are
/// unique within a run and do not repeat across runs.
#[derive(Debug)]
pub struct RequestIds {
    counter: AtomicU64,
    salt: u64,
}

impl RequestIds {
    pub fn new() -> RequestIds {
        let salt = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        RequestIds {
            counter: AtomicU64::new(0),
            salt,
        }
    }

    fn next(&self) -> RequestId {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let mut rng = Rng::new(self.salt ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        RequestId(format!("req_{:016x}", rng.next_u64()))
    }
}

impl Default for RequestIds {
    fn default() -> Self {
        RequestIds::new()
    }
}

/// Marks an answer that will be aborted instead of sent (the `drop` scenario), so the
/// log does not claim a status the client never saw.
#[derive(Debug, Clone, Copy)]
pub struct Dropped;

/// Where the per-request log lines go.
#[derive(Clone, Default)]
pub enum LogSink {
    #[default]
    Off,
    Stderr,
    /// Collected in memory, for tests that check what would have been logged.
    Memory(Arc<Mutex<Vec<String>>>),
}

/// The layer around every route: gives the request its id, completes JSON failure bodies
/// with it, stamps it on the answer, marks API answers uncacheable, and logs
/// `METHOD path?query STATUS`, then the word `bearer` when the request carried an
/// Authorization header. Never a header's value: the marker is there so tests can prove
/// the key goes to the API and nowhere else.
pub async fn around_request(
    State(state): State<SharedState>,
    req: Request,
    next: Next,
) -> Response {
    let rid = state.request_ids.next();
    let method = req.method().clone();
    let target = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "/".into());
    let is_api = target.starts_with("/v1/") || target.starts_with("/scenario");
    let bearer = if req.headers().contains_key(AUTHORIZATION) {
        " bearer"
    } else {
        ""
    };
    let mut res = next.run(req).await;
    error::write_body(&mut res, &rid);
    if let Ok(v) = HeaderValue::from_str(&rid.0) {
        res.headers_mut().insert(X_REQUEST_ID, v);
    }
    if is_api && !res.headers().contains_key(CACHE_CONTROL) {
        res.headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    let status = if res.extensions().get::<Dropped>().is_some() {
        "dropped".to_string()
    } else {
        res.status().as_u16().to_string()
    };
    log_line(&state, format!("{method} {target} {status}{bearer}"));
    res
}

fn log_line(state: &SharedState, line: String) {
    // The key must never reach a log, even if a client put it in a URL.
    let line = match &state.mode {
        Mode::Proxy(up) => up.redact(&line),
        Mode::Demo(_) => line,
    };
    match &state.log {
        LogSink::Off => {}
        LogSink::Stderr => eprintln!("{line}"),
        LogSink::Memory(lines) => lines.lock().unwrap_or_else(|e| e.into_inner()).push(line),
    }
}
