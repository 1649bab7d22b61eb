//! `GET /media/{job}/{file}?expires=&sig=`: signed, expiring result pictures, refused
//! the way a CDN refuses them (XML, not the API's JSON).

use crate::images::{self, Format, Subject};
use crate::query::QueryPairs;
use crate::state::SharedState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// Why a picture is not served. The `Display` text is the XML `<Message>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MediaError {
    /// 404 `NoSuchKey`: a file the demo never links to.
    #[error("The specified key does not exist.")]
    NoSuchKey,
    /// 403 `AccessDenied`: `expires` or `sig` missing (or `expires` not a number).
    #[error("Query-string authentication requires the expires and sig parameters")]
    Unsigned,
    /// 403 `AccessDenied`: the signature does not cover this path and expiry.
    #[error("The request signature we calculated does not match the signature you provided")]
    BadSignature,
    /// 403 `AccessDenied`: the link's time is over.
    #[error("Request has expired")]
    Expired,
    /// 500 with no body: the picture could not be encoded.
    #[error("the picture could not be encoded")]
    Encoding,
}

impl IntoResponse for MediaError {
    fn into_response(self) -> Response {
        let (status, code) = match self {
            MediaError::NoSuchKey => (StatusCode::NOT_FOUND, "NoSuchKey"),
            MediaError::Unsigned | MediaError::BadSignature | MediaError::Expired => {
                (StatusCode::FORBIDDEN, "AccessDenied")
            }
            MediaError::Encoding => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        };
        (
            status,
            [(CONTENT_TYPE, "application/xml"), (CACHE_CONTROL, "no-store")],
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{self}</Message></Error>"
            ),
        )
            .into_response()
    }
}

pub async fn media(
    State(state): State<SharedState>,
    Path((job, file)): Path<(String, String)>,
    query: QueryPairs,
) -> Result<Response, MediaError> {
    let demo = state.demo().ok_or(MediaError::NoSuchKey)?;
    let (stem, ext) = file.rsplit_once('.').ok_or(MediaError::NoSuchKey)?;
    let (Some(format), Some(subject)) = (Format::from_ext(ext), Subject::parse(stem)) else {
        return Err(MediaError::NoSuchKey);
    };
    let (Some(expires), Some(sig)) = (
        query.first("expires").and_then(|e| e.parse::<i64>().ok()),
        query.first("sig"),
    ) else {
        return Err(MediaError::Unsigned);
    };
    let path = format!("/media/{job}/{file}");
    // Signature first: an attacker learns nothing about expiry from a forged link.
    if !demo.signer().verify(&path, expires, sig) {
        return Err(MediaError::BadSignature);
    }
    let now = state.clock.now();
    if now >= expires {
        return Err(MediaError::Expired);
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
            let b = Bytes::from(
                encoded
                    .ok()
                    .and_then(Result::ok)
                    .ok_or(MediaError::Encoding)?,
            );
            state.images.put(key, b.clone());
            b
        }
    };
    // Cacheable until the link expires, never longer.
    let max_age = (expires - now).clamp(0, 3600);
    let cache = HeaderValue::from_str(&format!("public, max-age={max_age}, immutable"))
        .unwrap_or(HeaderValue::from_static("no-store"));
    Ok((
        [
            (
                CONTENT_TYPE,
                HeaderValue::from_static(format.content_type()),
            ),
            (CACHE_CONTROL, cache),
        ],
        bytes,
    )
        .into_response())
}
