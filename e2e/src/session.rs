//! One browser session per test: opened on the WebDriver server with the engine's
//! capabilities, deleted (and its profile removed) when the test ends.

use anyhow::{anyhow, Context as _, Result};
use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder};
use serde_json::Value;

use crate::artifacts::note;
use crate::driver::{driver_port, http_sync};
use crate::engine::Engine;
use crate::{secs, BrowserKind};

/// One browser session. Deleted (and its profile folder removed) on drop.
pub(crate) struct Session {
    pub(crate) client: Client,
    pub(crate) engine: Engine,
    session_id: String,
    driver_port: u16,
    closed: bool,
}

impl Session {
    /// Opens a session for test `test_name`. A browser that fails to start its session
    /// is the machine's trouble, not the page's: one more try, and a note that says so
    /// (notes.txt).
    pub(crate) async fn open(test_name: &str, prefers_dark: bool) -> Result<Self> {
        let open = || async {
            tokio::time::timeout(secs(60), Self::open_once(test_name, prefers_dark))
                .await
                .unwrap_or_else(|_| Err(anyhow!("no session within 60 s")))
        };
        match open().await {
            Ok(session) => Ok(session),
            Err(first) => {
                let session = open().await.map_err(|e| {
                    anyhow!("the browser did not start twice: {first:#}; then {e:#}")
                })?;
                note(
                    test_name,
                    &format!("the browser started at the second try: {first:#}"),
                );
                Ok(session)
            }
        }
    }

    async fn open_once(test_name: &str, prefers_dark: bool) -> Result<Self> {
        let driver_port = driver_port(test_name)?;
        let driver_url = format!("http://127.0.0.1:{driver_port}");
        let (client, engine) = BrowserKind::chosen()
            .connect(&driver_url, prefers_dark)
            .await?;
        let session_id = match client.session_id().await {
            Ok(Some(id)) => id,
            other => {
                engine.session_ended();
                return Err(anyhow!(
                    "the WebDriver server returned no session id ({other:?})"
                ));
            }
        };
        Ok(Self {
            client,
            engine,
            session_id,
            driver_port,
            closed: false,
        })
    }

    /// Ends the session through WebDriver (Drop deletes it otherwise).
    pub(crate) async fn close(mut self) {
        if self.client.clone().close().await.is_ok() {
            self.closed = true;
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if !self.closed {
            let _ = http_sync(
                self.driver_port,
                "DELETE",
                &format!("/session/{}", self.session_id),
                None,
            );
        }
        self.engine.session_ended();
    }
}

/// A new session on the WebDriver server at `driver_url` with `caps` (a JSON object);
/// `browser` names it in the error.
pub(crate) async fn connect_with(driver_url: &str, caps: Value, browser: &str) -> Result<Client> {
    let caps: Capabilities = match caps {
        Value::Object(map) => map,
        other => return Err(anyhow!("capabilities must be a JSON object, not {other}")),
    };
    let mut builder = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
    builder.capabilities(caps);
    builder
        .connect(driver_url)
        .await
        .with_context(|| format!("opening a {browser} session"))
}
