//! Any bytes as a failed answer: `ErrorBody::parse` then `Failure::from_status` and
//! everything the banner and the copyable report render, never a panic.
//!
//! Input layout: the HTTP status as the first two bytes (big-endian), then the body,
//! optionally followed by a 0xFF byte and the `X-Request-Id` / `Retry-After` header
//! value (0xFF never occurs in UTF-8, so a JSON seed is a clean body).

#![no_main]

use jobs_gallery::api::failure::parse_retry_after;
use jobs_gallery::api::model::MAX_TEXT;
use jobs_gallery::api::{ErrorBody, Failure};
use libfuzzer_sys::fuzz_target;

const KINDS: [&str; 16] = [
    "bad_request",
    "unauthorized",
    "payment_required",
    "forbidden",
    "not_found",
    "conflict",
    "unprocessable",
    "rate_limited",
    "legal",
    "server_error",
    "bad_gateway",
    "unavailable",
    "unexpected_status",
    "network",
    "timeout",
    "decode",
];

fuzz_target!(|data: &[u8]| {
    let (status, rest) = match data {
        [a, b, rest @ ..] => (u16::from_be_bytes([*a, *b]), rest),
        _ => (0, data),
    };
    let (body, header) = match rest.iter().position(|b| *b == 0xFF) {
        Some(i) => (&rest[..i], Some(String::from_utf8_lossy(&rest[i + 1..]))),
        None => (rest, None),
    };
    let body = ErrorBody::parse(&String::from_utf8_lossy(body), header.as_deref());
    for (text, max) in [
        (&body.code, 101),
        (&body.message, MAX_TEXT + 1),
        (&body.details, MAX_TEXT + 1),
        (&body.request_id, 201),
    ] {
        if let Some(text) = text {
            assert!(!text.is_empty() && text.chars().count() <= max, "{text:?}");
        }
    }
    // Retry-After against clock readings at both ends of the range.
    let retry = header
        .as_deref()
        .and_then(|h| parse_retry_after(h, i64::from(status) * 86_400_000));
    for now in [i64::MIN, -1, 0, i64::MAX] {
        if let Some(secs) = header.as_deref().and_then(|h| parse_retry_after(h, now)) {
            assert!(secs <= 86_400);
        }
    }
    let failure = Failure::from_status(status, body, retry);
    assert!(KINDS.contains(&failure.kind()), "{}", failure.kind());
    let report = failure.report();
    assert!(report.starts_with(&failure.title()));
    assert!(!failure.advice().is_empty());
    let _ = (
        failure.is_retryable(),
        failure.retry_after_s(),
        failure.request_id(),
        failure.server_message(),
        failure.to_string(),
    );
});
