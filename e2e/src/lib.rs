//! The end-to-end harness: the release build (`dist/`, from `trunk build --release`)
//! served by the companion server on an ephemeral port, driven in headless Chromium
//! through chromedriver, with `E2E_BROWSER=firefox` in headless Firefox ESR through
//! geckodriver (Firefox's console, document-start scripts and viewport go through
//! WebDriver BiDi, since it has no CDP), or with `E2E_BROWSER=webkit` in WebKitGTK's
//! MiniBrowser through WebKitWebDriver on an Xvfb display ([`BrowserKind`]).
//!
//! Each test is wrapped in [`run!`], which names it after its function, and talks to
//! the widget through its page object, [`Gallery`]:
//!
//! ```no_run
//! use jobs_gallery_e2e::run;
//! #[tokio::test]
//! async fn loads() {
//!     run!(|t| async move {
//!         t.gallery().open_loaded("/", 20).await?;
//!         t.assert_no_console_errors().await
//!     })
//!     .await;
//! }
//! ```
//!
//! What it does for every test, one test at a time ([`run_with`] says why): builds the
//! server once per test binary (`cargo build -p jobs-gallery-server`, a no-op when it
//! is fresh), copies `dist/` once per test binary ([`site_dir`]: a rebuild while the
//! suite runs cannot mix two builds, and tests can add pages of their own with
//! [`Test::open_page`]), starts the server with `--port 0 --static <copy>` and reads
//! its port from its first line ([`Options::frozen`] adds `--frozen --start NOW`),
//! starts the WebDriver server once per test binary (again if it died), opens a fresh
//! browser session (own profile), and on failure (an `Err` or a panic) saves
//! `e2e/artifacts/<browser>/<test>.png` and `<test>.log` (browser console and server
//! output) before failing with the test's name. The processes are stopped when the
//! test ends, and even when the test binary is killed: each runs under a small `sh`
//! guard that stops it when our end of its stdin closes.
//!
//! Waiting is always a polled condition with a bound ([`Test::wait_until`] and the
//! helpers built on it), never a sleep, and a whole test is bounded by
//! [`TEST_TIMEOUT`], which only a browser command that never gets its answer reaches.
//!
//! The modules, by concern: `process` (guarded child processes), `server` (the
//! companion server), `site` (the served copy of the build), `driver` (the WebDriver
//! server), `session` (a browser session), `engine` (what differs between Chromium,
//! Firefox and WebKit, one module each), `run` (one test's life), `test` (navigation,
//! scripts, API reads), `downloads` (files the page saves), `console`, `waits`, `input`
//! (keys, focus, Tab), `axe`,
//! `artifacts` (screenshots, logs, notes) and `gallery` (the page object).

mod artifacts;
mod axe;
mod console;
mod downloads;
mod driver;
mod engine;
mod gallery;
mod input;
mod process;
mod run;
mod server;
mod session;
mod site;
mod test;
mod waits;

use std::time::Duration;

pub use fantoccini;
pub use serde_json;

pub use artifacts::artifacts_dir;
pub use console::LogEntry;
pub use engine::{session_folder, BrowserKind, CHROMIUM_ARGS, FIREFOX_ARGS, WEBKIT_ARGS};
pub use gallery::{
    EnglishLeft, Gallery, Locale, Moves, ShownAttribute, ShownWords, Spoil, SpoiledLocale, WayIn,
};
#[doc(hidden)]
pub use run::function_path;
pub use run::{frozen_args, run_with, Options};
pub use server::{Server, OWN_READ};
pub use site::{dist_dir, repo_root, site_dir};
pub use test::Test;

/// `Duration::from_secs`, short for the many bounds in tests.
pub fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

/// The bound on one whole test, far above the slowest (the live tests, under a
/// minute): only a browser command that never gets its answer reaches it.
pub const TEST_TIMEOUT: Duration = Duration::from_secs(300);

/// The default bound for page-level waits (a cold wasm compile on a slow 2-core CI
/// machine is well under this).
pub const PAGE_TIMEOUT: Duration = Duration::from_secs(20);

/// The window every session gets, in CSS pixels of the page.
pub const VIEWPORT: (u32, u32) = (1280, 900);
