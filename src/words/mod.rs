//! Every word the gallery shows or announces, looked up by key: English built in, the
//! reader's language and the host's `labels` from the loader.
//!
//! The loader decides the language (the `lang` option, else the nearest `lang` in the
//! host page, else English); only for German, French or some `labels` does its words
//! module fetch `locales/keys.json` and the language's file, and hand
//! [`set_from_js`] a look-up by a key's place, which also chooses a plural's form with
//! `Intl.PluralRules`. So the key names and the plural rules are not in the first-load
//! wasm. The names, the English and the checked-in `locales/` files are held together by
//! `tests/locales.rs`.
//!
//! One language per page: the galleries of a page share it, the one the last mounted
//! gallery was given (the panels' wasm gets it with each panel).

use std::cell::RefCell;

use js_sys::{Function, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;

/// Defines a catalogue: its keys (named as in the locale files), their English, and
/// their place in the handed-over texts after `offset` others.
macro_rules! texts {
    ($key:ident, $offset:expr; $($name:ident = $english:literal,)*) => {
        /// A text of the gallery: [`text`](Self::text) gives it in the reader's words.
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $key {
            $($name,)*
        }

        /// Every English text, each ended by a NUL: one string rather than a table of
        /// pointers, which costs the first load 8 bytes a key.
        const ALL: &str = concat!($($english, "\0",)*);
        pub(super) const NAMES: &[&str] = &[$(stringify!($name),)*];

        pub(super) fn english() -> impl Iterator<Item = &'static str> {
            [$($key::$name,)*].into_iter().map($key::english)
        }

        impl $key {
            /// Its English: the text after as many NULs as come before it.
            pub fn english(self) -> &'static str {
                let mut rest = ALL;
                for _ in 0..self as usize {
                    rest = rest.split_once('\0').map_or("", |(_, after)| after);
                }
                rest.split_once('\0').map_or(rest, |(text, _)| text)
            }

            /// The text, with no placeholders filled.
            pub fn text(self) -> String {
                super::word(self as usize + $offset, self.english(), None)
            }

            /// The text with its `{name}` placeholders filled from `args`.
            pub fn with(self, args: &[(&str, &str)]) -> String {
                super::fill(self.text(), args)
            }

            /// The form for `n` (`Intl.PluralRules` in the reader's language), with
            /// `{n}` and the other placeholders filled.
            pub fn count(self, n: u64, args: &[(&str, &str)]) -> String {
                let text = super::word(self as usize + $offset, self.english(), Some(n));
                super::fill_in(text, Some(&n.to_string()), args)
            }
        }
    };
}

mod catalogue;
mod panels;

pub use catalogue::Key;
pub use panels::PanelKey;

/// The keys in the order of `locales/keys.json`: the first load's, then the panels'.
pub fn names() -> impl Iterator<Item = &'static str> {
    catalogue::NAMES.iter().chain(panels::NAMES).copied()
}

/// Each key's English, in the order of [`names`]; plural ones as `one|other`.
pub fn english() -> impl Iterator<Item = &'static str> {
    catalogue::english().chain(panels::english())
}

struct Given {
    /// The locale for `Intl`: none for the browser's own.
    intl: Option<String>,
    /// The loader's `say(index, count)`: the text of key `index` in the reader's words
    /// (for a count, the form `Intl.PluralRules` chooses), or nothing where English stands.
    say: Option<Function>,
}

thread_local! {
    // Built at compile time: a lazily built one costs the first load its set-up code.
    static GIVEN: RefCell<Given> = const {
        RefCell::new(Given {
            intl: None,
            say: None,
        })
    };
}

/// What the loader resolved, from the options it hands a gallery or a panel:
/// `intlLang`, the locale for dates and numbers (a tag the loader checked, or empty for
/// the browser's own); `say`, its look-up of the reader's and the host's words, absent
/// where all is English.
pub fn set_from_js(options: &JsValue) {
    let get = |key: &str| Reflect::get(options, &JsValue::from_str(key)).unwrap_or_default();
    let given = Given {
        intl: get("intlLang").as_string().filter(|tag| !tag.is_empty()),
        say: get("say").dyn_into().ok(),
    };
    GIVEN.with(|g| *g.borrow_mut() = given);
    crate::format::forget_formats();
}

/// The locale for `Intl`'s formatters, if not the browser's own.
pub fn intl_locale() -> Option<String> {
    GIVEN.with(|g| g.borrow().intl.clone())
}

fn word(index: usize, english: &'static str, n: Option<u64>) -> String {
    let given = GIVEN.with(|g| {
        let say = g.borrow().say.clone()?;
        let count = n.map_or(JsValue::UNDEFINED, |n| JsValue::from(n as f64));
        say.call2(&JsValue::NULL, &JsValue::from(index as u32), &count)
            .ok()?
            .as_string()
    });
    given.unwrap_or_else(|| english_form(english, n).to_owned())
}

/// English's two forms, `one|other`.
fn english_form(english: &'static str, n: Option<u64>) -> &'static str {
    match (english.split_once('|'), n) {
        (Some((one, _)), Some(1)) => one,
        (Some((_, other)), _) => other,
        (None, _) => english,
    }
}

/// Fills each `{name}` of `text` with its value: placeholders by name, so that a
/// language can put them in its own order. By `split_once` on characters: neither a
/// search for a `&str` (core's two-way searcher) nor slicing by index (its panic, which
/// formats characters) comes into the first load.
pub fn fill(text: String, args: &[(&str, &str)]) -> String {
    fill_in(text, None, args)
}

/// [`fill`], with `{n}` the count where there is one.
fn fill_in(text: String, n: Option<&str>, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some((before, after)) = rest.split_once('{') {
        out.push_str(before);
        let named = after.split_once('}').and_then(|(name, tail)| {
            let value = match n {
                Some(n) if name == "n" => n,
                _ => args.iter().find(|(arg, _)| *arg == name)?.1,
            };
            Some((value, tail))
        });
        match named {
            Some((value, tail)) => {
                out.push_str(value);
                rest = tail;
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_has_two_forms_where_a_count_chooses() {
        assert_eq!(english_form("{n} scene|{n} scenes", Some(1)), "{n} scene");
        assert_eq!(english_form("{n} scene|{n} scenes", Some(0)), "{n} scenes");
        assert_eq!(english_form("{n} scene|{n} scenes", None), "{n} scenes");
        assert_eq!(english_form("Retry", Some(1)), "Retry");
    }

    #[test]
    fn placeholders_are_filled_by_name_in_any_order() {
        let text = "Seite {page} von {pages}".to_owned();
        assert_eq!(
            fill(text, &[("pages", "7"), ("page", "2")]),
            "Seite 2 von 7"
        );
        assert_eq!(fill("{a} {a}".into(), &[("a", "x")]), "x x");
        assert_eq!(fill("{b}".into(), &[("a", "x")]), "{b}");
    }

    #[test]
    fn without_texts_every_key_is_english() {
        assert_eq!(Key::retry.text(), "Retry");
        assert_eq!(Key::scenes_done.count(1, &[("done", "1")]), "1 of 1 scene");
        assert_eq!(Key::scenes_done.count(5, &[("done", "2")]), "2 of 5 scenes");
    }
}
