//! "Download" in the viewer: the picture saved as a real file, named
//! `<yyyy-mm-dd>-<short id>[-scene-N].<ext>`, with the bytes the server sent, read from
//! the browser's downloads folder (in WebKit, the file the page made); the save module
//! is fetched on the first click, not with the gallery.

use anyhow::{ensure, Context as _, Result};
use base64::Engine as _;
use jobs_gallery_e2e::serde_json::{json, Value};
use jobs_gallery_e2e::{run, secs, Options, Test};

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

/// The bytes at `url`, as the page's own fetch gets them.
async fn fetched(t: &Test, url: &str) -> Result<Vec<u8>> {
    let text = t
        .js_async(
            r#"const done = arguments[arguments.length - 1];
               fetch(arguments[0]).then(r => r.arrayBuffer()).then(b => {
                 const bytes = new Uint8Array(b); let s = '';
                 for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
                 done(btoa(s));
               }, e => done('failed: ' + e));"#,
            vec![json!(url)],
        )
        .await?;
    let text = text.as_str().context("fetch answered no text")?;
    ensure!(!text.starts_with("failed: "), "fetching {url}: {text}");
    Ok(base64::engine::general_purpose::STANDARD.decode(text)?)
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
        gallery.open_viewer().await?;
        let picture = open_picture(&t).await?;
        let id = picture["id"].as_str().context("the job id")?;
        let title = picture["title"].as_str().unwrap_or_default();
        let links = picture["links"].as_array().cloned().unwrap_or_default();
        let (label, url) = match links.first().and_then(Value::as_array).map(Vec::as_slice) {
            Some([label, url]) => (
                label.as_str().unwrap_or_default(),
                url.as_str().unwrap_or_default(),
            ),
            _ => anyhow::bail!("the viewer shows no format link: {picture}"),
        };
        let formats = gallery.viewer_download_formats().await?;
        let shown: Vec<&str> = links.iter().filter_map(|l| l[0].as_str()).collect();
        ensure!(
            formats == shown,
            "\"Download\" should be offered for each valid format: {formats:?}, links {shown:?}"
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

        gallery.download_in_viewer(label).await?;
        let saved = t.wait_download(&name, secs(15)).await?;
        let served = fetched(&t, url).await?;
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
