//! Proxy mode against a local fake upstream: the key reaches the service and nothing
//! else does; answers pass through; the key never comes back.

use crate::{client, serve};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use jobs_gallery_server::media_proxy::MediaConfig;
use jobs_gallery_server::proxy::Upstream;
use jobs_gallery_server::{Config, LogSink, Mode, SystemClock};
use serde_json::Value;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const SECRET: &str = "dpct_live_s3cr3t_do_not_leak";

type Seen = Arc<Mutex<Vec<(Option<String>, String)>>>;

/// The fake service: answers by `offset`, and records what it received.
async fn fake_jobs(
    State(seen): State<Seen>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> axum::response::Response {
    let auth = headers
        .get("authorization")
        .map(|v| v.to_str().unwrap().to_string());
    let q = q.unwrap_or_default();
    seen.lock().unwrap().push((auth.clone(), q.clone()));
    if q.contains("offset=1&") || q.ends_with("offset=1") {
        return (
            StatusCode::TOO_MANY_REQUESTS,
            [("retry-after", "7"), ("content-type", "application/json")],
            r#"{"error":"rate_limited","message":"Too many concurrent requests (max 10).","details":null,"request_id":"req_up"}"#,
        )
            .into_response();
    }
    if q.ends_with("offset=2") {
        // A careless upstream echoing the credentials it got.
        return (
            [("content-type", "application/json")],
            format!(r#"{{"echo":"{}"}}"#, auth.unwrap_or_default()),
        )
            .into_response();
    }
    if q.ends_with("offset=3") {
        tokio::time::sleep(Duration::from_secs(5)).await;
    }
    (
        [
            ("content-type", "application/json"),
            ("x-request-id", "req_upstream_1"),
        ],
        r#"{"generations":null,"limit":20,"offset":0,"total":0}"#,
    )
        .into_response()
}

async fn proxy_to(upstream: &str, timeout: Duration) -> (String, Arc<Mutex<Vec<String>>>) {
    let log = Arc::new(Mutex::new(Vec::new()));
    let base = serve(Config {
        mode: Mode::Proxy(Upstream::new(upstream, Some(SECRET), timeout).unwrap()),
        clock: Arc::new(SystemClock),
        static_dir: None,
        csp: false,
        log: LogSink::Memory(log.clone()),
        media: MediaConfig::default(),
    })
    .await;
    (base, log)
}

fn assert_no_secret(headers: &reqwest::header::HeaderMap, body: &str) {
    assert!(!body.contains(SECRET), "{body}");
    for (name, value) in headers {
        assert!(
            !value
                .as_bytes()
                .windows(SECRET.len())
                .any(|w| w == SECRET.as_bytes()),
            "{name}"
        );
    }
}

#[tokio::test]
async fn forwards_with_the_server_key_and_passes_answers_through() {
    let seen: Seen = Arc::default();
    let upstream = serve_fake(seen.clone()).await;
    let (base, log) = proxy_to(&upstream, Duration::from_secs(15)).await;

    // The client's own Authorization is replaced, not forwarded.
    let res = client()
        .get(format!("{base}/v1/jobs?limit=5&offset=0&status=failed"))
        .header("authorization", "Bearer dpct_client_key")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/json");
    assert_eq!(res.headers()["cache-control"], "no-store");
    assert!(res.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .starts_with("req_"));
    let headers = res.headers().clone();
    let body = res.text().await.unwrap();
    assert_eq!(
        body,
        r#"{"generations":null,"limit":20,"offset":0,"total":0}"#
    );
    assert_no_secret(&headers, &body);
    {
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 1);
        assert_eq!(
            seen[0].0.as_deref(),
            Some(format!("Bearer {SECRET}").as_str())
        );
        // Only the validated paging goes upstream.
        assert_eq!(seen[0].1, "limit=5&offset=0");
    }

    // Failures pass through with their status, body and Retry-After.
    let res = client()
        .get(format!("{base}/v1/jobs?limit=5&offset=1"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    assert_eq!(res.headers()["retry-after"], "7");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["request_id"], "req_up");

    // An upstream that echoes the key does not get it to the client.
    let res = client()
        .get(format!("{base}/v1/jobs?offset=2"))
        .send()
        .await
        .unwrap();
    let headers = res.headers().clone();
    let body = res.text().await.unwrap();
    assert_no_secret(&headers, &body);
    assert!(body.contains("[redacted]"));

    // Not even a client that puts the key in the URL gets it into the log.
    let _ = client()
        .get(format!("{base}/v1/jobs?limit=5&key={SECRET}"))
        .send()
        .await
        .unwrap();
    let lines = log.lock().unwrap().clone();
    assert!(lines.len() >= 4);
    assert!(lines.iter().all(|l| !l.contains(SECRET)), "{lines:?}");
    assert!(
        lines[0].starts_with("GET /v1/jobs?limit=5&offset=0&status=failed 200"),
        "{lines:?}"
    );
}

async fn serve_fake(seen: Seen) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = Router::new()
        .route("/v1/jobs", get(fake_jobs))
        .with_state(seen);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

#[tokio::test]
async fn bad_paging_is_answered_locally_and_other_paths_are_404() {
    let seen: Seen = Arc::default();
    let upstream = serve_fake(seen.clone()).await;
    let (base, _) = proxy_to(&upstream, Duration::from_secs(15)).await;
    for (q, status) in [
        ("limit=abc", 400),
        ("offset=-1", 400),
        ("limit=0", 422),
        ("limit=500", 422),
    ] {
        let res = client()
            .get(format!("{base}/v1/jobs?{q}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), status, "{q}");
    }
    for path in [
        "/v1/jobs/123/456",
        "/v1/jobs/not-a-job",
        "/v1/account",
        "/scenario/429/v1/jobs",
        "/media/x/image.png",
    ] {
        let res = client().get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(res.status(), 404, "{path}");
    }
    let res = client()
        .post(format!("{base}/v1/jobs"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 405);
    assert!(seen.lock().unwrap().is_empty(), "nothing was forwarded");
}

#[tokio::test]
async fn timeouts_and_unreachable_upstreams_get_json_errors() {
    let seen: Seen = Arc::default();
    let upstream = serve_fake(seen.clone()).await;
    let (base, _) = proxy_to(&upstream, Duration::from_millis(300)).await;
    let res = client()
        .get(format!("{base}/v1/jobs?offset=3"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 504);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"], "upstream_timeout");
    assert!(body["request_id"].as_str().unwrap().starts_with("req_"));

    // A port that nothing listens on any more.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let (base, _) = proxy_to(&format!("http://{closed}"), Duration::from_secs(2)).await;
    let res = client()
        .get(format!("{base}/v1/jobs"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 502);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"], "upstream_unreachable");
}

#[test]
fn refuses_to_start_without_a_proper_key() {
    let t = Duration::from_secs(1);
    assert!(Upstream::new("https://api.depicta.ai", None, t).is_err());
    assert!(Upstream::new("https://api.depicta.ai", Some(""), t).is_err());
    assert!(Upstream::new("https://api.depicta.ai", Some("sk_live_1"), t).is_err());
    assert!(Upstream::new("ftp://api.depicta.ai", Some(SECRET), t).is_err());
    let up = Upstream::new("https://api.depicta.ai/", Some(SECRET), t).unwrap();
    assert!(!format!("{up:?}").contains(SECRET));
}
