//! What an embedder configures: the options of `mount()`, which the loader also builds
//! from `<jobs-gallery>`'s attributes and a drop-in element's `data-*` ones, or in Rust.

use crate::paging::clamp_page_size;
use crate::polling::PollIntervals;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// API base URL without `/v1`; empty (the default) means the page's own origin,
    /// which is how the companion server's proxy is meant to be used.
    pub api_base: String,
    /// A `dpct_…` key. Only for demos and trusted pages: see the README's Security section.
    pub api_key: Option<String>,
    /// Jobs per page, 1–100 (default 20).
    pub page_size: u32,
    /// How long a request may take before it ends in the timeout banner (default 15 s).
    pub timeout_ms: u32,
    /// Refresh intervals while jobs run and while none does (defaults 2 s and 30 s).
    pub poll: PollIntervals,
    /// Opt-in: keep the page and size in the address as `?{prefix}.page=…&{prefix}.size=…`.
    pub url_sync: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            api_base: String::new(),
            api_key: None,
            page_size: 20,
            timeout_ms: 15_000,
            poll: PollIntervals::default(),
            url_sync: None,
        }
    }
}

impl Config {
    /// Builds a config from attribute look-ups (`api-base`, `api-key`, `page-size`,
    /// `timeout-ms`, `poll-active-ms`, `poll-idle-ms`, `url-sync`); anything missing or unreadable keeps its default.
    /// A `dyn` look-up: both callers share one compiled copy of the parsing.
    pub fn from_attributes(get: &dyn Fn(&str) -> Option<String>) -> Self {
        let mut config = Config::default();
        if let Some(base) = get("api-base") {
            config.api_base = base.trim().trim_end_matches('/').to_owned();
        }
        config.api_key = get("api-key")
            .map(|k| k.trim().to_owned())
            .filter(|k| !k.is_empty());
        if let Some(size) = get("page-size").and_then(|s| s.trim().parse::<i64>().ok()) {
            config.page_size = clamp_page_size(size);
        }
        if let Some(ms) = get("timeout-ms").and_then(|s| s.trim().parse::<u32>().ok()) {
            config.timeout_ms = ms.clamp(1000, 120_000);
        }
        if let Some(ms) = get("poll-active-ms").and_then(|s| s.trim().parse::<u32>().ok()) {
            config.poll.active_ms = ms.clamp(500, 600_000);
        }
        if let Some(ms) = get("poll-idle-ms").and_then(|s| s.trim().parse::<u32>().ok()) {
            config.poll.idle_ms = ms.clamp(1000, 3_600_000);
        }
        config.url_sync = get("url-sync")
            .map(|p| p.trim().to_owned())
            .filter(|p| crate::url_state::valid_prefix(p));
        config
    }

    /// Reads the options object of the JavaScript `mount(element, options)`: the same
    /// settings in camelCase (`apiBase`, `apiKey`, `pageSize`, `timeoutMs`,
    /// `pollActiveMs`, `pollIdleMs`, `urlSync`), as strings or numbers.
    pub fn from_js(options: &wasm_bindgen::JsValue) -> Self {
        Config::from_attributes(&|name| {
            let key = camel_case(name);
            let value =
                js_sys::Reflect::get(options, &wasm_bindgen::JsValue::from_str(&key)).ok()?;
            value.as_string().or_else(|| {
                value
                    .as_f64()
                    .filter(|n| n.is_finite())
                    .map(|n| (n as i64).to_string())
            })
        })
    }
}

/// `api-base` → `apiBase`.
fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '-' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn defaults_when_nothing_is_set() {
        assert_eq!(Config::from_attributes(&attrs(&[])), Config::default());
    }

    #[test]
    fn reads_and_cleans_attributes() {
        let c = Config::from_attributes(&attrs(&[
            ("api-base", " https://api.example/ "),
            ("api-key", " dpct_x "),
            ("page-size", "500"),
            ("timeout-ms", "3000"),
        ]));
        assert_eq!(c.api_base, "https://api.example");
        assert_eq!(c.api_key.as_deref(), Some("dpct_x"));
        assert_eq!(c.page_size, 100);
        assert_eq!(c.timeout_ms, 3000);
    }

    #[test]
    fn options_use_camel_case() {
        assert_eq!(camel_case("api-base"), "apiBase");
        assert_eq!(camel_case("poll-active-ms"), "pollActiveMs");
    }

    #[test]
    fn url_sync_takes_only_plain_prefixes() {
        assert_eq!(
            Config::from_attributes(&attrs(&[("url-sync", "jobs")]))
                .url_sync
                .as_deref(),
            Some("jobs")
        );
        assert_eq!(
            Config::from_attributes(&attrs(&[("url-sync", "a&b=c")])).url_sync,
            None
        );
    }

    #[test]
    fn unreadable_values_keep_defaults() {
        let c = Config::from_attributes(&attrs(&[
            ("api-key", "  "),
            ("page-size", "many"),
            ("timeout-ms", "-1"),
        ]));
        assert_eq!(c.api_key, None);
        assert_eq!(c.page_size, 20);
        assert_eq!(c.timeout_ms, 15_000);
    }
}
