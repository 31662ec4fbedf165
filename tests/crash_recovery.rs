//! A scaffold process killed with SIGKILL at any point of an apply never
//! leaves a half-written file, and the next run rolls the interrupted
//! apply back and then completes cleanly: the final tree equals that of an
//! uninterrupted run.
#![cfg(unix)]
mod common;

use common::project::{copy_fixture, tree_entries};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

const ARGS: &[&str] = &[
    "ash-resource",
    "Blog.Post",
    "title:string:required",
    "body:text",
    "published:boolean:default=false",
    "slug:string:unique",
    "author:belongs_to:Accounts.User",
    "--policies",
    "--yes",
];

fn run(dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_scaffold"))
        .args(ARGS)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1795000000")
        .output()
        .unwrap()
}

/// The tree without the journal (whose entry ids are time-based).
fn content(dir: &Path) -> Vec<(String, Vec<u8>)> {
    tree_entries(dir).into_iter().filter(|(p, _)| !p.starts_with(".scaffold")).collect()
}

#[test]
fn sigkill_at_random_points_never_leaves_a_half_written_tree() {
    let original = copy_fixture("phx_shop");
    let before = content(original.path());
    let reference = copy_fixture("phx_shop");
    let out = run(reference.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let after = content(reference.path());

    // A small deterministic generator of kill delays (microseconds).
    let mut seed: u64 = 0x5eed_1234_abcd;
    let mut interrupted = 0;
    for round in 0..24 {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let delay = Duration::from_micros((seed >> 33) % 40_000);
        let dir = copy_fixture("phx_shop");
        let mut child = Command::new(env!("CARGO_BIN_EXE_scaffold"))
            .args(ARGS)
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .env("SOURCE_DATE_EPOCH", "1795000000")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        let status = child.wait().unwrap();
        if !status.success() {
            interrupted += 1;
        }

        // Right after the kill every file is either as before or as an
        // uninterrupted run leaves it (temporary files aside).
        for (path, bytes) in content(dir.path()) {
            let name = path.rsplit('/').next().unwrap_or(&path);
            if name.starts_with(".scaffold-") && name.ends_with(".tmp") {
                continue;
            }
            let old = before.iter().find(|(p, _)| *p == path).map(|(_, b)| b);
            let new = after.iter().find(|(p, _)| *p == path).map(|(_, b)| b);
            assert!(
                old == Some(&bytes) || new == Some(&bytes),
                "round {round} (kill after {delay:?}): {path} is neither the old nor the new content"
            );
        }

        // The next run recovers and completes.
        let out = run(dir.path());
        assert!(out.status.success(), "round {round}: {}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(content(dir.path()), after, "round {round} (kill after {delay:?}) differs from an uninterrupted run");
        let leftovers: Vec<_> = tree_entries(dir.path())
            .into_iter()
            .filter(|(p, _)| p.contains(".scaffold-") && p.ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "round {round}: temporary files left: {leftovers:?}");
    }
    assert!(interrupted > 0, "no run was interrupted; the delays are too long");
}
