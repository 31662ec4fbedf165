//! Helpers over tree-sitter-elixir nodes: calls, arguments, keyword pairs,
//! atoms, aliases, and a structural fingerprint used for presence checks.

use tree_sitter::{Node, Parser, Tree};

thread_local! {
    static PARSER: std::cell::RefCell<Parser> = std::cell::RefCell::new(new_parser());
}

fn new_parser() -> Parser {
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_elixir::LANGUAGE.into())
        .expect("tree-sitter-elixir matches the tree-sitter version");
    parser
}

/// Field ids of the grammar, looked up once (a lookup by name scans the
/// field table on every call).
struct Fields {
    target: u16,
    key: u16,
    value: u16,
    left: u16,
    right: u16,
    operator: u16,
}

fn fields() -> &'static Fields {
    static FIELDS: std::sync::OnceLock<Fields> = std::sync::OnceLock::new();
    FIELDS.get_or_init(|| {
        let lang: tree_sitter::Language = tree_sitter_elixir::LANGUAGE.into();
        let id = |name: &str| lang.field_id_for_name(name).map_or(u16::MAX, |f| f.get());
        Fields {
            target: id("target"),
            key: id("key"),
            value: id("value"),
            left: id("left"),
            right: id("right"),
            operator: id("operator"),
        }
    })
}

/// The child in field `name` (`target`, `key`, `value`, `left`, `right`,
/// `operator`).
pub(crate) fn field<'t>(node: Node<'t>, name: &str) -> Option<Node<'t>> {
    let f = fields();
    let id = match name {
        "target" => f.target,
        "key" => f.key,
        "value" => f.value,
        "left" => f.left,
        "right" => f.right,
        "operator" => f.operator,
        _ => return node.child_by_field_name(name),
    };
    node.child_by_field_id(id)
}

/// Parses `text`, reusing `old` (already edited) when given.
pub(crate) fn parse(text: &str, old: Option<&Tree>) -> Tree {
    PARSER.with(|p| {
        let mut p = p.borrow_mut();
        match p.parse(text, old) {
            Some(tree) => tree,
            None => {
                // Only happens after a timeout/cancellation, which we never
                // set; start over with a fresh parser to be safe.
                *p = new_parser();
                p.parse(text, None)
                    .expect("parsing without limits always yields a tree")
            }
        }
    })
}

/// The first ERROR or MISSING node, depth first.
pub(crate) fn first_error(node: Node<'_>) -> Option<Node<'_>> {
    if node.is_error() || node.is_missing() {
        return Some(node);
    }
    if !node.has_error() {
        return None;
    }
    let mut cursor = node.walk();
    let children: Vec<Node<'_>> = node.children(&mut cursor).collect();
    children.into_iter().find_map(first_error)
}

/// The text of a node.
pub(crate) fn text<'s>(node: Node<'_>, src: &'s str) -> &'s str {
    &src[node.byte_range()]
}

/// Named children that are not comments.
pub(crate) fn kids(node: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|n| n.kind() != "comment")
        .collect()
}

/// The first named child that is not a comment.
pub(crate) fn first_kid(node: Node<'_>) -> Option<Node<'_>> {
    let mut cursor = node.walk();
    let found = node
        .named_children(&mut cursor)
        .find(|n| n.kind() != "comment");
    found
}

/// All children, named or not.
pub(crate) fn all_children(node: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = node.walk();
    node.children(&mut cursor).collect()
}

/// The identifier naming a call (`config`, `defp`, `scope`), if the call's
/// target is a plain identifier.
pub(crate) fn call_name<'s>(node: Node<'_>, src: &'s str) -> Option<&'s str> {
    if node.kind() != "call" {
        return None;
    }
    let target = field(node, "target")?;
    (target.kind() == "identifier").then(|| text(target, src))
}

/// True when `node` is a call named `name`.
pub(crate) fn is_call(node: Node<'_>, src: &str, name: &str) -> bool {
    call_name(node, src) == Some(name)
}

/// The `arguments` node of a call.
pub(crate) fn arguments_node(node: Node<'_>) -> Option<Node<'_>> {
    let mut cursor = node.walk();
    let found = node.children(&mut cursor).find(|n| n.kind() == "arguments");
    found
}

/// The arguments of a call (comments skipped; a trailing keyword list is
/// one `keywords` node).
pub(crate) fn call_args(node: Node<'_>) -> Vec<Node<'_>> {
    arguments_node(node).map(kids).unwrap_or_default()
}

/// True when the call's arguments are written in parentheses.
pub(crate) fn has_parens(node: Node<'_>) -> bool {
    arguments_node(node)
        .and_then(|a| a.child(0))
        .is_some_and(|c| !c.is_named() && c.kind() == "(")
}

/// The `do ... end` block of a call.
pub(crate) fn do_block(node: Node<'_>) -> Option<Node<'_>> {
    let mut cursor = node.walk();
    let found = node.children(&mut cursor).find(|n| n.kind() == "do_block");
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

/// The `end` token of a `do` block.
pub(crate) fn block_end(block: Node<'_>) -> Option<Node<'_>> {
    all_children(block)
        .into_iter()
        .rev()
        .find(|n| !n.is_named() && n.kind() == "end")
}

/// The `do` token of a `do` block.
pub(crate) fn block_do(block: Node<'_>) -> Option<Node<'_>> {
    all_children(block)
        .into_iter()
        .find(|n| !n.is_named() && n.kind() == "do")
}

/// The pairs of a `keywords` node.
pub(crate) fn pairs(keywords: Node<'_>) -> Vec<Node<'_>> {
    kids(keywords)
        .into_iter()
        .filter(|n| n.kind() == "pair")
        .collect()
}

/// The key of a pair without its colon (`only: ` → `only`,
/// `"ecto.setup": ` → `ecto.setup`).
pub(crate) fn pair_key(pair: Node<'_>, src: &str) -> String {
    let Some(key) = field(pair, "key") else {
        return String::new();
    };
    let t = text(key, src).trim_end();
    let t = t.strip_suffix(':').unwrap_or(t);
    if key.kind() == "quoted_keyword" {
        t.trim_matches(|c| c == '"' || c == '\'').to_string()
    } else {
        t.to_string()
    }
}

/// The value of a pair.
pub(crate) fn pair_value(pair: Node<'_>) -> Option<Node<'_>> {
    field(pair, "value")
}

/// The pair with key `key` in a `keywords` node.
pub(crate) fn find_pair<'t>(keywords: Node<'t>, src: &str, key: &str) -> Option<Node<'t>> {
    pairs(keywords)
        .into_iter()
        .find(|p| pair_key(*p, src) == key)
}

/// The name of an atom literal (`:shop` → `shop`, `:"a b"` → `a b`).
pub(crate) fn atom_name(node: Node<'_>, src: &str) -> Option<String> {
    match node.kind() {
        "atom" => Some(text(node, src).trim_start_matches(':').to_string()),
        "quoted_atom" => {
            let t = text(node, src).trim_start_matches(':');
            Some(t.trim_matches(|c| c == '"' || c == '\'').to_string())
        }
        _ => None,
    }
}

/// The text of an alias with whitespace removed (`Shop.Blog`).
pub(crate) fn alias_name(node: Node<'_>, src: &str) -> Option<String> {
    (node.kind() == "alias").then(|| text(node, src).split_whitespace().collect())
}

/// The content of a string literal without interpolation.
pub(crate) fn string_literal(node: Node<'_>, src: &str) -> Option<String> {
    if node.kind() != "string" {
        return None;
    }
    let mut out = String::new();
    for child in kids(node) {
        match child.kind() {
            "quoted_content" => out.push_str(text(child, src)),
            "escape_sequence" => out.push_str(text(child, src)),
            _ => return None,
        }
    }
    Some(out)
}

/// The elements of a list: its items, with the pairs of a trailing keyword
/// list flattened in.
pub(crate) fn list_elems(list: Node<'_>) -> Vec<Node<'_>> {
    let mut out = Vec::new();
    for k in kids(list) {
        if k.kind() == "keywords" {
            out.extend(pairs(k));
        } else {
            out.push(k);
        }
    }
    out
}

/// A structural fingerprint: the leaf tokens of the node, comments and
/// layout ignored. Two expressions with the same fingerprint are the same
/// code.
pub(crate) fn canon(node: Node<'_>, src: &str) -> String {
    let mut out = String::new();
    canon_into(node, src, &mut out);
    out
}

fn canon_into(node: Node<'_>, src: &str, out: &mut String) {
    if node.kind() == "comment" {
        return;
    }
    if node.child_count() == 0 || matches!(node.kind(), "alias" | "quoted_content") {
        let t = text(node, src);
        let t: String = if node.kind() == "quoted_content" {
            t.to_string()
        } else {
            t.split_whitespace().collect()
        };
        out.push_str(&t);
        out.push('\u{1f}');
        return;
    }
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        canon_into(child, src, out);
    }
}

/// Parses a fragment of code and returns the fingerprint of its single
/// top-level expression, or `None` when it is not exactly one expression
/// without errors.
pub(crate) fn canon_code(code: &str) -> Option<String> {
    let tree = parse(code, None);
    let root = tree.root_node();
    if root.has_error() {
        return None;
    }
    let items = kids(root);
    (items.len() == 1).then(|| canon(items[0], code))
}

/// A parsed fragment of caller-given code.
pub(crate) struct Fragment {
    pub(crate) src: String,
    pub(crate) tree: Tree,
}

impl Fragment {
    /// Parses `code`; `None` when it has a syntax error.
    pub(crate) fn parse(code: &str) -> Option<Fragment> {
        let src = code.replace("\r\n", "\n");
        let tree = parse(&src, None);
        (!tree.root_node().has_error()).then_some(Fragment { src, tree })
    }

    /// Its top-level expressions.
    pub(crate) fn items(&self) -> Vec<Node<'_>> {
        kids(self.tree.root_node())
    }
}

/// The `defmodule` calls under `node`, in source order (nested modules
/// after their parent).
pub(crate) fn modules<'t>(node: Node<'t>, src: &str, out: &mut Vec<Node<'t>>) {
    for item in kids(node) {
        if is_call(item, src, "defmodule") {
            out.push(item);
            if let Some(block) = do_block(item) {
                modules(block, src, out);
            }
        }
    }
}

/// The module name of a `defmodule` call.
pub(crate) fn module_name(defmodule: Node<'_>, src: &str) -> Option<String> {
    call_args(defmodule)
        .first()
        .and_then(|a| alias_name(*a, src))
}

/// The `use` calls directly in a module body: (call, used module).
pub(crate) fn uses<'t>(body: Node<'t>, src: &str) -> Vec<(Node<'t>, String)> {
    block_items(body)
        .into_iter()
        .filter(|n| is_call(*n, src, "use"))
        .filter_map(|n| {
            let module = call_args(n)
                .first()
                .map(|a| text(*a, src).split_whitespace().collect())?;
            Some((n, module))
        })
        .collect()
}

/// Name and arity of a function definition (`def`, `defp`, `defmacro`,
/// `defmacrop`, `defn`...).
pub(crate) fn def_signature(node: Node<'_>, src: &str) -> Option<(String, usize)> {
    let name = call_name(node, src)?;
    if !matches!(
        name,
        "def" | "defp" | "defmacro" | "defmacrop" | "defn" | "defnp"
    ) {
        return None;
    }
    let mut head = *call_args(node).first()?;
    if head.kind() == "binary_operator" {
        // `def f(x) when guard`
        head = field(head, "left")?;
    }
    match head.kind() {
        "identifier" => Some((text(head, src).to_string(), 0)),
        "call" => {
            let fname = call_name(head, src)?.to_string();
            let arity = call_args(head).len();
            Some((fname, arity))
        }
        _ => None,
    }
}
