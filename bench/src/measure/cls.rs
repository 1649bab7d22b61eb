//! Cumulative layout shift: the standalone page loaded at a phone's, a tablet's and a
//! desktop's width, then a window of live polling, on a server whose jobs do not change
//! and on the live demo. The sum of every shift the browser reports (Layout Instability
//! API), from the navigation to the end of the window.

use std::time::{Duration, Instant};

use anyhow::{ensure, Context as _, Result};
use jobs_gallery_e2e::{Test, PAGE_TIMEOUT};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::page::viewport_for_next_page;
use crate::stats::round;

const CLS_WATCH: &str = include_str!("../../js/cls_watch.js");
const CLS_READ: &str = include_str!("../../js/cls_read.js");

/// A viewport in CSS pixels; `mobile` emulates a phone's (its meta viewport, touch).
#[derive(Debug, Clone, Copy)]
pub struct Viewport {
    pub width: u32,
    pub height: u32,
    pub mobile: bool,
}

/// Phones (360 and 412 px, the narrowest common Android widths), a tablet, a desktop:
/// the widths of the browser test of a layout that never jumps.
pub const VIEWPORTS: [Viewport; 4] = [
    Viewport {
        width: 360,
        height: 780,
        mobile: true,
    },
    Viewport {
        width: 412,
        height: 915,
        mobile: true,
    },
    Viewport {
        width: 768,
        height: 1024,
        mobile: false,
    },
    Viewport {
        width: 1280,
        height: 900,
        mobile: false,
    },
];

/// The two pages the shift is measured on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// `--frozen --start NOW`: the demo clock stands still, no job changes and none
    /// arrives; the page still polls, and its own clocks and countdown still tick.
    WithoutChanges,
    /// The demo as `jobs-gallery-server` serves it by default: a story running and a
    /// job waiting at the start, then a new live job every `--live-interval` (20 s),
    /// each running scene by scene.
    LiveDemo,
}

impl Page {
    pub const BOTH: [Page; 2] = [Page::WithoutChanges, Page::LiveDemo];

    pub fn server_args(self) -> Vec<String> {
        match self {
            Page::WithoutChanges => jobs_gallery_e2e::frozen_args(),
            Page::LiveDemo => Vec::new(),
        }
    }

    /// For the progress lines and the table.
    pub fn label(self) -> &'static str {
        match self {
            Page::WithoutChanges => "without changes",
            Page::LiveDemo => "live demo",
        }
    }

    /// For session names (which name the artifacts of a failed run).
    pub fn slug(self) -> &'static str {
        match self {
            Page::WithoutChanges => "unchanged",
            Page::LiveDemo => "live",
        }
    }
}

/// Both pages' runs, one per viewport that was measured.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ClsPages {
    pub without_changes: Vec<ClsRun>,
    pub live_demo: Vec<ClsRun>,
}

impl ClsPages {
    pub fn of(&self, page: Page) -> &[ClsRun] {
        match page {
            Page::WithoutChanges => &self.without_changes,
            Page::LiveDemo => &self.live_demo,
        }
    }

    pub fn of_mut(&mut self, page: Page) -> &mut Vec<ClsRun> {
        match page {
            Page::WithoutChanges => &mut self.without_changes,
            Page::LiveDemo => &mut self.live_demo,
        }
    }
}

/// One page at one viewport: a fresh server and a cold browser profile.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClsRun {
    pub width: u32,
    pub height: u32,
    pub mobile: bool,
    /// The measured window, from the first 20 cards on.
    pub window_s: f64,
    /// `/v1/jobs` requests the server answered in the window.
    pub polls: usize,
    /// The sum of every shift without recent input, from the navigation to the end of
    /// the window (no session windows).
    pub cls: f64,
    /// The part of `cls` before the window began: the load, until the first 20 cards.
    pub cls_before_window: f64,
    pub shifts: usize,
    pub largest: Option<Shift>,
    /// The largest session window (Web Vitals' CLS: shifts less than 1 s apart, in at
    /// most 5 s); at most `cls`.
    pub largest_session_window: f64,
    /// The first 200 shifts.
    pub each_shift: Vec<Shift>,
}

/// One `layout-shift` entry.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Shift {
    /// ms from the navigation.
    pub t: f64,
    pub value: f64,
    /// What moved, as far as the browser tells (at most 5 nodes).
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Source {
    /// Tag and first class, and the card it is in (`article.jg-card 1a2b3c4d`,
    /// `p.jg-meta in card 1a2b3c4d`); `None` where the node was gone.
    pub node: Option<String>,
    /// x, y, width, height in CSS pixels, before and after.
    pub previous: [i64; 4],
    pub current: [i64; 4],
}

/// What bench/js/cls_read.js answers.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Collected {
    count: usize,
    sum: f64,
    before_window: f64,
    largest: Option<Shift>,
    largest_session: f64,
    shifts: Vec<Shift>,
    inner_width: u32,
}

/// Loads the standalone page at `viewport`, waits for its first 20 cards, and sums the
/// layout shift over `window` of the page polling on its own.
pub async fn run_once(t: Test, viewport: Viewport, window: Duration) -> Result<ClsRun> {
    let Viewport {
        width,
        height,
        mobile,
    } = viewport;
    // Before the navigation: the page loads at this size, as a phone opens it, and no
    // resize of a loaded page is measured.
    viewport_for_next_page(&t, width, height, mobile).await?;
    t.open("/").await?;
    t.wait_count("article[data-job-id]", 20, PAGE_TIMEOUT)
        .await?;
    let watching = t.js(CLS_WATCH, vec![]).await?;
    ensure!(
        watching == json!(true),
        "the browser reports no layout-shift entries"
    );
    let polls_before = t.requests("/v1/jobs").len();
    let began = Instant::now();
    tokio::time::sleep(window).await; // the measured window, not a wait for a condition
    let window_s = round(began.elapsed().as_secs_f64());
    let polls = t.requests("/v1/jobs").len() - polls_before;
    let c: Collected = serde_json::from_value(t.js(CLS_READ, vec![]).await?)
        .context("reading the layout shifts")?;
    ensure!(
        c.inner_width == width,
        "the page was laid out {} px wide, not {width}",
        c.inner_width
    );
    Ok(ClsRun {
        width,
        height,
        mobile,
        window_s,
        polls,
        cls: c.sum,
        cls_before_window: c.before_window,
        shifts: c.count,
        largest: c.largest,
        largest_session_window: c.largest_session,
        each_shift: c.shifts,
    })
}

impl ClsRun {
    /// For the progress lines.
    pub fn describe(&self) -> String {
        let largest = self.largest.as_ref().map_or("–".into(), Shift::describe);
        format!(
            "{} px: CLS {:.4} ({:.4} before the window), {} shifts, largest {largest}, {} polls in {} s",
            self.width, self.cls, self.cls_before_window, self.shifts, self.polls, self.window_s
        )
    }
}

impl Shift {
    /// `0.0123 at 12.3 s: p.jg-status 0,120,360,40 → 0,140,360,40; …`
    pub fn describe(&self) -> String {
        let rect = |r: &[i64; 4]| format!("{},{},{},{}", r[0], r[1], r[2], r[3]);
        let sources: Vec<String> = self
            .sources
            .iter()
            .map(|s| {
                format!(
                    "{} {} → {}",
                    s.node.as_deref().unwrap_or("(a node since removed)"),
                    rect(&s.previous),
                    rect(&s.current)
                )
            })
            .collect();
        let at = format!("{:.4} at {:.1} s", self.value, self.t / 1000.0);
        if sources.is_empty() {
            at
        } else {
            format!("{at}: {}", sources.join("; "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_viewports_are_the_issues_widths() {
        let widths = VIEWPORTS.map(|v| v.width);
        assert_eq!(widths, [360, 412, 768, 1280]);
    }

    #[test]
    fn the_page_without_changes_has_a_frozen_server_and_the_live_demo_the_default() {
        let frozen = Page::WithoutChanges.server_args();
        assert_eq!(frozen[..2], ["--frozen", "--start"]);
        assert!(Page::LiveDemo.server_args().is_empty());
    }

    #[test]
    fn the_page_answer_reads() {
        let answer = json!({
            "t0": 812.5, "now": 60812.5, "count": 2, "sum": 0.031, "beforeWindow": 0.001,
            "largest": { "t": 4200.1, "value": 0.03, "sources": [
                { "node": "div.jg-toolbar", "previous": [0, 120, 360, 40], "current": [0, 140, 360, 40] }
            ] },
            "largestSession": 0.03,
            "shifts": [
                { "t": 300.0, "value": 0.001, "sources": [] },
                { "t": 4200.1, "value": 0.03, "sources": [{ "node": null, "previous": [0, 0, 1, 1], "current": [0, 2, 1, 1] }] }
            ],
            "innerWidth": 360
        });
        let c: Collected = serde_json::from_value(answer).unwrap();
        assert_eq!((c.count, c.shifts.len(), c.inner_width), (2, 2, 360));
        assert_eq!(
            c.largest.unwrap().describe(),
            "0.0300 at 4.2 s: div.jg-toolbar 0,120,360,40 → 0,140,360,40"
        );
    }
}
