//! latest.json: every figure of a run, the raw ones each measurement kept and their
//! [`Stats`](crate::stats::Stats), with what the run was of and on.

use std::path::Path;

use anyhow::{Context as _, Result};
use serde::{Deserialize, Serialize};

use crate::machine::Machine;
use crate::measure::cls::ClsPages;
use crate::measure::cold_load::LoadRun;
use crate::measure::first_load::PhaseStats;
use crate::measure::floor::VersusFloor;
use crate::measure::live::LiveStats;
use crate::measure::memory::Tracked;
use crate::measure::page_change::PageChangeStats;
use crate::measure::page_of_100::PageOf100Stats;
use crate::measure::per_poll::{PerPoll, Story};
use crate::measure::size::Transfer;
use crate::stats::Stats;
use crate::targets::Targets;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    pub generated_unix: i64,
    pub took_s: u64,
    /// The commit measured; `None` where git could not tell.
    pub commit: Option<String>,
    /// Tracked files outside bench/results differed from it.
    #[serde(default)]
    pub uncommitted_changes: bool,
    pub machine: Machine,
    pub settings: Settings,
    pub transfer: Transfer,
    pub load_ms: PhaseStats,
    pub page_100_ms: PageOf100Stats,
    pub page_change_ms: PageChangeStats,
    pub memory_after_load: Tracked<Stats>,
    pub live: LiveStats,
    pub per_poll: PerPoll,
    /// Layout shift; `None` in a report from before it was measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cls: Option<ClsPages>,
    /// The widget against the floor; `None` in a report from before it was measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub versus_floor: Option<VersusFloor>,
    pub targets: Targets,
    pub load_runs: Vec<LoadRun>,
}

/// The flags and the fixed settings a run used.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Settings {
    pub runs: usize,
    pub poll_runs: usize,
    pub live_polls: usize,
    pub live_runs: usize,
    pub poll_run_active_ms: u32,
    pub live_active_ms: u32,
    pub hidden_s: u64,
    pub story: Story,
    /// `--cls-secs`; `None` in a report from before layout shift was measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cls_s: Option<u64>,
    /// `--mobile-runs`; `None` in a report from before the mobile profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile_runs: Option<usize>,
}

impl Report {
    pub fn read(path: &Path) -> Result<Report> {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        serde_json::from_str(&text).with_context(|| format!("reading {}", path.display()))
    }

    /// Pretty JSON with its keys in order (through `Value`, whose maps sort them), so
    /// two runs' files compare line by line.
    pub fn to_json(&self) -> Result<String> {
        Ok(serde_json::to_string_pretty(&serde_json::to_value(self)?)? + "\n")
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    const COMMITTED: &str = include_str!("../results/latest.json");

    /// `a` and `b` hold the same keys and the same numbers (6 and 6.0 alike).
    fn same(a: &Value, b: &Value, at: &str) {
        match (a, b) {
            (Value::Number(x), Value::Number(y)) => {
                assert_eq!(x.as_f64(), y.as_f64(), "{at}");
            }
            (Value::Object(x), Value::Object(y)) => {
                let keys =
                    |m: &serde_json::Map<String, Value>| m.keys().cloned().collect::<Vec<_>>();
                assert_eq!(keys(x), keys(y), "{at}");
                for (k, v) in x {
                    same(v, &y[k], &format!("{at}/{k}"));
                }
            }
            (Value::Array(x), Value::Array(y)) => {
                assert_eq!(x.len(), y.len(), "{at}");
                for (i, (v, w)) in x.iter().zip(y).enumerate() {
                    same(v, w, &format!("{at}/{i}"));
                }
            }
            _ => assert_eq!(a, b, "{at}"),
        }
    }

    #[test]
    fn the_committed_results_read_and_write_back_unchanged() {
        let report: Report = serde_json::from_str(COMMITTED).unwrap();
        let written: Value = serde_json::from_str(&report.to_json().unwrap()).unwrap();
        same(&serde_json::from_str(COMMITTED).unwrap(), &written, "");
    }
}
