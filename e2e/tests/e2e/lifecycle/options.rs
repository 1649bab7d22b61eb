//! Settings changed while a gallery lives: attributes of `<jobs-gallery>` and
//! `setOptions` of `mount()`'s handle, with its `ready`, `refresh` and `unmount`.

use super::*;

#[tokio::test]
async fn page_size_attribute_keeps_the_first_job_in_view() {
    run!(frozen_csp(), |t| async move {
        open_spa(&t, "jobs").await?;
        let gallery = t.gallery_in("#main-gallery");
        gallery.wait_loaded(6).await?;
        gallery.next().await?;
        // Page 2 at 6 a page: the first job on screen is the 7th (index 6).
        let shown = expect_page_holding(&t, "#main-gallery", 6, 6).await?;
        let first = shown[0].clone();
        gallery.mark_root().await?;

        // The property, which sets the attribute: at 4 a page, index 6 is on page 2.
        let script = "g.pageSize = 4; return g.getAttribute('page-size');";
        let attribute = on_element(&t, "main-gallery", script).await?;
        ensure!(
            attribute == json!("4"),
            "pageSize = 4 set page-size to {attribute}"
        );
        let shown = expect_page_holding(&t, "#main-gallery", 4, 6).await?;
        ensure!(
            shown.contains(&first),
            "{first} left the screen at 4 a page: {shown:?}"
        );

        // The app's own select sets the attribute: the first on screen now is index 4,
        // on page 1 at 12 a page.
        t.wait_element("#jobs-page-size", PAGE_TIMEOUT)
            .await?
            .select_by_value("12")
            .await?;
        let shown = expect_page_holding(&t, "#main-gallery", 12, 4).await?;
        ensure!(
            shown.contains(&first),
            "{first} left the screen at 12 a page: {shown:?}"
        );
        ensure!(
            gallery.is_marked_root().await?,
            "a new page size mounted the gallery again"
        );
        t.assert_page_healthy(&[]).await
    })
    .await;
}

#[tokio::test]
async fn theme_attribute_applies_without_a_remount() {
    run!(frozen_csp(), |t| async move {
        open_spa(&t, "jobs").await?;
        let gallery = t.gallery_in("#main-gallery");
        gallery.wait_loaded(6).await?;
        let (_, light) = gallery.theme_and_background().await?;
        ensure!(light != json!(DARK), "the gallery starts dark: {light}");
        gallery.mark_root().await?;

        // The app's toggle sets theme="dark", then theme="light".
        for (theme, background) in [("dark", json!(DARK)), ("light", light)] {
            t.click("#jobs-theme").await?;
            let property = t
                .js(
                    "return document.getElementById('main-gallery').theme;",
                    vec![],
                )
                .await?;
            ensure!(
                property == json!(theme),
                "the element's theme property reads {property}, not {theme}"
            );
            let (_, now) = gallery.theme_and_background().await?;
            ensure!(
                now == background,
                "theme={theme} gave the background {now}, not {background}"
            );
            ensure!(
                gallery.is_marked_root().await?,
                "theme={theme} mounted the gallery again"
            );
        }
        t.assert_page_healthy(&[]).await
    })
    .await;
}

#[tokio::test]
async fn new_api_base_or_key_starts_over_on_page_one() {
    run!(frozen_csp(), |t| async move {
        open_spa(&t, "jobs").await?;
        let gallery = t.gallery_in("#main-gallery");
        gallery.wait_loaded(6).await?;
        gallery.next().await?;
        gallery.wait_current_page(2, PAGE_TIMEOUT).await?;
        gallery.wait_idle(PAGE_TIMEOUT).await?;

        // Another base (the `ok` scenario is the demo itself): page 1, from there.
        let script = "g.setAttribute('api-base', '/scenario/ok'); return g.apiBase;";
        let base = on_element(&t, "main-gallery", script).await?;
        ensure!(base == json!("/scenario/ok"), "apiBase reads {base}");
        expect_page_holding(&t, "#main-gallery", 6, 0).await?;
        t.wait_requests("/scenario/ok/v1/jobs?limit=6&offset=0", 1, secs(1))
            .await?;

        // Page 2 again, then another key (one the server refuses): page 1 is asked for.
        gallery.next().await?;
        gallery.wait_current_page(2, PAGE_TIMEOUT).await?;
        gallery.wait_idle(PAGE_TIMEOUT).await?;
        let before = t.requests("/scenario/ok/").len();
        let script =
            "g.setAttribute('api-key', 'not-a-key'); return [g.getAttribute('api-key'), g.apiKey];";
        let key = on_element(&t, "main-gallery", script).await?;
        ensure!(
            key == json!([null, ""]),
            "the new key stayed readable: {key}"
        );
        gallery
            .wait_error_kind("unauthorized", PAGE_TIMEOUT)
            .await?;
        let since: Vec<String> = t.requests("/scenario/ok/").split_off(before);
        ensure!(
            !since.is_empty()
                && since
                    .iter()
                    .all(|r| r.contains("offset=0") && r.contains(" 401")),
            "after the new key, expected refused requests for page 1 only: {since:?}"
        );
        t.assert_page_healthy(&["/scenario/ok/"]).await
    })
    .await;
}

#[tokio::test]
async fn mount_handle_is_ready_reconfigures_refreshes_and_unmounts() {
    run!(frozen_csp(), |t| async move {
        t.record_gallery_events().await?;
        open_spa(&t, "settings").await?;
        let root = t.gallery().root().to_owned();
        let mounted = t
            .with_loader(
                r#"const host = document.createElement('div');
                   host.id = 'handle-host';
                   document.body.append(host);
                   const handle = loader.mount(host, { apiKey: 'dpct_demo', pageSize: 6 });
                   window.__handle = handle;
                   const late = new Promise(r => setTimeout(() => r(false), 15000));
                   const ready = await Promise.race([handle.ready.then(() => true), late]);
                   return { ready, root: !!host.querySelector(args[0]),
                            methods: ['refresh', 'setOptions', 'unmount']
                              .filter(m => typeof handle[m] === 'function') };"#,
                vec![json!(root)],
            )
            .await?;
        ensure!(
            mounted
                == json!({
                    "ready": true, "root": true, "methods": ["refresh", "setOptions", "unmount"],
                }),
            "mount() gave {mounted}: ready should resolve with the gallery's markup in place"
        );
        let gallery = t.gallery_in("#handle-host");
        gallery.wait_loaded(6).await?;
        let ready = t.gallery_events("jobs-gallery-ready").await?;
        ensure!(
            ready == vec![ready_event("handle-host")],
            "jobs-gallery-ready should come once, from the mount element: {ready:?}"
        );

        t.js("window.__handle.setOptions({ pageSize: 4 });", vec![])
            .await?;
        expect_page_holding(&t, "#handle-host", 4, 0).await?;
        // The theme applies at once: by the next command.
        t.js("window.__handle.setOptions({ theme: 'dark' });", vec![])
            .await?;
        let theme = on_element(&t, "handle-host", "return g.dataset.theme;").await?;
        ensure!(
            theme == json!("dark"),
            "setOptions({{theme: 'dark'}}) left data-theme {theme}"
        );
        let (_, background) = gallery.theme_and_background().await?;
        ensure!(
            background == json!(DARK),
            "the dark theme did not apply: {background}"
        );

        let asked = t.requests("limit=4&offset=0").len();
        t.js("window.__handle.refresh();", vec![]).await?;
        t.wait_requests("limit=4&offset=0", asked + 1, secs(5))
            .await?;
        gallery.wait_idle(PAGE_TIMEOUT).await?;

        let script = "__handle.unmount(); __handle.unmount(); return g.childElementCount;";
        let left = on_element(&t, "handle-host", script).await?;
        ensure!(
            left == json!(0),
            "unmount() left {left} elements in the mount element"
        );
        ensure!(
            t.diagnostics().await?.galleries == 0,
            "a gallery is still alive after unmount()"
        );

        // Unmounted before it was ready: its `ready` stays pending (no rejection) and it
        // never mounts, while one mounted after it does.
        let early = t
            .with_loader(
                r#"const [a, b] = ['early', 'after'].map(id => {
                     const e = document.createElement('div');
                     e.id = id;
                     document.body.append(e);
                     return e;
                   });
                   const early = loader.mount(a, { apiKey: 'dpct_demo', pageSize: 6 });
                   early.unmount();
                   const after = loader.mount(b, { apiKey: 'dpct_demo', pageSize: 6 });
                   const late = new Promise(r => setTimeout(() => r(false), 15000));
                   const ready = await Promise.race([after.ready.then(() => true), late]);
                   // A task later: a promise already settled has run its callbacks by then.
                   const state = await Promise.race([
                     early.ready.then(() => 'resolved', () => 'rejected'),
                     new Promise(r => setTimeout(() => r('pending'))),
                   ]);
                   after.unmount();
                   const { galleries } = loader.diagnostics();
                   return { ready, state, early: a.childElementCount, galleries };"#,
                vec![],
            )
            .await?;
        ensure!(
            early == json!({ "ready": true, "state": "pending", "early": 0, "galleries": 0 }),
            "a handle unmounted before ready: {early}"
        );
        t.assert_page_healthy(&[]).await
    })
    .await;
}
