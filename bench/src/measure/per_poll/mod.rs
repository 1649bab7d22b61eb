//! Per-poll DOM work: one live story job advancing scene by scene on a page of 20 and
//! one of 100 cards, every poll's mutation records attributed to the card they landed in.

mod records;
mod story;

use std::sync::Arc;

use anyhow::{Context as _, Result};
use jobs_gallery_e2e::{secs, Test, PAGE_TIMEOUT};
use serde::{Deserialize, Serialize};
use serde_json::json;

use records::PollLog;
pub use records::PollRun;
pub use story::Story;

use crate::page::{images_settled, inject_probe};
use crate::stats::{max_of, Stats};

/// Seconds between live jobs in the per-poll runs: one live job in the whole run.
pub const POLL_RUN_INTERVAL: i64 = 600;
/// Seconds from the server's start to the arrival of that live job (the first page is
/// loaded and settled by then).
const POLL_RUN_LEAD: i64 = 10;
/// Poll interval of the per-poll runs' page (while a job is active).
pub const POLL_RUN_ACTIVE_MS: u32 = 1000;

const START_WATCH: &str = include_str!("../../../js/start_watch.js");
const CARD_STATUS: &str = include_str!("../../../js/card_status.js");
const LAST_POLL_CLOSED: &str = include_str!("../../../js/last_poll_closed.js");
const POLL_LOG: &str = include_str!("../../../js/poll_log.js");

/// The story's seed, started so that its one live job arrives `POLL_RUN_LEAD` seconds
/// from now.
pub fn server_args(story: &Story) -> Vec<String> {
    vec![
        "--seed".into(),
        story.seed.to_string(),
        "--start".into(),
        (crate::clock::unix_now() - POLL_RUN_INTERVAL + POLL_RUN_LEAD).to_string(),
        "--live-interval".into(),
        POLL_RUN_INTERVAL.to_string(),
    ]
}

pub async fn run_once(t: Test, size: usize, story: Arc<Story>) -> Result<PollRun> {
    inject_probe(&t).await?;
    let size_s = size.to_string();
    let active = POLL_RUN_ACTIVE_MS.to_string();
    // Idle polls at the same pace: the page has no active job until the story arrives.
    t.open_page(&[
        ("data-api-key", "dpct_demo"),
        ("data-page-size", &size_s),
        ("data-poll-active-ms", &active),
        ("data-poll-idle-ms", &active),
    ])
    .await?;
    t.wait_count("article[data-job-id]", size, PAGE_TIMEOUT)
        .await?;
    t.wait_idle(PAGE_TIMEOUT).await?;
    images_settled(&t).await?;
    let media_log_before = t.requests("/media/").len();
    let jobs_log_before = t.requests("/v1/jobs").len();
    t.js(START_WATCH, vec![]).await?;
    let card = format!("article[data-job-id=\"{}\"]", story.job_id);
    let bound = secs((POLL_RUN_LEAD + story.seconds + 30) as u64);
    t.wait_element(&card, bound)
        .await
        .context("the live story's card")?;
    t.wait_until("the story to finish", bound, || async {
        let v = t.js(CARD_STATUS, vec![json!(card)]).await?;
        Ok(matches!(v.as_str(), Some("completed") | Some("failed")).then_some(()))
    })
    .await?;
    // Let the poll that brought the final state close (its next task).
    t.wait_until("the last poll to close", secs(5), || async {
        let v = t.js(LAST_POLL_CLOSED, vec![]).await?;
        Ok(v.as_bool().unwrap_or(false).then_some(()))
    })
    .await?;
    images_settled(&t).await?;
    let log: PollLog = serde_json::from_value(t.js(POLL_LOG, vec![]).await?)?;
    let media_log = t.requests("/media/").len() - media_log_before;
    let jobs_log = t.requests("/v1/jobs").len() - jobs_log_before;
    Ok(PollRun::from_log(log, media_log, jobs_log, size))
}

/// One page size's runs: figures per run as [`Stats`], counts that must stay at zero
/// summed over all runs (`f64`, as latest.json has always written them).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PollSummary {
    pub runs: usize,
    pub polls: Stats,
    pub polls_one_job_changed: Stats,
    pub changed_card_records_median: Stats,
    pub changed_card_records_max: Stats,
    pub advance_polls: Stats,
    pub advance_records_median: Stats,
    pub advance_records_max: Stats,
    pub transition_polls: Stats,
    pub transition_records_max: Stats,
    /// At polls and between them.
    pub unchanged_finished_card_records_total: f64,
    /// At polls and between them.
    pub clock_tick_records_total: f64,
    pub max_ticks_per_clock_per_minute: Option<f64>,
    pub replaced_cards_total: f64,
    pub image_rerequests_total: f64,
    pub polls_several_changed_total: f64,
    pub each_run: Vec<PollRun>,
}

impl PollSummary {
    pub fn over(runs: Vec<PollRun>) -> Self {
        let count = |f: fn(&PollRun) -> usize| Stats::over(&runs, |r| Some(f(r) as f64));
        let most = |f: fn(&PollRun) -> Option<f64>| Stats::over(&runs, f);
        let sum = |f: fn(&PollRun) -> f64| runs.iter().map(f).sum::<f64>();
        let median = |f: fn(&PollRun) -> &Stats| Stats::over(&runs, |r| f(r).median);
        PollSummary {
            runs: runs.len(),
            polls: count(|r| r.polls),
            polls_one_job_changed: count(|r| r.polls_one_job_changed),
            changed_card_records_median: median(|r| &r.changed_card_records),
            changed_card_records_max: most(|r| r.changed_card_records_max),
            advance_polls: count(|r| r.advance_polls),
            advance_records_median: median(|r| &r.advance_records),
            advance_records_max: most(|r| r.advance_records_max),
            transition_polls: count(|r| r.transition_polls),
            transition_records_max: most(|r| r.transition_records_max),
            unchanged_finished_card_records_total: sum(|r| {
                r.unchanged_finished_card_records
                    + r.finished_card_records_between_polls_not_clock as f64
            }),
            clock_tick_records_total: sum(|r| {
                r.clock_tick_records_at_polls + r.clock_tick_records_between_polls as f64
            }),
            max_ticks_per_clock_per_minute: max_of(
                runs.iter().map(|r| r.max_ticks_per_clock_per_minute as f64),
            ),
            replaced_cards_total: sum(|r| r.replaced_cards),
            image_rerequests_total: sum(|r| r.image_rerequests as f64),
            polls_several_changed_total: sum(|r| r.polls_several_changed as f64),
            each_run: runs,
        }
    }
}

/// Both page sizes.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PerPoll {
    #[serde(rename = "20")]
    pub cards_20: PollSummary,
    #[serde(rename = "100")]
    pub cards_100: PollSummary,
}
