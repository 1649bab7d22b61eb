//! Companion server of the jobs gallery.
//!
//! Two modes share one router builder:
//! - demo (default): a seeded, clock-driven job history on `/v1/jobs`, signed result
//!   pictures on `/media/…`, and every failure on demand under `/scenario/{name}/v1/jobs`;
//! - proxy: `/v1/jobs` forwarded to the real service with the key added server-side.
//!
//! Either mode can also serve the built widget (`--static dist`) from the same origin.
//! The router is a library so that integration tests can run it on an ephemeral port
//! with a manual clock.

pub mod api;
pub mod history;
pub mod images;
pub mod model;
pub mod proxy;
pub mod scenarios;
pub mod sign;
pub mod static_files;
pub mod util;

use axum::extract::{Request, State};
use axum::http::header::{HeaderValue, CACHE_CONTROL};
use axum::http::{HeaderMap, HeaderName, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use std::path::PathBuf;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

pub use history::Demo;

/// The time the demo sees, in Unix seconds. Injected so tests can move it.
pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> i64;
}

/// Wall-clock time.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> i64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0)
    }
}

/// A clock that only moves when told to (tests, and `--frozen` screenshots).
#[derive(Debug, Default)]
pub struct ManualClock(AtomicI64);

impl ManualClock {
    pub fn new(t: i64) -> Self {
        ManualClock(AtomicI64::new(t))
    }
    pub fn set(&self, t: i64) {
        self.0.store(t, Ordering::SeqCst);
    }
    pub fn advance(&self, secs: i64) {
        self.0.fetch_add(secs, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

impl<C: Clock> Clock for Arc<C> {
    fn now(&self) -> i64 {
        (**self).now()
    }
}

/// Where the per-request log lines go.
#[derive(Clone, Default)]
pub enum LogSink {
    #[default]
    Off,
    Stderr,
    /// Collected in memory, for tests that check what would have been logged.
    Memory(Arc<Mutex<Vec<String>>>),
}

pub enum Mode {
    Demo(Demo),
    Proxy(proxy::Upstream),
}

pub struct Config {
    pub mode: Mode,
    pub clock: Arc<dyn Clock>,
    pub static_dir: Option<PathBuf>,
    pub csp: bool,
    pub log: LogSink,
}

impl Config {
    /// Demo mode with the given seed, started at the clock's current time.
    pub fn demo(seed: u64, clock: Arc<dyn Clock>) -> Config {
        let demo = Demo::new(seed, clock.now());
        Config {
            mode: Mode::Demo(demo),
            clock,
            static_dir: None,
            csp: false,
            log: LogSink::Off,
        }
    }
}

/// Shared by every handler.
pub struct AppState {
    pub mode: Mode,
    pub clock: Arc<dyn Clock>,
    pub static_dir: Option<PathBuf>,
    pub csp: bool,
    pub log: LogSink,
    pub images: images::ImageCache,
    request_counter: AtomicU64,
    request_salt: u64,
}

pub type SharedState = Arc<AppState>;

impl AppState {
    pub fn demo(&self) -> Option<&Demo> {
        match &self.mode {
            Mode::Demo(d) => Some(d),
            Mode::Proxy(_) => None,
        }
    }

    fn next_request_id(&self) -> RequestId {
        let n = self.request_counter.fetch_add(1, Ordering::Relaxed);
        let mut rng = util::Rng::new(self.request_salt ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        RequestId(format!("req_{:016x}", rng.next_u64()))
    }

    fn log_line(&self, line: String) {
        // The key must never reach a log, even if a client put it in a URL.
        let line = match &self.mode {
            Mode::Proxy(up) => up.redact(&line),
            Mode::Demo(_) => line,
        };
        match &self.log {
            LogSink::Off => {}
            LogSink::Stderr => eprintln!("{line}"),
            LogSink::Memory(lines) => lines.lock().unwrap_or_else(|e| e.into_inner()).push(line),
        }
    }
}

/// Marks an answer that will be aborted instead of sent (the `drop` scenario), so the
/// log does not claim a status the client never saw.
#[derive(Debug, Clone, Copy)]
pub struct Dropped;

/// The id of the request being answered, `req_` + 16 hex digits. Error bodies carry it
/// and every answer has it in `x-request-id`, so a user's report can be matched to a log.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

pub const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Strict policy for the widget's page: wasm needs 'wasm-unsafe-eval', result images
/// come from https signed URLs or same-origin `/media`.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' https: data:; connect-src 'self'";

/// Builds the whole router for `config`.
pub fn app(config: Config) -> Router {
    let salt = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    let state: SharedState = Arc::new(AppState {
        mode: config.mode,
        clock: config.clock,
        static_dir: config.static_dir,
        csp: config.csp,
        log: config.log,
        images: images::ImageCache::new(512),
        request_counter: AtomicU64::new(0),
        request_salt: salt,
    });

    let mut router = Router::new();
    router = match &state.mode {
        Mode::Demo(_) => router
            .route("/v1/jobs", get(api::demo_jobs))
            .route("/media/{job}/{file}", get(api::media))
            .route("/scenario", get(scenarios::list))
            .route("/scenario/", get(scenarios::list))
            .route("/scenarios.json", get(scenarios::list))
            .route("/scenario/{name}/v1/jobs", get(scenarios::jobs)),
        Mode::Proxy(_) => router.route("/v1/jobs", get(proxy::jobs)),
    };
    router
        .fallback(fallback)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            around_request,
        ))
        .with_state(state)
}

/// Gives every request an id, stamps it on the answer, marks API answers uncacheable,
/// and writes the one-line log: method, path and query, status, and the word `bearer`
/// when the request carried an Authorization header. Never a header's value: the
/// marker is there so tests can prove the key goes to the API and nowhere else.
async fn around_request(
    State(state): State<SharedState>,
    mut req: Request,
    next: Next,
) -> Response {
    let rid = state.next_request_id();
    let method = req.method().clone();
    let target = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "/".into());
    let is_api = target.starts_with("/v1/") || target.starts_with("/scenario");
    let bearer = if req
        .headers()
        .contains_key(axum::http::header::AUTHORIZATION)
    {
        " bearer"
    } else {
        ""
    };
    req.extensions_mut().insert(rid.clone());
    let mut res = next.run(req).await;
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
    state.log_line(format!("{method} {target} {status}{bearer}"));
    res
}

async fn fallback(
    State(state): State<SharedState>,
    Extension(rid): Extension<RequestId>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if state.static_dir.is_some() {
        return static_files::serve(&state, &method, uri.path(), &headers).await;
    }
    if uri.path() == "/" && state.demo().is_some() {
        return (
            [(axum::http::header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "jobs-gallery-server (demo mode)\n\n\
             GET /v1/jobs?limit=&offset=          jobs, newest first (Authorization: Bearer dpct_…)\n\
             GET /scenario                        failure scenarios\n\
             GET /scenario/{name}/v1/jobs         one scenario\n\
             GET /media/{job}/{file}?expires=&sig= signed result pictures\n",
        )
            .into_response();
    }
    api::error(
        StatusCode::NOT_FOUND,
        "not_found",
        "Endpoint not found.",
        serde_json::Value::Null,
        &rid,
    )
}
