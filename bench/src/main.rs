//! The benchmark of issues 5, 7, 18 and 19: the release build in headless Chromium (through
//! chromedriver, with the e2e harness) against the companion server on loopback.
//!
//! ```text
//! jobs-gallery-bench [--runs 7] [--poll-runs 3] [--live-polls 500] [--live-runs 1]
//!                    [--cls-secs 60] [--mobile-runs 5] [--dist DIR] [--server-bin PATH]
//!                    [--out bench/results] [--summarize]
//! ```
//!
//! `scripts/bench.sh` builds what it needs and runs it. Each measurement is a module of
//! [`measure`] (its injected JavaScript in bench/js/); [`runner`] runs them, session by
//! session; [`report`] is latest.json, [`summary`] the latest.md made from it.

mod cli;
mod clock;
mod lighthouse;
mod machine;
mod measure;
mod page;
mod report;
mod revision;
mod runner;
mod stats;
mod summary;
mod targets;

use std::path::Path;

use anyhow::{Context as _, Result};
use clap::Parser;

use crate::report::Report;

fn main() -> Result<()> {
    let args = cli::Args::parse();
    if args.summarize {
        let report = Report::read(&args.out.join("latest.json"))?;
        return write_table(&report, &args.out);
    }
    args.configure_harness();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let report = rt.block_on(tokio::task::LocalSet::new().run_until(runner::run(&args)))?;
    std::fs::create_dir_all(&args.out)?;
    let json = args.out.join("latest.json");
    std::fs::write(&json, report.to_json()?)
        .with_context(|| format!("writing {}", json.display()))?;
    write_table(&report, &args.out)?;
    eprintln!(
        "bench: wrote {} and latest.md in {} s",
        json.display(),
        report.took_s
    );
    Ok(())
}

/// Writes latest.md into `out` (with Lighthouse's figures where `out` has its
/// lighthouse.json) and prints it.
fn write_table(report: &Report, out: &Path) -> Result<()> {
    let lighthouse = lighthouse::read(out).unwrap_or_else(|e| {
        eprintln!("bench: no Lighthouse table: {e:#}");
        None
    });
    let table = summary::markdown(report, lighthouse.as_ref());
    let md = out.join("latest.md");
    std::fs::write(&md, &table).with_context(|| format!("writing {}", md.display()))?;
    println!("{table}");
    Ok(())
}
