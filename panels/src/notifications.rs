//! System notifications for watched jobs, and one per job per page however many
//! galleries watch it. The permission is asked by the loader, during the click on
//! "Notify me" that browsers require.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use web_sys::{Notification, NotificationOptions, NotificationPermission};

thread_local! {
    /// The jobs this page already told of, shared by its galleries (one panels' wasm
    /// serves them all).
    static TOLD: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Whether the browser has notifications and the reader allowed them.
pub fn granted() -> bool {
    let has_api = web_sys::window().is_some_and(|w| {
        js_sys::Reflect::has(&w, &JsValue::from_str("Notification")).unwrap_or(false)
    });
    has_api && Notification::permission() == NotificationPermission::Granted
}

/// Notes that the page told of job `id`; false when it already had.
pub fn first_time(id: &str) -> bool {
    TOLD.with_borrow_mut(|told| {
        let first = !told.iter().any(|t| t == id);
        if first {
            told.push(id.to_owned());
        }
        first
    })
}

/// Shows a notification tagged with the job's id (one for the same job from another tab
/// replaces it); a click runs `clicked` and closes it. False where the browser would not
/// show one (Android's Chrome allows them only from a service worker).
pub fn show(
    title: &str,
    body: &str,
    icon: Option<&str>,
    id: &str,
    clicked: impl FnOnce() + 'static,
) -> bool {
    let options = NotificationOptions::new();
    options.set_body(body);
    options.set_tag(id);
    if let Some(icon) = icon {
        options.set_icon(icon);
    }
    let Ok(notification) = Notification::new_with_options(title, &options) else {
        return false;
    };
    let shown = notification.clone();
    let on_click = Closure::once_into_js(move || {
        clicked();
        shown.close();
    });
    notification.set_onclick(Some(on_click.unchecked_ref()));
    true
}
