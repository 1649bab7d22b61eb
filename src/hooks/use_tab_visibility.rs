use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// Whether the page's tab is hidden (another tab in front, the window minimised).
pub fn tab_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

/// Calls `on_change` with [`tab_hidden`]'s answer whenever the tab is hidden or shown
/// again, until the current owner is disposed.
pub fn use_tab_visibility(on_change: impl Fn(bool) + 'static) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let listener = Closure::<dyn Fn()>::new(move || on_change(tab_hidden()));
    let _ = document
        .add_event_listener_with_callback("visibilitychange", listener.as_ref().unchecked_ref());
    let listener = StoredValue::new_local(Some(listener));
    on_cleanup(move || {
        if let Some(closure) = listener.try_update_value(Option::take).flatten() {
            let _ = document.remove_event_listener_with_callback(
                "visibilitychange",
                closure.as_ref().unchecked_ref(),
            );
        }
    });
}
