//! Chromium through chromedriver: a fresh `--user-data-dir` per session, the console
//! from chromedriver's browser log, emulation through the DevTools protocol (CDP).

use std::path::PathBuf;
use std::process::Stdio;

use anyhow::{bail, Context as _, Result};
use fantoccini::Client;
use serde_json::{json, Value};

use super::vendor_command::VendorCommand;
use crate::console::{entries_from_json, LogEntry};
use crate::driver::DriverCommand;
use crate::session::connect_with;

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

/// A Chromium session's own: its profile folder, removed when the session ends.
#[derive(Clone)]
pub(crate) struct Chromium {
    profile: PathBuf,
}

impl Chromium {
    pub(crate) fn remove_profile(&self) {
        let _ = std::fs::remove_dir_all(&self.profile);
    }

    /// Where this session's downloads land: a folder in its profile.
    pub(crate) fn downloads(&self) -> PathBuf {
        self.profile.join("downloads")
    }
}

pub(crate) fn driver_command(port: u16) -> Result<DriverCommand> {
    let bin = PathBuf::from(
        std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into()),
    );
    if !bin.is_file() {
        bail!(
            "{} not found: run scripts/setup.sh (Debian package chromium-driver)",
            bin.display()
        );
    }
    Ok(DriverCommand {
        program: bin,
        args: vec![format!("--port={port}")],
        stderr: Stdio::null(),
        companion: None,
    })
}

pub(crate) async fn connect(driver_url: &str) -> Result<(Client, Chromium)> {
    let chromium = Chromium {
        profile: super::session_folder("profile")?,
    };
    let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|s| s.to_string()).collect();
    args.push(format!("--user-data-dir={}", chromium.profile.display()));
    let binary = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    // Downloads are saved without asking, into the session's own folder.
    let prefs = json!({
        "download.default_directory": chromium.downloads(),
        "download.prompt_for_download": false,
    });
    let caps = json!({
        "browserName": "chrome",
        "goog:loggingPrefs": { "browser": "ALL" },
        "goog:chromeOptions": { "binary": binary, "args": args, "prefs": prefs },
    });
    match connect_with(driver_url, caps, "chromium").await {
        Ok(client) => Ok((client, chromium)),
        Err(e) => {
            chromium.remove_profile();
            Err(e)
        }
    }
}

/// chromedriver's browser log since the last read.
pub(crate) async fn read_console(client: &Client) -> Result<Vec<LogEntry>> {
    let value = client
        // chromedriver's browser log; reading it empties it.
        .issue_cmd(VendorCommand::new("se/log", r#"{"type":"browser"}"#.into()))
        .await
        .context("reading the browser log")?;
    Ok(entries_from_json(&value))
}

pub(crate) async fn cdp(client: &Client, cmd: &str, params: Value) -> Result<Value> {
    let body = json!({ "cmd": cmd, "params": params }).to_string();
    client
        // chromedriver's passage to the DevTools protocol.
        .issue_cmd(VendorCommand::new("goog/cdp/execute", body))
        .await
        .with_context(|| format!("CDP command {cmd}"))
}

pub(crate) async fn add_init_script(client: &Client, source: &str) -> Result<()> {
    cdp(
        client,
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": source }),
    )
    .await?;
    Ok(())
}

pub(crate) async fn allow_clipboard(client: &Client, origin: &str) -> Result<()> {
    cdp(
        client,
        "Browser.grantPermissions",
        json!({ "origin": origin, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"] }),
    )
    .await?;
    Ok(())
}

pub(crate) async fn set_color_scheme(client: &Client, scheme: &str) -> Result<()> {
    cdp(
        client,
        "Emulation.setEmulatedMedia",
        json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
    )
    .await?;
    Ok(())
}

pub(crate) async fn set_viewport(
    client: &Client,
    width: u32,
    height: u32,
    mobile: bool,
) -> Result<()> {
    cdp(
        client,
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile }),
    )
    .await?;
    Ok(())
}
