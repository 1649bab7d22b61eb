//! The exact bytes of JSON failures: field order, `details`, and the request id that
//! the request layer writes into the body and the header alike.

use crate::{client, demo, KEY};

/// Status, `Retry-After`, and the body with the answer's own id put in for `{rid}`.
async fn exact(url: &str, auth: bool) -> (u16, Option<String>, String, String) {
    let mut req = client().get(url);
    if auth {
        req = req.header("authorization", KEY);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let retry = res
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_string());
    let rid = res.headers()["x-request-id"].to_str().unwrap().to_string();
    let body = res.text().await.unwrap();
    (status, retry, rid, body)
}

#[tokio::test]
async fn failure_bodies_are_byte_exact() {
    let s = demo(42).await;
    for (path, auth, status, retry, body) in [
        (
            "/v1/jobs",
            false,
            401,
            None,
            r#"{"error":"auth_invalid","message":"Missing or invalid API key.","details":null,"request_id":"{rid}"}"#,
        ),
        (
            "/v1/jobs?limit=abc&offset=-1",
            true,
            400,
            None,
            r#"{"error":"bad_request","message":"Invalid query parameter: limit must be a non-negative integer.","details":{"limit":"must be a non-negative integer","offset":"must be >= 0"},"request_id":"{rid}"}"#,
        ),
        (
            "/v1/jobs?limit=0&offset=99999999999999999999",
            true,
            422,
            None,
            r#"{"error":"validation_error","message":"Invalid query parameter: limit must be between 1 and 100.","details":{"limit":"must be between 1 and 100","offset":"is out of range"},"request_id":"{rid}"}"#,
        ),
        (
            "/v1/nothing",
            true,
            404,
            None,
            r#"{"error":"not_found","message":"Endpoint not found.","details":null,"request_id":"{rid}"}"#,
        ),
        (
            "/scenario/nope/v1/jobs",
            false,
            404,
            None,
            r#"{"error":"not_found","message":"Unknown scenario. GET /scenario lists them.","details":{"scenario":"nope"},"request_id":"{rid}"}"#,
        ),
        (
            "/scenario/400/v1/jobs",
            false,
            400,
            None,
            r#"{"error":"bad_request","message":"Invalid query parameter: limit must be a non-negative integer.","details":{"limit":"must be >= 0"},"request_id":"{rid}"}"#,
        ),
        (
            "/scenario/422/v1/jobs",
            false,
            422,
            None,
            r#"{"error":"validation_error","message":"limit and offset are out of range.","details":{"limit":"must be between 1 and 100","offset":"must be an integer"},"request_id":"{rid}"}"#,
        ),
        (
            "/scenario/429/v1/jobs",
            false,
            429,
            Some("5"),
            r#"{"error":"rate_limited","message":"Too many concurrent requests (max 10).","details":{"retry_after":5},"request_id":"{rid}"}"#,
        ),
        (
            "/scenario/503/v1/jobs",
            false,
            503,
            Some("5"),
            r#"{"error":"service_unavailable","message":"The service is temporarily unavailable.","details":null,"request_id":"{rid}"}"#,
        ),
    ] {
        let (got, got_retry, rid, got_body) = exact(&format!("{}{path}", s.base), auth).await;
        assert_eq!(got, status, "{path}");
        assert_eq!(got_retry.as_deref(), retry, "{path}");
        assert_eq!(got_body, body.replace("{rid}", &rid), "{path}");
    }
}

#[tokio::test]
async fn answers_that_are_not_failures_carry_no_error_body() {
    let s = demo(42).await;
    // An empty 503 stays empty: only the server's JSON failures get a body written.
    let res = client()
        .get(format!("{}/scenario/empty-503/v1/jobs", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 503);
    assert!(res.headers().get("content-type").is_none());
    assert!(res.bytes().await.unwrap().is_empty());
}
