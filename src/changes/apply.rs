//! All-or-nothing application of a change set.
//!
//! Every write goes to a temporary file in the target's directory and is
//! renamed into place, so no reader ever sees a half-written file. The
//! originals stay in memory; if any step fails, every file already
//! written is put back and every directory we created is removed, leaving
//! the tree byte-identical to before. With a journal (the CLI always uses
//! one) a process killed mid-way is rolled back by the next run.

use super::journal::{self, Entry};
use super::{hash, resolve_in_project, ChangeSet, FileChange, Status};
use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Options for [`apply`].
#[derive(Debug, Default, Clone)]
pub struct ApplyOptions {
    /// Fault injection for tests: the N-th filesystem write (1-based,
    /// journal writes included) fails.
    pub fail_at_write: Option<usize>,
    /// Record the apply in `.scaffold/journal` (for undo and crash
    /// recovery) under this command line.
    pub journal: Option<JournalInfo>,
    /// How long to wait for another scaffold process holding the project
    /// lock before giving up.
    pub lock_timeout: Option<Duration>,
}

/// What to record in the journal.
#[derive(Debug, Clone)]
pub struct JournalInfo {
    /// The command line, for `scaffold history`.
    pub command: String,
    /// For an undo: the id of the entry it reverts.
    pub undoes: Option<String>,
}

/// What an apply wrote.
#[derive(Debug, Default)]
pub struct Applied {
    /// Paths created.
    pub created: Vec<String>,
    /// Paths modified.
    pub modified: Vec<String>,
    /// Paths deleted.
    pub deleted: Vec<String>,
    /// Messages about interrupted applies rolled back first.
    pub recovered: Vec<String>,
    /// The journal entry id, when journaled.
    pub journal_id: Option<String>,
}

enum Undo {
    Created(PathBuf),
    Replaced {
        path: PathBuf,
        original: String,
        mode: Option<u32>,
    },
    Dir(PathBuf),
}

struct Writer<'a> {
    root: &'a Path,
    undo: Vec<Undo>,
    count: usize,
    fail_at: Option<usize>,
}

impl Writer<'_> {
    fn tick(&mut self, path: &Path) -> Result<()> {
        self.count += 1;
        if self.fail_at == Some(self.count) {
            return Err(Error::io(
                path,
                std::io::Error::other("injected write failure"),
            ));
        }
        Ok(())
    }

    fn mkdirs(&mut self, dir: &Path) -> Result<()> {
        let mut missing = Vec::new();
        let mut cur = dir;
        while !cur.exists() && cur != self.root {
            missing.push(cur.to_path_buf());
            match cur.parent() {
                Some(p) => cur = p,
                None => break,
            }
        }
        for d in missing.into_iter().rev() {
            self.tick(&d)?;
            std::fs::create_dir(&d).map_err(|e| Error::io(&d, e))?;
            self.undo.push(Undo::Dir(d));
        }
        Ok(())
    }

    /// Writes `text` to `full` atomically, remembering how to undo it.
    fn write(
        &mut self,
        full: &Path,
        text: &str,
        mode: Option<u32>,
        original: Option<String>,
    ) -> Result<()> {
        let tmp = self.stage(full, text, mode)?;
        tmp.as_file().sync_all().map_err(|e| Error::io(full, e))?;
        self.install(tmp, full, mode, original)
    }

    /// Writes `text` to a temporary file beside `full` (creating missing
    /// directories), not yet synced nor renamed.
    fn stage(
        &mut self,
        full: &Path,
        text: &str,
        mode: Option<u32>,
    ) -> Result<tempfile::NamedTempFile> {
        self.mkdirs(full.parent().unwrap_or(self.root))?;
        self.tick(full)?;
        temp_beside(full, text, mode)
    }

    /// Renames a staged file into place, remembering how to undo it.
    fn install(
        &mut self,
        tmp: tempfile::NamedTempFile,
        full: &Path,
        mode: Option<u32>,
        original: Option<String>,
    ) -> Result<()> {
        tmp.persist(full).map_err(|e| Error::io(full, e.error))?;
        self.undo.push(match original {
            None => Undo::Created(full.to_path_buf()),
            Some(orig) => Undo::Replaced {
                path: full.to_path_buf(),
                original: orig,
                mode,
            },
        });
        Ok(())
    }

    fn remove(&mut self, full: &Path, original: String, mode: Option<u32>) -> Result<()> {
        self.tick(full)?;
        std::fs::remove_file(full).map_err(|e| Error::io(full, e))?;
        self.undo.push(Undo::Replaced {
            path: full.to_path_buf(),
            original,
            mode,
        });
        Ok(())
    }

    /// Puts back every file and removes every directory recorded, newest
    /// first. Best effort: every step is tried even if one fails.
    fn rollback(self) {
        for step in self.undo.into_iter().rev() {
            match step {
                Undo::Created(p) => {
                    let _ = std::fs::remove_file(p);
                }
                Undo::Replaced {
                    path,
                    original,
                    mode,
                } => {
                    if write_atomic(&path, &original, mode).is_err() {
                        let _ = std::fs::write(&path, original);
                    }
                }
                Undo::Dir(d) => {
                    let _ = std::fs::remove_dir(d);
                }
            }
        }
    }
}

/// Writes every create/modify/delete of `set`, all or nothing.
///
/// Refuses to start when there are conflicts, or when a file changed on
/// disk since it was read (stale-write check). Holds the project lock so
/// two scaffold processes never interleave.
pub fn apply(set: &ChangeSet, opts: &ApplyOptions) -> Result<Applied> {
    let conflicts: Vec<&str> = set.conflicts().map(|f| f.path.as_str()).collect();
    if !conflicts.is_empty() {
        return Err(Error::refused_hint(
            format!(
                "{} file(s) exist with different content: {}",
                conflicts.len(),
                conflicts.join(", ")
            ),
            "nothing was written; re-run with --force to overwrite, or --dry-run to see the diff",
        ));
    }
    let root = set.root();
    let _lock = lock_project(root, opts.lock_timeout.unwrap_or(Duration::from_secs(10)))?;
    let mut applied = Applied::default();
    if opts.journal.is_some() {
        applied.recovered = journal::recover(root)?;
    }

    let writes: Vec<&FileChange> = set.writes().collect();
    if writes.is_empty() {
        return Ok(applied);
    }
    // Resolve every path and check staleness before the first write.
    let mut targets = Vec::with_capacity(writes.len());
    for f in &writes {
        let full = resolve_in_project(root, &f.path)?;
        check_not_stale(&full, f)?;
        check_writable(root, &full, f)?;
        targets.push(full);
    }
    // The journal stays inside the project too (its entries hold file contents).
    if opts.journal.is_some() {
        resolve_in_project(root, journal::JOURNAL_DIR)?;
    }

    let mut w = Writer {
        root,
        undo: Vec::new(),
        count: 0,
        fail_at: opts.fail_at_write,
    };
    let result = (|| -> Result<()> {
        let entry = match &opts.journal {
            Some(info) => {
                let dirs = journal::missing_dirs(root, &targets);
                let kind = if info.undoes.is_some() {
                    "undo"
                } else {
                    "apply"
                };
                let e = Entry::pending(
                    journal::new_id(),
                    &info.command,
                    kind,
                    info.undoes.clone(),
                    &writes,
                    dirs,
                );
                w.write(&root.join(e.rel_path()), &e.to_json(), None, None)?;
                Some(e)
            }
            None => None,
        };
        // Every new content goes to a temporary file beside its target
        // first (invisible to readers), all of them are made durable at
        // once, then each is renamed into place.
        let mut staged = Vec::with_capacity(writes.len());
        for (f, full) in writes.iter().zip(&targets) {
            staged.push(match f.status() {
                Status::Delete => None,
                _ => Some(w.stage(full, &f.new, f.mode)?),
            });
        }
        sync_staged(staged.iter().flatten())?;
        for ((f, full), tmp) in writes.iter().zip(&targets).zip(staged) {
            match (f.status(), tmp) {
                (Status::Delete, _) | (_, None) => {
                    w.remove(full, f.original.clone().unwrap_or_default(), f.mode)?;
                    applied.deleted.push(f.path.clone());
                }
                (Status::Create, Some(tmp)) => {
                    w.install(tmp, full, f.mode, None)?;
                    applied.created.push(f.path.clone());
                }
                (_, Some(tmp)) => {
                    w.install(tmp, full, f.mode, f.original.clone())?;
                    applied.modified.push(f.path.clone());
                }
            }
        }
        if let Some(mut e) = entry {
            e.state = "complete".into();
            let path = root.join(e.rel_path());
            w.tick(&path)?;
            write_atomic(&path, &e.to_json(), None)?;
            applied.journal_id = Some(e.id);
        }
        Ok(())
    })();
    if let Err(e) = result {
        w.rollback();
        if opts.journal.is_some() {
            journal::remove_empty_journal_dirs(root);
        }
        return Err(e);
    }
    Ok(applied)
}

/// Refuses to replace a file, or create one in a directory, that the user
/// marked read-only (no owner write bit): renaming a temporary file over it
/// would succeed anyway, silently dropping that protection.
#[cfg(unix)]
fn check_writable(root: &Path, full: &Path, f: &FileChange) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let read_only =
        |p: &Path| std::fs::metadata(p).is_ok_and(|m| m.permissions().mode() & 0o200 == 0);
    let what = match f.status() {
        Status::Create => {
            // The nearest directory that exists is where the new entry goes.
            let mut dir = full.parent();
            while let Some(d) = dir.filter(|d| !d.exists() && *d != root) {
                dir = d.parent();
            }
            dir.filter(|d| read_only(d))
                .map(|d| d.strip_prefix(root).unwrap_or(d).display().to_string())
        }
        _ => read_only(full).then(|| f.path.clone()),
    };
    match what {
        Some(path) => {
            let path = if path.is_empty() {
                ".".to_string()
            } else {
                path
            };
            Err(Error::input_hint(
                format!("{path} is read-only (no write permission); scaffold needs to write {}", f.path),
                format!("nothing was written; make it writable (chmod u+w {path}) and run the command again"),
            ))
        }
        None => Ok(()),
    }
}

#[cfg(not(unix))]
fn check_writable(_root: &Path, _full: &Path, _f: &FileChange) -> Result<()> {
    Ok(())
}

/// Rolls back applies that a crash interrupted (see [`journal::recover`]),
/// holding the project lock. Commands call it before they read the project,
/// so that they plan against the tree as it was before the interrupted
/// apply, not against a half-written one. Returns one message per apply
/// rolled back.
pub fn recover_interrupted(root: &Path) -> Result<Vec<String>> {
    if !root.join(journal::JOURNAL_DIR).exists() {
        return Ok(Vec::new());
    }
    let _lock = lock_project(root, Duration::from_secs(10))?;
    journal::recover(root)
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

/// Makes the staged files durable before any of them is renamed into
/// place. Every file's writeback is started first, so the syncs that
/// follow wait for I/O already under way instead of one file at a time;
/// only scaffold's own files are flushed (not the whole filesystem).
fn sync_staged<'a>(staged: impl Iterator<Item = &'a tempfile::NamedTempFile>) -> Result<()> {
    let staged: Vec<&tempfile::NamedTempFile> = staged.collect();
    #[cfg(target_os = "linux")]
    for tmp in &staged {
        // Best effort: a filesystem without it just syncs below.
        let _ = rustix::fs::fadvise(tmp.as_file(), 0, None, rustix::fs::Advice::DontNeed);
    }
    for tmp in staged {
        tmp.as_file()
            .sync_data()
            .map_err(|e| Error::io(tmp.path(), e))?;
    }
    Ok(())
}

/// A temporary file beside `full` holding `text`, with `mode` (new files:
/// 0666 minus the umask).
fn temp_beside(full: &Path, text: &str, mode: Option<u32>) -> Result<tempfile::NamedTempFile> {
    let dir = full
        .parent()
        .ok_or_else(|| Error::io(full, std::io::Error::other("no parent directory")))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".scaffold-").suffix(".tmp");
    // New files get the usual 0666 minus the umask (the kernel applies
    // it), not the 0600 of temporary files.
    #[cfg(unix)]
    if mode.is_none() {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(|e| Error::io(dir, e))?;
    tmp.write_all(text.as_bytes())
        .map_err(|e| Error::io(full, e))?;
    if let Some(mode) = mode {
        set_mode(tmp.path(), mode)?;
    }
    Ok(tmp)
}

/// Writes `text` to a temporary file beside `full`, syncs it, sets `mode`
/// and renames it into place.
pub(crate) fn write_atomic(full: &Path, text: &str, mode: Option<u32>) -> Result<()> {
    let tmp = temp_beside(full, text, mode)?;
    tmp.as_file().sync_all().map_err(|e| Error::io(full, e))?;
    tmp.persist(full).map_err(|e| Error::io(full, e.error))?;
    Ok(())
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .map_err(|e| Error::io(path, e))
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) -> Result<()> {
    Ok(())
}

/// An advisory lock on the project directory itself (no lock file is left
/// behind). Waits up to `timeout` for another scaffold process.
fn lock_project(root: &Path, timeout: Duration) -> Result<std::fs::File> {
    let dir = std::fs::File::open(root).map_err(|e| Error::io(root, e))?;
    let start = Instant::now();
    loop {
        match dir.try_lock() {
            Ok(()) => return Ok(dir),
            Err(std::fs::TryLockError::WouldBlock) => {
                if start.elapsed() >= timeout {
                    return Err(Error::refused_hint(
                        "another scaffold process is applying changes to this project",
                        "nothing was written; run the command again when it has finished",
                    ));
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            // Filesystems without locking support: go on unlocked.
            Err(std::fs::TryLockError::Error(_)) => return Ok(dir),
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

    fn journaled(fail_at_write: Option<usize>) -> ApplyOptions {
        ApplyOptions {
            fail_at_write,
            journal: Some(JournalInfo {
                command: "scaffold test".into(),
                undoes: None,
            }),
            lock_timeout: None,
        }
    }

    fn sample(dir: &Path) -> ChangeSet {
        std::fs::create_dir_all(dir.join("lib")).unwrap();
        std::fs::write(dir.join("mix.exs"), "old mix\n").unwrap();
        std::fs::write(dir.join("lib/a.ex"), "old a\n").unwrap();
        let mut cs = ChangeSet::new(dir);
        cs.modify("mix.exs", "new mix\n").unwrap();
        cs.create("lib/deep/nested/b.ex", "b\n").unwrap();
        cs.modify("lib/a.ex", "new a\n").unwrap();
        cs.create("test/c_test.exs", "c\n").unwrap();
        cs
    }

    #[test]
    fn failure_at_every_write_leaves_tree_identical() {
        for journal in [false, true] {
            let dir = tempfile::tempdir().unwrap();
            let cs = sample(dir.path());
            let before = snapshot(dir.path());
            let mut n = 1;
            loop {
                let opts = if journal {
                    journaled(Some(n))
                } else {
                    ApplyOptions {
                        fail_at_write: Some(n),
                        ..Default::default()
                    }
                };
                match apply(&cs, &opts) {
                    Err(err) => {
                        assert!(err.to_string().contains("injected"), "{err}");
                        assert_eq!(
                            snapshot(dir.path()),
                            before,
                            "after failing write {n} (journal: {journal})"
                        );
                    }
                    // Past the last write: the hook never fired.
                    Ok(_) => break,
                }
                n += 1;
            }
            assert!(n > 7, "only {n} writes counted");
            assert_eq!(
                std::fs::read_to_string(dir.path().join("lib/a.ex")).unwrap(),
                "new a\n"
            );
        }
    }

    #[test]
    fn undo_restores_and_journal_recovers() {
        let dir = tempfile::tempdir().unwrap();
        let cs = sample(dir.path());
        let before = snapshot(dir.path());
        let done = apply(&cs, &journaled(None)).unwrap();
        let id = done.journal_id.unwrap();
        let (entry, undone) = journal::undo_target(dir.path(), None).unwrap();
        assert_eq!(entry.id, id);
        assert!(!undone);
        let (undo, edited) = journal::plan_undo(dir.path(), &entry, false).unwrap();
        assert!(edited.is_empty());
        let opts = ApplyOptions {
            journal: Some(JournalInfo {
                command: "scaffold undo".into(),
                undoes: Some(id),
            }),
            ..Default::default()
        };
        apply(&undo, &opts).unwrap();
        journal::remove_created_dirs(dir.path(), &entry);
        let after: Vec<_> = snapshot(dir.path())
            .into_iter()
            .filter(|(p, _)| !p.starts_with(".scaffold"))
            .collect();
        assert_eq!(after, before);
        assert!(
            journal::undo_target(dir.path(), None).unwrap().1,
            "marked as undone"
        );
    }

    #[test]
    fn pending_entry_is_rolled_back_by_next_apply() {
        let dir = tempfile::tempdir().unwrap();
        let cs = sample(dir.path());
        let before = snapshot(dir.path());
        apply(&cs, &journaled(None)).unwrap();
        // Simulate a process killed after its writes, before completion.
        let mut entry = journal::entries(dir.path()).pop().unwrap();
        entry.state = "pending".into();
        std::fs::write(dir.path().join(entry.rel_path()), entry.to_json()).unwrap();
        let msgs = journal::recover(dir.path()).unwrap();
        assert_eq!(msgs.len(), 1);
        assert_eq!(snapshot(dir.path()), before);
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

    #[test]
    fn second_process_waits_then_fails_clearly() {
        let dir = tempfile::tempdir().unwrap();
        let held = lock_project(dir.path(), Duration::from_secs(1)).unwrap();
        let mut cs = ChangeSet::new(dir.path());
        cs.create("x", "1\n").unwrap();
        let opts = ApplyOptions {
            lock_timeout: Some(Duration::from_millis(200)),
            ..Default::default()
        };
        let err = apply(&cs, &opts).unwrap_err();
        assert!(
            err.to_string().contains("another scaffold process"),
            "{err}"
        );
        assert!(!dir.path().join("x").exists());
        drop(held);
        apply(&cs, &opts).unwrap();
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
        assert_eq!(
            std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o755
        );
        let mut cs = ChangeSet::new(dir.path());
        cs.create("new.ex", "x\n").unwrap();
        apply(&cs, &ApplyOptions::default()).unwrap();
        let mode = std::fs::metadata(dir.path().join("new.ex"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert!(
            mode & 0o044 == 0o044 || mode == 0o640,
            "new file mode {mode:o}"
        );
    }
}
