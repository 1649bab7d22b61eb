//! Failures: every failure scenario of the companion server shows its banner with the
//! right `data-error-kind` and request id; a slow answer times out; Retry sends a new
//! request; a 429's countdown runs and retries by itself; a failure over a page already
//! shown keeps that page, marked stale.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

use anyhow::{ensure, Context as _, Result};
use jobs_gallery_e2e::serde_json::{json, Value};
use jobs_gallery_e2e::{frozen_args, run, secs, Options, Test, PAGE_TIMEOUT};

/// Scenario → the banner's `data-error-kind`.
const SCENARIOS: &[(&str, &str)] = &[
    ("400", "bad_request"),
    ("401", "unauthorized"),
    ("402", "payment_required"),
    ("403", "forbidden"),
    ("403-unverified", "forbidden"),
    ("403-rejected", "forbidden"),
    ("403-suspended", "forbidden"),
    ("404", "not_found"),
    ("409", "conflict"),
    ("422", "unprocessable"),
    ("422-model", "unprocessable"),
    ("429", "rate_limited"),
    ("429-date", "rate_limited"),
    ("451", "legal"),
    ("500", "server_error"),
    ("502", "bad_gateway"),
    ("html-502", "bad_gateway"),
    ("503", "unavailable"),
    ("empty-503", "unavailable"),
    ("truncated", "decode"),
    ("mistyped", "decode"),
    ("drop", "network"),
];

/// Kinds for which trying again can help without the user changing anything: their
/// banners offer Retry; the others (sign-in, payment, access, a bad request) do not.
const RETRYABLE: &[&str] = &[
    "rate_limited",
    "server_error",
    "bad_gateway",
    "unavailable",
    "network",
    "timeout",
    "conflict",
    "decode",
];

/// `req_` and 16 hex digits, as the companion server makes them.
fn is_request_id(id: &str) -> bool {
    id.strip_prefix("req_")
        .is_some_and(|hex| hex.len() == 16 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

async fn check_scenario(t: &Test, name: &str, kind: &str) -> Result<Value> {
    t.forget_console().await?;
    let gallery = t.gallery();
    t.open_scenario(name).await?;
    let b = gallery.banner().await?;
    ensure!(
        b["kind"] == json!(kind),
        "data-error-kind is {}, expected {kind}: {b}",
        b["kind"]
    );
    ensure!(b["banners"] == json!(1), "expected one banner: {b}");
    ensure!(
        b["title"].as_str().is_some_and(|s| !s.is_empty()),
        "banner without a title: {b}"
    );
    ensure!(
        b["advice"].as_str().is_some_and(|s| !s.is_empty()),
        "banner without advice: {b}"
    );
    if name == "drop" {
        // No answer, so no request id to quote.
        ensure!(
            b["request_id"].is_null(),
            "a dropped connection cannot have a request id: {b}"
        );
    } else {
        let id = b["request_id"].as_str().unwrap_or_default();
        ensure!(
            is_request_id(id),
            "the request id should be the server's req_…: {b}"
        );
        ensure!(
            b["request_id_text"] == json!(id),
            "the request id is not shown as text: {b}"
        );
    }
    ensure!(
        b["retry"] == json!(RETRYABLE.contains(&kind)),
        "Retry should be {} for {kind}: {b}",
        if RETRYABLE.contains(&kind) {
            "offered"
        } else {
            "absent"
        }
    );
    ensure!(
        gallery.cards().await?.is_empty(),
        "cards next to a first-load failure"
    );
    // The page lives on: nothing but this scenario's own request failed.
    t.assert_page_healthy(&[&format!("/scenario/{name}/v1/jobs")])
        .await?;
    // The request reached the scenario (and not, say, the demo).
    ensure!(
        !t.requests(&format!("/scenario/{name}/v1/jobs")).is_empty(),
        "the server saw no request to /scenario/{name}"
    );
    Ok(b)
}

/// The table above is the server's list of scenarios that end in a banner, no more and
/// no less: a scenario added to the server cannot be left out of the browser test.
#[test]
fn the_banner_table_covers_every_failing_scenario_of_the_server() {
    use jobs_gallery_server::scenarios::{Answer, SCENARIOS as SERVER};
    let failing: BTreeSet<&str> = SERVER
        .iter()
        .filter(|s| {
            matches!(
                s.answer,
                Answer::Fail(_)
                    | Answer::HtmlBadGateway
                    | Answer::EmptyUnavailable
                    | Answer::Drop
                    | Answer::Truncated
                    | Answer::Mistyped
            )
        })
        .map(|s| s.name)
        .collect();
    let table: BTreeSet<&str> = SCENARIOS.iter().map(|(name, _)| *name).collect();
    assert_eq!(
        table.len(),
        SCENARIOS.len(),
        "a scenario twice in the table"
    );
    assert_eq!(
        table, failing,
        "the table here against the server's failing scenarios"
    );
}

/// One session walks through every scenario (a fresh page load each), which keeps the
/// suite quick; a failure names the scenario, and its screenshot shows that page.
#[tokio::test]
async fn every_failure_scenario_shows_its_banner() {
    run!(|t| async move {
        let gallery = t.gallery();
        let mut forbidden = BTreeMap::new();
        for (name, kind) in SCENARIOS {
            let b = check_scenario(&t, name, kind)
                .await
                .with_context(|| format!("scenario `{name}`"))?;
            if name.starts_with("403-") {
                forbidden.insert(*name, (b["title"].clone(), b["advice"].clone()));
            }
        }
        // The three causes of a 403 are told apart.
        let distinct: std::collections::BTreeSet<String> =
            forbidden.values().map(|v| format!("{v:?}")).collect();
        ensure!(
            distinct.len() == 3,
            "the three 403 causes should read differently: {forbidden:?}"
        );

        // Not failures: jobs with mistyped fields are shown as far as they can be.
        t.forget_console().await?;
        t.open_scenario("mistyped-jobs").await?;
        gallery
            .wait_some_cards(PAGE_TIMEOUT)
            .await
            .context("scenario `mistyped-jobs`")?;
        gallery.wait_idle(PAGE_TIMEOUT).await?;
        ensure!(
            !gallery.has_banner().await?,
            "scenario `mistyped-jobs`: a banner for a readable page"
        );
        t.assert_page_healthy(&[])
            .await
            .context("scenario `mistyped-jobs`")
    })
    .await;
}

/// The widget's own timeout (`data-timeout-ms`, 1.5 s here) against the `slow`
/// scenario (20 s): a page of the test's own with that mount element.
#[tokio::test]
async fn a_slow_answer_ends_in_the_timeout_banner() {
    run!(|t| async move {
        let gallery = t.gallery();
        let opened = Instant::now();
        t.open_page(&[
            ("data-api-base", "/scenario/slow"),
            ("data-api-key", "dpct_demo"),
            ("data-timeout-ms", "1500"),
        ])
        .await?;
        gallery.wait_busy(PAGE_TIMEOUT).await?;
        let b = gallery.banner().await?;
        let after = opened.elapsed();
        ensure!(
            b["kind"] == json!("timeout"),
            "expected the timeout banner: {b}"
        );
        ensure!(
            after >= secs(1),
            "the timeout banner came after {after:?}, before the 1.5 s timeout"
        );
        ensure!(
            b["retry"] == json!(true),
            "a timeout should offer Retry: {b}"
        );
        ensure!(
            b["request_id"].is_null(),
            "no answer, so no request id: {b}"
        );
        gallery.wait_idle(secs(2)).await?;
        t.assert_page_healthy(&["/scenario/slow/v1/jobs"]).await
    })
    .await;
}

#[tokio::test]
async fn retry_after_a_server_error_sends_a_new_request() {
    run!(|t| async move {
        let gallery = t.gallery();
        t.open_scenario("500").await?;
        let first = gallery.banner().await?;
        let asked = t
            .wait_requests("/scenario/500/v1/jobs", 1, PAGE_TIMEOUT)
            .await?
            .len();
        gallery.wait_idle(PAGE_TIMEOUT).await?;

        gallery.retry().await?;
        t.wait_requests("/scenario/500/v1/jobs", asked + 1, secs(5))
            .await?;
        // The banner is back, for the new answer (a new request id).
        let what = "the banner of the retried request";
        let second = t
            .wait_until(what, PAGE_TIMEOUT, || async {
                let b = match gallery.has_banner().await? {
                    false => return Ok(None),
                    true => gallery.banner().await?,
                };
                Ok((b["request_id"] != first["request_id"]).then_some(b))
            })
            .await?;
        ensure!(
            second["kind"] == json!("server_error"),
            "after Retry: {second}"
        );
        t.assert_page_healthy(&["/scenario/500/v1/jobs"]).await
    })
    .await;
}

/// 429 with `Retry-After: 5`: `[data-retry-in]` counts down, and then the widget asks
/// again by itself (the scenario answers 429 again, with a fresh countdown).
#[tokio::test]
async fn rate_limit_countdown_runs_and_retries_by_itself() {
    run!(|t| async move {
        let gallery = t.gallery();
        t.open_scenario("429").await?;
        let first = gallery.banner().await?;
        ensure!(first["kind"] == json!("rate_limited"), "{first}");
        let retry_in = || gallery.retry_countdown();
        let start = t
            .wait_until("a countdown in [data-retry-in]", PAGE_TIMEOUT, || async {
                retry_in().await
            })
            .await?;
        ensure!(
            (1..=5).contains(&start),
            "Retry-After is 5 s, the countdown shows {start}"
        );
        ensure!(
            gallery.button("Retry now").await.is_ok(),
            "while counting down the button says Retry now"
        );
        t.wait_until("the countdown to go down", secs(3), || async {
            Ok(retry_in().await?.filter(|n| *n < start).map(|_| ()))
        })
        .await?;
        // Then a second request by itself, about 5 s after the first answer.
        t.wait_requests("/scenario/429/v1/jobs", 2, secs(10))
            .await?;
        let what = "the banner of the automatic retry";
        let second = t
            .wait_until(what, PAGE_TIMEOUT, || async {
                if !gallery.has_banner().await? {
                    return Ok(None);
                }
                let b = gallery.banner().await?;
                Ok(
                    (b["request_id"] != first["request_id"] && !b["request_id"].is_null())
                        .then_some(b),
                )
            })
            .await?;
        ensure!(second["kind"] == json!("rate_limited"), "{second}");
        t.wait_until("a new countdown", secs(3), || async { retry_in().await })
            .await?;
        t.assert_page_healthy(&["/scenario/429/v1/jobs"]).await
    })
    .await;
}

/// The demo is shown, then the server goes away: Refresh fails with the network
/// banner, and the 20 cards stay, marked stale, with the time they are from. When the
/// server is back, Retry clears it all.
#[tokio::test]
async fn a_failure_over_a_shown_page_keeps_it_marked_stale() {
    run!(Options::frozen(), |t| async move {
        let gallery = t.gallery();
        gallery.open_loaded("/", 20).await?;
        let ids = gallery.job_ids().await?;
        ensure!(!gallery.is_stale().await?, "stale before any failure");

        t.server().stop();
        gallery.refresh().await?;
        let b = gallery.banner().await?;
        ensure!(
            b["kind"] == json!("network"),
            "expected the network banner: {b}"
        );
        gallery.wait_stale(secs(2)).await?;
        ensure!(
            gallery.job_ids().await? == ids,
            "the cards changed under a failed refresh"
        );
        let stale = gallery.stale_notice().await?;
        ensure!(
            stale
                .as_deref()
                .is_some_and(|s| s.contains("may be out of date")),
            "the banner should say the jobs below are out of date: {stale:?}"
        );

        let frozen = frozen_args();
        t.server()
            .restart(&frozen.iter().map(String::as_str).collect::<Vec<_>>())?;
        gallery.retry().await?;
        gallery
            .wait_no_banner(PAGE_TIMEOUT)
            .await
            .context("the banner to go after a successful retry")?;
        gallery.wait_cards(20, PAGE_TIMEOUT).await?;
        ensure!(
            !gallery.is_stale().await?,
            "still marked stale after recovering"
        );
        // Refused connections while the server was away; images may have been cut too.
        t.assert_page_healthy(&["/v1/jobs", "/media/"]).await
    })
    .await;
}
