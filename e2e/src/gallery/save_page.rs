//! "Download this page" (from the panels' wasm): the panel that floats at the bottom of
//! the gallery while the page's pictures go into one ZIP.

use std::time::Duration;

use anyhow::Result;

use super::Gallery;

const PANEL: &str = ".jg-save-panel";

impl Gallery<'_> {
    /// Clicks the toolbar's "Download this page".
    pub async fn save_page(&self) -> Result<()> {
        self.button("Download this page").await?.click().await?;
        Ok(())
    }

    /// Waits (bounded) until the panel says something that starts with `start`, and
    /// returns all it says.
    pub async fn wait_save_page_said(&self, start: &str, timeout: Duration) -> Result<String> {
        let said = self.css(&format!("{PANEL} [role=status]"));
        let what = format!("the page's download to say {start:?}…");
        self.t
            .wait_until(&what, timeout, || async {
                let text = self.t.text(&said).await?.unwrap_or_default();
                Ok(text.starts_with(start).then_some(text))
            })
            .await
    }

    /// The panel's count of pictures saved so far, `"3 / 12"` (waiting, bounded, for it).
    pub async fn wait_save_page_count(&self, timeout: Duration) -> Result<String> {
        let count = self.css(&format!("{PANEL} .jg-save-panel__count"));
        Ok(self.t.wait_element(&count, timeout).await?.text().await?)
    }

    /// The selector of the panel's Cancel.
    pub fn cancel_save_page(&self) -> String {
        self.css(&format!("{PANEL} .jg-save-panel__cancel"))
    }

    /// The selector of the panel's Close.
    pub fn close_save_page(&self) -> String {
        self.css(&format!("{PANEL} .jg-save-panel__close"))
    }

    /// Waits (bounded) until no panel of "Download this page" is left.
    pub async fn wait_save_page_gone(&self, timeout: Duration) -> Result<()> {
        self.t.wait_count(&self.css(PANEL), 0, timeout).await?;
        Ok(())
    }
}
