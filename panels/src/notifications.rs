//! System notifications for watched jobs: the permission, asked on the reader's click,
//! and one notification per job per page, however many galleries watch it.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use web_sys::{Notification, NotificationOptions, NotificationPermission};

/// What the browser lets the gallery do, as the "Notify me" button tells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    /// Not asked yet: the first "Notify me" asks.
    Ask,
    Granted,
    /// Refused by the reader or the browser: the watch works in the page only.
    Denied,
    /// No Notification API here (an old browser, some webviews).
    Missing,
}

impl Permission {
    /// Whether a watch can only be told in the page.
    pub fn in_page_only(self) -> bool {
        matches!(self, Permission::Denied | Permission::Missing)
    }
}

thread_local! {
    /// The jobs this page already notified of, shared by its galleries.
    static NOTIFIED: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

fn has_api() -> bool {
    web_sys::window().is_some_and(|w| {
        js_sys::Reflect::has(&w, &JsValue::from_str("Notification")).unwrap_or(false)
    })
}

pub fn permission() -> Permission {
    if !has_api() {
        return Permission::Missing;
    }
    match Notification::permission() {
        NotificationPermission::Granted => Permission::Granted,
        NotificationPermission::Denied => Permission::Denied,
        _ => Permission::Ask,
    }
}

/// Asks for the permission, which browsers grant only during a click: call it from the
/// click's handler. `answered` gets the outcome.
pub fn ask(answered: impl FnOnce(Permission) + 'static) {
    let Ok(promise) = Notification::request_permission() else {
        return answered(permission());
    };
    leptos::task::spawn_local(async move {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        answered(permission());
    });
}

/// Notes that the page told of job `id`; false when it already had.
pub fn first_time(id: &str) -> bool {
    NOTIFIED.with_borrow_mut(|told| {
        let first = !told.iter().any(|t| t == id);
        if first {
            told.push(id.to_owned());
        }
        first
    })
}

/// Shows a notification tagged with the job's id (a second one for the same job, from
/// another tab, replaces it); a click runs `clicked` and closes it.
pub fn show(
    title: &str,
    body: &str,
    icon: Option<&str>,
    id: &str,
    clicked: impl FnOnce() + 'static,
) {
    if permission() != Permission::Granted {
        return;
    }
    let options = NotificationOptions::new();
    options.set_body(body);
    options.set_tag(id);
    if let Some(icon) = icon {
        options.set_icon(icon);
    }
    if let Ok(notification) = Notification::new_with_options(title, &options) {
        let shown = notification.clone();
        let on_click = Closure::once_into_js(move || {
            clicked();
            shown.close();
        });
        notification.set_onclick(Some(on_click.unchecked_ref()));
    }
}
