//! The events a host listens to: `page-change`, `gallery-error`, `job-completed`.

use super::*;

#[tokio::test]
async fn page_change_events_follow_the_page_on_screen() {
    run!(frozen_csp(), |t| async move {
        t.record_gallery_events().await?;
        open_spa(&t, "jobs").await?;
        let gallery = t.gallery_in("#main-gallery");
        gallery.wait_loaded(6).await?;
        let total = t.api_total().await?;
        let page = |page: u64, size: u32| json!({ "page": page, "size": size, "total": total });

        gallery.next().await?;
        gallery.wait_current_page(2, PAGE_TIMEOUT).await?;
        // The first job on screen (index 6) is on page 1 at 10 a page.
        gallery.set_page_size(10).await?;
        gallery.wait_cards(10, PAGE_TIMEOUT).await?;
        gallery.wait_current_page(1, PAGE_TIMEOUT).await?;
        gallery.next().await?;
        gallery.wait_current_page(2, PAGE_TIMEOUT).await?;
        gallery.wait_idle(PAGE_TIMEOUT).await?;

        let expected = vec![page(1, 6), page(2, 6), page(1, 10), page(2, 10)];
        let events = t
            .wait_until("four page-change events", secs(2), || async {
                let events = t.gallery_events("page-change").await?;
                Ok((events.len() >= expected.len()).then_some(events))
            })
            .await?;
        let details: Vec<Value> = events.iter().map(|e| e["detail"].clone()).collect();
        ensure!(
            details == expected,
            "page-change details {details:?}, expected {expected:?}"
        );
        ensure!(
            events
                .iter()
                .all(|e| e["gallery"] == json!("main-gallery") && e["on_root"] == json!(true)),
            "page-change should come from the gallery's root: {events:?}"
        );
        t.assert_page_healthy(&[]).await
    })
    .await;
}

#[tokio::test]
async fn failures_send_gallery_error_with_what_the_banner_shows() {
    run!(frozen_csp(), |t| async move {
        t.record_gallery_events().await?;
        open_spa(&t, "settings").await?;
        add(
            &t,
            &["500", "401", "429"]
                .map(|s| element(&format!("e{s}"), &format!(r#"api-base="/scenario/{s}""#)))
                .concat(),
        )
        .await?;
        // id, kind, status, the body's code, Retry-After
        let cases = [
            ("e500", "server_error", 500, "internal_error", Value::Null),
            ("e401", "unauthorized", 401, "auth_invalid", Value::Null),
            ("e429", "rate_limited", 429, "rate_limited", json!(5)),
        ];
        for (id, kind, status, code, retry_after) in cases {
            let banner = t.gallery_in(&format!("#{id}")).banner().await?;
            ensure!(banner["kind"] == json!(kind), "{id}'s banner: {banner}");
            let details = t
                .wait_until(&format!("{id}'s gallery-error"), secs(5), || async {
                    let d = t.gallery_event_details("gallery-error", id).await?;
                    Ok((!d.is_empty()).then_some(d))
                })
                .await?;
            let d = &details[0];
            ensure!(
                d["kind"] == json!(kind)
                    && d["status"] == json!(status)
                    && d["code"] == json!(code)
                    && d["retryAfterSeconds"] == retry_after
                    && d["message"].as_str().is_some_and(|m| !m.is_empty()),
                "{id}'s gallery-error detail: {d}"
            );
            ensure!(
                is_request_id(&d["requestId"]) && d["requestId"] == banner["request_id"],
                "{id}'s gallery-error names request {}, its banner {}",
                d["requestId"],
                banner["request_id"]
            );
        }
        let auth = t.gallery_event_details("auth-required", "e401").await?;
        ensure!(
            auth.len() == 1
                && auth[0]["status"] == json!(401)
                && auth[0]["kind"] == json!("unauthorized"),
            "auth-required: {auth:?}"
        );

        // The 429 retries by itself after its 5 s and fails the same way: no new event.
        let e429 = t.gallery_in("#e429");
        let asked = t.requests("/scenario/429/").len();
        t.wait_requests("/scenario/429/", asked + 1, secs(15))
            .await?;
        e429.wait_idle(PAGE_TIMEOUT).await?;
        e429.wait_error_kind("rate_limited", PAGE_TIMEOUT).await?;
        let again = t.gallery_event_details("gallery-error", "e429").await?;
        ensure!(
            again.len() == 1,
            "the same failure again sent gallery-error again: {again:?}"
        );
        t.assert_page_healthy(&["/scenario/500/", "/scenario/401/", "/scenario/429/"])
            .await
    })
    .await;
}

#[tokio::test]
async fn job_completed_carries_the_job_and_its_links() {
    // A new live job every 2 s, which runs and finishes while the page polls.
    let options = Options {
        server_args: vec!["--csp".into(), "--live-interval".into(), "2".into()],
        ..Options::default()
    };
    run!(options, |t| async move {
        t.record_gallery_events().await?;
        open_spa(&t, "settings").await?;
        t.js(
            "window.spa.attributes['poll-active-ms'] = '1000'; window.spa.go('jobs');",
            vec![],
        )
        .await?;
        let gallery = t.gallery_in("#main-gallery");
        gallery.wait_cards(6, PAGE_TIMEOUT).await?;

        let done = t
            .wait_until("a job-completed event", secs(90), || async {
                let d = t
                    .gallery_event_details("job-completed", "main-gallery")
                    .await?;
                Ok(d.into_iter().next())
            })
            .await?;
        let id = done["jobId"].clone();
        let job = &done["job"];
        ensure!(
            id.is_string() && job["id"] == id,
            "job-completed's jobId and job.id differ: {done}"
        );
        ensure!(
            job["status"] == json!("completed"),
            "job-completed's job is not completed: {job}"
        );
        ensure!(
            job["completedAt"]
                .as_str()
                .is_some_and(|at| at.contains('T')),
            "no ISO completedAt: {job}"
        );
        let format = &job["images"][0]["links"][0]["format"];
        ensure!(
            ["png", "jpeg", "webp"].iter().any(|f| format == &json!(f)),
            "job.images[0].links[0].format is {format}: {job}"
        );
        let card = gallery.card_status(id.as_str().unwrap_or_default()).await?;
        ensure!(card == json!("completed"), "the card of {id} shows {card}");
        t.assert_page_healthy(&[]).await
    })
    .await;
}
