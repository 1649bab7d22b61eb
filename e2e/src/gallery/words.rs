//! What a gallery shows in words, in the reader's language: the root's `lang`, the
//! toolbar's heading and buttons, and all its text and the attributes that name things
//! ([`ShownWords`]), the server's own words shown as they came left out. Whether any
//! English of the catalogue is left among them is `locale`'s business.

use anyhow::{bail, Result};
use serde_json::json;

use super::Gallery;

/// The toolbar's heading ("Your jobs").
const HEADING: &str = ".jg-toolbar__title";
/// The toolbar's buttons (Pause, Refresh, …).
const TOOLBAR_BUTTONS: &str = ".jg-toolbar button";
/// Elements whose text is the server's, shown as it came: the quoted message, the
/// details, request ids and codes. Their words are no translation's business.
const VERBATIM: &str = "q, pre, code";
/// Attributes whose words reach a reader: spoken, or shown as a tooltip.
const WORDED_ATTRIBUTES: &[&str] = &[
    "aria-label",
    "aria-description",
    "aria-roledescription",
    "aria-valuetext",
    "title",
    "alt",
    "placeholder",
];

/// What a gallery shows in words: its text and the attributes that name things, the
/// server's own words left out ([`VERBATIM`], and [`ShownWords::without_server_words`]).
#[derive(Debug, Clone, Default)]
pub struct ShownWords {
    /// The text a reader gets (the rendered text of the root, as its `innerText` has
    /// it, visually hidden text for screen readers included), whitespace collapsed.
    pub text: String,
    /// Every [`WORDED_ATTRIBUTES`] attribute of the root and the elements in it.
    pub attributes: Vec<ShownAttribute>,
}

/// One attribute whose words reach a reader.
#[derive(Debug, Clone)]
pub struct ShownAttribute {
    /// The element, as `tag.class.class` (`img.jg-thumb__img`).
    pub element: String,
    /// `aria-label`, `title`, `alt`, …
    pub name: String,
    pub value: String,
}

/// `text` with its runs of whitespace (line breaks, no-break spaces) as one space, trimmed.
pub(super) fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Gallery<'_> {
    /// The root's `lang` (the language the gallery shows), `None` without one.
    pub async fn lang(&self) -> Result<Option<String>> {
        let lang = self
            .t
            .js(
                "const g = document.querySelector(arguments[0]); return g ? g.getAttribute('lang') : null;",
                vec![json!(self.root)],
            )
            .await?;
        Ok(lang.as_str().map(str::to_owned))
    }

    /// Waits (bounded) until the root's `lang` is `lang`.
    pub async fn wait_lang(&self, lang: &str, timeout: std::time::Duration) -> Result<()> {
        let waited = self
            .t
            .wait_attr(&self.root, "lang", Some(lang), timeout)
            .await;
        if let Err(e) = waited {
            let shown = self.lang().await.ok().flatten();
            return Err(e.context(format!("the root's lang is {shown:?}")));
        }
        Ok(())
    }

    /// The toolbar's heading ("Your jobs"), whitespace collapsed.
    pub async fn heading(&self) -> Result<Option<String>> {
        self.t.text(&self.css(HEADING)).await
    }

    /// The words each toolbar button shows, in order (its icon and the visually hidden
    /// rest of its name left out): `["Pause", "Refresh", "Go to job", …]`.
    pub async fn toolbar_buttons(&self) -> Result<Vec<String>> {
        let words = self
            .t
            .js(
                r#"const words = (n) => n.nodeType === Node.TEXT_NODE ? n.data
                     : n.nodeType === Node.ELEMENT_NODE && n.getAttribute('aria-hidden') !== 'true' && !n.classList.contains('jg-visually-hidden')
                       ? Array.from(n.childNodes, words).join('') : '';
                   return Array.from(document.querySelectorAll(arguments[0]), b => words(b).replace(/\s+/g, ' ').trim());"#,
                vec![json!(self.css(TOOLBAR_BUTTONS))],
            )
            .await?;
        Ok(words
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|w| w.as_str().map(str::to_owned))
            .collect())
    }

    /// What the gallery shows in words now ([`ShownWords`]): the text of every text node
    /// in the root that is rendered (as `innerText` reads it: not in a closed `details`,
    /// not `display: none`; visually hidden text included), except in [`VERBATIM`]
    /// elements, and the [`WORDED_ATTRIBUTES`] of the root and of every element in it
    /// but those. Open the disclosures first ([`Gallery::open_details`]) to have what
    /// they hold.
    pub async fn shown_words(&self) -> Result<ShownWords> {
        let read = self
            .t
            .js(
                r#"const [rootCss, verbatim, names] = arguments;
                   const root = document.querySelector(rootCss);
                   if (!root) return null;
                   const inVerbatim = (e) => { const v = e.closest(verbatim); return !!v && root.contains(v); };
                   const rendered = (e) => e.checkVisibility ? e.checkVisibility({ visibilityProperty: true }) : e.getClientRects().length > 0;
                   const texts = [];
                   const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
                   for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                     const e = n.parentElement;
                     if (n.data.trim() && e && !inVerbatim(e) && rendered(e)) texts.push(n.data);
                   }
                   const attributes = [];
                   for (const e of [root, ...root.querySelectorAll('*')]) {
                     if (inVerbatim(e)) continue;
                     const element = e.tagName.toLowerCase() + Array.from(e.classList).slice(0, 2).map(c => '.' + c).join('');
                     for (const name of names) {
                       const value = e.getAttribute(name);
                       if (value && value.trim()) attributes.push({ element, name, value });
                     }
                   }
                   return { texts, attributes };"#,
                vec![json!(self.root), json!(VERBATIM), json!(WORDED_ATTRIBUTES)],
            )
            .await?;
        if read.is_null() {
            bail!("no `{}` on the page to read the words of", self.root);
        }
        let texts: Vec<String> = read["texts"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|t| t.as_str().map(collapse))
            .collect();
        let attributes = read["attributes"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|a| {
                let field = |k: &str| a[k].as_str().unwrap_or_default().to_owned();
                ShownAttribute {
                    element: field("element"),
                    name: field("name"),
                    value: field("value"),
                }
            })
            .collect();
        Ok(ShownWords {
            // One text node a line: a word never runs into the next element's.
            text: texts.join("\n"),
            attributes,
        })
    }
}
