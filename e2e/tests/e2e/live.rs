//! Live updates against the demo's live jobs: a later page follows its jobs as new ones
//! arrive and offers them instead; a finished job is announced once and dispatched to
//! the host page as an event.

use anyhow::ensure;
use jobs_gallery_e2e::serde_json::{json, Value};
use jobs_gallery_e2e::{run, secs, Options, Test, PAGE_TIMEOUT};

/// A new live job every 3 s.
fn live() -> Options {
    Options {
        server_args: vec!["--live-interval".into(), "3".into()],
        ..Options::default()
    }
}

/// The standalone page, polling every second even while every job shown is finished.
async fn open_polling_each_second(t: &Test) -> anyhow::Result<()> {
    t.open_page(&[
        ("data-api-key", "dpct_demo"),
        ("data-poll-idle-ms", "1000"),
        ("data-poll-active-ms", "1000"),
    ])
    .await
}

#[tokio::test]
async fn a_later_page_keeps_its_jobs_while_new_ones_arrive() {
    run!(live(), |t| async move {
        let gallery = t.gallery();
        open_polling_each_second(&t).await?;
        gallery.wait_cards(20, PAGE_TIMEOUT).await?;
        gallery.next().await?;
        gallery.wait_current_page(2, PAGE_TIMEOUT).await?;
        gallery.wait_idle(PAGE_TIMEOUT).await?;
        let before = gallery.job_ids().await?;

        // A new job arrives: the offer appears, and the page still shows the same jobs.
        gallery.wait_new_jobs_offer(secs(20)).await?;
        gallery.wait_idle(PAGE_TIMEOUT).await?;
        let after = gallery.job_ids().await?;
        ensure!(
            after.first() == before.first(),
            "page 2 moved under the reader: {before:?} became {after:?}"
        );
        let range = gallery
            .range()
            .await?
            .ok_or_else(|| anyhow::anyhow!("no pager range on page 2"))?;
        ensure!(
            !range.starts_with("Showing 21\u{2013}"),
            "the offset did not follow the new jobs: {range:?}"
        );

        // The offer goes to the first page, where the new jobs are.
        gallery.take_new_jobs_offer().await?;
        gallery.wait_current_page(1, PAGE_TIMEOUT).await?;
        gallery.wait_no_new_jobs_offer(secs(5)).await?;
        t.assert_page_healthy(&[]).await
    })
    .await;
}

#[tokio::test]
async fn a_finished_job_is_announced_and_dispatched_once() {
    run!(live(), |t| async move {
        let gallery = t.gallery();
        t.add_init_script(
            "window.__jobEvents = []; for (const n of ['job-completed', 'job-failed']) document.addEventListener(n, e => window.__jobEvents.push(n + ' ' + e.detail.jobId));",
        )
        .await?;
        t.open_page(&[("data-api-key", "dpct_demo"), ("data-poll-active-ms", "1000")]).await?;
        gallery.wait_cards(20, PAGE_TIMEOUT).await?;

        // A live job finishes within the bound: one event for it, and one sentence.
        let events: Value = t
            .wait_until("a job-completed or job-failed event", secs(60), || async {
                let events = t.js("return window.__jobEvents;", vec![]).await?;
                Ok((events.as_array().is_some_and(|e| !e.is_empty())).then_some(events))
            })
            .await?;
        let first = events[0].as_str().unwrap_or_default().to_owned();
        let id = first.split(' ').nth(1).unwrap_or_default().to_owned();
        let card = gallery.card_status(&id).await?;
        ensure!(card == json!("completed") || card == json!("failed"), "the event's job {id} shows {card}");
        let said = gallery.announcement().await?;
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

#[tokio::test]
async fn a_reader_in_the_list_on_page_one_is_not_moved_by_new_jobs() {
    run!(live(), |t| async move {
        let gallery = t.gallery();
        open_polling_each_second(&t).await?;
        gallery.wait_cards(20, PAGE_TIMEOUT).await?;
        gallery.wait_idle(PAGE_TIMEOUT).await?;

        // Scrolled into the list, the reader keeps the cards under their eyes: a new job
        // waits behind the offer, and nothing moves.
        gallery.scroll_to_card(2).await?;
        // The scroll settles (Firefox snaps a fractional offset a frame later) before the
        // watch starts: only what new jobs do is watched.
        t.after_frames(2).await?;
        let before = gallery.job_ids().await?;
        gallery.watch_moves().await?;
        gallery.wait_new_jobs_offer(secs(30)).await?;
        gallery.wait_idle(PAGE_TIMEOUT).await?;
        let after = gallery.job_ids().await?;
        ensure!(
            after.first() == before.first(),
            "page 1 moved under a reader in the list: {before:?} became {after:?}"
        );
        let moves = gallery.moves().await?;
        ensure!(
            moves.moves.is_empty(),
            "the cards moved under the reader: {:?}",
            moves.moves.iter().take(3).collect::<Vec<_>>()
        );

        // Back at the top, the held jobs arrive and the offer goes.
        t.js("window.scrollTo(0, 0);", vec![]).await?;
        gallery.wait_no_new_jobs_offer(secs(5)).await?;
        t.wait_until("the new jobs at the top", PAGE_TIMEOUT, || async {
            let ids = gallery.job_ids().await?;
            Ok((ids.first() != before.first() && ids.len() == 20).then_some(()))
        })
        .await?;
        t.assert_page_healthy(&[]).await
    })
    .await;
}
