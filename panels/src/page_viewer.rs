use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use jobs_gallery::api::{decode_page, Job, Page};
use jobs_gallery::components::{Viewer, ViewerAt, ViewerItem};
use jobs_gallery::files::{save_with, SaveFile};
use jobs_gallery::gallery::rows::pictures_on_page;
use jobs_gallery::hooks::use_clock;
use jobs_gallery::paging::MAX_PAGE_SIZE;
use jobs_gallery::time::Millis;

fn client_now() -> Millis {
    js_sys::Date::now() as Millis
}

/// Item `i` of an array the gallery handed over (undefined when there is none).
pub fn item(of: &JsValue, i: u32) -> JsValue {
    js_sys::Reflect::get_u32(of, i).unwrap_or_default()
}

/// The page in a hand-over `[body, [job ids], …]`, decoded as the gallery decodes it.
pub fn page_of(arg: &JsValue) -> Option<Page> {
    decode_page(&item(arg, 0).as_string()?, MAX_PAGE_SIZE).ok()
}

/// The jobs of `page` that the hand-over names, in its order (a job the page lacks is
/// left out).
pub fn jobs_of<'a>(arg: &JsValue, page: &'a Page) -> Option<Vec<&'a Job>> {
    let ids = item(arg, 1).dyn_into::<js_sys::Array>().ok()?;
    Some(
        ids.iter()
            .filter_map(|id| id.as_string())
            .filter_map(|id| page.jobs.iter().find(|job| job.id == id))
            .collect(),
    )
}

/// The page the gallery shows and the picture the reader opened, as the gallery hands
/// them over: `[body, [job ids], [job id, picture index, server now]]`, where `body` is
/// the answer its cards are from. Read with the gallery's own decoding, so the viewer
/// shows what the cards show.
pub struct Opened {
    pictures: Vec<ViewerItem>,
    at: ViewerAt,
    /// Server clock minus this client's.
    skew: Millis,
}

impl Opened {
    /// The pictures, the job the reader opened, and the server's clock skew.
    pub fn into_parts(self) -> (Vec<ViewerItem>, String, Millis) {
        (self.pictures, self.at.job_id, self.skew)
    }

    pub fn from_js(arg: &JsValue) -> Option<Self> {
        let page = page_of(arg)?;
        let open = item(arg, 2);
        Some(Opened {
            pictures: pictures_on_page(jobs_of(arg, &page)?),
            at: ViewerAt {
                job_id: item(&open, 0).as_string()?,
                index: item(&open, 1).as_f64()? as usize,
            },
            skew: item(&open, 2).as_f64()? as Millis - client_now(),
        })
    }
}

/// The gallery's viewer, opened on a picture of the page: the same `Viewer` as
/// everywhere, walking the page's pictures as they were when it opened, on the server's
/// clock. Closing it (Esc, its button) ends the panel.
#[component]
pub fn PageViewer(
    opened: Opened,
    save: Option<js_sys::Function>,
    /// URL sync's prefix, for "Copy link to this job".
    url_sync: Option<String>,
    #[prop(into)] on_closed: Callback<()>,
) -> impl IntoView {
    let Opened { pictures, at, skew } = opened;
    let now = RwSignal::new(client_now() + skew);
    use_clock(move || now.set(client_now() + skew));
    let at = RwSignal::new(Some(at));
    let pictures = StoredValue::new(pictures);
    let saved = RwSignal::new(String::new());
    let save = save.map(|save| Callback::new(move |file: SaveFile| save_with(&save, file, saved)));
    Effect::new(move |was_open: Option<bool>| {
        let open = at.with(Option::is_some);
        if was_open == Some(true) && !open {
            on_closed.run(());
        }
        open
    });
    fixed_viewer(pictures, at, now, save, saved, url_sync)
}

/// The viewer over pictures as they were handed over: one copy of the generic `Viewer`
/// for every panel that shows such a list (the page's, "While you were away").
pub fn fixed_viewer(
    pictures: StoredValue<Vec<ViewerItem>>,
    at: RwSignal<Option<ViewerAt>>,
    now: RwSignal<Millis>,
    save: Option<Callback<SaveFile>>,
    saved: RwSignal<String>,
    url_sync: Option<String>,
) -> impl IntoView {
    view! { <Viewer items=move || pictures.get_value() at now save saved url_sync/> }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    const BODY: &str = r#"{"generations":[
        {"job_id":"a-1","status":"completed","result":{"scenes":[
            {"images":{"png":"https://img.example/a1.png"}},{"images":{"png":"https://img.example/a2.png"}}]}},
        {"job_id":"b-2","status":"completed","result":{"scenes":[{"images":{"png":"https://img.example/b1.png"}}]}},
        {"job_id":"c-3","status":"completed","result":{"scenes":[{"images":{"png":"https://img.example/c1.png"}}]}}],
        "total":3}"#;

    fn arg(ids: &[&str], at: (&str, u32), now: f64) -> JsValue {
        let ids: js_sys::Array = ids.iter().map(|id| JsValue::from_str(id)).collect();
        let at = js_sys::Array::of3(&at.0.into(), &at.1.into(), &now.into());
        js_sys::Array::of3(&BODY.into(), &ids, &at).into()
    }

    /// The viewer walks the pictures of the jobs on screen, in their order, not the
    /// body's; a job the body lacks, or one not on screen, has none.
    #[wasm_bindgen_test]
    fn the_viewer_reads_the_page_on_screen_from_the_galleries_body() {
        let now = js_sys::Date::now() + 60_000.0;
        let opened = Opened::from_js(&arg(&["b-2", "gone-9", "a-1"], ("a-1", 1), now)).unwrap();
        let shown: Vec<(String, usize)> = opened
            .pictures
            .iter()
            .map(|p| (p.job_id.clone(), p.index))
            .collect();
        let expected = [("b-2", 0), ("a-1", 0), ("a-1", 1)].map(|(id, i)| (id.to_owned(), i));
        assert_eq!(shown, expected);
        assert_eq!(
            opened.at,
            ViewerAt {
                job_id: "a-1".into(),
                index: 1
            }
        );
        assert!((opened.skew - 60_000).abs() < 5_000, "skew {}", opened.skew);
    }

    #[wasm_bindgen_test]
    fn what_is_not_the_galleries_argument_opens_nothing() {
        assert!(Opened::from_js(&JsValue::UNDEFINED).is_none());
        assert!(Opened::from_js(&JsValue::from_str("[1, 2]")).is_none());
        let no_picture = js_sys::Array::of3(&BODY.into(), &js_sys::Array::new(), &JsValue::NULL);
        assert!(Opened::from_js(&no_picture).is_none());
        let not_json = js_sys::Array::of3(&"<html>".into(), &js_sys::Array::new(), &JsValue::NULL);
        assert!(Opened::from_js(&not_json).is_none());
    }
}
