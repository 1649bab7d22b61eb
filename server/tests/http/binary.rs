//! The built binary: flags, the printed address, the request log, refusing bad config.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_jobs-gallery-server");

#[tokio::test]
async fn prints_its_address_serves_and_logs_one_line_per_request() {
    let mut child = Command::new(BIN)
        .args(["--port", "0", "--seed", "7", "--log-requests"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let base = line
        .trim()
        .strip_prefix("listening on ")
        .expect(&line)
        .to_string();
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");

    let res = crate::client()
        .get(format!("{base}/v1/jobs?limit=3"))
        .header("authorization", "Bearer dpct_demo_secret")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["generations"].as_array().unwrap().len(), 3);

    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut log = String::new();
    stderr.read_line(&mut log).unwrap();
    // The key's presence is logged as a marker, never its value.
    assert_eq!(log.trim(), "GET /v1/jobs?limit=3 200 bearer");
    assert!(!log.contains("dpct_"));
    // SIGTERM stops it promptly and cleanly.
    let term = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
}

#[test]
fn proxy_mode_refuses_to_start_without_a_key() {
    for key in [None, Some("not-a-key")] {
        let mut cmd = Command::new(BIN);
        cmd.args(["--port", "0", "--upstream", "https://api.depicta.ai"])
            .env_remove("DEPICTA_API_KEY");
        if let Some(k) = key {
            cmd.env("DEPICTA_API_KEY", k);
        }
        let out = cmd.output().unwrap();
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("DEPICTA_API_KEY"), "{err}");
        assert!(out.stdout.is_empty());
    }
}
