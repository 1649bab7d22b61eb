//! First load of the standalone page against the demo backend: cards, badges,
//! progress, thumbnails that really load, and the pager's text.

use anyhow::{bail, ensure};
use jobs_gallery_e2e::serde_json::json;
use jobs_gallery_e2e::{run, secs, Options, PAGE_TIMEOUT};

#[tokio::test]
async fn first_load_shows_twenty_jobs() {
    // Frozen: the total the pager shows is compared with the API's.
    run!(Options::frozen(), |t| async move {
        let gallery = t.gallery();
        gallery.open_loaded("/", 20).await?;

        // Every card has a badge saying its status in words, matching data-status.
        let cards = gallery.badges().await?;
        ensure!(cards.len() == 20, "expected 20 cards, got {}", cards.len());
        for card in &cards {
            let status = card["status"].as_str().unwrap_or_default();
            ensure!(
                ["pending", "processing", "completed", "failed", "unknown"].contains(&status),
                "card with an unexpected data-status: {card}"
            );
            let kinds = card["badge_kinds"].as_array().cloned().unwrap_or_default();
            ensure!(
                kinds.contains(&json!(status)),
                "card's badge does not match its status: {card}"
            );
            ensure!(
                !card["text"].as_str().unwrap_or_default().is_empty(),
                "badge without text: {card}"
            );
        }

        // Progress bars carry their numbers for assistive technology.
        let bars = gallery.progress_bars().await?;
        ensure!(
            !bars.is_empty(),
            "no scene progress bar on the first page (the demo has stories there)"
        );
        for bar in &bars {
            let num = |k: &str| bar[k].as_str().and_then(|v| v.parse::<u64>().ok());
            let (Some(min), Some(max), Some(now)) = (num("min"), num("max"), num("now")) else {
                bail!("progress bar without numeric aria values: {bar}");
            };
            ensure!(
                min == 0 && max >= 1 && now <= max,
                "progress bar values out of order: {bar}"
            );
            let unit = if max == 1 { "scene" } else { "scenes" };
            ensure!(
                bar["text"] == json!(format!("{now} of {max} {unit}")),
                "aria-valuetext does not match: {bar}"
            );
            ensure!(
                bar["label"].as_str().is_some_and(|l| !l.is_empty()),
                "progress bar without a label: {bar}"
            );
        }

        // Thumbnails really load. They are lazy, so each is scrolled into view first.
        let count = gallery.thumbnail_count().await?;
        ensure!(
            count >= 3,
            "expected at least 3 loadable thumbnails on the first page, found {count}"
        );
        for i in 0..3 {
            gallery.scroll_to_thumbnail(i).await?;
            gallery.wait_thumbnail_loaded(i, secs(10)).await?;
        }
        // No image fell back to "Unavailable" (a load error) on the way.
        ensure!(
            gallery.unavailable_thumbnails().await? == 0,
            "an image failed to load"
        );

        // The pager tells the range and the server's total.
        let api = t.api_get("/v1/jobs?limit=1&offset=0").await?;
        let total = api["body"]["total"].as_u64().unwrap_or(0);
        ensure!(total > 20, "the demo should list more than 20 jobs: {api}");
        gallery
            .wait_range(&format!("Showing 1\u{2013}20 of {total}"), PAGE_TIMEOUT)
            .await?;
        ensure!(
            gallery.current_page_buttons().await? == 1,
            "exactly one page button should be the current page"
        );
        gallery.wait_current_page(1, secs(1)).await?;

        t.assert_page_healthy(&[]).await
    })
    .await;
}
