//! Plain-text helpers over byte offsets: lines, indentation, widths, and
//! the re-indentation of code given by callers.

/// The line length `mix format` aims for.
pub(crate) const MAX_WIDTH: usize = 98;

/// Byte offset of the start of the line containing `pos`.
pub(crate) fn line_start(text: &str, pos: usize) -> usize {
    text[..pos].rfind('\n').map_or(0, |i| i + 1)
}

/// Byte offset of the end of the line containing `pos`: the position of
/// its `\r\n` or `\n`, or the end of the text.
pub(crate) fn line_end(text: &str, pos: usize) -> usize {
    let nl = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
    if nl > pos && text.as_bytes()[nl - 1] == b'\r' {
        nl - 1
    } else {
        nl
    }
}

/// Byte offset just after the line break ending the line containing `pos`
/// (or the end of the text).
pub(crate) fn next_line_start(text: &str, pos: usize) -> usize {
    text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1)
}

/// The leading whitespace of the line containing `pos`.
pub(crate) fn indent_at(text: &str, pos: usize) -> &str {
    let start = line_start(text, pos);
    let rest = &text[start..];
    let n = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    &rest[..n]
}

/// True when only whitespace precedes `pos` on its line.
pub(crate) fn first_on_line(text: &str, pos: usize) -> bool {
    text[line_start(text, pos)..pos]
        .chars()
        .all(|c| c == ' ' || c == '\t')
}

/// Width in columns of the line containing `pos` (characters, without the
/// line break).
pub(crate) fn line_width(text: &str, pos: usize) -> usize {
    text[line_start(text, pos)..line_end(text, pos)]
        .chars()
        .count()
}

/// True when the line containing `pos` is blank.
pub(crate) fn line_is_blank(text: &str, pos: usize) -> bool {
    text[line_start(text, pos)..line_end(text, pos)]
        .trim()
        .is_empty()
}

/// The line break style of a text: `"\r\n"` when its first line break is
/// CRLF, `"\n"` otherwise.
pub(crate) fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// Normalises code given by a caller: `\r\n` to `\n`, common leading
/// indentation removed, trailing blank lines and whitespace trimmed.
pub(crate) fn dedent(code: &str) -> String {
    let code = code.replace("\r\n", "\n");
    let lines: Vec<&str> = code.trim_matches('\n').lines().collect();
    let common = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| {
            if l.trim().is_empty() {
                ""
            } else {
                l[common..].trim_end()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Indents every line but the first of (dedented) `code` with `indent`;
/// blank lines stay empty. Line breaks are `\n`.
pub(crate) fn indent_rest(code: &str, indent: &str) -> String {
    let code = dedent(code);
    let mut out = String::with_capacity(code.len() + 16);
    for (i, line) in code.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            if !line.is_empty() {
                out.push_str(indent);
            }
        }
        out.push_str(line);
    }
    out
}

/// The indentation one level deeper than `indent` (two spaces, or a tab
/// when the file indents with tabs).
pub(crate) fn deeper(indent: &str) -> String {
    if indent.contains('\t') {
        format!("{indent}\t")
    } else {
        format!("{indent}  ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines() {
        let t = "ab\r\ncd\nef";
        assert_eq!(line_start(t, 5), 4);
        assert_eq!(line_end(t, 0), 2);
        assert_eq!(line_end(t, 4), 6);
        assert_eq!(line_end(t, 8), 9);
        assert_eq!(next_line_start(t, 0), 4);
        assert_eq!(line_ending(t), "\r\n");
        assert_eq!(line_ending("a\nb\r\n"), "\n");
    }

    #[test]
    fn dedents_and_indents() {
        assert_eq!(
            dedent("\n    a do\n      b\n\n    end\n"),
            "a do\n  b\n\nend"
        );
        assert_eq!(
            indent_rest("a do\n  b\n\nend", "  "),
            "a do\n    b\n\n  end"
        );
    }
}
