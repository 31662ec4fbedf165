//! Line breaking the way `mix format` does it, for the shapes of code the
//! spec precomputes.
//!
//! Templates only interpolate, so a `defaults [...]` list with twelve
//! fields or an atom with many values must already be broken the way the
//! Elixir formatter (98 columns) would break it, or the generated file is
//! not formatter-clean. The rules implemented here are the ones the
//! formatter applies to parenthesis-free DSL calls (`defaults [...]`,
//! `constraints one_of: [...]`, `define :x, action: :y, get_by: :id`,
//! `belongs_to :name, Module do`), checked against the real formatter in
//! the tests.
//!
//! Conventions: a laid-out call is returned without indentation on its
//! first line (the template puts it at `indent`); continuation lines carry
//! their absolute indentation.

/// The formatter's line width.
pub const LINE_WIDTH: usize = 98;

/// The width of `text` as the formatter counts it: in characters, not
/// bytes (`"é"` is one column wide).
pub fn width(text: &str) -> usize {
    text.chars().count()
}

/// A piece of Elixir code that the layout may break: an unbreakable text,
/// a list, or a `key: value` pair (in keyword lists).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// Code that is never broken: `:title`, `"text"`, `Shop.Blog`.
    Raw(String),
    /// `[a, b, c]`
    List(Vec<Term>),
    /// `key: value`
    Pair(String, Box<Term>),
}

impl Term {
    /// Unbreakable code.
    pub fn raw(code: impl Into<String>) -> Term {
        Term::Raw(code.into())
    }

    /// A `key: value` pair.
    pub fn pair(key: impl Into<String>, value: Term) -> Term {
        Term::Pair(key.into(), Box::new(value))
    }

    /// A list of atoms: `[:a, :b]`.
    pub fn atoms<I, S>(names: I) -> Term
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        Term::List(
            names
                .into_iter()
                .map(|n| Term::Raw(crate::spec::literal::atom(n.as_ref())))
                .collect(),
        )
    }

    /// The code on one line.
    pub fn flat(&self) -> String {
        match self {
            Term::Raw(s) => s.clone(),
            Term::List(items) => {
                let items: Vec<String> = items.iter().map(Term::flat).collect();
                format!("[{}]", items.join(", "))
            }
            Term::Pair(key, value) => format!("{key}: {}", value.flat()),
        }
    }

    fn keyword_items(&self) -> Option<&[Term]> {
        match self {
            Term::List(items)
                if !items.is_empty() && items.iter().all(|t| matches!(t, Term::Pair(..))) =>
            {
                Some(items)
            }
            _ => None,
        }
    }

    /// The flat form as the last argument of a call: a keyword list loses
    /// its brackets (`one_of: [:a]`).
    pub fn flat_arg(&self) -> String {
        match self.keyword_items() {
            Some(items) => items.iter().map(Term::flat).collect::<Vec<_>>().join(", "),
            None => self.flat(),
        }
    }
}

fn spaces(n: usize) -> String {
    " ".repeat(n)
}

/// A parenthesis-free call `name arg, ..., last` starting at column
/// `indent`, followed by `suffix` (`""` or `" do"`).
pub fn call(name: &str, args: &[Term], indent: usize, suffix: &str) -> String {
    let Some((last, head)) = args.split_last() else {
        return format!("{name}{suffix}");
    };
    let head_flat: Vec<String> = head.iter().map(Term::flat).collect();
    let mut flat_args = head_flat.clone();
    flat_args.push(last.flat_arg());
    let flat = format!("{name} {}{suffix}", flat_args.join(", "));
    if indent + width(&flat) <= LINE_WIDTH {
        return flat;
    }
    let prefix: String = format!("{name} ")
        + &head_flat
            .iter()
            .map(|a| format!("{a}, "))
            .collect::<String>();

    let keyword = last.keyword_items();
    if let Some(pairs) = keyword {
        // A single `key: [...]` hangs its list under the key.
        if let [Term::Pair(key, value)] = pairs {
            if let Term::List(items) = value.as_ref() {
                let opening = format!("{prefix}{key}: [");
                if indent + width(&opening) <= LINE_WIDTH && !items.is_empty() {
                    let key_col = indent + width(&prefix);
                    return format!(
                        "{opening}\n{}\n{}]{suffix}",
                        elements(items, key_col + 2),
                        spaces(key_col)
                    );
                }
            }
        }
        // One pair per line below the positional arguments, when those fit.
        let first = format!("{name} {},", head_flat.join(", "));
        if !head.is_empty() && indent + width(&first) <= LINE_WIDTH {
            let n = pairs.len();
            let lines: Vec<String> = pairs
                .iter()
                .enumerate()
                .map(|(i, p)| element(p, indent + 2, i + 1 < n))
                .collect();
            return format!("{first}\n{}{suffix}", lines.join("\n"));
        }
    } else if let Term::List(items) = last {
        let opening = format!("{prefix}[");
        if indent + width(&opening) <= LINE_WIDTH && !items.is_empty() {
            return format!(
                "{opening}\n{}\n{}]{suffix}",
                elements(items, indent + 2),
                spaces(indent)
            );
        }
    }
    if head.is_empty() {
        return flat;
    }

    // Every argument (and every keyword pair) on its own line, under the
    // first argument.
    let column = indent + width(name) + 1;
    let mut rest: Vec<&Term> = head[1..].iter().collect();
    match keyword {
        Some(pairs) => rest.extend(pairs),
        None => rest.push(last),
    }
    let n = rest.len();
    let mut out = format!("{name} {},", head_flat[0]);
    for (i, arg) in rest.iter().enumerate() {
        out.push('\n');
        out.push_str(&element(arg, column, i + 1 < n));
    }
    out.push_str(suffix);
    out
}

/// The elements of a broken list, one per line at `column`.
fn elements(items: &[Term], column: usize) -> String {
    let n = items.len();
    items
        .iter()
        .enumerate()
        .map(|(i, t)| element(t, column, i + 1 < n))
        .collect::<Vec<_>>()
        .join("\n")
}

/// One list element at `column`, with its trailing comma when `comma`.
fn element(term: &Term, column: usize, comma: bool) -> String {
    let comma_str = if comma { "," } else { "" };
    let flat = term.flat();
    if column + width(&flat) + width(comma_str) <= LINE_WIDTH {
        return format!("{}{flat}{comma_str}", spaces(column));
    }
    match term {
        Term::List(items) if !items.is_empty() => format!(
            "{}[\n{}\n{}]{comma_str}",
            spaces(column),
            elements(items, column + 2),
            spaces(column)
        ),
        Term::Pair(key, value) => match value.as_ref() {
            Term::List(items) if !items.is_empty() => format!(
                "{}{key}: [\n{}\n{}]{comma_str}",
                spaces(column),
                elements(items, column + 2),
                spaces(column)
            ),
            _ => format!("{}{flat}{comma_str}", spaces(column)),
        },
        Term::Raw(_) | Term::List(_) => format!("{}{flat}{comma_str}", spaces(column)),
    }
}

/// A call with a `do` block: `header do`, the body at `indent + 2`, `end`.
/// Without body lines, just the call.
pub fn block(name: &str, args: &[Term], indent: usize, body: &[String]) -> String {
    if body.is_empty() {
        return call(name, args, indent, "");
    }
    format!(
        "{}\n{}{}\n{}end",
        call(name, args, indent, " do"),
        spaces(indent + 2),
        body_join(body, indent + 2),
        spaces(indent)
    )
}

/// Joins the entries of a block body laid out for column `indent`: every
/// entry but the first is indented, and multi-line entries are set apart
/// by blank lines, as the formatter does. The first line is not indented.
pub fn body_join(entries: &[String], indent: usize) -> String {
    let mut out = String::new();
    for (i, entry) in entries.iter().enumerate() {
        if i > 0 {
            let spaced = entry.contains('\n') || entries[i - 1].contains('\n');
            out.push_str(if spaced { "\n\n" } else { "\n" });
            out.push_str(&spaces(indent));
        }
        out.push_str(entry);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn atoms(prefix: &str, n: usize) -> Term {
        Term::atoms((0..n).map(|i| format!("{prefix}{i}")))
    }

    #[test]
    fn short_calls_stay_flat() {
        assert_eq!(
            call("defaults", &[atoms("a", 2)], 4, ""),
            "defaults [:a0, :a1]"
        );
        let kw = Term::List(vec![Term::pair("one_of", atoms("v", 2))]);
        assert_eq!(
            call("constraints", &[kw], 6, ""),
            "constraints one_of: [:v0, :v1]"
        );
    }

    #[test]
    fn long_list_argument_breaks_under_the_line() {
        let text = call("accept", &[atoms("field_number_", 10)], 4, "");
        assert!(
            text.starts_with("accept [\n      :field_number_0,\n"),
            "{text}"
        );
        assert!(text.ends_with(":field_number_9\n    ]"), "{text}");
    }

    #[test]
    fn single_keyword_list_hangs_under_the_key() {
        let kw = Term::List(vec![Term::pair("one_of", atoms("value_number_", 8))]);
        let text = call("constraints", &[kw], 6, "");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "constraints one_of: [");
        assert_eq!(lines[1], "                    :value_number_0,");
        assert_eq!(*lines.last().unwrap(), "                  ]");
    }

    #[test]
    fn widths_count_characters_not_bytes() {
        assert_eq!(width("déjà"), 4);
        // Up to column 98 at indent 4: flat, although it is 178 bytes.
        let text = format!("\"{}\"", "é".repeat(80));
        let line = call("description", &[Term::raw(text.clone())], 4, "");
        assert_eq!(line, format!("description {text}"));
        assert_eq!(4 + width(&line), LINE_WIDTH);
    }

    #[test]
    fn bodies_set_multi_line_entries_apart() {
        let body = body_join(
            &["a".into(), "b do\n  x\nend".into(), "c".into(), "d".into()],
            2,
        );
        assert_eq!(body, "a\n\n  b do\n  x\nend\n\n  c\n  d");
    }
}
