//! What a test body gets: [`Test`], the browser session and the test's server, with
//! navigation, scripts in the page and reads of the API.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{bail, Context as _, Result};
use fantoccini::Client;
use serde_json::{json, Value};

use crate::console::LogEntry;
use crate::engine::Engine;
use crate::server::{Server, OWN_READ};
use crate::site::{mount_page, write_page};

/// What a test body gets: the browser session and the server's address. Cheap to clone.
#[derive(Clone)]
pub struct Test {
    /// The fantoccini client for anything the helpers do not cover.
    pub client: Client,
    /// `http://127.0.0.1:PORT` of this test's companion server.
    pub base: String,
    pub(crate) name: Arc<str>,
    pub(crate) console: Arc<Mutex<Vec<LogEntry>>>,
    pub(crate) server: Arc<Server>,
    pub(crate) engine: Engine,
}

impl Test {
    /// This test's name: its function's name, which names its artifacts.
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

    /// Opens a page of the test's own making: the release build's `<head>` (its hashed
    /// stylesheet and module, read from the built index.html) and a body holding a
    /// heading and one mount element with `attrs`, e.g.
    /// `[("data-api-base", "/scenario/slow"), ("data-timeout-ms", "1500")]`.
    /// The page is written into the served copy of the build ([`crate::site_dir`]).
    pub async fn open_page(&self, attrs: &[(&str, &str)]) -> Result<()> {
        self.open_page_at(attrs, "").await
    }

    /// [`Test::open_page`] with `query` (`?jobs.job=…`, or empty) in its address.
    pub async fn open_page_at(&self, attrs: &[(&str, &str)], query: &str) -> Result<()> {
        let page = write_page(self.name(), &mount_page(attrs)?)?;
        self.open(&format!("{page}{query}")).await
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

    /// The server's total of jobs (`/v1/jobs`, demo key).
    pub async fn api_total(&self) -> Result<u64> {
        let answer = self.api_get("/v1/jobs?limit=1&offset=0").await?;
        answer["body"]["total"]
            .as_u64()
            .ok_or_else(|| anyhow::anyhow!("no total in {answer}"))
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

    /// [`crate::Gallery::wait_idle`] on the page's one gallery, for callers that need
    /// nothing else of the page object (the benchmark).
    pub async fn wait_idle(&self, timeout: Duration) -> Result<()> {
        self.gallery().wait_idle(timeout).await
    }
}
