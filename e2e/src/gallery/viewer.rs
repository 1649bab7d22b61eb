//! The viewer: the modal dialog a picture opens in.

use std::time::Duration;

use anyhow::Result;

use super::Gallery;
use crate::secs;

const VIEWER: &str = "dialog.jg-viewer";

impl Gallery<'_> {
    /// The selector of anything inside the viewer (for where focus is).
    pub fn inside_viewer(&self) -> String {
        self.css(&format!("{VIEWER} *"))
    }

    /// Opens the viewer on the first picture that links to it, and waits (bounded) for
    /// it to be open.
    pub async fn open_viewer(&self) -> Result<()> {
        self.t.click(&self.thumbnail_link()).await?;
        self.wait_viewer_open(secs(5)).await
    }

    /// Waits (bounded) until the viewer is open.
    pub async fn wait_viewer_open(&self, timeout: Duration) -> Result<()> {
        self.t
            .wait_element(&self.css(&format!("{VIEWER}[open]")), timeout)
            .await?;
        Ok(())
    }

    /// Waits (bounded) until the viewer is closed.
    pub async fn wait_viewer_closed(&self, timeout: Duration) -> Result<()> {
        self.t
            .wait_count(&self.css(&format!("{VIEWER}[open]")), 0, timeout)
            .await?;
        Ok(())
    }

    /// Where the viewer is among its pictures, `"2 / 7"` (empty when it shows none).
    pub async fn viewer_position(&self) -> Result<String> {
        Ok(self
            .t
            .text(&self.css(".jg-viewer__count"))
            .await?
            .unwrap_or_default())
    }

    /// Clicks the open picture's "Download" for `format` (its label: "PNG", "JPEG",
    /// "WebP").
    pub async fn download_in_viewer(&self, format: &str) -> Result<()> {
        let button = format!("{VIEWER} .jg-viewer__save[aria-label=\"Download {format}\"]");
        self.t.click(&self.css(&button)).await
    }

    /// The formats the open picture offers "Download" for, in order.
    pub async fn viewer_download_formats(&self) -> Result<Vec<String>> {
        let labels = self
            .t
            .js(
                "return [...document.querySelectorAll(arguments[0])].map((b) => b.getAttribute('aria-label'));",
                vec![serde_json::json!(self.css(&format!("{VIEWER} .jg-viewer__save")))],
            )
            .await?;
        let labels: Vec<String> = serde_json::from_value(labels)?;
        Ok(labels
            .into_iter()
            .map(|l| l.trim_start_matches("Download ").to_owned())
            .collect())
    }

    /// What the viewer says the last download came to (empty: nothing yet).
    pub async fn viewer_saved_text(&self) -> Result<String> {
        Ok(self
            .t
            .text(&self.css(&format!("{VIEWER} .jg-viewer__saved")))
            .await?
            .unwrap_or_default())
    }
}
