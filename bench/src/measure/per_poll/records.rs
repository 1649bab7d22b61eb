//! One per-poll run's figures, from what the probe logged: per poll, which jobs the
//! answer changed and the mutation records that followed it, by where they landed.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::stats::{max_of, round, Stats};

/// What bench/js/poll_log.js reads from the probe (see probe.js for each count).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PollLog {
    pub polls: Vec<Poll>,
    pub between: Between,
    /// Per finished card's clock (`job id` + its `<time>`'s datetime), when it ticked.
    pub clocks: BTreeMap<String, Vec<f64>>,
    pub media: Media,
    pub watch_t: f64,
    pub now: f64,
}

/// One answer of /v1/jobs compared with the one before, and the records it caused.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Poll {
    pub changed: Vec<String>,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub statuses: Vec<Option<String>>,
    pub transition: bool,
    pub in_changed: u64,
    pub changed_detail: Vec<String>,
    /// The changed card's own "Running 12 s" clock, apart from `in_changed`.
    pub changed_clock: Option<u64>,
    pub in_unchanged: u64,
    pub unchanged_detail: Vec<String>,
    pub unchanged_active: u64,
    pub unchanged_clock: u64,
    pub outside: u64,
    pub replaced: u64,
}

/// Records between polls, in finished cards.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Between {
    pub clock: u64,
    pub other: u64,
    pub other_detail: Vec<String>,
}

/// /media/ requests after the first load settled.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Media {
    pub repeat: u64,
    pub fresh: u64,
    pub repeat_urls: Vec<String>,
}

/// The changed card's records at a poll where only one job changed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChangedCard {
    pub status: Option<String>,
    /// The status changed (pending → processing → completed/failed), not only a scene.
    pub transition: bool,
    pub records: u64,
    pub clock_records: Option<u64>,
    pub what: Vec<String>,
}

/// One per-poll run: a page of `cards` cards watched while the story played out. Record
/// counts summed over polls are `f64`, as latest.json has always written them.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PollRun {
    pub cards: usize,
    pub watched_s: f64,
    pub polls: usize,
    pub polls_in_server_log: usize,
    pub polls_one_job_changed: usize,
    pub polls_nothing_changed: usize,
    pub polls_new_job_arrived: usize,
    pub polls_several_changed: usize,
    pub changed_card_records: Stats,
    pub changed_card_records_max: Option<f64>,
    /// Polls where a scene advanced (same status).
    pub advance_polls: usize,
    pub advance_records_max: Option<f64>,
    pub advance_records: Stats,
    pub transition_polls: usize,
    pub transition_records_max: Option<f64>,
    pub transition_records: Vec<f64>,
    pub changed_card_detail: Vec<ChangedCard>,
    pub unchanged_finished_card_records: f64,
    /// The first 10 of each poll's.
    pub unchanged_finished_card_detail: Vec<String>,
    pub unchanged_active_card_records: f64,
    pub records_outside_cards: f64,
    pub clock_tick_records_at_polls: f64,
    pub clock_tick_records_between_polls: u64,
    pub finished_card_records_between_polls_not_clock: u64,
    pub finished_card_records_between_polls_detail: Vec<String>,
    pub max_ticks_per_clock_per_minute: usize,
    pub replaced_cards: f64,
    pub image_rerequests: u64,
    pub image_rerequest_urls: Vec<String>,
    pub new_image_requests: u64,
    pub media_requests_in_server_log: usize,
    /// Records in "changed" cards at polls where no job changed (expected none).
    pub quiet_poll_records_total: f64,
}

impl PollRun {
    /// `media_log` and `jobs_log`: /media/ and /v1/jobs requests the server logged
    /// while the run watched.
    pub fn from_log(log: PollLog, media_log: usize, jobs_log: usize, cards: usize) -> PollRun {
        let mut one_change = Vec::new();
        let mut advance = Vec::new();
        let mut transition = Vec::new();
        let mut changed_card_detail = Vec::new();
        let (mut quiet, mut arrivals, mut multi) = (0, 0, 0);
        let (mut unchanged, mut unchanged_active, mut unchanged_clock) = (0.0, 0.0, 0.0);
        let (mut replaced, mut outside, mut quiet_records) = (0.0, 0.0, 0.0);
        let mut unchanged_detail = Vec::new();
        for p in &log.polls {
            unchanged += p.in_unchanged as f64;
            unchanged_active += p.unchanged_active as f64;
            unchanged_clock += p.unchanged_clock as f64;
            replaced += p.replaced as f64;
            outside += p.outside as f64;
            unchanged_detail.extend(p.unchanged_detail.iter().take(10).cloned());
            let records = p.in_changed as f64;
            if p.added.len() + p.removed.len() > 0 {
                arrivals += 1;
            } else if p.changed.len() == 1 {
                one_change.push(records);
                if p.transition {
                    transition.push(records);
                } else {
                    advance.push(records);
                }
                changed_card_detail.push(ChangedCard {
                    status: p.statuses.first().cloned().flatten(),
                    transition: p.transition,
                    records: p.in_changed,
                    clock_records: p.changed_clock,
                    what: p.changed_detail.clone(),
                });
            } else if p.changed.is_empty() {
                quiet += 1;
                quiet_records += records;
            } else {
                multi += 1;
            }
        }
        PollRun {
            cards,
            watched_s: round((log.now - log.watch_t) / 1000.0),
            polls: log.polls.len(),
            polls_in_server_log: jobs_log,
            polls_one_job_changed: one_change.len(),
            polls_nothing_changed: quiet,
            polls_new_job_arrived: arrivals,
            polls_several_changed: multi,
            changed_card_records: Stats::of(one_change.iter().copied()),
            changed_card_records_max: max_of(one_change.iter().copied()),
            advance_polls: advance.len(),
            advance_records_max: max_of(advance.iter().copied()),
            advance_records: Stats::of(advance.iter().copied()),
            transition_polls: transition.len(),
            transition_records_max: max_of(transition.iter().copied()),
            transition_records: transition,
            changed_card_detail,
            unchanged_finished_card_records: unchanged,
            unchanged_finished_card_detail: unchanged_detail,
            unchanged_active_card_records: unchanged_active,
            records_outside_cards: outside,
            clock_tick_records_at_polls: unchanged_clock,
            clock_tick_records_between_polls: log.between.clock,
            finished_card_records_between_polls_not_clock: log.between.other,
            finished_card_records_between_polls_detail: log.between.other_detail,
            max_ticks_per_clock_per_minute: most_ticks_in_a_minute(&log.clocks),
            replaced_cards: replaced,
            image_rerequests: log.media.repeat,
            image_rerequest_urls: log.media.repeat_urls,
            new_image_requests: log.media.fresh,
            media_requests_in_server_log: media_log,
            quiet_poll_records_total: quiet_records,
        }
    }
}

/// The most any one clock (card + its `<time>`) ticked within a minute.
fn most_ticks_in_a_minute(clocks: &BTreeMap<String, Vec<f64>>) -> usize {
    let mut most = 0;
    for ts in clocks.values() {
        for (i, &t0) in ts.iter().enumerate() {
            let n = ts[i..].iter().take_while(|&&t| t - t0 < 60_000.0).count();
            most = most.max(n);
        }
    }
    most
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_counted_per_clock_within_a_minute() {
        let clocks = BTreeMap::from([
            ("a".to_owned(), vec![0.0, 59_000.0, 61_000.0]),
            ("b".to_owned(), vec![0.0, 70_000.0]),
        ]);
        assert_eq!(most_ticks_in_a_minute(&clocks), 2);
        assert_eq!(most_ticks_in_a_minute(&BTreeMap::new()), 0);
    }

    #[test]
    fn polls_are_told_apart_by_what_changed() {
        let poll = |changed: &[&str], added: &[&str], transition: bool, in_changed: u64| Poll {
            changed: changed.iter().map(|s| s.to_string()).collect(),
            added: added.iter().map(|s| s.to_string()).collect(),
            removed: vec![],
            statuses: changed
                .iter()
                .map(|_| Some("processing".to_owned()))
                .collect(),
            transition,
            in_changed,
            changed_detail: vec![],
            changed_clock: None,
            in_unchanged: 0,
            unchanged_detail: vec![],
            unchanged_active: 0,
            unchanged_clock: 1,
            outside: 0,
            replaced: 0,
        };
        let log = PollLog {
            polls: vec![
                poll(&[], &["new"], false, 9),
                poll(&["a"], &[], true, 3),
                poll(&["a"], &[], false, 6),
                poll(&["a"], &[], false, 5),
                poll(&[], &[], false, 0),
                poll(&["a", "b"], &[], false, 8),
            ],
            between: Between {
                clock: 2,
                other: 0,
                other_detail: vec![],
            },
            clocks: BTreeMap::new(),
            media: Media {
                repeat: 0,
                fresh: 3,
                repeat_urls: vec![],
            },
            watch_t: 1000.0,
            now: 32_340.0,
        };
        let r = PollRun::from_log(log, 3, 6, 20);
        assert_eq!(
            (r.polls, r.polls_new_job_arrived, r.polls_several_changed),
            (6, 1, 1)
        );
        assert_eq!((r.polls_one_job_changed, r.polls_nothing_changed), (3, 1));
        assert_eq!((r.advance_polls, r.advance_records_max), (2, Some(6.0)));
        assert_eq!(
            (r.transition_records, r.transition_records_max),
            (vec![3.0], Some(3.0))
        );
        assert_eq!(r.changed_card_records.median, Some(5.0));
        assert_eq!((r.clock_tick_records_at_polls, r.watched_s), (6.0, 31.3));
    }
}
