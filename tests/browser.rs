//! Component tests in a real browser (headless Chromium through wasm-bindgen-test):
//! what a person sees for each status, progress, failure kind and pager action.
#![cfg(target_arch = "wasm32")]

use jobs_gallery::api::{decode_page, ErrorBody, Failure, Job, Status};
use jobs_gallery::components::{ErrorBanner, JobCard, Pager, StatusBadge};
use jobs_gallery::paging::Shown;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

fn mount<F, V>(view: F) -> HtmlElement
where
    F: FnOnce() -> V + 'static,
    V: IntoView + 'static,
{
    let document = web_sys::window().unwrap().document().unwrap();
    let host: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    leptos::mount::mount_to(host.clone(), view).forget();
    host
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector} in {}", root.outer_html()))
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

fn text(root: &Element, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

fn job(json: &str) -> Job {
    decode_page(&format!(r#"{{"generations":[{json}],"total":1}}"#), 20)
        .unwrap()
        .jobs
        .remove(0)
}

const NOW: i64 = 1_775_487_730_000; // 2026-04-06T15:02:10Z

#[wasm_bindgen_test]
async fn every_status_has_its_badge_with_text_and_icon() {
    for (status, label) in [
        (Status::Pending, "Pending"),
        (Status::Processing, "Processing"),
        (Status::Completed, "Completed"),
        (Status::Failed, "Failed"),
        (Status::Unknown, "Unknown"),
    ] {
        let host = mount(
            move || view! { <StatusBadge status=status raw=Memo::new(|_| "weird".to_owned())/> },
        );
        leptos::task::tick().await;
        let badge = find(&host, ".jg-badge");
        assert_eq!(
            badge.class_name(),
            format!("jg-badge jg-badge--{}", status.as_str())
        );
        assert_eq!(text(&host, ".jg-badge__text"), label);
        assert!(
            !text(&host, ".jg-badge__icon").is_empty(),
            "an icon besides the colour"
        );
        assert_eq!(
            find(&host, ".jg-badge__icon")
                .get_attribute("aria-hidden")
                .as_deref(),
            Some("true")
        );
        assert_eq!(
            badge.get_attribute("title").is_some(),
            status == Status::Unknown
        );
    }
}

#[wasm_bindgen_test]
async fn card_carries_status_and_progress_aria_and_updates_in_place() {
    let job = RwSignal::new(job(
        r#"{"job_id":"story-1","status":"processing","created_at":"2026-04-06T15:02:00Z","started_at":"2026-04-06T15:02:02Z","scenes_completed":2,"scenes_total":5}"#,
    ));
    let host = mount(move || view! { <JobCard job=job now=RwSignal::new(NOW)/> });
    leptos::task::tick().await;
    let card = find(&host, "article");
    assert_eq!(
        card.get_attribute("data-job-id").as_deref(),
        Some("story-1")
    );
    // Named by its own title; a second card for the same job (a second gallery on the
    // page) gets another id.
    assert_eq!(
        card.get_attribute("aria-labelledby"),
        Some(find(&host, ".jg-card__title").id())
    );
    let twin = mount(move || view! { <JobCard job=job now=RwSignal::new(NOW)/> });
    leptos::task::tick().await;
    assert_ne!(
        find(&twin, ".jg-card__title").id(),
        find(&host, ".jg-card__title").id()
    );
    assert_eq!(
        card.get_attribute("data-status").as_deref(),
        Some("processing")
    );
    let bar = find(&host, "[role=progressbar]");
    assert_eq!(bar.get_attribute("aria-valuenow").as_deref(), Some("2"));
    assert_eq!(bar.get_attribute("aria-valuemax").as_deref(), Some("5"));
    assert_eq!(bar.get_attribute("aria-valuemin").as_deref(), Some("0"));
    assert_eq!(
        bar.get_attribute("aria-valuetext").as_deref(),
        Some("2 of 5 scenes")
    );
    assert_eq!(text(&host, ".jg-progress__text"), "2 of 5 scenes");
    // Few scenes are drawn as segments: the stylesheet cuts the track in five, and the
    // fill ends on the second segment's edge.
    let track = find(&host, ".jg-progress__track").unchecked_into::<HtmlElement>();
    assert!(track.class_list().contains("jg-progress__track--segmented"));
    assert_eq!(
        track
            .style()
            .get_property_value("--_jg-scenes")
            .unwrap()
            .trim(),
        "5"
    );
    let fill = find(&host, ".jg-progress__fill").unchecked_into::<HtmlElement>();
    assert_eq!(fill.style().get_property_value("width").unwrap(), "40%");
    assert!(
        text(&host, ".jg-card__meta").contains("Running8 s"),
        "{}",
        text(&host, ".jg-card__meta")
    );
    // Two scenes in 8 s: three more take about 12 s.
    assert_eq!(text(&host, ".jg-card__eta"), "About 12 s left");

    // The next poll: one more scene. The card and the bar stay the same elements.
    job.update(|j| j.scenes = jobs_gallery::api::SceneProgress::new(3, 5));
    leptos::task::tick().await;
    assert!(find(&host, "article").is_same_node(Some(&card)));
    assert!(find(&host, "[role=progressbar]").is_same_node(Some(&bar)));
    assert_eq!(bar.get_attribute("aria-valuenow").as_deref(), Some("3"));
    assert!(find(&host, ".jg-progress__fill").is_same_node(Some(&fill)));
    assert_eq!(fill.style().get_property_value("width").unwrap(), "60%");
}

#[wasm_bindgen_test]
async fn many_scenes_are_a_continuous_bar() {
    let job =
        job(r#"{"job_id":"long","status":"processing","scenes_completed":30,"scenes_total":40}"#);
    let host = mount(move || view! { <JobCard job=RwSignal::new(job) now=RwSignal::new(NOW)/> });
    leptos::task::tick().await;
    assert!(!find(&host, ".jg-progress__track")
        .class_list()
        .contains("jg-progress__track--segmented"));
    assert_eq!(
        find(&host, ".jg-progress__fill")
            .unchecked_into::<HtmlElement>()
            .style()
            .get_property_value("width")
            .unwrap(),
        "75%"
    );
}

#[wasm_bindgen_test]
async fn results_show_thumbnails_expired_and_invalid_tiles() {
    let story = job(
        r#"{"job_id":"s","status":"completed","completed_at":"2026-04-06T15:00:00Z","scenes_completed":6,"scenes_total":6,"result":{"scenes":[
        {"prompt":"one","images":{"png":"https://img.example/1.png"}},
        {"prompt":"two","images":{"png":{"url":"https://img.example/2.png","expires_at":"2026-04-06T15:01:00Z"}}},
        {"prompt":"three","images":{"png":"javascript:alert(1)"}},
        {"images":{"png":"https://img.example/4.png"}},{"images":{"png":"https://img.example/5.png"}},{"images":{"png":"https://img.example/6.png"}}]}}"#,
    );
    let host = mount(move || view! { <JobCard job=RwSignal::new(story) now=RwSignal::new(NOW)/> });
    leptos::task::tick().await;
    let img = find(&host, "img.jg-thumb__img");
    assert_eq!(
        img.get_attribute("src").as_deref(),
        Some("https://img.example/1.png")
    );
    assert_eq!(img.get_attribute("loading").as_deref(), Some("lazy"));
    assert_eq!(img.get_attribute("alt").as_deref(), Some("Scene 1: one"));
    assert_eq!(
        count(&host, "img"),
        1,
        "the expired and the invalid link are never requested"
    );
    assert_eq!(text(&host, ".jg-thumb--expired"), "Expired");
    assert_eq!(text(&host, ".jg-thumb--invalid"), "Invalid link");
    assert!(text(&host, ".jg-thumb--more").starts_with("+3"));
    assert_eq!(count(&host, "[href^='javascript'], [src^='javascript']"), 0);
    assert_eq!(
        find(&host, "a.jg-thumb").get_attribute("rel").as_deref(),
        Some("noopener noreferrer")
    );
}

#[wasm_bindgen_test]
async fn a_thumbnail_moves_to_the_format_that_still_works_and_expires_with_the_last() {
    // The WebP dies at 15:03, the PNG at 15:05; the JPEG came without an expiry and was
    // signed with them, so it lives as long as the longest-lived sibling.
    let image = job(
        r#"{"job_id":"i","status":"completed","completed_at":"2026-04-06T13:00:00Z","result":{"formats":{
        "webp":{"url":"https://img.example/a.webp","expires_at":"2026-04-06T15:03:00Z"},
        "jpeg":{"url":"https://img.example/a.jpeg"},
        "png":{"url":"https://img.example/a.png","expires_at":"2026-04-06T15:05:00Z"}}}}"#,
    );
    let now = RwSignal::new(NOW);
    let host = mount(move || view! { <JobCard job=RwSignal::new(image) now=now/> });
    leptos::task::tick().await;
    let src = |host: &HtmlElement| find(host, "img.jg-thumb__img").get_attribute("src");
    assert_eq!(src(&host).as_deref(), Some("https://img.example/a.webp"));

    now.set(NOW + 60_000); // 15:03:10: the WebP has expired, the JPEG has not
    leptos::task::tick().await;
    assert_eq!(src(&host).as_deref(), Some("https://img.example/a.jpeg"));
    assert_eq!(
        count(&host, ".jg-thumb--expired"),
        0,
        "a working link is right there"
    );

    now.set(NOW + 180_000); // 15:05:10: every format has expired
    leptos::task::tick().await;
    assert_eq!(count(&host, "img"), 0, "an expired link is never requested");
    assert_eq!(text(&host, ".jg-thumb--expired"), "Expired");
}

#[wasm_bindgen_test]
async fn server_markup_is_shown_as_text() {
    let hostile = job(
        r#"{"job_id":"<b>x</b>","status":"failed","error":{"code":"<i>c</i>","message":"<img src=x onerror=alert(1)><script>alert(2)</script>"}}"#,
    );
    let host =
        mount(move || view! { <JobCard job=RwSignal::new(hostile) now=RwSignal::new(NOW)/> });
    leptos::task::tick().await;
    assert_eq!(count(&host, "img, script, b, i"), 0);
    assert_eq!(
        text(&host, ".jg-card__error-message"),
        "<img src=x onerror=alert(1)><script>alert(2)</script>"
    );
}

fn failures() -> Vec<Failure> {
    let body = ErrorBody {
        code: Some("some_code".into()),
        message: Some("Server says <b>no</b>".into()),
        details: None,
        request_id: Some("req_123".into()),
    };
    let mut list: Vec<Failure> = [
        400, 401, 402, 403, 404, 409, 422, 429, 451, 500, 502, 503, 418,
    ]
    .iter()
    .map(|&s| Failure::from_status(s, body.clone(), None))
    .collect();
    list.push(Failure::Network { offline: false });
    list.push(Failure::Timeout { after_ms: 15_000 });
    list.push(Failure::Decode {
        reason: "not JSON".into(),
        request_id: Some("req_123".into()),
    });
    list
}

#[wasm_bindgen_test]
async fn every_failure_kind_has_its_banner() {
    let mut kinds = Vec::new();
    for failure in failures() {
        let expected_kind = failure.kind();
        let retryable = failure.is_retryable();
        let has_id = failure.request_id().is_some();
        let host = mount(
            move || view! { <ErrorBanner failure=failure stale_since=Memo::new(|_| None) on_retry=|_| ()/> },
        );
        leptos::task::tick().await;
        let banner = find(&host, "[role=alert]");
        assert_eq!(
            banner.get_attribute("data-error-kind").as_deref(),
            Some(expected_kind)
        );
        assert!(!text(&host, ".jg-banner__title").is_empty());
        assert!(!text(&host, ".jg-banner__advice").is_empty());
        assert_eq!(
            count(&host, ".jg-banner__retry"),
            retryable as u32,
            "{expected_kind}"
        );
        if has_id {
            assert_eq!(text(&host, "[data-request-id]"), "req_123");
        }
        assert_eq!(count(&host, "b"), 0, "the server's markup stays text");
        kinds.push(expected_kind);
    }
    kinds.dedup();
    assert_eq!(kinds.len(), 16, "sixteen kinds, each its own banner");
}

#[wasm_bindgen_test]
async fn rate_limit_counts_down() {
    let limited = Failure::from_status(429, ErrorBody::default(), Some(3));
    let host = mount(
        move || view! { <ErrorBanner failure=limited stale_since=Memo::new(|_| None) on_retry=|_| ()/> },
    );
    leptos::task::tick().await;
    assert_eq!(
        find(&host, ".jg-banner__countdown")
            .get_attribute("data-retry-in")
            .as_deref(),
        Some("3")
    );
    assert_eq!(text(&host, ".jg-banner__retry"), "Retry now");
}

#[wasm_bindgen_test]
async fn pager_moves_and_clamps() {
    let shown = RwSignal::new(Some(Shown {
        offset: 0,
        total: 134,
        count: 20,
    }));
    let asked = RwSignal::new(Vec::<u64>::new());
    let host = mount(move || {
        view! {
            <Pager
                shown=shown
                size=RwSignal::new(20u32)
                on_page=move |p| {
                    asked.update(|a| a.push(p));
                    shown.set(Some(Shown { offset: (p - 1) * 20, total: 134, count: (134 - (p - 1) * 20).min(20) }));
                }
                on_size=|_| ()
            />
        }
    });
    leptos::task::tick().await;
    let nav = find(&host, "nav[aria-label]");
    assert_eq!(
        text(&host, ".jg-pager__range"),
        "Showing 1\u{2013}20 of 134"
    );
    assert_eq!(
        find(&nav, "[aria-current=page]").text_content().as_deref(),
        Some("1")
    );
    let prev: HtmlElement = find(&nav, "[aria-label='Previous page']").unchecked_into();
    assert!(prev.has_attribute("disabled"), "no page before the first");

    find(&nav, "[aria-label='Next page']")
        .unchecked_into::<HtmlElement>()
        .click();
    leptos::task::tick().await;
    assert_eq!(asked.get_untracked(), vec![2]);
    assert_eq!(
        find(&nav, "[aria-current=page]").text_content().as_deref(),
        Some("2")
    );
    assert_eq!(
        text(&host, ".jg-pager__range"),
        "Showing 21\u{2013}40 of 134"
    );

    find(&nav, "[aria-label='Page 7']")
        .unchecked_into::<HtmlElement>()
        .click();
    leptos::task::tick().await;
    assert!(
        find(&nav, "[aria-label='Next page']").has_attribute("disabled"),
        "no page after the last"
    );

    // Jumping past the end is refused with a hint, not sent.
    let input: web_sys::HtmlInputElement = find(&host, ".jg-pager__jump input").unchecked_into();
    input.set_value("99");
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    find(&host, ".jg-pager__jump button")
        .unchecked_into::<HtmlElement>()
        .click();
    leptos::task::tick().await;
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(asked.get_untracked(), vec![2, 7]);
    // The field names its own hint: ids are per pager, so a second gallery on the page
    // cannot take it over.
    let hint = find(&host, ".jg-pager__hint");
    assert_eq!(input.get_attribute("aria-describedby"), Some(hint.id()));
    assert!(hint.id().starts_with("jg-jump-hint-"), "{}", hint.id());
    assert_eq!(
        web_sys::window()
            .unwrap()
            .document()
            .unwrap()
            .query_selector_all(&format!("[id='{}']", hint.id()))
            .unwrap()
            .length(),
        1
    );
    input.set_value("3");
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    find(&host, ".jg-pager__jump button")
        .unchecked_into::<HtmlElement>()
        .click();
    leptos::task::tick().await;
    assert_eq!(asked.get_untracked(), vec![2, 7, 3]);
}

fn viewer_items() -> Vec<jobs_gallery::components::ViewerItem> {
    let story = job(
        r#"{"job_id":"story","status":"completed","completed_at":"2026-04-06T15:00:00Z","result":{"scenes":[
        {"prompt":"first","images":{"png":"https://img.example/1.png","webp":"https://img.example/1.webp"}},
        {"prompt":"second","images":{"png":{"url":"https://img.example/2.png","expires_at":"2026-04-06T15:01:00Z"}}}]}}"#,
    );
    let single = job(
        r#"{"job_id":"single","status":"completed","completed_at":"2026-04-06T15:00:00Z","result":{"formats":{"png":"https://img.example/s.png"}}}"#,
    );
    let mut items = Vec::new();
    for job in [story, single] {
        let images = job.result.unwrap().images;
        let of = images.len();
        for (index, image) in images.into_iter().enumerate() {
            items.push(jobs_gallery::components::ViewerItem {
                job_id: job.id.clone(),
                index,
                of,
                image,
                made_at: job.completed_at,
            });
        }
    }
    items
}

#[wasm_bindgen_test]
async fn viewer_downloads_each_valid_format_under_its_file_name() {
    use jobs_gallery::components::{Viewer, ViewerAt};
    use jobs_gallery::files::SaveFile;
    let at = RwSignal::new(Some(ViewerAt {
        job_id: "story".into(),
        index: 0,
    }));
    let asked = RwSignal::new(Vec::<SaveFile>::new());
    let saved = RwSignal::new(String::new());
    let save = Some(Callback::new(move |file: SaveFile| {
        asked.update(|a| a.push(file))
    }));
    let host = mount(
        move || view! { <Viewer items=viewer_items at=at now=RwSignal::new(NOW) save saved/> },
    );
    leptos::task::tick().await;
    let buttons = host.query_selector_all(".jg-viewer__save").unwrap();
    let labels: Vec<String> = (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .map(|b| {
            b.unchecked_into::<HtmlElement>()
                .get_attribute("aria-label")
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(
        labels,
        ["Download WebP", "Download PNG"],
        "one per valid format, in the formats' order"
    );
    buttons
        .item(0)
        .unwrap()
        .unchecked_into::<HtmlElement>()
        .click();
    assert_eq!(
        asked.get_untracked(),
        [SaveFile {
            url: "https://img.example/1.webp".into(),
            name: "2026-04-06-story-scene-1.webp".into(),
        }]
    );
    saved.set("Saved 2026-04-06-story-scene-1.webp.".into());
    leptos::task::tick().await;
    assert_eq!(
        text(&host, ".jg-viewer__saved[role='status']"),
        "Saved 2026-04-06-story-scene-1.webp."
    );

    // The next scene's only link has expired: nothing to download, and the last save's
    // words go with the picture they were about.
    find(&host, ".jg-viewer__nav button:last-child")
        .unchecked_into::<HtmlElement>()
        .click();
    leptos::task::tick().await;
    assert_eq!(text(&host, ".jg-viewer__count"), "2 / 3");
    assert_eq!(count(&host, ".jg-viewer__save"), 0);
    assert_eq!(text(&host, ".jg-viewer__saved"), "");
}

#[wasm_bindgen_test]
async fn viewer_opens_walks_across_scenes_and_jobs_and_closes() {
    use jobs_gallery::components::{Viewer, ViewerAt};
    let at = RwSignal::new(None::<ViewerAt>);
    let saved = RwSignal::new(String::new());
    let host = mount(
        move || view! { <Viewer items=viewer_items at=at now=RwSignal::new(NOW) save=None saved/> },
    );
    leptos::task::tick().await;
    let dialog: web_sys::HtmlDialogElement = find(&host, "dialog").unchecked_into();
    assert!(!dialog.open());

    at.set(Some(ViewerAt {
        job_id: "story".into(),
        index: 0,
    }));
    leptos::task::tick().await;
    assert!(dialog.open(), "opens as a modal dialog");
    assert_eq!(
        text(&host, ".jg-viewer__title")
            .split('\u{b7}')
            .next()
            .unwrap()
            .trim(),
        "Scene 1 of 2"
    );
    assert_eq!(
        dialog.get_attribute("aria-labelledby"),
        Some(find(&host, ".jg-viewer__title").id()),
        "the dialog is named by its own title"
    );
    assert_eq!(
        find(&host, ".jg-viewer__img")
            .get_attribute("src")
            .as_deref(),
        Some("https://img.example/1.png"),
        "full size is the PNG"
    );
    assert_eq!(text(&host, ".jg-viewer__prompt"), "first");
    assert_eq!(
        count(&host, ".jg-viewer__formats a[rel='noopener noreferrer']"),
        2
    );
    assert_eq!(text(&host, ".jg-viewer__count"), "1 / 3");

    // The arrow key moves to the next scene, whose link has expired: no image is requested.
    let key = web_sys::KeyboardEventInit::new();
    key.set_key("ArrowRight");
    key.set_bubbles(true);
    dialog
        .dispatch_event(
            &web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &key).unwrap(),
        )
        .unwrap();
    leptos::task::tick().await;
    assert_eq!(text(&host, ".jg-viewer__count"), "2 / 3");
    assert_eq!(count(&host, ".jg-viewer__img"), 0);
    assert!(text(&host, ".jg-viewer__missing").contains("expired"));

    // Next goes on to the next job on the page.
    find(&host, ".jg-viewer__nav button:last-child")
        .unchecked_into::<HtmlElement>()
        .click();
    leptos::task::tick().await;
    assert_eq!(text(&host, ".jg-viewer__count"), "3 / 3");
    assert_eq!(
        find(&host, ".jg-viewer__img")
            .get_attribute("src")
            .as_deref(),
        Some("https://img.example/s.png")
    );
    assert!(
        find(&host, ".jg-viewer__nav button:last-child").has_attribute("disabled"),
        "nothing after the last picture"
    );

    // The dialog's close event is queued as a task: wait for it, not for time.
    let closed = js_sys::Promise::new(&mut |resolve, _| {
        let options = web_sys::AddEventListenerOptions::new();
        options.set_once(true);
        dialog
            .add_event_listener_with_callback_and_add_event_listener_options(
                "close", &resolve, &options,
            )
            .unwrap();
    });
    find(&host, ".jg-viewer__close")
        .unchecked_into::<HtmlElement>()
        .click();
    wasm_bindgen_futures::JsFuture::from(closed).await.unwrap();
    leptos::task::tick().await;
    assert!(!dialog.open());
    assert_eq!(at.get_untracked(), None);
}

#[wasm_bindgen_test]
async fn a_panic_leaves_a_reload_notice_in_every_gallery() {
    let host = mount(|| view! { <section class="jobs-gallery"><p>"cards"</p></section> });
    leptos::task::tick().await;
    jobs_gallery::show_crash_notice();
    jobs_gallery::show_crash_notice();
    let notice = find(&host, ".jobs-gallery > .jg-crashed[role=alert]");
    assert!(notice.text_content().unwrap().contains("Reload"));
    assert_eq!(
        count(&host, ".jg-crashed"),
        1,
        "one notice, however often it panics"
    );
}

#[wasm_bindgen_test]
async fn a_huge_message_is_folded_behind_show_more() {
    let long = format!(
        r#"{{"job_id":"long","status":"failed","error":{{"code":"x","message":"{}"}}}}"#,
        "ab ".repeat(400_000)
    );
    let huge = job(&long);
    let host = mount(move || view! { <JobCard job=RwSignal::new(huge) now=RwSignal::new(NOW)/> });
    leptos::task::tick().await;
    let toggle: HtmlElement = find(&host, ".jg-card__error-message .jg-more").unchecked_into();
    assert_eq!(
        toggle.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    let folded = text(&host, ".jg-card__error-message");
    assert!(
        folded.chars().count() < 300,
        "{} characters shown folded",
        folded.chars().count()
    );
    toggle.click();
    leptos::task::tick().await;
    assert_eq!(
        toggle.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    let open = text(&host, ".jg-card__error-message");
    assert!(
        open.chars().count() > 2000 && open.chars().count() < 2100,
        "the decoder's cap, not megabytes: {}",
        open.chars().count()
    );
}

/// Mutation records under `target` caused by `change`, counted synchronously.
async fn records_during(target: &Element, change: impl FnOnce()) -> u32 {
    // Records are delivered to the callback at the next microtask checkpoint, so the
    // callback counts them; take_records() adds any not yet delivered.
    let delivered = js_sys::Array::new();
    let callback =
        js_sys::Function::new_with_args("records", "this.push(records.length)").bind0(&delivered);
    let observer = web_sys::MutationObserver::new(&callback).unwrap();
    let options = web_sys::MutationObserverInit::new();
    options.set_subtree(true);
    options.set_child_list(true);
    options.set_attributes(true);
    options.set_character_data(true);
    observer.observe_with_options(target, &options).unwrap();
    change();
    leptos::task::tick().await;
    let pending = observer.take_records().length();
    observer.disconnect();
    delivered
        .iter()
        .map(|n| n.as_f64().unwrap_or(0.0) as u32)
        .sum::<u32>()
        + pending
}

#[wasm_bindgen_test]
async fn a_status_change_costs_the_card_a_handful_of_records_and_keeps_its_title() {
    let running = r#"{"job_id":"s1","status":"processing","created_at":"2026-04-06T15:02:00Z","started_at":"2026-04-06T15:02:02Z","scenes_completed":2,"scenes_total":3}"#;
    let job_signal = RwSignal::new(job(running));
    let now = RwSignal::new(NOW);
    let host = mount(move || view! { <JobCard job=job_signal now=now/> });
    leptos::task::tick().await;
    let card = find(&host, "article");
    let copy = find(&host, ".jg-card__copy");

    // A second passes: "Running 8 s" and the estimate change, nothing else.
    let tick = records_during(&card, || now.set(NOW + 1000)).await;
    assert!(tick <= 2, "{tick} records for one clock tick");
    assert!(
        text(&host, ".jg-card__meta").contains("Running9 s"),
        "{}",
        text(&host, ".jg-card__meta")
    );

    let scene = records_during(&card, || {
        job_signal.update(|j| j.scenes = jobs_gallery::api::SceneProgress::new(3, 3))
    })
    .await;
    assert!(scene <= 6, "{scene} records for one more scene");

    let done = job(
        r#"{"job_id":"s1","status":"completed","created_at":"2026-04-06T15:02:00Z","started_at":"2026-04-06T15:02:02Z","completed_at":"2026-04-06T15:02:09Z","scenes_completed":3,"scenes_total":3,
        "result":{"cost_eur":"0.120000","scenes":[{"images":{"png":"https://img.example/1.png"}},{"images":{"png":"https://img.example/2.png"}},{"images":{"png":"https://img.example/3.png"}}]}}"#,
    );
    let finished = records_during(&card, || job_signal.set(done)).await;
    assert!(
        finished <= 6,
        "{finished} records for processing \u{2192} completed"
    );
    assert!(find(&host, "article").is_same_node(Some(&card)));
    assert!(
        find(&host, ".jg-card__copy").is_same_node(Some(&copy)),
        "the title and its button stay"
    );
    assert_eq!(text(&host, ".jg-badge__text"), "Completed");
    assert_eq!(count(&host, "img.jg-thumb__img"), 3);
    assert!(text(&host, ".jg-card__meta").contains("€0.12"));
}

/// The browser's JSON.parse feeds the same decoding as serde_json does natively: the
/// odd parts of a real body (numeric strings, floats, nested error bodies, deep
/// `details`, non-JSON) read the same way here.
#[wasm_bindgen_test]
fn the_browser_parser_reads_bodies_as_the_native_one_does() {
    use jobs_gallery::api::json::{parse, MAX_DEPTH};
    let page = decode_page(
        r#"{"generations":[{"job_id":"a","status":"processing","scenes_completed":"2","scenes_total":4.0,
            "result":{"formats":{"webp":{"url":"/a.webp","size_bytes":1234}}}},{"id":"a"},"junk",{"job_id":"b","status":"failed",
            "error":{"code":"content_rejected","message":"<b>no</b>"}}],"total":"7","offset":0}"#,
        20,
    )
    .unwrap();
    assert_eq!((page.total, page.jobs.len()), (7, 2));
    assert_eq!(
        page.jobs[0].scenes.map(|s| (s.completed, s.total)),
        Some((2, 4))
    );
    assert_eq!(
        page.jobs[0].result.as_ref().unwrap().images[0].links[0].size_bytes,
        Some(1234)
    );
    assert_eq!(page.jobs[1].error.as_ref().unwrap().message, "<b>no</b>");
    assert!(decode_page("<html>502</html>", 20).is_err());

    let body = ErrorBody::parse(
        r#"{"error":{"code":"rate_limited","message":"Slow down"},"details":{"retry":[1,2.5,"x\n"],"ok":null}}"#,
        Some("req-1"),
    );
    assert_eq!(body.code.as_deref(), Some("rate_limited"));
    assert_eq!(
        body.details.as_deref(),
        Some(r#"{"retry":[1,2.5,"x\n"],"ok":null}"#)
    );
    assert_eq!(body.request_id.as_deref(), Some("req-1"));

    // JSON.parse has no depth limit of its own; the walk into Rust stops at MAX_DEPTH.
    let deep = format!("{}1{}", "[".repeat(5000), "]".repeat(5000));
    let cut = format!("{}null{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    assert_eq!(parse(&deep).map(|json| json.to_text()), Ok(cut));
}

/// Ages read in the reader's language through `Intl` (headless Chromium: English), and
/// the cached formatter keeps answering for every card and direction.
#[wasm_bindgen_test]
fn ages_are_told_in_words() {
    use jobs_gallery::format::relative_text;
    let now = 1_800_000_000_000;
    assert_eq!(relative_text(now - 3 * 60_000, now), "3 minutes ago");
    assert_eq!(relative_text(now + 12 * 60_000, now), "in 12 minutes");
    assert_eq!(relative_text(now - 26 * 3_600_000, now), "yesterday");
    assert_eq!(relative_text(now - 10_000, now), "just now");
}

/// WebKitGTK started under `LANG=C` reports `navigator.language` as "C", which is no
/// language tag: handed to `Intl`, it threw a RangeError in the middle of rendering and
/// left the gallery without a single card. Dates now follow the browser's own locale.
#[wasm_bindgen_test]
async fn a_language_that_is_no_language_tag_still_shows_cards_and_dates() {
    use jobs_gallery::format::{clock_text, local_text, relative_text};
    let navigator = web_sys::window().unwrap().navigator();
    let getter = js_sys::Function::new_no_args("return 'C';");
    let descriptor = js_sys::Object::new();
    js_sys::Reflect::set(&descriptor, &"get".into(), &getter).unwrap();
    js_sys::Reflect::set(&descriptor, &"configurable".into(), &true.into()).unwrap();
    js_sys::Object::define_property(&navigator, &"language".into(), &descriptor);
    assert_eq!(
        navigator.language().as_deref(),
        Some("C"),
        "the test must see the broken language"
    );

    let now = 1_800_000_000_000;
    assert_eq!(relative_text(now - 3 * 60_000, now), "3 minutes ago");
    assert!(local_text(now).contains("2027"), "{}", local_text(now));
    assert!(clock_text(now).contains(':'), "{}", clock_text(now));
    let job = RwSignal::new(job(
        r#"{"job_id":"c-locale","status":"completed","created_at":"2026-04-06T15:02:00Z","started_at":"2026-04-06T15:02:02Z","completed_at":"2026-04-06T15:02:09Z"}"#,
    ));
    let host = mount(move || view! { <JobCard job=job now=RwSignal::new(NOW)/> });
    leptos::task::tick().await;
    let created = find(&host, ".jg-card__meta time");
    assert!(
        created
            .get_attribute("title")
            .is_some_and(|t| t.contains("2026")),
        "{}",
        created.outer_html()
    );
    js_sys::Reflect::delete_property(&navigator, &"language".into()).unwrap();
}

fn wasm_pages() -> u32 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    (memory
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length()
        / 65_536) as u32
}

/// One turn of the browser's event loop. `tick()` runs what Leptos has queued without
/// giving the page back; a test that runs for many seconds must, now and then, or the
/// test runner's own requests (it asks the page for its output, and gives up after 20 s
/// without an answer) time out however well the test goes.
async fn next_task() {
    let turn = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .expect("a window")
            .set_timeout_with_callback(&resolve);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(turn).await;
}

/// A live page where jobs keep arriving: each poll adds a card at the top and drops one
/// at the bottom. A removed card must free what it held. Cards that subscribed to one
/// long-lived clock left about 500 bytes each behind (12 pages over this run); with a
/// clock per row, as the gallery gives them, what remains is Leptos's own ~90 bytes per
/// removed row (its owner keeps a weak link to each child owner): about 2 pages.
#[wasm_bindgen_test]
async fn removed_cards_free_their_memory() {
    let rows = RwSignal::new(Vec::<(u32, ArcRwSignal<Job>, ArcRwSignal<i64>)>::new());
    let host = mount(move || {
        view! {
            <For
                each=move || rows.get()
                key=|row| row.0
                children=|row| view! { <JobCard job=RwSignal::from(row.1) now=RwSignal::from(row.2)/> }
            />
        }
    });
    let job_n = |i: u32| {
        let status = if i.is_multiple_of(2) {
            "processing"
        } else {
            "completed"
        };
        job(&format!(
            r#"{{"job_id":"job-{i}","status":"{status}","created_at":"2026-04-06T15:02:00Z","started_at":"2026-04-06T15:02:02Z","scenes_completed":2,"scenes_total":5}}"#
        ))
    };
    let mut now = NOW;
    let mut live: Vec<_> = (0..20)
        .map(|i| (i, ArcRwSignal::new(job_n(i)), ArcRwSignal::new(now)))
        .collect();
    let mut pages_after_warm_up = 0;
    for step in 0..2000u32 {
        live.remove(0);
        live.push((
            step + 20,
            ArcRwSignal::new(job_n(step + 20)),
            ArcRwSignal::new(now),
        ));
        rows.set(live.clone());
        now += 500;
        live.iter().for_each(|row| row.2.set(now));
        leptos::task::tick().await;
        if step % 100 == 0 {
            next_task().await;
        }
        if step == 499 {
            pages_after_warm_up = wasm_pages();
        }
    }
    assert_eq!(count(&host, "article"), 20);
    let grown = wasm_pages() - pages_after_warm_up;
    assert!(
        grown <= 4,
        "1500 removed cards left {grown} pages (64 KB each) of wasm memory behind"
    );
}

/// A card shows its job's prompt (here the first scene's) clamped to two lines, with a
/// button for the whole of a long one, and the model when the result names one.
#[wasm_bindgen_test]
async fn a_card_shows_the_prompt_clamped_and_the_model() {
    let long = "A lighthouse keeper finds a map in a bottle and follows it across the sea to an island of glass";
    let j = job(&format!(
        r#"{{"job_id":"abc-1","status":"completed","created_at":"2026-04-06T15:00:00Z",
            "result":{{"model":"story-xl","scenes":[{{"prompt":"{long}","images":{{"png":"https://img.example/1.png"}}}}]}}}}"#
    ));
    let host = mount(move || view! { <JobCard job=RwSignal::new(j) now=RwSignal::new(NOW)/> });
    leptos::task::tick().await;
    assert_eq!(text(&host, ".jg-card__prompt"), long);
    let more = find(&host, ".jg-card__prompt + .jg-more");
    assert_eq!(
        more.text_content().as_deref(),
        Some("Show whole prompt (job abc-1)")
    );
    more.unchecked_ref::<HtmlElement>().click();
    leptos::task::tick().await;
    assert!(find(&host, ".jg-card__prompt")
        .class_name()
        .contains("jg-card__prompt--open"));
    assert_eq!(more.get_attribute("aria-expanded").as_deref(), Some("true"));
    let facts = text(&host, ".jg-card__meta");
    assert!(
        facts.contains("Model") && facts.contains("story-xl"),
        "{facts}"
    );

    // A prompt that two lines of the narrowest card may not hold gets the button too;
    // one that surely fits does not.
    for (prompt, button) in [
        (
            "Juno arrives at the old observatory, muted autumn light.",
            1,
        ),
        ("A red kite over the bay", 0),
    ] {
        let j = job(&format!(
            r#"{{"job_id":"p","status":"completed","result":{{"prompt":"{prompt}"}}}}"#
        ));
        let host = mount(move || view! { <JobCard job=RwSignal::new(j) now=RwSignal::new(NOW)/> });
        leptos::task::tick().await;
        assert_eq!(text(&host, ".jg-card__prompt"), prompt);
        assert_eq!(
            count(&host, ".jg-card__prompt + .jg-more"),
            button,
            "{prompt}"
        );
    }
}

/// A card's "Download" and "Copy link" are there when the gallery gives them (each with
/// the job in its name), and not on a card of its own.
#[wasm_bindgen_test]
async fn a_card_offers_download_and_copy_link_when_the_gallery_does() {
    use jobs_gallery::components::ImageActions;
    let json = r#"{"job_id":"abc-2","status":"completed","result":{"scenes":[{"images":{"png":"https://img.example/2.png"}}]}}"#;
    let (plain, j) = (job(json), job(json));
    let alone = mount(move || view! { <JobCard job=RwSignal::new(plain) now=RwSignal::new(NOW)/> });
    let asked = RwSignal::new(Vec::<String>::new());
    let actions = ImageActions {
        files: Some(Callback::new(move |id: String| {
            asked.update(|a| a.push(format!("files {id}")))
        })),
        copy_link: Some(Callback::new(move |(id, _): (String, RwSignal<bool>)| {
            asked.update(|a| a.push(format!("link {id}")))
        })),
        ..ImageActions::default()
    };
    let given = mount(
        move || view! { <JobCard job=RwSignal::new(j) now=RwSignal::new(NOW) image_actions=actions/> },
    );
    leptos::task::tick().await;
    assert_eq!(count(&alone, ".jg-card__save, .jg-card__link"), 0);
    assert_eq!(text(&given, ".jg-card__save"), "Download (job abc-2)");
    assert_eq!(text(&given, ".jg-card__link"), "Copy link (job abc-2)");
    find(&given, ".jg-card__save")
        .unchecked_ref::<HtmlElement>()
        .click();
    find(&given, ".jg-card__link")
        .unchecked_ref::<HtmlElement>()
        .click();
    assert_eq!(asked.get_untracked(), ["files abc-2", "link abc-2"]);
}
