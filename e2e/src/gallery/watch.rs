//! "Notify me" on a running card, and "While you were away" (a panel of the panels'
//! wasm) after the tab was hidden.

use std::time::Duration;

use anyhow::{Context as _, Result};
use serde_json::json;

use super::{Gallery, CARD};

const WATCH: &str = ".jg-card__watch";
const AWAY: &str = ".jg-away";

impl Gallery<'_> {
    fn watch_button_of(&self, id: &str) -> String {
        self.css(&format!("{CARD}[data-job-id='{id}'] {WATCH}"))
    }

    /// Clicks job `id`'s "Notify me" (to watch it, or to stop).
    pub async fn toggle_watch(&self, id: &str) -> Result<()> {
        let button = self.watch_button_of(id);
        let el = self
            .t
            .wait_element(&button, Duration::from_secs(10))
            .await
            .with_context(|| format!("no \"Notify me\" on job {id}"))?;
        el.click().await?;
        Ok(())
    }

    /// Job `id`'s "Notify me" as a reader meets it: its visible words and whether it is
    /// pressed (`aria-pressed`); `None` when the card has none.
    pub async fn watch_button(&self, id: &str) -> Result<Option<(String, bool)>> {
        let state = self
            .t
            .js(
                "const b = document.querySelector(arguments[0]); return b ? [Array.from(b.children, c => c.classList.contains('jg-visually-hidden') || getComputedStyle(c).display === 'none' ? '' : c.textContent).join('').trim(), b.getAttribute('aria-pressed') === 'true'] : null;",
                vec![json!(self.watch_button_of(id))],
            )
            .await?;
        Ok(state.as_array().map(|s| {
            (
                s[0].as_str().unwrap_or_default().to_owned(),
                s[1].as_bool().unwrap_or_default(),
            )
        }))
    }

    /// Waits (bounded) for the "While you were away" strip, and returns what it says.
    pub async fn wait_away(&self, timeout: Duration) -> Result<String> {
        let said = self.css(&format!("{AWAY} .jg-away__text"));
        self.t
            .wait_until("the \"While you were away\" strip", timeout, || async {
                let text = self.t.text(&said).await?.unwrap_or_default();
                Ok((!text.is_empty()).then_some(text))
            })
            .await
    }

    /// The strip's thumbnails, as their buttons' names.
    pub async fn away_pictures(&self) -> Result<Vec<String>> {
        let names = self
            .t
            .js(
                "return Array.from(document.querySelectorAll(arguments[0]), b => b.querySelector('img').alt);",
                vec![json!(self.css(&format!("{AWAY} .jg-away__thumb")))],
            )
            .await?;
        Ok(names
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|n| n.as_str().map(str::to_owned))
            .collect())
    }
}
