//! A page change: "Next page" clicked on a page of 20 until the frame that paints the
//! next 20, split into the click → request, the request, and rendering.

use anyhow::Result;
use jobs_gallery_e2e::Test;
use serde::{Deserialize, Serialize};

use crate::page::repaint;
use crate::stats::{minus, Stats};

const PAGE_CHANGE: &str = include_str!("../../js/page_change.js");

/// One page change in ms; `None` where the request was not in the resource timing.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PageChange {
    pub click_to_paint: Option<f64>,
    pub click_to_request: Option<f64>,
    pub fetch: Option<f64>,
    /// The response → the frame that paints it.
    pub render: Option<f64>,
}

pub async fn measure(t: &Test) -> Result<PageChange> {
    let r = repaint(t, PAGE_CHANGE, "page change").await?;
    Ok(PageChange {
        click_to_paint: Some(r.paint - r.t0),
        click_to_request: minus(r.req_start, Some(r.t0)),
        fetch: minus(r.resp_end, r.req_start),
        render: minus(Some(r.paint), r.resp_end),
    })
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PageChangeStats {
    pub click_to_paint: Stats,
    pub click_to_request: Stats,
    pub fetch: Stats,
    pub render: Stats,
}

impl PageChangeStats {
    pub fn over(runs: &[&PageChange]) -> Self {
        PageChangeStats {
            click_to_paint: Stats::over(runs, |p| p.click_to_paint),
            click_to_request: Stats::over(runs, |p| p.click_to_request),
            fetch: Stats::over(runs, |p| p.fetch),
            render: Stats::over(runs, |p| p.render),
        }
    }
}
