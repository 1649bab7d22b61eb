//! What a fresh answer does to the page on screen: pure, so that the gallery's central
//! decision is tested natively rather than through a browser.

use crate::format::short_id;
use crate::paging::corrected_offset;
use crate::words::Key;

/// The page a request asked for, or an answer was for: its offset and size, and the
/// list's total at the time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Baseline {
    pub offset: u64,
    pub size: u32,
    pub total: u64,
}

/// What the gallery does with an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Newer jobs arrived while the reader is on a later page of a newest-first list, so
    /// the reader's jobs moved `grown` places down: ask again at `offset`, keep the
    /// cards as they are, and offer the new jobs instead of showing them.
    Follow { offset: u64, grown: u64 },
    /// The list shrank under the reader and the page is now past its end: ask for its
    /// last page at `offset` instead of showing an empty one.
    Correct { offset: u64 },
    /// Show the answer. `refresh` says it is the same page as the last answer, so jobs
    /// that finished in between are told to the reader and the host page; after a page
    /// change nothing on screen "finished", it only came into view.
    Show { refresh: bool },
}

/// Decides what an answer with `total` jobs in the list and `count` on its page does,
/// given the page the last answer was for. `hold` says the reader is reading page 1 (in
/// the list, pointing at or focused in a card), so new jobs wait there too instead of
/// pushing the cards down. Returns the step and the baseline the next answer is
/// compared with.
pub fn reconcile(
    previous: Option<Baseline>,
    asked: Baseline,
    count: usize,
    hold: bool,
) -> (Step, Baseline) {
    let refresh = previous.is_some_and(|p| p.offset == asked.offset && p.size == asked.size);
    if refresh && (asked.offset > 0 || hold) {
        let grown = asked
            .total
            .saturating_sub(previous.map_or(asked.total, |p| p.total));
        if grown > 0 {
            let offset = asked.offset + grown;
            return (Step::Follow { offset, grown }, Baseline { offset, ..asked });
        }
    }
    if count == 0 {
        if let Some(offset) = corrected_offset(asked.offset, asked.size, asked.total) {
            return (Step::Correct { offset }, asked);
        }
    }
    (Step::Show { refresh }, asked)
}

/// What the polite live region says about jobs that just finished: one sentence per
/// refresh, never one per poll.
pub fn finished_text(completed: &[&str], failed: &[&str]) -> Option<String> {
    // The second part of a sentence has words of its own ("…; job d failed.").
    let part = |ids: &[&str], [one, later, some]: [Key; 3], first: bool| match ids {
        [] => None,
        [id] => Some(if first { one } else { later }.with(&[("id", &short_id(id))])),
        _ => Some(some.count(ids.len() as u64, &[])),
    };
    let done = part(
        completed,
        [Key::job_completed, Key::job_completed, Key::jobs_completed],
        true,
    );
    let first = done.is_none();
    let failed = part(
        failed,
        [Key::job_failed, Key::then_job_failed, Key::jobs_failed],
        first,
    );
    match (done, failed) {
        (None, None) => None,
        (Some(a), None) | (None, Some(a)) => Some(Key::sentence.with(&[("a", &a)])),
        (Some(a), Some(b)) => Some(Key::two_sentences.with(&[("a", &a), ("b", &b)])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(offset: u64, size: u32, total: u64) -> Baseline {
        Baseline {
            offset,
            size,
            total,
        }
    }

    #[test]
    fn the_first_answer_is_shown_and_is_no_refresh() {
        let (step, next) = reconcile(None, page(0, 20, 134), 20, false);
        assert_eq!(step, Step::Show { refresh: false });
        assert_eq!(next, page(0, 20, 134));
    }

    #[test]
    fn a_reader_in_page_one_gets_new_jobs_offered_not_shown() {
        let (step, next) = reconcile(Some(page(0, 20, 134)), page(0, 20, 137), 20, true);
        assert_eq!(
            step,
            Step::Follow {
                offset: 3,
                grown: 3
            }
        );
        assert_eq!(next, page(3, 20, 137));
        // Nothing new: nothing to hold.
        let (step, _) = reconcile(Some(page(0, 20, 134)), page(0, 20, 134), 20, true);
        assert_eq!(step, Step::Show { refresh: true });
    }

    #[test]
    fn a_refresh_of_page_one_shows_new_jobs_at_the_top() {
        let (step, next) = reconcile(Some(page(0, 20, 134)), page(0, 20, 137), 20, false);
        assert_eq!(step, Step::Show { refresh: true });
        assert_eq!(next, page(0, 20, 137));
    }

    #[test]
    fn a_later_page_follows_its_jobs_when_new_ones_arrive() {
        let (step, next) = reconcile(Some(page(40, 20, 134)), page(40, 20, 137), 20, false);
        assert_eq!(
            step,
            Step::Follow {
                offset: 43,
                grown: 3
            }
        );
        // The answer to the followed request is then a refresh of the same page.
        assert_eq!(next, page(43, 20, 137));
        let (step, _) = reconcile(Some(next), page(43, 20, 137), 20, false);
        assert_eq!(step, Step::Show { refresh: true });
    }

    #[test]
    fn a_later_page_is_shown_when_nothing_arrived_or_the_list_shrank() {
        let same = reconcile(Some(page(40, 20, 134)), page(40, 20, 134), 20, false).0;
        assert_eq!(same, Step::Show { refresh: true });
        let fewer = reconcile(Some(page(40, 20, 134)), page(40, 20, 130), 20, false).0;
        assert_eq!(fewer, Step::Show { refresh: true });
    }

    #[test]
    fn a_page_change_is_no_refresh_even_when_the_total_grew() {
        let (step, _) = reconcile(Some(page(0, 20, 134)), page(20, 20, 140), 20, false);
        assert_eq!(step, Step::Show { refresh: false });
        let (step, _) = reconcile(Some(page(20, 20, 134)), page(20, 50, 140), 50, false);
        assert_eq!(step, Step::Show { refresh: false });
    }

    #[test]
    fn an_empty_page_past_the_end_goes_to_the_new_last_page() {
        let (step, next) = reconcile(Some(page(120, 20, 134)), page(120, 20, 90), 0, false);
        assert_eq!(step, Step::Correct { offset: 80 });
        assert_eq!(next, page(120, 20, 90));
    }

    #[test]
    fn an_empty_list_is_shown_empty() {
        let (step, _) = reconcile(Some(page(0, 20, 3)), page(0, 20, 0), 0, false);
        assert_eq!(step, Step::Show { refresh: true });
    }

    #[test]
    fn finished_jobs_are_told_in_one_sentence() {
        assert_eq!(finished_text(&[], &[]), None);
        assert_eq!(
            finished_text(&["3f2a9c1e-0000"], &[]).as_deref(),
            Some("Job 3f2a9c1e\u{2026} completed.")
        );
        assert_eq!(
            finished_text(&[], &["a", "b"]).as_deref(),
            Some("2 jobs failed.")
        );
        assert_eq!(
            finished_text(&["a", "b", "c"], &["d"]).as_deref(),
            Some("3 jobs completed; job d failed.")
        );
    }
}
