//! Shared by the OTP tests: running the scaffold binary on fixture copies
//! and running generated ExUnit tests with the real Elixir (no Mix: see
//! `tests/otp/run_tests.exs`).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The scaffold binary with colours off.
pub fn scaffold() -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("scaffold").unwrap();
    c.env("NO_COLOR", "1").env_remove("SOURCE_DATE_EPOCH");
    c
}

/// Runs `scaffold -y ARGS` in `dir`; panics (with the output) unless it
/// succeeds. Returns stdout.
pub fn run_ok(dir: &Path, args: &[&str]) -> String {
    let out = scaffold()
        .current_dir(dir)
        .arg("-y")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "scaffold {args:?} failed ({:?}):\n{}{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs `scaffold -y ARGS` in `dir` and returns the raw output.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    scaffold()
        .current_dir(dir)
        .arg("-y")
        .args(args)
        .output()
        .unwrap()
}

fn elixir_available() -> bool {
    let found = Command::new("elixir")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !found {
        if std::env::var("SCAFFOLD_REQUIRE_ELIXIR").as_deref() == Ok("1") {
            panic!("`elixir` is not installed but SCAFFOLD_REQUIRE_ELIXIR=1");
        }
        eprintln!("note: `elixir` not found; skipping the generated ExUnit tests");
    }
    found
}

/// Compiles `libs` (warnings fail), starts the children `app_after` has
/// and `app_before` had not, then runs `tests` with ExUnit; panics with the
/// output when anything fails. Returns the ExUnit output.
pub fn run_exunit(
    app_before: &Path,
    app_after: &Path,
    libs: &[PathBuf],
    tests: &[PathBuf],
) -> String {
    if !elixir_available() {
        return String::new();
    }
    let dir = tempfile::tempdir().unwrap();
    let list = |name: &str, paths: &[PathBuf]| {
        let p = dir.path().join(name);
        let text: String = paths.iter().map(|p| format!("{}\n", p.display())).collect();
        std::fs::write(&p, text).unwrap();
        p
    };
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/otp/run_tests.exs");
    let out = Command::new("elixir")
        .arg(script)
        .arg(app_before)
        .arg(app_after)
        .arg(list("libs", libs))
        .arg(list("tests", tests))
        .output()
        .expect("run elixir");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "generated ExUnit tests failed:\n{text}"
    );
    let declared: usize = tests
        .iter()
        .map(|t| {
            std::fs::read_to_string(t)
                .unwrap()
                .matches("\n  test \"")
                .count()
        })
        .sum();
    assert!(declared > 0, "no test declared in {tests:?}");
    assert_eq!(
        tests_run(&text),
        declared,
        "ExUnit did not run every declared test:\n{text}"
    );
    text
}

/// The number of tests in ExUnit's `N tests, 0 failures` line (0 when the
/// line is missing).
fn tests_run(text: &str) -> usize {
    text.lines()
        .filter_map(|l| l.strip_suffix(", 0 failures"))
        .filter_map(|l| {
            l.trim_end_matches(" tests")
                .trim_end_matches(" test")
                .parse()
                .ok()
        })
        .next()
        .unwrap_or(0)
}

/// The fixture file `tests/fixtures/<fixture>/<rel>`.
pub fn fixture_file(fixture: &str, rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture)
        .join(rel)
}
