use leptos::prelude::*;

use crate::api::SceneProgress;
use crate::words::Key;

/// Up to this many scenes the bar is drawn as one segment per scene.
const MAX_SEGMENTS: u32 = 12;

/// The fill's width in hundredths of a percent, so that it ends exactly on a segment's
/// edge: "40.00%", "33.33%".
fn fill_width(p: SceneProgress) -> String {
    let hundredths = u64::from(p.completed.min(p.total)) * 10_000 / u64::from(p.total.max(1));
    format!("{}.{:02}%", hundredths / 100, hundredths % 100)
}

/// The bar for a job's scenes; shown while `progress` is known (an empty one-scene bar
/// otherwise).
#[component]
pub fn SceneProgressBar(progress: Memo<Option<SceneProgress>>) -> impl IntoView {
    let progress = move || {
        progress.get().unwrap_or(SceneProgress {
            completed: 0,
            total: 1,
        })
    };
    let text = move || {
        let p = progress();
        Key::scenes_done.count(u64::from(p.total), &[("done", &p.completed.to_string())])
    };
    // The stylesheet cuts the track into `--_jg-scenes` segments, so a completed scene
    // only widens the fill: one style change, no element per scene (and no per-scene
    // view code in the wasm: size/css-draws-repeats).
    let total = move || progress().total;
    view! {
        <div class="jg-progress">
            <div
                class="jg-progress__track"
                class:jg-progress__track--segmented=move || total() <= MAX_SEGMENTS
                // Through CSSOM, as `style:width` is: a style attribute would be refused
                // by a page's strict Content-Security-Policy (style-src 'self').
                style=("--_jg-scenes", move || total().to_string())
                role="progressbar"
                aria-label=Key::scenes_completed.text()
                aria-valuemin="0"
                aria-valuemax=move || Some(total().to_string())
                aria-valuenow=move || Some(progress().completed.to_string())
                aria-valuetext=move || Some(text())
            >
                <div class="jg-progress__fill" style:width=move || fill_width(progress())></div>
            </div>
            <span class="jg-progress__text">{text}</span>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::fill_width;
    use crate::api::SceneProgress;

    #[test]
    fn the_fill_ends_on_a_segment_edge() {
        assert_eq!(
            fill_width(SceneProgress {
                completed: 2,
                total: 5
            }),
            "40.00%"
        );
        assert_eq!(
            fill_width(SceneProgress {
                completed: 1,
                total: 3
            }),
            "33.33%"
        );
        assert_eq!(
            fill_width(SceneProgress {
                completed: 30,
                total: 40
            }),
            "75.00%"
        );
        assert_eq!(
            fill_width(SceneProgress {
                completed: 0,
                total: 0
            }),
            "0.00%"
        );
        assert_eq!(
            fill_width(SceneProgress {
                completed: 7,
                total: 5
            }),
            "100.00%"
        );
    }
}
