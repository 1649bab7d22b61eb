//! Firefox ESR through geckodriver: WebDriver BiDi for the console, document-start
//! scripts and the viewport (Firefox has no CDP), and its own content colour-scheme
//! preference, set from its privileged context, for `prefers-color-scheme`.

mod bidi;

use std::path::{Path, PathBuf};
use std::process::Stdio;

use anyhow::{anyhow, bail, Context as _, Result};
use fantoccini::Client;
use serde_json::{json, Value};

use self::bidi::Bidi;
use super::vendor_command::VendorCommand;
use crate::console::LogEntry;
use crate::driver::DriverCommand;
use crate::process::free_port;
use crate::session::connect_with;

/// The Firefox arguments every session gets (geckodriver gives each session a fresh
/// temporary profile of its own).
pub const FIREFOX_ARGS: &[&str] = &["-headless", "-width", "1280", "-height", "900"];

/// The Firefox preferences every session gets; downloads are saved without asking, into
/// `downloads`.
fn firefox_prefs(downloads: &Path) -> Value {
    json!({
        "browser.download.folderList": 2,
        "browser.download.dir": downloads,
        "browser.download.useDownloadDir": true,
        "browser.download.always_ask_before_handling_new_types": false,
        "browser.download.start_downloads_in_tmp_dir": false,
        "browser.download.alwaysOpenPanel": false,
        // navigator.clipboard.readText() for the Copy id test, without the paste
        // prompt (Chromium: the clipboard permission is granted through CDP).
        "dom.events.asyncClipboard.readText": true,
        "dom.events.testing.asyncClipboard": true,
        // Notifications through Firefox's own alert window: the system's (libnotify)
        // needs a D-Bus notification service, which a headless test machine lacks.
        "alerts.useSystemBackend": false,
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

/// A Firefox session's own: its WebDriver BiDi connection and its downloads folder.
#[derive(Clone)]
pub(crate) struct Firefox {
    bidi: Bidi,
    downloads: PathBuf,
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

pub(crate) fn driver_command(port: u16) -> Result<DriverCommand> {
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
    Ok(DriverCommand {
        program: bin,
        args: vec![
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
        stderr: Stdio::null(),
        companion: None,
    })
}

pub(crate) async fn connect(driver_url: &str) -> Result<(Client, Firefox)> {
    let downloads = super::session_folder("downloads")?;
    let binary = std::env::var("FIREFOX").unwrap_or_else(|_| "/usr/bin/firefox-esr".into());
    let caps = json!({
        "browserName": "firefox",
        "webSocketUrl": true,
        "moz:firefoxOptions": { "binary": binary, "args": FIREFOX_ARGS, "prefs": firefox_prefs(&downloads) },
    });
    let client = match connect_with(driver_url, caps, "firefox").await {
        Ok(client) => client,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&downloads);
            return Err(e);
        }
    };
    let ws = client
        .capabilities()
        .and_then(|c| c.get("webSocketUrl"))
        .and_then(Value::as_str)
        .ok_or_else(|| anyhow!("geckodriver returned no webSocketUrl (WebDriver BiDi)"))?
        .to_string();
    match Bidi::connect(&ws).await {
        Ok(bidi) => Ok((client, Firefox { bidi, downloads })),
        Err(e) => {
            // geckodriver holds one session at a time: the second try needs this one gone.
            let _ = client.close().await;
            let _ = std::fs::remove_dir_all(&downloads);
            Err(e)
        }
    }
}

impl Firefox {
    /// Where this session's downloads land.
    pub(crate) fn downloads(&self) -> &Path {
        &self.downloads
    }

    pub(crate) fn remove_downloads(&self) {
        let _ = std::fs::remove_dir_all(&self.downloads);
    }

    /// The console entries and failed requests BiDi reported since the last read.
    pub(crate) async fn read_console(&self) -> Result<Vec<LogEntry>> {
        // A round trip first, so that events sent before it are in.
        self.bidi
            .send("session.status", json!({}))
            .await
            .context("reading the browser log")?;
        Ok(self.bidi.drain())
    }

    pub(crate) async fn add_init_script(&self, source: &str) -> Result<()> {
        self.bidi
            .send(
                "script.addPreloadScript",
                json!({ "functionDeclaration": format!("() => {{\n{source}\n}}") }),
            )
            .await?;
        Ok(())
    }

    pub(crate) async fn set_viewport(&self, width: u32, height: u32) -> Result<()> {
        let context = self.bidi.context().await?;
        self.bidi
            .send(
                "browsingContext.setViewport",
                json!({ "context": context, "viewport": { "width": width, "height": height }, "devicePixelRatio": 1 }),
            )
            .await?;
        Ok(())
    }
}

/// The preference behind Settings > Website appearance (0 dark, 1 light).
pub(crate) async fn set_color_scheme(client: &Client, scheme: &str) -> Result<()> {
    let value = if scheme == "dark" { 0 } else { 1 };
    set_int_pref(
        client,
        "layout.css.prefers-color-scheme.content-override",
        value,
    )
    .await
}

/// The default answer to every site's notification request (1 allow, 2 block, 0 ask).
pub(crate) async fn set_notifications(client: &Client, state: &str) -> Result<()> {
    let value = match state {
        "granted" => 1,
        "denied" => 2,
        _ => 0,
    };
    set_int_pref(client, "permissions.default.desktop-notification", value).await
}

/// Sets preference `name` from Firefox's privileged ("chrome") script context.
async fn set_int_pref(client: &Client, name: &str, value: i32) -> Result<()> {
    client
        .issue_cmd(script_context("chrome"))
        .await
        .context("switching to Firefox's chrome context")?;
    let set = client
        .execute(
            "Services.prefs.setIntPref(arguments[0], arguments[1]);",
            vec![json!(name), json!(value)],
        )
        .await;
    client
        .issue_cmd(script_context("content"))
        .await
        .context("switching back to the page")?;
    set.with_context(|| format!("setting {name}"))?;
    Ok(())
}

/// geckodriver's switch between the page's script context ("content") and the
/// browser's own ("chrome"): `POST /session/{id}/moz/context`.
fn script_context(context: &str) -> VendorCommand {
    VendorCommand::new("moz/context", json!({ "context": context }).to_string())
}
