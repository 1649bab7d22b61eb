//! axe-core (npm, injected into the page) finds no violations in the gallery's states:
//! loaded (light, dark by `data-theme`, 375 px wide), empty, error and loading, with the
//! viewer open, and, for a reader who prefers dark, loaded, with the viewer open and
//! under the banner of a failed refresh.

use anyhow::ensure;
use jobs_gallery_e2e::fantoccini::key::Key;
use jobs_gallery_e2e::serde_json::json;
use jobs_gallery_e2e::{run, secs, Options, PAGE_TIMEOUT};

#[tokio::test]
async fn axe_finds_nothing_in_the_loaded_gallery() {
    run!(Options::frozen(), |t| async move {
        let gallery = t.gallery();
        gallery.open_loaded("/", 20).await?;
        t.assert_axe_clean("loaded").await?;
        // Dark, as a host page that forces it (a reader who prefers dark: the next test).
        gallery.set_theme("dark").await?;
        t.assert_axe_clean("loaded, data-theme=dark").await?;
        // A phone's width: nothing overlaps or becomes too small.
        t.emulate_viewport(375, 812, true).await?;
        t.assert_axe_clean("loaded, 375 px wide").await?;
        t.assert_page_healthy(&[]).await
    })
    .await;
}

/// A reader whose system prefers dark gets the gallery's dark colours with no theme set
/// by the host, and they pass axe too (contrast above all): the cards, the viewer, and
/// the banner over cards gone stale. A session of its own: WebKit takes the preference
/// only when it starts.
#[tokio::test]
async fn axe_finds_nothing_in_the_gallery_a_reader_who_prefers_dark_sees() {
    run!(Options::frozen().prefers_dark(), |t| async move {
        let gallery = t.gallery();
        gallery.open_loaded("/", 20).await?;
        let prefers_dark = t.js("return matchMedia('(prefers-color-scheme: dark)').matches;", vec![]).await?;
        let (theme, background) = gallery.theme_and_background().await?;
        let looks = json!([prefers_dark, theme, background]);
        ensure!(looks == json!([true, null, "rgb(13, 17, 23)"]), "the gallery did not follow the dark preference (matches, data-theme, background): {looks}");
        t.assert_axe_clean("loaded, prefers dark").await?;

        gallery.open_viewer().await?;
        t.assert_axe_clean("viewer open, prefers dark").await?;
        t.press(Key::Escape.into()).await?;
        gallery.wait_viewer_closed(secs(5)).await?;

        // The network banner over the stale cards, details open.
        gallery.fail_a_refresh().await?;
        gallery.open_details().await?;
        t.assert_axe_clean("stale, network banner, prefers dark").await?;
        t.assert_page_healthy(&["/v1/jobs", "/media/"]).await
    })
    .await;
}

#[tokio::test]
async fn axe_finds_nothing_in_the_empty_state() {
    run!(|t| async move {
        let gallery = t.gallery();
        t.open_scenario("empty").await?;
        gallery.wait_empty_state(PAGE_TIMEOUT).await?;
        gallery.wait_idle(PAGE_TIMEOUT).await?;
        t.assert_axe_clean("empty").await?;
        t.assert_page_healthy(&[]).await
    })
    .await;
}

#[tokio::test]
async fn axe_finds_nothing_in_the_error_state() {
    run!(|t| async move {
        let gallery = t.gallery();
        t.open_scenario("500").await?;
        gallery
            .wait_error_kind("server_error", PAGE_TIMEOUT)
            .await?;
        gallery.wait_idle(PAGE_TIMEOUT).await?;
        // The details disclosure open too, so what it holds is checked.
        gallery.open_details().await?;
        t.assert_axe_clean("error").await?;
        t.assert_page_healthy(&["/scenario/500/v1/jobs"]).await
    })
    .await;
}

/// The first load while its request is in flight: the slow scenario holds the answer
/// for 20 s, and a page of the test's own gives the widget a timeout longer than that.
#[tokio::test]
async fn axe_finds_nothing_in_the_loading_state() {
    run!(|t| async move {
        let gallery = t.gallery();
        t.open_page(&[
            ("data-api-base", "/scenario/slow"),
            ("data-api-key", "dpct_demo"),
            ("data-timeout-ms", "60000"),
        ])
        .await?;
        gallery.wait_busy(PAGE_TIMEOUT).await?;
        gallery.wait_loading_notice(secs(2)).await?;
        t.assert_axe_clean("loading").await?;
        // still loading: the check ran on the loading state
        ensure!(
            gallery.is_busy().await?,
            "the request ended while axe ran (aria-busy no longer true)"
        );
        t.assert_page_healthy(&[]).await
    })
    .await;
}

#[tokio::test]
async fn axe_finds_nothing_with_the_viewer_open() {
    run!(Options::frozen(), |t| async move {
        let gallery = t.gallery();
        gallery.open_loaded("/", 20).await?;
        gallery.open_viewer().await?;
        t.assert_axe_clean("viewer open").await?;
        t.assert_page_healthy(&[]).await
    })
    .await;
}
