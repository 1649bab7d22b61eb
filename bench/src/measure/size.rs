//! What a first load transfers, read from the build and its precompressed copies (the
//! same every run, so measured once).

use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};
use serde::{Deserialize, Serialize};

/// Bytes as built, as the `.gz` copy and as the `.br` copy.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
pub struct Bytes {
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

impl std::ops::AddAssign for Bytes {
    fn add_assign(&mut self, o: Bytes) {
        self.raw += o.raw;
        self.gzip += o.gzip;
        self.brotli += o.brotli;
    }
}

/// The files of one kind and their sizes together.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Files {
    pub files: Vec<String>,
    #[serde(flatten)]
    pub bytes: Bytes,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Transfer {
    pub wasm: Files,
    pub js: Files,
    pub css: Files,
    pub total: Bytes,
}

pub fn measure(dist: &Path) -> Result<Transfer> {
    let (mut wasm, mut js, mut css) = (Files::default(), Files::default(), Files::default());
    let mut names: Vec<String> = std::fs::read_dir(dist)
        .with_context(|| format!("reading {}", dist.display()))?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in names {
        // What an embedding page loads (as scripts/check-size.sh counts it): the loader,
        // the hashed glue and wasm, the widget's hashed stylesheet (not its stable copy,
        // not the demo page's stylesheet), not what it imports on a click (the save
        // module and its ZIP writer, the panels' glue and wasm).
        let on_demand = matches!(
            name.as_str(),
            "jobs-gallery-save.js" | "jobs-gallery-zip.js"
        ) || name.starts_with("jobs-gallery-panels-");
        let kind = if !name.starts_with("jobs-gallery-") || on_demand {
            continue;
        } else if name.ends_with(".wasm") {
            &mut wasm
        } else if name.ends_with(".js") {
            &mut js
        } else if name.ends_with(".css") {
            &mut css
        } else {
            continue;
        };
        let size = |p: PathBuf| {
            std::fs::metadata(&p)
                .map(|m| m.len())
                .with_context(|| format!("{} (release builds ship it)", p.display()))
        };
        kind.bytes += Bytes {
            raw: size(dist.join(&name))?,
            gzip: size(dist.join(format!("{name}.gz")))?,
            brotli: size(dist.join(format!("{name}.br")))?,
        };
        kind.files.push(name);
    }
    let mut total = Bytes::default();
    for (kind, files) in [("wasm", &wasm), ("js", &js), ("css", &css)] {
        if files.files.is_empty() {
            bail!("no {kind} file of the widget in {}", dist.display());
        }
        total += files.bytes;
    }
    Ok(Transfer {
        wasm,
        js,
        css,
        total,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_the_widgets_files_and_their_copies_only() {
        let dir =
            std::env::temp_dir().join(format!("jobs-gallery-bench-size-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let write =
            |name: &str, len: usize| std::fs::write(dir.join(name), vec![b'x'; len]).unwrap();
        for (name, raw) in [
            ("jobs-gallery-abc_bg.wasm", 100),
            ("jobs-gallery-abc.js", 40),
            ("jobs-gallery-loader.js", 10),
            ("jobs-gallery-abc.css", 20),
        ] {
            write(name, raw);
            write(&format!("{name}.gz"), raw / 2);
            write(&format!("{name}.br"), raw / 4);
        }
        write("index.html", 1000);
        write("demo.css", 1000);
        let t = measure(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(
            t.js.files,
            ["jobs-gallery-abc.js", "jobs-gallery-loader.js"]
        );
        assert_eq!(
            (t.js.bytes.raw, t.js.bytes.gzip, t.js.bytes.brotli),
            (50, 25, 12)
        );
        assert_eq!((t.total.raw, t.total.gzip, t.total.brotli), (170, 85, 42));
    }
}
