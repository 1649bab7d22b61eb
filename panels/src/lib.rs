//! The gallery's panels: what a reader opens with a click, built into a wasm of its own
//! that the loader fetches on the first click, so that an embedding page does not pay on
//! its first load for what only some readers open
//! ([docs/decisions/code-splitting.md](../../docs/decisions/code-splitting.md)).
//!
//! A panel is drawn by the gallery crate's own components (card, banner, viewer) with
//! a Leptos runtime of its own, in an element it adds to the gallery's root, so the
//! `jg-` stylesheet and the DOM contract apply unchanged.

#[cfg(test)]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod away_strip;
mod find_job;
mod found;
mod job_dialog;
mod job_files;
mod notifications;
mod page_saver;
mod page_viewer;
mod save_page;
mod stylesheet;
mod watcher;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use away_strip::{AwayStrip, Returned};
use job_dialog::JobDialog;
use job_files::JobFiles;
use jobs_gallery::url_state::valid_prefix;
use jobs_gallery::{config_from_js, install_panic_hook};
use page_saver::ShownPage;
use page_viewer::{Opened, PageViewer};
use save_page::SavePage;
use watcher::{watch_options, WatchedJobs};

/// A panel and what it was opened with.
enum Panel {
    Viewer(Opened),
    Files(Opened),
    /// The job to open at once: a notification's, else the address's (URL sync).
    Job(Option<String>),
    Zip(ShownPage),
    /// The watches under this key.
    Watch(String),
    Away(Returned),
}

/// An open panel, as the loader holds it: `free()` unmounts it (its request and timers
/// end with its owner) and removes its element.
#[wasm_bindgen]
pub struct PanelHandle {
    mounted: Option<Box<dyn std::any::Any>>,
    container: web_sys::Element,
}

impl Drop for PanelHandle {
    fn drop(&mut self) {
        self.mounted.take();
        self.container.remove();
    }
}

/// `open(kind, root, options)`: opens panel `kind` in the gallery whose root element is
/// `root`. `options` are the gallery's (so that the panel asks the API the gallery
/// asks), with the loader's `save` and `closed` (called once the reader has closed the
/// panel, for the loader to free it) and `arg` (the gallery's, for the kind). The kinds:
///
/// - `"viewer"`, the picture the reader opened in the gallery's viewer: `arg` is
///   [`Opened`]'s.
/// - `"files"`, a card's "Download": the job's pictures in each format; `arg` is as the
///   viewer's, for that one job.
/// - `"job"`, the job's dialog: "Go to job" and the job it finds. `arg`, a job id (a
///   watched job's notification was clicked), opens that job at once; else with URL sync
///   on, a job the address names (`?{prefix}.job=<id>`) does.
/// - `"zip"`, "Download this page": `arg` is the page on screen, `[size, offset, [job
///   ids]]`; `saveZip` is the loader's, which makes the ZIP in the save module.
/// - `"watch"`, the watcher of the gallery's watched jobs ("Notify me"): `arg` is
///   `[key]` or `[key, job id]`, the key of its watches in `localStorage`; `open` is the
///   loader's `panel`, which a notification's click opens the job's dialog with.
/// - `"away"`, "While you were away": `arg` is as the viewer's, for the jobs that
///   finished while the tab was hidden.
#[wasm_bindgen]
pub fn open(
    kind: &str,
    root: web_sys::HtmlElement,
    options: JsValue,
) -> Result<PanelHandle, JsValue> {
    install_panic_hook();
    let get = |key: &str| js_sys::Reflect::get(&options, &key.into()).unwrap_or_default();
    // Before anything is drawn: every text of the panel is looked up in these.
    jobs_gallery::words::set_from_js(&options);
    let panel = match kind {
        "viewer" => Panel::Viewer(
            Opened::from_js(&get("arg"))
                .ok_or_else(|| JsValue::from_str("jobs-gallery: no picture to show"))?,
        ),
        "files" => Panel::Files(
            Opened::from_js(&get("arg"))
                .ok_or_else(|| JsValue::from_str("jobs-gallery: no job to download"))?,
        ),
        "job" => Panel::Job(get("arg").as_string()),
        "zip" => Panel::Zip(ShownPage::from_js(&get("arg"))),
        "watch" => Panel::Watch(
            js_sys::Reflect::get_u32(&get("arg"), 0)
                .ok()
                .and_then(|key| key.as_string())
                .ok_or_else(|| JsValue::from_str("jobs-gallery: no watches to follow"))?,
        ),
        "away" => Panel::Away(
            Returned::from_js(&get("arg"))
                .ok_or_else(|| JsValue::from_str("jobs-gallery: nothing finished while away"))?,
        ),
        _ => return Err(JsValue::from_str("jobs-gallery: no such panel")),
    };
    let document = root
        .owner_document()
        .ok_or_else(|| JsValue::from_str("jobs-gallery: the gallery is not in a document"))?;
    let container = document.create_element("div")?;
    container.set_class_name("jg-panel");
    root.append_child(&container)?;
    let config = config_from_js(&options);
    let save = get("save").dyn_into::<js_sys::Function>().ok();
    let closed = get("closed").dyn_into::<js_sys::Function>().ok();
    let on_closed = Callback::new(move |()| {
        if let Some(closed) = &closed {
            let _ = closed.call0(&JsValue::NULL);
        }
    });
    let save_zip = get("saveZip").dyn_into().ok();
    let url_sync = config.url_sync.clone().filter(|p| valid_prefix(p));
    let open = get("open").dyn_into::<js_sys::Function>().ok();
    let watch = watch_options(&options);
    let gallery_root = root.clone();
    let mounted =
        leptos::mount::mount_to(container.clone().unchecked_into(), move || match panel {
            Panel::Viewer(opened) => {
                view! { <PageViewer opened save url_sync on_closed/> }.into_any()
            }
            Panel::Files(opened) => view! { <JobFiles opened save on_closed/> }.into_any(),
            Panel::Job(id) => view! { <JobDialog config id save on_closed/> }.into_any(),
            Panel::Zip(shown) => view! { <SavePage config shown save_zip on_closed/> }.into_any(),
            Panel::Watch(key) => {
                view! { <WatchedJobs key config watch root=gallery_root open/> }.into_any()
            }
            Panel::Away(returned) => {
                view! { <AwayStrip returned save root=gallery_root on_closed/> }.into_any()
            }
        });
    Ok(PanelHandle {
        mounted: Some(Box::new(mounted)),
        container,
    })
}
