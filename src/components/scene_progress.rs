use leptos::prelude::*;

use crate::api::SceneProgress;

/// Up to this many scenes the bar is drawn as one segment per scene.
const MAX_SEGMENTS: u32 = 12;

#[component]
pub fn SceneProgressBar(#[prop(into)] progress: Signal<SceneProgress>) -> impl IntoView {
    let text = move || {
        let p = progress.get();
        if p.total == 1 {
            format!("{} of 1 scene", p.completed)
        } else {
            format!("{} of {} scenes", p.completed, p.total)
        }
    };
    // The segments depend on the total only, so a newly completed scene flips one
    // class instead of redrawing the bar.
    let total = Memo::new(move |_| progress.get().total);
    let segments = move || {
        let total = total.get();
        (total <= MAX_SEGMENTS).then(|| (0..total).collect::<Vec<_>>())
    };
    view! {
        <div class="jg-progress">
            <div
                class="jg-progress__bar"
                role="progressbar"
                aria-label="Scenes completed"
                aria-valuemin="0"
                aria-valuemax=move || progress.get().total.to_string()
                aria-valuenow=move || progress.get().completed.to_string()
                aria-valuetext=text
            >
                {move || match segments() {
                    Some(segments) => {
                        view! {
                            <div class="jg-progress__segments">
                                {segments
                                    .into_iter()
                                    .map(|i| {
                                        view! {
                                            <span class=move || {
                                                if progress.get().completed > i {
                                                    "jg-progress__segment jg-progress__segment--done"
                                                } else {
                                                    "jg-progress__segment"
                                                }
                                            }></span>
                                        }
                                    })
                                    .collect_view()}
                            </div>
                        }
                            .into_any()
                    }
                    None => {
                        view! {
                            <div class="jg-progress__track">
                                <div class="jg-progress__fill" style:width=move || format!("{}%", progress.get().percent())></div>
                            </div>
                        }
                            .into_any()
                    }
                }}
            </div>
            <span class="jg-progress__text">{text}</span>
        </div>
    }
}
