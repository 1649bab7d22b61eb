use leptos::prelude::*;

use crate::page_viewer::Opened;
use jobs_gallery::components::unique_id;
use jobs_gallery::files::{file_name, save_with, SaveFile};
use jobs_gallery::format::{iso_text, short_id};
use jobs_gallery::gallery::host_page::focused_element;
use jobs_gallery::hooks::use_clock;
use jobs_gallery::time::Millis;
use jobs_gallery::words::PanelKey;

/// A card's "Download": every picture of the job with a button for each format still
/// valid ("PNG · 120 KB"), saved under the same names as from the viewer, and why a
/// format cannot be saved (expired, invalid link). A modal dialog, like the viewer: Esc
/// closes it, and focus goes back to the card's button.
#[component]
pub fn JobFiles(
    opened: Opened,
    save: Option<js_sys::Function>,
    #[prop(into)] on_closed: Callback<()>,
) -> impl IntoView {
    let (pictures, job_id, skew) = opened.into_parts();
    let client_now = || js_sys::Date::now() as Millis;
    let now = RwSignal::new(client_now() + skew);
    use_clock(move || now.set(client_now() + skew));
    let saved = RwSignal::new(String::new());
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let opener = focused_element();
    Effect::new(move |_| {
        if let Some(dialog) = dialog.get() {
            let _ = dialog.show_modal();
        }
    });
    let on_close = move |_| {
        if let Some(el) = opener.as_ref().filter(|el| el.is_connected()) {
            let _ = el.focus();
        }
        on_closed.run(());
    };
    let title_id = unique_id("jg-job-files-title");
    let labelled_by = title_id.clone();
    let of = pictures.len();
    let (title_before, title_after) = PanelKey::files_title.around("job", &[]);
    let (job_before, job_after) = PanelKey::files_job.around("id", &[]);
    let rows = pictures
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let name = match item.image.scene {
                Some(n) if of > 1 => PanelKey::files_scene.with(&[("n", &n.to_string())]),
                _ if of > 1 => PanelKey::files_picture.with(&[("n", &(i + 1).to_string())]),
                _ => PanelKey::files_result.text(),
            };
            let day = iso_text(item.made_at.unwrap_or_else(|| now.get_untracked()));
            let day = day.get(..10).unwrap_or("day").to_owned();
            let formats = item
                .image
                .links
                .iter()
                .map(|l| {
                    let label = l.format.label();
                    let size = l.size_bytes.map(|b| {
                        let kb = b.div_ceil(1024).to_string();
                        format!(" \u{b7} {}", PanelKey::files_size.with(&[("kb", &kb)]))
                    });
                    let valid = l.link.url().filter(|_| !l.is_expired(now.get_untracked()));
                    match (valid, save.clone()) {
                        (Some(url), Some(save)) => {
                            let (before, after) =
                                PanelKey::files_save.around("file", &[("name", &name)]);
                            let format = label.clone();
                            let file = SaveFile {
                                url: url.to_owned(),
                                name: file_name(&item.job_id, &day, item.image.scene, l.format),
                            };
                            view! {
                                // Named "Download PNG · 120 KB, Scene 2": the visible words, in
                                // the middle of what tells the buttons apart (WCAG 2.5.3).
                                <button
                                    type="button"
                                    class="jg-button jg-button--quiet jg-job-files__save"
                                    data-format=format
                                    on:click=move |_| save_with(&save, file.clone(), saved)
                                >
                                    <span class="jg-visually-hidden">{before}</span>
                                    {label}
                                    {size}
                                    <span class="jg-visually-hidden">{after}</span>
                                </button>
                            }
                            .into_any()
                        }
                        _ => {
                            let why = if l.link.url().is_none() {
                                PanelKey::files_format_invalid
                            } else {
                                PanelKey::files_format_expired
                            };
                            view! { <span class="jg-viewer__dead">{why.with(&[("format", &label)])}</span> }.into_any()
                        }
                    }
                })
                .collect_view();
            view! {
                <li>
                    <span class="jg-job-files__name">{name}</span>
                    {formats}
                </li>
            }
        })
        .collect_view();

    view! {
        <dialog class="jg-job-files" node_ref=dialog aria-labelledby=labelled_by on:close=on_close>
            <header class="jg-viewer__head">
                <h2 class="jg-viewer__title" id=title_id>
                    {title_before}
                    <span class="jg-viewer__job">{job_before} <code title=job_id.clone()>{short_id(&job_id)}</code> {job_after}</span>
                    {title_after}
                </h2>
                <form method="dialog">
                    <button type="submit" class="jg-button jg-viewer__close" aria-label=PanelKey::files_close.text()>"\u{2715}"</button>
                </form>
            </header>
            <ul class="jg-job-files__list" aria-label=PanelKey::files_pictures.text()>{rows}</ul>
            <p class="jg-viewer__saved" role="status">{move || saved.get()}</p>
        </dialog>
    }
}
