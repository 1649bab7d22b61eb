//! The cards' data: one row per job on screen, matched by key across refreshes.

use leptos::prelude::*;

use crate::api::{Job, Status};
use crate::components::ViewerItem;
use crate::files::first_expiry;
use crate::time::Millis;

/// One card's data. Rows are matched by key across refreshes and only a changed job's
/// signal is set, so unchanged cards keep their DOM, their images and their focus.
///
/// Each row has its own copy of the clock (docs/decisions/row-clocks.md): the reactive
/// graph keeps part of a removed subscriber's state for as long as the signal it read
/// lives, so cards reading one long-lived clock would leave memory behind with every
/// removed card. With a clock owned by the row, a removed card frees all of its own (the
/// browser test `removed_cards_free_their_memory`).
#[derive(Clone)]
pub struct Row {
    pub key: String,
    pub job: ArcRwSignal<Job>,
    pub clock: ArcRwSignal<Millis>,
}

/// A job that finished between two answers for the same page.
pub struct Finished {
    pub id: String,
    pub status: Status,
}

/// A card's key: the job's id, or its place in the list for a job without one.
pub fn row_key(job: &Job, offset: u64, index: usize) -> String {
    if job.id.is_empty() {
        format!("#{}", offset + index as u64)
    } else {
        job.id.clone()
    }
}

/// Matches the fresh page against the rows on screen and reuses each row whose key is
/// still there, setting its job only when it changed. Also says which jobs finished.
pub fn patch_rows(
    old: &[Row],
    jobs: Vec<Job>,
    offset: u64,
    now: Millis,
) -> (Vec<Row>, Vec<Finished>) {
    let mut finished = Vec::new();
    let rows = jobs
        .into_iter()
        .enumerate()
        .map(|(i, job)| {
            let key = row_key(&job, offset, i);
            match old.iter().find(|r| r.key == key) {
                Some(row) => {
                    let was_active = row.job.with_untracked(|j| j.status.is_active());
                    if was_active && matches!(job.status, Status::Completed | Status::Failed) {
                        finished.push(Finished {
                            id: job.id.clone(),
                            status: job.status,
                        });
                    }
                    if row.job.with_untracked(|j| *j != job) {
                        row.job.set(job);
                    }
                    row.clone()
                }
                None => Row {
                    key,
                    job: ArcRwSignal::new(job),
                    clock: ArcRwSignal::new(now),
                },
            }
        })
        .collect();
    (rows, finished)
}

/// The link of `job`'s first thumbnail while it still works at `now`: the picture of a
/// notification and of the "while you were away" strip, which show nothing rather than
/// a broken image.
pub fn first_thumbnail(job: &Job, now: Millis) -> Option<&str> {
    let image = job.result.as_ref()?.images.first()?;
    let link = image.thumbnail(now).filter(|link| !link.is_expired(now))?;
    link.link.url()
}

/// Every result image of `job`, as the viewer shows it.
pub fn pictures_of(job: &Job) -> Vec<ViewerItem> {
    let images = job.result.as_ref().map_or(&[][..], |r| &r.images[..]);
    let made_at = job.completed_at.or(job.created_at);
    images
        .iter()
        .enumerate()
        .map(|(index, image)| ViewerItem {
            job_id: job.id.clone(),
            index,
            of: images.len(),
            image: image.clone(),
            made_at,
        })
        .collect()
}

/// The soonest moment a picture on the page that can be saved at `now` stops working
/// (`files::first_expiry`).
pub fn first_expiry_of(rows: &[Row], now: Millis) -> Option<Millis> {
    rows.iter()
        .filter_map(|row| row.job.with(|job| first_expiry([job], now)))
        .min()
}

/// Every result image of every job of `jobs` (the page's, in its order) that can be
/// found again (it has an id): what the viewer walks through.
pub fn pictures_on_page<'a>(jobs: impl IntoIterator<Item = &'a Job>) -> Vec<ViewerItem> {
    jobs.into_iter()
        .flat_map(pictures_of)
        .filter(|item| !item.job_id.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(id: &str, status: Status) -> Job {
        Job::bare(id, status)
    }

    #[test]
    fn jobs_without_an_id_are_keyed_by_their_place() {
        assert_eq!(row_key(&job("a", Status::Pending), 40, 2), "a");
        assert_eq!(row_key(&job("", Status::Pending), 40, 2), "#42");
    }

    #[test]
    fn a_refresh_keeps_rows_and_tells_each_finished_job_once() {
        let (rows, finished) = patch_rows(
            &[],
            vec![job("a", Status::Processing), job("b", Status::Pending)],
            0,
            1_000,
        );
        assert!(finished.is_empty(), "a first page has no finished jobs");
        let fresh = vec![
            job("new", Status::Pending),
            job("a", Status::Completed),
            job("b", Status::Pending),
        ];
        let (again, finished) = patch_rows(&rows, fresh.clone(), 0, 2_000);
        assert_eq!(
            again.iter().map(|r| r.key.as_str()).collect::<Vec<_>>(),
            ["new", "a", "b"]
        );
        assert!(again[1].job == rows[0].job, "the card of `a` is reused");
        assert!(again[2].job == rows[1].job, "the card of `b` is reused");
        assert_eq!(again[1].job.with_untracked(|j| j.status), Status::Completed);
        assert_eq!(again[0].clock.get_untracked(), 2_000);
        assert_eq!(finished.len(), 1);
        assert_eq!(
            (finished[0].id.as_str(), finished[0].status),
            ("a", Status::Completed)
        );

        let (_, finished) = patch_rows(&again, fresh, 0, 3_000);
        assert!(
            finished.is_empty(),
            "a job is told finished once, not on every poll"
        );
    }
}
