//! A WebDriver BiDi connection (Firefox through geckodriver): commands with replies,
//! and the events the suite needs turned into [`LogEntry`]s, the same record
//! chromedriver's log gives for Chromium: `log.entryAdded` (console calls, uncaught
//! errors) and failed requests (`network.responseCompleted` with an error status,
//! `network.fetchError`).

use std::sync::{Arc, Mutex};

use anyhow::{anyhow, bail, Context as _, Result};
use serde_json::{json, Value};

use crate::console::LogEntry;
use crate::secs;

type BidiReply = tokio::sync::oneshot::Sender<Result<Value, String>>;

#[derive(Clone)]
pub(super) struct Bidi {
    commands: tokio::sync::mpsc::UnboundedSender<(Value, BidiReply)>,
    /// Entries not yet drained by [`Bidi::drain`].
    inbox: Arc<Mutex<Vec<LogEntry>>>,
}

impl Bidi {
    pub(super) async fn connect(url: &str) -> Result<Self> {
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
                        } else if let Some(entry) = event_entry(&v) {
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
    pub(super) async fn send(&self, method: &str, params: Value) -> Result<Value> {
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

    /// The entries received since the last drain.
    pub(super) fn drain(&self) -> Vec<LogEntry> {
        std::mem::take(&mut *self.inbox.lock().unwrap())
    }

    /// The top-level browsing context (the one tab).
    pub(super) async fn context(&self) -> Result<String> {
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
/// (`NS_BINDING_ABORTED`: a lazy image scrolled away, an aborted fetch; Chromium does
/// not log those either).
fn event_entry(v: &Value) -> Option<LogEntry> {
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
                message: format!(
                    "{url} - Failed to load resource: the server responded with a status of {status}"
                ),
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
