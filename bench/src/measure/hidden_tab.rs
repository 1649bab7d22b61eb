//! A hidden tab: a second tab in front for a while, then back; requests while hidden
//! (in the page and in the server's log) and the refresh on return.

use std::time::Instant;

use anyhow::Result;
use jobs_gallery_e2e::{secs, Test};
use serde::{Deserialize, Serialize};

use crate::stats::round;

/// How long the tab stays hidden.
pub const HIDDEN_SECS: u64 = 10;

const HIDDEN_TAB: &str = include_str!("../../js/hidden_tab.js");

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Hidden {
    pub seconds: f64,
    /// The page got a `visibilitychange` to hidden.
    pub page_saw_hidden: bool,
    /// In the page's resource timing; `None` where it saw no hidden → visible.
    pub requests_started_while_hidden: Option<u64>,
    pub requests_logged_while_hidden: usize,
    pub refreshed_on_return: bool,
    pub refresh_after_s: f64,
    pub visibility_events: Vec<VisibilityEvent>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VisibilityEvent {
    pub state: String,
    pub t: f64,
}

#[derive(Deserialize)]
struct Visibility {
    events: Vec<VisibilityEvent>,
    hidden_at: Option<f64>,
    requests_started_while_hidden: Option<u64>,
}

pub async fn measure(t: &Test) -> Result<Hidden> {
    let first = t.client.window().await?;
    let before_hidden = t.requests("/v1/jobs").len();
    let other = t.client.new_window(true).await?;
    t.client.switch_to_window(other.handle.clone()).await?;
    t.client.goto("about:blank").await?;
    let hidden_from = Instant::now();
    tokio::time::sleep(secs(HIDDEN_SECS)).await; // the measured window, not a wait for a condition
    let in_hidden_log = t.requests("/v1/jobs").len() - before_hidden;
    let hidden_for = hidden_from.elapsed().as_secs_f64();
    t.client.close_window().await?;
    t.client.switch_to_window(first).await?;
    // Coming back refreshes at once.
    let back = Instant::now();
    let back_n = t.requests("/v1/jobs").len();
    let refreshed = t
        .wait_requests("/v1/jobs", back_n + 1, secs(10))
        .await
        .is_ok();
    let refresh_after = back.elapsed().as_secs_f64();
    let vis: Visibility = serde_json::from_value(t.js(HIDDEN_TAB, vec![]).await?)?;
    Ok(Hidden {
        seconds: round(hidden_for),
        page_saw_hidden: vis.hidden_at.is_some(),
        requests_started_while_hidden: vis.requests_started_while_hidden,
        requests_logged_while_hidden: in_hidden_log,
        refreshed_on_return: refreshed,
        refresh_after_s: round(refresh_after),
        visibility_events: vis.events,
    })
}
