//! `mix.exs` dependencies: read them, add one.

use serde::{Deserialize, Serialize};
use tree_sitter::Node;

use super::document::{Document, Plan};
use super::seq;
use super::syntax::{self, block_items, call_args, do_block, is_call, kids, text};
use super::{EditError, Outcome};

/// A dependency to add to `mix.exs`, rendered as
/// `{:name, "requirement", options}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dep {
    /// The package (application) name, without colon: `ash`.
    pub name: String,
    /// The version requirement: `~> 3.0`. `None` for `git:`/`path:` deps.
    #[serde(default)]
    pub requirement: Option<String>,
    /// Options as Elixir keyword code: `only: :test, runtime: false`.
    #[serde(default)]
    pub options: Option<String>,
}

impl Dep {
    /// A dependency with a version requirement and no options.
    pub fn new(name: impl Into<String>, requirement: impl Into<String>) -> Dep {
        Dep {
            name: name.into(),
            requirement: Some(requirement.into()),
            options: None,
        }
    }

    /// The same dependency with options (keyword code such as
    /// `only: :test`).
    pub fn with_options(mut self, options: impl Into<String>) -> Dep {
        self.options = Some(options.into());
        self
    }

    /// The tuple as Elixir code: `{:ash, "~> 3.0"}`.
    pub fn code(&self) -> String {
        let mut parts = vec![format!(":{}", self.name)];
        if let Some(req) = &self.requirement {
            parts.push(quote(req));
        }
        if let Some(opts) = &self.options {
            let opts = opts.trim();
            if !opts.is_empty() {
                parts.push(opts.to_string());
            }
        }
        format!("{{{}}}", parts.join(", "))
    }
}

/// An Elixir string literal for `s`.
pub(crate) fn quote(s: &str) -> String {
    let escaped = s
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace("#{", "\\#{")
        .replace('\n', "\\n");
    format!("\"{escaped}\"")
}

/// A dependency found in `mix.exs`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepEntry {
    /// The package name: `phoenix`.
    pub name: String,
    /// The version requirement when given as a string literal.
    pub requirement: Option<String>,
    /// The options as (key, value code): `("only", ":test")`.
    pub options: Vec<(String, String)>,
    /// 1-based line of the tuple.
    pub line: usize,
}

impl DepEntry {
    /// How the dependency is pinned, for notes: `("~> 3.0")`,
    /// `(git: "https://...")` or `(no requirement)`.
    pub fn describe(&self) -> String {
        if let Some(req) = &self.requirement {
            return format!("({})", quote(req));
        }
        for key in ["git", "github", "path", "in_umbrella"] {
            if let Some((k, v)) = self.options.iter().find(|(k, _)| k == key) {
                return format!("({k}: {v})");
            }
        }
        "(no requirement)".to_string()
    }
}

fn entry(node: Node<'_>, src: &str) -> Option<DepEntry> {
    if node.kind() != "tuple" {
        return None;
    }
    let items = kids(node);
    let name = syntax::atom_name(*items.first()?, src)?;
    let mut requirement = None;
    let mut options = Vec::new();
    for item in &items[1..] {
        if let Some(s) = syntax::string_literal(*item, src) {
            requirement.get_or_insert(s);
        } else if item.kind() == "keywords" {
            for p in syntax::pairs(*item) {
                let value = syntax::pair_value(p)
                    .map(|v| text(v, src).to_string())
                    .unwrap_or_default();
                options.push((syntax::pair_key(p, src), value));
            }
        }
    }
    Some(DepEntry {
        name,
        requirement,
        options,
        line: node.start_position().row + 1,
    })
}

/// The node holding the deps list, or why there is none we can edit.
fn find_deps_list<'t>(doc: &'t Document, snippet: &str) -> Result<Node<'t>, EditError> {
    let src = doc.text();
    let mut modules = Vec::new();
    syntax::modules(doc.root(), src, &mut modules);
    let module = modules
        .iter()
        .copied()
        .find(|m| {
            do_block(*m)
                .is_some_and(|b| syntax::uses(b, src).iter().any(|(_, u)| u == "Mix.Project"))
        })
        .or_else(|| modules.first().copied());
    let Some(module) = module else {
        return Err(EditError::manual(
            1,
            "no `defmodule ... use Mix.Project` found",
            snippet,
        ));
    };
    let Some(body) = do_block(module) else {
        return Err(EditError::manual(
            line(module),
            "the project module has no body",
            snippet,
        ));
    };
    let items = block_items(body);
    // `defp deps do [...] end` or `defp deps, do: [...]`
    for item in &items {
        if !(is_call(*item, src, "defp") || is_call(*item, src, "def")) {
            continue;
        }
        let args = call_args(*item);
        let Some(head) = args.first() else { continue };
        if head.kind() != "identifier" || text(*head, src) != "deps" {
            continue;
        }
        let value = if let Some(block) = do_block(*item) {
            block_items(block).last().copied()
        } else {
            args.iter()
                .find(|a| a.kind() == "keywords")
                .and_then(|k| syntax::find_pair(*k, src, "do"))
                .and_then(syntax::pair_value)
        };
        return match value {
            Some(v) if v.kind() == "list" => Ok(v),
            Some(v) => Err(EditError::manual(
                line(v),
                format!(
                    "the deps list is built by an expression (`{}`), not a literal list",
                    first_line(text(v, src))
                ),
                snippet,
            )),
            None => Err(EditError::manual(
                line(*item),
                "`deps/0` does not return a list",
                snippet,
            )),
        };
    }
    // `deps: [...]` inside `def project`
    for item in &items {
        if !is_call(*item, src, "def") {
            continue;
        }
        let args = call_args(*item);
        if args.first().is_none_or(|h| text(*h, src) != "project") {
            continue;
        }
        let Some(block) = do_block(*item) else {
            continue;
        };
        let Some(list) = block_items(block)
            .last()
            .copied()
            .filter(|l| l.kind() == "list")
        else {
            continue;
        };
        for k in kids(list) {
            if k.kind() != "keywords" {
                continue;
            }
            if let Some(v) = syntax::find_pair(k, src, "deps").and_then(syntax::pair_value) {
                return if v.kind() == "list" {
                    Ok(v)
                } else {
                    Err(EditError::manual(
                        line(v),
                        format!(
                            "`deps:` is `{}` and no `deps/0` function was found",
                            first_line(text(v, src))
                        ),
                        snippet,
                    ))
                };
            }
        }
    }
    Err(EditError::manual(
        line(module),
        "no deps list found (`defp deps do [...] end`)",
        snippet,
    ))
}

fn line(node: Node<'_>) -> usize {
    node.start_position().row + 1
}

fn first_line(s: &str) -> String {
    let l = s.lines().next().unwrap_or("");
    if l.len() < s.len() {
        format!("{l} ...")
    } else {
        l.to_string()
    }
}

impl Document {
    /// The dependencies listed in `mix.exs` (tuples with an atom name; other
    /// elements are skipped). Empty when no deps list is found.
    pub fn deps(&self) -> Vec<DepEntry> {
        let src = self.text();
        match find_deps_list(self, "") {
            Ok(list) => syntax::list_elems(list)
                .into_iter()
                .filter_map(|n| entry(n, src))
                .collect(),
            Err(_) => Vec::new(),
        }
    }

    /// Adds a dependency to the deps list of `mix.exs` (`defp deps do
    /// [...] end`, `defp deps, do: [...]` or `deps: [...]` in
    /// `project/0`). Unchanged when a dependency with that name is
    /// present, whatever its requirement; the note names it. A deps list
    /// built by an expression yields [`EditError::Manual`].
    pub fn add_dep(&mut self, dep: &Dep) -> Result<Outcome, EditError> {
        self.edit(|doc| {
            Ok({
                let src = doc.text();
                let code = dep.code();
                let list = find_deps_list(doc, &code)?;
                let atom = format!(":{}", dep.name);
                let existing = syntax::list_elems(list).into_iter().find(|n| {
                    n.kind() == "tuple"
                        && syntax::first_kid(*n).is_some_and(|first| {
                            let t = text(first, src);
                            t == atom
                                || (first.kind() == "quoted_atom"
                                    && syntax::atom_name(first, src).as_deref()
                                        == Some(dep.name.as_str()))
                        })
                });
                if let Some(found) = existing.and_then(|n| entry(n, src)) {
                    Plan::Unchanged(format!("{} already present {}", dep.name, found.describe()))
                } else {
                    seq::list_append(doc, list, &[code])
                }
            })
        })
    }
}
