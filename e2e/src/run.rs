//! Running one test: its name, its server and browser session, the bound on its time,
//! its artifacts on failure, and the lock that runs the suite's tests one at a time.

use std::collections::HashMap;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex};

use anyhow::{anyhow, Context as _, Result};
use futures_util::FutureExt as _;

use crate::artifacts::remove_failure_artifacts;
use crate::process::free_port;
use crate::server::Server;
use crate::session::Session;
use crate::{secs, BrowserKind, Test, TEST_TIMEOUT};

/// Extra settings for [`run_with`] (and [`crate::run!`]).
#[derive(Debug, Default, Clone)]
pub struct Options {
    /// Extra arguments for the companion server (e.g. `--csp`).
    pub server_args: Vec<String>,
    /// The browser starts as it is for a reader whose system prefers dark
    /// (`prefers-color-scheme: dark`). WebKit takes this only at launch (MiniBrowser's
    /// `--dark-mode`), so a test that checks the dark preference asks for it here.
    pub prefers_dark: bool,
    /// The demo's result links point at another origin than the page's: the page is on
    /// `http://127.0.0.1:PORT` and the pictures on `http://localhost:PORT`
    /// (`--public-base`), which sends no CORS headers, as an image host may not.
    pub media_elsewhere: bool,
}

impl Options {
    /// A server whose demo clock stands still at the present second (`--frozen --start
    /// NOW`): the job list does not move while a test compares two reads of it, and no
    /// new live job arrives. (Now rather than a fixed past date: the widget judges link
    /// expiry by the `Date` header, which is wall-clock time, so a start in the past
    /// would show every thumbnail as expired.)
    pub fn frozen() -> Self {
        Options {
            server_args: frozen_args(),
            ..Options::default()
        }
    }

    /// The same, with the pictures on another origin ([`Options::media_elsewhere`]).
    pub fn media_elsewhere(self) -> Self {
        Options {
            media_elsewhere: true,
            ..self
        }
    }

    /// The same, with the browser preferring dark from its start ([`Options::prefers_dark`]).
    pub fn prefers_dark(self) -> Self {
        Options {
            prefers_dark: true,
            ..self
        }
    }
}

/// `--frozen --start NOW`, see [`Options::frozen`].
pub fn frozen_args() -> Vec<String> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    vec!["--frozen".into(), "--start".into(), now.to_string()]
}

/// Runs the test around it with a fresh server and browser session, named after the
/// test function it is called in: `run!(|t| async move { … })`, or with [`Options`]
/// first, `run!(Options::frozen(), |t| async move { … })`. Await it.
#[macro_export]
macro_rules! run {
    ($body:expr $(,)?) => {
        $crate::run_with($crate::test_name!(), $crate::Options::default(), $body)
    };
    ($options:expr, $body:expr $(,)?) => {
        $crate::run_with($crate::test_name!(), $options, $body)
    };
}

/// The path of the function this is written in, after the crate's name
/// (`paging::jump_to_page_by_enter_and_by_go`): taken from the compiler, so it holds
/// however the test is run (libtest names a test's thread after it only when the
/// test gets a thread of its own).
#[macro_export]
macro_rules! test_name {
    () => {{
        fn here() {}
        $crate::function_path(::std::any::type_name_of_val(&here))
    }};
}

/// `crate::module::function` from the type name of a function item declared in it
/// (`crate::module::function::{{closure}}::here`: an `async fn`'s body is a closure).
#[doc(hidden)]
pub fn function_path(here: &'static str) -> &'static str {
    let mut path = here.strip_suffix("::here").unwrap_or(here);
    while let Some(outer) = path.strip_suffix("::{{closure}}") {
        path = outer;
    }
    path.split_once("::").map_or(path, |(_crate, rest)| rest)
}

/// One test at a time in the test binary (the whole suite: cargo runs test binaries
/// one after another), however many threads libtest is given:
/// the machine this runs on has two cores, and two browsers at once push the slower
/// waits past their bounds; geckodriver holds one session at a time; MiniBrowser's
/// windows share one X display without a window manager, so two sessions would take
/// keyboard focus from each other; and WebKit's init scripts are one file of the
/// served copy ([`crate::Test::add_init_script`]). So plain `cargo test` is safe, and
/// `--test-threads=1` only keeps the output in order.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Runs one end-to-end test named `name` (a test's path, as [`crate::run!`] gives it;
/// its last part names the artifacts) with a fresh server and browser session, and on
/// failure (an `Err` or a panic) saves `e2e/artifacts/<browser>/<test>.png` and
/// `<test>.log` before failing with the test's name.
pub async fn run_with<F, Fut>(name: &str, options: Options, body: F)
where
    F: FnOnce(Test) -> Fut,
    Fut: Future<Output = Result<()>>,
{
    let _turn = ONE_AT_A_TIME.lock().await;
    let short = artifact_name(name).unwrap_or_else(|e| panic!("e2e `{name}`: {e:#}"));
    remove_failure_artifacts(short);
    let fail_to_start = |e: anyhow::Error| -> ! { panic!("e2e `{name}`: {e:#}") };
    BrowserKind::chosen()
        .start_test()
        .unwrap_or_else(|e| fail_to_start(e));
    let mut server_args = options.server_args.clone();
    let port = if options.media_elsewhere {
        let port = free_port().unwrap_or_else(|e| fail_to_start(e));
        server_args.extend(["--public-base".into(), format!("http://localhost:{port}")]);
        port
    } else {
        0
    };
    let server_args: Vec<&str> = server_args.iter().map(String::as_str).collect();
    let server =
        Arc::new(Server::start_on(port, &server_args).unwrap_or_else(|e| fail_to_start(e)));
    let session = Session::open(short, options.prefers_dark)
        .await
        .unwrap_or_else(|e| fail_to_start(e));
    let test = Test {
        client: session.client.clone(),
        base: server.base_url(),
        name: short.into(),
        console: Arc::default(),
        server: server.clone(),
        engine: session.engine.clone(),
    };
    let body = {
        let test = test.clone();
        let prefers_dark = options.prefers_dark;
        async move {
            if prefers_dark {
                // Chromium and Firefox switch on demand; WebKit was started dark.
                test.emulate_color_scheme("dark")
                    .await
                    .context("starting with prefers-color-scheme: dark")?;
            }
            body(test).await
        }
    };

    // Every wait in a test is bounded, but a WebDriver command is not: a browser that
    // dies mid-command can leave its driver silent for good (seen once with WebKit).
    let outcome = tokio::time::timeout(TEST_TIMEOUT, AssertUnwindSafe(body).catch_unwind()).await;
    let failure = match outcome {
        Err(_) => Some(format!(
            "did not finish within {} s: a browser command got no answer (did the browser die? see the driver's log)",
            TEST_TIMEOUT.as_secs()
        )),
        Ok(Ok(Ok(()))) => None,
        Ok(Ok(Err(e))) => Some(format!("{e:#}")),
        Ok(Err(panic)) => Some(
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "panic".into()),
        ),
    };

    if let Some(failure) = failure {
        let artifacts = tokio::time::timeout(secs(60), test.save_failure_artifacts())
            .await
            .unwrap_or_else(|_| "no artifacts: the browser did not answer within 60 s".into());
        let _ = tokio::time::timeout(secs(10), session.close()).await;
        drop(test);
        server.stop();
        panic!("e2e test `{name}` failed: {failure}\n{artifacts}");
    }
    let _ = tokio::time::timeout(secs(10), session.close()).await;
}

/// The last part of test path `name`, which names its artifacts; fails when another
/// test of this binary had the same last part, since their artifacts would overwrite
/// each other's.
fn artifact_name(name: &str) -> Result<&str> {
    static SEEN: Mutex<Option<HashMap<String, String>>> = Mutex::new(None);
    let short = name.rsplit("::").next().unwrap_or(name);
    let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    let owner = seen
        .get_or_insert_with(HashMap::new)
        .entry(short.to_owned())
        .or_insert_with(|| name.to_owned());
    if owner != name {
        return Err(anyhow!(
            "`{owner}` has the same function name: rename one, their artifacts (`{short}.png`, `{short}.log`) would overwrite each other's"
        ));
    }
    Ok(short)
}

#[cfg(test)]
mod tests {
    use super::function_path;

    #[test]
    fn names_a_test_after_its_function() {
        fn here() {}
        assert_eq!(
            function_path(std::any::type_name_of_val(&here)),
            "run::tests::names_a_test_after_its_function"
        );
        let in_a_closure = || {
            fn here() {}
            function_path(std::any::type_name_of_val(&here))
        };
        assert_eq!(
            in_a_closure(),
            "run::tests::names_a_test_after_its_function"
        );
        assert_eq!(
            function_path("e2e::paging::jump::{{closure}}::{{closure}}::here"),
            "paging::jump"
        );
    }
}
