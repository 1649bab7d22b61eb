//! "Download" in the viewer: the picture saved as a real file, named
//! `<yyyy-mm-dd>-<short id>[-scene-N].<ext>`, with the bytes the server sent, read from
//! the browser's downloads folder (in WebKit, the file the page made); the save module
//! is fetched on the first click, not with the gallery. Pictures on a host that sends no
//! CORS headers are saved through `media-proxy`, and without one open in a new tab, as
//! the viewer says.

use anyhow::{ensure, Context as _, Result};
use jobs_gallery_e2e::serde_json::Value;
use jobs_gallery_e2e::{run, secs, Options, Test};

/// What the viewer says when the image host allows no saving from the page, and the
/// picture opened in a new tab instead, or the browser did not let it.
const OPENED: &str = "The image host does not allow saving from this page, so the picture opened in a new tab: save it from there.";
const BLOCKED: &str = "The image host does not allow saving from this page, and the browser kept the picture from opening in a new tab: open it with its format link and save it from there.";

/// The open picture as the viewer shows it: its job's id, its title ("Scene 2 of 3" or
/// "Result") and its format links, label to address.
async fn open_picture(t: &Test) -> Result<Value> {
    t.js(
        r#"const v = document.querySelector('dialog.jg-viewer[open]');
           return { id: v.querySelector('.jg-viewer__job code').title,
                    title: v.querySelector('.jg-viewer__title').firstChild.textContent,
                    links: [...v.querySelectorAll('.jg-viewer__formats a')].map(a => [a.textContent, a.href]) };"#,
        vec![],
    )
    .await
}

/// The name the gallery gives a download: the job's day (UTC), its id's first eight
/// characters, the scene of a story, the format's extension.
fn expected_name(day: &str, id: &str, title: &str, label: &str) -> String {
    let scene = title
        .strip_prefix("Scene ")
        .and_then(|rest| rest.split(' ').next())
        .map(|n| format!("-scene-{n}"))
        .unwrap_or_default();
    let ext = match label {
        "JPEG" => "jpg",
        other => &other.to_ascii_lowercase(),
    };
    let short: String = id.chars().take(8).collect();
    format!("{day}-{short}{scene}.{ext}")
}

/// The picture open in the viewer (the page's first): the label and address of its first
/// format, and the name its download should get.
async fn first_picture(t: &Test) -> Result<(String, String, String)> {
    let picture = open_picture(t).await?;
    let id = picture["id"].as_str().context("the job id")?;
    let title = picture["title"].as_str().unwrap_or_default();
    let Some([label, url]) = picture["links"][0].as_array().map(Vec::as_slice) else {
        anyhow::bail!("the viewer shows no format link: {picture}");
    };
    let (label, url) = (
        label.as_str().unwrap_or_default(),
        url.as_str().unwrap_or_default(),
    );
    let job = t.api_get(&format!("/v1/jobs/{id}")).await?;
    let finished = job["body"]["completed_at"]
        .as_str()
        .or_else(|| job["body"]["created_at"].as_str())
        .with_context(|| format!("job {id} has no date: {job}"))?;
    ensure!(
        finished.ends_with('Z'),
        "the demo's dates are in UTC: {finished}"
    );
    let name = expected_name(&finished[..10], id, title, label);
    Ok((label.to_owned(), url.to_owned(), name))
}

/// The page is healthy but for the direct fetch of the picture, which the browser
/// refuses (and says so in the console) because its host sends no CORS headers.
async fn refused_for_cors_only(t: &Test) -> Result<()> {
    for error in t.console_errors().await? {
        ensure!(
            error.message.contains("http://localhost:")
                && ["CORS", "Access-Control", "access control"]
                    .iter()
                    .any(|why| error.message.contains(why)),
            "the browser console has an error besides the refused fetch: {error}"
        );
    }
    t.assert_network_errors_only(&["http://localhost:"]).await
}

#[tokio::test]
async fn download_saves_the_picture_as_a_file_named_by_day_and_job() {
    run!(Options::frozen(), |t| async move {
        t.capture_downloads().await?;
        let gallery = t.gallery();
        gallery.open_loaded("/", 20).await?;
        ensure!(
            t.requests("jobs-gallery-save.js").is_empty(),
            "the save module came with the gallery"
        );
        // Where the first Download is the moment the viewer opens, and once its picture
        // has loaded: the same, so a click aimed at it lands on it.
        gallery.open_viewer().await?;
        let place = "const b = document.querySelector('dialog.jg-viewer[open] .jg-viewer__save').getBoundingClientRect();
                     const img = document.querySelector('dialog.jg-viewer[open] .jg-viewer__img');
                     return { box: [b.x, b.y, b.width, b.height], loaded: !!img && img.complete && img.naturalWidth > 0 };";
        let before = t.js(place, vec![]).await?;
        let after = t
            .wait_until("the viewer's picture to load", secs(10), || async {
                let now = t.js(place, vec![]).await?;
                Ok((now["loaded"] == Value::Bool(true)).then_some(now))
            })
            .await?;
        ensure!(
            before["box"] == after["box"],
            "Download moved when the picture loaded: {before} -> {after}"
        );
        let (label, url, name) = first_picture(&t).await?;
        let picture = open_picture(&t).await?;
        let shown: Vec<&str> = picture["links"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|l| l[0].as_str())
            .collect();
        let formats = gallery.viewer_download_formats().await?;
        ensure!(
            formats == shown,
            "\"Download\" should be offered for each valid format: {formats:?}, links {shown:?}"
        );

        gallery.download_in_viewer(&label).await?;
        let saved = t.wait_download(&name, secs(15)).await?;
        let served = t.fetch_bytes(&url).await?;
        ensure!(!served.is_empty(), "the server sent an empty picture");
        ensure!(
            saved == served,
            "{name}: {} bytes saved, {} served",
            saved.len(),
            served.len()
        );
        if label == "PNG" {
            ensure!(saved.starts_with(b"\x89PNG\r\n\x1a\n"), "{name} is no PNG");
        }
        let said = gallery.viewer_saved_text().await?;
        ensure!(said == format!("Saved {name}."), "the viewer said {said:?}");
        ensure!(
            t.requests("jobs-gallery-save.js").len() == 1,
            "the save module should be fetched once, on the first click"
        );
        ensure!(
            t.downloads_made().await? == [name.clone()],
            "one click, one file"
        );
        t.assert_page_healthy(&[]).await
    })
    .await;
}

#[tokio::test]
async fn a_picture_whose_host_sends_no_cors_headers_is_saved_through_the_media_proxy() {
    run!(Options::frozen().media_elsewhere(), |t| async move {
        t.capture_downloads().await?;
        // A drop-in, whose data-media-proxy the loader hands on as mediaProxy.
        t.open_page(&[
            ("data-api-key", "dpct_demo"),
            ("data-media-proxy", "/media-proxy"),
        ])
        .await?;
        let gallery = t.gallery();
        gallery.wait_loaded(20).await?;
        gallery.open_viewer().await?;
        let (label, url, name) = first_picture(&t).await?;
        ensure!(
            url.starts_with("http://localhost:"),
            "the picture should be on another origin: {url}"
        );
        gallery.download_in_viewer(&label).await?;
        let saved = t.wait_download(&name, secs(15)).await?;
        // The same picture from the page's own origin, where the server serves it too.
        let path = &url[url.find("/media/").context("a /media/ link")?..];
        ensure!(
            saved == t.fetch_bytes(path).await?,
            "{name} is not the picture"
        );
        let said = gallery.viewer_saved_text().await?;
        ensure!(said == format!("Saved {name}."), "the viewer said {said:?}");
        ensure!(
            t.requests("/media-proxy?url=").len() == 1,
            "the picture should come through the proxy once"
        );
        refused_for_cors_only(&t).await
    })
    .await;
}

#[tokio::test]
async fn without_a_proxy_such_a_picture_opens_in_a_new_tab_and_the_viewer_says_so() {
    run!(Options::frozen().media_elsewhere(), |t| async move {
        t.capture_downloads().await?;
        let gallery = t.gallery();
        gallery.open_loaded("/", 20).await?;
        gallery.open_viewer().await?;
        let (label, url, _) = first_picture(&t).await?;
        ensure!(url.starts_with("http://localhost:"), "{url}");
        let windows = t.client.windows().await?.len();
        gallery.download_in_viewer(&label).await?;
        let said = t
            .wait_until("the viewer to say what happened", secs(10), || async {
                let said = gallery.viewer_saved_text().await?;
                Ok((!said.is_empty()).then_some(said))
            })
            .await?;
        // The tab opens after the fetch failed, past the click: a browser may block it
        // (WebKit does), and then the viewer must not say it opened.
        let tabs = || async {
            let now = t.client.windows().await?.len();
            Ok::<_, anyhow::Error>(now.saturating_sub(windows))
        };
        if said == OPENED {
            t.wait_until("the new tab", secs(10), || async {
                Ok((tabs().await? > 0).then_some(()))
            })
            .await?;
            ensure!(tabs().await? == 1, "one tab should open");
        } else {
            ensure!(said == BLOCKED, "the viewer said {said:?}");
            ensure!(
                tabs().await? == 0,
                "a tab opened, yet the viewer says it was blocked"
            );
        }
        ensure!(
            t.downloads_made().await?.is_empty(),
            "a file was made although the picture could not be fetched"
        );
        refused_for_cors_only(&t).await
    })
    .await;
}

#[tokio::test]
async fn a_cards_download_saves_a_format_of_its_picture() {
    run!(Options::frozen(), |t| async move {
        t.capture_downloads().await?;
        let gallery = t.gallery();
        gallery.open_loaded("/", 20).await?;
        // The newest job with a picture whose link is valid.
        gallery.open_viewer().await?;
        let (label, url, name) = first_picture(&t).await?;
        let id = open_picture(&t).await?["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        t.press(jobs_gallery_e2e::fantoccini::key::Key::Escape.into())
            .await?;
        gallery.wait_viewer_closed(secs(5)).await?;

        gallery.open_card_download(&id).await?;
        let buttons = gallery.card_download_buttons().await?;
        ensure!(
            buttons
                .iter()
                .any(|b| b.starts_with(&format!("Download {label}"))),
            "no {label} among {buttons:?}"
        );
        gallery.card_download(&label).await?;
        let saved = t.wait_download(&name, secs(15)).await?;
        ensure!(
            saved == t.fetch_bytes(&url).await?,
            "{name}: not the bytes served"
        );
        let said = gallery.wait_card_download_said(secs(5)).await?;
        ensure!(said == format!("Saved {name}."), "the dialog said {said:?}");
        t.inject_axe().await?;
        t.assert_axe_clean("a card's Download").await?;
        t.press(jobs_gallery_e2e::fantoccini::key::Key::Escape.into())
            .await?;
        ensure!(
            t.focus_matches(&gallery.card_download_of(&id)).await?,
            "focus goes back to the card's Download, is on {}",
            t.focused().await?
        );
        t.assert_page_healthy(&[]).await
    })
    .await;
}
