//! Existing Ash resources: finding them in the project (or among the files
//! planned by the same command) and reading what the pages need beyond
//! [`crate::elixir::Document::resource_info`]: which attributes the create
//! and update actions accept and whether they relate the actor.

use std::collections::BTreeMap;
use std::path::Path;

use tree_sitter::{Node, Parser};

use crate::changes::ChangeSet;
use crate::elixir::{Document, ResourceInfo};
use crate::error::Result;
use crate::project::Project;

/// A resource found in the project.
#[derive(Debug, Clone)]
pub struct Found {
    /// The file's text (as the change set sees it).
    pub source: String,
    /// Its structure.
    pub info: ResourceInfo,
}

/// Every Ash resource under the app's `lib/`, on disk or planned in `set`,
/// by module name.
pub fn resources(project: &Project, set: &ChangeSet) -> Result<BTreeMap<String, Found>> {
    let mut paths = Vec::new();
    let lib = project.app_path("lib");
    collect(&project.root, &lib, &mut paths);
    for f in set.files() {
        if f.path.starts_with(&format!("{lib}/"))
            && f.path.ends_with(".ex")
            && !paths.contains(&f.path)
        {
            paths.push(f.path.clone());
        }
    }
    paths.sort();
    let mut out = BTreeMap::new();
    for path in paths {
        let Some(source) = set.read(&path)? else {
            continue;
        };
        if !source.contains("Ash.Resource") {
            continue;
        }
        let Ok(doc) = Document::parse(source.clone()) else {
            continue;
        };
        let Some(info) = doc.resource_info() else {
            continue;
        };
        let Some(module) = info.module.clone() else {
            continue;
        };
        out.entry(module).or_insert(Found { source, info });
    }
    Ok(out)
}

fn collect(root: &Path, rel: &str, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(root.join(rel)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let child = format!("{rel}/{name}");
        match entry.file_type() {
            Ok(t) if t.is_dir() => collect(root, &child, out),
            Ok(t) if t.is_file() && name.ends_with(".ex") => out.push(child),
            _ => {}
        }
    }
}

/// What a create or update action accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Accept {
    /// `:*`: every public, writable attribute.
    All,
    /// An explicit list.
    Names(Vec<String>),
}

/// A create or update action as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteAction {
    /// `create` or `update`.
    pub kind: String,
    /// The action name.
    pub name: String,
    /// What it accepts.
    pub accept: Accept,
    /// `change relate_actor(:rel)`: the relationship set from the actor.
    pub relate_actor: Option<String>,
    /// `primary? true`.
    pub primary: bool,
}

/// The create and update actions of the resource in `source`.
pub fn write_actions(source: &str) -> Vec<WriteAction> {
    let mut parser = Parser::new();
    if parser
        .set_language(&tree_sitter_elixir::LANGUAGE.into())
        .is_err()
    {
        return Vec::new();
    }
    let Some(tree) = parser.parse(source, None) else {
        return Vec::new();
    };
    let mut sections = Vec::new();
    find_sections(tree.root_node(), source, &mut sections);
    let Some(actions) = sections.first().copied() else {
        return Vec::new();
    };
    let items = block_items(actions);
    let mut default_accept = Accept::Names(Vec::new());
    for item in &items {
        if call_name(*item, source) == Some("default_accept") {
            if let Some(arg) = call_args(*item).first() {
                default_accept = accept_of(*arg, source);
            }
        }
    }
    let mut out = Vec::new();
    for item in &items {
        let Some(name) = call_name(*item, source) else {
            continue;
        };
        let args = call_args(*item);
        match name {
            "defaults" => {
                let Some(list) = args.first().filter(|l| l.kind() == "list") else {
                    continue;
                };
                let elems: Vec<Node<'_>> = named(*list)
                    .into_iter()
                    .flat_map(|e| {
                        if e.kind() == "keywords" {
                            named(e)
                        } else {
                            vec![e]
                        }
                    })
                    .collect();
                for e in elems {
                    let (kind, accept) = if e.kind() == "pair" {
                        let key = e
                            .child_by_field_name("key")
                            .map(|k| text(k, source).trim().trim_end_matches(':').to_string())
                            .unwrap_or_default();
                        let accept = e
                            .child_by_field_name("value")
                            .map(|v| accept_of(v, source))
                            .unwrap_or(Accept::Names(Vec::new()));
                        (key, accept)
                    } else {
                        (
                            text(e, source).trim_start_matches(':').to_string(),
                            default_accept.clone(),
                        )
                    };
                    if kind == "create" || kind == "update" {
                        out.push(WriteAction {
                            name: kind.clone(),
                            kind,
                            accept,
                            relate_actor: None,
                            primary: true,
                        });
                    }
                }
            }
            "create" | "update" => {
                let Some(action) = args
                    .first()
                    .map(|a| text(*a, source).trim_start_matches(':').to_string())
                else {
                    continue;
                };
                let mut accept = None;
                let mut relate = None;
                let mut primary = false;
                for arg in &args[1..] {
                    if arg.kind() == "keywords" {
                        for pair in named(*arg) {
                            let key = pair
                                .child_by_field_name("key")
                                .map(|k| text(k, source).trim().trim_end_matches(':').to_string())
                                .unwrap_or_default();
                            let value = pair.child_by_field_name("value");
                            match (key.as_str(), value) {
                                ("accept", Some(v)) => accept = Some(accept_of(v, source)),
                                ("primary?", Some(v)) => primary = text(v, source) == "true",
                                _ => {}
                            }
                        }
                    }
                }
                if let Some(block) = do_block(*item) {
                    for inner in block_items(block) {
                        let inner_args = call_args(inner);
                        match call_name(inner, source) {
                            Some("accept") => {
                                if let Some(a) = inner_args.first() {
                                    accept = Some(accept_of(*a, source));
                                }
                            }
                            Some("primary?") => {
                                primary = inner_args
                                    .first()
                                    .is_some_and(|a| text(*a, source) == "true");
                            }
                            Some("change") => {
                                if let Some(c) = inner_args.first() {
                                    if call_name(*c, source) == Some("relate_actor") {
                                        relate = call_args(*c).first().map(|a| {
                                            text(*a, source).trim_start_matches(':').to_string()
                                        });
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                }
                out.push(WriteAction {
                    kind: name.to_string(),
                    name: action,
                    accept: accept.unwrap_or_else(|| default_accept.clone()),
                    relate_actor: relate,
                    primary,
                });
            }
            _ => {}
        }
    }
    out
}

/// `actions do ... end` blocks of the first module, outermost first.
fn find_sections<'t>(node: Node<'t>, src: &str, out: &mut Vec<Node<'t>>) {
    if node.kind() == "call"
        && call_name(node, src) == Some("actions")
        && call_args(node).is_empty()
    {
        if let Some(block) = do_block(node) {
            out.push(block);
            return;
        }
    }
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        find_sections(child, src, out);
    }
}

fn accept_of(node: Node<'_>, src: &str) -> Accept {
    let t = text(node, src).trim();
    if t == ":*" {
        return Accept::All;
    }
    if node.kind() == "list" {
        return Accept::Names(
            named(node)
                .into_iter()
                .map(|e| text(e, src).trim().trim_start_matches(':').to_string())
                .filter(|s| !s.is_empty())
                .collect(),
        );
    }
    if let Some(a) = t.strip_prefix(':') {
        return Accept::Names(vec![a.to_string()]);
    }
    Accept::Names(Vec::new())
}

fn text<'s>(node: Node<'_>, src: &'s str) -> &'s str {
    &src[node.byte_range()]
}

fn named(node: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|n| n.kind() != "comment")
        .collect()
}

fn call_name<'s>(node: Node<'_>, src: &'s str) -> Option<&'s str> {
    if node.kind() != "call" {
        return None;
    }
    let target = node.child_by_field_name("target")?;
    (target.kind() == "identifier").then(|| text(target, src))
}

fn call_args(node: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = node.walk();
    let args = node
        .named_children(&mut cursor)
        .find(|c| c.kind() == "arguments");
    args.map(named).unwrap_or_default()
}

fn do_block(node: Node<'_>) -> Option<Node<'_>> {
    let mut cursor = node.walk();
    let block = node
        .named_children(&mut cursor)
        .find(|c| c.kind() == "do_block");
    block
}

fn block_items(block: Node<'_>) -> Vec<Node<'_>> {
    named(block)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_accepts_and_relate_actor() {
        let src = r#"defmodule Shop.Blog.Post do
  use Ash.Resource, domain: Shop.Blog

  actions do
    defaults [:read, :destroy, update: [:title, :body]]

    create :create do
      primary? true
      accept [:title, :body]
      change relate_actor(:author)
    end

    update :publish, accept: :*
  end
end
"#;
        let actions = write_actions(src);
        assert_eq!(actions.len(), 3);
        assert_eq!(actions[0].name, "update");
        assert_eq!(
            actions[0].accept,
            Accept::Names(vec!["title".into(), "body".into()])
        );
        assert_eq!(actions[1].name, "create");
        assert_eq!(actions[1].relate_actor.as_deref(), Some("author"));
        assert!(actions[1].primary);
        assert_eq!(actions[2].accept, Accept::All);
    }

    #[test]
    fn defaults_with_star_and_default_accept() {
        let src = "defmodule A do\n  actions do\n    default_accept [:name]\n    defaults [:read, :create, update: :*]\n  end\nend\n";
        let multi = "defmodule A do\n  actions do\n    defaults [\n      :read,\n      create: [:a, :b],\n      update: [:a]\n    ]\n  end\nend\n";
        let m = write_actions(multi);
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].accept, Accept::Names(vec!["a".into(), "b".into()]));
        let actions = write_actions(src);
        assert_eq!(actions[0].accept, Accept::Names(vec!["name".into()]));
        assert_eq!(actions[1].accept, Accept::All);
    }
}
