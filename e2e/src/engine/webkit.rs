//! WebKitGTK's MiniBrowser through WebKitWebDriver, on an Xvfb display. Classic
//! WebDriver only (no DevTools protocol, no BiDi), so what the other engines get from
//! their protocols comes from the served copy of the build: every page loads the
//! console hooks and the running test's init scripts as its first scripts.

mod display;
mod window;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use anyhow::{anyhow, bail, ensure, Context as _, Result};
use fantoccini::Client;
use serde_json::json;

use crate::artifacts::artifacts_dir;
use crate::console::{entries_from_json, LogEntry};
use crate::driver::DriverCommand;
use crate::session::connect_with;
use crate::{site_dir, Test, VIEWPORT};

pub(crate) use window::emulate_viewport;

/// The MiniBrowser arguments every WebKit session gets: automation mode, and the
/// clipboard open to the page, as a person who allowed it would have it (the Copy id
/// test reads it back).
pub const WEBKIT_ARGS: &[&str] = &["--automation", "--javascript-can-access-clipboard=true"];

/// The copy's file of console hooks ([`CONSOLE_HOOKS`]).
const HOOKS_FILE: &str = "e2e-console-hooks.js";
/// The copy's file of the running test's init scripts ([`add_init_script`]); emptied
/// when a test starts.
const INIT_FILE: &str = "e2e-init.js";

/// A WebKit session's own: the colour scheme it was started with, the only one it
/// can show (MiniBrowser's `--dark-mode` holds for a whole session, and WebDriver has
/// no media emulation).
#[derive(Clone)]
pub(crate) struct WebKit {
    launch_scheme: &'static str,
}

impl WebKit {
    pub(crate) fn check_color_scheme(&self, scheme: &str) -> Result<()> {
        ensure!(
            scheme == self.launch_scheme,
            "WebKit through WebKitWebDriver cannot switch to prefers-color-scheme: {scheme} mid-session (it started {}; see Options::prefers_dark)",
            self.launch_scheme
        );
        Ok(())
    }
}

/// WebKitGTK's MiniBrowser, which WebKitWebDriver starts for each session:
/// `WEBKIT_BROWSER`, else where Debian's libwebkit2gtk puts it.
fn browser_bin() -> Result<PathBuf> {
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
    found.into_iter().find(|p| p.is_file()).ok_or_else(|| {
        anyhow!("WebKitGTK's MiniBrowser not found under /usr/lib: run scripts/setup.sh (Debian package webkit2gtk-driver)")
    })
}

pub(crate) fn driver_command(port: u16) -> Result<DriverCommand> {
    let driver = PathBuf::from(
        std::env::var("WEBKITWEBDRIVER").unwrap_or_else(|_| "/usr/bin/WebKitWebDriver".into()),
    );
    if !driver.is_file() {
        bail!(
            "{} not found: run scripts/setup.sh (Debian package webkit2gtk-driver)",
            driver.display()
        );
    }
    let (display, number) = display::start()?;
    // The driver and browser say why a session ended only on their stderr: kept in the
    // artifacts (e2e/artifacts/webkit/driver.log, appended to by each test binary).
    let log = artifacts_dir().join("driver.log");
    let stderr = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&log)
        .map(Stdio::from)
        .with_context(|| format!("opening {}", log.display()))?;
    // Through env(1): the guard passes no environment of its own.
    Ok(DriverCommand {
        program: PathBuf::from("/usr/bin/env"),
        args: vec![
            format!("DISPLAY=:{number}"),
            driver.display().to_string(),
            format!("--port={port}"),
        ],
        stderr,
        companion: Some(display),
    })
}

pub(crate) async fn connect(driver_url: &str, prefers_dark: bool) -> Result<(Client, WebKit)> {
    let mut args = WEBKIT_ARGS.to_vec();
    if prefers_dark {
        args.push("--dark-mode");
    }
    let caps = json!({
        "browserName": "MiniBrowser",
        "webkitgtk:browserOptions": { "binary": browser_bin()?, "args": args },
    });
    let client = connect_with(driver_url, caps, "webkit").await?;
    // MiniBrowser opens at 1024 × 768 with its own toolbar: size the window so the page
    // gets the viewport the other browsers start with.
    if let Err(e) = window::fit_viewport(&client, VIEWPORT.0, VIEWPORT.1).await {
        let _ = client.close().await;
        return Err(e);
    }
    let launch_scheme = if prefers_dark { "dark" } else { "light" };
    Ok((client, WebKit { launch_scheme }))
}

/// Every page of the copy loads the console hooks and the test's init scripts as its
/// first scripts, right after its `<meta charset>`: classic WebDriver cannot run a
/// script before a page's own. Classic scripts in the head run before the page's
/// module scripts, and, served from the same origin, the strict CSP allows them. The
/// release build in `dist/` is left as it is.
pub(crate) fn hook_pages(site: &Path) -> Result<()> {
    std::fs::write(site.join(HOOKS_FILE), CONSOLE_HOOKS)?;
    std::fs::write(site.join(INIT_FILE), "")?;
    let tags =
        format!("<script src=\"/{HOOKS_FILE}\"></script><script src=\"/{INIT_FILE}\"></script>");
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

/// The init scripts of the test before are not this test's.
pub(crate) fn clear_init_scripts() -> Result<()> {
    let file = site_dir()?.join(INIT_FILE);
    std::fs::write(&file, "").with_context(|| format!("emptying {}", file.display()))
}

pub(crate) fn add_init_script(source: &str) -> Result<()> {
    let file = site_dir()?.join(INIT_FILE);
    let mut scripts = std::fs::OpenOptions::new()
        .append(true)
        .open(&file)
        .with_context(|| format!("opening {}", file.display()))?;
    writeln!(scripts, "(() => {{\n{source}\n}})();")
        .with_context(|| format!("writing {}", file.display()))?;
    Ok(())
}

/// The page's console record since the last read. The hooks go into a page that
/// lacks them (not from the served copy: a stylesheet, the server's JSON) before it is
/// read.
pub(crate) async fn read_console(t: &Test) -> Result<Vec<LogEntry>> {
    let value = t
        .js(
            &format!("{CONSOLE_HOOKS}\nreturn window.__e2eConsole.splice(0);"),
            vec![],
        )
        .await
        .context("reading the page's console")?;
    Ok(entries_from_json(&value))
}

/// WebKit's console, read from inside the page: uncaught errors, unhandled rejections,
/// `console.error` (where a wasm panic lands) and `console.warn`, kept in
/// `window.__e2eConsole` as the log entries of the other browsers. Failed requests are
/// not seen: WebKit tells them only to its Web Inspector.
const CONSOLE_HOOKS: &str = r#"
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
