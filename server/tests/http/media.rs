//! Signed result pictures: served while fresh, refused like a CDN once expired or forged.

use crate::{client, demo, get_json, T0};
use serde_json::Value;

/// The URL of the first completed single image's format `fmt` in the newest page.
fn first_image_url(page: &Value, fmt: &str) -> Option<(String, i64)> {
    page["generations"].as_array()?.iter().find_map(|j| {
        let entry = j["result"]["formats"].get(fmt)?;
        let url = entry
            .as_str()
            .or_else(|| entry["url"].as_str())?
            .to_string();
        let expires = url
            .split("expires=")
            .nth(1)?
            .split('&')
            .next()?
            .parse()
            .ok()?;
        Some((url, expires))
    })
}

#[tokio::test]
async fn fresh_links_give_decodable_pictures() {
    let s = demo(42).await;
    let (_, _, page) = get_json(&format!("{}/v1/jobs?limit=30", s.base)).await;
    for (fmt, content_type, decoded) in [
        ("png", "image/png", image::ImageFormat::Png),
        ("jpeg", "image/jpeg", image::ImageFormat::Jpeg),
        ("webp", "image/webp", image::ImageFormat::WebP),
    ] {
        let (url, expires) = first_image_url(&page, fmt).expect("a fresh image");
        assert!(expires > T0, "the newest images are still fresh");
        let res = client()
            .get(format!("{}{url}", s.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{url}");
        assert_eq!(res.headers()["content-type"], content_type);
        let cache = res.headers()["cache-control"].to_str().unwrap().to_string();
        assert!(
            cache.starts_with("public, max-age=") && cache.ends_with("immutable"),
            "{cache}"
        );
        let bytes = res.bytes().await.unwrap();
        assert_eq!(image::guess_format(&bytes).unwrap(), decoded);
        let img = image::load_from_memory(&bytes).unwrap();
        assert_eq!((img.width(), img.height()), (256, 256));
        // Served twice, same bytes (from the cache the second time).
        let again = client()
            .get(format!("{}{url}", s.base))
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        assert_eq!(bytes, again);
    }
}

#[tokio::test]
async fn story_scenes_are_different_pictures() {
    let s = demo(42).await;
    let (_, _, page) = get_json(&format!("{}/v1/jobs?limit=100", s.base)).await;
    let story = page["generations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| {
            j["result"]["scenes"]
                .as_array()
                .is_some_and(|s| s.len() >= 2)
                && j["completed_at"].as_str().unwrap() > "2026-04-06T14:05:00Z"
        })
        .expect("a fresh story with two scenes");
    let urls: Vec<String> = story["result"]["scenes"]
        .as_array()
        .unwrap()
        .iter()
        .take(2)
        .map(|sc| {
            let png = &sc["images"]["png"];
            png.as_str()
                .or_else(|| png["url"].as_str())
                .unwrap()
                .to_string()
        })
        .collect();
    let mut pictures = Vec::new();
    for url in &urls {
        let res = client()
            .get(format!("{}{url}", s.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        pictures.push(
            image::load_from_memory(&res.bytes().await.unwrap())
                .unwrap()
                .to_rgb8(),
        );
    }
    assert_ne!(pictures[0].as_raw(), pictures[1].as_raw());
    let reference = story["result"]["characters"][0]["reference_url"]
        .as_str()
        .unwrap();
    let res = client()
        .get(format!("{}{reference}", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

async fn assert_denied(base: &str, url: &str, message: &str) {
    let res = client().get(format!("{base}{url}")).send().await.unwrap();
    assert_eq!(res.status(), 403, "{url}");
    assert_eq!(res.headers()["content-type"], "application/xml");
    let text = res.text().await.unwrap();
    assert!(text.contains("<Error><Code>AccessDenied</Code>"), "{text}");
    assert!(text.contains(message), "{text}");
}

#[tokio::test]
async fn forged_and_expired_links_are_refused() {
    let s = demo(42).await;
    let (_, _, page) = get_json(&format!("{}/v1/jobs?limit=30", s.base)).await;
    let (url, expires) = first_image_url(&page, "png").unwrap();

    // A changed signature, a changed expiry, a missing signature.
    let last = url.chars().last().unwrap();
    let flipped = if last == '0' { '1' } else { '0' };
    let tampered = format!("{}{flipped}", &url[..url.len() - 1]);
    assert_denied(&s.base, &tampered, "signature").await;
    let extended = url.replace(
        &format!("expires={expires}"),
        &format!("expires={}", expires + 3600),
    );
    assert_denied(&s.base, &extended, "signature").await;
    assert_denied(&s.base, url.split('?').next().unwrap(), "expires and sig").await;

    // The same link once its hour is over.
    s.clock.set(expires);
    assert_denied(&s.base, &url, "Request has expired").await;
    s.clock.set(expires - 1);
    assert_eq!(
        client()
            .get(format!("{}{url}", s.base))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );

    // Older history has expired links from the start.
    s.clock.set(T0);
    let (_, _, old) = get_json(&format!("{}/v1/jobs?limit=20&offset=100", s.base)).await;
    let (old_url, old_expires) = first_image_url(&old, "png").unwrap();
    assert!(old_expires < T0);
    assert_denied(&s.base, &old_url, "Request has expired").await;

    // Files the demo never links to.
    let res = client()
        .get(format!("{}/media/x/passwd.txt?expires=1&sig=00", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}
