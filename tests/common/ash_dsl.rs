//! Structural validator for Ash resources and domains, for tests.
//!
//! The real Ash libraries cannot be compiled here, so generated resources and
//! domains are checked against `tests/data/ash_dsl_schema.json`: a dump of the
//! Spark DSLs of `Ash.Resource` and `Ash.Domain` and their extensions (Ash
//! 3.32, AshPostgres 2.12, AshPhoenix 2.3). The source is parsed with
//! tree-sitter and walked the way Spark reads it:
//!
//! * `use Ash.Resource, ...` / `use Ash.Domain, ...`: every option is known,
//!   and `data_layer:`, `authorizers:`, `notifiers:` and `extensions:` decide
//!   which sections exist;
//! * every `name do ... end` in the module body is a section of those
//!   extensions (ordinary Elixir such as `@moduledoc`, `def`, `require` and
//!   `alias` is left alone);
//! * inside a section, each call is a nested section, an option (exactly one
//!   argument), an entity (positional arguments within its arity, keyword and
//!   do-block options it knows, nested entities where the schema allows them)
//!   or a macro the section imports (`timestamps()`);
//! * values are checked against the option's type where that is decidable
//!   from the literal: booleans, atoms, `one_of` lists, lists, tuples, Ash
//!   type names (`:string`, `{:array, :uuid}`, a module), and built-in policy
//!   checks, changes, validations and preparations with their arities.
//!
//! Expressions (`expr(...)`, `arg(:x)`, `^actor(:id)`), variables, module
//! attributes and remote calls are accepted as they are: only literals and
//! calls to built-ins are judged.
//!
//! Each problem is one string starting with `line N:`; an empty result means
//! the module is valid as far as the schema can tell.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use serde_json::Value;
use tree_sitter::{Node, Parser};

const SCHEMA_JSON: &str = include_str!("../data/ash_dsl_schema.json");

/// Validates the first module in `source` that has `use Ash.Resource`.
pub fn validate_resource(source: &str) -> Vec<String> {
    validate(source, "Ash.Resource")
}

/// Validates the first module in `source` that has `use Ash.Domain`.
pub fn validate_domain(source: &str) -> Vec<String> {
    validate(source, "Ash.Domain")
}

// ---------------------------------------------------------------------------
// Schema model
// ---------------------------------------------------------------------------

/// The subset of an option type the validator can judge from a literal.
#[derive(Debug, Clone)]
enum Ty {
    Any,
    Bool,
    Atom,
    Str,
    Int,
    Keyword,
    Map,
    Module,
    /// Literal values, as source text (`:create`, `true`, `nil`).
    OneOf(Vec<String>),
    List(Box<Ty>),
    WrapList(Box<Ty>),
    Or(Vec<Ty>),
    Tuple(Vec<Ty>),
    /// `{:spark_type, Ash.Type, :builtins}`: a type short name, a module or
    /// `{:array, type}`.
    AshType,
    /// A module implementing a behaviour, `{Module, opts}`, or a call to one
    /// of the built-ins (`set_attribute(:x, 1)`, `actor_present()`).
    Behaviour {
        label: &'static str,
        builtins: Option<String>,
        expr: bool,
        fun: bool,
        template: bool,
    },
    /// A policy condition: one check or a list of checks.
    Condition,
}

#[derive(Debug, Clone)]
struct Opt {
    required: bool,
    ty: Ty,
}

#[derive(Debug)]
struct Arg {
    name: String,
    optional: bool,
}

#[derive(Debug)]
struct Entity {
    name: String,
    args: Vec<Arg>,
    options: BTreeMap<String, Opt>,
    /// Nested entities by their DSL name (the schema groups them by key).
    entities: BTreeMap<String, Entity>,
    /// The entity may contain itself (`policy_group` in `policy_group`).
    recursive: bool,
    imports: Vec<String>,
}

#[derive(Debug)]
struct Section {
    name: String,
    options: BTreeMap<String, Opt>,
    entities: BTreeMap<String, Entity>,
    sections: BTreeMap<String, Section>,
    imports: Vec<String>,
}

#[derive(Debug)]
struct Dsl {
    use_options: BTreeMap<String, Opt>,
    default_extensions: Vec<String>,
    /// Extension module name => its top-level sections.
    extensions: BTreeMap<String, BTreeMap<String, Section>>,
}

#[derive(Debug)]
struct Schema {
    dsls: BTreeMap<String, Dsl>,
    /// Module => function name => accepted arities.
    module_functions: BTreeMap<String, BTreeMap<String, Vec<usize>>>,
    types: BTreeSet<String>,
}

fn schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let v: Value = serde_json::from_str(SCHEMA_JSON).expect("ash_dsl_schema.json is JSON");
        load_schema(&v)
    })
}

fn str_list(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn load_schema(v: &Value) -> Schema {
    let mut dsls = BTreeMap::new();
    for (name, d) in v["dsls"].as_object().expect("dsls") {
        let mut extensions = BTreeMap::new();
        for (ext, e) in d["extensions"].as_object().expect("extensions") {
            let sections = e["sections"]
                .as_object()
                .map(|m| {
                    m.iter()
                        .map(|(k, s)| (k.clone(), load_section(s)))
                        .collect()
                })
                .unwrap_or_default();
            extensions.insert(ext.clone(), sections);
        }
        dsls.insert(
            name.clone(),
            Dsl {
                use_options: load_options(&d["use_options"]),
                default_extensions: str_list(&d["default_extensions"]),
                extensions,
            },
        );
    }
    let mut module_functions = BTreeMap::new();
    for (module, funs) in v["module_functions"].as_object().expect("module_functions") {
        let mut map = BTreeMap::new();
        for (fun, info) in funs.as_object().expect("functions") {
            let arities = info["arities"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|n| n.as_u64())
                        .map(|n| n as usize)
                        .collect()
                })
                .unwrap_or_default();
            map.insert(fun.clone(), arities);
        }
        module_functions.insert(module.clone(), map);
    }
    let types = v["types"]
        .as_object()
        .expect("types")
        .keys()
        .cloned()
        .collect();
    Schema {
        dsls,
        module_functions,
        types,
    }
}

fn load_options(v: &Value) -> BTreeMap<String, Opt> {
    let mut out = BTreeMap::new();
    if let Some(m) = v.as_object() {
        for (name, o) in m {
            out.insert(
                name.clone(),
                Opt {
                    required: o["required"].as_bool().unwrap_or(false),
                    ty: parse_type(o["type"].as_str().unwrap_or("any")),
                },
            );
        }
    }
    out
}

fn load_section(v: &Value) -> Section {
    let entities = v["entities"]
        .as_object()
        .map(|m| {
            m.values()
                .map(load_entity)
                .map(|e| (e.name.clone(), e))
                .collect()
        })
        .unwrap_or_default();
    let sections = v["sections"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, s)| (k.clone(), load_section(s)))
                .collect()
        })
        .unwrap_or_default();
    Section {
        name: v["name"].as_str().unwrap_or_default().to_string(),
        options: load_options(&v["options"]),
        entities,
        sections,
        imports: str_list(&v["imports"]),
    }
}

fn load_entity(v: &Value) -> Entity {
    let args = v["args"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|x| Arg {
                    name: x["name"].as_str().unwrap_or_default().to_string(),
                    optional: x["optional"].as_bool().unwrap_or(false),
                })
                .collect()
        })
        .unwrap_or_default();
    let mut entities = BTreeMap::new();
    if let Some(groups) = v["entities"].as_object() {
        for list in groups.values() {
            for e in list.as_array().into_iter().flatten() {
                let e = load_entity(e);
                entities.entry(e.name.clone()).or_insert(e);
            }
        }
    }
    Entity {
        name: v["name"].as_str().unwrap_or_default().to_string(),
        args,
        options: load_options(&v["options"]),
        entities,
        recursive: v["recursive_as"].is_string(),
        imports: str_list(&v["imports"]),
    }
}

// ---------------------------------------------------------------------------
// Option types: the schema writes them as Elixir terms, so they are parsed
// with the same tree-sitter grammar.
// ---------------------------------------------------------------------------

fn elixir_parser() -> Parser {
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_elixir::LANGUAGE.into())
        .expect("tree-sitter-elixir loads");
    parser
}

fn parse_type(text: &str) -> Ty {
    let mut parser = elixir_parser();
    let Some(tree) = parser.parse(text, None) else {
        return Ty::Any;
    };
    match named(tree.root_node()).first() {
        Some(node) => type_from_node(*node, text.as_bytes()),
        None => Ty::Any,
    }
}

fn type_from_node(node: Node, src: &[u8]) -> Ty {
    match node.kind() {
        // Top-level names are written bare (`boolean`), nested ones as atoms.
        "atom" | "identifier" => match text(node, src).trim_start_matches(':') {
            "atom" => Ty::Atom,
            "module" => Ty::Module,
            "boolean" => Ty::Bool,
            "string" => Ty::Str,
            "integer" | "pos_integer" | "non_neg_integer" => Ty::Int,
            "keyword_list" | "non_empty_keyword_list" => Ty::Keyword,
            "map" => Ty::Map,
            _ => Ty::Any,
        },
        "tuple" => {
            let items = named(node);
            let Some(head) = items.first() else {
                return Ty::Any;
            };
            let rest = &items[1..];
            let sub = |i: usize| {
                rest.get(i)
                    .map(|n| type_from_node(*n, src))
                    .unwrap_or(Ty::Any)
            };
            match text(*head, src) {
                ":list" => Ty::List(Box::new(sub(0))),
                ":wrap_list" => Ty::WrapList(Box::new(sub(0))),
                ":or" => merge_or(
                    list_items(rest.first().copied())
                        .into_iter()
                        .map(|n| type_from_node(n, src))
                        .collect(),
                ),
                ":one_of" | ":in" => Ty::OneOf(
                    list_items(rest.first().copied())
                        .into_iter()
                        .map(|n| text(n, src).to_string())
                        .collect(),
                ),
                ":literal" => Ty::OneOf(rest.iter().map(|n| text(*n, src).to_string()).collect()),
                ":tuple" => Ty::Tuple(
                    list_items(rest.first().copied())
                        .into_iter()
                        .map(|n| type_from_node(n, src))
                        .collect(),
                ),
                ":tagged_tuple" => Ty::Tuple(vec![
                    rest.first()
                        .map(|n| Ty::OneOf(vec![text(*n, src).to_string()]))
                        .unwrap_or(Ty::Any),
                    sub(1),
                ]),
                ":spark_type" => Ty::AshType,
                ":spark_behaviour" | ":spark_function_behaviour" => {
                    let behaviour = rest.first().map(|n| text(*n, src)).unwrap_or_default();
                    let builtins = rest
                        .get(1)
                        .filter(|n| n.kind() == "alias")
                        .map(|n| text(*n, src).to_string());
                    Ty::Behaviour {
                        label: behaviour_label(behaviour),
                        builtins,
                        expr: false,
                        fun: text(*head, src) == ":spark_function_behaviour",
                        template: false,
                    }
                }
                ":custom" => {
                    let fun = rest.get(1).map(|n| text(*n, src)).unwrap_or_default();
                    match fun {
                        ":validate_condition" => Ty::Condition,
                        ":expr_check" | ":expr_calc" => Ty::Behaviour {
                            label: "expression",
                            builtins: None,
                            expr: true,
                            fun: false,
                            template: false,
                        },
                        ":template_var" => Ty::Behaviour {
                            label: "template",
                            builtins: None,
                            expr: false,
                            fun: false,
                            template: true,
                        },
                        _ => Ty::Any,
                    }
                }
                ":behaviour" | ":spark" => Ty::Module,
                _ => Ty::Any,
            }
        }
        _ => Ty::Any,
    }
}

/// `{:or, [...]}` of behaviour-like alternatives (a policy check is a
/// template variable, a check module or an `expr`) becomes one behaviour.
fn merge_or(items: Vec<Ty>) -> Ty {
    if !items.iter().any(|t| matches!(t, Ty::Behaviour { .. })) {
        return Ty::Or(items);
    }
    let mut merged_label = "function";
    let mut merged_builtins = None;
    let (mut merged_expr, mut merged_fun, mut merged_template) = (false, false, false);
    for t in &items {
        if let Ty::Behaviour {
            label,
            builtins,
            expr,
            fun,
            template,
        } = t
        {
            if !matches!(*label, "expression" | "template") {
                merged_label = label;
            }
            if merged_builtins.is_none() {
                merged_builtins.clone_from(builtins);
            }
            merged_expr |= expr;
            merged_fun |= fun;
            merged_template |= template;
        }
    }
    Ty::Behaviour {
        label: merged_label,
        builtins: merged_builtins,
        expr: merged_expr,
        fun: merged_fun,
        template: merged_template,
    }
}

fn behaviour_label(module: &str) -> &'static str {
    match module {
        "Ash.Policy.Check" => "policy check",
        "Ash.Resource.Change" => "change",
        "Ash.Resource.Validation" => "validation",
        "Ash.Resource.Preparation" => "preparation",
        "Ash.Resource.Calculation" => "calculation",
        _ => "function",
    }
}

fn describe(ty: &Ty) -> String {
    match ty {
        Ty::Any => "any value".into(),
        Ty::Bool => "a boolean".into(),
        Ty::Atom => "an atom".into(),
        Ty::Str => "a string".into(),
        Ty::Int => "an integer".into(),
        Ty::Keyword => "a keyword list".into(),
        Ty::Map => "a map".into(),
        Ty::Module => "a module".into(),
        Ty::OneOf(values) => format!("one of {}", values.join(", ")),
        Ty::List(t) => format!("a list of {}", plural(&describe(t))),
        Ty::WrapList(t) => format!("{} or a list of them", describe(t)),
        Ty::Or(ts) => ts.iter().map(describe).collect::<Vec<_>>().join(" or "),
        Ty::Tuple(ts) => format!("a {}-element tuple", ts.len()),
        Ty::AshType => "an Ash type".into(),
        Ty::Behaviour { label, .. } => format!("a {label}"),
        Ty::Condition => "a policy check or a list of them".into(),
    }
}

fn plural(desc: &str) -> String {
    desc.strip_prefix("an ")
        .or_else(|| desc.strip_prefix("a "))
        .map(|s| format!("{s}s"))
        .unwrap_or_else(|| desc.to_string())
}

// ---------------------------------------------------------------------------
// Syntax helpers
// ---------------------------------------------------------------------------

fn text<'a>(node: Node, src: &'a [u8]) -> &'a str {
    node.utf8_text(src).unwrap_or("")
}

fn line(node: Node) -> usize {
    node.start_position().row + 1
}

/// Named children without comments.
fn named(node: Node) -> Vec<Node> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|c| c.kind() != "comment")
        .collect()
}

fn list_items(node: Option<Node>) -> Vec<Node> {
    match node {
        Some(n) if n.kind() == "list" => named(n),
        _ => Vec::new(),
    }
}

/// The name of a call whose target is a plain identifier.
fn call_name<'a>(node: Node, src: &'a [u8]) -> Option<&'a str> {
    match node.kind() {
        "call" => {
            let target = node.child_by_field_name("target")?;
            (target.kind() == "identifier").then(|| text(target, src))
        }
        "identifier" => Some(text(node, src)),
        _ => None,
    }
}

fn call_arguments(node: Node) -> Vec<Node> {
    if node.kind() != "call" {
        return Vec::new();
    }
    let mut cursor = node.walk();
    let args = node.children(&mut cursor).find(|c| c.kind() == "arguments");
    args.map(named).unwrap_or_default()
}

fn do_block(node: Node) -> Option<Node> {
    if node.kind() != "call" {
        return None;
    }
    let mut cursor = node.walk();
    let block = node.children(&mut cursor).find(|c| c.kind() == "do_block");
    block
}

/// Statements of a do block (without comments and without `else` blocks).
fn statements(block: Node) -> Vec<Node> {
    named(block)
        .into_iter()
        .filter(|n| !n.kind().ends_with("_block"))
        .collect()
}

/// Arity as Elixir counts it: a do block is one more argument.
fn arity(node: Node) -> usize {
    call_arguments(node).len() + usize::from(do_block(node).is_some())
}

/// `allow_nil?: ` / `"quoted key": ` => the key.
fn keyword_key(key: Node, src: &[u8]) -> String {
    let raw = text(key, src).trim_end();
    let raw = raw.strip_suffix(':').unwrap_or(raw);
    raw.trim_matches('"').to_string()
}

fn keyword_pairs<'t>(node: Node<'t>, src: &[u8]) -> Vec<(String, Node<'t>, Node<'t>)> {
    named(node)
        .into_iter()
        .filter(|p| p.kind() == "pair")
        .filter_map(|p| {
            let key = p.child_by_field_name("key")?;
            let value = p.child_by_field_name("value")?;
            Some((keyword_key(key, src), key, value))
        })
        .collect()
}

fn suggestion<S: AsRef<str>>(name: &str, candidates: impl IntoIterator<Item = S>) -> String {
    let best = candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(name, c.as_ref()), c))
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((_, c)) => format!(" (did you mean `{}`?)", c.as_ref()),
        None => String::new(),
    }
}

// ---------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------

/// A value to check: a syntax node, or a `key: value` pair standing for a
/// two-element tuple inside a list.
#[derive(Clone, Copy)]
enum Val<'t> {
    Node(Node<'t>),
    Pair(Node<'t>, Node<'t>),
}

impl<'t> Val<'t> {
    fn node(self) -> Node<'t> {
        match self {
            Val::Node(n) | Val::Pair(n, _) => n,
        }
    }
}

/// Elements of a list literal, with a trailing keyword list split into pairs.
fn list_elements(list: Node) -> Vec<Val> {
    let mut out = Vec::new();
    for item in named(list) {
        if item.kind() == "keywords" {
            for pair in named(item) {
                if let (Some(k), Some(v)) = (
                    pair.child_by_field_name("key"),
                    pair.child_by_field_name("value"),
                ) {
                    out.push(Val::Pair(k, v));
                }
            }
        } else {
            out.push(Val::Node(item));
        }
    }
    out
}

/// Node kinds whose value cannot be known without evaluating Elixir.
fn is_dynamic(node: Node) -> bool {
    !matches!(
        node.kind(),
        "boolean"
            | "nil"
            | "atom"
            | "quoted_atom"
            | "alias"
            | "string"
            | "charlist"
            | "integer"
            | "float"
            | "list"
            | "keywords"
            | "tuple"
            | "map"
            | "char"
    )
}

fn is_atom_like(node: Node) -> bool {
    matches!(
        node.kind(),
        "atom" | "quoted_atom" | "boolean" | "nil" | "alias"
    )
}

struct Checker<'s> {
    src: &'s [u8],
    errors: Vec<String>,
}

impl<'s> Checker<'s> {
    fn error(&mut self, node: Node, message: String) {
        self.errors.push(format!("line {}: {message}", line(node)));
    }

    /// Checks `val` against `ty`; `imports` are the modules whose functions
    /// may appear as behaviour calls when the type names no built-ins.
    fn check_value(&self, val: Val, ty: &Ty, imports: &[String]) -> Result<(), String> {
        let src = self.src;
        if let Val::Pair(key, value) = val {
            let key_text = format!(":{}", keyword_key(key, src));
            return match ty {
                Ty::Any => Ok(()),
                Ty::Tuple(items) if items.len() == 2 => {
                    self.check_atom_text(&key_text, &items[0])?;
                    self.check_value(Val::Node(value), &items[1], imports)
                }
                Ty::Or(alternatives) => {
                    if alternatives
                        .iter()
                        .any(|t| self.check_value(val, t, imports).is_ok())
                    {
                        Ok(())
                    } else {
                        Err(format!(
                            "`{}{}` is not {}",
                            text(key, src),
                            text(value, src),
                            describe(ty)
                        ))
                    }
                }
                _ => Err(format!(
                    "`{}{}` is not {}",
                    text(key, src),
                    text(value, src),
                    describe(ty)
                )),
            };
        }
        let node = val.node();
        let shown = || {
            let t = text(node, src);
            if t.len() > 60 {
                format!(
                    "{}...",
                    &t[..t.char_indices().nth(57).map_or(t.len(), |(i, _)| i)]
                )
            } else {
                t.to_string()
            }
        };
        let mismatch =
            || -> Result<(), String> { Err(format!("`{}` is not {}", shown(), describe(ty))) };
        match ty {
            Ty::Any => Ok(()),
            Ty::Bool => {
                if node.kind() == "boolean" || is_dynamic(node) {
                    Ok(())
                } else {
                    mismatch()
                }
            }
            Ty::Atom | Ty::Module => {
                if is_atom_like(node) || is_dynamic(node) {
                    Ok(())
                } else {
                    mismatch()
                }
            }
            Ty::Str => {
                if matches!(node.kind(), "string") || is_dynamic(node) {
                    Ok(())
                } else {
                    mismatch()
                }
            }
            Ty::Int => {
                if node.kind() == "integer" || is_dynamic(node) {
                    Ok(())
                } else {
                    mismatch()
                }
            }
            Ty::Keyword => match node.kind() {
                "keywords" => Ok(()),
                "list"
                    if list_elements(node)
                        .iter()
                        .all(|e| matches!(e, Val::Pair(..))) =>
                {
                    Ok(())
                }
                _ if is_dynamic(node) => Ok(()),
                _ => mismatch(),
            },
            Ty::Map => match node.kind() {
                "map" | "keywords" | "list" => Ok(()),
                _ if is_dynamic(node) => Ok(()),
                _ => mismatch(),
            },
            Ty::OneOf(values) => {
                if is_dynamic(node) || values.iter().any(|v| v == text(node, src)) {
                    Ok(())
                } else {
                    mismatch()
                }
            }
            Ty::List(inner) => match node.kind() {
                "list" => {
                    for element in list_elements(node) {
                        self.check_value(element, inner, imports)?;
                    }
                    Ok(())
                }
                _ if is_dynamic(node) => Ok(()),
                _ => mismatch(),
            },
            Ty::WrapList(inner) => match node.kind() {
                "list" => {
                    for element in list_elements(node) {
                        self.check_value(element, inner, imports)?;
                    }
                    Ok(())
                }
                _ => self.check_value(val, inner, imports),
            },
            Ty::Tuple(items) => match node.kind() {
                "tuple" => {
                    let elements = named(node);
                    if elements.len() != items.len() {
                        return mismatch();
                    }
                    for (element, item) in elements.into_iter().zip(items) {
                        self.check_value(Val::Node(element), item, imports)?;
                    }
                    Ok(())
                }
                _ if is_dynamic(node) => Ok(()),
                _ => mismatch(),
            },
            Ty::Or(alternatives) => {
                if alternatives
                    .iter()
                    .any(|t| self.check_value(val, t, imports).is_ok())
                {
                    Ok(())
                } else {
                    mismatch()
                }
            }
            Ty::AshType => self.check_ash_type(node),
            Ty::Behaviour {
                label,
                builtins,
                expr,
                fun,
                template,
            } => self.check_behaviour(
                node,
                label,
                builtins.as_deref(),
                *expr,
                *fun,
                *template,
                imports,
            ),
            Ty::Condition => {
                let check = policy_check_type();
                if node.kind() == "list" {
                    for element in named(node) {
                        self.check_value(Val::Node(element), &check, imports)?;
                    }
                    Ok(())
                } else {
                    self.check_value(val, &check, imports)
                }
            }
        }
    }

    fn check_atom_text(&self, atom: &str, ty: &Ty) -> Result<(), String> {
        match ty {
            Ty::OneOf(values) if !values.iter().any(|v| v == atom) => {
                Err(format!("`{atom}` is not {}", describe(ty)))
            }
            Ty::Bool | Ty::Str | Ty::Int | Ty::List(_) | Ty::Keyword | Ty::Map => {
                Err(format!("`{atom}` is not {}", describe(ty)))
            }
            _ => Ok(()),
        }
    }

    fn check_ash_type(&self, node: Node) -> Result<(), String> {
        let src = self.src;
        match node.kind() {
            "alias" => Ok(()),
            "atom" | "quoted_atom" => {
                let name = text(node, src).trim_start_matches(':').trim_matches('"');
                if schema().types.contains(name) {
                    Ok(())
                } else {
                    Err(format!(
                        "unknown Ash type `:{name}`{}",
                        suggestion(name, &schema().types)
                    ))
                }
            }
            "tuple" => {
                let items = named(node);
                match items.as_slice() {
                    [head, inner] if text(*head, src) == ":array" => self.check_ash_type(*inner),
                    _ => Err(format!(
                        "`{}` is not an Ash type (tuples must be `{{:array, type}}`)",
                        text(node, src)
                    )),
                }
            }
            _ if is_dynamic(node) => Ok(()),
            _ => Err(format!("`{}` is not an Ash type", text(node, src))),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn check_behaviour(
        &self,
        node: Node,
        label: &str,
        builtins: Option<&str>,
        expr: bool,
        fun: bool,
        template: bool,
        imports: &[String],
    ) -> Result<(), String> {
        let src = self.src;
        match node.kind() {
            "alias" => Ok(()),
            "tuple" => match named(node).first() {
                Some(first) if first.kind() == "alias" => Ok(()),
                _ => Err(format!(
                    "`{}` is not a {label} (expected `{{Module, opts}}`)",
                    text(node, src)
                )),
            },
            "anonymous_function" if fun => Ok(()),
            "unary_operator" if template || fun => Ok(()),
            "call" => {
                let Some(name) = call_name(node, src) else {
                    return Ok(()); // remote call: Module.fun(...)
                };
                let arity = arity(node);
                if expr && name == "expr" {
                    return Ok(());
                }
                let modules: Vec<&str> = match builtins {
                    Some(m) => vec![m],
                    None => imports.iter().map(String::as_str).collect(),
                };
                if modules.is_empty() {
                    return Ok(());
                }
                let mut known = BTreeSet::new();
                for module in modules {
                    if let Some(funs) = schema().module_functions.get(module) {
                        if let Some(arities) = funs.get(name) {
                            if arities.contains(&arity) {
                                return Ok(());
                            }
                            let shown: Vec<String> =
                                arities.iter().map(|a| format!("{name}/{a}")).collect();
                            return Err(format!(
                                "`{name}/{arity}` has the wrong number of arguments for a {label} (expected {})",
                                shown.join(" or ")
                            ));
                        }
                        known.extend(funs.keys().cloned());
                    }
                }
                if expr {
                    known.insert("expr".to_string());
                }
                Err(format!(
                    "unknown {label} `{name}/{arity}`{}",
                    suggestion(name, &known)
                ))
            }
            _ if is_dynamic(node) => Ok(()),
            _ => Err(format!(
                "`{}` is not a {label} (expected a module, `{{Module, opts}}` or a built-in call)",
                text(node, src)
            )),
        }
    }
}

fn policy_check_type() -> Ty {
    Ty::Behaviour {
        label: "policy check",
        builtins: Some("Ash.Policy.Check.Builtins".to_string()),
        expr: true,
        fun: false,
        template: true,
    }
}

// ---------------------------------------------------------------------------
// Walking the module
// ---------------------------------------------------------------------------

/// Module-level calls that are ordinary Elixir, not DSL sections.
const ELIXIR_FORMS: &[&str] = &[
    "use",
    "require",
    "import",
    "alias",
    "def",
    "defp",
    "defmacro",
    "defmacrop",
    "defdelegate",
    "defguard",
    "defguardp",
    "defstruct",
    "defexception",
    "defoverridable",
    "defimpl",
    "defprotocol",
    "defmodule",
    "if",
    "unless",
];

/// Calls allowed anywhere inside a DSL block.
const BLOCK_FORMS: &[&str] = &["require", "import", "alias"];

fn validate(source: &str, dsl_name: &str) -> Vec<String> {
    let mut parser = elixir_parser();
    let Some(tree) = parser.parse(source, None) else {
        return vec!["line 1: could not parse the source".to_string()];
    };
    let src = source.as_bytes();
    let mut checker = Checker {
        src,
        errors: Vec::new(),
    };
    let root = tree.root_node();
    if root.has_error() {
        report_syntax_errors(root, &mut checker);
        return checker.errors;
    }
    let Some((module, use_call)) = find_module(root, src, dsl_name) else {
        return vec![format!("line 1: no module with `use {dsl_name}` found")];
    };
    let dsl = &schema().dsls[dsl_name];
    let (sections, lenient) = check_use(use_call, dsl, dsl_name, &mut checker);
    let body = do_block(module).expect("defmodule has a do block");
    for stmt in statements(body) {
        let Some(name) = call_name(stmt, src) else {
            continue; // @moduledoc, comments, remote calls
        };
        if ELIXIR_FORMS.contains(&name) {
            continue;
        }
        if let Some(section) = sections.get(name) {
            check_section(stmt, section, &mut checker);
        } else if lenient {
            // An extension the schema does not describe may define it.
        } else {
            let hint = providing_extension(dsl, name)
                .map(|ext| {
                    format!(
                        " (it comes with the `{ext}` extension, which this module does not use)"
                    )
                })
                .unwrap_or_else(|| suggestion(name, sections.keys()));
            checker.error(
                stmt,
                format!("unknown section `{name}` for {dsl_name}{hint}"),
            );
        }
    }
    checker.errors
}

fn report_syntax_errors(node: Node, checker: &mut Checker) {
    if node.is_error() || node.is_missing() {
        checker.error(
            node,
            format!("syntax error near `{}`", text(node, checker.src).trim()),
        );
        return;
    }
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        if child.has_error() {
            report_syntax_errors(child, checker);
        }
    }
}

/// The first `defmodule` (at any depth) whose body has `use <dsl_name>`.
fn find_module<'t>(node: Node<'t>, src: &[u8], dsl_name: &str) -> Option<(Node<'t>, Node<'t>)> {
    for child in named(node) {
        if call_name(child, src) != Some("defmodule") {
            continue;
        }
        let Some(body) = do_block(child) else {
            continue;
        };
        for stmt in statements(body) {
            if call_name(stmt, src) == Some("use")
                && call_arguments(stmt)
                    .first()
                    .is_some_and(|a| text(*a, src) == dsl_name)
            {
                return Some((child, stmt));
            }
        }
        if let Some(found) = find_module(body, src, dsl_name) {
            return Some(found);
        }
    }
    None
}

/// Checks the `use` options and returns the sections in effect, and whether
/// an extension unknown to the schema is in use (then unknown top-level
/// sections are not reported).
fn check_use<'d>(
    use_call: Node,
    dsl: &'d Dsl,
    dsl_name: &str,
    checker: &mut Checker,
) -> (BTreeMap<&'d str, &'d Section>, bool) {
    let src = checker.src;
    let mut modules: Vec<String> = dsl.default_extensions.clone();
    let mut lenient = false;
    let args = call_arguments(use_call);
    if args.len() > 2 {
        checker.error(
            use_call,
            format!("`use {dsl_name}` takes one keyword list of options"),
        );
    }
    if let Some(opts) = args.get(1) {
        if opts.kind() != "keywords" {
            checker.error(
                *opts,
                format!("`use {dsl_name}` options must be a keyword list"),
            );
        } else {
            for (key, key_node, value) in keyword_pairs(*opts, src) {
                let Some(opt) = dsl.use_options.get(&key) else {
                    checker.error(
                        key_node,
                        format!(
                            "unknown option `{key}` for `use {dsl_name}`{}",
                            suggestion(&key, dsl.use_options.keys())
                        ),
                    );
                    continue;
                };
                match key.as_str() {
                    "data_layer" => match value.kind() {
                        "alias" => modules.push(text(value, src).to_string()),
                        "atom" if text(value, src) == ":embedded" => {}
                        _ if is_dynamic(value) => lenient = true,
                        _ => checker.error(
                            value,
                            format!(
                                "`data_layer:` must be a module or `:embedded`, not `{}`",
                                text(value, src)
                            ),
                        ),
                    },
                    "authorizers" | "notifiers" | "extensions" | "simple_notifiers" => {
                        let items = if value.kind() == "list" {
                            named(value)
                        } else {
                            vec![value]
                        };
                        for item in items {
                            if item.kind() == "alias" {
                                let module = text(item, src).to_string();
                                // A notifier the schema does not know is most
                                // likely a plain notifier module, not a DSL
                                // extension, so it does not relax the checks.
                                let known = dsl.extensions.contains_key(&module);
                                if key == "extensions" || key == "authorizers" || known {
                                    modules.push(module);
                                }
                            } else if is_dynamic(item) {
                                lenient = true;
                            } else {
                                checker.error(
                                    item,
                                    format!(
                                        "`{key}:` must list modules, not `{}`",
                                        text(item, src)
                                    ),
                                );
                            }
                        }
                    }
                    _ => {
                        if let Err(message) = checker.check_value(Val::Node(value), &opt.ty, &[]) {
                            checker.error(
                                value,
                                format!("option `{key}` of `use {dsl_name}`: {message}"),
                            );
                        }
                    }
                }
            }
        }
    }
    let mut sections = BTreeMap::new();
    for module in &modules {
        match dsl.extensions.get(module) {
            Some(ext_sections) => {
                for (name, section) in ext_sections {
                    sections.entry(name.as_str()).or_insert(section);
                }
            }
            None => lenient = true,
        }
    }
    (sections, lenient)
}

fn providing_extension<'d>(dsl: &'d Dsl, section: &str) -> Option<&'d str> {
    dsl.extensions
        .iter()
        .find(|(_, sections)| sections.contains_key(section))
        .map(|(ext, _)| ext.as_str())
}

fn imported_call_ok(name: &str, arity: usize, imports: &[String]) -> Option<Result<(), String>> {
    for module in imports {
        if let Some(arities) = schema()
            .module_functions
            .get(module)
            .and_then(|f| f.get(name))
        {
            return Some(if arities.contains(&arity) {
                Ok(())
            } else {
                Err(format!(
                    "`{name}/{arity}` has the wrong number of arguments (`{module}` defines {})",
                    arities
                        .iter()
                        .map(|a| format!("{name}/{a}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            });
        }
    }
    None
}

fn check_section(call: Node, section: &Section, checker: &mut Checker) {
    let src = checker.src;
    let name = &section.name;
    if !call_arguments(call).is_empty() {
        checker.error(
            call,
            format!("section `{name}` takes no arguments, only a do block"),
        );
    }
    let Some(block) = do_block(call) else {
        checker.error(call, format!("section `{name}` needs a `do ... end` block"));
        return;
    };
    let imports = section.imports.clone();
    let mut given = BTreeSet::new();
    for stmt in statements(block) {
        let Some(stmt_name) = call_name(stmt, src) else {
            checker.error(
                stmt,
                format!("unexpected `{}` in section `{name}`", text(stmt, src)),
            );
            continue;
        };
        if BLOCK_FORMS.contains(&stmt_name) {
            continue;
        }
        if let Some(sub) = section.sections.get(stmt_name) {
            check_section(stmt, sub, checker);
        } else if let Some(entity) = section.entities.get(stmt_name) {
            check_entity(stmt, entity, &imports, checker);
        } else if let Some(opt) = section.options.get(stmt_name) {
            given.insert(stmt_name.to_string());
            check_option_call(
                stmt,
                stmt_name,
                opt,
                &format!("section `{name}`"),
                &imports,
                checker,
            );
        } else if let Some(result) = imported_call_ok(stmt_name, arity(stmt), &imports) {
            if let Err(message) = result {
                checker.error(stmt, message);
            }
        } else {
            let candidates: BTreeSet<String> = section
                .options
                .keys()
                .chain(section.entities.keys())
                .chain(section.sections.keys())
                .cloned()
                .collect();
            checker.error(
                stmt,
                format!(
                    "unknown option, entity or section `{stmt_name}` in section `{name}`{}",
                    suggestion(stmt_name, &candidates)
                ),
            );
        }
    }
    for (opt_name, opt) in &section.options {
        if opt.required && !given.contains(opt_name) {
            checker.error(
                call,
                format!("section `{name}` is missing its required option `{opt_name}`"),
            );
        }
    }
}

/// `allow_nil? false`: an option written as a call takes exactly one value.
fn check_option_call(
    stmt: Node,
    name: &str,
    opt: &Opt,
    place: &str,
    imports: &[String],
    checker: &mut Checker,
) {
    let args = call_arguments(stmt);
    if stmt.kind() != "call" || args.len() != 1 || do_block(stmt).is_some() {
        checker.error(
            stmt,
            format!(
                "option `{name}` in {place} takes exactly one argument, got {}",
                arity(stmt)
            ),
        );
        return;
    }
    if let Err(message) = checker.check_value(Val::Node(args[0]), &opt.ty, imports) {
        checker.error(args[0], format!("option `{name}` in {place}: {message}"));
    }
}

fn check_entity(call: Node, entity: &Entity, outer_imports: &[String], checker: &mut Checker) {
    let src = checker.src;
    let name = &entity.name;
    let mut imports = outer_imports.to_vec();
    imports.extend(entity.imports.iter().cloned());
    let mut args = call_arguments(call);
    let keywords = match args.last() {
        Some(last) if last.kind() == "keywords" => args.pop(),
        _ => None,
    };
    let required = entity.args.iter().filter(|a| !a.optional).count();
    let most = entity.args.len();
    let mut given = BTreeSet::new();
    let arity_ok = (required..=most).contains(&args.len());
    if !arity_ok {
        let expected = if required == most {
            format!("{required}")
        } else {
            format!("{required} to {most}")
        };
        let names: Vec<&str> = entity.args.iter().map(|a| a.name.as_str()).collect();
        checker.error(
            call,
            format!(
                "entity `{name}` takes {expected} positional argument(s) ({}), got {}",
                names.join(", "),
                args.len()
            ),
        );
    }
    // Spark fills optional arguments (from the left) only when more than the
    // required ones are given: `publish :create, "created"` skips `event`.
    let mut optional_slots = args.len().saturating_sub(required);
    let filled = entity.args.iter().filter(|a| {
        if !a.optional {
            return true;
        }
        let take = optional_slots > 0;
        optional_slots = optional_slots.saturating_sub(1);
        take
    });
    for (value, arg) in args.iter().zip(filled) {
        given.insert(arg.name.clone());
        if !arity_ok {
            continue; // which value is which argument is unknown
        }
        if let Some(opt) = entity.options.get(&arg.name) {
            if let Err(message) = checker.check_value(Val::Node(*value), &opt.ty, &imports) {
                checker.error(
                    *value,
                    format!("argument `{}` of `{name}`: {message}", arg.name),
                );
            }
        }
    }
    if let Some(keywords) = keywords {
        for (key, key_node, value) in keyword_pairs(keywords, src) {
            match entity.options.get(&key) {
                Some(opt) => {
                    given.insert(key.clone());
                    if let Err(message) = checker.check_value(Val::Node(value), &opt.ty, &imports) {
                        checker.error(value, format!("option `{key}` of `{name}`: {message}"));
                    }
                }
                None => checker.error(
                    key_node,
                    format!(
                        "unknown option `{key}` for `{name}`{}",
                        suggestion(&key, entity.options.keys())
                    ),
                ),
            }
        }
    }
    if let Some(block) = do_block(call) {
        for stmt in statements(block) {
            let Some(stmt_name) = call_name(stmt, src) else {
                checker.error(
                    stmt,
                    format!("unexpected `{}` in `{name}`", text(stmt, src)),
                );
                continue;
            };
            if BLOCK_FORMS.contains(&stmt_name) {
                continue;
            }
            if let Some(nested) = entity.entities.get(stmt_name) {
                check_entity(stmt, nested, &entity.imports, checker);
            } else if entity.recursive && stmt_name == name {
                check_entity(stmt, entity, &entity.imports, checker);
            } else if let Some(opt) = entity.options.get(stmt_name) {
                given.insert(stmt_name.to_string());
                check_option_call(
                    stmt,
                    stmt_name,
                    opt,
                    &format!("`{name}`"),
                    &imports,
                    checker,
                );
            } else {
                let candidates: BTreeSet<String> = entity
                    .options
                    .keys()
                    .chain(entity.entities.keys())
                    .cloned()
                    .collect();
                let what = if entity.entities.is_empty() {
                    "option"
                } else {
                    "option or entity"
                };
                checker.error(
                    stmt,
                    format!(
                        "unknown {what} `{stmt_name}` in `{name}`{}",
                        suggestion(stmt_name, &candidates)
                    ),
                );
            }
        }
    }
    // Required arguments are covered by the arity check above.
    for (opt_name, opt) in &entity.options {
        let is_arg = entity.args.iter().any(|a| &a.name == opt_name);
        if opt.required && !is_arg && !given.contains(opt_name) {
            checker.error(
                call,
                format!("`{name}` is missing its required option `{opt_name}`"),
            );
        }
    }
}
