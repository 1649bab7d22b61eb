//! "Notify me" against the demo's live jobs: a watched job is asked for by id, and
//! nothing else, while the tab is hidden; it ends in one notification (where the driver
//! can grant the permission; WebKitWebDriver cannot) and the host's event, once; the
//! title counts it when asked to; coming back, "While you were away" says what
//! finished. A watch survives a reload, and where the browser will not notify the
//! button says so and still watches in the page.

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

/// A job on the first page that will run for a while yet: pending, or a story with two
/// scenes or more to go.
async fn a_running_job(t: &Test) -> Result<String> {
    t.wait_until("a job that runs for a while yet", secs(40), || async {
        let jobs = t.api_get("/v1/jobs?limit=20&offset=0").await?;
        Ok(jobs["body"]["generations"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|j| {
                let left = j["scenes_completed"]
                    .as_u64()
                    .zip(j["scenes_total"].as_u64());
                j["status"] == "pending"
                    || (j["status"] == "processing"
                        && left.is_some_and(|(done, all)| all >= done + 2))
            })
            .and_then(|j| j["job_id"].as_str().map(str::to_owned)))
    })
    .await
}

async fn events(t: &Test) -> Result<Vec<String>> {
    let events = t.js("return window.__events;", vec![]).await?;
    Ok(serde_strings(&events))
}

fn serde_strings(v: &Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e.as_str().map(str::to_owned))
        .collect()
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
        ensure!(
            events(&t).await? == vec![format!("job-watch {id}")],
            "events: {:?}",
            events(&t).await?
        );

        // Hidden: only the watched job is asked for, by id, until it finishes.
        t.hide_tab().await?;
        let asked_before = t.requests("/v1/jobs").len();
        let told = id.clone();
        t.wait_until("the watched job's end to be told", secs(90), || async {
            let events = events(&t).await?;
            Ok(events
                .iter()
                .any(|e| e.ends_with(&told) && !e.starts_with("job-watch"))
                .then_some(()))
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

        // Back: the title is the page's again, the strip says what finished, and the
        // list, which now sees the job finished, does not tell it a second time.
        t.show_tab().await?;
        let back = t.js("return document.title;", vec![]).await?;
        ensure!(back == title, "the title after coming back: {back}");
        let away = gallery.wait_away(PAGE_TIMEOUT).await?;
        ensure!(
            away.starts_with("While you were away: "),
            "the strip says {away:?}"
        );
        gallery.wait_idle(PAGE_TIMEOUT).await?;
        let polls = t.requests("/v1/jobs?").len();
        t.wait_requests("/v1/jobs?", polls + 2, secs(10)).await?;
        let ends = events(&t)
            .await?
            .into_iter()
            .filter(|e| e.ends_with(&told) && !e.starts_with("job-watch"))
            .count();
        ensure!(
            ends == 1,
            "the job's end was told {ends} times: {:?}",
            events(&t).await?
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
        ensure!(
            gallery.watch_button(&id).await?.is_some_and(|(_, p)| p),
            "not pressed after the click"
        );
        t.inject_axe().await?;
        t.assert_axe_clean("a watched running job").await?;

        // A reload keeps it (while the job still runs, its card still has the button).
        open(&t, false).await?;
        gallery.wait_cards(20, PAGE_TIMEOUT).await?;
        let kept = t.wait_until(
            "the watched job's button after the reload",
            PAGE_TIMEOUT,
            || async { gallery.watch_button(&id).await },
        );
        let status = t.api_get(&format!("/v1/jobs/{id}")).await?["body"]["status"].clone();
        if status == json!("pending") || status == json!("processing") {
            let (_, pressed) = kept.await?;
            ensure!(pressed, "the watch was lost in the reload");
            gallery.toggle_watch(&id).await?;
            ensure!(
                gallery.watch_button(&id).await?.is_some_and(|(_, p)| !p),
                "still pressed after the second click"
            );
            ensure!(
                events(&t).await? == vec![format!("job-unwatch {id}")],
                "events: {:?}",
                events(&t).await?
            );
        } else {
            // Finished during the reload: the list tells it, once, in the live region.
            let said = gallery.announcement().await?;
            ensure!(!said.is_empty(), "the job finished and nothing was said");
        }
        t.assert_page_healthy(&[]).await
    })
    .await;
}
