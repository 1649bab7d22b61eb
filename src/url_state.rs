//! Opt-in URL sync: `data-url-sync="jobs"` keeps `?jobs.page=3&jobs.size=50` in the
//! page's address, so a reload or a shared link shows the same page, and `?jobs.job=<id>`
//! while a job's dialog is open, so a link reopens that job. Only the widget's own
//! parameters are read or written; every other parameter, their order and the hash stay
//! as the host page had them.

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

/// The job a query string opens under `prefix` (`?jobs.job=<id>`), when its id is one
/// (see `api::client::job_id`).
pub fn read_job(query: &str, prefix: &str) -> Option<String> {
    let key = format!("{prefix}.job");
    query
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix(key.as_str())?.strip_prefix('='))
        .and_then(crate::api::client::job_id)
        .map(str::to_owned)
}

/// The query string with `?{prefix}.job=<id>` set to `job`, or taken out for `None`.
pub fn write_job(query: &str, prefix: &str, job: Option<&str>) -> String {
    let key = format!("{prefix}.job");
    let mut pairs: Vec<&str> = query
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty() && pair.split('=').next() != Some(key.as_str()))
        .collect();
    let set = job.map(|id| format!("{key}={id}"));
    pairs.extend(set.as_deref());
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
    fn a_link_names_one_job_of_its_own_gallery() {
        assert_eq!(
            read_job("?q=1&jobs.job=3f2a-9c&jobs.page=2", "jobs").as_deref(),
            Some("3f2a-9c")
        );
        assert_eq!(read_job("?other.job=3f2a", "jobs"), None);
        assert_eq!(read_job("?jobs.jobx=3f2a", "jobs"), None);
        // An id that could reach into the API's path is no id.
        assert_eq!(read_job("?jobs.job=..%2Fv1", "jobs"), None);
        assert_eq!(read_job("?jobs.job=", "jobs"), None);
    }

    #[test]
    fn a_job_is_set_and_taken_out_without_touching_the_rest() {
        assert_eq!(
            write_job("?q=cats&jobs.page=2", "jobs", Some("ab-1")),
            "?q=cats&jobs.page=2&jobs.job=ab-1"
        );
        assert_eq!(
            write_job("?jobs.job=old&q=cats", "jobs", Some("new")),
            "?q=cats&jobs.job=new"
        );
        assert_eq!(write_job("?jobs.job=ab-1", "jobs", None), "");
        assert_eq!(
            write_job("?left.job=a&jobs.job=b", "jobs", None),
            "?left.job=a"
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
