//! The end-to-end harness: the release build (`dist/`, from `trunk build --release`)
//! served by the companion server on an ephemeral port, driven in headless Chromium
//! through chromedriver, with `E2E_BROWSER=firefox` in headless Firefox ESR through
//! geckodriver (Firefox's console, document-start scripts and viewport go through
//! WebDriver BiDi, since it has no CDP), or with `E2E_BROWSER=webkit` in WebKitGTK's
//! MiniBrowser through WebKitWebDriver on an Xvfb display ([`browser_kind`]).
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
//! (`cargo build -p jobs-gallery-server`, a no-op when it is fresh), copies `dist/`
//! once per test binary ([`site_dir`]: a rebuild while the suite runs cannot mix two
//! builds, and tests can add pages of their own with [`Test::open_page`]), starts the
//! server with `--port 0 --static <copy>` and reads its port from its first line
//! ([`Options::frozen`] adds `--frozen --start NOW`), starts chromedriver (geckodriver)
//! once per test binary, opens a fresh browser session (own profile), and on
//! failure (an `Err` or a panic) saves `e2e/artifacts/<browser>/<test>.png` and `<test>.log`
//! (browser console and server output) before failing with the test's name. The
//! processes are stopped when the test ends, and even when the test binary is killed:
//! each runs under a small `sh` guard that stops it when our end of its stdin closes.
//!
//! Waiting is always a polled condition with a bound ([`Test::wait_until`] and the
//! helpers built on it), never a sleep, and a whole test is bounded by
//! [`TEST_TIMEOUT`], which only a browser command that never gets its answer reaches.
//!
//! Besides: the server can be stopped and restarted on its port mid-test
//! ([`Server::stop`], [`Server::restart`]) and its request log read
//! ([`Test::requests`]); emulation works in both browsers ([`Test::emulate_color_scheme`],
//! [`Test::emulate_viewport`], [`Test::add_init_script`], [`Test::allow_clipboard`]), raw
//! DevTools commands only in Chromium ([`Test::cdp`]); keys are pressed on
//! whatever has focus ([`Test::press`], [`Test::tab_to`], [`Test::focused`]); the page's
//! health is one call ([`Test::assert_page_healthy`]: no uncaught or console error,
//! no failed request but the expected ones).

use std::future::Future;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, ensure, Context as _, Result};
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

/// A line about how test `name` ran (a browser session that started only at the second
/// try), in its output and in `e2e/artifacts/<browser>/notes.txt`, which
/// `scripts/test.sh` prints after each browser's run: cargo shows a passing test's
/// output to nobody.
fn note(name: &str, text: &str) {
    let line = format!("e2e `{name}`: {text}");
    println!("{line}");
    let path = artifacts_dir().join("notes.txt");
    if let Ok(mut file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
    {
        let _ = writeln!(file, "{line}");
    }
}

/// `text` as the value of a double-quoted HTML attribute.
fn attribute_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

/// The bound on one whole test, far above the slowest (the live tests, under a
/// minute): only a browser command that never gets its answer reaches it.
pub const TEST_TIMEOUT: Duration = Duration::from_secs(300);

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

/// The browser the suite drives, from `E2E_BROWSER` (`chromium`, the default,
/// `firefox` or `webkit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BrowserKind {
    /// Debian's Chromium through chromedriver (CDP for emulation, `/se/log` for the console).
    Chromium,
    /// Debian's Firefox ESR through geckodriver (WebDriver BiDi for the same).
    Firefox,
    /// Debian's WebKitGTK, Safari's engine, through WebKitWebDriver: its MiniBrowser on
    /// a virtual display (Xvfb) the harness starts. Classic WebDriver only, so the
    /// console hooks and init scripts are scripts the served copy's pages load first
    /// ([`hook_pages`]), and there is no colour-scheme switch mid-session.
    WebKit,
}

impl BrowserKind {
    /// `chromium`, `firefox` or `webkit`: names the artifacts folder and the error
    /// messages.
    pub fn name(self) -> &'static str {
        match self {
            BrowserKind::Chromium => "chromium",
            BrowserKind::Firefox => "firefox",
            BrowserKind::WebKit => "webkit",
        }
    }
}

/// The browser chosen by `E2E_BROWSER` (panics on an unknown name, so a typo cannot
/// silently run Chromium again).
pub fn browser_kind() -> BrowserKind {
    match std::env::var("E2E_BROWSER").as_deref() {
        Err(_) | Ok("") | Ok("chromium") | Ok("chrome") => BrowserKind::Chromium,
        Ok("firefox") | Ok("firefox-esr") => BrowserKind::Firefox,
        Ok("webkit") | Ok("webkitgtk") => BrowserKind::WebKit,
        Ok(other) => panic!("E2E_BROWSER={other:?}: expected `chromium`, `firefox` or `webkit`"),
    }
}

/// `e2e/artifacts/<browser>/`: screenshots and logs a person (or CI) can look at, one
/// folder per browser. Git-ignored.
pub fn artifacts_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("artifacts")
        .join(browser_kind().name());
    std::fs::create_dir_all(&dir).expect("create e2e/artifacts/<browser>");
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

/// The folder the test servers serve: a copy of the release build taken once per test
/// binary, so that a rebuild of `dist/` while the suite runs (`trunk serve` writes there
/// too) cannot mix two builds; [`Test::open_page`] writes its pages into it. Removed by
/// the next test binary once this process is gone.
pub fn site_dir() -> Result<PathBuf> {
    static SITE: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    SITE.get_or_init(|| snapshot_dist().map_err(|e| format!("{e:#}")))
        .clone()
        .map_err(|e| anyhow!(e))
}

const SITE_PREFIX: &str = "jobs-gallery-e2e-site-";

fn snapshot_dist() -> Result<PathBuf> {
    let dist = dist_dir()?;
    // Copies left by earlier test binaries that are gone.
    if let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(pid) = name.strip_prefix(SITE_PREFIX) {
                if pid.parse::<u32>().is_ok() && !Path::new("/proc").join(pid).exists() {
                    let _ = std::fs::remove_dir_all(entry.path());
                }
            }
        }
    }
    let site = std::env::temp_dir().join(format!("{SITE_PREFIX}{}", std::process::id()));
    // A build in progress leaves index.html pointing at assets not yet (or no longer)
    // there: copy again until the copy is whole, for a bounded time.
    let deadline = Instant::now() + secs(60);
    loop {
        let _ = std::fs::remove_dir_all(&site);
        copy_tree(&dist, &site)
            .with_context(|| format!("copying {} to {}", dist.display(), site.display()))?;
        let missing = missing_assets(&site)?;
        if missing.is_empty() {
            if browser_kind() == BrowserKind::WebKit {
                hook_pages(&site).context("adding the WebKit hooks to the pages")?;
            }
            return Ok(site);
        }
        if Instant::now() > deadline {
            bail!(
                "{}/index.html refers to {missing:?}, which are not there (a build still running, \
                 or a broken one?); rebuild with `trunk build --release`",
                dist.display()
            );
        }
        std::thread::sleep(Duration::from_millis(500)); // poll period of a bounded wait
    }
}

/// The copy's file of console hooks for WebKit ([`WEBKIT_CONSOLE_HOOKS`]).
const WEBKIT_HOOKS_FILE: &str = "e2e-console-hooks.js";
/// The copy's file of the running test's init scripts for WebKit
/// ([`Test::add_init_script`]); emptied when a test starts.
const WEBKIT_INIT_FILE: &str = "e2e-init.js";

/// WebKit only. WebKitWebDriver speaks classic WebDriver, which cannot run a script
/// before a page's own, so the copy of the build carries them itself: every page of
/// the copy loads the console hooks and the test's init scripts as its first scripts,
/// right after its `<meta charset>`. Classic scripts in the head run before the page's
/// module scripts, and, served from the same origin, the strict CSP allows them. The
/// release build in `dist/` is left as it is.
fn hook_pages(site: &Path) -> Result<()> {
    std::fs::write(site.join(WEBKIT_HOOKS_FILE), WEBKIT_CONSOLE_HOOKS)?;
    std::fs::write(site.join(WEBKIT_INIT_FILE), "")?;
    let tags = format!("<script src=\"/{WEBKIT_HOOKS_FILE}\"></script><script src=\"/{WEBKIT_INIT_FILE}\"></script>");
    let mut folders = vec![site.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder)?.flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            if path.extension().and_then(|e| e.to_str()) != Some("html") {
                continue;
            }
            let html = std::fs::read_to_string(&path)?;
            let after = |tag: &str| {
                html.find(tag)
                    .and_then(|i| html[i..].find('>').map(|j| i + j + 1))
            };
            let Some(at) = after("<meta charset").or_else(|| after("<head")) else {
                bail!("{} has no <head> to put the hooks in", path.display());
            };
            std::fs::write(&path, format!("{}{tags}{}", &html[..at], &html[at..]))?;
            // The server prefers a precompressed copy, which would be the page unhooked.
            for ext in ["gz", "br"] {
                let copy = path.with_extension(format!("html.{ext}"));
                if copy.exists() {
                    std::fs::remove_file(&copy)
                        .with_context(|| format!("removing {}", copy.display()))?;
                }
            }
        }
    }
    Ok(())
}

/// Copies `from` into `to`, leaving out dot files (Trunk's `.stage`).
fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Root-relative paths quoted in `index.html` (`"/jobs-gallery-HASH.js"`), and the
/// `./name` files the scripts it names import (a loader importing the hashed module),
/// that are missing.
fn missing_assets(site: &Path) -> Result<Vec<String>> {
    fn quoted(text: &str, prefix: &str) -> Vec<String> {
        let mut found = Vec::new();
        for quote in ['"', '\''] {
            for (i, piece) in text.split(quote).enumerate() {
                let inside_quotes = i % 2 == 1;
                if inside_quotes
                    && piece.len() > prefix.len()
                    && piece.starts_with(prefix)
                    && !piece.starts_with("//")
                    && !piece.contains(char::is_whitespace)
                {
                    found.push(piece[prefix.len()..].to_string());
                }
            }
        }
        found
    }
    let html = std::fs::read_to_string(site.join("index.html")).context("reading index.html")?;
    let mut missing = Vec::new();
    for name in quoted(&html, "/") {
        let path = site.join(&name);
        if !path.is_file() {
            missing.push(format!("/{name}"));
        } else if name.ends_with(".js") {
            // Only what the script imports or fetches: `from './x.js'`, `URL('./x.wasm'`.
            let script = std::fs::read_to_string(&path).unwrap_or_default();
            for lead in ["from '", "from \"", "URL('", "URL(\""] {
                for piece in script.split(lead).skip(1) {
                    let Some(inner) = piece
                        .split(['\'', '"'])
                        .next()
                        .and_then(|p| p.strip_prefix("./"))
                    else {
                        continue;
                    };
                    if !site.join(inner).is_file() {
                        missing.push(format!("./{inner} (from /{name})"));
                    }
                }
            }
        }
    }
    Ok(missing)
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|p| {
            if p.is_absolute() {
                p
            } else {
                repo_root().join(p)
            }
        })
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
            return Err(format!(
                "`cargo build -p jobs-gallery-server` failed ({status})"
            ));
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
    fn spawn(
        program: &Path,
        args: &[String],
        pipe_stdout: bool,
        stderr: Stdio,
        stop_signal: &str,
    ) -> Result<Self> {
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
            .stdout(if pipe_stdout {
                Stdio::piped()
            } else {
                Stdio::null()
            })
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
fn http_sync(
    port: u16,
    method: &str,
    path: &str,
    body: Option<&str>,
) -> std::io::Result<(u16, String)> {
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
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
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

/// Marks the test's own API reads in the server's request log (an extra query
/// parameter, which the server ignores).
pub const OWN_READ: &str = "e2e_read=1";

/// One companion server on an ephemeral port, serving the release build ([`site_dir`]).
/// A test can stop it ([`Server::stop`]) to make requests fail, and start it again on
/// the same port with other flags ([`Server::restart`]); its output is kept across both.
pub struct Server {
    proc: Mutex<Option<Guarded>>,
    port: u16,
    log: Arc<Mutex<String>>,
}

impl Server {
    /// Starts the server with `--port 0 --log-requests --static SITE` plus `extra_args`
    /// (e.g. `--csp`, `--frozen --start 1795000000`) and waits (at
    /// most 30 s) for its `listening on http://127.0.0.1:PORT` line.
    pub fn start(extra_args: &[&str]) -> Result<Self> {
        let log = Arc::new(Mutex::new(String::new()));
        let (proc, port) = Self::spawn(0, extra_args, &log)?;
        Ok(Self {
            proc: Mutex::new(Some(proc)),
            port,
            log,
        })
    }

    fn spawn(port: u16, extra_args: &[&str], log: &Arc<Mutex<String>>) -> Result<(Guarded, u16)> {
        let site = site_dir()?;
        let bin = server_bin()?;
        let mut args: Vec<String> = vec![
            "--port".into(),
            port.to_string(),
            "--log-requests".into(),
            "--static".into(),
        ];
        args.push(site.display().to_string());
        args.extend(extra_args.iter().map(|s| s.to_string()));
        // KILL: a test server has nothing to flush, and a graceful stop could wait on
        // a request a scenario holds open.
        let mut proc = Guarded::spawn(&bin, &args, true, Stdio::piped(), "KILL")?;

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

        match rx.recv_timeout(secs(30)) {
            Ok(port) => Ok((proc, port)),
            Err(_) => {
                let running = proc.is_running();
                bail!(
                    "the companion server ({} {}) did not print `listening on http://127.0.0.1:PORT` \
                     within 30 s ({}); its output:\n{}",
                    bin.display(),
                    args.join(" "),
                    if running { "still running" } else { "it exited" },
                    log.lock().unwrap()
                );
            }
        }
    }

    /// Stops the server (SIGKILL, waited for): from now on the page's requests fail
    /// with a refused connection. A no-op when it is stopped already.
    pub fn stop(&self) {
        let proc = self.proc.lock().unwrap().take();
        drop(proc);
        self.log.lock().unwrap().push_str("[e2e] server stopped\n");
    }

    /// Stops the server if it runs, then starts it again on the same port with
    /// `extra_args` (the page keeps talking to the same origin).
    pub fn restart(&self, extra_args: &[&str]) -> Result<()> {
        self.stop();
        self.log
            .lock()
            .unwrap()
            .push_str(&format!("[e2e] server restarted with {extra_args:?}\n"));
        let (proc, port) = Self::spawn(self.port, extra_args, &self.log)?;
        if port != self.port {
            bail!(
                "the restarted server listens on {port}, not on {}",
                self.port
            );
        }
        *self.proc.lock().unwrap() = Some(proc);
        Ok(())
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

    /// The requests the server logged so far (`--log-requests`: `GET /path?query 200`,
    /// `dropped` for the drop scenario) whose path and query contain `path_contains`,
    /// leaving out the test's own reads ([`Test::api_get`] marks them with [`OWN_READ`]).
    /// A request is logged when its answer is complete.
    pub fn requests(&self, path_contains: &str) -> Vec<String> {
        self.log()
            .lines()
            .filter_map(|line| line.strip_prefix("[stderr] "))
            .filter(|line| {
                let mut parts = line.split_whitespace();
                let method = parts.next().unwrap_or_default();
                let target = parts.next().unwrap_or_default();
                matches!(method, "GET" | "HEAD" | "POST")
                    && target.contains(path_contains)
                    && !target.contains(OWN_READ)
            })
            .map(str::to_owned)
            .collect()
    }
}

fn parse_listening(line: &str) -> Option<u16> {
    let rest = line.trim().strip_prefix("listening on ")?;
    rest.trim_end_matches('/').rsplit(':').next()?.parse().ok()
}

// ---------------------------------------------------------------------------------
// The WebDriver server (chromedriver or geckodriver) and the browser session

/// chromedriver, geckodriver or WebKitWebDriver, started once per test binary on a
/// free port (WebKit's with the virtual display its browser draws on).
struct Driver {
    _proc: Guarded,
    _display: Option<Guarded>,
    port: u16,
}

fn driver() -> Result<&'static Driver> {
    static DRIVER: OnceLock<Result<Driver, String>> = OnceLock::new();
    DRIVER
        .get_or_init(|| start_driver().map_err(|e| format!("{e:#}")))
        .as_ref()
        .map_err(|e| anyhow!("{e}"))
}

/// The geckodriver binary: `GECKODRIVER`, else the one `cargo install` put in
/// `~/.cargo/bin` (or wherever PATH has it).
fn geckodriver_bin() -> PathBuf {
    if let Some(bin) = std::env::var_os("GECKODRIVER") {
        return PathBuf::from(bin);
    }
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        candidates.push(PathBuf::from(home).join("bin/geckodriver"));
    }
    if let Some(home) = std::env::var_os("HOME") {
        candidates.push(PathBuf::from(home).join(".cargo/bin/geckodriver"));
    }
    if let Some(path) = std::env::var_os("PATH") {
        candidates.extend(std::env::split_paths(&path).map(|d| d.join("geckodriver")));
    }
    candidates
        .into_iter()
        .find(|p| p.is_file())
        .unwrap_or_else(|| PathBuf::from("geckodriver"))
}

/// Starts Xvfb on the first free display number (it picks the number itself and
/// writes it to its standard output: `-displayfd 1`); returns it with its number.
fn start_display() -> Result<(Guarded, u32)> {
    let bin = PathBuf::from("/usr/bin/Xvfb");
    if !bin.is_file() {
        bail!(
            "{} not found: run scripts/setup.sh (Debian package xvfb)",
            bin.display()
        );
    }
    // -noreset: by default an X server resets when its last client leaves, and a
    // browser that connects meanwhile gets "cannot open display" (seen in CI, where the
    // next test's MiniBrowser started as the last one closed).
    let args: Vec<String> = [
        "-displayfd",
        "1",
        "-screen",
        "0",
        "1280x1024x24",
        "-nolisten",
        "tcp",
        "-noreset",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut proc = Guarded::spawn(&bin, &args, true, Stdio::null(), "TERM")?;
    let stdout = proc
        .child
        .stdout
        .take()
        .ok_or_else(|| anyhow!("Xvfb's output is not piped"))?;
    // The first line is the display number, once the display accepts clients.
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx
        .recv_timeout(secs(20))
        .context("Xvfb did not report its display within 20 s")?;
    let display = line
        .trim()
        .parse()
        .with_context(|| format!("Xvfb reported {line:?} as its display"))?;
    Ok((proc, display))
}

fn start_driver() -> Result<Driver> {
    let kind = browser_kind();
    let port = free_port()?;
    let mut display = None;
    let (bin, args) = match kind {
        BrowserKind::Chromium => {
            let bin = PathBuf::from(
                std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into()),
            );
            if !bin.is_file() {
                bail!(
                    "{} not found: run scripts/setup.sh (Debian package chromium-driver)",
                    bin.display()
                );
            }
            (bin, vec![format!("--port={port}")])
        }
        BrowserKind::Firefox => {
            let bin = geckodriver_bin();
            if !bin.is_file() {
                bail!(
                    "{} not found: run scripts/setup.sh (cargo install geckodriver)",
                    bin.display()
                );
            }
            // Its own BiDi port too: the default (9222) would clash with any other
            // geckodriver on the machine.
            let ws = free_port()?;
            (
                bin,
                vec![
                    "--host".into(),
                    "127.0.0.1".into(),
                    "--port".into(),
                    port.to_string(),
                    "--websocket-port".into(),
                    ws.to_string(),
                    "--log".into(),
                    "error".into(),
                    // Script in Firefox's own ("chrome") context, for one preference
                    // mid-session (Test::emulate_color_scheme): WebDriver BiDi in
                    // Firefox ESR 153 has no colour-scheme emulation.
                    "--allow-system-access".into(),
                ],
            )
        }
        BrowserKind::WebKit => {
            let driver = PathBuf::from(
                std::env::var("WEBKITWEBDRIVER")
                    .unwrap_or_else(|_| "/usr/bin/WebKitWebDriver".into()),
            );
            if !driver.is_file() {
                bail!(
                    "{} not found: run scripts/setup.sh (Debian package webkit2gtk-driver)",
                    driver.display()
                );
            }
            let (proc, number) = start_display()?;
            display = Some(proc);
            // Through env(1): the guard passes no environment of its own.
            (
                PathBuf::from("/usr/bin/env"),
                vec![
                    format!("DISPLAY=:{number}"),
                    driver.display().to_string(),
                    format!("--port={port}"),
                ],
            )
        }
    };
    // WebKit's driver and browser say why a session ended only on their stderr: kept
    // in the artifacts (e2e/artifacts/webkit/driver.log, appended to by each test binary).
    let stderr = match kind {
        BrowserKind::WebKit => {
            let path = artifacts_dir().join("driver.log");
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)
                .map(Stdio::from)
                .with_context(|| format!("opening {}", path.display()))?
        }
        _ => Stdio::null(),
    };
    let mut proc = Guarded::spawn(&bin, &args, false, stderr, "TERM")?;
    let deadline = Instant::now() + secs(20);
    loop {
        if let Ok((200, body)) = http_sync(port, "GET", "/status", None) {
            let status: Value = serde_json::from_str(&body).unwrap_or_default();
            if status["value"]["ready"] == json!(true) {
                return Ok(Driver {
                    _proc: proc,
                    _display: display,
                    port,
                });
            }
        }
        if !proc.is_running() {
            bail!(
                "{} exited right after starting on port {port}",
                bin.display()
            );
        }
        if Instant::now() > deadline {
            bail!(
                "{} did not become ready on port {port} within 20 s",
                bin.display()
            );
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

/// The Firefox arguments every session gets (geckodriver gives each session a fresh
/// temporary profile of its own).
pub const FIREFOX_ARGS: &[&str] = &["-headless", "-width", "1280", "-height", "900"];

/// The Firefox preferences every session gets.
fn firefox_prefs() -> Value {
    json!({
        // navigator.clipboard.readText() for the Copy id test, without the paste
        // prompt (Chromium: the clipboard permission is granted through CDP).
        "dom.events.asyncClipboard.readText": true,
        "dom.events.testing.asyncClipboard": true,
        // Light by default, as headless Chromium; Test::emulate_color_scheme switches it.
        "layout.css.prefers-color-scheme.content-override": 1,
        // The page's own state only: no updates, telemetry or first-run pages.
        "app.update.enabled": false,
        "browser.shell.checkDefaultBrowser": false,
        "datareporting.policy.dataSubmissionEnabled": false,
        "toolkit.telemetry.enabled": false,
        "browser.startup.homepage_override.mstone": "ignore",
    })
}

/// WebKitGTK's MiniBrowser, which WebKitWebDriver starts for each session:
/// `WEBKIT_BROWSER`, else where Debian's libwebkit2gtk puts it.
fn webkit_browser_bin() -> Result<PathBuf> {
    if let Some(bin) = std::env::var_os("WEBKIT_BROWSER") {
        return Ok(PathBuf::from(bin));
    }
    let lib = Path::new("/usr/lib");
    let mut found = vec![lib.join("webkit2gtk-4.1/MiniBrowser")];
    if let Ok(entries) = std::fs::read_dir(lib) {
        found.extend(
            entries
                .flatten()
                .map(|e| e.path().join("webkit2gtk-4.1/MiniBrowser")),
        );
    }
    found
        .into_iter()
        .find(|p| p.is_file())
        .ok_or_else(|| anyhow!("WebKitGTK's MiniBrowser not found under /usr/lib: run scripts/setup.sh (Debian package webkit2gtk-driver)"))
}

/// The MiniBrowser arguments every WebKit session gets: automation mode, and the
/// clipboard open to the page, as a person who allowed it would have it (the Copy id
/// test reads it back).
pub const WEBKIT_ARGS: &[&str] = &["--automation", "--javascript-can-access-clipboard=true"];

/// The window every session gets, in CSS pixels of the page.
pub const VIEWPORT: (u32, u32) = (1280, 900);

/// One browser session. Deleted (and its profile folder removed) on drop.
struct Browser {
    client: Client,
    session_id: String,
    driver_port: u16,
    /// Chromium's `--user-data-dir` (geckodriver removes Firefox's profile itself).
    profile: Option<PathBuf>,
    /// Firefox: the WebDriver BiDi connection of the session.
    bidi: Option<Bidi>,
    closed: bool,
}

impl Browser {
    async fn open(prefers_dark: bool) -> Result<Self> {
        static N: AtomicUsize = AtomicUsize::new(0);
        let kind = browser_kind();
        let driver = driver()?;
        let mut profile = None;
        let caps = match kind {
            BrowserKind::Chromium => {
                let dir = std::env::temp_dir().join(format!(
                    "jobs-gallery-e2e-{}-{}",
                    std::process::id(),
                    N.fetch_add(1, Ordering::SeqCst)
                ));
                let _ = std::fs::remove_dir_all(&dir);
                std::fs::create_dir_all(&dir)?;
                let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|s| s.to_string()).collect();
                args.push(format!("--user-data-dir={}", dir.display()));
                profile = Some(dir);
                let binary =
                    std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
                json!({
                    "browserName": "chrome",
                    "goog:loggingPrefs": { "browser": "ALL" },
                    "goog:chromeOptions": { "binary": binary, "args": args },
                })
            }
            BrowserKind::Firefox => {
                let binary =
                    std::env::var("FIREFOX").unwrap_or_else(|_| "/usr/bin/firefox-esr".into());
                json!({
                    "browserName": "firefox",
                    "webSocketUrl": true,
                    "moz:firefoxOptions": { "binary": binary, "args": FIREFOX_ARGS, "prefs": firefox_prefs() },
                })
            }
            BrowserKind::WebKit => {
                let mut args = WEBKIT_ARGS.to_vec();
                if prefers_dark {
                    args.push("--dark-mode");
                }
                json!({
                    "browserName": "MiniBrowser",
                    "webkitgtk:browserOptions": { "binary": webkit_browser_bin()?, "args": args },
                })
            }
        };
        let caps: Capabilities = match caps {
            Value::Object(map) => map,
            _ => unreachable!(),
        };
        let mut builder =
            ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
        builder.capabilities(caps);
        let client = builder
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await
            .with_context(|| format!("opening a {} session", kind.name()))?;
        let session_id = client
            .session_id()
            .await?
            .ok_or_else(|| anyhow!("the WebDriver server returned no session id"))?;
        let mut browser = Self {
            client,
            session_id,
            driver_port: driver.port,
            profile,
            bidi: None,
            closed: false,
        };
        if kind == BrowserKind::Firefox {
            let ws = browser
                .client
                .capabilities()
                .and_then(|c| c.get("webSocketUrl"))
                .and_then(Value::as_str)
                .ok_or_else(|| anyhow!("geckodriver returned no webSocketUrl (WebDriver BiDi)"))?
                .to_string();
            browser.bidi = Some(Bidi::connect(&ws).await?);
        }
        if kind == BrowserKind::WebKit {
            // MiniBrowser opens at 1024 × 768 with its own toolbar: size the window so
            // the page gets the viewport the other browsers start with.
            fit_viewport(&browser.client, VIEWPORT.0, VIEWPORT.1).await?;
        }
        Ok(browser)
    }

    async fn close(mut self) {
        if self.client.clone().close().await.is_ok() {
            self.closed = true;
        }
    }
}

/// Resizes the window until the page's viewport is `width` × `height` (the window
/// frame and toolbar are whatever the browser draws around it), for a bounded time.
/// Without a window manager the resize lands some time after WebDriver has answered,
/// and the frame is measured anew each round, so a read taken mid-resize corrects
/// itself.
async fn fit_viewport(client: &Client, width: u32, height: u32) -> Result<()> {
    let want = (width as i64, height as i64);
    let deadline = Instant::now() + secs(10);
    loop {
        let (_, _, outer_w, outer_h) = client
            .get_window_rect()
            .await
            .context("reading the window size")?;
        let got = viewport_size(client).await?;
        if got == want {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!(
                "asked for a {width} × {height} viewport, the browser gave {} × {} within 10 s",
                got.0,
                got.1
            );
        }
        let window = (
            want.0 + outer_w as i64 - got.0,
            want.1 + outer_h as i64 - got.1,
        );
        if window != (outer_w as i64, outer_h as i64) {
            client
                .set_window_size(window.0.max(1) as u32, window.1.max(1) as u32)
                .await
                .context("resizing the window")?;
            // Measure again once the page has seen the resize (or after 2 s).
            let settle = Instant::now() + secs(2);
            while Instant::now() < settle {
                if viewport_size(client).await? != got {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(50)).await; // poll period of a bounded wait
            }
        } else {
            tokio::time::sleep(Duration::from_millis(100)).await; // poll period of a bounded wait
        }
    }
}

/// The page's viewport, `innerWidth` × `innerHeight` in CSS pixels.
async fn viewport_size(client: &Client) -> Result<(i64, i64)> {
    let size = client
        .execute("return [innerWidth, innerHeight];", vec![])
        .await
        .context("reading the viewport's size")?;
    Ok((size[0].as_i64().unwrap_or(0), size[1].as_i64().unwrap_or(0)))
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.closed {
            let _ = http_sync(
                self.driver_port,
                "DELETE",
                &format!("/session/{}", self.session_id),
                None,
            );
        }
        if let Some(profile) = &self.profile {
            let _ = std::fs::remove_dir_all(profile);
        }
    }
}

// ---------------------------------------------------------------------------------
// WebDriver BiDi (Firefox)

type BidiReply = tokio::sync::oneshot::Sender<Result<Value, String>>;

/// A WebDriver BiDi connection (Firefox through geckodriver): commands with replies,
/// and the events the suite needs turned into [`LogEntry`]s, the same record
/// chromedriver's log gives for Chromium: `log.entryAdded` (console calls, uncaught
/// errors) and failed requests (`network.responseCompleted` with an error status,
/// `network.fetchError`).
#[derive(Clone)]
struct Bidi {
    commands: tokio::sync::mpsc::UnboundedSender<(Value, BidiReply)>,
    /// Entries not yet drained by [`Test::console_log`].
    inbox: Arc<Mutex<Vec<LogEntry>>>,
}

impl Bidi {
    async fn connect(url: &str) -> Result<Self> {
        use futures_util::{SinkExt as _, StreamExt as _};
        use tokio_tungstenite::tungstenite::Message;
        let (ws, _) = tokio_tungstenite::connect_async(url)
            .await
            .with_context(|| format!("connecting to WebDriver BiDi at {url}"))?;
        let (mut sink, mut stream) = ws.split();
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(Value, BidiReply)>();
        let inbox: Arc<Mutex<Vec<LogEntry>>> = Arc::default();
        let events = inbox.clone();
        tokio::spawn(async move {
            let mut pending: std::collections::HashMap<u64, BidiReply> = Default::default();
            let mut next_id = 1u64;
            loop {
                tokio::select! {
                    cmd = rx.recv() => {
                        let Some((mut cmd, reply)) = cmd else { break };
                        cmd["id"] = json!(next_id);
                        pending.insert(next_id, reply);
                        next_id += 1;
                        if sink.send(Message::text(cmd.to_string())).await.is_err() {
                            break;
                        }
                    }
                    msg = stream.next() => {
                        let Some(Ok(msg)) = msg else { break };
                        let Message::Text(text) = msg else { continue };
                        let Ok(v) = serde_json::from_str::<Value>(text.as_str()) else { continue };
                        if let Some(id) = v.get("id").and_then(Value::as_u64) {
                            if let Some(reply) = pending.remove(&id) {
                                let _ = reply.send(if v["type"] == json!("error") {
                                    Err(format!("{}: {}", v["error"], v["message"]))
                                } else {
                                    Ok(v["result"].clone())
                                });
                            }
                        } else if let Some(entry) = bidi_event_entry(&v) {
                            events.lock().unwrap().push(entry);
                        }
                    }
                }
            }
        });
        let bidi = Self {
            commands: tx,
            inbox,
        };
        bidi.send(
            "session.subscribe",
            json!({ "events": ["log.entryAdded", "network.responseCompleted", "network.fetchError"] }),
        )
        .await?;
        Ok(bidi)
    }

    /// Sends one command and waits (at most 30 s) for its result.
    async fn send(&self, method: &str, params: Value) -> Result<Value> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        self.commands
            .send((json!({ "method": method, "params": params }), reply))
            .map_err(|_| anyhow!("the WebDriver BiDi connection is closed"))?;
        match tokio::time::timeout(secs(30), answer).await {
            Ok(Ok(Ok(v))) => Ok(v),
            Ok(Ok(Err(e))) => bail!("BiDi {method}: {e}"),
            Ok(Err(_)) => bail!("BiDi {method}: the connection closed before the answer"),
            Err(_) => bail!("BiDi {method}: no answer within 30 s"),
        }
    }

    /// The top-level browsing context (the one tab).
    async fn context(&self) -> Result<String> {
        let tree = self
            .send("browsingContext.getTree", json!({ "maxDepth": 0 }))
            .await?;
        tree["contexts"][0]["context"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| anyhow!("browsingContext.getTree gave no context: {tree}"))
    }
}

/// A BiDi event as a [`LogEntry`] in chromedriver's terms, or `None` for what the
/// suite does not count: successful responses, requests the page itself abandoned
/// (`NS_BINDING_ABORTED`: a lazy image scrolled away, an aborted fetch; Chromium does not log those either).
fn bidi_event_entry(v: &Value) -> Option<LogEntry> {
    let params = &v["params"];
    match v["method"].as_str()? {
        "log.entryAdded" => {
            let level = match params["level"].as_str().unwrap_or_default() {
                "error" => "SEVERE",
                "warn" => "WARNING",
                "debug" => "DEBUG",
                _ => "INFO",
            };
            let source = match params["type"].as_str().unwrap_or_default() {
                "javascript" => "javascript",
                "console" => "console-api",
                other => other,
            };
            let mut message = params["text"].as_str().unwrap_or_default().to_string();
            if let Some(url) = params["stackTrace"]["callFrames"][0]["url"].as_str() {
                message = format!("{url} {message}");
            }
            Some(LogEntry {
                level: level.into(),
                source: source.into(),
                message,
            })
        }
        "network.responseCompleted" => {
            let status = params["response"]["status"].as_u64()?;
            if status < 400 {
                return None;
            }
            let url = params["request"]["url"].as_str().unwrap_or_default();
            Some(LogEntry {
                level: "SEVERE".into(),
                source: "network".into(),
                message: format!("{url} - Failed to load resource: the server responded with a status of {status}"),
            })
        }
        "network.fetchError" => {
            let error = params["errorText"].as_str().unwrap_or_default();
            if error.contains("NS_BINDING_ABORTED") {
                return None;
            }
            let url = params["request"]["url"].as_str().unwrap_or_default();
            Some(LogEntry {
                level: "SEVERE".into(),
                source: "network".into(),
                message: format!("{url} - {error}"),
            })
        }
        _ => None,
    }
}

/// chromedriver's browser log (`POST /session/{id}/se/log`); reading it empties it.
#[derive(Debug)]
struct GetBrowserLog;

impl WebDriverCompatibleCommand for GetBrowserLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/se/log",
            session_id.unwrap_or_default()
        ))
    }
    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.into()))
    }
}

/// geckodriver's switch between the page ("content") and Firefox's own privileged
/// script context ("chrome"): `POST /session/{id}/moz/context`.
#[derive(Debug)]
struct MozContext(&'static str);

impl WebDriverCompatibleCommand for MozContext {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/moz/context",
            session_id.unwrap_or_default()
        ))
    }
    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({ "context": self.0 }).to_string()),
        )
    }
}

/// chromedriver's passage to the DevTools protocol (`POST /session/{id}/goog/cdp/execute`).
#[derive(Debug)]
struct CdpExecute {
    body: String,
}

impl WebDriverCompatibleCommand for CdpExecute {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }
    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.clone()))
    }
}

/// WebKit's console, read from inside the page: uncaught errors, unhandled rejections,
/// `console.error` (where a wasm panic lands) and `console.warn`, kept in
/// `window.__e2eConsole` as the log entries of the other browsers. Each page of the
/// served copy loads it as its first script ([`hook_pages`]); [`Test::console_log`]
/// puts it into a page that lacks it when reading. Failed requests are not seen: WebKit
/// tells them only to its Web Inspector.
const WEBKIT_CONSOLE_HOOKS: &str = r#"
if (!window.__e2eConsole) {
  const log = window.__e2eConsole = [];
  const text = (args) => args.map((a) => (a instanceof Error && a.stack ? String(a) + '\n' + a.stack : String(a))).join(' ');
  window.addEventListener('error', (e) => log.push({ level: 'SEVERE', source: 'javascript', message: e.message + (e.error && e.error.stack ? '\n' + e.error.stack : '') }));
  window.addEventListener('unhandledrejection', (e) => log.push({ level: 'SEVERE', source: 'javascript', message: 'Unhandled rejection: ' + text([e.reason]) }));
  for (const [name, level] of [['error', 'SEVERE'], ['warn', 'WARNING']]) {
    const original = console[name].bind(console);
    console[name] = (...args) => { log.push({ level, source: 'console-api', message: text(args) }); original(...args); };
  }
}
"#;

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
    /// The browser starts as it is for a reader whose system prefers dark
    /// (`prefers-color-scheme: dark`). WebKit takes this only at launch (MiniBrowser's
    /// `--dark-mode`), so a test that checks the dark preference asks for it here.
    pub prefers_dark: bool,
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

/// What a test body gets: the browser session and the server's address. Cheap to clone.
#[derive(Clone)]
pub struct Test {
    /// The fantoccini client for anything the helpers do not cover.
    pub client: Client,
    /// `http://127.0.0.1:PORT` of this test's companion server.
    pub base: String,
    name: Arc<str>,
    console: Arc<Mutex<Vec<LogEntry>>>,
    server: Arc<Server>,
    /// Firefox: the session's WebDriver BiDi connection.
    bidi: Option<Bidi>,
    kind: BrowserKind,
    /// The colour scheme the browser was started with ([`Options::prefers_dark`]).
    launch_scheme: &'static str,
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
    if browser_kind() == BrowserKind::WebKit {
        // The init scripts of the test before are not this test's.
        let init = site_dir().map(|site| site.join(WEBKIT_INIT_FILE));
        if let Err(e) = init.and_then(|file| {
            std::fs::write(&file, "").with_context(|| format!("emptying {}", file.display()))
        }) {
            panic!("e2e `{name}`: {e:#}");
        }
    }
    let server_args: Vec<&str> = options.server_args.iter().map(String::as_str).collect();
    let server =
        Arc::new(Server::start(&server_args).unwrap_or_else(|e| panic!("e2e `{name}`: {e:#}")));
    // A browser that fails to start its session is the machine's trouble, not the
    // page's: one more try, and a note that says so (notes.txt).
    let open = || async {
        tokio::time::timeout(secs(60), Browser::open(options.prefers_dark))
            .await
            .unwrap_or_else(|_| Err(anyhow!("no session within 60 s")))
    };
    let browser = match open().await {
        Ok(browser) => browser,
        Err(first) => {
            let browser = open().await.unwrap_or_else(|e| {
                panic!("e2e `{name}`: the browser did not start twice: {first:#}; then {e:#}")
            });
            note(
                name,
                &format!("the browser started at the second try: {first:#}"),
            );
            browser
        }
    };
    let test = Test {
        client: browser.client.clone(),
        base: server.base_url(),
        name: name.into(),
        console: Arc::default(),
        server: server.clone(),
        bidi: browser.bidi.clone(),
        kind: browser_kind(),
        launch_scheme: if options.prefers_dark {
            "dark"
        } else {
            "light"
        },
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
        let artifacts = tokio::time::timeout(secs(60), test.save_failure_artifacts(&server))
            .await
            .unwrap_or_else(|_| "no artifacts: the browser did not answer within 60 s".into());
        let _ = tokio::time::timeout(secs(10), browser.close()).await;
        drop(test);
        server.stop();
        panic!("e2e test `{name}` failed: {failure}\n{artifacts}");
    }
    let _ = tokio::time::timeout(secs(10), browser.close()).await;
}

impl Test {
    /// This test's name (as given to [`run`]).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The browser this test runs in ([`browser_kind`]).
    pub fn browser(&self) -> BrowserKind {
        self.kind
    }

    /// Absolute URL on this test's server for `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Navigates to `path` on the test's server (e.g. `/` or `/?scenario=429`).
    pub async fn open(&self, path: &str) -> Result<()> {
        let url = self.url(path);
        self.client
            .goto(&url)
            .await
            .with_context(|| format!("opening {url}"))
    }

    /// Opens the standalone page pointed at one of the companion server's failure
    /// scenarios: `/?scenario=NAME` (index.html's mount element has
    /// `data-scenario-switch`, so the widget then reads `/scenario/NAME/v1/jobs`).
    pub async fn open_scenario(&self, name: &str) -> Result<()> {
        self.open(&format!("/?scenario={name}")).await
    }

    /// This test's companion server: stop or restart it, read its request log.
    pub fn server(&self) -> &Server {
        &self.server
    }

    /// The requests this test's server answered so far whose path and query contain
    /// `path_contains` (see [`Server::requests`]).
    pub fn requests(&self, path_contains: &str) -> Vec<String> {
        self.server.requests(path_contains)
    }

    /// Waits (bounded) until the server logged at least `n` requests whose path and
    /// query contain `path_contains`; returns them.
    pub async fn wait_requests(
        &self,
        path_contains: &str,
        n: usize,
        timeout: Duration,
    ) -> Result<Vec<String>> {
        let what = format!("{n} request(s) to `{path_contains}` in the server log");
        self.wait_until(&what, timeout, || async {
            let seen = self.requests(path_contains);
            Ok((seen.len() >= n).then_some(seen))
        })
        .await
        .with_context(|| format!("requests so far: {:?}", self.requests(path_contains)))
    }

    /// Opens a page of the test's own making: the release build's `<head>` (its hashed
    /// stylesheet and module, read from the built index.html) and a body holding a
    /// heading and one mount element with `attrs`, e.g.
    /// `[("data-api-base", "/scenario/slow"), ("data-timeout-ms", "1500")]`.
    /// The page is written into the served copy of the build ([`site_dir`]).
    pub async fn open_page(&self, attrs: &[(&str, &str)]) -> Result<()> {
        let site = site_dir()?;
        let index = std::fs::read_to_string(site.join("index.html"))
            .context("reading the built index.html")?;
        let head_end = index
            .find("<body")
            .ok_or_else(|| anyhow!("the built index.html has no <body>"))?;
        let mut mount = String::from("<div data-jobs-gallery");
        for (name, value) in attrs {
            if name.is_empty()
                || !name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            {
                bail!("open_page: `{name}` is not a plain attribute name");
            }
            mount.push_str(&format!(" {name}=\"{}\"", attribute_text(value)));
        }
        mount.push_str("></div>");
        let html = format!(
            "{}<body>\n  <main class=\"demo\">\n    <h1>Jobs gallery (end-to-end page)</h1>\n    {mount}\n  </main>\n</body>\n</html>\n",
            &index[..head_end]
        );
        let page = self.write_page(&html)?;
        self.open(&page).await
    }

    /// Writes `html` as a page of this test's own into the served copy of the build
    /// ([`site_dir`]); returns its path on the server.
    fn write_page(&self, html: &str) -> Result<String> {
        static N: AtomicUsize = AtomicUsize::new(0);
        let site = site_dir()?;
        let stem: String = self
            .name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let file = format!("e2e-{stem}-{}.html", N.fetch_add(1, Ordering::SeqCst));
        std::fs::write(site.join(&file), html)
            .with_context(|| format!("writing {file} into {}", site.display()))?;
        Ok(format!("/{file}"))
    }

    /// Runs a Chrome DevTools Protocol command through chromedriver
    /// (`goog/cdp/execute`), e.g. `Emulation.setEmulatedMedia`; returns its result.
    /// Chromium only: Firefox fails with a clear error (use the portable helpers below).
    pub async fn cdp(&self, cmd: &str, params: Value) -> Result<Value> {
        if self.kind != BrowserKind::Chromium {
            bail!("CDP command {cmd}: there is no DevTools protocol in {} through its WebDriver server", self.kind.name());
        }
        let body = json!({ "cmd": cmd, "params": params }).to_string();
        self.client
            .issue_cmd(CdpExecute { body })
            .await
            .with_context(|| format!("CDP command {cmd}"))
    }

    /// Runs `source` in every document this session loads from now on, before the
    /// page's own scripts (Chromium: CDP `Page.addScriptToEvaluateOnNewDocument`;
    /// Firefox: BiDi `script.addPreloadScript`; WebKit: the served copy's
    /// `e2e-init.js`, which its pages load before their own scripts, see
    /// [`hook_pages`]). Each runs in a function of its own, as in Firefox.
    pub async fn add_init_script(&self, source: &str) -> Result<()> {
        if self.kind == BrowserKind::WebKit {
            let file = site_dir()?.join(WEBKIT_INIT_FILE);
            let mut scripts = std::fs::OpenOptions::new()
                .append(true)
                .open(&file)
                .with_context(|| format!("opening {}", file.display()))?;
            writeln!(scripts, "(() => {{\n{source}\n}})();")
                .with_context(|| format!("writing {}", file.display()))?;
            return Ok(());
        }
        match &self.bidi {
            None => {
                self.cdp(
                    "Page.addScriptToEvaluateOnNewDocument",
                    json!({ "source": source }),
                )
                .await?;
            }
            Some(bidi) => {
                bidi.send(
                    "script.addPreloadScript",
                    json!({ "functionDeclaration": format!("() => {{\n{source}\n}}") }),
                )
                .await?;
            }
        }
        Ok(())
    }

    /// Lets the page read the clipboard (`navigator.clipboard.readText`) as a person who
    /// allowed it would (Chromium: CDP `Browser.grantPermissions`; Firefox: allowed by
    /// the session's preferences, see `firefox_prefs`).
    pub async fn allow_clipboard(&self) -> Result<()> {
        if self.kind == BrowserKind::Chromium {
            self.cdp(
                "Browser.grantPermissions",
                json!({ "origin": self.base, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"] }),
            )
            .await?;
        }
        Ok(())
    }

    /// Emulates `prefers-color-scheme: light|dark` (Chromium: CDP
    /// `Emulation.setEmulatedMedia`; Firefox: its content colour-scheme preference;
    /// WebKit: only the scheme it was started with, see [`Options::prefers_dark`])
    /// and waits (bounded) until the page's media query sees it.
    pub async fn emulate_color_scheme(&self, scheme: &str) -> Result<()> {
        match &self.bidi {
            // MiniBrowser's --dark-mode holds for a whole session, and WebDriver has no
            // media emulation.
            _ if self.kind == BrowserKind::WebKit => ensure!(
                scheme == self.launch_scheme,
                "WebKit through WebKitWebDriver cannot switch to prefers-color-scheme: {scheme} mid-session (it started {}; see Options::prefers_dark)",
                self.launch_scheme
            ),
            None => {
                self.cdp(
                    "Emulation.setEmulatedMedia",
                    json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
                )
                .await?;
            }
            Some(_) => {
                // The preference behind Settings > Website appearance (0 dark, 1 light),
                // set from Firefox's privileged ("chrome") script context.
                let value = match scheme {
                    "dark" => 0,
                    "light" => 1,
                    other => bail!("emulate_color_scheme: `{other}` is neither light nor dark"),
                };
                self.client.issue_cmd(MozContext("chrome")).await.context("switching to Firefox's chrome context")?;
                let set = self
                    .client
                    .execute(
                        "Services.prefs.setIntPref('layout.css.prefers-color-scheme.content-override', arguments[0]);",
                        vec![json!(value)],
                    )
                    .await;
                self.client.issue_cmd(MozContext("content")).await.context("switching back to the page")?;
                set.context("setting layout.css.prefers-color-scheme.content-override")?;
            }
        }
        let query = format!("(prefers-color-scheme: {scheme})");
        self.wait_until(&format!("{query} to apply"), secs(2), || async {
            let on = self
                .js(
                    "return matchMedia(arguments[0]).matches;",
                    vec![json!(query)],
                )
                .await?;
            Ok((on == json!(true)).then_some(()))
        })
        .await
    }

    /// Emulates a viewport of `width` × `height` CSS pixels (CDP
    /// `Emulation.setDeviceMetricsOverride`; `mobile` for a phone's) and waits (bounded)
    /// until the page has it.
    /// (Firefox: BiDi `browsingContext.setViewport`, the same CSS size without a phone's
    /// other traits. WebKit: the window resized around the viewport; for a phone, which
    /// MiniBrowser's window cannot be as narrow as, see [`Test::frame_viewport`].)
    pub async fn emulate_viewport(&self, width: u32, height: u32, mobile: bool) -> Result<()> {
        if self.kind == BrowserKind::WebKit {
            if mobile {
                return self.frame_viewport(width, height).await;
            }
            return fit_viewport(&self.client, width, height).await;
        }
        match &self.bidi {
            None => {
                self.cdp(
                    "Emulation.setDeviceMetricsOverride",
                    json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile }),
                )
                .await?;
            }
            Some(bidi) => {
                let context = bidi.context().await?;
                bidi.send(
                    "browsingContext.setViewport",
                    json!({ "context": context, "viewport": { "width": width, "height": height }, "devicePixelRatio": 1 }),
                )
                .await?;
            }
        }
        self.wait_until(&format!("a viewport {width} px wide"), secs(2), || async {
            let w = self.js("return window.innerWidth;", vec![]).await?;
            Ok((w == json!(width)).then_some(()))
        })
        .await
    }

    /// WebKit's phone width. MiniBrowser's toolbar keeps its window at least 447 px
    /// wide, so the page on screen is loaded again inside a frame of `width` × `height`
    /// (a viewport of its own: its media queries and layout see that size) on a page of
    /// the test's server, and the session switches into the frame. What the page showed
    /// is waited for again: as many job cards as before, and no request in flight.
    /// State the page had only in memory (an open dialog, a theme set by script) is not
    /// carried over.
    async fn frame_viewport(&self, width: u32, height: u32) -> Result<()> {
        self.console_log().await?; // what the page logged so far stays on record
        let url = self
            .client
            .current_url()
            .await
            .context("reading the page's address")?;
        if url.origin().ascii_serialization() != self.base {
            bail!("frame_viewport: {url} is not on the test's server");
        }
        let cards = self
            .find_all(".jobs-gallery article[data-job-id]")
            .await?
            .len();
        let src = attribute_text(&url[url::Position::BeforePath..]);
        let page = self.write_page(&format!(
            "<!doctype html>\n<html lang=\"en\"><meta charset=\"utf-8\"><title>The page at {width} px</title>\n\
             <iframe src=\"{src}\" width=\"{width}\" height=\"{height}\" title=\"The page at {width} px\"></iframe>\n"
        ))?;
        self.open(&page).await?;
        self.client
            .enter_frame(0)
            .await
            .context("switching into the frame")?;
        self.wait_until(
            &format!("a viewport {width} px wide in the frame"),
            secs(5),
            || async {
                let w = self
                    .js(
                        "return document.readyState === 'complete' ? window.innerWidth : 0;",
                        vec![],
                    )
                    .await?;
                Ok((w == json!(width)).then_some(()))
            },
        )
        .await?;
        if cards > 0 {
            self.wait_count(".jobs-gallery article[data-job-id]", cards, PAGE_TIMEOUT)
                .await?;
            self.wait_idle(PAGE_TIMEOUT).await?;
        }
        Ok(())
    }

    /// Presses and releases one key on whatever has focus (WebDriver actions, so the
    /// focus is not moved first as an element's send_keys would). Special keys come
    /// from [`fantoccini::key::Key`], e.g. `Key::Tab.into()`.
    pub async fn press(&self, key: char) -> Result<()> {
        use fantoccini::actions::{InputSource as _, KeyAction, KeyActions};
        let actions = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key });
        self.client
            .perform_actions(actions)
            .await
            .with_context(|| format!("pressing {:?}", key))
    }

    /// Types `text` into whatever has focus, key by key.
    pub async fn type_keys(&self, text: &str) -> Result<()> {
        use fantoccini::actions::{InputSource as _, KeyAction, KeyActions};
        let mut actions = KeyActions::new("keyboard".into());
        for c in text.chars() {
            actions = actions
                .then(KeyAction::Down { value: c })
                .then(KeyAction::Up { value: c });
        }
        self.client
            .perform_actions(actions)
            .await
            .with_context(|| format!("typing {text:?}"))
    }

    /// A short description of `document.activeElement`, like
    /// `button.jg-button.jg-pager__step[aria-label="Next page"] "Next ›"`, for checks and
    /// messages. `body` when nothing has focus.
    pub async fn focused(&self) -> Result<String> {
        let v = self
            .js(
                r#"const e = document.activeElement;
                   if (!e || e === document.body) return 'body';
                   let d = e.tagName.toLowerCase();
                   for (const c of e.classList) d += '.' + c;
                   if (e.getAttribute('aria-label')) d += '[aria-label="' + e.getAttribute('aria-label') + '"]';
                   if (e.getAttribute('type')) d += '[type="' + e.getAttribute('type') + '"]';
                   const text = (e.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 40);
                   if (text) d += ' "' + text + '"';
                   return d;"#,
                vec![],
            )
            .await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    /// Whether `document.activeElement` matches `css`.
    pub async fn focus_matches(&self, css: &str) -> Result<bool> {
        let v = self
            .js(
                "const e = document.activeElement; return !!e && e !== document.body && e.matches(arguments[0]);",
                vec![json!(css)],
            )
            .await?;
        Ok(v == json!(true))
    }

    /// Presses Tab until `document.activeElement` matches `css` (at most `max_tabs`
    /// presses); fails naming the elements focused on the way.
    pub async fn tab_to(&self, css: &str, max_tabs: usize) -> Result<()> {
        let mut path = Vec::new();
        for _ in 0..max_tabs {
            if self.focus_matches(css).await? {
                return Ok(());
            }
            self.press(fantoccini::key::Key::Tab.into()).await?;
            path.push(self.focused().await?);
        }
        if self.focus_matches(css).await? {
            return Ok(());
        }
        bail!(
            "{max_tabs} presses of Tab did not reach `{css}`; focus went through:\n  {}",
            path.join("\n  ")
        )
    }

    /// The trimmed text of the first element matching `css`, or `None` when there is none.
    pub async fn text(&self, css: &str) -> Result<Option<String>> {
        let v = self
            .js(
                "const e = document.querySelector(arguments[0]); return e ? e.textContent.replace(/\\s+/g, ' ').trim() : null;",
                vec![json!(css)],
            )
            .await?;
        Ok(v.as_str().map(str::to_owned))
    }

    /// Waits (bounded) until the first element matching `css` has the text `expected`
    /// (whitespace collapsed, trimmed).
    pub async fn wait_text(&self, css: &str, expected: &str, timeout: Duration) -> Result<()> {
        let last = Mutex::new(None::<String>);
        self.wait_until(
            &format!("`{css}` to read {expected:?}"),
            timeout,
            || async {
                let text = self.text(css).await?;
                let done = text.as_deref() == Some(expected);
                *last.lock().unwrap() = text;
                Ok(done.then_some(()))
            },
        )
        .await
        .with_context(|| format!("last text: {:?}", last.lock().unwrap()))
    }

    /// Waits (bounded) until no request is in flight: the gallery root is there and its
    /// `aria-busy` is gone (or not `"true"`).
    pub async fn wait_idle(&self, timeout: Duration) -> Result<()> {
        self.wait_until("the gallery to be there and not aria-busy", timeout, || async {
            let busy = self
                .js(
                    "const g = document.querySelector('.jobs-gallery'); return g ? g.getAttribute('aria-busy') : 'absent';",
                    vec![],
                )
                .await?;
            Ok((busy != json!("true") && busy != json!("absent")).then_some(()))
        })
        .await
    }

    /// Opens `path` and waits (bounded) for `cards` job cards and no request in flight.
    pub async fn open_loaded(&self, path: &str, cards: usize) -> Result<()> {
        self.open(path).await?;
        self.wait_count(".jobs-gallery article[data-job-id]", cards, PAGE_TIMEOUT)
            .await?;
        self.wait_idle(PAGE_TIMEOUT).await
    }

    /// Takes the server away and presses Refresh on a loaded page, then waits (bounded)
    /// for the network banner over the cards marked stale, and for the page to settle.
    pub async fn fail_a_refresh(&self) -> Result<()> {
        self.server().stop();
        self.button("Refresh").await?.click().await?;
        self.wait_attr(
            ".jobs-gallery [role=alert]",
            "data-error-kind",
            Some("network"),
            PAGE_TIMEOUT,
        )
        .await?;
        self.wait_element(
            ".jobs-gallery.jobs-gallery--stale .jg-banner__stale",
            secs(2),
        )
        .await?;
        self.wait_idle(PAGE_TIMEOUT).await
    }

    /// The gallery's button whose text (icons and spacing aside) contains `text`,
    /// e.g. `Refresh` or `Retry` (waiting, bounded, for it to exist).
    pub async fn button(&self, text: &str) -> Result<Element> {
        let xpath = format!(
            "//*[contains(concat(' ', normalize-space(@class), ' '), ' jobs-gallery ')]//button[contains(normalize-space(.), '{}')]",
            text.replace('\'', "")
        );
        self.client
            .wait()
            .at_most(PAGE_TIMEOUT)
            .every(Duration::from_millis(50))
            .for_element(Locator::XPath(&xpath))
            .await
            .with_context(|| format!("waiting for the gallery's `{text}` button"))
    }

    /// Clicks the first element matching `css` (waiting, bounded, for it to exist).
    pub async fn click(&self, css: &str) -> Result<()> {
        let el = self.wait_element(css, PAGE_TIMEOUT).await?;
        el.click()
            .await
            .with_context(|| format!("clicking `{css}`"))
    }

    /// The `data-job-id`s of the cards on the page, in order.
    pub async fn job_ids(&self) -> Result<Vec<String>> {
        let v = self
            .js(
                "return Array.from(document.querySelectorAll('.jobs-gallery article[data-job-id]'), a => a.getAttribute('data-job-id'));",
                vec![],
            )
            .await?;
        Ok(v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|x| x.as_str().map(str::to_owned))
            .collect())
    }

    /// `GET path` from inside the page (same origin) with the demo key; returns
    /// `{status, body}` (body parsed as JSON, or null). The query gets [`OWN_READ`], so
    /// that [`Test::requests`] counts only the page's own requests.
    pub async fn api_get(&self, path: &str) -> Result<Value> {
        let path = format!(
            "{path}{}{OWN_READ}",
            if path.contains('?') { '&' } else { '?' }
        );
        self.js_async(
            r#"const done = arguments[arguments.length - 1];
               fetch(arguments[0], { headers: { Authorization: 'Bearer dpct_demo' }, cache: 'no-store' })
                 .then(async r => { let body = null; try { body = await r.json(); } catch (e) {} done({ status: r.status, body }); })
                 .catch(e => done({ status: 0, error: String(e) }));"#,
            vec![json!(path)],
        )
        .await
    }

    /// The job ids the server lists at `limit`/`offset` (`/v1/jobs`, demo key).
    pub async fn api_job_ids(&self, limit: u32, offset: u64) -> Result<Vec<String>> {
        let answer = self
            .api_get(&format!("/v1/jobs?limit={limit}&offset={offset}"))
            .await?;
        if answer["status"] != json!(200) {
            bail!("GET /v1/jobs?limit={limit}&offset={offset} answered {answer}");
        }
        Ok(answer["body"]["generations"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|j| j["job_id"].as_str().map(str::to_owned))
            .collect())
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
        self.client
            .execute_async(script, args)
            .await
            .with_context(|| {
                let head: String = script.chars().take(120).collect();
                format!("executing async script `{head}`")
            })
    }

    /// Polls `check` every 50 ms until it yields `Some`, for at most `timeout`.
    /// `what` describes the awaited condition for the error message.
    pub async fn wait_until<T, F, Fut>(
        &self,
        what: &str,
        timeout: Duration,
        mut check: F,
    ) -> Result<T>
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
    pub async fn wait_attr(
        &self,
        css: &str,
        attr: &str,
        value: Option<&str>,
        timeout: Duration,
    ) -> Result<()> {
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

    /// Drains the browser's log (chromedriver's `/se/log`; in Firefox the WebDriver
    /// BiDi console and network events) into this test's record and returns the whole
    /// record so far.
    pub async fn console_log(&self) -> Result<Vec<LogEntry>> {
        if let Some(bidi) = &self.bidi {
            // A round trip first, so that events sent before it are in.
            bidi.send("session.status", json!({}))
                .await
                .context("reading the browser log")?;
            let drained: Vec<LogEntry> = std::mem::take(&mut *bidi.inbox.lock().unwrap());
            let mut record = self.console.lock().unwrap();
            record.extend(drained);
            return Ok(record.clone());
        }
        // chromedriver's log and WebKit's in-page record are the same JSON entries. The
        // hooks go into a page that lacks them (not from the served copy: a stylesheet,
        // the server's JSON) before it is read.
        let value = if self.kind == BrowserKind::WebKit {
            self.js(
                &format!("{WEBKIT_CONSOLE_HOOKS}\nreturn window.__e2eConsole.splice(0);"),
                vec![],
            )
            .await
            .context("reading the page's console")?
        } else {
            self.client
                .issue_cmd(GetBrowserLog)
                .await
                .context("reading the browser log")?
        };
        let mut record = self.console.lock().unwrap();
        for entry in value.as_array().into_iter().flatten() {
            let field = |k: &str| {
                entry
                    .get(k)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string()
            };
            record.push(LogEntry {
                level: field("level"),
                source: field("source"),
                message: field("message"),
            });
        }
        Ok(record.clone())
    }

    /// Drains the browser log and forgets everything recorded so far, so that later
    /// checks see only what comes after (e.g. one page load of several in a test).
    /// The failure log still lists only what is recorded after this.
    pub async fn forget_console(&self) -> Result<()> {
        self.console_log().await?;
        self.console.lock().unwrap().clear();
        Ok(())
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

    /// Fails when the browser logged a failed request whose message mentions none of
    /// `expected` (URL fragments such as `/scenario/500/`): a scenario's own failed
    /// requests are expected, a missing asset or a broken image is not. (The browser's
    /// own look for `/favicon.ico`, which the page does not have, is not the page's.)
    pub async fn assert_network_errors_only(&self, expected: &[&str]) -> Result<()> {
        let favicon = format!("{}/favicon.ico ", self.base);
        let unexpected: Vec<String> = self
            .network_errors()
            .await?
            .into_iter()
            .filter(|e| !e.message.starts_with(&favicon))
            .filter(|e| !expected.iter().any(|x| e.message.contains(x)))
            .map(|e| format!("  {e}"))
            .collect();
        if unexpected.is_empty() {
            return Ok(());
        }
        bail!(
            "the browser logged unexpected failed request(s):\n{}",
            unexpected.join("\n")
        )
    }

    /// The page is alive and well: no uncaught error or console error, and no failed
    /// request other than those expected (see [`Test::assert_network_errors_only`]).
    pub async fn assert_page_healthy(&self, expected_failed_requests: &[&str]) -> Result<()> {
        self.assert_no_console_errors().await?;
        self.assert_network_errors_only(expected_failed_requests)
            .await
    }

    /// Fails when the page logged an uncaught error or a console error.
    pub async fn assert_no_console_errors(&self) -> Result<()> {
        let errors = self.console_errors().await?;
        if errors.is_empty() {
            return Ok(());
        }
        let list: Vec<String> = errors.iter().map(|e| format!("  {e}")).collect();
        bail!(
            "the browser console has {} error(s):\n{}",
            errors.len(),
            list.join("\n")
        )
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
        let kind = self
            .js(&format!("{source}\n;return typeof window.axe;"), vec![])
            .await?;
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
        Ok(result
            .get("ok")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default())
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
            for node in v
                .get("nodes")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .take(5)
            {
                report.push_str(&format!(
                    "    at {}\n",
                    node.get("target").unwrap_or(&Value::Null)
                ));
            }
        }
        bail!(
            "axe-core: {} violation(s) in the {state} state:\n{report}",
            violations.len()
        )
    }

    /// Saves a PNG of the viewport as `e2e/artifacts/<file_stem>.png` (the stem may
    /// name a subfolder, `screenshots/gallery-light`); returns its path.
    pub async fn screenshot(&self, file_stem: &str) -> Result<PathBuf> {
        let png = self
            .client
            .screenshot()
            .await
            .context("taking a screenshot")?;
        let path = artifacts_dir().join(format!("{file_stem}.png"));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
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
        let errors: Vec<&str> = console
            .lines()
            .filter(|l| l.starts_with("[SEVERE"))
            .collect();
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
        assert_eq!(
            parse_listening("listening on http://127.0.0.1:43123"),
            Some(43123)
        );
        assert_eq!(
            parse_listening("listening on http://127.0.0.1:8787/\n"),
            Some(8787)
        );
        assert_eq!(parse_listening("starting demo"), None);
    }
}
