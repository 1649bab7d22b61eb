//! Child processes that cannot outlive the test binary, and free loopback ports.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, ChildStderr, ChildStdin, ChildStdout, Command, Stdio};

use anyhow::{Context as _, Result};

/// A child process run under `sh` so that it is stopped when this handle is dropped,
/// and also when the test binary dies without dropping it (the guard's stdin closes).
pub(crate) struct Guarded {
    child: Child,
    stdin: Option<ChildStdin>,
}

impl Guarded {
    /// Starts `program args…` with its stdout piped (when `pipe_stdout`) or discarded,
    /// and its stderr sent to `stderr`. `stop_signal` (`TERM`, `KILL`) is what stops it.
    pub(crate) fn spawn(
        program: &Path,
        args: &[String],
        pipe_stdout: bool,
        stderr: Stdio,
        stop_signal: &str,
    ) -> Result<Self> {
        // `read` returns when our end of the pipe closes (drop or death of the test
        // binary); then the program is stopped and waited for.
        const GUARD: &str = r#"sig=$1; shift
"$@" </dev/null & pid=$!
trap 'kill -s $sig $pid 2>/dev/null; exit 1' INT TERM HUP
read _ignored
kill -s $sig $pid 2>/dev/null
wait $pid 2>/dev/null
exit 0"#;
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(GUARD)
            .arg("sh")
            .arg(stop_signal)
            .arg(program)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(if pipe_stdout {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stderr(stderr)
            .spawn()
            .with_context(|| format!("starting {}", program.display()))?;
        let stdin = child.stdin.take();
        Ok(Self { child, stdin })
    }

    pub(crate) fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Its standard output, when it was piped and not taken yet.
    pub(crate) fn take_stdout(&mut self) -> Option<ChildStdout> {
        self.child.stdout.take()
    }

    /// Its standard error, when it was piped and not taken yet.
    pub(crate) fn take_stderr(&mut self) -> Option<ChildStderr> {
        self.child.stderr.take()
    }
}

impl Drop for Guarded {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}

/// A loopback port nobody listens on right now.
pub(crate) fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("binding a free port")?;
    Ok(listener.local_addr()?.port())
}
