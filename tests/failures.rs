//! Every failure fixture maps to its kind; bodies are read leniently; Retry-After in both forms.

use jobs_gallery::api::failure::parse_retry_after;
use jobs_gallery::api::{ErrorBody, Failure, ForbiddenReason};
use jobs_gallery::time::parse_http_date;

fn fixture(status: u16) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/error-{status}.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn every_fixture_maps_to_its_kind() {
    let expected = [
        (400, "bad_request"),
        (401, "unauthorized"),
        (402, "payment_required"),
        (403, "forbidden"),
        (404, "not_found"),
        (409, "conflict"),
        (422, "unprocessable"),
        (429, "rate_limited"),
        (451, "legal"),
        (500, "server_error"),
        (502, "bad_gateway"),
        (503, "unavailable"),
    ];
    for (status, kind) in expected {
        let body = ErrorBody::parse(&fixture(status), None);
        assert!(
            body.request_id
                .as_deref()
                .is_some_and(|id| id.starts_with("req_")),
            "{status} has a request id"
        );
        assert!(body.message.is_some(), "{status} has a message");
        let failure = Failure::from_status(status, body, None);
        assert_eq!(failure.kind(), kind);
        assert!(failure.request_id().is_some());
        assert!(failure.report().contains("Request id: req_"));
    }
}

#[test]
fn forbidden_causes_are_told_apart() {
    let reason = |code: &str| match Failure::from_status(
        403,
        ErrorBody {
            code: Some(code.into()),
            ..Default::default()
        },
        None,
    ) {
        Failure::Forbidden { reason, .. } => reason,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        reason("auth_email_not_verified"),
        ForbiddenReason::EmailNotVerified
    );
    assert_eq!(reason("content_rejected"), ForbiddenReason::ContentRejected);
    assert_eq!(
        reason("account_suspended"),
        ForbiddenReason::AccountSuspended
    );
    assert_eq!(reason("something_new"), ForbiddenReason::Other);
    let titles: std::collections::HashSet<String> = [
        "auth_email_not_verified",
        "content_rejected",
        "account_suspended",
        "x",
    ]
    .iter()
    .map(|c| {
        Failure::from_status(
            403,
            ErrorBody {
                code: Some(c.to_string()),
                ..Default::default()
            },
            None,
        )
        .title()
    })
    .collect();
    assert_eq!(titles.len(), 4);
}

#[test]
fn status_decides_even_when_the_code_disagrees() {
    let body = ErrorBody::parse(r#"{"error":"rate_limited"}"#, None);
    assert_eq!(Failure::from_status(500, body, None).kind(), "server_error");
    assert_eq!(
        Failure::from_status(418, ErrorBody::default(), None).kind(),
        "unexpected_status"
    );
    assert_eq!(
        Failure::from_status(504, ErrorBody::default(), None).kind(),
        "unexpected_status"
    );
}

#[test]
fn bodies_are_read_leniently() {
    let html = ErrorBody::parse(
        "<html><body><h1>502 Bad Gateway</h1></body></html>",
        Some("req_hdr"),
    );
    assert_eq!(
        html,
        ErrorBody {
            request_id: Some("req_hdr".into()),
            ..Default::default()
        }
    );
    assert_eq!(ErrorBody::parse("", None), ErrorBody::default());
    let mistyped = ErrorBody::parse(r#"{"error":42,"message":["x"],"request_id":{"a":1}}"#, None);
    assert_eq!(mistyped, ErrorBody::default());
    let nested = ErrorBody::parse(
        r#"{"error":{"code":"auth_invalid","message":"Bad key"}}"#,
        None,
    );
    assert_eq!(nested.code.as_deref(), Some("auth_invalid"));
    assert_eq!(nested.message.as_deref(), Some("Bad key"));
    let details = ErrorBody::parse(&fixture(422), None);
    assert_eq!(
        details.details.as_deref(),
        Some(r#"{"offset":"must be an integer"}"#)
    );
    let huge = ErrorBody::parse(
        &format!(r#"{{"message":"{}"}}"#, "x".repeat(1_000_000)),
        None,
    );
    assert!(huge.message.unwrap().chars().count() <= 2001);
}

#[test]
fn retry_after_as_seconds_or_http_date() {
    let now = parse_http_date("Sat, 28 Nov 2026 14:00:00 GMT").unwrap();
    assert_eq!(parse_retry_after("5", now), Some(5));
    assert_eq!(parse_retry_after(" 120 ", now), Some(120));
    assert_eq!(
        parse_retry_after("Sat, 28 Nov 2026 14:00:30 GMT", now),
        Some(30)
    );
    assert_eq!(
        parse_retry_after("Sat, 28 Nov 2026 13:00:00 GMT", now),
        Some(0)
    );
    assert_eq!(parse_retry_after("soon", now), None);
    assert_eq!(parse_retry_after("-3", now), None);
    assert_eq!(parse_retry_after("99999999999", now), Some(86_400));
}

#[test]
fn retryable_kinds_are_the_transient_ones() {
    let retryable = |f: Failure| f.is_retryable();
    assert!(retryable(Failure::from_status(
        429,
        ErrorBody::default(),
        Some(3)
    )));
    assert!(retryable(Failure::from_status(
        500,
        ErrorBody::default(),
        None
    )));
    assert!(retryable(Failure::from_status(
        502,
        ErrorBody::default(),
        None
    )));
    assert!(retryable(Failure::from_status(
        503,
        ErrorBody::default(),
        None
    )));
    assert!(retryable(Failure::Network { offline: true }));
    assert!(retryable(Failure::Timeout { after_ms: 15_000 }));
    for status in [400, 401, 402, 403, 404, 422, 451] {
        assert!(
            !retryable(Failure::from_status(status, ErrorBody::default(), None)),
            "{status}"
        );
    }
    assert_eq!(
        Failure::from_status(429, ErrorBody::default(), Some(7)).retry_after_s(),
        Some(7)
    );
}

#[test]
fn offline_is_told_apart_from_a_failed_server() {
    let offline = Failure::Network { offline: true };
    let down = Failure::Network { offline: false };
    assert_eq!(offline.kind(), down.kind());
    assert_ne!(offline.title(), down.title());
}

#[test]
fn host_events_carry_the_status_that_was_answered() {
    for status in [
        400, 401, 402, 403, 404, 409, 418, 422, 429, 451, 500, 502, 503, 504,
    ] {
        let failure = Failure::from_status(status, ErrorBody::default(), None);
        assert_eq!(failure.http_status(), Some(status), "{failure:?}");
    }
    assert_eq!(Failure::Timeout { after_ms: 15_000 }.http_status(), None);
    assert_eq!(Failure::Network { offline: true }.http_status(), None);
}
