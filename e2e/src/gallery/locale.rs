//! The locale files (`locales/*.json` at the repository's root, read at test time) and
//! the English of the catalogue left among a gallery's words ([`ShownWords`], read by
//! `words`) when it shows another language.
//!
//! A locale file is an object of key → text, a plural key's text an object of forms
//! (`{"one": "…", "other": "…"}`), placeholders written `{name}`.

use std::collections::BTreeMap;

use anyhow::{anyhow, bail, Context as _, Result};
use serde_json::Value;

use super::words::{collapse, ShownWords};
use crate::repo_root;

/// A locale file: each key's text, or a plural key's forms.
#[derive(Debug, Clone)]
pub struct Locale {
    /// The file's language (`en`, `de`, `fr`).
    pub lang: String,
    texts: BTreeMap<String, Vec<String>>,
}

impl Locale {
    /// `locales/<lang>.json` of the repository, as it is now.
    pub fn read(lang: &str) -> Result<Self> {
        let path = repo_root().join("locales").join(format!("{lang}.json"));
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        Self::parse(lang, &text).with_context(|| format!("in {}", path.display()))
    }

    /// A locale file's text. Keys starting with `$` (`$schema`, `$comment`) are not texts.
    pub fn parse(lang: &str, json: &str) -> Result<Self> {
        let value: Value = serde_json::from_str(json).context("not JSON")?;
        let object = value
            .as_object()
            .ok_or_else(|| anyhow!("not a JSON object"))?;
        let mut texts = BTreeMap::new();
        for (key, value) in object.iter().filter(|(key, _)| !key.starts_with('$')) {
            let forms = match value {
                Value::String(text) => vec![text.clone()],
                Value::Object(forms) if !forms.is_empty() => forms
                    .iter()
                    .map(|(form, text)| {
                        text.as_str().map(str::to_owned).ok_or_else(|| {
                            anyhow!("`{key}`: its form `{form}` is not a text: {text}")
                        })
                    })
                    .collect::<Result<_>>()?,
                other => bail!("`{key}` is neither a text nor plural forms: {other}"),
            };
            texts.insert(key.clone(), forms);
        }
        Ok(Locale {
            lang: lang.to_owned(),
            texts,
        })
    }

    /// The text of `key`, a key with one form.
    pub fn text(&self, key: &str) -> Result<&str> {
        match self.texts.get(key).map(Vec::as_slice) {
            Some([text]) => Ok(text),
            Some(forms) => bail!(
                "`{key}` of locales/{}.json has plural forms: {forms:?}",
                self.lang
            ),
            None => bail!("locales/{}.json has no `{key}`", self.lang),
        }
    }

    /// The text of `key`, or each of its plural forms; none for a key it lacks.
    pub fn forms(&self, key: &str) -> &[String] {
        self.texts.get(key).map(Vec::as_slice).unwrap_or_default()
    }

    /// The keys, in the order of their names.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.texts.keys().map(String::as_str)
    }
}

/// The pieces of `text` between its `{placeholders}`, trimmed, that are English enough
/// to tell: with a space inside, or of 6 letters or more ("Refresh", "Loading jobs…",
/// not "of", "Pause" or "(job").
pub fn telling_fragments(text: &str) -> Vec<String> {
    let mut pieces = vec![String::new()];
    let mut in_placeholder = false;
    for c in text.chars() {
        match c {
            '{' => {
                in_placeholder = true;
                pieces.push(String::new());
            }
            '}' if in_placeholder => in_placeholder = false,
            _ if in_placeholder => {}
            _ => pieces.last_mut().expect("one piece at least").push(c),
        }
    }
    pieces
        .iter()
        .map(|piece| plain(piece))
        .filter(|piece| {
            piece.contains(' ') || piece.chars().filter(|c| c.is_alphabetic()).count() >= 6
        })
        .collect()
}

/// [`collapse`]d and in lower case: the form in which words are compared.
fn plain(text: &str) -> String {
    collapse(text).to_lowercase()
}

/// The byte offset of the first occurrence of `word` in `text` that stands on its own:
/// no letter or digit right before or after it (where `word` itself starts or ends with
/// one), so that "refresh" is not found in "refreshed".
fn find_word(text: &str, word: &str) -> Option<usize> {
    if word.is_empty() {
        return None;
    }
    let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let starts_alnum = alnum(word.chars().next());
    let ends_alnum = alnum(word.chars().next_back());
    text.match_indices(word).map(|(at, _)| at).find(|&at| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        let cut_before = starts_alnum && alnum(before);
        let cut_after = ends_alnum && alnum(after);
        !cut_before && !cut_after
    })
}

/// English of the catalogue found among a gallery's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnglishLeft {
    /// The key of the English text it is from.
    pub key: String,
    /// The piece of that text found (in lower case).
    pub fragment: String,
    /// Where: `text`, or the attribute and its element (`alt of img.jg-thumb__img`).
    pub place: String,
    /// The words around it (in lower case).
    pub context: String,
}

impl std::fmt::Display for EnglishLeft {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "`{}`: {:?} in the {}: …{}…",
            self.key, self.fragment, self.place, self.context
        )
    }
}

impl ShownWords {
    /// These words with every text the server sent in `server` (a JSON answer: the page
    /// of jobs shown, a failure's body) taken out: prompts, messages, model names. Only
    /// texts of more than one word are taken out, so that the server's single words
    /// (ids, statuses, codes) cannot cut a word of the widget's.
    pub fn without_server_words(mut self, server: &Value) -> Self {
        let mut texts = Vec::new();
        strings_in(server, &mut texts);
        let mut texts: Vec<String> = texts
            .iter()
            .map(|text| plain(text))
            .filter(|text| text.contains(' '))
            .collect();
        // The longest first, so that a text inside another goes with it.
        texts.sort_by_key(|text| std::cmp::Reverse(text.len()));
        let strip = |words: &str| {
            let mut words = plain(words);
            for text in &texts {
                words = words.replace(text.as_str(), " \u{a6} ");
            }
            words
        };
        self.text = strip(&self.text);
        for attribute in &mut self.attributes {
            attribute.value = strip(&attribute.value);
        }
        self
    }

    /// The English of `english` (the English reference, `locales/en.json`) still among
    /// these words of a gallery in `translation`'s language: each key's text and plural
    /// forms, split at their placeholders into [`telling_fragments`], less those that
    /// the same key's translation holds too (a word both languages share: "Code"), each
    /// looked for as words of their own, case aside, in the text and in each attribute.
    pub fn english_left(&self, english: &Locale, translation: &Locale) -> Vec<EnglishLeft> {
        let text = plain(&self.text);
        let attributes: Vec<(String, String)> = self
            .attributes
            .iter()
            .map(|a| (format!("{} of {}", a.name, a.element), plain(&a.value)))
            .collect();
        let places = std::iter::once(("text".to_owned(), text)).chain(attributes);
        let places: Vec<(String, String)> = places.collect();
        let mut left = Vec::new();
        for key in english.keys() {
            let translated: Vec<String> = translation.forms(key).iter().map(|t| plain(t)).collect();
            let mut fragments: Vec<String> = english
                .forms(key)
                .iter()
                .flat_map(|form| telling_fragments(form))
                .filter(|fragment| !translated.iter().any(|t| t.contains(fragment.as_str())))
                .collect();
            fragments.dedup();
            for fragment in fragments {
                for (place, words) in &places {
                    let Some(at) = find_word(words, &fragment) else {
                        continue;
                    };
                    let found = EnglishLeft {
                        key: key.to_owned(),
                        fragment: fragment.clone(),
                        place: place.clone(),
                        context: around(words, at, fragment.len()),
                    };
                    if !left.contains(&found) {
                        left.push(found);
                    }
                }
            }
        }
        left
    }
}

/// Up to 40 characters either side of `len` bytes at `at` in `text`, the match marked.
fn around(text: &str, at: usize, len: usize) -> String {
    let before: String = {
        let mut chars: Vec<char> = text[..at].chars().rev().take(40).collect();
        chars.reverse();
        chars.into_iter().collect()
    };
    let after: String = text[at + len..].chars().take(40).collect();
    format!("{before}\u{ab}{}\u{bb}{after}", &text[at..at + len])
}

/// Every string value in `value`, however deep (not the keys).
fn strings_in(value: &Value, into: &mut Vec<String>) {
    match value {
        Value::String(text) => into.push(text.clone()),
        Value::Array(items) => items.iter().for_each(|item| strings_in(item, into)),
        Value::Object(fields) => fields.values().for_each(|field| strings_in(field, into)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::gallery::ShownAttribute;

    fn locale(lang: &str, json: &str) -> Locale {
        Locale::parse(lang, json).unwrap()
    }

    fn shown(text: &str, attributes: &[(&str, &str)]) -> ShownWords {
        ShownWords {
            text: text.to_owned(),
            attributes: attributes
                .iter()
                .map(|(name, value)| ShownAttribute {
                    element: "img.jg-thumb__img".into(),
                    name: (*name).into(),
                    value: (*value).into(),
                })
                .collect(),
        }
    }

    #[test]
    fn fragments_are_the_telling_pieces_between_placeholders() {
        assert_eq!(telling_fragments("Refresh"), ["refresh"]);
        assert!(telling_fragments("Pause").is_empty());
        assert_eq!(
            telling_fragments("Showing {from}\u{2013}{to} of {total}"),
            ["showing"]
        );
        assert_eq!(
            telling_fragments("Retrying in {n}\u{a0}s\u{2026}"),
            ["retrying in"]
        );
        assert_eq!(telling_fragments("{done} of {n} scenes"), ["scenes"]);
        assert!(telling_fragments("{done} of {n} scene").is_empty());
        assert_eq!(
            telling_fragments("Loading jobs\u{2026}"),
            ["loading jobs\u{2026}"]
        );
        assert!(telling_fragments("(job {id})").is_empty());
    }

    #[test]
    fn words_are_found_whole_only() {
        assert_eq!(find_word("neu laden refresh", "refresh"), Some(10));
        assert_eq!(find_word("refreshed", "refresh"), None);
        assert_eq!(find_word("unrefresh refresh.", "refresh"), Some(10));
        assert_eq!(find_word("wird geladen…", "loading jobs…"), None);
        assert_eq!(find_word("x loading jobs…y", "loading jobs…"), Some(2));
    }

    #[test]
    fn plural_forms_and_attributes_are_looked_at() {
        let en = locale(
            "en",
            r#"{"refresh": "Refresh", "new_jobs": {"one": "1 new job", "other": "{n} new jobs"},
                "scene": "Scene {n}", "code": "Error code", "gallery_label": "Generation jobs"}"#,
        );
        let de = locale(
            "de",
            r#"{"refresh": "Aktualisieren", "new_jobs": {"one": "1 neuer Auftrag", "other": "{n} neue Aufträge"},
                "scene": "Szene {n}", "code": "Error code", "gallery_label": "Generierungsaufträge"}"#,
        );
        let left = shown(
            "Aktualisieren 3 new jobs Error code",
            &[("aria-label", "Generation jobs")],
        )
        .english_left(&en, &de);
        let found: Vec<(&str, &str, &str)> = left
            .iter()
            .map(|l| (l.key.as_str(), l.fragment.as_str(), l.place.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "gallery_label",
                    "generation jobs",
                    "aria-label of img.jg-thumb__img"
                ),
                ("new_jobs", "new jobs", "text"),
            ]
        );
        assert!(left[1].to_string().contains("`new_jobs`"), "{}", left[1]);
    }

    #[test]
    fn the_servers_words_are_taken_out() {
        let en = locale(
            "en",
            r#"{"unavailable": "Unavailable", "retry": "Try again later"}"#,
        );
        let de = locale(
            "de",
            r#"{"unavailable": "Nicht verfügbar", "retry": "Später erneut versuchen"}"#,
        );
        let server = json!({"error": "service_unavailable", "message": "Service Unavailable, try again later.",
                            "generations": [{"prompt": "An Unavailable  sign"}]});
        let words = shown(
            "Dienst nicht verfügbar\nService Unavailable, try again later.",
            &[("alt", "Szene 1: An Unavailable sign")],
        );
        assert_eq!(words.clone().english_left(&en, &de).len(), 3);
        let left = words.without_server_words(&server).english_left(&en, &de);
        assert!(left.is_empty(), "{left:?}");
    }
}
