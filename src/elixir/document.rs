//! The parsed document: source text plus its syntax tree, and the one
//! place where text changes (splices, incremental re-parse, the error
//! guard, and the formatter-style breaking of long lines).

use tree_sitter::{InputEdit, Node, Point, Tree};

use super::syntax::{self, kids, text};
use super::text::{deeper, indent_at, line_end, line_ending, line_start, line_width, MAX_WIDTH};
use super::{EditError, Outcome};

/// An Elixir source file parsed once; operations edit it in place and
/// queries read it.
///
/// ```
/// use scaffold::elixir::{Dep, Document, Outcome};
///
/// let src = "defmodule Shop.MixProject do\n  use Mix.Project\n\n  defp deps do\n    [{:phoenix, \"~> 1.8\"}]\n  end\nend\n";
/// let mut doc = Document::parse(src).unwrap();
/// let outcome = doc.add_dep(&Dep::new("ash", "~> 3.0")).unwrap();
/// assert!(outcome.is_changed());
/// assert!(doc.text().contains("[{:phoenix, \"~> 1.8\"}, {:ash, \"~> 3.0\"}]"));
/// assert!(matches!(doc.add_dep(&Dep::new("ash", "~> 3.0")).unwrap(), Outcome::Unchanged(_)));
/// ```
#[derive(Clone)]
pub struct Document {
    text: String,
    tree: Tree,
}

/// A replacement of `start..end` (bytes of the current text) by `text`
/// (written with `\n` line breaks; converted to the file's style).
#[derive(Debug, Clone)]
pub(crate) struct Splice {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) text: String,
}

impl Splice {
    /// An insertion at `at`.
    pub(crate) fn insert(at: usize, text: impl Into<String>) -> Splice {
        Splice {
            start: at,
            end: at,
            text: text.into(),
        }
    }

    /// A replacement of `start..end`.
    pub(crate) fn replace(start: usize, end: usize, text: impl Into<String>) -> Splice {
        Splice {
            start,
            end,
            text: text.into(),
        }
    }
}

/// Where the container that received new elements starts, so the result
/// can be checked against the line length.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Anchor {
    /// A byte of the text before the edit (not inside a splice).
    Old(usize),
    /// A byte of the inserted text of splice number `splice`.
    Inserted { splice: usize, offset: usize },
}

/// What an operation decided to do.
pub(crate) enum Plan {
    /// Nothing to do, with a note.
    Unchanged(String),
    /// Apply these splices; then break the container at `reflow` if its
    /// line got too long.
    Edit {
        splices: Vec<Splice>,
        reflow: Option<Anchor>,
    },
}

impl Plan {
    /// One insertion, no reflow.
    pub(crate) fn insert(at: usize, text: impl Into<String>) -> Plan {
        Plan::Edit {
            splices: vec![Splice::insert(at, text)],
            reflow: None,
        }
    }
}

impl Document {
    /// Parses `text`. Fails with [`EditError::Unparsable`] when the text
    /// has a syntax error.
    pub fn parse(text: impl Into<String>) -> Result<Document, EditError> {
        let text = text.into();
        let tree = syntax::parse(&text, None);
        if let Some(err) = syntax::first_error(tree.root_node()) {
            return Err(unparsable(err, &text));
        }
        Ok(Document { text, tree })
    }

    /// The current text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The current text, consuming the document.
    pub fn into_text(self) -> String {
        self.text
    }

    pub(crate) fn root(&self) -> Node<'_> {
        self.tree.root_node()
    }

    /// The `\n` or `\r\n` line break of this file.
    pub(crate) fn nl(&self) -> &'static str {
        line_ending(&self.text)
    }

    /// Plans an edit with `plan`, carries it out, and verifies it: the same
    /// planning on the result must find nothing left to do. A result that
    /// does not parse or fails that check is refused (the document is left
    /// as it was) with [`EditError::Manual`] carrying the intended code.
    pub(crate) fn edit<F>(&mut self, plan: F) -> Result<Outcome, EditError>
    where
        F: Fn(&Document) -> Result<Plan, EditError>,
    {
        let (splices, reflow) = match plan(self)? {
            Plan::Unchanged(note) => return Ok(Outcome::Unchanged(note)),
            Plan::Edit { splices, .. } if splices.is_empty() => {
                return Ok(Outcome::Unchanged("nothing to change".into()))
            }
            Plan::Edit { splices, reflow } => (splices, reflow),
        };
        let first_line = splices.iter().map(|s| s.start).min().map_or(1, |p| {
            self.text.as_bytes()[..p]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1
        });
        let snippet: Vec<String> = splices
            .iter()
            .map(|s| s.text.trim().trim_start_matches(',').trim().to_string())
            .filter(|t| !t.is_empty())
            .collect();
        let snippet = snippet.join("\n");
        let backup = (self.text.clone(), self.tree.clone());
        self.carry_out(splices, reflow)?;
        match plan(self) {
            Ok(Plan::Unchanged(_)) => Ok(Outcome::Changed(self.text.clone())),
            _ => {
                (self.text, self.tree) = backup;
                Err(EditError::manual(
                    first_line,
                    "the edit could not be verified on this file's shape; nothing was changed",
                    snippet,
                ))
            }
        }
    }

    /// Applies planned splices, then breaks the container at `reflow` if
    /// its line got too long.
    fn carry_out(&mut self, splices: Vec<Splice>, reflow: Option<Anchor>) -> Result<(), EditError> {
        let (new_starts, splices) = self.apply_splices(splices)?;
        if let Some(anchor) = reflow {
            let at = match anchor {
                Anchor::Old(p) => shift(p, &splices),
                Anchor::Inserted { splice, offset } => {
                    let extra = if self.nl() == "\r\n" {
                        // `offset` counts `\n` breaks; each became two bytes.
                        let orig = splices[splice].text.replace("\r\n", "\n");
                        orig[..offset.min(orig.len())].matches('\n').count()
                    } else {
                        0
                    };
                    new_starts[splice] + offset + extra
                }
            };
            self.reflow(at);
        }
        Ok(())
    }

    /// Applies splices (all against the current text), re-parses
    /// incrementally and refuses a result with syntax errors. Returns the
    /// new start of each splice (in the given order) and the splices with
    /// their text converted to the file's line breaks.
    fn apply_splices(
        &mut self,
        mut splices: Vec<Splice>,
    ) -> Result<(Vec<usize>, Vec<Splice>), EditError> {
        let nl = self.nl();
        if nl == "\r\n" {
            for s in &mut splices {
                s.text = s.text.replace("\r\n", "\n").replace('\n', "\r\n");
            }
        }
        let mut order: Vec<usize> = (0..splices.len()).collect();
        order.sort_by_key(|&i| (splices[i].start, splices[i].end));
        let len = self.text.len();
        let mut prev_end = 0;
        for &i in &order {
            let s = &splices[i];
            assert!(
                s.start <= s.end
                    && s.end <= len
                    && s.start >= prev_end
                    && self.text.is_char_boundary(s.start)
                    && self.text.is_char_boundary(s.end),
                "splices must be sorted, disjoint and on char boundaries"
            );
            prev_end = s.end;
        }

        let added: usize = splices.iter().map(|s| s.text.len()).sum();
        let mut out = String::with_capacity(len + added);
        let mut new_starts = vec![0; splices.len()];
        let mut pos = 0;
        for &i in &order {
            let s = &splices[i];
            out.push_str(&self.text[pos..s.start]);
            new_starts[i] = out.len();
            out.push_str(&s.text);
            pos = s.end;
        }
        out.push_str(&self.text[pos..]);

        let mut tree = self.tree.clone();
        for &i in order.iter().rev() {
            let s = &splices[i];
            let start_position = point_at(&self.text, s.start);
            let old_end_position = point_at(&self.text, s.end);
            let new_end_position = advance(start_position, &s.text);
            tree.edit(&InputEdit {
                start_byte: s.start,
                old_end_byte: s.end,
                new_end_byte: s.start + s.text.len(),
                start_position,
                old_end_position,
                new_end_position,
            });
        }
        let new_tree = syntax::parse(&out, Some(&tree));
        if let Some(err) = syntax::first_error(new_tree.root_node()) {
            let line = err.start_position().row + 1;
            let snippet: Vec<String> = order
                .iter()
                .map(|&i| splices[i].text.trim().to_string())
                .collect();
            return Err(EditError::manual(
                line,
                "the edit would not produce valid Elixir here (an unexpected shape); nothing was changed",
                snippet.join("\n"),
            ));
        }
        self.text = out;
        self.tree = new_tree;
        Ok((new_starts, splices))
    }

    /// Breaks the one-line container starting at `at` (and its one-line
    /// ancestors, outermost first) the way `mix format` does, while its
    /// line is longer than 98 columns. Gives up silently on shapes it does
    /// not know.
    fn reflow(&mut self, mut at: usize) {
        let mut broke = false;
        for _ in 0..8 {
            let splices = {
                let root = self.tree.root_node();
                let Some(container) = container_at(root, at) else {
                    break;
                };
                if line_width(&self.text, at) <= MAX_WIDTH {
                    break;
                }
                let ls = line_start(&self.text, at);
                let le = line_end(&self.text, at);
                let mut target = None;
                let mut node = Some(container);
                while let Some(n) = node {
                    if n.start_byte() < ls || n.end_byte() > le {
                        break;
                    }
                    if breakable(n, &self.text) {
                        target = Some(n);
                    }
                    node = n.parent();
                }
                let Some(target) = target else { break };
                match break_splices(target, &self.text) {
                    Some(s) => s,
                    None => break,
                }
            };
            match self.apply_splices(splices) {
                Ok((_, applied)) => {
                    at = shift(at, &applied);
                    broke = true;
                }
                Err(_) => break,
            }
        }
        if broke {
            let splices = separate_statement(self.tree.root_node(), at);
            if !splices.is_empty() {
                // A failure leaves the (valid) unseparated text.
                let _ = self.apply_splices(splices);
            }
        }
    }
}

/// `mix format` separates a multi-line expression from the expressions
/// around it with blank lines (but not from a comment right above it).
/// After a break made the statement holding `at` multi-line, adds the
/// blank lines its neighbours now need.
fn separate_statement(root: Node<'_>, at: usize) -> Vec<Splice> {
    let Some(mut stmt) = root.descendant_for_byte_range(at, at + 1) else {
        return Vec::new();
    };
    loop {
        match stmt.parent() {
            Some(p) if matches!(p.kind(), "do_block" | "source" | "body") => break,
            Some(p) => stmt = p,
            None => return Vec::new(),
        }
    }
    if stmt.start_position().row == stmt.end_position().row {
        return Vec::new();
    }
    let mut out = Vec::new();
    if let Some(prev) = stmt.prev_named_sibling() {
        if prev.kind() != "comment" && prev.end_position().row + 1 == stmt.start_position().row {
            out.push(Splice::insert(prev.end_byte(), "\n"));
        }
    }
    if let Some(next) = stmt.next_named_sibling() {
        if next.start_position().row == stmt.end_position().row + 1 {
            out.push(Splice::insert(stmt.end_byte(), "\n"));
        }
    }
    out
}

/// Maps a byte of the old text (outside the splices) to the new text.
fn shift(p: usize, splices: &[Splice]) -> usize {
    let mut delta: isize = 0;
    for s in splices {
        if s.start < p || (s.start == p && s.end > p) {
            delta += s.text.len() as isize - (s.end - s.start) as isize;
        }
    }
    (p as isize + delta) as usize
}

fn point_at(text: &str, pos: usize) -> Point {
    let before = &text.as_bytes()[..pos];
    let row = before.iter().filter(|&&b| b == b'\n').count();
    let column = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(pos, |i| pos - i - 1);
    Point { row, column }
}

fn advance(start: Point, inserted: &str) -> Point {
    match inserted.rfind('\n') {
        Some(i) => Point {
            row: start.row + inserted.matches('\n').count(),
            column: inserted.len() - i - 1,
        },
        None => Point {
            row: start.row,
            column: start.column + inserted.len(),
        },
    }
}

fn unparsable(err: Node<'_>, src: &str) -> EditError {
    let line = err.start_position().row + 1;
    let message = if err.is_missing() {
        format!("missing `{}`", err.kind())
    } else {
        let t: String = text(err, src).chars().take(40).collect();
        let t = t.lines().next().unwrap_or("").trim();
        if t.is_empty() {
            "syntax error".to_string()
        } else {
            format!("syntax error near `{t}`")
        }
    };
    EditError::Unparsable { line, message }
}

/// The outermost list or arguments node starting exactly at `at`.
fn container_at(root: Node<'_>, at: usize) -> Option<Node<'_>> {
    let mut node = root.descendant_for_byte_range(at, at + 1)?;
    let mut found = None;
    loop {
        if node.start_byte() != at {
            break;
        }
        if matches!(node.kind(), "list" | "arguments") {
            found = Some(node);
        }
        match node.parent() {
            Some(p) => node = p,
            None => break,
        }
    }
    found
}

/// A container `mix format` would break over several lines: a non-empty
/// list, or the arguments of a paren-less call ending in a keyword list
/// (`config :app, key: value`, `use Mod, opt: value`).
fn breakable(node: Node<'_>, src: &str) -> bool {
    match node.kind() {
        "list" => !syntax::list_elems(node).is_empty(),
        "arguments" => {
            let Some(call) = node.parent() else {
                return false;
            };
            if call.kind() != "call" || syntax::has_parens(call) || syntax::do_block(call).is_some()
            {
                return false;
            }
            let args = kids(node);
            args.len() >= 2
                && args.last().is_some_and(|k| k.kind() == "keywords")
                && syntax::call_name(call, src).is_some()
        }
        _ => false,
    }
}

/// The splices that break a one-line container: one element (or keyword
/// pair) per line, one level deeper than the line it starts on.
fn break_splices(node: Node<'_>, src: &str) -> Option<Vec<Splice>> {
    let indent = indent_at(src, node.start_byte()).to_string();
    let inner = deeper(&indent);
    let mut out = Vec::new();
    let separator = |a: Node<'_>, b: Node<'_>, out: &mut Vec<Splice>| -> Option<()> {
        let between = &src[a.end_byte()..b.start_byte()];
        if between.trim() != "," {
            return None;
        }
        out.push(Splice::replace(
            a.end_byte(),
            b.start_byte(),
            format!(",\n{inner}"),
        ));
        Some(())
    };
    match node.kind() {
        "list" => {
            let elems = syntax::list_elems(node);
            let first = *elems.first()?;
            let last = *elems.last()?;
            let open = node.start_byte() + 1;
            if !src[open..first.start_byte()].trim().is_empty() {
                return None;
            }
            out.push(Splice::replace(
                open,
                first.start_byte(),
                format!("\n{inner}"),
            ));
            for w in elems.windows(2) {
                separator(w[0], w[1], &mut out)?;
            }
            let close = node.end_byte() - 1;
            let tail = &src[last.end_byte()..close];
            let comma = if tail.trim() == "," { "," } else { "" };
            if !tail.trim().is_empty() && comma.is_empty() {
                return None;
            }
            out.push(Splice::replace(
                last.end_byte(),
                close,
                format!("{comma}\n{indent}"),
            ));
        }
        "arguments" => {
            let args = kids(node);
            let (kw, positional) = args.split_last()?;
            let pairs = syntax::pairs(*kw);
            separator(*positional.last()?, *pairs.first()?, &mut out)?;
            for w in pairs.windows(2) {
                separator(w[0], w[1], &mut out)?;
            }
        }
        _ => return None,
    }
    Some(out)
}
