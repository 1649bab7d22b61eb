//! `GET /media-proxy?url=` over real HTTP, against fake image hosts on ephemeral ports:
//! only allowed origins are fetched, with nothing of the client's; only a 200 picture is
//! passed on, streamed and capped; every other answer is a typed failure.

use crate::{assert_error_body, client, Server, KEY, T0};
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use futures_util::StreamExt;
use jobs_gallery_server::media_proxy::{default_origins, MediaConfig, Origin};
use jobs_gallery_server::proxy::Upstream;
use jobs_gallery_server::{app, Clock, Config, Demo, LogSink, ManualClock, Mode, SystemClock};
use serde_json::Value;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The cap the tests set, small enough to pass with a few chunks.
const CAP: u64 = 1024;
const TIMEOUT: Duration = Duration::from_millis(300);

/// Path and headers of every request an image host got.
type Seen = Arc<Mutex<Vec<(String, HeaderMap)>>>;

fn picture() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend((0..600u32).map(|i| (i % 251) as u8));
    bytes
}

fn chunks(sizes: &[usize]) -> Body {
    let parts: Vec<Result<Bytes, std::io::Error>> = sizes
        .iter()
        .map(|&n| Ok(Bytes::from(vec![7u8; n])))
        .collect();
    Body::from_stream(futures_util::stream::iter(parts))
}

/// The fake image host: answers by path, and records what it received.
async fn image_host(State(seen): State<Seen>, headers: HeaderMap, uri: Uri) -> Response {
    let target = uri.path_and_query().unwrap().as_str().to_string();
    seen.lock().unwrap().push((target, headers));
    let png = [("content-type", "image/png")];
    match uri.path() {
        "/ok.png" => (
            [
                ("content-type", "image/png"),
                ("cache-control", "public, max-age=60"),
                ("etag", "\"v1\""),
                ("last-modified", "Mon, 06 Apr 2026 15:00:00 GMT"),
                ("set-cookie", "tracker=1"),
                ("access-control-allow-origin", "*"),
                ("x-internal", "do not pass"),
            ],
            picture(),
        )
            .into_response(),
        "/exact.png" => (png, vec![1u8; CAP as usize]).into_response(),
        "/big.png" => (png, vec![1u8; CAP as usize + 1]).into_response(),
        "/small-chunked.webp" => {
            ([("content-type", "image/webp")], chunks(&[200, 200, 200])).into_response()
        }
        "/chunked.png" => (png, chunks(&[512, 512, 512, 512])).into_response(),
        "/slow.png" => {
            tokio::time::sleep(Duration::from_secs(5)).await;
            (png, picture()).into_response()
        }
        "/stall.png" => {
            let first =
                futures_util::stream::iter([Ok::<_, std::io::Error>(Bytes::from(vec![7u8; 100]))]);
            let never = futures_util::stream::once(async {
                tokio::time::sleep(Duration::from_secs(5)).await;
                Ok(Bytes::from(vec![7u8; 100]))
            });
            (png, Body::from_stream(first.chain(never))).into_response()
        }
        "/redirect.png" => (
            StatusCode::FOUND,
            [("location", "/ok.png"), ("content-type", "image/png")],
        )
            .into_response(),
        "/page.html" => (
            [("content-type", "text/html; charset=utf-8")],
            "<script>alert(document.domain)</script>",
        )
            .into_response(),
        "/drawing.svg" => (
            [("content-type", "image/svg+xml")],
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
        )
            .into_response(),
        "/untyped" => picture().into_response(),
        _ => (StatusCode::NOT_FOUND, png, "nope").into_response(),
    }
}

struct Host {
    base: String,
    seen: Seen,
}

async fn serve_image_host() -> Host {
    let seen: Seen = Arc::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = Router::new().fallback(image_host).with_state(seen.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Host {
        base: format!("http://{addr}"),
        seen,
    }
}

fn origin(base: &str) -> Origin {
    base.parse().unwrap()
}

/// Proxy mode (its upstream is never asked here) fetching media from `allowed` only.
async fn media_proxy(allowed: &[&Host]) -> String {
    crate::serve(Config {
        mode: Mode::Proxy(
            Upstream::new("http://127.0.0.1:9", Some("dpct_media_test"), TIMEOUT).unwrap(),
        ),
        clock: Arc::new(SystemClock),
        static_dir: None,
        csp: false,
        log: LogSink::Off,
        media: MediaConfig {
            origins: Some(allowed.iter().map(|h| origin(&h.base)).collect()),
            max_bytes: CAP,
            timeout: TIMEOUT,
        },
    })
    .await
}

fn proxied(base: &str, url: &str) -> String {
    let url: String = form_urlencoded::byte_serialize(url.as_bytes()).collect();
    format!("{base}/media-proxy?url={url}")
}

async fn get(url: &str) -> reqwest::Response {
    client().get(url).send().await.unwrap()
}

/// A typed failure: its status and `error` code.
async fn assert_refused(res: reqwest::Response, status: u16, code: &str, what: &str) -> Value {
    assert_eq!(res.status().as_u16(), status, "{what}");
    assert_eq!(res.headers()["content-type"], "application/json", "{what}");
    let headers = res.headers().clone();
    let body: Value = res.json().await.unwrap();
    assert_error_body(&headers, &body, code);
    body
}

#[tokio::test]
async fn an_allowed_picture_streams_through_with_nothing_of_the_client() {
    let host = serve_image_host().await;
    let base = media_proxy(&[&host]).await;
    let res = client()
        .get(proxied(
            &base,
            &format!("{}/ok.png?sig=abc&expires=1", host.base),
        ))
        .header("authorization", KEY)
        .header("cookie", "session=s3cr3t")
        .header("x-forwarded-for", "10.0.0.1")
        .header("referer", "https://widget.example/page")
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let h = res.headers().clone();
    assert_eq!(h["content-type"], "image/png");
    assert_eq!(h["content-length"], picture().len().to_string().as_str());
    assert_eq!(h["cache-control"], "public, max-age=60");
    assert_eq!(h["etag"], "\"v1\"");
    assert_eq!(h["last-modified"], "Mon, 06 Apr 2026 15:00:00 GMT");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert!(h.contains_key("x-request-id"));
    for dropped in [
        "set-cookie",
        "x-internal",
        "access-control-allow-origin",
        "content-encoding",
    ] {
        assert!(!h.contains_key(dropped), "{dropped}");
    }
    assert_eq!(res.bytes().await.unwrap(), picture());

    let seen = host.seen.lock().unwrap();
    assert_eq!(seen.len(), 1);
    let (target, headers) = &seen[0];
    assert_eq!(target, "/ok.png?sig=abc&expires=1");
    for absent in [
        "authorization",
        "cookie",
        "x-forwarded-for",
        "referer",
        "accept-encoding",
    ] {
        assert!(
            !headers.contains_key(absent),
            "{absent} reached the image host"
        );
    }
    assert!(headers["user-agent"]
        .to_str()
        .unwrap()
        .starts_with("jobs-gallery-server/"));
}

#[tokio::test]
async fn a_body_without_length_is_streamed_under_the_cap() {
    let host = serve_image_host().await;
    let base = media_proxy(&[&host]).await;
    let res = get(&proxied(
        &base,
        &format!("{}/small-chunked.webp", host.base),
    ))
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/webp");
    assert!(!res.headers().contains_key("content-length"));
    assert_eq!(res.bytes().await.unwrap(), vec![7u8; 600]);

    // Exactly the cap is still fine.
    let res = get(&proxied(&base, &format!("{}/exact.png", host.base))).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.bytes().await.unwrap().len() as u64, CAP);
}

#[tokio::test]
async fn origins_off_the_list_are_refused_before_any_request() {
    let host = serve_image_host().await;
    let other = serve_image_host().await;
    let base = media_proxy(&[&host]).await;
    let allowed = host.base.trim_start_matches("http://");
    let other_port = other.base.rsplit(':').next().unwrap();
    let port = allowed.rsplit(':').next().unwrap();
    for url in [
        format!("{}/ok.png", other.base),
        format!("http://127.0.0.1:{other_port}/ok.png"),
        format!("http://localhost:{port}/ok.png"),
        format!("https://{allowed}/ok.png"),
        format!("http://user@{allowed}/ok.png"),
        format!("http://user:pw@{allowed}/ok.png"),
        format!("http://{allowed}@127.0.0.1:{other_port}/ok.png"),
        format!("http://{allowed}%2F@127.0.0.1:{other_port}/ok.png"),
        format!("http://{allowed}\n@127.0.0.1:{other_port}/ok.png"),
        format!("http://127.0.0.1.nip.io:{port}/ok.png"),
        format!("http://[::1]:{port}/ok.png"),
        "javascript:alert(1)".to_string(),
        "data:image/png;base64,iVBORw0KGgo=".to_string(),
        "file:///etc/passwd".to_string(),
        "ftp://127.0.0.1/ok.png".to_string(),
        "https://images.depicta.ai/ok.png".to_string(),
    ] {
        assert_refused(
            get(&proxied(&base, &url)).await,
            403,
            "media_not_allowed",
            &url,
        )
        .await;
    }
    // Not an absolute URL, or none at all.
    for query in [
        format!(
            "url={}",
            form_urlencoded::byte_serialize(format!("//{allowed}/ok.png").as_bytes())
                .collect::<String>()
        ),
        "url=%2Fok.png".to_string(),
        "url=ok.png".to_string(),
        "url=".to_string(),
        "url".to_string(),
        "".to_string(),
        "uri=http%3A%2F%2F127.0.0.1%2Fok.png".to_string(),
        // Encoded twice: once decoded, still no URL.
        format!("url=http%253A%252F%252F{allowed}%252Fok.png"),
    ] {
        let res = get(&format!("{base}/media-proxy?{query}")).await;
        let body = assert_refused(res, 400, "bad_request", &query).await;
        assert!(body["details"]["url"].is_string(), "{query}");
    }
    assert!(host.seen.lock().unwrap().is_empty());
    assert!(other.seen.lock().unwrap().is_empty());
}

#[tokio::test]
async fn oversized_pictures_are_refused_or_cut_off() {
    let host = serve_image_host().await;
    let base = media_proxy(&[&host]).await;
    // Announced too large: refused before any of it is sent.
    let res = get(&proxied(&base, &format!("{}/big.png", host.base))).await;
    assert_refused(res, 502, "upstream_too_large", "big").await;

    // Found too large on the way: the transfer fails, it never looks complete.
    let mut res = get(&proxied(&base, &format!("{}/chunked.png", host.base))).await;
    assert_eq!(res.status(), 200);
    let mut received = 0;
    let failed = loop {
        match res.chunk().await {
            Ok(Some(chunk)) => received += chunk.len() as u64,
            Ok(None) => break false,
            Err(_) => break true,
        }
    };
    assert!(failed, "a cut-off body must end in an error");
    assert!(received <= CAP, "{received}");
}

#[tokio::test]
async fn slow_hosts_time_out() {
    let host = serve_image_host().await;
    let base = media_proxy(&[&host]).await;
    let started = std::time::Instant::now();
    let res = get(&proxied(&base, &format!("{}/slow.png", host.base))).await;
    assert_refused(res, 504, "upstream_timeout", "slow").await;
    assert!(started.elapsed() < Duration::from_secs(3));

    // A host that stops half-way fails the transfer.
    let res = get(&proxied(&base, &format!("{}/stall.png", host.base))).await;
    assert_eq!(res.status(), 200);
    assert!(res.bytes().await.is_err());

    // Nothing listens.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let gone = Host {
        base: format!("http://{closed}"),
        seen: Arc::default(),
    };
    let base = media_proxy(&[&gone]).await;
    let res = get(&proxied(&base, &format!("{}/ok.png", gone.base))).await;
    assert_refused(res, 502, "upstream_unreachable", "closed").await;
}

#[tokio::test]
async fn only_a_200_picture_is_passed_on() {
    let host = serve_image_host().await;
    let base = media_proxy(&[&host]).await;
    for (path, code) in [
        ("/redirect.png", "upstream_redirect"),
        ("/page.html", "upstream_not_image"),
        ("/drawing.svg", "upstream_not_image"),
        ("/untyped", "upstream_not_image"),
        ("/missing.png", "upstream_status"),
    ] {
        let res = get(&proxied(&base, &format!("{}{path}", host.base))).await;
        let body = assert_refused(res, 502, code, path).await;
        assert!(!body.to_string().contains("<script>"), "{path}");
        if code == "upstream_status" {
            assert_eq!(body["details"]["status"], 404);
            assert_eq!(body["message"], "The media host answered with status 404.");
        }
    }
    // The redirect was not followed.
    let seen: Vec<String> = host
        .seen
        .lock()
        .unwrap()
        .iter()
        .map(|(t, _)| t.clone())
        .collect();
    assert!(!seen.contains(&"/ok.png".to_string()), "{seen:?}");
}

#[tokio::test]
async fn proxy_mode_allows_the_image_host_and_the_upstream_by_default() {
    let t = Duration::from_secs(1);
    let mode = Mode::Proxy(Upstream::new("https://API.depicta.ai/", Some("dpct_x1"), t).unwrap());
    let names: Vec<String> = default_origins(&mode)
        .iter()
        .map(Origin::to_string)
        .collect();
    assert_eq!(
        names,
        ["https://images.depicta.ai", "https://api.depicta.ai"]
    );

    // Against a running upstream: its own pictures pass, others' do not.
    let host = serve_image_host().await;
    let other = serve_image_host().await;
    let base = crate::serve(Config {
        mode: Mode::Proxy(Upstream::new(&host.base, Some("dpct_media_test"), TIMEOUT).unwrap()),
        clock: Arc::new(SystemClock),
        static_dir: None,
        csp: false,
        log: LogSink::Off,
        media: MediaConfig::default(),
    })
    .await;
    let res = get(&proxied(&base, &format!("{}/ok.png", host.base))).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.bytes().await.unwrap(), picture());
    let res = get(&proxied(&base, &format!("{}/ok.png", other.base))).await;
    assert_refused(res, 403, "media_not_allowed", "other").await;
}

/// A demo whose links are absolute, on its own address.
async fn demo_with_public_base() -> Server {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let clock = Arc::new(ManualClock::new(T0));
    let log = Arc::new(Mutex::new(Vec::new()));
    let router = app(Config {
        mode: Mode::Demo(Demo::with_options(42, T0, 20, &base)),
        clock: clock.clone() as Arc<dyn Clock>,
        static_dir: None,
        csp: false,
        log: LogSink::Memory(log.clone()),
        media: MediaConfig::default(),
    });
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    Server { base, clock, log }
}

#[tokio::test]
async fn the_demo_proxies_its_own_public_links_only() {
    let s = demo_with_public_base().await;
    let (_, _, page) = crate::get_json(&format!("{}/v1/jobs?limit=20", s.base)).await;
    let text = page.to_string();
    let start = text
        .find(&format!("\"{}/media/", s.base))
        .expect("an absolute link")
        + 1;
    let link = &text[start..start + text[start..].find('"').unwrap()];
    let res = get(&proxied(&s.base, link)).await;
    assert_eq!(res.status(), 200, "{link}");
    let ctype = res.headers()["content-type"].to_str().unwrap().to_string();
    assert!(ctype.starts_with("image/"), "{ctype}");
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert!(!res.bytes().await.unwrap().is_empty());

    // A forged link is the media host's 403, which the proxy reports as such.
    let forged = format!("{}/media/x/image.png?expires=1&sig=00", s.base);
    let body = assert_refused(
        get(&proxied(&s.base, &forged)).await,
        502,
        "upstream_status",
        "forged",
    )
    .await;
    assert_eq!(body["details"]["status"], 403);

    let host = serve_image_host().await;
    let res = get(&proxied(&s.base, &format!("{}/ok.png", host.base))).await;
    assert_refused(res, 403, "media_not_allowed", "other host").await;

    // Root-relative links are same-origin already: a plain demo proxies nothing.
    let plain = crate::demo(42).await;
    let res = get(&proxied(&plain.base, &format!("{}/ok.png", host.base))).await;
    assert_refused(res, 403, "media_not_allowed", "plain demo").await;
    assert!(host.seen.lock().unwrap().is_empty());
}
