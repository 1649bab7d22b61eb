//! The demo's `GET /v1/jobs` and `GET /v1/jobs/{id}`, which the `ok` and `slow`
//! scenarios answer too.

use crate::error::ApiError;
use crate::job_id::job_id;
use crate::model::Job;
use crate::paging::parse_paging;
use crate::query::QueryPairs;
use crate::state::SharedState;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::header::AUTHORIZATION;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// Demo-mode key check: any `Bearer dpct_…` key is accepted.
pub fn has_demo_key(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(AUTHORIZATION) else {
        return false;
    };
    let Ok(value) = value.to_str() else {
        return false;
    };
    let mut parts = value.trim().splitn(2, ' ');
    let scheme = parts.next().unwrap_or("");
    let token = parts.next().unwrap_or("").trim();
    scheme.eq_ignore_ascii_case("bearer")
        && token.len() > "dpct_".len()
        && token.starts_with("dpct_")
        && !token.contains(char::is_whitespace)
}

/// The demo's jobs page at the clock's time: the key first, then the paging.
pub fn demo_page(
    state: &SharedState,
    headers: &HeaderMap,
    query: &QueryPairs,
) -> Result<Response, ApiError> {
    let demo = state.demo().ok_or(ApiError::NotFound)?;
    if !has_demo_key(headers) {
        return Err(ApiError::Unauthorized);
    }
    let (limit, offset) = parse_paging(query)?;
    Ok(Json(demo.page_at(state.clock.now(), limit, offset)).into_response())
}

pub async fn demo_jobs(
    State(state): State<SharedState>,
    headers: HeaderMap,
    query: QueryPairs,
) -> Result<Response, ApiError> {
    demo_page(&state, &headers, &query)
}

/// The demo's job `id` at the clock's time, as its item in a page; the id is checked
/// first.
pub fn find_demo_job(state: &SharedState, id: &str) -> Result<Job, ApiError> {
    let demo = state.demo().ok_or(ApiError::NotFound)?;
    let id = job_id(id)?;
    demo.job_at(state.clock.now(), id)
        .ok_or(ApiError::JobNotFound)
}

/// The demo's one job: the key first, as for a page, then the id.
pub fn demo_job(state: &SharedState, headers: &HeaderMap, id: &str) -> Result<Response, ApiError> {
    state.demo().ok_or(ApiError::NotFound)?;
    if !has_demo_key(headers) {
        return Err(ApiError::Unauthorized);
    }
    Ok(Json(find_demo_job(state, id)?).into_response())
}

/// A segment that is not UTF-8 once decoded is no id either; it becomes the empty id,
/// which [`job_id`] refuses after the key has been checked.
pub async fn demo_job_by_id(
    State(state): State<SharedState>,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let id = path.map(|Path(id)| id).unwrap_or_default();
    demo_job(&state, &headers, &id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn key_check() {
        let mut h = HeaderMap::new();
        assert!(!has_demo_key(&h));
        h.insert(
            "authorization",
            HeaderValue::from_static("Bearer dpct_demo"),
        );
        assert!(has_demo_key(&h));
        h.insert("authorization", HeaderValue::from_static("Bearer sk_demo"));
        assert!(!has_demo_key(&h));
        h.insert("authorization", HeaderValue::from_static("Bearer dpct_"));
        assert!(!has_demo_key(&h));
        h.insert("authorization", HeaderValue::from_static("Basic dpct_demo"));
        assert!(!has_demo_key(&h));
    }
}
