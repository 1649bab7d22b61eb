//! The banner of a failed request, and the cards it leaves marked stale.

use std::time::Duration;

use anyhow::Result;
use serde_json::{json, Value};

use super::Gallery;
use crate::PAGE_TIMEOUT;

/// The banner: the widget's one alert, which names the kind of failure.
const BANNER: &str = "[role=alert][data-error-kind]";
/// The root's modifier while the cards shown are from before a failed request.
const STALE: &str = ".jobs-gallery--stale";

impl Gallery<'_> {
    /// Waits (bounded) for the banner and reads what it shows: `{kind, title, advice,
    /// request_id, request_id_text, retry, banners}` (`data-error-kind`, the request
    /// id's attribute and text, whether it offers Retry, how many banners there are).
    pub async fn banner(&self) -> Result<Value> {
        self.t.wait_element(&self.css(BANNER), PAGE_TIMEOUT).await?;
        self.t
            .js(
                r#"const b = document.querySelector(arguments[0]);
                   const id = b.querySelector('[data-request-id]');
                   const text = sel => { const e = b.querySelector(sel); return e ? e.textContent.trim() : null; };
                   return {
                     kind: b.getAttribute('data-error-kind'),
                     title: text('.jg-banner__title'),
                     advice: text('.jg-banner__advice'),
                     request_id: id ? id.getAttribute('data-request-id') : null,
                     request_id_text: id ? id.textContent.trim() : null,
                     retry: !!b.querySelector('.jg-banner__retry'),
                     banners: document.querySelectorAll(arguments[1]).length,
                   };"#,
                vec![json!(self.css(BANNER)), json!(self.css("[role=alert]"))],
            )
            .await
    }

    /// Whether a banner is shown now.
    pub async fn has_banner(&self) -> Result<bool> {
        Ok(!self.t.find_all(&self.css(BANNER)).await?.is_empty())
    }

    /// Waits (bounded) for a banner.
    pub async fn wait_banner(&self, timeout: Duration) -> Result<()> {
        self.t.wait_element(&self.css(BANNER), timeout).await?;
        Ok(())
    }

    /// Waits (bounded) until the banner names failure `kind` (`network`, `decode`, …).
    pub async fn wait_error_kind(&self, kind: &str, timeout: Duration) -> Result<()> {
        self.t
            .wait_attr(&self.css(BANNER), "data-error-kind", Some(kind), timeout)
            .await
    }

    /// Waits (bounded) until no banner is shown.
    pub async fn wait_no_banner(&self, timeout: Duration) -> Result<()> {
        self.t
            .wait_until("the banner to go", timeout, || async {
                Ok((!self.has_banner().await?).then_some(()))
            })
            .await
    }

    /// The selector of the banner's Retry button.
    pub fn retry_button(&self) -> String {
        self.css(".jg-banner__retry")
    }

    /// The selector of the banner's buttons other than Retry (Copy details).
    pub fn banner_buttons_but_retry(&self) -> String {
        self.css(".jg-banner button:not(.jg-banner__retry)")
    }

    /// The seconds the banner's countdown to its own retry shows (`data-retry-in`),
    /// when it shows one.
    pub async fn retry_countdown(&self) -> Result<Option<u32>> {
        let v = self
            .t
            .js(
                "const e = document.querySelector(arguments[0]); return e ? e.getAttribute('data-retry-in') : null;",
                vec![json!(self.css("[data-retry-in]"))],
            )
            .await?;
        Ok(v.as_str().and_then(|s| s.parse::<u32>().ok()))
    }

    /// Presses the banner's Retry.
    pub async fn retry(&self) -> Result<()> {
        self.t.click(&self.retry_button()).await
    }

    /// The root while it is marked stale.
    fn stale_root(&self) -> String {
        format!("{}{STALE}", self.root)
    }

    /// Whether the cards are marked stale (from before a failed request).
    pub async fn is_stale(&self) -> Result<bool> {
        Ok(!self.t.find_all(&self.stale_root()).await?.is_empty())
    }

    /// Waits (bounded) until the cards are marked stale.
    pub async fn wait_stale(&self, timeout: Duration) -> Result<()> {
        self.t.wait_element(&self.stale_root(), timeout).await?;
        Ok(())
    }

    /// Waits (bounded) until the cards are marked stale and the banner says since when.
    pub async fn wait_stale_notice(&self, timeout: Duration) -> Result<()> {
        let notice = format!("{} .jg-banner__stale", self.stale_root());
        self.t.wait_element(&notice, timeout).await?;
        Ok(())
    }

    /// The banner's words on the cards being out of date, when it has them.
    pub async fn stale_notice(&self) -> Result<Option<String>> {
        self.t.text(&self.css(".jg-banner__stale")).await
    }
}
