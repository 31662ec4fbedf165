//! A scaffold process killed at any point of an apply never leaves a
//! half-written file, and the next run rolls the interrupted apply back
//! from the journal and then completes cleanly: the final tree equals that
//! of an uninterrupted run. Two processes applying to the same project at
//! once never interleave.
//!
//! The kills are of two kinds: SIGKILL after a random delay (of a single
//! resource and of a spec file with many resources, where the delays are
//! spread over the write phase), and a deterministic reconstruction of the
//! tree a kill leaves after every single write of the apply (the first k
//! files written, a temporary file of the next one, the pending journal
//! entry), for every k.
#![cfg(unix)]
mod common;

use common::project::{copy_fixture, tree_entries};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const RESOURCE: &[&str] = &[
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

const SPEC: &[&str] = &["apply", "spec.toml", "--yes"];

fn scaffold(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_scaffold"));
    cmd.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1795000000");
    cmd
}

fn run(dir: &Path, args: &[&str]) -> Output {
    scaffold(dir, args).output().unwrap()
}

/// The tree without the journal (whose entry ids are time-based).
fn content(dir: &Path) -> Vec<(String, Vec<u8>)> {
    tree_entries(dir)
        .into_iter()
        .filter(|(p, _)| !p.starts_with(".scaffold"))
        .collect()
}

fn is_temp(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.starts_with(".scaffold-") && name.ends_with(".tmp")
}

/// A spec file with `n` resources in five domains, each related to the
/// one before, a few of them with policies and LiveView pages, and two
/// GenServers.
fn spec(n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        let mut fields = vec![
            "\"title:string:required\"".to_string(),
            "\"body:text\"".to_string(),
            "\"views:integer:default=0\"".to_string(),
            format!("\"code{i}:string:unique\""),
        ];
        if i > 0 {
            fields.push(format!(
                "\"parent:belongs_to:Domain{}.Item{}\"",
                (i - 1) % 5,
                i - 1
            ));
        }
        out.push_str(&format!(
            "[[resource]]\nmodule = \"Domain{}.Item{i}\"\nfields = [{}]\npolicies = {}\nlive = {}\n\n",
            i % 5,
            fields.join(", "),
            i % 3 == 0,
            i % 4 == 0
        ));
    }
    for i in 0..2 {
        out.push_str(&format!(
            "[[genserver]]\nmodule = \"Workers.Server{i}\"\ncalls = [\"fetch\"]\nevery = 60000\n\n"
        ));
    }
    out
}

fn fixture_with_spec(n: usize) -> assert_fs::TempDir {
    let dir = copy_fixture("phx_shop");
    std::fs::write(dir.path().join("spec.toml"), spec(n)).unwrap();
    dir
}

/// Checks that every file is either as before or as an uninterrupted run
/// leaves it (temporary files aside). Returns whether the tree is part-way
/// between the two.
fn assert_old_or_new(
    dir: &Path,
    before: &[(String, Vec<u8>)],
    after: &[(String, Vec<u8>)],
    context: &str,
) -> bool {
    let mut old_seen = false;
    let mut new_seen = false;
    for (path, bytes) in content(dir) {
        if is_temp(&path) {
            continue;
        }
        let old = before.iter().find(|(p, _)| *p == path).map(|(_, b)| b);
        let new = after.iter().find(|(p, _)| *p == path).map(|(_, b)| b);
        assert!(
            old == Some(&bytes) || new == Some(&bytes),
            "{context}: {path} is neither the old nor the new content"
        );
        if old != new && !path.ends_with('/') {
            old_seen |= old == Some(&bytes);
            new_seen |= new == Some(&bytes);
        }
    }
    old_seen && new_seen
}

/// Kills `args` after each delay of `delays`, then runs it again and
/// checks the result. Returns (runs interrupted, runs caught mid-write).
fn kill_rounds(
    make_dir: &dyn Fn() -> assert_fs::TempDir,
    args: &[&str],
    delays: &[Duration],
) -> (usize, usize) {
    let original = make_dir();
    let before = content(original.path());
    let reference = make_dir();
    let out = run(reference.path(), args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = content(reference.path());
    let mut interrupted = 0;
    let mut mid_write = 0;
    for (round, delay) in delays.iter().enumerate() {
        let dir = make_dir();
        let mut child = scaffold(dir.path(), args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(*delay);
        let _ = child.kill();
        let status = child.wait().unwrap();
        if !status.success() {
            interrupted += 1;
        }
        let context = format!("round {round} (kill after {delay:?})");
        if assert_old_or_new(dir.path(), &before, &after, &context) {
            mid_write += 1;
        }
        // The next run recovers and completes.
        let out = run(dir.path(), args);
        assert!(
            out.status.success(),
            "{context}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            content(dir.path()),
            after,
            "{context} differs from an uninterrupted run"
        );
        let leftovers: Vec<_> = tree_entries(dir.path())
            .into_iter()
            .filter(|(p, _)| is_temp(p))
            .collect();
        assert!(
            leftovers.is_empty(),
            "{context}: temporary files left: {leftovers:?}"
        );
    }
    (interrupted, mid_write)
}

/// A small deterministic generator of numbers in `0..bound`.
fn lcg(seed: &mut u64, bound: u64) -> u64 {
    *seed = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (*seed >> 33) % bound.max(1)
}

#[test]
fn sigkill_at_random_points_never_leaves_a_half_written_tree() {
    let mut seed: u64 = 0x5eed_1234_abcd;
    let delays: Vec<Duration> = (0..24)
        .map(|_| Duration::from_micros(lcg(&mut seed, 40_000)))
        .collect();
    let (interrupted, _) = kill_rounds(&|| copy_fixture("phx_shop"), RESOURCE, &delays);
    assert!(
        interrupted > 0,
        "no run was interrupted; the delays are too long"
    );
}

#[test]
fn sigkill_during_a_large_spec_apply_is_recovered() {
    // Time the planning (a dry run) and a whole run, and kill between the
    // two: that is where the files are written.
    let probe = fixture_with_spec(15);
    let start = Instant::now();
    let out = run(probe.path(), &["apply", "spec.toml", "--dry-run", "-q"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let plan = start.elapsed();
    let start = Instant::now();
    assert!(run(probe.path(), SPEC).status.success());
    let full = start.elapsed();
    let lo = plan.as_micros() as u64 * 8 / 10;
    let hi = (full.as_micros() as u64 * 11 / 10).max(lo + 1);
    let mut seed: u64 = 0xfeed_5eed;
    let mut delays: Vec<Duration> = (0..16)
        .map(|_| Duration::from_micros(lo + lcg(&mut seed, hi - lo)))
        .collect();
    delays.push(Duration::ZERO);
    let (interrupted, mid_write) = kill_rounds(&|| fixture_with_spec(15), SPEC, &delays);
    assert!(
        interrupted > 0,
        "no run was interrupted (plan {plan:?}, run {full:?})"
    );
    eprintln!(
        "{interrupted} of {} runs interrupted, {mid_write} in the middle of writing",
        delays.len()
    );
}

/// Rebuilds, for every k, the tree a kill after the k-th file leaves: the
/// first k files hold their new content, a temporary file of the next one
/// is lying beside it, and the journal entry is still pending. The next
/// run must end exactly as an uninterrupted one.
fn every_interruption_point(make_dir: &dyn Fn() -> assert_fs::TempDir, args: &[&str], step: usize) {
    let reference = make_dir();
    let out = run(reference.path(), args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = content(reference.path());
    let entry = scaffold::changes::journal::entries(reference.path())
        .pop()
        .expect("a journal entry");
    let files = entry.files.len();
    assert!(files > 5, "only {files} files");
    let mut k = 0;
    while k <= files {
        let dir = make_dir();
        let mut pending = entry.clone();
        pending.state = "pending".into();
        for d in &entry.dirs {
            std::fs::create_dir_all(dir.path().join(d)).unwrap();
        }
        for f in &entry.files[..k] {
            let target = dir.path().join(&f.path);
            match std::fs::read(reference.path().join(&f.path)) {
                Ok(bytes) => std::fs::write(&target, bytes).unwrap(),
                Err(_) => {
                    let _ = std::fs::remove_file(&target);
                }
            }
        }
        if let Some(next) = entry.files.get(k) {
            let parent = dir.path().join(&next.path).parent().unwrap().to_path_buf();
            std::fs::write(parent.join(".scaffold-cut0ff.tmp"), "defmodule Half").unwrap();
        }
        let journal = dir.path().join(pending.rel_path());
        std::fs::create_dir_all(journal.parent().unwrap()).unwrap();
        std::fs::write(&journal, pending.to_json()).unwrap();

        let out = run(dir.path(), args);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "kill after file {k} of {files}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            stdout.contains("rolled back an interrupted apply"),
            "kill after file {k}: no recovery reported:\n{stdout}"
        );
        let got = content(dir.path());
        assert!(
            got == after,
            "kill after file {k} of {files}: the tree differs from an uninterrupted run: {:?}",
            common::project::changed_files(&after, &got)
        );
        let pendings: Vec<_> = scaffold::changes::journal::entries(dir.path())
            .into_iter()
            .filter(|e| e.state == "pending")
            .collect();
        assert!(
            pendings.is_empty(),
            "kill after file {k}: a pending entry is left"
        );
        k += step;
    }
}

#[test]
fn every_interruption_point_of_a_resource_apply_is_recovered() {
    every_interruption_point(&|| copy_fixture("phx_shop"), RESOURCE, 1);
}

#[test]
fn every_interruption_point_of_a_spec_apply_is_recovered() {
    every_interruption_point(&|| fixture_with_spec(6), SPEC, 3);
}

#[test]
fn two_processes_at_once_never_interleave() {
    // Both commands insert a child into lib/shop/application.ex.
    let a: &[&str] = &["genserver", "Cache.Warmer", "--call", "fetch", "--yes"];
    let b: &[&str] = &["supervisor", "Pipeline", "--yes"];
    let mut both = 0;
    for round in 0..8 {
        let dir = copy_fixture("phx_shop");
        let (first, second) = if round % 2 == 0 { (a, b) } else { (b, a) };
        let p1 = scaffold(dir.path(), first)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let p2 = scaffold(dir.path(), second)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let o1 = p1.wait_with_output().unwrap();
        let o2 = p2.wait_with_output().unwrap();
        let app = std::fs::read_to_string(dir.path().join("lib/shop/application.ex")).unwrap();
        let warmer = dir.path().join("lib/shop/cache/warmer.ex").exists();
        let pipeline = dir.path().join("lib/shop/pipeline.ex").exists();
        for (args, o) in [(first, &o1), (second, &o2)] {
            let stderr = String::from_utf8_lossy(&o.stderr);
            let is_a = args[0] == "genserver";
            let (file_there, child) = if is_a {
                (warmer, "Shop.Cache.Warmer")
            } else {
                (pipeline, "Shop.Pipeline")
            };
            if o.status.success() {
                assert!(
                    file_there,
                    "round {round}: `{}` succeeded but its file is missing",
                    args[0]
                );
                assert!(
                    app.contains(child),
                    "round {round}: `{}` succeeded but its child is missing",
                    args[0]
                );
            } else {
                // The loser says why and leaves nothing behind.
                assert_eq!(o.status.code(), Some(1), "round {round}: {stderr}");
                assert!(
                    stderr.contains("changed on disk")
                        || stderr.contains("another scaffold process"),
                    "round {round}: unclear failure: {stderr}"
                );
                assert!(
                    !file_there,
                    "round {round}: `{}` failed but wrote its file",
                    args[0]
                );
                assert!(
                    !app.contains(child),
                    "round {round}: `{}` failed but edited application.ex",
                    args[0]
                );
            }
        }
        assert!(
            o1.status.success() || o2.status.success(),
            "round {round}: both failed"
        );
        if o1.status.success() && o2.status.success() {
            both += 1;
        }
        common::elixir::check_parse_files(&[dir.path().join("lib/shop/application.ex")]);
        let leftovers: Vec<_> = tree_entries(dir.path())
            .into_iter()
            .filter(|(p, _)| is_temp(p))
            .collect();
        assert!(
            leftovers.is_empty(),
            "round {round}: temporary files left: {leftovers:?}"
        );
    }
    eprintln!("both commands went through in {both} of 8 rounds");
}

#[test]
fn a_second_process_waits_for_the_lock() {
    let dir = copy_fixture("phx_shop");
    // Hold the project lock as a running scaffold would.
    let lock = std::fs::File::open(dir.path()).unwrap();
    lock.lock().unwrap();
    let start = Instant::now();
    let child = scaffold(dir.path(), &["genserver", "Cache.Warmer", "--yes"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(700));
    assert!(
        !dir.path().join("lib/shop/cache/warmer.ex").exists(),
        "wrote while another process held the lock"
    );
    lock.unlock().unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(start.elapsed() >= Duration::from_millis(700));
    assert!(dir.path().join("lib/shop/cache/warmer.ex").exists());
}
