//! Migration statements laid out exactly as `mix format` would lay them
//! out under ecto_sql's `locals_without_parens` (`add`, `create`,
//! `remove`, … without parentheses).
//!
//! Templates only interpolate, so the body of every generated migration is
//! built here from a few shapes: parenthesis-free statements
//! (`add :title, :text, null: false`), calls with parentheses as their
//! arguments (`references(:users, ...)`, `unique_index(:posts, [:slug],
//! name: "...")`, `table(:posts, primary_key: false)`), lists and
//! unbreakable literals. The rules follow the Elixir formatter (98
//! columns) and are checked against it in the tests, including the case
//! that a statement exactly 98 columns wide counts as multi-line when the
//! formatter decides where blank lines go.

pub use crate::spec::layout::{width, LINE_WIDTH};

/// An expression in a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// Code that never breaks: `:title`, `"text"`, `{:array, :text}`,
    /// `fragment("uuid_generate_v7()")`.
    Raw(String),
    /// `[a, b]`, broken one element per line when too long.
    List(Vec<Expr>),
    /// `name(args, key: value)`.
    Call(Call),
}

impl Expr {
    /// Unbreakable code.
    pub fn raw(code: impl Into<String>) -> Expr {
        Expr::Raw(code.into())
    }

    /// A list of atoms: `[:a, :b]`.
    pub fn atoms<I, S>(names: I) -> Expr
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        Expr::List(
            names
                .into_iter()
                .map(|n| Expr::Raw(crate::spec::literal::atom(n.as_ref())))
                .collect(),
        )
    }

    /// The expression on one line.
    pub fn flat(&self) -> String {
        match self {
            Expr::Raw(s) => s.clone(),
            Expr::List(items) => format!(
                "[{}]",
                items.iter().map(Expr::flat).collect::<Vec<_>>().join(", ")
            ),
            Expr::Call(c) => c.flat(),
        }
    }

    /// The expression starting at `column`, followed by `trail` (`","`,
    /// `" do"` or `""`). The first line carries no indentation.
    fn layout(&self, column: usize, trail: &str) -> String {
        let flat = self.flat();
        if column + width(&flat) + width(trail) <= LINE_WIDTH {
            return format!("{flat}{trail}");
        }
        match self {
            Expr::Raw(_) => format!("{flat}{trail}"),
            Expr::List(items) if !items.is_empty() => {
                format!(
                    "[\n{}\n{}]{trail}",
                    elements(items, column + 2),
                    spaces(column)
                )
            }
            Expr::List(_) => format!("{flat}{trail}"),
            Expr::Call(c) => c.layout(column, trail),
        }
    }
}

/// A call with parentheses: `references(:users, column: :id)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// `references`
    pub name: String,
    /// Positional arguments.
    pub args: Vec<Expr>,
    /// Trailing keyword arguments, in order.
    pub keywords: Vec<(String, Expr)>,
}

impl Call {
    /// A call with positional arguments and keywords.
    pub fn new(name: impl Into<String>, args: Vec<Expr>, keywords: Vec<(String, Expr)>) -> Call {
        Call {
            name: name.into(),
            args,
            keywords,
        }
    }

    fn flat_items(&self) -> Vec<String> {
        let mut items: Vec<String> = self.args.iter().map(Expr::flat).collect();
        items.extend(
            self.keywords
                .iter()
                .map(|(k, v)| format!("{k}: {}", v.flat())),
        );
        items
    }

    fn flat(&self) -> String {
        format!("{}({})", self.name, self.flat_items().join(", "))
    }

    fn layout(&self, column: usize, trail: &str) -> String {
        let flat = self.flat();
        if column + width(&flat) + width(trail) <= LINE_WIDTH {
            return format!("{flat}{trail}");
        }
        let inner = column + 2;
        let positional: Vec<String> = self.args.iter().map(Expr::flat).collect();
        if !self.keywords.is_empty() && !positional.is_empty() {
            // `name(a, b,` then one keyword per line, `)` under the name.
            let first = format!("{}({},", self.name, positional.join(", "));
            if column + width(&first) <= LINE_WIDTH {
                let n = self.keywords.len();
                let lines: Vec<String> = self
                    .keywords
                    .iter()
                    .enumerate()
                    .map(|(i, (k, v))| keyword_line(k, v, inner, i + 1 < n))
                    .collect();
                return format!("{first}\n{}\n{}){trail}", lines.join("\n"), spaces(column));
            }
        }
        if self.keywords.is_empty() {
            if let Some((Expr::List(items), head)) = self.args.split_last() {
                // `name(a, [` then the elements, `])` under the name.
                let head: Vec<String> = head.iter().map(Expr::flat).collect();
                let mut opening = format!("{}(", self.name);
                for h in &head {
                    opening.push_str(h);
                    opening.push_str(", ");
                }
                opening.push('[');
                if !items.is_empty() && column + width(&opening) <= LINE_WIDTH {
                    return format!(
                        "{opening}\n{}\n{}]){trail}",
                        elements(items, inner),
                        spaces(column)
                    );
                }
            }
        }
        // Every argument on its own line.
        let mut lines: Vec<String> = Vec::new();
        let total = self.args.len() + self.keywords.len();
        let mut i = 0;
        for a in &self.args {
            i += 1;
            let comma = if i < total { "," } else { "" };
            lines.push(format!("{}{}", spaces(inner), a.layout(inner, comma)));
        }
        for (k, v) in &self.keywords {
            i += 1;
            lines.push(keyword_line(k, v, inner, i < total));
        }
        format!(
            "{}(\n{}\n{}){trail}",
            self.name,
            lines.join("\n"),
            spaces(column)
        )
    }
}

/// One `key: value` line at `column`.
fn keyword_line(key: &str, value: &Expr, column: usize, comma: bool) -> String {
    let prefix = format!("{key}: ");
    let trail = if comma { "," } else { "" };
    format!(
        "{}{prefix}{}",
        spaces(column),
        value.layout(column + width(&prefix), trail)
    )
}

fn elements(items: &[Expr], column: usize) -> String {
    let n = items.len();
    items
        .iter()
        .enumerate()
        .map(|(i, e)| {
            format!(
                "{}{}",
                spaces(column),
                e.layout(column, if i + 1 < n { "," } else { "" })
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn spaces(n: usize) -> String {
    " ".repeat(n)
}

/// A statement in a migration body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stmt {
    /// A parenthesis-free call, optionally with a `do` block:
    /// `add :title, :text, null: false`, `create table(:posts) do ... end`.
    Call {
        /// `add`
        name: String,
        /// Positional arguments.
        args: Vec<Expr>,
        /// Trailing keyword arguments.
        keywords: Vec<(String, Expr)>,
        /// The `do` block, if any.
        block: Option<Vec<Stmt>>,
    },
    /// A statement written as is: `timestamps()`.
    Raw(String),
    /// An expression statement: `execute("...")`.
    Expr(Expr),
    /// A comment line.
    Comment(String),
}

impl Stmt {
    /// `name args, keywords` without a block.
    pub fn call(name: &str, args: Vec<Expr>, keywords: Vec<(&str, Expr)>) -> Stmt {
        Stmt::Call {
            name: name.to_string(),
            args,
            keywords: keywords
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
            block: None,
        }
    }

    /// `name args do ... end`.
    pub fn block(name: &str, args: Vec<Expr>, body: Vec<Stmt>) -> Stmt {
        Stmt::Call {
            name: name.to_string(),
            args,
            keywords: Vec::new(),
            block: Some(body),
        }
    }

    /// The statement starting at `column` (first line not indented).
    pub fn layout(&self, column: usize) -> String {
        match self {
            Stmt::Raw(s) => s.clone(),
            Stmt::Expr(e) => e.layout(column, ""),
            Stmt::Comment(s) => format!("# {s}"),
            Stmt::Call {
                name,
                args,
                keywords,
                block,
            } => {
                let suffix = if block.is_some() { " do" } else { "" };
                let head = call_without_parens(name, args, keywords, column, suffix);
                match block {
                    None => head,
                    Some(body) => {
                        format!(
                            "{head}\n{}{}\n{}end",
                            spaces(column + 2),
                            layout_body(body, column + 2),
                            spaces(column)
                        )
                    }
                }
            }
        }
    }
}

/// `name a, b, k: v` starting at `column`, followed by `suffix`.
fn call_without_parens(
    name: &str,
    args: &[Expr],
    keywords: &[(String, Expr)],
    column: usize,
    suffix: &str,
) -> String {
    let mut items: Vec<String> = args.iter().map(Expr::flat).collect();
    items.extend(keywords.iter().map(|(k, v)| format!("{k}: {}", v.flat())));
    let flat = if items.is_empty() {
        name.to_string()
    } else {
        format!("{name} {}", items.join(", "))
    };
    // A ` do` after a sole call argument does not count either:
    // `create table(:posts, primary_key: false) do` may end at column 102,
    // `alter table(:posts) do` at 101.
    let counted = match args {
        [Expr::Call(_)] if keywords.is_empty() => width(&flat),
        _ => width(&flat) + width(suffix),
    };
    if column + counted <= flat_limit(args, keywords) || args.is_empty() {
        return format!("{flat}{suffix}");
    }
    let positional: Vec<String> = args.iter().map(Expr::flat).collect();
    if !keywords.is_empty() {
        // Positional arguments on the first line, keywords below at +2.
        let first = format!("{name} {},", positional.join(", "));
        if column + width(&first) <= LINE_WIDTH {
            let n = keywords.len();
            let lines: Vec<String> = keywords
                .iter()
                .enumerate()
                .map(|(i, (k, v))| keyword_line(k, v, column + 2, i + 1 < n))
                .collect();
            return format!("{first}\n{}{suffix}", lines.join("\n"));
        }
    }
    if args.len() == 1 && keywords.is_empty() {
        // A single argument breaks inside itself.
        return format!(
            "{name} {}",
            args[0].layout(column + width(name) + 1, suffix)
        );
    }
    // The first argument on the first line, the rest aligned under it.
    let inner = column + width(name) + 1;
    let total = args.len() + keywords.len();
    let mut out = format!(
        "{name} {}",
        args[0].layout(inner, if total > 1 { "," } else { suffix })
    );
    let mut i = 1;
    for a in &args[1..] {
        i += 1;
        let trail = if i < total { "," } else { suffix };
        out.push('\n');
        out.push_str(&spaces(inner));
        out.push_str(&a.layout(inner, trail));
    }
    for (k, v) in keywords {
        i += 1;
        out.push('\n');
        out.push_str(&keyword_line(k, v, inner, i < total));
    }
    if !keywords.is_empty() {
        out.push_str(suffix);
    }
    out
}

/// `create index(:posts, [:a])`, `create table(:posts, primary_key:
/// false)`: a parenthesis-free call whose only argument is a call ending
/// in a list or keywords. The formatter lets such a call hang, so its
/// closing parenthesis does not count against the width.
fn single_call(args: &[Expr], keywords: &[(String, Expr)]) -> bool {
    match args {
        [Expr::Call(c)] if keywords.is_empty() => {
            !c.keywords.is_empty() || matches!(c.args.last(), Some(Expr::List(_)))
        }
        _ => false,
    }
}

/// The widest a parenthesis-free call may be on one line.
fn flat_limit(args: &[Expr], keywords: &[(String, Expr)]) -> usize {
    if single_call(args, keywords) {
        LINE_WIDTH + 1
    } else {
        LINE_WIDTH
    }
}

/// Whether the formatter sets a laid-out statement apart with blank lines:
/// it spans several lines, or runs past column 98 (which only a sole
/// call argument's closing parenthesis may do).
fn spaced(text: &str, column: usize) -> bool {
    text.contains('\n') || column + width(text) > LINE_WIDTH
}

/// A block body at `column`: statements one per line, multi-line ones
/// set apart by blank lines. The first line is not indented.
pub fn layout_body(body: &[Stmt], column: usize) -> String {
    layout_groups(&[body.to_vec()], column)
}

/// Groups of statements at `column`, separated by one blank line; inside a
/// group, multi-line statements are set apart by blank lines as the
/// formatter does. The first line is not indented.
pub fn layout_groups(groups: &[Vec<Stmt>], column: usize) -> String {
    let mut out = String::new();
    let mut prev_spaced: Option<bool> = None;
    for group in groups.iter().filter(|g| !g.is_empty()) {
        let mut first_in_group = true;
        for stmt in group {
            let text = stmt.layout(column);
            let this_spaced = spaced(&text, column);
            if let Some(prev) = prev_spaced {
                let blank = first_in_group || prev || this_spaced;
                out.push_str(if blank { "\n\n" } else { "\n" });
                out.push_str(&spaces(column));
            }
            out.push_str(&text);
            prev_spaced = Some(this_spaced);
            first_in_group = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn references(table: &str, name: &str) -> Expr {
        Expr::Call(Call::new(
            "references",
            vec![Expr::raw(format!(":{table}"))],
            vec![
                ("column".into(), Expr::raw(":id")),
                ("name".into(), Expr::raw(format!("{name:?}"))),
                ("type".into(), Expr::raw(":uuid")),
                ("prefix".into(), Expr::raw("\"public\"")),
            ],
        ))
    }

    #[test]
    fn add_with_long_reference_breaks_inside_the_call() {
        let stmt = Stmt::call(
            "add",
            vec![
                Expr::raw(":author_id"),
                references("users", "posts_author_id_fkey"),
            ],
            vec![("null", Expr::raw("false"))],
        );
        let text = stmt.layout(6);
        assert_eq!(
            text,
            "add :author_id,\n          references(:users,\n            column: :id,\n            name: \"posts_author_id_fkey\",\n            type: :uuid,\n            prefix: \"public\"\n          ),\n          null: false"
        );
    }

    #[test]
    fn keywords_go_below_when_positional_fit() {
        let stmt = Stmt::call(
            "add",
            vec![Expr::raw(":inserted_at"), Expr::raw(":utc_datetime_usec")],
            vec![
                ("null", Expr::raw("false")),
                (
                    "default",
                    Expr::raw("fragment(\"(now() AT TIME ZONE 'utc')\")"),
                ),
            ],
        );
        assert_eq!(
            stmt.layout(6),
            "add :inserted_at, :utc_datetime_usec,\n        null: false,\n        default: fragment(\"(now() AT TIME ZONE 'utc')\")"
        );
    }

    #[test]
    fn lines_past_the_width_are_spaced() {
        assert!(spaced(&"x".repeat(95), 4));
        assert!(!spaced(&"x".repeat(94), 4));
        assert!(spaced("a\nb", 4));
    }
}
