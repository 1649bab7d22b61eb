//! `GET /v1/jobs/{id}` in proxy mode against a local fake upstream: forwarded like the
//! list (the server's key, answers passed through, the same error mapping), and an id
//! that cannot be a job's never forwarded.

use crate::{client, serve};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use jobs_gallery_server::media_proxy::MediaConfig;
use jobs_gallery_server::proxy::Upstream;
use jobs_gallery_server::{Config, LogSink, Mode, SystemClock};
use serde_json::Value;
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const SECRET: &str = "dpct_live_s3cr3t_for_one_job";
const JOB: &str = "0f8e2b4c-1d3a-4b5c-8d9e-000000000001";
const RATE_LIMITED: &str = "0f8e2b4c-1d3a-4b5c-8d9e-000000000429";
const MISSING: &str = "0f8e2b4c-1d3a-4b5c-8d9e-000000000404";
const ECHO: &str = "0f8e2b4c-1d3a-4b5c-8d9e-00000000ec40";
const SLOW: &str = "0f8e2b4c-1d3a-4b5c-8d9e-000000005105";
const JOB_BODY: &str = r#"{"job_id":"0f8e2b4c-1d3a-4b5c-8d9e-000000000001","status":"pending","created_at":"2026-04-06T15:00:00Z","scenes_completed":0,"scenes_total":1}"#;

/// (Authorization, path and query) of every request the fake service got.
type Seen = Arc<Mutex<Vec<(Option<String>, String)>>>;

/// The fake service, on every path: answers by the last path segment.
async fn fake(State(seen): State<Seen>, headers: HeaderMap, uri: Uri) -> Response {
    let auth = headers
        .get("authorization")
        .map(|v| v.to_str().unwrap().to_string());
    let target = uri.path_and_query().unwrap().as_str().to_string();
    seen.lock().unwrap().push((auth.clone(), target.clone()));
    let json = [("content-type", "application/json")];
    match uri.path().rsplit('/').next().unwrap_or("") {
        JOB => (
            [
                ("content-type", "application/json"),
                ("x-request-id", "req_upstream_job"),
            ],
            JOB_BODY,
        )
            .into_response(),
        RATE_LIMITED => (
            StatusCode::TOO_MANY_REQUESTS,
            [("retry-after", "7"), ("content-type", "application/json")],
            r#"{"error":"rate_limited","message":"Too many concurrent requests (max 10).","details":null,"request_id":"req_up"}"#,
        )
            .into_response(),
        MISSING => (
            StatusCode::NOT_FOUND,
            json,
            r#"{"error":"not_found","message":"Job not found.","details":null,"request_id":"req_up404"}"#,
        )
            .into_response(),
        ECHO => (json, format!(r#"{{"echo":"{}"}}"#, auth.unwrap_or_default())).into_response(),
        SLOW => {
            tokio::time::sleep(Duration::from_secs(5)).await;
            (json, JOB_BODY).into_response()
        }
        _ => (StatusCode::IM_A_TEAPOT, "unexpected").into_response(),
    }
}

async fn serve_fake(seen: Seen) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = Router::new().fallback(fake).with_state(seen);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

async fn proxy_to(upstream: &str, timeout: Duration) -> String {
    serve(Config {
        mode: Mode::Proxy(Upstream::new(upstream, Some(SECRET), timeout).unwrap()),
        clock: Arc::new(SystemClock),
        static_dir: None,
        csp: false,
        log: LogSink::Off,
        media: MediaConfig::default(),
    })
    .await
}

async fn get(url: &str) -> reqwest::Response {
    client()
        .get(url)
        .header("authorization", "Bearer dpct_client_key")
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_job_is_forwarded_with_the_server_key() {
    let seen: Seen = Arc::default();
    let upstream = serve_fake(seen.clone()).await;
    let base = proxy_to(&upstream, Duration::from_secs(15)).await;

    // The client's key and query stay here.
    let res = get(&format!("{base}/v1/jobs/{JOB}?limit=5&debug=1")).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/json");
    assert_eq!(res.headers()["cache-control"], "no-store");
    assert_eq!(res.headers()["x-upstream-request-id"], "req_upstream_job");
    assert!(res.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .starts_with("req_"));
    assert_eq!(res.text().await.unwrap(), JOB_BODY);
    {
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 1);
        assert_eq!(
            seen[0].0.as_deref(),
            Some(format!("Bearer {SECRET}").as_str())
        );
        assert_eq!(seen[0].1, format!("/v1/jobs/{JOB}"));
    }

    // Failures pass through with their status, body and Retry-After.
    let res = get(&format!("{base}/v1/jobs/{RATE_LIMITED}")).await;
    assert_eq!(res.status(), 429);
    assert_eq!(res.headers()["retry-after"], "7");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["request_id"], "req_up");

    let res = get(&format!("{base}/v1/jobs/{MISSING}")).await;
    assert_eq!(res.status(), 404);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["message"], "Job not found.");

    // An echoed key is redacted, as for the list.
    let res = get(&format!("{base}/v1/jobs/{ECHO}")).await;
    let text = res.text().await.unwrap();
    assert!(!text.contains(SECRET), "{text}");
    assert!(text.contains("[redacted]"));
}

#[tokio::test]
async fn a_slow_or_missing_service_gets_the_lists_errors() {
    let seen: Seen = Arc::default();
    let upstream = serve_fake(seen.clone()).await;
    let base = proxy_to(&upstream, Duration::from_millis(300)).await;
    let res = get(&format!("{base}/v1/jobs/{SLOW}")).await;
    assert_eq!(res.status(), 504);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"], "upstream_timeout");

    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let base = proxy_to(&format!("http://{closed}"), Duration::from_secs(2)).await;
    let res = get(&format!("{base}/v1/jobs/{JOB}")).await;
    assert_eq!(res.status(), 502);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"], "upstream_unreachable");
}

/// The status of a request sent byte for byte, so that no client library tidies the
/// path (`%2E%2E` is a dot segment to a URL parser).
fn raw_status(base: &str, target: &str) -> u16 {
    let addr = base.trim_start_matches("http://");
    let mut conn = std::net::TcpStream::connect(addr).unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(
        conn,
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    let _ = conn.read_to_string(&mut answer);
    answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("{target}: {answer}"))
}

#[tokio::test]
async fn ids_that_cannot_be_jobs_are_not_forwarded() {
    let seen: Seen = Arc::default();
    let upstream = serve_fake(seen.clone()).await;
    let base = proxy_to(&upstream, Duration::from_secs(15)).await;
    for segment in [
        "..%2Faccount",
        "..%2F..%2Fv1%2Faccount",
        "a%2Fb",
        "%3Cscript%3E",
        "job_1",
        "%FF",
        "1%3Flimit%3D1",
        "1%23x",
        &"a".repeat(65),
    ] {
        let res = get(&format!("{base}/v1/jobs/{segment}")).await;
        assert_eq!(res.status(), 404, "{segment}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"], "not_found", "{segment}");
        assert_eq!(body["message"], "No job with this id.", "{segment}");
    }
    let base_for_raw = base.clone();
    let statuses = tokio::task::spawn_blocking(move || {
        [
            "/v1/jobs/%2E%2E",
            "/v1/jobs/%2e%2e%2faccount",
            "/v1/jobs/..%5C..%5Caccount",
        ]
        .map(|target| (target, raw_status(&base_for_raw, target)))
    })
    .await
    .unwrap();
    for (target, status) in statuses {
        assert_eq!(status, 404, "{target}");
    }
    // Nothing below a job, nor any other endpoint, is forwarded either.
    for path in ["/v1/jobs/123/456", "/v1/account"] {
        assert_eq!(get(&format!("{base}{path}")).await.status(), 404, "{path}");
    }
    assert!(
        seen.lock().unwrap().is_empty(),
        "{:?}",
        seen.lock().unwrap()
    );
}
