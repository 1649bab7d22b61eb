//! A gallery's life on a host page, as the host sees it: the loader's exports
//! (`mount()`, `diagnostics()`), the events the galleries send, the requests they start
//! and the widget's code the page downloads.

use anyhow::{bail, Context as _, Result};
use serde_json::{json, Value};

use super::{Gallery, ROOT};
use crate::Test;

/// The loader, as host pages import it.
pub(super) const LOADER: &str = "/jobs-gallery-loader.js";

/// Every event the widget sends to its host page.
const EVENTS: &[&str] = &[
    "jobs-gallery-ready",
    "job-completed",
    "job-failed",
    "page-change",
    "gallery-error",
    "auth-required",
    "payment-required",
];

/// Records each of [`EVENTS`] that reaches the document: its name, the id of the
/// gallery's mount element (the nearest element with an id around the gallery's root),
/// whether it was sent from the root, and its detail as JSON.
const EVENT_PROBE: &str = r#"window.__jgEvents = [];
for (const name of NAMES) {
  document.addEventListener(name, (e) => {
    const root = e.target.closest ? e.target.closest(ROOT) : null;
    const host = root ? root.parentElement : e.target;
    const mount = host && host.closest ? host.closest('[id]') : null;
    window.__jgEvents.push({
      name,
      gallery: mount ? mount.id : null,
      on_root: !!(e.target.matches && e.target.matches(ROOT)),
      detail: JSON.parse(JSON.stringify(e.detail === undefined ? null : e.detail)),
    });
  });
}"#;

/// Records every `fetch()` the page makes, when it was called (`performance.now()`),
/// and how it ended: `pending`, `answered`, or the error's name (`AbortError`) or text.
const FETCH_PROBE: &str = r#"window.__jgFetches = [];
const fetch0 = window.fetch;
window.fetch = function (input, init) {
  const entry = { url: input instanceof Request ? input.url : String(input), at: performance.now(), outcome: 'pending' };
  window.__jgFetches.push(entry);
  const answer = fetch0.call(window, input, init);
  answer.then(() => { entry.outcome = 'answered'; }, (e) => { entry.outcome = (e && e.name) || String(e); });
  return answer;
};"#;

/// The loader's `diagnostics()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Diagnostics {
    /// Galleries alive on the page.
    pub galleries: u64,
    /// The wasm's memory in bytes (0 before the wasm loaded); it grows in 64 KiB pages
    /// and never shrinks.
    pub wasm_memory_bytes: u64,
}

/// Whether `url` (a path or an absolute URL) is the widget's code that the loader
/// fetches for the first gallery: the wasm, its JavaScript glue (`/jobs-gallery-HASH.js`)
/// or the glue's snippets; not the loader itself or the stylesheet.
fn is_widget_code(url: &str) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let file = path.rsplit('/').next().unwrap_or(path);
    file.ends_with(".wasm")
        || path.contains("/snippets/")
        || (file.starts_with("jobs-gallery-")
            && file.ends_with(".js")
            && file != "jobs-gallery-loader.js")
}

impl Test {
    /// Runs `body`, the body of an async function of `loader` (the loader's module: the
    /// instance examples/spa.js imported, where there is one, since a script the driver
    /// runs may get a module instance of its own, as in Firefox) and `args`, and returns what
    /// it returns (null for nothing); a throw fails with its message.
    pub async fn with_loader(&self, body: &str, args: Vec<Value>) -> Result<Value> {
        let script = format!(
            r#"const done = arguments[arguments.length - 1];
               const args = Array.prototype.slice.call(arguments, 0, -1);
               (window.spa ? Promise.resolve(window.spa.loader) : import({loader})).then((loader) => (async (loader, args) => {{ {body}
               }})(loader, args)).then(
                 (value) => done({{ value: value === undefined ? null : value }}),
                 (error) => done({{ error: String((error && error.stack) || error) }}));"#,
            loader = json!(LOADER),
        );
        let answer = self.js_async(&script, args).await?;
        if let Some(error) = answer.get("error") {
            bail!("in the page: {}", error.as_str().unwrap_or_default());
        }
        Ok(answer["value"].clone())
    }

    /// The loader's `diagnostics()` now.
    pub async fn diagnostics(&self) -> Result<Diagnostics> {
        let d = self
            .with_loader("return loader.diagnostics();", vec![])
            .await?;
        let number = |key: &str| {
            d[key]
                .as_u64()
                .with_context(|| format!("diagnostics() has no whole number `{key}`: {d}"))
        };
        Ok(Diagnostics {
            galleries: number("galleries")?,
            wasm_memory_bytes: number("wasmMemoryBytes")?,
        })
    }

    /// From the next page loaded on, records the widget's events that reach the
    /// document ([`Test::gallery_events`]).
    pub async fn record_gallery_events(&self) -> Result<()> {
        let probe = format!(
            "const ROOT = {}; const NAMES = {};\n{EVENT_PROBE}",
            json!(ROOT),
            json!(EVENTS)
        );
        self.add_init_script(&probe).await
    }

    /// The events named `name` recorded so far ([`Test::record_gallery_events`]), in
    /// order: `{gallery, on_root, detail}` (`gallery`: the id of its mount element).
    pub async fn gallery_events(&self, name: &str) -> Result<Vec<Value>> {
        let events = self
            .js(
                "return (window.__jgEvents || []).filter(e => e.name === arguments[0]);",
                vec![json!(name)],
            )
            .await?;
        Ok(events.as_array().cloned().unwrap_or_default())
    }

    /// The details of the events named `name` from the gallery mounted on the element
    /// with id `gallery`, in order.
    pub async fn gallery_event_details(&self, name: &str, gallery: &str) -> Result<Vec<Value>> {
        Ok(self
            .gallery_events(name)
            .await?
            .into_iter()
            .filter(|e| e["gallery"] == json!(gallery))
            .map(|e| e["detail"].clone())
            .collect())
    }

    /// From the next page loaded on, records the page's `fetch()` calls
    /// ([`Test::fetches`]).
    pub async fn watch_fetches(&self) -> Result<()> {
        self.add_init_script(FETCH_PROBE).await
    }

    /// The page's `fetch()` calls so far whose URL contains `url_contains`, in order:
    /// `{url, at, outcome}` (`at`: `performance.now()` at the call; `outcome`:
    /// `pending`, `answered`, or the error's name such as `AbortError`).
    pub async fn fetches(&self, url_contains: &str) -> Result<Vec<Value>> {
        let fetches = self
            .js(
                "return (window.__jgFetches || []).filter(f => f.url.includes(arguments[0]));",
                vec![json!(url_contains)],
            )
            .await?;
        Ok(fetches.as_array().cloned().unwrap_or_default())
    }

    /// The page's `fetch()` calls so far of the widget's code (the wasm, the glue).
    pub async fn widget_code_fetches(&self) -> Result<Vec<String>> {
        Ok(self
            .fetches("")
            .await?
            .iter()
            .filter_map(|f| f["url"].as_str())
            .filter(|url| is_widget_code(url))
            .map(str::to_owned)
            .collect())
    }

    /// The requests for the widget's code (the wasm, the glue) the server answered.
    pub fn widget_code_requests(&self) -> Vec<String> {
        self.requests("/")
            .into_iter()
            .filter(|line| line.split_whitespace().nth(1).is_some_and(is_widget_code))
            .collect()
    }

    /// The page's resource timing entries (`performance.getEntriesByType('resource')`)
    /// of the widget's code, and all the names for a message.
    pub async fn widget_code_resources(&self) -> Result<(Vec<String>, Vec<String>)> {
        let names = self
            .js(
                "return performance.getEntriesByType('resource').map(e => e.name);",
                vec![],
            )
            .await?;
        let all: Vec<String> = names
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|n| n.as_str().map(str::to_owned))
            .collect();
        let code = all.iter().filter(|n| is_widget_code(n)).cloned().collect();
        Ok((code, all))
    }

    /// Resolves after `frames` animation frames and one task more: by then the
    /// browser has rendered, and delivered what it observed while rendering
    /// (IntersectionObserver's notifications are queued in a frame's rendering steps).
    pub async fn after_frames(&self, frames: u32) -> Result<()> {
        self.js_async(
            r#"const done = arguments[arguments.length - 1];
               let left = arguments[0];
               const frame = () => (left-- > 0 ? requestAnimationFrame(frame) : setTimeout(() => done(null)));
               frame();"#,
            vec![json!(frames)],
        )
        .await?;
        Ok(())
    }
}

impl Gallery<'_> {
    /// Marks the gallery's root element, for [`Gallery::is_marked_root`].
    pub async fn mark_root(&self) -> Result<()> {
        let marked = self
            .t
            .js(
                "const g = document.querySelector(arguments[0]); if (g) g.__e2eMark = true; return !!g;",
                vec![json!(self.root)],
            )
            .await?;
        if marked != json!(true) {
            bail!("mark_root: no `{}` on the page", self.root);
        }
        Ok(())
    }

    /// Whether the gallery's root is still the element [`Gallery::mark_root`] marked:
    /// the gallery was neither unmounted nor mounted again since.
    pub async fn is_marked_root(&self) -> Result<bool> {
        let same = self
            .t
            .js(
                "const g = document.querySelector(arguments[0]); return !!g && g.__e2eMark === true;",
                vec![json!(self.root)],
            )
            .await?;
        Ok(same == json!(true))
    }
}

#[cfg(test)]
mod tests {
    use super::is_widget_code;

    #[test]
    fn tells_the_widget_code_from_the_rest() {
        for code in [
            "/jobs-gallery-0123abcd_bg.wasm",
            "http://127.0.0.1:1/jobs-gallery-0123abcd.js",
            "/jobs-gallery-0123abcd.js?x=1",
            "/snippets/jobs-gallery-1/inline0.js",
        ] {
            assert!(is_widget_code(code), "{code}");
        }
        for other in [
            "/jobs-gallery-loader.js",
            "http://127.0.0.1:1/jobs-gallery.css",
            "/examples/spa.js",
            "/v1/jobs?limit=6&offset=0",
        ] {
            assert!(!is_widget_code(other), "{other}");
        }
    }
}
