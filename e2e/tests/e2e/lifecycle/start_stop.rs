//! Galleries start when their element comes and stop when it goes: added after load,
//! removed (no request after, the one in flight aborted), held out of the page (no poll
//! until it is back), moved (the page kept), 200 cycles (nothing left behind), and the
//! single-page app's routes.

use super::*;

#[tokio::test]
async fn a_gallery_element_added_after_load_starts() {
    run!(frozen_csp(), |t| async move {
        t.record_gallery_events().await?;
        open_spa(&t, "settings").await?;
        let d = t.diagnostics().await?;
        ensure!(d.galleries == 0, "the Settings route has galleries: {d:?}");

        add(&t, &element("late", r#"page-size="6""#)).await?;
        let gallery = t.gallery_in("#late");
        gallery.wait_loaded(6).await?;
        let first_six = t.api_job_ids(6, 0).await?;
        ensure!(
            gallery.job_ids().await? == first_six,
            "not the server's first 6 jobs"
        );

        // `ready` resolves; the properties reflect the attributes; the key left the DOM.
        let state = t
            .js_async(
                r#"const done = arguments[arguments.length - 1];
                   const g = document.getElementById('late');
                   const late = new Promise(r => setTimeout(() => r(false), 5000));
                   Promise.race([g.ready.then(() => true), late]).then(ready => done({
                     ready, page_size: g.pageSize, api_key: g.apiKey,
                     key_attribute: g.getAttribute('api-key'),
                     key_in_dom: document.documentElement.outerHTML.includes('dpct_demo'),
                   }));"#,
                vec![],
            )
            .await?;
        ensure!(
            state
                == json!({
                    "ready": true, "page_size": 6, "api_key": "", "key_attribute": null,
                    "key_in_dom": false,
                }),
            "the element after mounting: {state}"
        );
        let ready = t.gallery_events("jobs-gallery-ready").await?;
        ensure!(
            ready == vec![ready_event("late")],
            "jobs-gallery-ready should come once, from the element itself: {ready:?}"
        );
        t.assert_page_healthy(&[]).await
    })
    .await;
}

#[tokio::test]
async fn a_drop_in_added_after_load_starts() {
    run!(frozen_csp(), |t| async move {
        open_spa(&t, "settings").await?;
        // Inside an added subtree, as a framework renders it: the observer looks inside.
        add(
            &t,
            r#"<section id="later"><h2>Added later</h2>
                 <div id="nested" data-jobs-gallery data-api-key="dpct_demo" data-page-size="4">
                 </div>
               </section>"#,
        )
        .await?;
        t.gallery_in("#nested").wait_loaded(4).await?;
        // And one added on its own once the wasm is there.
        t.js(
            r#"const d = document.createElement('div');
               d.id = 'direct';
               Object.assign(d.dataset, { jobsGallery: '', apiKey: 'dpct_demo', pageSize: '5' });
               document.getElementById('later').append(d);"#,
            vec![],
        )
        .await?;
        t.gallery_in("#direct").wait_loaded(5).await?;

        let keys = t
            .js(
                r#"const ids = ['nested', 'direct'];
                   return ids.map(id => document.getElementById(id).dataset.apiKey);"#,
                vec![],
            )
            .await?;
        ensure!(
            keys == json!([null, null]),
            "data-api-key stayed in the DOM: {keys}"
        );
        let d = t.diagnostics().await?;
        ensure!(d.galleries == 2, "two drop-ins should be alive: {d:?}");

        // Taken out, then put back in a later task (a router keeping its route's DOM): it
        // starts again, with the key it had (without, the API answers 401, which the
        // page's health check refuses).
        t.js(
            "window.__direct = document.getElementById('direct'); window.__direct.remove();",
            vec![],
        )
        .await?;
        wait_galleries(&t, 1).await?;
        t.js(
            "document.getElementById('later').append(window.__direct);",
            vec![],
        )
        .await?;
        t.gallery_in("#direct").wait_loaded(5).await?;

        // The attribute taken from an element the host keeps stops its gallery; given
        // back, it starts one.
        on_element(&t, "nested", "g.removeAttribute('data-jobs-gallery');").await?;
        wait_galleries(&t, 1).await?;
        let left = on_element(&t, "nested", "return g.childElementCount;").await?;
        ensure!(
            left == json!(0),
            "the gallery stayed in #nested: {left} elements"
        );
        on_element(&t, "nested", "g.setAttribute('data-jobs-gallery', '');").await?;
        t.gallery_in("#nested").wait_loaded(4).await?;
        t.assert_page_healthy(&[]).await
    })
    .await;
}

/// Waits (bounded) until `n` galleries are alive.
async fn wait_galleries(t: &Test, n: u64) -> Result<()> {
    t.wait_until(&format!("{n} galleries alive"), PAGE_TIMEOUT, || async {
        Ok((t.diagnostics().await?.galleries == n).then_some(()))
    })
    .await
}

#[tokio::test]
async fn removed_galleries_stop_polling_and_abort_their_request() {
    run!(frozen_csp(), |t| async move {
        t.watch_fetches().await?;
        open_spa(&t, "settings").await?;
        // The clock (6 a page) stays; an element (4), a drop-in (5) and an element whose
        // request the server holds for 20 s (the `slow` scenario; its own timeout later
        // than that, so only the unmount can abort it) go.
        add(
            &t,
            &format!(
                r#"{}{}
                   <div id="drop-in" data-jobs-gallery data-api-key="dpct_demo" data-page-size="5"
                     data-poll-active-ms="1000" data-poll-idle-ms="1000"></div>
                   {}"#,
                element("clock", &format!(r#"page-size="6" {FAST}"#)),
                element("element", &format!(r#"page-size="4" {FAST}"#)),
                element(
                    "slow",
                    r#"api-base="/scenario/slow" page-size="7" timeout-ms="60000""#
                ),
            ),
        )
        .await?;
        t.gallery_in("#clock").wait_loaded(6).await?;
        t.gallery_in("#element").wait_loaded(4).await?;
        t.gallery_in("#drop-in").wait_loaded(5).await?;
        t.wait_until(
            "the slow gallery's request in flight",
            PAGE_TIMEOUT,
            || async {
                let slow = t.fetches("/scenario/slow/").await?;
                Ok((slow.len() == 1 && slow[0]["outcome"] == json!("pending")).then_some(()))
            },
        )
        .await?;
        // Both polling ones do poll, so that their silence later means something.
        for limit in ["limit=4&", "limit=5&"] {
            let n = t.requests(limit).len();
            t.wait_requests(limit, n + 2, secs(10)).await?;
        }

        let removed_at = t
            .js(
                r#"window.__removed = ['element', 'drop-in', 'slow']
                     .map(id => document.getElementById(id));
                   window.__removed.forEach(e => e.remove());
                   return performance.now();"#,
                vec![],
            )
            .await?
            .as_f64()
            .context("performance.now()")?;

        // The request in flight is aborted at once (`AbortError`, or the abort's reason).
        let outcome = t
            .wait_until("the slow gallery's request to end", secs(5), || async {
                let slow = t.fetches("/scenario/slow/").await?;
                let outcome = slow[0]["outcome"].clone();
                Ok((outcome != json!("pending")).then_some(outcome))
            })
            .await?;
        // Any rejection is the abort: the server is there, and holds its answer for 20 s.
        ensure!(
            outcome != json!("answered"),
            "the request in flight was answered, not aborted"
        );
        let script = "return window.__removed.map(e => e.childElementCount);";
        let children = t.js(script, vec![]).await?;
        ensure!(
            children == json!([0, 0, 0]),
            "removed elements keep markup: {children}"
        );
        let d = t.diagnostics().await?;
        ensure!(d.galleries == 1, "only the clock should be alive: {d:?}");

        stays_quiet(&t, "limit=6&", &["limit=4&", "limit=5&", "/scenario/slow/"]).await?;
        // Nor did the page start one after the removal (the server sees only answered ones).
        let mut started_after = Vec::new();
        for silent in ["limit=4&", "limit=5&", "/scenario/slow/"] {
            for f in t.fetches(silent).await? {
                if f["at"].as_f64().is_some_and(|at| at > removed_at) {
                    started_after.push(f);
                }
            }
        }
        ensure!(
            started_after.is_empty(),
            "fetched after their removal: {started_after:?}"
        );
        t.assert_page_healthy(&["/scenario/slow/"]).await
    })
    .await;
}

/// A gallery out of the page asks nothing: the loader unmounts a removed element a task
/// later (a move keeps it), and a `mount()` host may hold its element out for longer.
#[tokio::test]
async fn a_gallery_out_of_the_page_does_not_poll_and_polls_again_when_back() {
    run!(frozen_csp(), |t| async move {
        open_spa(&t, "settings").await?;
        add(&t, &element("clock", &format!(r#"page-size="6" {FAST}"#))).await?;
        t.with_loader(
            r#"const host = document.createElement('div');
               host.id = 'held';
               document.body.append(host);
               window.__held = host;
               loader.mount(host, { apiKey: 'dpct_demo', pageSize: 4,
                                    pollActiveMs: 1000, pollIdleMs: 1000 });"#,
            vec![],
        )
        .await?;
        t.gallery_in("#clock").wait_loaded(6).await?;
        t.gallery_in("#held").wait_loaded(4).await?;
        let n = t.requests("limit=4&").len();
        t.wait_requests("limit=4&", n + 2, secs(10)).await?;

        t.js("window.__held.remove();", vec![]).await?;
        stays_quiet(&t, "limit=6&", &["limit=4&"]).await?;

        t.js("document.body.append(window.__held);", vec![]).await?;
        let n = t.requests("limit=4&").len();
        t.wait_requests("limit=4&", n + 1, secs(10)).await?;
        t.assert_page_healthy(&[]).await
    })
    .await;
}

#[tokio::test]
async fn moving_a_gallery_keeps_its_page() {
    run!(frozen_csp(), |t| async move {
        t.record_gallery_events().await?;
        open_spa(&t, "jobs").await?;
        let gallery = t.gallery_in("#main-gallery");
        gallery.wait_loaded(6).await?;
        gallery.next().await?;
        gallery.wait_current_page(2, PAGE_TIMEOUT).await?;
        gallery.wait_idle(PAGE_TIMEOUT).await?;
        let ids = gallery.job_ids().await?;
        gallery.mark_root().await?;
        let before = t.diagnostics().await?;

        // The app's Move: remove, then append elsewhere, in one task. The deferred unmount
        // (a microtask after the removal) has had its chance before the next command.
        for slot in ["slot-b", "slot-a"] {
            t.click("#jobs-move").await?;
            let parent = t
                .js(
                    "return document.getElementById('main-gallery').parentElement.id;",
                    vec![],
                )
                .await?;
            ensure!(
                parent == json!(slot),
                "the gallery is in {parent}, not in {slot}"
            );
            ensure!(
                gallery.is_marked_root().await?,
                "moving to {slot} unmounted the gallery (its root is a new one)"
            );
            gallery.wait_current_page(2, secs(1)).await?;
            ensure!(
                gallery.job_ids().await? == ids,
                "moving to {slot} changed the jobs shown"
            );
            let now = t.diagnostics().await?;
            ensure!(
                now.galleries == before.galleries,
                "moving to {slot} changed the live galleries: {before:?} became {now:?}"
            );
        }
        let ready = t
            .gallery_event_details("jobs-gallery-ready", "main-gallery")
            .await?;
        ensure!(
            ready.len() == 1,
            "the moved gallery was mounted {} times",
            ready.len()
        );
        // Still alive, not a husk: it pages.
        gallery.previous().await?;
        gallery.wait_current_page(1, PAGE_TIMEOUT).await?;

        // A drop-in moved the same way (the loader's MutationObserver sees both records
        // in one callback) keeps its page too.
        t.js("window.spa.go('two');", vec![]).await?;
        let drop_in = t.gallery_in("#drop-in-gallery");
        drop_in.wait_loaded(4).await?;
        drop_in.next().await?;
        drop_in.wait_current_page(2, PAGE_TIMEOUT).await?;
        drop_in.wait_idle(PAGE_TIMEOUT).await?;
        drop_in.mark_root().await?;
        let before = t.diagnostics().await?;
        t.js(
            r#"const d = document.getElementById('drop-in-gallery');
               const to = document.querySelector('#view .column');
               d.remove(); to.append(d);"#,
            vec![],
        )
        .await?;
        t.after_frames(1).await?;
        ensure!(
            drop_in.is_marked_root().await?,
            "moving the drop-in unmounted it"
        );
        drop_in.wait_current_page(2, secs(1)).await?;
        let now = t.diagnostics().await?;
        ensure!(
            now.galleries == before.galleries,
            "moving the drop-in changed the live galleries: {before:?} became {now:?}"
        );
        t.assert_page_healthy(&[]).await
    })
    .await;
}

#[tokio::test]
async fn two_hundred_mounts_and_unmounts_leave_nothing_behind() {
    run!(frozen_csp(), |t| async move {
        open_spa(&t, "settings").await?;
        // Each polls each second, so that one left running would show at once below.
        poll_fast(&t).await?;
        cycle(&t, 20).await?;
        let warm = t.diagnostics().await?;
        ensure!(
            warm.galleries == 0 && warm.wasm_memory_bytes > 0,
            "after 20 cycles: {warm:?}"
        );
        cycle(&t, 200).await?;
        let after = t.diagnostics().await?;
        ensure!(after.galleries == 0, "after 220 cycles: {after:?}");
        let script =
            "return document.querySelectorAll('jobs-gallery, [data-jobs-gallery]').length;";
        let elements = t.js(script, vec![]).await?;
        ensure!(elements == json!(0), "{elements} gallery elements are left");
        t.gallery().wait_gone(secs(1)).await?;
        // The wasm's memory grows in 64 KiB pages and never shrinks. One page more is
        // allowed: the allocator may take one for a free list or a buffer that keeps its
        // capacity (a reactive arena's slots), whose growth can fall after the warm-up.
        // A leak shows as more: above ~650 bytes a cycle (128 KiB over 200) it must, and a
        // leaked gallery (its state, six cards' views) is kilobytes.
        ensure!(
            after.wasm_memory_bytes <= warm.wasm_memory_bytes + 65_536,
            "the wasm's memory grew from {} to {} bytes over 200 mount/unmount cycles",
            warm.wasm_memory_bytes,
            after.wasm_memory_bytes
        );

        // None of the 220 polls on (they asked for 6 a page; the clock asks for 12).
        add(&t, &element("clock", &format!(r#"page-size="12" {FAST}"#))).await?;
        t.gallery_in("#clock").wait_loaded(12).await?;
        stays_quiet(&t, "limit=12&", &["limit=6&"]).await?;
        t.assert_page_healthy(&[]).await
    })
    .await;
}

#[tokio::test]
async fn spa_routes_start_and_stop_their_galleries() {
    run!(frozen_csp(), |t| async move {
        t.add_init_script(CSP_PROBE).await?;
        open_spa(&t, "settings").await?;
        poll_fast(&t).await?;
        // Settings first: applied when the Jobs route makes its gallery.
        t.wait_element("#settings-page-size", PAGE_TIMEOUT)
            .await?
            .select_by_value("12")
            .await?;
        t.wait_element("#settings-theme", PAGE_TIMEOUT)
            .await?
            .select_by_value("dark")
            .await?;

        t.click("[data-route=jobs]").await?;
        let jobs = t.gallery_in("#main-gallery");
        jobs.wait_loaded(12).await?;
        let (_, background) = jobs.theme_and_background().await?;
        ensure!(
            background == json!(DARK),
            "the Settings theme did not apply: {background}"
        );
        let search = t.js("return location.search;", vec![]).await?;
        ensure!(search == json!("?route=jobs"), "the address reads {search}");

        // Two galleries: the Jobs one is gone and quiet.
        t.click("[data-route=two]").await?;
        t.gallery_in("#element-gallery").wait_loaded(5).await?;
        t.gallery_in("#drop-in-gallery").wait_loaded(4).await?;
        ensure!(
            t.find_all("#main-gallery").await?.is_empty(),
            "the Jobs gallery is still on the page"
        );
        ensure!(
            t.diagnostics().await?.galleries == 2,
            "not two galleries alive: {:?}",
            t.diagnostics().await?
        );
        stays_quiet(&t, "limit=4&", &["limit=12&"]).await?;

        // Back: the Jobs route again, the two quiet.
        t.js("history.back();", vec![]).await?;
        jobs.wait_loaded(12).await?;
        let search = t.js("return location.search;", vec![]).await?;
        ensure!(search == json!("?route=jobs"), "back went to {search}");
        ensure!(
            t.diagnostics().await?.galleries == 1,
            "not one gallery alive: {:?}",
            t.diagnostics().await?
        );
        stays_quiet(&t, "limit=12&", &["limit=5&", "limit=4&"]).await?;

        // Forward, then Settings: no gallery left, none polling (a clock of the test's).
        t.js("history.forward();", vec![]).await?;
        t.gallery_in("#drop-in-gallery").wait_loaded(4).await?;
        t.click("[data-route=settings]").await?;
        t.gallery().wait_gone(PAGE_TIMEOUT).await?;
        ensure!(
            t.diagnostics().await?.galleries == 0,
            "galleries alive on the Settings route"
        );
        add(&t, &element("clock", &format!(r#"page-size="7" {FAST}"#))).await?;
        t.gallery_in("#clock").wait_loaded(7).await?;
        stays_quiet(&t, "limit=7&", &["limit=12&", "limit=5&", "limit=4&"]).await?;

        let violations = t.js("return window.__cspViolations;", vec![]).await?;
        ensure!(violations == json!([]), "CSP violations: {violations}");
        t.assert_page_healthy(&[]).await
    })
    .await;
}
