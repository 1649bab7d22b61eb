//! "Download this page": the page asked for again (for links signed now, not an hour
//! ago), its pictures chosen and named by `jobs_gallery::files`, and the ZIP made by the
//! save module beside the loader, with progress and a cancel. The page is the one the
//! reader sees: its jobs by id, in its order, whatever arrived since.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortController;

use jobs_gallery::api::client::{fetch_job, fetch_page, job_id, jobs_url, Endpoint};
use jobs_gallery::api::{Failure, Job};
use jobs_gallery::files::{files_of, zip_name, PageFiles, PageSaved};
use jobs_gallery::format::iso_text;
use jobs_gallery::time::{clock_skew, Millis};

/// The page on screen, as the gallery hands it over: `[size, offset, [job ids]]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShownPage {
    pub size: u32,
    pub offset: u64,
    pub ids: Vec<String>,
}

impl ShownPage {
    pub fn from_js(arg: &JsValue) -> Self {
        let at = |i: u32| js_sys::Reflect::get_u32(arg, i).unwrap_or_default();
        // Checked, not `Array::from`, which throws on what is no array.
        let ids = at(2)
            .dyn_into::<js_sys::Array>()
            .map(|ids| {
                ids.iter()
                    .filter_map(|id| id.as_string())
                    .filter(|id| job_id(id) == Some(id.as_str()))
                    .collect()
            })
            .unwrap_or_default();
        ShownPage {
            size: at(0).as_f64().map_or(20, |n| n as u32).clamp(1, 100),
            offset: at(1).as_f64().map_or(0, |n| n.max(0.0) as u64),
            ids,
        }
    }

    /// 1-based, for the ZIP's name.
    pub fn number(&self) -> u64 {
        self.offset / u64::from(self.size) + 1
    }
}

/// Where a "Download this page" is.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// Asking for the page's jobs again.
    Reading,
    /// `(done, total)` pictures fetched into the ZIP.
    Saving(u32, u32),
    /// The page could not be read: the list's banner says why.
    Failed(Failure),
    Done(PageSaved),
}

#[derive(Clone, Copy)]
pub struct PageSaver {
    pub step: RwSignal<Step>,
    abort: StoredValue<Option<AbortController>, LocalStorage>,
}

fn client_now() -> Millis {
    js_sys::Date::now() as Millis
}

/// The jobs with `ids`, in that order: from the page when it still holds them, else by
/// id. A job the API no longer has is left out; any other failure ends the read.
async fn jobs_shown(
    endpoint: &Endpoint,
    shown: &ShownPage,
    abort: &AbortController,
) -> Result<(Vec<Job>, Millis), Failure> {
    let url = jobs_url(&endpoint.api_base, shown.size, shown.offset);
    let fetched = fetch_page(endpoint, &url, shown.size, abort, None).await?;
    let mut skew = fetched.server_time.map(|at| at - client_now());
    let mut page = fetched.page.jobs;
    let mut jobs = Vec::with_capacity(shown.ids.len());
    for id in &shown.ids {
        if let Some(i) = page.iter().position(|j| &j.id == id) {
            jobs.push(page.swap_remove(i));
            continue;
        }
        match fetch_job(endpoint, id, abort).await {
            Ok((job, server_time)) => {
                if let Some(at) = server_time {
                    skew = Some(clock_skew(skew, at - client_now()));
                }
                jobs.push(job);
            }
            Err(Failure::NotFound(_)) => {}
            Err(other) => return Err(other),
        }
    }
    Ok((jobs, client_now() + skew.unwrap_or(0)))
}

impl PageSaver {
    pub fn new() -> Self {
        PageSaver {
            step: RwSignal::new(Step::Reading),
            abort: StoredValue::new_local(None),
        }
    }

    /// Reads the page again and saves its pictures through `save_zip` (the loader's
    /// `saveZip(entries, name, progress, signal)`).
    pub fn start(self, endpoint: Endpoint, shown: ShownPage, save_zip: Option<js_sys::Function>) {
        let Ok(abort) = AbortController::new() else {
            return;
        };
        self.abort.set_value(Some(abort.clone()));
        self.step.set(Step::Reading);
        spawn_local(async move {
            let (jobs, now) = match jobs_shown(&endpoint, &shown, &abort).await {
                Ok(found) => found,
                Err(failure) => return self.finish(Step::Failed(failure)),
            };
            let day = |at: Millis| iso_text(at).get(..10).unwrap_or("day").to_owned();
            let files = files_of(&jobs, now, day);
            let name = zip_name(&day(now), shown.number());
            let saved = self.zip(files, name, save_zip, &abort).await;
            self.abort.try_set_value(None);
            self.finish(Step::Done(saved));
        });
    }

    /// Ends with `step`, unless the reader cancelled first: that is what they are told.
    fn finish(self, step: Step) {
        self.step.try_update(|now| {
            if *now != Step::Done(PageSaved::Cancelled) {
                *now = step;
            }
        });
    }

    async fn zip(
        self,
        files: PageFiles,
        name: String,
        save_zip: Option<js_sys::Function>,
        abort: &AbortController,
    ) -> PageSaved {
        let PageFiles {
            files,
            expired,
            unusable,
        } = files;
        let total = files.len() as u32;
        let (Some(save_zip), true) = (save_zip, total > 0) else {
            return if total == 0 {
                PageSaved::Nothing {
                    expired,
                    unusable,
                    unavailable: 0,
                }
            } else {
                PageSaved::Failed
            };
        };
        self.finish(Step::Saving(0, total));
        let entries: js_sys::Array = files
            .iter()
            .map(|f| {
                let entry = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&entry, &"url".into(), &f.url.as_str().into());
                let _ = js_sys::Reflect::set(&entry, &"name".into(), &f.name.as_str().into());
                JsValue::from(entry)
            })
            .collect();
        let progress = Closure::<dyn FnMut(u32, u32)>::new(move |done, total| {
            self.finish(Step::Saving(done, total));
        });
        let args = js_sys::Array::of4(
            &entries,
            &name.as_str().into(),
            progress.as_ref(),
            &abort.signal(),
        );
        let answer = match save_zip.apply(&JsValue::NULL, &args) {
            Ok(p) => JsFuture::from(js_sys::Promise::from(p)).await.ok(),
            Err(_) => None,
        };
        drop(progress);
        let Some(answer) = answer.filter(|a| a.is_object()) else {
            return PageSaved::Failed;
        };
        let get = |key: &str| js_sys::Reflect::get(&answer, &key.into()).unwrap_or_default();
        if get("cancelled").is_truthy() {
            return PageSaved::Cancelled;
        }
        let unavailable = get("failed")
            .dyn_ref::<js_sys::Array>()
            .map_or(0, js_sys::Array::length);
        match get("saved").as_f64().map_or(0, |n| n as u32) {
            0 => PageSaved::Nothing {
                expired,
                unusable,
                unavailable,
            },
            saved => PageSaved::Zipped {
                name,
                saved,
                expired,
                unusable,
                unavailable,
            },
        }
    }

    /// Ends the read or the ZIP under way, if any: nothing is saved.
    pub fn cancel(self) {
        if let Some(abort) = self.abort.try_update_value(Option::take).flatten() {
            self.step.try_set(Step::Done(PageSaved::Cancelled));
            abort.abort();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn shown(size: JsValue, offset: JsValue, ids: &[&str]) -> ShownPage {
        let ids: js_sys::Array = ids.iter().map(|id| JsValue::from_str(id)).collect();
        ShownPage::from_js(&js_sys::Array::of3(&size, &offset, &ids))
    }

    /// The page as the gallery hands it over; only ids that are ids are asked for.
    #[wasm_bindgen_test]
    fn the_page_on_screen_is_read_from_the_galleries_argument() {
        let page = shown(50.into(), 100.into(), &["a-1", "#3", "../v1", "b_2"]);
        assert_eq!(
            page,
            ShownPage {
                size: 50,
                offset: 100,
                ids: vec!["a-1".into(), "b_2".into()]
            }
        );
        assert_eq!(page.number(), 3);
    }

    #[wasm_bindgen_test]
    fn sizes_and_offsets_out_of_range_are_brought_back_in() {
        let page = shown(500.into(), (-5).into(), &[]);
        assert_eq!((page.size, page.offset, page.number()), (100, 0, 1));
        let page = ShownPage::from_js(&JsValue::UNDEFINED);
        assert_eq!((page.size, page.offset, page.ids.len()), (20, 0, 0));
    }
}
