//! Viewports in WebKit: the window sized around the page, and a phone's width, which
//! MiniBrowser's window cannot be as narrow as, as a frame of that size.

use std::time::{Duration, Instant};

use anyhow::{bail, Context as _, Result};
use fantoccini::Client;
use serde_json::json;

use crate::site::{attribute_text, write_page};
use crate::{secs, Test, PAGE_TIMEOUT};

/// [`Test::emulate_viewport`] in WebKit: the window resized around the viewport; for a
/// phone ([`frame_viewport`]), the page in a frame of that size.
pub(crate) async fn emulate_viewport(
    t: &Test,
    width: u32,
    height: u32,
    mobile: bool,
) -> Result<()> {
    if mobile {
        frame_viewport(t, width, height).await
    } else {
        fit_viewport(&t.client, width, height).await
    }
}

/// Resizes the window until the page's viewport is `width` × `height` (the window
/// frame and toolbar are whatever the browser draws around it), for a bounded time.
/// Without a window manager the resize lands some time after WebDriver has answered,
/// and the frame is measured anew each round, so a read taken mid-resize corrects
/// itself.
pub(super) async fn fit_viewport(client: &Client, width: u32, height: u32) -> Result<()> {
    let want = (width as i64, height as i64);
    let deadline = Instant::now() + secs(10);
    loop {
        let (_, _, outer_w, outer_h) = client
            .get_window_rect()
            .await
            .context("reading the window size")?;
        let got = viewport_size(client).await?;
        if got == want {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!(
                "asked for a {width} × {height} viewport, the browser gave {} × {} within 10 s",
                got.0,
                got.1
            );
        }
        let window = (
            want.0 + outer_w as i64 - got.0,
            want.1 + outer_h as i64 - got.1,
        );
        if window != (outer_w as i64, outer_h as i64) {
            client
                .set_window_size(window.0.max(1) as u32, window.1.max(1) as u32)
                .await
                .context("resizing the window")?;
            // Measure again once the page has seen the resize (or after 2 s).
            let settle = Instant::now() + secs(2);
            while Instant::now() < settle {
                if viewport_size(client).await? != got {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(50)).await; // poll period of a bounded wait
            }
        } else {
            tokio::time::sleep(Duration::from_millis(100)).await; // poll period of a bounded wait
        }
    }
}

/// The page's viewport, `innerWidth` × `innerHeight` in CSS pixels.
async fn viewport_size(client: &Client) -> Result<(i64, i64)> {
    let size = client
        .execute("return [innerWidth, innerHeight];", vec![])
        .await
        .context("reading the viewport's size")?;
    Ok((size[0].as_i64().unwrap_or(0), size[1].as_i64().unwrap_or(0)))
}

/// WebKit's phone width. MiniBrowser's toolbar keeps its window at least 447 px
/// wide, so the page on screen is loaded again inside a frame of `width` × `height`
/// (a viewport of its own: its media queries and layout see that size) on a page of
/// the test's server, and the session switches into the frame. What the page showed
/// is waited for again: as many job cards as before, and no request in flight.
/// State the page had only in memory (an open dialog, a theme set by script) is not
/// carried over.
async fn frame_viewport(t: &Test, width: u32, height: u32) -> Result<()> {
    t.console_log().await?; // what the page logged so far stays on record
    let url = t
        .client
        .current_url()
        .await
        .context("reading the page's address")?;
    if url.origin().ascii_serialization() != t.base {
        bail!("frame_viewport: {url} is not on the test's server");
    }
    let gallery = t.gallery();
    let cards = gallery.job_ids().await?.len();
    let src = attribute_text(&url[url::Position::BeforePath..]);
    let page = write_page(
        t.name(),
        &format!(
            "<!doctype html>\n<html lang=\"en\"><meta charset=\"utf-8\"><title>The page at {width} px</title>\n\
             <iframe src=\"{src}\" width=\"{width}\" height=\"{height}\" title=\"The page at {width} px\"></iframe>\n"
        ),
    )?;
    t.open(&page).await?;
    t.client
        .enter_frame(0)
        .await
        .context("switching into the frame")?;
    t.wait_until(
        &format!("a viewport {width} px wide in the frame"),
        secs(5),
        || async {
            let w = t
                .js(
                    "return document.readyState === 'complete' ? window.innerWidth : 0;",
                    vec![],
                )
                .await?;
            Ok((w == json!(width)).then_some(()))
        },
    )
    .await?;
    if cards > 0 {
        gallery.wait_cards(cards, PAGE_TIMEOUT).await?;
        gallery.wait_idle(PAGE_TIMEOUT).await?;
    }
    Ok(())
}
