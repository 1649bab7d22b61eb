//! The first load, split into its phases: download, wasm compile and instantiate, the
//! widget's start until its first request, that request, and rendering until the frame
//! that paints 20 cards.

use anyhow::Result;
use jobs_gallery_e2e::{secs, Test, PAGE_TIMEOUT};
use serde::{Deserialize, Serialize};

use crate::stats::{minus, Stats};

const PAINTED_20: &str = include_str!("../../js/painted_20.js");
const LOAD_TIMING: &str = include_str!("../../js/load_timing.js");

/// One load's phases in ms; `None` where a mark or a resource was missing.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Phases {
    /// Navigation start → the wasm's responseEnd.
    pub download: Option<f64>,
    /// The wasm downloaded → instantiated.
    pub compile_instantiate: Option<f64>,
    /// Instantiated → the first /v1/jobs request started.
    pub start_to_request: Option<f64>,
    pub first_fetch: Option<f64>,
    /// The response → the frame that paints 20 cards.
    pub render: Option<f64>,
    /// Navigation start → the frame that paints 20 cards.
    pub total: Option<f64>,
    /// The document's responseEnd.
    pub html_done: Option<f64>,
    /// The wasm's transferSize in bytes.
    pub wasm_transfer: Option<f64>,
}

/// What bench/js/load_timing.js reads: the probe's marks and resource timing.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Timing {
    pub t: Marks,
    pub wasm: Option<Resource>,
    pub glue: Option<Resource>,
    pub loader: Option<Resource>,
    /// The widget's stylesheet, hashed or under its stable name; `None` in a report
    /// from before it was read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub css: Option<Resource>,
    /// The floor's one script (bench/floor/floor.js).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub floor_js: Option<Resource>,
    pub jobs: Option<Resource>,
    pub nav: Navigation,
}

/// The probe's marks (`performance.now()`), each once it happened.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Marks {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inst_start: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inst_end: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_body: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_card: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cards20: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paint20: Option<f64>,
    /// The cards `window.__benchCards` names (20 anywhere by default) were there, and
    /// the frame that paints them ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cards: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub painted: Option<f64>,
}

/// A resource timing entry's times (ms) and sizes (bytes).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Resource {
    pub name: String,
    pub start: f64,
    pub request_start: f64,
    pub response_start: f64,
    pub response_end: f64,
    pub transfer: u64,
    pub encoded: u64,
    pub decoded: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Navigation {
    pub response_end: f64,
    pub dom_content_loaded: f64,
    pub transfer: u64,
}

/// Opens the gallery (the probe injected) and waits for the frame that paints 20 cards
/// and for the page to go idle.
pub async fn measure(t: &Test) -> Result<(Phases, Timing)> {
    t.open("/").await?;
    t.wait_until("20 cards painted", secs(30), || async {
        let v = t.js(PAINTED_20, vec![]).await?;
        Ok(v.as_bool().unwrap_or(false).then_some(()))
    })
    .await?;
    t.wait_idle(PAGE_TIMEOUT).await?;
    let timing: Timing = serde_json::from_value(t.js(LOAD_TIMING, vec![]).await?)?;
    Ok((timing.phases(), timing))
}

impl Timing {
    pub fn phases(&self) -> Phases {
        let wasm_end = self.wasm.as_ref().map(|r| r.response_end);
        let jobs_start = self.jobs.as_ref().map(|r| r.start);
        let jobs_end = self.jobs.as_ref().map(|r| r.response_end);
        let (inst_end, paint) = (self.t.inst_end, self.t.paint20);
        Phases {
            download: wasm_end,
            compile_instantiate: minus(inst_end, wasm_end),
            start_to_request: minus(jobs_start, inst_end),
            first_fetch: minus(jobs_end, jobs_start),
            render: minus(paint, jobs_end),
            total: paint,
            html_done: Some(self.nav.response_end),
            wasm_transfer: self.wasm.as_ref().map(|r| r.transfer as f64),
        }
    }
}

/// The phases' [`Stats`] over the cold loads.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PhaseStats {
    pub download: Stats,
    pub compile_instantiate: Stats,
    pub start_to_request: Stats,
    pub first_fetch: Stats,
    pub render: Stats,
    pub total: Stats,
}

impl PhaseStats {
    pub fn over(runs: &[&Phases]) -> Self {
        PhaseStats {
            download: Stats::over(runs, |p| p.download),
            compile_instantiate: Stats::over(runs, |p| p.compile_instantiate),
            start_to_request: Stats::over(runs, |p| p.start_to_request),
            first_fetch: Stats::over(runs, |p| p.first_fetch),
            render: Stats::over(runs, |p| p.render),
            total: Stats::over(runs, |p| p.total),
        }
    }
}
