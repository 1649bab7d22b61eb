use leptos::prelude::*;

use crate::find_job::FindJob;
use crate::found::Found;
use jobs_gallery::api::client::job_id;
use jobs_gallery::api::Failure;
use jobs_gallery::components::{unique_id, ErrorBanner, ImageActions, JobCard, Viewer, ViewerAt};
use jobs_gallery::config::Config;
use jobs_gallery::files::{save_with, SaveFile};
use jobs_gallery::format::{copy_with_feedback, short_id};
use jobs_gallery::gallery::host_page::{focused_element, job_link, location_query, replace_query};
use jobs_gallery::gallery::rows::pictures_of;
use jobs_gallery::hooks::{use_clock, use_tab_visibility};
use jobs_gallery::time::Millis;
use jobs_gallery::url_state;
use jobs_gallery::words::PanelKey;

/// "Go to job" and the job it finds, in a modal dialog over the gallery: the job's card
/// (followed while it runs, its pictures opening the viewer), or what went wrong, with
/// the list's banners; a job the API does not know is said so in those words. With URL
/// sync on, the address names the open job (`?{prefix}.job=<id>`) and "Copy link"
/// copies it. Closing gives focus back to what opened it.
#[component]
pub fn JobDialog(
    config: Config,
    /// The job to open at once, which the address need not name.
    id: Option<String>,
    save: Option<js_sys::Function>,
    #[prop(into)] on_closed: Callback<()>,
) -> impl IntoView {
    let found = Found::new(&config);
    let url_sync = config.url_sync.filter(|p| url_state::valid_prefix(p));
    let start = id
        .and_then(|id| job_id(&id).map(str::to_owned))
        .or_else(|| {
            url_sync
                .as_deref()
                .and_then(|prefix| url_state::read_job(&location_query(), prefix))
        });
    use_clock(move || found.tick());
    use_tab_visibility(move |hidden| found.tab_visibility_changed(hidden));
    on_cleanup(move || found.stop());

    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let opener = StoredValue::new_local(None::<web_sys::HtmlElement>);
    Effect::new(move |_| {
        let Some(dialog) = dialog.get() else { return };
        if !dialog.open() {
            opener.set_value(focused_element());
            let _ = dialog.show_modal();
        }
    });
    let sync = url_sync.clone();
    let find = move |id: String| {
        if let Some(prefix) = &sync {
            replace_query(&url_state::write_job(&location_query(), prefix, Some(&id)));
        }
        found.find(id);
    };
    if let Some(id) = start.clone() {
        find(id);
    }
    let sync = url_sync.clone();
    let on_close = move |_| {
        found.stop();
        if let Some(prefix) = &sync {
            replace_query(&url_state::write_job(&location_query(), prefix, None));
        }
        if let Some(el) = opener.get_value() {
            if el.is_connected() {
                let _ = el.focus();
            }
        }
        on_closed.run(());
    };

    let viewer_at = RwSignal::new(None::<ViewerAt>);
    let image_actions = ImageActions {
        open: Some(Callback::new(move |at| viewer_at.set(Some(at)))),
        broken: Some(Callback::new(move |()| found.load())),
        ..ImageActions::default()
    };
    let pictures = move || {
        found
            .job
            .with(|j| j.as_ref().map(|j| j.with(pictures_of)).unwrap_or_default())
    };
    // A job found (by its id, or a link's) opens in the viewer on its first picture when
    // it has one, and closing the viewer shows its card. Only a newly found job does:
    // the job's own updates while it runs open nothing.
    Effect::new(move |_| {
        found.job.track();
        if let Some(first) = untrack(pictures).into_iter().next() {
            viewer_at.set(Some(ViewerAt {
                job_id: first.job_id,
                index: first.index,
            }));
        }
    });
    let saved = RwSignal::new(String::new());
    let save = save.map(|save| Callback::new(move |file: SaveFile| save_with(&save, file, saved)));
    let nothing_stale = Memo::new(|_| None::<Millis>);
    let copied = RwSignal::new(false);
    let viewer_sync = url_sync.clone();
    let title_id = unique_id("jg-job-dialog-title");
    let labelled_by = title_id.clone();

    view! {
        <dialog class="jg-job-dialog" node_ref=dialog aria-labelledby=labelled_by on:close=on_close>
            <header class="jg-viewer__head">
                <h2 class="jg-viewer__title" id=title_id>{PanelKey::job_title.text()}</h2>
                <form method="dialog">
                    <button type="submit" class="jg-button jg-viewer__close" aria-label=PanelKey::job_close.text()>"\u{2715}"</button>
                </form>
            </header>
            <FindJob value=start on_find=find/>
            <div class="jg-job-dialog__found">
                {move || found.failure.get().map(|failure| match failure {
                    Failure::NotFound(_) => {
                        let (before, after) = PanelKey::job_not_found.around("id", &[]);
                        view! {
                            <p class="jg-notice jg-job-dialog__gone" role="alert">
                                {before}
                                <code>{found.id.get_untracked().map(|id| short_id(&id)).unwrap_or_default()}</code>
                                {after}
                            </p>
                        }.into_any()
                    }
                    failure => view! {
                        <ErrorBanner failure stale_since=nothing_stale on_retry=move |()| found.load()/>
                    }.into_any(),
                })}
                {move || (found.loading.get() && found.job.with(Option::is_none)).then(|| view! {
                    <p class="jg-notice" role="status">{PanelKey::job_looking_up.text()}</p>
                })}
                {move || found.job.get().map(|job| {
                    let id = job.with_untracked(|j| j.id.clone());
                    let link = url_sync.as_deref().and_then(|prefix| job_link(prefix, &id));
                    view! {
                        <JobCard job=RwSignal::from(job) now=found.now image_actions/>
                        {link.map(|link| view! {
                            <button type="button" class="jg-button jg-button--quiet jg-job-dialog__link" on:click=move |_| copy_with_feedback(link.clone(), copied)>
                                {move || if copied.get() { PanelKey::job_link_copied } else { PanelKey::job_copy_link }.text()}
                            </button>
                        })}
                    }
                })}
            </div>
            <Viewer items=pictures at=viewer_at now=found.now save saved url_sync=viewer_sync/>
        </dialog>
    }
}
