use leptos::prelude::*;
use web_sys::KeyboardEvent;

use super::expandable_text::ExpandableText;
use crate::api::{FormatLink, Link, ResultImage};
use crate::files::{file_name, SaveFile};
use crate::format::{copy_with_feedback, iso_text, local_text, relative_text, short_id};
use crate::gallery::host_page::{focused_element, job_link};
use crate::time::Millis;
use crate::words::PanelKey;

/// One picture the viewer can show: every result image of every job on the page, in
/// page order, so next and previous walk through a story's scenes and on across jobs.
#[derive(Clone, Debug, PartialEq)]
pub struct ViewerItem {
    pub job_id: String,
    /// Index of the image within its job.
    pub index: usize,
    /// How many images the job has.
    pub of: usize,
    pub image: ResultImage,
    /// When the job finished (else when it was made), for the names of saved files.
    pub made_at: Option<Millis>,
}

/// Which picture is open, by job id and image index (stable across refreshes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ViewerAt {
    pub job_id: String,
    pub index: usize,
}

/// The lightbox: a native modal `<dialog>`, so focus stays inside and Esc closes it;
/// arrow keys move, and focus returns to the thumbnail that opened it.
///
/// `items` lists the pictures it can show. It is read only while a picture is open, so
/// it is a plain function rather than a memo: building the list when asked costs less
/// than a memo's code for one more value type (size/few-value-types), and nothing is
/// built while the viewer is closed.
#[component]
pub fn Viewer(
    items: impl Fn() -> Vec<ViewerItem> + Copy + Send + Sync + 'static,
    at: RwSignal<Option<ViewerAt>>,
    now: RwSignal<Millis>,
    /// Saves one file ("Download" beside each format still valid); no such buttons
    /// without it.
    save: Option<Callback<SaveFile>>,
    /// What the last download came to, said in the viewer: a modal dialog makes the
    /// rest of the page inert.
    saved: RwSignal<String>,
    /// URL sync's prefix: with one, "Copy link to this job" copies an address that
    /// reopens the picture's job (`?{prefix}.job=<id>`).
    #[prop(default = None)]
    url_sync: Option<String>,
) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let opener = StoredValue::new_local(None::<web_sys::HtmlElement>);
    // Not memoized: a search through at most a page of pictures is cheaper than a
    // memo's code for one more value type, and what reads it only changes the DOM when
    // the answer does. The open picture's place comes with the list it was found in, so
    // each reader builds the list once.
    let located = move || {
        at.with(|at| {
            let at = at.as_ref()?;
            let items = items();
            let p = items
                .iter()
                .position(|i| i.job_id == at.job_id && i.index == at.index)?;
            Some((p, items))
        })
    };
    let current = Memo::new(move |_| located().map(|(p, mut items)| items.swap_remove(p)));
    let step = move |delta: isize| {
        let Some((p, items)) = untrack(located) else {
            return;
        };
        let Some(next) = p.checked_add_signed(delta) else {
            return;
        };
        if let Some(item) = items.into_iter().nth(next) {
            saved.set(String::new());
            at.set(Some(ViewerAt {
                job_id: item.job_id,
                index: item.index,
            }));
        }
    };

    // Open and close the native dialog with the state; remember who opened it. One
    // effect, not two: each effect is a task of its own in the wasm (size/few-tasks).
    Effect::new(move |_| {
        // A job that left the page (or a picture that is gone) closes the viewer.
        let open = located().is_some();
        if !open && at.with_untracked(Option::is_some) {
            at.set(None);
        }
        let Some(dialog) = dialog.get() else { return };
        if open && !dialog.open() {
            opener.set_value(focused_element());
            let _ = dialog.show_modal();
        } else if !open && dialog.open() {
            dialog.close();
        }
    });
    let on_close = move |_| {
        at.set(None);
        saved.set(String::new());
        if let Some(el) = opener.get_value() {
            if el.is_connected() {
                let _ = el.focus();
            }
        }
    };
    let on_key = move |ev: KeyboardEvent| match ev.key().as_str() {
        "ArrowRight" => {
            ev.prevent_default();
            step(1)
        }
        "ArrowLeft" => {
            ev.prevent_default();
            step(-1)
        }
        _ => {}
    };
    let copied = RwSignal::new(false);
    let title_id = super::unique_id("jg-viewer-title");
    let title_ref = title_id.clone();
    let copy_id = move |_| {
        if let Some(item) = current.get_untracked() {
            copy_with_feedback(item.job_id, copied);
        }
    };
    let link_copied = RwSignal::new(false);
    let copy_link = url_sync.map(|prefix| {
        move |_| {
            if let Some(link) = current
                .get_untracked()
                .and_then(|item| job_link(&prefix, &item.job_id))
            {
                copy_with_feedback(link, link_copied);
            }
        }
    });

    view! {
        <dialog class="jg-viewer" node_ref=dialog aria-labelledby=title_ref on:close=on_close on:keydown=on_key>
            {move || current.get().map(|item| {
                let title = match (item.image.scene, item.of) {
                    (Some(n), of) if of > 1 => PanelKey::viewer_scene_of
                        .with(&[("n", &n.to_string()), ("of", &of.to_string())]),
                    _ => PanelKey::viewer_result.text(),
                };
                let (job_before, job_after) = PanelKey::viewer_job.around("id", &[]);
                let full = item.image.full_size(now.get_untracked()).cloned();
                let expired = full.as_ref().is_some_and(|l| l.is_expired(now.get_untracked()));
                let alt = item.image.prompt.clone().unwrap_or_else(|| title.clone());
                let links = item.image.links.clone();
                let (job_id, scene) = (item.job_id.clone(), item.image.scene);
                let made_at = iso_text(item.made_at.unwrap_or_else(|| now.get_untracked()));
                let day = made_at.get(..10).unwrap_or("day");
                view! {
                    <header class="jg-viewer__head">
                        <h2 class="jg-viewer__title" id=title_id.clone()>
                            {title.clone()}
                            <span class="jg-viewer__job">{format!(" \u{b7} {job_before}")} <code title=item.job_id.clone()>{short_id(&item.job_id)}</code> {job_after}</span>
                        </h2>
                        <button type="button" class="jg-button jg-button--quiet" on:click=copy_id>
                            {move || if copied.get() { PanelKey::viewer_copied } else { PanelKey::viewer_copy_id }.text()}
                        </button>
                        {copy_link.clone().map(|copy_link| view! {
                            <button type="button" class="jg-button jg-button--quiet jg-viewer__link" on:click=copy_link>
                                {move || if link_copied.get() { PanelKey::viewer_link_copied } else { PanelKey::viewer_copy_link }.text()}
                            </button>
                        })}
                        <form method="dialog">
                            <button type="submit" class="jg-button jg-viewer__close" aria-label=PanelKey::viewer_close.text()>"\u{2715}"</button>
                        </form>
                    </header>
                    <figure class="jg-viewer__figure">
                        {match (&full, expired) {
                            (Some(FormatLink { link: Link::Safe(src), .. }), false) => view! {
                                <img class="jg-viewer__img" src=src.clone() alt=alt.clone() decoding="async"/>
                            }.into_any(),
                            (Some(_), true) => view! {
                                <div class="jg-viewer__missing" role="img" aria-label=PanelKey::viewer_link_expired.text()>{PanelKey::viewer_expired_note.text()}</div>
                            }.into_any(),
                            _ => view! {
                                <div class="jg-viewer__missing" role="img" aria-label=PanelKey::viewer_invalid_link.text()>{PanelKey::viewer_no_link.text()}</div>
                            }.into_any(),
                        }}
                        {item.image.prompt.clone().map(|p| view! { <figcaption class="jg-viewer__prompt"><ExpandableText text=p/></figcaption> })}
                    </figure>
                    <ul class="jg-viewer__formats" aria-label=PanelKey::viewer_formats.text()>
                        {links.into_iter().map(|l| {
                            let expires = l.expires_at;
                            let label = l.format.label();
                            let size = l.size_bytes.map(|b| {
                                let kb = b.div_ceil(1024).to_string();
                                format!(" \u{b7} {}", PanelKey::viewer_size.with(&[("kb", &kb)]))
                            });
                            let valid = l.link.url().filter(|_| expires.is_none_or(|at| at > now.get_untracked()));
                            let file = valid.zip(save).map(|(url, save)| (save, SaveFile {
                                url: url.to_owned(),
                                name: file_name(&job_id, day, scene, l.format),
                            }));
                            view! {
                                <li>
                                    {match valid {
                                        Some(url) => view! { <a href=url.to_owned() target="_blank" rel="noopener noreferrer">{label.clone()}</a> }.into_any(),
                                        None => {
                                            let why = if l.link.url().is_none() { PanelKey::viewer_format_invalid } else { PanelKey::viewer_format_expired };
                                            view! { <span class="jg-viewer__dead">{why.with(&[("format", &label)])}</span> }.into_any()
                                        }
                                    }}
                                    {size}
                                    {file.map(|(save, file)| view! {
                                        " "
                                        <button type="button" class="jg-button jg-button--quiet jg-viewer__save" aria-label=PanelKey::viewer_download_format.with(&[("format", &label)]) on:click=move |_| save.run(file.clone())>
                                            {PanelKey::viewer_download.text()}
                                        </button>
                                    })}
                                    {expires.map(|at| view! {
                                        " \u{b7} "
                                        <time datetime=iso_text(at) title=local_text(at)>
                                            {move || if at <= now.get() { PanelKey::viewer_expired.text() } else { PanelKey::viewer_expires.with(&[("when", &relative_text(at, now.get()))]) }}
                                        </time>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
            })}
            <p class="jg-viewer__saved" role="status">{move || saved.get()}</p>
            <nav class="jg-viewer__nav" aria-label=PanelKey::viewer_pictures.text()>
                <button type="button" class="jg-button" on:click=move |_| step(-1) disabled=move || located().is_none_or(|(p, _)| p == 0).then_some("") aria-keyshortcuts="ArrowLeft">
                    {format!("\u{2039} {}", PanelKey::viewer_previous.text())}
                </button>
                <span class="jg-viewer__count">{move || located().map(|(p, items)| format!("{} / {}", p + 1, items.len())).unwrap_or_default()}</span>
                <button type="button" class="jg-button" on:click=move |_| step(1) disabled=move || { located().is_none_or(|(p, items)| p + 1 >= items.len()).then_some("") } aria-keyshortcuts="ArrowRight">
                    {format!("{} \u{203A}", PanelKey::viewer_next.text())}
                </button>
            </nav>
        </dialog>
    }
}
