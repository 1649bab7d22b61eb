//! A gallery's life in a host page (issue 18): `<jobs-gallery>` and `[data-jobs-gallery]`
//! elements added after load start, removed ones stop (no request after they are gone,
//! the one in flight aborted, their elements and memory freed), a moved one keeps its
//! page, attribute changes apply live; `mount()`'s handle (`ready`, `setOptions`), the
//! loader that fetches nothing until a gallery is on the page (or near the viewport,
//! `loading="lazy"`), the events a host listens to, 200 mount/unmount cycles, and
//! examples/spa.html, whose routes add and remove galleries as a single-page app does.
//!
//! Every test runs on examples/spa.html under the strict CSP: its Settings route has no
//! gallery, so a test adds its own elements there as a host's script would. That a
//! gallery sends nothing more is shown with a clock, never a sleep: another gallery on
//! the page, polling each second with another page size (its requests tell apart by
//! `limit=`), makes three requests while none of the silent one's arrives
//! ([`stays_quiet`]).

mod events;
mod loading;
mod options;
mod start_stop;

use anyhow::{ensure, Context as _, Result};
use jobs_gallery_e2e::serde_json::{json, Value};
use jobs_gallery_e2e::{dist_dir, run, secs, Options, Test, PAGE_TIMEOUT};

/// The single-page app example.
const SPA: &str = "/examples/spa.html";

/// The dark theme's background (`--jg-bg` in dark).
const DARK: &str = "rgb(13, 17, 23)";

/// Collects CSP violations from the first script on, before the page's own.
const CSP_PROBE: &str = r#"window.__cspViolations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"#;

/// Attributes for a gallery that polls each second (`poll-idle-ms` is the one that
/// counts under the frozen clock, where every job is finished).
const FAST: &str = r#"poll-active-ms="1000" poll-idle-ms="1000""#;

/// The frozen demo (the job list stands still) under the strict CSP.
fn frozen_csp() -> Options {
    let mut options = Options::frozen();
    options.server_args.push("--csp".into());
    options
}

/// Opens the app on `route` and waits (bounded) until its script has run.
async fn open_spa(t: &Test, route: &str) -> Result<()> {
    t.open(&format!("{SPA}?route={route}")).await?;
    t.wait_until(
        "the app's script to run (window.spa)",
        PAGE_TIMEOUT,
        || async {
            let on = t
                .js("return window.spa ? window.spa.route : null;", vec![])
                .await?;
            Ok((on == json!(route)).then_some(()))
        },
    )
    .await
}

/// Adds `html` at the end of the page's body, as a host's script would.
async fn add(t: &Test, html: &str) -> Result<()> {
    t.js(
        "document.body.insertAdjacentHTML('beforeend', arguments[0]);",
        vec![json!(html)],
    )
    .await?;
    Ok(())
}

/// A `<jobs-gallery>` with the demo key, `id` and the other attributes `attrs`.
fn element(id: &str, attrs: &str) -> String {
    format!(r#"<jobs-gallery id="{id}" api-key="dpct_demo" {attrs}></jobs-gallery>"#)
}

/// Runs `script` with `g` the element whose id is `id`; returns what it returns.
async fn on_element(t: &Test, id: &str, script: &str) -> Result<Value> {
    let script = format!("const g = document.getElementById(arguments[0]);\n{script}");
    t.js(&script, vec![json!(id)]).await
}

/// Makes every gallery the app creates from now on poll each second.
async fn poll_fast(t: &Test) -> Result<()> {
    t.js(
        "Object.assign(spa.attributes, { 'poll-active-ms': '1000', 'poll-idle-ms': '1000' });",
        vec![],
    )
    .await?;
    Ok(())
}

/// Shows that no request whose path and query contain one of `silent` arrives at the
/// server while the gallery whose requests contain `clock` (polling each second) makes
/// three more. One of the clock's polls first lets a request already on its way land
/// (the server logs a request when its answer is complete).
async fn stays_quiet(t: &Test, clock: &str, silent: &[&str]) -> Result<()> {
    let counts = || {
        silent
            .iter()
            .map(|s| t.requests(s).len())
            .collect::<Vec<_>>()
    };
    let ticks = t.requests(clock).len();
    t.wait_requests(clock, ticks + 1, secs(10)).await?;
    let before = counts();
    t.wait_requests(clock, ticks + 4, secs(20)).await?;
    let after = counts();
    ensure!(
        before == after,
        "requests for {silent:?} went on while `{clock}` polled 3 times: {before:?} -> {after:?}"
    );
    Ok(())
}

/// Runs `spa.cycle(n)` (mount a gallery, wait for its first page, unmount it; n times)
/// and waits (bounded: far above the ~0.1 s a cycle takes) until it is done.
async fn cycle(t: &Test, n: u64) -> Result<()> {
    t.js(
        r#"window.__cycled = null;
           window.spa.cycle(arguments[0]).then(
             () => { window.__cycled = 'done'; },
             e => { window.__cycled = String(e); });"#,
        vec![json!(n)],
    )
    .await?;
    let outcome = t
        .wait_until(
            &format!("{n} mounts and unmounts"),
            secs(30 + n / 2),
            || async {
                let v = t.js("return window.__cycled;", vec![]).await?;
                Ok(v.as_str().map(str::to_owned))
            },
        )
        .await;
    let outcome = match outcome {
        Ok(outcome) => outcome,
        Err(e) => {
            let done = t.js("return window.spa.cycles;", vec![]).await?;
            return Err(e.context(format!("{done} cycles done in all (spa.cycles)")));
        }
    };
    ensure!(outcome == "done", "spa.cycle({n}) failed: {outcome}");
    Ok(())
}

/// The record of `jobs-gallery-ready` from the mount element with id `gallery`.
fn ready_event(gallery: &str) -> Value {
    json!({ "name": "jobs-gallery-ready", "gallery": gallery, "on_root": false, "detail": {} })
}

/// `req_` and 16 hex digits, as the companion server makes them.
fn is_request_id(id: &Value) -> bool {
    id.as_str()
        .and_then(|id| id.strip_prefix("req_"))
        .is_some_and(|hex| hex.len() == 16 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Waits (bounded) until the gallery on screen shows the page of `size` jobs that holds
/// the job at `index` (from 0), and checks its jobs against the server's; returns them.
async fn expect_page_holding(t: &Test, host: &str, size: u32, index: u64) -> Result<Vec<String>> {
    let gallery = t.gallery_in(host);
    let page = index / u64::from(size) + 1;
    gallery.wait_cards(size as usize, PAGE_TIMEOUT).await?;
    gallery.wait_current_page(page, PAGE_TIMEOUT).await?;
    gallery.wait_idle(PAGE_TIMEOUT).await?;
    let shown = gallery.job_ids().await?;
    let expected = t.api_job_ids(size, (page - 1) * u64::from(size)).await?;
    ensure!(
        shown == expected,
        "at {size} a page, page {page} shows {shown:?}, the server lists {expected:?}"
    );
    Ok(shown)
}
