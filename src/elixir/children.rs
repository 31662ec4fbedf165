//! Supervised children: `children = [...]` in `start/2` of an Application
//! or `init/1` of a Supervisor.

use tree_sitter::Node;

use super::document::{Document, Plan};
use super::seq;
use super::syntax::{
    self, alias_name, block_items, call_args, def_signature, do_block, kids, text, Fragment,
};
use super::text::dedent;
use super::{EditError, Outcome};

/// The module a child spec starts: `Mod`, `{Mod, opts}`,
/// `Mod.child_spec(...)` or `Supervisor.child_spec({Mod, opts}, ...)`.
fn child_module(node: Node<'_>, src: &str) -> Option<String> {
    match node.kind() {
        "alias" => alias_name(node, src),
        "tuple" => kids(node).first().and_then(|f| alias_name(*f, src)),
        "call" => {
            let target = syntax::field(node, "target")?;
            if target.kind() != "dot" {
                return None;
            }
            let left = alias_name(syntax::field(target, "left")?, src)?;
            let right = text(syntax::field(target, "right")?, src);
            if left == "Supervisor" && right == "child_spec" {
                call_args(node).first().and_then(|a| child_module(*a, src))
            } else {
                Some(left)
            }
        }
        _ => None,
    }
}

/// The `name:` option of a tuple child (`{Registry, keys: :unique, name:
/// Shop.Registry}`) as a fingerprint: two children of one module under
/// different names (two registries) are different children.
fn child_name(node: Node<'_>, src: &str) -> Option<String> {
    if node.kind() != "tuple" {
        return None;
    }
    let opts = *kids(node).get(1)?;
    let keywords = match opts.kind() {
        "keywords" => opts,
        "list" => kids(opts).into_iter().find(|k| k.kind() == "keywords")?,
        _ => return None,
    };
    let pair = syntax::find_pair(keywords, src, "name")?;
    syntax::pair_value(pair).map(|v| syntax::canon(v, src))
}

/// True for `ShopWeb.Endpoint` (bare or in a tuple).
fn is_endpoint(node: Node<'_>, src: &str) -> bool {
    child_module(node, src).is_some_and(|m| m == "Endpoint" || m.ends_with(".Endpoint"))
}

fn assigned_name<'s>(node: Node<'_>, src: &'s str) -> Option<&'s str> {
    if node.kind() != "binary_operator" {
        return None;
    }
    let op = syntax::field(node, "operator")?;
    let left = syntax::field(node, "left")?;
    (text(op, src) == "=" && left.kind() == "identifier").then(|| text(left, src))
}

/// The `children = [...]` list, or why we cannot edit it.
fn children_list<'t>(doc: &'t Document, snippet: &str) -> Result<Node<'t>, EditError> {
    let src = doc.text();
    let mut modules = Vec::new();
    syntax::modules(doc.root(), src, &mut modules);
    let mut functions = Vec::new();
    for m in &modules {
        let Some(body) = do_block(*m) else { continue };
        for item in block_items(body) {
            if syntax::call_name(item, src) != Some("def") {
                continue;
            }
            if let Some(sig) = def_signature(item, src) {
                if sig == ("start".to_string(), 2) || sig == ("init".to_string(), 1) {
                    functions.push(item);
                }
            }
        }
    }
    let mut assignments = Vec::new();
    for f in &functions {
        let Some(block) = do_block(*f) else { continue };
        for item in block_items(block) {
            if assigned_name(item, src) == Some("children") {
                assignments.push(item);
            }
        }
    }
    let line = |n: Node<'_>| n.start_position().row + 1;
    match assignments.as_slice() {
        [] => Err(EditError::manual(
            functions.first().map_or(1, |f| line(*f)),
            "no `children = [...]` list found in start/2 or init/1",
            snippet,
        )),
        [one] => {
            let right = syntax::field(*one, "right").expect("binary operator has a right side");
            if right.kind() == "list" {
                Ok(right)
            } else {
                Err(EditError::manual(
                    line(*one),
                    "the children list is built by an expression, not a literal list",
                    snippet,
                ))
            }
        }
        [_, second, ..] => Err(EditError::manual(
            line(*second),
            "the children list is assigned more than once (conditional children)",
            snippet,
        )),
    }
}

impl Document {
    /// Adds `child` (code: `Shop.Cache.Warmer` or `{Registry, keys:
    /// :unique, name: Shop.Registry}`) to `children = [...]` in `start/2`
    /// or `init/1`. `module` is the module that identifies the child
    /// (derived from `child` when `None`); the child counts as present when
    /// that module appears bare, first in a tuple, or as
    /// `Mod.child_spec(...)`, unless both name it differently (`name:`
    /// option of a tuple). The new child goes before the endpoint (which
    /// must stay last, and keeps the comments above it), else at the end.
    /// Conditional children or a list built by an expression yield
    /// [`EditError::Manual`].
    pub fn add_child(&mut self, child: &str, module: Option<&str>) -> Result<Outcome, EditError> {
        self.edit(|doc| {
            Ok({
                let src = doc.text();
                let child = dedent(child);
                let fragment = Fragment::parse(&child);
                let single = |f: &Fragment| {
                    let items = f.items();
                    (items.len() == 1)
                        .then(|| (child_module(items[0], &f.src), child_name(items[0], &f.src)))
                };
                let (derived, name) = fragment.as_ref().and_then(single).unwrap_or((None, None));
                let module = match module {
                    Some(m) => m.split_whitespace().collect::<String>(),
                    None => derived.ok_or_else(|| {
                        EditError::manual(
                            1,
                            "cannot tell which module this child starts",
                            child.clone(),
                        )
                    })?,
                };
                let list = children_list(doc, &child)?;
                let elems = syntax::list_elems(list);
                let same = |e: &Node<'_>| {
                    child_module(*e, src).as_deref() == Some(module.as_str())
                        && match (&name, child_name(*e, src)) {
                            (Some(new), Some(old)) => *new == old,
                            _ => true,
                        }
                };
                if elems.iter().any(same) {
                    Plan::Unchanged(format!("{module} already supervised"))
                } else {
                    match elems.iter().position(|e| is_endpoint(*e, src)) {
                        Some(i) => seq::list_insert_before(doc, list, i, &[child]),
                        None => seq::list_append(doc, list, &[child]),
                    }
                }
            })
        })
    }
}
