//! First load of the standalone page against the demo backend.

use jobs_gallery_e2e::{run, PAGE_TIMEOUT};

#[tokio::test]
async fn first_load_shows_twenty_jobs() {
    run("first_load_shows_twenty_jobs", |t| async move {
        t.open("/").await?;
        t.wait_element(".jobs-gallery", PAGE_TIMEOUT).await?;
        t.wait_count("article[data-job-id]", 20, PAGE_TIMEOUT).await?;
        // no request in flight any more: aria-busy is gone or "false"
        t.wait_until("the gallery to stop being aria-busy", PAGE_TIMEOUT, || async {
            let busy = t
                .js("return document.querySelector('.jobs-gallery').getAttribute('aria-busy');", vec![])
                .await?;
            Ok((busy != "true").then_some(()))
        })
        .await?;
        t.assert_no_console_errors().await?;
        t.screenshot("gallery-desktop").await?;
        Ok(())
    })
    .await;
}
