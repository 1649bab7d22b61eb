//! `/v1/jobs` in demo mode against the contract.

use crate::{assert_error_body, client, demo, get_json, KEY, T0};
use serde_json::Value;
use std::collections::HashSet;

fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    s.len() == 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[19] == b'Z'
        && s.bytes()
            .enumerate()
            .all(|(i, c)| [4, 7, 10, 13, 16, 19].contains(&i) || c.is_ascii_digit())
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| {
            if [8, 13, 18, 23].contains(&i) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

fn is_money(v: &Value) -> bool {
    v.as_str().is_some_and(|s| match s.split_once('.') {
        Some((a, b)) => {
            !a.is_empty()
                && a.bytes().all(|c| c.is_ascii_digit())
                && b.len() == 6
                && b.bytes().all(|c| c.is_ascii_digit())
        }
        None => false,
    })
}

fn check_format_entry(v: &Value, seen: &mut HashSet<&'static str>) {
    match v {
        Value::String(url) => {
            assert!(url.starts_with("/media/"), "{url}");
            seen.insert("string format");
        }
        Value::Object(o) => {
            assert!(o["url"].as_str().unwrap().starts_with("/media/"));
            assert!(o["format"].is_string());
            assert!(o["size_bytes"].is_u64());
            assert!(o["hash"].as_str().unwrap().len() == 64);
            assert!(is_rfc3339(o["expires_at"].as_str().unwrap()));
            seen.insert("object format");
        }
        other => panic!("format entry {other}"),
    }
}

/// Every field of one job, with its type; returns tags of what the job exercised.
fn check_job(job: &Value, seen: &mut HashSet<&'static str>) {
    let o = job.as_object().expect("job object");
    assert!(is_uuid(o["job_id"].as_str().unwrap()));
    assert!(is_rfc3339(o["created_at"].as_str().unwrap()));
    for k in ["started_at", "completed_at"] {
        if let Some(v) = o.get(k) {
            assert!(is_rfc3339(v.as_str().unwrap()), "{k}: {v}");
        }
    }
    let done = o["scenes_completed"].as_u64().unwrap();
    let total = o["scenes_total"].as_u64().unwrap();
    assert!(done <= total.max(1) && total <= 8, "{job}");
    match o.get("operation") {
        Some(op) => {
            assert!(op.is_string());
            seen.insert("operation present");
        }
        None => {
            seen.insert("operation absent");
        }
    }
    let status = o["status"].as_str().unwrap();
    match status {
        "pending" => {
            assert!(o.get("started_at").is_none() && o.get("completed_at").is_none());
            assert!(o.get("result").is_none() && o.get("error").is_none());
        }
        "processing" => {
            assert!(o.get("started_at").is_some() && o.get("completed_at").is_none());
            assert!(o.get("result").is_none());
        }
        "failed" => {
            assert!(o.get("completed_at").is_some() && o.get("result").is_none());
            let code = o["error"]["code"].as_str().unwrap();
            assert!(o["error"]["message"].is_string());
            seen.insert(match code {
                "content_rejected" => "content_rejected",
                "insufficient_credits" => "insufficient_credits",
                "generation_timeout" => "generation_timeout",
                "internal_error" => "internal_error",
                other => panic!("unexpected job error code {other}"),
            });
        }
        "completed" => {
            assert!(o.get("started_at").is_some() && o.get("completed_at").is_some());
            assert!(o.get("error").is_none());
            assert_eq!(done, total);
            let r = o["result"].as_object().expect("result");
            if let Some(scenes) = r.get("scenes") {
                seen.insert("story");
                let scenes = scenes.as_array().unwrap();
                assert_eq!(scenes.len() as u64, total);
                assert!((1..=8).contains(&scenes.len()));
                for s in scenes {
                    assert!(s["prompt"].as_str().unwrap().ends_with('.'));
                    let images = s["images"].as_object().unwrap();
                    assert!(images.contains_key("png"));
                    images.values().for_each(|v| check_format_entry(v, seen));
                }
                let chars = r["characters"].as_array().unwrap();
                assert!(!chars.is_empty());
                for c in chars {
                    assert!(c["name"].is_string());
                    assert!(c["reference_url"].as_str().unwrap().starts_with("/media/"));
                    assert!(is_rfc3339(c["expires_at"].as_str().unwrap()));
                }
                assert!(is_money(&r["cost_eur"]) && is_money(&r["balance_eur"]));
            } else if let Some(url) = r.get("image_url") {
                seen.insert("processing");
                assert!(url.as_str().unwrap().starts_with("/media/"));
                assert!(["crop", "resize", "overlay"].contains(&r["operation"].as_str().unwrap()));
                assert!(r["content_type"].as_str().unwrap().starts_with("image/"));
                assert!(is_rfc3339(r["expires_at"].as_str().unwrap()));
            } else {
                seen.insert("image");
                assert_eq!(r["id"], o["job_id"]);
                assert_eq!(r["ai_generated"], true);
                assert!(is_money(&r["cost_eur"]) && is_money(&r["balance_eur"]));
                assert_eq!(r["image_hash"].as_str().unwrap().len(), 64);
                let formats = r["formats"].as_object().unwrap();
                assert!(formats.contains_key("png"));
                formats.values().for_each(|v| check_format_entry(v, seen));
            }
        }
        other => panic!("status {other}"),
    }
}

async fn all_jobs(base: &str, limit: u64) -> (u64, Vec<Value>) {
    let mut jobs = Vec::new();
    let mut offset = 0;
    let mut total = None;
    loop {
        let (status, _, page) =
            get_json(&format!("{base}/v1/jobs?limit={limit}&offset={offset}")).await;
        assert_eq!(status, 200);
        assert_eq!(page["limit"], limit);
        assert_eq!(page["offset"], offset);
        let t = page["total"].as_u64().unwrap();
        assert_eq!(*total.get_or_insert(t), t, "total changes between pages");
        match &page["generations"] {
            Value::Null => {
                assert!(offset >= t);
                return (t, jobs);
            }
            Value::Array(items) => {
                assert_eq!(items.len() as u64, limit.min(t - offset));
                jobs.extend(items.iter().cloned());
            }
            other => panic!("generations {other}"),
        }
        offset += limit;
    }
}

#[tokio::test]
async fn every_job_matches_the_contract_and_pages_add_up() {
    let s = demo(42).await;
    let (total, big) = all_jobs(&s.base, 100).await;
    let (total_small, small) = all_jobs(&s.base, 7).await;
    assert!(total >= 150);
    assert_eq!(total, total_small);
    assert_eq!(big.len() as u64, total);
    assert_eq!(
        big, small,
        "pages of 7 and of 100 list the same jobs in the same order"
    );

    let mut seen = HashSet::new();
    for job in &big {
        check_job(job, &mut seen);
    }
    for tag in [
        "story",
        "processing",
        "image",
        "content_rejected",
        "insufficient_credits",
        "generation_timeout",
        "internal_error",
        "operation present",
        "operation absent",
        "string format",
        "object format",
    ] {
        assert!(seen.contains(tag), "history lacks {tag}");
    }
    let created: Vec<&str> = big
        .iter()
        .map(|j| j["created_at"].as_str().unwrap())
        .collect();
    assert!(created.windows(2).all(|w| w[0] >= w[1]), "newest first");
    let ids: HashSet<&str> = big.iter().map(|j| j["job_id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), big.len(), "ids are unique");
    // About three days of history.
    let oldest = created.last().unwrap();
    assert!(
        *oldest < "2026-04-04T00:00:00Z" && *oldest > "2026-04-02T00:00:00Z",
        "{oldest}"
    );
}

#[tokio::test]
async fn defaults_and_past_the_end() {
    let s = demo(42).await;
    let (status, headers, page) = get_json(&format!("{}/v1/jobs", s.base)).await;
    assert_eq!(status, 200);
    assert_eq!(
        (page["limit"].as_u64(), page["offset"].as_u64()),
        (Some(20), Some(0))
    );
    assert_eq!(page["generations"].as_array().unwrap().len(), 20);
    assert_eq!(headers["cache-control"], "no-store");
    assert_eq!(headers["content-type"], "application/json");
    let date = headers["date"].to_str().unwrap();
    assert!(httpdate::parse_http_date(date).is_ok(), "{date}");
    let rid = headers["x-request-id"].to_str().unwrap();
    assert!(rid.starts_with("req_"));

    let (status, _, page) = get_json(&format!("{}/v1/jobs?limit=5&offset=1000", s.base)).await;
    assert_eq!(status, 200);
    assert_eq!(page["generations"], Value::Null);
    assert_eq!(
        (page["limit"].as_u64(), page["offset"].as_u64()),
        (Some(5), Some(1000))
    );
    assert_eq!(page["total"], 160);
}

#[tokio::test]
async fn bad_paging_gets_400_or_422_naming_the_field() {
    let s = demo(42).await;
    for (query, status, code, field) in [
        ("limit=abc", 400, "bad_request", "limit"),
        ("limit=-1", 400, "bad_request", "limit"),
        ("limit=2.5", 400, "bad_request", "limit"),
        ("offset=-5", 400, "bad_request", "offset"),
        ("offset=x", 400, "bad_request", "offset"),
        ("limit=0", 422, "validation_error", "limit"),
        ("limit=101", 422, "validation_error", "limit"),
        (
            "limit=1000000000000000000000",
            422,
            "validation_error",
            "limit",
        ),
        (
            "offset=99999999999999999999999",
            422,
            "validation_error",
            "offset",
        ),
    ] {
        let (got, headers, body) = get_json(&format!("{}/v1/jobs?{query}", s.base)).await;
        assert_eq!(got, status, "{query}");
        assert_error_body(&headers, &body, code);
        assert!(body["details"][field].is_string(), "{query}: {body}");
    }
    let (got, _, _) = get_json(&format!("{}/v1/jobs?limit=100&offset=0", s.base)).await;
    assert_eq!(got, 200);
}

/// Queries are read as forms: escapes in keys and values, `+` as a space, and the first
/// of repeated keys counts, whatever follows it.
#[tokio::test]
async fn odd_but_readable_queries() {
    let s = demo(42).await;
    for (query, limit, offset) in [
        ("limit=5&limit=abc", 5, 0),
        ("li%6Dit=3&off%73et=%32", 3, 2),
        ("limit=+4+", 4, 0),
        ("&&limit=2&&", 2, 0),
        ("limit=%31%30&offset=1&offset=-1", 10, 1),
    ] {
        let (status, _, page) = get_json(&format!("{}/v1/jobs?{query}", s.base)).await;
        assert_eq!(status, 200, "{query}");
        assert_eq!(
            (page["limit"].as_u64(), page["offset"].as_u64()),
            (Some(limit), Some(offset)),
            "{query}"
        );
    }
    for (query, field) in [
        ("limit=abc&limit=5", "limit"),
        ("limit=%+5", "limit"),
        ("offset", "offset"),
    ] {
        let (status, headers, body) = get_json(&format!("{}/v1/jobs?{query}", s.base)).await;
        assert_eq!(status, 400, "{query}");
        assert_error_body(&headers, &body, "bad_request");
        assert!(body["details"][field].is_string(), "{query}: {body}");
    }
}

#[tokio::test]
async fn requests_without_a_dpct_key_get_401() {
    let s = demo(42).await;
    let url = format!("{}/v1/jobs", s.base);
    for auth in [
        None,
        Some("Bearer sk_live_123"),
        Some("dpct_nobearer"),
        Some("Bearer "),
        Some("Basic dpct_x"),
    ] {
        let mut req = client().get(&url);
        if let Some(a) = auth {
            req = req.header("authorization", a);
        }
        let res = req.send().await.unwrap();
        assert_eq!(res.status(), 401, "{auth:?}");
        let headers = res.headers().clone();
        let body: Value = res.json().await.unwrap();
        assert_error_body(&headers, &body, "auth_invalid");
    }
    // Each answer has its own request id.
    let a = client().get(&url).send().await.unwrap().headers()["x-request-id"].clone();
    let b = client().get(&url).send().await.unwrap().headers()["x-request-id"].clone();
    assert_ne!(a, b);
}

#[tokio::test]
async fn same_seed_same_bytes_other_seed_other_history() {
    let (a, b, c) = (demo(42).await, demo(42).await, demo(43).await);
    let fetch = |base: String| async move {
        client()
            .get(format!("{base}/v1/jobs?limit=100&offset=20"))
            .header("authorization", KEY)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap()
    };
    let (ba, bb, bc) = (
        fetch(a.base.clone()).await,
        fetch(b.base.clone()).await,
        fetch(c.base.clone()).await,
    );
    assert_eq!(ba, bb);
    assert_ne!(ba, bc);
    // And the pure function agrees with the server.
    let page: Value = serde_json::from_slice(&ba).unwrap();
    let pure = jobs_gallery_server::history::history_at(42, T0, T0);
    assert_eq!(
        page["generations"][0],
        serde_json::to_value(&pure[20]).unwrap()
    );
}

#[tokio::test]
async fn live_jobs_arrive_and_progress_with_the_clock() {
    let s = demo(5).await;
    let (_, _, page) = get_json(&format!("{}/v1/jobs?limit=1", s.base)).await;
    let total0 = page["total"].as_u64().unwrap();

    // A new job every 20 s: watch arrivals until a story with several scenes completes,
    // sampling the clock every second.
    let mut watched_story = false;
    for arrival in 1..=60 {
        s.clock.set(T0 + 20 * arrival);
        let (_, _, page) = get_json(&format!("{}/v1/jobs?limit=1", s.base)).await;
        assert_eq!(page["total"].as_u64().unwrap(), total0 + arrival as u64);
        let job = &page["generations"][0];
        assert_eq!(job["status"], "pending", "a job that just arrived waits");
        let id = job["job_id"].as_str().unwrap().to_string();
        let scenes = job["scenes_total"].as_u64().unwrap();
        if scenes < 3 {
            continue;
        }
        let mut statuses: Vec<String> = Vec::new();
        let mut last_done = 0;
        let mut progress_values = HashSet::new();
        for dt in 0..120 {
            s.clock.set(T0 + 20 * arrival + dt);
            let (_, _, page) = get_json(&format!("{}/v1/jobs?limit=10", s.base)).await;
            let job = page["generations"]
                .as_array()
                .unwrap()
                .iter()
                .find(|j| j["job_id"] == id.as_str())
                .expect("job still on the first page")
                .clone();
            let status = job["status"].as_str().unwrap().to_string();
            let done = job["scenes_completed"].as_u64().unwrap();
            assert!(done >= last_done, "scenes_completed never goes back");
            last_done = done;
            if status == "processing" {
                progress_values.insert(done);
            }
            if statuses.last() != Some(&status) {
                statuses.push(status.clone());
            }
            if status == "completed" || status == "failed" {
                break;
            }
        }
        if statuses.last().map(String::as_str) == Some("failed") {
            continue;
        }
        assert_eq!(statuses, ["pending", "processing", "completed"]);
        assert_eq!(last_done, scenes);
        assert!(
            progress_values.len() >= 2,
            "scenes complete one by one: {progress_values:?}"
        );
        watched_story = true;
        break;
    }
    assert!(
        watched_story,
        "no completing multi-scene story among 60 arrivals"
    );
}
