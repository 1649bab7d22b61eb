//! Any bytes as a 200 body: `decode_page` gives a page that keeps its invariants or a
//! typed error, never a panic (overflow checks are on: scripts/fuzz.sh builds with
//! debug assertions).
//!
//! The whole input is the body (read as the browser would, lossy UTF-8), so the seed
//! corpus is plain JSON; the page size asked for is the first byte mod 101 (0..=100).

#![no_main]

use std::collections::HashSet;

use jobs_gallery::api::model::{MAX_SCENES, MAX_TEXT};
use jobs_gallery::api::{decode_page, Link};
use libfuzzer_sys::fuzz_target;

fn bounded(text: &str) {
    assert!(
        text.chars().count() <= MAX_TEXT + 1,
        "a text of {} chars",
        text.chars().count()
    );
}

fn safe(link: &Link) {
    if let Link::Safe(url) = link {
        let lower = url.to_ascii_lowercase();
        let ok = lower.starts_with("https://")
            || lower.starts_with("http://")
            || (url.starts_with('/') && !url.starts_with("//"));
        assert!(ok, "unsafe link accepted: {url:?}");
    }
}

fuzz_target!(|data: &[u8]| {
    let limit = data.first().map_or(20, |b| u32::from(*b % 101));
    let body = String::from_utf8_lossy(data);
    let Ok(page) = decode_page(&body, limit) else {
        return;
    };
    assert!(page.jobs.len() <= limit as usize);
    // A page with jobs never reports fewer than it holds; an empty page past the end of a
    // list that shrank keeps the server's total (decode_page explains why).
    assert!(page.jobs.is_empty() || page.total >= page.offset + page.jobs.len() as u64);
    let mut ids = HashSet::new();
    for job in &page.jobs {
        assert!(
            job.id.is_empty() || ids.insert(job.id.as_str()),
            "duplicate id {:?}",
            job.id
        );
        if let Some(s) = job.scenes {
            assert!(
                s.completed <= s.total && s.total > 0 && s.total <= MAX_SCENES,
                "{s:?}"
            );
        }
        for text in [&job.id, &job.status_text]
            .into_iter()
            .chain(job.kind.as_ref())
        {
            bounded(text);
        }
        if let Some(error) = &job.error {
            bounded(&error.code);
            bounded(&error.message);
        }
        if let Some(result) = &job.result {
            for image in &result.images {
                image.prompt.as_deref().map(bounded);
                image.links.iter().for_each(|l| safe(&l.link));
            }
            for character in &result.characters {
                bounded(&character.name);
                character.reference.iter().for_each(|l| safe(&l.link));
            }
        }
    }
});
