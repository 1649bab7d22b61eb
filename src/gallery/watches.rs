//! "Notify me": the jobs a reader asked to hear about, kept in `localStorage` so that a
//! reload keeps them, and what is said when one finishes. Pure, so the rules (expiry,
//! the stored form, the words) are tested natively; the panels' watcher does the asking.

use crate::api::model::JobError;
use crate::api::{Job, Status};
use crate::format::short_id;
use crate::time::Millis;
use crate::words::{Key, PanelKey};

/// A watch is dropped a day after it was set, finished or not: nobody waits that long
/// for a job, and a job the API stopped listing must not be asked for for ever.
pub const WATCH_TTL_MS: Millis = 24 * 3_600_000;

/// At most this many watches per gallery; past it the oldest goes.
const MAX_WATCHES: usize = 50;

/// The stored form, a line per job: `<id> <lapses at>` while it is watched, then
/// `<id> <lapses at> seen` once the list told of its end (the host's event; the watcher
/// still notifies a reader who was not looking) or `<id> <lapses at> told` once the
/// watcher told all of it. Each end is told once whichever sees it first. The loader
/// writes a click's line (`toggleWatch` in loader/jobs-gallery-loader.js); the gallery's
/// own wasm reads and marks single lines with the functions below; the watcher reads and
/// writes the whole list as [`Watches`].
fn line_of<'a>(text: &'a str, id: &str) -> Option<&'a str> {
    text.lines().find(|line| line.split(' ').next() == Some(id))
}

/// Whether job `id` is watched (and its end not told yet).
pub fn is_watching(text: &str, id: &str) -> bool {
    line_of(text, id).is_some_and(|line| line.split(' ').count() == 2)
}

/// Whether job `id`'s end was told already, by the list or the watcher.
pub fn was_told(text: &str, id: &str) -> bool {
    line_of(text, id).is_some_and(|line| line.split(' ').count() == 3)
}

/// Whether any job is watched.
pub fn any_watching(text: &str) -> bool {
    text.lines().any(|line| line.split(' ').count() == 2)
}

/// The stored form with watched job `id` marked `seen` (the list told of its end), or
/// nothing when it is not watched.
pub fn seen(text: &str, id: &str) -> Option<String> {
    is_watching(text, id).then(|| {
        text.lines()
            .map(|line| match line.split(' ').next() == Some(id) {
                true => format!("{line} seen\n"),
                false => format!("{line}\n"),
            })
            .collect()
    })
}

/// Where a watched job's end stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    /// Not finished, as far as anyone told.
    Watching,
    /// The list told of it (the host's event); a reader who was not looking is still
    /// to be notified.
    Seen,
    /// All of it was told.
    Told,
}

/// One job of [`Watches`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Watch {
    pub id: String,
    pub until: Millis,
    pub end: End,
}

/// The whole stored list, oldest first, as the watcher reads it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Watches(pub Vec<Watch>);

impl Watches {
    /// Reads the stored form, dropping what lapsed by `now` and anything that is not a
    /// watch: the storage is the page's, and another script may have written there.
    pub fn parse(text: &str, now: Millis) -> Self {
        let mut watches = Watches::default();
        for line in text.lines() {
            let parts: Vec<&str> = line.split(' ').collect();
            let (id, until, end) = match parts[..] {
                [id, until] => (id, until, End::Watching),
                [id, until, "seen"] => (id, until, End::Seen),
                [id, until, "told"] => (id, until, End::Told),
                _ => continue,
            };
            let Ok(until) = until.parse::<Millis>() else {
                continue;
            };
            let plain = crate::api::client::job_id(id) == Some(id);
            let known = watches.0.iter().any(|w| w.id == id);
            if plain && !known && until > now && until <= now + WATCH_TTL_MS {
                watches.0.push(Watch {
                    id: id.to_owned(),
                    until,
                    end,
                });
            }
        }
        let extra = watches.0.len().saturating_sub(MAX_WATCHES);
        watches.0.drain(..extra);
        watches
    }

    /// The stored form, which [`Watches::parse`] and the line functions read.
    pub fn to_text(&self) -> String {
        self.0
            .iter()
            .map(|w| {
                let end = match w.end {
                    End::Watching => "",
                    End::Seen => " seen",
                    End::Told => " told",
                };
                format!("{} {}{end}\n", w.id, w.until)
            })
            .collect()
    }

    /// Where job `id`'s end stands, if it is watched.
    pub fn end_of(&self, id: &str) -> Option<End> {
        self.0.iter().find(|w| w.id == id).map(|w| w.end)
    }

    /// Notes that all of job `id`'s end was told; says where it stood before, if it was
    /// watched.
    pub fn tell(&mut self, id: &str) -> Option<End> {
        let watch = self.0.iter_mut().find(|w| w.id == id)?;
        Some(std::mem::replace(&mut watch.end, End::Told))
    }

    /// Drops job `id`; says whether it was there.
    pub fn remove(&mut self, id: &str) -> bool {
        let before = self.0.len();
        self.0.retain(|w| w.id != id);
        self.0.len() != before
    }
}

/// Where a gallery keeps its watches: one list per gallery (its element's `id`, empty
/// for a gallery without one) and API base, since a job id means nothing elsewhere.
pub fn storage_key(gallery: &str, api_base: &str) -> String {
    format!("jobs-gallery.watches {gallery} {api_base}")
}

/// A notification's title: "Story 3f2a… completed".
pub fn notification_title(job: &Job) -> String {
    // The kind is the service's word ("story"); without one the job is a job.
    let mut kind = job.kind.clone().unwrap_or_else(|| Key::job.text());
    // Kinds are ASCII words; the first byte of any other is left as it is.
    if let Some(first) = kind.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    let outcome = if job.status == Status::Failed {
        PanelKey::notice_failed
    } else {
        PanelKey::notice_completed
    };
    outcome.with(&[("kind", &kind), ("id", &short_id(&job.id))])
}

/// A notification's text: for a failed job, why (its code in words); for a completed
/// one, what it made.
pub fn notification_body(job: &Job) -> String {
    if job.status == Status::Failed {
        return job
            .error
            .as_ref()
            .map(JobError::reason)
            .unwrap_or_else(|| PanelKey::no_reason.text());
    }
    match job.result.as_ref().map_or(0, |r| r.images.len()) {
        0 => PanelKey::notice_finished.text(),
        n => PanelKey::notice_pictures.count(n as u64, &[]),
    }
}

/// "While you were away: 3 completed, 1 failed", or nothing when nothing finished.
pub fn away_text(completed: usize, failed: usize) -> Option<String> {
    let part = |n: usize, key: Key| (n > 0).then(|| key.count(n as u64, &[]));
    match (
        part(completed, Key::away_completed),
        part(failed, Key::away_failed),
    ) {
        (None, None) => None,
        (Some(a), None) | (None, Some(a)) => Some(Key::away.with(&[("what", &a)])),
        (Some(a), Some(b)) => Some(Key::away_both.with(&[("a", &a), ("b", &b)])),
    }
}

/// The host's title with the count of finished jobs the reader has not seen: "(2) Title".
pub fn badged_title(title: &str, unseen: u32) -> String {
    if unseen == 0 {
        title.to_owned()
    } else {
        format!("({unseen}) {title}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::results::{JobResult, ResultImage};

    const NOW: Millis = 1_780_000_000_000;

    /// What the loader's `toggleWatch` writes, as the tests need it.
    fn without(text: &str, id: &str) -> String {
        text.lines()
            .filter(|line| line.split(' ').next() != Some(id))
            .map(|line| format!("{line}\n"))
            .collect()
    }

    fn with_watch(text: &str, id: &str, now: Millis) -> String {
        format!("{}{id} {}\n", without(text, id), now + WATCH_TTL_MS)
    }

    #[test]
    fn a_watch_is_one_line_that_both_sides_read() {
        let text = with_watch("", "3f2a-aaaa", NOW);
        let text = with_watch(&text, "b7", NOW + 1000);
        assert!(is_watching(&text, "3f2a-aaaa") && is_watching(&text, "b7"));
        assert!(!is_watching(&text, "3f2a") && any_watching(&text));
        let mut watches = Watches::parse(&text, NOW + 2000);
        assert_eq!(watches.end_of("b7"), Some(End::Watching));
        assert_eq!(watches.tell("b7"), Some(End::Watching));
        assert_eq!(watches.tell("b7"), Some(End::Told));
        assert_eq!(watches.tell("nobody"), None);
        let told = watches.to_text();
        assert!(was_told(&told, "b7") && !is_watching(&told, "b7"));
        assert!(!was_told(&told, "3f2a-aaaa"));
        assert_eq!(Watches::parse(&told, NOW + 2000), watches);
        let unwatched = without(&told, "3f2a-aaaa");
        assert!(!any_watching(&unwatched) && was_told(&unwatched, "b7"));
    }

    #[test]
    fn the_list_marks_what_it_told_once() {
        let text = with_watch(&with_watch("", "xb2", NOW), "b2", NOW);
        let marked = seen(&text, "b2").unwrap();
        assert!(was_told(&marked, "b2") && is_watching(&marked, "xb2"));
        assert_eq!(seen(&marked, "b2"), None, "told once");
        assert_eq!(seen(&marked, "zz"), None);
        let watches = Watches::parse(&marked, NOW);
        assert_eq!(watches.end_of("b2"), Some(End::Seen));
        assert_eq!(Watches::parse(&watches.to_text(), NOW), watches);
    }

    #[test]
    fn a_watch_lapses_after_a_day() {
        let text = with_watch(&with_watch("", "old", NOW), "new", NOW + 1000);
        let later = Watches::parse(&text, NOW + WATCH_TTL_MS);
        assert_eq!(later.0.len(), 1);
        assert_eq!(later.0[0].id, "new");
    }

    #[test]
    fn stored_garbage_is_dropped_not_trusted() {
        let text = format!(
            "ok {until}\n<img src=x> {until}\nno-time\nbad {until} extra\nok {until}\nfar {far}\nnum notanumber\n",
            until = NOW + 5000,
            far = NOW + 2 * WATCH_TTL_MS
        );
        assert_eq!(Watches::parse(&text, NOW).0.len(), 1);
        assert!(Watches::parse("", NOW).0.is_empty());
    }

    #[test]
    fn past_the_limit_the_oldest_watches_go() {
        let mut text = String::new();
        for i in 0..MAX_WATCHES + 2 {
            text = with_watch(&text, &format!("j{i}"), NOW);
        }
        let watches = Watches::parse(&text, NOW);
        assert_eq!(watches.0.len(), MAX_WATCHES);
        assert_eq!(watches.0[0].id, "j2");
        let mut watches = watches;
        assert!(watches.remove("j2") && !watches.remove("j2"));
    }

    fn job(status: Status) -> Job {
        Job {
            kind: Some("story".into()),
            ..Job::bare("3f2a9c41-0000-4000-8000-000000000000", status)
        }
    }

    #[test]
    fn notifications_name_the_job_and_say_why_it_failed() {
        let mut done = job(Status::Completed);
        assert_eq!(
            notification_title(&done),
            "Story 3f2a9c41\u{2026} completed"
        );
        assert_eq!(notification_body(&done), "It finished.");
        let picture = ResultImage {
            scene: None,
            prompt: None,
            links: Vec::new(),
        };
        done.result = Some(JobResult {
            cost_eur: None,
            balance_eur: None,
            images: vec![picture.clone(), picture],
            characters: Vec::new(),
            kind: None,
        });
        assert_eq!(notification_body(&done), "2 pictures are ready.");
        let mut failed = job(Status::Failed);
        failed.kind = None;
        failed.error = Some(JobError {
            code: "generation_timeout".into(),
            message: "The generation did not finish in time.".into(),
        });
        assert_eq!(notification_title(&failed), "Job 3f2a9c41\u{2026} failed");
        assert_eq!(notification_body(&failed), "Generation timeout.");
        failed.error = Some(JobError {
            code: "content_rejected".into(),
            message: String::new(),
        });
        assert!(notification_body(&failed).contains("content policy"));
    }

    #[test]
    fn the_away_strip_counts_what_finished() {
        assert_eq!(away_text(0, 0), None);
        assert_eq!(
            away_text(3, 1).as_deref(),
            Some("While you were away: 3 completed, 1 failed")
        );
        assert_eq!(
            away_text(0, 2).as_deref(),
            Some("While you were away: 2 failed")
        );
    }

    #[test]
    fn the_title_badge_counts_unseen_jobs() {
        assert_eq!(badged_title("Studio", 2), "(2) Studio");
        assert_eq!(badged_title("Studio", 0), "Studio");
    }

    #[test]
    fn storage_keys_part_galleries_and_apis() {
        assert_ne!(storage_key("a", ""), storage_key("b", ""));
        assert_ne!(storage_key("", "https://x"), storage_key("", ""));
    }
}
