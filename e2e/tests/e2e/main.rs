//! The end-to-end suite, one test binary: one module per area of the widget. Every
//! test is a `#[tokio::test]` wrapped in `jobs_gallery_e2e::run!`, which names it
//! after its function (and its artifacts after that) and runs it alone (the harness
//! holds a lock per test), so plain `cargo test -p jobs-gallery-e2e` is safe. The one
//! plain `#[test]`, `lifecycle::loading::importing_the_loader_in_node_does_nothing`,
//! runs the build's loader in Node instead of a browser.

mod accessibility;
mod downloads;
mod embedding;
mod failures;
mod find;
mod hostile;
mod keyboard;
mod layout;
mod lifecycle;
mod live;
mod paging;
mod plumbing;
mod save_page;
mod screenshots;
mod secrets;
mod smoke;
mod translations;
mod watch;
