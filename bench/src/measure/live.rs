//! The live memory run: many polls of a page whose jobs keep arriving and changing,
//! memory read at five checkpoints, then the hidden tab.

use std::time::{Duration, Instant};

use anyhow::Result;
use jobs_gallery_e2e::{Test, PAGE_TIMEOUT};
use serde::{Deserialize, Serialize};

use super::hidden_tab::{self, Hidden};
use super::memory::{self, Memory, Tracked};
use crate::page::{images_settled, inject_probe};
use crate::stats::{round, Stats};

/// Poll interval of the live run's page.
pub const LIVE_ACTIVE_MS: u32 = 500;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LiveRun {
    pub polls: usize,
    pub memory_after_load: Memory,
    pub checkpoints: Vec<Checkpoint>,
    /// From after the load to the last checkpoint.
    pub growth: Tracked<Option<f64>>,
    pub hidden: Hidden,
}

/// Memory after `polls` polls, `elapsed_s` into the run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Checkpoint {
    #[serde(flatten)]
    pub memory: Memory,
    pub polls: usize,
    pub elapsed_s: f64,
}

/// A new live job every second.
pub fn server_args() -> Vec<String> {
    vec!["--live-interval".into(), "1".into()]
}

pub async fn run_once(t: Test, polls: usize) -> Result<LiveRun> {
    inject_probe(&t).await?;
    let active = LIVE_ACTIVE_MS.to_string();
    t.open_page(&[
        ("data-api-key", "dpct_demo"),
        ("data-page-size", "20"),
        ("data-poll-active-ms", &active),
        ("data-poll-idle-ms", "1000"),
    ])
    .await?;
    t.wait_count("article[data-job-id]", 20, PAGE_TIMEOUT)
        .await?;
    t.wait_idle(PAGE_TIMEOUT).await?;
    images_settled(&t).await?;
    let after_load = memory::measure(&t).await?;
    let n0 = t.requests("/v1/jobs").len();
    let started = Instant::now();
    let mut checkpoints = Vec::new();
    let step = (polls / 5).max(1);
    let mut done = 0;
    while done < polls {
        done = (done + step).min(polls);
        // A poll every LIVE_ACTIVE_MS plus the request; bounded at 4× that.
        let bound = Duration::from_millis((step as u64) * u64::from(LIVE_ACTIVE_MS) * 4 + 30_000);
        t.wait_requests("/v1/jobs", n0 + done, bound).await?;
        let c = Checkpoint {
            memory: memory::measure(&t).await?,
            polls: done,
            elapsed_s: round(started.elapsed().as_secs_f64()),
        };
        eprintln!(
            "bench:   live: {done} polls, {}",
            serde_json::to_string(&c)?
        );
        checkpoints.push(c);
    }
    let growth = checkpoints.last().map_or_else(Tracked::default, |c| {
        Tracked::growth(&after_load, &c.memory)
    });
    let hidden = hidden_tab::measure(&t).await?;
    Ok(LiveRun {
        polls,
        memory_after_load: after_load,
        checkpoints,
        growth,
        hidden,
    })
}

/// The live runs and their growth as [`Stats`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LiveStats {
    pub runs: Vec<LiveRun>,
    pub growth: Tracked<Stats>,
}

impl LiveStats {
    pub fn over(runs: Vec<LiveRun>) -> Self {
        let growths: Vec<_> = runs.iter().map(|r| r.growth.clone()).collect();
        LiveStats {
            growth: Tracked::over(&growths),
            runs,
        }
    }
}
