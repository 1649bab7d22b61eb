use leptos::either::EitherOf5;
use leptos::prelude::*;

use super::expandable_text::ExpandableText;
use super::job_facts::JobFacts;
use super::scene_progress::SceneProgressBar;
use super::status_badge::StatusBadge;
use super::thumbnails::{ImageActions, Thumbnails};
use super::viewer::ViewerAt;
use super::watch_button::WatchButton;
use crate::api::{Job, Status};
use crate::format::{copy_with_feedback, short_id};
use crate::time::{duration_text, estimate_left, Millis};
use crate::words::Key;

/// What two lines of the narrowest card (`--jg-card-min`, 16rem) surely hold: a longer
/// prompt may be clamped, so it gets a button to show it whole. (On a wider card the
/// button may show what is already whole; a clamped prompt never goes without one.)
const PROMPT_LINES_CHARS: usize = 40;

#[component]
pub fn JobCard(
    #[prop(into)] job: RwSignal<Job>,
    #[prop(into)] now: RwSignal<Millis>,
    /// What its thumbnails may ask of the gallery (none by default).
    #[prop(optional)]
    image_actions: ImageActions,
) -> impl IntoView {
    // A card shows one job: the gallery keys its cards by job id (a job without one by
    // its place), so the id under a card never changes and is read once. Every part
    // that shows it is plain markup, not a reactive binding.
    let id = job.with_untracked(|j| j.id.clone());
    let status = Memo::new(move |_| job.with(|j| j.status));
    let raw_status = Memo::new(move |_| job.with(|j| j.status_text.clone()));
    let progress = Memo::new(move |_| job.with(|j| j.scenes));
    let images = Memo::new(move |_| {
        job.with(|j| {
            j.result
                .as_ref()
                .map(|r| r.images.clone())
                .unwrap_or_default()
        })
    });
    let error = Memo::new(move |_| job.with(|j| j.error.clone()));
    let kind = Memo::new(move |_| job.with(|j| j.kind.clone()));
    let prompt = Memo::new(move |_| job.with(|j| j.prompt.clone()));
    let prompt_open = RwSignal::new(false);
    // Sections appear and disappear on these, while their text updates in place, so a
    // ticking clock or a new scene never rebuilds the card's elements.
    // A finished single image reports "1 of 1 scene": only noise. Stories and running
    // jobs show their bar.
    let has_progress = Memo::new(move |_| {
        progress
            .get()
            .is_some_and(|p| p.total > 1 || status.get().is_active())
    });
    let left = Memo::new(move |_| {
        job.with(|j| match (j.status, j.started_at, j.scenes) {
            (Status::Processing, Some(started), Some(p)) => {
                estimate_left(started, now.get(), p.completed, p.total)
            }
            _ => None,
        })
    });
    let has_left = Memo::new(move |_| left.get().is_some());
    let copied = RwSignal::new(false);

    // A job without an id cannot be found again, so its pictures open as plain links.
    let open_image = image_actions.open.filter(|_| !id.is_empty()).map(|open| {
        let id = id.clone();
        Callback::new(move |index| {
            open.run(ViewerAt {
                job_id: id.clone(),
                index,
            })
        })
    });
    let copy_id = {
        let id = id.clone();
        move |_| copy_with_feedback(id.clone(), copied)
    };
    // "Copy link" and "Download" need an id, as the viewer does.
    let link_copied = RwSignal::new(false);
    let copy_link = image_actions
        .copy_link
        .filter(|_| !id.is_empty())
        .map(|copy| {
            let id = id.clone();
            move |_| copy.run((id.clone(), link_copied))
        });
    let files = image_actions.files.filter(|_| !id.is_empty()).map(|files| {
        let id = id.clone();
        Callback::new(move |()| files.run(id.clone()))
    });
    let watch = image_actions.watch.filter(|_| !id.is_empty());
    // Outside the body rebuilt on every status, so that focus on it survives a pending
    // job starting.
    let active = Memo::new(move |_| status.get().is_active());
    // The hidden rest of a card's button names, which tells cards apart (WCAG 2.5.3).
    let whose = move || job.with_untracked(|j| Key::whose.with(&[("id", &j.id)]));
    // Per card, not per job: two galleries on one page may show the same job.
    let title_id = super::unique_id("jg-job");
    let labelled_by = title_id.clone();

    view! {
        // A status change swaps the card's header and body whole (each status is its own
        // branch of an `EitherOf5`, and a new branch replaces the old one; not a `For`
        // keyed by the status: size/branch-per-status):
        // a handful of DOM records instead of one or two per section that appears or
        // changes, while within one status everything updates in place. The title with
        // its copy button comes first and stays, so focus on it survives; the stylesheet
        // puts the header above it.
        <article class="jg-card" data-job-id=id.clone() data-status=move || Some(status.get().as_str()) aria-labelledby=labelled_by>
            <h3 class="jg-card__title" id=title_id>
                <span class="jg-visually-hidden">{Key::job.text()}" "</span>
                <code class="jg-card__id" title=id.clone()>
                    {if id.is_empty() { Key::no_id.text() } else { short_id(&id) }}
                </code>
                <button
                    type="button"
                    class="jg-button jg-button--quiet jg-card__copy"
                    on:click=copy_id
                    disabled=id.is_empty()
                >
                    // The name starts with the visible words, so speech input ("click Copy
                    // id") finds it; the hidden rest tells cards apart (WCAG 2.5.3).
                    {move || if copied.get() { Key::copied } else { Key::copy_id }.text()}
                    <span class="jg-visually-hidden">{whose()}</span>
                </button>
                {copy_link.map(|copy_link| view! {
                    <button type="button" class="jg-button jg-button--quiet jg-card__link" on:click=copy_link>
                        {move || if link_copied.get() { Key::link_copied } else { Key::copy_link }.text()}
                        <span class="jg-visually-hidden">{whose()}</span>
                    </button>
                })}
            </h3>
            {move || {
                // The body is built anew for each status, so inside it the status is fixed.
                let shown_status = status.get();
                let body = move || view! {
                    <div class="jg-card__body">
                        <header class="jg-card__head">
                            <StatusBadge status=shown_status raw=raw_status/>
                            {move || kind.get().map(|k| view! { <span class="jg-card__kind">{k}</span> })}
                        </header>
                        {move || prompt.get().map(|p| {
                            // About two lines of a card: past that the stylesheet clamps
                            // the text and the button shows it whole.
                            let long = crate::api::model::first_chars(&p, PROMPT_LINES_CHARS).is_some();
                            view! {
                                <p class="jg-card__prompt" class:jg-card__prompt--open=move || prompt_open.get()>{p}</p>
                                {long.then(|| view! {
                                    <button type="button" class="jg-button jg-button--quiet jg-more" aria-expanded=move || Some(if prompt_open.get() { "true" } else { "false" }) on:click=move |_| prompt_open.update(|o| *o = !*o)>
                                        {move || if prompt_open.get() { Key::show_less } else { Key::show_prompt }.text()}
                                        <span class="jg-visually-hidden">{whose()}</span>
                                    </button>
                                })}
                            }
                        })}
                        {move || has_progress.get().then(|| view! { <SceneProgressBar progress/> })}
                        {move || has_left.get().then(|| view! {
                            <p class="jg-card__eta">{move || left.get().map(|ms| Key::time_left.with(&[("time", &duration_text(ms))])).unwrap_or_default()}</p>
                        })}
                        {move || (!images.get().is_empty()).then(|| view! {
                            <Thumbnails images=images now=now open=open_image broken=image_actions.broken/>
                            {files.map(|files| view! {
                                <button type="button" class="jg-button jg-button--quiet jg-card__save" aria-haspopup="dialog" on:click=move |_| files.run(())>
                                    {Key::download.text()}
                                    <span class="jg-visually-hidden">{whose()}</span>
                                </button>
                            })}
                        })}
                        {move || error.get().map(|e| {
                            let hint = e.hint();
                            view! {
                                <div class="jg-card__error">
                                    {(!e.code.is_empty()).then(|| view! { <code class="jg-card__error-code">{e.code.clone()}</code> })}
                                    {(!e.message.is_empty()).then(|| view! { <p class="jg-card__error-message"><ExpandableText text=e.message.clone()/></p> })}
                                    {hint.map(|h| view! { <p class="jg-card__error-hint">{h}</p> })}
                                </div>
                            }
                        })}
                        <JobFacts job now status=shown_status/>
                    </div>
                }.into_any();
                // Only the status rebuilds the body; what it reads while being built is
                // not a reason to rebuild it.
                match shown_status {
                    Status::Pending => EitherOf5::A(untrack(body)),
                    Status::Processing => EitherOf5::B(untrack(body)),
                    Status::Completed => EitherOf5::C(untrack(body)),
                    Status::Failed => EitherOf5::D(untrack(body)),
                    Status::Unknown => EitherOf5::E(untrack(body)),
                }
            }}
            {move || watch.filter(|_| active.get()).map(|actions| view! {
                <WatchButton id=job.with_untracked(|j| j.id.clone()) actions whose=whose()/>
            })}
        </article>
    }
}
