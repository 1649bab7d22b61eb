//! What a saved result is called and what a save came to (pure logic, tested
//! natively), and [`save_with`], which hands a file to the loader's `save`.

use js_sys::Promise;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::words::PanelKey;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use crate::api::{ImageFormat, Job, Link};
use crate::time::Millis;

/// One file to fetch and save.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaveFile {
    pub url: String,
    pub name: String,
}

/// What the last save came to, said where it was asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Saved(String),
    /// The image host allows no download from this page: the link opened instead.
    Opened,
    /// The same, but the browser did not let the new tab open.
    Blocked,
    Failed,
}

impl Outcome {
    /// What the save module's answer (`"saved"`, `"opened"`, `"blocked"`) means for the
    /// file `name`; no answer, or another one, is a failure.
    pub fn of_answer(answer: Option<&str>, name: String) -> Outcome {
        match answer {
            Some("saved") => Outcome::Saved(name),
            Some("opened") => Outcome::Opened,
            Some("blocked") => Outcome::Blocked,
            _ => Outcome::Failed,
        }
    }

    pub fn text(&self) -> String {
        match self {
            Outcome::Saved(name) => PanelKey::saved_file.with(&[("name", name)]),
            Outcome::Opened => PanelKey::save_opened.text(),
            Outcome::Blocked => PanelKey::save_blocked.text(),
            Outcome::Failed => PanelKey::save_failed.text(),
        }
    }
}

fn extension(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Jpeg => "jpg",
        ImageFormat::Other => "img",
        other => other.as_str(),
    }
}

/// `<yyyy-mm-dd>-<short id>[-scene-N].<ext>`: `day`, the UTC date the job finished
/// (else the day it was made; `format::iso_text` in the wasm), so that names sort by day
/// wherever they were saved; the id's first eight characters (letters, digits, `-` and
/// `_` only, so no server string can name a path); and the scene of a story.
pub fn file_name(job_id: &str, day: &str, scene: Option<u32>, format: ImageFormat) -> String {
    let id: String = job_id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(8)
        .collect();
    let id = if id.is_empty() { "job".to_owned() } else { id };
    let scene = scene.map(|n| format!("-scene-{n}")).unwrap_or_default();
    format!("{day}-{id}{scene}.{}", extension(format))
}

/// The pictures of a page that "Download this page" can save, and how many it cannot:
/// every format expired, or none with a usable link.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageFiles {
    pub files: Vec<SaveFile>,
    pub expired: u32,
    pub unusable: u32,
}

/// Every picture of `jobs`, in the best format still valid at `now` (the viewer's
/// choice, `ResultImage::full_size`), named as a single download would be (`day_of`
/// gives a moment's UTC day, `format::iso_text` in the wasm), with a number added where
/// two names would be the same.
pub fn files_of<'a>(
    jobs: impl IntoIterator<Item = &'a Job>,
    now: Millis,
    day_of: impl Fn(Millis) -> String,
) -> PageFiles {
    let mut page = PageFiles::default();
    for job in jobs {
        let day = day_of(job.completed_at.or(job.created_at).unwrap_or(now));
        for image in job.result.iter().flat_map(|r| r.images.iter()) {
            let Some(link) = image.full_size(now) else {
                page.unusable += 1;
                continue;
            };
            let Link::Safe(url) = &link.link else {
                page.unusable += 1;
                continue;
            };
            if link.is_expired(now) {
                page.expired += 1;
                continue;
            }
            let first = file_name(&job.id, &day, image.scene, link.format);
            let (stem, ext) = first.rsplit_once('.').unwrap_or((&first, ""));
            let mut name = first.clone();
            let mut n = 1;
            while page.files.iter().any(|f| f.name == name) {
                n += 1;
                name = format!("{stem}-{n}.{ext}");
            }
            page.files.push(SaveFile {
                url: url.clone(),
                name,
            });
        }
    }
    page
}

/// The soonest moment a picture of `jobs` that can be saved at `now` stops working: the
/// expiry of its best format still valid (the one a download takes).
pub fn first_expiry<'a>(jobs: impl IntoIterator<Item = &'a Job>, now: Millis) -> Option<Millis> {
    jobs.into_iter()
        .flat_map(|job| job.result.iter().flat_map(|r| r.images.iter()))
        .filter_map(|image| image.full_size(now))
        .filter(|link| !link.is_expired(now))
        .filter_map(|link| link.expires_at)
        .min()
}

/// The ZIP of page `page` (1-based) of the list, made on `day`:
/// `<yyyy-mm-dd>-jobs-page-<n>.zip`.
pub fn zip_name(day: &str, page: u64) -> String {
    format!("{day}-jobs-page-{page}.zip")
}

/// What "Download this page" came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PageSaved {
    /// The ZIP `name` holds `saved` pictures; the others were left out.
    Zipped {
        name: String,
        saved: u32,
        expired: u32,
        unusable: u32,
        /// Their link was valid, but the picture could not be fetched.
        unavailable: u32,
    },
    /// Nothing on the page could be saved: no ZIP was made.
    Nothing {
        expired: u32,
        unusable: u32,
        unavailable: u32,
    },
    /// The reader cancelled it: nothing was saved.
    Cancelled,
    /// The save module or the ZIP writer did not load, or the archive broke off.
    Failed,
}

impl PageSaved {
    pub fn text(&self) -> String {
        // Without a "Left out", the sentence ends where it ends.
        let text = self.sentence();
        text.trim_end().to_owned()
    }

    fn sentence(&self) -> String {
        let skipped = |expired: u32, unusable: u32, unavailable: u32| {
            let reasons: Vec<String> = [
                (expired, PanelKey::left_out_expired),
                (unusable, PanelKey::left_out_unusable),
                (unavailable, PanelKey::left_out_unavailable),
            ]
            .into_iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, why)| why.count(u64::from(n), &[]))
            .collect();
            if reasons.is_empty() {
                String::new()
            } else {
                PanelKey::left_out.with(&[("reasons", &reasons.join(", "))])
            }
        };
        match self {
            PageSaved::Zipped {
                name,
                saved,
                expired,
                unusable,
                unavailable,
            } => {
                let skipped = skipped(*expired, *unusable, *unavailable);
                PanelKey::saved_zip
                    .count(u64::from(*saved), &[("name", name), ("skipped", &skipped)])
            }
            PageSaved::Nothing {
                expired,
                unusable,
                unavailable,
            } => PanelKey::saved_nothing
                .with(&[("skipped", &skipped(*expired, *unusable, *unavailable))]),
            PageSaved::Cancelled => PanelKey::save_cancelled.text(),
            PageSaved::Failed => PanelKey::save_page_failed.text(),
        }
    }
}

/// Saves `file` through the loader's `save(url, name)` (the save module, off the first
/// load) and says what came of it in `saved`, which is emptied while it runs.
pub fn save_with(save: &js_sys::Function, file: SaveFile, saved: RwSignal<String>) {
    saved.set(String::new());
    let (url, name) = (file.url.as_str().into(), file.name.as_str().into());
    let answer = save.call2(&JsValue::NULL, &url, &name);
    spawn_local(async move {
        let said = match answer {
            Ok(p) => JsFuture::from(Promise::from(p))
                .await
                .ok()
                .and_then(|v| v.as_string()),
            Err(_) => None,
        };
        saved.try_set(Outcome::of_answer(said.as_deref(), file.name).text());
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: &str = "2026-04-06";

    #[test]
    fn the_save_modules_answers_are_told_apart() {
        let name = || "2026-04-06-3f2a9c1e.png".to_owned();
        assert_eq!(
            Outcome::of_answer(Some("saved"), name()),
            Outcome::Saved(name())
        );
        assert_eq!(Outcome::of_answer(Some("opened"), name()), Outcome::Opened);
        assert_eq!(
            Outcome::of_answer(Some("blocked"), name()),
            Outcome::Blocked
        );
        assert_eq!(Outcome::of_answer(Some("failed"), name()), Outcome::Failed);
        assert_eq!(Outcome::of_answer(None, name()), Outcome::Failed);
    }

    use crate::api::{FormatLink, JobResult, ResultImage, Status};

    // 2026-04-06T14:00:00Z
    const T: Millis = 1_775_484_000_000;

    fn link(format: ImageFormat, url: &str, expires_at: Option<Millis>) -> FormatLink {
        FormatLink {
            format,
            link: Link::parse(url),
            expires_at,
            size_bytes: None,
        }
    }

    fn picture(scene: Option<u32>, links: Vec<FormatLink>) -> ResultImage {
        ResultImage {
            scene,
            prompt: None,
            links,
        }
    }

    fn job(id: &str, images: Vec<ResultImage>) -> Job {
        Job {
            created_at: Some(T - 60_000),
            completed_at: Some(T),
            result: Some(JobResult {
                cost_eur: None,
                balance_eur: None,
                images,
                characters: Vec::new(),
                kind: None,
            }),
            ..Job::bare(id, Status::Completed)
        }
    }

    fn day_of(at: Millis) -> String {
        if at == T {
            DAY.into()
        } else {
            format!("day-{at}")
        }
    }

    #[test]
    fn a_page_saves_each_picture_in_its_best_valid_format_and_counts_the_rest() {
        let later = Some(T + 600_000);
        let jobs = [
            job(
                "aaaaaaaa-1",
                vec![picture(
                    None,
                    vec![
                        link(ImageFormat::Webp, "https://i/a.webp", later),
                        link(ImageFormat::Png, "https://i/a.png", later),
                    ],
                )],
            ),
            job(
                "bbbbbbbb-2",
                vec![
                    // The PNG has expired; the JPEG signed after it has not.
                    picture(
                        Some(1),
                        vec![
                            link(ImageFormat::Jpeg, "https://i/b1.jpg", later),
                            link(ImageFormat::Png, "https://i/b1.png", Some(T - 1)),
                        ],
                    ),
                    picture(
                        Some(2),
                        vec![link(ImageFormat::Png, "https://i/b2.png", Some(T))],
                    ),
                    picture(
                        Some(3),
                        vec![link(ImageFormat::Png, "javascript:alert(1)", later)],
                    ),
                ],
            ),
        ];
        let page = files_of(&jobs, T, day_of);
        assert_eq!(
            page.files,
            vec![
                SaveFile {
                    url: "https://i/a.png".into(),
                    name: "2026-04-06-aaaaaaaa.png".into()
                },
                SaveFile {
                    url: "https://i/b1.jpg".into(),
                    name: "2026-04-06-bbbbbbbb-scene-1.jpg".into()
                },
            ]
        );
        assert_eq!((page.expired, page.unusable), (1, 1));
    }

    #[test]
    fn the_first_expiry_is_that_of_the_soonest_link_a_download_would_take() {
        let jobs = [
            job(
                "a",
                vec![picture(
                    None,
                    vec![
                        // The WebP dies first, but a download takes the PNG.
                        link(ImageFormat::Webp, "https://i/a.webp", Some(T + 60_000)),
                        link(ImageFormat::Png, "https://i/a.png", Some(T + 500_000)),
                    ],
                )],
            ),
            job(
                "b",
                vec![
                    picture(
                        Some(1),
                        vec![link(ImageFormat::Png, "https://i/b.png", Some(T + 300_000))],
                    ),
                    picture(
                        Some(2),
                        vec![link(ImageFormat::Png, "https://i/c.png", Some(T - 1))],
                    ),
                ],
            ),
        ];
        assert_eq!(first_expiry(&jobs, T), Some(T + 300_000));
        assert_eq!(first_expiry(&jobs, T + 300_000), Some(T + 500_000));
        assert_eq!(first_expiry(&jobs, T + 500_000), None);
        assert_eq!(first_expiry(&[], T), None);
    }

    #[test]
    fn two_pictures_never_share_a_name_in_one_zip() {
        let png = || {
            vec![picture(
                None,
                vec![link(ImageFormat::Png, "https://i/x.png", None)],
            )]
        };
        // Two ids alike in their first eight characters, made on the same day.
        let jobs = [
            job("12345678-a", png()),
            job("12345678-b", png()),
            job("12345678-c", png()),
        ];
        let names: Vec<String> = files_of(&jobs, T, day_of)
            .files
            .into_iter()
            .map(|f| f.name)
            .collect();
        assert_eq!(
            names,
            [
                "2026-04-06-12345678.png",
                "2026-04-06-12345678-2.png",
                "2026-04-06-12345678-3.png"
            ]
        );
    }

    #[test]
    fn what_a_page_download_came_to_is_said_in_words() {
        assert_eq!(zip_name(DAY, 3), "2026-04-06-jobs-page-3.zip");
        let zipped = |saved, expired, unavailable| PageSaved::Zipped {
            name: "p.zip".into(),
            saved,
            expired,
            unusable: 0,
            unavailable,
        };
        assert_eq!(zipped(1, 0, 0).text(), "Saved 1 picture in p.zip.");
        assert_eq!(
            zipped(12, 2, 1).text(),
            "Saved 12 pictures in p.zip. Left out: 2 expired, 1 could not be fetched."
        );
        assert_eq!(
            PageSaved::Nothing {
                expired: 3,
                unusable: 1,
                unavailable: 0
            }
            .text(),
            "Nothing on this page could be saved. Left out: 3 expired, 1 without a usable link."
        );
    }

    #[test]
    fn names_sort_by_day_and_say_which_job_and_scene() {
        let id = "3f2a9c1e-0000-4000-8000-000000000000";
        assert_eq!(
            file_name(id, DAY, None, ImageFormat::Png),
            "2026-04-06-3f2a9c1e.png"
        );
        assert_eq!(
            file_name(id, DAY, Some(3), ImageFormat::Jpeg),
            "2026-04-06-3f2a9c1e-scene-3.jpg"
        );
        // No id, or one made of path characters: still a plain name.
        assert_eq!(
            file_name("../../etc/passwd", DAY, None, ImageFormat::Webp),
            "2026-04-06-etcpassw.webp"
        );
        assert_eq!(
            file_name("", DAY, None, ImageFormat::Other),
            "2026-04-06-job.img"
        );
    }
}
