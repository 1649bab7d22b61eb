//! The WebDriver server (chromedriver, geckodriver or WebKitWebDriver): one for the
//! whole test binary, on a free port, started again when it has died.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use anyhow::{bail, Result};
use serde_json::{json, Value};

use crate::artifacts::note;
use crate::process::{free_port, Guarded};
use crate::{secs, BrowserKind};

/// How an engine's WebDriver server is started ([`BrowserKind::driver_command`]).
pub(crate) struct DriverCommand {
    pub program: PathBuf,
    pub args: Vec<String>,
    /// Where its standard error goes.
    pub stderr: Stdio,
    /// A process the driver needs while it runs (WebKit's virtual display).
    pub companion: Option<Guarded>,
}

struct Driver {
    proc: Guarded,
    _companion: Option<Guarded>,
    port: u16,
}

/// The port of the running WebDriver server, started first if there is none or the
/// last one has exited (a crashed driver would otherwise fail every later test of the
/// binary; `notes.txt` says when that happened, under `test_name`).
pub(crate) fn driver_port(test_name: &str) -> Result<u16> {
    static DRIVER: Mutex<Option<Driver>> = Mutex::new(None);
    let mut slot = DRIVER.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(driver) = slot.as_mut() {
        if driver.proc.is_running() {
            return Ok(driver.port);
        }
        note(
            test_name,
            "the WebDriver server had exited since the test before; started again",
        );
    }
    // The dead one (and its display) go first.
    *slot = None;
    let driver = start(BrowserKind::chosen())?;
    let port = driver.port;
    *slot = Some(driver);
    Ok(port)
}

fn start(kind: BrowserKind) -> Result<Driver> {
    let port = free_port()?;
    let command = kind.driver_command(port)?;
    let program = command.program.clone();
    let mut proc = Guarded::spawn(&program, &command.args, false, command.stderr, "TERM")?;
    let deadline = Instant::now() + secs(20);
    loop {
        if let Ok((200, body)) = http_sync(port, "GET", "/status", None) {
            let status: Value = serde_json::from_str(&body).unwrap_or_default();
            if status["value"]["ready"] == json!(true) {
                return Ok(Driver {
                    proc,
                    _companion: command.companion,
                    port,
                });
            }
        }
        if !proc.is_running() {
            bail!(
                "{} exited right after starting on port {port}",
                program.display()
            );
        }
        if Instant::now() > deadline {
            bail!(
                "{} did not become ready on port {port} within 20 s",
                program.display()
            );
        }
        std::thread::sleep(Duration::from_millis(50)); // poll period of a bounded wait
    }
}

/// A minimal blocking HTTP/1.1 exchange with the driver on loopback, for the moments
/// no async runtime can be relied on (readiness checks, clean-up in `Drop`).
/// Returns (status, body). (chromedriver ignores HTTP/1.0 and keeps the connection
/// open after answering, so the body is read by its Content-Length.)
pub(crate) fn http_sync(
    port: u16,
    method: &str,
    path: &str,
    body: Option<&str>,
) -> std::io::Result<(u16, String)> {
    let stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(secs(10)))?;
    stream.set_write_timeout(Some(secs(10)))?;
    let body = body.unwrap_or("");
    (&stream).write_all(
        format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .as_bytes(),
    )?;
    let mut reader = BufReader::new(&stream);
    let mut status_line = String::new();
    reader.read_line(&mut status_line)?;
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut buf = vec![0; length];
    reader.read_exact(&mut buf)?;
    Ok((status, String::from_utf8_lossy(&buf).into_owned()))
}
