//! The issues' targets, each judged on the worst page size or run.

use serde::{Deserialize, Serialize};

use crate::measure::cls::{ClsPages, ClsRun, Page, VIEWPORTS};
use crate::measure::floor::VersusFloor;
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

    fn below(value: Option<f64>, limit: f64) -> Target {
        Target {
            value,
            met: value.is_some_and(|v| v < limit),
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
    /// `None` in a report from before layout shift was measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout_shift_live_demo_below_0_05: Option<Target>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout_shift_without_changes_0: Option<Target>,
    /// The widget's first cards as a multiple of the floor's (issue 19); `None` in a
    /// report from before they were measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loopback_within_1_5x_floor: Option<Target>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile_embed_within_2x_floor: Option<Target>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile_standalone_within_2x_floor: Option<Target>,
    /// Judged under the mobile profile, where the cache saves what a phone feels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile_repeat_visit_within_1_3x_floor: Option<Target>,
    pub no_image_rerequest: Target,
    pub no_replaced_card: Target,
    pub no_request_while_hidden: Target,
    pub unchanged_finished_cards_no_records: Target,
}

impl Targets {
    pub fn judge(
        transfer: &Transfer,
        per_poll: &PerPoll,
        lives: &[LiveRun],
        cls: &ClsPages,
        versus: &VersusFloor,
    ) -> Targets {
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
            layout_shift_live_demo_below_0_05: Some(layout_shift(cls.of(Page::LiveDemo), |v| {
                Target::below(v, 0.05)
            })),
            layout_shift_without_changes_0: Some(layout_shift(
                cls.of(Page::WithoutChanges),
                Target::none,
            )),
            loopback_within_1_5x_floor: Some(Target::at_most(versus.ratios.loopback, 1.5)),
            mobile_embed_within_2x_floor: Some(Target::at_most(versus.ratios.mobile_embed, 2.0)),
            mobile_standalone_within_2x_floor: Some(Target::at_most(
                versus.ratios.mobile_standalone,
                2.0,
            )),
            mobile_repeat_visit_within_1_3x_floor: Some(Target::at_most(
                versus.ratios.mobile_repeat,
                1.3,
            )),
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

    /// Each with its name as the table shows it and what its figure is, in the table's
    /// order; the layout shift targets where the report has them.
    pub fn named(&self) -> Vec<(&'static str, &Target, Figure)> {
        type Row<'a> = Option<(&'static str, &'a Target, Figure)>;
        fn amount<'a>(name: &'static str, t: &'a Target) -> Row<'a> {
            Some((name, t, Figure::Amount))
        }
        fn shift<'a>(name: &'static str, t: &'a Option<Target>) -> Row<'a> {
            t.as_ref().map(|t| (name, t, Figure::Shift))
        }
        fn times<'a>(name: &'static str, t: &'a Option<Target>) -> Row<'a> {
            t.as_ref().map(|t| (name, t, Figure::Ratio))
        }
        [
            amount(
                "changed card records at most 6 scene advance",
                &self.changed_card_records_at_most_6_scene_advance,
            ),
            amount(
                "changed card records at most 6 status change",
                &self.changed_card_records_at_most_6_status_change,
            ),
            amount(
                "finished clocks tick at most once a minute",
                &self.finished_clocks_tick_at_most_once_a_minute,
            ),
            amount(
                "first load gzip at most 100kb",
                &self.first_load_gzip_at_most_100kb,
            ),
            shift(
                "layout shift live demo below 0.05",
                &self.layout_shift_live_demo_below_0_05,
            ),
            shift(
                "layout shift without changes 0",
                &self.layout_shift_without_changes_0,
            ),
            times(
                "loopback: first cards within 1.5× the floor",
                &self.loopback_within_1_5x_floor,
            ),
            times(
                "mobile, embed page: first cards within 2× the floor",
                &self.mobile_embed_within_2x_floor,
            ),
            times(
                "mobile, standalone page: first cards within 2× the floor",
                &self.mobile_standalone_within_2x_floor,
            ),
            times(
                "mobile, repeat visit: first cards within 1.3× the floor's",
                &self.mobile_repeat_visit_within_1_3x_floor,
            ),
            amount("no image rerequest", &self.no_image_rerequest),
            amount("no replaced card", &self.no_replaced_card),
            amount("no request while hidden", &self.no_request_while_hidden),
            amount(
                "unchanged finished cards no records",
                &self.unchanged_finished_cards_no_records,
            ),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// What a target's figure is, for the table to print it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    /// A count or a size.
    Amount,
    /// A layout shift score.
    Shift,
    /// A multiple of the floor's time.
    Ratio,
}

/// The worst viewport's layout shift, judged by `judge`; not met unless every viewport
/// was measured.
fn layout_shift(runs: &[ClsRun], judge: impl Fn(Option<f64>) -> Target) -> Target {
    let every_viewport = VIEWPORTS
        .iter()
        .all(|v| runs.iter().any(|r| r.width == v.width));
    let target = judge(max_of(runs.iter().map(|r| r.cls)));
    Target {
        met: target.met && every_viewport,
        ..target
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(width: u32, cls: f64) -> ClsRun {
        ClsRun {
            width,
            height: 800,
            mobile: width < 500,
            window_s: 60.0,
            polls: 30,
            cls,
            cls_before_window: 0.0,
            shifts: usize::from(cls > 0.0),
            largest: None,
            largest_session_window: cls,
            each_shift: Vec::new(),
        }
    }

    fn all(cls: [f64; 4]) -> Vec<ClsRun> {
        VIEWPORTS
            .iter()
            .zip(cls)
            .map(|(v, c)| run(v.width, c))
            .collect()
    }

    #[test]
    fn without_changes_nothing_may_shift_at_any_width() {
        let t = layout_shift(&all([0.0; 4]), Target::none);
        assert_eq!((t.value, t.met), (Some(0.0), true));
        let t = layout_shift(&all([0.0, 0.0001, 0.0, 0.0]), Target::none);
        assert_eq!((t.value, t.met), (Some(0.0001), false));
    }

    #[test]
    fn the_live_demo_is_judged_on_its_worst_width_below_the_limit() {
        let below = |v| Target::below(v, 0.05);
        let t = layout_shift(&all([0.01, 0.049, 0.0, 0.02]), below);
        assert_eq!((t.value, t.met), (Some(0.049), true));
        assert!(!layout_shift(&all([0.01, 0.05, 0.0, 0.0]), below).met);
    }

    #[test]
    fn a_width_that_was_not_measured_fails_the_target() {
        let mut runs = all([0.0; 4]);
        runs.remove(1);
        assert!(!layout_shift(&runs, Target::none).met);
        let t = layout_shift(&[], Target::none);
        assert_eq!((t.value, t.met), (None, false));
    }
}
