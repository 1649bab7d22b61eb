//! The harness itself: server, WebDriver server, browser session, console log,
//! axe-core, the test's name. These pass without a working widget.

use jobs_gallery_e2e::{run, secs, serde_json::json, PAGE_TIMEOUT};

/// The release build is served, and the API answers in the browser's origin.
#[tokio::test]
async fn harness_serves_dist_and_api() {
    run!(|t| async move {
        // run! names the test after its function (its artifacts too).
        anyhow::ensure!(t.name() == "harness_serves_dist_and_api", "the test is named {:?}", t.name());
        t.open("/").await?;
        // index.html from dist/ with its mount element
        t.wait_element("[data-jobs-gallery]", PAGE_TIMEOUT).await?;
        // the API, same origin, with the demo key the page uses
        let api = t
            .js_async(
                r#"const done = arguments[arguments.length - 1];
                   fetch('/v1/jobs?limit=3&offset=0', { headers: { Authorization: 'Bearer dpct_demo' } })
                     .then(async r => done({ status: r.status, body: await r.json() }))
                     .catch(e => done({ error: String(e) }));"#,
                vec![],
            )
            .await?;
        anyhow::ensure!(api["status"] == json!(200), "GET /v1/jobs answered {api}");
        let jobs = api["body"]["generations"].as_array().cloned().unwrap_or_default();
        anyhow::ensure!(jobs.len() == 3, "expected 3 generations with limit=3, got {api}");
        anyhow::ensure!(api["body"]["total"].as_u64().unwrap_or(0) >= 3, "total in {api}");
        Ok(())
    })
    .await;
}

/// Uncaught errors reach the console record; axe-core can be injected and run.
#[tokio::test]
async fn harness_reads_console_and_runs_axe() {
    run!(|t| async move {
        t.open("/").await?;
        t.wait_element("[data-jobs-gallery]", PAGE_TIMEOUT).await?;
        t.js("setTimeout(() => { throw new Error('e2e-probe uncaught'); }, 0); console.error('e2e-probe console');", vec![])
            .await?;
        let errors = t
            .wait_until("both probe errors in the browser log", secs(5), || async {
                let errors = t.console_errors().await?;
                let text: Vec<String> = errors.iter().map(|e| e.message.clone()).collect();
                let both = text.iter().any(|m| m.contains("e2e-probe uncaught"))
                    && text.iter().any(|m| m.contains("e2e-probe console"));
                Ok(both.then_some(errors))
            })
            .await?;
        anyhow::ensure!(t.assert_no_console_errors().await.is_err(), "errors not reported: {errors:?}");
        // axe runs (its verdict on the page is the widget's business, not the harness's)
        let violations = t.axe_violations(None).await?;
        eprintln!("axe on the page: {} violation(s)", violations.len());
        Ok(())
    })
    .await;
}
