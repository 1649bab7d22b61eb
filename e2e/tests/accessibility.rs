//! axe-core (npm, injected into the page) finds no violations in the gallery's states:
//! loaded (light, dark by `data-theme`, 375 px wide), empty, error and loading, with the
//! viewer open, and, for a reader who prefers dark, loaded, with the viewer open and
//! under the banner of a failed refresh.

use anyhow::ensure;
use jobs_gallery_e2e::fantoccini::key::Key;
use jobs_gallery_e2e::serde_json::json;
use jobs_gallery_e2e::{run, run_with, secs, Options, PAGE_TIMEOUT};

#[tokio::test]
async fn axe_finds_nothing_in_the_loaded_gallery() {
    run_with(
        "axe_finds_nothing_in_the_loaded_gallery",
        Options::frozen(),
        |t| async move {
            t.open_loaded("/", 20).await?;
            t.assert_axe_clean("loaded").await?;
            // Dark, as a host page that forces it (a reader who prefers dark: the next test).
            t.js(
                "document.querySelector('.jobs-gallery').setAttribute('data-theme', 'dark');",
                vec![],
            )
            .await?;
            t.assert_axe_clean("loaded, data-theme=dark").await?;
            // A phone's width: nothing overlaps or becomes too small.
            t.emulate_viewport(375, 812, true).await?;
            t.assert_axe_clean("loaded, 375 px wide").await?;
            t.assert_page_healthy(&[]).await
        },
    )
    .await;
}

/// A reader whose system prefers dark gets the gallery's dark colours with no theme set
/// by the host, and they pass axe too (contrast above all): the cards, the viewer, and
/// the banner over cards gone stale. A session of its own: WebKit takes the preference
/// only when it starts.
#[tokio::test]
async fn axe_finds_nothing_in_the_gallery_a_reader_who_prefers_dark_sees() {
    run_with("axe_finds_nothing_in_the_gallery_a_reader_who_prefers_dark_sees", Options::frozen().prefers_dark(), |t| async move {
        t.open_loaded("/", 20).await?;
        let looks = t
            .js(
                "const g = document.querySelector('.jobs-gallery');
                 return [matchMedia('(prefers-color-scheme: dark)').matches, g.getAttribute('data-theme'), getComputedStyle(g).backgroundColor];",
                vec![],
            )
            .await?;
        ensure!(looks == json!([true, null, "rgb(13, 17, 23)"]), "the gallery did not follow the dark preference (matches, data-theme, background): {looks}");
        t.assert_axe_clean("loaded, prefers dark").await?;

        t.click(".jobs-gallery a.jg-thumb").await?;
        t.wait_element("dialog.jg-viewer[open]", secs(5)).await?;
        t.assert_axe_clean("viewer open, prefers dark").await?;
        t.press(Key::Escape.into()).await?;
        t.wait_count("dialog.jg-viewer[open]", 0, secs(5)).await?;

        // The network banner over the stale cards, details open.
        t.fail_a_refresh().await?;
        t.js("document.querySelectorAll('.jobs-gallery details').forEach(d => d.open = true);", vec![]).await?;
        t.assert_axe_clean("stale, network banner, prefers dark").await?;
        t.assert_page_healthy(&["/v1/jobs", "/media/"]).await
    })
    .await;
}

#[tokio::test]
async fn axe_finds_nothing_in_the_empty_state() {
    run("axe_finds_nothing_in_the_empty_state", |t| async move {
        t.open_scenario("empty").await?;
        t.wait_element(".jobs-gallery .jg-empty", PAGE_TIMEOUT)
            .await?;
        t.wait_idle(PAGE_TIMEOUT).await?;
        t.assert_axe_clean("empty").await?;
        t.assert_page_healthy(&[]).await
    })
    .await;
}

#[tokio::test]
async fn axe_finds_nothing_in_the_error_state() {
    run("axe_finds_nothing_in_the_error_state", |t| async move {
        t.open_scenario("500").await?;
        t.wait_element(
            ".jobs-gallery [role=alert][data-error-kind=server_error]",
            PAGE_TIMEOUT,
        )
        .await?;
        t.wait_idle(PAGE_TIMEOUT).await?;
        // The details disclosure open too, so what it holds is checked.
        t.js(
            "document.querySelectorAll('.jobs-gallery details').forEach(d => d.open = true);",
            vec![],
        )
        .await?;
        t.assert_axe_clean("error").await?;
        t.assert_page_healthy(&["/scenario/500/v1/jobs"]).await
    })
    .await;
}

/// The first load while its request is in flight: the slow scenario holds the answer
/// for 20 s, and a page of the test's own gives the widget a timeout longer than that.
#[tokio::test]
async fn axe_finds_nothing_in_the_loading_state() {
    run("axe_finds_nothing_in_the_loading_state", |t| async move {
        t.open_page(&[
            ("data-api-base", "/scenario/slow"),
            ("data-api-key", "dpct_demo"),
            ("data-timeout-ms", "60000"),
        ])
        .await?;
        t.wait_attr(".jobs-gallery", "aria-busy", Some("true"), PAGE_TIMEOUT)
            .await?;
        t.wait_element(".jobs-gallery .jg-notice", secs(2)).await?;
        t.assert_axe_clean("loading").await?;
        // still loading: the check ran on the loading state
        let busy = t
            .js(
                "return document.querySelector('.jobs-gallery').getAttribute('aria-busy');",
                vec![],
            )
            .await?;
        ensure!(
            busy == json!("true"),
            "the request ended while axe ran (aria-busy {busy})"
        );
        t.assert_page_healthy(&[]).await
    })
    .await;
}

#[tokio::test]
async fn axe_finds_nothing_with_the_viewer_open() {
    run_with(
        "axe_finds_nothing_with_the_viewer_open",
        Options::frozen(),
        |t| async move {
            t.open_loaded("/", 20).await?;
            t.click(".jobs-gallery a.jg-thumb").await?;
            t.wait_element("dialog.jg-viewer[open]", secs(5)).await?;
            t.assert_axe_clean("viewer open").await?;
            t.assert_page_healthy(&[]).await
        },
    )
    .await;
}
