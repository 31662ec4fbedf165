//! Ecto migrations with the right indexes, and the AshPostgres snapshots
//! that keep `mix ash.codegen` in step with them.
//!
//! Entry points:
//! - [`plan_resource`]: the create-table migration and the resource
//!   snapshot for an AshPostgres resource (used by `scaffold ash-resource`).
//! - [`plan_extensions`]: the migration and `extensions.json` for the
//!   extensions the repo's `installed_extensions/0` asks for (used by
//!   `scaffold init`).
//! - [`plan_index_migration`]: one "add index" migration.
//! - [`plan_standalone`]: `scaffold migration NAME [OPS...]`.
//! - [`next_timestamp`]: the timestamp rule, strictly after every
//!   migration in the folder.
//!
//! Every foreign key gets an index and every unique field a unique index
//! named the way AshPostgres names the identity's index. Migrations are
//! `change/0` when Ecto can reverse every statement, `up/0`/`down/0`
//! otherwise.

mod code;
pub mod snapshot;
pub mod timestamp;

pub use code::{layout_groups, Call, Expr, Stmt, LINE_WIDTH};
pub use timestamp::{next_timestamp, Clock, UtcDateTime};

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::Serialize;

use crate::changes::ChangeSet;
use crate::error::{Error, Result};
use crate::generators::Context;
use crate::spec::literal;
use crate::spec::migration::{ColumnSpec, ColumnType, IndexSpec, MigrationKind, MigrationSpec};
use crate::spec::resource::{DataLayer, PrimaryKey, ResourceSpec};
use crate::spec::ScalarType;

/// The template of every migration but the extensions one.
pub const MIGRATION_TEMPLATE: &str = "migration/migration.exs";
/// The template of the extensions migration.
pub const EXTENSIONS_TEMPLATE: &str = "migration/install_extensions.exs";

// ---------------------------------------------------------------------------
// Where things live
// ---------------------------------------------------------------------------

/// The repo and its folders, relative to the project root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepoLayout {
    /// `Shop.Repo`
    pub repo: String,
    /// `priv/repo/migrations` (or `apps/shop/priv/...` in an umbrella).
    pub migrations: String,
    /// `priv/resource_snapshots/repo`
    pub snapshots: String,
}

impl RepoLayout {
    /// The layout of the project's repo; an error when it has none.
    pub fn of(ctx: &Context) -> Result<RepoLayout> {
        let p = ctx.project;
        let (Some(repo), Some(migrations)) = (&p.repo, &p.paths.migrations) else {
            return Err(Error::input_hint(
                format!("{} has no Ecto repo, so there is nowhere to put migrations", p.paths.mix_exs),
                "add one (`config :shop, ecto_repos: [Shop.Repo]` and lib/shop/repo.ex), as `mix phx.new` does",
            ));
        };
        let last = repo.rsplit('.').next().unwrap_or(repo);
        let snapshots = p.app_path(&format!(
            "priv/resource_snapshots/{}",
            crate::spec::names::macro_underscore(last)
        ));
        Ok(RepoLayout {
            repo: repo.clone(),
            migrations: migrations.clone(),
            snapshots,
        })
    }

    /// The module of a migration named `camel`: `Shop.Repo.Migrations.CreatePosts`.
    pub fn module(&self, camel: &str) -> String {
        format!("{}.Migrations.{camel}", self.repo)
    }
}

/// Names of the files directly in `dir` (project-relative), as the change
/// set sees it: on disk plus planned, minus planned deletions. Sorted.
pub fn list_dir(set: &ChangeSet, dir: &str) -> Result<Vec<String>> {
    let mut names: BTreeSet<String> = BTreeSet::new();
    let full = crate::changes::resolve_in_project(set.root(), dir)?;
    if let Ok(entries) = std::fs::read_dir(&full) {
        for e in entries.flatten() {
            if e.file_type().map(|t| t.is_file()).unwrap_or(false) {
                names.insert(e.file_name().to_string_lossy().into_owned());
            }
        }
    }
    let prefix = format!("{}/", dir.trim_end_matches('/'));
    for f in set.files_under(&prefix) {
        let name = &f.path[prefix.len()..];
        if name.contains('/') {
            continue;
        }
        if f.delete {
            names.remove(name);
        } else {
            names.insert(name.to_string());
        }
    }
    Ok(names.into_iter().collect())
}

/// The migrations in the folder: file names that start with a number and
/// end in `.exs`, sorted.
pub fn existing_migrations(set: &ChangeSet, layout: &RepoLayout) -> Result<Vec<String>> {
    Ok(migrations(set, layout)?.files.keys().cloned().collect())
}

/// What scaffold needs to know of one migration file.
#[derive(Debug, Clone, Default)]
struct MigrationFacts {
    /// The change-set revision of the content these facts come from.
    revision: u64,
    /// The module it defines.
    module: Option<String>,
    /// The extensions it installs.
    extensions: Vec<String>,
    /// Its `create ...` / `create_if_not_exists ...` lines, trimmed.
    creates: Vec<String>,
}

impl MigrationFacts {
    fn of(text: &str, revision: u64) -> MigrationFacts {
        MigrationFacts {
            revision,
            module: defined_module(text).map(str::to_string),
            extensions: extensions_in_migration(text),
            creates: text
                .lines()
                .map(str::trim_start)
                .filter(|l| l.starts_with("create ") || l.starts_with("create_if_not_exists "))
                .map(str::to_string)
                .collect(),
        }
    }
}

/// The migrations folder as the change set sees it.
#[derive(Debug, Clone, Default)]
struct Migrations {
    /// File name → facts, sorted by name.
    files: BTreeMap<String, Arc<MigrationFacts>>,
    /// The folder's revision in the change set when this was made.
    revision: u64,
    /// The change set's rollback count when this was made.
    rollbacks: u64,
}

/// The migrations folder, summarised once per change to it: large plans
/// (a spec with hundreds of resources) ask about it for every table. The
/// summary is updated from the previous one, reading only the files that
/// changed since.
fn migrations(set: &ChangeSet, layout: &RepoLayout) -> Result<Arc<Migrations>> {
    let prefix = format!("{}/", layout.migrations.trim_end_matches('/'));
    let revision = set.revision_under(&prefix);
    set.memo(
        "migrations",
        &prefix,
        revision,
        |previous: Option<Arc<Migrations>>| match previous {
            // Without a rollback since, only the files planned after the
            // previous summary changed.
            Some(p) if p.rollbacks == set.rollbacks() => Ok(Arc::new(updated_migrations(
                set,
                &prefix,
                Arc::unwrap_or_clone(p),
                revision,
            ))),
            other => {
                scanned_migrations(set, layout, &prefix, other.as_deref(), revision).map(Arc::new)
            }
        },
    )
}

fn is_migration(name: &str) -> bool {
    name.ends_with(".exs") && name.starts_with(|c: char| c.is_ascii_digit())
}

/// `summary` brought up to `revision` of the folder: the files planned
/// since are read again.
fn updated_migrations(
    set: &ChangeSet,
    prefix: &str,
    mut summary: Migrations,
    revision: u64,
) -> Migrations {
    for f in set.files_under(prefix) {
        let name = &f.path[prefix.len()..];
        if f.revision <= summary.revision || name.contains('/') || !is_migration(name) {
            continue;
        }
        if f.delete {
            summary.files.remove(name);
        } else {
            let facts = MigrationFacts::of(&f.new, f.revision);
            summary.files.insert(name.to_string(), Arc::new(facts));
        }
    }
    summary.revision = revision;
    summary
}

/// The folder summarised afresh (the facts of files unchanged since
/// `previous` are kept).
fn scanned_migrations(
    set: &ChangeSet,
    layout: &RepoLayout,
    prefix: &str,
    previous: Option<&Migrations>,
    revision: u64,
) -> Result<Migrations> {
    let reuse = |name: &str, revision: u64| {
        previous
            .and_then(|p| p.files.get(name))
            .filter(|f| f.revision == revision)
            .cloned()
    };
    // The folder on disk does not change while a plan is made.
    let on_disk = set.memo("migrations on disk", prefix, 0, |_| {
        let mut names = Vec::new();
        let full = crate::changes::resolve_in_project(set.root(), &layout.migrations)?;
        if let Ok(entries) = std::fs::read_dir(&full) {
            for e in entries.flatten() {
                if e.file_type().map(|t| t.is_file()).unwrap_or(false) {
                    names.push(e.file_name().to_string_lossy().into_owned());
                }
            }
        }
        Ok(Arc::new(names))
    })?;
    let mut files = BTreeMap::new();
    for name in on_disk.iter() {
        if !is_migration(name) || set.get(&format!("{prefix}{name}")).is_some() {
            continue;
        }
        let facts = match reuse(name, 0) {
            Some(f) => f,
            None => {
                let text = set.read(&format!("{prefix}{name}"))?.unwrap_or_default();
                Arc::new(MigrationFacts::of(&text, 0))
            }
        };
        files.insert(name.clone(), facts);
    }
    for f in set.files_under(prefix) {
        let name = &f.path[prefix.len()..];
        if name.contains('/') || f.delete || !is_migration(name) {
            continue;
        }
        let facts = reuse(name, f.revision)
            .unwrap_or_else(|| Arc::new(MigrationFacts::of(&f.new, f.revision)));
        files.insert(name.to_string(), facts);
    }
    Ok(Migrations {
        files,
        revision,
        rollbacks: set.rollbacks(),
    })
}

/// `20250101120000_create_posts.exs` → `create_posts`.
fn name_part(file: &str) -> &str {
    let stem = file.strip_suffix(".exs").unwrap_or(file);
    match stem.split_once('_') {
        Some((_, rest)) => rest,
        None => "",
    }
}

/// The module a migration file defines (`defmodule X do` on its first
/// such line).
fn defined_module(text: &str) -> Option<&str> {
    text.lines().find_map(|l| {
        let rest = l.trim_start().strip_prefix("defmodule ")?;
        rest.split_whitespace()
            .next()
            .map(|m| m.trim_end_matches(','))
    })
}

/// A migration file found in the folder.
struct Found {
    path: String,
    text: String,
}

/// Existing migrations named `name` or defining `module`.
fn find_migration(
    set: &ChangeSet,
    layout: &RepoLayout,
    name: &str,
    module: &str,
) -> Result<Vec<Found>> {
    let mut out = Vec::new();
    for (file, facts) in &migrations(set, layout)?.files {
        if name_part(file) == name || facts.module.as_deref() == Some(module) {
            let path = format!("{}/{file}", layout.migrations);
            let text = set.read(&path)?.unwrap_or_default();
            out.push(Found { path, text });
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------

/// What a migration's body is.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// `def change`: every statement is reversible. Groups are separated
    /// by blank lines.
    Change(Vec<Vec<Stmt>>),
    /// `def up` and `def down`.
    UpDown {
        /// Statements of `up`.
        up: Vec<Vec<Stmt>>,
        /// Statements of `down`.
        down: Vec<Vec<Stmt>>,
    },
}

/// One migration to render.
#[derive(Debug, Clone, PartialEq)]
pub struct Migration {
    /// The full module name.
    pub module: String,
    /// Build indexes concurrently: no DDL transaction, no migration lock.
    pub disable_ddl_transaction: bool,
    /// The body.
    pub body: Body,
}

#[derive(Serialize)]
struct MigrationView {
    module: String,
    disable_ddl_transaction: bool,
    change: Option<String>,
    up: Option<String>,
    down: Option<String>,
}

/// Renders `m` with the `migration/migration.exs` template.
pub fn render(ctx: &Context, m: &Migration) -> Result<String> {
    let (change, up, down) = match &m.body {
        Body::Change(groups) => (Some(code::layout_groups(groups, 4)), None, None),
        Body::UpDown { up, down } => (
            None,
            Some(code::layout_groups(up, 4)),
            Some(code::layout_groups(down, 4)),
        ),
    };
    let view = MigrationView {
        module: m.module.clone(),
        disable_ddl_transaction: m.disable_ddl_transaction,
        change,
        up,
        down,
    };
    ctx.renderer.render(MIGRATION_TEMPLATE, view)
}

/// Plans `<migrations>/<timestamp>_<name>.exs`, refusing a name or module
/// another migration already uses (Ecto refuses duplicate modules when it
/// runs them). Returns the path.
fn plan_new_file(
    set: &mut ChangeSet,
    layout: &RepoLayout,
    name: &str,
    module: &str,
    content: String,
    clock: Clock,
) -> Result<String> {
    if let Some(found) = find_migration(set, layout, name, module)?.first() {
        return Err(Error::input_hint(
            format!(
                "a migration named `{name}` ({module}) already exists: {}",
                found.path
            ),
            "choose another name; Ecto refuses two migrations with the same module",
        ));
    }
    let ts = next_timestamp(&existing_migrations(set, layout)?, clock.now());
    let path = format!("{}/{ts}_{name}.exs", layout.migrations);
    set.create(&path, content)?;
    Ok(path)
}

// ---------------------------------------------------------------------------
// Statements
// ---------------------------------------------------------------------------

fn atom(name: &str) -> Expr {
    Expr::raw(literal::atom(name))
}

fn string(s: &str) -> Expr {
    Expr::raw(literal::string(s))
}

fn kw(pairs: Vec<(&str, Expr)>) -> Vec<(String, Expr)> {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// `index(:posts, [:author_id])`, `unique_index(:posts, [:slug], name: "...")`.
fn index_call(
    table: &str,
    columns: &[&str],
    unique: bool,
    name: Option<&str>,
    concurrently: bool,
) -> Expr {
    let mut keywords = Vec::new();
    if let Some(n) = name {
        keywords.push(("name", string(n)));
    }
    if concurrently {
        keywords.push(("concurrently", Expr::raw("true")));
    }
    Expr::Call(Call::new(
        if unique { "unique_index" } else { "index" },
        vec![atom(table), Expr::atoms(columns)],
        kw(keywords),
    ))
}

/// `create index(...)`.
fn create_index(
    table: &str,
    columns: &[&str],
    unique: bool,
    name: Option<&str>,
    concurrently: bool,
) -> Stmt {
    Stmt::call(
        "create",
        vec![index_call(table, columns, unique, name, concurrently)],
        vec![],
    )
}

/// The `on_delete:` value of a reference: `:delete_all`, `:nilify_all`, …
fn on_delete_code(on_delete: &str) -> &'static str {
    match on_delete {
        "delete" => ":delete_all",
        "nilify" => ":nilify_all",
        "restrict" => ":restrict",
        _ => ":nothing",
    }
}

// ---------------------------------------------------------------------------
// Extensions
// ---------------------------------------------------------------------------

/// What the migrations folder and `extensions.json` say is installed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Installed {
    /// Extensions recorded in `extensions.json` (`ash-functions`, `citext`).
    pub recorded: Vec<String>,
    /// The recorded ash-functions version.
    pub ash_functions_version: Option<u64>,
    /// Found in the migrations themselves (hand-written or older tools).
    pub in_migrations: Vec<String>,
}

impl Installed {
    /// Whether an earlier migration installs `extension`.
    pub fn has(&self, extension: &str) -> bool {
        self.recorded
            .iter()
            .chain(&self.in_migrations)
            .any(|e| e == extension)
    }
}

/// Reads `extensions.json` and scans the migrations for the extensions
/// they install, as the change set sees them.
pub fn installed_extensions(set: &ChangeSet, layout: &RepoLayout) -> Result<Installed> {
    let mut out = Installed::default();
    let path = format!("{}/extensions.json", layout.snapshots);
    if let Some(text) = set.read(&path)? {
        if let Some((installed, version)) = snapshot::parse_extensions_json(&text) {
            out.recorded = installed;
            out.ash_functions_version = version;
        }
    }
    for facts in migrations(set, layout)?.files.values() {
        out.in_migrations.extend(facts.extensions.iter().cloned());
    }
    Ok(out)
}

/// The extensions a migration installs: `ash-functions` for AshPostgres's
/// functions, and every `create extension`.
fn extensions_in_migration(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let lower = text.to_ascii_lowercase();
    if lower.contains("function uuid_generate_v7")
        || text.contains("AshPostgres.MigrationGenerator.AshFunctions")
    {
        out.push("ash-functions".to_string());
    }
    for line in lower.lines().filter(|l| l.contains("create extension")) {
        if let Some(name) = line
            .split("exists")
            .nth(1)
            .or_else(|| line.split("extension").nth(1))
            .map(|s| {
                s.trim().trim_matches(|c: char| {
                    c == '\\' || c == '"' || c == '\'' || c == ')' || c == ';'
                })
            })
        {
            let name: String = name
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                .collect();
            if !name.is_empty() {
                out.push(name);
            }
        }
    }
    out
}

/// The string entries of `installed_extensions/0` in the repo module's
/// source, in order (custom extension modules are left to AshPostgres).
/// `None` when the repo defines no `installed_extensions`.
pub fn requested_extensions(repo_source: &str) -> Option<Vec<String>> {
    let start = repo_source.find("def installed_extensions")?;
    let rest = &repo_source[start..];
    let open = rest.find('[')?;
    let end_kw = rest.find("\n  end").unwrap_or(rest.len());
    if open > end_kw {
        return Some(Vec::new());
    }
    let mut depth = 0usize;
    let mut list_end = None;
    for (i, c) in rest[open..].char_indices() {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    list_end = Some(open + i);
                    break;
                }
            }
            _ => {}
        }
    }
    let body = &rest[open + 1..list_end?];
    let mut out = Vec::new();
    let mut in_comment = false;
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '#' => in_comment = true,
            '\n' => in_comment = false,
            '"' if !in_comment => {
                let s: String = chars.by_ref().take_while(|c| *c != '"').collect();
                out.push(s);
            }
            _ => {}
        }
    }
    Some(out)
}

fn valid_extension_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

#[derive(Serialize)]
struct ExtensionsView {
    module: String,
    repo: String,
    ash_functions: bool,
    up: String,
    down: String,
}

/// Makes the extensions the repo's `installed_extensions/0` asks for
/// available to every later migration, and records them in
/// `priv/resource_snapshots/<repo>/extensions.json` so that
/// `mix ash.codegen --check` finds nothing pending.
///
/// - PostgreSQL extensions (`citext`, `pg_trgm`, …) get
///   `CREATE EXTENSION IF NOT EXISTS` in a migration.
/// - `"ash-functions"` (AshPostgres's SQL functions such as
///   `uuid_generate_v7()` and `ash_raise_error/1`) are not written out
///   here: their definitions belong to ash_postgres. The migration asks
///   the installed ash_postgres for them when it runs (see the README,
///   "Extensions"), so they always match the version in `mix.lock`.
///
/// Extensions already recorded in `extensions.json` are left alone (a new
/// ash-functions version is AshPostgres's to install: `mix ash.codegen`).
/// Reads the repo module as the change set sees it, so `scaffold init`
/// calls this after it edits the repo.
pub fn plan_extensions(ctx: &Context, set: &mut ChangeSet) -> Result<()> {
    plan_extensions_with(ctx, set, Clock::from_env()?)
}

/// [`plan_extensions`] with an explicit clock.
pub fn plan_extensions_with(ctx: &Context, set: &mut ChangeSet, clock: Clock) -> Result<()> {
    let layout = RepoLayout::of(ctx)?;
    let Some(repo_path) = ctx.project.paths.repo.clone() else {
        set.note(format!(
            "{}: repo module not found; no extensions installed",
            layout.repo
        ));
        return Ok(());
    };
    let source = set.read(&repo_path)?.unwrap_or_default();
    let Some(requested) = requested_extensions(&source) else {
        return Ok(());
    };
    let (requested, skipped): (Vec<String>, Vec<String>) =
        requested.into_iter().partition(|e| valid_extension_name(e));
    for s in skipped {
        set.note(format!(
            "{repo_path}: extension `{s}` has an unusual name; install it by hand"
        ));
    }
    let installed = installed_extensions(set, &layout)?;
    let missing: Vec<String> = requested
        .iter()
        .filter(|e| !installed.recorded.contains(e))
        .cloned()
        .collect();
    if missing.is_empty() {
        if installed.recorded.iter().any(|e| e == "ash-functions")
            && installed.ash_functions_version != Some(snapshot::ASH_FUNCTIONS_VERSION)
        {
            set.note(format!(
                "{}/extensions.json: ash-functions version {:?}; `mix ash.codegen` upgrades them",
                layout.snapshots, installed.ash_functions_version
            ));
        }
        return Ok(());
    }
    // Extensions a migration already installs (but extensions.json does
    // not record) need no second migration, only the record.
    let to_install: Vec<String> = missing
        .iter()
        .filter(|e| !installed.has(e))
        .cloned()
        .collect();
    if !to_install.is_empty() {
        let mut name = "install_extensions".to_string();
        let mut n = 1;
        let existing = existing_migrations(set, &layout)?;
        while existing.iter().any(|f| name_part(f) == name) {
            n += 1;
            name = format!("install_extensions_{n}");
        }
        let (name, camel) = crate::spec::migration::migration_name(&name)?;
        let module = layout.module(&camel);
        let ash_functions = to_install.iter().any(|e| e == "ash-functions");
        let mut up = Vec::new();
        let mut down = Vec::new();
        if ash_functions {
            up.push(Stmt::Raw("ash_functions(:install)".into()));
            down.push(Stmt::Raw("ash_functions(:drop)".into()));
        }
        let plain: Vec<&String> = to_install
            .iter()
            .filter(|e| *e != "ash-functions")
            .collect();
        for e in &plain {
            let sql = literal::string(&format!("CREATE EXTENSION IF NOT EXISTS \"{e}\""));
            up.push(Stmt::Expr(Expr::Call(Call::new(
                "execute",
                vec![Expr::raw(sql)],
                vec![],
            ))));
        }
        if !plain.is_empty() {
            down.push(Stmt::Comment(
                "Extensions stay installed: other schemas or database objects may use them.".into(),
            ));
        }
        let view = ExtensionsView {
            module: module.clone(),
            repo: layout.repo.clone(),
            ash_functions,
            up: code::layout_body(&up, 4),
            down: code::layout_body(&down, 4),
        };
        let content = ctx.renderer.render(EXTENSIONS_TEMPLATE, view)?;
        plan_new_file(set, &layout, &name, &module, content, clock)?;
    }
    let mut record = installed.recorded.clone();
    for e in &requested {
        if !record.contains(e) {
            record.push(e.clone());
        }
    }
    // Keep the repo's order, as AshPostgres does.
    record.sort_by_key(|e| requested.iter().position(|r| r == e).unwrap_or(usize::MAX));
    set.modify(
        &format!("{}/extensions.json", layout.snapshots),
        snapshot::extensions_json(&record),
    )?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------

/// The statements of the create-table migration for `spec`, with the
/// primary-key default the migrations folder can run.
fn resource_statements(spec: &ResourceSpec, table: &str, uuid_v7_default: &str) -> Vec<Vec<Stmt>> {
    let mut adds = Vec::new();
    for col in snapshot::columns(spec) {
        let mut args = vec![atom(&col.source)];
        let mut keywords: Vec<(&str, Expr)> = Vec::new();
        match &col.references {
            Some(r) => {
                let mut ref_kw = vec![
                    ("column", Expr::raw(":id")),
                    ("name", string(&r.name)),
                    ("type", Expr::raw(col.migration_type.clone())),
                    ("prefix", string("public")),
                ];
                if let Some(o) = &r.on_delete {
                    ref_kw.push(("on_delete", Expr::raw(on_delete_code(o))));
                }
                args.push(Expr::Call(Call::new(
                    "references",
                    vec![atom(&r.table)],
                    kw(ref_kw),
                )));
                if col.default != "nil" {
                    keywords.push(("default", Expr::raw(col.default.clone())));
                }
                if !col.allow_nil {
                    keywords.push(("null", Expr::raw("false")));
                }
            }
            None if col.generated => {
                args.push(Expr::raw(col.migration_type.clone()));
                keywords.push(("null", Expr::raw("false")));
                keywords.push(("primary_key", Expr::raw("true")));
            }
            None => {
                args.push(Expr::raw(col.migration_type.clone()));
                if !col.allow_nil {
                    keywords.push(("null", Expr::raw("false")));
                }
                let default = if col.primary_key
                    && col.default == snapshot::primary_key_default(PrimaryKey::UuidV7)
                {
                    uuid_v7_default.to_string()
                } else {
                    col.default.clone()
                };
                if default != "nil" {
                    keywords.push(("default", Expr::raw(default)));
                }
                if col.primary_key {
                    keywords.push(("primary_key", Expr::raw("true")));
                }
            }
        }
        adds.push(Stmt::call("add", args, keywords));
    }
    let create = Stmt::block(
        "create",
        vec![Expr::Call(Call::new(
            "table",
            vec![atom(table)],
            kw(vec![("primary_key", Expr::raw("false"))]),
        ))],
        adds,
    );
    let mut indexes = Vec::new();
    for rel in &spec.belongs_to {
        if let Some(source) = &rel.source_attribute {
            indexes.push(create_index(table, &[source.as_str()], false, None, false));
        }
    }
    for identity in &spec.identities {
        let keys: Vec<&str> = identity.keys.iter().map(|k| k.as_str()).collect();
        let name = identity
            .index_name
            .clone()
            .unwrap_or_else(|| format!("{table}_{}_index", identity.name));
        indexes.push(create_index(table, &keys, true, Some(&name), false));
    }
    for index in &spec.custom_indexes {
        let cols: Vec<&str> = index.fields.iter().map(|f| f.as_str()).collect();
        indexes.push(create_index(table, &cols, false, None, false));
    }
    vec![vec![create], indexes]
}

/// Whether an existing migration creates `table` (or AshPostgres has a
/// snapshot of it).
fn table_created(set: &ChangeSet, layout: &RepoLayout, table: &str) -> Result<bool> {
    if latest_snapshot(set, layout, table)?.is_some() {
        return Ok(true);
    }
    let needle = format!("table({}", literal::atom(table));
    let creates = migrations(set, layout)?;
    Ok(creates
        .files
        .values()
        .any(|f| f.creates.iter().any(|l| l.contains(&needle))))
}

/// The newest snapshot file of a table (`<14 digits>.json`), if any.
fn latest_snapshot(
    set: &ChangeSet,
    layout: &RepoLayout,
    table: &str,
) -> Result<Option<(String, String)>> {
    let dir = format!("{}/{table}", layout.snapshots);
    let newest = list_dir(set, &dir)?
        .into_iter()
        .filter(|n| {
            n.len() == 19 && n.ends_with(".json") && n[..14].bytes().all(|b| b.is_ascii_digit())
        })
        .max();
    match newest {
        Some(n) => {
            let path = format!("{dir}/{n}");
            let text = set.read(&path)?.unwrap_or_default();
            Ok(Some((path, text)))
        }
        None => Ok(None),
    }
}

/// Writes the create-table migration and the AshPostgres snapshot for an
/// AshPostgres resource; does nothing unless the spec's data layer is
/// postgres and its migration is enabled.
///
/// Re-running with an identical spec plans the existing files with the
/// same content ("unchanged"): a migration in the folder named
/// `create_<table>` with the same content (whatever its timestamp) is the
/// one we would write, and so is the newest snapshot of the table.
///
/// A `create_<table>` migration with different content is planned over
/// (a conflict unless `--force`). A table that already has AshPostgres
/// snapshots but no such migration is refused: it exists, and
/// `mix ash.codegen` is the tool that migrates changes to it.
///
/// The primary key default is `uuid_generate_v7()` (AshPostgres's own)
/// when an earlier migration installs ash-functions, else PostgreSQL's
/// built-in `gen_random_uuid()`: Ash generates UUIDv7 keys itself, the
/// column default only serves rows inserted outside Ash, and no migration
/// may call a function nothing installs. `ci_string` columns need the
/// citext extension to be installed by an earlier migration.
pub fn plan_resource(ctx: &Context, spec: &ResourceSpec, set: &mut ChangeSet) -> Result<()> {
    plan_resource_with(ctx, spec, set, Clock::from_env()?)
}

/// [`plan_resource`] with an explicit clock.
pub fn plan_resource_with(
    ctx: &Context,
    spec: &ResourceSpec,
    set: &mut ChangeSet,
    clock: Clock,
) -> Result<()> {
    if spec.data_layer != DataLayer::Postgres || !spec.migration {
        return Ok(());
    }
    let Some(table) = spec.table.as_ref().map(|t| t.to_string()) else {
        return Ok(());
    };
    let layout = RepoLayout::of(ctx)?;
    let installed = installed_extensions(set, &layout)?;
    if snapshot::needs_citext(spec) && !installed.has("citext") {
        let repo_file = ctx
            .project
            .paths
            .repo
            .clone()
            .unwrap_or_else(|| "the repo module".into());
        return Err(Error::input_hint(
            "`ci_string` columns need PostgreSQL's citext extension, and no migration installs it",
            format!("add \"citext\" to installed_extensions/0 in {repo_file} and run `scaffold init`, or use `string`"),
        ));
    }
    let uses_v7 = spec
        .primary_key
        .as_ref()
        .is_some_and(|p| p.kind == PrimaryKey::UuidV7);
    let uuid_v7_default = if installed.has("ash-functions") {
        snapshot::primary_key_default(PrimaryKey::UuidV7)
    } else {
        if uses_v7 {
            set.note(format!(
                "{table}.id defaults to gen_random_uuid() in the database: no migration installs AshPostgres's \
                 uuid_generate_v7() (ash-functions; `scaffold init` adds it). Ash itself generates UUIDv7 ids."
            ));
        }
        snapshot::primary_key_default(PrimaryKey::Uuid)
    };
    let (name, camel) = crate::spec::migration::migration_name(&format!("create_{table}"))?;
    let module = layout.module(&camel);
    let migration = Migration {
        module: module.clone(),
        disable_ddl_transaction: false,
        body: Body::Change(resource_statements(spec, &table, uuid_v7_default)),
    };
    let content = render(ctx, &migration)?;
    let snapshot_text = snapshot::resource_snapshot(spec);
    let snapshot_dir = format!("{}/{table}", layout.snapshots);
    let latest = latest_snapshot(set, &layout, &table)?;

    let found = find_migration(set, &layout, &name, &module)?;
    let stamp_of = |path: &str| {
        let file = path.rsplit('/').next().unwrap_or_default();
        timestamp::leading_timestamp(file)
            .unwrap_or_default()
            .to_string()
    };
    if let Some(same) = found.iter().find(|f| f.text == content) {
        // Ours, as we would write it today: unchanged.
        set.create(&same.path, content)?;
        match &latest {
            Some((path, text)) if *text == snapshot_text => set.create(path, snapshot_text)?,
            _ => set.create(
                &format!("{snapshot_dir}/{}.json", stamp_of(&same.path)),
                snapshot_text,
            )?,
        }
        return Ok(());
    }
    if let Some((path, text)) = &latest {
        if *text == snapshot_text {
            set.create(path, snapshot_text)?;
            set.note(format!(
                "{table}: already described by {path}; no migration needed"
            ));
            return Ok(());
        }
    }
    if let Some(existing) = found.first() {
        // Our earlier version of this migration, written together with the
        // newest snapshot: a conflict (`--force` rewrites both).
        let ours = existing.text.contains(&format!(
            "  def change do\n    create table({}, primary_key: false) do",
            literal::atom(&table)
        ));
        let paired = latest
            .as_ref()
            .is_none_or(|(p, _)| stamp_of(p) == stamp_of(&existing.path));
        if ours && paired {
            set.create(&existing.path, content)?;
            set.create(
                &format!("{snapshot_dir}/{}.json", stamp_of(&existing.path)),
                snapshot_text,
            )?;
            return Ok(());
        }
        return Err(Error::refused_hint(
            format!("table `{table}` already exists: {} creates it, and scaffold only writes create-table migrations", existing.path),
            format!("generate the migration for the changes with `mix ash.codegen update_{table}`, or pass --no-migration"),
        ));
    }
    if let Some((path, _)) = &latest {
        return Err(Error::refused_hint(
            format!("table `{table}` already exists: {path} describes it, and scaffold only writes create-table migrations"),
            format!("generate the migration for the changes with `mix ash.codegen update_{table}`, or pass --no-migration"),
        ));
    }
    for rel in &spec.belongs_to {
        let Some(dest) = rel.destination_table.as_ref().map(|t| t.to_string()) else {
            continue;
        };
        if dest != table && !table_created(set, &layout, &dest)? {
            set.note(format!(
                "{name}: no migration creates `{dest}` yet; generate {} before running the migrations \
                 (its migration must come first)",
                rel.destination
            ));
        }
    }
    let path = plan_new_file(set, &layout, &name, &module, content, clock)?;
    let file = path.rsplit('/').next().unwrap_or_default();
    let ts = timestamp::leading_timestamp(file).unwrap_or_default();
    set.create(&format!("{snapshot_dir}/{ts}.json"), snapshot_text)?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Indexes
// ---------------------------------------------------------------------------

/// Plans a migration that adds one index: `add_<table>_<cols>_index` (or
/// `..._unique_index`), `create index(...)` in `change/0` (Ecto reverses
/// it), with `concurrently: true` and no DDL transaction nor migration
/// lock when `concurrently`. Returns the migration's path.
pub fn plan_index_migration(
    ctx: &Context,
    table: &str,
    columns: &[&str],
    unique: bool,
    concurrently: bool,
    set: &mut ChangeSet,
) -> Result<String> {
    plan_index_migration_with(
        ctx,
        table,
        columns,
        unique,
        concurrently,
        set,
        Clock::from_env()?,
    )
}

/// [`plan_index_migration`] with an explicit clock.
pub fn plan_index_migration_with(
    ctx: &Context,
    table: &str,
    columns: &[&str],
    unique: bool,
    concurrently: bool,
    set: &mut ChangeSet,
    clock: Clock,
) -> Result<String> {
    let table = crate::spec::names::TableName::parse(table)?;
    let mut cols = Vec::new();
    for c in columns {
        cols.push(crate::spec::names::SnakeName::field(c)?);
    }
    if cols.is_empty() {
        return Err(Error::input("an index needs at least one column"));
    }
    let layout = RepoLayout::of(ctx)?;
    let col_strs: Vec<&str> = cols.iter().map(|c| c.as_str()).collect();
    let name = format!(
        "add_{table}_{}_{}index",
        col_strs.join("_"),
        if unique { "unique_" } else { "" }
    );
    let (name, camel) = crate::spec::migration::migration_name(&name)?;
    let module = layout.module(&camel);
    let migration = Migration {
        module: module.clone(),
        disable_ddl_transaction: concurrently,
        body: Body::Change(vec![vec![create_index(
            table.as_str(),
            &col_strs,
            unique,
            None,
            concurrently,
        )]]),
    };
    let content = render(ctx, &migration)?;
    if let Some(existing) = find_migration(set, &layout, &name, &module)?
        .into_iter()
        .find(|f| f.text == content)
    {
        set.create(&existing.path, content)?;
        return Ok(existing.path);
    }
    plan_new_file(set, &layout, &name, &module, content, clock)
}

// ---------------------------------------------------------------------------
// `scaffold migration`
// ---------------------------------------------------------------------------

/// The migration type of a standalone column, as Elixir code.
fn column_type(col: &ColumnSpec) -> String {
    match &col.ty {
        ColumnType::Attr(t) => t.migration_type(),
        ColumnType::References { .. } => String::new(),
    }
}

/// The default of a standalone column as Elixir code, if any.
fn column_default(col: &ColumnSpec) -> Option<String> {
    let ColumnType::Attr(t) = &col.ty else {
        return None;
    };
    let d = col.default.as_ref()?;
    let scalar = crate::spec::migration::scalar_of(t);
    let code = match (d, scalar) {
        (crate::spec::DefaultValue::Now, Some(ScalarType::NaiveDatetime)) => {
            snapshot::NOW_DEFAULT.to_string()
        }
        (crate::spec::DefaultValue::Now, Some(ScalarType::Time)) => {
            "fragment(\"LOCALTIME\")".to_string()
        }
        _ => snapshot::attribute_default(d, scalar),
    };
    (code != "nil").then_some(code)
}

/// `references(:users, on_delete: :nilify_all, type: :uuid)`.
fn references_expr(col: &ColumnSpec, key_type: Option<String>) -> Expr {
    let ColumnType::References {
        table, on_delete, ..
    } = &col.ty
    else {
        return Expr::raw("nil");
    };
    let mut keywords = vec![("on_delete", Expr::raw(on_delete_code(on_delete.name())))];
    if let Some(t) = key_type {
        keywords.push(("type", Expr::raw(t)));
    }
    Expr::Call(Call::new(
        "references",
        vec![atom(table.as_str())],
        kw(keywords),
    ))
}

/// The key type of `table` from its newest AshPostgres snapshot, if any.
fn snapshot_key_type(set: &ChangeSet, layout: &RepoLayout, table: &str) -> Result<Option<String>> {
    Ok(latest_snapshot(set, layout, table)?
        .and_then(|(_, text)| snapshot::primary_key_of(&text))
        .map(|pk| pk.migration_type().to_string()))
}

/// `add :name, :type, opts` for a standalone column.
fn add_column(set: &ChangeSet, layout: &RepoLayout, col: &ColumnSpec, verb: &str) -> Result<Stmt> {
    let mut args = vec![atom(col.name.as_str())];
    let mut keywords = Vec::new();
    match &col.ty {
        ColumnType::References {
            table, key_type, ..
        } => {
            let key_type = match key_type {
                Some(t) => Some(t.clone()),
                None => snapshot_key_type(set, layout, table.as_str())?,
            };
            args.push(references_expr(col, key_type));
        }
        ColumnType::Attr(_) => {
            args.push(Expr::raw(column_type(col)));
            if col.required {
                keywords.push(("null", Expr::raw("false")));
            }
            if let Some(d) = column_default(col) {
                keywords.push(("default", Expr::raw(d)));
            }
            return Ok(Stmt::call(verb, args, keywords));
        }
    }
    if col.required {
        keywords.push(("null", Expr::raw("false")));
    }
    Ok(Stmt::call(verb, args, keywords))
}

/// Whether a statement creates or drops an index.
fn is_index_statement(stmt: &Stmt) -> bool {
    match stmt {
        Stmt::Call { name, args, .. } if name == "create" || name == "drop" => {
            matches!(args.first(), Some(Expr::Call(c)) if c.name == "index" || c.name == "unique_index")
        }
        _ => false,
    }
}

/// The index a column asks for: `Some(unique)`.
fn column_indexes(col: &ColumnSpec) -> Option<bool> {
    if col.unique {
        Some(true)
    } else if col.indexed() {
        Some(false)
    } else {
        None
    }
}

/// Plans `scaffold migration`: one file, named after the spec.
pub fn plan_standalone(
    ctx: &Context,
    spec: &MigrationSpec,
    clock: Clock,
    set: &mut ChangeSet,
) -> Result<String> {
    let layout = RepoLayout::of(ctx)?;
    let module = layout.module(&spec.module_suffix);
    let concurrently = spec.concurrently;
    let body = match &spec.kind {
        MigrationKind::CreateTable {
            table,
            columns,
            binary_id,
            timestamps,
        } => {
            let mut table_kw = Vec::new();
            let mut adds = Vec::new();
            if *binary_id {
                table_kw.push(("primary_key", Expr::raw("false")));
                adds.push(Stmt::call(
                    "add",
                    vec![atom("id"), Expr::raw(":binary_id")],
                    vec![("primary_key", Expr::raw("true"))],
                ));
            }
            for col in columns {
                adds.push(add_column(set, &layout, col, "add")?);
            }
            if *timestamps {
                adds.push(Stmt::Raw("timestamps(type: :utc_datetime)".into()));
            }
            let create = Stmt::block(
                "create",
                vec![Expr::Call(Call::new(
                    "table",
                    vec![atom(table.as_str())],
                    kw(table_kw),
                ))],
                adds,
            );
            let mut indexes = Vec::new();
            for col in columns {
                if let Some(unique) = column_indexes(col) {
                    indexes.push(create_index(
                        table.as_str(),
                        &[col.name.as_str()],
                        unique,
                        None,
                        concurrently,
                    ));
                }
            }
            Body::Change(vec![vec![create], indexes])
        }
        MigrationKind::Alter {
            columns,
            indexes,
            remove,
        } => {
            // Group columns by table, keeping the first-seen order.
            let mut tables: Vec<&crate::spec::names::TableName> = Vec::new();
            for (t, _) in columns {
                if !tables.contains(&t) {
                    tables.push(t);
                }
            }
            let mut alters = Vec::new();
            let mut index_stmts: Vec<(String, Vec<String>, bool)> = Vec::new();
            for t in &tables {
                let mut stmts = Vec::new();
                for (_, col) in columns.iter().filter(|(ct, _)| ct == *t) {
                    stmts.push(add_column(
                        set,
                        &layout,
                        col,
                        if *remove { "remove" } else { "add" },
                    )?);
                    if let Some(unique) = column_indexes(col) {
                        index_stmts.push((t.to_string(), vec![col.name.to_string()], unique));
                    }
                }
                alters.push(Stmt::block(
                    "alter",
                    vec![Expr::Call(Call::new(
                        "table",
                        vec![atom(t.as_str())],
                        vec![],
                    ))],
                    stmts,
                ));
            }
            for IndexSpec {
                table,
                columns,
                unique,
            } in indexes
            {
                index_stmts.push((
                    table.to_string(),
                    columns.iter().map(|c| c.to_string()).collect(),
                    *unique,
                ));
            }
            let verb = if *remove { "drop" } else { "create" };
            let index_groups: Vec<Stmt> = index_stmts
                .iter()
                .map(|(t, cols, unique)| {
                    let cols: Vec<&str> = cols.iter().map(String::as_str).collect();
                    Stmt::call(
                        verb,
                        vec![index_call(t, &cols, *unique, None, concurrently)],
                        vec![],
                    )
                })
                .collect();
            if *remove {
                // Indexes go before their columns; rolling back re-adds the
                // columns first.
                Body::Change(vec![index_groups, alters])
            } else {
                Body::Change(vec![alters, index_groups])
            }
        }
    };
    let has_index = match &body {
        Body::Change(groups) | Body::UpDown { up: groups, .. } => {
            groups.iter().flatten().any(is_index_statement)
        }
    };
    if concurrently && !has_index {
        return Err(Error::input_hint(
            "`--concurrently` applies to indexes, and this migration creates none",
            "drop --concurrently, or add --index TABLE.COLUMN",
        ));
    }
    let migration = Migration {
        module: module.clone(),
        disable_ddl_transaction: concurrently,
        body,
    };
    let content = render(ctx, &migration)?;
    // The same command again: the file it wrote is unchanged.
    if let Some(same) = find_migration(set, &layout, &spec.name, &module)?
        .into_iter()
        .find(|f| f.text == content)
    {
        set.create(&same.path, content)?;
        return Ok(same.path);
    }
    plan_new_file(set, &layout, &spec.name, &module, content, clock)
}
