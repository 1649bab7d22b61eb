//! Paging: previous/next, numbered pages, jump to page, page size, and the correction
//! of an offset past the end. Every page shown is compared with what the server lists
//! at that limit and offset (`/v1/jobs`, read from the page with the demo key), against
//! a frozen demo clock so the list does not move between the two reads.

use anyhow::{ensure, Result};
use jobs_gallery_e2e::fantoccini::key::Key;
use jobs_gallery_e2e::{frozen_args, run, secs, Options, Test, PAGE_TIMEOUT};

/// The `offset` of a logged request line (`GET /v1/jobs?limit=10&offset=170& 200`).
fn offset_of(line: &str) -> u64 {
    line.split(['?', '&', ' '])
        .find_map(|p| p.strip_prefix("offset="))
        .and_then(|v| v.parse().ok())
        .unwrap_or(u64::MAX)
}

/// Waits (bounded) until the page shows the jobs the server lists at `size`/`offset`,
/// with the matching range text and current page, then returns their ids.
async fn expect_page(t: &Test, size: u32, offset: u64, total: u64) -> Result<Vec<String>> {
    let gallery = t.gallery();
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
    gallery.wait_range(&range, PAGE_TIMEOUT).await?;
    let what = format!("the cards to be the server's jobs at limit={size}&offset={offset}");
    let shown = std::sync::Mutex::new(Vec::new());
    t.wait_until(&what, PAGE_TIMEOUT, || async {
        let ids = gallery.job_ids().await?;
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
    gallery
        .wait_current_page(offset / size as u64 + 1, secs(2))
        .await?;
    gallery.wait_idle(PAGE_TIMEOUT).await?;
    Ok(expected)
}

#[tokio::test]
async fn next_previous_and_numbered_pages_show_the_right_jobs() {
    run!(Options::frozen(), |t| async move {
        let gallery = t.gallery();
        gallery.open_loaded("/", 20).await?;
        let total = t.api_total().await?;
        expect_page(&t, 20, 0, total).await?;
        // On the first page there is no previous one.
        gallery.wait_previous_disabled(secs(1)).await?;

        gallery.next().await?;
        expect_page(&t, 20, 20, total).await?;
        gallery.previous().await?;
        expect_page(&t, 20, 0, total).await?;
        gallery.go_to_page(3).await?;
        expect_page(&t, 20, 40, total).await?;
        // The last page: Next is disabled there.
        let last = (total - 1) / 20 + 1;
        gallery.go_to_page(last).await?;
        expect_page(&t, 20, (last - 1) * 20, total).await?;
        gallery.wait_next_disabled(secs(1)).await?;

        t.assert_page_healthy(&[]).await
    })
    .await;
}

#[tokio::test]
async fn jump_to_page_by_enter_and_by_go() {
    run!(Options::frozen(), |t| async move {
        let gallery = t.gallery();
        gallery.open_loaded("/", 20).await?;
        let total = t.api_total().await?;

        gallery.type_in_jump_field("5").await?;
        t.press(Key::Enter.into()).await?;
        expect_page(&t, 20, 80, total).await?;
        let value = gallery.jump_field_value().await?;
        ensure!(
            value.is_empty(),
            "the field should be emptied after a jump, holds {value:?}"
        );

        gallery.type_in_jump_field("2").await?;
        gallery.press_go().await?;
        expect_page(&t, 20, 20, total).await?;

        // A page that does not exist is refused in words, and nothing is loaded.
        let before = t.requests("/v1/jobs").len();
        gallery.type_in_jump_field("999").await?;
        gallery.press_go().await?;
        let count = (total - 1) / 20 + 1;
        gallery
            .wait_jump_refused(&format!("Choose a page from 1 to {count}"), secs(2))
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
    })
    .await;
}

#[tokio::test]
async fn page_size_keeps_the_first_job_in_view() {
    run!(Options::frozen(), |t| async move {
        let gallery = t.gallery();
        gallery.open_loaded("/", 20).await?;
        let total = t.api_total().await?;

        // Page 3 at 20 (jobs 41–60), then 50 a page: the page holding job 41 (1–50).
        gallery.go_to_page(3).await?;
        let page3 = expect_page(&t, 20, 40, total).await?;
        gallery.set_page_size(50).await?;
        gallery.wait_cards(50, PAGE_TIMEOUT).await?;
        let shown = expect_page(&t, 50, 0, total).await?;
        ensure!(
            shown.contains(&page3[0]),
            "job {} (first on screen before) is not on the new page",
            page3[0]
        );

        // Page 2 at 50 (jobs 51–100), then 20 a page: the page holding job 51 (41–60).
        gallery.go_to_page(2).await?;
        let page2 = expect_page(&t, 50, 50, total).await?;
        gallery.set_page_size(20).await?;
        let shown = expect_page(&t, 20, 40, total).await?;
        ensure!(
            shown.contains(&page2[0]),
            "job {} (first on screen before) is not on the new page",
            page2[0]
        );
        gallery.wait_cards(20, secs(2)).await?;

        t.assert_page_healthy(&[]).await
    })
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
    run!(options, |t| async move {
        let gallery = t.gallery();
        gallery.open_loaded("/", 20).await?;
        gallery.set_page_size(10).await?;
        gallery.wait_loaded(10).await?;
        let before = t.api_total().await?;
        ensure!(
            before >= 171,
            "the first server should list more than 170 jobs, lists {before}"
        );
        // The last numbered page is always in the pager.
        let last = (before - 1) / 10 + 1;
        gallery.go_to_page(last).await?;
        // (a live job may arrive meanwhile; the range's start is what matters)
        let start = format!("Showing {}\u{2013}", (last - 1) * 10 + 1);
        t.wait_until("the last page at 10 a page", PAGE_TIMEOUT, || async {
            Ok(gallery
                .range()
                .await?
                .is_some_and(|r| r.starts_with(&start))
                .then_some(()))
        })
        .await?;
        gallery.wait_idle(PAGE_TIMEOUT).await?;

        let frozen = frozen_args();
        t.server()
            .restart(&frozen.iter().map(String::as_str).collect::<Vec<_>>())?;
        let after = t.api_total().await?;
        ensure!(
            after == 160 && (last - 1) * 10 >= after,
            "the restarted server should list 160 jobs, lists {after}"
        );
        let asked_before = t.requests("/v1/jobs").len();
        gallery.refresh().await?;
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
            !gallery.has_banner().await?,
            "a banner instead of the last page"
        );

        t.assert_page_healthy(&[]).await
    })
    .await;
}
