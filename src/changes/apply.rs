//! All-or-nothing application of a change set.
//!
//! Every write goes to a temporary file in the target's directory and is
//! renamed into place, so no reader ever sees a half-written file. The
//! originals stay in memory; if any step fails, every file already
//! written is put back and every directory we created is removed, leaving
//! the tree byte-identical to before.

use super::{hash, resolve_in_project, ChangeSet, FileChange, Status};
use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Options for [`apply`].
#[derive(Debug, Default, Clone)]
pub struct ApplyOptions {
    /// Fault injection for tests: the N-th file write (1-based) fails.
    pub fail_at_write: Option<usize>,
}

/// What an apply wrote.
#[derive(Debug, Default)]
pub struct Applied {
    /// Paths created.
    pub created: Vec<String>,
    /// Paths modified.
    pub modified: Vec<String>,
}

enum Undo {
    Created(PathBuf),
    Replaced { path: PathBuf, original: String, mode: Option<u32> },
    Dir(PathBuf),
}

/// Writes every create/modify of `set`, all or nothing.
///
/// Refuses to start when there are conflicts, or when a file changed on
/// disk since it was read (stale-write check).
pub fn apply(set: &ChangeSet, opts: &ApplyOptions) -> Result<Applied> {
    let conflicts: Vec<&str> = set.conflicts().map(|f| f.path.as_str()).collect();
    if !conflicts.is_empty() {
        return Err(Error::refused_hint(
            format!("{} file(s) exist with different content: {}", conflicts.len(), conflicts.join(", ")),
            "nothing was written; re-run with --force to overwrite, or --dry-run to see the diff",
        ));
    }
    let root = set.root();
    let writes: Vec<&FileChange> = set.writes().collect();
    // Resolve every path and check staleness before the first write.
    let mut targets = Vec::with_capacity(writes.len());
    for f in &writes {
        let full = resolve_in_project(root, &f.path)?;
        check_not_stale(&full, f)?;
        targets.push(full);
    }

    let mut undo: Vec<Undo> = Vec::new();
    let mut applied = Applied::default();
    let mut count = 0usize;
    for (f, full) in writes.iter().zip(&targets) {
        count += 1;
        let result = write_one(root, full, f, &mut undo, opts.fail_at_write == Some(count));
        if let Err(e) = result {
            rollback(undo);
            return Err(e);
        }
        match f.status() {
            Status::Create => applied.created.push(f.path.clone()),
            _ => applied.modified.push(f.path.clone()),
        }
    }
    Ok(applied)
}

fn check_not_stale(full: &Path, f: &FileChange) -> Result<()> {
    let now = match std::fs::read(full) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::io(full, e)),
    };
    let same = match (&now, f.original_hash()) {
        (None, None) => true,
        (Some(bytes), Some(h)) => std::str::from_utf8(bytes).map(hash).ok() == Some(h),
        _ => false,
    };
    if same {
        Ok(())
    } else {
        Err(Error::refused_hint(
            format!("{} changed on disk while scaffold was running", f.path),
            "nothing was written; run the command again",
        ))
    }
}

fn write_one(root: &Path, full: &Path, f: &FileChange, undo: &mut Vec<Undo>, fail: bool) -> Result<()> {
    let dir = full.parent().unwrap_or(root);
    create_dirs(root, dir, undo)?;
    if fail {
        return Err(Error::io(full, std::io::Error::other("injected write failure")));
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(".scaffold-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    tmp.write_all(f.new.as_bytes()).map_err(|e| Error::io(full, e))?;
    tmp.as_file().sync_all().map_err(|e| Error::io(full, e))?;
    if let Some(mode) = f.mode {
        set_mode(tmp.path(), mode)?;
    }
    tmp.persist(full).map_err(|e| Error::io(full, e.error))?;
    undo.push(match &f.original {
        None => Undo::Created(full.to_path_buf()),
        Some(orig) => Undo::Replaced { path: full.to_path_buf(), original: orig.clone(), mode: f.mode },
    });
    Ok(())
}

fn create_dirs(root: &Path, dir: &Path, undo: &mut Vec<Undo>) -> Result<()> {
    let mut missing = Vec::new();
    let mut cur = dir;
    while !cur.exists() && cur != root {
        missing.push(cur.to_path_buf());
        match cur.parent() {
            Some(p) => cur = p,
            None => break,
        }
    }
    for d in missing.into_iter().rev() {
        std::fs::create_dir(&d).map_err(|e| Error::io(&d, e))?;
        undo.push(Undo::Dir(d));
    }
    Ok(())
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).map_err(|e| Error::io(path, e))
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) -> Result<()> {
    Ok(())
}

/// Puts back every file and removes every directory recorded in `undo`,
/// newest first. Best effort: every step is tried even if one fails.
fn rollback(undo: Vec<Undo>) {
    for step in undo.into_iter().rev() {
        match step {
            Undo::Created(p) => {
                let _ = std::fs::remove_file(p);
            }
            Undo::Replaced { path, original, mode } => {
                let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
                let restored = tempfile::Builder::new()
                    .prefix(".scaffold-")
                    .tempfile_in(&dir)
                    .and_then(|mut t| {
                        t.write_all(original.as_bytes())?;
                        Ok(t)
                    })
                    .and_then(|t| {
                        if let Some(m) = mode {
                            let _ = set_mode(t.path(), m);
                        }
                        t.persist(&path).map_err(|e| e.error)
                    });
                if restored.is_err() {
                    let _ = std::fs::write(&path, original);
                }
            }
            Undo::Dir(d) => {
                let _ = std::fs::remove_dir(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut out = Vec::new();
        fn walk(base: &Path, d: &Path, out: &mut Vec<(String, Vec<u8>)>) {
            for e in std::fs::read_dir(d).unwrap().flatten() {
                let p = e.path();
                let rel = p.strip_prefix(base).unwrap().display().to_string();
                if p.is_dir() {
                    out.push((rel + "/", Vec::new()));
                    walk(base, &p, out);
                } else {
                    out.push((rel, std::fs::read(&p).unwrap()));
                }
            }
        }
        walk(dir, dir, &mut out);
        out.sort();
        out
    }

    #[test]
    fn failure_at_every_write_leaves_tree_identical() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("lib")).unwrap();
        std::fs::write(dir.path().join("mix.exs"), "old mix\n").unwrap();
        std::fs::write(dir.path().join("lib/a.ex"), "old a\n").unwrap();
        let before = snapshot(dir.path());
        let mut cs = ChangeSet::new(dir.path());
        cs.modify("mix.exs", "new mix\n").unwrap();
        cs.create("lib/deep/nested/b.ex", "b\n").unwrap();
        cs.modify("lib/a.ex", "new a\n").unwrap();
        cs.create("test/c_test.exs", "c\n").unwrap();
        for n in 1..=4 {
            let err = apply(&cs, &ApplyOptions { fail_at_write: Some(n) }).unwrap_err();
            assert!(err.to_string().contains("injected"));
            assert_eq!(snapshot(dir.path()), before, "after failing write {n}");
        }
        let done = apply(&cs, &ApplyOptions::default()).unwrap();
        assert_eq!(done.created.len(), 2);
        assert_eq!(std::fs::read_to_string(dir.path().join("lib/a.ex")).unwrap(), "new a\n");
    }

    #[test]
    fn stale_file_refuses_whole_apply() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a"), "1\n").unwrap();
        let mut cs = ChangeSet::new(dir.path());
        cs.create("b", "new\n").unwrap();
        cs.modify("a", "2\n").unwrap();
        std::fs::write(dir.path().join("a"), "edited meanwhile\n").unwrap();
        let err = apply(&cs, &ApplyOptions::default()).unwrap_err();
        assert!(err.to_string().contains("changed on disk"));
        assert!(!dir.path().join("b").exists());
    }

    #[cfg(unix)]
    #[test]
    fn keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("run.sh");
        std::fs::write(&p, "a\n").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        let mut cs = ChangeSet::new(dir.path());
        cs.modify("run.sh", "b\n").unwrap();
        apply(&cs, &ApplyOptions::default()).unwrap();
        assert_eq!(std::fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o755);
    }
}
