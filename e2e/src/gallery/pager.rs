//! The pager: the range shown, previous/next, numbered pages, the jump field and the
//! page size.

use std::time::Duration;

use anyhow::Result;
use serde_json::json;

use super::Gallery;
use crate::PAGE_TIMEOUT;

/// The pager's navigation, which holds its buttons.
const PAGES: &str = "nav[aria-label='Job pages']";
const JUMP_FIELD: &str = ".jg-pager__jump input";

impl Gallery<'_> {
    /// The selector of the Next page button.
    pub fn next_button(&self) -> String {
        self.css(&format!("{PAGES} [aria-label='Next page']"))
    }

    /// The selector of the Previous page button.
    pub fn previous_button(&self) -> String {
        self.css(&format!("{PAGES} [aria-label='Previous page']"))
    }

    /// The selector of the button of page `n`.
    pub fn page_button(&self, n: u64) -> String {
        self.css(&format!("{PAGES} [aria-label='Page {n}']"))
    }

    /// The selector of the button of the page shown.
    pub fn current_page_button(&self) -> String {
        self.css(&format!("{PAGES} [aria-current='page']"))
    }

    /// The selector of the jump field ("Go to page").
    pub fn jump_field(&self) -> String {
        self.css(JUMP_FIELD)
    }

    /// The selector of the page-size select.
    pub fn page_size(&self) -> String {
        self.css(".jg-pager__size select")
    }

    /// Presses Next page.
    pub async fn next(&self) -> Result<()> {
        self.t.click(&self.next_button()).await
    }

    /// Presses Previous page.
    pub async fn previous(&self) -> Result<()> {
        self.t.click(&self.previous_button()).await
    }

    /// Presses the button of page `n`.
    pub async fn go_to_page(&self, n: u64) -> Result<()> {
        self.t.click(&self.page_button(n)).await
    }

    /// Waits (bounded) until Previous page is disabled.
    pub async fn wait_previous_disabled(&self, timeout: Duration) -> Result<()> {
        let css = format!("{}[disabled]", self.previous_button());
        self.t.wait_element(&css, timeout).await?;
        Ok(())
    }

    /// Waits (bounded) until Next page is disabled.
    pub async fn wait_next_disabled(&self, timeout: Duration) -> Result<()> {
        let css = format!("{}[disabled]", self.next_button());
        self.t.wait_element(&css, timeout).await?;
        Ok(())
    }

    /// The range the pager tells, `Showing 21–40 of 180`.
    pub async fn range(&self) -> Result<Option<String>> {
        self.t.text(&self.css(".jg-pager__range")).await
    }

    /// Waits (bounded) until the pager tells the range `expected`.
    pub async fn wait_range(&self, expected: &str, timeout: Duration) -> Result<()> {
        self.t
            .wait_text(&self.css(".jg-pager__range"), expected, timeout)
            .await
    }

    /// How many page buttons say they are the page shown (`aria-current="page"`).
    pub async fn current_page_buttons(&self) -> Result<usize> {
        Ok(self.t.find_all(&self.current_page_button()).await?.len())
    }

    /// Waits (bounded) until page `n` is the page shown.
    pub async fn wait_current_page(&self, n: u64, timeout: Duration) -> Result<()> {
        let label = format!("Page {n}");
        self.t
            .wait_attr(
                &self.current_page_button(),
                "aria-label",
                Some(&label),
                timeout,
            )
            .await
    }

    /// Types `text` into the jump field (focusing it).
    pub async fn type_in_jump_field(&self, text: &str) -> Result<()> {
        let field = self
            .t
            .wait_element(&self.jump_field(), PAGE_TIMEOUT)
            .await?;
        field.send_keys(text).await?;
        Ok(())
    }

    /// Presses the jump field's Go.
    pub async fn press_go(&self) -> Result<()> {
        self.t
            .click(&self.css(".jg-pager__jump button[type=submit]"))
            .await
    }

    /// What the jump field holds.
    pub async fn jump_field_value(&self) -> Result<String> {
        let value = self
            .t
            .js(
                "return document.querySelector(arguments[0]).value;",
                vec![json!(self.jump_field())],
            )
            .await?;
        Ok(value.as_str().unwrap_or_default().to_owned())
    }

    /// Waits (bounded) until the jump field is marked invalid (`aria-invalid`) and its
    /// hint reads `hint`.
    pub async fn wait_jump_refused(&self, hint: &str, timeout: Duration) -> Result<()> {
        self.t
            .wait_attr(&self.jump_field(), "aria-invalid", Some("true"), timeout)
            .await?;
        self.t
            .wait_text(&self.css(".jg-pager__hint"), hint, timeout)
            .await
    }

    /// Chooses `size` jobs a page in the page-size select.
    pub async fn set_page_size(&self, size: u32) -> Result<()> {
        self.t
            .wait_element(&self.page_size(), PAGE_TIMEOUT)
            .await?
            .select_by_value(&size.to_string())
            .await?;
        Ok(())
    }
}
