//! The commit a run measured, so a table can say what it is of.

use std::path::Path;
use std::process::Command;

/// `git rev-parse HEAD` in `repo`, `None` where git cannot tell (no git, no checkout).
pub fn head_commit(repo: &Path) -> Option<String> {
    let out = git(repo, &["rev-parse", "HEAD"])?;
    let commit = out.trim();
    (!commit.is_empty()).then(|| commit.to_owned())
}

/// Whether tracked files differ from that commit. The results folder does not count:
/// it holds the last run's output, which a rerun replaces.
pub fn uncommitted_changes(repo: &Path) -> bool {
    git(
        repo,
        &[
            "status",
            "--porcelain",
            "--untracked-files=no",
            "--",
            ".",
            ":(exclude)bench/results",
        ],
    )
    .is_some_and(|out| !out.trim().is_empty())
}

fn git(repo: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(args)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}
