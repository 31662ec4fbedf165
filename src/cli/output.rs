//! How results reach a person (coloured summary, diffs) or a tool (--json).

use crate::changes::{ChangeSet, Status};
use crate::error::Error;
use console::style;
use std::io::Write;

/// Presentation settings derived from the global options and environment.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    pub color: bool,
    pub quiet: bool,
    pub json: bool,
    /// Standard output is a terminal (prompts are allowed).
    pub interactive: bool,
}

impl Output {
    /// Colour only on a terminal, never with `--no-color` or `NO_COLOR`.
    pub fn detect(no_color: bool, quiet: bool, json: bool) -> Output {
        let tty = console::Term::stdout().is_term();
        let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = tty && !no_color && !no_color_env && !json;
        console::set_colors_enabled(color);
        console::set_colors_enabled_stderr(color && console::Term::stderr().is_term());
        Output {
            color,
            quiet,
            json,
            interactive: tty && console::Term::stderr().is_term(),
        }
    }

    /// Prints a line unless `--quiet` or `--json`.
    pub fn line(&self, text: &str) {
        if !self.quiet && !self.json {
            println!("{text}");
        }
    }

    /// The unified diff of every planned write.
    pub fn diff_text(&self, set: &ChangeSet) -> String {
        set.files()
            .filter(|f| f.status() != Status::Unchanged)
            .map(|f| f.diff(self.color))
            .collect()
    }

    /// One line per file: `create lib/shop/blog/post.ex`, then notes.
    pub fn summary(&self, set: &ChangeSet, dry_run: bool) {
        if self.quiet || self.json {
            return;
        }
        let mut out = std::io::stdout().lock();
        for f in set.files() {
            let st = f.status();
            let label = format!(
                "{:>9}",
                if dry_run && st == Status::Create {
                    "create"
                } else {
                    st.label()
                }
            );
            let label = match st {
                Status::Create => style(label).green().bold(),
                Status::Modify => style(label).yellow().bold(),
                Status::Unchanged => style(label).dim(),
                Status::Conflict => style(label).red().bold(),
                Status::Delete => style(label).magenta().bold(),
            };
            let _ = writeln!(out, "{label} {}", f.path);
        }
        for n in set.notes() {
            let _ = writeln!(out, "{} {n}", style(format!("{:>9}", "note")).cyan());
        }
        let count = |s: Status| set.files().filter(|f| f.status() == s).count();
        let (c, m, u, x) = (
            count(Status::Create),
            count(Status::Modify),
            count(Status::Unchanged),
            count(Status::Conflict),
        );
        let verb = if dry_run { "would " } else { "" };
        let mut parts = Vec::new();
        if c > 0 {
            parts.push(format!("{verb}create {c}"));
        }
        if m > 0 {
            parts.push(format!("{verb}modify {m}"));
        }
        if u > 0 {
            parts.push(format!("{u} unchanged"));
        }
        let d = count(Status::Delete);
        if d > 0 {
            parts.push(format!("{verb}delete {d}"));
        }
        if x > 0 {
            parts.push(format!("{x} in conflict"));
        }
        if parts.is_empty() {
            parts.push("nothing to do".into());
        }
        let tail = if dry_run {
            " (dry run: nothing written)"
        } else {
            ""
        };
        let _ = writeln!(out, "{}{tail}", parts.join(", "));
    }

    /// The change set as JSON: `{"dry_run", "applied", "files": [{path, status, diff?}], "notes"}`.
    pub fn json_summary(&self, set: &ChangeSet, dry_run: bool, applied: bool) {
        let files: Vec<_> = set
            .files()
            .map(|f| {
                let mut v = serde_json::json!({"path": f.path, "status": f.status()});
                if dry_run && f.status() != Status::Unchanged {
                    v["diff"] = f.diff(false).into();
                }
                v
            })
            .collect();
        let v = serde_json::json!({
            "dry_run": dry_run,
            "applied": applied,
            "files": files,
            "notes": set.notes(),
        });
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
    }

    /// An error on stderr: `error: message` and `hint: ...`, or JSON.
    pub fn error(&self, e: &Error) {
        let mut err = std::io::stderr().lock();
        if self.json {
            let v = serde_json::json!({"error": e.to_string(), "hint": e.hint(), "code": e.code()});
            let _ = writeln!(err, "{v}");
            return;
        }
        let _ = writeln!(err, "{} {e}", style("error:").red().bold().for_stderr());
        if let Some(h) = e.hint() {
            let _ = writeln!(err, "  {} {h}", style("hint:").cyan().for_stderr());
        }
    }
}
