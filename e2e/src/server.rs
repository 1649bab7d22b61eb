//! The companion server: built once per test binary, one instance per test on an
//! ephemeral port, serving the copy of the release build ([`crate::site_dir`]).

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::{mpsc, Arc, Mutex, OnceLock};

use anyhow::{anyhow, bail, Context as _, Result};

use crate::process::Guarded;
use crate::{repo_root, secs, site_dir};

/// Marks the test's own API reads in the server's request log (an extra query
/// parameter, which the server ignores).
pub const OWN_READ: &str = "e2e_read=1";

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|p| {
            if p.is_absolute() {
                p
            } else {
                repo_root().join(p)
            }
        })
        .unwrap_or_else(|| repo_root().join("target"))
}

/// The companion server binary, built once per test binary so it is never stale.
/// `E2E_SERVER_BIN` overrides it (then nothing is built).
fn server_bin() -> Result<PathBuf> {
    static BIN: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(bin) = std::env::var_os("E2E_SERVER_BIN") {
            return Ok(PathBuf::from(bin));
        }
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(&cargo)
            .args(["build", "--quiet", "-p", "jobs-gallery-server"])
            .current_dir(repo_root())
            .stdin(Stdio::null())
            .status()
            .map_err(|e| format!("running `{cargo} build -p jobs-gallery-server`: {e}"))?;
        if !status.success() {
            return Err(format!(
                "`cargo build -p jobs-gallery-server` failed ({status})"
            ));
        }
        let bin = target_dir().join("debug").join("jobs-gallery-server");
        if bin.is_file() {
            Ok(bin)
        } else {
            Err(format!("{} not found after building it", bin.display()))
        }
    })
    .clone()
    .map_err(|e| anyhow!(e))
}

/// One companion server on an ephemeral port, serving the release build ([`site_dir`]).
/// A test can stop it ([`Server::stop`]) to make requests fail, and start it again on
/// the same port with other flags ([`Server::restart`]); its output is kept across both.
pub struct Server {
    proc: Mutex<Option<Guarded>>,
    port: u16,
    log: Arc<Mutex<String>>,
}

impl Server {
    /// Starts the server with `--port 0 --log-requests --static SITE` plus `extra_args`
    /// (e.g. `--csp`, `--frozen --start 1795000000`) and waits (at
    /// most 30 s) for its `listening on http://127.0.0.1:PORT` line.
    pub fn start(extra_args: &[&str]) -> Result<Self> {
        Self::start_on(0, extra_args)
    }

    /// The same on `port` (0: one the system picks).
    pub fn start_on(port: u16, extra_args: &[&str]) -> Result<Self> {
        let log = Arc::new(Mutex::new(String::new()));
        let (proc, port) = Self::spawn(port, extra_args, &log)?;
        Ok(Self {
            proc: Mutex::new(Some(proc)),
            port,
            log,
        })
    }

    fn spawn(port: u16, extra_args: &[&str], log: &Arc<Mutex<String>>) -> Result<(Guarded, u16)> {
        let site = site_dir()?;
        let bin = server_bin()?;
        let mut args: Vec<String> = vec![
            "--port".into(),
            port.to_string(),
            "--log-requests".into(),
            "--static".into(),
        ];
        args.push(site.display().to_string());
        args.extend(extra_args.iter().map(|s| s.to_string()));
        // KILL: a test server has nothing to flush, and a graceful stop could wait on
        // a request a scenario holds open.
        let mut proc = Guarded::spawn(&bin, &args, true, Stdio::piped(), "KILL")?;

        let (tx, rx) = mpsc::channel::<u16>();
        // stdout: find the port, then keep everything for the failure log.
        let stdout = proc
            .take_stdout()
            .context("the server's stdout is not piped")?;
        let out_log = log.clone();
        std::thread::spawn(move || {
            let mut tx = Some(tx);
            for line in BufReader::new(stdout).lines().map_while(|l| l.ok()) {
                if let Some(port) = parse_listening(&line) {
                    if let Some(tx) = tx.take() {
                        let _ = tx.send(port);
                    }
                }
                let mut log = out_log.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let stderr = proc
            .take_stderr()
            .context("the server's stderr is not piped")?;
        let err_log = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(|l| l.ok()) {
                let mut log = err_log.lock().unwrap();
                log.push_str("[stderr] ");
                log.push_str(&line);
                log.push('\n');
            }
        });

        match rx.recv_timeout(secs(30)) {
            Ok(port) => Ok((proc, port)),
            Err(_) => {
                let running = proc.is_running();
                bail!(
                    "the companion server ({} {}) did not print `listening on http://127.0.0.1:PORT` \
                     within 30 s ({}); its output:\n{}",
                    bin.display(),
                    args.join(" "),
                    if running { "still running" } else { "it exited" },
                    log.lock().unwrap()
                );
            }
        }
    }

    /// Stops the server (SIGKILL, waited for): from now on the page's requests fail
    /// with a refused connection. A no-op when it is stopped already.
    pub fn stop(&self) {
        let proc = self.proc.lock().unwrap().take();
        drop(proc);
        self.log.lock().unwrap().push_str("[e2e] server stopped\n");
    }

    /// Stops the server if it runs, then starts it again on the same port with
    /// `extra_args` (the page keeps talking to the same origin).
    pub fn restart(&self, extra_args: &[&str]) -> Result<()> {
        self.stop();
        self.log
            .lock()
            .unwrap()
            .push_str(&format!("[e2e] server restarted with {extra_args:?}\n"));
        let (proc, port) = Self::spawn(self.port, extra_args, &self.log)?;
        if port != self.port {
            bail!(
                "the restarted server listens on {port}, not on {}",
                self.port
            );
        }
        *self.proc.lock().unwrap() = Some(proc);
        Ok(())
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// `http://127.0.0.1:PORT`
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Everything the server printed so far.
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// The requests the server logged so far (`--log-requests`: `GET /path?query 200`,
    /// `dropped` for the drop scenario) whose path and query contain `path_contains`,
    /// leaving out the test's own reads ([`crate::Test::api_get`] marks them with
    /// [`OWN_READ`]). A request is logged when its answer is complete.
    pub fn requests(&self, path_contains: &str) -> Vec<String> {
        self.log()
            .lines()
            .filter_map(|line| line.strip_prefix("[stderr] "))
            .filter(|line| {
                let mut parts = line.split_whitespace();
                let method = parts.next().unwrap_or_default();
                let target = parts.next().unwrap_or_default();
                matches!(method, "GET" | "HEAD" | "POST")
                    && target.contains(path_contains)
                    && !target.contains(OWN_READ)
            })
            .map(str::to_owned)
            .collect()
    }
}

fn parse_listening(line: &str) -> Option<u16> {
    let rest = line.trim().strip_prefix("listening on ")?;
    rest.trim_end_matches('/').rsplit(':').next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::parse_listening;

    #[test]
    fn reads_the_port_from_the_listening_line() {
        assert_eq!(
            parse_listening("listening on http://127.0.0.1:43123"),
            Some(43123)
        );
        assert_eq!(
            parse_listening("listening on http://127.0.0.1:8787/\n"),
            Some(8787)
        );
        assert_eq!(parse_listening("starting demo"), None);
    }
}
