//! The virtual X display (Xvfb) MiniBrowser draws on.

use std::io::{BufRead as _, BufReader};
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::mpsc;

use anyhow::{anyhow, bail, Context as _, Result};

use crate::process::Guarded;
use crate::secs;

/// Starts Xvfb on the first free display number (it picks the number itself and
/// writes it to its standard output: `-displayfd 1`); returns it with its number.
pub(super) fn start() -> Result<(Guarded, u32)> {
    let bin = PathBuf::from("/usr/bin/Xvfb");
    if !bin.is_file() {
        bail!(
            "{} not found: run scripts/setup.sh (Debian package xvfb)",
            bin.display()
        );
    }
    // -noreset: by default an X server resets when its last client leaves, and a
    // browser that connects meanwhile gets "cannot open display" (seen in CI, where the
    // next test's MiniBrowser started as the last one closed).
    let args: Vec<String> = [
        "-displayfd",
        "1",
        "-screen",
        "0",
        "1280x1024x24",
        "-nolisten",
        "tcp",
        "-noreset",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut proc = Guarded::spawn(&bin, &args, true, Stdio::null(), "TERM")?;
    let stdout = proc
        .take_stdout()
        .ok_or_else(|| anyhow!("Xvfb's output is not piped"))?;
    // The first line is the display number, once the display accepts clients.
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx
        .recv_timeout(secs(20))
        .context("Xvfb did not report its display within 20 s")?;
    let display = line
        .trim()
        .parse()
        .with_context(|| format!("Xvfb reported {line:?} as its display"))?;
    Ok((proc, display))
}
