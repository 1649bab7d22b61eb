//! A card's facts: when the job was created, how long it waited and ran, what it cost
//! and when its result links expire, one a row (the stylesheet); each value updates in
//! place as the clock ticks.

use leptos::prelude::*;

use crate::api::results::money_text;
use crate::api::{Job, Status};
use crate::format::{iso_text, local_text, relative_text};
use crate::time::{duration_text, Millis};
use crate::words::Key;

/// How long the job waited in the queue and how long it ran, as far as it got.
/// A job that is still waiting or running counts up to `now`.
pub fn timings(job: &Job, now: Millis) -> (Option<Millis>, Option<Millis>) {
    let waited = match (job.created_at, job.started_at) {
        (Some(c), Some(s)) => Some(s - c),
        (Some(c), None) if job.status == Status::Pending => Some(now - c),
        _ => None,
    };
    let ran = match (job.started_at, job.completed_at) {
        (Some(s), Some(e)) => Some(e - s),
        (Some(s), None) if job.status == Status::Processing => Some(now - s),
        _ => None,
    };
    (waited, ran)
}

/// When the job's result links stop working: a picture lasts as long as its
/// longest-lived format, and the first picture to go decides.
fn links_expire_at(job: &Job) -> Option<Millis> {
    let result = job.result.as_ref()?;
    result
        .images
        .iter()
        .filter_map(|i| i.links.iter().filter_map(|l| l.expires_at).max())
        .min()
}

/// The facts of `job` in the `status` its card is drawn for (the card draws them anew
/// when the status changes, so the labels "Waiting"/"Queued" and "Running"/"Ran" are
/// plain text).
#[component]
pub fn JobFacts(job: RwSignal<Job>, now: RwSignal<Millis>, status: Status) -> impl IntoView {
    let cost = Memo::new(move |_| {
        job.with(|j| {
            j.result
                .as_ref()
                .and_then(|r| r.cost_eur.as_deref())
                .and_then(money_text)
        })
    });
    let created = Memo::new(move |_| job.with(|j| j.created_at));
    let expires = Memo::new(move |_| job.with(links_expire_at));
    let waited = Memo::new(move |_| job.with(|j| timings(j, now.get()).0));
    let ran = Memo::new(move |_| job.with(|j| timings(j, now.get()).1));
    let has_waited = Memo::new(move |_| waited.get().is_some());
    let has_ran = Memo::new(move |_| ran.get().is_some());
    // A job's model does not change while its card shows one status.
    let model = job.with_untracked(|j| j.model.clone());

    view! {
        <dl class="jg-card__meta">
            <div class="jg-meta">
                <dt>{Key::created.text()}</dt>
                <dd>
                    {move || match created.get() {
                        Some(at) => view! {
                            <time datetime=iso_text(at) title=local_text(at)>{move || relative_text(at, now.get())}</time>
                        }.into_any(),
                        None => view! { <span>{Key::unknown_time.text()}</span> }.into_any(),
                    }}
                </dd>
            </div>
            {move || has_waited.get().then(|| view! {
                <div class="jg-meta">
                    <dt>{if status == Status::Pending { Key::waiting } else { Key::queued }.text()}</dt>
                    <dd>{move || waited.get().map(duration_text).unwrap_or_default()}</dd>
                </div>
            })}
            {move || has_ran.get().then(|| view! {
                <div class="jg-meta">
                    <dt>{if status == Status::Processing { Key::running } else { Key::ran }.text()}</dt>
                    <dd>{move || ran.get().map(duration_text).unwrap_or_default()}</dd>
                </div>
            })}
            {model.map(|m| view! {
                <div class="jg-meta"><dt>{Key::model.text()}</dt><dd>{m}</dd></div>
            })}
            {move || cost.get().map(|c| view! {
                <div class="jg-meta"><dt>{Key::cost.text()}</dt><dd>{c}</dd></div>
            })}
            {move || expires.get().map(|at| view! {
                <div class="jg-meta">
                    <dt>{Key::links.text()}</dt>
                    <dd>
                        <time datetime=iso_text(at) title=local_text(at)>
                            {move || if at <= now.get() { Key::links_expired.text() } else { Key::links_expire.with(&[("when", &relative_text(at, now.get()))]) }}
                        </time>
                    </dd>
                </div>
            })}
        </dl>
    }
}
