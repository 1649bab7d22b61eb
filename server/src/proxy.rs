//! Proxy mode: `/v1/jobs` and `/v1/jobs/{id}` forwarded to the real service with the key
//! added here, so the key never reaches a browser.

use crate::error::ApiError;
use crate::job_id::job_id;
use crate::paging::parse_paging;
use crate::query::QueryPairs;
use crate::state::{Mode, SharedState};
use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::time::Duration;

/// How long an upstream answer may take before the client gets a 504.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15);
/// Largest upstream body passed on; a jobs page is a few hundred kB at most.
const MAX_BODY: usize = 8 * 1024 * 1024;

pub struct Upstream {
    base: String,
    key: String,
    client: reqwest::Client,
}

/// Never prints the key.
impl std::fmt::Debug for Upstream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Upstream")
            .field("base", &self.base)
            .field("key", &"[redacted]")
            .finish()
    }
}

/// Why proxy mode refuses to start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UpstreamError {
    #[error(
        "DEPICTA_API_KEY is not set; proxy mode needs the service key in that environment variable"
    )]
    MissingKey,
    #[error("DEPICTA_API_KEY does not look like a service key (it must start with dpct_)")]
    BadKey,
    #[error("--upstream must be an http:// or https:// URL, got {0:?}")]
    BadUrl(String),
    #[error("cannot build the HTTP client: {0}")]
    Client(String),
}

impl Upstream {
    pub fn new(
        base: &str,
        key: Option<&str>,
        timeout: Duration,
    ) -> Result<Upstream, UpstreamError> {
        let key = key
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .ok_or(UpstreamError::MissingKey)?;
        if !key.starts_with("dpct_")
            || key.len() <= 5
            || HeaderValue::from_str(&format!("Bearer {key}")).is_err()
        {
            return Err(UpstreamError::BadKey);
        }
        let base = base.trim().trim_end_matches('/');
        if !(base.starts_with("http://") || base.starts_with("https://"))
            || reqwest::Url::parse(base).is_err()
        {
            return Err(UpstreamError::BadUrl(base.to_string()));
        }
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            // A redirect could carry the Authorization header somewhere else.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("jobs-gallery-server/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| UpstreamError::Client(e.to_string()))?;
        Ok(Upstream {
            base: base.to_string(),
            key: key.to_string(),
            client,
        })
    }

    /// The service's base URL, without a trailing `/`.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Replaces any occurrence of the key (a hostile or debugging upstream might echo
    /// it; a client might paste it into a URL).
    pub fn redact(&self, text: &str) -> String {
        if text.contains(&self.key) {
            text.replace(&self.key, "[redacted]")
        } else {
            text.to_string()
        }
    }

    fn redact_bytes(&self, body: Bytes) -> Bytes {
        let key = self.key.as_bytes();
        if body.windows(key.len()).any(|w| w == key) {
            Bytes::from(self.redact(&String::from_utf8_lossy(&body)))
        } else {
            body
        }
    }
}

/// `GET /v1/jobs` in proxy mode. The client's own Authorization header is ignored: the
/// request upstream is built from scratch with only the validated paging and the key.
pub async fn jobs(
    State(state): State<SharedState>,
    query: QueryPairs,
) -> Result<Response, ApiError> {
    let Mode::Proxy(up) = &state.mode else {
        return Err(ApiError::NotFound);
    };
    let (limit, offset) = parse_paging(&query)?;
    forward(up, &format!("/v1/jobs?limit={limit}&offset={offset}")).await
}

/// `GET /v1/jobs/{id}` in proxy mode, built the same way from the checked id alone (no
/// query). A segment that is not UTF-8 once decoded becomes the empty id, which is
/// refused like any other that cannot be a job's.
pub async fn job(
    State(state): State<SharedState>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let Mode::Proxy(up) = &state.mode else {
        return Err(ApiError::NotFound);
    };
    let id = path.map(|Path(id)| id).unwrap_or_default();
    forward(up, &format!("/v1/jobs/{}", job_id(&id)?)).await
}

/// GETs `path_and_query` from the service with the key, and passes its status, body,
/// `Content-Type` and `Retry-After` back (the body capped and redacted).
async fn forward(up: &Upstream, path_and_query: &str) -> Result<Response, ApiError> {
    let mut res = up
        .client
        .get(format!("{}{path_and_query}", up.base))
        .header(AUTHORIZATION, format!("Bearer {}", up.key))
        .header(reqwest::header::ACCEPT, "application/json")
        .send()
        .await
        .map_err(|e| upstream_failure(&e))?;
    let status = StatusCode::from_u16(res.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
    let content_type = res.headers().get(reqwest::header::CONTENT_TYPE).cloned();
    let retry_after = res.headers().get(reqwest::header::RETRY_AFTER).cloned();
    let upstream_rid = res.headers().get("x-request-id").cloned();
    let mut body = Vec::new();
    while let Some(chunk) = res.chunk().await.map_err(|e| upstream_failure(&e))? {
        if body.len() + chunk.len() > MAX_BODY {
            return Err(ApiError::UpstreamTooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    let mut out = (status, up.redact_bytes(Bytes::from(body))).into_response();
    let h = out.headers_mut();
    if let Some(v) = content_type {
        h.insert(CONTENT_TYPE, v);
    }
    if let Some(v) = retry_after {
        h.insert(RETRY_AFTER, v);
    }
    if let Some(v) = upstream_rid {
        h.insert("x-upstream-request-id", v);
    }
    Ok(out)
}

/// The error text may contain the URL; it never contains the key, but say less anyway.
pub(crate) fn upstream_failure(e: &reqwest::Error) -> ApiError {
    if e.is_timeout() {
        ApiError::UpstreamTimeout
    } else {
        ApiError::UpstreamUnreachable
    }
}
