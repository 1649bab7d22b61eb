//! What the gallery tells or asks of the page it lives in: events for the host's
//! listeners, and the address bar when the embedder opted into URL sync.

use wasm_bindgen::JsValue;

use crate::api::results::{FormatLink, ResultImage};
use crate::api::{Failure, Job};
use crate::format::iso_text;
use crate::time::Millis;

/// Tells the host page what happened, as a bubbling DOM event on the gallery's root:
/// `job-completed`, `job-failed`, `page-change`, `gallery-error`, `auth-required`,
/// `payment-required` (their `detail` types are in loader/jobs-gallery.d.ts).
pub fn dispatch(root: &web_sys::HtmlElement, name: &str, detail: &JsValue) {
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(detail);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = root.dispatch_event(&event);
    }
}

/// A plain object for an event's `detail`; absent values are `null`, as the types say.
struct Detail(js_sys::Object);

impl Detail {
    fn new() -> Self {
        Detail(js_sys::Object::new())
    }

    fn set(self, key: &str, value: impl Into<JsValue>) -> Self {
        let _ = js_sys::Reflect::set(&self.0, &JsValue::from_str(key), &value.into());
        self
    }

    fn text(self, key: &str, value: Option<&str>) -> Self {
        self.set(key, value.map_or(JsValue::NULL, JsValue::from_str))
    }

    fn number(self, key: &str, value: Option<f64>) -> Self {
        self.set(key, value.map_or(JsValue::NULL, JsValue::from_f64))
    }

    fn time(self, key: &str, at: Option<Millis>) -> Self {
        let iso = at.map(iso_text);
        self.text(key, iso.as_deref())
    }

    fn done(self) -> JsValue {
        self.0.into()
    }
}

fn link_detail(link: &FormatLink) -> JsValue {
    Detail::new()
        .text("format", Some(link.format.as_str()))
        .text("url", link.link.url())
        .number("sizeBytes", link.size_bytes.map(|b| b as f64))
        .time("expiresAt", link.expires_at)
        .done()
}

fn image_detail(image: &ResultImage) -> JsValue {
    let links: js_sys::Array = image.links.iter().map(link_detail).collect();
    Detail::new()
        .number("scene", image.scene.map(f64::from))
        .text("prompt", image.prompt.as_deref())
        .set("links", links)
        .done()
}

/// `job-completed` and `job-failed`: `{ jobId, job }`, the job as the gallery read it.
pub fn job_detail(job: &Job) -> JsValue {
    let scenes = job.scenes.map_or(JsValue::NULL, |s| {
        Detail::new()
            .set("completed", s.completed)
            .set("total", s.total)
            .done()
    });
    let error = job.error.as_ref().map_or(JsValue::NULL, |e| {
        Detail::new()
            .text("code", Some(&e.code))
            .text("message", Some(&e.message))
            .done()
    });
    let result = job.result.as_ref();
    let images: js_sys::Array = result
        .map(|r| r.images.iter().map(image_detail).collect())
        .unwrap_or_default();
    let summary = Detail::new()
        .text("id", Some(&job.id))
        .text("status", Some(job.status.as_str()))
        .text("kind", job.kind.as_deref())
        .time("createdAt", job.created_at)
        .time("startedAt", job.started_at)
        .time("completedAt", job.completed_at)
        .set("scenes", scenes)
        .set("error", error)
        .text("costEur", result.and_then(|r| r.cost_eur.as_deref()))
        .set("images", images)
        .done();
    Detail::new()
        .text("jobId", Some(&job.id))
        .set("job", summary)
        .done()
}

/// `job-unwatch` from the panels' watcher (the loader sends a click's own): `{ jobId }`.
pub fn id_detail(id: &str) -> JsValue {
    Detail::new().text("jobId", Some(id)).done()
}

/// `page-change`: `{ page, size, total }`, the page now on screen (1-based).
pub fn page_detail(page: u64, size: u32, total: u64) -> JsValue {
    Detail::new()
        .set("page", page as f64)
        .set("size", size)
        .set("total", total as f64)
        .done()
}

/// `gallery-error`, `auth-required` and `payment-required`: what failed, in the terms of
/// the banner (`kind` is its `data-error-kind`).
pub fn failure_detail(failure: &Failure) -> JsValue {
    Detail::new()
        .text("kind", Some(failure.kind()))
        .number("status", failure.http_status().map(f64::from))
        .text("code", failure.body().and_then(|b| b.code.as_deref()))
        .text("message", failure.server_message())
        .text("requestId", failure.request_id())
        .number("retryAfterSeconds", failure.retry_after_s().map(f64::from))
        .done()
}

/// The address bar's query, for opt-in URL sync.
pub fn location_query() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// Replaces the address bar's query, keeping its path and hash, without a history entry.
pub fn replace_query(query: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let (Ok(path), Ok(hash)) = (location.pathname(), location.hash()) else {
        return;
    };
    // The state stays the host's (an SPA router keeps its own there).
    if let Ok(history) = window.history() {
        let state = history.state().unwrap_or(JsValue::NULL);
        let _ = history.replace_state_with_url(&state, "", Some(&format!("{path}{query}{hash}")));
    }
}

/// The page's address with `?{prefix}.job=<id>`: a link that reopens job `id` (URL sync).
pub fn job_link(prefix: &str, id: &str) -> Option<String> {
    let location = web_sys::window()?.location();
    let query = crate::url_state::write_job(&location.search().ok()?, prefix, Some(id));
    Some(format!(
        "{}{}{query}{}",
        location.origin().ok()?,
        location.pathname().ok()?,
        location.hash().ok()?
    ))
}

/// The element that has focus, if it is an HTML one: a dialog gives focus back to it
/// when it closes.
pub fn focused_element() -> Option<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    let active = web_sys::window()?.document()?.active_element()?;
    active.dyn_into().ok()
}

/// What the page keeps under `key` in `localStorage`: nothing where storage is refused
/// (a sandboxed frame, a private window that throws).
pub fn stored(key: &str) -> String {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(key).ok().flatten())
        .unwrap_or_default()
}

/// Keeps `text` under `key` in `localStorage` (removes it for empty text); where storage
/// is refused, nothing is kept past the page.
pub fn store(key: &str, text: &str) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = if text.is_empty() {
            storage.remove_item(key)
        } else {
            storage.set_item(key, text)
        };
    }
}
