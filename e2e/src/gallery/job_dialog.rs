//! The job's panels: the dialog that finds a job by id and shows its card ("Go to job"),
//! and a card's "Download" with the job's pictures in each format; and the card's "Copy
//! link".

use std::time::Duration;

use anyhow::Result;
use serde_json::{json, Value};

use super::Gallery;
use crate::secs;

const DIALOG: &str = "dialog.jg-job-dialog";
const FILES: &str = "dialog.jg-job-files";

impl Gallery<'_> {
    /// The selector of `inner` within the job's dialog.
    fn in_job_dialog(&self, inner: &str) -> String {
        self.css(&format!("{DIALOG} {inner}"))
    }

    /// Clicks the toolbar's "Go to job" and waits (bounded) for its dialog to be open,
    /// its field focused.
    pub async fn open_go_to_job(&self) -> Result<()> {
        self.button("Go to job").await?.click().await?;
        self.wait_job_dialog_open(secs(10)).await
    }

    /// Waits (bounded) until the job's dialog is open.
    pub async fn wait_job_dialog_open(&self, timeout: Duration) -> Result<()> {
        self.t
            .wait_element(&self.css(&format!("{DIALOG}[open]")), timeout)
            .await?;
        Ok(())
    }

    /// Waits (bounded) until no job's dialog is open.
    pub async fn wait_job_dialog_closed(&self, timeout: Duration) -> Result<()> {
        self.t
            .wait_count(&self.css(&format!("{DIALOG}[open]")), 0, timeout)
            .await?;
        Ok(())
    }

    /// The selector of the dialog's id field.
    pub fn job_id_field(&self) -> String {
        self.in_job_dialog("input[name=job]")
    }

    /// Types `id` into the dialog's field (after what is there) and presses Enter.
    pub async fn go_to_job(&self, id: &str) -> Result<()> {
        self.t.click(&self.job_id_field()).await?;
        self.t.type_keys(id).await?;
        self.t.press(fantoccini::key::Key::Enter.into()).await
    }

    /// Waits (bounded) for the dialog to show the card of job `id`, and reads it:
    /// `{id, status, thumbnails, pictures}` (its `data-job-id`, its badge's text, how
    /// many thumbnails link to a picture, how many tiles there are, expired ones too).
    pub async fn wait_found_job(&self, id: &str, timeout: Duration) -> Result<Value> {
        let card = self.in_job_dialog(&format!("article[data-job-id='{id}']"));
        self.t.wait_element(&card, timeout).await?;
        self.t
            .js(
                r#"const c = document.querySelector(arguments[0]);
                   const badge = c.querySelector('.jg-badge__text');
                   return { id: c.getAttribute('data-job-id'),
                            status: badge ? badge.textContent.trim() : null,
                            thumbnails: c.querySelectorAll('a.jg-thumb').length,
                            pictures: c.querySelectorAll('.jg-thumb').length };"#,
                vec![json!(card)],
            )
            .await
    }

    /// Waits (bounded) for the dialog's word that the job asked for is not there, and
    /// returns it.
    pub async fn wait_job_gone(&self, timeout: Duration) -> Result<String> {
        let notice = self.in_job_dialog(".jg-job-dialog__gone");
        let el = self.t.wait_element(&notice, timeout).await?;
        Ok(el.text().await?)
    }

    /// Waits (bounded) for the dialog's failure banner and returns its kind
    /// (`data-error-kind`).
    pub async fn wait_job_dialog_banner(&self, timeout: Duration) -> Result<String> {
        let banner = self.in_job_dialog("[role=alert][data-error-kind]");
        let el = self.t.wait_element(&banner, timeout).await?;
        Ok(el.attr("data-error-kind").await?.unwrap_or_default())
    }

    /// The selector of the first picture link on the dialog's card.
    pub fn job_dialog_thumbnail(&self) -> String {
        self.in_job_dialog("a.jg-thumb")
    }

    /// The selector of the dialog's "Copy link to this job".
    pub fn copy_job_link(&self) -> String {
        self.in_job_dialog(".jg-job-dialog__link")
    }

    /// The selector of the dialog's close button.
    pub fn close_job_dialog(&self) -> String {
        self.in_job_dialog(".jg-viewer__close")
    }

    /// The selector of the "Copy link" on the card of job `id`.
    pub fn copy_link_of(&self, id: &str) -> String {
        self.css(&format!("article[data-job-id='{id}'] .jg-card__link"))
    }

    /// The selector of the "Download" on the card of job `id`.
    pub fn card_download_of(&self, id: &str) -> String {
        self.css(&format!("article[data-job-id='{id}'] .jg-card__save"))
    }

    /// Clicks the "Download" of the card of job `id` and waits (bounded) for its dialog.
    pub async fn open_card_download(&self, id: &str) -> Result<()> {
        self.t.click(&self.card_download_of(id)).await?;
        self.t
            .wait_element(&self.css(&format!("{FILES}[open]")), secs(10))
            .await?;
        Ok(())
    }

    /// The names of the card's Download dialog's buttons, in order, as a screen reader
    /// reads them (`"Download PNG · 120 KB, Result"`).
    pub async fn card_download_buttons(&self) -> Result<Vec<String>> {
        let names = self
            .t
            .js(
                "return [...document.querySelectorAll(arguments[0])].map((b) => b.textContent.replace(/\\s+/g, ' ').trim());",
                vec![json!(self.css(&format!("{FILES} .jg-job-files__save")))],
            )
            .await?;
        Ok(serde_json::from_value(names)?)
    }

    /// Clicks the card's Download dialog's first button for `format` ("PNG").
    pub async fn card_download(&self, format: &str) -> Result<()> {
        let button = format!("{FILES} .jg-job-files__save[data-format=\"{format}\"]");
        self.t.click(&self.css(&button)).await
    }

    /// Waits (bounded) until the card's Download dialog says something, and returns it.
    pub async fn wait_card_download_said(&self, timeout: Duration) -> Result<String> {
        let said = self.css(&format!("{FILES} .jg-viewer__saved"));
        self.t
            .wait_until(
                "the Download dialog to say what came of it",
                timeout,
                || async {
                    let text = self.t.text(&said).await?.unwrap_or_default();
                    Ok((!text.is_empty()).then_some(text))
                },
            )
            .await
    }
}
