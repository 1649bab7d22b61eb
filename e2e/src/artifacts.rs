//! What a person (or CI) looks at afterwards, in `e2e/artifacts/<browser>/`:
//! screenshots, a failed test's page and log, and notes on how tests ran.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use crate::{BrowserKind, Test};

/// `e2e/artifacts/<browser>/`, one folder per browser. Git-ignored.
pub fn artifacts_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("artifacts")
        .join(BrowserKind::chosen().name());
    std::fs::create_dir_all(&dir).expect("create e2e/artifacts/<browser>");
    dir
}

/// A line about how test `name` ran (a browser session that started only at the second
/// try), in its output and in `e2e/artifacts/<browser>/notes.txt`, which
/// `scripts/test.sh` prints after each browser's run: cargo shows a passing test's
/// output to nobody.
pub(crate) fn note(name: &str, text: &str) {
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

/// A failure's artifacts from an earlier run would be mistaken for this run's.
pub(crate) fn remove_failure_artifacts(name: &str) {
    for ext in ["png", "log"] {
        let _ = std::fs::remove_file(artifacts_dir().join(format!("{name}.{ext}")));
    }
}

impl Test {
    /// Saves a PNG of the viewport as `e2e/artifacts/<browser>/<file_stem>.png` (the
    /// stem may name a subfolder, `screenshots/gallery-light`); returns its path.
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
    pub(crate) async fn save_failure_artifacts(&self) -> String {
        let mut notes = Vec::new();
        match self.screenshot(self.name()).await {
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
            self.name(),
            self.server().log()
        );
        let path = artifacts_dir().join(format!("{}.log", self.name()));
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
