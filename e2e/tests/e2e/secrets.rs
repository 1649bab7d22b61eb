//! The API key goes to the API and nowhere else: not into a URL, not to image requests,
//! not into the server's log, and not left in the DOM once the widget has read it.

use anyhow::ensure;
use jobs_gallery_e2e::serde_json::json;
use jobs_gallery_e2e::{run, secs};

#[tokio::test]
async fn the_api_key_never_leaves_the_authorization_header() {
    run!(|t| async move {
        let gallery = t.gallery();
        // index.html's mount element carries data-api-key="dpct_demo".
        gallery.open_loaded("/", 20).await?;
        // Load some result images, so that image requests are in the log too.
        for i in 0..3 {
            gallery.scroll_to_thumbnail(i).await?;
        }
        let media = t.wait_requests("/media/", 1, secs(10)).await?;

        // Never in the DOM: the attribute is removed once read, and no text holds it.
        let html = t.js("return document.documentElement.outerHTML;", vec![]).await?;
        let html = html.as_str().unwrap_or_default();
        ensure!(!html.contains("dpct_"), "the key is still somewhere in the DOM");
        let attr = t.js("return document.querySelector('[data-jobs-gallery]').hasAttribute('data-api-key');", vec![]).await?;
        ensure!(attr == json!(false), "data-api-key was left on the mount element");

        // The server saw the Authorization header on API requests only.
        let log = t.server().log();
        ensure!(!log.contains("dpct_"), "the key appears in the server's log (so in a URL):\n{log}");
        let api = t.requests("/v1/jobs");
        ensure!(!api.is_empty() && api.iter().all(|l| l.ends_with(" bearer")), "API requests without the key: {api:?}");
        ensure!(media.iter().all(|l| !l.ends_with(" bearer")), "image requests carried the key: {media:?}");
        let others: Vec<String> = t.requests("/").into_iter().filter(|l| !l.contains("/v1/jobs") && l.ends_with(" bearer")).collect();
        ensure!(others.is_empty(), "non-API requests carried the key: {others:?}");

        t.assert_page_healthy(&[]).await
    })
    .await;
}
