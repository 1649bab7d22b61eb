//! `GET /media-proxy?url=`: a result picture fetched by the server, so that the widget can
//! save it from its own origin whatever CORS headers the image host sends.
//!
//! It must not become an open proxy, nor a way to reach what the server can reach and
//! the browser cannot: only URLs on an allow-list of origins are fetched; the request
//! upstream carries nothing of the client's (no key, no cookies, no headers); redirects
//! are answered, not followed, so an allowed host cannot bounce the server elsewhere;
//! and only pictures are passed on, so that an allowed host's HTML never runs in the
//! widget's origin. The body is streamed, under a size cap.

use crate::error::ApiError;
use crate::proxy::{upstream_failure, DEFAULT_TIMEOUT};
use crate::query::QueryPairs;
use crate::state::{Mode, SharedState};
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_LENGTH, CONTENT_TYPE, ETAG, LAST_MODIFIED, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;
use futures_util::Stream;
use reqwest::Url;
use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// Largest picture passed on: far above any result image, far below a disk's worth.
pub const DEFAULT_MAX_BYTES: u64 = 50 * 1024 * 1024;
/// Where the service's signed result links point.
pub const DEPICTA_MEDIA: &str = "https://images.depicta.ai";

/// An http(s) origin: scheme, host and port, as the `url` crate normalizes them (so
/// `HTTPS://Images.Depicta.AI:443` is `https://images.depicta.ai`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    scheme: String,
    host: String,
    port: u16,
}

/// An origin on the command line that is not one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("--media-origin must be an http:// or https:// origin such as {DEPICTA_MEDIA}, without path or credentials, got {0:?}")]
pub struct OriginError(String);

impl Origin {
    /// The origin of `url`, when it is an http(s) URL without credentials. A URL with
    /// userinfo has none: `https://images.depicta.ai@evil.example/` must not look allowed
    /// to a reader, and no allowed host needs a password in its links.
    pub fn of(url: &Url) -> Option<Origin> {
        let scheme = url.scheme();
        if !(scheme == "http" || scheme == "https")
            || !url.username().is_empty()
            || url.password().is_some()
        {
            return None;
        }
        Some(Origin {
            scheme: scheme.to_string(),
            host: url.host_str()?.to_string(),
            port: url.port_or_known_default()?,
        })
    }

    fn of_str(url: &str) -> Option<Origin> {
        Url::parse(url).ok().as_ref().and_then(Origin::of)
    }
}

impl FromStr for Origin {
    type Err = OriginError;

    /// `scheme://host[:port]`, with at most a `/` after it.
    fn from_str(text: &str) -> Result<Origin, OriginError> {
        let bad = || OriginError(text.to_string());
        let url = Url::parse(text.trim()).map_err(|_| bad())?;
        if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
            return Err(bad());
        }
        Origin::of(&url).ok_or_else(bad)
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let default_port = if self.scheme == "https" { 443 } else { 80 };
        write!(f, "{}://{}", self.scheme, self.host)?;
        if self.port != default_port {
            write!(f, ":{}", self.port)?;
        }
        Ok(())
    }
}

/// The media proxy's settings, as given on the command line.
#[derive(Debug, Clone)]
pub struct MediaConfig {
    /// The origins it fetches from; `None` for the mode's [`default_origins`].
    pub origins: Option<Vec<Origin>>,
    /// Largest body passed on.
    pub max_bytes: u64,
    /// How long the image host may take to connect, to send its answer's head, and
    /// between two parts of its body.
    pub timeout: Duration,
}

impl Default for MediaConfig {
    fn default() -> Self {
        MediaConfig {
            origins: None,
            max_bytes: DEFAULT_MAX_BYTES,
            timeout: DEFAULT_TIMEOUT,
        }
    }
}

/// Proxy mode: the service's image host and the service's own origin. Demo mode: the
/// origin of `--public-base`, when the demo's links are absolute (root-relative links
/// are same-origin already and need no proxy).
pub fn default_origins(mode: &Mode) -> Vec<Origin> {
    let candidates = match mode {
        Mode::Proxy(up) => vec![Origin::of_str(DEPICTA_MEDIA), Origin::of_str(up.base())],
        Mode::Demo(demo) => vec![Origin::of_str(demo.public_base())],
    };
    let mut origins: Vec<Origin> = Vec::new();
    for origin in candidates.into_iter().flatten() {
        if !origins.contains(&origin) {
            origins.push(origin);
        }
    }
    origins
}

/// The media proxy as the handler uses it.
pub struct MediaProxy {
    origins: Vec<Origin>,
    max_bytes: u64,
    /// `None` if reqwest could not set up TLS; then each media request is a 500 rather
    /// than the server refusing to start for a route it may never be asked for.
    client: Option<reqwest::Client>,
}

impl MediaProxy {
    pub fn new(config: MediaConfig, mode: &Mode) -> MediaProxy {
        let timeout = config.timeout;
        let client = reqwest::Client::builder()
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            // Per read, not for the whole answer: a large picture on a slow link may take
            // longer than a stalled host is given.
            .read_timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("jobs-gallery-server/", env!("CARGO_PKG_VERSION")))
            .build()
            .ok();
        MediaProxy {
            origins: config.origins.unwrap_or_else(|| default_origins(mode)),
            max_bytes: config.max_bytes,
            client,
        }
    }

    pub fn origins(&self) -> &[Origin] {
        &self.origins
    }

    /// `url`, parsed, when it is an absolute URL on an allowed origin.
    fn allowed(&self, url: Option<&str>) -> Result<Url, ApiError> {
        let url = url
            .filter(|u| !u.is_empty())
            .and_then(|u| Url::parse(u).ok())
            .ok_or(ApiError::BadMediaUrl)?;
        match Origin::of(&url) {
            Some(origin) if self.origins.contains(&origin) => Ok(url),
            _ => Err(ApiError::MediaNotAllowed),
        }
    }
}

/// `GET /media-proxy?url=<absolute URL>`. Passes on a 200 picture with its
/// `Content-Type`, `Content-Length`, `Cache-Control`, `ETag` and `Last-Modified`; every
/// other answer is a 502 naming why.
pub async fn media_proxy(
    State(state): State<SharedState>,
    query: QueryPairs,
) -> Result<Response, ApiError> {
    let proxy = &state.media_proxy;
    let url = proxy.allowed(query.first("url"))?;
    let client = proxy.client.as_ref().ok_or(ApiError::Internal)?;
    let res = client
        .get(url)
        .header(reqwest::header::ACCEPT, "image/*")
        .send()
        .await
        .map_err(|e| upstream_failure(&e))?;
    let status = res.status();
    if status.is_redirection() {
        return Err(ApiError::UpstreamRedirect);
    }
    if status != reqwest::StatusCode::OK {
        return Err(ApiError::UpstreamStatus(status.as_u16()));
    }
    let content_type = res
        .headers()
        .get(CONTENT_TYPE)
        .filter(|v| is_picture(v))
        .cloned()
        .ok_or(ApiError::UpstreamNotImage)?;
    if res.content_length().is_some_and(|n| n > proxy.max_bytes) {
        return Err(ApiError::UpstreamTooLarge);
    }
    let passed: Vec<_> = [CONTENT_LENGTH, CACHE_CONTROL, ETAG, LAST_MODIFIED]
        .into_iter()
        .filter_map(|name| Some((name.clone(), res.headers().get(&name)?.clone())))
        .collect();

    let mut out = Response::new(Body::from_stream(capped(res, proxy.max_bytes)));
    *out.status_mut() = StatusCode::OK;
    let h = out.headers_mut();
    h.insert(CONTENT_TYPE, content_type);
    for (name, value) in passed {
        h.insert(name, value);
    }
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    Ok(out)
}

/// `image/…`, but not SVG: an SVG is a document that runs scripts when opened, and
/// this one would open in the widget's origin.
fn is_picture(content_type: &HeaderValue) -> bool {
    let Ok(value) = content_type.to_str() else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or("").trim();
    let essence = essence.to_ascii_lowercase();
    essence.len() > "image/".len() && essence.starts_with("image/") && essence != "image/svg+xml"
}

/// The upstream body, ending in an error once it passes `max` bytes (or when the host
/// fails mid-way): hyper then aborts the answer, so the client sees a failed transfer
/// rather than a file that silently stops.
fn capped(
    res: reqwest::Response,
    max: u64,
) -> impl Stream<Item = Result<Bytes, std::io::Error>> + Send {
    futures_util::stream::unfold(Some((res, 0u64)), move |state| async move {
        let (mut res, sent) = state?;
        match res.chunk().await {
            Ok(Some(chunk)) => {
                let sent = sent + chunk.len() as u64;
                if sent > max {
                    let too_large = std::io::Error::other("media proxy: over the size cap");
                    Some((Err(too_large), None))
                } else {
                    Some((Ok(chunk), Some((res, sent))))
                }
            }
            Ok(None) => None,
            Err(e) => Some((Err(std::io::Error::other(e)), None)),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(text: &str) -> Origin {
        text.parse().unwrap()
    }

    #[test]
    fn origins_parse_normalized() {
        assert_eq!(
            origin("HTTPS://Images.Depicta.AI:443/"),
            origin("https://images.depicta.ai")
        );
        assert_eq!(
            origin("http://127.0.0.1:8080").to_string(),
            "http://127.0.0.1:8080"
        );
        assert_eq!(
            origin("https://images.depicta.ai").to_string(),
            DEPICTA_MEDIA
        );
        for bad in [
            "images.depicta.ai",
            "ftp://images.depicta.ai",
            "https://user@images.depicta.ai",
            "https://images.depicta.ai/media",
            "https://images.depicta.ai/?a=1",
            "javascript:alert(1)",
            "",
        ] {
            assert!(bad.parse::<Origin>().is_err(), "{bad}");
        }
    }

    #[test]
    fn only_pictures_pass() {
        for (value, ok) in [
            ("image/png", true),
            ("IMAGE/JPEG; charset=binary", true),
            ("image/webp", true),
            ("image/svg+xml", false),
            ("Image/SVG+XML; charset=utf-8", false),
            ("image/", false),
            ("text/html", false),
            ("application/octet-stream", false),
        ] {
            assert_eq!(is_picture(&HeaderValue::from_static(value)), ok, "{value}");
        }
    }
}
