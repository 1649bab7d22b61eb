//! "Download this page": every picture of the page whose link is still valid, in one ZIP
//! named by day and page, made in the page (client-zip, fetched on the first use, not
//! with the gallery) from links the panel asks for again; it opens with `unzip -t`. A
//! cancel saves nothing.

use std::process::Command;

use anyhow::{ensure, Context as _, Result};
use jobs_gallery_e2e::{run, secs, session_folder, Options, PAGE_TIMEOUT};

/// The ZIP's entries, as `unzip` reads them, once `unzip -t` has checked every one.
fn unzip_checked(bytes: &[u8], dir: &std::path::Path) -> Result<Vec<String>> {
    let file = dir.join("page.zip");
    std::fs::write(&file, bytes)?;
    let test = Command::new("unzip").arg("-t").arg(&file).output()?;
    ensure!(
        test.status.success(),
        "unzip -t failed: {}{}",
        String::from_utf8_lossy(&test.stdout),
        String::from_utf8_lossy(&test.stderr)
    );
    let list = Command::new("unzip").arg("-Z1").arg(&file).output()?;
    ensure!(list.status.success(), "unzip -Z1 failed");
    Ok(String::from_utf8(list.stdout)?
        .lines()
        .map(str::to_owned)
        .collect())
}

/// `Saved 12 pictures in 2026-12-07-jobs-page-1.zip.…` → (12, the name).
fn saved_and_name(said: &str) -> Result<(usize, String)> {
    let rest = said.strip_prefix("Saved ").context("not a Saved line")?;
    let (count, rest) = rest.split_once(' ').context("no count")?;
    let name = rest
        .split_once(" in ")
        .and_then(|(_, name)| name.split(".zip").next())
        .context("no ZIP name")?;
    Ok((count.parse()?, format!("{name}.zip")))
}

#[tokio::test]
async fn download_this_page_saves_a_zip_of_its_pictures() {
    run!(Options::frozen(), |t| async move {
        t.capture_downloads().await?;
        let gallery = t.gallery();
        gallery.open_loaded("/", 20).await?;
        ensure!(
            t.requests("jobs-gallery-zip.js").is_empty(),
            "the ZIP writer came with the gallery"
        );
        let page_ids = gallery.job_ids().await?;
        gallery.save_page().await?;
        let said = gallery.wait_save_page_said("Saved ", secs(30)).await?;
        let (count, name) = saved_and_name(&said)?;
        let today = t
            .js("return new Date().toISOString().slice(0, 10);", vec![])
            .await?;
        ensure!(
            name == format!("{}-jobs-page-1.zip", today.as_str().unwrap_or_default()),
            "the ZIP is named by day and page: {name}"
        );
        let bytes = t.wait_download(&name, secs(15)).await?;
        let dir = session_folder("zip")?;
        let entries = unzip_checked(&bytes, &dir)?;
        ensure!(
            entries.len() == count && count > 0,
            "the panel said {said:?}, the ZIP holds {entries:?}"
        );
        for entry in &entries {
            // <yyyy-mm-dd>-<first 8 of the id>[-scene-N][-n].<ext>: the job's day, its id.
            let (day, short) = (
                entry.get(..11).unwrap_or_default(),
                entry.get(11..19).unwrap_or_default(),
            );
            ensure!(
                day.bytes().filter(u8::is_ascii_digit).count() == 8
                    && short.len() == 8
                    && page_ids.iter().any(|id| id.starts_with(short)),
                "{entry} names no job of the page"
            );
            if entry.ends_with(".png") {
                let png = Command::new("unzip")
                    .arg("-p")
                    .arg(dir.join("page.zip"))
                    .arg(entry)
                    .output()?;
                ensure!(
                    png.stdout.starts_with(b"\x89PNG\r\n\x1a\n"),
                    "{entry} is no PNG"
                );
            }
        }
        ensure!(
            t.requests("jobs-gallery-zip.js").len() == 1,
            "the ZIP writer is fetched once, on the first use"
        );
        ensure!(
            t.downloads_made().await? == [name.clone()],
            "one click, one file"
        );
        t.inject_axe().await?;
        t.assert_axe_clean("Download this page, done").await?;
        t.click(&gallery.close_save_page()).await?;
        gallery.wait_save_page_gone(secs(5)).await?;
        t.assert_page_healthy(&[]).await
    })
    .await;
}

/// Holds every request for a picture until it is aborted, so that a download of the
/// page stays under way for as long as the test needs it.
const PICTURES_HANG: &str = r#"const realFetch = window.fetch;
window.fetch = function (input, init) {
  const url = String(input && input.url ? input.url : input);
  if (url.includes('/media/')) {
    return new Promise((_, reject) => init && init.signal && init.signal.addEventListener('abort',
      () => reject(new DOMException('The user aborted a request.', 'AbortError'))));
  }
  return realFetch.apply(this, arguments);
};"#;

#[tokio::test]
async fn a_page_download_can_be_cancelled_and_saves_nothing() {
    run!(Options::frozen(), |t| async move {
        t.capture_downloads().await?;
        t.add_init_script(PICTURES_HANG).await?;
        let gallery = t.gallery();
        gallery.open_loaded("/", 20).await?;
        gallery.save_page().await?;
        let count = gallery.wait_save_page_count(PAGE_TIMEOUT).await?;
        ensure!(
            count.starts_with("0 / "),
            "no picture can have arrived: {count}"
        );
        ensure!(
            t.focus_matches(&gallery.cancel_save_page()).await?,
            "the panel's Cancel has the focus, one key away: it is on {}",
            t.focused().await?
        );
        // Asked again while it runs, the download goes on: its Cancel is shown the reader.
        t.blur().await?;
        gallery.save_page().await?;
        ensure!(
            t.focus_matches(&gallery.cancel_save_page()).await?,
            "a second click should focus the running download's Cancel, focus is on {}",
            t.focused().await?
        );
        ensure!(
            gallery
                .wait_save_page_count(secs(1))
                .await?
                .starts_with("0 / "),
            "the download under way was started again"
        );
        t.click(&gallery.cancel_save_page()).await?;
        gallery
            .wait_save_page_said("Download cancelled", secs(5))
            .await?;
        ensure!(
            t.focus_matches(&gallery.close_save_page()).await?,
            "focus stays on the button, now Close; it is on {}",
            t.focused().await?
        );
        ensure!(
            t.downloads_made().await?.is_empty(),
            "a cancel saves nothing"
        );
        t.assert_page_healthy(&[]).await
    })
    .await;
}
