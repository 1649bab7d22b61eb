//! "Never dies", as properties: over arbitrary bytes, arbitrary JSON and plausible but
//! hostile pages and failure bodies, the pure decoding code gives a page or a typed
//! error, never a panic or an overflow, and what it gives is bounded and consistent.
//!
//! Native only (proptest); 256 cases per property by default, more with
//! `PROPTEST_CASES=5000 cargo test -p jobs-gallery --test properties`.

#![cfg(not(target_arch = "wasm32"))]

use std::collections::HashSet;

use jobs_gallery::api::failure::parse_retry_after;
use jobs_gallery::api::model::{DecodeError, MAX_SCENES, MAX_TEXT};
use jobs_gallery::api::{decode_page, ErrorBody, Failure, ForbiddenReason, JobResult, Link, Page};
use jobs_gallery::paging::{
    clamp_page_size, corrected_offset, offset_of, page_count, page_of, page_window, range_text,
    PageItem, MAX_PAGE_SIZE,
};
use jobs_gallery::time::{duration_text, parse_http_date, parse_rfc3339, relative, Millis};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{FileFailurePersistence, TestCaseError};
use serde_json::{json, Map, Value};

fn config() -> ProptestConfig {
    // A failing case is saved beside this file (tests/properties.proptest-regressions)
    // and tried first on every later run: commit it with the fix.
    let mut config = ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::default()
    };
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = 256;
    }
    config
}

// ---------------------------------------------------------------------------------------
// Strategies: text
// ---------------------------------------------------------------------------------------

const MARKUP: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "\"><svg onload=alert(1)>",
    "'; DROP TABLE jobs; --",
    "{{7*7}}${7*7}",
    "&lt;b&gt;&amp;",
    "\u{202e}gnp.exe",
    "\u{0}\u{1}\u{7f}",
    "💥🧨",
    "a\u{301}\u{301}\u{301}",
    "\r\n\t",
    "   ",
    "",
];

const URLS: &[&str] = &[
    "https://cdn.example.com/r/a.webp?sig=abc&exp=1",
    "http://localhost:8787/media/a.png",
    "HTTPS://CDN.EXAMPLE.COM/Z.JPG",
    "  https://cdn.example.com/padded.png  ",
    "/media/job-1/scene-1.webp",
    "//evil.example/x.png",
    "/\\evil.example/x.png",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.cookie)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:image/png;base64,iVBORw0KGgo=",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "https://",
    "https:///path-only",
    "http://a b/c",
    "https://x/\"onerror=\"alert(1)",
    "https://x/<script>",
    "https:\\\\evil.example",
    "ftp://files.example/x.png",
    "file:///etc/passwd",
    "\u{0}https://x/a.png",
    "https://x/\u{202e}gnp.png",
    "https://ex\u{e4}mple.com/\u{1f4a5}.png",
    "\t/x.png",
    "/x.png\n",
    "",
    "relative/path.png",
    "?q=1",
];

/// Any text the server might send: arbitrary Unicode, markup, URLs and long runs.
fn arb_text() -> BoxedStrategy<String> {
    prop_oneof![
        4 => any::<String>(),
        3 => select(MARKUP).prop_map(str::to_owned),
        2 => select(URLS).prop_map(str::to_owned),
        2 => "[a-z_]{0,12}",
        1 => (any::<char>(), 0usize..6000).prop_map(|(c, n)| c.to_string().repeat(n)),
        1 => (select(MARKUP), 0usize..400).prop_map(|(m, n)| m.repeat(n)),
    ]
    .boxed()
}

fn arb_url() -> BoxedStrategy<String> {
    prop_oneof![
        6 => select(URLS).prop_map(str::to_owned),
        2 => arb_text(),
        1 => (select(&["https://cdn.example.com/", "/media/", "http://h/"][..]), any::<String>()).prop_map(|(p, s)| format!("{p}{s}")),
        1 => (0usize..6000).prop_map(|n| format!("https://cdn.example.com/{}", "a".repeat(n))),
    ].boxed()
}

// ---------------------------------------------------------------------------------------
// Strategies: arbitrary JSON
// ---------------------------------------------------------------------------------------

const KEYS: &[&str] = &[
    "generations",
    "limit",
    "offset",
    "total",
    "job_id",
    "id",
    "status",
    "created_at",
    "started_at",
    "completed_at",
    "scenes_completed",
    "scenes_total",
    "error",
    "result",
    "code",
    "message",
    "details",
    "request_id",
    "operation",
    "operation_type",
    "type",
    "formats",
    "png",
    "jpeg",
    "webp",
    "url",
    "format",
    "size_bytes",
    "expires_at",
    "scenes",
    "images",
    "prompt",
    "characters",
    "name",
    "reference_url",
    "image_url",
    "content_type",
    "cost_eur",
    "balance_eur",
];

fn arb_key() -> BoxedStrategy<String> {
    prop_oneof![3 => select(KEYS).prop_map(str::to_owned), 1 => ".{0,10}"].boxed()
}

/// Numbers as the wire can carry them: any integer, any finite float, numeric strings.
fn arb_number() -> BoxedStrategy<Value> {
    prop_oneof![
        3 => (-5i64..2000).prop_map(Value::from),
        2 => any::<i64>().prop_map(Value::from),
        2 => any::<u64>().prop_map(Value::from),
        2 => any::<f64>().prop_map(|f| json!(f)), // NaN and infinities become null
        1 => select(&[0.5, -0.5, 1e300, -1e300, 9.223372036854776e18, 1.8446744073709552e19, 4294967296.0][..]).prop_map(|f| json!(f)),
        1 => select(&["3", " 7 ", "-1", "1e3", "0x10", "99999999999999999999", "", "NaN", "½"][..]).prop_map(|s| json!(s)),
        1 => Just(Value::Null),
    ].boxed()
}

fn arb_leaf() -> BoxedStrategy<Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        arb_number(),
        arb_text().prop_map(Value::String),
    ]
    .boxed()
}

/// Any JSON value, at most 6 levels deep and about 64 nodes.
fn arb_json() -> BoxedStrategy<Value> {
    arb_leaf()
        .prop_recursive(6, 64, 8, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
                prop::collection::btree_map(arb_key(), inner, 0..8)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
        .boxed()
}

// ---------------------------------------------------------------------------------------
// Strategies: plausible pages
// ---------------------------------------------------------------------------------------

fn valid_rfc3339() -> BoxedStrategy<String> {
    (
        0i64..=9999,
        1u32..=12,
        1u32..=31,
        0u32..24,
        0u32..60,
        0u32..=60,
        0u32..1000,
    )
        .prop_map(|(y, mo, d, h, mi, s, ms)| {
            format!(
                "{y:04}-{mo:02}-{:02}T{h:02}:{mi:02}:{s:02}.{ms:03}Z",
                d.min(ref_days_in_month(y, mo))
            )
        })
        .boxed()
}

fn arb_time() -> BoxedStrategy<Value> {
    prop_oneof![
        4 => valid_rfc3339().prop_map(Value::String),
        1 => select(&[
            "2026-04-06", "2026-04-06T15:02:10", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-04-06T24:00:00Z",
            "2026-04-06T15:02:10+25:00", "2026-04-06T15:02:10.Z", "yesterday", "1775487730", "Mon, 06 Apr 2026 15:02:10 GMT",
            "0000-00-00T00:00:00Z", "9999-12-31T23:59:60.999999999-23:59", "２０２６-04-06T15:02:10Z", "",
        ][..]).prop_map(|s| json!(s)),
        1 => "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{0,12})?(Z|[+-][0-9]{2}:[0-9]{2}|)".prop_map(Value::String),
        1 => arb_number(),
        1 => arb_text().prop_map(Value::String),
    ].boxed()
}

fn arb_id() -> BoxedStrategy<Value> {
    prop_oneof![
        // A small pool, so that pages hold duplicate ids (also after trimming).
        4 => select(&["a", "b", "c", " a ", "a\t", "job-1", "JOB-1", "", "  "][..]).prop_map(|s| json!(s)),
        2 => "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}".prop_map(Value::String),
        1 => arb_text().prop_map(Value::String),
        1 => arb_number(),
    ].boxed()
}

fn arb_status() -> BoxedStrategy<Value> {
    prop_oneof![
        4 => select(&["pending", "processing", "completed", "failed", "COMPLETED", " running ", "queued", "succeeded", "cancelled", "expired", ""][..])
            .prop_map(|s| json!(s)),
        1 => arb_leaf(),
    ].boxed()
}

fn arb_money() -> BoxedStrategy<Value> {
    prop_oneof![
        select(
            &[
                "0.045000",
                "9.955000",
                "0",
                "-1.000000",
                "1e3",
                "NaN",
                "€1",
                "0.",
                ".5",
                "123456789012345.000000"
            ][..]
        )
        .prop_map(|s| json!(s)),
        arb_number(),
        arb_text().prop_map(Value::String),
    ]
    .boxed()
}

/// `formats`: a map of format name to a bare URL, an object, or junk.
fn arb_formats() -> BoxedStrategy<Value> {
    let key = prop_oneof![
        4 => select(&["png", "jpeg", "webp", "jpg", "gif", "PNG", "image/webp", "", "svg"][..]).prop_map(str::to_owned),
        1 => arb_text(),
    ];
    let entry = prop_oneof![
        3 => arb_url().prop_map(Value::String),
        4 => (
            prop::option::of(arb_url().prop_map(Value::String)),
            prop::option::of(prop_oneof![select(&["png", "jpeg", "webp", "bmp", "image/png"][..]).prop_map(|s| json!(s)), arb_leaf()]),
            prop::option::of(arb_number()),
            prop::option::of(arb_time()),
        )
            .prop_map(|(url, format, size, expires)| {
                let mut m = Map::new();
                put(&mut m, "url", url);
                put(&mut m, "format", format);
                put(&mut m, "size_bytes", size);
                put(&mut m, "expires_at", expires);
                Value::Object(m)
            }),
        1 => arb_json(),
    ];
    prop_oneof![
        6 => prop::collection::vec((key, entry), 0..12).prop_map(|v| Value::Object(v.into_iter().collect())),
        1 => arb_json(),
    ].boxed()
}

fn arb_scene() -> BoxedStrategy<Value> {
    (
        prop::option::of(arb_text()),
        prop::option::of(arb_formats()),
        any::<bool>(),
    )
        .prop_map(|(prompt, images, as_formats)| {
            let mut m = Map::new();
            put(&mut m, "prompt", prompt.map(Value::String));
            put(
                &mut m,
                if as_formats { "formats" } else { "images" },
                images,
            );
            Value::Object(m)
        })
        .boxed()
}

fn arb_character() -> BoxedStrategy<Value> {
    (
        prop::option::of(arb_text()),
        prop::option::of(arb_url()),
        prop::option::of(arb_time()),
    )
        .prop_map(|(name, url, expires)| {
            let mut m = Map::new();
            put(&mut m, "name", name.map(Value::String));
            put(&mut m, "reference_url", url.map(Value::String));
            put(&mut m, "expires_at", expires);
            Value::Object(m)
        })
        .boxed()
}

fn arb_result() -> BoxedStrategy<Value> {
    let image = (
        prop::option::of(arb_money()),
        prop::option::of(arb_money()),
        prop::option::of(arb_formats()),
        prop::option::of(arb_time()),
    )
        .prop_map(|(cost, balance, formats, expires)| {
            let mut m = Map::new();
            m.insert("id".into(), json!("img_1"));
            put(&mut m, "cost_eur", cost);
            put(&mut m, "balance_eur", balance);
            put(&mut m, "formats", formats);
            put(&mut m, "expires_at", expires);
            Value::Object(m)
        });
    let scenes = prop_oneof![
        4 => prop::collection::vec(arb_scene(), 0..6),
        // A story with far more scenes than any story has.
        1 => (arb_scene(), 0usize..2500).prop_map(|(s, n)| vec![s; n]),
    ];
    let characters = prop_oneof![
        4 => prop::collection::vec(prop_oneof![4 => arb_character(), 1 => arb_leaf()], 0..5),
        1 => (arb_character(), 0usize..300).prop_map(|(c, n)| vec![c; n]),
    ];
    let story = (scenes, characters)
        .prop_map(|(scenes, characters)| json!({ "scenes": scenes, "characters": characters }));
    let processing = (
        prop::option::of(arb_leaf()),
        arb_url(),
        prop::option::of(arb_leaf()),
        prop::option::of(arb_time()),
    )
        .prop_map(|(operation, url, content_type, expires)| {
            let mut m = Map::new();
            put(&mut m, "operation", operation);
            m.insert("image_url".into(), Value::String(url));
            put(&mut m, "content_type", content_type);
            put(&mut m, "expires_at", expires);
            Value::Object(m)
        });
    prop_oneof![3 => image, 2 => story, 2 => processing, 1 => arb_json()].boxed()
}

fn arb_job_error() -> BoxedStrategy<Value> {
    prop_oneof![
        3 => (prop::option::of(prop_oneof![select(&["content_rejected", "insufficient_credits", "credit_insufficient"][..]).prop_map(|s| json!(s)), arb_leaf()]),
              prop::option::of(arb_text()), prop::option::of(arb_json()))
            .prop_map(|(code, message, details)| {
                let mut m = Map::new();
                put(&mut m, "code", code);
                put(&mut m, "message", message.map(Value::String));
                put(&mut m, "details", details);
                Value::Object(m)
            }),
        1 => arb_text().prop_map(Value::String),
        1 => arb_json(),
    ].boxed()
}

/// A job-like object whose every field may be missing, mistyped or out of range.
fn arb_job() -> BoxedStrategy<Value> {
    let ids = (
        prop::option::of(arb_id()),
        prop::option::of(arb_id()),
        prop::option::of(arb_status()),
    );
    let times = (
        prop::option::of(arb_time()),
        prop::option::of(arb_time()),
        prop::option::of(arb_time()),
    );
    let scenes = (
        prop::option::of(arb_number()),
        prop::option::of(arb_number()),
    );
    let rest = (
        prop::option::of(arb_job_error()),
        prop::option::of(arb_result()),
        prop::option::of((
            select(&["operation", "operation_type", "type"][..]),
            arb_leaf(),
        )),
        prop::option::of((arb_key(), arb_json())),
    );
    let job = (ids, times, scenes, rest).prop_map(
        |(
            (job_id, id, status),
            (created, started, completed),
            (done, total),
            (error, result, kind, extra),
        )| {
            let mut m = Map::new();
            if let Some((k, v)) = extra {
                m.insert(k, v);
            }
            put(&mut m, "job_id", job_id);
            put(&mut m, "id", id);
            put(&mut m, "status", status);
            put(&mut m, "created_at", created);
            put(&mut m, "started_at", started);
            put(&mut m, "completed_at", completed);
            put(&mut m, "scenes_completed", done);
            put(&mut m, "scenes_total", total);
            put(&mut m, "error", error);
            put(&mut m, "result", result);
            if let Some((k, v)) = kind {
                m.insert(k.to_owned(), v);
            }
            Value::Object(m)
        },
    );
    prop_oneof![12 => job, 1 => arb_leaf(), 1 => arb_json()].boxed()
}

/// A small job for pages of thousands (cheap to clone and to serialize).
fn arb_small_job() -> BoxedStrategy<Value> {
    (
        arb_status(),
        prop::option::of(arb_time()),
        prop::option::of(arb_number()),
        prop::option::of(arb_number()),
    )
        .prop_map(|(status, created, done, total)| {
            let mut m = Map::new();
            m.insert("status".into(), status);
            put(&mut m, "created_at", created);
            put(&mut m, "scenes_completed", done);
            put(&mut m, "scenes_total", total);
            Value::Object(m)
        })
        .boxed()
}

/// Whether decoding a generated page must succeed, must fail, or may do either.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    Ok,
    Err,
    Either,
}

impl Expect {
    fn and(self, other: Expect) -> Expect {
        match (self, other) {
            (Expect::Err, _) | (_, Expect::Err) => Expect::Err,
            (Expect::Ok, Expect::Ok) => Expect::Ok,
            _ => Expect::Either,
        }
    }
}

/// A top-level count (`offset`, `total`): absent, null and whole numbers >= 0 must be
/// accepted, negative ones refused; anything else may go either way.
fn arb_count() -> BoxedStrategy<(Option<Value>, Expect, Option<u64>)> {
    prop_oneof![
        2 => Just((None, Expect::Ok, None)),
        1 => Just((Some(Value::Null), Expect::Ok, None)),
        4 => (0u64..200).prop_map(|n| (Some(json!(n)), Expect::Ok, Some(n))),
        2 => (0..=i64::MAX as u64).prop_map(|n| (Some(json!(n)), Expect::Ok, Some(n))),
        2 => (i64::MIN..0).prop_map(|n| (Some(json!(n)), Expect::Err, None)),
        2 => arb_leaf().prop_map(|v| (Some(v), Expect::Either, None)),
    ]
    .boxed()
}

#[derive(Clone, Debug)]
struct PlausiblePage {
    body: String,
    expect: Expect,
    offset: Option<u64>,
}

fn arb_generations() -> BoxedStrategy<(Option<Value>, Expect)> {
    prop_oneof![
        8 => prop::collection::vec(arb_job(), 0..30).prop_map(|jobs| (Some(Value::Array(jobs)), Expect::Ok)),
        // Thousands of jobs for a page of 20, all with the same id or all distinct.
        2 => (arb_small_job(), 0usize..4000, any::<bool>()).prop_map(|(job, n, distinct)| {
            let jobs = (0..n)
                .map(|i| {
                    let mut job = job.clone();
                    job["job_id"] = if distinct { json!(format!("job-{i}")) } else { json!("same") };
                    job
                })
                .collect();
            (Some(Value::Array(jobs)), Expect::Ok)
        }),
        1 => Just((None, Expect::Ok)),
        1 => Just((Some(Value::Null), Expect::Ok)),
        1 => arb_json().prop_map(|v| {
            let expect = if v.is_array() || v.is_null() { Expect::Ok } else { Expect::Err };
            (Some(v), expect)
        }),
    ].boxed()
}

fn arb_page() -> BoxedStrategy<PlausiblePage> {
    (
        arb_generations(),
        prop::option::of(arb_number()),
        arb_count(),
        arb_count(),
        prop::option::of((arb_key(), arb_json())),
    )
        .prop_map(
            |(
                (generations, g_expect),
                limit,
                (offset, o_expect, offset_value),
                (total, t_expect, _),
                extra,
            )| {
                let mut m = Map::new();
                if let Some((k, v)) = extra {
                    if !matches!(k.as_str(), "generations" | "offset" | "total" | "limit") {
                        m.insert(k, v);
                    }
                }
                put(&mut m, "generations", generations);
                put(&mut m, "limit", limit);
                put(&mut m, "offset", offset);
                put(&mut m, "total", total);
                let expect = g_expect.and(o_expect).and(t_expect);
                PlausiblePage {
                    body: Value::Object(m).to_string(),
                    expect,
                    offset: offset_value,
                }
            },
        )
        .boxed()
}

fn arb_asked_limit() -> BoxedStrategy<u32> {
    prop_oneof![3 => Just(20u32), 3 => 0u32..=100, 1 => any::<u32>()].boxed()
}

fn put(m: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(v) = value {
        m.insert(key.to_owned(), v);
    }
}

// ---------------------------------------------------------------------------------------
// Invariants of a decoded page
// ---------------------------------------------------------------------------------------

fn chars(s: &str) -> usize {
    s.chars().count()
}

fn check_text(what: &str, s: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        chars(s) <= MAX_TEXT + 1,
        "{} is {} chars long",
        what,
        chars(s)
    );
    Ok(())
}

fn check_link(link: &Link) -> Result<(), TestCaseError> {
    if let Link::Safe(url) = link {
        let lower = url.to_ascii_lowercase();
        let absolute = lower.starts_with("https://") || lower.starts_with("http://");
        let relative = url.starts_with('/') && !url.starts_with("//") && !url.starts_with("/\\");
        prop_assert!(absolute || relative, "unsafe url accepted: {:?}", url);
        prop_assert!(
            !url.chars().any(|c| c.is_whitespace()
                || c.is_control()
                || matches!(c, '"' | '<' | '>' | '\\')),
            "unclean url: {:?}",
            url
        );
        // URLs are attributes, not text: their own cap is 4096 bytes (signed URLs are long).
        prop_assert!(url.len() <= 4096);
    }
    Ok(())
}

fn check_result(result: &JobResult) -> Result<(), TestCaseError> {
    for money in [&result.cost_eur, &result.balance_eur]
        .into_iter()
        .flatten()
    {
        prop_assert!(chars(money) <= 25);
    }
    prop_assert!(
        result.images.len() <= MAX_SCENES as usize + 2,
        "{} images",
        result.images.len()
    );
    prop_assert!(result.characters.len() <= 50);
    check_text("kind", result.kind.as_deref().unwrap_or(""))?;
    for image in &result.images {
        prop_assert!(image.links.len() <= 8);
        check_text("prompt", image.prompt.as_deref().unwrap_or(""))?;
        if let Some(scene) = image.scene {
            prop_assert!((1..=MAX_SCENES).contains(&scene));
        }
        for link in &image.links {
            check_link(&link.link)?;
        }
    }
    for character in &result.characters {
        check_text("character name", &character.name)?;
        if let Some(reference) = &character.reference {
            check_link(&reference.link)?;
        }
    }
    Ok(())
}

fn check_page(page: &Page, asked_limit: u32) -> Result<(), TestCaseError> {
    prop_assert!(
        page.jobs.len() <= asked_limit as usize,
        "{} jobs for a limit of {}",
        page.jobs.len(),
        asked_limit
    );
    if !page.jobs.is_empty() {
        // (an empty page past the end keeps the server's total: see decode_page)
        prop_assert!(
            page.total >= page.offset + page.jobs.len() as u64,
            "total {} < offset {} + {}",
            page.total,
            page.offset,
            page.jobs.len()
        );
    }
    let mut ids = HashSet::new();
    for job in &page.jobs {
        if !job.id.is_empty() {
            prop_assert!(ids.insert(job.id.as_str()), "duplicate id {:?}", job.id);
        }
        prop_assert_eq!(job.id.trim(), job.id.as_str());
        if let Some(scenes) = job.scenes {
            prop_assert!(
                scenes.total > 0 && scenes.total <= MAX_SCENES && scenes.completed <= scenes.total,
                "{:?}",
                scenes
            );
            prop_assert!(scenes.percent() <= 100);
        }
        for t in [job.created_at, job.started_at, job.completed_at]
            .into_iter()
            .flatten()
        {
            prop_assert!((MIN_MILLIS..=MAX_MILLIS).contains(&t));
        }
        check_text("id", &job.id)?;
        check_text("status", &job.status_text)?;
        check_text("kind", job.kind.as_deref().unwrap_or(""))?;
        if let Some(error) = &job.error {
            check_text("error code", &error.code)?;
            check_text("error message", &error.message)?;
            let _ = error.hint();
        }
        if let Some(result) = &job.result {
            check_result(result)?;
        }
        let _ = (
            job.status.as_str(),
            job.status.label(),
            job.status.is_active(),
        );
    }
    Ok(())
}

fn check_decoded(
    result: Result<Page, DecodeError>,
    asked_limit: u32,
) -> Result<Option<Page>, TestCaseError> {
    match result {
        Ok(page) => {
            check_page(&page, asked_limit)?;
            Ok(Some(page))
        }
        Err(DecodeError(reason)) => {
            prop_assert!(!reason.is_empty());
            Ok(None)
        }
    }
}

// ---------------------------------------------------------------------------------------
// Invariants of failures
// ---------------------------------------------------------------------------------------

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

fn check_error_body(body: &ErrorBody) -> Result<(), TestCaseError> {
    for (what, field, max) in [
        ("code", &body.code, 101),
        ("message", &body.message, MAX_TEXT + 1),
        ("details", &body.details, MAX_TEXT + 1),
        ("request_id", &body.request_id, 201),
    ] {
        if let Some(text) = field {
            prop_assert!(chars(text) <= max, "{} is {} chars long", what, chars(text));
            prop_assert!(!text.is_empty(), "{} is Some(\"\")", what);
        }
    }
    Ok(())
}

/// `parsed`: the body came through `ErrorBody::parse`, so its fields must be bounded.
fn check_failure(failure: &Failure, parsed: bool) -> Result<(), TestCaseError> {
    prop_assert!(KINDS.contains(&failure.kind()), "kind {:?}", failure.kind());
    let (title, advice, report) = (failure.title(), failure.advice(), failure.report());
    prop_assert!(!title.is_empty() && !advice.is_empty());
    prop_assert!(report.starts_with(&title));
    prop_assert!(report.contains(failure.kind()));
    let _ = (
        failure.is_retryable(),
        failure.retry_after_s(),
        failure.request_id(),
        failure.server_message(),
        failure.to_string(),
    );
    if let (Some(body), true) = (failure.body(), parsed) {
        check_error_body(body)?;
    }
    Ok(())
}

fn arb_error_body_json() -> BoxedStrategy<String> {
    let code = prop_oneof![
        3 => select(&["bad_request", "auth_invalid", "credit_insufficient", "auth_email_not_verified", "content_rejected", "account_suspended",
                      "not_found", "validation_error", "rate_limited", "internal_error"][..]).prop_map(|s| json!(s)),
        1 => (prop::option::of(arb_leaf()), prop::option::of(arb_leaf())).prop_map(|(c, m)| {
            let mut n = Map::new();
            put(&mut n, "code", c);
            put(&mut n, "message", m);
            Value::Object(n)
        }),
        1 => arb_leaf(),
    ];
    (
        prop::option::of(code),
        prop::option::of(arb_leaf()),
        prop::option::of(arb_json()),
        prop::option::of(arb_leaf()),
    )
        .prop_map(|(code, message, details, request_id)| {
            let mut m = Map::new();
            put(&mut m, "error", code);
            put(&mut m, "message", message);
            put(&mut m, "details", details);
            put(&mut m, "request_id", request_id);
            Value::Object(m).to_string()
        })
        .boxed()
}

fn arb_any_body() -> BoxedStrategy<String> {
    prop_oneof![
        3 => arb_error_body_json(),
        2 => any::<String>(),
        2 => prop::collection::vec(any::<u8>(), 0..300).prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        1 => arb_json().prop_map(|v| v.to_string()),
        1 => select(&["<html><body><h1>502 Bad Gateway</h1></body></html>", "", "null", "[]", "{}", "{\"error\":", "\u{feff}{}"][..]).prop_map(str::to_owned),
        // `details` nested far deeper than serde_json's recursion limit of 128.
        1 => (0usize..3000, any::<bool>()).prop_map(|(depth, arrays)| {
            let (open, close) = if arrays { ("[", "]") } else { ("{\"a\":", "}") };
            format!("{{\"error\":\"bad_request\",\"details\":{}1{},\"request_id\":\"req_1\"}}", open.repeat(depth), close.repeat(depth))
        }),
    ].boxed()
}

fn arb_error_body() -> BoxedStrategy<ErrorBody> {
    let field = || {
        prop::option::of(
            prop_oneof![3 => arb_text(), 1 => select(&["content_rejected", "account_suspended", "auth_email_not_verified"][..]).prop_map(str::to_owned)],
        )
    };
    (field(), field(), field(), field())
        .prop_map(|(code, message, details, request_id)| ErrorBody {
            code,
            message,
            details,
            request_id,
        })
        .boxed()
}

// ---------------------------------------------------------------------------------------
// An independent calendar, to check the parsers' arithmetic against
// ---------------------------------------------------------------------------------------

fn ref_is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn ref_days_in_month(y: i64, m: u32) -> u32 {
    [
        31,
        if ref_is_leap(y) { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][m as usize - 1]
}

/// Days since 1970-01-01 for years 0..=9999, counted as days since 0000-01-01 (year 0 is
/// a leap year) minus the 719 528 days from there to the epoch: a different route from
/// the era arithmetic in `time.rs`.
fn ref_days(y: i64, m: u32, d: u32) -> i64 {
    assert!((0..=9999).contains(&y));
    let leaps_before = if y == 0 {
        0
    } else {
        1 + (y - 1) / 4 - (y - 1) / 100 + (y - 1) / 400
    };
    let before_month: i64 = (1..m).map(|mm| ref_days_in_month(y, mm) as i64).sum();
    365 * y + leaps_before + before_month + d as i64 - 1 - 719_528
}

fn ref_millis(y: i64, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Millis {
    (ref_days(y, mo, d) * 86_400 + h as i64 * 3600 + mi as i64 * 60 + s.min(59) as i64) * 1000
}

/// 0000-01-01T00:00:00Z less a day of offset, and 9999-12-31T23:59:59.999Z plus a day.
const MIN_MILLIS: Millis = -62_167_219_200_000 - 86_400_000;
const MAX_MILLIS: Millis = 253_402_300_799_999 + 86_400_000;

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

#[derive(Clone, Debug)]
struct Civil {
    y: i64,
    mo: u32,
    d: u32,
    h: u32,
    mi: u32,
    s: u32,
}

fn arb_civil() -> BoxedStrategy<Civil> {
    (
        prop_oneof![1 => 0i64..=9999, 3 => 1900i64..=2100],
        1u32..=12,
        1u32..=31,
        0u32..24,
        0u32..60,
        0u32..=60,
    )
        .prop_map(|(y, mo, d, h, mi, s)| Civil {
            y,
            mo,
            d: d.min(ref_days_in_month(y, mo)),
            h,
            mi,
            s,
        })
        .boxed()
}

#[test]
fn reference_calendar_matches_known_dates() {
    assert_eq!(ref_millis(1970, 1, 1, 0, 0, 0), 0);
    assert_eq!(ref_millis(1969, 12, 31, 23, 59, 59), -1000);
    assert_eq!(ref_millis(2000, 1, 1, 0, 0, 0), 946_684_800_000);
    assert_eq!(ref_millis(2000, 2, 29, 12, 0, 0), 951_825_600_000);
    assert_eq!(ref_millis(2026, 4, 6, 15, 2, 10), 1_775_487_730_000);
    assert_eq!(ref_millis(1994, 11, 6, 8, 49, 37), 784_111_777_000);
    assert_eq!(ref_millis(0, 1, 1, 0, 0, 0), -62_167_219_200_000);
    assert_eq!(ref_millis(9999, 12, 31, 23, 59, 59), 253_402_300_799_000);
    for (text, ms) in [
        ("0000-01-01T00:00:00Z", -62_167_219_200_000),
        ("9999-12-31T23:59:59.999Z", 253_402_300_799_999),
        ("1900-03-01T00:00:00Z", -2_203_891_200_000),
        ("2100-02-28T23:59:59Z", 4_107_542_399_000),
    ] {
        assert_eq!(parse_rfc3339(text), Some(ms), "{text}");
    }
    assert_eq!(parse_rfc3339("1900-02-29T00:00:00Z"), None);
    assert_eq!(parse_rfc3339("2100-02-29T00:00:00Z"), None);
}

#[test]
fn megabyte_strings_are_clipped() {
    let huge = "<b>x</b>".repeat(250_000); // 2 MB
    let body = json!({
        "generations": [{ "job_id": huge, "status": huge, "error": { "code": huge, "message": huge },
                          "result": { "operation": huge, "image_url": format!("https://x/{huge}"), "prompt": huge } }],
        "total": 1
    })
    .to_string();
    let page = decode_page(&body, 20).unwrap();
    check_page(&page, 20).unwrap();
    let job = &page.jobs[0];
    assert_eq!(chars(&job.error.as_ref().unwrap().message), MAX_TEXT + 1);
    assert!(job.error.as_ref().unwrap().message.ends_with('…'));
    assert_eq!(
        job.result.as_ref().unwrap().images[0].links[0].link,
        Link::Invalid
    );
    let body = ErrorBody::parse(
        &json!({ "error": huge, "message": huge, "details": [huge], "request_id": huge })
            .to_string(),
        None,
    );
    check_error_body(&body).unwrap();
}

/// The bugs these properties found, kept as plain tests: each one panicked (debug) or
/// wrapped (release) before its fix.
#[test]
fn found_by_the_properties() {
    // A 10-digit year overflowed the millisecond arithmetic (years are 4DIGIT).
    assert_eq!(parse_http_date("Sun, 06 Nov 4294967295 08:49:37 GMT"), None);
    assert_eq!(parse_http_date("Sun, 01 Jan 10001 00:00:00 GMT"), None);
    assert_eq!(
        parse_retry_after("Sun, 06 Nov 4294967295 08:49:37 GMT", 0),
        None
    );
    // Retry-After as a date against an extreme clock reading.
    assert_eq!(
        parse_retry_after("Thu, 01 Jan 1970 00:00:00 GMT", i64::MIN),
        Some(86_400)
    );
    assert_eq!(
        parse_retry_after("Thu, 01 Jan 1970 00:00:00 GMT", i64::MAX),
        Some(0)
    );
    // `then - now` over any two readings.
    assert_eq!(
        relative(-4_834_428_010_235_186_752, 4_388_944_026_619_589_057)
            .1
            .as_str(),
        "day"
    );
    // Paging with a server offset of u64::MAX.
    assert_eq!(page_of(u64::MAX, 0), u64::MAX);
    assert_eq!(
        range_text(u64::MAX, 5, 0),
        format!("Showing {} of 0", u64::MAX)
    );
}

/// The plausible-page generator is not vacuous: most pages decode, with jobs, results,
/// links of both kinds, dropped duplicates and capped floods among them.
#[test]
fn plausible_pages_exercise_the_decoder() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut ok, mut jobs, mut safe, mut invalid, mut capped, mut deduped) = (0, 0, 0, 0, 0, 0);
    for _ in 0..200 {
        let page = arb_page().new_tree(&mut runner).unwrap().current();
        let sent = serde_json::from_str::<Value>(&page.body).unwrap()["generations"]
            .as_array()
            .map_or(0, Vec::len);
        let Ok(decoded) = decode_page(&page.body, 20) else {
            continue;
        };
        ok += 1;
        jobs += decoded.jobs.len();
        capped += usize::from(sent > 20 && decoded.jobs.len() == 20);
        deduped += usize::from(decoded.jobs.len() < sent.min(20));
        for link in decoded
            .jobs
            .iter()
            .filter_map(|j| j.result.as_ref())
            .flat_map(|r| &r.images)
            .flat_map(|i| &i.links)
        {
            match link.link {
                Link::Safe(_) => safe += 1,
                Link::Invalid => invalid += 1,
            }
        }
    }
    eprintln!("{ok}/200 decoded: {jobs} jobs, {safe} safe links, {invalid} invalid, {capped} capped, {deduped} deduped");
    assert!(ok >= 100, "only {ok} of 200 pages decoded");
    assert!(
        jobs >= 500 && safe >= 20 && invalid >= 20 && capped >= 5 && deduped >= 20,
        "{jobs} jobs, {safe} safe, {invalid} invalid, {capped} capped, {deduped} deduped"
    );
}

// ---------------------------------------------------------------------------------------
// The properties
// ---------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    /// Any bytes at all, read as the browser would (lossy UTF-8): a page or a typed error.
    #[test]
    fn decode_page_survives_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512), limit in arb_asked_limit()) {
        check_decoded(decode_page(&String::from_utf8_lossy(&bytes), limit), limit)?;
    }

    /// Any JSON value: a page or a typed error, and a page always keeps the invariants.
    #[test]
    fn decode_page_survives_arbitrary_json(value in arb_json(), limit in arb_asked_limit()) {
        check_decoded(decode_page(&value.to_string(), limit), limit)?;
    }

    /// Any JSON value under `generations`, with the envelope right.
    #[test]
    fn decode_page_survives_arbitrary_generations(list in prop::collection::vec(arb_json(), 0..12), limit in arb_asked_limit()) {
        let body = json!({ "generations": list, "limit": 20, "offset": 0, "total": 100 }).to_string();
        let page = check_decoded(decode_page(&body, limit), limit)?;
        prop_assert!(page.is_some(), "odd jobs must never cost the page");
    }

    /// Plausible pages with hostile fields: out-of-range numbers, markup, bad timestamps,
    /// bad links, duplicate ids, total < offset, thousands of jobs for a page of 20.
    #[test]
    fn decode_page_survives_plausible_pages(page in arb_page(), limit in arb_asked_limit()) {
        let decoded = check_decoded(decode_page(&page.body, limit), limit)?;
        match page.expect {
            Expect::Ok => prop_assert!(decoded.is_some(), "a well-formed envelope was refused"),
            Expect::Err => prop_assert!(decoded.is_none(), "a negative offset or total, or a non-list `generations`, was accepted"),
            Expect::Either => {}
        }
        if let (Some(decoded), Some(offset)) = (&decoded, page.offset) {
            // JSON numbers are doubles in the browser: past 2^53 a count arrives rounded,
            // as in any JavaScript client.
            prop_assert_eq!(decoded.offset, offset as f64 as i64 as u64);
        }
    }

    /// Raw numeric tokens that a `Value` cannot even hold (1e400, 2^64, -0, 1.0e2).
    #[test]
    fn decode_page_survives_raw_number_tokens(tokens in prop::collection::vec(prop_oneof![
            select(&["1e400", "-1e400", "1e18", "18446744073709551616", "-9223372036854775809", "9223372036854775807", "-0", "0.5",
                     "1.0e2", "99999999999999999999999", "4294967296", "0", "-1", "1E3", "0.000001"][..]).prop_map(str::to_owned),
            any::<i64>().prop_map(|n| n.to_string()),
            any::<u64>().prop_map(|n| n.to_string()),
            any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| format!("{f:e}")),
        ], 5), limit in arb_asked_limit()) {
        let body = format!(
            r#"{{"generations":[{{"job_id":"a","scenes_completed":{},"scenes_total":{},"result":{{"formats":{{"png":{{"url":"/a.png","size_bytes":{}}}}}}}}}],"limit":{},"offset":{},"total":{}}}"#,
            tokens[0], tokens[1], tokens[2], tokens[3], tokens[4], tokens[0]
        );
        check_decoded(decode_page(&body, limit), limit)?;
    }

    /// Failure bodies of any shape, with any `X-Request-Id` header.
    #[test]
    fn error_body_parse_survives_anything(body in arb_any_body(), header in prop::option::of(arb_text())) {
        let parsed = ErrorBody::parse(&body, header.as_deref());
        check_error_body(&parsed)?;
        if header.as_deref().is_some_and(|h| !h.trim().is_empty()) {
            prop_assert!(parsed.request_id.is_some(), "the header's request id was lost");
        }
    }

    /// Every status, any body, any Retry-After: one of the 16 kinds, and every text renders.
    #[test]
    fn failure_from_any_status(status in any::<u16>(), body in arb_error_body(), retry in prop::option::of(any::<u32>())) {
        let failure = Failure::from_status(status, body.clone(), retry);
        check_failure(&failure, false)?;
        let expected = match status {
            400 => "bad_request", 401 => "unauthorized", 402 => "payment_required", 403 => "forbidden", 404 => "not_found",
            409 => "conflict", 422 => "unprocessable", 429 => "rate_limited", 451 => "legal", 500 => "server_error",
            502 => "bad_gateway", 503 => "unavailable", _ => "unexpected_status",
        };
        prop_assert_eq!(failure.kind(), expected);
        prop_assert_eq!(failure.retry_after_s(), if matches!(status, 429 | 502 | 503) { retry } else { None });
        prop_assert_eq!(failure.body(), Some(&body));
        if let Failure::Forbidden { reason, .. } = &failure {
            let want = match body.code.as_deref() {
                Some("auth_email_not_verified") => ForbiddenReason::EmailNotVerified,
                Some("content_rejected") => ForbiddenReason::ContentRejected,
                Some("account_suspended") => ForbiddenReason::AccountSuspended,
                _ => ForbiddenReason::Other,
            };
            prop_assert_eq!(*reason, want);
        }
        // The path the client takes: parse the body, then classify.
        check_failure(&Failure::from_status(status, ErrorBody::parse(&body.message.unwrap_or_default(), body.request_id.as_deref()), retry), true)?;
    }

    /// The failures that never reached HTTP.
    #[test]
    fn failures_without_status(offline in any::<bool>(), after_ms in any::<u32>(), reason in arb_text(), request_id in prop::option::of(arb_text())) {
        check_failure(&Failure::Network { offline }, true)?;
        check_failure(&Failure::Timeout { after_ms }, true)?;
        check_failure(&Failure::Decode { reason, request_id }, true)?;
    }

    /// Retry-After: any text at any clock reading gives at most a day, never a panic.
    #[test]
    fn retry_after_survives_anything(value in prop_oneof![
            any::<String>(),
            any::<u64>().prop_map(|n| n.to_string()),
            "[A-Za-z]{3}, [0-9]{1,12} [A-Za-z]{3} [0-9]{1,12} [0-9]{1,4}:[0-9]{1,4}:[0-9]{1,4} GMT",
        ], now in any::<i64>()) {
        if let Some(secs) = parse_retry_after(&value, now) {
            prop_assert!(secs <= 24 * 3600);
        }
    }

    /// Retry-After as delta-seconds and as a date, against the reference calendar.
    #[test]
    fn retry_after_values(secs in any::<u64>(), at in arb_civil(), now in prop_oneof![any::<i64>(), MIN_MILLIS..MAX_MILLIS, Just(i64::MIN), Just(i64::MAX)]) {
        prop_assert_eq!(parse_retry_after(&format!(" {secs} "), now), Some(secs.min(86_400) as u32));
        let date = format!("{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT", WEEKDAYS[(at.d % 7) as usize], at.d, MONTHS[at.mo as usize - 1], at.y, at.h, at.mi, at.s);
        let target = ref_millis(at.y, at.mo, at.d, at.h, at.mi, at.s) as i128;
        let want = ((target - now as i128).max(0) as u128).div_ceil(1000).min(86_400) as u32;
        prop_assert_eq!(parse_retry_after(&date, now), Some(want), "{}", date);
    }

    /// RFC 3339 on any text, and on text shaped like a timestamp with any digits.
    #[test]
    fn rfc3339_survives_anything(text in prop_oneof![
            any::<String>(),
            "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{0,30})?([Zz]|[+-][0-9]{2}:[0-9]{2}|.{0,3})",
            "[0-9\\-:.TZ+ ]{0,40}",
        ]) {
        if let Some(ms) = parse_rfc3339(&text) {
            prop_assert!((MIN_MILLIS..=MAX_MILLIS).contains(&ms), "{} -> {}", text, ms);
        }
    }

    /// Any valid RFC 3339 timestamp parses to the reference calendar's milliseconds.
    #[test]
    fn rfc3339_round_trip(
        at in arb_civil(),
        sep in select(&["T", "t", " "][..]),
        frac in prop::option::of("[0-9]{1,9}"),
        zone in prop_oneof![Just(None), (any::<bool>(), 0u32..24, 0u32..60).prop_map(Some)],
        lower_z in any::<bool>(),
        pad in select(&["", " ", "\t", "\n "][..]),
    ) {
        let Civil { y, mo, d, h, mi, s } = at;
        let zone_text = match zone {
            None => (if lower_z { "z" } else { "Z" }).to_owned(),
            Some((plus, zh, zm)) => format!("{}{zh:02}:{zm:02}", if plus { '+' } else { '-' }),
        };
        let frac_text = frac.as_ref().map_or(String::new(), |f| format!(".{f}"));
        let text = format!("{pad}{y:04}-{mo:02}-{d:02}{sep}{h:02}:{mi:02}:{s:02}{frac_text}{zone_text}{pad}");
        let frac_ms: i64 = frac.map_or(0, |f| format!("{:0<3}", &f[..f.len().min(3)]).parse().unwrap());
        let offset_min: i64 = zone.map_or(0, |(plus, zh, zm)| (zh * 60 + zm) as i64 * if plus { 1 } else { -1 });
        let want = ref_millis(y, mo, d, h, mi, s) + frac_ms - offset_min * 60_000;
        prop_assert_eq!(parse_rfc3339(&text), Some(want), "{:?}", text);
    }

    /// Invalid calendar dates are refused, not rolled over.
    #[test]
    fn rfc3339_refuses_impossible_dates(y in 0i64..=9999, mo in 0u32..=99, d in 0u32..=99, h in 0u32..=99, mi in 0u32..=99, s in 0u32..=99) {
        let valid = (1..=12).contains(&mo) && d >= 1 && d <= ref_days_in_month(y, mo) && h < 24 && mi < 60 && s <= 60;
        let text = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z");
        prop_assert_eq!(parse_rfc3339(&text), valid.then(|| ref_millis(y, mo, d, h, mi, s)), "{}", text);
    }

    /// HTTP dates: any text, any digits, and the round trip of valid IMF-fixdates.
    #[test]
    fn http_date_survives_anything(text in prop_oneof![
            any::<String>(),
            "[A-Za-z]{3}, [0-9]{1,12} [A-Za-z]{3} [0-9]{1,12} [0-9]{1,12}:[0-9]{1,12}:[0-9]{1,12} GMT",
            (any::<u32>(), 0usize..12, any::<u32>(), any::<u32>(), any::<u32>(), any::<u32>())
                .prop_map(|(d, m, y, h, mi, s)| format!("Sun, {d:02} {} {y} {h:02}:{mi:02}:{s:02} GMT", MONTHS[m])),
            // A real day and time in a year of any size.
            (arb_civil(), any::<u32>()).prop_map(|(at, y)| format!("Sun, {:02} {} {y} {:02}:{:02}:{:02} GMT", at.d.min(28), MONTHS[at.mo as usize - 1], at.h, at.mi, at.s)),
        ]) {
        if let Some(ms) = parse_http_date(&text) {
            prop_assert!((MIN_MILLIS..=MAX_MILLIS).contains(&ms), "{} -> {}", text, ms);
        }
    }

    #[test]
    fn http_date_round_trip(at in arb_civil(), weekday in select(&WEEKDAYS[..]), upper in any::<bool>()) {
        let month = if upper { MONTHS[at.mo as usize - 1].to_uppercase() } else { MONTHS[at.mo as usize - 1].to_owned() };
        let text = format!("{weekday}, {:02} {month} {:04} {:02}:{:02}:{:02} GMT", at.d, at.y, at.h, at.mi, at.s);
        prop_assert_eq!(parse_http_date(&text), Some(ref_millis(at.y, at.mo, at.d, at.h, at.mi, at.s)), "{}", text);
    }

    /// Relative times and durations over any two clock readings.
    #[test]
    fn relative_and_duration_survive_any_millis(then in any::<i64>(), now in any::<i64>()) {
        let (n, unit) = relative(then, now);
        let _ = unit.as_str();
        if then >= now { prop_assert!(n >= 0) } else { prop_assert!(n <= 0) }
        let text = duration_text(then);
        prop_assert!(!text.starts_with('-') && text.ends_with(['s', 'n', 'h', 'd']), "{}", text);
    }

    /// Paging arithmetic over any numbers: no overflow, and the results make sense.
    #[test]
    fn paging_survives_any_numbers(
        offset in prop_oneof![any::<u64>(), 0u64..1000, Just(u64::MAX)],
        total in prop_oneof![any::<u64>(), 0u64..1000, Just(u64::MAX)],
        size in prop_oneof![any::<u32>(), 0u32..=101, Just(0u32)],
        page in prop_oneof![any::<u64>(), 0u64..100, Just(u64::MAX)],
        shown in prop_oneof![any::<u64>(), 0u64..=100],
        raw_size in any::<i64>(),
    ) {
        prop_assert!((1..=MAX_PAGE_SIZE).contains(&clamp_page_size(raw_size)));
        let count = page_count(total, size);
        prop_assert!(count >= 1);
        let on = page_of(offset, size);
        prop_assert!(on >= 1);
        let start = offset_of(page, size, total);
        prop_assert!(start == 0 || start < total, "offset_of({}, {}, {}) = {}", page, size, total, start);
        prop_assert_eq!(start % size.max(1) as u64, 0);
        if let Some(fixed) = corrected_offset(offset, size, total) {
            prop_assert!(fixed == 0 || fixed < total);
            prop_assert_eq!(fixed % size.max(1) as u64, 0);
        } else {
            prop_assert!(offset == 0 || offset < total);
        }
        prop_assert!(!range_text(offset, shown, total).is_empty());
    }

    /// The pager's window: current, first and last page, at most 7 items, pages strictly
    /// increasing, a gap only where pages are missing, never two gaps in a row.
    #[test]
    fn page_window_is_well_formed(
        current in prop_oneof![any::<u64>(), 0u64..30, Just(u64::MAX)],
        count in prop_oneof![any::<u64>(), 0u64..30, Just(u64::MAX)],
    ) {
        let items = page_window(current, count);
        let last = count.max(1);
        let current = current.clamp(1, last);
        prop_assert!(items.len() <= 7, "{:?}", items);
        for must in [1, current, last] {
            prop_assert!(items.contains(&PageItem::Page(must)), "{:?} lacks page {}", items, must);
        }
        let pages: Vec<u64> = items.iter().filter_map(|i| match i { PageItem::Page(p) => Some(*p), PageItem::Gap { .. } => None }).collect();
        prop_assert!(pages.windows(2).all(|w| w[0] < w[1]), "{:?}", items);
        prop_assert_eq!(items.first(), Some(&PageItem::Page(1)));
        prop_assert_eq!(items.last(), Some(&PageItem::Page(last)));
        for w in items.windows(3) {
            if let [PageItem::Page(a), PageItem::Gap { after }, PageItem::Page(b)] = w {
                prop_assert_eq!(a, after);
                prop_assert!(b - a > 1, "a gap between adjacent pages: {:?}", items);
            }
        }
        for w in items.windows(2) {
            if let [PageItem::Page(a), PageItem::Page(b)] = w {
                prop_assert_eq!(b - a, 1, "pages missing without a gap: {:?}", items);
            }
            let two_gaps = matches!(w, [PageItem::Gap { .. }, PageItem::Gap { .. }]);
            prop_assert!(!two_gaps, "two gaps in a row: {:?}", items);
        }
    }
}
