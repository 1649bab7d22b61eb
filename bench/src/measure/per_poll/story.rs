//! The story the per-poll runs watch: a seed whose first live job is a story of 4–6
//! scenes that completes, found in the demo's pure history.

use anyhow::{bail, Result};
use jobs_gallery_server::model::JobResult;
use jobs_gallery_server::Demo;
use serde::{Deserialize, Serialize};

use super::POLL_RUN_INTERVAL;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Story {
    pub seed: u64,
    pub job_id: String,
    pub scenes: u32,
    /// From its arrival to its final state.
    pub seconds: i64,
}

impl Story {
    pub fn pick() -> Result<Story> {
        for seed in 1..2000u64 {
            let demo = Demo::with_options(seed, 0, POLL_RUN_INTERVAL, "");
            let at = |s: i64| demo.history_at(POLL_RUN_INTERVAL + s).into_iter().next();
            let Some(end) = at(120) else { continue };
            let story = matches!(&end.result, Some(JobResult::Story(_)));
            if !story || end.status != "completed" || !(4..=6).contains(&end.scenes_total) {
                continue;
            }
            let seconds = (0..120)
                .find(|&s| at(s).is_some_and(|j| j.status == "completed"))
                .unwrap_or(120);
            return Ok(Story {
                seed,
                job_id: end.job_id,
                scenes: end.scenes_total,
                seconds,
            });
        }
        bail!("no seed below 2000 has a 4-6 scene story as its first live job")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_has_a_story_to_watch() {
        let s = Story::pick().unwrap();
        assert!(
            (4..=6).contains(&s.scenes) && (1..120).contains(&s.seconds),
            "{s:?}"
        );
    }
}
