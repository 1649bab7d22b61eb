//! Waiting: always a polled condition with a bound, never a sleep. Every wait here is
//! built on [`Test::wait_until`].

use std::future::Future;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{anyhow, Context as _, Result};
use fantoccini::elements::Element;
use fantoccini::Locator;
use serde_json::json;

use crate::Test;

/// How often a condition is polled.
const POLL: Duration = Duration::from_millis(50);

impl Test {
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
            tokio::time::sleep(POLL).await; // poll period, bounded above
        }
    }

    /// Waits (bounded) until an element matching `css` exists and returns it.
    pub async fn wait_element(&self, css: &str, timeout: Duration) -> Result<Element> {
        self.client
            .wait()
            .at_most(timeout)
            .every(POLL)
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
}
