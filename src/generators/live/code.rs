//! Elixir lines whose length depends on user-chosen names, broken the way
//! `mix format` breaks them.
//!
//! Templates write most code in shapes the formatter keeps whatever the
//! names are (multi-line pipelines, one statement per line). The few calls
//! that carry a module, an action or a field name and may outgrow the 98
//! columns are computed here instead: flat when they fit, otherwise with
//! the keyword arguments one per line (`fun(a, b,\n  k: v\n)`), otherwise
//! with every argument on its own line.

pub use crate::spec::layout::width;

/// The formatter's line width.
pub const WIDTH: usize = 98;

/// A call `prefix` + `fun(args, kw)` + `suffix` starting at column `col`.
/// Continuation lines carry their absolute indentation; the first line
/// carries none.
pub fn call(
    col: usize,
    prefix: &str,
    fun: &str,
    args: &[String],
    kw: &[(String, String)],
    suffix: &str,
) -> String {
    let kw_flat: Vec<String> = kw.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    let mut all: Vec<String> = args.to_vec();
    all.extend(kw_flat.iter().cloned());
    let flat = format!("{prefix}{fun}({}){suffix}", all.join(", "));
    if col + width(&flat) <= WIDTH {
        return flat;
    }
    // Arguments indent from the call; after `|>` from the pipe itself.
    let base = if prefix.starts_with("|>") {
        col
    } else {
        col + width(prefix)
    };
    let pad = " ".repeat(base + 2);
    let end = " ".repeat(base);
    if !kw.is_empty() {
        let head = if args.is_empty() {
            format!("{prefix}{fun}(")
        } else {
            format!("{prefix}{fun}({},", args.join(", "))
        };
        if !args.is_empty() && col + width(&head) <= WIDTH {
            // `fun(a, b,` stays on the first line, the keywords follow.
            let n = kw_flat.len();
            let lines: Vec<String> = kw_flat
                .iter()
                .enumerate()
                .map(|(i, p)| format!("{pad}{p}{}", if i + 1 < n { "," } else { "" }))
                .collect();
            return format!("{head}\n{}\n{end}){suffix}", lines.join("\n"));
        }
    }
    let n = all.len();
    let lines: Vec<String> = all
        .iter()
        .enumerate()
        .map(|(i, a)| format!("{pad}{a}{}", if i + 1 < n { "," } else { "" }))
        .collect();
    format!("{prefix}{fun}(\n{}\n{end}){suffix}", lines.join("\n"))
}

/// A module attribute holding a map: `@name %{k: v, ...}` on one line when
/// it fits at `col`, otherwise one pair per line.
pub fn attribute_map(col: usize, name: &str, pairs: &[(String, String)]) -> String {
    let flat_pairs: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    let flat = format!("@{name} %{{{}}}", flat_pairs.join(", "));
    if col + width(&flat) <= WIDTH || pairs.is_empty() {
        return flat;
    }
    let pad = " ".repeat(col + 2);
    let n = pairs.len();
    let lines: Vec<String> = pairs
        .iter()
        .enumerate()
        .map(|(i, (k, v))| {
            let comma = if i + 1 < n { "," } else { "" };
            let flat = format!("{pad}{k}: {v}{comma}");
            if width(&flat) <= WIDTH {
                flat
            } else {
                format!("{pad}{k}:\n{pad}  {v}{comma}")
            }
        })
        .collect();
    format!("@{name} %{{\n{}\n{}}}", lines.join("\n"), " ".repeat(col))
}

/// `name = value` at `col`: on one line when it fits, otherwise the value
/// on the next line, indented (`value` must itself fit or be laid out for
/// `col + 2`).
pub fn bind(col: usize, name: &str, value: &str) -> String {
    let flat = format!("{name} = {value}");
    if !value.contains('\n') && col + width(&flat) <= WIDTH {
        return flat;
    }
    format!("{name} =\n{}{value}", " ".repeat(col + 2))
}

/// Statements of a body at `col`: one per line, multi-line ones set apart
/// by blank lines as the formatter does. The first line carries no
/// indentation.
pub fn statements(col: usize, items: &[String]) -> String {
    let pad = " ".repeat(col);
    let mut out = String::new();
    for (i, s) in items.iter().enumerate() {
        if i > 0 {
            let spaced = s.contains('\n') || items[i - 1].contains('\n');
            out.push_str(if spaced { "\n\n" } else { "\n" });
            out.push_str(&pad);
        }
        out.push_str(s);
    }
    out
}

/// `fun(first, %{k: v, ...})` at `col`; when it does not fit, the map
/// hugs the call and its pairs go one per line (a pair that still does not
/// fit puts its value on the next line).
pub fn call_with_map(col: usize, fun: &str, first: &str, pairs: &[(String, String)]) -> String {
    if pairs.is_empty() {
        return format!("{fun}({first})");
    }
    let flat_pairs: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    let flat = format!("{fun}({first}, %{{{}}})", flat_pairs.join(", "));
    if col + width(&flat) <= WIDTH {
        return flat;
    }
    let pad = " ".repeat(col + 2);
    let n = pairs.len();
    let lines: Vec<String> = pairs
        .iter()
        .enumerate()
        .map(|(i, (k, v))| {
            let comma = if i + 1 < n { "," } else { "" };
            let line = format!("{pad}{k}: {v}{comma}");
            if width(&line) <= WIDTH {
                line
            } else {
                format!("{pad}{k}:\n{pad}  {v}{comma}")
            }
        })
        .collect();
    format!(
        "{fun}({first}, %{{\n{}\n{}}})",
        lines.join("\n"),
        " ".repeat(col)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    fn kw(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(k, x)| (k.to_string(), x.to_string()))
            .collect()
    }

    #[test]
    fn flat_when_it_fits() {
        assert_eq!(
            call(
                4,
                "",
                "Ash.get!",
                &s(&["Post", "id"]),
                &kw(&[("actor", "actor(socket)")]),
                ""
            ),
            "Ash.get!(Post, id, actor: actor(socket))"
        );
    }

    #[test]
    fn keywords_break_first() {
        let out = call(
            4,
            "",
            "AshPhoenix.Form.for_update",
            &s(&["product_category_assignment", ":update"]),
            &kw(&[
                ("as", "\"product_category_assignment\""),
                ("actor", "actor(socket)"),
            ]),
            "",
        );
        assert_eq!(
            out,
            "AshPhoenix.Form.for_update(product_category_assignment, :update,\n      as: \"product_category_assignment\",\n      actor: actor(socket)\n    )"
        );
    }

    #[test]
    fn maps_break_per_pair() {
        let pairs = kw(&[("title", "\"some title\""), ("body", "\"some body\"")]);
        assert_eq!(
            attribute_map(2, "attrs", &pairs),
            "@attrs %{title: \"some title\", body: \"some body\"}"
        );
        let long: Vec<(String, String)> = (0..6)
            .map(|i| (format!("field_{i}"), "\"some long value\"".to_string()))
            .collect();
        let out = attribute_map(2, "attrs", &long);
        assert!(
            out.starts_with("@attrs %{\n    field_0: \"some long value\",\n"),
            "{out}"
        );
        assert!(out.ends_with("field_5: \"some long value\"\n  }"), "{out}");
    }
}
