//! A page of 100: the page-size select set to 100 until the frame that paints 100 cards.

use anyhow::Result;
use jobs_gallery_e2e::Test;
use serde::{Deserialize, Serialize};

use crate::page::repaint;
use crate::stats::{minus, Stats};

const PAGE_OF_100: &str = include_str!("../../js/page_of_100.js");

/// One switch to 100 cards in ms; `None` where the request was not in the resource timing.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PageOf100 {
    /// The response → the frame that paints 100 cards.
    pub response_to_paint: Option<f64>,
    pub fetch: Option<f64>,
    /// The select's change event → that frame.
    pub change_to_paint: Option<f64>,
}

pub async fn measure(t: &Test) -> Result<PageOf100> {
    let r = repaint(t, PAGE_OF_100, "page of 100").await?;
    Ok(PageOf100 {
        response_to_paint: minus(Some(r.paint), r.resp_end),
        fetch: minus(r.resp_end, r.req_start),
        change_to_paint: Some(r.paint - r.t0),
    })
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PageOf100Stats {
    pub response_to_paint: Stats,
    pub fetch: Stats,
}

impl PageOf100Stats {
    pub fn over(runs: &[&PageOf100]) -> Self {
        PageOf100Stats {
            response_to_paint: Stats::over(runs, |p| p.response_to_paint),
            fetch: Stats::over(runs, |p| p.fetch),
        }
    }
}
