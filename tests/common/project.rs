//! Fixture copies and tree fingerprints for end-to-end tests.

use assert_fs::prelude::*;
use assert_fs::TempDir;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// A fresh temporary copy of `tests/fixtures/<name>`.
pub fn copy_fixture(name: &str) -> TempDir {
    let dir = TempDir::new().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    dir.copy_from(&src, &["**/*", "**/.*", "**/.*/**"]).unwrap();
    dir
}

/// Every file under `root` (relative path, bytes), sorted; directories are
/// listed too so an empty directory left behind shows up.
pub fn tree_entries(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    walk(root, root, &mut out);
    out.sort();
    out
}

fn walk(base: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p: PathBuf = e.path();
        let rel = p.strip_prefix(base).unwrap().display().to_string();
        let ft = e.file_type().unwrap();
        if ft.is_dir() {
            out.push((format!("{rel}/"), Vec::new()));
            walk(base, &p, out);
        } else if ft.is_symlink() {
            out.push((
                format!("{rel}@"),
                std::fs::read_link(&p)
                    .unwrap()
                    .display()
                    .to_string()
                    .into_bytes(),
            ));
        } else {
            out.push((rel, std::fs::read(&p).unwrap()));
        }
    }
}

/// A hash of the whole tree (paths and contents).
pub fn tree_hash(root: &Path) -> String {
    let mut h = Sha256::new();
    for (p, bytes) in tree_entries(root) {
        h.update(p.as_bytes());
        h.update([0]);
        h.update(&bytes);
        h.update([0]);
    }
    format!("{:x}", h.finalize())
}

/// Files that differ between two snapshots (for readable assertions).
pub fn changed_files(before: &[(String, Vec<u8>)], after: &[(String, Vec<u8>)]) -> Vec<String> {
    let mut out = Vec::new();
    for (p, b) in after {
        match before.iter().find(|(q, _)| q == p) {
            Some((_, a)) if a == b => {}
            _ => out.push(p.clone()),
        }
    }
    for (p, _) in before {
        if !after.iter().any(|(q, _)| q == p) {
            out.push(format!("{p} (removed)"));
        }
    }
    out
}
