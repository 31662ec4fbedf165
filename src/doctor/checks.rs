//! The checks: they combine the facts of every file into findings.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::facts::{Facts, LoopCall, MigrationStep, Resource, Secret, SecretKind};
use super::scan::{Area, Scanned};
use super::{Action, Check, Finding, Options, Selection, Severity, TestKind};
use crate::project::Project;

/// Field names that are unique in almost every schema.
pub(crate) const UNIQUE_LOOKING: &[&str] = &["email", "username", "slug"];

/// Repo functions that run a query.
const REPO_QUERIES: &[&str] = &[
    "get",
    "get!",
    "get_by",
    "get_by!",
    "one",
    "one!",
    "all",
    "preload",
    "exists?",
    "aggregate",
    "reload",
    "reload!",
];

/// Ash functions that run a query.
const ASH_QUERIES: &[&str] = &[
    "get",
    "get!",
    "read",
    "read!",
    "read_one",
    "read_one!",
    "read_first",
    "read_first!",
    "load",
    "load!",
];

/// Runs the selected checks over the scanned files.
pub(crate) fn run(
    project: &Project,
    opts: &Options,
    sel: &Selection,
    scanned: &[Scanned],
    second: &[Facts],
    tests: &HashSet<String>,
) -> Vec<Finding> {
    let facts: Vec<&Facts> = scanned
        .iter()
        .filter_map(|s| s.facts.as_ref())
        .chain(second.iter())
        .collect();
    let model = Model::build(&facts);
    let mut out = Vec::new();
    for s in scanned {
        if let Some((line, message)) = &s.parse_error {
            out.push(finding(
                Check::ParseError,
                Severity::Warning,
                &s.entry.path,
                *line,
                format!("cannot parse ({message}); doctor skipped this file"),
            ));
        }
    }
    if sel.fk_index {
        fk_index(&model, opts, &mut out);
    }
    if sel.unique_index {
        unique_index(&model, &mut out);
    }
    if sel.unsupervised {
        unsupervised(project, &model, &mut out);
    }
    if sel.secrets {
        secrets(project, scanned, &mut out);
    }
    if sel.ash_policies {
        ash_policies(&model, &mut out);
    }
    if sel.ash_domain_resource {
        ash_domain_resource(&model, &mut out);
    }
    if sel.ash_domains_config {
        ash_domains_config(project, &model, &mut out);
    }
    if sel.n_plus_one {
        n_plus_one(project, &model, &mut out);
    }
    if sel.missing_test {
        missing_tests(&model, scanned, tests, &mut out);
    }
    out
}

fn finding(check: Check, severity: Severity, file: &str, line: usize, message: String) -> Finding {
    Finding {
        check,
        severity,
        file: file.to_string(),
        line,
        message,
        fix: None,
        snippet: None,
        action: None,
    }
}

/// A location: (file, line).
type Loc = (String, usize);

/// One table as the migrations leave it.
#[derive(Debug, Default)]
struct Table {
    foreign_keys: BTreeMap<String, Loc>,
    columns: BTreeMap<String, Loc>,
    /// (columns, unique)
    indexes: Vec<(Vec<String>, bool)>,
}

/// Everything the files told, combined.
#[derive(Default)]
struct Model<'a> {
    tables: BTreeMap<String, Table>,
    resources: Vec<(&'a str, &'a Resource)>,
    domains: Vec<(&'a str, &'a super::facts::Domain)>,
    processes: Vec<(&'a str, &'a super::facts::Process)>,
    supervised: HashSet<&'a str>,
    ash_domains: Vec<(&'a str, &'a str, usize)>,
    loop_calls: Vec<(&'a str, &'a LoopCall)>,
    /// (module, function) pairs that read through a code interface.
    getters: HashSet<(String, String)>,
}

impl<'a> Model<'a> {
    fn build(facts: &[&'a Facts]) -> Model<'a> {
        let mut m = Model::default();
        // Migrations replay in file order (their names start with the
        // timestamp), so later drops see earlier creates.
        let mut migrations: Vec<&&Facts> =
            facts.iter().filter(|f| !f.migration.is_empty()).collect();
        migrations.sort_by(|a, b| {
            file_name(&a.path)
                .cmp(file_name(&b.path))
                .then(a.path.cmp(&b.path))
        });
        for f in migrations {
            for step in &f.migration {
                m.replay(&f.path, step);
            }
        }
        for f in facts {
            m.resources
                .extend(f.resources.iter().map(|r| (f.path.as_str(), r)));
            m.domains
                .extend(f.domains.iter().map(|d| (f.path.as_str(), d)));
            m.processes
                .extend(f.processes.iter().map(|p| (f.path.as_str(), p)));
            m.supervised.extend(f.supervised.iter().map(String::as_str));
            m.ash_domains.extend(
                f.ash_domains
                    .iter()
                    .map(|(d, l)| (f.path.as_str(), d.as_str(), *l)),
            );
            m.loop_calls
                .extend(f.loop_calls.iter().map(|c| (f.path.as_str(), c)));
        }
        for (_, d) in &m.domains {
            m.getters
                .extend(d.getters.iter().map(|g| (d.module.clone(), g.clone())));
        }
        for (_, r) in &m.resources {
            m.getters
                .extend(r.getters.iter().map(|g| (r.module.clone(), g.clone())));
        }
        m
    }

    fn replay(&mut self, path: &str, step: &MigrationStep) {
        match step {
            MigrationStep::ForeignKey {
                table,
                column,
                line,
            } => {
                self.tables
                    .entry(table.clone())
                    .or_default()
                    .foreign_keys
                    .insert(column.clone(), (path.to_string(), *line));
            }
            MigrationStep::Column {
                table,
                column,
                line,
            } => {
                self.tables
                    .entry(table.clone())
                    .or_default()
                    .columns
                    .entry(column.clone())
                    .or_insert((path.to_string(), *line));
            }
            MigrationStep::RemoveColumn { table, column } => {
                if let Some(t) = self.tables.get_mut(table) {
                    t.foreign_keys.remove(column);
                    t.columns.remove(column);
                    t.indexes.retain(|(cols, _)| !cols.contains(column));
                }
            }
            MigrationStep::CreateIndex {
                table,
                columns,
                unique,
            } => {
                self.tables
                    .entry(table.clone())
                    .or_default()
                    .indexes
                    .push((columns.clone(), *unique));
            }
            MigrationStep::DropIndex { table, columns } => {
                if let Some(t) = self.tables.get_mut(table) {
                    if let Some(i) = t.indexes.iter().position(|(c, _)| c == columns) {
                        t.indexes.remove(i);
                    }
                }
            }
            MigrationStep::DropTable { table } => {
                self.tables.remove(table);
            }
        }
    }

    /// The resources stored in `table`.
    fn resources_of(&self, table: &str) -> impl Iterator<Item = &(&'a str, &'a Resource)> + '_ {
        let table = table.to_string();
        self.resources
            .iter()
            .filter(move |(_, r)| r.table.as_deref() == Some(table.as_str()))
    }

    /// An index on `table` whose first column is `column` (in a migration
    /// or declared by a resource's data layer).
    fn leading_index(&self, table: &str, column: &str) -> bool {
        let in_migrations = self.tables.get(table).is_some_and(|t| {
            t.indexes
                .iter()
                .any(|(cols, _)| cols.first().is_some_and(|c| c == column))
        });
        in_migrations
            || self.resources_of(table).any(|(_, r)| {
                r.indexes
                    .iter()
                    .any(|(cols, _)| cols.first().is_some_and(|c| c == column))
            })
    }

    /// A unique index (or identity) on `table` that covers `column`.
    fn unique_on(&self, table: &str, column: &str) -> bool {
        let covers = |cols: &[String]| {
            cols.iter()
                .any(|c| c == column || (c.contains('(') && c.contains(column)))
        };
        let in_migrations = self
            .tables
            .get(table)
            .is_some_and(|t| t.indexes.iter().any(|(cols, u)| *u && covers(cols)));
        in_migrations
            || self
                .resources_of(table)
                .any(|(_, r)| resource_unique(r, column))
    }
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn resource_unique(r: &Resource, column: &str) -> bool {
    r.identities
        .iter()
        .any(|keys| keys.iter().any(|k| k == column))
        || r.indexes
            .iter()
            .any(|(cols, unique)| *unique && cols.iter().any(|c| c == column))
}

/// The `scaffold migration` command adding an index.
pub(crate) fn index_command(
    table: &str,
    columns: &[&str],
    unique: bool,
    concurrently: bool,
) -> String {
    let name = format!(
        "add_{table}_{}_{}index",
        columns.join("_"),
        if unique { "unique_" } else { "" }
    );
    let flag = if unique { "--unique-index" } else { "--index" };
    let conc = if concurrently { " --concurrently" } else { "" };
    format!(
        "scaffold migration {name} {flag} {table}.{}{conc}",
        columns.join(",")
    )
}

fn fk_index(m: &Model<'_>, opts: &Options, out: &mut Vec<Finding>) {
    let mut reported: HashSet<(String, String)> = HashSet::new();
    for (table, t) in &m.tables {
        for (column, (file, line)) in &t.foreign_keys {
            if m.leading_index(table, column) {
                continue;
            }
            let mut f = finding(
                Check::FkIndex,
                Severity::Warning,
                file,
                *line,
                format!(
                    "foreign key {table}.{column} has no index: joins on it and deletes of the referenced row scan all of {table}"
                ),
            );
            f.fix = Some(index_command(table, &[column], false, opts.concurrently));
            f.action = Some(Action::Index {
                table: table.clone(),
                column: column.clone(),
            });
            out.push(f);
            reported.insert((table.clone(), column.clone()));
        }
    }
    // Resources whose belongs_to column no migration creates yet.
    for (file, r) in &m.resources {
        let Some(table) = &r.table else { continue };
        for (rel, column, line) in &r.belongs_to {
            let in_migrations = m
                .tables
                .get(table)
                .is_some_and(|t| t.foreign_keys.contains_key(column));
            if in_migrations
                || reported.contains(&(table.clone(), column.clone()))
                || m.leading_index(table, column)
            {
                continue;
            }
            let mut f = finding(
                Check::FkIndex,
                Severity::Warning,
                file,
                *line,
                format!(
                    "belongs_to :{rel} ({table}.{column}) gets no index: AshPostgres adds the foreign key but no index unless the reference asks for one"
                ),
            );
            if m.tables.contains_key(table) {
                f.fix = Some(index_command(table, &[column], false, opts.concurrently));
                f.action = Some(Action::Index {
                    table: table.clone(),
                    column: column.clone(),
                });
            } else {
                // The table's migration is not generated yet: an index
                // migration now would run before it.
                f.snippet = Some(format!(
                    "postgres do\n  references do\n    reference :{rel}, index?: true\n  end\nend"
                ));
            }
            out.push(f);
            reported.insert((table.clone(), column.clone()));
        }
    }
}

fn unique_index(m: &Model<'_>, out: &mut Vec<Finding>) {
    let mut reported: HashSet<(String, String)> = HashSet::new();
    for (file, r) in &m.resources {
        if r.embedded {
            continue;
        }
        for (name, line) in &r.attributes {
            if !UNIQUE_LOOKING.contains(&name.as_str()) {
                continue;
            }
            let unique = resource_unique(r, name)
                || r.table.as_deref().is_some_and(|t| m.unique_on(t, name));
            if let Some(t) = &r.table {
                reported.insert((t.clone(), name.clone()));
            }
            if unique {
                continue;
            }
            let mut f = finding(
                Check::UniqueIndex,
                Severity::Warning,
                file,
                *line,
                format!(
                    ":{name} of {} has no identity or unique index: two records can share one",
                    r.module
                ),
            );
            f.snippet = Some(format!(
                "identities do\n  identity :unique_{name}, [:{name}]\nend"
            ));
            out.push(f);
        }
    }
    for (table, t) in &m.tables {
        for (column, (file, line)) in &t.columns {
            if !UNIQUE_LOOKING.contains(&column.as_str())
                || reported.contains(&(table.clone(), column.clone()))
            {
                continue;
            }
            if m.unique_on(table, column) {
                continue;
            }
            let mut f = finding(
                Check::UniqueIndex,
                Severity::Warning,
                file,
                *line,
                format!(
                    "{table}.{column} has no unique index: a changeset's unique_constraint cannot work and duplicates get in"
                ),
            );
            f.fix = Some(index_command(table, &[column], true, false));
            out.push(f);
        }
    }
}

fn unsupervised(project: &Project, m: &Model<'_>, out: &mut Vec<Finding>) {
    for (file, p) in &m.processes {
        if p.start_link.is_empty() || m.supervised.contains(p.module.as_str()) {
            continue;
        }
        let takes_arg = p.start_link.contains(&1);
        let mut message = format!(
            "{} (use {}) defines start_link but no supervisor starts it: it is not running when the app is",
            p.module, p.kind
        );
        if !takes_arg {
            message.push_str("; start_link/0 cannot be a child spec, give it one argument");
        }
        let mut f = finding(
            Check::UnsupervisedProcess,
            Severity::Warning,
            file,
            p.line,
            message,
        );
        if !takes_arg {
            let m = &p.module;
            f.snippet = Some(format!(
                "# in the application's children
%{{id: {m}, start: {{{m}, :start_link, []}}}}"
            ));
        } else if project.paths.application.is_some() {
            f.fix = Some("scaffold doctor --fix --only unsupervised-process".to_string());
            f.action = Some(Action::Supervise {
                module: p.module.clone(),
            });
        } else {
            f.snippet = Some(format!(
                "# in the children of your application or a supervisor
{}",
                p.module
            ));
        }
        out.push(f);
    }
}

/// A config file that only applies to development or tests.
fn dev_or_test(path: &str) -> bool {
    let name = file_name(path);
    let stem = name.strip_suffix(".exs").unwrap_or(name);
    stem.split('.')
        .next()
        .is_some_and(|s| s == "dev" || s == "test")
}

/// The environment variable a secret should come from.
pub(crate) fn env_name(s: &Secret) -> String {
    let upper = |x: &str| heck::ToShoutySnakeCase::to_shouty_snake_case(x);
    let key = if s.how == SecretKind::UrlPassword && s.key == "url" {
        let repo = s.sub.as_deref().is_some_and(|m| m.ends_with("Repo"));
        return if repo {
            "DATABASE_URL".into()
        } else {
            format!("{}_URL", prefix(s).map_or("SERVICE".into(), |p| upper(&p)))
        };
    } else {
        upper(&s.key)
    };
    if key == "SECRET_KEY_BASE" {
        return key;
    }
    match prefix(s) {
        Some(p) if !key.starts_with(&upper(&p)) => format!("{}_{key}", upper(&p)),
        _ => key,
    }
}

/// What names the service a secret belongs to: the config's second
/// argument (`Shop.Mailer` → `mailer`, `:stripe` → `stripe`) or its app.
fn prefix(s: &Secret) -> Option<String> {
    match &s.sub {
        Some(sub) if sub.starts_with(':') => Some(sub.trim_start_matches(':').to_string()),
        Some(sub) => sub.rsplit('.').next().map(heck::ToSnakeCase::to_snake_case),
        None => s.app.clone(),
    }
}

/// The runtime.exs lines that replace a literal secret.
pub(crate) fn runtime_snippet(s: &Secret, app: &str) -> String {
    let var = env_name(s);
    let value = format!("System.fetch_env!(\"{var}\")");
    if s.assignment || s.app.is_none() {
        return format!(
            "# config/runtime.exs, inside `if config_env() == :prod do`\n{} = {value}",
            s.key
        );
    }
    let head = match &s.sub {
        Some(sub) => format!("config :{}, {sub},", s.app.as_deref().unwrap_or(app)),
        None => format!("config :{},", s.app.as_deref().unwrap_or(app)),
    };
    let key = if crate::spec::literal::is_identifier_atom(&s.key) {
        format!("{}:", s.key)
    } else {
        format!("\"{}\":", s.key)
    };
    let line = format!("  {head} {key} {value}");
    let body = if crate::spec::layout::width(&line) > crate::spec::layout::LINE_WIDTH {
        format!("  {head}\n    {key} {value}")
    } else {
        line
    };
    format!("# config/runtime.exs\nif config_env() == :prod do\n{body}\nend")
}

fn secrets(project: &Project, scanned: &[Scanned], out: &mut Vec<Finding>) {
    for s in scanned
        .iter()
        .filter(|s| s.entry.area == Area::Config && !dev_or_test(&s.entry.path))
    {
        let Some(facts) = &s.facts else { continue };
        let runtime = file_name(&s.entry.path) == "runtime.exs";
        for secret in &facts.secrets {
            let message = match secret.how {
                SecretKind::Literal if runtime => format!(
                    "`{}` is a literal in runtime.exs: everyone with the repository has it; read it with System.fetch_env!/1",
                    secret.key
                ),
                SecretKind::Literal => format!(
                    "`{}` is a literal in {}: everyone with the repository has it; read it from the environment in runtime.exs",
                    secret.key,
                    file_name(&s.entry.path)
                ),
                SecretKind::Fallback => format!(
                    "`{}` falls back to a literal when its variable is unset: production runs with a known secret; use System.fetch_env!/1",
                    secret.key
                ),
                SecretKind::UrlPassword => format!(
                    "`{}` holds a URL with a password in {}: read it from the environment in runtime.exs",
                    secret.key,
                    file_name(&s.entry.path)
                ),
            };
            let mut f = finding(
                Check::HardcodedSecret,
                Severity::Error,
                &s.entry.path,
                secret.line,
                message,
            );
            f.snippet = Some(runtime_snippet(secret, &project.app));
            out.push(f);
        }
    }
}

fn ash_policies(m: &Model<'_>, out: &mut Vec<Finding>) {
    for (file, r) in &m.resources {
        if r.embedded {
            continue;
        }
        // A custom authorizer is the user's own choice.
        if r.has_authorizers && !r.has_policy_authorizer {
            continue;
        }
        let why = match (r.has_policy_authorizer, r.has_policies) {
            (true, true) => continue,
            (false, false) => "has no authorizer and no policies: every action is open to anyone who can call it",
            (true, false) => "has Ash.Policy.Authorizer but no policies: every action is forbidden",
            (false, true) => "has policies but not Ash.Policy.Authorizer in authorizers: the policies are not applied",
        };
        let mut f = finding(
            Check::AshPolicies,
            Severity::Warning,
            file,
            r.line,
            format!("{} {why}", r.module),
        );
        f.fix = Some(format!("scaffold ash-policy {}", r.module));
        f.action = Some(Action::Policies {
            resource: r.module.clone(),
        });
        out.push(f);
    }
}

fn ash_domain_resource(m: &Model<'_>, out: &mut Vec<Finding>) {
    for (file, r) in &m.resources {
        if r.embedded {
            continue;
        }
        let listed_in = m
            .domains
            .iter()
            .find(|(_, d)| d.resources.contains(&r.module));
        match &r.domain {
            Some(domain) => {
                let Some((dfile, d)) = m.domains.iter().find(|(_, d)| &d.module == domain) else {
                    continue;
                };
                if d.resources.contains(&r.module) || d.allow_unregistered {
                    continue;
                }
                let mut f = finding(
                    Check::AshDomainResource,
                    Severity::Error,
                    file,
                    r.line,
                    format!(
                        "{} sets domain: {domain}, but {domain} does not list it in `resources`: the resource does not compile",
                        r.module
                    ),
                );
                f.fix = Some("scaffold doctor --fix --only ash-domain-resource".to_string());
                f.action = Some(Action::RegisterResource {
                    file: dfile.to_string(),
                    resource: r.module.clone(),
                });
                out.push(f);
            }
            None if listed_in.is_none() => {
                out.push(finding(
                    Check::AshDomainResource,
                    Severity::Error,
                    file,
                    r.line,
                    format!("{} has no domain: set `domain:` in `use Ash.Resource` and list it in that domain's `resources`", r.module),
                ));
            }
            None => {}
        }
    }
}

fn ash_domains_config(project: &Project, m: &Model<'_>, out: &mut Vec<Finding>) {
    let configured: HashSet<&str> = m.ash_domains.iter().map(|(_, d, _)| *d).collect();
    let config = project
        .paths
        .config
        .clone()
        .unwrap_or_else(|| "config/config.exs".into());
    let where_ = m
        .ash_domains
        .iter()
        .find(|(f, _, _)| *f == config)
        .map_or(config.clone(), |(f, _, l)| format!("{f}:{l}"));
    for (file, d) in &m.domains {
        if configured.contains(d.module.as_str()) || d.skip_config {
            continue;
        }
        let mut f = finding(
            Check::AshDomainsConfig,
            Severity::Warning,
            file,
            d.line,
            format!(
                "{} is not in config :{}, :ash_domains ({where_}): mix ash.codegen and the other Ash tasks do not see it",
                d.module, project.app
            ),
        );
        if project.paths.config.is_some() {
            f.fix = Some("scaffold doctor --fix --only ash-domains-config".to_string());
            f.action = Some(Action::RegisterDomain {
                domain: d.module.clone(),
            });
        }
        out.push(f);
    }
}

fn n_plus_one(project: &Project, m: &Model<'_>, out: &mut Vec<Finding>) {
    let repo = project.repo.as_deref();
    let mut seen: HashSet<(&str, usize)> = HashSet::new();
    let mut calls = m.loop_calls.clone();
    calls.sort_by(|a, b| a.0.cmp(b.0).then(a.1.line.cmp(&b.1.line)));
    for (file, c) in calls {
        let module = c.module.as_str();
        let function = c.function.as_str();
        let is_repo = (Some(module) == repo || module == "Repo" || module.ends_with(".Repo"))
            && REPO_QUERIES.contains(&function);
        let is_ash = module == "Ash" && ASH_QUERIES.contains(&function);
        let is_getter = m
            .getters
            .contains(&(module.to_string(), function.to_string()));
        if !(is_repo || is_ash || is_getter) || !seen.insert((file, c.loop_line)) {
            continue;
        }
        let short = module.rsplit('.').next().unwrap_or(module);
        let remedy = if is_repo {
            "fetch all rows in one query (where: x.id in ^ids) or preload"
        } else {
            "read them in one query (a filter on the ids) or use Ash.load"
        };
        out.push(finding(
            Check::NPlusOne,
            Severity::Info,
            file,
            c.line,
            format!(
                "{short}.{function} inside {} (line {}) runs one query per element; {remedy}",
                c.loop_name, c.loop_line
            ),
        ));
    }
}

/// Modules whose `use` marks framework plumbing rather than logic worth a
/// unit test.
const PLUMBING: &[&str] = &[
    "Application",
    "Supervisor",
    "DynamicSupervisor",
    "Phoenix.Endpoint",
    "Phoenix.Router",
    "Phoenix.Component",
    "Phoenix.Presence",
    "Ecto.Repo",
    "Ecto.Schema",
    "Ecto.Migration",
    "AshPostgres.Repo",
    "AshSqlite.Repo",
    "Ash.Domain",
    "Swoosh.Mailer",
    "Gettext.Backend",
];

/// The first `defmodule` of a text: (name, line).
fn first_module(text: &str) -> Option<(String, usize)> {
    for (i, l) in text.lines().enumerate() {
        if let Some(rest) = l.trim_start().strip_prefix("defmodule ") {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '.' || *c == '_')
                .collect();
            if !name.is_empty() {
                return Some((name, i + 1));
            }
        }
    }
    None
}

/// What a file under lib/ is, for the missing-test check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Subject {
    /// It uses Ash.Resource (`embedded`: as an embedded resource).
    Resource { embedded: bool },
    /// It uses GenServer or Agent.
    Process,
    /// A public function and no framework plumbing.
    Logic,
    /// Nothing worth a unit test of its own.
    Nothing,
}

/// Classifies a file in one pass over its lines: a public function and no
/// `use` of framework plumbing (endpoint, router, repo, schema, HTML
/// components: those are covered by the tests of what uses them), nor a
/// `__using__` macro, is logic worth a test.
fn subject(text: &str, web_module: Option<&str>) -> Subject {
    let mut has_def = false;
    let mut plumbing = false;
    for l in text.lines() {
        let t = l.trim_start();
        if let Some(used) = t.strip_prefix("use ") {
            let module = used.split([',', ' ']).next().unwrap_or("");
            match module {
                "Ash.Resource" => {
                    return Subject::Resource {
                        embedded: text.contains("data_layer: :embedded"),
                    }
                }
                "GenServer" | "Agent" => return Subject::Process,
                _ => {}
            }
            plumbing |= PLUMBING.contains(&module);
            if web_module == Some(module) {
                let kind = used[module.len()..].trim_start_matches(',').trim();
                plumbing |= kind == ":html" || kind == ":verified_routes";
            }
        } else if t.starts_with("defmacro __using__") {
            plumbing = true;
        } else if t.starts_with("def ") {
            has_def = true;
        }
    }
    if has_def && !plumbing {
        Subject::Logic
    } else {
        Subject::Nothing
    }
}

/// `apps/x/lib/shop/foo.ex` → `apps/x/test/shop/foo_test.exs`.
pub(crate) fn mirror_test_path(lib_path: &str) -> Option<String> {
    let (prefix, rest) = if let Some(rest) = lib_path.strip_prefix("lib/") {
        ("", rest)
    } else {
        let i = lib_path.find("/lib/")?;
        (&lib_path[..=i], &lib_path[i + 5..])
    };
    let stem = rest.strip_suffix(".ex")?;
    Some(format!("{prefix}test/{stem}_test.exs"))
}

fn missing_tests(
    m: &Model<'_>,
    scanned: &[Scanned],
    tests: &HashSet<String>,
    out: &mut Vec<Finding>,
) {
    let resources: HashMap<&str, &Resource> = m
        .resources
        .iter()
        .map(|(_, r)| (r.module.as_str(), *r))
        .collect();
    let processes: HashSet<&str> = m.processes.iter().map(|(_, p)| p.module.as_str()).collect();
    // The web module is derived from the first module under lib/<app>_web.
    let web = scanned
        .iter()
        .filter_map(|s| s.text.as_deref().and_then(first_module).map(|(n, _)| n))
        .find(|n| n.ends_with("Web") && !n.contains('.'));
    for s in scanned
        .iter()
        .filter(|s| s.entry.area == Area::Lib && s.entry.path.ends_with(".ex"))
    {
        let Some(text) = &s.text else { continue };
        let Some((module, line)) = first_module(text) else {
            continue;
        };
        let Some(test_path) = mirror_test_path(&s.entry.path) else {
            continue;
        };
        if tests.contains(&test_path) {
            continue;
        }
        let kind = match (
            resources.get(module.as_str()),
            subject(text, web.as_deref()),
        ) {
            (Some(r), _) if r.embedded => continue,
            (Some(r), _) => Some(TestKind::Resource {
                domain: r.domain.clone(),
                read: r.has_read && r.table.is_some(),
            }),
            (None, Subject::Resource { embedded: true }) => continue,
            (None, Subject::Resource { embedded: false }) => None,
            (None, Subject::Process) => {
                let running =
                    m.supervised.contains(module.as_str()) && text.contains("name: __MODULE__");
                Some(TestKind::Process { running })
            }
            (None, _) if processes.contains(module.as_str()) => {
                Some(TestKind::Process { running: false })
            }
            (None, Subject::Logic) => None,
            (None, Subject::Nothing) => continue,
        };
        let mut f = finding(
            Check::MissingTest,
            Severity::Info,
            &s.entry.path,
            line,
            format!("{module} has no test file ({test_path})"),
        );
        if let Some(kind) = kind {
            f.fix = Some("scaffold doctor --fix --only missing-test".to_string());
            f.action = Some(Action::Test {
                module: module.clone(),
                test_path,
                kind,
            });
        }
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mirror_paths() {
        assert_eq!(
            mirror_test_path("lib/shop/cache.ex").as_deref(),
            Some("test/shop/cache_test.exs")
        );
        assert_eq!(
            mirror_test_path("apps/shop/lib/shop/cache.ex").as_deref(),
            Some("apps/shop/test/shop/cache_test.exs")
        );
        assert_eq!(mirror_test_path("lib/shop/cache.exs"), None);
    }

    #[test]
    fn env_names() {
        let s = |key: &str, app: Option<&str>, sub: Option<&str>, how| Secret {
            line: 1,
            key: key.into(),
            app: app.map(Into::into),
            sub: sub.map(Into::into),
            how,
            assignment: false,
        };
        assert_eq!(
            env_name(&s(
                "secret_key_base",
                Some("shop"),
                Some("ShopWeb.Endpoint"),
                SecretKind::Literal
            )),
            "SECRET_KEY_BASE"
        );
        assert_eq!(
            env_name(&s(
                "api_key",
                Some("shop"),
                Some("Shop.Mailer"),
                SecretKind::Literal
            )),
            "MAILER_API_KEY"
        );
        assert_eq!(
            env_name(&s(
                "api_key",
                Some("stripity_stripe"),
                None,
                SecretKind::Literal
            )),
            "STRIPITY_STRIPE_API_KEY"
        );
        assert_eq!(
            env_name(&s(
                "url",
                Some("shop"),
                Some("Shop.Repo"),
                SecretKind::UrlPassword
            )),
            "DATABASE_URL"
        );
        assert_eq!(
            env_name(&s(
                "stripe_api_key",
                Some("shop"),
                Some(":stripe"),
                SecretKind::Literal
            )),
            "STRIPE_API_KEY"
        );
    }

    #[test]
    fn index_commands() {
        assert_eq!(
            index_command("posts", &["author_id"], false, true),
            "scaffold migration add_posts_author_id_index --index posts.author_id --concurrently"
        );
        assert_eq!(
            index_command("users", &["email"], true, false),
            "scaffold migration add_users_email_unique_index --unique-index users.email"
        );
    }
}
