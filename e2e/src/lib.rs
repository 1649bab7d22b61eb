//! The end-to-end harness: the release build (`dist/`, from `trunk build --release`)
//! served by the companion server on an ephemeral port, driven in headless Chromium
//! through chromedriver.
//!
//! Each test is wrapped in [`run`] (or [`run_with`]):
//!
//! ```no_run
//! use jobs_gallery_e2e::{run, secs};
//! #[tokio::test]
//! async fn loads() {
//!     run("loads", |t| async move {
//!         t.open("/").await?;
//!         t.wait_count("article[data-job-id]", 20, secs(20)).await?;
//!         t.assert_no_console_errors().await
//!     })
//!     .await;
//! }
//! ```
//!
//! What it does for every test: builds the server once per test binary
//! (`cargo build -p jobs-gallery-server`, a no-op when it is fresh), starts it with
//! `--port 0 --static dist` and reads its port from its first line, starts chromedriver
//! once per test binary, opens a fresh Chromium session (own `--user-data-dir`), and on
//! failure (an `Err` or a panic) saves `e2e/artifacts/<test>.png` and `<test>.log`
//! (browser console and server output) before failing with the test's name. The
//! processes are stopped when the test ends, and even when the test binary is killed:
//! each runs under a small `sh` guard that stops it when our end of its stdin closes.
//!
//! Waiting is always a polled condition with a bound ([`Test::wait_until`] and the
//! helpers built on it), never a sleep.

use std::future::Future;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context as _, Result};
use fantoccini::elements::Element;
use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use futures_util::FutureExt as _;
use serde_json::{json, Value};

pub use fantoccini;
pub use serde_json;

/// `Duration::from_secs`, short for the many bounds in tests.
pub fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

/// The default bound for page-level waits (a cold wasm compile on a slow 2-core CI
/// machine is well under this).
pub const PAGE_TIMEOUT: Duration = Duration::from_secs(20);

// ---------------------------------------------------------------------------------
// Paths

/// The repository root (the workspace root, one level above this crate).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("e2e crate has a parent folder")
        .to_path_buf()
}

/// `e2e/artifacts/`: screenshots and logs a person (or CI) can look at. Git-ignored.
pub fn artifacts_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts");
    std::fs::create_dir_all(&dir).expect("create e2e/artifacts");
    dir
}

/// The release build the tests run against; fails clearly when it was not built.
pub fn dist_dir() -> Result<PathBuf> {
    let dist = std::env::var_os("E2E_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("dist"));
    if !dist.join("index.html").is_file() {
        bail!(
            "{} is missing: build the page first with `trunk build --release` \
             (scripts/test.sh does this before the e2e suite)",
            dist.join("index.html").display()
        );
    }
    Ok(dist)
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|p| if p.is_absolute() { p } else { repo_root().join(p) })
        .unwrap_or_else(|| repo_root().join("target"))
}

/// The companion server binary, built once per test binary so it is never stale.
/// `E2E_SERVER_BIN` overrides it (then nothing is built).
fn server_bin() -> Result<PathBuf> {
    static BIN: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(bin) = std::env::var_os("E2E_SERVER_BIN") {
            return Ok(PathBuf::from(bin));
        }
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(&cargo)
            .args(["build", "--quiet", "-p", "jobs-gallery-server"])
            .current_dir(repo_root())
            .stdin(Stdio::null())
            .status()
            .map_err(|e| format!("running `{cargo} build -p jobs-gallery-server`: {e}"))?;
        if !status.success() {
            return Err(format!("`cargo build -p jobs-gallery-server` failed ({status})"));
        }
        let bin = target_dir().join("debug").join("jobs-gallery-server");
        if bin.is_file() {
            Ok(bin)
        } else {
            Err(format!("{} not found after building it", bin.display()))
        }
    })
    .clone()
    .map_err(|e| anyhow!(e))
}

// ---------------------------------------------------------------------------------
// Child processes

/// A child process run under `sh` so that it is stopped when this handle is dropped,
/// and also when the test binary dies without dropping it (the guard's stdin closes).
struct Guarded {
    child: Child,
    stdin: Option<ChildStdin>,
}

impl Guarded {
    /// Starts `program args…` with its stdout piped (when `pipe_stdout`) or discarded,
    /// and its stderr sent to `stderr`. `stop_signal` (`TERM`, `KILL`) is what stops it.
    fn spawn(program: &Path, args: &[String], pipe_stdout: bool, stderr: Stdio, stop_signal: &str) -> Result<Self> {
        // `read` returns when our end of the pipe closes (drop or death of the test
        // binary); then the program is stopped and waited for.
        const GUARD: &str = r#"sig=$1; shift
"$@" </dev/null & pid=$!
trap 'kill -s $sig $pid 2>/dev/null; exit 1' INT TERM HUP
read _ignored
kill -s $sig $pid 2>/dev/null
wait $pid 2>/dev/null
exit 0"#;
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(GUARD)
            .arg("sh")
            .arg(stop_signal)
            .arg(program)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(if pipe_stdout { Stdio::piped() } else { Stdio::null() })
            .stderr(stderr)
            .spawn()
            .with_context(|| format!("starting {}", program.display()))?;
        let stdin = child.stdin.take();
        Ok(Self { child, stdin })
    }

    fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Guarded {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}

fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("binding a free port")?;
    Ok(listener.local_addr()?.port())
}

/// A minimal blocking HTTP/1.1 exchange with chromedriver on loopback, for the moments
/// no async runtime can be relied on (readiness checks, clean-up in `Drop`).
/// Returns (status, body). (chromedriver ignores HTTP/1.0 and keeps the connection
/// open after answering, so the body is read by its Content-Length.)
fn http_sync(port: u16, method: &str, path: &str, body: Option<&str>) -> std::io::Result<(u16, String)> {
    let stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(secs(10)))?;
    stream.set_write_timeout(Some(secs(10)))?;
    let body = body.unwrap_or("");
    (&stream).write_all(
        format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .as_bytes(),
    )?;
    let mut reader = BufReader::new(&stream);
    let mut status_line = String::new();
    reader.read_line(&mut status_line)?;
    let status = status_line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut buf = vec![0; length];
    reader.read_exact(&mut buf)?;
    Ok((status, String::from_utf8_lossy(&buf).into_owned()))
}

// ---------------------------------------------------------------------------------
// The companion server

/// One companion server on an ephemeral port, serving `dist/`.
pub struct Server {
    _proc: Guarded,
    port: u16,
    log: Arc<Mutex<String>>,
}

impl Server {
    /// Starts the server with `--port 0 --log-requests --static dist` plus `extra_args`
    /// (e.g. `--csp`, `--frozen --start 1795000000`) and waits (at
    /// most 30 s) for its `listening on http://127.0.0.1:PORT` line.
    pub fn start(extra_args: &[&str]) -> Result<Self> {
        let dist = dist_dir()?;
        let bin = server_bin()?;
        let mut args: Vec<String> = vec!["--port".into(), "0".into(), "--log-requests".into(), "--static".into()];
        args.push(dist.display().to_string());
        args.extend(extra_args.iter().map(|s| s.to_string()));
        // KILL: a test server has nothing to flush, and a graceful stop could wait on
        // a request a scenario holds open.
        let mut proc = Guarded::spawn(&bin, &args, true, Stdio::piped(), "KILL")?;

        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel::<u16>();
        // stdout: find the port, then keep everything for the failure log.
        let stdout = proc.child.stdout.take().expect("piped stdout");
        let out_log = log.clone();
        std::thread::spawn(move || {
            let mut tx = Some(tx);
            for line in BufReader::new(stdout).lines().map_while(|l| l.ok()) {
                if let Some(port) = parse_listening(&line) {
                    if let Some(tx) = tx.take() {
                        let _ = tx.send(port);
                    }
                }
                let mut log = out_log.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let stderr = proc.child.stderr.take().expect("piped stderr");
        let err_log = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(|l| l.ok()) {
                let mut log = err_log.lock().unwrap();
                log.push_str("[stderr] ");
                log.push_str(&line);
                log.push('\n');
            }
        });

        let port = match rx.recv_timeout(secs(30)) {
            Ok(port) => port,
            Err(_) => {
                let running = proc.is_running();
                bail!(
                    "the companion server ({}) did not print `listening on http://127.0.0.1:PORT` \
                     within 30 s ({}); its output:\n{}",
                    bin.display(),
                    if running { "still running" } else { "it exited" },
                    log.lock().unwrap()
                );
            }
        };
        Ok(Self { _proc: proc, port, log })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// `http://127.0.0.1:PORT`
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Everything the server printed so far.
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }
}

fn parse_listening(line: &str) -> Option<u16> {
    let rest = line.trim().strip_prefix("listening on ")?;
    rest.trim_end_matches('/').rsplit(':').next()?.parse().ok()
}

// ---------------------------------------------------------------------------------
// chromedriver and Chromium

/// chromedriver, started once per test binary on a free port.
struct Driver {
    _proc: Guarded,
    port: u16,
}

fn driver() -> Result<&'static Driver> {
    static DRIVER: OnceLock<Result<Driver, String>> = OnceLock::new();
    DRIVER
        .get_or_init(|| start_driver().map_err(|e| format!("{e:#}")))
        .as_ref()
        .map_err(|e| anyhow!("{e}"))
}

fn start_driver() -> Result<Driver> {
    let bin = PathBuf::from(std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into()));
    if !bin.is_file() {
        bail!("{} not found: run scripts/setup.sh (Debian package chromium-driver)", bin.display());
    }
    let port = free_port()?;
    let mut proc = Guarded::spawn(&bin, &[format!("--port={port}")], false, Stdio::null(), "TERM")?;
    let deadline = Instant::now() + secs(20);
    loop {
        if let Ok((200, body)) = http_sync(port, "GET", "/status", None) {
            if body.contains("\"ready\":true") {
                return Ok(Driver { _proc: proc, port });
            }
        }
        if !proc.is_running() {
            bail!("chromedriver exited right after starting on port {port}");
        }
        if Instant::now() > deadline {
            bail!("chromedriver did not become ready on port {port} within 20 s");
        }
        std::thread::sleep(Duration::from_millis(50)); // poll period of a bounded wait
    }
}

/// The Chromium flags every session gets (plus its own `--user-data-dir`).
pub const CHROMIUM_ARGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1280,900",
];

/// One Chromium session. Deleted (and its profile folder removed) on drop.
struct Browser {
    client: Client,
    session_id: String,
    driver_port: u16,
    profile: PathBuf,
    closed: bool,
}

impl Browser {
    async fn open() -> Result<Self> {
        static N: AtomicUsize = AtomicUsize::new(0);
        let driver = driver()?;
        let profile = std::env::temp_dir().join(format!(
            "jobs-gallery-e2e-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&profile);
        std::fs::create_dir_all(&profile)?;
        let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        let binary = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let caps: Capabilities = match json!({
            "browserName": "chrome",
            "goog:loggingPrefs": { "browser": "ALL" },
            "goog:chromeOptions": { "binary": binary, "args": args },
        }) {
            Value::Object(map) => map,
            _ => unreachable!(),
        };
        let mut builder = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
        builder.capabilities(caps);
        let client = builder
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await
            .context("opening a Chromium session through chromedriver")?;
        let session_id = client
            .session_id()
            .await?
            .ok_or_else(|| anyhow!("chromedriver returned no session id"))?;
        Ok(Self { client, session_id, driver_port: driver.port, profile, closed: false })
    }

    async fn close(mut self) {
        if self.client.clone().close().await.is_ok() {
            self.closed = true;
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.closed {
            let _ = http_sync(self.driver_port, "DELETE", &format!("/session/{}", self.session_id), None);
        }
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// chromedriver's browser log (`POST /session/{id}/se/log`); reading it empties it.
#[derive(Debug)]
struct GetBrowserLog;

impl WebDriverCompatibleCommand for GetBrowserLog {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/se/log", session_id.unwrap_or_default()))
    }
    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.into()))
    }
}

/// One entry of the browser console log.
#[derive(Debug, Clone)]
pub struct LogEntry {
    /// `SEVERE`, `WARNING`, `INFO`, `DEBUG`
    pub level: String,
    /// `javascript` (uncaught errors), `console-api` (console.*), `network`, …
    pub source: String,
    pub message: String,
}

impl std::fmt::Display for LogEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "[{} {}] {}", self.level, self.source, self.message)
    }
}

// ---------------------------------------------------------------------------------
// The per-test handle

/// Extra settings for [`run_with`].
#[derive(Debug, Default, Clone)]
pub struct Options {
    /// Extra arguments for the companion server (e.g. `--csp`).
    pub server_args: Vec<String>,
}

/// What a test body gets: the browser session and the server's address. Cheap to clone.
#[derive(Clone)]
pub struct Test {
    /// The fantoccini client for anything the helpers do not cover.
    pub client: Client,
    /// `http://127.0.0.1:PORT` of this test's companion server.
    pub base: String,
    name: Arc<str>,
    console: Arc<Mutex<Vec<LogEntry>>>,
}

/// Runs one end-to-end test named `name` (use the test function's name: it names the
/// artifacts) with a fresh server and browser session.
pub async fn run<F, Fut>(name: &str, body: F)
where
    F: FnOnce(Test) -> Fut,
    Fut: Future<Output = Result<()>>,
{
    run_with(name, Options::default(), body).await
}

/// [`run`] with [`Options`].
pub async fn run_with<F, Fut>(name: &str, options: Options, body: F)
where
    F: FnOnce(Test) -> Fut,
    Fut: Future<Output = Result<()>>,
{
    // A failure's artifacts from an earlier run would be mistaken for this run's.
    for ext in ["png", "log"] {
        let _ = std::fs::remove_file(artifacts_dir().join(format!("{name}.{ext}")));
    }
    let server_args: Vec<&str> = options.server_args.iter().map(String::as_str).collect();
    let server = Server::start(&server_args).unwrap_or_else(|e| panic!("e2e `{name}`: {e:#}"));
    let browser = Browser::open().await.unwrap_or_else(|e| panic!("e2e `{name}`: {e:#}"));
    let test = Test {
        client: browser.client.clone(),
        base: server.base_url(),
        name: name.into(),
        console: Arc::default(),
    };

    let outcome = AssertUnwindSafe(body(test.clone())).catch_unwind().await;
    let failure = match outcome {
        Ok(Ok(())) => None,
        Ok(Err(e)) => Some(format!("{e:#}")),
        Err(panic) => Some(
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "panic".into()),
        ),
    };

    if let Some(failure) = failure {
        let artifacts = test.save_failure_artifacts(&server).await;
        browser.close().await;
        drop(server);
        panic!("e2e test `{name}` failed: {failure}\n{artifacts}");
    }
    browser.close().await;
}

impl Test {
    /// This test's name (as given to [`run`]).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Absolute URL on this test's server for `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Navigates to `path` on the test's server (e.g. `/` or `/?scenario=429`).
    pub async fn open(&self, path: &str) -> Result<()> {
        let url = self.url(path);
        self.client.goto(&url).await.with_context(|| format!("opening {url}"))
    }

    /// Opens the standalone page pointed at one of the companion server's failure
    /// scenarios: `/?scenario=NAME` (index.html's mount element has
    /// `data-scenario-switch`, so the widget then reads `/scenario/NAME/v1/jobs`).
    pub async fn open_scenario(&self, name: &str) -> Result<()> {
        self.open(&format!("/?scenario={name}")).await
    }

    /// Runs `script` (a function body; `arguments[i]` are `args`) and returns its value.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        self.client.execute(script, args).await.with_context(|| {
            let head: String = script.chars().take(120).collect();
            format!("executing script `{head}`")
        })
    }

    /// Runs an async `script`: it must call `arguments[arguments.length - 1](value)`.
    pub async fn js_async(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        self.client.execute_async(script, args).await.with_context(|| {
            let head: String = script.chars().take(120).collect();
            format!("executing async script `{head}`")
        })
    }

    /// Polls `check` every 50 ms until it yields `Some`, for at most `timeout`.
    /// `what` describes the awaited condition for the error message.
    pub async fn wait_until<T, F, Fut>(&self, what: &str, timeout: Duration, mut check: F) -> Result<T>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<Option<T>>>,
    {
        let deadline = Instant::now() + timeout;
        let mut last_error = None;
        loop {
            match check().await {
                Ok(Some(v)) => return Ok(v),
                Ok(None) => {}
                Err(e) => last_error = Some(e),
            }
            if Instant::now() >= deadline {
                return Err(match last_error {
                    Some(e) => e.context(format!("timed out after {timeout:?} waiting for {what}")),
                    None => anyhow!("timed out after {timeout:?} waiting for {what}"),
                });
            }
            tokio::time::sleep(Duration::from_millis(50)).await; // poll period, bounded above
        }
    }

    /// Waits (bounded) until an element matching `css` exists and returns it.
    pub async fn wait_element(&self, css: &str, timeout: Duration) -> Result<Element> {
        self.client
            .wait()
            .at_most(timeout)
            .every(Duration::from_millis(50))
            .for_element(Locator::Css(css))
            .await
            .with_context(|| format!("waiting up to {timeout:?} for `{css}`"))
    }

    /// All elements matching `css` now (no waiting).
    pub async fn find_all(&self, css: &str) -> Result<Vec<Element>> {
        Ok(self.client.find_all(Locator::Css(css)).await?)
    }

    /// Waits (bounded) until exactly `n` elements match `css`; returns them.
    pub async fn wait_count(&self, css: &str, n: usize, timeout: Duration) -> Result<Vec<Element>> {
        let seen = std::cell::Cell::new(0);
        let what = format!("{n} elements matching `{css}`");
        self.wait_until(&what, timeout, || {
            let client = self.client.clone();
            let seen = &seen;
            async move {
                let found = client.find_all(Locator::Css(css)).await?;
                seen.set(found.len());
                Ok((found.len() == n).then_some(found))
            }
        })
        .await
        .with_context(|| format!("last count: {}", seen.get()))
    }

    /// Waits (bounded) until the first element matching `css` has attribute `attr`
    /// equal to `value` (`None`: the attribute is absent).
    pub async fn wait_attr(&self, css: &str, attr: &str, value: Option<&str>, timeout: Duration) -> Result<()> {
        let what = format!("`{css}` to have {attr}={value:?}");
        self.wait_until(&what, timeout, || {
            let client = self.client.clone();
            async move {
                match client.find(Locator::Css(css)).await {
                    Ok(el) => Ok((el.attr(attr).await?.as_deref() == value).then_some(())),
                    Err(fantoccini::error::CmdError::Standard(e))
                        if e.error == fantoccini::error::ErrorStatus::NoSuchElement =>
                    {
                        Ok(None)
                    }
                    Err(e) => Err(e.into()),
                }
            }
        })
        .await
    }

    /// Drains chromedriver's browser log into this test's record and returns the
    /// whole record so far.
    pub async fn console_log(&self) -> Result<Vec<LogEntry>> {
        let value = self.client.issue_cmd(GetBrowserLog).await.context("reading the browser log")?;
        let mut record = self.console.lock().unwrap();
        for entry in value.as_array().into_iter().flatten() {
            let field = |k: &str| entry.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
            record.push(LogEntry { level: field("level"), source: field("source"), message: field("message") });
        }
        Ok(record.clone())
    }

    /// Errors in the console other than failed network requests: uncaught exceptions
    /// (source `javascript`) and `console.error` (source `console-api`, where a wasm
    /// panic lands through console_error_panic_hook). Failed requests are expected in
    /// the failure scenarios and are counted by [`Test::network_errors`] instead.
    pub async fn console_errors(&self) -> Result<Vec<LogEntry>> {
        Ok(self
            .console_log()
            .await?
            .into_iter()
            .filter(|e| e.level == "SEVERE" && e.source != "network")
            .collect())
    }

    /// Failed requests the browser logged (HTTP error statuses, refused connections).
    pub async fn network_errors(&self) -> Result<Vec<LogEntry>> {
        Ok(self
            .console_log()
            .await?
            .into_iter()
            .filter(|e| e.level == "SEVERE" && e.source == "network")
            .collect())
    }

    /// Fails when the page logged an uncaught error or a console error.
    pub async fn assert_no_console_errors(&self) -> Result<()> {
        let errors = self.console_errors().await?;
        if errors.is_empty() {
            return Ok(());
        }
        let list: Vec<String> = errors.iter().map(|e| format!("  {e}")).collect();
        bail!("the browser console has {} error(s):\n{}", errors.len(), list.join("\n"))
    }

    /// Injects axe-core (npm, installed by scripts/setup.sh into tools/axe) unless the
    /// page already has it.
    pub async fn inject_axe(&self) -> Result<()> {
        if self.js("return typeof window.axe;", vec![]).await? == json!("object") {
            return Ok(());
        }
        static AXE: OnceLock<Result<String, String>> = OnceLock::new();
        let source = AXE
            .get_or_init(|| {
                let path = repo_root().join("tools/axe/node_modules/axe-core/axe.min.js");
                std::fs::read_to_string(&path)
                    .map_err(|e| format!("{}: {e} (run scripts/setup.sh)", path.display()))
            })
            .clone()
            .map_err(|e| anyhow!(e))?;
        // Run through WebDriver, so a strict page CSP does not block it.
        let kind = self.js(&format!("{source}\n;return typeof window.axe;"), vec![]).await?;
        if kind != json!("object") {
            bail!("axe-core did not define window.axe (got {kind})");
        }
        Ok(())
    }

    /// Runs axe-core on the page (or the element matching `context_css`) and returns
    /// its violations (an array of axe result objects).
    pub async fn axe_violations(&self, context_css: Option<&str>) -> Result<Vec<Value>> {
        self.inject_axe().await?;
        let result = self
            .js_async(
                r#"const done = arguments[arguments.length - 1];
                   const ctx = arguments[0] ? document.querySelector(arguments[0]) : document;
                   window.axe.run(ctx, { resultTypes: ['violations'] })
                     .then(r => done({ ok: r.violations }))
                     .catch(e => done({ err: String(e) }));"#,
                vec![json!(context_css)],
            )
            .await?;
        if let Some(err) = result.get("err") {
            bail!("axe.run failed: {err}");
        }
        Ok(result.get("ok").and_then(Value::as_array).cloned().unwrap_or_default())
    }

    /// Fails, listing each rule, impact and offending nodes, when axe finds violations.
    /// `state` names the page state checked (loaded, empty, error, loading).
    pub async fn assert_axe_clean(&self, state: &str) -> Result<()> {
        let violations = self.axe_violations(None).await?;
        if violations.is_empty() {
            return Ok(());
        }
        let mut report = String::new();
        for v in &violations {
            let s = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("?").to_string();
            report.push_str(&format!("  {} ({}): {}\n", s("id"), s("impact"), s("help")));
            for node in v.get("nodes").and_then(Value::as_array).into_iter().flatten().take(5) {
                report.push_str(&format!("    at {}\n", node.get("target").unwrap_or(&Value::Null)));
            }
        }
        bail!("axe-core: {} violation(s) in the {state} state:\n{report}", violations.len())
    }

    /// Saves a PNG of the viewport as `e2e/artifacts/<file_stem>.png`; returns its path.
    pub async fn screenshot(&self, file_stem: &str) -> Result<PathBuf> {
        let png = self.client.screenshot().await.context("taking a screenshot")?;
        let path = artifacts_dir().join(format!("{file_stem}.png"));
        std::fs::write(&path, png).with_context(|| format!("writing {}", path.display()))?;
        Ok(path)
    }

    /// Screenshot plus a log (URL, browser console, server output); returns a summary
    /// of where they went, for the failure message.
    async fn save_failure_artifacts(&self, server: &Server) -> String {
        let mut notes = Vec::new();
        match self.screenshot(&self.name).await {
            Ok(path) => notes.push(format!("screenshot: {}", path.display())),
            Err(e) => notes.push(format!("no screenshot: {e:#}")),
        }
        let url = match self.client.current_url().await {
            Ok(u) => u.to_string(),
            Err(e) => format!("(unknown: {e})"),
        };
        let console = match self.console_log().await {
            Ok(entries) => entries.iter().map(|e| format!("{e}\n")).collect::<String>(),
            Err(e) => format!("(could not read the browser log: {e:#})\n"),
        };
        let log = format!(
            "test: {}\nurl: {url}\n\n== browser console\n{console}\n== companion server output\n{}",
            self.name,
            server.log()
        );
        let path = artifacts_dir().join(format!("{}.log", self.name));
        match std::fs::write(&path, &log) {
            Ok(()) => notes.push(format!("log: {}", path.display())),
            Err(e) => notes.push(format!("no log file: {e}")),
        }
        let errors: Vec<&str> = console.lines().filter(|l| l.starts_with("[SEVERE")).collect();
        if !errors.is_empty() {
            notes.push(format!("browser errors:\n  {}", errors.join("\n  ")));
        }
        notes.push(format!("page: {url}"));
        notes.join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::parse_listening;

    #[test]
    fn reads_the_port_from_the_listening_line() {
        assert_eq!(parse_listening("listening on http://127.0.0.1:43123"), Some(43123));
        assert_eq!(parse_listening("listening on http://127.0.0.1:8787/\n"), Some(8787));
        assert_eq!(parse_listening("starting demo"), None);
    }
}
