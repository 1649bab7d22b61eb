//! The flags.

use std::path::PathBuf;

use clap::Parser;

/// The benchmark of issues 5, 7 and 18: the release build in headless Chromium (through
/// chromedriver, with the e2e harness) against the companion server on loopback.
/// Every timing is the median of `--runs` fresh sessions (new server, new browser
/// profile) with min and max; the per-poll counts are over `--poll-runs` runs per page
/// size; the live memory run is `--live-runs` runs of `--live-polls` polls; layout shift
/// is summed over `--cls-secs` of polling at 4 widths on 2 pages; the widget is set
/// against the floor (bench/floor/) on loopback in as many cold loads as `--runs`, and
/// under a phone's network and CPU in `--mobile-runs` rounds. Writes latest.json and
/// latest.md into `--out` and prints the table.
#[derive(Debug, Parser)]
// A flag given twice takes its last value: scripts/bench.sh passes --dist, --server-bin
// and --out before its own arguments, which may name them again.
#[command(name = "jobs-gallery-bench", args_override_self = true)]
pub struct Args {
    /// Cold loads: load phases, memory after load, a page change and a page of 100.
    #[arg(long, default_value_t = 7, value_parser = at_least_one)]
    pub runs: usize,
    /// Per-poll runs for each page size (20 and 100 cards).
    #[arg(long, default_value_t = 3, value_parser = at_least_one)]
    pub poll_runs: usize,
    /// Polls in each live memory run.
    #[arg(long, default_value_t = 500)]
    pub live_polls: usize,
    /// Live memory runs (the hidden tab is measured in each).
    #[arg(long, default_value_t = 1, value_parser = at_least_one)]
    pub live_runs: usize,
    /// Seconds of polling over which layout shift is summed, in each of 8 sessions (the
    /// standalone page at 360, 412, 768 and 1280 px, without changes and on the live
    /// demo); 0 measures none.
    #[arg(long, value_name = "SECS", default_value_t = 60, value_parser = cls_window)]
    pub cls_secs: u64,
    /// Rounds of the mobile profile (150 ms, 1.6 Mbit/s down, 750 kbit/s up, CPU ×4, a
    /// 412 × 915 phone): a cold load of the standalone page, the floor and the embed
    /// page each, in that order, the first two then visited again; 0 measures none.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub mobile_runs: usize,
    /// The build to measure (scripts/bench.sh passes its release build).
    #[arg(long, value_name = "DIR", default_value_os_t = jobs_gallery_e2e::repo_root().join("dist"))]
    pub dist: PathBuf,
    /// The companion server's binary [default: $E2E_SERVER_BIN, else a debug build the harness makes].
    #[arg(long, value_name = "PATH")]
    pub server_bin: Option<PathBuf>,
    /// Where latest.json and latest.md are written.
    #[arg(long, value_name = "DIR", default_value_os_t = jobs_gallery_e2e::repo_root().join("bench/results"))]
    pub out: PathBuf,
    /// Measure nothing: write latest.md from the latest.json in --out, and print it.
    #[arg(long)]
    pub summarize: bool,
}

impl Args {
    /// Points the e2e harness at what the flags name. Chromium whatever E2E_BROWSER
    /// says: the probe and the memory figures go through CDP.
    pub fn configure_harness(&self) {
        std::env::set_var("E2E_DIST", &self.dist);
        std::env::set_var("E2E_BROWSER", "chromium");
        if let Some(server) = &self.server_bin {
            std::env::set_var("E2E_SERVER_BIN", server);
        }
    }
}

/// The longest `--cls-secs`: a session, load included, is bounded by the harness's
/// `TEST_TIMEOUT` (300 s).
pub const CLS_SECS_MAX: u64 = jobs_gallery_e2e::TEST_TIMEOUT.as_secs() - 60;

fn cls_window(s: &str) -> Result<u64, String> {
    match s.parse::<u64>() {
        Ok(n) if n > CLS_SECS_MAX => Err(format!(
            "at most {CLS_SECS_MAX}: a session is bounded at {} s",
            jobs_gallery_e2e::TEST_TIMEOUT.as_secs()
        )),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}

fn at_least_one(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_documented_ones() {
        let a = Args::try_parse_from(["jobs-gallery-bench"]).unwrap();
        assert_eq!(
            (a.runs, a.poll_runs, a.live_polls, a.live_runs, a.cls_secs),
            (7, 3, 500, 1, 60)
        );
        assert_eq!(a.mobile_runs, 5);
        assert_eq!(a.dist, jobs_gallery_e2e::repo_root().join("dist"));
        assert_eq!(a.out, jobs_gallery_e2e::repo_root().join("bench/results"));
        assert!(a.server_bin.is_none() && !a.summarize);
    }

    #[test]
    fn counts_of_runs_start_at_one() {
        assert!(Args::try_parse_from(["b", "--runs", "0"]).is_err());
        assert!(Args::try_parse_from(["b", "--poll-runs", "0"]).is_err());
        assert!(Args::try_parse_from(["b", "--live-runs", "0"]).is_err());
        let a = Args::try_parse_from(["b", "--live-polls", "0", "--runs", "2"]).unwrap();
        assert_eq!((a.live_polls, a.runs), (0, 2));
        let a = Args::try_parse_from(["b", "--mobile-runs", "0"]).unwrap();
        assert_eq!(a.mobile_runs, 0);
    }

    #[test]
    fn the_layout_shift_window_fits_a_session() {
        let a = Args::try_parse_from(["b", "--cls-secs", "0"]).unwrap();
        assert_eq!(a.cls_secs, 0);
        let max = CLS_SECS_MAX.to_string();
        assert!(Args::try_parse_from(["b", "--cls-secs", &max]).is_ok());
        let over = (CLS_SECS_MAX + 1).to_string();
        assert!(Args::try_parse_from(["b", "--cls-secs", &over]).is_err());
    }

    #[test]
    fn the_last_of_a_repeated_flag_counts() {
        let a = Args::try_parse_from(["b", "--out", "x", "--runs", "2", "--out", "y"]).unwrap();
        assert_eq!((a.out, a.runs), (PathBuf::from("y"), 2));
    }

    #[test]
    fn clap_accepts_the_definition() {
        use clap::CommandFactory;
        Args::command().debug_assert();
    }
}
