//! examples/embed.html under the strict Content-Security-Policy: two galleries with
//! different settings on a host page with its own styles, each with its own page,
//! polling and theme; the JavaScript handle's unmount stops its gallery.

use anyhow::ensure;
use jobs_gallery_e2e::serde_json::{json, Value};
use jobs_gallery_e2e::{run, secs, Options, PAGE_TIMEOUT};

/// Collects CSP violations from the first script on, before the page's own.
const CSP_PROBE: &str = "window.__cspViolations = []; document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));";

#[tokio::test]
async fn embed_page_runs_two_independent_galleries_under_a_strict_csp() {
    // A new live job every 2 s keeps both galleries on their fast poll.
    let options = Options {
        server_args: vec!["--csp".into(), "--live-interval".into(), "2".into()],
        ..Options::default()
    };
    run!(options, |t| async move {
        let (left, right) = (t.gallery_in("#left"), t.gallery_in("#right"));
        // Open the page once a live job is running, so both galleries start on the fast poll
        // (asked from a page of the same origin, which the in-page fetch needs: a plain
        // stylesheet, since Firefox shows JSON such as /scenario in its JSON viewer,
        // whose own CSP (default-src 'none') blocks any fetch).
        t.open("/examples/embed-host.css").await?;
        t.wait_until("a live job in the demo", secs(10), || async {
            let page = t.api_get("/v1/jobs?limit=1&offset=0").await?;
            let status = page["body"]["generations"][0]["status"].as_str().unwrap_or_default().to_owned();
            Ok(matches!(status.as_str(), "pending" | "processing").then_some(()))
        })
        .await?;
        t.add_init_script(CSP_PROBE).await?;
        t.open("/examples/embed.html").await?;
        left.wait_cards(6, PAGE_TIMEOUT).await?;
        right.wait_cards(4, PAGE_TIMEOUT).await?;

        let policy = t.js_async("fetch(location.href).then(r => arguments[0](r.headers.get('content-security-policy')));", vec![]).await?;
        ensure!(policy.as_str().is_some_and(|p| p.contains("script-src 'self' 'wasm-unsafe-eval'")), "the page was not served under the strict CSP: {policy}");
        let violations = t.js("return window.__cspViolations;", vec![]).await?;
        ensure!(violations == json!([]), "CSP violations: {violations}");

        // Themed apart: the drop-in one dark by data-theme, the other by the host's custom properties.
        let (_, left_background) = left.theme_and_background().await?;
        ensure!(left_background == json!("rgb(13, 17, 23)"), "data-theme=dark did not apply: {left_background}");
        let looks: Value = t
            .js(
                r#"return { current: getComputedStyle(document.querySelector(arguments[0])).backgroundColor,
                            img: getComputedStyle(document.querySelector(arguments[1]) || document.body).borderTopWidth };"#,
                vec![json!(right.current_page_button()), json!(right.thumbnail_image())],
            )
            .await?;
        ensure!(looks["current"] == json!("rgb(156, 59, 18)"), "the host's --jg-accent did not reach the widget: {looks}");
        ensure!(looks["img"] == json!("0px"), "the host's global img rule reached the thumbnails: {looks}");

        // Paging one leaves the other where it was; the address shows only the moved one.
        left.next().await?;
        left.wait_current_page(2, PAGE_TIMEOUT).await?;
        right.wait_current_page(1, secs(1)).await?;
        let search = t.js("return location.search;", vec![]).await?;
        ensure!(search == json!("?left.page=2"), "URL sync wrote {search}");

        left.previous().await?;
        left.wait_current_page(1, PAGE_TIMEOUT).await?;
        let search = t.js("return location.search;", vec![]).await?;
        ensure!(search == json!(""), "page 1 should leave the address clean, not {search}");

        // unmount() removes the right gallery and stops its polling: while the left one
        // keeps polling (three more of its requests: its first page always holds a live
        // job, so it polls every 2 s), the right one, on the same interval, makes none.
        t.wait_requests("limit=4&", 2, secs(10)).await?;
        t.click("#right-unmount").await?;
        right.wait_gone(secs(5)).await?;
        let right_before = t.requests("limit=4&").len();
        let left_before = t.requests("limit=6&").len();
        t.wait_requests("limit=6&", left_before + 3, secs(20)).await?;
        let right_after = t.requests("limit=4&").len();
        ensure!(right_after == right_before, "the unmounted gallery went on polling: {} more requests", right_after - right_before);

        t.assert_page_healthy(&[]).await
    })
    .await;
}
