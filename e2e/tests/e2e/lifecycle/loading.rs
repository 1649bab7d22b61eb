//! What importing the loader costs: nothing until a gallery is on the page, nothing
//! until a lazy one is near the viewport, and nothing at all without a window (Node).

use super::*;

#[tokio::test]
async fn importing_the_loader_without_a_gallery_fetches_no_wasm() {
    run!(frozen_csp(), |t| async move {
        t.watch_fetches().await?;
        open_spa(&t, "settings").await?;
        // The loader has run (imported here again: the same module) and the page is done.
        let d = t.diagnostics().await?;
        ensure!(
            d.galleries == 0 && d.wasm_memory_bytes == 0,
            "before any gallery: {d:?}"
        );
        t.wait_until("the page's load event", PAGE_TIMEOUT, || async {
            let state = t.js("return document.readyState;", vec![]).await?;
            Ok((state == json!("complete")).then_some(()))
        })
        .await?;
        t.after_frames(2).await?;

        // A fetch() of the wasm shows at its call; a static import of the glue would have
        // been fetched before the loader ran; the server logs whatever it answered.
        let fetched = t.widget_code_fetches().await?;
        ensure!(
            fetched.is_empty(),
            "the page fetched the widget's code with no gallery: {fetched:?}"
        );
        let (code, all) = t.widget_code_resources().await?;
        ensure!(
            all.iter()
                .any(|name| name.ends_with("/jobs-gallery-loader.js")),
            "the loader is not among the page's resources: {all:?}"
        );
        ensure!(
            code.is_empty(),
            "resources of the widget's code with no gallery: {code:?}"
        );
        let served = t.widget_code_requests();
        ensure!(
            served.is_empty(),
            "the server sent the widget's code with no gallery: {served:?}"
        );
        let defined = t
            .js("return typeof customElements.get('jobs-gallery');", vec![])
            .await?;
        ensure!(
            defined == json!("function"),
            "<jobs-gallery> is not defined: {defined}"
        );

        // The first gallery brings the code, once: the checks above could see it.
        t.js("window.spa.go('jobs');", vec![]).await?;
        t.gallery_in("#main-gallery").wait_loaded(6).await?;
        let served = t.widget_code_requests();
        let wasm = served.iter().filter(|r| r.contains(".wasm")).count();
        ensure!(
            wasm == 1 && served.len() >= 2,
            "the first gallery should fetch the glue and the wasm once each: {served:?}"
        );
        ensure!(
            t.diagnostics().await?.wasm_memory_bytes > 0,
            "no wasm memory with a gallery mounted"
        );
        t.assert_page_healthy(&[]).await
    })
    .await;
}

#[tokio::test]
async fn a_lazy_gallery_waits_until_it_is_near_the_viewport() {
    run!(frozen_csp(), |t| async move {
        t.watch_fetches().await?;
        open_spa(&t, "settings").await?;
        // Three viewports down (the height set through the CSSOM, which the CSP allows).
        t.js(
            r#"const spacer = document.createElement('div');
               spacer.style.height = (3 * innerHeight) + 'px';
               document.body.append(spacer);
               document.body.insertAdjacentHTML('beforeend', arguments[0]);
               window.scrollTo(0, 0);"#,
            vec![json!(element("lazy", r#"loading="lazy" page-size="6""#))],
        )
        .await?;
        // Rendered three times: the observer's first notification has been delivered.
        t.after_frames(3).await?;
        let place = || async {
            t.js(
                r#"const g = document.getElementById('lazy'); const r = g.getBoundingClientRect();
                   const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
                   return { below_fold: r.top - innerHeight, height: r.height,
                            children: g.childElementCount, reserved: 30 * rem };"#,
                vec![],
            )
            .await
        };
        let before = place().await?;
        ensure!(
            before["children"] == json!(0),
            "it mounted far below the fold: {before}"
        );
        ensure!(
            before["below_fold"].as_f64().is_some_and(|px| px > 400.0),
            "the lazy gallery is not far below the fold: {before}"
        );
        // The CSS-only placeholder holds the gallery's space before the wasm runs.
        ensure!(
            before["height"]
                .as_f64()
                .zip(before["reserved"].as_f64())
                .is_some_and(|(height, reserved)| height + 0.5 >= reserved),
            "the empty element does not reserve its 30rem: {before}"
        );
        let fetched = t.widget_code_fetches().await?;
        ensure!(
            fetched.is_empty(),
            "a lazy gallery far below the fold fetched {fetched:?}"
        );
        let served = t.widget_code_requests();
        ensure!(
            served.is_empty(),
            "the server sent the widget's code: {served:?}"
        );

        // 100 px below the fold is within the 200 px the observer looks ahead: it mounts.
        t.js(
            r#"const top = document.getElementById('lazy').getBoundingClientRect().top;
               scrollBy(0, top - innerHeight - 100);"#,
            vec![],
        )
        .await?;
        let near = place().await?;
        ensure!(
            near["below_fold"]
                .as_f64()
                .is_some_and(|px| px > 0.0 && px < 200.0),
            "the scroll did not bring the gallery near the fold: {near}"
        );
        t.gallery_in("#lazy").wait_loaded(6).await?;
        let wasm = t
            .widget_code_requests()
            .iter()
            .filter(|r| r.contains(".wasm"))
            .count();
        ensure!(wasm == 1, "the wasm was fetched {wasm} times");
        t.assert_page_healthy(&[]).await
    })
    .await;
}

/// Imported where there is no `window` (Node, as in server-side rendering), the loader
/// does nothing: no fetch, no error, no unhandled rejection (Node would print it and
/// exit 1), no output; `mount()` gives an inert handle. Not a browser test: it needs
/// the build (`dist/`) and Node (`NODE`, default `node` on the PATH).
#[test]
fn importing_the_loader_in_node_does_nothing() {
    let loader = dist_dir()
        .unwrap_or_else(|e| panic!("{e:#}"))
        .join("jobs-gallery-loader.js");
    let url = url::Url::from_file_path(&loader)
        .unwrap_or_else(|()| panic!("{} is not an absolute path", loader.display()));
    let node = std::env::var("NODE").unwrap_or_else(|_| "node".into());
    let scripts = [
        format!("await import({});", json!(url.as_str())),
        format!(
            r#"const loader = await import({});
               const handle = loader.mount({{}}, {{ apiKey: 'dpct_x', pageSize: 4 }});
               handle.refresh(); handle.setOptions({{ pageSize: 6 }}); handle.unmount();
               const d = loader.diagnostics();
               if (typeof handle.ready?.then !== 'function') throw new Error('no ready promise');
               if (d.galleries || d.wasmMemoryBytes) throw new Error(JSON.stringify(d));"#,
            json!(url.as_str())
        ),
    ];
    for script in scripts {
        let out = std::process::Command::new(&node)
            .args([
                "--unhandled-rejections=strict",
                "--input-type=module",
                "-e",
                &script,
            ])
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("running {node}: {e}"));
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        assert!(
            out.status.success() && stdout.is_empty() && stderr.is_empty(),
            "node ran `{script}`: {}\nstdout: {stdout}\nstderr: {stderr}",
            out.status
        );
    }
}

/// The first page is asked for beside the wasm, not after it: the loader starts the
/// request as it starts fetching the wasm and the gallery takes it over, so its round
/// trip is off the critical path. On a page whose only tag for the widget is the loader
/// (the SPA here), a request the gallery made itself could start only once the wasm had
/// arrived and run, so a start before the wasm's last byte shows the lever.
#[tokio::test]
async fn the_first_page_is_asked_for_while_the_wasm_is_on_its_way() {
    run!(frozen_csp(), |t| async move {
        t.watch_fetches().await?;
        open_spa(&t, "jobs").await?;
        t.gallery().wait_loaded(6).await?;
        let timing = t
            .js(
                r#"const entries = performance.getEntriesByType('resource');
                   const wasm = entries.find(e => e.name.endsWith('.wasm'));
                   const jobs = entries.filter(e => e.name.includes('/v1/jobs?'));
                   return { wasmEnd: wasm && wasm.responseEnd, jobsStart: jobs[0] && jobs[0].startTime };"#,
                vec![],
            )
            .await?;
        let (wasm_end, jobs_start) = (timing["wasmEnd"].as_f64(), timing["jobsStart"].as_f64());
        ensure!(
            matches!((wasm_end, jobs_start), (Some(end), Some(start)) if start < end),
            "the first /v1/jobs request did not start before the wasm arrived: {timing}"
        );
        // Taken over, not asked twice.
        let first = t.fetches("/v1/jobs?limit=6&offset=0").await?;
        ensure!(first.len() == 1, "the first page was fetched {} times: {first:?}", first.len());
        t.assert_page_healthy(&[]).await
    })
    .await;
}
