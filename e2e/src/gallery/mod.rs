//! The page object of the widget: what a reader sees of one gallery (its cards,
//! thumbnails, toolbar, pager, banner and viewer), asked for in those words. The
//! widget's markup (`article[data-job-id]`, `.jg-pager__range`, …) is known here and
//! nowhere else, so a change of markup is one change here.
//!
//! ```no_run
//! # async fn example(t: jobs_gallery_e2e::Test) -> anyhow::Result<()> {
//! let gallery = t.gallery();
//! gallery.open_loaded("/", 20).await?;
//! gallery.next().await?;
//! let ids = gallery.job_ids().await?;
//! # Ok(()) }
//! ```

mod banner;
mod host_page;
mod job_dialog;
mod layout;
mod lifecycle;
mod locale;
mod pager;
mod save_page;
mod spoiled_locale;
mod thumbnails;
mod viewer;
mod watch;
mod words;

use std::time::Duration;

use anyhow::Result;
use fantoccini::elements::Element;
use fantoccini::Locator;
use serde_json::{json, Value};

pub use host_page::WayIn;
pub use layout::Moves;
pub use locale::{EnglishLeft, Locale};
pub use spoiled_locale::{Spoil, SpoiledLocale};
pub use words::{ShownAttribute, ShownWords};

use crate::{secs, Test, PAGE_TIMEOUT};

/// The widget's root element.
const ROOT: &str = ".jobs-gallery";
/// A job's card.
const CARD: &str = "article[data-job-id]";

/// One gallery on the page: the page's only one ([`Test::gallery`]) or the one inside
/// an element of the host page ([`Test::gallery_in`]).
pub struct Gallery<'t> {
    t: &'t Test,
    /// The root's selector, with the host element's in front when there is one.
    root: String,
}

impl Test {
    /// The gallery on the page (the first, when there are several).
    pub fn gallery(&self) -> Gallery<'_> {
        Gallery {
            t: self,
            root: ROOT.to_owned(),
        }
    }

    /// The gallery inside the host page's element matching `host_css` (`#left`).
    pub fn gallery_in(&self, host_css: &str) -> Gallery<'_> {
        Gallery {
            t: self,
            root: format!("{host_css} {ROOT}"),
        }
    }
}

impl Gallery<'_> {
    /// The selector of `inner` within this gallery.
    fn css(&self, inner: &str) -> String {
        format!("{} {inner}", self.root)
    }

    /// The selector of the gallery's root element.
    pub fn root(&self) -> &str {
        &self.root
    }

    /// Opens `path` and waits (bounded) for `cards` job cards and no request in flight.
    pub async fn open_loaded(&self, path: &str, cards: usize) -> Result<()> {
        self.t.open(path).await?;
        self.wait_loaded(cards).await
    }

    /// Waits (bounded) for `cards` job cards and no request in flight.
    pub async fn wait_loaded(&self, cards: usize) -> Result<()> {
        self.wait_cards(cards, PAGE_TIMEOUT).await?;
        self.wait_idle(PAGE_TIMEOUT).await
    }

    /// Waits (bounded) until no request is in flight: the gallery is there and its
    /// `aria-busy` is gone (or not `"true"`).
    pub async fn wait_idle(&self, timeout: Duration) -> Result<()> {
        let what = format!("`{}` to be there and not aria-busy", self.root);
        self.t
            .wait_until(&what, timeout, || async {
                let busy = self.busy().await?;
                Ok((!matches!(busy.as_deref(), Some("true") | None)).then_some(()))
            })
            .await
    }

    /// The root's `aria-busy`, or `None` when the gallery is not on the page.
    async fn busy(&self) -> Result<Option<String>> {
        let busy = self
            .t
            .js(
                "const g = document.querySelector(arguments[0]); return g ? (g.getAttribute('aria-busy') || '') : null;",
                vec![json!(self.root)],
            )
            .await?;
        Ok(busy.as_str().map(str::to_owned))
    }

    /// Whether a request is in flight (`aria-busy="true"`).
    pub async fn is_busy(&self) -> Result<bool> {
        Ok(self.busy().await?.as_deref() == Some("true"))
    }

    /// Waits (bounded) until a request is in flight.
    pub async fn wait_busy(&self, timeout: Duration) -> Result<()> {
        self.t
            .wait_attr(&self.root, "aria-busy", Some("true"), timeout)
            .await
    }

    /// Waits (bounded) until the gallery is gone from the page (unmounted).
    pub async fn wait_gone(&self, timeout: Duration) -> Result<()> {
        self.t.wait_count(&self.root, 0, timeout).await?;
        Ok(())
    }

    /// The job cards on screen now.
    pub async fn cards(&self) -> Result<Vec<Element>> {
        self.t.find_all(&self.css(CARD)).await
    }

    /// Waits (bounded) until exactly `n` job cards are on screen; returns them.
    pub async fn wait_cards(&self, n: usize, timeout: Duration) -> Result<Vec<Element>> {
        self.t.wait_count(&self.css(CARD), n, timeout).await
    }

    /// Waits (bounded) until at least one job card is on screen.
    pub async fn wait_some_cards(&self, timeout: Duration) -> Result<()> {
        self.t
            .wait_until("job cards on screen", timeout, || async {
                Ok((!self.cards().await?.is_empty()).then_some(()))
            })
            .await
    }

    /// The job ids of the cards on screen, in order.
    pub async fn job_ids(&self) -> Result<Vec<String>> {
        let v = self
            .t
            .js(
                "return Array.from(document.querySelectorAll(arguments[0]), a => a.getAttribute('data-job-id'));",
                vec![json!(self.css(CARD))],
            )
            .await?;
        Ok(v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|x| x.as_str().map(str::to_owned))
            .collect())
    }

    /// The status the card of job `id` shows (`data-status`), null without such a card.
    pub async fn card_status(&self, id: &str) -> Result<Value> {
        self.t
            .js(
                "const c = Array.from(document.querySelectorAll(arguments[0])).find(a => a.getAttribute('data-job-id') === arguments[1]); return c ? c.getAttribute('data-status') : null;",
                vec![json!(self.css(CARD)), json!(id)],
            )
            .await
    }

    /// Each card's job id, `data-status`, its badge's kinds (the `jg-badge--KIND`
    /// classes) and the badge's words: `[{id, status, badge_kinds, text}]`.
    pub async fn badges(&self) -> Result<Vec<Value>> {
        let cards = self
            .t
            .js(
                r#"return Array.from(document.querySelectorAll(arguments[0]), a => {
                     const badge = a.querySelector('.jg-badge');
                     return {
                       id: a.getAttribute('data-job-id'),
                       status: a.getAttribute('data-status'),
                       badge_kinds: badge ? Array.from(badge.classList).filter(c => c.startsWith('jg-badge--')).map(c => c.slice('jg-badge--'.length)) : [],
                       text: ((a.querySelector('.jg-badge__text') || {}).textContent || '').trim(),
                     };
                   });"#,
                vec![json!(self.css(CARD))],
            )
            .await?;
        Ok(cards.as_array().cloned().unwrap_or_default())
    }

    /// The progress bars' ARIA numbers and names: `[{min, max, now, text, label}]`
    /// (`aria-valuemin`, `-valuemax`, `-valuenow`, `-valuetext`, `aria-label`).
    pub async fn progress_bars(&self) -> Result<Vec<Value>> {
        let bars = self
            .t
            .js(
                r#"return Array.from(document.querySelectorAll(arguments[0]), b => ({
                     min: b.getAttribute('aria-valuemin'), max: b.getAttribute('aria-valuemax'),
                     now: b.getAttribute('aria-valuenow'), text: b.getAttribute('aria-valuetext'),
                     label: b.getAttribute('aria-label'),
                   }));"#,
                vec![json!(self.css("[role=progressbar]"))],
            )
            .await?;
        Ok(bars.as_array().cloned().unwrap_or_default())
    }

    /// The selector of the cards' Copy id buttons.
    pub fn copy_id(&self) -> String {
        self.css(".jg-card__copy")
    }

    /// The selector of the Copy id button on the card of job `id`.
    pub fn copy_id_of(&self, id: &str) -> String {
        self.css(&format!("article[data-job-id='{id}'] .jg-card__copy"))
    }

    /// The gallery's button whose text (icons and spacing aside) contains `text`,
    /// e.g. `Refresh` or `Retry` (waiting, bounded, for it to exist).
    pub async fn button(&self, text: &str) -> Result<Element> {
        let xpath = format!(
            ".//button[contains(normalize-space(.), '{}')]",
            text.replace('\'', "")
        );
        let what = format!("the gallery's `{text}` button");
        self.t
            .wait_until(&what, PAGE_TIMEOUT, || async {
                let root = self.t.client.find(Locator::Css(&self.root)).await?;
                Ok(Some(root.find(Locator::XPath(&xpath)).await?))
            })
            .await
    }

    /// Presses the toolbar's Refresh.
    pub async fn refresh(&self) -> Result<()> {
        self.button("Refresh").await?.click().await?;
        Ok(())
    }

    /// The offer of new jobs ("N new jobs"), waited for (bounded).
    pub async fn wait_new_jobs_offer(&self, timeout: Duration) -> Result<()> {
        self.t
            .wait_element(&self.css(".jg-new-jobs"), timeout)
            .await?;
        Ok(())
    }

    /// Takes the offer of new jobs.
    pub async fn take_new_jobs_offer(&self) -> Result<()> {
        self.t.click(&self.css(".jg-new-jobs")).await
    }

    /// Waits (bounded) until no offer of new jobs is shown.
    pub async fn wait_no_new_jobs_offer(&self, timeout: Duration) -> Result<()> {
        self.t
            .wait_count(&self.css(".jg-new-jobs"), 0, timeout)
            .await?;
        Ok(())
    }

    /// What the polite live region says now.
    pub async fn announcement(&self) -> Result<String> {
        let said = self
            .t
            .js(
                "return document.querySelector(arguments[0]).textContent;",
                vec![json!(self.css("[role=status][aria-live=polite]"))],
            )
            .await?;
        Ok(said.as_str().unwrap_or_default().to_owned())
    }

    /// Waits (bounded) for the empty state ("No jobs yet").
    pub async fn wait_empty_state(&self, timeout: Duration) -> Result<()> {
        self.t.wait_element(&self.css(".jg-empty"), timeout).await?;
        Ok(())
    }

    /// Waits (bounded) for the first load's notice ("Loading jobs…").
    pub async fn wait_loading_notice(&self, timeout: Duration) -> Result<()> {
        self.t
            .wait_element(&self.css(".jg-notice"), timeout)
            .await?;
        Ok(())
    }

    /// Sets the host's theme switch, `data-theme` on the root (`dark`, `light`).
    pub async fn set_theme(&self, theme: &str) -> Result<()> {
        self.t
            .js(
                "document.querySelector(arguments[0]).setAttribute('data-theme', arguments[1]);",
                vec![json!(self.root), json!(theme)],
            )
            .await?;
        Ok(())
    }

    /// The root's `data-theme` (null without one) and computed background colour.
    pub async fn theme_and_background(&self) -> Result<(Value, Value)> {
        let v = self
            .t
            .js(
                "const g = document.querySelector(arguments[0]); return [g.getAttribute('data-theme'), getComputedStyle(g).backgroundColor];",
                vec![json!(self.root)],
            )
            .await?;
        Ok((v[0].clone(), v[1].clone()))
    }

    /// Scrolls the page so that the gallery's top is in view.
    pub async fn scroll_into_view(&self) -> Result<()> {
        self.t
            .js(
                "document.querySelector(arguments[0]).scrollIntoView();",
                vec![json!(self.root)],
            )
            .await?;
        Ok(())
    }

    /// Opens every disclosure (`details`) in the gallery, so what they hold is on screen.
    pub async fn open_details(&self) -> Result<()> {
        self.t
            .js(
                "document.querySelectorAll(arguments[0]).forEach(d => d.open = true);",
                vec![json!(self.css("details"))],
            )
            .await?;
        Ok(())
    }

    /// Takes the server away and presses Refresh on a loaded page, then waits (bounded)
    /// for the network banner over the cards marked stale, and for the page to settle.
    pub async fn fail_a_refresh(&self) -> Result<()> {
        self.t.server().stop();
        self.refresh().await?;
        self.wait_error_kind("network", PAGE_TIMEOUT).await?;
        self.wait_stale_notice(secs(2)).await?;
        self.wait_idle(PAGE_TIMEOUT).await
    }
}
