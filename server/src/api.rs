//! The demo's `GET /v1/jobs`, which the `ok` and `slow` scenarios answer too.

use crate::error::ApiError;
use crate::paging::parse_paging;
use crate::query::QueryPairs;
use crate::state::SharedState;
use axum::extract::State;
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
