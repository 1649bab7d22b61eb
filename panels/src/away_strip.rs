use leptos::prelude::*;

use super::viewer::ViewerAt;
use crate::format::short_id;

/// What finished while the reader was away: the words, and up to three finished jobs'
/// first thumbnails as `(job id, link)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Away {
    pub text: String,
    pub pictures: Vec<(String, String)>,
}

/// "While you were away: 3 completed, 1 failed", over the top of the cards so that
/// nothing under the reader moves, until dismissed. Its thumbnails open the viewer.
#[component]
pub fn AwayStrip(
    away: Away,
    /// Opens the viewer (none without the panels: the strip then shows only words).
    open: Option<Callback<ViewerAt>>,
    #[prop(into)] on_dismiss: Callback<()>,
) -> impl IntoView {
    let pictures = open.map(|open| {
        away.pictures
            .into_iter()
            .map(|(job_id, url)| {
                let alt = format!("Open the picture of job {}", short_id(&job_id));
                view! {
                    <li>
                        <button type="button" class="jg-away__thumb" on:click=move |_| open.run(ViewerAt { job_id: job_id.clone(), index: 0 })>
                            <img src=url alt=alt width="48" height="48" decoding="async"/>
                        </button>
                    </li>
                }
            })
            .collect_view()
    });
    view! {
        // The outer box takes no room and sticks to the top; the strip hangs from it.
        <div class="jg-away" role="group" aria-label="While you were away">
            <div class="jg-away__box">
                <p class="jg-away__text">{away.text}</p>
                {pictures.map(|p| view! { <ul class="jg-away__pictures">{p}</ul> })}
                <button type="button" class="jg-button jg-button--quiet jg-away__dismiss" on:click=move |_| on_dismiss.run(())>"Dismiss"</button>
            </div>
        </div>
    }
}
