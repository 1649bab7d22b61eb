//! Dates for people, in their own locale, through the browser's `Intl`, which costs
//! no wasm. The arithmetic behind these lives in `time` and is tested natively.

use js_sys::{Array, Date, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::time::{relative, Millis, Unit};

fn locale() -> String {
    web_sys::window().and_then(|w| w.navigator().language()).unwrap_or_else(|| "en".to_owned())
}

fn options(pairs: &[(&str, &str)]) -> Object {
    let object = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&object, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    object
}

/// "3 minutes ago", "in 12 minutes", "now".
pub fn relative_text(then: Millis, now: Millis) -> String {
    let (value, unit) = relative(then, now);
    if unit == Unit::Second && value.abs() < 45 {
        return if value <= 0 { "just now".to_owned() } else { "in a moment".to_owned() };
    }
    // Every card's clock asks once a second: build the formatter once per locale.
    thread_local! {
        static FORMAT: std::cell::RefCell<Option<(String, Intl::RelativeTimeFormat)>> = const { std::cell::RefCell::new(None) };
    }
    let locale = locale();
    FORMAT.with_borrow_mut(|cached| {
        if cached.as_ref().is_none_or(|(l, _)| *l != locale) {
            let locales = Array::of1(&JsValue::from_str(&locale));
            *cached = Some((locale, Intl::RelativeTimeFormat::new(&locales, &options(&[("numeric", "auto"), ("style", "long")]))));
        }
        cached.as_ref().map(|(_, format)| format.format(value as f64, unit.as_str()).into()).unwrap_or_default()
    })
}

/// The exact local date and time, for tooltips.
pub fn local_text(at: Millis) -> String {
    Date::new(&JsValue::from_f64(at as f64))
        .to_locale_string(&locale(), &options(&[("dateStyle", "medium"), ("timeStyle", "medium")]))
        .into()
}

/// The short local time, "14:05".
pub fn clock_text(at: Millis) -> String {
    Date::new(&JsValue::from_f64(at as f64)).to_locale_time_string_with_options(&locale(), &options(&[("timeStyle", "short")])).into()
}

/// The machine-readable `datetime` attribute of `<time>`.
pub fn iso_text(at: Millis) -> String {
    let date = Date::new(&JsValue::from_f64(at as f64));
    if date.get_time().is_nan() {
        return String::new();
    }
    date.to_iso_string().into()
}

/// Short form of a job id for cards: "3f2a9c1e…".
pub fn short_id(id: &str) -> String {
    crate::api::model::clip(id, 8)
}

/// Copies text to the clipboard and, when that worked (it needs a secure context and
/// permission), sets `copied` for two seconds, so the button can say "Copied".
pub fn copy_with_feedback(text: String, copied: leptos::prelude::RwSignal<bool>) {
    use leptos::prelude::{set_timeout, Set};
    leptos::task::spawn_local(async move {
        let Some(window) = web_sys::window() else { return };
        let promise = window.navigator().clipboard().write_text(&text);
        if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
            copied.set(true);
            set_timeout(move || copied.set(false), std::time::Duration::from_secs(2));
        }
    });
}
