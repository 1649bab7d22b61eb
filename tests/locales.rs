//! The locale files against the catalogue (src/words/): `locales/keys.json` is the order
//! the loader hands the texts over in, `locales/en.json` the English reference that
//! translators start from, and every shipped translation has each key, with the same
//! placeholders and, for plural keys, an `other` form.
//!
//! `JG_WRITE_LOCALES=1 cargo test --test locales` writes keys.json and en.json anew
//! after a change of the catalogue.

// Native only: they read the repository's files.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::path::PathBuf;

use jobs_gallery::words;
use serde_json::{Map, Value};

/// The loader's own words (loader/jobs-gallery-loader.js), said before a wasm runs.
const LOADER: &[(&str, &str)] = &[
    (
        "load_failed",
        "The gallery could not load. Check the connection and reload the page.",
    ),
    (
        "panel_failed",
        "This could not open. Check the connection and try again.",
    ),
];

const TRANSLATIONS: &[&str] = &["de", "fr"];

fn path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("locales")
        .join(name)
}

fn english() -> Map<String, Value> {
    let mut map = Map::new();
    for (name, text) in words::names().zip(words::english()) {
        let value = match text.split_once('|') {
            Some((one, other)) => serde_json::json!({ "one": one, "other": other }),
            None => Value::from(text),
        };
        map.insert(name.to_owned(), value);
    }
    for (name, text) in LOADER {
        map.insert((*name).to_owned(), Value::from(*text));
    }
    map
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap() + "\n"
}

fn read(name: &str) -> Value {
    let text = std::fs::read_to_string(path(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// `{name}` placeholders of a text, or of all of a plural's forms.
fn placeholders(value: &Value) -> BTreeSet<String> {
    let texts: Vec<&str> = match value {
        Value::String(s) => vec![s],
        Value::Object(forms) => forms.values().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    let mut found = BTreeSet::new();
    for text in texts {
        let mut rest = text;
        while let Some(start) = rest.find('{') {
            let Some(len) = rest[start..].find('}') else {
                break;
            };
            found.insert(rest[start + 1..start + len].to_owned());
            rest = &rest[start + len..];
        }
    }
    found
}

#[test]
fn keys_and_english_files_are_the_catalogue() {
    let keys = Value::from(words::names().collect::<Vec<_>>());
    let english = Value::Object(english());
    if std::env::var_os("JG_WRITE_LOCALES").is_some() {
        std::fs::write(path("keys.json"), pretty(&keys)).unwrap();
        std::fs::write(path("en.json"), pretty(&english)).unwrap();
    }
    assert_eq!(
        read("keys.json"),
        keys,
        "locales/keys.json is not the catalogue's order: JG_WRITE_LOCALES=1 cargo test --test locales"
    );
    assert_eq!(
        read("en.json"),
        english,
        "locales/en.json is not the catalogue's English: JG_WRITE_LOCALES=1 cargo test --test locales"
    );
}

#[test]
fn every_key_has_a_unique_name() {
    let names: Vec<&str> = words::names().collect();
    let unique: BTreeSet<&str> = names.iter().copied().collect();
    assert_eq!(unique.len(), names.len());
    for (name, _) in LOADER {
        assert!(
            !unique.contains(name),
            "{name} is the loader's and a wasm's"
        );
    }
}

#[test]
fn the_loader_says_its_english_as_en_json_has_it() {
    let loader = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("loader/jobs-gallery-loader.js"),
    )
    .unwrap();
    for (name, text) in LOADER {
        assert!(
            loader.contains(&format!("said?.{name} ?? '{text}'")),
            "the loader's {name}"
        );
    }
}

#[test]
fn each_translation_has_every_key_with_its_placeholders() {
    let english = english();
    for lang in TRANSLATIONS {
        let file = format!("{lang}.json");
        let Value::Object(translation) = read(&file) else {
            panic!("{file} is not an object");
        };
        for key in translation.keys() {
            assert!(english.contains_key(key), "{file}: {key} is no key");
        }
        for (key, en) in &english {
            let text = translation
                .get(key)
                .unwrap_or_else(|| panic!("{file}: {key} is missing"));
            match (en, text) {
                (Value::String(_), Value::String(t)) => {
                    assert!(!t.trim().is_empty(), "{file}: {key} is empty")
                }
                (Value::Object(_), Value::Object(forms)) => {
                    assert!(
                        forms.get("other").is_some_and(Value::is_string),
                        "{file}: {key} has no other form"
                    );
                    assert!(
                        forms.values().all(Value::is_string),
                        "{file}: {key}'s forms are not all text"
                    );
                }
                _ => panic!("{file}: {key} is {text}, where English has {en}"),
            }
            assert_eq!(
                placeholders(text),
                placeholders(en),
                "{file}: {key}'s placeholders"
            );
        }
    }
}

#[test]
fn the_readme_lists_every_key() {
    let readme =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    for key in english().keys() {
        assert!(
            readme.contains(&format!("| `{key}` |")),
            "README.md's keys miss {key}"
        );
    }
}

/// A button's accessible name holds the words it shows (WCAG 2.5.3, axe's
/// label-content-name-mismatch): the pager's "Previous" is named "Previous page".
#[test]
fn a_shown_word_is_part_of_its_buttons_name() {
    for file in ["en.json", "de.json", "fr.json"] {
        let texts = read(file);
        let pairs = [
            ("previous", "previous_page"),
            ("next", "next_page"),
            ("viewer_download", "viewer_download_format"),
        ];
        for (shown, name) in pairs {
            let (shown, name) = (
                texts[shown].as_str().unwrap(),
                texts[name].as_str().unwrap(),
            );
            assert!(
                name.to_lowercase().contains(&shown.to_lowercase()),
                "{file}: \"{name}\" does not hold \"{shown}\""
            );
        }
    }
}
