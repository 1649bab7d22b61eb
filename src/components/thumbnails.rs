use leptos::prelude::*;

use super::viewer::ViewerAt;
use crate::api::{FormatLink, Link, ResultImage};
use crate::time::Millis;
use crate::words::Key;

/// Tiles in a card's one row; past that, the last tile becomes "+N".
const MAX_TILES: usize = 4;

fn describe(image: &ResultImage) -> String {
    match (image.scene, &image.prompt) {
        (Some(n), Some(prompt)) => {
            Key::scene_prompt.with(&[("n", &n.to_string()), ("prompt", prompt)])
        }
        (Some(n), None) => Key::scene.with(&[("n", &n.to_string())]),
        (None, Some(prompt)) => prompt.clone(),
        (None, None) => Key::result_image.text(),
    }
}

/// What a card and its pictures ask of the gallery around it. A card on its own (in a
/// test, in another app) passes none: its thumbnails are plain links, and it has neither
/// "Download" nor "Copy link".
#[derive(Clone, Copy, Default)]
pub struct ImageActions {
    /// Opens the viewer on a picture.
    pub open: Option<Callback<ViewerAt>>,
    /// An image failed to load.
    pub broken: Option<Callback<()>>,
    /// "Download": the job's pictures in each format (a panel), by job id.
    pub files: Option<Callback<String>>,
    /// "Copy link" (URL sync on): copies the job's address, then sets the flag.
    pub copy_link: Option<Callback<(String, RwSignal<bool>)>>,
    /// "Notify me" on running jobs (the gallery's cards, with the panels).
    pub watch: Option<super::WatchActions>,
}

/// One result image: the picture, or a tile that says why there is none. An expired
/// link is never requested, so the page shows no broken image.
#[component]
fn Thumbnail(
    image: ResultImage,
    index: usize,
    now: RwSignal<Millis>,
    open: Option<Callback<usize>>,
    broken: Option<Callback<()>>,
) -> impl IntoView {
    let failed = RwSignal::new(false);
    // A plain click opens the viewer; with a modifier the browser opens the link as usual.
    let open_viewer = move |ev: web_sys::MouseEvent| {
        let plain =
            ev.button() == 0 && !(ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key());
        if let (Some(open), true) = (open, plain) {
            ev.prevent_default();
            open.run(index);
        }
    };
    let label = describe(&image);
    // The format shown and whether the picture has expired both follow the clock: when
    // the link shown dies, a format whose link lives longer takes its place, and the
    // tile says "expired" only once every format has. The pick is a `u64` (past the
    // end: none), a memo value type the gallery has already (size/few-value-types).
    let pick = {
        let image = image.clone();
        Memo::new(move |_| {
            image
                .thumbnail_index(now.get())
                .map_or(u64::MAX, |i| i as u64)
        })
    };
    let expired = {
        let image = image.clone();
        Memo::new(move |_| image.is_expired(now.get()))
    };
    let scene = image.scene.map(|n| n.to_string());
    move || {
        let thumb = image.links.get(pick.get() as usize);
        let open = image
            .full_size(now.get_untracked())
            .and_then(|l| l.link.url())
            .map(str::to_owned);
        let tile = |modifier: &'static str, note: Key, label: String| {
            let note = note.text();
            let spoken = Key::thumb_label.with(&[("image", &label), ("state", &note)]);
            view! {
                <div class=format!("jg-thumb jg-thumb--{modifier}") role="img" aria-label=spoken>
                    <span class="jg-thumb__note" aria-hidden="true">{note}</span>
                </div>
            }
            .into_any()
        };
        match (thumb, expired.get(), failed.get()) {
            (None, _, _) => tile("missing", Key::thumb_missing, label.clone()),
            (
                Some(FormatLink {
                    link: Link::Invalid,
                    ..
                }),
                _,
                _,
            ) => tile("invalid", Key::thumb_invalid, label.clone()),
            (Some(_), true, _) => tile("expired", Key::thumb_expired, label.clone()),
            (Some(_), false, true) => tile("unavailable", Key::thumb_unavailable, label.clone()),
            (
                Some(FormatLink {
                    link: Link::Safe(src),
                    ..
                }),
                false,
                false,
            ) => view! {
                <a
                    class="jg-thumb"
                    href=open.clone().unwrap_or_else(|| src.clone())
                    target="_blank"
                    rel="noopener noreferrer"
                    data-scene=scene.clone()
                    title=label.clone()
                    on:click=open_viewer
                >
                    <img
                        class="jg-thumb__img"
                        src=src.clone()
                        alt=label.clone()
                        loading="lazy"
                        decoding="async"
                        width="160"
                        height="160"
                        on:error=move |_| {
                            failed.set(true);
                            // The gallery refetches the page once, in case the link was
                            // re-signed; a new link re-renders this tile, and the same
                            // link stays "unavailable".
                            if let Some(broken) = broken {
                                broken.run(());
                            }
                        }
                    />
                </a>
            }
            .into_any(),
        }
    }
}

/// The result strip: the single image, or a story's scenes with "+N" past the first few.
#[component]
pub fn Thumbnails(
    images: Memo<Vec<ResultImage>>,
    now: RwSignal<Millis>,
    /// Opens the viewer on the picture at this index (a plain click; with a modifier the
    /// browser opens the link as usual).
    open: Option<Callback<usize>>,
    /// An image failed to load.
    broken: Option<Callback<()>>,
) -> impl IntoView {
    move || {
        let images = images.get();
        let visible = if images.len() > MAX_TILES {
            MAX_TILES - 1
        } else {
            images.len()
        };
        let hidden = images.len() - visible;
        let tiles = images
            .into_iter()
            .take(visible)
            .enumerate()
            .map(|(index, image)| view! { <Thumbnail image index now open broken/> })
            .collect_view();
        view! {
            <div class="jg-thumbs">
                {tiles}
                {(hidden > 0).then(|| view! {
                    <div class="jg-thumb jg-thumb--more">
                        <span class="jg-thumb__note" aria-hidden="true">{format!("+{hidden}")}</span>
                        <span class="jg-visually-hidden">{Key::more_scenes.count(hidden as u64, &[])}</span>
                    </div>
                })}
            </div>
        }
    }
}
