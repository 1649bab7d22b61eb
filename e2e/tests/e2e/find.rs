//! "Go to job" and links to a job: a job found by id (`GET /v1/jobs/{id}`) whatever page
//! the gallery shows, in a dialog drawn by the panels' wasm, which is fetched on the
//! first click and not with the gallery; with URL sync on, `?{prefix}.job=<id>` opens it
//! on load and "Copy link" copies that address; a job the API does not know, and a
//! failure, are told as the list tells them.

use anyhow::{ensure, Context as _, Result};
use jobs_gallery_e2e::fantoccini::key::Key;
use jobs_gallery_e2e::serde_json::json;
use jobs_gallery_e2e::{run, secs, Options, Test, PAGE_TIMEOUT};

/// A job that is not on the gallery's first page (20 jobs): the first of the second.
async fn job_on_page_two(t: &Test) -> Result<String> {
    t.api_job_ids(1, 20)
        .await?
        .into_iter()
        .next()
        .context("the server lists fewer than 21 jobs")
}

/// The page's address, as the page sees it.
async fn address(t: &Test) -> Result<String> {
    Ok(t.js("return location.href;", vec![])
        .await?
        .as_str()
        .unwrap_or_default()
        .to_owned())
}

#[tokio::test]
async fn go_to_job_opens_a_job_from_another_page() {
    run!(Options::frozen(), |t| async move {
        let gallery = t.gallery();
        gallery.open_loaded("/", 20).await?;
        ensure!(
            t.requests("jobs-gallery-panels-").is_empty(),
            "the panels' wasm is off the first load, yet it was fetched: {:?}",
            t.requests("jobs-gallery-panels-")
        );
        // The newest job, whose pictures are fresh, looked for from page 2.
        let id = gallery
            .job_ids()
            .await?
            .first()
            .cloned()
            .context("no job")?;
        gallery.next().await?;
        gallery.wait_current_page(2, PAGE_TIMEOUT).await?;
        gallery.wait_idle(PAGE_TIMEOUT).await?;
        ensure!(
            !gallery.job_ids().await?.contains(&id),
            "{id} should not be on the page shown"
        );
        ensure!(
            t.requests("jobs-gallery-panels-").is_empty(),
            "no panel was asked for yet, yet the panels were fetched"
        );

        gallery.open_go_to_job().await?;
        ensure!(
            t.focus_matches(&gallery.job_id_field()).await?,
            "the dialog should open with its field focused, focus is on {}",
            t.focused().await?
        );
        ensure!(
            t.requests("jobs-gallery-panels-").len() == 2,
            "the panels' glue and wasm are fetched once each: {:?}",
            t.requests("jobs-gallery-panels-")
        );
        gallery.go_to_job(&format!("  {id} ")).await?;
        let card = gallery.wait_found_job(&id, PAGE_TIMEOUT).await?;
        let job = t.api_get(&format!("/v1/jobs/{id}")).await?;
        let status = job["body"]["status"].as_str().unwrap_or_default();
        let shown = card["status"]
            .as_str()
            .unwrap_or_default()
            .to_ascii_lowercase();
        ensure!(
            !status.is_empty() && shown.starts_with(&status[..3]),
            "the card says {card}, the API {status}"
        );
        ensure!(
            t.requests(&format!("/v1/jobs/{id}")).len() == 1,
            "one request by id: {:?}",
            t.requests(&format!("/v1/jobs/{id}"))
        );

        // A job found opens in the viewer, over the dialog, on its first picture; Esc
        // closes one at a time, and its pictures open the viewer again.
        ensure!(
            card["thumbnails"].as_u64().unwrap_or(0) > 0,
            "no picture: {card}"
        );
        gallery.wait_viewer_open(secs(5)).await?;
        t.press(Key::Escape.into()).await?;
        gallery.wait_viewer_closed(secs(5)).await?;
        gallery.wait_job_dialog_open(secs(1)).await?;
        t.click(&gallery.job_dialog_thumbnail()).await?;
        gallery.wait_viewer_open(secs(5)).await?;
        t.press(Key::Escape.into()).await?;
        gallery.wait_viewer_closed(secs(5)).await?;
        gallery.wait_job_dialog_open(secs(1)).await?;
        t.press(Key::Escape.into()).await?;
        gallery.wait_job_dialog_closed(secs(5)).await?;
        ensure!(
            t.focused().await?.contains("Go to job"),
            "focus should be back on Go to job, is on {}",
            t.focused().await?
        );
        // The gallery's own page is untouched.
        gallery.wait_current_page(2, PAGE_TIMEOUT).await?;
        ensure!(!gallery.job_ids().await?.contains(&id), "the page changed");
        t.assert_page_healthy(&[]).await
    })
    .await;
}

#[tokio::test]
async fn a_link_to_a_job_opens_it_and_closing_forgets_it() {
    run!(Options::frozen(), |t| async move {
        let gallery = t.gallery();
        t.open("/").await?;
        let id = job_on_page_two(&t).await?;
        let attrs = [("data-api-key", "dpct_demo"), ("data-url-sync", "jobs")];
        t.open_page_at(&attrs, &format!("?q=cats&jobs.job={id}"))
            .await?;
        gallery.wait_job_dialog_open(PAGE_TIMEOUT).await?;
        let card = gallery.wait_found_job(&id, PAGE_TIMEOUT).await?;
        // With pictures (expired by now, and said so), it opens in the viewer first.
        if card["pictures"].as_u64().unwrap_or(0) > 0 {
            gallery.wait_viewer_open(secs(5)).await?;
            t.press(Key::Escape.into()).await?;
            gallery.wait_viewer_closed(secs(5)).await?;
        }
        ensure!(
            address(&t)
                .await?
                .ends_with(&format!("?q=cats&jobs.job={id}")),
            "the address keeps the job while it is open: {}",
            address(&t).await?
        );

        t.allow_clipboard().await?;
        t.click(&gallery.copy_job_link()).await?;
        t.wait_until("the button to say Link copied", secs(3), || async {
            let text = t.text(&gallery.copy_job_link()).await?.unwrap_or_default();
            Ok(text.contains("Link copied").then_some(()))
        })
        .await?;
        let copied = t.clipboard_text().await?;
        ensure!(
            copied == address(&t).await?,
            "the link copied ({copied}) is the address that reopens the job"
        );

        t.click(&gallery.close_job_dialog()).await?;
        gallery.wait_job_dialog_closed(secs(5)).await?;
        let after = address(&t).await?;
        ensure!(
            after.ends_with("?q=cats"),
            "closing takes the job out of the address and nothing else: {after}"
        );
        gallery.wait_loaded(20).await?;
        t.assert_page_healthy(&[]).await
    })
    .await;
}

#[tokio::test]
async fn a_job_that_is_not_there_is_said_so() {
    run!(Options::frozen(), |t| async move {
        let gallery = t.gallery();
        gallery.open_loaded("/", 20).await?;
        gallery.open_go_to_job().await?;
        gallery.go_to_job("no-such-job-1").await?;
        let said = gallery.wait_job_gone(PAGE_TIMEOUT).await?;
        ensure!(
            said.contains("There is no job") && said.contains("no-such-"),
            "the dialog says {said:?}"
        );
        // Not an id at all: the field says so and nothing is asked.
        t.click(&gallery.job_id_field()).await?;
        t.js(
            "document.querySelector(arguments[0]).value = '';",
            vec![json!(gallery.job_id_field())],
        )
        .await?;
        gallery.go_to_job("../v1/jobs").await?;
        let invalid = t
            .js(
                "return document.querySelector(arguments[0]).matches(':invalid');",
                vec![json!(gallery.job_id_field())],
            )
            .await?;
        ensure!(invalid == json!(true), "the field should be invalid");
        ensure!(
            t.requests("/v1/jobs/..").is_empty() && t.requests("%2E%2E").is_empty(),
            "nothing may be asked for a path"
        );
        t.inject_axe().await?;
        t.assert_axe_clean("the job's dialog, a job that is not there")
            .await?;
        t.assert_page_healthy(&["/v1/jobs/no-such-job-1"]).await
    })
    .await;
}

#[tokio::test]
async fn a_failure_by_id_gets_the_lists_banner() {
    run!(Options::frozen(), |t| async move {
        let gallery = t.gallery();
        t.open_scenario("503").await?;
        let list = gallery.banner().await?;
        gallery.open_go_to_job().await?;
        gallery.go_to_job("3f2a9c1e").await?;
        let kind = gallery.wait_job_dialog_banner(PAGE_TIMEOUT).await?;
        ensure!(
            json!(kind) == list["kind"],
            "the dialog's banner is {kind}, the list's {}",
            list["kind"]
        );
        t.inject_axe().await?;
        t.assert_axe_clean("the job's dialog, a failure").await?;
        t.assert_page_healthy(&["/scenario/503/v1/jobs"]).await
    })
    .await;
}

#[tokio::test]
async fn a_running_job_is_followed_until_it_finishes() {
    let live = Options {
        server_args: vec!["--live-interval".into(), "3".into()],
        ..Options::default()
    };
    run!(live, |t| async move {
        let gallery = t.gallery();
        t.open_page(&[
            ("data-api-key", "dpct_demo"),
            ("data-poll-active-ms", "1000"),
        ])
        .await?;
        gallery.wait_some_cards(PAGE_TIMEOUT).await?;
        let id = t
            .wait_until("a live job that is still running", secs(20), || async {
                let jobs = t.api_get("/v1/jobs?limit=5&offset=0").await?;
                Ok(jobs["body"]["generations"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .find(|j| matches!(j["status"].as_str(), Some("pending" | "processing")))
                    .and_then(|j| j["job_id"].as_str().map(str::to_owned)))
            })
            .await?;
        gallery.open_go_to_job().await?;
        gallery.go_to_job(&id).await?;
        gallery.wait_found_job(&id, PAGE_TIMEOUT).await?;
        t.inject_axe().await?;
        t.assert_axe_clean("the job's dialog with a running job")
            .await?;
        // The card stays the same element while the job runs on, as on the page.
        let card = format!("dialog.jg-job-dialog article[data-job-id='{id}']");
        t.js(
            "document.querySelector(arguments[0]).dataset.e2eMark = 'kept';",
            vec![json!(card)],
        )
        .await?;
        t.wait_until("the dialog's job to finish", secs(60), || async {
            let status = gallery.wait_found_job(&id, secs(1)).await?["status"].clone();
            let done = status
                .as_str()
                .is_some_and(|s| s.starts_with("Completed") || s.starts_with("Failed"));
            Ok(done.then_some(()))
        })
        .await?;
        let kept = t
            .js(
                "return document.querySelector(arguments[0]).dataset.e2eMark;",
                vec![json!(card)],
            )
            .await?;
        ensure!(kept == json!("kept"), "the card was drawn anew");
        ensure!(
            t.requests(&format!("/v1/jobs/{id}")).len() > 1,
            "the job was asked for once only"
        );
        t.assert_page_healthy(&[]).await
    })
    .await;
}

#[tokio::test]
async fn a_cards_copy_link_reopens_its_job() {
    run!(Options::frozen(), |t| async move {
        let gallery = t.gallery();
        t.open_page(&[("data-api-key", "dpct_demo"), ("data-url-sync", "jobs")])
            .await?;
        gallery.wait_loaded(20).await?;
        let id = gallery
            .job_ids()
            .await?
            .first()
            .cloned()
            .context("no job")?;
        t.allow_clipboard().await?;
        t.click(&gallery.copy_link_of(&id)).await?;
        t.wait_until("the button to say Link copied", secs(3), || async {
            let text = t
                .text(&gallery.copy_link_of(&id))
                .await?
                .unwrap_or_default();
            Ok(text.contains("Link copied").then_some(()))
        })
        .await?;
        let link = t.clipboard_text().await?;
        ensure!(
            link.ends_with(&format!("?jobs.job={id}")) && link.starts_with(&address(&t).await?),
            "the link copied is the page's address with the job: {link}"
        );
        // The link, opened, shows that job.
        t.open(link.trim_start_matches(&t.url(""))).await?;
        gallery.wait_job_dialog_open(PAGE_TIMEOUT).await?;
        gallery.wait_found_job(&id, PAGE_TIMEOUT).await?;
        t.assert_page_healthy(&[]).await
    })
    .await;
}
