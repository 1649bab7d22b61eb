//! One visible thing per file.
//!
//! Props take the signal types the gallery holds (`Memo`, `RwSignal`), not
//! `Signal<T>`, which dispatches over every kind of signal it may wrap, built once per
//! value type (size/concrete-signals; tests build an `RwSignal` or a `Memo`).
//!
//! For the same reason a reactive attribute gives an `Option<&str>` or an
//! `Option<String>` (`Some(…)`, `.then_some("")` for a boolean attribute such as
//! `disabled`) and reactive text is a `String` (`.to_owned()` on a fixed word,
//! `.unwrap_or_default()` on an optional one): size/few-value-types in docs/size.md.

pub mod error_banner;
pub mod expandable_text;
pub mod job_card;
pub mod job_facts;
pub mod pager;
pub mod scene_progress;
pub mod status_badge;
pub mod thumbnails;
pub mod viewer;
pub mod watch_button;

pub use error_banner::ErrorBanner;
pub use expandable_text::ExpandableText;
pub use job_card::JobCard;
pub use job_facts::JobFacts;
pub use pager::Pager;
pub use scene_progress::SceneProgressBar;
pub use status_badge::StatusBadge;
pub use thumbnails::{ImageActions, Thumbnails};
pub use viewer::{Viewer, ViewerAt, ViewerItem};
pub use watch_button::{WatchActions, WatchButton};

/// An id no other element on the page has, for `aria-labelledby`/`aria-describedby`
/// inside a component: two galleries on one page must never point at each other's text.
pub fn unique_id(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    format!("{prefix}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}
