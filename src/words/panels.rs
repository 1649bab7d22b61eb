//! The panels' texts (panels/ and the viewer they show), after the first load's in the
//! handed-over texts, so that their English is in the panels' wasm only.

texts! { PanelKey, super::catalogue::NAMES.len();
    // A picture of a type the gallery does not know, where a format's name stands.
    format_image = "Image",
    // What a download came to (src/files.rs).
    saved_file = "Saved {name}.",
    save_opened = "The image host does not allow saving from this page, so the picture opened in a new tab: save it from there.",
    save_blocked = "The image host does not allow saving from this page, and the browser kept the picture from opening in a new tab: open it with its format link and save it from there.",
    save_failed = "The picture could not be fetched. Try again in a moment.",
    left_out = "Left out: {reasons}.",
    left_out_expired = "{n} expired|{n} expired",
    left_out_unusable = "{n} without a usable link|{n} without a usable link",
    left_out_unavailable = "{n} could not be fetched|{n} could not be fetched",
    saved_zip = "Saved {n} picture in {name}. {skipped}|Saved {n} pictures in {name}. {skipped}",
    saved_nothing = "Nothing on this page could be saved. {skipped}",
    save_cancelled = "Download cancelled: nothing was saved.",
    save_page_failed = "The pictures could not be saved. Check the connection and try again.",
    // A watched job's notification (src/gallery/watches.rs).
    notice_completed = "{kind} {id} completed",
    notice_failed = "{kind} {id} failed",
    notice_finished = "It finished.",
    notice_pictures = "{n} picture is ready.|{n} pictures are ready.",
    no_reason = "It failed without saying why.",
    // The viewer (src/components/viewer.rs).
    viewer_scene_of = "Scene {n} of {of}",
    viewer_result = "Result",
    viewer_job = "job {id}",
    viewer_copy_id = "Copy job id",
    viewer_copied = "Copied",
    viewer_copy_link = "Copy link to this job",
    viewer_link_copied = "Link copied",
    viewer_close = "Close viewer",
    viewer_link_expired = "Link expired",
    viewer_expired_note = "This link has expired; results are kept for one hour.",
    viewer_invalid_link = "Invalid link",
    viewer_no_link = "No usable link for this image.",
    viewer_formats = "Formats",
    viewer_size = "{kb} KB",
    viewer_format_invalid = "{format} (invalid link)",
    viewer_format_expired = "{format} (expired)",
    viewer_download = "Download",
    viewer_download_format = "Download {format}",
    viewer_expired = "expired",
    viewer_expires = "expires {when}",
    viewer_pictures = "Pictures",
    viewer_previous = "Previous",
    viewer_next = "Next",
    // A card's "Download" (panels/src/job_files.rs).
    files_title = "Download {job}",
    files_job = "job {id}",
    files_close = "Close",
    files_pictures = "Pictures",
    files_scene = "Scene {n}",
    files_picture = "Picture {n}",
    files_result = "Result",
    files_size = "{kb} KB",
    files_save = "Download {file}, {name}",
    files_format_invalid = "{format} (invalid link)",
    files_format_expired = "{format} (expired)",
    // "Go to job": the dialog (panels/src/job_dialog.rs) and its form (find_job.rs).
    job_title = "Go to job",
    job_close = "Close",
    job_not_found = "There is no job {id}: it was deleted, or the id is not quite right.",
    job_looking_up = "Looking up the job\u{2026}",
    job_copy_link = "Copy link to this job",
    job_link_copied = "Link copied",
    find_label = "Go to job",
    find_job_id = "Job id",
    find_hint = "A job id: letters, digits, dashes and underscores",
    find_placeholder = "Paste a job id",
    find_open = "Open",
    // "Download this page" (panels/src/save_page.rs).
    save_label = "Download this page",
    save_reading = "Reading this page's links\u{2026}",
    save_saving = "Saving the pictures of this page\u{2026}",
    save_read_failed = "This page could not be read again, so nothing was saved.",
    save_progress = "Pictures saved",
    save_cancel = "Cancel",
    save_close = "Close",
    // The watcher's live region (panels/src/watcher.rs): a finished job's title as a
    // sentence.
    watch_told = "{title}.",
    // "While you were away" (panels/src/away_strip.rs).
    away_label = "While you were away",
    away_open = "Open the pictures of job {id}",
    away_dismiss = "Dismiss",
}

impl PanelKey {
    /// The text split at its placeholder `{name}`, the others filled from `args`: the
    /// words before and after an element that the text names (a job's `<code>` id, a
    /// button's visible words), so that each language puts that element where its
    /// sentence has it. Without the placeholder, every word comes before.
    pub fn around(self, name: &str, args: &[(&str, &str)]) -> (String, String) {
        let text = self.text();
        let placeholder = format!("{{{name}}}");
        let (before, after) = text.split_once(&placeholder).unwrap_or((&text, ""));
        (
            super::fill(before.to_owned(), args),
            super::fill(after.to_owned(), args),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_element_goes_where_the_text_names_it() {
        assert_eq!(
            PanelKey::job_not_found.around("id", &[]),
            (
                "There is no job ".to_owned(),
                ": it was deleted, or the id is not quite right.".to_owned()
            )
        );
        let (before, after) = PanelKey::files_save.around("file", &[("name", "Scene 2")]);
        assert_eq!(
            (before.as_str(), after.as_str()),
            ("Download ", ", Scene 2")
        );
        let (before, after) = PanelKey::viewer_close.around("id", &[]);
        assert_eq!((before.as_str(), after.as_str()), ("Close viewer", ""));
    }
}
