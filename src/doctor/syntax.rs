//! Small read-only helpers over tree-sitter-elixir nodes for the checks:
//! calls, arguments, keyword pairs, atoms, strings, aliases and the
//! `alias` directives that shorten module names in a file.

use std::collections::HashMap;
use std::sync::OnceLock;
use tree_sitter::Node;

/// Node kind ids of the grammar, looked up once: comparing ids is much
/// cheaper than comparing kind names (each `kind()` converts a C string).
pub(crate) struct Kinds {
    pub alias: u16,
    pub anonymous_function: u16,
    pub arguments: u16,
    pub atom: u16,
    pub binary_operator: u16,
    pub boolean: u16,
    pub call: u16,
    pub comment: u16,
    pub do_block: u16,
    pub dot: u16,
    pub escape_sequence: u16,
    pub identifier: u16,
    pub keywords: u16,
    pub list: u16,
    pub pair: u16,
    pub quoted_content: u16,
    pub string: u16,
    pub tuple: u16,
    pub unary_operator: u16,
}

/// Field ids of the grammar (a lookup by name scans the field table).
pub(crate) struct Fields {
    pub target: u16,
    pub left: u16,
    pub right: u16,
    pub operator: u16,
    pub key: u16,
    pub value: u16,
}

fn language() -> tree_sitter::Language {
    tree_sitter_elixir::LANGUAGE.into()
}

/// The kind ids.
pub(crate) fn k() -> &'static Kinds {
    static KINDS: OnceLock<Kinds> = OnceLock::new();
    KINDS.get_or_init(|| {
        let lang = language();
        let id = |name: &str| lang.id_for_node_kind(name, true);
        Kinds {
            alias: id("alias"),
            anonymous_function: id("anonymous_function"),
            arguments: id("arguments"),
            atom: id("atom"),
            binary_operator: id("binary_operator"),
            boolean: id("boolean"),
            call: id("call"),
            comment: id("comment"),
            do_block: id("do_block"),
            dot: id("dot"),
            escape_sequence: id("escape_sequence"),
            identifier: id("identifier"),
            keywords: id("keywords"),
            list: id("list"),
            pair: id("pair"),
            quoted_content: id("quoted_content"),
            string: id("string"),
            tuple: id("tuple"),
            unary_operator: id("unary_operator"),
        }
    })
}

/// The field ids.
pub(crate) fn f() -> &'static Fields {
    static FIELDS: OnceLock<Fields> = OnceLock::new();
    FIELDS.get_or_init(|| {
        let lang = language();
        let id = |name: &str| lang.field_id_for_name(name).map_or(u16::MAX, |f| f.get());
        Fields {
            target: id("target"),
            left: id("left"),
            right: id("right"),
            operator: id("operator"),
            key: id("key"),
            value: id("value"),
        }
    })
}

/// A node, or a reference to one (so `is` works in iterator closures).
pub(crate) trait NodeRef {
    fn kind_id(&self) -> u16;
}

impl NodeRef for Node<'_> {
    fn kind_id(&self) -> u16 {
        Node::kind_id(self)
    }
}

impl<T: NodeRef> NodeRef for &T {
    fn kind_id(&self) -> u16 {
        (**self).kind_id()
    }
}

/// Whether `node` is of kind `kind` (an id from [`k`]).
pub(crate) fn is(node: impl NodeRef, kind: u16) -> bool {
    node.kind_id() == kind
}

/// The text of a node.
pub(crate) fn text<'s>(node: Node<'_>, src: &'s str) -> &'s str {
    &src[node.byte_range()]
}

/// 1-based line of a node.
pub(crate) fn line(node: Node<'_>) -> usize {
    node.start_position().row + 1
}

/// Named children that are not comments.
pub(crate) fn kids(node: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|n| !is(*n, k().comment))
        .collect()
}

/// The identifier naming a call (`def`, `use`, `create`), when the call's
/// target is a plain identifier.
pub(crate) fn call_name<'s>(node: Node<'_>, src: &'s str) -> Option<&'s str> {
    if !is(node, k().call) {
        return None;
    }
    let target = node.child_by_field_id(f().target)?;
    (is(target, k().identifier)).then(|| text(target, src))
}

/// `(module code, function)` of a remote call such as `Repo.get(...)` or
/// `Shop.Repo.get!(...)`; the module is an alias or `__MODULE__`.
pub(crate) fn remote_call<'s>(node: Node<'_>, src: &'s str) -> Option<(String, &'s str)> {
    if !is(node, k().call) {
        return None;
    }
    let target = node.child_by_field_id(f().target)?;
    if !is(target, k().dot) {
        return None;
    }
    let left = target.child_by_field_id(f().left)?;
    let right = target.child_by_field_id(f().right)?;
    if !is(right, k().identifier) {
        return None;
    }
    let module = if is(left, k().alias) {
        compact(text(left, src))
    } else if is(left, k().identifier) && text(left, src) == "__MODULE__" {
        "__MODULE__".to_string()
    } else {
        return None;
    };
    Some((module, text(right, src)))
}

/// The `arguments` node of a call.
fn arguments_node(node: Node<'_>) -> Option<Node<'_>> {
    let mut cursor = node.walk();
    let found = node.children(&mut cursor).find(|n| is(*n, k().arguments));
    found
}

/// The arguments of a call (a trailing keyword list is one `keywords` node).
pub(crate) fn call_args(node: Node<'_>) -> Vec<Node<'_>> {
    arguments_node(node).map(kids).unwrap_or_default()
}

/// The `do ... end` block of a call.
pub(crate) fn do_block(node: Node<'_>) -> Option<Node<'_>> {
    let mut cursor = node.walk();
    let found = node.children(&mut cursor).find(|n| is(*n, k().do_block));
    found
}

/// The expressions of a `do` block (comments and `else`/`rescue` blocks
/// skipped).
pub(crate) fn block_items(block: Node<'_>) -> Vec<Node<'_>> {
    kids(block)
        .into_iter()
        .filter(|n| !n.kind().ends_with("_block"))
        .collect()
}

/// The items of a section written as `name do ... end` among `items`.
pub(crate) fn section<'t>(items: &[Node<'t>], src: &str, name: &str) -> Vec<Node<'t>> {
    items
        .iter()
        .filter(|n| call_name(**n, src) == Some(name) && call_args(**n).is_empty())
        .filter_map(|n| do_block(*n))
        .flat_map(block_items)
        .collect()
}

/// The pairs of a `keywords` node as (key without colon, value node).
pub(crate) fn pairs<'t>(keywords: Node<'t>, src: &str) -> Vec<(String, Node<'t>)> {
    kids(keywords)
        .into_iter()
        .filter(|n| is(n, k().pair))
        .filter_map(|p| {
            let key = p.child_by_field_id(f().key)?;
            let value = p.child_by_field_id(f().value)?;
            Some((key_name(text(key, src)), value))
        })
        .collect()
}

/// `only: ` → `only`, `"ecto.setup": ` → `ecto.setup`.
pub(crate) fn key_name(key: &str) -> String {
    let k = key.trim_end();
    let k = k.strip_suffix(':').unwrap_or(k);
    k.trim_matches('"').to_string()
}

/// The keyword options of a call: (key, value node) from a trailing
/// `keywords` argument.
pub(crate) fn call_options<'t>(call: Node<'t>, src: &str) -> Vec<(String, Node<'t>)> {
    call_args(call)
        .last()
        .filter(|kw| is(kw, k().keywords))
        .map(|k| pairs(*k, src))
        .unwrap_or_default()
}

/// The name of an atom node without the colon (`:posts` → `posts`).
pub(crate) fn atom_name(node: Node<'_>, src: &str) -> Option<String> {
    if !is(node, k().atom) {
        return None;
    }
    let t = text(node, src).strip_prefix(':')?;
    (!t.is_empty() && !t.starts_with('"')).then(|| t.to_string())
}

/// The content of a string literal without interpolation.
pub(crate) fn string_literal(node: Node<'_>, src: &str) -> Option<String> {
    if !is(node, k().string) {
        return None;
    }
    let mut out = String::new();
    for k in kids(node) {
        if is(k, self::k().quoted_content) || is(k, self::k().escape_sequence) {
            out.push_str(text(k, src));
        } else {
            return None;
        }
    }
    Some(out)
}

/// An atom or a plain string as a name (`:posts`, `"posts"`).
pub(crate) fn name_value(node: Node<'_>, src: &str) -> Option<String> {
    atom_name(node, src).or_else(|| string_literal(node, src))
}

/// The names in a list of atoms/strings, or a single atom/string.
pub(crate) fn name_list(node: Node<'_>, src: &str) -> Vec<String> {
    if is(node, k().list) {
        kids(node)
            .into_iter()
            .filter_map(|e| name_value(e, src))
            .collect()
    } else {
        name_value(node, src).into_iter().collect()
    }
}

/// `true`/`false` literal.
pub(crate) fn bool_value(node: Node<'_>, src: &str) -> Option<bool> {
    if !is(node, k().boolean) {
        return None;
    }
    match text(node, src) {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// An alias with whitespace removed (`Shop.Accounts.User`).
pub(crate) fn compact(alias: &str) -> String {
    alias.split_whitespace().collect()
}

/// Visits `node` and every named descendant, depth first (a tree cursor:
/// no allocation per node).
pub(crate) fn walk<'t>(node: Node<'t>, f: &mut dyn FnMut(Node<'t>)) {
    let mut cursor = node.walk();
    loop {
        let n = cursor.node();
        if n.is_named() {
            f(n);
        }
        if cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.node() == node {
                return;
            }
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
        }
    }
}

/// A module definition in a file: its full name, its body and line.
#[derive(Clone, Copy)]
pub(crate) struct ModuleDef<'t> {
    pub call: Node<'t>,
    pub body: Node<'t>,
}

/// Every `defmodule` in the file with its full name (nested modules are
/// prefixed with their parent's name, as Elixir does).
pub(crate) fn modules<'t>(root: Node<'t>, src: &str) -> Vec<(String, ModuleDef<'t>)> {
    let mut out = Vec::new();
    collect_modules(root, src, None, &mut out);
    out
}

fn collect_modules<'t>(
    node: Node<'t>,
    src: &str,
    parent: Option<&str>,
    out: &mut Vec<(String, ModuleDef<'t>)>,
) {
    for child in kids(node) {
        if call_name(child, src) == Some("defmodule") {
            let name = call_args(child)
                .first()
                .filter(|a| is(a, k().alias))
                .map(|a| compact(text(*a, src)));
            if let (Some(name), Some(body)) = (name, do_block(child)) {
                let full = match parent {
                    Some(p) => format!("{p}.{name}"),
                    None => name,
                };
                out.push((full.clone(), ModuleDef { call: child, body }));
                collect_modules(body, src, Some(&full), out);
                continue;
            }
        }
        // Modules sit at the top level, in a module body, or in a
        // top-level `if` (optional dependencies); function bodies are not
        // searched (a `defmodule` inside `quote` is not this file's).
        if parent.is_none() && is(child, k().call) && call_name(child, src) == Some("if") {
            if let Some(block) = do_block(child) {
                collect_modules(block, src, parent, out);
            }
        }
    }
}

/// The modules named by `use` calls among `items`, as written.
pub(crate) fn uses<'t>(items: &[Node<'t>], src: &str) -> Vec<(String, Node<'t>)> {
    items
        .iter()
        .filter(|n| call_name(**n, src) == Some("use"))
        .filter_map(|n| {
            let first = *call_args(*n).first()?;
            (is(first, k().alias)).then(|| (compact(text(first, src)), *n))
        })
        .collect()
}

/// The `alias` directives of a file: short name → full module name.
#[derive(Debug, Default, Clone)]
pub(crate) struct Aliases {
    map: HashMap<String, String>,
}

impl Aliases {
    /// Reads the `alias` directives of the module bodies and of the
    /// functions in them (scopes are not tracked: the last directive for a
    /// short name wins) and the auto-alias of nested modules.
    pub(crate) fn of(src: &str, modules: &[(String, ModuleDef<'_>)]) -> Aliases {
        let mut map = HashMap::new();
        for (name, def) in modules {
            let written = call_args(def.call)
                .first()
                .map(|a| compact(text(*a, src)))
                .unwrap_or_default();
            if name != &written && !written.contains('.') {
                map.insert(written, name.clone());
            }
        }
        let mut directives = Vec::new();
        for (_, def) in modules {
            for item in block_items(def.body) {
                match call_name(item, src) {
                    Some("alias") => directives.push(item),
                    Some("def" | "defp") => {
                        if let Some(body) = do_block(item) {
                            directives.extend(
                                block_items(body)
                                    .into_iter()
                                    .filter(|n| call_name(*n, src) == Some("alias")),
                            );
                        }
                    }
                    _ => {}
                }
            }
        }
        for n in directives {
            let args = call_args(n);
            let Some(first) = args.first() else { continue };
            let as_name = call_options(n, src)
                .into_iter()
                .find(|(k, _)| k == "as")
                .filter(|(_, v)| is(v, k().alias))
                .map(|(_, v)| compact(text(v, src)));
            match first.kind() {
                "alias" => {
                    let full = compact(text(*first, src));
                    let short = as_name
                        .unwrap_or_else(|| full.rsplit('.').next().unwrap_or(&full).to_string());
                    map.insert(short, full);
                }
                // alias Shop.Accounts.{User, Token}
                "dot" => {
                    let (Some(left), Some(right)) = (
                        first.child_by_field_id(f().left),
                        first.child_by_field_id(f().right),
                    ) else {
                        continue;
                    };
                    if !is(left, k().alias) || !is(right, k().tuple) {
                        continue;
                    }
                    let base = compact(text(left, src));
                    for part_node in kids(right) {
                        if is(part_node, k().alias) {
                            let part = compact(text(part_node, src));
                            let short = part.rsplit('.').next().unwrap_or(&part).to_string();
                            map.insert(short, format!("{base}.{part}"));
                        }
                    }
                }
                _ => {}
            }
        }
        Aliases { map }
    }

    /// The full module name for `written` inside module `current`
    /// (`__MODULE__` and aliased first segments are expanded).
    pub(crate) fn resolve(&self, written: &str, current: Option<&str>) -> String {
        if written == "__MODULE__" {
            return current.unwrap_or(written).to_string();
        }
        if let Some(rest) = written.strip_prefix("__MODULE__.") {
            if let Some(c) = current {
                return format!("{c}.{rest}");
            }
        }
        let (first, rest) = match written.split_once('.') {
            Some((f, r)) => (f, Some(r)),
            None => (written, None),
        };
        match (self.map.get(first), rest) {
            (Some(full), Some(rest)) => format!("{full}.{rest}"),
            (Some(full), None) => full.clone(),
            (None, _) => written.to_string(),
        }
    }
}

/// The innermost module (by byte range) that contains `node`.
pub(crate) fn enclosing_module<'a>(
    modules: &'a [(String, ModuleDef<'_>)],
    node: Node<'_>,
) -> Option<&'a str> {
    modules
        .iter()
        .filter(|(_, d)| {
            d.call.start_byte() <= node.start_byte() && node.end_byte() <= d.call.end_byte()
        })
        .min_by_key(|(_, d)| d.call.end_byte() - d.call.start_byte())
        .map(|(n, _)| n.as_str())
}
