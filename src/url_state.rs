//! Opt-in URL sync: `data-url-sync="jobs"` keeps `?jobs.page=3&jobs.size=50` in the
//! page's address, so a reload or a shared link shows the same page. Only the widget's
//! own two parameters are read or written; every other parameter, their order and the
//! hash stay as the host page had them.

/// The page and size a query string asks for under `prefix`, when present and valid.
pub fn read(query: &str, prefix: &str) -> (Option<u64>, Option<u32>) {
    let (page_key, size_key) = (format!("{prefix}.page"), format!("{prefix}.size"));
    let mut page = None;
    let mut size = None;
    for pair in query.trim_start_matches('?').split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        if key == page_key {
            page = value.parse::<u64>().ok().filter(|p| *p >= 1);
        } else if key == size_key {
            size = value
                .parse::<u32>()
                .ok()
                .filter(|s| (1..=crate::paging::MAX_PAGE_SIZE).contains(s));
        }
    }
    (page, size)
}

/// The query string with the widget's parameters set (page 1 and the default size are
/// left out, so an untouched gallery adds nothing to the address).
pub fn write(query: &str, prefix: &str, page: u64, size: u32, default_size: u32) -> String {
    let (page_key, size_key) = (format!("{prefix}.page"), format!("{prefix}.size"));
    let mut pairs: Vec<String> = query
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter(|pair| {
            let key = pair.split_once('=').map_or(*pair, |(k, _)| k);
            key != page_key && key != size_key
        })
        .map(str::to_owned)
        .collect();
    if page > 1 {
        pairs.push(format!("{page_key}={page}"));
    }
    if size != default_size {
        pairs.push(format!("{size_key}={size}"));
    }
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

/// A prefix must be a plain name, so that it cannot collide with or inject into
/// other parameters.
pub fn valid_prefix(prefix: &str) -> bool {
    !prefix.is_empty()
        && prefix.len() <= 32
        && prefix
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_only_its_own_valid_parameters() {
        assert_eq!(
            read("?jobs.page=3&jobs.size=50", "jobs"),
            (Some(3), Some(50))
        );
        assert_eq!(read("?other.page=3&jobs.size=500", "jobs"), (None, None));
        assert_eq!(read("?jobs.page=0&jobs.size=x", "jobs"), (None, None));
        assert_eq!(read("", "jobs"), (None, None));
    }

    #[test]
    fn writes_without_touching_the_rest() {
        assert_eq!(
            write("?q=cats&jobs.page=2&tab=1", "jobs", 3, 50, 20),
            "?q=cats&tab=1&jobs.page=3&jobs.size=50"
        );
        assert_eq!(write("?jobs.page=2", "jobs", 1, 20, 20), "");
        assert_eq!(write("", "jobs", 4, 20, 20), "?jobs.page=4");
        assert_eq!(
            write("?a=1&a=2&flag", "jobs", 1, 10, 20),
            "?a=1&a=2&flag&jobs.size=10"
        );
        // Two galleries on one page keep out of each other's way.
        assert_eq!(
            write("?left.page=2", "right", 5, 20, 20),
            "?left.page=2&right.page=5"
        );
    }

    #[test]
    fn prefixes_are_plain_names() {
        assert!(valid_prefix("jobs"));
        assert!(valid_prefix("my_jobs-2"));
        assert!(!valid_prefix(""));
        assert!(!valid_prefix("a&b"));
        assert!(!valid_prefix("a=b"));
    }
}
