//! Answers go out compressed when the client accepts it: a page of jobs is some 26 KB
//! of JSON, one more round trip's worth on mobile data.

use crate::{client, demo, KEY};
use std::io::Read;

async fn get(url: &str, accept: Option<&str>) -> reqwest::Response {
    let mut request = client().get(url).header("authorization", KEY);
    if let Some(accept) = accept {
        request = request.header("accept-encoding", accept);
    }
    request.send().await.unwrap()
}

fn decoded(encoding: &str, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    match encoding {
        "br" => brotli::Decompressor::new(body, 4096)
            .read_to_end(&mut out)
            .unwrap(),
        "gzip" => flate2::read::GzDecoder::new(body)
            .read_to_end(&mut out)
            .unwrap(),
        other => panic!("unexpected content-encoding {other}"),
    };
    out
}

#[tokio::test]
async fn a_page_of_jobs_is_compressed_as_the_client_accepts() {
    let server = demo(7).await;
    let url = format!("{}/v1/jobs?limit=20", server.base);
    let plain = get(&url, None).await;
    assert_eq!(plain.headers().get("content-encoding"), None);
    let plain = plain.bytes().await.unwrap();
    assert!(
        plain.len() > 10_000,
        "a page of 20 jobs: {} bytes",
        plain.len()
    );

    for (accept, expected) in [("gzip, deflate, br, zstd", "br"), ("gzip", "gzip")] {
        let res = get(&url, Some(accept)).await;
        assert_eq!(res.status(), 200);
        let encoding = res.headers()["content-encoding"]
            .to_str()
            .unwrap()
            .to_owned();
        assert_eq!(encoding, expected, "for Accept-Encoding: {accept}");
        assert!(res.headers()["vary"]
            .to_str()
            .unwrap()
            .to_ascii_lowercase()
            .contains("accept-encoding"));
        let body = res.bytes().await.unwrap();
        assert!(
            body.len() * 3 < plain.len(),
            "{expected}: {} of {} bytes",
            body.len(),
            plain.len()
        );
        assert_eq!(
            decoded(&encoding, &body),
            plain,
            "{expected} decodes to the same page"
        );
    }
}

#[tokio::test]
async fn an_error_body_keeps_its_request_id_when_compressed() {
    let server = demo(7).await;
    let url = format!("{}/scenario/500/v1/jobs", server.base);
    let res = get(&url, Some("br")).await;
    assert_eq!(res.status(), 500);
    let id = res.headers()["x-request-id"].to_str().unwrap().to_owned();
    let encoding = res
        .headers()
        .get("content-encoding")
        .map(|v| v.to_str().unwrap().to_owned());
    let body = res.bytes().await.unwrap();
    let body = match encoding.as_deref() {
        Some(encoding) => decoded(encoding, &body),
        // Bodies under tower-http's threshold go out as they are.
        None => body.to_vec(),
    };
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["error"], "internal_error");
    assert_eq!(body["request_id"], id.as_str());
}

#[tokio::test]
async fn result_pictures_are_not_compressed_again() {
    let server = demo(7).await;
    let (_, _, page) = crate::get_json(&format!("{}/v1/jobs?limit=20", server.base)).await;
    let url = page["generations"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|job| job["result"]["formats"]["png"]["url"].as_str())
        .expect("a completed image job on the first page")
        .to_owned();
    let url = if url.starts_with('/') {
        format!("{}{url}", server.base)
    } else {
        url
    };
    let res = get(&url, Some("gzip, br")).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(res.headers().get("content-encoding"), None);
}
