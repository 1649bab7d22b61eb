//! The issues' targets, each judged on the worst page size or run.

use serde::{Deserialize, Serialize};

use crate::measure::live::LiveRun;
use crate::measure::per_poll::{PerPoll, PollSummary};
use crate::measure::size::Transfer;
use crate::stats::max_of;

/// A figure and whether it meets its target; `None` where nothing measured it (not met).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Target {
    pub value: Option<f64>,
    pub met: bool,
}

impl Target {
    fn at_most(value: Option<f64>, limit: f64) -> Target {
        Target {
            value,
            met: value.is_some_and(|v| v <= limit),
        }
    }

    fn none(value: Option<f64>) -> Target {
        Target {
            value,
            met: value == Some(0.0),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Targets {
    pub changed_card_records_at_most_6_scene_advance: Target,
    pub changed_card_records_at_most_6_status_change: Target,
    pub finished_clocks_tick_at_most_once_a_minute: Target,
    pub first_load_gzip_at_most_100kb: Target,
    pub no_image_rerequest: Target,
    pub no_replaced_card: Target,
    pub no_request_while_hidden: Target,
    pub unchanged_finished_cards_no_records: Target,
}

impl Targets {
    pub fn judge(transfer: &Transfer, per_poll: &PerPoll, lives: &[LiveRun]) -> Targets {
        let worst = |f: fn(&PollSummary) -> Option<f64>| {
            max_of(
                [&per_poll.cards_20, &per_poll.cards_100]
                    .into_iter()
                    .filter_map(f),
            )
        };
        // The page's count and the server log's, whichever is higher; a run whose page
        // saw no hidden → visible has only the log's.
        let hidden_requests = lives
            .iter()
            .map(|l| {
                let h = &l.hidden;
                let logged = h.requests_logged_while_hidden as f64;
                h.requests_started_while_hidden
                    .map_or(logged, |s| (s as f64).max(logged))
            })
            .fold(0.0, f64::max);
        let hidden_seen = !lives.is_empty() && lives.iter().all(|l| l.hidden.page_saw_hidden);
        let gzip = transfer.total.gzip as f64;
        Targets {
            changed_card_records_at_most_6_scene_advance: Target::at_most(
                worst(|p| p.advance_records_max.max),
                6.0,
            ),
            changed_card_records_at_most_6_status_change: Target::at_most(
                worst(|p| p.transition_records_max.max),
                6.0,
            ),
            finished_clocks_tick_at_most_once_a_minute: Target::at_most(
                worst(|p| p.max_ticks_per_clock_per_minute),
                1.0,
            ),
            first_load_gzip_at_most_100kb: Target::at_most(Some(gzip), 100_000.0),
            no_image_rerequest: Target::none(worst(|p| Some(p.image_rerequests_total))),
            no_replaced_card: Target::none(worst(|p| Some(p.replaced_cards_total))),
            no_request_while_hidden: Target {
                value: Some(hidden_requests),
                met: hidden_seen && hidden_requests == 0.0,
            },
            unchanged_finished_cards_no_records: Target::none(worst(|p| {
                Some(p.unchanged_finished_card_records_total)
            })),
        }
    }

    /// Each with its name as the table shows it, in the table's order.
    pub fn named(&self) -> [(&'static str, &Target); 8] {
        [
            (
                "changed card records at most 6 scene advance",
                &self.changed_card_records_at_most_6_scene_advance,
            ),
            (
                "changed card records at most 6 status change",
                &self.changed_card_records_at_most_6_status_change,
            ),
            (
                "finished clocks tick at most once a minute",
                &self.finished_clocks_tick_at_most_once_a_minute,
            ),
            (
                "first load gzip at most 100kb",
                &self.first_load_gzip_at_most_100kb,
            ),
            ("no image rerequest", &self.no_image_rerequest),
            ("no replaced card", &self.no_replaced_card),
            ("no request while hidden", &self.no_request_while_hidden),
            (
                "unchanged finished cards no records",
                &self.unchanged_finished_cards_no_records,
            ),
        ]
    }
}
