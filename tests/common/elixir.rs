//! Runs the real Elixir compiler over generated files: each `.ex`/`.exs`
//! must parse (`Code.string_to_quoted`) and be unchanged by the formatter
//! (`Code.format_string!`) with the Ash/Spark/Ecto/Phoenix
//! `locals_without_parens` list. One VM start checks many files.
//!
//! When `elixir` is missing the check is skipped with a message on stderr,
//! unless `SCAFFOLD_REQUIRE_ELIXIR=1` (set by `.ci/run`), which makes a
//! missing `elixir` a failure.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn elixir_available() -> bool {
    let found = Command::new("elixir")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !found {
        if std::env::var("SCAFFOLD_REQUIRE_ELIXIR").as_deref() == Ok("1") {
            panic!("`elixir` is not installed but SCAFFOLD_REQUIRE_ELIXIR=1: install it (apt-get install -y elixir)");
        }
        eprintln!("note: `elixir` not found; skipping the Elixir parse/format check");
    }
    found
}

/// Checks every given file; panics with the report when any fails.
pub fn check_files(paths: &[PathBuf]) {
    run_check(paths, false);
}

/// Like [`check_files`], but only requires each file to parse: the
/// formatter is not consulted (for deliberately unformatted fixtures).
pub fn check_parse_files(paths: &[PathBuf]) {
    run_check(paths, true);
}

/// Parse-only variant of [`check_tree`].
pub fn check_parse_tree(root: &Path) {
    let mut files = Vec::new();
    collect(root, &mut files);
    files.sort();
    check_parse_files(&files);
}

fn run_check(paths: &[PathBuf], parse_only: bool) {
    let paths: Vec<&PathBuf> = paths
        .iter()
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("ex" | "exs")))
        .collect();
    if paths.is_empty() || !elixir_available() {
        return;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/elixir/check.exs");
    let list = tempfile_list(&paths);
    let mut cmd = Command::new("elixir");
    cmd.arg(&script);
    if parse_only {
        cmd.arg("--parse-only");
    }
    let out = cmd.arg(list.path()).output().expect("run elixir");
    if !out.status.success() {
        panic!(
            "Elixir check failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Checks every `.ex`/`.exs` file under `root` (skipping deps/ and _build/).
pub fn check_tree(root: &Path) {
    let mut files = Vec::new();
    collect(root, &mut files);
    files.sort();
    check_files(&files);
}

/// Checks source strings by writing them to a temporary directory first.
pub fn check_sources(sources: &[(&str, &str)]) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut paths = Vec::new();
    for (name, text) in sources {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        paths.push(path);
    }
    check_files(&paths);
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if path.is_dir() {
            if name != "deps" && name != "_build" && name != "node_modules" {
                collect(&path, out);
            }
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("ex" | "exs")
        ) {
            out.push(path);
        }
    }
}

fn tempfile_list(paths: &[&PathBuf]) -> tempfile::NamedTempFile {
    use std::io::Write;
    let mut f = tempfile::NamedTempFile::new().expect("temp file");
    for p in paths {
        writeln!(f, "{}", p.display()).unwrap();
    }
    f.flush().unwrap();
    f
}
