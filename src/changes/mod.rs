//! The change set: every file a command wants to create or modify, held in
//! memory until the whole set is valid.
//!
//! Generators only ever add to a [`ChangeSet`]; nothing touches the disk
//! until [`apply`] runs. The set is a virtual overlay: [`ChangeSet::read`]
//! returns what an earlier step of the same command planned for a path, so
//! composed generators see each other's files.

mod apply;
mod diff;
pub mod journal;
mod paths;

pub use apply::{apply, recover_interrupted, Applied, ApplyOptions, JournalInfo};
pub use diff::{diff_between, unified_diff};
pub use paths::resolve_in_project;

use crate::error::{Error, Result};
use sha2::{Digest, Sha256};
use std::any::Any;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// What a planned file amounts to when compared with the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The file does not exist yet.
    Create,
    /// The file exists and will get new content.
    Modify,
    /// The file already holds exactly this content.
    Unchanged,
    /// A file we would create exists with other content (needs `--force`).
    Conflict,
    /// The file will be removed (undo of a created file).
    Delete,
}

impl Status {
    /// The word shown in summaries.
    pub fn label(self) -> &'static str {
        match self {
            Status::Create => "create",
            Status::Modify => "modify",
            Status::Unchanged => "unchanged",
            Status::Conflict => "conflict",
            Status::Delete => "delete",
        }
    }
}

/// One planned file.
#[derive(Debug, Clone)]
pub struct FileChange {
    /// Path relative to the project root, with `/` separators.
    pub path: String,
    /// What the file held on disk when it was first read (None: absent).
    pub original: Option<String>,
    /// Unix permission bits of the original file, kept on rewrite.
    pub mode: Option<u32>,
    /// The content we want the file to have.
    pub new: String,
    /// True while every step planned this file as a fresh file (a later
    /// in-place edit of it clears the flag).
    pub create_intent: bool,
    /// Set by `--force`: a conflicting create becomes an overwrite.
    pub force: bool,
    /// A create step of this command met an existing file with other
    /// content: a conflict, even if a later step edits the file further.
    pub create_conflict: bool,
    /// The file is to be removed (`new` is then empty).
    pub delete: bool,
    /// Changes with each planning of the file (see [`ChangeSet::derive`]).
    pub revision: u64,
}

impl FileChange {
    /// The status of this file.
    pub fn status(&self) -> Status {
        if self.delete {
            return if self.original.is_some() {
                Status::Delete
            } else {
                Status::Unchanged
            };
        }
        match &self.original {
            None => Status::Create,
            Some(old) if *old == self.new => Status::Unchanged,
            Some(_) if self.create_conflict && !self.force => Status::Conflict,
            Some(_) => Status::Modify,
        }
    }

    /// The unified diff of this change.
    pub fn diff(&self, color: bool) -> String {
        let new = (!self.delete).then_some(self.new.as_str());
        diff_between(&self.path, self.original.as_deref(), new, color)
    }

    /// Hash of the original content, used by the stale-write check.
    pub fn original_hash(&self) -> Option<[u8; 32]> {
        self.original.as_deref().map(hash)
    }
}

/// SHA-256 of a text.
pub fn hash(text: &str) -> [u8; 32] {
    hash_bytes(text.as_bytes())
}

/// SHA-256 of bytes.
pub fn hash_bytes(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// A file as read from disk: its text and permission bits.
type DiskFile = (String, Option<u32>);

/// The in-memory change set of one command.
#[derive(Debug)]
pub struct ChangeSet {
    root: PathBuf,
    force: bool,
    files: BTreeMap<String, FileChange>,
    order: Vec<String>,
    notes: Vec<String>,
    /// What the disk held for each path the first time it was read. A
    /// file is planned against that content and the stale-write check
    /// compares with it, even if another process changes the file while
    /// this one plans.
    disk: Mutex<BTreeMap<String, Option<DiskFile>>>,
    /// The open step, if any (see [`ChangeSet::begin`]).
    step: Option<Step>,
    /// The last revision given to a planned file.
    revision: u64,
    /// Folder (no trailing `/`; "" for the root) → the revision of the
    /// latest change below it.
    folders: HashMap<String, u64>,
    /// Steps rolled back so far.
    rollbacks: u64,
    /// Facts derived from a file's content, with the revision they were
    /// derived from (0: the disk).
    derived: Mutex<Derived>,
}

/// Memoized facts: (kind, path) → (revision, value).
type Derived = HashMap<(&'static str, String), (u64, Arc<dyn Any + Send + Sync>)>;

/// What a step needs to be undone: each path it touched as it was before
/// (None: not planned yet), and how many paths and notes there were.
#[derive(Debug)]
struct Step {
    before: BTreeMap<String, Option<FileChange>>,
    order_len: usize,
    notes_len: usize,
    force: bool,
}

/// The paths a step touched, each with its change before the step.
#[derive(Debug, Default)]
pub struct StepChanges {
    /// Path → the planned change before the step (None: not planned).
    pub before: BTreeMap<String, Option<FileChange>>,
    /// Notes the step added.
    pub notes: Vec<String>,
}

impl ChangeSet {
    /// An empty change set for the project at `root`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        ChangeSet {
            root: root.into(),
            force: false,
            files: BTreeMap::new(),
            order: Vec::new(),
            notes: Vec::new(),
            disk: Mutex::new(BTreeMap::new()),
            step: None,
            revision: 0,
            folders: HashMap::new(),
            rollbacks: 0,
            derived: Mutex::new(HashMap::new()),
        }
    }

    /// The highest revision among the planned files under `prefix` (0:
    /// none planned): a summary of a folder derived at this revision is
    /// still current.
    pub fn revision_under(&self, prefix: &str) -> u64 {
        self.folders
            .get(prefix.trim_end_matches('/'))
            .copied()
            .unwrap_or(0)
    }

    /// Marks every folder above `path` as changed at `revision`.
    fn touch_folders(&mut self, path: &str, revision: u64) {
        let mut end = path.len();
        while let Some(i) = path[..end].rfind('/') {
            self.folders.insert(path[..i].to_string(), revision);
            end = i;
        }
        self.folders.insert(String::new(), revision);
    }

    /// A value memoized under (`kind`, `key`) for `revision`: computed by
    /// `compute` (which gets the previous, stale value to update, if any)
    /// when none is stored for that revision.
    pub fn memo<T: Clone + Send + Sync + 'static>(
        &self,
        kind: &'static str,
        key: &str,
        revision: u64,
        compute: impl FnOnce(Option<T>) -> Result<T>,
    ) -> Result<T> {
        let key = (kind, key.to_string());
        let previous = {
            let mut memo = self
                .derived
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if let Some((r, value)) = memo.get(&key) {
                if *r == revision {
                    if let Some(v) = value.downcast_ref::<T>() {
                        return Ok(v.clone());
                    }
                }
            }
            memo.remove(&key)
                .and_then(|(_, value)| value.downcast::<T>().ok())
                .map(|v| Arc::try_unwrap(v).unwrap_or_else(|shared| (*shared).clone()))
        };
        let value = compute(previous)?;
        self.derived
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(key, (revision, Arc::new(value.clone())));
        Ok(value)
    }

    /// How many steps were rolled back so far: a summary updated from the
    /// changes since it was made must be made afresh after a rollback.
    pub fn rollbacks(&self) -> u64 {
        self.rollbacks
    }

    /// A fact derived from the current content of `path` (None: absent)
    /// by `derive`, computed once per content: large plans ask the same
    /// question of the same files over and over (which migrations exist,
    /// what they create).
    pub fn derive<T: Clone + Send + Sync + 'static>(
        &self,
        kind: &'static str,
        path: &str,
        derive: impl FnOnce(Option<&str>) -> T,
    ) -> Result<T> {
        let path = normalize(path)?;
        let revision = self.files.get(&path).map_or(0, |f| f.revision);
        self.memo(kind, &path, revision, |_| {
            Ok(derive(self.read(&path)?.as_deref()))
        })
    }

    /// Records `value` as the fact `kind` of the current content of `path`
    /// (when it was obtained by other means than [`ChangeSet::derive`]).
    pub fn store_derived<T: Send + Sync + 'static>(
        &self,
        kind: &'static str,
        path: &str,
        value: T,
    ) -> Result<()> {
        let path = normalize(path)?;
        let revision = self.files.get(&path).map_or(0, |f| f.revision);
        self.derived
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert((kind, path), (revision, Arc::new(value)));
        Ok(())
    }

    /// Planned files whose path starts with `prefix`, in path order.
    pub fn files_under<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a FileChange> + 'a {
        self.files
            .range::<str, _>((
                std::ops::Bound::Included(prefix),
                std::ops::Bound::Unbounded,
            ))
            .take_while(move |(k, _)| k.starts_with(prefix))
            .map(|(_, f)| f)
    }

    fn next_revision(&mut self) -> u64 {
        self.revision += 1;
        self.revision
    }

    /// Opens a step: everything planned until [`ChangeSet::rollback`] can
    /// be undone at the cost of what the step touched (not of the whole
    /// set), or kept with [`ChangeSet::commit`].
    pub fn begin(&mut self) {
        self.step = Some(Step {
            before: BTreeMap::new(),
            order_len: self.order.len(),
            notes_len: self.notes.len(),
            force: self.force,
        });
    }

    /// Undoes everything planned since [`ChangeSet::begin`].
    pub fn rollback(&mut self) {
        let Some(step) = self.step.take() else {
            return;
        };
        self.rollbacks += 1;
        for (path, before) in step.before {
            let revision = self.next_revision();
            self.touch_folders(&path, revision);
            match before {
                Some(change) => {
                    self.files.insert(path, change);
                }
                None => {
                    self.files.remove(&path);
                }
            }
        }
        self.order.truncate(step.order_len);
        self.notes.truncate(step.notes_len);
        self.force = step.force;
    }

    /// Closes the open step, keeping what it planned; returns what it
    /// touched.
    pub fn commit(&mut self) -> StepChanges {
        match self.step.take() {
            Some(step) => StepChanges {
                notes: self.notes[step.notes_len.min(self.notes.len())..].to_vec(),
                before: step.before,
            },
            None => StepChanges::default(),
        }
    }

    /// Paths touched in the open step, with their change before it.
    pub fn step_before(&self) -> Option<&BTreeMap<String, Option<FileChange>>> {
        self.step.as_ref().map(|s| &s.before)
    }

    /// Notes added in the open step.
    pub fn step_notes(&self) -> &[String] {
        match &self.step {
            Some(s) => &self.notes[s.notes_len.min(self.notes.len())..],
            None => &[],
        }
    }

    /// Removes the notes `drop` selects from those the open step added.
    pub fn drop_step_notes(&mut self, drop: impl Fn(&str) -> bool) {
        let start = self.step.as_ref().map_or(self.notes.len(), |s| s.notes_len);
        let start = start.min(self.notes.len());
        let kept: Vec<String> = self.notes.drain(start..).filter(|n| !drop(n)).collect();
        self.notes.extend(kept);
    }

    /// Sets `--force` for what is planned from now on (a step's rollback
    /// restores the setting it began with).
    pub fn set_force(&mut self, force: bool) {
        self.force = force;
    }

    /// Re-decides how a planned file counts, as if it were planned afresh
    /// now with its current content: as a creation (`created`; an existing
    /// file with other content is a conflict unless forced) or as an edit;
    /// with the current `--force`.
    pub fn replan(&mut self, path: &str, created: bool) {
        self.remember(path);
        let force = self.force;
        if let Some(f) = self.files.get_mut(path) {
            if f.delete {
                return;
            }
            f.create_intent = created;
            f.create_conflict = created && f.original.as_ref().is_some_and(|o| *o != f.new);
            f.force = force;
        }
    }

    /// Records `path` as it is before the open step first touches it.
    fn remember(&mut self, path: &str) {
        if let Some(step) = &mut self.step {
            if !step.before.contains_key(path) {
                step.before
                    .insert(path.to_string(), self.files.get(path).cloned());
            }
        }
    }

    /// Overwrite conflicting files (`--force`).
    pub fn with_force(mut self, force: bool) -> Self {
        self.force = force;
        self
    }

    /// The project root every path is relative to.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Whether `--force` is in effect.
    pub fn force(&self) -> bool {
        self.force
    }

    /// The current content of `path`: what this change set plans for it,
    /// else what the disk holds, else None.
    pub fn read(&self, path: &str) -> Result<Option<String>> {
        if let Some(f) = self.files.get(path) {
            return Ok((!f.delete).then(|| f.new.clone()));
        }
        self.read_disk(path).map(|o| o.map(|(text, _)| text))
    }

    /// Whether `path` exists on disk or in the set.
    pub fn exists(&self, path: &str) -> Result<bool> {
        Ok(self.read(path)?.is_some())
    }

    fn read_disk(&self, path: &str) -> Result<Option<(String, Option<u32>)>> {
        let key = normalize(path)?;
        let mut seen = self
            .disk
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(known) = seen.get(&key) {
            return Ok(known.clone());
        }
        let read = self.read_disk_now(path)?;
        seen.insert(key, read.clone());
        Ok(read)
    }

    fn read_disk_now(&self, path: &str) -> Result<Option<(String, Option<u32>)>> {
        let full = resolve_in_project(&self.root, path)?;
        match std::fs::read(&full) {
            Ok(bytes) => {
                let text = String::from_utf8(bytes).map_err(|_| {
                    Error::input(format!(
                        "{path}: not valid UTF-8; scaffold only edits UTF-8 text files"
                    ))
                })?;
                Ok(Some((text, file_mode(&full))))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) if e.kind() == std::io::ErrorKind::IsADirectory => Err(Error::input(format!(
                "{path}: is a directory, expected a file"
            ))),
            Err(e) => Err(Error::io(full, e)),
        }
    }

    /// Plans a new file. An existing identical file is "unchanged"; an
    /// existing different one is a conflict unless `--force`.
    pub fn create(&mut self, path: &str, content: impl Into<String>) -> Result<()> {
        self.put(path, content.into(), true)
    }

    /// Plans new content for a file that may exist (an in-place edit).
    pub fn modify(&mut self, path: &str, content: impl Into<String>) -> Result<()> {
        self.put(path, content.into(), false)
    }

    fn put(&mut self, path: &str, mut content: String, create_intent: bool) -> Result<()> {
        let path = normalize(path)?;
        self.remember(&path);
        let revision = self.next_revision();
        self.touch_folders(&path, revision);
        if let Some(existing) = self.files.get_mut(&path) {
            if let Some(orig) = &existing.original {
                content = match_line_endings(orig, content);
            }
            // A create that disagreed with the disk stays a conflict even
            // when a later step of the same command edits the file; a
            // create that matched the disk lets later edits be a modify.
            if create_intent {
                existing.create_conflict |=
                    existing.original.as_ref().is_some_and(|o| *o != content);
            }
            existing.create_intent &= create_intent;
            existing.new = content;
            existing.delete = false;
            existing.revision = revision;
            return Ok(());
        }
        let disk = self.read_disk(&path)?;
        let (original, mode) = match disk {
            Some((text, mode)) => (Some(text), mode),
            None => (None, None),
        };
        if let Some(orig) = &original {
            content = match_line_endings(orig, content);
        }
        self.order.push(path.clone());
        self.files.insert(
            path.clone(),
            FileChange {
                create_conflict: create_intent && original.as_ref().is_some_and(|o| *o != content),
                create_intent,
                path,
                original,
                mode,
                new: content,
                force: self.force,
                delete: false,
                revision,
            },
        );
        Ok(())
    }

    /// Plans the removal of a file (used by undo). Removing a file that
    /// does not exist is "unchanged".
    pub fn delete(&mut self, path: &str) -> Result<()> {
        let path = normalize(path)?;
        self.remember(&path);
        let revision = self.next_revision();
        self.touch_folders(&path, revision);
        if let Some(existing) = self.files.get_mut(&path) {
            existing.delete = true;
            existing.new.clear();
            existing.revision = revision;
            return Ok(());
        }
        let (original, mode) = match self.read_disk(&path)? {
            Some((text, mode)) => (Some(text), mode),
            None => (None, None),
        };
        self.order.push(path.clone());
        self.files.insert(
            path.clone(),
            FileChange {
                path,
                original,
                mode,
                new: String::new(),
                create_intent: false,
                create_conflict: false,
                force: self.force,
                delete: true,
                revision,
            },
        );
        Ok(())
    }

    /// Adds a line of information for the summary (e.g. "ash already a
    /// dependency (~> 3.0)").
    pub fn note(&mut self, note: impl Into<String>) {
        let note = note.into();
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }

    /// Notes gathered while planning.
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// Planned files in the order they were first planned.
    pub fn files(&self) -> impl Iterator<Item = &FileChange> {
        self.order.iter().map(move |p| &self.files[p])
    }

    /// The planned change for `path`, if any.
    pub fn get(&self, path: &str) -> Option<&FileChange> {
        self.files.get(path)
    }

    /// Files that need a write (create or modify).
    pub fn writes(&self) -> impl Iterator<Item = &FileChange> {
        self.files()
            .filter(|f| matches!(f.status(), Status::Create | Status::Modify | Status::Delete))
    }

    /// Files in conflict.
    pub fn conflicts(&self) -> impl Iterator<Item = &FileChange> {
        self.files().filter(|f| f.status() == Status::Conflict)
    }

    /// True when applying would write anything.
    pub fn has_changes(&self) -> bool {
        self.writes().next().is_some()
    }

    /// True when an existing file would be modified.
    pub fn modifies_existing(&self) -> bool {
        self.files()
            .any(|f| matches!(f.status(), Status::Modify | Status::Delete))
    }

    /// Merges another change set planned for the same root into this one
    /// (later content wins for the same path).
    pub fn merge(&mut self, other: ChangeSet) -> Result<()> {
        for path in other.order.iter() {
            let f = &other.files[path];
            if f.delete {
                self.delete(path)?;
            } else {
                self.put(path, f.new.clone(), f.create_intent)?;
            }
        }
        for n in other.notes {
            self.note(n);
        }
        Ok(())
    }
}

/// Validates and normalises a project-relative path (`/` separators, no
/// `.`/`..`, not absolute).
fn normalize(path: &str) -> Result<String> {
    paths::check_relative(path)?;
    Ok(path
        .split(['/', '\\'])
        .filter(|s| !s.is_empty() && *s != ".")
        .collect::<Vec<_>>()
        .join("/"))
}

/// Keeps a file's line-ending style: when the original uses CRLF, the new
/// text does too.
pub fn match_line_endings(original: &str, new: String) -> String {
    if original.contains("\r\n") && !new.contains("\r\n") {
        new.replace('\n', "\r\n")
    } else {
        new
    }
}

#[cfg(unix)]
fn file_mode(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).ok().map(|m| m.permissions().mode())
}

#[cfg(not(unix))]
fn file_mode(_path: &Path) -> Option<u32> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rolled_back_step_leaves_the_set_as_before_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("disk.txt"), "disk\n").unwrap();
        let mut cs = ChangeSet::new(dir.path());
        cs.create("a.txt", "a\n").unwrap();
        cs.note("first");
        cs.begin();
        cs.modify("a.txt", "a2\n").unwrap();
        cs.create("b.txt", "b\n").unwrap();
        cs.modify("disk.txt", "edited\n").unwrap();
        cs.note("second");
        cs.set_force(true);
        assert_eq!(cs.step_notes(), ["second".to_string()]);
        assert_eq!(cs.step_before().unwrap().len(), 3);
        cs.rollback();
        assert_eq!(cs.read("a.txt").unwrap().as_deref(), Some("a\n"));
        assert!(cs.get("a.txt").unwrap().create_intent);
        assert!(cs.get("b.txt").is_none());
        assert!(cs.get("disk.txt").is_none());
        assert_eq!(cs.read("disk.txt").unwrap().as_deref(), Some("disk\n"));
        assert_eq!(cs.notes(), ["first".to_string()]);
        assert!(!cs.force());
        let paths: Vec<&str> = cs.files().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["a.txt"]);

        // A committed step keeps everything and reports what it touched.
        cs.begin();
        cs.create("b.txt", "b\n").unwrap();
        cs.note("kept");
        cs.note("dropped");
        cs.drop_step_notes(|n| n == "dropped");
        let done = cs.commit();
        assert_eq!(done.before.keys().collect::<Vec<_>>(), ["b.txt"]);
        assert!(done.before["b.txt"].is_none());
        assert_eq!(done.notes, ["kept".to_string()]);
        assert_eq!(cs.read("b.txt").unwrap().as_deref(), Some("b\n"));
        // Outside a step, rollback does nothing.
        cs.rollback();
        assert!(cs.get("b.txt").is_some());
    }

    #[test]
    fn replan_decides_again_between_creation_and_edit() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x.txt"), "old\n").unwrap();
        let mut cs = ChangeSet::new(dir.path());
        cs.modify("x.txt", "new\n").unwrap();
        assert_eq!(cs.get("x.txt").unwrap().status(), Status::Modify);
        cs.replan("x.txt", true);
        assert_eq!(cs.get("x.txt").unwrap().status(), Status::Conflict);
        cs.set_force(true);
        cs.replan("x.txt", true);
        assert_eq!(cs.get("x.txt").unwrap().status(), Status::Modify);
        cs.set_force(false);
        cs.replan("x.txt", false);
        assert_eq!(cs.get("x.txt").unwrap().status(), Status::Modify);
    }

    #[test]
    fn derived_facts_follow_the_content() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("f.txt"), "one\n").unwrap();
        let mut cs = ChangeSet::new(dir.path());
        let calls = std::cell::Cell::new(0);
        let lines = |cs: &ChangeSet| {
            cs.derive("lines", "f.txt", |t| {
                calls.set(calls.get() + 1);
                t.map_or(0, |t| t.lines().count())
            })
            .unwrap()
        };
        assert_eq!(lines(&cs), 1);
        assert_eq!(lines(&cs), 1);
        assert_eq!(calls.get(), 1, "derived once per content");
        cs.modify("f.txt", "one\ntwo\n").unwrap();
        assert_eq!(lines(&cs), 2);
        cs.begin();
        cs.modify("f.txt", "1\n2\n3\n").unwrap();
        assert_eq!(lines(&cs), 3);
        cs.rollback();
        assert_eq!(lines(&cs), 2, "a rollback brings back the earlier content");
        cs.delete("f.txt").unwrap();
        assert_eq!(lines(&cs), 0);
    }

    #[test]
    fn folder_revisions_change_with_what_is_below() {
        let dir = tempfile::tempdir().unwrap();
        let mut cs = ChangeSet::new(dir.path());
        assert_eq!(cs.revision_under("priv/repo/migrations/"), 0);
        cs.create("priv/repo/migrations/1_a.exs", "a").unwrap();
        let r1 = cs.revision_under("priv/repo/migrations/");
        assert!(r1 > 0);
        assert_eq!(cs.revision_under("priv/repo"), r1);
        cs.create("lib/x.ex", "x").unwrap();
        assert_eq!(cs.revision_under("priv/repo/migrations"), r1);
        assert!(cs.revision_under("") > r1);
        cs.begin();
        cs.create("priv/repo/migrations/2_b.exs", "b").unwrap();
        let r2 = cs.revision_under("priv/repo/migrations");
        assert!(r2 > r1);
        let rollbacks = cs.rollbacks();
        cs.rollback();
        assert_eq!(cs.rollbacks(), rollbacks + 1);
        let r3 = cs.revision_under("priv/repo/migrations");
        assert!(r3 != r2 && r3 != r1, "a rollback is a change too");
        let under: Vec<&str> = cs
            .files_under("priv/repo/migrations/")
            .map(|f| f.path.as_str())
            .collect();
        assert_eq!(under, ["priv/repo/migrations/1_a.exs"]);
        // memo hands the stale value to the update.
        let n = cs
            .memo("count", "k", 1, |prev: Option<usize>| {
                Ok(prev.unwrap_or(0) + 1)
            })
            .unwrap();
        assert_eq!(n, 1);
        let same = cs.memo("count", "k", 1, |_: Option<usize>| Ok(99)).unwrap();
        assert_eq!(same, 1);
        let next = cs
            .memo("count", "k", 2, |prev: Option<usize>| Ok(prev.unwrap() + 1))
            .unwrap();
        assert_eq!(next, 2);
    }

    #[test]
    fn statuses() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("same.txt"), "a\n").unwrap();
        std::fs::write(dir.path().join("other.txt"), "a\n").unwrap();
        let mut cs = ChangeSet::new(dir.path());
        cs.create("new.txt", "x\n").unwrap();
        cs.create("same.txt", "a\n").unwrap();
        cs.create("other.txt", "b\n").unwrap();
        let st: Vec<_> = cs.files().map(|f| (f.path.as_str(), f.status())).collect();
        assert_eq!(
            st,
            vec![
                ("new.txt", Status::Create),
                ("same.txt", Status::Unchanged),
                ("other.txt", Status::Conflict)
            ]
        );
        let mut forced = ChangeSet::new(dir.path()).with_force(true);
        forced.create("other.txt", "b\n").unwrap();
        assert_eq!(forced.get("other.txt").unwrap().status(), Status::Modify);
    }

    #[test]
    fn a_conflicting_create_stays_a_conflict_after_later_edits() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("sup.ex"), "user's own\n").unwrap();
        std::fs::write(dir.path().join("same.ex"), "generated\n").unwrap();
        let mut cs = ChangeSet::new(dir.path());
        cs.create("sup.ex", "generated\n").unwrap();
        cs.modify("sup.ex", "generated\nchild\n").unwrap();
        assert_eq!(cs.get("sup.ex").unwrap().status(), Status::Conflict);
        cs.create("same.ex", "generated\n").unwrap();
        cs.modify("same.ex", "generated\nchild\n").unwrap();
        assert_eq!(cs.get("same.ex").unwrap().status(), Status::Modify);
    }

    #[test]
    fn overlay_reads_planned_content() {
        let dir = tempfile::tempdir().unwrap();
        let mut cs = ChangeSet::new(dir.path());
        assert_eq!(cs.read("a/b.ex").unwrap(), None);
        cs.create("a/b.ex", "one\n").unwrap();
        assert_eq!(cs.read("a/b.ex").unwrap().as_deref(), Some("one\n"));
        cs.modify("a/b.ex", "two\n").unwrap();
        assert_eq!(cs.get("a/b.ex").unwrap().status(), Status::Create);
        assert_eq!(cs.read("a/b.ex").unwrap().as_deref(), Some("two\n"));
    }

    #[test]
    fn crlf_files_stay_crlf() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("c.exs"), "a\r\nb\r\n").unwrap();
        let mut cs = ChangeSet::new(dir.path());
        cs.modify("c.exs", "a\nb\nc\n").unwrap();
        assert_eq!(cs.get("c.exs").unwrap().new, "a\r\nb\r\nc\r\n");
        let mut cs = ChangeSet::new(dir.path());
        cs.create("c.exs", "a\nb\n").unwrap();
        assert_eq!(cs.get("c.exs").unwrap().status(), Status::Unchanged);
    }

    #[test]
    fn rejects_escaping_paths() {
        let dir = tempfile::tempdir().unwrap();
        let mut cs = ChangeSet::new(dir.path());
        assert_eq!(cs.create("../x", "").unwrap_err().code(), 2);
        assert_eq!(cs.create("/etc/x", "").unwrap_err().code(), 2);
        assert_eq!(cs.create("a/../../x", "").unwrap_err().code(), 2);
    }
}
