//! Files the page downloads: read from the browser's downloads folder where the harness
//! can reach it (Chromium, Firefox), else (WebKit) the file the page made, as the page
//! handed it to the browser: the `blob:` link a download link was clicked with.

use std::path::Path;
use std::time::Duration;

use anyhow::{bail, Context as _, Result};
use base64::Engine as _;
use serde_json::{json, Value};

use crate::Test;

/// `bytesAt(url)`: a promise of what the page's own fetch gets at `url`, in base64
/// (in slices, since one call cannot spread a whole picture as arguments).
const BYTES_AT: &str = r#"const bytesAt = (url) => fetch(url).then((r) => r.arrayBuffer()).then((buffer) => {
  const bytes = new Uint8Array(buffer);
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(text);
});"#;

/// Records each file a download link (`<a download href="blob:…">`) is clicked with:
/// its name and, once read, its bytes in base64. The click goes on as it would.
const CAPTURE: &str = r#"window.__downloads = [];
window.__clicked = [];
document.addEventListener('click', (e) => window.__clicked.push(
  (e.target.getAttribute && (e.target.getAttribute('aria-label') || e.target.className)) || e.target.nodeName), true);
const click = HTMLAnchorElement.prototype.click;
HTMLAnchorElement.prototype.click = function () {
  if (this.download && this.href.startsWith('blob:')) {
    const entry = { name: this.download, bytes: null };
    window.__downloads.push(entry);
    bytesAt(this.href).then((b) => { entry.bytes = b; }, (e) => { entry.bytes = 'unreadable: ' + e; });
  }
  return click.call(this);
};"#;

impl Test {
    /// Watches what the page downloads from now on (call before opening the page).
    pub async fn capture_downloads(&self) -> Result<()> {
        self.add_init_script(&format!("{BYTES_AT}\n{CAPTURE}"))
            .await
    }

    /// The bytes at `url` as the page's own fetch gets them (its origin, its CORS).
    pub async fn fetch_bytes(&self, url: &str) -> Result<Vec<u8>> {
        let script = format!(
            "const done = arguments[arguments.length - 1];\n{BYTES_AT}\n\
             bytesAt(arguments[0]).then(done, (e) => done('unreadable: ' + e));"
        );
        let text = self.js_async(&script, vec![json!(url)]).await?;
        decode(text.as_str().unwrap_or_default())
            .with_context(|| format!("fetching {url} in the page"))
    }

    /// Waits (bounded) for the download named `name` and returns its bytes: the file in
    /// the downloads folder once the browser has finished writing it, or in WebKit the
    /// file the page made (see [`Test::capture_downloads`]).
    pub async fn wait_download(&self, name: &str, timeout: Duration) -> Result<Vec<u8>> {
        let got = match self.engine.downloads() {
            Some(folder) => {
                let what = format!("{name} in {}", folder.display());
                self.wait_until(&what, timeout, || async { finished(&folder, name) })
                    .await
            }
            None => self.made_in_page(name, timeout).await,
        };
        match got {
            Ok(bytes) => Ok(bytes),
            // What the page did, to tell a lost click from a save that went wrong.
            Err(e) => {
                let seen = self
                    .js(
                        "return { clicked: window.__clicked, made: (window.__downloads || []).map((d) => d.name) };",
                        vec![],
                    )
                    .await
                    .unwrap_or_default();
                Err(e.context(format!("the page so far: {seen}")))
            }
        }
    }

    /// The names of the files the page made for download so far, in order.
    pub async fn downloads_made(&self) -> Result<Vec<String>> {
        let names = self
            .js(
                "return (window.__downloads || []).map((d) => d.name);",
                vec![],
            )
            .await?;
        Ok(serde_json::from_value(names)?)
    }

    async fn made_in_page(&self, name: &str, timeout: Duration) -> Result<Vec<u8>> {
        let script = "return (window.__downloads || []).find((d) => d.name === arguments[0] && d.bytes) || null;";
        let entry = self
            .wait_until(&format!("{name} made in the page"), timeout, || async {
                let found = self.js(script, vec![json!(name)]).await?;
                Ok((found != Value::Null).then_some(found))
            })
            .await?;
        decode(entry["bytes"].as_str().unwrap_or_default())
            .with_context(|| format!("the page's file {name}"))
    }
}

/// Bytes the page sent in base64, or why it could not read them.
fn decode(text: &str) -> Result<Vec<u8>> {
    if let Some(why) = text.strip_prefix("unreadable: ") {
        bail!("unreadable: {why}");
    }
    Ok(base64::engine::general_purpose::STANDARD.decode(text)?)
}

/// The file `name` in `folder` once it is complete: there, and no partial download
/// (Chromium's `.crdownload`, Firefox's `.part`) beside it.
fn finished(folder: &Path, name: &str) -> Result<Option<Vec<u8>>> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Ok(None);
    };
    let mut present = false;
    for entry in entries {
        let file = entry?.file_name();
        let file = file.to_string_lossy();
        if file.ends_with(".crdownload") || file.ends_with(".part") {
            return Ok(None);
        }
        present |= file == name;
    }
    if !present {
        return Ok(None);
    }
    Ok(Some(std::fs::read(folder.join(name))?))
}
