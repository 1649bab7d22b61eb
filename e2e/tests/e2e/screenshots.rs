//! Screenshots a person can look at, in `e2e/artifacts/<browser>/screenshots/` (CI keeps
//! `e2e/artifacts/`): the loaded gallery in light and dark, 1280 px and 375 px wide,
//! and a banner. With `UPDATE_DOCS_SCREENSHOT=1` the light desktop one is also copied
//! to `docs/gallery.png`, which the README shows.

use anyhow::{ensure, Context as _, Result};
use jobs_gallery_e2e::serde_json::json;
use jobs_gallery_e2e::{repo_root, run, secs, BrowserKind, Options, Test};

/// Nothing sticks out sideways: no horizontal scrolling.
async fn no_sideways_overflow(t: &Test, width: u32) -> Result<()> {
    let wide = t
        .js(
            r#"return Array.from(document.querySelectorAll(arguments[0] + ' *'))
                 .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                 .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + Array.from(e.classList).join('.'));"#,
            vec![json!(t.gallery().root())],
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
    run!(Options::frozen(), |t| async move {
        let gallery = t.gallery();
        gallery.open_loaded("/", 20).await?;
        let mut written = Vec::new();
        for (width, height, mobile, size) in
            [(1280, 900, false, "desktop"), (375, 812, true, "375")]
        {
            t.emulate_viewport(width, height, mobile).await?;
            no_sideways_overflow(&t, width).await?;
            for scheme in ["light", "dark"] {
                if t.can_switch_color_scheme() {
                    t.emulate_color_scheme(scheme).await?;
                } else {
                    // A session that cannot switch the reader's preference: the widget's own switch.
                    gallery.set_theme(scheme).await?;
                }
                t.js("window.scrollTo(0, 0);", vec![]).await?;
                gallery.wait_thumbnails_in_view_loaded(secs(10)).await?;
                written.push(
                    t.screenshot(&format!("screenshots/gallery-{scheme}-{size}"))
                        .await?,
                );
            }
        }
        // The dark one is dark: the gallery's own background differs.
        let light = std::fs::read(&written[0])?;
        let dark = std::fs::read(&written[1])?;
        ensure!(
            light != dark,
            "the light and dark screenshots are the same picture"
        );

        // docs/gallery.png is Chromium's picture: a Firefox or WebKit run must not replace it.
        if std::env::var("UPDATE_DOCS_SCREENSHOT").as_deref() == Ok("1")
            && t.browser() == BrowserKind::Chromium
        {
            let docs = repo_root().join("docs/gallery.png");
            std::fs::create_dir_all(repo_root().join("docs"))?;
            std::fs::copy(&written[0], &docs)
                .with_context(|| format!("copying to {}", docs.display()))?;
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
    run!(Options::frozen(), |t| async move {
        let gallery = t.gallery();
        gallery.open_loaded("/", 20).await?;
        gallery.wait_thumbnails_in_view_loaded(secs(10)).await?;
        gallery.fail_a_refresh().await?;
        gallery.scroll_into_view().await?;
        let path = t.screenshot("screenshots/banner-network-stale").await?;
        eprintln!("wrote {}", path.display());
        t.assert_page_healthy(&["/v1/jobs", "/media/"]).await
    })
    .await;
}
