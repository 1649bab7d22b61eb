//! A layout that never jumps: while the gallery polls a page whose jobs do not change,
//! nothing a reader looks at moves (the toolbar, the grid, the cards, the pager), at a
//! phone's widths and a desktop's. Every frame is watched, so a move that lasts only
//! while a request is in flight ("Updating…" in the toolbar) counts too.

use anyhow::ensure;
use jobs_gallery_e2e::{run, secs, Options, PAGE_TIMEOUT};

/// Phones (320 px, the narrowest in use, then 360 and 412 px, the commonest Android
/// widths), a tablet, a desktop.
const VIEWPORTS: &[(u32, u32, bool)] = &[
    (320, 640, true),
    (360, 780, true),
    (412, 915, true),
    (768, 1024, false),
    (1280, 900, false),
];

#[tokio::test]
async fn polling_a_page_whose_jobs_do_not_change_moves_nothing() {
    run!(Options::frozen(), |t| async move {
        let gallery = t.gallery();
        for &(width, height, phone) in VIEWPORTS {
            // A poll every second: each request shows "Updating…" and then the time of
            // the next, the two texts of the toolbar that differ most in width.
            t.open_page(&[
                ("data-api-key", "dpct_demo"),
                ("data-poll-active-ms", "1000"),
                ("data-poll-idle-ms", "1000"),
            ])
            .await?;
            t.emulate_viewport(width, height, phone).await?;
            gallery.wait_loaded(20).await?;
            gallery.watch_moves().await?;
            let before = t.requests("/v1/jobs").len();
            t.wait_requests("/v1/jobs", before + 3, secs(20)).await?;
            gallery.wait_idle(PAGE_TIMEOUT).await?;
            let moves = gallery.moves().await?;
            ensure!(
                moves.frames >= 10,
                "at {width} px only {} frames were watched",
                moves.frames
            );
            ensure!(
                moves.moves.is_empty(),
                "at {width} px, {} frames of 3 polls moved boxes, the first: {:?}",
                moves.moves.len(),
                moves.moves.iter().take(3).collect::<Vec<_>>()
            );
            if let Some(shift) = moves.shift {
                ensure!(
                    shift == 0.0,
                    "at {width} px the layout shift of 3 polls was {shift}"
                );
            }
        }
        t.assert_page_healthy(&[]).await
    })
    .await;
}
