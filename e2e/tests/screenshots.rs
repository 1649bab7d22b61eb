//! Screenshots a person can look at, in `e2e/artifacts/<browser>/screenshots/` (CI keeps
//! `e2e/artifacts/`): the loaded gallery in light and dark, 1280 px and 375 px wide,
//! and a banner. With `UPDATE_DOCS_SCREENSHOT=1` the light desktop one is also copied
//! to `docs/gallery.png`, which the README shows.

use anyhow::{ensure, Context as _, Result};
use jobs_gallery_e2e::serde_json::{json, Value};
use jobs_gallery_e2e::{repo_root, run_with, secs, BrowserKind, Options, Test};

/// Waits (bounded) until every thumbnail in the viewport has loaded (lazy images load
/// once they come near it), so the picture shows pictures.
async fn images_in_view_loaded(t: &Test) -> Result<()> {
    t.wait_until("the thumbnails in view to load", secs(10), || async {
        let pending: Value = t
            .js(
                r#"return Array.from(document.querySelectorAll('.jobs-gallery .jg-thumb__img')).filter(i => {
                     const r = i.getBoundingClientRect();
                     return r.bottom > 0 && r.top < innerHeight && !(i.complete && i.naturalWidth > 0);
                   }).length;"#,
                vec![],
            )
            .await?;
        Ok((pending == json!(0)).then_some(()))
    })
    .await
}

/// Nothing sticks out sideways: no horizontal scrolling.
async fn no_sideways_overflow(t: &Test, width: u32) -> Result<()> {
    let wide = t
        .js(
            r#"return Array.from(document.querySelectorAll('.jobs-gallery *'))
                 .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                 .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + Array.from(e.classList).join('.'));"#,
            vec![],
        )
        .await?;
    let scroll = t
        .js("return document.documentElement.scrollWidth;", vec![])
        .await?;
    ensure!(
        scroll.as_u64().unwrap_or(u64::MAX) <= width as u64 && wide == json!([]),
        "at {width} px the page scrolls sideways (scrollWidth {scroll}); wider than the viewport: {wide}"
    );
    Ok(())
}

#[tokio::test]
async fn screenshots_of_the_gallery() {
    run_with("screenshots_of_the_gallery", Options::frozen(), |t| async move {
        t.open_loaded("/", 20).await?;
        let mut written = Vec::new();
        for (width, height, mobile, size) in [(1280, 900, false, "desktop"), (375, 812, true, "375")] {
            t.emulate_viewport(width, height, mobile).await?;
            no_sideways_overflow(&t, width).await?;
            for scheme in ["light", "dark"] {
                if t.browser() == BrowserKind::WebKit {
                    // No colour-scheme emulation in WebKitWebDriver: the widget's own switch.
                    t.js("document.querySelector('.jobs-gallery').setAttribute('data-theme', arguments[0]);", vec![json!(scheme)]).await?;
                } else {
                    t.emulate_color_scheme(scheme).await?;
                }
                t.js("window.scrollTo(0, 0);", vec![]).await?;
                images_in_view_loaded(&t).await?;
                written.push(t.screenshot(&format!("screenshots/gallery-{scheme}-{size}")).await?);
            }
        }
        // The dark one is dark: the gallery's own background differs.
        let light = std::fs::read(&written[0])?;
        let dark = std::fs::read(&written[1])?;
        ensure!(light != dark, "the light and dark screenshots are the same picture");

        // docs/gallery.png is Chromium's picture: a Firefox run must not replace it.
        if std::env::var("UPDATE_DOCS_SCREENSHOT").as_deref() == Ok("1") && t.browser() == BrowserKind::Chromium {
            let docs = repo_root().join("docs/gallery.png");
            std::fs::create_dir_all(repo_root().join("docs"))?;
            std::fs::copy(&written[0], &docs).with_context(|| format!("copying to {}", docs.display()))?;
            eprintln!("updated {}", docs.display());
        }
        for path in &written {
            eprintln!("wrote {}", path.display());
        }
        t.assert_page_healthy(&[]).await
    })
    .await;
}

/// A banner over a page already shown: the server goes away, Refresh fails, the cards
/// stay marked stale under the network banner.
#[tokio::test]
async fn screenshot_of_a_banner() {
    run_with(
        "screenshot_of_a_banner",
        Options::frozen(),
        |t| async move {
            t.open_loaded("/", 20).await?;
            images_in_view_loaded(&t).await?;
            t.fail_a_refresh().await?;
            t.js(
                "document.querySelector('.jobs-gallery').scrollIntoView();",
                vec![],
            )
            .await?;
            let path = t.screenshot("screenshots/banner-network-stale").await?;
            eprintln!("wrote {}", path.display());
            t.assert_page_healthy(&["/v1/jobs", "/media/"]).await
        },
    )
    .await;
}
