//! A gallery of image-generation jobs, for Leptos apps and for any web page.
//!
//! Leptos apps render [`JobsGallery`] with a [`Config`] (or a signal of one); pages
//! without Rust load `jobs-gallery-loader.js`, which defines `<jobs-gallery>`, starts
//! every `data-jobs-gallery` element and exports `mount(element, options)`.
//!
//! ```no_run
//! use jobs_gallery::{Config, JobsGallery};
//! use leptos::prelude::*;
//!
//! #[component]
//! fn App() -> impl IntoView {
//!     // Same origin: the companion server's proxy adds the key, so the page holds none.
//!     let config = Config { api_base: "/api".into(), page_size: 50, ..Config::default() };
//!     view! {
//!         <h1>"My generations"</h1>
//!         <JobsGallery config/>
//!     }
//! }
//!
//! fn main() {
//!     leptos::mount::mount_to_body(App);
//! }
//! ```

pub mod api;
pub mod components;
pub mod config;
pub mod files;
pub mod format;
pub mod gallery;
pub mod hooks;
pub mod paging;
pub mod polling;
pub mod time;
pub mod url_state;
pub mod words;

pub use config::Config;
pub use gallery::JobsGallery;

#[cfg(feature = "mount")]
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// The standalone page's scenario switch: `?scenario=429` points the gallery at the
/// companion server's `/scenario/429`. Only names of letters, digits and dashes count.
pub fn scenario_base(api_base: &str, query: &str) -> Option<String> {
    let name = query
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("scenario="))?;
    let valid = !name.is_empty()
        && name.len() <= 40
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    valid.then(|| format!("{api_base}/scenario/{name}"))
}

/// After a panic the reactive system cannot be trusted, so the notice is written with
/// plain DOM calls into every gallery on the page: people see "reload", not a frozen
/// gallery, and the panic text still goes to the console.
pub fn show_crash_notice() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(roots) = document.query_selector_all(".jobs-gallery") else {
        return;
    };
    for i in 0..roots.length() {
        let Some(root) = roots
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        if root.query_selector(".jg-crashed").ok().flatten().is_some() {
            continue;
        }
        let _ = root.set_attribute("aria-busy", "false");
        if let Ok(notice) = document.create_element("p") {
            notice.set_class_name("jg-crashed");
            let _ = notice.set_attribute("role", "alert");
            notice.set_text_content(Some(&words::Key::crashed.text()));
            let _ = root.prepend_with_node_1(&notice);
        }
    }
}

/// Logs panics to the console and tells the user; installed once by every entry point.
pub fn install_panic_hook() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            console_error_panic_hook::hook(info);
            show_crash_notice();
        }));
    });
}

/// A mounted gallery, as JavaScript sees it: `unmount()` stops its polling, aborts its
/// request and removes its listeners and elements; `refresh()` asks for the page now;
/// `setOptions(options)` reconfigures it live.
#[cfg(feature = "mount")]
#[wasm_bindgen]
pub struct GalleryHandle {
    mounted: Option<Box<dyn std::any::Any>>,
    refresh: ArcTrigger,
    config: ArcRwSignal<Config>,
}

#[cfg(feature = "mount")]
#[wasm_bindgen]
impl GalleryHandle {
    pub fn unmount(&mut self) {
        // Dropping Leptos's unmount handle disposes the gallery's owner, which runs every
        // `on_cleanup`: the poll timer, the clock, the visibility listener, the request.
        self.mounted.take();
    }

    pub fn refresh(&self) {
        self.refresh.notify();
    }

    /// Takes the whole options object (the loader merges the changed ones into it).
    #[wasm_bindgen(js_name = setOptions)]
    pub fn set_options(&self, options: JsValue) {
        self.config.set(config_from_js(&options));
    }
}

/// The options of `mount(element, options)`, and the standalone page's scenario switch
/// (`scenarioSwitch`, from its `data-scenario-switch`). The panels' wasm reads the same
/// options with it, so a panel asks the API the gallery asks.
pub fn config_from_js(options: &JsValue) -> Config {
    let mut config = Config::from_js(options);
    if js_sys::Reflect::has(options, &JsValue::from_str("scenarioSwitch")).unwrap_or(false) {
        let query = web_sys::window()
            .and_then(|w| w.location().search().ok())
            .unwrap_or_default();
        if let Some(base) = scenario_base(&config.api_base, &query) {
            config.api_base = base;
        }
    }
    config
}

/// `mount(element, options)`, which the loader calls for `<jobs-gallery>`, for
/// `[data-jobs-gallery]` elements and for JavaScript embedders; see `Config::from_js`.
#[cfg(feature = "mount")]
#[wasm_bindgen(js_name = mount)]
pub fn mount_js(element: web_sys::HtmlElement, options: JsValue) -> GalleryHandle {
    install_panic_hook();
    let refresh = ArcTrigger::new();
    let first = config_from_js(&options);
    let config = ArcRwSignal::new(first.clone());
    let (trigger, updates) = (refresh.clone(), config.read_only());
    let prefetched = js_sys::Reflect::get(&options, &"prefetch".into())
        .ok()
        .and_then(|p| api::client::Prefetched::from_js(&p));
    let panel = js_sys::Reflect::get(&options, &"panel".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    words::set_from_js(&options);
    let handle = leptos::mount::mount_to(element, move || {
        view! { <JobsGallery config=first refresh=trigger updates prefetched panel/> }
    });
    GalleryHandle {
        mounted: Some(Box::new(handle)),
        refresh,
        config,
    }
}

#[cfg(test)]
mod tests {
    use super::scenario_base;

    #[test]
    fn scenario_switch_accepts_only_plain_names() {
        assert_eq!(
            scenario_base("", "?scenario=429").as_deref(),
            Some("/scenario/429")
        );
        assert_eq!(
            scenario_base("http://x", "?a=1&scenario=html-502").as_deref(),
            Some("http://x/scenario/html-502")
        );
        assert_eq!(scenario_base("", "?scenario=../v1"), None);
        assert_eq!(scenario_base("", "?scenario="), None);
        assert_eq!(scenario_base("", ""), None);
    }
}
