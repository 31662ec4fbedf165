//! Finding the files, reading them on every core, and deciding with a
//! literal search which ones are worth parsing.
//!
//! Parsing is the expensive step (tree-sitter-elixir reads roughly
//! 5–20 MB/s), so a file is only parsed when a cheap substring test says a
//! check can find something in it: `use GenServer` for the process check,
//! `Ash.Resource` for the Ash checks, a loop and a query call for the N+1
//! hint, and so on. Config and migration files are always parsed (they
//! are few and small). Everything else is judged from its text alone.

use std::collections::HashSet;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::facts::{self, Facts, Want};
use super::Selection;
use crate::elixir::Document;

/// Where a file sits in the project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Area {
    /// `lib/**/*.ex(s)`.
    Lib,
    /// `config/*.exs`.
    Config,
    /// `priv/*/migrations/**/*.exs`.
    Migration,
}

/// A file found by the walk.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// Project-relative path with `/` separators.
    pub path: String,
    pub area: Area,
}

/// What the walk found: the files to read and the test files (whose
/// paths are all the missing-test check needs).
#[derive(Debug, Default)]
pub(crate) struct Tree {
    pub files: Vec<Entry>,
    pub tests: HashSet<String>,
}

/// Directories never entered.
const SKIP_DIRS: &[&str] = &[
    "deps",
    "_build",
    "node_modules",
    ".git",
    ".elixir_ls",
    "assets",
    "cover",
    "tmp",
];

/// Walks the app (and web app) directories of the project.
pub(crate) fn discover(root: &Path, app_dirs: &[String]) -> Tree {
    let mut tree = Tree::default();
    let join = |dir: &str, rel: &str| {
        if dir.is_empty() {
            rel.to_string()
        } else {
            format!("{dir}/{rel}")
        }
    };
    let mut seen_dirs = HashSet::new();
    for dir in app_dirs {
        if !seen_dirs.insert(dir.clone()) {
            continue;
        }
        walk(root, &join(dir, "lib"), &mut |p| {
            if p.ends_with(".ex") || p.ends_with(".exs") {
                tree.files.push(Entry {
                    path: p,
                    area: Area::Lib,
                });
            }
        });
        walk(root, &join(dir, "test"), &mut |p| {
            if p.ends_with("_test.exs") {
                tree.tests.insert(p);
            }
        });
        let priv_dir = join(dir, "priv");
        if let Ok(rd) = std::fs::read_dir(root.join(&priv_dir)) {
            let mut repos: Vec<String> = rd
                .flatten()
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            repos.sort();
            for repo in repos {
                walk(root, &format!("{priv_dir}/{repo}/migrations"), &mut |p| {
                    if p.ends_with(".exs") && !p.ends_with("/.formatter.exs") {
                        tree.files.push(Entry {
                            path: p,
                            area: Area::Migration,
                        });
                    }
                });
            }
        }
    }
    // Config is shared by umbrella apps and lives at the root.
    if let Ok(rd) = std::fs::read_dir(root.join("config")) {
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".exs") && e.file_type().is_ok_and(|t| t.is_file()) {
                tree.files.push(Entry {
                    path: format!("config/{name}"),
                    area: Area::Config,
                });
            }
        }
    }
    tree.files.sort_by(|a, b| a.path.cmp(&b.path));
    tree.files.dedup_by(|a, b| a.path == b.path);
    tree
}

fn walk(root: &Path, rel: &str, f: &mut dyn FnMut(String)) {
    let Ok(rd) = std::fs::read_dir(root.join(rel)) else {
        return;
    };
    for e in rd.flatten() {
        let Ok(ft) = e.file_type() else { continue };
        let name = e.file_name().to_string_lossy().into_owned();
        let path = format!("{rel}/{name}");
        if ft.is_dir() {
            if !SKIP_DIRS.contains(&name.as_str()) && !name.starts_with('.') {
                walk(root, &path, f);
            }
        } else if ft.is_file() {
            f(path);
        }
    }
}

/// Runs `f` over `items` on every core (a shared counter hands out the
/// next item, so a few slow files do not leave a core idle) and returns
/// the results in the order of `items`.
pub(crate) fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 16)
        .min(items.len().max(1));
    if threads == 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut parts: Vec<Vec<(usize, R)>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        out.push((i, f(item)));
                    }
                    out
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("doctor worker panicked"))
            .collect()
    });
    let mut all: Vec<(usize, R)> = parts.drain(..).flatten().collect();
    all.sort_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, r)| r).collect()
}

/// A file after the first pass.
#[derive(Debug)]
pub(crate) struct Scanned {
    pub entry: Entry,
    /// The text (None: unreadable or not UTF-8).
    pub text: Option<String>,
    /// Facts from parsing, when the file was a candidate.
    pub facts: Option<Facts>,
    /// The file was parsed, and whether loops were extracted.
    pub parsed: bool,
    pub loops_done: bool,
    /// Line and message of a syntax error.
    pub parse_error: Option<(usize, String)>,
}

/// Substring tests.
fn has(text: &str, needle: &str) -> bool {
    text.contains(needle)
}

/// Where a loop starts in `line`: `Enum.`, `Stream.`,
/// `Task.async_stream` or a `for` comprehension (`for x <- ...`).
fn loop_start(line: &str) -> Option<usize> {
    let mut best: Option<usize> = None;
    for needle in ["Enum.", "Stream.", "Task.async_stream"] {
        if let Some(i) = line.find(needle) {
            best = Some(best.map_or(i, |b| b.min(i)));
        }
    }
    let bytes = line.as_bytes();
    for (i, _) in line.match_indices("for ") {
        let word_start = i == 0
            || !(bytes[i - 1].is_ascii_alphanumeric()
                || bytes[i - 1] == b'_'
                || bytes[i - 1] == b'.');
        if word_start && line[i..].contains("<-") {
            best = Some(best.map_or(i, |b| b.min(i)));
            break;
        }
    }
    best
}

/// Whether, in some function, a query-looking call (`Repo.`, `Ash.`, or
/// `X.name(` with `name` among `getters`) comes after a loop starts: a
/// superset of the calls inside loop bodies, decided line by line without
/// parsing. Function boundaries are `def`/`defp`/`defmodule` lines.
pub(crate) fn query_after_loop(text: &str, getters: Option<&HashSet<String>>) -> bool {
    let queries =
        |s: &str| has(s, "Repo.") || has(s, "Ash.") || getters.is_some_and(|g| calls_any(s, g));
    if !(has(text, "Enum.")
        || has(text, "Stream.")
        || has(text, "for ")
        || has(text, "Task.async_stream"))
    {
        return false;
    }
    let mut in_loop = false;
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with("def ")
            || t.starts_with("defp ")
            || t.starts_with("defmodule ")
            || t.starts_with("defmacro")
        {
            in_loop = false;
        }
        let start = loop_start(line);
        let from = if in_loop { Some(0) } else { start };
        if let Some(from) = from {
            if queries(&line[from..]) {
                return true;
            }
        }
        in_loop |= start.is_some();
    }
    false
}

/// First pass over one file: read, decide, parse candidates.
pub(crate) fn first_pass(root: &Path, entry: &Entry, sel: &Selection, app: &str) -> Scanned {
    let text = std::fs::read(root.join(&entry.path))
        .ok()
        .and_then(|b| String::from_utf8(b).ok());
    let mut scanned = Scanned {
        entry: entry.clone(),
        text: None,
        facts: None,
        parsed: false,
        loops_done: false,
        parse_error: None,
    };
    let Some(text) = text else { return scanned };
    let want = match entry.area {
        Area::Config => Want {
            config: sel.secrets || sel.ash_domains_config || sel.unsupervised || sel.missing_test,
            ..Want::default()
        },
        Area::Migration => Want {
            migration: (sel.fk_index || sel.unique_index)
                && (has(&text, "references")
                    || has(&text, "index")
                    || has(&text, "INDEX")
                    || has(&text, "table(")),
            ..Want::default()
        },
        Area::Lib => {
            // The missing-test skeleton of a process depends on whether a
            // supervisor starts it.
            let otp = sel.unsupervised || sel.missing_test;
            let processes = otp
                && (has(&text, "use GenServer")
                    || has(&text, "use Agent")
                    || has(&text, "use Task"));
            let supervised = otp && (has(&text, "Supervisor") || has(&text, "children"));
            let ash = sel.any_ash() && (has(&text, "Ash.Resource") || has(&text, "Ash.Domain"));
            // Loops are extracted here when a Repo/Ash call follows a loop;
            // calls of domain getters (known after this pass) in the second.
            let loops = sel.n_plus_one && query_after_loop(&text, None);
            Want {
                processes,
                supervised,
                ash,
                loops,
                ..Want::default()
            }
        }
    };
    let parse = want.processes
        || want.supervised
        || want.ash
        || want.migration
        || want.config
        || want.loops;
    if parse {
        match Document::parse(text.clone()) {
            Ok(doc) => {
                scanned.facts = Some(facts::extract(&entry.path, &doc, want, app));
                scanned.loops_done = want.loops;
            }
            Err(crate::elixir::EditError::Unparsable { line, message }) => {
                scanned.parse_error = Some((line, message))
            }
            Err(e) => scanned.parse_error = Some((1, e.to_string())),
        }
        scanned.parsed = true;
    }
    scanned.text = Some(text);
    scanned
}

/// Names called as `X.name(` in `text` (a byte scan, no parse).
pub(crate) fn calls_any(text: &str, names: &HashSet<String>) -> bool {
    if names.is_empty() {
        return false;
    }
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'.' {
            let start = i + 1;
            let mut j = start;
            while j < b.len()
                && (b[j].is_ascii_alphanumeric() || b[j] == b'_' || b[j] == b'!' || b[j] == b'?')
            {
                j += 1;
            }
            if j > start
                && (j == b.len() || b[j] == b'(' || b[j] == b'/' || b[j] == b' ')
                && names.contains(&text[start..j])
            {
                return true;
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    false
}

/// Second pass over one lib file: the N+1 hint for files not handled in
/// the first pass that loop and call a domain or resource getter.
pub(crate) fn loop_pass(scanned: &Scanned, getters: &HashSet<String>, app: &str) -> Option<Facts> {
    if scanned.loops_done || scanned.parse_error.is_some() || scanned.entry.area != Area::Lib {
        return None;
    }
    let text = scanned.text.as_ref()?;
    if getters.is_empty() || !calls_any(text, getters) || !query_after_loop(text, Some(getters)) {
        return None;
    }
    let doc = Document::parse(text.clone()).ok()?;
    Some(facts::extract(
        &scanned.entry.path,
        &doc,
        Want {
            loops: true,
            ..Want::default()
        },
        app,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn par_map_keeps_order() {
        let items: Vec<usize> = (0..1000).collect();
        let out = par_map(&items, |i| i * 2);
        assert_eq!(out, items.iter().map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn queries_after_loops() {
        let q = |t: &str| query_after_loop(t, None);
        assert!(q(
            "  def f(ids) do\n    Enum.map(ids, fn id ->\n      Repo.get(X, id)\n    end)\n  end\n"
        ));
        assert!(q("  def f(ids), do: Enum.map(ids, &Repo.get(X, &1))\n"));
        assert!(q(
            "  def f(ids) do\n    for id <- ids do\n      Ash.get!(X, id)\n    end\n  end\n"
        ));
        // The query feeds the loop, or the loop ended with its function.
        assert!(!q("  def f(q), do: q |> Repo.all() |> Enum.map(& &1.id)\n"));
        assert!(!q(
            "  def f(l), do: Enum.sum(l)\n\n  def g(id), do: Repo.get(X, id)\n"
        ));
        // \"for \" in prose is not a comprehension.
        assert!(!q(
            "  @moduledoc \"The boundary for orders\"\n  def g(id), do: Repo.get(X, id)\n"
        ));
    }

    #[test]
    fn finds_dotted_calls() {
        let names: HashSet<String> = ["get_post!".to_string()].into_iter().collect();
        assert!(calls_any("x = Blog.get_post!(id)", &names));
        assert!(calls_any("Enum.map(ids, &Blog.get_post!/1)", &names));
        assert!(!calls_any("x = Blog.get_post(id)", &names));
        assert!(!calls_any("get_post!(id)", &names));
    }
}
