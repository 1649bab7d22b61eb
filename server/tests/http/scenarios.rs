//! `/scenario/{name}/v1/jobs`: each failure's status, body and headers.

use crate::{assert_error_body, client, demo, get_json, KEY};
use serde_json::Value;
use std::time::{Duration, Instant, SystemTime};

async fn fetch(base: &str, name: &str, query: &str) -> reqwest::Response {
    client()
        .get(format!("{base}/scenario/{name}/v1/jobs{query}"))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn documented_error_statuses_with_their_bodies() {
    let s = demo(42).await;
    for (name, status, code) in [
        ("400", 400, "bad_request"),
        ("401", 401, "auth_invalid"),
        ("402", 402, "credit_insufficient"),
        ("403", 403, "account_suspended"),
        ("403-unverified", 403, "auth_email_not_verified"),
        ("403-rejected", 403, "content_rejected"),
        ("403-suspended", 403, "account_suspended"),
        ("404", 404, "not_found"),
        ("409", 409, "conflict"),
        ("422", 422, "validation_error"),
        ("422-model", 422, "model_not_capable"),
        ("429", 429, "rate_limited"),
        ("429-date", 429, "rate_limited"),
        ("451", 451, "unavailable_for_legal_reasons"),
        ("500", 500, "internal_error"),
        ("502", 502, "bad_gateway"),
        ("503", 503, "service_unavailable"),
        ("no-such-scenario", 404, "not_found"),
    ] {
        let res = fetch(&s.base, name, "").await;
        assert_eq!(res.status().as_u16(), status, "{name}");
        let headers = res.headers().clone();
        assert_eq!(headers["content-type"], "application/json", "{name}");
        assert_eq!(headers["cache-control"], "no-store", "{name}");
        let body: Value = res.json().await.unwrap();
        assert_error_body(&headers, &body, code);
        let retry = headers
            .get("retry-after")
            .map(|v| v.to_str().unwrap().to_string());
        match name {
            "429" | "503" => assert_eq!(retry.as_deref(), Some("5"), "{name}"),
            "429-date" => {
                let when = httpdate::parse_http_date(retry.as_deref().unwrap()).unwrap();
                let ahead = when.duration_since(SystemTime::now()).unwrap_or_default();
                assert!(ahead <= Duration::from_secs(6), "{ahead:?}");
                assert!(
                    when + Duration::from_secs(2) >= SystemTime::now() + Duration::from_secs(5)
                );
            }
            _ => assert_eq!(retry, None, "{name}"),
        }
        if name == "422" {
            assert!(body["details"]["limit"].is_string() && body["details"]["offset"].is_string());
        }
    }
}

#[tokio::test]
async fn proxy_shaped_failures() {
    let s = demo(42).await;
    let res = fetch(&s.base, "html-502", "").await;
    assert_eq!(res.status(), 502);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(res.headers().contains_key("x-request-id"));
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("<h1>502 Bad Gateway</h1>"));

    let res = fetch(&s.base, "empty-503", "").await;
    assert_eq!(res.status(), 503);
    assert!(res.bytes().await.unwrap().is_empty());

    let res = fetch(&s.base, "truncated", "").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/json");
    let body = res.bytes().await.unwrap();
    assert!(body.len() > 100 && body.starts_with(b"{\"generations\":["));
    assert!(serde_json::from_slice::<Value>(&body).is_err());

    let res = fetch(&s.base, "mistyped", "").await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert!(body["generations"].is_string() && body["total"].is_string());

    let res = fetch(&s.base, "mistyped-jobs", "").await;
    let body: Value = res.json().await.unwrap();
    assert!(body["generations"][0]["job_id"].is_number());
    assert!(body["generations"][1]["status"].is_array());
}

#[tokio::test]
async fn a_dropped_connection_is_a_transport_error() {
    let s = demo(42).await;
    let err = client()
        .get(format!("{}/scenario/drop/v1/jobs", s.base))
        .send()
        .await
        .expect_err("no HTTP answer at all");
    assert!(!err.is_status());
    let log = s.log.lock().unwrap().clone();
    assert!(
        log.iter()
            .any(|l| l == "GET /scenario/drop/v1/jobs dropped"),
        "{log:?}"
    );
    // The server is still fine afterwards.
    assert_eq!(fetch(&s.base, "empty", "").await.status(), 200);
}

#[tokio::test]
async fn slow_answers_after_the_delay() {
    let s = demo(42).await;
    let started = Instant::now();
    let res = client()
        .get(format!(
            "{}/scenario/slow/v1/jobs?delay_ms=300&limit=3",
            s.base
        ))
        .header("authorization", KEY)
        .send()
        .await
        .unwrap();
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["generations"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn ok_empty_and_hostile_pages() {
    let s = demo(42).await;
    // `ok` is the demo itself, key included.
    assert_eq!(fetch(&s.base, "ok", "").await.status(), 401);
    let (_, _, ok) = get_json(&format!("{}/scenario/ok/v1/jobs?limit=4", s.base)).await;
    let (_, _, demo_page) = get_json(&format!("{}/v1/jobs?limit=4", s.base)).await;
    assert_eq!(ok, demo_page);

    let empty: Value = fetch(&s.base, "empty", "?limit=10&offset=0")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        empty,
        serde_json::json!({"generations": null, "limit": 10, "offset": 0, "total": 0})
    );

    let res = fetch(&s.base, "hostile", "").await;
    assert_eq!(res.status(), 200);
    let text = res.text().await.unwrap();
    for payload in [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "javascript:alert(1)",
        "data:text/html",
        "vbscript:",
    ] {
        assert!(text.contains(payload), "hostile page lacks {payload}");
    }
    let body: Value = serde_json::from_str(&text).unwrap();
    assert!(body["generations"].as_array().unwrap().len() >= 4);
}

#[tokio::test]
async fn the_scenario_list_names_every_scenario_and_each_answers() {
    let s = demo(42).await;
    for path in ["/scenario", "/scenario/", "/scenarios.json"] {
        let res = client()
            .get(format!("{}{path}", s.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{path}");
    }
    let list: Value = client()
        .get(format!("{}/scenario", s.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let items = list["scenarios"].as_array().unwrap();
    assert!(items.len() >= 25);
    for item in items {
        let name = item["name"].as_str().unwrap();
        assert!(!item["description"].as_str().unwrap().is_empty());
        if name == "drop" || name == "slow" {
            continue;
        }
        let res = client()
            .get(format!("{}{}", s.base, item["path"].as_str().unwrap()))
            .header("authorization", KEY)
            .send()
            .await
            .unwrap();
        assert_eq!(
            Some(res.status().as_u16() as u64),
            item["status"].as_u64(),
            "{name}"
        );
        assert!(res.headers().contains_key("x-request-id"), "{name}");
    }
}
