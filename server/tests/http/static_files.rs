//! `--static dist`: content types, caching, precompressed files, traversal, CSP.

use crate::serve;
use jobs_gallery_server::{Config, LogSink, Mode, SystemClock, CSP};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::Arc;

/// A served folder `dist/` with a secret file beside it (outside what is served), in a
/// folder of the test's own that is removed when the guard drops.
struct Site {
    root: PathBuf,
}

impl Site {
    fn new() -> Self {
        let root = std::env::temp_dir().join(format!(
            "jgs-site-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&root);
        let dist = root.join("dist");
        std::fs::create_dir_all(dist.join("assets")).unwrap();
        let write = |name: &str, data: &[u8]| std::fs::write(dist.join(name), data).unwrap();
        write("index.html", b"<!doctype html><title>gallery</title>");
        write("app-0123456789abcdef_bg.wasm", b"\0asm\x01\0\0\0");
        write("app-0123456789abcdef.js", b"export default 1;");
        write("app-0123456789abcdef.js.br", b"BROTLI");
        write("app-0123456789abcdef.js.gz", b"GZIP");
        write("style-fedcba9876543210.css", b"body{}");
        write("assets/logo.svg", b"<svg/>");
        std::fs::write(root.join(SECRET), b"secret").unwrap();
        Self { root }
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// The file next to the served folder that no request may reach.
const SECRET: &str = "jgs-secret.txt";

/// The companion server with `--static` on a fresh [`Site`]: its address, and the guard
/// that keeps the folder for as long as the test runs.
async fn static_server(csp: bool) -> (String, Site) {
    let site = Site::new();
    let clock = Arc::new(SystemClock);
    let mut config = Config::demo(42, clock);
    config.static_dir = Some(site.root.join("dist"));
    config.csp = csp;
    config.log = LogSink::Off;
    assert!(matches!(config.mode, Mode::Demo(_)));
    (serve(config).await, site)
}

#[tokio::test]
async fn files_types_and_caching() {
    let (base, _site) = static_server(true).await;
    let c = crate::client();
    for (path, ctype, cache) in [
        ("/", "text/html; charset=utf-8", "no-cache"),
        ("/index.html", "text/html; charset=utf-8", "no-cache"),
        (
            "/app-0123456789abcdef_bg.wasm",
            "application/wasm",
            "public, max-age=31536000, immutable",
        ),
        (
            "/style-fedcba9876543210.css",
            "text/css; charset=utf-8",
            "public, max-age=31536000, immutable",
        ),
        ("/assets/logo.svg", "image/svg+xml", "no-cache"),
    ] {
        let res = c.get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(res.headers()["content-type"], ctype, "{path}");
        assert_eq!(res.headers()["cache-control"], cache, "{path}");
        assert_eq!(res.headers()["content-security-policy"], CSP, "{path}");
    }
    let res = c.get(format!("{base}/missing.js")).send().await.unwrap();
    assert_eq!(res.status(), 404);
    assert_eq!(res.headers()["content-security-policy"], CSP);
    // The API still answers next to the files.
    let res = c.get(format!("{base}/v1/jobs")).send().await.unwrap();
    assert_eq!(res.status(), 401);
    assert!(res.headers().get("content-security-policy").is_none());
}

#[tokio::test]
async fn precompressed_siblings() {
    let (base, _site) = static_server(false).await;
    // No automatic decompression in this client: look at the raw bytes.
    let c = crate::client();
    let url = format!("{base}/app-0123456789abcdef.js");
    for (accept, encoding, body) in [
        (Some("gzip, deflate, br"), Some("br"), "BROTLI"),
        (Some("gzip"), Some("gzip"), "GZIP"),
        (Some("br;q=0, gzip"), Some("gzip"), "GZIP"),
        (None, None, "export default 1;"),
    ] {
        let mut req = c.get(&url);
        if let Some(a) = accept {
            req = req.header("accept-encoding", a);
        }
        let res = req.send().await.unwrap();
        assert_eq!(
            res.headers()["content-type"],
            "text/javascript; charset=utf-8"
        );
        assert_eq!(res.headers()["vary"], "Accept-Encoding");
        assert_eq!(
            res.headers()
                .get("content-encoding")
                .map(|v| v.to_str().unwrap()),
            encoding,
            "{accept:?}"
        );
        assert!(res.headers().get("content-security-policy").is_none());
        assert_eq!(res.text().await.unwrap(), body);
    }
}

#[tokio::test]
async fn no_path_traversal() {
    let (base, _site) = static_server(false).await;
    let addr = base.trim_start_matches("http://").to_string();
    // Raw requests: an HTTP client would normalise the dots away before sending.
    let raw = tokio::task::spawn_blocking(move || {
        [
            format!("/../{SECRET}"),
            format!("/%2e%2e/{SECRET}"),
            format!("/assets/..%2f..%2f{SECRET}"),
        ]
        .iter()
        .map(|path| {
            let mut s = std::net::TcpStream::connect(&addr).unwrap();
            write!(
                s,
                "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            )
            .unwrap();
            let mut out = String::new();
            s.read_to_string(&mut out).unwrap();
            out
        })
        .collect::<Vec<_>>()
    })
    .await
    .unwrap();
    for answer in raw {
        assert!(
            answer.starts_with("HTTP/1.1 400") || answer.starts_with("HTTP/1.1 404"),
            "{answer}"
        );
        assert!(
            !answer.contains("secret\r\n") && !answer.ends_with("secret"),
            "{answer}"
        );
    }
}
