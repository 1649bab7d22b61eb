//! Live updates against the demo's live jobs: a later page follows its jobs as new ones
//! arrive and offers them instead; a finished job is announced once and dispatched to
//! the host page as an event.

use anyhow::ensure;
use jobs_gallery_e2e::serde_json::{json, Value};
use jobs_gallery_e2e::{run_with, secs, Options, PAGE_TIMEOUT};

/// A new live job every 3 s.
fn live() -> Options {
    Options {
        server_args: vec!["--live-interval".into(), "3".into()],
        ..Options::default()
    }
}

#[tokio::test]
async fn a_later_page_keeps_its_jobs_while_new_ones_arrive() {
    run_with(
        "a_later_page_keeps_its_jobs_while_new_ones_arrive",
        live(),
        |t| async move {
            // Polls every second even while every job on page 2 is finished.
            t.open_page(&[
                ("data-api-key", "dpct_demo"),
                ("data-poll-idle-ms", "1000"),
                ("data-poll-active-ms", "1000"),
            ])
            .await?;
            t.wait_count(".jobs-gallery article[data-job-id]", 20, PAGE_TIMEOUT)
                .await?;
            t.click("[aria-label='Next page']").await?;
            t.wait_attr(
                "nav[aria-label='Job pages'] [aria-current='page']",
                "aria-label",
                Some("Page 2"),
                PAGE_TIMEOUT,
            )
            .await?;
            t.wait_idle(PAGE_TIMEOUT).await?;
            let before = t.job_ids().await?;

            // A new job arrives: the offer appears, and the page still shows the same jobs.
            t.wait_element(".jg-new-jobs", secs(20)).await?;
            t.wait_idle(PAGE_TIMEOUT).await?;
            let after = t.job_ids().await?;
            ensure!(
                after.first() == before.first(),
                "page 2 moved under the reader: {before:?} became {after:?}"
            );
            let offset: Value = t
                .js(
                    "return document.querySelector('.jg-pager__range').textContent;",
                    vec![],
                )
                .await?;
            ensure!(
                !offset
                    .as_str()
                    .unwrap_or_default()
                    .starts_with("Showing 21\u{2013}"),
                "the offset did not follow the new jobs: {offset}"
            );

            // The offer goes to the first page, where the new jobs are.
            t.click(".jg-new-jobs").await?;
            t.wait_attr(
                "nav[aria-label='Job pages'] [aria-current='page']",
                "aria-label",
                Some("Page 1"),
                PAGE_TIMEOUT,
            )
            .await?;
            t.wait_count(".jg-new-jobs", 0, secs(5)).await?;
            t.assert_page_healthy(&[]).await
        },
    )
    .await;
}

#[tokio::test]
async fn a_finished_job_is_announced_and_dispatched_once() {
    run_with("a_finished_job_is_announced_and_dispatched_once", live(), |t| async move {
        t.add_init_script(
            "window.__jobEvents = []; for (const n of ['job-completed', 'job-failed']) document.addEventListener(n, e => window.__jobEvents.push(n + ' ' + e.detail.jobId));",
        )
        .await?;
        t.open_page(&[("data-api-key", "dpct_demo"), ("data-poll-active-ms", "1000")]).await?;
        t.wait_count(".jobs-gallery article[data-job-id]", 20, PAGE_TIMEOUT).await?;

        // A live job finishes within the bound: one event for it, and one sentence.
        let events: Value = t
            .wait_until("a job-completed or job-failed event", secs(60), || async {
                let events = t.js("return window.__jobEvents;", vec![]).await?;
                Ok((events.as_array().is_some_and(|e| !e.is_empty())).then_some(events))
            })
            .await?;
        let first = events[0].as_str().unwrap_or_default().to_owned();
        let id = first.split(' ').nth(1).unwrap_or_default().to_owned();
        let card: Value = t.js("return document.querySelector(`article[data-job-id=\"${arguments[0]}\"]`)?.getAttribute('data-status');", vec![json!(id)]).await?;
        ensure!(card == json!("completed") || card == json!("failed"), "the event's job {id} shows {card}");
        let said: Value = t.js("return document.querySelector('.jobs-gallery [role=status][aria-live=polite]').textContent;", vec![]).await?;
        let said = said.as_str().unwrap_or_default();
        ensure!(said.contains("completed") || said.contains("failed"), "the live region said {said:?}");

        // Later polls do not repeat it.
        let polls = t.requests("/v1/jobs").len();
        t.wait_requests("/v1/jobs", polls + 2, secs(10)).await?;
        let again: Value = t.js("return window.__jobEvents.filter(e => e === arguments[0]).length;", vec![json!(first)]).await?;
        ensure!(again == json!(1), "the event for {first} came {again} times");
        t.assert_page_healthy(&[]).await
    })
    .await;
}
