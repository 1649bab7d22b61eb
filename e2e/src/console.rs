//! The browser console as one record per test, whatever the engine reads it from:
//! uncaught errors, `console.*` calls and failed requests, and the checks on it.

use anyhow::{bail, Result};
use serde_json::Value;

use crate::Test;

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

/// Entries in chromedriver's JSON form (`[{level, source, message}]`), which WebKit's
/// in-page record uses too.
pub(crate) fn entries_from_json(value: &Value) -> Vec<LogEntry> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .map(|entry| {
            let field = |k: &str| {
                entry
                    .get(k)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string()
            };
            LogEntry {
                level: field("level"),
                source: field("source"),
                message: field("message"),
            }
        })
        .collect()
}

impl Test {
    /// Drains the browser's log (chromedriver's `/se/log`; in Firefox the WebDriver
    /// BiDi console and network events; in WebKit the page's own record) into this
    /// test's record and returns the whole record so far.
    pub async fn console_log(&self) -> Result<Vec<LogEntry>> {
        let drained = self.engine.read_console(self).await?;
        let mut record = self.console.lock().unwrap();
        record.extend(drained);
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
}
