//! Paging: previous/next, numbered pages, jump to page, page size, and the correction
//! of an offset past the end. Every page shown is compared with what the server lists
//! at that limit and offset (`/v1/jobs`, read from the page with the demo key), against
//! a frozen demo clock so the list does not move between the two reads.

use anyhow::{ensure, Result};
use jobs_gallery_e2e::fantoccini::key::Key;
use jobs_gallery_e2e::serde_json::json;
use jobs_gallery_e2e::{frozen_args, run_with, secs, Options, Test, PAGE_TIMEOUT};

const NEXT: &str = ".jg-pager [aria-label='Next page']";
const PREVIOUS: &str = ".jg-pager [aria-label='Previous page']";
const JUMP_INPUT: &str = ".jg-pager__jump input";
const JUMP_GO: &str = ".jg-pager__jump button[type=submit]";
const SIZE: &str = ".jg-pager__size select";

/// The `offset` of a logged request line (`GET /v1/jobs?limit=10&offset=170& 200`).
fn offset_of(line: &str) -> u64 {
    line.split(['?', '&', ' '])
        .find_map(|p| p.strip_prefix("offset="))
        .and_then(|v| v.parse().ok())
        .unwrap_or(u64::MAX)
}

/// The server's total, from `/v1/jobs`.
async fn total(t: &Test) -> Result<u64> {
    let answer = t.api_get("/v1/jobs?limit=1&offset=0").await?;
    answer["body"]["total"]
        .as_u64()
        .ok_or_else(|| anyhow::anyhow!("no total in {answer}"))
}

/// Waits (bounded) until the page shows the jobs the server lists at `size`/`offset`,
/// with the matching range text and current page, then returns their ids.
async fn expect_page(t: &Test, size: u32, offset: u64, total: u64) -> Result<Vec<String>> {
    let expected = t.api_job_ids(size, offset).await?;
    ensure!(
        !expected.is_empty(),
        "the server lists no jobs at limit={size}&offset={offset}"
    );
    let range = format!(
        "Showing {}\u{2013}{} of {total}",
        offset + 1,
        offset + expected.len() as u64
    );
    t.wait_text(".jg-pager__range", &range, PAGE_TIMEOUT)
        .await?;
    let what = format!("the cards to be the server's jobs at limit={size}&offset={offset}");
    let shown = std::sync::Mutex::new(Vec::new());
    t.wait_until(&what, PAGE_TIMEOUT, || async {
        let ids = t.job_ids().await?;
        let same = ids == expected;
        *shown.lock().unwrap() = ids;
        Ok(same.then_some(()))
    })
    .await
    .map_err(|e| {
        e.context(format!(
            "expected {expected:?}\nshown {:?}",
            shown.lock().unwrap()
        ))
    })?;
    let page = offset / size as u64 + 1;
    t.wait_attr(
        ".jg-pager [aria-current='page']",
        "aria-label",
        Some(&format!("Page {page}")),
        secs(2),
    )
    .await?;
    t.wait_idle(PAGE_TIMEOUT).await?;
    Ok(expected)
}

#[tokio::test]
async fn next_previous_and_numbered_pages_show_the_right_jobs() {
    run_with(
        "next_previous_and_numbered_pages_show_the_right_jobs",
        Options::frozen(),
        |t| async move {
            t.open_loaded("/", 20).await?;
            let total = total(&t).await?;
            expect_page(&t, 20, 0, total).await?;
            // On the first page there is no previous one.
            t.wait_element(&format!("{PREVIOUS}[disabled]"), secs(1))
                .await?;

            t.click(NEXT).await?;
            expect_page(&t, 20, 20, total).await?;
            t.click(PREVIOUS).await?;
            expect_page(&t, 20, 0, total).await?;
            t.click(".jg-pager [aria-label='Page 3']").await?;
            expect_page(&t, 20, 40, total).await?;
            // The last page: Next is disabled there.
            let last = (total - 1) / 20 + 1;
            t.click(&format!(".jg-pager [aria-label='Page {last}']"))
                .await?;
            expect_page(&t, 20, (last - 1) * 20, total).await?;
            t.wait_element(&format!("{NEXT}[disabled]"), secs(1))
                .await?;

            t.assert_page_healthy(&[]).await
        },
    )
    .await;
}

#[tokio::test]
async fn jump_to_page_by_enter_and_by_go() {
    run_with(
        "jump_to_page_by_enter_and_by_go",
        Options::frozen(),
        |t| async move {
            t.open_loaded("/", 20).await?;
            let total = total(&t).await?;

            let input = t.wait_element(JUMP_INPUT, PAGE_TIMEOUT).await?;
            input.send_keys("5").await?;
            t.press(Key::Enter.into()).await?;
            expect_page(&t, 20, 80, total).await?;
            let value = t
                .js(
                    "return document.querySelector(arguments[0]).value;",
                    vec![json!(JUMP_INPUT)],
                )
                .await?;
            ensure!(
                value == json!(""),
                "the field should be emptied after a jump, holds {value}"
            );

            let input = t.wait_element(JUMP_INPUT, PAGE_TIMEOUT).await?;
            input.send_keys("2").await?;
            t.click(JUMP_GO).await?;
            expect_page(&t, 20, 20, total).await?;

            // A page that does not exist is refused in words, and nothing is loaded.
            let before = t.requests("/v1/jobs").len();
            let input = t.wait_element(JUMP_INPUT, PAGE_TIMEOUT).await?;
            input.send_keys("999").await?;
            t.click(JUMP_GO).await?;
            t.wait_attr(JUMP_INPUT, "aria-invalid", Some("true"), secs(2))
                .await?;
            let count = (total - 1) / 20 + 1;
            t.wait_text(
                ".jg-pager__hint",
                &format!("Choose a page from 1 to {count}"),
                secs(2),
            )
            .await?;
            expect_page(&t, 20, 20, total).await?;
            // (a refresh of the page shown, offset 20, would be polling, not the jump)
            let after: Vec<String> = t.requests("/v1/jobs").into_iter().skip(before).collect();
            ensure!(
                after
                    .iter()
                    .all(|r| r.contains("offset=20&") || r.contains("offset=20 ")),
                "an invalid page number loaded another page: {after:?}"
            );

            t.assert_page_healthy(&[]).await
        },
    )
    .await;
}

#[tokio::test]
async fn page_size_keeps_the_first_job_in_view() {
    run_with(
        "page_size_keeps_the_first_job_in_view",
        Options::frozen(),
        |t| async move {
            t.open_loaded("/", 20).await?;
            let total = total(&t).await?;

            // Page 3 at 20 (jobs 41–60), then 50 a page: the page holding job 41 (1–50).
            t.click(".jg-pager [aria-label='Page 3']").await?;
            let page3 = expect_page(&t, 20, 40, total).await?;
            t.wait_element(SIZE, PAGE_TIMEOUT)
                .await?
                .select_by_value("50")
                .await?;
            t.wait_count(".jobs-gallery article[data-job-id]", 50, PAGE_TIMEOUT)
                .await?;
            let shown = expect_page(&t, 50, 0, total).await?;
            ensure!(
                shown.contains(&page3[0]),
                "job {} (first on screen before) is not on the new page",
                page3[0]
            );

            // Page 2 at 50 (jobs 51–100), then 20 a page: the page holding job 51 (41–60).
            t.click(".jg-pager [aria-label='Page 2']").await?;
            let page2 = expect_page(&t, 50, 50, total).await?;
            t.wait_element(SIZE, PAGE_TIMEOUT)
                .await?
                .select_by_value("20")
                .await?;
            let shown = expect_page(&t, 20, 40, total).await?;
            ensure!(
                shown.contains(&page2[0]),
                "job {} (first on screen before) is not on the new page",
                page2[0]
            );
            t.wait_count(".jobs-gallery article[data-job-id]", 20, secs(2))
                .await?;

            t.assert_page_healthy(&[]).await
        },
    )
    .await;
}

/// The list shrinks under the user: the last page at 10 a page lies past the new end,
/// and the gallery moves to the new last page instead of showing an empty one.
/// The demo's list only grows, so the shrink is made by restarting the server on the
/// same port: first with its timeline started 400 s ago (its 160 past jobs plus the
/// live ones since), then frozen at now (the 160 past jobs only).
#[tokio::test]
async fn offset_past_the_end_moves_to_the_last_page() {
    let started = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() - 400)
        .unwrap_or_default();
    let options = Options {
        server_args: vec!["--start".into(), started.to_string()],
        ..Options::default()
    };
    run_with(
        "offset_past_the_end_moves_to_the_last_page",
        options,
        |t| async move {
            t.open_loaded("/", 20).await?;
            t.wait_element(SIZE, PAGE_TIMEOUT)
                .await?
                .select_by_value("10")
                .await?;
            t.wait_count(".jobs-gallery article[data-job-id]", 10, PAGE_TIMEOUT)
                .await?;
            t.wait_idle(PAGE_TIMEOUT).await?;
            let before = total(&t).await?;
            ensure!(
                before >= 171,
                "the first server should list more than 170 jobs, lists {before}"
            );
            // The last numbered page is always in the pager.
            let last = (before - 1) / 10 + 1;
            t.click(&format!(".jg-pager [aria-label='Page {last}']"))
                .await?;
            // (a live job may arrive meanwhile; the range's start is what matters)
            let start = format!("Showing {}\u{2013}", (last - 1) * 10 + 1);
            t.wait_until("the last page at 10 a page", PAGE_TIMEOUT, || async {
                Ok(t.text(".jg-pager__range")
                    .await?
                    .is_some_and(|r| r.starts_with(&start))
                    .then_some(()))
            })
            .await?;
            t.wait_idle(PAGE_TIMEOUT).await?;

            let frozen = frozen_args();
            t.server()
                .restart(&frozen.iter().map(String::as_str).collect::<Vec<_>>())?;
            let after = total(&t).await?;
            ensure!(
                after == 160 && (last - 1) * 10 >= after,
                "the restarted server should list 160 jobs, lists {after}"
            );
            let asked_before = t.requests("/v1/jobs").len();
            t.button("Refresh").await?.click().await?;
            // Asked for an offset past the end, the gallery lands on the new last page,
            // straight away: one request past the end, then the last page (and, at most,
            // refreshes of it), never a walk back page by page.
            let new_last = (after - 1) / 10 * 10;
            expect_page(&t, 10, new_last, after).await?;
            let offsets: Vec<u64> = t
                .requests("/v1/jobs")
                .iter()
                .skip(asked_before)
                .map(|r| offset_of(r))
                .collect();
            ensure!(
                offsets.first() == Some(&((last - 1) * 10))
                    && offsets.len() >= 2
                    && offsets[1..].iter().all(|o| *o == new_last),
                "expected a request for offset {} and then only offset {new_last}, got {offsets:?}",
                (last - 1) * 10
            );
            ensure!(
                t.find_all(".jobs-gallery [role=alert]").await?.is_empty(),
                "a banner instead of the last page"
            );

            t.assert_page_healthy(&[]).await
        },
    )
    .await;
}
