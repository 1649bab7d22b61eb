//! Every fixture decodes, and every odd input gives a sensible page or a typed error.

use jobs_gallery::api::results::money_text;
use jobs_gallery::api::{decode_page, ImageFormat, Link, Status};
use jobs_gallery::time::parse_rfc3339;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn mixed_page_decodes_every_shape() {
    let page = decode_page(&fixture("jobs-page-mixed.json"), 20).unwrap();
    assert_eq!(
        (page.total, page.limit, page.offset, page.jobs.len()),
        (57, 8, 0, 8)
    );
    let statuses: Vec<_> = page.jobs.iter().map(|j| j.status).collect();
    use Status::*;
    assert_eq!(
        statuses,
        [Processing, Pending, Completed, Completed, Completed, Failed, Failed, Completed]
    );

    let story_in_progress = &page.jobs[0];
    let p = story_in_progress.scenes.unwrap();
    assert_eq!((p.completed, p.total, p.percent()), (2, 5, 40));
    assert_eq!(
        story_in_progress.started_at,
        parse_rfc3339("2026-04-06T15:02:12Z")
    );

    let image = &page.jobs[2];
    let result = image.result.as_ref().unwrap();
    assert_eq!(image.kind.as_deref(), Some("image"));
    assert_eq!(result.cost_eur.as_deref(), Some("0.045000"));
    assert_eq!(result.images.len(), 1);
    let formats: Vec<_> = result.images[0].links.iter().map(|l| l.format).collect();
    assert_eq!(
        formats,
        [ImageFormat::Webp, ImageFormat::Jpeg, ImageFormat::Png]
    );
    let png = &result.images[0].links[2];
    assert_eq!(png.size_bytes, Some(307_200));
    assert_eq!(png.expires_at, parse_rfc3339("2026-04-06T16:00:00Z"));
    // Formats without their own expiry were signed with the PNG (here also one hour
    // after completion).
    assert_eq!(
        result.images[0].links[0].expires_at,
        parse_rfc3339("2026-04-06T16:00:00Z")
    );
    let before_expiry = parse_rfc3339("2026-04-06T15:30:00Z").unwrap();
    assert_eq!(
        result.images[0].thumbnail(before_expiry).unwrap().format,
        ImageFormat::Webp
    );
    assert_eq!(
        result.images[0].full_size(before_expiry).unwrap().format,
        ImageFormat::Png,
        "full size is the original PNG"
    );

    let story = &page.jobs[3];
    let result = story.result.as_ref().unwrap();
    assert_eq!(story.kind.as_deref(), Some("story"));
    assert_eq!(result.images.len(), 3);
    assert_eq!(result.images[1].scene, Some(2));
    assert_eq!(
        result.images[1].prompt.as_deref(),
        Some("She finds a glowing map")
    );
    assert_eq!(
        result.images[2].links[0].link,
        Link::Safe("https://images.depicta.ai/5e6f/scene-3.png?sig=s3".into())
    );
    assert_eq!(result.characters[0].name, "Aria");
    assert!(result.characters[0].reference.is_some());

    let processing = &page.jobs[4];
    assert_eq!(processing.kind.as_deref(), Some("resize"));
    assert_eq!(processing.scenes, None, "0/0 scenes shows no progress");
    let link = &processing.result.as_ref().unwrap().images[0].links[0];
    assert_eq!(link.format, ImageFormat::Png);
    assert_eq!(link.expires_at, parse_rfc3339("2026-04-06T15:30:01Z"));

    let rejected = &page.jobs[5];
    let error = rejected.error.as_ref().unwrap();
    assert_eq!(error.code, "content_rejected");
    assert!(error.hint().is_some());
    assert!(page.jobs[6]
        .error
        .as_ref()
        .unwrap()
        .hint()
        .unwrap()
        .contains("top up"));

    let bare = &page.jobs[7];
    let links = &bare.result.as_ref().unwrap().images[0].links;
    assert_eq!(links.len(), 2);
    assert!(links.iter().all(|l| matches!(l.link, Link::Safe(_))));
}

#[test]
fn empty_page_is_null_generations() {
    let page = decode_page(&fixture("jobs-page-empty.json"), 20).unwrap();
    assert!(page.jobs.is_empty());
    assert_eq!(page.total, 0);
}

#[test]
fn story_example_with_id_instead_of_job_id() {
    let body = format!(
        r#"{{"generations":[{}],"total":1}}"#,
        fixture("story-poll-example.json")
    );
    let page = decode_page(&body, 20).unwrap();
    let job = &page.jobs[0];
    assert_eq!(job.id, "a1b2c3d4-0000-4000-8000-000000000000");
    assert_eq!(job.kind.as_deref(), Some("story"));
    assert_eq!(job.result.as_ref().unwrap().images[0].links.len(), 3);
}

#[test]
fn unknown_status_and_missing_fields() {
    let page = decode_page(
        r#"{"generations":[{"job_id":"a","status":"exploded"},{"status":null},{}],"total":3}"#,
        20,
    )
    .unwrap();
    assert_eq!(page.jobs.len(), 3);
    assert!(page.jobs.iter().all(|j| j.status == Status::Unknown));
    assert_eq!(page.jobs[0].status_text, "exploded");
    assert_eq!(page.jobs[1].created_at, None);
}

#[test]
fn scene_counts_out_of_range_are_clamped() {
    let page = decode_page(
        r#"{"generations":[
            {"job_id":"a","scenes_completed":9,"scenes_total":3},
            {"job_id":"b","scenes_completed":-2,"scenes_total":4},
            {"job_id":"c","scenes_completed":1,"scenes_total":99999999},
            {"job_id":"d","scenes_completed":"2","scenes_total":"5"},
            {"job_id":"e","scenes_completed":1,"scenes_total":-1}
        ]}"#,
        20,
    )
    .unwrap();
    let p: Vec<_> = page
        .jobs
        .iter()
        .map(|j| j.scenes.map(|s| (s.completed, s.total)))
        .collect();
    assert_eq!(
        p,
        [
            Some((3, 3)),
            Some((0, 4)),
            Some((1, 1000)),
            Some((2, 5)),
            None
        ]
    );
}

#[test]
fn too_many_jobs_are_capped_and_duplicates_dropped() {
    let jobs: Vec<String> = (0..500)
        .map(|i| format!(r#"{{"job_id":"j{}","status":"completed"}}"#, i % 250))
        .collect();
    let page = decode_page(
        &format!(r#"{{"generations":[{}],"total":500}}"#, jobs.join(",")),
        20,
    )
    .unwrap();
    assert_eq!(page.jobs.len(), 20);
    let dup = decode_page(
        r#"{"generations":[{"job_id":"x","status":"pending"},{"job_id":"x","status":"failed"}]}"#,
        20,
    )
    .unwrap();
    assert_eq!(dup.jobs.len(), 1);
    assert_eq!(dup.jobs[0].status, Status::Pending);
}

#[test]
fn total_below_the_page_is_raised() {
    let page = decode_page(
        r#"{"generations":[{"job_id":"a"},{"job_id":"b"}],"offset":40,"total":3}"#,
        20,
    )
    .unwrap();
    assert_eq!(page.total, 42);
}

#[test]
fn empty_page_past_the_end_keeps_the_servers_total() {
    // The list shrank from 180 to 160 under a reader of offset 170: the total is the
    // news, and the gallery goes straight to offset 150 with it.
    let page = decode_page(
        r#"{"generations":null,"limit":10,"offset":170,"total":160}"#,
        10,
    )
    .unwrap();
    assert_eq!(page.total, 160);
    assert_eq!(
        jobs_gallery::paging::corrected_offset(170, 10, page.total),
        Some(150)
    );
}

#[test]
fn malformed_bodies_are_decode_errors() {
    for body in [
        "",
        "<html>502</html>",
        "[1,2]",
        r#"{"generations":"many"}"#,
        r#"{"generations":[],"total":"lots"}"#,
        r#"{"generations":[{"job_id":"a""#,
        "null",
    ] {
        assert!(decode_page(body, 20).is_err(), "{body:?}");
    }
    // Odd entries inside a good list cost only themselves.
    let page = decode_page(
        r#"{"generations":[1,"x",null,{"job_id":"ok"}],"total":4}"#,
        20,
    )
    .unwrap();
    assert_eq!(page.jobs.len(), 1);
}

#[test]
fn unsafe_links_are_refused() {
    for bad in [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<b>x</b>",
        "vbscript:msgbox",
        "//evil.example/x.png",
        "https://",
        "https:///x",
        "/\\evil",
        "http://a b",
        "  ",
        "ftp://x/y.png",
    ] {
        assert_eq!(Link::parse(bad), Link::Invalid, "{bad:?}");
    }
    for good in [
        "https://images.depicta.ai/a.png?sig=1",
        "http://localhost:8787/media/x.png",
        "/media/j/1.png?expires=1&sig=ab",
    ] {
        assert_eq!(Link::parse(good), Link::Safe(good.into()));
    }
    let page = decode_page(r#"{"generations":[{"job_id":"h","status":"completed","result":{"formats":{"png":"javascript:alert(1)","webp":{"url":"data:image/svg+xml,<svg onload=alert(1)>"}}}}]}"#, 20).unwrap();
    let image = &page.jobs[0].result.as_ref().unwrap().images[0];
    assert!(image.links.iter().all(|l| l.link == Link::Invalid));
    assert_eq!(image.thumbnail(0).unwrap().link, Link::Invalid);
    assert_eq!(
        image.full_size(0),
        None,
        "nothing unsafe is offered to open"
    );
    assert!(
        !image.is_expired(0),
        "an invalid link is not an expired one"
    );
}

#[test]
fn money_is_shown_only_when_it_is_a_number() {
    assert_eq!(money_text("0.045000").as_deref(), Some("€0.045"));
    assert_eq!(money_text("0.180000").as_deref(), Some("€0.18"));
    assert_eq!(money_text("12.000000").as_deref(), Some("€12.00"));
    assert_eq!(money_text("3").as_deref(), Some("€3.00"));
    assert_eq!(money_text("-1.00"), None);
    assert_eq!(money_text("<b>1</b>"), None);
    assert_eq!(money_text(""), None);
}

/// One image whose formats carry the given `expires_at` (None: the field is absent), of a
/// job completed at 13:00.
fn image_with_expiries(png: Option<&str>, jpeg: Option<&str>, webp: Option<&str>) -> String {
    let format = |name: &str, at: Option<&str>| match at {
        Some(at) => {
            format!(r#""{name}":{{"url":"https://img.example/a.{name}","expires_at":"{at}"}}"#)
        }
        None => format!(r#""{name}":{{"url":"https://img.example/a.{name}"}}"#),
    };
    format!(
        r#"{{"generations":[{{"job_id":"a","status":"completed","completed_at":"2026-04-06T13:00:00Z","result":{{"formats":{{{},{},{}}}}}}}]}}"#,
        format("png", png),
        format("jpeg", jpeg),
        format("webp", webp)
    )
}

fn first_image(body: &str) -> jobs_gallery::api::ResultImage {
    let page = decode_page(body, 20).unwrap();
    page.jobs[0].result.as_ref().unwrap().images[0].clone()
}

fn at(text: &str) -> i64 {
    parse_rfc3339(text).unwrap()
}

#[test]
fn formats_without_an_expiry_take_their_re_signed_siblings() {
    // Finished two hours ago, fetched again at 15:00: the PNG was signed afresh, the
    // others came back bare. All three were signed together, so all live until 15:50.
    let image = first_image(&image_with_expiries(
        Some("2026-04-06T15:50:00Z"),
        None,
        None,
    ));
    for link in &image.links {
        assert_eq!(
            link.expires_at,
            Some(at("2026-04-06T15:50:00Z")),
            "{:?}",
            link.format
        );
    }
    let now = at("2026-04-06T15:00:00Z");
    assert!(!image.is_expired(now), "a working link is right there");
    assert_eq!(image.thumbnail(now).unwrap().format, ImageFormat::Webp);
    assert_eq!(image.full_size(now).unwrap().format, ImageFormat::Png);
}

#[test]
fn without_any_expiry_the_links_live_an_hour_after_completion() {
    let image = first_image(&image_with_expiries(None, None, None));
    assert!(image
        .links
        .iter()
        .all(|l| l.expires_at == Some(at("2026-04-06T14:00:00Z"))));
    assert!(!image.is_expired(at("2026-04-06T13:59:59Z")));
    assert!(image.is_expired(at("2026-04-06T14:00:00Z")));
}

#[test]
fn the_best_format_still_valid_is_shown_opened_and_downloaded() {
    // WebP died at 14:00, JPEG lives until 14:30, PNG until 15:00.
    let image = first_image(&image_with_expiries(
        Some("2026-04-06T15:00:00Z"),
        Some("2026-04-06T14:30:00Z"),
        Some("2026-04-06T14:00:00Z"),
    ));
    let format_at = |pick: Option<&jobs_gallery::api::FormatLink>| pick.unwrap().format;
    let before = at("2026-04-06T13:30:00Z");
    assert_eq!(format_at(image.thumbnail(before)), ImageFormat::Webp);
    assert_eq!(format_at(image.full_size(before)), ImageFormat::Png);

    let webp_gone = at("2026-04-06T14:10:00Z");
    assert!(!image.is_expired(webp_gone));
    assert_eq!(format_at(image.thumbnail(webp_gone)), ImageFormat::Jpeg);
    assert_eq!(format_at(image.full_size(webp_gone)), ImageFormat::Png);

    let only_png = at("2026-04-06T14:45:00Z");
    assert!(!image.is_expired(only_png));
    assert_eq!(format_at(image.thumbnail(only_png)), ImageFormat::Png);

    // The PNG expires first: opening falls back to a format that still works.
    let image = first_image(&image_with_expiries(
        Some("2026-04-06T14:00:00Z"),
        None,
        Some("2026-04-06T14:30:00Z"),
    ));
    let png_gone = at("2026-04-06T14:10:00Z");
    assert_eq!(format_at(image.full_size(png_gone)), ImageFormat::Webp);
    // The JPEG has no expiry of its own: it takes the latest of its siblings.
    assert_eq!(image.links[1].format, ImageFormat::Jpeg);
    assert_eq!(image.links[1].expires_at, Some(at("2026-04-06T14:30:00Z")));

    let all_gone = at("2026-04-06T14:30:00Z");
    assert!(
        image.is_expired(all_gone),
        "expired only when every format is"
    );
    assert_eq!(format_at(image.thumbnail(all_gone)), ImageFormat::Webp);
    assert_eq!(format_at(image.full_size(all_gone)), ImageFormat::Png);
}
