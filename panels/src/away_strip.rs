use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::page_viewer::{fixed_viewer, item, jobs_of, page_of};
use jobs_gallery::api::Status;
use jobs_gallery::components::{ViewerAt, ViewerItem};
use jobs_gallery::files::{save_with, SaveFile};
use jobs_gallery::format::short_id;
use jobs_gallery::gallery::rows::{first_thumbnail, pictures_on_page};
use jobs_gallery::gallery::watches::away_text;
use jobs_gallery::time::Millis;
use jobs_gallery::words::PanelKey;

/// What finished while the reader was away, as the gallery hands it over: `[body, [job
/// ids], [job id, 0, server now]]` (the viewer's form), the ids being the jobs on screen
/// that were running when the tab was hidden and have finished since.
pub struct Returned {
    text: String,
    /// Up to three finished jobs' first thumbnails, `(job id, link)`.
    firsts: Vec<(String, String)>,
    pictures: Vec<ViewerItem>,
    /// The server's clock when the gallery handed it over.
    now: Millis,
}

impl Returned {
    pub fn from_js(arg: &JsValue) -> Option<Self> {
        let page = page_of(arg)?;
        let now = item(&item(arg, 2), 2).as_f64()? as Millis;
        let jobs = jobs_of(arg, &page)?;
        let count = |status| jobs.iter().filter(|j| j.status == status).count();
        let text = away_text(count(Status::Completed), count(Status::Failed))?;
        let firsts = jobs
            .iter()
            .filter_map(|j| first_thumbnail(j, now).map(|url| (j.id.clone(), url.to_owned())))
            .take(3)
            .collect();
        Some(Returned {
            text,
            firsts,
            pictures: pictures_on_page(jobs),
            now,
        })
    }
}

/// "While you were away: 3 completed, 1 failed", at the foot of the gallery's view until
/// dismissed (the gallery says it in its live region); its thumbnails open the viewer on
/// those jobs' pictures.
#[component]
pub fn AwayStrip(
    returned: Returned,
    save: Option<js_sys::Function>,
    /// The gallery's root: focus goes to its toolbar when the strip goes with it.
    root: web_sys::HtmlElement,
    #[prop(into)] on_closed: Callback<()>,
) -> impl IntoView {
    let Returned {
        text,
        firsts,
        pictures,
        now,
    } = returned;
    let strip = NodeRef::<leptos::html::Div>::new();
    let dismiss = move |_| {
        let had_focus = strip.get_untracked().is_some_and(|strip| {
            let focused = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.active_element());
            focused.is_some_and(|f| strip.contains(Some(&f)))
        });
        if had_focus {
            let first = root.query_selector(".jg-toolbar button").ok().flatten();
            if let Some(button) = first.and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = button.focus();
            }
        }
        on_closed.run(());
    };
    let at = RwSignal::new(None::<ViewerAt>);
    let now = RwSignal::new(now);
    let pictures = StoredValue::new(pictures);
    let saved = RwSignal::new(String::new());
    let save = save.map(|save| Callback::new(move |file: SaveFile| save_with(&save, file, saved)));
    let thumbs = firsts
        .into_iter()
        .map(|(job_id, url)| {
            let alt = PanelKey::away_open.with(&[("id", &short_id(&job_id))]);
            view! {
                <li>
                    <button type="button" class="jg-away__thumb" on:click=move |_| at.set(Some(ViewerAt { job_id: job_id.clone(), index: 0 }))>
                        <img src=url alt=alt width="48" height="48" decoding="async"/>
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="jg-away" role="group" aria-label=PanelKey::away_label.text() node_ref=strip>
            <p class="jg-away__text">{text}</p>
            <ul class="jg-away__pictures">{thumbs}</ul>
            <button type="button" class="jg-button jg-button--quiet jg-away__dismiss" on:click=dismiss>{PanelKey::away_dismiss.text()}</button>
        </div>
        {fixed_viewer(pictures, at, now, save, saved, None)}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    const BODY: &str = r#"{"generations":[
        {"job_id":"a-1","status":"completed","result":{"scenes":[
            {"images":{"png":"https://img.example/a1.png"}},{"images":{"png":"https://img.example/a2.png"}}]}},
        {"job_id":"b-2","status":"failed","error":{"code":"internal_error","message":"x"}},
        {"job_id":"c-3","status":"completed","result":{"scenes":[{"images":{"png":"https://img.example/c1.png"}}]}},
        {"job_id":"d-4","status":"processing"}],
        "total":4}"#;

    fn arg(ids: &[&str]) -> JsValue {
        let ids: js_sys::Array = ids.iter().map(|id| JsValue::from_str(id)).collect();
        let at = js_sys::Array::of3(&"a-1".into(), &0.into(), &js_sys::Date::now().into());
        js_sys::Array::of3(&BODY.into(), &ids, &at).into()
    }

    /// The strip counts what the gallery handed over, shows the first picture of each
    /// completed job, and its viewer walks those jobs' pictures.
    #[wasm_bindgen_test]
    fn the_strip_says_what_finished_and_shows_its_pictures() {
        let returned = Returned::from_js(&arg(&["c-3", "b-2", "a-1", "gone-9"])).unwrap();
        assert_eq!(returned.text, "While you were away: 2 completed, 1 failed");
        let firsts: Vec<&str> = returned.firsts.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(firsts, ["c-3", "a-1"]);
        assert_eq!(returned.firsts[1].1, "https://img.example/a1.png");
        assert_eq!(returned.pictures.len(), 3);
    }

    #[wasm_bindgen_test]
    fn nothing_finished_or_no_argument_shows_no_strip() {
        assert!(Returned::from_js(&arg(&["d-4"])).is_none());
        assert!(Returned::from_js(&JsValue::UNDEFINED).is_none());
    }
}
