//! The questions of each generator, turned into the command line the
//! flags would be. Every answer is validated with the same spec code the
//! command uses, so an invalid answer is explained (with a suggestion when
//! there is one) and asked again instead of failing at the end.

use crate::cli::prompt::Prompter;
use crate::error::{Error, Result};
use crate::generators::Context;
use crate::project::Project;
use crate::render::Renderer;
use crate::spec::field::{Field, ScalarType};
use crate::spec::names::{ModuleName, SnakeName};
use crate::spec::new_project::{NewProjectInput, NewProjectSpec, Secrets};

/// What the wizard can generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `scaffold ash-resource`
    Resource,
    /// `scaffold ash-policy`
    Policy,
    /// `scaffold genserver`
    GenServer,
    /// `scaffold supervisor`
    Supervisor,
    /// `scaffold migration`
    Migration,
    /// `scaffold live-component`
    Component,
    /// `scaffold live`
    LivePages,
    /// `scaffold new`
    Project,
}

impl Kind {
    /// The kinds offered inside a project, then outside one.
    pub fn offered(in_project: bool) -> Vec<Kind> {
        if in_project {
            vec![
                Kind::Resource,
                Kind::Policy,
                Kind::LivePages,
                Kind::Component,
                Kind::GenServer,
                Kind::Supervisor,
                Kind::Migration,
                Kind::Project,
            ]
        } else {
            vec![Kind::Project]
        }
    }

    /// The menu label; its first word is the kind's short name.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Resource => "resource     an Ash resource with its domain, migration and tests",
            Kind::Policy => "policy       policies on an existing Ash resource",
            Kind::GenServer => "genserver    a supervised GenServer",
            Kind::Supervisor => "supervisor   a Supervisor in the supervision tree",
            Kind::Migration => "migration    an Ecto migration (tables, columns, indexes)",
            Kind::Component => "component    a function component (or a LiveComponent)",
            Kind::LivePages => {
                "live         LiveView pages (index, show, form) for an Ash resource"
            }
            Kind::Project => "project      a new Phoenix + Ash project",
        }
    }
}

/// Asks everything and returns the equivalent command line
/// (`["scaffold", "ash-resource", "Blog.Post", ...]`).
pub fn ask(project: Option<&Project>, p: &mut dyn Prompter) -> Result<Vec<String>> {
    let kinds = Kind::offered(project.is_some());
    let labels: Vec<String> = kinds.iter().map(|k| k.label().to_string()).collect();
    let kind = kinds[p.select("What do you want to generate?", &labels, 0)?];
    let mut argv = vec!["scaffold".to_string()];
    match (kind, project) {
        (Kind::Project, _) => project_flow(p, &mut argv)?,
        (_, None) => {
            return Err(Error::input(
                "no Mix project here; only a new project can be generated",
            ))
        }
        (Kind::Resource, Some(pr)) => resource_flow(pr, p, &mut argv)?,
        (Kind::Policy, Some(pr)) => policy_flow(pr, p, &mut argv)?,
        (Kind::GenServer, Some(_)) => genserver_flow(p, &mut argv)?,
        (Kind::Supervisor, Some(_)) => supervisor_flow(p, &mut argv)?,
        (Kind::Migration, Some(_)) => migration_flow(p, &mut argv)?,
        (Kind::Component, Some(pr)) => component_flow(pr, p, &mut argv)?,
        (Kind::LivePages, Some(pr)) => live_flow(pr, p, &mut argv)?,
    }
    Ok(argv)
}

/// An error as one line for a validation message: `message (hint)`.
fn explain(e: Error) -> String {
    match e.hint() {
        Some(h) => format!("{e} ({h})"),
        None => e.to_string(),
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn push(argv: &mut Vec<String>, items: &[&str]) {
    argv.extend(items.iter().map(|s| s.to_string()));
}

fn module_question(p: &mut dyn Prompter, question: &str, optional: bool) -> Result<String> {
    let validate = move |s: &str| {
        if optional && s.is_empty() {
            return Ok(());
        }
        ModuleName::parse(s).map(|_| ()).map_err(explain)
    };
    p.input(question, if optional { Some("") } else { None }, &validate)
}

fn list_question(
    p: &mut dyn Prompter,
    question: &str,
    check: fn(&str) -> Result<()>,
) -> Result<Vec<String>> {
    let validate = move |s: &str| {
        s.split([',', ' '])
            .filter(|w| !w.is_empty())
            .try_for_each(|w| check(w).map_err(explain))
    };
    let text = p.input(question, Some(""), &validate)?;
    Ok(text
        .split([',', ' '])
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect())
}

fn number_question(p: &mut dyn Prompter, question: &str) -> Result<Option<String>> {
    let validate = |s: &str| {
        if s.is_empty() || s.parse::<u64>().is_ok_and(|n| n > 0) {
            Ok(())
        } else {
            Err(format!(
                "`{s}` is not a positive whole number of milliseconds"
            ))
        }
    };
    let text = p.input(question, Some(""), &validate)?;
    Ok((!text.is_empty()).then_some(text))
}

/// A select whose first item means "the default": returns the chosen
/// item's first word, or None for the default.
fn choice(p: &mut dyn Prompter, question: &str, items: &[&str]) -> Result<Option<String>> {
    let i = p.select(question, &strings(items), 0)?;
    Ok((i > 0).then(|| {
        items[i]
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_string()
    }))
}

/// The resources the project has, relative to its base module.
fn existing_resources(project: &Project) -> Vec<String> {
    let renderer = Renderer::new(None);
    let ctx = Context {
        project,
        renderer: &renderer,
    };
    let set = crate::changes::ChangeSet::new(&project.root);
    let prefix = format!("{}.", project.base_module);
    let mut found: Vec<String> = crate::generators::ash_resource::scan_resources(&ctx, &set)
        .unwrap_or_default()
        .into_iter()
        .map(|r| {
            r.module
                .strip_prefix(&prefix)
                .map(str::to_string)
                .unwrap_or(r.module)
        })
        .collect();
    found.sort();
    found
}

const OTHER_MODULE: &str = "other        type a module";

fn pick_resource(p: &mut dyn Prompter, question: &str, known: &[String]) -> Result<String> {
    let mut items = known.to_vec();
    items.push(OTHER_MODULE.to_string());
    let i = p.fuzzy_select(question, &items, 0)?;
    if i < known.len() {
        Ok(known[i].clone())
    } else {
        module_question(p, "Module (relative to the app, e.g. Accounts.User)", false)
    }
}

const FIELD_TYPES: &[&str] = &[
    "string",
    "ci_string          case-insensitive string",
    "text               long text (a textarea in forms)",
    "integer",
    "float",
    "decimal",
    "boolean",
    "date",
    "time",
    "utc_datetime",
    "utc_datetime_usec",
    "naive_datetime",
    "uuid",
    "map",
    "binary",
    "atom               one of a list of values",
    "array              a list of another type",
    "belongs_to         a relationship to one record (adds NAME_id)",
    "has_many           a relationship to many records",
    "has_one            a relationship to one record that points back",
    "many_to_many       a relationship through a join resource",
];

fn first_word(s: &str) -> String {
    s.split_whitespace().next().unwrap_or_default().to_string()
}

/// One field in the `name:type:modifier` syntax, or None when done.
fn field_flow(p: &mut dyn Prompter, known: &[String], taken: &[String]) -> Result<Option<String>> {
    let taken_names: Vec<String> = taken
        .iter()
        .map(|f| f.split(':').next().unwrap_or_default().to_string())
        .collect();
    let validate_name = move |s: &str| {
        if s.is_empty() {
            return Ok(());
        }
        if taken_names.iter().any(|t| t == s) {
            return Err(format!("`{s}` is already a field of this resource"));
        }
        SnakeName::field(s).map(|_| ()).map_err(explain)
    };
    let name = p.input("Field name (empty when done)", Some(""), &validate_name)?;
    if name.is_empty() {
        return Ok(None);
    }
    let types = strings(FIELD_TYPES);
    let ty = first_word(&types[p.fuzzy_select(&format!("Type of `{name}`"), &types, 0)?]);
    let mut field = format!("{name}:{ty}");
    let relationship = matches!(
        ty.as_str(),
        "belongs_to" | "has_many" | "has_one" | "many_to_many"
    );
    if relationship {
        let target = pick_resource(p, &format!("`{name}` points to which resource?"), known)?;
        field.push(':');
        field.push_str(&target);
        if ty == "many_to_many" {
            let through =
                module_question(p, "Through which join resource? (e.g. Blog.PostTag)", false)?;
            field.push_str(&format!(":through={through}"));
        }
        let mods: &[&str] = if ty == "belongs_to" {
            &["required", "index", "private"]
        } else {
            &["private"]
        };
        for i in p.multi_select(
            &format!("Options of `{name}`"),
            &strings(mods),
            &vec![false; mods.len()],
        )? {
            field.push(':');
            field.push_str(mods[i]);
        }
        if ty == "belongs_to" {
            if let Some(d) = choice(
                p,
                "When the target is deleted",
                &[
                    "default      (restrict when required, else nilify)",
                    "delete",
                    "nilify",
                    "restrict",
                    "nothing",
                ],
            )? {
                field.push_str(&format!(":on_delete={d}"));
            }
        }
    } else {
        let mut element = ty.clone();
        if ty == "array" {
            let scalars: Vec<String> = ScalarType::ALL
                .iter()
                .map(|t| t.name().to_string())
                .chain(["atom".to_string()])
                .collect();
            element =
                scalars[p.fuzzy_select(&format!("`{name}` is a list of"), &scalars, 0)?].clone();
            field.push(':');
            field.push_str(&element);
        }
        if element == "atom" {
            let values = list_question(p, &format!("Values of `{name}` (comma separated)"), |v| {
                SnakeName::atom_value(v).map(|_| ())
            })?;
            if values.is_empty() {
                return Err(Error::input_hint(
                    format!("`{name}` needs at least one value"),
                    "e.g. draft,published",
                ));
            }
            field.push(':');
            field.push_str(&values.join(","));
        }
        let plain = !matches!(ty.as_str(), "map" | "binary" | "array");
        let mods: &[&str] = if plain {
            &["required", "unique", "index", "sensitive", "private"]
        } else {
            &["required", "sensitive", "private"]
        };
        for i in p.multi_select(
            &format!("Modifiers of `{name}`"),
            &strings(mods),
            &vec![false; mods.len()],
        )? {
            field.push(':');
            field.push_str(mods[i]);
        }
        if !matches!(ty.as_str(), "map" | "binary") {
            let prefix = field.clone();
            let validate = move |s: &str| {
                if s.is_empty() {
                    return Ok(());
                }
                Field::parse(&format!("{prefix}:default={}", quote_default(s)))
                    .map(|_| ())
                    .map_err(explain)
            };
            let default = p.input(
                &format!("Default of `{name}` (empty for none)"),
                Some(""),
                &validate,
            )?;
            if !default.is_empty() {
                field.push_str(&format!(":default={}", quote_default(&default)));
            }
        }
    }
    Field::parse(&field).map_err(|e| e.with_hint(format!("in `{field}`")))?;
    Ok(Some(field))
}

/// A default value as the field syntax needs it: quoted when it holds a `:`
/// that would otherwise end it.
fn quote_default(value: &str) -> String {
    if value.contains(':')
        && !value.starts_with('"')
        && !value.chars().next().is_some_and(|c| c.is_ascii_digit())
    {
        format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        value.to_string()
    }
}

fn resource_flow(project: &Project, p: &mut dyn Prompter, argv: &mut Vec<String>) -> Result<()> {
    let module = module_question(
        p,
        "Resource module (relative to the app, e.g. Blog.Post)",
        false,
    )?;
    push(argv, &["ash-resource", &module]);
    let mut known = existing_resources(project);
    if !known.contains(&module) {
        known.push(module.clone());
    }
    let mut fields: Vec<String> = Vec::new();
    while let Some(field) = field_flow(p, &known, &fields)? {
        fields.push(field);
    }
    argv.extend(fields);
    if let Some(pk) = choice(
        p,
        "Primary key",
        &["uuid_v7      (default)", "uuid", "integer"],
    )? {
        push(argv, &["--primary-key", &pk]);
    }
    if let Some(dl) = choice(
        p,
        "Data layer",
        &[
            "default      (postgres in an Ecto project)",
            "postgres",
            "ets",
            "embedded",
        ],
    )? {
        push(argv, &["--data-layer", &dl]);
    }
    let actions = ["read", "create", "update", "destroy"];
    let picked = p.multi_select("Actions", &strings(&actions), &[true; 4])?;
    if picked.len() < actions.len() {
        if picked.is_empty() {
            return Err(Error::input("choose at least one action"));
        }
        let list: Vec<&str> = picked.iter().map(|&i| actions[i]).collect();
        push(argv, &["--actions", &list.join(",")]);
    }
    if p.confirm("Add secure-by-default policies?", false)? {
        argv.push("--policies".into());
    }
    if !p.confirm("Add timestamps (inserted_at, updated_at)?", true)? {
        argv.push("--no-timestamps".into());
    }
    if !p.confirm("Write a migration?", true)? {
        argv.push("--no-migration".into());
    }
    if !p.confirm("Write tests?", true)? {
        argv.push("--no-test".into());
    } else if p.confirm("Also property tests (StreamData)?", false)? {
        argv.push("--property".into());
    }
    Ok(())
}

fn policy_flow(project: &Project, p: &mut dyn Prompter, argv: &mut Vec<String>) -> Result<()> {
    let module = pick_resource(p, "Which resource?", &existing_resources(project))?;
    push(argv, &["ash-policy", &module]);
    if let Some(r) = choice(
        p,
        "Who may read?",
        &[
            "default      (any actor)",
            "any          also without an actor",
            "actor",
            "owner",
        ],
    )? {
        push(argv, &["--read", &r]);
    }
    if let Some(w) = choice(
        p,
        "Who may create, update and destroy?",
        &[
            "default      (the owner, else an admin)",
            "owner",
            "admin",
            "actor",
        ],
    )? {
        push(argv, &["--write", &w]);
    }
    let validate = |s: &str| {
        if s.is_empty() {
            Ok(())
        } else {
            SnakeName::field(s).map(|_| ()).map_err(explain)
        }
    };
    let owner = p.input(
        "Owner relationship (empty: the belongs_to to a User)",
        Some(""),
        &validate,
    )?;
    if !owner.is_empty() {
        push(argv, &["--owner", &owner]);
    }
    Ok(())
}

fn snake(s: &str) -> Result<()> {
    SnakeName::parse(s).map(|_| ())
}

fn module(s: &str) -> Result<()> {
    ModuleName::parse(s).map(|_| ())
}

fn genserver_flow(p: &mut dyn Prompter, argv: &mut Vec<String>) -> Result<()> {
    let module = module_question(
        p,
        "GenServer module (relative to the app, e.g. Cache.Warmer)",
        false,
    )?;
    push(argv, &["genserver", &module]);
    let kind = choice(
        p,
        "What kind of server?",
        &[
            "single       one named server",
            "registry     one server per key, named through a Registry",
            "dynamic      workers started on demand under a DynamicSupervisor",
            "ets          the owner of a protected ETS table",
        ],
    )?;
    if let Some(kind) = &kind {
        argv.push(format!("--{kind}"));
    }
    if kind.as_deref() == Some("ets") {
        // The ETS owner has a fixed API: only the expiry is a choice.
        if let Some(ttl) = number_question(p, "Entries expire after (ms, empty: never)")? {
            push(argv, &["--ttl", &ttl]);
        }
    } else {
        for name in list_question(p, "Synchronous calls (names, comma separated)", snake)? {
            push(argv, &["--call", &name]);
        }
        for name in list_question(p, "Asynchronous casts (names, comma separated)", snake)? {
            push(argv, &["--cast", &name]);
        }
        if let Some(ms) = number_question(p, "Reload every (ms, empty: no timer)")? {
            push(argv, &["--every", &ms]);
        }
        if let Some(state) = choice(p, "State", &["map          (default)", "keyword", "struct"])? {
            push(argv, &["--state", &state]);
        }
    }
    if p.confirm("Emit telemetry events?", false)? {
        argv.push("--telemetry".into());
    }
    let sup = module_question(
        p,
        "Start it under which supervisor? (empty: the application)",
        true,
    )?;
    if !sup.is_empty() {
        push(argv, &["--supervisor", &sup]);
    }
    if !p.confirm("Write a test?", true)? {
        argv.push("--no-test".into());
    }
    Ok(())
}

fn supervisor_flow(p: &mut dyn Prompter, argv: &mut Vec<String>) -> Result<()> {
    let name = module_question(
        p,
        "Supervisor module (relative to the app, e.g. Pipeline)",
        false,
    )?;
    push(argv, &["supervisor", &name]);
    if let Some(s) = choice(
        p,
        "Restart strategy",
        &[
            "one_for_one  (default) restart only the child that failed",
            "rest_for_one",
            "one_for_all",
        ],
    )? {
        push(argv, &["--strategy", &s]);
    }
    for child in list_question(
        p,
        "Children, in start order (modules, comma separated)",
        module,
    )? {
        push(argv, &["--child", &child]);
    }
    let sup = module_question(
        p,
        "Start it under which supervisor? (empty: the application)",
        true,
    )?;
    if !sup.is_empty() {
        push(argv, &["--supervisor", &sup]);
    }
    if !p.confirm("Write a test?", true)? {
        argv.push("--no-test".into());
    }
    Ok(())
}

fn migration_flow(p: &mut dyn Prompter, argv: &mut Vec<String>) -> Result<()> {
    use crate::spec::migration::{MigrationInput, MigrationSpec};
    let validate = |s: &str| SnakeName::parse(s).map(|_| ()).map_err(explain);
    let name = p.input(
        "Migration name (e.g. create_tags, add_slug_to_posts)",
        None,
        &validate,
    )?;
    push(argv, &["migration", &name]);
    let mut ops: Vec<String> = Vec::new();
    loop {
        let (n, done) = (name.clone(), ops.clone());
        let validate = move |s: &str| {
            if s.is_empty() {
                return Ok(());
            }
            let mut all = done.clone();
            all.push(s.to_string());
            let input = MigrationInput {
                name: n.clone(),
                ops: all,
                ..Default::default()
            };
            MigrationSpec::build(input).map(|_| ()).map_err(explain)
        };
        let op = p.input(
            "Column (TABLE.COLUMN:TYPE, or COLUMN:TYPE for create_TABLE; empty when done)",
            Some(""),
            &validate,
        )?;
        if op.is_empty() {
            break;
        }
        ops.push(op);
    }
    argv.extend(ops);
    let index = |s: &str| -> Result<()> {
        if s.split_once('.')
            .is_some_and(|(t, c)| !t.is_empty() && !c.is_empty())
        {
            Ok(())
        } else {
            Err(Error::input_hint(
                format!("`{s}` is not TABLE.COLUMN"),
                "e.g. posts.title or posts.author_id,inserted_at",
            ))
        }
    };
    let plain = list_question(
        p,
        "Plain indexes (TABLE.COLUMN[,COLUMN], space separated)",
        index,
    )?;
    let unique = list_question(
        p,
        "Unique indexes (TABLE.COLUMN[,COLUMN], space separated)",
        index,
    )?;
    for i in &plain {
        push(argv, &["--index", i]);
    }
    for i in &unique {
        push(argv, &["--unique-index", i]);
    }
    if (!plain.is_empty() || !unique.is_empty())
        && p.confirm("Build the indexes concurrently?", false)?
    {
        argv.push("--concurrently".into());
    }
    if name.starts_with("create_") {
        if p.confirm("UUID primary key (binary_id)?", false)? {
            argv.push("--binary-id".into());
        }
        if !p.confirm("Add timestamps?", true)? {
            argv.push("--no-timestamps".into());
        }
    } else if p.confirm(
        "Remove these columns and indexes instead of adding them?",
        false,
    )? {
        argv.push("--remove".into());
    }
    Ok(())
}

fn project_flow(p: &mut dyn Prompter, argv: &mut Vec<String>) -> Result<()> {
    let validate = |s: &str| {
        let path = std::path::Path::new(s);
        crate::generators::new_project::bootstrap::absolute_target(path)
            .and_then(|t| crate::generators::new_project::bootstrap::check_target(&t, false))
            .map_err(explain)
    };
    let path = p.input("Directory of the new project", None, &validate)?;
    let dir_name = crate::cli::new::dir_name(std::path::Path::new(&path));
    let check_names = |app: &str, module: Option<&str>| -> Result<()> {
        let input = NewProjectInput {
            app: Some(app.to_string()),
            module: module.map(str::to_string),
            dir_name: dir_name.clone(),
            ..Default::default()
        };
        NewProjectSpec::build(&input, placeholder_secrets()).map(|_| ())
    };
    let validate_app = |s: &str| check_names(s, None).map_err(explain);
    let app = p.input(
        "OTP app name",
        Some(&suggested_app(&dir_name)),
        &validate_app,
    )?;
    let validate_module = |s: &str| {
        if s.is_empty() {
            Ok(())
        } else {
            check_names(&app, Some(s)).map_err(explain)
        }
    };
    let module = p.input(
        "Base module (empty: from the app name)",
        Some(""),
        &validate_module,
    )?;
    push(argv, &["new", &path]);
    if app != dir_name {
        push(argv, &["--app", &app]);
    }
    if !module.is_empty() {
        push(argv, &["--module", &module]);
    }
    if !p.confirm("Use Ash?", true)? {
        argv.push("--no-ash".into());
    }
    if !p.confirm("Wire LiveView (socket, LiveDashboard, AshPhoenix)?", true)? {
        argv.push("--no-live".into());
    }
    if let Some(db) = choice(p, "Database", &["postgres     (default)", "sqlite"])? {
        push(argv, &["--database", &db]);
    }
    Ok(())
}

/// Secrets for validating names only (never written).
fn placeholder_secrets() -> Secrets {
    Secrets {
        dev_secret_key_base: String::new(),
        test_secret_key_base: String::new(),
        session_signing_salt: String::new(),
        live_view_signing_salt: String::new(),
    }
}

/// The directory name when it is a valid app name, else `my_app`.
fn suggested_app(dir_name: &str) -> String {
    let input = NewProjectInput {
        dir_name: dir_name.to_string(),
        ..Default::default()
    };
    match NewProjectSpec::build(&input, placeholder_secrets()) {
        Ok(spec) => spec.app,
        Err(_) => "my_app".to_string(),
    }
}

fn component_flow(project: &Project, p: &mut dyn Prompter, argv: &mut Vec<String>) -> Result<()> {
    use crate::spec::component::{ComponentInput, ComponentSpec};
    let web = ModuleName::parse(project.web_module.as_deref().unwrap_or("Web"))
        .map_err(|e| e.with_hint("this project has no web module"))?;
    let module = module_question(
        p,
        "Component module (under the web module, e.g. Ui.Card)",
        false,
    )?;
    push(argv, &["live-component", &module]);
    let mut attrs: Vec<String> = Vec::new();
    let mut slots: Vec<String> = Vec::new();
    for (flag, question) in [
        (
            "--attr",
            "Attribute NAME[:TYPE][:required][:values=A,B][:default=X] (empty when done)",
        ),
        ("--slot", "Slot NAME[:required] (empty when done)"),
    ] {
        loop {
            let (m, w, a, sl) = (module.clone(), web.clone(), attrs.clone(), slots.clone());
            let validate = move |s: &str| {
                if s.is_empty() {
                    return Ok(());
                }
                let (mut attrs, mut slots) = (a.clone(), sl.clone());
                if flag == "--attr" {
                    attrs.push(s.to_string())
                } else {
                    slots.push(s.to_string())
                }
                let input = ComponentInput {
                    module: m.clone(),
                    attrs,
                    slots,
                    stateful: false,
                    tests: true,
                };
                ComponentSpec::build(input, &w).map(|_| ()).map_err(explain)
            };
            let answer = p.input(question, Some(""), &validate)?;
            if answer.is_empty() {
                break;
            }
            if flag == "--attr" {
                attrs.push(answer)
            } else {
                slots.push(answer)
            }
        }
    }
    for a in &attrs {
        push(argv, &["--attr", a]);
    }
    for s in &slots {
        push(argv, &["--slot", s]);
    }
    if p.confirm(
        "A stateful LiveComponent instead of a function component?",
        false,
    )? {
        argv.push("--stateful".into());
    }
    if !p.confirm("Write a test?", true)? {
        argv.push("--no-test".into());
    }
    Ok(())
}

fn live_flow(project: &Project, p: &mut dyn Prompter, argv: &mut Vec<String>) -> Result<()> {
    let resource = pick_resource(p, "Pages for which resource?", &existing_resources(project))?;
    push(argv, &["live", &resource]);
    let validate = |s: &str| {
        if s.is_empty() || (s.starts_with('/') && !s.contains(char::is_whitespace)) {
            Ok(())
        } else {
            Err(format!("`{s}` is not a path such as /admin"))
        }
    };
    let scope = p.input("Route scope (empty: /)", Some(""), &validate)?;
    if !scope.is_empty() {
        push(argv, &["--scope", &scope]);
    }
    if !p.confirm("Add the routes to the router?", true)? {
        argv.push("--no-router".into());
    }
    if !p.confirm("Write tests?", true)? {
        argv.push("--no-test".into());
    }
    Ok(())
}
