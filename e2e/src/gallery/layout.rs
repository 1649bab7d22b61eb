//! Whether anything on screen moved: the toolbar, the grid, the cards and the pager,
//! frame by frame, and the layout shift where the browser reports one.

use anyhow::{Context as _, Result};
use serde_json::{json, Value};

use super::Gallery;

/// What moved since [`Gallery::watch_moves`] started.
#[derive(Debug)]
pub struct Moves {
    /// Frames watched.
    pub frames: u64,
    /// Each frame in which a box changed: the first few boxes that did, as
    /// `name@x,y,width,height -> name@x,y,width,height`.
    pub moves: Vec<Value>,
    /// The summed layout shift (Chromium's Layout Instability API); `None` where the
    /// browser has no such API.
    pub shift: Option<f64>,
}

impl Gallery<'_> {
    /// Scrolls the page so that the `index`-th card's top is at the top of the viewport:
    /// a reader in the list.
    pub async fn scroll_to_card(&self, index: usize) -> Result<()> {
        let done = self
            .t
            .js(
                "const card = document.querySelectorAll(arguments[0])[arguments[1]]; if (!card) return false; card.scrollIntoView({block: 'start'}); return card.getBoundingClientRect().top <= 1;",
                vec![json!(self.css(super::CARD)), json!(index)],
            )
            .await?;
        anyhow::ensure!(
            done == json!(true),
            "could not scroll card {index} to the top: {done}"
        );
        Ok(())
    }

    /// Starts watching, every animation frame, the boxes of the gallery's toolbar,
    /// grid, cards and pager.
    pub async fn watch_moves(&self) -> Result<()> {
        self.t
            .js(include_str!("watch_moves.js"), vec![json!(self.root())])
            .await?;
        Ok(())
    }

    /// What moved since [`Gallery::watch_moves`]; the watch goes on.
    pub async fn moves(&self) -> Result<Moves> {
        let value = self
            .t
            .js(
                "const w = window.__jgWatch; return w && { frames: w.frames, moves: w.moves, shift: w.shift };",
                vec![],
            )
            .await?;
        let frames = value["frames"]
            .as_u64()
            .context("no watch_moves on this page")?;
        Ok(Moves {
            frames,
            moves: value["moves"].as_array().cloned().unwrap_or_default(),
            shift: value["shift"].as_f64(),
        })
    }
}
