//! The apply journal under `.scaffold/journal/`.
//!
//! Before the first write of an apply, a *pending* entry records every
//! file it will touch with the content it had before (and the directories
//! it will create). When the last write is done the entry is marked
//! *complete*. Two things follow:
//!
//! - **Crash safety.** A pending entry found at the start of the next apply
//!   (or undo) means a process died mid-way (SIGKILL, power loss): every
//!   file it lists is put back (only when it still holds what that apply
//!   wrote, so later edits by hand are never clobbered), then the entry is
//!   removed. Combined with temp-file-and-rename writes, no file is ever
//!   left half-written.
//! - **Undo.** A complete entry holds what is needed to revert that apply
//!   exactly; `scaffold undo` plans the reverse change set from it.

use super::{hash, ChangeSet, FileChange, Status};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Folder of the journal, relative to the project root.
pub const JOURNAL_DIR: &str = ".scaffold/journal";

/// What one file of an entry went through.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum FileAction {
    Create,
    Modify,
    Delete,
}

/// One file of a journal entry.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct JournalFile {
    pub path: String,
    pub action: FileAction,
    /// Content before the apply (None: the file did not exist).
    pub before: Option<String>,
    /// Unix permission bits before the apply.
    #[serde(default)]
    pub mode: Option<u32>,
    /// SHA-256 (hex) of what the apply wrote (None for deletions).
    pub after_hash: Option<String>,
}

/// One journal entry: an apply or an undo.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    pub id: String,
    /// The command line that produced it.
    pub command: String,
    /// `apply` or `undo`.
    pub kind: String,
    /// For an undo: the id of the entry it reverted.
    #[serde(default)]
    pub undoes: Option<String>,
    /// `pending` while writing, `complete` after.
    pub state: String,
    /// Directories the apply created (removed again on rollback).
    #[serde(default)]
    pub dirs: Vec<String>,
    pub files: Vec<JournalFile>,
}

/// Hex form of a hash.
pub fn hex(bytes: &[u8; 32]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Entry {
    /// A pending entry for the writes of `set`.
    pub fn pending(
        id: String,
        command: &str,
        kind: &str,
        undoes: Option<String>,
        writes: &[&FileChange],
        dirs: Vec<String>,
    ) -> Entry {
        let files = writes
            .iter()
            .map(|f| {
                let action = match f.status() {
                    Status::Create => FileAction::Create,
                    Status::Delete => FileAction::Delete,
                    _ => FileAction::Modify,
                };
                JournalFile {
                    path: f.path.clone(),
                    after_hash: (action != FileAction::Delete).then(|| hex(&hash(&f.new))),
                    action,
                    before: f.original.clone(),
                    mode: f.mode,
                }
            })
            .collect();
        Entry {
            id,
            command: command.to_string(),
            kind: kind.to_string(),
            undoes,
            state: "pending".into(),
            dirs,
            files,
        }
    }

    /// Path of this entry's file, relative to the project root.
    pub fn rel_path(&self) -> String {
        format!("{JOURNAL_DIR}/{}.json", self.id)
    }

    /// The entry as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }
}

/// A new, sortable entry id: UTC milliseconds since the epoch, zero
/// padded, plus the process id.
pub fn new_id() -> String {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    format!("{ms:015}-{}", std::process::id())
}

/// Every entry of the project's journal, oldest first. Unreadable files
/// are skipped.
pub fn entries(root: &Path) -> Vec<Entry> {
    let dir = root.join(JOURNAL_DIR);
    let mut out: Vec<Entry> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.flatten()
                .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
                .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                .filter_map(|t| serde_json::from_str::<Entry>(&t).ok())
                .collect()
        })
        .unwrap_or_default();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

/// Rolls back every pending entry (left by a process that died while
/// applying). Returns one message per recovered entry.
pub fn recover(root: &Path) -> Result<Vec<String>> {
    let mut messages = Vec::new();
    // Entries are read from, and recovered into, the project only: a
    // journal folder linked elsewhere or an entry naming paths outside
    // (planted in a repository, say) is refused before anything is touched.
    super::resolve_in_project(root, JOURNAL_DIR)?;
    // A process killed while writing its journal entry leaves at most a
    // temporary file (and the journal folder) behind.
    remove_temp_files(&root.join(JOURNAL_DIR));
    for entry in entries(root).into_iter().filter(|e| e.state == "pending") {
        for path in entry.files.iter().map(|f| &f.path).chain(&entry.dirs) {
            super::resolve_in_project(root, path).map_err(|e| {
                Error::input_hint(
                    format!("journal entry {} names `{path}`, which is outside the project: {e}", entry.rel_path()),
                    format!("scaffold did not write it; nothing was changed. Remove {} if you did not make it", entry.rel_path()),
                )
            })?;
        }
        // Temporary files of a write that was cut short.
        let mut parents: Vec<PathBuf> = entry
            .files
            .iter()
            .filter_map(|f| root.join(&f.path).parent().map(Path::to_path_buf))
            .collect();
        parents.dedup();
        for p in &parents {
            remove_temp_files(p);
        }
        let mut kept = Vec::new();
        for f in entry.files.iter().rev() {
            let full = root.join(&f.path);
            let now = std::fs::read(&full).ok();
            let now_hash = now.as_deref().map(|b| hex(&super::hash_bytes(b)));
            let still_ours = match (&f.action, &now_hash) {
                (FileAction::Delete, None) => true,
                (FileAction::Delete, Some(_)) => false,
                (_, Some(h)) => f.after_hash.as_deref() == Some(h.as_str()),
                (_, None) => false,
            };
            let already_old = match (&f.before, &now) {
                (None, None) => true,
                (Some(b), Some(n)) => b.as_bytes() == n.as_slice(),
                _ => false,
            };
            if already_old {
                continue;
            }
            if !still_ours {
                kept.push(f.path.clone());
                continue;
            }
            match &f.before {
                None => std::fs::remove_file(&full).map_err(|e| Error::io(&full, e))?,
                Some(text) => super::apply::write_atomic(&full, text, f.mode)?,
            }
        }
        for d in entry.dirs.iter().rev() {
            let _ = std::fs::remove_dir(root.join(d));
        }
        let file = root.join(entry.rel_path());
        std::fs::remove_file(&file).map_err(|e| Error::io(&file, e))?;
        remove_empty_journal_dirs(root);
        let mut msg = format!("rolled back an interrupted apply ({})", entry.command);
        if !kept.is_empty() {
            msg.push_str(&format!(
                "; left as they are, edited since: {}",
                kept.join(", ")
            ));
        }
        messages.push(msg);
    }
    remove_empty_journal_dirs(root);
    Ok(messages)
}

/// Removes scaffold's own temporary files (`.scaffold-*.tmp`) in `dir`.
fn remove_temp_files(dir: &Path) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(".scaffold-") && name.ends_with(".tmp") {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Removes the directories `entry` created, deepest first, where empty
/// (after an undo of that entry).
pub fn remove_created_dirs(root: &Path, entry: &Entry) {
    let mut dirs = entry.dirs.clone();
    dirs.sort_by_key(|d| std::cmp::Reverse(d.matches('/').count()));
    for d in dirs {
        if super::resolve_in_project(root, &d).is_ok() {
            let _ = std::fs::remove_dir(root.join(d));
        }
    }
}

/// Removes `.scaffold/journal` and `.scaffold` when empty.
pub fn remove_empty_journal_dirs(root: &Path) {
    let _ = std::fs::remove_dir(root.join(JOURNAL_DIR));
    let _ = std::fs::remove_dir(root.join(".scaffold"));
}

/// The entry `scaffold undo` reverts: the newest apply (the given id when
/// set), and whether it was already undone.
pub fn undo_target(root: &Path, id: Option<&str>) -> Result<(Entry, bool)> {
    let all = entries(root);
    let undone = |e: &Entry| {
        all.iter().any(|u| {
            u.kind == "undo" && u.state == "complete" && u.undoes.as_deref() == Some(e.id.as_str())
        })
    };
    let candidate = match id {
        Some(id) => all
            .iter()
            .find(|e| e.id == id && e.kind == "apply")
            .cloned()
            .ok_or_else(|| {
                Error::input_hint(
                    format!("no journal entry `{id}`"),
                    "`scaffold history` lists the entries",
                )
            })?,
        None => all
            .iter()
            .rev()
            .find(|e| e.kind == "apply" && e.state == "complete")
            .cloned()
            .ok_or_else(|| {
                Error::input_hint(
                    "nothing to undo: the journal is empty",
                    "only applies made by scaffold can be undone",
                )
            })?,
    };
    let done = undone(&candidate);
    Ok((candidate, done))
}

/// Plans the reverse of `entry`: created files are deleted, modified files
/// get their previous content back. Files changed since the apply are
/// returned separately (they block the undo unless `force`).
pub fn plan_undo(root: &Path, entry: &Entry, force: bool) -> Result<(ChangeSet, Vec<String>)> {
    let mut set = ChangeSet::new(root.to_path_buf()).with_force(force);
    let mut edited = Vec::new();
    for f in &entry.files {
        let now = set.read(&f.path)?;
        let now_hash = now.as_deref().map(|t| hex(&hash(t)));
        let ours = match f.action {
            FileAction::Delete => now.is_none(),
            _ => now_hash.is_some() && now_hash == f.after_hash,
        };
        if !ours {
            edited.push(f.path.clone());
            if !force {
                continue;
            }
        }
        match &f.before {
            None => set.delete(&f.path)?,
            Some(text) => set.modify(&f.path, text.clone())?,
        }
    }
    Ok((set, edited))
}

/// Directories (relative to `root`) that do not exist yet among the
/// parents of `paths`, shallowest first.
pub fn missing_dirs(root: &Path, paths: &[PathBuf]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in paths {
        let mut chain = Vec::new();
        let mut cur = p.parent();
        while let Some(d) = cur {
            if d == root || !d.starts_with(root) || d.exists() {
                break;
            }
            chain.push(
                d.strip_prefix(root)
                    .unwrap_or(d)
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
            cur = d.parent();
        }
        for d in chain.into_iter().rev() {
            if !out.contains(&d) {
                out.push(d);
            }
        }
    }
    out.sort_by_key(|d| d.matches('/').count());
    out
}
