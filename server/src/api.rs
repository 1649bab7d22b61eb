//! The demo's `/v1/jobs` and `/media/…` handlers, and the helpers every JSON answer uses.

use crate::images::{self, Format, Subject};
use crate::model::ErrorBody;
use crate::{RequestId, SharedState};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde::Serialize;
use serde_json::Value;

/// Page size when the client gives none, and the largest one accepted.
pub const DEFAULT_LIMIT: u64 = 20;
pub const MAX_LIMIT: u64 = 100;

pub fn json_response<T: Serialize>(status: StatusCode, body: &T) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => (status, [(CONTENT_TYPE, "application/json")], bytes).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// The documented failure body, with this request's id.
pub fn error(
    status: StatusCode,
    code: &str,
    message: &str,
    details: Value,
    rid: &RequestId,
) -> Response {
    json_response(
        status,
        &ErrorBody {
            error: code.into(),
            message: message.into(),
            details,
            request_id: rid.0.clone(),
        },
    )
}

/// Query pairs, percent-decoded (`+` is a space, as in forms).
pub fn query_pairs(query: Option<&str>) -> Vec<(String, String)> {
    fn decode(s: &str) -> String {
        let bytes = s.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'+' => out.push(b' '),
                b'%' if i + 2 < bytes.len() => {
                    match std::str::from_utf8(&bytes[i + 1..i + 3])
                        .ok()
                        .and_then(|h| u8::from_str_radix(h, 16).ok())
                    {
                        Some(b) => {
                            out.push(b);
                            i += 2;
                        }
                        None => out.push(b'%'),
                    }
                }
                b => out.push(b),
            }
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    }
    query
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(p), String::new()),
        })
        .collect()
}

/// A rejected query, answered locally (also in proxy mode, where it is never forwarded).
#[derive(Debug, Clone, PartialEq)]
pub enum ParamError {
    /// 400 `bad_request`: not a non-negative integer.
    Malformed(Vec<(&'static str, &'static str)>),
    /// 422 `validation_error`: an integer, but out of the accepted range.
    OutOfRange(Vec<(&'static str, &'static str)>),
}

impl ParamError {
    pub fn into_response(self, rid: &RequestId) -> Response {
        let (status, code, fields) = match self {
            ParamError::Malformed(f) => (StatusCode::BAD_REQUEST, "bad_request", f),
            ParamError::OutOfRange(f) => (StatusCode::UNPROCESSABLE_ENTITY, "validation_error", f),
        };
        let message = match (status, fields.first()) {
            (StatusCode::BAD_REQUEST, Some((name, _))) => {
                format!("Invalid query parameter: {name} must be a non-negative integer.")
            }
            (_, Some((name, why))) => format!("Invalid query parameter: {name} {why}."),
            _ => "Invalid query.".into(),
        };
        let details: serde_json::Map<String, Value> = fields
            .iter()
            .map(|(k, v)| (k.to_string(), Value::String(v.to_string())))
            .collect();
        error(status, code, &message, Value::Object(details), rid)
    }
}

enum Parsed {
    Absent,
    Value(u64),
    /// All digits but too large for u64.
    Huge,
    Negative,
    Malformed,
}

fn parse_uint(raw: Option<&str>) -> Parsed {
    let Some(s) = raw else { return Parsed::Absent };
    let s = s.trim();
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if let Some(rest) = s.strip_prefix('-') {
        return if digits(rest) {
            Parsed::Negative
        } else {
            Parsed::Malformed
        };
    }
    if !digits(s) {
        return Parsed::Malformed;
    }
    s.parse().map(Parsed::Value).unwrap_or(Parsed::Huge)
}

/// `limit` (1–100, default 20) and `offset` (≥ 0, default 0). Malformed or negative
/// values are a 400; integers out of range a 422. Every bad field is named in `details`.
pub fn parse_paging(query: Option<&str>) -> Result<(u64, u64), ParamError> {
    let pairs = query_pairs(query);
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let mut malformed = Vec::new();
    let mut out_of_range = Vec::new();
    let limit = match parse_uint(get("limit")) {
        Parsed::Absent => DEFAULT_LIMIT,
        Parsed::Value(v) if (1..=MAX_LIMIT).contains(&v) => v,
        Parsed::Value(_) | Parsed::Huge => {
            out_of_range.push(("limit", "must be between 1 and 100"));
            0
        }
        Parsed::Negative => {
            malformed.push(("limit", "must be >= 0"));
            0
        }
        Parsed::Malformed => {
            malformed.push(("limit", "must be a non-negative integer"));
            0
        }
    };
    let offset = match parse_uint(get("offset")) {
        Parsed::Absent => 0,
        // Offsets beyond i64 would not survive a round trip through most clients.
        Parsed::Value(v) if v <= i64::MAX as u64 => v,
        Parsed::Value(_) | Parsed::Huge => {
            out_of_range.push(("offset", "is out of range"));
            0
        }
        Parsed::Negative => {
            malformed.push(("offset", "must be >= 0"));
            0
        }
        Parsed::Malformed => {
            malformed.push(("offset", "must be a non-negative integer"));
            0
        }
    };
    if !malformed.is_empty() {
        Err(ParamError::Malformed(malformed))
    } else if !out_of_range.is_empty() {
        Err(ParamError::OutOfRange(out_of_range))
    } else {
        Ok((limit, offset))
    }
}

/// Demo-mode key check: any `Bearer dpct_…` key is accepted.
pub fn has_demo_key(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(axum::http::header::AUTHORIZATION) else {
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

pub fn unauthorized(rid: &RequestId) -> Response {
    error(
        StatusCode::UNAUTHORIZED,
        "auth_invalid",
        "Missing or invalid API key.",
        Value::Null,
        rid,
    )
}

/// The demo's jobs page, shared by `/v1/jobs` and the `ok`/`slow` scenarios.
pub fn demo_page(
    state: &SharedState,
    headers: &HeaderMap,
    query: Option<&str>,
    rid: &RequestId,
) -> Response {
    let Some(demo) = state.demo() else {
        return error(
            StatusCode::NOT_FOUND,
            "not_found",
            "Endpoint not found.",
            Value::Null,
            rid,
        );
    };
    if !has_demo_key(headers) {
        return unauthorized(rid);
    }
    match parse_paging(query) {
        Ok((limit, offset)) => json_response(
            StatusCode::OK,
            &demo.page_at(state.clock.now(), limit, offset),
        ),
        Err(e) => e.into_response(rid),
    }
}

pub async fn demo_jobs(
    State(state): State<SharedState>,
    Extension(rid): Extension<RequestId>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    demo_page(&state, &headers, query.as_deref(), &rid)
}

/// How a CDN refuses a signed URL: 403 with a small XML document.
fn access_denied(message: &str) -> Response {
    (
        StatusCode::FORBIDDEN,
        [(CONTENT_TYPE, "application/xml"), (CACHE_CONTROL, "no-store")],
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code><Message>{message}</Message></Error>"
        ),
    )
        .into_response()
}

fn no_such_key() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(CONTENT_TYPE, "application/xml"), (CACHE_CONTROL, "no-store")],
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>",
    )
        .into_response()
}

/// `GET /media/{job}/{file}?expires=&sig=`: a signed, expiring result picture.
pub async fn media(
    State(state): State<SharedState>,
    Path((job, file)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Response {
    let Some(demo) = state.demo() else {
        return no_such_key();
    };
    let Some((stem, ext)) = file.rsplit_once('.') else {
        return no_such_key();
    };
    let (Some(format), Some(subject)) = (Format::from_ext(ext), Subject::parse(stem)) else {
        return no_such_key();
    };
    let pairs = query_pairs(query.as_deref());
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let (Some(expires), Some(sig)) = (
        get("expires").and_then(|e| e.parse::<i64>().ok()),
        get("sig"),
    ) else {
        return access_denied(
            "Query-string authentication requires the expires and sig parameters",
        );
    };
    let path = format!("/media/{job}/{file}");
    // Signature first: an attacker learns nothing about expiry from a forged link.
    if !demo.signer().verify(&path, expires, sig) {
        return access_denied(
            "The request signature we calculated does not match the signature you provided",
        );
    }
    let now = state.clock.now();
    if now >= expires {
        return access_denied("Request has expired");
    }

    let key = format!("{job}/{stem}.{ext}");
    let bytes = match state.images.get(&key) {
        Some(b) => b,
        None => {
            // Encoding is CPU work; keep it off the async workers.
            let encoded = tokio::task::spawn_blocking(move || {
                images::encode(&images::render(&job, subject), format)
            })
            .await;
            match encoded {
                Ok(Ok(v)) => {
                    let b = Bytes::from(v);
                    state.images.put(key, b.clone());
                    b
                }
                _ => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
            }
        }
    };
    // Cacheable until the link expires, never longer.
    let max_age = (expires - now).clamp(0, 3600);
    let cache = HeaderValue::from_str(&format!("public, max-age={max_age}, immutable"))
        .unwrap_or(HeaderValue::from_static("no-store"));
    (
        [
            (
                CONTENT_TYPE,
                HeaderValue::from_static(format.content_type()),
            ),
            (CACHE_CONTROL, cache),
        ],
        bytes,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_rules() {
        assert_eq!(parse_paging(None), Ok((20, 0)));
        assert_eq!(parse_paging(Some("limit=5&offset=10")), Ok((5, 10)));
        assert!(matches!(
            parse_paging(Some("limit=abc")),
            Err(ParamError::Malformed(_))
        ));
        assert!(matches!(
            parse_paging(Some("limit=-1")),
            Err(ParamError::Malformed(_))
        ));
        assert!(matches!(
            parse_paging(Some("limit=1.5")),
            Err(ParamError::Malformed(_))
        ));
        assert!(matches!(
            parse_paging(Some("offset=")),
            Err(ParamError::Malformed(_))
        ));
        assert!(matches!(
            parse_paging(Some("limit=0")),
            Err(ParamError::OutOfRange(_))
        ));
        assert!(matches!(
            parse_paging(Some("limit=101")),
            Err(ParamError::OutOfRange(_))
        ));
        assert!(matches!(
            parse_paging(Some("limit=99999999999999999999999")),
            Err(ParamError::OutOfRange(_))
        ));
        assert_eq!(parse_paging(Some("limit=%31%30")), Ok((10, 0)));
        assert_eq!(parse_paging(Some("limit=100&offset=0")), Ok((100, 0)));
    }

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
