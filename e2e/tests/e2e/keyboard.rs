//! Keyboard only: Tab reaches every control of the gallery, in order and visibly
//! focused; Enter and Space work the pager, Enter in the jump field submits, arrow
//! keys change the page size; Enter opens the viewer and Esc closes it, with focus
//! back on the thumbnail; Retry works from the keyboard. `document.activeElement` is
//! checked after each key.

use anyhow::{ensure, Context as _, Result};
use jobs_gallery_e2e::fantoccini::key::Key;
use jobs_gallery_e2e::serde_json::{json, Value};
use jobs_gallery_e2e::{run, secs, Options, Test, PAGE_TIMEOUT};

/// Every control in the gallery a keyboard user should reach (enabled, not inside a
/// closed dialog), numbered in document order with `data-e2e-focus`.
async fn number_the_controls(t: &Test) -> Result<Vec<Value>> {
    let v = t
        .js(
            r#"const root = document.querySelector(arguments[0]);
               const all = Array.from(root.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]'))
                 .filter(e => !e.disabled && e.getAttribute('tabindex') !== '-1' && !e.closest('dialog:not([open])')
                              && e.getClientRects().length > 0);
               return all.map((e, i) => {
                 e.setAttribute('data-e2e-focus', String(i));
                 return (e.tagName.toLowerCase() + '.' + Array.from(e.classList).join('.') + ' '
                         + (e.getAttribute('aria-label') || e.textContent.replace(/\s+/g, ' ').trim())).slice(0, 80);
               });"#,
            vec![json!(t.gallery().root())],
        )
        .await?;
    Ok(v.as_array().cloned().unwrap_or_default())
}

/// After a Tab: which numbered control has focus (or null), and whether it shows it.
async fn focus_state(t: &Test) -> Result<Value> {
    t.js(
        r#"const e = document.activeElement;
           if (!e || !e.hasAttribute('data-e2e-focus')) return { index: null };
           const s = getComputedStyle(e);
           const shown = e.matches(':focus-visible')
             && ((s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none');
           return { index: Number(e.getAttribute('data-e2e-focus')), visible: shown };"#,
        vec![],
    )
    .await
}

#[tokio::test]
async fn tab_reaches_every_control_in_order() {
    run!(Options::frozen(), |t| async move {
        let gallery = t.gallery();
        gallery.open_loaded("/", 20).await?;
        let controls = number_the_controls(&t).await?;
        let text = |i: usize| controls[i].as_str().unwrap_or_default().to_string();
        // What the list must hold (so that the check below means something).
        for needed in [
            "Refresh",
            "Go to job",
            "Download this page",
            "Copy id (job ",
            "a.jg-thumb",
            "Page 2",
            "Next page",
            "jg-input",
            "Go",
        ] {
            ensure!(
                controls
                    .iter()
                    .any(|c| c.as_str().unwrap_or_default().contains(needed)),
                "no `{needed}` among {controls:?}"
            );
        }
        ensure!(
            t.find_all(&gallery.page_size()).await?.len() == 1,
            "no page-size select"
        );

        // From the top of the document, Tab through the page's own form into the gallery
        // and on to its last control; every press must land on the next control.
        t.js(
            "document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);",
            vec![],
        )
        .await?;
        let mut expected = 0usize;
        let mut presses = 0usize;
        while expected < controls.len() {
            t.press(Key::Tab.into()).await?;
            presses += 1;
            ensure!(
                presses <= controls.len() + 10,
                "Tab never reached {}",
                text(expected)
            );
            let state = focus_state(&t).await?;
            let Some(index) = state["index"].as_u64() else {
                // Still before the gallery (the demo page's scenario switch).
                ensure!(
                    expected == 0,
                    "after {}, Tab left the gallery for {}",
                    text(expected - 1),
                    t.focused().await?
                );
                continue;
            };
            ensure!(
                index as usize == expected,
                "Tab went to {} instead of {}",
                text(index as usize),
                text(expected)
            );
            ensure!(
                state["visible"] == json!(true),
                "{} has focus but shows no focus indicator",
                text(expected)
            );
            expected += 1;
        }
        eprintln!(
            "Tab went through all {} controls of the gallery in {presses} presses",
            controls.len()
        );
        t.assert_page_healthy(&[]).await
    })
    .await;
}

#[tokio::test]
async fn the_pager_works_from_the_keyboard() {
    run!(Options::frozen(), |t| async move {
        let gallery = t.gallery();
        gallery.open_loaded("/", 20).await?;
        let total = t.api_get("/v1/jobs?limit=1&offset=0").await?["body"]["total"]
            .as_u64()
            .unwrap_or(0);
        let range = |first: u64, last: u64| format!("Showing {first}\u{2013}{last} of {total}");

        // Space on a page button.
        t.tab_to(&gallery.page_button(3), 120).await?;
        t.press(' ').await?;
        gallery.wait_range(&range(41, 60), PAGE_TIMEOUT).await?;
        ensure!(
            t.focus_matches(&format!("{}[aria-current='page']", gallery.page_button(3)))
                .await?,
            "after Space, focus should stay on the now current page 3, is on {}",
            t.focused().await?
        );

        // Enter on Next.
        t.tab_to(&gallery.next_button(), 10).await?;
        t.press(Key::Enter.into()).await?;
        gallery.wait_range(&range(61, 80), PAGE_TIMEOUT).await?;
        ensure!(
            t.focus_matches(&gallery.next_button()).await?,
            "after Enter, focus should stay on Next, is on {}",
            t.focused().await?
        );

        // Enter in the jump field.
        t.tab_to(&gallery.jump_field(), 5).await?;
        t.type_keys("2").await?;
        t.press(Key::Enter.into()).await?;
        gallery.wait_range(&range(21, 40), PAGE_TIMEOUT).await?;
        ensure!(
            t.focus_matches(&gallery.jump_field()).await?,
            "after Enter, focus should stay in the field, is on {}",
            t.focused().await?
        );

        // Arrow keys on the page-size select (20 → 50).
        t.tab_to(&gallery.page_size(), 5).await?;
        t.press(Key::Down.into()).await?;
        gallery.wait_cards(50, PAGE_TIMEOUT).await?;
        gallery.wait_range(&range(1, 50), PAGE_TIMEOUT).await?;
        ensure!(
            t.focus_matches(&gallery.page_size()).await?,
            "after the arrow key, focus should stay on the select, is on {}",
            t.focused().await?
        );

        t.assert_page_healthy(&[]).await
    })
    .await;
}

/// Enter on a card's Copy id copies the job's id (clipboard reads allowed by the
/// harness, as a person would by using the page) and says so; focus stays on the button.
#[tokio::test]
async fn enter_on_copy_id_copies_the_job_id() {
    run!(Options::frozen(), |t| async move {
        let gallery = t.gallery();
        gallery.open_loaded("/", 20).await?;
        t.allow_clipboard().await?;
        let first_id = gallery
            .job_ids()
            .await?
            .first()
            .cloned()
            .unwrap_or_default();
        t.tab_to(&gallery.copy_id(), 40).await?;
        ensure!(
            t.focus_matches(&gallery.copy_id_of(&first_id)).await?,
            "Tab should reach the first card's Copy id first, is on {}",
            t.focused().await?
        );
        t.press(Key::Enter.into()).await?;
        t.wait_until("the button to say Copied", secs(3), || async {
            Ok(t.focused().await?.contains("Copied").then_some(()))
        })
        .await?;
        let copied = t.clipboard_text().await?;
        ensure!(
            copied == first_id,
            "the clipboard holds {copied}, expected {first_id}"
        );
        t.assert_page_healthy(&[]).await
    })
    .await;
}

/// Enter on a thumbnail opens the viewer (a modal dialog) with focus inside; the arrow
/// keys move through the pictures; Esc closes it and focus is back on the thumbnail.
#[tokio::test]
async fn enter_opens_the_viewer_and_esc_closes_it() {
    run!(Options::frozen(), |t| async move {
        let gallery = t.gallery();
        gallery.open_loaded("/", 20).await?;
        t.tab_to(&gallery.thumbnail_link(), 60).await?;
        t.js(
            "document.activeElement.setAttribute('data-e2e-opener', '');",
            vec![],
        )
        .await?;
        let before = t.client.windows().await?.len();

        t.press(Key::Enter.into()).await?;
        gallery.wait_viewer_open(secs(5)).await?;
        ensure!(
            t.focus_matches(&gallery.inside_viewer()).await?,
            "focus should move into the viewer, is on {}",
            t.focused().await?
        );
        ensure!(
            t.client.windows().await?.len() == before,
            "Enter opened a new window instead of the viewer"
        );
        let count = gallery.viewer_position().await?;
        ensure!(
            count.starts_with("1 / "),
            "the viewer should show the first picture: {count:?}"
        );
        t.press(Key::Right.into()).await?;
        t.wait_until("ArrowRight to show the next picture", secs(3), || async {
            Ok(gallery
                .viewer_position()
                .await?
                .starts_with("2 / ")
                .then_some(()))
        })
        .await?;

        t.press(Key::Escape.into()).await?;
        gallery
            .wait_viewer_closed(secs(3))
            .await
            .context("Esc to close the viewer")?;
        ensure!(
            t.focus_matches("[data-e2e-opener]").await?,
            "after Esc, focus should be back on the thumbnail, is on {}",
            t.focused().await?
        );
        t.assert_page_healthy(&[]).await
    })
    .await;
}

/// In the error state: Tab reaches Retry and Copy details; Enter and Space on Retry
/// each send a new request.
#[tokio::test]
async fn retry_works_from_the_keyboard() {
    run!(|t| async move {
        let gallery = t.gallery();
        t.open_scenario("500").await?;
        gallery.wait_banner(PAGE_TIMEOUT).await?;
        let asked = t
            .wait_requests("/scenario/500/v1/jobs", 1, PAGE_TIMEOUT)
            .await?
            .len();
        gallery.wait_idle(PAGE_TIMEOUT).await?;
        t.blur().await?;
        t.tab_to(&gallery.banner_buttons_but_retry(), 20).await?;
        ensure!(
            t.focused().await?.contains("Copy details"),
            "expected Copy details, focus is on {}",
            t.focused().await?
        );
        t.tab_to(&gallery.retry_button(), 5).await?;
        t.press(Key::Enter.into()).await?;
        t.wait_requests("/scenario/500/v1/jobs", asked + 1, secs(5))
            .await?;
        gallery.wait_idle(PAGE_TIMEOUT).await?;
        // The new answer fails the same way: focus stays on Retry, and Space retries.
        ensure!(
            t.focus_matches(&gallery.retry_button()).await?,
            "after Enter on Retry, focus should stay on Retry, is on {}",
            t.focused().await?
        );
        t.press(' ').await?;
        t.wait_requests("/scenario/500/v1/jobs", asked + 2, secs(5))
            .await?;
        gallery
            .wait_error_kind("server_error", PAGE_TIMEOUT)
            .await?;
        t.assert_page_healthy(&["/scenario/500/v1/jobs"]).await
    })
    .await;
}
