//! Keys pressed on whatever has focus, focus itself, and clicks.

use anyhow::{bail, Context as _, Result};
use fantoccini::actions::{InputSource as _, KeyAction, KeyActions};
use fantoccini::key::Key;
use serde_json::json;

use crate::{Test, PAGE_TIMEOUT};

impl Test {
    /// Presses and releases one key on whatever has focus (WebDriver actions, so the
    /// focus is not moved first as an element's send_keys would). Special keys come
    /// from [`fantoccini::key::Key`], e.g. `Key::Tab.into()`.
    pub async fn press(&self, key: char) -> Result<()> {
        let actions = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key });
        self.client
            .perform_actions(actions)
            .await
            .with_context(|| format!("pressing {:?}", key))
    }

    /// Types `text` into whatever has focus, key by key.
    pub async fn type_keys(&self, text: &str) -> Result<()> {
        let mut actions = KeyActions::new("keyboard".into());
        for c in text.chars() {
            actions = actions
                .then(KeyAction::Down { value: c })
                .then(KeyAction::Up { value: c });
        }
        self.client
            .perform_actions(actions)
            .await
            .with_context(|| format!("typing {text:?}"))
    }

    /// A short description of `document.activeElement`, like
    /// `button.jg-button.jg-pager__step[aria-label="Next page"] "Next ›"`, for checks and
    /// messages. `body` when nothing has focus.
    pub async fn focused(&self) -> Result<String> {
        let v = self
            .js(
                r#"const e = document.activeElement;
                   if (!e || e === document.body) return 'body';
                   let d = e.tagName.toLowerCase();
                   for (const c of e.classList) d += '.' + c;
                   if (e.getAttribute('aria-label')) d += '[aria-label="' + e.getAttribute('aria-label') + '"]';
                   if (e.getAttribute('type')) d += '[type="' + e.getAttribute('type') + '"]';
                   const text = (e.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 40);
                   if (text) d += ' "' + text + '"';
                   return d;"#,
                vec![],
            )
            .await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    /// Whether `document.activeElement` matches `css`.
    pub async fn focus_matches(&self, css: &str) -> Result<bool> {
        let v = self
            .js(
                "const e = document.activeElement; return !!e && e !== document.body && e.matches(arguments[0]);",
                vec![json!(css)],
            )
            .await?;
        Ok(v == json!(true))
    }

    /// Takes focus away from whatever has it, so that the next Tab starts from the top.
    pub async fn blur(&self) -> Result<()> {
        self.js(
            "document.activeElement && document.activeElement.blur();",
            vec![],
        )
        .await?;
        Ok(())
    }

    /// Presses Tab until `document.activeElement` matches `css` (at most `max_tabs`
    /// presses); fails naming the elements focused on the way.
    pub async fn tab_to(&self, css: &str, max_tabs: usize) -> Result<()> {
        let mut path = Vec::new();
        for _ in 0..max_tabs {
            if self.focus_matches(css).await? {
                return Ok(());
            }
            self.press(Key::Tab.into()).await?;
            path.push(self.focused().await?);
        }
        if self.focus_matches(css).await? {
            return Ok(());
        }
        bail!(
            "{max_tabs} presses of Tab did not reach `{css}`; focus went through:\n  {}",
            path.join("\n  ")
        )
    }

    /// Clicks the first element matching `css` (waiting, bounded, for it to exist).
    pub async fn click(&self, css: &str) -> Result<()> {
        let el = self.wait_element(css, PAGE_TIMEOUT).await?;
        el.click()
            .await
            .with_context(|| format!("clicking `{css}`"))
    }
}
