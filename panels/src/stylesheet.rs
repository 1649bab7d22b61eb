//! The panels' stylesheet (`jobs-gallery-panels.css`), off the first load like this wasm:
//! linked in the mount element (what the gallery was given; a strict CSP refuses inline
//! styles, not a link) when a panel first opens. The loader takes the link out when the
//! gallery is unmounted.
//!
//! An async function rather than `js_sys::Promise::new`: terser folds that one's glue
//! into a function that calls a variable of its own name ("r is not a function").

use futures_channel::oneshot;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

const CLASS: &str = "jg-panel-style";

/// Links the stylesheet at `href` in `element` once, and returns when it has loaded:
/// drawn before it, a panel would be unstyled and its holder would take room. Fails
/// when it cannot load, and takes the link out, so that a later click tries again.
#[wasm_bindgen]
pub async fn styled(element: web_sys::Element, href: String) -> Result<(), JsValue> {
    let found = element
        .query_selector(&format!(":scope > .{CLASS}"))
        .ok()
        .flatten();
    let link = match found {
        Some(link) => link,
        None => link_to(&element, &href).ok_or("jobs-gallery: no stylesheet link")?,
    };
    // A link that has loaded has its sheet: no load event will come again.
    if js_sys::Reflect::get(&link, &"sheet".into()).is_ok_and(|sheet| !sheet.is_null()) {
        return Ok(());
    }
    let (sender, receiver) = oneshot::channel::<bool>();
    let sender = std::rc::Rc::new(std::cell::Cell::new(Some(sender)));
    for (event, loaded) in [("load", true), ("error", false)] {
        let sender = sender.clone();
        let heard = Closure::once_into_js(move || {
            if let Some(sender) = sender.take() {
                let _ = sender.send(loaded);
            }
        });
        let _ = link.add_event_listener_with_callback(event, heard.unchecked_ref());
    }
    if receiver.await == Ok(true) {
        Ok(())
    } else {
        link.remove();
        Err(JsValue::from_str(
            "jobs-gallery: the panels' stylesheet did not load",
        ))
    }
}

fn link_to(element: &web_sys::Element, href: &str) -> Option<web_sys::Element> {
    let link = element.owner_document()?.create_element("link").ok()?;
    link.set_class_name(CLASS);
    link.set_attribute("rel", "stylesheet").ok()?;
    link.set_attribute("href", href).ok()?;
    element.prepend_with_node_1(&link).ok()?;
    Some(link)
}
