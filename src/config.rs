//! What an embedder configures, from the mount element's `data-*` attributes or in Rust.

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
}

impl Default for Config {
    fn default() -> Self {
        Config { api_base: String::new(), api_key: None, page_size: 20, timeout_ms: 15_000, poll: PollIntervals::default() }
    }
}

impl Config {
    /// Builds a config from attribute look-ups (`api-base`, `api-key`, `page-size`,
    /// `timeout-ms`, `poll-active-ms`, `poll-idle-ms`); anything missing or unreadable keeps its default.
    pub fn from_attributes(get: impl Fn(&str) -> Option<String>) -> Self {
        let mut config = Config::default();
        if let Some(base) = get("api-base") {
            config.api_base = base.trim().trim_end_matches('/').to_owned();
        }
        config.api_key = get("api-key").map(|k| k.trim().to_owned()).filter(|k| !k.is_empty());
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
        config
    }

    /// Reads the element's `data-*` attributes and removes `data-api-key`, so the key
    /// does not stay in the DOM for other scripts to read.
    pub fn from_element(element: &web_sys::Element) -> Self {
        let config = Config::from_attributes(|name| element.get_attribute(&format!("data-{name}")));
        let _ = element.remove_attribute("data-api-key");
        config
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string())
    }

    #[test]
    fn defaults_when_nothing_is_set() {
        assert_eq!(Config::from_attributes(attrs(&[])), Config::default());
    }

    #[test]
    fn reads_and_cleans_attributes() {
        let c = Config::from_attributes(attrs(&[("api-base", " https://api.example/ "), ("api-key", " dpct_x "), ("page-size", "500"), ("timeout-ms", "3000")]));
        assert_eq!(c.api_base, "https://api.example");
        assert_eq!(c.api_key.as_deref(), Some("dpct_x"));
        assert_eq!(c.page_size, 100);
        assert_eq!(c.timeout_ms, 3000);
    }

    #[test]
    fn unreadable_values_keep_defaults() {
        let c = Config::from_attributes(attrs(&[("api-key", "  "), ("page-size", "many"), ("timeout-ms", "-1")]));
        assert_eq!(c.api_key, None);
        assert_eq!(c.page_size, 20);
        assert_eq!(c.timeout_ms, 15_000);
    }
}
