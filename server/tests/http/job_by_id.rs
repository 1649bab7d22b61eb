//! `GET /v1/jobs/{id}` in demo mode and under `/scenario/{name}`: one job exactly as its
//! item in the list, the same failures as the list, and ids that cannot be a job's
//! answered as missing jobs.

use crate::{assert_error_body, client, demo, get_json, KEY, T0};
use jobs_gallery_server::scenarios::{Answer, SCENARIOS};
use serde_json::Value;
use std::time::{Duration, Instant};

const UNKNOWN: &str = "00000000-0000-4000-8000-000000000000";
const NOT_FOUND_BODY: &str =
    r#"{"error":"not_found","message":"No job with this id.","details":null,"request_id":"{rid}"}"#;

async fn get(url: &str, key: Option<&str>) -> reqwest::Response {
    let mut req = client().get(url);
    if let Some(key) = key {
        req = req.header("authorization", key);
    }
    req.send().await.unwrap()
}

/// Asserts the byte-exact 404 of a job that does not exist.
async fn assert_job_not_found(res: reqwest::Response, what: &str) {
    assert_eq!(res.status(), 404, "{what}");
    assert_eq!(res.headers()["content-type"], "application/json", "{what}");
    assert_eq!(res.headers()["cache-control"], "no-store", "{what}");
    let rid = res.headers()["x-request-id"].to_str().unwrap().to_string();
    let body = res.text().await.unwrap();
    assert_eq!(body, NOT_FOUND_BODY.replace("{rid}", &rid), "{what}");
}

/// Every job of the demo at the server's current time, newest first.
async fn all_jobs(base: &str) -> Vec<Value> {
    let mut jobs = Vec::new();
    loop {
        let url = format!("{base}/v1/jobs?limit=100&offset={}", jobs.len());
        let (status, _, page) = get_json(&url).await;
        assert_eq!(status, 200);
        match page["generations"].as_array() {
            Some(items) => jobs.extend(items.iter().cloned()),
            None => return jobs,
        }
    }
}

#[tokio::test]
async fn a_job_by_id_is_its_item_in_the_list() {
    let s = demo(42).await;
    // Some live jobs exist, one of them still in progress.
    s.clock.set(T0 + 95);
    let jobs = all_jobs(&s.base).await;
    assert!(jobs.len() > 160);
    let mut checked = 0;
    for (i, item) in jobs.iter().enumerate() {
        // The live jobs, every kind of answer near the top, and some of the long past.
        if !(i < 12 || i % 40 == 0 || i == jobs.len() - 1) {
            continue;
        }
        let id = item["job_id"].as_str().unwrap();
        let res = get(&format!("{}/v1/jobs/{id}", s.base), Some(KEY)).await;
        assert_eq!(res.status(), 200, "{id}");
        assert_eq!(res.headers()["content-type"], "application/json");
        assert_eq!(res.headers()["cache-control"], "no-store");
        let one: Value = res.json().await.unwrap();
        assert_eq!(&one, item, "job {i}");
        checked += 1;
    }
    assert!(checked >= 16);

    // A completed job's links are the list's, signed alike, and they load.
    let done = jobs
        .iter()
        .find(|j| j["status"] == "completed" && j["result"]["formats"]["png"].is_object())
        .expect("a completed image job");
    let id = done["job_id"].as_str().unwrap();
    let (_, _, one) = get_json(&format!("{}/v1/jobs/{id}", s.base)).await;
    let link = one["result"]["formats"]["png"]["url"].as_str().unwrap();
    assert_eq!(link, done["result"]["formats"]["png"]["url"]);
    let picture = get(&format!("{}{link}", s.base), None).await;
    assert_eq!(picture.status(), 200);
    assert_eq!(picture.headers()["content-type"], "image/png");

    // Ids compare as UUIDs do.
    let upper = id.to_ascii_uppercase();
    let (status, _, one) = get_json(&format!("{}/v1/jobs/{upper}", s.base)).await;
    assert_eq!(status, 200);
    assert_eq!(&one, done);
}

#[tokio::test]
async fn a_job_follows_the_clock() {
    let s = demo(42).await;
    s.clock.set(T0 + 20);
    let newest = all_jobs(&s.base).await.remove(0);
    let id = newest["job_id"].as_str().unwrap().to_string();
    assert_eq!(newest["status"], "pending");
    let url = format!("{}/v1/jobs/{id}", s.base);

    // Before it was created, the live job does not exist.
    s.clock.set(T0);
    assert_job_not_found(get(&url, Some(KEY)).await, "not yet created").await;

    // Polled until it is done, it moves on as the list does.
    let mut seen = Vec::new();
    for t in (T0 + 20..T0 + 200).step_by(2) {
        s.clock.set(t);
        let (status, _, one) = get_json(&url).await;
        assert_eq!(status, 200);
        let (_, _, page) = get_json(&format!("{}/v1/jobs", s.base)).await;
        let listed = page["generations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|j| j["job_id"] == id.as_str())
            .unwrap()
            .clone();
        assert_eq!(one, listed, "at {t}");
        let state = one["status"].as_str().unwrap().to_string();
        if seen.last() != Some(&state) {
            seen.push(state);
        }
    }
    assert_eq!(seen.first().map(String::as_str), Some("pending"));
    let last = seen.last().unwrap();
    assert!(last == "completed" || last == "failed", "{seen:?}");
}

#[tokio::test]
async fn unknown_jobs_are_404() {
    let s = demo(42).await;
    for id in [UNKNOWN, "12345", "abcdef", &"f".repeat(64)] {
        let res = get(&format!("{}/v1/jobs/{id}", s.base), Some(KEY)).await;
        assert_job_not_found(res, id).await;
    }
}

#[tokio::test]
async fn ids_that_cannot_be_jobs_are_404_and_never_echoed() {
    let s = demo(42).await;
    for (segment, echo) in [
        ("..%2F..%2Fv1%2Fjobs", "v1"),
        ("..%2Faccount", "account"),
        ("a%2Fb", "a/b"),
        ("%3Cscript%3Ealert(1)%3C%2Fscript%3E", "script"),
        ("%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", "onerror"),
        ("job_1", "job_1"),
        ("ghij", "ghij"),
        ("a%20b", "a b"),
        ("%FF%FE", "\u{fffd}"),
        ("%00", "\u{0}"),
        (&"a".repeat(65), &"a".repeat(65)),
    ] {
        let res = get(&format!("{}/v1/jobs/{segment}", s.base), Some(KEY)).await;
        assert_eq!(res.status(), 404, "{segment}");
        let headers = res.headers().clone();
        let text = res.text().await.unwrap();
        assert!(!text.contains(echo), "{segment}: {text}");
        let body: Value = serde_json::from_str(&text).unwrap();
        assert_error_body(&headers, &body, "not_found");
        assert_eq!(body["message"], "No job with this id.", "{segment}");
    }
    // A path below a job is no endpoint at all.
    let (status, _, body) = get_json(&format!("{}/v1/jobs/{UNKNOWN}/result", s.base)).await;
    assert_eq!(status, 404);
    assert_eq!(body["message"], "Endpoint not found.");
}

#[tokio::test]
async fn a_job_needs_the_key_before_anything_else() {
    let s = demo(42).await;
    let id = all_jobs(&s.base).await[0]["job_id"]
        .as_str()
        .unwrap()
        .to_string();
    for key in [
        None,
        Some("Bearer sk_live_1"),
        Some("Bearer dpct_"),
        Some("dpct_x"),
    ] {
        for path in [id.as_str(), UNKNOWN, "..%2Faccount"] {
            let res = get(&format!("{}/v1/jobs/{path}", s.base), key).await;
            assert_eq!(res.status(), 401, "{key:?} {path}");
            let headers = res.headers().clone();
            let body: Value = res.json().await.unwrap();
            assert_error_body(&headers, &body, "auth_invalid");
        }
    }
}

/// What a client can compare across two answers: status, the headers that matter, and
/// the body without its request id.
async fn comparable(res: reqwest::Response) -> (u16, Option<String>, Option<String>, Value) {
    let status = res.status().as_u16();
    let header = |name: &str| {
        res.headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
    };
    let (ctype, retry) = (header("content-type"), header("retry-after"));
    let bytes = res.bytes().await.unwrap();
    let mut body = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
    if let Some(o) = body.as_object_mut() {
        o.remove("request_id");
    }
    (status, ctype, retry, body)
}

#[tokio::test]
async fn failure_scenarios_fail_a_job_as_they_fail_the_list() {
    let s = demo(42).await;
    let id = all_jobs(&s.base).await[3]["job_id"]
        .as_str()
        .unwrap()
        .to_string();
    let mut failures = 0;
    for scenario in SCENARIOS {
        let same_as_list = matches!(
            scenario.answer,
            Answer::Fail(_) | Answer::HtmlBadGateway | Answer::EmptyUnavailable | Answer::Mistyped
        );
        if !same_as_list || scenario.name == "429-date" {
            continue;
        }
        let list = format!("{}/scenario/{}/v1/jobs", s.base, scenario.name);
        // A failure fails whatever is asked for, even an id that is no job's.
        for job in [id.as_str(), UNKNOWN, "..%2Faccount"] {
            let one = format!("{list}/{job}");
            let want = comparable(get(&list, None).await).await;
            let got = comparable(get(&one, None).await).await;
            assert_eq!(got, want, "{}: {job}", scenario.name);
            assert_eq!(Some(got.0), scenario.status(), "{}", scenario.name);
        }
        failures += 1;
    }
    assert!(failures >= 18, "{failures}");

    // The two banners with a wait.
    for (name, status, code) in [
        ("429", 429, "rate_limited"),
        ("503", 503, "service_unavailable"),
    ] {
        let res = get(&format!("{}/scenario/{name}/v1/jobs/{id}", s.base), None).await;
        assert_eq!(res.status(), status);
        assert_eq!(res.headers()["retry-after"], "5");
        assert_eq!(res.headers()["cache-control"], "no-store");
        let headers = res.headers().clone();
        let body: Value = res.json().await.unwrap();
        assert_error_body(&headers, &body, code);
    }
    let res = get(&format!("{}/scenario/429-date/v1/jobs/{id}", s.base), None).await;
    assert_eq!(res.status(), 429);
    let when = res.headers()["retry-after"].to_str().unwrap();
    assert!(httpdate::parse_http_date(when).is_ok(), "{when}");
}

#[tokio::test]
async fn a_dropped_job_is_a_transport_error() {
    let s = demo(42).await;
    let err = client()
        .get(format!("{}/scenario/drop/v1/jobs/{UNKNOWN}", s.base))
        .send()
        .await
        .expect_err("no HTTP answer at all");
    assert!(!err.is_status());
}

#[tokio::test]
async fn scenarios_with_jobs_answer_one_of_them() {
    let s = demo(42).await;
    let jobs = all_jobs(&s.base).await;
    let id = jobs[2]["job_id"].as_str().unwrap();

    // `ok` and `slow` are the demo, key included.
    let res = get(&format!("{}/scenario/ok/v1/jobs/{id}", s.base), None).await;
    assert_eq!(res.status(), 401);
    let (status, _, one) = get_json(&format!("{}/scenario/ok/v1/jobs/{id}", s.base)).await;
    assert_eq!(status, 200);
    assert_eq!(one, jobs[2]);
    let started = Instant::now();
    let (status, _, one) = get_json(&format!(
        "{}/scenario/slow/v1/jobs/{id}?delay_ms=200",
        s.base
    ))
    .await;
    assert!(started.elapsed() >= Duration::from_millis(200));
    assert_eq!(status, 200);
    assert_eq!(one, jobs[2]);
    assert_job_not_found(
        get(
            &format!("{}/scenario/ok/v1/jobs/{UNKNOWN}", s.base),
            Some(KEY),
        )
        .await,
        "ok",
    )
    .await;

    // `empty` has none.
    assert_job_not_found(
        get(&format!("{}/scenario/empty/v1/jobs/{id}", s.base), None).await,
        "empty",
    )
    .await;

    // `truncated`: the job's JSON, cut in half.
    let res = get(&format!("{}/scenario/truncated/v1/jobs/{id}", s.base), None).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/json");
    let cut = res.bytes().await.unwrap();
    let full = get(&format!("{}/v1/jobs/{id}", s.base), Some(KEY))
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(&cut[..], &full[..full.len() / 2]);
    assert!(serde_json::from_slice::<Value>(&cut).is_err());

    // `hostile` and `mistyped-jobs`: the item of their page with that id.
    for (name, id) in [
        ("hostile", "11111111-2222-4333-8444-555555555555"),
        ("hostile", "33333333-4444-4555-8666-777777777777"),
        ("mistyped-jobs", "55555555-6666-4777-8888-999999999999"),
        ("mistyped-jobs", "12345"),
    ] {
        let (_, _, page) = get_json(&format!("{}/scenario/{name}/v1/jobs", s.base)).await;
        let item = page["generations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|j| {
                j["job_id"] == id || j["job_id"].as_u64().is_some_and(|n| n.to_string() == id)
            })
            .unwrap()
            .clone();
        let (status, _, one) = get_json(&format!("{}/scenario/{name}/v1/jobs/{id}", s.base)).await;
        assert_eq!(status, 200, "{name} {id}");
        assert_eq!(one, item, "{name} {id}");
        assert_job_not_found(
            get(
                &format!("{}/scenario/{name}/v1/jobs/{UNKNOWN}", s.base),
                None,
            )
            .await,
            name,
        )
        .await;
    }
    // The hostile job whose id is markup cannot be asked for, and is not echoed.
    let res = get(
        &format!("{}/scenario/hostile/v1/jobs/%3Cimg%20src%3Dx%3E", s.base),
        None,
    )
    .await;
    assert_job_not_found(res, "hostile markup id").await;

    // An unknown scenario is named as for the list.
    let (status, headers, body) = get_json(&format!("{}/scenario/nope/v1/jobs/{id}", s.base)).await;
    assert_eq!(status, 404);
    assert_error_body(&headers, &body, "not_found");
    assert_eq!(body["details"]["scenario"], "nope");
}
