//! The widget's two requests: `fetch_page` for the list and `fetch_job` for one job by
//! id. Both add the key only when one is configured, abort on supersession or timeout,
//! and turn every outcome into a `Page` (or a `Job`) or a `Failure` here, at the edge.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestInit, Response};

use super::failure::{parse_retry_after, ErrorBody, Failure};
use super::model::{decode_one, decode_page, Job, Page};
use crate::time::{parse_http_date, Millis};

/// Where and how to ask.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// Base URL without a trailing slash; empty means the page's own origin.
    pub api_base: String,
    pub api_key: Option<String>,
    pub timeout_ms: u32,
}

/// A page as it arrived, with the server's clock reading (`Date` header) if it sent one,
/// and the body it was read from (which the gallery hands to the viewer's panel).
#[derive(Clone, Debug, PartialEq)]
pub struct Fetched {
    pub page: Page,
    pub server_time: Option<Millis>,
    pub body: String,
}

/// The first request, started by the loader while the wasm was still on its way (so
/// that the API's round trip is not one more step on the critical path), handed over
/// with its controller. It stands for a request only if it asked for the URL the
/// gallery asks for; the loader made it from the same options, key included, and drops
/// it itself when the options change before the wasm runs.
#[derive(Clone, Debug)]
pub struct Prefetched {
    pub url: String,
    pub response: js_sys::Promise,
    pub abort: AbortController,
}

impl Prefetched {
    /// Reads the loader's `{ url, response, abort }`; `None` if the URL is missing. The
    /// other two are taken as the loader made them, unchecked (size/trust-the-loader).
    pub fn from_js(value: &wasm_bindgen::JsValue) -> Option<Self> {
        let get = |key: &str| js_sys::Reflect::get(value, &key.into()).unwrap_or_default();
        Some(Prefetched {
            url: get("url").as_string()?,
            response: get("response").unchecked_into(),
            abort: get("abort").unchecked_into(),
        })
    }
}

/// The URL of one page of jobs.
pub fn jobs_url(api_base: &str, limit: u32, offset: u64) -> String {
    format!(
        "{}/v1/jobs?limit={limit}&offset={offset}",
        api_base.trim_end_matches('/')
    )
}

/// A job id as people paste it: letters, digits, `-` and `_`, at most 100 of them
/// (UUIDs and the like); anything else never reaches the URL.
pub fn job_id(text: &str) -> Option<&str> {
    let id = text.trim();
    let plain = id
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    (plain && (1..=100).contains(&id.len())).then_some(id)
}

/// The URL of one job; `id` must have passed [`job_id`].
pub fn job_url(api_base: &str, id: &str) -> String {
    format!("{}/v1/jobs/{id}", api_base.trim_end_matches('/'))
}

fn is_offline() -> bool {
    web_sys::window().is_some_and(|w| !w.navigator().on_line())
}

/// Fetches one page from `url` (see [`jobs_url`]). `abort` is the caller's controller:
/// aborting it (because a newer request supersedes this one) ends the request at once;
/// the caller must also ignore whatever this returns afterwards. `started` is the
/// response of this same request when it is already on its way (see `Prefetched`),
/// read with the same timeout and failure handling as any other.
pub async fn fetch_page(
    endpoint: &Endpoint,
    url: &str,
    limit: u32,
    abort: &AbortController,
    started: Option<js_sys::Promise>,
) -> Result<Fetched, Failure> {
    let answer = get(endpoint, url, abort, started).await?;
    decode_page(&answer.body, limit)
        .map(|page| Fetched {
            page,
            server_time: answer.server_time,
            body: answer.body,
        })
        .map_err(|e| Failure::Decode {
            reason: e.0,
            request_id: answer.request_id,
        })
}

/// Fetches one job by id (which must have passed [`job_id`]), with the server's clock
/// reading. A `Failure::NotFound` here means the job is gone (or was never there), not
/// that the API is elsewhere: the caller says so in those words.
pub async fn fetch_job(
    endpoint: &Endpoint,
    id: &str,
    abort: &AbortController,
) -> Result<(Job, Option<Millis>), Failure> {
    let answer = get(endpoint, &job_url(&endpoint.api_base, id), abort, None).await?;
    decode_one(&answer.body, id)
        .map(|job| (job, answer.server_time))
        .map_err(|e| Failure::Decode {
            reason: e.0,
            request_id: answer.request_id,
        })
}

/// A 2xx answer's body, with what its headers said.
struct Answer {
    body: String,
    server_time: Option<Millis>,
    request_id: Option<String>,
}

async fn get(
    endpoint: &Endpoint,
    url: &str,
    abort: &AbortController,
    started: Option<js_sys::Promise>,
) -> Result<Answer, Failure> {
    let timed_out = Rc::new(Cell::new(false));
    let timer = {
        let (timed_out, abort) = (timed_out.clone(), abort.clone());
        Timeout::start(endpoint.timeout_ms, move || {
            timed_out.set(true);
            abort.abort();
        })
    };
    let result = send(endpoint, url, abort, &timed_out, started).await;
    drop(timer);
    result
}

/// A timer that owns its callback: dropping it clears the timer and frees the closure.
/// (A timer cleared before it fires would otherwise keep its closure alive for as long
/// as the page lives: one per request, since nearly every request beats its timeout.)
struct Timeout {
    id: Option<i32>,
    _callback: Closure<dyn FnMut()>,
}

impl Timeout {
    fn start(ms: u32, callback: impl FnMut() + 'static) -> Self {
        let callback = Closure::new(callback);
        let id = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(
                callback.as_ref().unchecked_ref(),
                ms as i32,
            )
            .ok()
        });
        Timeout {
            id,
            _callback: callback,
        }
    }
}

impl Drop for Timeout {
    fn drop(&mut self) {
        if let (Some(id), Some(window)) = (self.id, web_sys::window()) {
            window.clear_timeout_with_handle(id);
        }
    }
}

async fn send(
    endpoint: &Endpoint,
    url: &str,
    abort: &AbortController,
    timed_out: &Cell<bool>,
    started: Option<js_sys::Promise>,
) -> Result<Answer, Failure> {
    let lost = || {
        if timed_out.get() {
            Failure::Timeout {
                after_ms: endpoint.timeout_ms,
            }
        } else {
            Failure::Network {
                offline: is_offline(),
            }
        }
    };
    // web-sys's fetch directly: for these GETs gloo-net's builder only added code
    // (size/web-sys-fetch).
    let headers = Headers::new().map_err(|_| lost())?;
    let _ = headers.set("Accept", "application/json");
    if let Some(key) = &endpoint.api_key {
        let _ = headers.set("Authorization", &format!("Bearer {key}"));
    }
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_headers(&headers);
    init.set_signal(Some(&abort.signal()));
    let window = web_sys::window().ok_or_else(lost)?;
    let request = match started {
        Some(response) => response,
        None => window.fetch_with_str_and_init(url, &init),
    };
    let response: Response = JsFuture::from(request)
        .await
        .map_err(|_| lost())?
        .unchecked_into();
    let headers = response.headers();
    let header = |name: &str| headers.get(name).ok().flatten();
    let server_time = header("date").and_then(|d| parse_http_date(&d));
    let request_id = header("x-request-id");
    let status = response.status();
    // The body can fail mid-stream as well (dropped connection, timeout while reading).
    let body = JsFuture::from(response.text().map_err(|_| lost())?)
        .await
        .map_err(|_| lost())?
        .as_string()
        .unwrap_or_default();
    if (200..300).contains(&status) {
        return Ok(Answer {
            body,
            server_time,
            request_id,
        });
    }
    let now = server_time.unwrap_or_else(|| js_sys::Date::now() as Millis);
    let retry_after = header("retry-after").and_then(|v| parse_retry_after(&v, now));
    Err(Failure::from_status(
        status,
        ErrorBody::parse(&body, request_id.as_deref()),
        retry_after,
    ))
}
