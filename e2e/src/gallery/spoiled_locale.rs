//! Spoiling a locale file in the served copy: `locales/<lang>.json` taken away or
//! broken for one test, to see the gallery fall back to English, and put back when the
//! test ends, however it ends.

use std::path::PathBuf;

use anyhow::{Context as _, Result};

use crate::{site_dir, Test};

impl Test {
    /// Takes locale file `locales/<lang>.json` of the served copy away, or breaks it,
    /// until the guard this returns is dropped (also when the test fails): the tests run
    /// one at a time, and the copy is this test binary's own.
    pub fn spoil_locale(&self, lang: &str, spoil: Spoil) -> Result<SpoiledLocale> {
        let file = site_dir()?.join("locales").join(format!("{lang}.json"));
        let kept = std::fs::read(&file)
            .with_context(|| format!("the build has no {} to spoil", file.display()))?;
        let mut guard = SpoiledLocale {
            files: vec![(file.clone(), kept)],
        };
        // The server prefers a precompressed copy, which would be the file unspoiled.
        for ext in ["br", "gz"] {
            let copy = PathBuf::from(format!("{}.{ext}", file.display()));
            if let Ok(bytes) = std::fs::read(&copy) {
                std::fs::remove_file(&copy)
                    .with_context(|| format!("removing {}", copy.display()))?;
                guard.files.push((copy, bytes));
            }
        }
        match spoil {
            Spoil::Missing => std::fs::remove_file(&file),
            Spoil::Broken => std::fs::write(&file, "{\"your_jobs\": "),
        }
        .with_context(|| format!("spoiling {}", file.display()))?;
        Ok(guard)
    }
}

/// What [`Test::spoil_locale`] does to a locale file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spoil {
    /// Gone: the server answers 404.
    Missing,
    /// There, but not JSON (cut short).
    Broken,
}

impl std::fmt::Display for Spoil {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Spoil::Missing => "missing (404)",
            Spoil::Broken => "broken (not JSON)",
        })
    }
}

/// A locale file of the served copy taken away or broken ([`Test::spoil_locale`]), put
/// back as it was when this is dropped.
#[must_use = "the file is put back when this is dropped"]
pub struct SpoiledLocale {
    files: Vec<(PathBuf, Vec<u8>)>,
}

impl Drop for SpoiledLocale {
    fn drop(&mut self) {
        for (path, bytes) in &self.files {
            if let Err(e) = std::fs::write(path, bytes) {
                eprintln!("e2e: could not put back {}: {e}", path.display());
            }
        }
    }
}
