//! What a saved result is called and what a save came to: pure logic, tested natively;
//! `Feed::save_file` hands the file to the loader's `save`.

use crate::api::ImageFormat;

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
    pub fn text(&self) -> String {
        match self {
            Outcome::Saved(name) => format!("Saved {name}."),
            Outcome::Opened => "The image host does not allow saving from this page, so the picture opened in a new tab: save it from there.".into(),
            Outcome::Blocked => "The image host does not allow saving from this page, and the browser kept the picture from opening in a new tab: open it with its format link and save it from there.".into(),
            Outcome::Failed => "The picture could not be fetched. Try again in a moment.".into(),
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

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: &str = "2026-04-06";

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
