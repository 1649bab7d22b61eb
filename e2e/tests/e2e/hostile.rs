//! Hostile content: markup in every string the server sends is shown as text, no
//! `javascript:`/`data:`/`vbscript:` URL becomes a link or an image source, unsafe
//! links show "Invalid link", a broken body gives the decode banner, and the page
//! never dies.

use anyhow::{ensure, Result};
use jobs_gallery_e2e::serde_json::{json, Value};
use jobs_gallery_e2e::{run, secs, Test, PAGE_TIMEOUT};

/// Installed before any script of the page runs: a dialog from a payload (`alert(1)`)
/// is recorded instead of shown.
const TRAP: &str = r#"window.__e2eDialogs = [];
for (const f of ['alert', 'confirm', 'prompt']) {
  window[f] = (m) => { window.__e2eDialogs.push(f + ':' + String(m)); };
}"#;

async fn trap_dialogs(t: &Test) -> Result<()> {
    t.add_init_script(TRAP).await?;
    Ok(())
}

async fn dialogs(t: &Test) -> Result<Value> {
    t.js("return window.__e2eDialogs || 'trap missing';", vec![])
        .await
}

#[tokio::test]
async fn hostile_content_is_shown_as_text() {
    run!(|t| async move {
        let gallery = t.gallery();
        trap_dialogs(&t).await?;
        t.open_scenario("hostile").await?;
        gallery.wait_loaded(5).await?;

        let found = t
            .js(
                r#"const root = document.querySelector(arguments[0]);
                   const all = Array.from(root.querySelectorAll('*'));
                   const describe = e => e.outerHTML.slice(0, 160);
                   const urlAttrs = ['href', 'src', 'srcset', 'action', 'formaction', 'poster', 'xlink:href', 'data'];
                   const badUrl = v => /^\s*(javascript|data|vbscript):/i.test(v);
                   return {
                     // elements the payloads would create if parsed as markup
                     injected: all.filter(e => ['SCRIPT', 'B', 'IFRAME', 'OBJECT', 'EMBED'].includes(e.tagName)
                                          || (e.tagName === 'IMG' && e.getAttribute('src') === 'x')).map(describe),
                     handlers: all.filter(e => Array.from(e.attributes).some(a => a.name.startsWith('on'))).map(describe),
                     bad_urls: all.filter(e => urlAttrs.some(a => e.hasAttribute(a) && badUrl(e.getAttribute(a)))).map(describe),
                     // every link and image source: http(s) or root-relative on this origin
                     foreign: all.filter(e => (e.tagName === 'A' && e.hasAttribute('href')) || (e.tagName === 'IMG' && e.hasAttribute('src')))
                                 .map(e => e.getAttribute(e.tagName === 'A' ? 'href' : 'src'))
                                 .filter(v => !/^https?:\/\//i.test(v) && !(v.startsWith('/') && !v.startsWith('//'))),
                     text: root.textContent,
                   };"#,
                vec![json!(gallery.root())],
            )
            .await?;
        for key in ["injected", "handlers", "bad_urls", "foreign"] {
            ensure!(found[key].as_array().is_some_and(|a| a.is_empty()), "{key}: {}", found[key]);
        }
        let invalid = gallery.invalid_link_tiles().await?;
        ensure!(!invalid.is_empty(), "no \"Invalid link\" tile for the javascript:/data:/vbscript: links");
        ensure!(invalid.iter().all(|t| t == &json!("Invalid link")), "tiles: {invalid:?}");
        // The payloads are there, as text.
        let text = found["text"].as_str().unwrap_or_default();
        for payload in ["<img src=x onerror=alert(1)>", "<script>alert(1)</script>"] {
            ensure!(text.contains(payload), "the payload {payload:?} is not shown as text");
        }
        ensure!(dialogs(&t).await? == json!([]), "a payload ran: {}", dialogs(&t).await?);
        // A link with a quote in it is a plain (failing) https request, never markup.
        t.assert_page_healthy(&["example.invalid"]).await
    })
    .await;
}

/// A body cut in half, and one with the wrong types: the decode banner, Retry, and the
/// page keeps working.
#[tokio::test]
async fn broken_bodies_give_the_decode_banner() {
    run!(|t| async move {
        let gallery = t.gallery();
        trap_dialogs(&t).await?;
        for name in ["truncated", "mistyped"] {
            t.forget_console().await?;
            t.open_scenario(name).await?;
            gallery.wait_error_kind("decode", PAGE_TIMEOUT).await?;
            let asked = t
                .wait_requests(&format!("/scenario/{name}/v1/jobs"), 1, PAGE_TIMEOUT)
                .await?
                .len();
            gallery.wait_idle(PAGE_TIMEOUT).await?;
            gallery.retry().await?;
            t.wait_requests(&format!("/scenario/{name}/v1/jobs"), asked + 1, secs(5))
                .await?;
            gallery.wait_error_kind("decode", PAGE_TIMEOUT).await?;
            gallery.wait_idle(PAGE_TIMEOUT).await?;
            ensure!(
                t.find_all(&format!("{} article", gallery.root()))
                    .await?
                    .is_empty(),
                "{name}: cards from an unreadable body"
            );
            // A 200 that cannot be read is no failed request: nothing may be logged.
            t.assert_page_healthy(&[])
                .await
                .map_err(|e| e.context(format!("scenario `{name}`")))?;
        }
        ensure!(
            dialogs(&t).await? == json!([]),
            "a dialog opened: {}",
            dialogs(&t).await?
        );
        Ok(())
    })
    .await;
}
