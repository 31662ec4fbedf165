//! What one file tells the checks, read from its syntax tree: processes
//! and the modules supervisors start, Ash resources and domains, migration
//! columns and indexes, literal secrets in config, and remote calls made
//! inside loops. Extraction is per file (so it runs on both cores); the
//! checks combine the facts of all files afterwards.

use tree_sitter::Node;

use super::syntax::{
    self, atom_name, block_items, bool_value, call_args, call_name, call_options, compact,
    do_block, enclosing_module, f, is, k, kids, line, modules, name_list, name_value, remote_call,
    section, string_literal, text, uses, Aliases, ModuleDef,
};
use crate::elixir::Document;

/// Everything the checks need from one file.
#[derive(Debug, Default, Clone)]
pub(crate) struct Facts {
    /// Project-relative path.
    pub path: String,
    /// GenServer/Agent/Task modules defined here.
    pub processes: Vec<Process>,
    /// Modules named where supervisors start children (full names).
    pub supervised: Vec<String>,
    /// Ash resources defined here.
    pub resources: Vec<Resource>,
    /// Ash domains defined here.
    pub domains: Vec<Domain>,
    /// Migration steps, in source order (from `change`/`up` only).
    pub migration: Vec<MigrationStep>,
    /// Literal secrets (config files).
    pub secrets: Vec<Secret>,
    /// `ash_domains` entries configured here (config files), with line.
    pub ash_domains: Vec<(String, usize)>,
    /// Remote calls made inside loops.
    pub loop_calls: Vec<LoopCall>,
}

/// A module that `use`s GenServer, Agent or Task.
#[derive(Debug, Clone)]
pub(crate) struct Process {
    pub module: String,
    /// `GenServer`, `Agent` or `Task`.
    pub kind: String,
    pub line: usize,
    /// The arities `start_link` accepts (empty: no `start_link`).
    pub start_link: Vec<usize>,
}

/// An Ash resource.
#[derive(Debug, Clone, Default)]
pub(crate) struct Resource {
    pub module: String,
    pub line: usize,
    /// The `domain:` option, resolved.
    pub domain: Option<String>,
    pub embedded: bool,
    pub table: Option<String>,
    pub has_policies: bool,
    pub has_policy_authorizer: bool,
    /// Any `authorizers:` given.
    pub has_authorizers: bool,
    /// `belongs_to` as (relationship, column, line).
    pub belongs_to: Vec<(String, String, usize)>,
    /// Attributes as (name, line).
    pub attributes: Vec<(String, usize)>,
    /// Keys of the identities.
    pub identities: Vec<Vec<String>>,
    /// Indexes the data layer creates: (columns, unique) from
    /// `custom_indexes` and `references ... index?: true`.
    pub indexes: Vec<(Vec<String>, bool)>,
    /// Code interface functions that read.
    pub getters: Vec<String>,
    /// It has a read action.
    pub has_read: bool,
}

/// An Ash domain.
#[derive(Debug, Clone, Default)]
pub(crate) struct Domain {
    pub module: String,
    pub line: usize,
    /// Listed resources (full names).
    pub resources: Vec<String>,
    /// Code interface functions that read, defined on the domain.
    pub getters: Vec<String>,
    /// `allow_unregistered? true`: any resource may use it.
    pub allow_unregistered: bool,
    /// `validate_config_inclusion?: false`: it need not be in `:ash_domains`.
    pub skip_config: bool,
}

/// One step of a migration that matters for the index checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum MigrationStep {
    /// `add :col, references(...)` in `create/alter table(:t)`.
    ForeignKey {
        table: String,
        column: String,
        line: usize,
    },
    /// `add :col, ...` (any column) in `create/alter table(:t)`.
    Column {
        table: String,
        column: String,
        line: usize,
    },
    /// `remove :col`.
    RemoveColumn { table: String, column: String },
    /// `create index(...)`, `create unique_index(...)` or raw SQL.
    CreateIndex {
        table: String,
        columns: Vec<String>,
        unique: bool,
    },
    /// `drop index(...)`.
    DropIndex { table: String, columns: Vec<String> },
    /// `drop table(:t)`.
    DropTable { table: String },
}

/// A secret written as a literal in a config file.
#[derive(Debug, Clone)]
pub(crate) struct Secret {
    pub line: usize,
    /// The key (`secret_key_base`, `password`) or `url`.
    pub key: String,
    /// The enclosing `config` call's app atom and second argument.
    pub app: Option<String>,
    pub sub: Option<String>,
    /// How it is written: a plain literal, a fallback default, or a URL
    /// with a password.
    pub how: SecretKind,
    /// Written as `key = "..."` rather than `key: "..."`.
    pub assignment: bool,
}

/// How a secret literal is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SecretKind {
    Literal,
    Fallback,
    UrlPassword,
}

/// A remote call inside the body of a loop.
#[derive(Debug, Clone)]
pub(crate) struct LoopCall {
    /// Full module name of the callee.
    pub module: String,
    pub function: String,
    pub line: usize,
    /// `Enum.map`, `for`, ...
    pub loop_name: String,
    pub loop_line: usize,
}

/// What to extract from a parsed file.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Want {
    pub processes: bool,
    pub supervised: bool,
    pub ash: bool,
    pub migration: bool,
    pub config: bool,
    pub loops: bool,
}

/// Extracts the wanted facts from a parsed document. `app` is the OTP app
/// (for `config :app, ash_domains: [...]`).
pub(crate) fn extract(path: &str, doc: &Document, want: Want, app: &str) -> Facts {
    let src = doc.text();
    let root = doc.root();
    let mods = modules(root, src);
    let aliases = Aliases::of(src, &mods);
    let mut facts = Facts {
        path: path.to_string(),
        ..Facts::default()
    };
    if want.processes {
        processes(&mods, src, &mut facts);
    }
    if want.supervised {
        supervised(root, &mods, src, &aliases, &mut facts);
    }
    if want.ash {
        ash(doc, &mods, src, &aliases, &mut facts);
    }
    if want.migration {
        migration(&mods, src, &mut facts);
    }
    if want.config {
        config(root, src, app, &mut facts);
    }
    if want.loops {
        loops(root, &mods, src, &aliases, &mut facts);
    }
    facts
}

fn processes(mods: &[(String, ModuleDef<'_>)], src: &str, facts: &mut Facts) {
    for (name, def) in mods {
        let items = block_items(def.body);
        let Some(kind) = uses(&items, src)
            .into_iter()
            .map(|(m, _)| m)
            .find(|m| matches!(m.as_str(), "GenServer" | "Agent" | "Task"))
        else {
            continue;
        };
        let mut arities = Vec::new();
        for item in &items {
            if call_name(*item, src) != Some("def") {
                continue;
            }
            let Some(head) = call_args(*item).first().copied() else {
                continue;
            };
            let head = when_left(head, src);
            if is(head, k().identifier) && text(head, src) == "start_link" {
                arities.push(0);
                continue;
            }
            if !is(head, k().call) || call_name(head, src) != Some("start_link") {
                continue;
            }
            let args = call_args(head);
            let defaults = args.iter().filter(|a| is_default_arg(**a, src)).count();
            for n in (args.len() - defaults)..=args.len() {
                arities.push(n);
            }
        }
        arities.sort_unstable();
        arities.dedup();
        facts.processes.push(Process {
            module: name.clone(),
            kind,
            line: line(def.call),
            start_link: arities,
        });
    }
}

/// `head when guard` → `head`.
fn when_left<'t>(node: Node<'t>, src: &str) -> Node<'t> {
    if is(node, k().binary_operator) {
        if let (Some(op), Some(left)) = (
            node.child_by_field_id(f().operator),
            node.child_by_field_id(f().left),
        ) {
            if text(op, src) == "when" {
                return left;
            }
        }
    }
    node
}

fn is_default_arg(node: Node<'_>, src: &str) -> bool {
    is(node, k().binary_operator)
        && node
            .child_by_field_id(f().operator)
            .is_some_and(|o| text(o, src) == "\\\\")
}

/// Calls that start children: `Supervisor.start_link(children, ...)`,
/// `DynamicSupervisor.start_child(sup, spec)`, `Supervisor.init(...)`, and
/// the same functions of any `...Supervisor` module (Horde, a project's
/// own dynamic supervisor wrapper).
fn is_start_call(module: &str, function: &str) -> bool {
    module.ends_with("Supervisor")
        && matches!(
            function,
            "start_link" | "start_child" | "init" | "child_spec" | "async" | "async_nolink"
        )
}

fn supervised(
    root: Node<'_>,
    mods: &[(String, ModuleDef<'_>)],
    src: &str,
    aliases: &Aliases,
    facts: &mut Facts,
) {
    let mut out = Vec::new();
    let collect = |scope: Node<'_>, out: &mut Vec<String>| {
        syntax::walk(scope, &mut |n| {
            if is(n, k().alias) {
                let current = enclosing_module(mods, n);
                out.push(aliases.resolve(&compact(text(n, src)), current));
            }
        });
    };
    // Every module an Application or Supervisor names may be a child.
    for (_, def) in mods {
        let items = block_items(def.body);
        let is_sup = uses(&items, src)
            .iter()
            .any(|(m, _)| matches!(m.as_str(), "Application" | "Supervisor"));
        if is_sup {
            collect(def.body, &mut out);
        }
    }
    syntax::walk(root, &mut |n| {
        if let Some((m, f)) = remote_call(n, src) {
            if is_start_call(&m, f) {
                for a in call_args(n) {
                    collect(a, &mut out);
                }
            }
        }
        // children = [...] anywhere
        if is(n, k().binary_operator) {
            let (Some(op), Some(left), Some(right)) = (
                n.child_by_field_id(f().operator),
                n.child_by_field_id(f().left),
                n.child_by_field_id(f().right),
            ) else {
                return;
            };
            if text(op, src) == "=" && is(left, k().identifier) && text(left, src) == "children" {
                collect(right, &mut out);
            }
        }
    });
    out.sort();
    out.dedup();
    facts.supervised = out;
}

fn ash(
    doc: &Document,
    mods: &[(String, ModuleDef<'_>)],
    src: &str,
    aliases: &Aliases,
    facts: &mut Facts,
) {
    for (name, def) in mods {
        let items = block_items(def.body);
        let used = uses(&items, src);
        if let Some((_, use_call)) = used.iter().find(|(m, _)| m == "Ash.Resource") {
            facts
                .resources
                .push(resource(doc, name, *def, &items, *use_call, src, aliases));
        }
        if let Some((_, use_call)) = used.iter().find(|(m, _)| m == "Ash.Domain") {
            let mut domain = Domain {
                module: name.clone(),
                line: line(def.call),
                ..Domain::default()
            };
            domain.skip_config = call_options(*use_call, src).iter().any(|(k, v)| {
                k == "validate_config_inclusion?" && bool_value(*v, src) == Some(false)
            });
            for item in section(&items, src, "resources") {
                if call_name(item, src) == Some("allow_unregistered?") {
                    domain.allow_unregistered |= call_args(item)
                        .first()
                        .is_some_and(|v| bool_value(*v, src) == Some(true));
                }
                if call_name(item, src) != Some("resource") {
                    continue;
                }
                let Some(first) = call_args(item)
                    .first()
                    .copied()
                    .filter(|a| is(*a, k().alias))
                else {
                    continue;
                };
                domain
                    .resources
                    .push(aliases.resolve(&compact(text(first, src)), Some(name)));
                if let Some(block) = do_block(item) {
                    domain.getters.extend(getters(&block_items(block), src));
                }
            }
            facts.domains.push(domain);
        }
    }
}

/// Code interface `define`s that read: `get_by:`, `get?: true`,
/// `get_by_identity:`, or a name that says so (`get_*`, `fetch_*`,
/// `read_*`, `list_*`).
fn getters(items: &[Node<'_>], src: &str) -> Vec<String> {
    let mut out = Vec::new();
    for item in items {
        if call_name(*item, src) != Some("define") {
            continue;
        }
        let Some(name) = call_args(*item).first().and_then(|a| atom_name(*a, src)) else {
            continue;
        };
        let opts = call_options(*item, src);
        let get = opts.iter().any(|(k, v)| {
            matches!(k.as_str(), "get_by" | "get_by_identity")
                || (k == "get?" && bool_value(*v, src) == Some(true))
        });
        let named = ["get_", "fetch_", "read_", "list_"]
            .iter()
            .any(|p| name.starts_with(p));
        if get || named {
            out.push(name.clone());
            out.push(format!("{name}!"));
        }
    }
    out
}

fn resource(
    doc: &Document,
    name: &str,
    def: ModuleDef<'_>,
    items: &[Node<'_>],
    use_call: Node<'_>,
    src: &str,
    aliases: &Aliases,
) -> Resource {
    let mut r = Resource {
        module: name.to_string(),
        line: line(def.call),
        ..Resource::default()
    };
    let opts = call_options(use_call, src);
    let opt = |k: &str| opts.iter().find(|(key, _)| key == k).map(|(_, v)| *v);
    r.domain = opt("domain")
        .filter(|v| is(*v, k().alias))
        .map(|v| aliases.resolve(&compact(text(v, src)), Some(name)));
    r.embedded = opt("data_layer").is_some_and(|v| text(v, src) == ":embedded");
    if let Some(v) = opt("authorizers") {
        let elems = if is(v, k().list) { kids(v) } else { vec![v] };
        r.has_authorizers = !elems.is_empty();
        r.has_policy_authorizer = elems.iter().any(|e| {
            is(*e, k().alias)
                && aliases.resolve(&compact(text(*e, src)), Some(name)) == "Ash.Policy.Authorizer"
        });
    }
    // The structure Ash generators care about comes from the shared query;
    // it reads the first resource of the file, which is this one in
    // practice (one resource per file).
    if let Some(info) = doc
        .resource_info()
        .filter(|i| i.module.as_deref() == Some(name))
    {
        r.table = info.table.clone();
        r.has_policies = info.has_policies;
        for rel in info
            .relationships
            .iter()
            .filter(|rel| rel.kind == "belongs_to")
        {
            let column = rel
                .options
                .iter()
                .find(|(k, _)| k == "source_attribute")
                .and_then(|(_, v)| v.strip_prefix(':').map(str::to_string))
                .unwrap_or_else(|| format!("{}_id", rel.name));
            r.belongs_to.push((rel.name.clone(), column, rel.line));
        }
        r.attributes = info
            .attributes
            .iter()
            .map(|a| (a.name.clone(), a.line))
            .collect();
        r.identities = info.identities.iter().map(|i| i.keys.clone()).collect();
        r.has_read = info.actions.iter().any(|a| a.kind == "read");
    }
    // Indexes the data layer adds: `custom_indexes do index [...] end` and
    // `references do reference :rel, index?: true end`.
    for dl in ["postgres", "sqlite"] {
        for item in section(items, src, dl) {
            match call_name(item, src) {
                Some("custom_indexes") => {
                    for idx in do_block(item).map(block_items).unwrap_or_default() {
                        if call_name(idx, src) != Some("index") {
                            continue;
                        }
                        let Some(cols) = call_args(idx).first().map(|a| name_list(*a, src)) else {
                            continue;
                        };
                        let unique = call_options(idx, src)
                            .iter()
                            .any(|(k, v)| k == "unique" && bool_value(*v, src) == Some(true));
                        r.indexes.push((cols, unique));
                    }
                }
                Some("references") => {
                    for reference in do_block(item).map(block_items).unwrap_or_default() {
                        if call_name(reference, src) != Some("reference") {
                            continue;
                        }
                        let Some(rel) = call_args(reference)
                            .first()
                            .and_then(|a| atom_name(*a, src))
                        else {
                            continue;
                        };
                        let mut opts = call_options(reference, src);
                        if let Some(block) = do_block(reference) {
                            for i in block_items(block) {
                                if let (Some(k), Some(v)) =
                                    (call_name(i, src), call_args(i).first())
                                {
                                    opts.push((k.to_string(), *v));
                                }
                            }
                        }
                        if opts
                            .iter()
                            .any(|(k, v)| k == "index?" && bool_value(*v, src) == Some(true))
                        {
                            if let Some((_, col, _)) =
                                r.belongs_to.iter().find(|(n, _, _)| *n == rel)
                            {
                                r.indexes.push((vec![col.clone()], false));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    r.getters = getters(&section(items, src, "code_interface"), src);
    r
}

fn migration(mods: &[(String, ModuleDef<'_>)], src: &str, facts: &mut Facts) {
    for (_, def) in mods {
        let items = block_items(def.body);
        if !uses(&items, src).iter().any(|(m, _)| m == "Ecto.Migration") {
            continue;
        }
        for item in &items {
            if call_name(*item, src) != Some("def") {
                continue;
            }
            let Some(head) = call_args(*item).first().copied() else {
                continue;
            };
            let fname = match head.kind() {
                "identifier" => text(head, src),
                "call" => call_name(head, src).unwrap_or(""),
                _ => "",
            };
            if !matches!(fname, "change" | "up") {
                continue;
            }
            if let Some(block) = do_block(*item) {
                migration_block(block, src, &mut facts.migration);
            }
        }
    }
}

/// `table(:posts)` / `table("posts", prefix: ...)` → `posts`.
fn table_of(node: Node<'_>, src: &str) -> Option<String> {
    (call_name(node, src) == Some("table")).then_some(())?;
    call_args(node).first().and_then(|a| name_value(*a, src))
}

/// `index(:posts, [:a, :b], unique: true)` → (table, columns, unique).
fn index_of(node: Node<'_>, src: &str) -> Option<(String, Vec<String>, bool)> {
    let kind = call_name(node, src)?;
    if !matches!(kind, "index" | "unique_index") {
        return None;
    }
    let args = call_args(node);
    let table = args.first().and_then(|a| name_value(*a, src))?;
    let columns = args
        .get(1)
        .filter(|a| !is(**a, k().keywords))
        .map(|a| name_list(*a, src))
        .unwrap_or_default();
    let unique = kind == "unique_index"
        || call_options(node, src)
            .iter()
            .any(|(k, v)| k == "unique" && bool_value(*v, src) == Some(true));
    Some((table, columns, unique))
}

fn migration_block(block: Node<'_>, src: &str, out: &mut Vec<MigrationStep>) {
    // Statements are read in order; blocks that are not a table's (an
    // `if`, a `for`, a `repo().transaction`) are searched too, but the
    // columns of a table only through the table's own block.
    for n in block_items(block) {
        match call_name(n, src) {
            Some("create" | "create_if_not_exists" | "alter") => {
                let Some(first) = call_args(n).first().copied() else {
                    continue;
                };
                if let Some((table, columns, unique)) = index_of(first, src) {
                    out.push(MigrationStep::CreateIndex {
                        table,
                        columns,
                        unique,
                    });
                    continue;
                }
                let (Some(table), Some(body)) = (table_of(first, src), do_block(n)) else {
                    continue;
                };
                for col in block_items(body) {
                    columns(col, &table, src, out);
                }
            }
            Some("drop" | "drop_if_exists") => {
                let Some(first) = call_args(n).first().copied() else {
                    continue;
                };
                if let Some((table, columns, _)) = index_of(first, src) {
                    out.push(MigrationStep::DropIndex { table, columns });
                } else if let Some(table) = table_of(first, src) {
                    out.push(MigrationStep::DropTable { table });
                }
            }
            Some("execute") => {
                if let Some(sql) = call_args(n).first().and_then(|a| sql_text(*a, src)) {
                    if let Some((table, columns, unique)) = sql_index(&sql) {
                        out.push(MigrationStep::CreateIndex {
                            table,
                            columns,
                            unique,
                        });
                    }
                }
            }
            _ => {
                if let Some(inner) = do_block(n) {
                    migration_block(inner, src, out);
                }
            }
        }
    }
}

/// The text of a string or heredoc argument (interpolations left as is).
fn sql_text(node: Node<'_>, src: &str) -> Option<String> {
    (is(node, k().string)).then(|| {
        kids(node)
            .into_iter()
            .filter(|q| is(*q, k().quoted_content))
            .map(|q| text(q, src))
            .collect::<String>()
    })
}

/// `CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] name ON [ONLY]
/// table [USING m] (col, ...)` → (table, columns, unique).
pub(crate) fn sql_index(sql: &str) -> Option<(String, Vec<String>, bool)> {
    let upper = sql.to_ascii_uppercase();
    let words: Vec<&str> = upper.split_whitespace().collect();
    let create = words.iter().position(|w| *w == "CREATE")?;
    let unique = words.get(create + 1) == Some(&"UNIQUE");
    let index_at = create + 1 + usize::from(unique);
    if words.get(index_at) != Some(&"INDEX") {
        return None;
    }
    // Work on the original text after " ON " to keep the table's case.
    let on = upper.find(" ON ")?;
    let rest = sql[on + 4..].trim_start();
    let rest = rest
        .strip_prefix("ONLY ")
        .or_else(|| rest.strip_prefix("only "))
        .unwrap_or(rest)
        .trim_start();
    let paren = rest.find('(')?;
    let mut table_part = rest[..paren].trim();
    if let Some(i) = table_part.to_ascii_uppercase().find(" USING ") {
        table_part = table_part[..i].trim();
    }
    let table = table_part.rsplit('.').next()?.trim_matches('"').to_string();
    // The column list up to its balanced closing parenthesis; expressions
    // such as `lower(email)` stay whole.
    let mut columns = Vec::new();
    let (mut depth, mut current) = (0usize, String::new());
    for ch in rest[paren + 1..].chars() {
        match ch {
            '(' => depth += 1,
            ')' if depth == 0 => break,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                columns.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(ch);
    }
    columns.push(current);
    let columns: Vec<String> = columns
        .iter()
        .map(|c| {
            let c = c.trim();
            // `email DESC`, `"email" text_pattern_ops`: the column itself.
            let c = if c.contains('(') {
                c
            } else {
                c.split_whitespace().next().unwrap_or("")
            };
            c.trim_matches('"').to_string()
        })
        .filter(|c| !c.is_empty())
        .collect();
    (!table.is_empty()).then_some((table, columns, unique))
}

fn columns(col: Node<'_>, table: &str, src: &str, out: &mut Vec<MigrationStep>) {
    let Some(name) = call_name(col, src) else {
        return;
    };
    let args = call_args(col);
    let Some(column) = args.first().and_then(|a| atom_name(*a, src)) else {
        return;
    };
    match name {
        "add" | "add_if_not_exists" | "modify" => {
            let opts = call_options(col, src);
            let primary = opts
                .iter()
                .any(|(k, v)| k == "primary_key" && bool_value(*v, src) == Some(true));
            let references = args
                .get(1)
                .is_some_and(|t| call_name(*t, src) == Some("references"));
            if references && !primary {
                out.push(MigrationStep::ForeignKey {
                    table: table.to_string(),
                    column: column.clone(),
                    line: line(col),
                });
            }
            if name != "modify" {
                out.push(MigrationStep::Column {
                    table: table.to_string(),
                    column,
                    line: line(col),
                });
            }
        }
        "remove" | "remove_if_exists" => {
            out.push(MigrationStep::RemoveColumn {
                table: table.to_string(),
                column,
            });
        }
        _ => {}
    }
}

/// Key names that hold secrets.
pub(crate) fn secret_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    let k = k.trim_end_matches('?');
    let not_a_value = [
        "_file", "_path", "_env", "_name", "_header", "_field", "_param", "_length", "_ttl",
        "_salt",
    ];
    if not_a_value.iter().any(|s| k.ends_with(s)) {
        return false;
    }
    k.contains("secret")
        || k.contains("password")
        || k.contains("passwd")
        || k == "pass"
        || k.contains("api_key")
        || k.contains("apikey")
        || k.contains("access_key")
        || k.contains("private_key")
        || k.contains("encryption_key")
        || k.contains("signing_key")
        || k == "token"
        || k.ends_with("_token")
}

/// `scheme://user:password@host` with a non-empty password.
pub(crate) fn url_with_password(s: &str) -> bool {
    let Some((_, rest)) = s.split_once("://") else {
        return false;
    };
    let Some(at) = rest.find('@') else {
        return false;
    };
    let userinfo = &rest[..at];
    if userinfo.contains('/') {
        return false;
    }
    userinfo.split_once(':').is_some_and(|(_, p)| !p.is_empty())
}

/// `System.get_env("X", "default")` or `System.get_env("X") || "default"`
/// with a non-empty literal default.
fn fallback_literal(node: Node<'_>, src: &str) -> bool {
    if let Some((m, f)) = remote_call(node, src) {
        if m == "System" && f == "get_env" {
            return call_args(node)
                .get(1)
                .and_then(|d| string_literal(*d, src))
                .is_some_and(|d| !d.is_empty());
        }
        return false;
    }
    if is(node, k().binary_operator) {
        let (Some(op), Some(left), Some(right)) = (
            node.child_by_field_id(f().operator),
            node.child_by_field_id(f().left),
            node.child_by_field_id(f().right),
        ) else {
            return false;
        };
        if text(op, src) == "||" {
            let env = remote_call(left, src).is_some_and(|(m, f)| m == "System" && f == "get_env");
            return env && string_literal(right, src).is_some_and(|d| !d.is_empty());
        }
    }
    false
}

fn config(root: Node<'_>, src: &str, app: &str, facts: &mut Facts) {
    // The enclosing `config` call of a node: (app, sub).
    let config_of = |n: Node<'_>| -> (Option<String>, Option<String>) {
        let mut cur = n.parent();
        while let Some(c) = cur {
            if call_name(c, src) == Some("config") {
                let args = call_args(c);
                let app = args.first().and_then(|a| atom_name(*a, src));
                let sub = args
                    .get(1)
                    .filter(|a| !is(**a, k().keywords))
                    .map(|a| compact(text(*a, src)));
                return (app, sub);
            }
            cur = c.parent();
        }
        (None, None)
    };
    syntax::walk(root, &mut |n| match n.kind() {
        // Modules named in config may be started by a library from there
        // (Oban plugins, Quantum schedulers...): they count as started.
        "alias" => facts.supervised.push(compact(text(n, src))),
        // config :app, :key, value
        "call" if call_name(n, src) == Some("config") => {
            let args = call_args(n);
            let (Some(a), Some(key), Some(v)) = (
                args.first().and_then(|a| atom_name(*a, src)),
                args.get(1).and_then(|k| atom_name(*k, src)),
                args.get(2).copied(),
            ) else {
                return;
            };
            if key == "ash_domains" {
                if a == app && is(v, k().list) {
                    for e in kids(v).into_iter().filter(|e| is(*e, k().alias)) {
                        facts.ash_domains.push((compact(text(e, src)), line(e)));
                    }
                }
                return;
            }
            let how = match string_literal(v, src) {
                Some(s) if secret_key(&key) && !s.is_empty() => Some(SecretKind::Literal),
                Some(s) if url_with_password(&s) => Some(SecretKind::UrlPassword),
                Some(_) => None,
                None if secret_key(&key) && fallback_literal(v, src) => Some(SecretKind::Fallback),
                None => None,
            };
            if let Some(how) = how {
                facts.secrets.push(Secret {
                    line: line(v),
                    key,
                    app: Some(a),
                    sub: None,
                    how,
                    assignment: false,
                });
            }
        }
        "pair" => {
            let (Some(key_node), Some(v)) =
                (n.child_by_field_id(f().key), n.child_by_field_id(f().value))
            else {
                return;
            };
            let key = syntax::key_name(text(key_node, src));
            if key == "ash_domains" {
                let (a, sub) = config_of(n);
                if a.as_deref() == Some(app) && sub.is_none() && is(v, k().list) {
                    for e in kids(v).into_iter().filter(|e| is(*e, k().alias)) {
                        facts.ash_domains.push((compact(text(e, src)), line(e)));
                    }
                }
                return;
            }
            let how = if let Some(s) = string_literal(v, src) {
                if secret_key(&key) && !s.is_empty() {
                    Some(SecretKind::Literal)
                } else if url_with_password(&s) {
                    Some(SecretKind::UrlPassword)
                } else {
                    None
                }
            } else if secret_key(&key) && fallback_literal(v, src) {
                Some(SecretKind::Fallback)
            } else {
                None
            };
            if let Some(how) = how {
                let (app, sub) = config_of(n);
                facts.secrets.push(Secret {
                    line: line(v),
                    key,
                    app,
                    sub,
                    how,
                    assignment: false,
                });
            }
        }
        "binary_operator" => {
            let (Some(op), Some(left), Some(right)) = (
                n.child_by_field_id(f().operator),
                n.child_by_field_id(f().left),
                n.child_by_field_id(f().right),
            ) else {
                return;
            };
            if text(op, src) != "=" || !is(left, k().identifier) {
                return;
            }
            let key = text(left, src).to_string();
            let how = match string_literal(right, src) {
                Some(s) if secret_key(&key) && !s.is_empty() => Some(SecretKind::Literal),
                Some(s) if url_with_password(&s) => Some(SecretKind::UrlPassword),
                Some(_) => None,
                None if secret_key(&key) && fallback_literal(right, src) => {
                    Some(SecretKind::Fallback)
                }
                None => None,
            };
            if let Some(how) = how {
                facts.secrets.push(Secret {
                    line: line(right),
                    key,
                    app: None,
                    sub: None,
                    how,
                    assignment: true,
                });
            }
        }
        _ => {}
    });
}

/// `Enum.*`/`Stream.*` calls with a function argument, and `for`
/// comprehensions: the nodes whose evaluation repeats per element.
fn loop_bodies<'t>(n: Node<'t>, src: &str) -> Option<(String, Vec<Node<'t>>)> {
    if let Some((m, f)) = remote_call(n, src) {
        if !matches!(m.as_str(), "Enum" | "Stream" | "Task") {
            return None;
        }
        if m == "Task" && f != "async_stream" {
            return None;
        }
        let bodies: Vec<Node<'t>> = call_args(n)
            .into_iter()
            .filter(|a| {
                is(*a, k().anonymous_function)
                    || (is(*a, k().unary_operator) && text(*a, src).starts_with('&'))
            })
            .collect();
        return (!bodies.is_empty()).then(|| (format!("{m}.{f}"), bodies));
    }
    if call_name(n, src) == Some("for") {
        let mut bodies: Vec<Node<'t>> = do_block(n).into_iter().collect();
        for (k, v) in call_options(n, src) {
            if k == "do" || k == "reduce" {
                bodies.push(v);
            }
        }
        return (!bodies.is_empty()).then(|| ("for".to_string(), bodies));
    }
    None
}

fn loops(
    root: Node<'_>,
    mods: &[(String, ModuleDef<'_>)],
    src: &str,
    aliases: &Aliases,
    facts: &mut Facts,
) {
    // (call start byte) → index in facts.loop_calls, so that the innermost
    // loop wins for calls inside nested loops.
    let mut seen: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    syntax::walk(root, &mut |n| {
        let Some((loop_name, bodies)) = loop_bodies(n, src) else {
            return;
        };
        for body in bodies {
            syntax::walk(body, &mut |c| {
                let Some((m, f)) = remote_call(c, src) else {
                    return;
                };
                let current = enclosing_module(mods, c);
                let call = LoopCall {
                    module: aliases.resolve(&m, current),
                    function: f.to_string(),
                    line: line(c),
                    loop_name: loop_name.clone(),
                    loop_line: line(n),
                };
                match seen.get(&c.start_byte()) {
                    Some(&i) => facts.loop_calls[i] = call,
                    None => {
                        seen.insert(c.start_byte(), facts.loop_calls.len());
                        facts.loop_calls.push(call);
                    }
                }
            });
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(src: &str, want: Want) -> Facts {
        let doc = Document::parse(src).unwrap();
        extract("x.ex", &doc, want, "shop")
    }

    #[test]
    fn sql_indexes() {
        assert_eq!(
            sql_index("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS x ON public.\"users\" USING btree (lower(email), org_id)"),
            Some(("users".into(), vec!["lower(email)".into(), "org_id".into()], true))
        );
        assert_eq!(
            sql_index("create index posts_author_id_index on posts (author_id)"),
            Some(("posts".into(), vec!["author_id".into()], false))
        );
        assert_eq!(sql_index("CREATE TABLE x (a int)"), None);
    }

    #[test]
    fn secret_keys() {
        for k in [
            "secret_key_base",
            "password",
            "api_key",
            "access_token",
            "token",
            "client_secret",
            "db_password",
        ] {
            assert!(secret_key(k), "{k}");
        }
        for k in [
            "signing_salt",
            "token_header",
            "password_file",
            "secret_key_path",
            "tokenizer",
            "url",
            "key",
        ] {
            assert!(!secret_key(k), "{k}");
        }
        assert!(url_with_password("ecto://postgres:hunter2@db/shop"));
        assert!(!url_with_password("ecto://postgres@db/shop"));
        assert!(!url_with_password("https://example.com/a:b@c"));
    }

    #[test]
    fn start_link_arities() {
        let f = facts(
            "defmodule A do\n  use GenServer\n  def start_link(opts \\\\ []), do: GenServer.start_link(__MODULE__, opts)\nend\n\ndefmodule B do\n  use Agent\n  def start_link, do: Agent.start_link(fn -> 1 end)\nend\n",
            Want { processes: true, ..Want::default() },
        );
        assert_eq!(f.processes.len(), 2);
        assert_eq!(f.processes[0].start_link, vec![0, 1]);
        assert_eq!(f.processes[1].start_link, vec![0]);
    }

    #[test]
    fn loop_calls_resolve_aliases_and_pick_the_innermost_loop() {
        let src = "defmodule Shop.X do\n  alias Shop.{Repo, Accounts}\n\n  def f(ids) do\n    Enum.map(ids, fn id ->\n      for x <- id, do: Repo.get(X, x)\n    end)\n\n    Enum.map(ids, &Accounts.get_user!/1)\n  end\nend\n";
        let f = facts(
            src,
            Want {
                loops: true,
                ..Want::default()
            },
        );
        let calls: Vec<(String, String, String)> = f
            .loop_calls
            .iter()
            .map(|c| (c.module.clone(), c.function.clone(), c.loop_name.clone()))
            .collect();
        assert!(
            calls.contains(&("Shop.Repo".into(), "get".into(), "for".into())),
            "{calls:?}"
        );
        assert!(
            calls.contains(&(
                "Shop.Accounts".into(),
                "get_user!".into(),
                "Enum.map".into()
            )),
            "{calls:?}"
        );
    }
}
