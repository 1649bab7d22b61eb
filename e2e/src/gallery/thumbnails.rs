//! The result pictures on the cards, and their links, which open the viewer.

use std::time::Duration;

use anyhow::Result;
use serde_json::{json, Value};

use super::Gallery;

/// A result picture on a card.
const THUMBNAIL: &str = ".jg-thumb__img";

impl Gallery<'_> {
    /// How many result pictures the cards have (loaded or not).
    pub async fn thumbnail_count(&self) -> Result<usize> {
        Ok(self.t.find_all(&self.css(THUMBNAIL)).await?.len())
    }

    /// Scrolls picture number `i` (from 0) to the middle of the viewport, where a lazy
    /// image loads.
    pub async fn scroll_to_thumbnail(&self, i: usize) -> Result<()> {
        self.t
            .js(
                "document.querySelectorAll(arguments[0])[arguments[1]]?.scrollIntoView({block: 'center'});",
                vec![json!(self.css(THUMBNAIL)), json!(i)],
            )
            .await?;
        Ok(())
    }

    /// Waits (bounded) until picture number `i` has loaded (`naturalWidth > 0`).
    pub async fn wait_thumbnail_loaded(&self, i: usize, timeout: Duration) -> Result<()> {
        let what = format!("thumbnail #{i} to load (naturalWidth > 0)");
        self.t
            .wait_until(&what, timeout, || async {
                let img: Value = self
                    .t
                    .js(
                        r#"const i = document.querySelectorAll(arguments[0])[arguments[1]];
                           return { done: i.complete, width: i.naturalWidth, src: i.getAttribute('src') };"#,
                        vec![json!(self.css(THUMBNAIL)), json!(i)],
                    )
                    .await?;
                Ok((img["done"] == json!(true) && img["width"].as_u64().unwrap_or(0) > 0)
                    .then_some(()))
            })
            .await
    }

    /// Waits (bounded) until every picture in the viewport has loaded (lazy images load
    /// once they come near it).
    pub async fn wait_thumbnails_in_view_loaded(&self, timeout: Duration) -> Result<()> {
        self.t
            .wait_until("the thumbnails in view to load", timeout, || async {
                let pending: Value = self
                    .t
                    .js(
                        r#"return Array.from(document.querySelectorAll(arguments[0])).filter(i => {
                             const r = i.getBoundingClientRect();
                             return r.bottom > 0 && r.top < innerHeight && !(i.complete && i.naturalWidth > 0);
                           }).length;"#,
                        vec![json!(self.css(THUMBNAIL))],
                    )
                    .await?;
                Ok((pending == json!(0)).then_some(()))
            })
            .await
    }

    /// How many pictures fell back to "Unavailable" (a load error).
    pub async fn unavailable_thumbnails(&self) -> Result<usize> {
        Ok(self
            .t
            .find_all(&self.css(".jg-thumb--unavailable"))
            .await?
            .len())
    }

    /// The words on the tiles shown for links that are not safe to follow.
    pub async fn invalid_link_tiles(&self) -> Result<Vec<Value>> {
        let tiles = self
            .t
            .js(
                "return Array.from(document.querySelectorAll(arguments[0]), e => e.textContent.trim());",
                vec![json!(self.css(".jg-thumb--invalid"))],
            )
            .await?;
        Ok(tiles.as_array().cloned().unwrap_or_default())
    }

    /// The selector of the result pictures.
    pub fn thumbnail_image(&self) -> String {
        self.css(THUMBNAIL)
    }

    /// The selector of a picture's link (which opens the viewer).
    pub fn thumbnail_link(&self) -> String {
        self.css("a.jg-thumb")
    }
}
