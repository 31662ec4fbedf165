//! Read-only queries generators need: the module name, its `use` calls,
//! and the structure of an Ash resource.

use tree_sitter::Node;

use super::document::Document;
use super::domain::module_using;
use super::syntax::{
    self, alias_name, atom_name, block_items, call_args, call_name, do_block, text,
};

/// A `use` call of a module body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UseCall {
    /// The used module as written: `Ash.Resource`, `ShopWeb`.
    pub module: String,
    /// Positional arguments after the module, as code: `:router`.
    pub args: Vec<String>,
    /// Keyword options as (key, value code).
    pub options: Vec<(String, String)>,
    /// 1-based line.
    pub line: usize,
}

impl UseCall {
    /// The code of option `key`, if set.
    pub fn option(&self, key: &str) -> Option<&str> {
        self.options
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// How an attribute is declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttributeKind {
    /// `attribute :name, :type`.
    Attribute,
    /// `uuid_primary_key :id`.
    UuidPrimaryKey,
    /// `uuid_v7_primary_key :id`.
    UuidV7PrimaryKey,
    /// `integer_primary_key :id`.
    IntegerPrimaryKey,
    /// `create_timestamp :inserted_at`.
    CreateTimestamp,
    /// `update_timestamp :updated_at`.
    UpdateTimestamp,
    /// `timestamps()` (both timestamps).
    Timestamps,
}

/// An attribute of an Ash resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    /// The name without colon: `title`.
    pub name: String,
    /// How it is declared.
    pub kind: AttributeKind,
    /// The type as code (`:string`, `Shop.Money`); implied for primary
    /// keys (`:uuid`, `:integer`) and timestamps (`:utc_datetime_usec`).
    pub type_: Option<String>,
    /// Options as (key, value code), from keywords and from the `do` block.
    pub options: Vec<(String, String)>,
    /// Part of the primary key.
    pub primary_key: bool,
    /// `allow_nil?` when written as a literal boolean.
    pub allow_nil: Option<bool>,
    /// `public?` when written as a literal boolean.
    pub public: Option<bool>,
    /// 1-based line.
    pub line: usize,
}

/// A relationship of an Ash resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relationship {
    /// `belongs_to`, `has_one`, `has_many` or `many_to_many`.
    pub kind: String,
    /// The name without colon: `author`.
    pub name: String,
    /// The destination module as written: `Shop.Accounts.User`.
    pub destination: String,
    /// Options as (key, value code), from keywords and from the `do` block.
    pub options: Vec<(String, String)>,
    /// 1-based line.
    pub line: usize,
}

/// An identity of an Ash resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The name without colon: `unique_email`.
    pub name: String,
    /// The attribute names.
    pub keys: Vec<String>,
    /// 1-based line.
    pub line: usize,
}

/// An action of an Ash resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    /// `create`, `read`, `update`, `destroy` or `action` (generic).
    pub kind: String,
    /// The name without colon: `publish`; for `defaults`, the kind.
    pub name: String,
    /// Declared through `defaults [...]`.
    pub default: bool,
    /// 1-based line.
    pub line: usize,
}

/// What a generator needs to know about an existing Ash resource.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ResourceInfo {
    /// The module name.
    pub module: Option<String>,
    /// `domain:` of `use Ash.Resource`, as code.
    pub domain: Option<String>,
    /// `data_layer:` of `use Ash.Resource`, as code.
    pub data_layer: Option<String>,
    /// Attributes in declaration order.
    pub attributes: Vec<Attribute>,
    /// Relationships in declaration order.
    pub relationships: Vec<Relationship>,
    /// Identities in declaration order.
    pub identities: Vec<Identity>,
    /// Actions in declaration order.
    pub actions: Vec<Action>,
    /// `table` of the `postgres` (or `sqlite`) section.
    pub table: Option<String>,
    /// `repo` of the `postgres` (or `sqlite`) section, as code.
    pub repo: Option<String>,
    /// A `policies` section exists.
    pub has_policies: bool,
    /// `Ash.Policy.Authorizer` is among the `authorizers:`.
    pub has_authorizer: bool,
}

impl ResourceInfo {
    /// The attribute named `name`.
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name == name)
    }
}

fn options_of(call: Node<'_>, src: &str, skip: usize) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for arg in call_args(call).into_iter().skip(skip) {
        if arg.kind() == "keywords" {
            for p in syntax::pairs(arg) {
                let v = syntax::pair_value(p)
                    .map(|v| text(v, src).to_string())
                    .unwrap_or_default();
                out.push((syntax::pair_key(p, src), v));
            }
        }
    }
    if let Some(block) = do_block(call) {
        for item in block_items(block) {
            let Some(name) = call_name(item, src) else {
                continue;
            };
            let args = call_args(item);
            if args.len() == 1 {
                out.push((name.to_string(), text(args[0], src).to_string()));
            }
        }
    }
    out
}

fn bool_option(options: &[(String, String)], key: &str) -> Option<bool> {
    options
        .iter()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| match v.as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        })
}

fn line(n: Node<'_>) -> usize {
    n.start_position().row + 1
}

fn section_items<'t>(body: Node<'t>, src: &str, names: &[&str]) -> Vec<Node<'t>> {
    block_items(body)
        .into_iter()
        .filter(|n| {
            call_name(*n, src).is_some_and(|c| names.contains(&c)) && call_args(*n).is_empty()
        })
        .filter_map(do_block)
        .flat_map(block_items)
        .collect()
}

fn attribute(item: Node<'_>, src: &str) -> Option<Attribute> {
    let name = call_name(item, src)?;
    let (kind, implied) = match name {
        "attribute" => (AttributeKind::Attribute, None),
        "uuid_primary_key" => (AttributeKind::UuidPrimaryKey, Some(":uuid")),
        "uuid_v7_primary_key" => (AttributeKind::UuidV7PrimaryKey, Some(":uuid_v7")),
        "integer_primary_key" => (AttributeKind::IntegerPrimaryKey, Some(":integer")),
        "create_timestamp" => (AttributeKind::CreateTimestamp, Some(":utc_datetime_usec")),
        "update_timestamp" => (AttributeKind::UpdateTimestamp, Some(":utc_datetime_usec")),
        "timestamps" => (AttributeKind::Timestamps, Some(":utc_datetime_usec")),
        _ => return None,
    };
    let args = call_args(item);
    let attr_name = match kind {
        AttributeKind::Timestamps => "inserted_at/updated_at".to_string(),
        _ => atom_name(*args.first()?, src)?,
    };
    let (type_, skip) = match kind {
        AttributeKind::Attribute => {
            let t = args
                .get(1)
                .filter(|a| a.kind() != "keywords")
                .map(|a| text(*a, src).to_string());
            (t, 2)
        }
        _ => (implied.map(str::to_string), 1),
    };
    let options = options_of(item, src, skip);
    let primary_key = !matches!(
        kind,
        AttributeKind::Attribute
            | AttributeKind::CreateTimestamp
            | AttributeKind::UpdateTimestamp
            | AttributeKind::Timestamps
    ) || bool_option(&options, "primary_key?") == Some(true);
    Some(Attribute {
        name: attr_name,
        kind,
        type_,
        allow_nil: bool_option(&options, "allow_nil?"),
        public: bool_option(&options, "public?"),
        options,
        primary_key,
        line: line(item),
    })
}

fn actions_of(item: Node<'_>, src: &str, out: &mut Vec<Action>) {
    let Some(name) = call_name(item, src) else {
        return;
    };
    let args = call_args(item);
    match name {
        "defaults" => {
            let Some(list) = args.first().filter(|l| l.kind() == "list") else {
                return;
            };
            for e in syntax::list_elems(*list) {
                let kind = if e.kind() == "pair" {
                    Some(syntax::pair_key(e, src))
                } else {
                    atom_name(e, src)
                };
                if let Some(kind) = kind {
                    out.push(Action {
                        name: kind.clone(),
                        kind,
                        default: true,
                        line: line(e),
                    });
                }
            }
        }
        "create" | "read" | "update" | "destroy" | "action" => {
            if let Some(n) = args.first().and_then(|a| atom_name(*a, src)) {
                out.push(Action {
                    kind: name.to_string(),
                    name: n,
                    default: false,
                    line: line(item),
                });
            }
        }
        _ => {}
    }
}

impl Document {
    /// The name of the file's first `defmodule`.
    pub fn module_name(&self) -> Option<String> {
        let mut modules = Vec::new();
        syntax::modules(self.root(), self.text(), &mut modules);
        modules
            .first()
            .and_then(|m| syntax::module_name(*m, self.text()))
    }

    /// The `use` calls in the body of the file's first module.
    pub fn use_calls(&self) -> Vec<UseCall> {
        let src = self.text();
        let mut modules = Vec::new();
        syntax::modules(self.root(), src, &mut modules);
        let Some(body) = modules.first().and_then(|m| do_block(*m)) else {
            return Vec::new();
        };
        syntax::uses(body, src)
            .into_iter()
            .map(|(call, module)| {
                let args = call_args(call);
                UseCall {
                    module,
                    args: args
                        .iter()
                        .skip(1)
                        .filter(|a| a.kind() != "keywords")
                        .map(|a| text(*a, src).to_string())
                        .collect(),
                    options: options_of(call, src, 1),
                    line: line(call),
                }
            })
            .collect()
    }

    /// The structure of the Ash resource in this file (the module that
    /// `use Ash.Resource`); `None` when there is none.
    pub fn resource_info(&self) -> Option<ResourceInfo> {
        let src = self.text();
        let (body, use_call) = module_using(self, "Ash.Resource")?;
        let mut info = ResourceInfo {
            module: body.parent().and_then(|m| syntax::module_name(m, src)),
            ..ResourceInfo::default()
        };
        let opts = options_of(use_call, src, 1);
        let get = |k: &str| {
            opts.iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
        };
        info.domain = get("domain");
        info.data_layer = get("data_layer");
        if let Some(keywords) = call_args(use_call)
            .last()
            .filter(|k| k.kind() == "keywords")
        {
            if let Some(v) =
                syntax::find_pair(*keywords, src, "authorizers").and_then(syntax::pair_value)
            {
                let elems = if v.kind() == "list" {
                    syntax::list_elems(v)
                } else {
                    vec![v]
                };
                info.has_authorizer = elems
                    .iter()
                    .any(|e| alias_name(*e, src).as_deref() == Some("Ash.Policy.Authorizer"));
            }
        }
        for item in section_items(body, src, &["attributes"]) {
            info.attributes.extend(attribute(item, src));
        }
        for item in section_items(body, src, &["relationships"]) {
            let Some(kind) = call_name(item, src) else {
                continue;
            };
            if !matches!(kind, "belongs_to" | "has_one" | "has_many" | "many_to_many") {
                continue;
            }
            let args = call_args(item);
            let (Some(name), Some(dest)) =
                (args.first().and_then(|a| atom_name(*a, src)), args.get(1))
            else {
                continue;
            };
            info.relationships.push(Relationship {
                kind: kind.to_string(),
                name,
                destination: text(*dest, src).split_whitespace().collect(),
                options: options_of(item, src, 2),
                line: line(item),
            });
        }
        for item in section_items(body, src, &["identities"]) {
            if call_name(item, src) != Some("identity") {
                continue;
            }
            let args = call_args(item);
            let Some(name) = args.first().and_then(|a| atom_name(*a, src)) else {
                continue;
            };
            let keys = match args.get(1) {
                Some(l) if l.kind() == "list" => syntax::list_elems(*l)
                    .into_iter()
                    .filter_map(|e| atom_name(e, src))
                    .collect(),
                Some(a) => atom_name(*a, src).into_iter().collect(),
                None => Vec::new(),
            };
            info.identities.push(Identity {
                name,
                keys,
                line: line(item),
            });
        }
        for item in section_items(body, src, &["actions"]) {
            actions_of(item, src, &mut info.actions);
        }
        for item in section_items(body, src, &["postgres", "sqlite"]) {
            let args = call_args(item);
            match (call_name(item, src), args.first()) {
                (Some("table"), Some(a)) => info.table = syntax::string_literal(*a, src),
                (Some("repo"), Some(a)) => info.repo = Some(text(*a, src).to_string()),
                _ => {}
            }
        }
        info.has_policies = block_items(body)
            .into_iter()
            .any(|n| call_name(n, src) == Some("policies") && do_block(n).is_some());
        Some(info)
    }
}
