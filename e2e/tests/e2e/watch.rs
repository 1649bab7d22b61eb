//! "Notify me" against the demo's live jobs: a watched job is asked for by id, and
//! nothing else, while the tab is hidden; it ends in one notification (where the driver
//! can grant the permission; WebKitWebDriver cannot) and the host's event, once; the
//! title counts it when asked to; coming back, "While you were away" says what
//! finished. A watch survives a reload, and where the browser will not notify the
//! button says so and still watches in the page.

use std::time::Instant;

use anyhow::{ensure, Context as _, Result};
use jobs_gallery_e2e::serde_json::{json, Value};
use jobs_gallery_e2e::{run, secs, Options, Test, PAGE_TIMEOUT};

/// A new live job every 8 s, so that one is running whenever the test looks.
fn live() -> Options {
    Options {
        server_args: vec!["--live-interval".into(), "8".into()],
        ..Options::default()
    }
}

/// Keeps what the page notifies (the browser's own notification still shows) and the
/// host's events, in `window.__notes` and `window.__events`.
const SPY: &str = r#"
window.__notes = [];
window.__events = [];
if (window.Notification) {
  const Real = window.Notification;
  window.Notification = class extends Real {
    constructor(title, options) {
      super(title, options);
      window.__notes.push({ title, body: options?.body ?? '', tag: options?.tag ?? '' });
    }
  };
}
for (const name of ['job-watch', 'job-unwatch', 'job-completed', 'job-failed'])
  document.addEventListener(name, (e) => window.__events.push(`${name} ${e.detail.jobId}`));
"#;

/// The standalone page, polling every second (even while every job shown is finished),
/// its watcher too.
async fn open(t: &Test, badge: bool) -> Result<()> {
    let mut attrs = vec![
        ("data-api-key", "dpct_demo"),
        ("data-poll-active-ms", "1000"),
        ("data-poll-idle-ms", "1000"),
        ("data-watch-interval-ms", "1000"),
    ];
    if badge {
        attrs.push(("data-title-badge", ""));
    }
    t.open_page(&attrs).await
}

/// The job on the first page that will run the longest yet, by its scenes to go (a
/// pending job counts as two): one with two or more.
async fn a_running_job(t: &Test) -> Result<String> {
    t.wait_until("a job that runs for a while yet", secs(40), || async {
        let jobs = t.api_get("/v1/jobs?limit=20&offset=0").await?;
        let to_go = |j: &Value| match j["status"].as_str() {
            Some("pending") => 2,
            Some("processing") => {
                let done = j["scenes_completed"].as_u64().unwrap_or_default();
                let all = j["scenes_total"].as_u64().unwrap_or_default();
                all.saturating_sub(done)
            }
            _ => 0,
        };
        Ok(jobs["body"]["generations"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|j| to_go(j) >= 2)
            .max_by_key(|j| to_go(j))
            .and_then(|j| j["job_id"].as_str().map(str::to_owned)))
    })
    .await
}

/// The host's events for job `id` so far, as `"<name> <id>"`.
async fn events(t: &Test, id: &str) -> Result<Vec<String>> {
    let events = t.js("return window.__events;", vec![]).await?;
    let suffix = format!(" {id}");
    Ok(events
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e.as_str())
        .filter(|e| e.ends_with(&suffix))
        .map(str::to_owned)
        .collect())
}

/// How many times job `id`'s end was told to the host.
async fn ends_told(t: &Test, id: &str) -> Result<usize> {
    let events = events(t, id).await?;
    Ok(events
        .iter()
        .filter(|e| e.starts_with("job-completed") || e.starts_with("job-failed"))
        .count())
}

#[tokio::test]
async fn a_watched_job_is_followed_while_hidden_and_told_once() {
    run!(live(), |t| async move {
        let gallery = t.gallery();
        let granted = t.set_notification_permission("granted").await?;
        t.add_init_script(SPY).await?;
        open(&t, true).await?;
        gallery.wait_cards(20, PAGE_TIMEOUT).await?;
        let title = t.js("return document.title;", vec![]).await?;
        let id = a_running_job(&t).await?;
        gallery.toggle_watch(&id).await?;
        let (words, pressed) = gallery.watch_button(&id).await?.context("no Notify me")?;
        ensure!(pressed, "\"{words}\" is not pressed after the click");
        if granted {
            ensure!(
                words == "Notify me",
                "with notifications granted it says {words:?}"
            );
        }
        let told = events(&t, &id).await?;
        ensure!(told == vec![format!("job-watch {id}")], "events: {told:?}");

        // Hidden: only the watched job is asked for, by id, until it finishes (a list
        // request under way when the tab went is let finish first). The tab stays hidden
        // past the gallery's 5 s, so that coming back is a return.
        t.hide_tab().await?;
        let hidden_at = Instant::now();
        gallery.wait_idle(PAGE_TIMEOUT).await?;
        let asked_before = t.requests("/v1/jobs").len();
        t.wait_until("the watched job's end, 6 s away", secs(90), || async {
            let ended = ends_told(&t, &id).await? > 0;
            Ok((ended && hidden_at.elapsed() > secs(6)).then_some(()))
        })
        .await?;
        let asked: Vec<String> = t
            .requests("/v1/jobs")
            .into_iter()
            .skip(asked_before)
            .collect();
        ensure!(!asked.is_empty(), "nothing was asked while hidden");
        ensure!(
            asked
                .iter()
                .all(|path| path.contains(&format!("/v1/jobs/{id}"))),
            "while hidden the gallery asked for more than the watched job: {asked:?}"
        );
        let notes = t.js("return window.__notes;", vec![]).await?;
        let status = t.api_get(&format!("/v1/jobs/{id}")).await?["body"]["status"].clone();
        if granted {
            let notes = notes.as_array().context("no notes")?;
            ensure!(
                notes.len() == 1,
                "one notification for the job, not {notes:?}"
            );
            let note_title = notes[0]["title"].as_str().unwrap_or_default();
            ensure!(
                notes[0]["tag"] == json!(id),
                "the notification's tag: {:?}",
                notes[0]
            );
            ensure!(
                note_title.ends_with(status.as_str().unwrap_or("?"))
                    && note_title.contains(&id[..8]),
                "the notification says {note_title:?} of a job that is {status}"
            );
        } else {
            ensure!(notes == json!([]), "no permission, yet notified: {notes}");
        }
        let badged = t.js("return document.title;", vec![]).await?;
        ensure!(
            badged == json!(format!("(1) {}", title.as_str().unwrap_or_default())),
            "the title while away: {badged}"
        );

        // Back: the title is the page's again, the strip says what finished (and the
        // live region, once, the same), and the list, which now sees the job finished,
        // does not tell it a second time.
        t.show_tab().await?;
        let back = t.js("return document.title;", vec![]).await?;
        ensure!(back == title, "the title after coming back: {back}");
        let away = gallery.wait_away(PAGE_TIMEOUT).await?;
        ensure!(
            away.starts_with("While you were away: "),
            "the strip says {away:?}"
        );
        let said = gallery.announcement().await?;
        ensure!(
            said == away,
            "the live region says {said:?}, the strip {away:?}"
        );
        gallery.wait_idle(PAGE_TIMEOUT).await?;
        let polls = t.requests("/v1/jobs?").len();
        t.wait_requests("/v1/jobs?", polls + 2, secs(10)).await?;
        let ends = ends_told(&t, &id).await?;
        ensure!(
            ends == 1,
            "the job's end was told {ends} times: {:?}",
            events(&t, &id).await?
        );
        t.inject_axe().await?;
        t.assert_axe_clean("the strip after coming back").await?;
        t.assert_page_healthy(&[]).await
    })
    .await;
}

#[tokio::test]
async fn a_watch_survives_a_reload_and_works_without_notifications() {
    run!(live(), |t| async move {
        let gallery = t.gallery();
        // Refused where the driver can say so, else no Notification API at all: either
        // way the browser will not notify.
        if !t.set_notification_permission("denied").await? {
            t.add_init_script("delete window.Notification;").await?;
        }
        t.add_init_script(SPY).await?;
        open(&t, false).await?;
        gallery.wait_cards(20, PAGE_TIMEOUT).await?;
        let id = a_running_job(&t).await?;
        let (words, pressed) = gallery.watch_button(&id).await?.context("no Notify me")?;
        ensure!(
            words == "Watch here (notifications off)" && !pressed,
            "without notifications the button says {words:?} (pressed: {pressed})"
        );
        gallery.toggle_watch(&id).await?;
        let pressed = gallery.watch_button(&id).await?.is_some_and(|(_, p)| p);
        ensure!(pressed, "not pressed after the click");
        t.inject_axe().await?;
        t.assert_axe_clean("a watched running job").await?;

        // A reload keeps it (while the job still runs, its card still has the button).
        open(&t, false).await?;
        gallery.wait_cards(20, PAGE_TIMEOUT).await?;
        let status = t.api_get(&format!("/v1/jobs/{id}")).await?["body"]["status"].clone();
        if status == json!("pending") || status == json!("processing") {
            let (_, pressed) = t
                .wait_until(
                    "the watched job's button after the reload",
                    PAGE_TIMEOUT,
                    || async { gallery.watch_button(&id).await },
                )
                .await?;
            ensure!(pressed, "the watch was lost in the reload");
            gallery.toggle_watch(&id).await?;
            let unpressed = gallery.watch_button(&id).await?.is_some_and(|(_, p)| !p);
            ensure!(unpressed, "still pressed after the second click");
            let told = events(&t, &id).await?;
            ensure!(
                told == vec![format!("job-unwatch {id}")],
                "events: {told:?}"
            );
        } else {
            // Finished during the reload: its card says so, and has no button left.
            let card = gallery.card_status(&id).await?;
            ensure!(card == status, "the card says {card}, the API {status}");
            let button = gallery.watch_button(&id).await?;
            ensure!(button.is_none(), "a finished job offers {button:?}");
        }
        t.assert_page_healthy(&[]).await
    })
    .await;
}
