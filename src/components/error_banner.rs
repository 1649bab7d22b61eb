use leptos::prelude::*;

use super::expandable_text::ExpandableText;
use crate::api::Failure;
use crate::format::{clock_text, copy_with_feedback};
use crate::hooks::{use_countdown, UseCountdown};
use crate::time::Millis;
use crate::words::Key;

/// One banner per failure kind: what happened, what to do, what the server said and
/// the request id to quote. A failure with `Retry-After` counts down and retries once
/// by itself.
#[component]
pub fn ErrorBanner(
    failure: Failure,
    /// When the jobs still on screen were loaded, if any are.
    stale_since: Memo<Option<Millis>>,
    #[prop(into)] on_retry: Callback<()>,
) -> impl IntoView {
    let UseCountdown { remaining } =
        use_countdown(failure.retry_after_s().map(i64::from), on_retry);

    let copied = RwSignal::new(false);
    let report = failure.report();
    let copy = move |_| copy_with_feedback(report.clone(), copied);
    let code = failure.body().and_then(|b| b.code.clone());
    let details = failure.body().and_then(|b| b.details.clone());
    let request_id = failure.request_id().map(str::to_owned);
    let message = failure.server_message().map(str::to_owned);

    view! {
        <div class=format!("jg-banner jg-banner--{}", failure.kind()) role="alert" data-error-kind=failure.kind()>
            <span class="jg-banner__icon" aria-hidden="true">"!"</span>
            <div class="jg-banner__body">
                <p class="jg-banner__title">{failure.title()}</p>
                <p class="jg-banner__advice">{failure.advice()}</p>
                {message.map(|m| view! { <p class="jg-banner__message">{Key::service_said.text()} <q><ExpandableText text=m/></q></p> })}
                {details.map(|d| view! {
                    <details class="jg-banner__details">
                        <summary>{Key::details.text()}</summary>
                        <pre>{d}</pre>
                    </details>
                })}
                {move || stale_since.get().map(|at| view! {
                    <p class="jg-banner__stale">{Key::stale_since.with(&[("time", &clock_text(at))])}</p>
                })}
                {move || remaining.get().map(|n| view! {
                    <p class="jg-banner__countdown" data-retry-in=n.to_string()>{Key::retrying_in.count(n as u64, &[])}</p>
                })}
                <p class="jg-banner__meta">
                    {code.map(|c| view! { <span>{Key::code.text()} <code>{c}</code></span> })}
                    {request_id.map(|id| view! { <span class="jg-banner__request">{Key::request_id.text()} <code data-request-id=id.clone()>{id.clone()}</code></span> })}
                    <button type="button" class="jg-button jg-button--quiet" on:click=copy>
                        {move || if copied.get() { Key::copied } else { Key::copy_details }.text()}
                    </button>
                </p>
            </div>
            {failure.is_retryable().then(|| view! {
                <button type="button" class="jg-button jg-button--primary jg-banner__retry" on:click=move |_| on_retry.run(())>
                    {move || if remaining.get().is_some() { Key::retry_now } else { Key::retry }.text()}
                </button>
            })}
        </div>
    }
}
