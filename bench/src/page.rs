//! The page under test: the probe every session injects, the wait for its images, and
//! the answer of the scripts that time a change until its paint.

use anyhow::{bail, Result};
use jobs_gallery_e2e::{secs, Test};
use serde::Deserialize;
use serde_json::json;

/// Injected at document start; keeps its records in `window.__bench`.
const PROBE: &str = include_str!("../js/probe.js");
const IMAGES_COMPLETE: &str = include_str!("../js/images_complete.js");

/// Runs the probe in every document the session loads from now on.
pub async fn inject_probe(t: &Test) -> Result<()> {
    t.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": PROBE }),
    )
    .await?;
    Ok(())
}

/// A blank page that lays out at the device's width, as the measured pages do.
const BLANK_PHONE_PAGE: &str =
    "data:text/html,<meta name=viewport content='width=device-width'><title>blank</title>";

/// Emulates a viewport for the page the session opens next, so that it loads at that
/// size. Set on a blank page with a meta viewport of its own: an emulated phone lays out
/// a page without one (the session's first page, `about:blank`) 980 px wide, which the
/// wait for the new width would never see.
pub async fn viewport_for_next_page(t: &Test, width: u32, height: u32, mobile: bool) -> Result<()> {
    t.client.goto(BLANK_PHONE_PAGE).await?;
    t.emulate_viewport(width, height, mobile).await
}

/// Waits (bounded) until every `<img>` that started loading finished (the first load
/// settled: lazy images near the viewport requested and decoded).
pub async fn images_settled(t: &Test) -> Result<()> {
    t.wait_until("images to finish loading", secs(20), || async {
        let v = t.js(IMAGES_COMPLETE, vec![]).await?;
        Ok(v.as_bool().unwrap_or(false).then_some(()))
    })
    .await
}

/// When a change started (`t0`) and the frame that paints its result ran (both
/// `performance.now()`), and the resource timing of the request it made.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Repaint {
    pub t0: f64,
    pub paint: f64,
    /// `None` where no matching request was in the resource timing.
    pub req_start: Option<f64>,
    pub resp_end: Option<f64>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Answer {
    Failed { error: String },
    Painted(Repaint),
}

/// Runs an async script that answers a [`Repaint`] or `{ error }`.
pub async fn repaint(t: &Test, script: &str, what: &str) -> Result<Repaint> {
    match serde_json::from_value(t.js_async(script, vec![]).await?)? {
        Answer::Painted(r) => Ok(r),
        Answer::Failed { error } => bail!("{what}: {error}"),
    }
}
