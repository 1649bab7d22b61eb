//! Dates for people, in their own locale, through the browser's `Intl`, which costs
//! no wasm. The arithmetic behind these lives in `time` and is tested natively.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Date, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::time::{relative, Millis, Unit};
use crate::words::Key;

fn options(pairs: &[(&str, &str)]) -> Object {
    let object = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&object, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    object
}

// Formatters are built once (every card's clock asks once a second), and again only
// when a gallery is mounted in another language. The locale is the one `words` was
// given: a tag the loader checked with `Intl.getCanonicalLocales`, or none (an empty
// list asks `Intl` for the browser's default, which is always valid). An invalid tag
// would make `Intl` throw a RangeError in the middle of rendering, as `navigator.language`
// once did in WebKitGTK under `LANG=C`, where it is "C"; the browser test
// `a_language_that_is_no_language_tag_still_shows_cards_and_dates` holds it.
struct Formats {
    relative: Intl::RelativeTimeFormat,
    date_time: Intl::DateTimeFormat,
    clock: Intl::DateTimeFormat,
}

thread_local! {
    static FORMATS: RefCell<Option<Rc<Formats>>> = const { RefCell::new(None) };
}

/// Drops the formatters: the next date is formatted in the locale `words` now holds.
pub(crate) fn forget_formats() {
    FORMATS.with(|cell| cell.take());
}

/// The formatters for the locale `words` holds: one function, not one per caller.
fn formats() -> Rc<Formats> {
    FORMATS.with(|cell| {
        let mut cell = cell.borrow_mut();
        if let Some(built) = cell.as_ref() {
            return built.clone();
        }
        let locale = crate::words::intl_locale();
        let locales = Array::new();
        if let Some(tag) = &locale {
            locales.push(&JsValue::from_str(tag));
        }
        let built = Rc::new(Formats {
            relative: Intl::RelativeTimeFormat::new(
                &locales,
                &options(&[("numeric", "auto"), ("style", "long")]),
            ),
            date_time: Intl::DateTimeFormat::new(
                &locales,
                &options(&[("dateStyle", "medium"), ("timeStyle", "medium")]),
            ),
            clock: Intl::DateTimeFormat::new(&locales, &options(&[("timeStyle", "short")])),
        });
        *cell = Some(built.clone());
        built
    })
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
            Key::just_now
        } else {
            Key::in_a_moment
        }
        .text();
    }
    formats()
        .relative
        .format(value as f64, unit.as_str())
        .into()
}

/// The exact local date and time, for tooltips.
pub fn local_text(at: Millis) -> String {
    date_text(&formats().date_time, at)
}

/// The short local time, "14:05".
pub fn clock_text(at: Millis) -> String {
    date_text(&formats().clock, at)
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
