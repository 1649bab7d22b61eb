//! The release build the suite serves: `dist/` checked, copied once per test binary,
//! and pages of a test's own written into the copy.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context as _, Result};

use crate::{secs, BrowserKind};

/// The repository root (the workspace root, one level above this crate).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("e2e crate has a parent folder")
        .to_path_buf()
}

/// The release build the tests run against; fails clearly when it was not built.
pub fn dist_dir() -> Result<PathBuf> {
    let dist = std::env::var_os("E2E_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("dist"));
    if !dist.join("index.html").is_file() {
        bail!(
            "{} is missing: build the page first with `trunk build --release` \
             (scripts/test.sh does this before the e2e suite)",
            dist.join("index.html").display()
        );
    }
    Ok(dist)
}

/// The folder the test servers serve: a copy of the release build taken once per test
/// binary, so that a rebuild of `dist/` while the suite runs (`trunk serve` writes there
/// too) cannot mix two builds; [`crate::Test::open_page`] writes its pages into it.
/// Removed by the next test binary once this process is gone.
pub fn site_dir() -> Result<PathBuf> {
    static SITE: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    SITE.get_or_init(|| snapshot_dist().map_err(|e| format!("{e:#}")))
        .clone()
        .map_err(|e| anyhow!(e))
}

const SITE_PREFIX: &str = "jobs-gallery-e2e-site-";

fn snapshot_dist() -> Result<PathBuf> {
    let dist = dist_dir()?;
    // Copies left by earlier test binaries that are gone.
    if let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(pid) = name.strip_prefix(SITE_PREFIX) {
                if pid.parse::<u32>().is_ok() && !Path::new("/proc").join(pid).exists() {
                    let _ = std::fs::remove_dir_all(entry.path());
                }
            }
        }
    }
    let site = std::env::temp_dir().join(format!("{SITE_PREFIX}{}", std::process::id()));
    // A build in progress leaves index.html pointing at assets not yet (or no longer)
    // there: copy again until the copy is whole, for a bounded time.
    let deadline = Instant::now() + secs(60);
    loop {
        let _ = std::fs::remove_dir_all(&site);
        copy_tree(&dist, &site)
            .with_context(|| format!("copying {} to {}", dist.display(), site.display()))?;
        let missing = missing_assets(&site)?;
        if missing.is_empty() {
            BrowserKind::chosen().prepare_site(&site)?;
            return Ok(site);
        }
        if Instant::now() > deadline {
            bail!(
                "{}/index.html refers to {missing:?}, which are not there (a build still running, \
                 or a broken one?); rebuild with `trunk build --release`",
                dist.display()
            );
        }
        std::thread::sleep(Duration::from_millis(500)); // poll period of a bounded wait
    }
}

/// Copies `from` into `to`, leaving out dot files (Trunk's `.stage`).
fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Root-relative paths quoted in `index.html` (`"/jobs-gallery-HASH.js"`), and the
/// `./name` files the scripts it names import (a loader importing the hashed module),
/// that are missing.
fn missing_assets(site: &Path) -> Result<Vec<String>> {
    fn quoted(text: &str, prefix: &str) -> Vec<String> {
        let mut found = Vec::new();
        for quote in ['"', '\''] {
            for (i, piece) in text.split(quote).enumerate() {
                let inside_quotes = i % 2 == 1;
                if inside_quotes
                    && piece.len() > prefix.len()
                    && piece.starts_with(prefix)
                    && !piece.starts_with("//")
                    && !piece.contains(char::is_whitespace)
                {
                    found.push(piece[prefix.len()..].to_string());
                }
            }
        }
        found
    }
    let html = std::fs::read_to_string(site.join("index.html")).context("reading index.html")?;
    let mut missing = Vec::new();
    for name in quoted(&html, "/") {
        let path = site.join(&name);
        if !path.is_file() {
            missing.push(format!("/{name}"));
        } else if name.ends_with(".js") {
            // Only what the script imports or fetches: `from './x.js'`, `URL('./x.wasm'`.
            let script = std::fs::read_to_string(&path).unwrap_or_default();
            for lead in ["from '", "from \"", "URL('", "URL(\""] {
                for piece in script.split(lead).skip(1) {
                    let Some(inner) = piece
                        .split(['\'', '"'])
                        .next()
                        .and_then(|p| p.strip_prefix("./"))
                    else {
                        continue;
                    };
                    if !site.join(inner).is_file() {
                        missing.push(format!("./{inner} (from /{name})"));
                    }
                }
            }
        }
    }
    Ok(missing)
}

/// `text` as the value of a double-quoted HTML attribute.
pub(crate) fn attribute_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

/// Writes `html` as a page of test `test_name`'s own into the served copy of the build
/// ([`site_dir`]); returns its path on the server.
pub(crate) fn write_page(test_name: &str, html: &str) -> Result<String> {
    static N: AtomicUsize = AtomicUsize::new(0);
    let site = site_dir()?;
    let stem: String = test_name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let file = format!("e2e-{stem}-{}.html", N.fetch_add(1, Ordering::SeqCst));
    std::fs::write(site.join(&file), html)
        .with_context(|| format!("writing {file} into {}", site.display()))?;
    Ok(format!("/{file}"))
}

/// A page of the release build's `<head>` (its hashed stylesheet and module, read from
/// the built index.html) and a body holding a heading and one mount element with
/// `attrs`.
pub(crate) fn mount_page(attrs: &[(&str, &str)]) -> Result<String> {
    let index = std::fs::read_to_string(site_dir()?.join("index.html"))
        .context("reading the built index.html")?;
    let head_end = index
        .find("<body")
        .ok_or_else(|| anyhow!("the built index.html has no <body>"))?;
    let mut mount = String::from("<div data-jobs-gallery");
    for (name, value) in attrs {
        if name.is_empty()
            || !name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            bail!("open_page: `{name}` is not a plain attribute name");
        }
        mount.push_str(&format!(" {name}=\"{}\"", attribute_text(value)));
    }
    mount.push_str("></div>");
    Ok(format!(
        "{}<body>\n  <main class=\"demo\">\n    <h1>Jobs gallery (end-to-end page)</h1>\n    {mount}\n  </main>\n</body>\n</html>\n",
        &index[..head_end]
    ))
}
