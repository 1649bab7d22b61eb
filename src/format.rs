//! Dates for people, in their own locale, through the browser's `Intl`, which costs
//! no wasm. The arithmetic behind these lives in `time` and is tested natively.

use js_sys::{Array, Date, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::time::{relative, Millis, Unit};

fn options(pairs: &[(&str, &str)]) -> Object {
    let object = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&object, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    object
}

// Formatters are built once (every card's clock asks once a second) for the browser's
// own locale: an empty list of locales asks `Intl` for its default, which is always
// valid. Passing `navigator.language` instead left every card unbuilt in WebKitGTK
// started under `LANG=C`, where it is "C": `Intl` threw a RangeError in the middle of
// rendering. Found when the gallery first ran in WebKit; the browser test
// `a_language_that_is_no_language_tag_still_shows_cards_and_dates` holds it.
thread_local! {
    static RELATIVE: Intl::RelativeTimeFormat =
        Intl::RelativeTimeFormat::new(&Array::new(), &options(&[("numeric", "auto"), ("style", "long")]));
    static DATE_TIME: Intl::DateTimeFormat =
        Intl::DateTimeFormat::new(&Array::new(), &options(&[("dateStyle", "medium"), ("timeStyle", "medium")]));
    static CLOCK: Intl::DateTimeFormat = Intl::DateTimeFormat::new(&Array::new(), &options(&[("timeStyle", "short")]));
}

/// A moment in the given format; empty for a moment `Date` cannot hold, where `Intl`
/// throws.
fn date_text(format: &Intl::DateTimeFormat, at: Millis) -> String {
    let date = Date::new(&JsValue::from_f64(at as f64));
    format
        .format()
        .call1(&JsValue::UNDEFINED, &date)
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_default()
}

/// "3 minutes ago", "in 12 minutes", "now".
pub fn relative_text(then: Millis, now: Millis) -> String {
    let (value, unit) = relative(then, now);
    if unit == Unit::Second && value.abs() < 45 {
        return if value <= 0 {
            "just now".to_owned()
        } else {
            "in a moment".to_owned()
        };
    }
    RELATIVE.with(|format| format.format(value as f64, unit.as_str()).into())
}

/// The exact local date and time, for tooltips.
pub fn local_text(at: Millis) -> String {
    DATE_TIME.with(|format| date_text(format, at))
}

/// The short local time, "14:05".
pub fn clock_text(at: Millis) -> String {
    CLOCK.with(|format| date_text(format, at))
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
        let Some(window) = web_sys::window() else {
            return;
        };
        let promise = window.navigator().clipboard().write_text(&text);
        if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
            copied.set(true);
            set_timeout(move || copied.set(false), std::time::Duration::from_secs(2));
        }
    });
}
