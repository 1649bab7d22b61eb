//! Companion server of the jobs gallery.
//!
//! Two modes share one router builder:
//! - demo (default): a seeded, clock-driven job history on `/v1/jobs` and
//!   `/v1/jobs/{id}`, signed result pictures on `/media/…`, and every failure on demand
//!   under `/scenario/{name}/v1/jobs`;
//! - proxy: `/v1/jobs` and `/v1/jobs/{id}` forwarded to the real service with the key
//!   added server-side.
//!
//! Both have `/media-proxy?url=`, which fetches a result picture from an allowed origin
//! so that the widget can save it whatever the image host's CORS. Either mode can also
//! serve the built widget (`--static dist`) from the same origin.
//! The router is a library so that integration tests can run it on an ephemeral port
//! with a manual clock.

pub mod api;
pub mod clock;
pub mod error;
pub mod history;
pub mod images;
pub mod job_id;
pub mod media;
pub mod media_proxy;
pub mod model;
pub mod paging;
pub mod proxy;
pub mod query;
pub mod request;
pub mod scenarios;
pub mod sign;
pub mod state;
pub mod static_files;
pub mod util;

use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, Method, Uri};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::sync::Arc;
use tower_http::compression::CompressionLayer;

pub use clock::{Clock, ManualClock, SystemClock};
pub use error::{ApiError, RetryAfter};
pub use history::Demo;
pub use request::{Dropped, LogSink, RequestId, X_REQUEST_ID};
pub use state::{AppState, Config, Mode, SharedState};

/// Strict policy for the widget's page: wasm needs 'wasm-unsafe-eval', result images
/// come from https signed URLs or same-origin `/media`.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' https: data:; connect-src 'self'";

/// Builds the whole router for `config`.
///
/// Answers are compressed (brotli or gzip, by `Accept-Encoding`) outside every other
/// layer, so that a page of jobs, an error body with its request id, and a static file
/// without a precompressed copy all go out compressed; a precompressed file (it carries
/// its `Content-Encoding` already) and the images are sent as they are.
pub fn app(config: Config) -> Router {
    let state: SharedState = Arc::new(AppState::new(config));
    let router = match &state.mode {
        Mode::Demo(_) => Router::new()
            .route("/v1/jobs", get(api::demo_jobs))
            .route("/v1/jobs/{id}", get(api::demo_job_by_id))
            .route("/media/{job}/{file}", get(media::media))
            .route("/scenario", get(scenarios::list))
            .route("/scenario/", get(scenarios::list))
            .route("/scenarios.json", get(scenarios::list))
            .route("/scenario/{name}/v1/jobs", get(scenarios::jobs))
            .route("/scenario/{name}/v1/jobs/{id}", get(scenarios::job)),
        Mode::Proxy(_) => Router::new()
            .route("/v1/jobs", get(proxy::jobs))
            .route("/v1/jobs/{id}", get(proxy::job)),
    };
    router
        .route("/media-proxy", get(media_proxy::media_proxy))
        .fallback(fallback)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            request::around_request,
        ))
        .layer(CompressionLayer::new())
        .with_state(state)
}

/// The built widget when `--static` is given; otherwise a plain-text index at `/` in
/// demo mode, and `not_found` for everything else.
async fn fallback(
    State(state): State<SharedState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if state.static_dir.is_some() {
        return Ok(static_files::serve(&state, &method, uri.path(), &headers).await);
    }
    if uri.path() == "/" && state.demo().is_some() {
        return Ok((
            [(CONTENT_TYPE, "text/plain; charset=utf-8")],
            "jobs-gallery-server (demo mode)\n\n\
             GET /v1/jobs?limit=&offset=          jobs, newest first (Authorization: Bearer dpct_…)\n\
             GET /v1/jobs/{id}                    one job, as in the list (same key)\n\
             GET /scenario                        failure scenarios\n\
             GET /scenario/{name}/v1/jobs         one scenario\n\
             GET /scenario/{name}/v1/jobs/{id}    one job of a scenario (failures fail alike)\n\
             GET /media/{job}/{file}?expires=&sig= signed result pictures\n\
             GET /media-proxy?url=                a picture from an allowed origin (--media-origin)\n",
        )
            .into_response());
    }
    Err(ApiError::NotFound)
}
