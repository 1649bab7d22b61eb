//! Integration tests over real HTTP: the router runs on an ephemeral port in-process
//! (with a manual clock), or the built binary runs as a child process.

mod binary;
mod compression;
mod contract;
mod errors;
mod job_by_id;
mod media;
mod media_proxy;
mod page_menu;
mod proxy;
mod proxy_job;
mod scenarios;
mod static_files;

use jobs_gallery_server::media_proxy::MediaConfig;
use jobs_gallery_server::{app, Clock, Config, Demo, LogSink, ManualClock, Mode};
use std::sync::{Arc, Mutex};

/// 2026-04-06T15:02:10Z, the fixtures' afternoon.
pub const T0: i64 = 1_775_487_730;
pub const KEY: &str = "Bearer dpct_demo_key";

pub struct Server {
    pub base: String,
    pub clock: Arc<ManualClock>,
    pub log: Arc<Mutex<Vec<String>>>,
}

/// Serves `config` on 127.0.0.1:0 and returns its base URL.
pub async fn serve(config: Config) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, app(config)).await.unwrap();
    });
    format!("http://{addr}")
}

/// A demo server with `seed`, started at T0, whose clock only moves when told.
pub async fn demo(seed: u64) -> Server {
    let clock = Arc::new(ManualClock::new(T0));
    let log = Arc::new(Mutex::new(Vec::new()));
    let base = serve(Config {
        mode: Mode::Demo(Demo::new(seed, T0)),
        clock: clock.clone() as Arc<dyn Clock>,
        static_dir: None,
        csp: false,
        log: LogSink::Memory(log.clone()),
        media: MediaConfig::default(),
    })
    .await;
    Server { base, clock, log }
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().unwrap()
}

pub async fn get_json(url: &str) -> (u16, reqwest::header::HeaderMap, serde_json::Value) {
    let res = client()
        .get(url)
        .header("authorization", KEY)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let body = res.bytes().await.unwrap();
    let value = serde_json::from_slice(&body)
        .unwrap_or_else(|e| panic!("{url}: not JSON ({e}): {}", String::from_utf8_lossy(&body)));
    (status, headers, value)
}

/// The documented failure body, with the same request id as the header.
pub fn assert_error_body(
    headers: &reqwest::header::HeaderMap,
    body: &serde_json::Value,
    code: &str,
) {
    assert_eq!(body["error"], code, "{body}");
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    assert!(body.get("details").is_some(), "{body}");
    let rid = body["request_id"].as_str().expect("request_id");
    assert!(
        rid.starts_with("req_") && rid[4..].bytes().all(|b| b.is_ascii_hexdigit()),
        "{rid}"
    );
    assert_eq!(headers["x-request-id"], rid);
}
