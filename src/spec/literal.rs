//! Elixir literals for values that came from the command line.
//!
//! Generated code only ever contains user text through these functions: a
//! string becomes a double-quoted literal with `"`, `\`, `#{`, newlines,
//! control characters and invisible/bidirectional characters escaped, so no
//! input can close the string, start an interpolation or hide code from a
//! reviewer. Atoms that are not plain identifiers are written in the quoted
//! form.

/// The double-quoted Elixir string literal for `value`.
///
/// ```
/// use scaffold::spec::literal;
/// assert_eq!(literal::string(r#"say "hi" #{x}"#), r#""say \"hi\" \#{x}""#);
/// ```
pub fn string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    escape_into(value, &mut out);
    out.push('"');
    out
}

/// The atom literal for `name`: `:title`, or `:"with space"` when the name
/// is not a plain identifier.
pub fn atom(name: &str) -> String {
    if is_identifier_atom(name) {
        format!(":{name}")
    } else {
        let mut out = String::from(":\"");
        escape_into(name, &mut out);
        out.push('"');
        out
    }
}

/// A list literal from already rendered items: `[:a, :b]`.
pub fn list<I, S>(items: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let items: Vec<String> = items.into_iter().map(|s| s.as_ref().to_string()).collect();
    format!("[{}]", items.join(", "))
}

/// A list of atoms: `[:title, :body]`.
pub fn atom_list<I, S>(names: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    list(names.into_iter().map(|n| atom(n.as_ref())))
}

/// A float literal Elixir accepts: always with a fractional part
/// (`1` → `1.0`), never in a form Elixir rejects (`1e5`, `inf`).
///
/// # Panics
/// When `value` is not finite; callers validate first.
pub fn float(value: f64) -> String {
    assert!(value.is_finite(), "non-finite float reached the renderer");
    let text = format!("{value}");
    if text.contains('.') {
        text
    } else {
        format!("{text}.0")
    }
}

/// Whether `name` can be written as `:name`: an ASCII identifier
/// `[a-z_][A-Za-z0-9_]*` with an optional trailing `?` or `!`, or an alias
/// such as `Foo`.
pub fn is_identifier_atom(name: &str) -> bool {
    let body = name.strip_suffix(['?', '!']).unwrap_or(name);
    let mut bytes = body.bytes();
    match bytes.next() {
        Some(b) if b.is_ascii_lowercase() || b == b'_' || b.is_ascii_uppercase() => {}
        _ => return false,
    }
    bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Characters that render as nothing or reorder text (zero-width spaces,
/// bidirectional controls, the byte order mark): escaped in literals and
/// refused in names.
pub fn is_invisible(ch: char) -> bool {
    matches!(
        ch,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF9}'..='\u{FFFB}'
    )
}

fn escape_into(value: &str, out: &mut String) {
    let mut chars = value.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '#' if chars.peek() == Some(&'{') => out.push_str("\\#"),
            c if c.is_control() || is_invisible(c) => {
                out.push_str(&format!("\\u{{{:X}}}", c as u32));
            }
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_strings() {
        assert_eq!(string("plain"), "\"plain\"");
        assert_eq!(string("a\"b"), "\"a\\\"b\"");
        assert_eq!(string("a\\b"), "\"a\\\\b\"");
        assert_eq!(string("#{System.halt()}"), "\"\\#{System.halt()}\"");
        assert_eq!(string("C# rocks"), "\"C# rocks\"");
        assert_eq!(string("line\nbreak"), "\"line\\nbreak\"");
        assert_eq!(string("\u{202E}evil"), "\"\\u{202E}evil\"");
        assert_eq!(string("\u{7}"), "\"\\u{7}\"");
        assert_eq!(string("café"), "\"café\"");
    }

    #[test]
    fn atoms() {
        assert_eq!(atom("title"), ":title");
        assert_eq!(atom("valid?"), ":valid?");
        assert_eq!(atom("with space"), ":\"with space\"");
        assert_eq!(atom("a\"b"), ":\"a\\\"b\"");
        assert_eq!(atom(""), ":\"\"");
        assert_eq!(atom_list(["a", "b"]), "[:a, :b]");
    }

    #[test]
    fn floats() {
        assert_eq!(float(1.0), "1.0");
        assert_eq!(float(-0.5), "-0.5");
        assert_eq!(float(1e20), "100000000000000000000.0");
        assert_eq!(float(1.5e-7), "0.00000015");
    }
}
