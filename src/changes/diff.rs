//! Unified diffs of planned changes.

use similar::{ChangeTag, TextDiff};

/// A unified diff of `old` → `new` for `path` (`/dev/null` for new files),
/// with three lines of context. Coloured with ANSI codes when `color`.
pub fn unified_diff(path: &str, old: Option<&str>, new: &str, color: bool) -> String {
    diff_between(path, old, Some(new), color)
}

/// A unified diff where either side may be absent (`/dev/null`): a
/// created file has no old side, a deleted file no new side.
pub fn diff_between(path: &str, old: Option<&str>, new: Option<&str>, color: bool) -> String {
    let diff = TextDiff::from_lines(old.unwrap_or(""), new.unwrap_or(""));
    let from = if old.is_some() {
        format!("a/{path}")
    } else {
        "/dev/null".to_string()
    };
    let to = if new.is_some() {
        format!("b/{path}")
    } else {
        "/dev/null".to_string()
    };
    let mut out = String::new();
    let header = format!("--- {from}\n+++ {to}\n");
    out.push_str(&paint(&header, "1", color));
    for hunk in diff.unified_diff().context_radius(3).iter_hunks() {
        out.push_str(&paint(&format!("{}\n", hunk.header()), "36", color));
        for change in hunk.iter_changes() {
            let (sign, code) = match change.tag() {
                ChangeTag::Delete => ('-', "31"),
                ChangeTag::Insert => ('+', "32"),
                ChangeTag::Equal => (' ', ""),
            };
            let mut line = format!("{sign}{}", change.value().trim_end_matches(['\n', '\r']));
            line.push('\n');
            out.push_str(&if code.is_empty() {
                line
            } else {
                paint(&line, code, color)
            });
            if change.missing_newline() {
                out.push_str("\\ No newline at end of file\n");
            }
        }
    }
    out
}

fn paint(text: &str, code: &str, color: bool) -> String {
    if !color {
        return text.to_string();
    }
    text.lines()
        .map(|l| format!("\x1b[{code}m{l}\x1b[0m\n"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_of_new_file() {
        let d = unified_diff("lib/a.ex", None, "x\ny\n", false);
        assert!(
            d.starts_with("--- /dev/null\n+++ b/lib/a.ex\n@@ -0,0 +1,2 @@\n+x\n+y\n"),
            "{d}"
        );
    }

    #[test]
    fn diff_of_modification() {
        let d = unified_diff("a", Some("a\nb\n"), "a\nc\n", false);
        assert!(d.contains("-b\n+c\n"), "{d}");
        assert!(unified_diff("a", Some("a\n"), "a\nb\n", true).contains("\x1b[32m+b"));
    }
}
