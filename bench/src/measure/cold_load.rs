//! A cold load: a fresh server whose clock stands still and a cold browser profile; the
//! first load, the memory after it, a page change and a page of 100, in that order.

use anyhow::Result;
use jobs_gallery_e2e::{Test, PAGE_TIMEOUT};
use serde::{Deserialize, Serialize};

use super::first_load::{self, Phases, Timing};
use super::memory::{self, Memory};
use super::page_change::{self, PageChange};
use super::page_of_100::{self, PageOf100};
use crate::page::{images_settled, inject_probe};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoadRun {
    pub load: Phases,
    pub memory_after_load: Memory,
    pub page_change: PageChange,
    pub page_100: PageOf100,
    /// The marks and resource timing the phases come from.
    pub raw: Timing,
}

/// `--frozen --start NOW`: the job list does not move between the load and the paging.
pub fn server_args() -> Vec<String> {
    jobs_gallery_e2e::frozen_args()
}

pub async fn run_once(t: Test) -> Result<LoadRun> {
    inject_probe(&t).await?;
    let (load, raw) = first_load::measure(&t).await?;
    images_settled(&t).await?;
    let memory_after_load = memory::measure(&t).await?;
    let page_change = page_change::measure(&t).await?;
    t.wait_idle(PAGE_TIMEOUT).await?;
    let page_100 = page_of_100::measure(&t).await?;
    Ok(LoadRun {
        load,
        memory_after_load,
        page_change,
        page_100,
        raw,
    })
}
