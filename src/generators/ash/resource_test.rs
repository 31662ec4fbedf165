//! The ExUnit suite of a generated resource: create with valid attributes
//! through the domain's code interface, each required field missing, each
//! unique field taken, read, get, update, destroy, and with policies the
//! allowed and forbidden actors of each policy; optionally StreamData
//! properties.
//!
//! Test data comes from Ash's own tools: records the tests start from are
//! written with `Ash.Seed` (no action, no policy in the way), related
//! records and actors with `Ash.Generator.seed!`, property inputs with
//! `Ash.Generator.action_input`. Values of unique fields get a
//! `System.unique_integer/1` suffix so tests never collide, also with the
//! ETS data layer, whose tables outlive a test.

use serde::Serialize;

use super::super::ash_init::edit_listed;
use super::super::ash_policy::{PolicySet, ReadAccess, WriteAccess};
use super::super::Context;
use super::{FoundResource, ResourceOptions};
use crate::changes::ChangeSet;
use crate::elixir::Dep;
use crate::error::Result;
use crate::spec::field::{BaseType, FieldKind, ScalarType};
use crate::spec::layout::{width, LINE_WIDTH};
use crate::spec::names::macro_underscore;
use crate::spec::resource::{AttributeSpec, SHADOWED_ALIASES};
use crate::spec::{PrimaryKey, ResourceSpec};

/// Names a generated test module may not alias a domain to.
const TEST_SHADOWED: &[&str] = &["System", "StreamData", "ExUnitProperties"];

/// Variables and helpers the generated tests use; a record variable never
/// takes one of these names.
const TAKEN: &[&str] = &[
    "actor",
    "admin",
    "attrs",
    "existing",
    "input",
    "field",
    "owner",
    "user",
    "valid_attrs",
    "update_attrs",
    "generators",
];

#[derive(Serialize, Default)]
struct Fns {
    create: Option<String>,
    list: Option<String>,
    get: Option<String>,
    update: Option<String>,
    destroy: Option<String>,
}

#[derive(Serialize)]
struct Lazy {
    key: String,
    code: String,
}

#[derive(Serialize)]
struct Property {
    generators: Vec<String>,
    required: Option<String>,
    actor: Option<String>,
}

#[derive(Serialize)]
struct TestContext {
    module: String,
    case_module: String,
    case_async: bool,
    property: Option<Property>,
    aliases: Vec<String>,
    domain: String,
    resource: String,
    var: String,
    plural_var: String,
    human: String,
    human_plural: String,
    fixture: String,
    fixture_inline: bool,
    check_inline: bool,
    fns: Fns,
    valid_attrs: Vec<String>,
    update_attrs: Vec<String>,
    fixture_defaults: Vec<Lazy>,
    create_asserts: Vec<String>,
    update_asserts: Vec<String>,
    required: Vec<String>,
    unique: Vec<String>,
    missing_id: String,
    helpers: Vec<String>,
    policies: bool,
    /// An actor allowed to create (code), when actors matter.
    creator: Option<String>,
    /// An actor allowed to read.
    reader: Option<String>,
    /// The record's owner (owner policies).
    owner_attr: Option<String>,
    owner_helper: Option<String>,
    /// An actor allowed to update and destroy any record.
    admin: Option<String>,
    /// An actor who may not write.
    stranger: Option<String>,
    /// Who that is, for test names: `another user`.
    stranger_desc: String,
    admin_only: bool,
    read_restricted: bool,
    create_without_actor: String,
}

/// Plans `test/<app>/<domain>/<resource>_test.exs`.
pub(super) fn plan(
    ctx: &Context,
    spec: &ResourceSpec,
    policy: Option<&PolicySet>,
    opts: &ResourceOptions,
    found: &[FoundResource],
    set: &mut ChangeSet,
) -> Result<()> {
    let project = ctx.project;
    let path = project.app_path(&spec.names.test_path);
    let base = spec.base_module.to_string();
    let (case_module, case_async) = if project.paths.data_case.is_some() {
        (format!("{base}.DataCase"), true)
    } else {
        set.note(format!(
            "no test/support/data_case.ex: {path} uses ExUnit.Case (add a DataCase with the SQL sandbox for database tests)"
        ));
        (
            "ExUnit.Case".to_string(),
            spec.data_layer != crate::spec::DataLayer::Postgres,
        )
    };

    let domain_module = spec
        .domain
        .as_ref()
        .map(|d| d.module.to_string())
        .unwrap_or_default();
    let domain_alias = spec
        .domain
        .as_ref()
        .map(|d| d.alias.clone())
        .unwrap_or_default();
    let resource_alias = spec.names.alias.clone();
    let mut aliases = Vec::new();
    let domain = if domain_alias == resource_alias
        || SHADOWED_ALIASES.contains(&domain_alias.as_str())
        || TEST_SHADOWED.contains(&domain_alias.as_str())
    {
        domain_module.clone()
    } else {
        aliases.push(domain_module.clone());
        domain_alias.clone()
    };
    aliases.push(spec.names.module.to_string());

    let singular = spec.names.singular.to_string();
    // Long names make every line long: then the record is just `record`.
    let short = width(&singular) <= 20;
    let var = if TAKEN.contains(&singular.as_str()) || !short {
        "record".to_string()
    } else {
        singular.clone()
    };
    let plural = spec.names.plural.to_string();
    let plural_var = if TAKEN.contains(&plural.as_str()) || plural == var || !short {
        "records".to_string()
    } else {
        plural
    };
    let fixture = format!("{singular}_fixture");

    // Helpers that seed related records, one per destination module.
    let mut helpers = Helpers::new(&fixture);
    let owner = policy
        .filter(|p| p.write == WriteAccess::Owner || p.read == ReadAccess::Owner)
        .and(spec.owner.as_ref());
    let owner_helper = owner.map(|o| helpers.name_for(o.destination.as_str()));

    // Valid and updated attributes, with the assertions that go with them.
    let accepted = &spec.actions.create_accept;
    let mut valid = Vec::new();
    let mut update = Vec::new();
    let mut create_asserts = Vec::new();
    let mut update_asserts = Vec::new();
    let mut required = Vec::new();
    let mut unique = Vec::new();
    for a in &spec.attributes {
        if !accepted.contains(&a.name) {
            continue;
        }
        let scalar = scalar_of(spec, a);
        valid.push(format!("{}: {}", a.name, value_code(a, scalar, &a.example)));
        create_asserts.push(assertion(a, scalar, &var));
        if spec.actions.update_accept.contains(&a.name) {
            update.push(format!(
                "{}: {}",
                a.name,
                value_code(a, scalar, &a.example_update)
            ));
            update_asserts.push(assertion(a, scalar, &var));
        }
        if !a.allow_nil && a.default.is_none() {
            required.push(a.name.to_string());
        }
        if a.unique {
            unique.push(a.name.to_string());
        }
    }
    let mut fixture_defaults = Vec::new();
    for r in &spec.belongs_to {
        let attr = r
            .source_attribute
            .clone()
            .expect("belongs_to has an attribute");
        let is_owner = owner.is_some_and(|o| o.attribute == attr);
        if r.destination == spec.names.module {
            // A record cannot be seeded with a parent of its own kind
            // that does not exist yet: self references stay empty.
            continue;
        }
        let helper = helpers.name_for(r.destination.as_str());
        if accepted.contains(&attr) && !r.allow_nil {
            valid.push(format!("{attr}: {helper}().id"));
            create_asserts.push(format!("assert {var}.{attr} == attrs.{attr}"));
            required.push(attr.to_string());
        } else if is_owner || !r.allow_nil {
            fixture_defaults.push(Lazy {
                key: attr.to_string(),
                code: format!("{helper}().id"),
            });
        }
    }
    if let Some(o) = owner {
        if spec.actions.create_code.is_some() {
            create_asserts.push(format!("assert {var}.{} == actor.id", o.attribute));
        }
    }

    let fns = Fns {
        create: spec
            .code_interface
            .iter()
            .find(|f| f.action == crate::spec::Action::Create)
            .map(|f| f.name.clone()),
        list: spec
            .code_interface
            .iter()
            .find(|f| f.action == crate::spec::Action::Read && !f.declaration.contains("get_by"))
            .map(|f| f.name.clone()),
        get: spec
            .code_interface
            .iter()
            .find(|f| f.declaration.contains("get_by"))
            .map(|f| f.name.clone()),
        update: spec
            .code_interface
            .iter()
            .find(|f| f.action == crate::spec::Action::Update)
            .map(|f| f.name.clone()),
        destroy: spec
            .code_interface
            .iter()
            .find(|f| f.action == crate::spec::Action::Destroy)
            .map(|f| f.name.clone()),
    };
    let missing_id = match spec.primary_key.as_ref().map(|p| p.kind) {
        Some(PrimaryKey::Integer) => "-1".to_string(),
        Some(PrimaryKey::Uuid) => "Ash.UUID.generate()".to_string(),
        _ => "Ash.UUIDv7.generate()".to_string(),
    };

    // Actors.
    let mut ctx_actors = Actors::default();
    if let Some(p) = policy {
        match (&owner_helper, p.write) {
            (Some(h), WriteAccess::Owner) => {
                ctx_actors.creator = Some(format!("{h}()"));
                ctx_actors.reader = Some(format!("{h}()"));
                ctx_actors.stranger = Some(format!("{h}()"));
                ctx_actors.admin = Some("admin()".into());
                helpers.admin_for(
                    found,
                    owner.map(|o| o.destination.as_str()).unwrap_or_default(),
                    h,
                    &p.admin_role,
                );
            }
            _ => {
                ctx_actors.creator = Some(format!("actor(:{})", p.admin_role));
                ctx_actors.reader = Some("actor()".into());
                ctx_actors.stranger = Some("actor()".into());
                ctx_actors.admin = Some(format!("actor(:{})", p.admin_role));
                ctx_actors.admin_only = p.write == WriteAccess::Admin;
                helpers.plain_actor();
            }
        }
        if p.write == WriteAccess::Actor {
            ctx_actors.creator = Some(ctx_actors.reader.clone().unwrap_or_default());
        }
    }
    let helper_code = helpers.code(found);

    let property = if opts.property && fns.create.is_some() {
        plan_stream_data(ctx, set)?;
        Some(property_context(
            spec,
            accepted,
            &required,
            &ctx_actors,
            &helpers,
        ))
    } else {
        if opts.property {
            set.note(
                "--property: the resource has no create action, so no property tests were written",
            );
        }
        None
    };

    let fixture_inline =
        4 + width("Ash.Seed.seed!(, Map.merge(valid_attrs(), attrs))") + width(&resource_alias)
            <= LINE_WIDTH;
    let owner_helper_is_set = owner_helper.is_some();
    let check_inline = property
        .as_ref()
        .and_then(|p| p.required.as_ref())
        .is_none_or(|r| {
            6 + width("check all(input <- inputs, field <- StreamData.member_of()) do") + width(r)
                <= LINE_WIDTH
        });
    let context = TestContext {
        fixture_inline,
        check_inline,
        module: spec.names.test_module.clone(),
        case_module,
        case_async,
        property,
        aliases,
        domain,
        resource: resource_alias,
        var,
        plural_var,
        human: spec.names.singular.as_str().replace('_', " "),
        human_plural: spec.names.plural.as_str().replace('_', " "),
        fixture,
        fns,
        valid_attrs: comma_lines(valid),
        update_attrs: comma_lines(update),
        fixture_defaults,
        create_asserts,
        update_asserts,
        required,
        unique,
        missing_id,
        helpers: helper_code,
        policies: policy.is_some(),
        creator: ctx_actors.creator,
        reader: ctx_actors.reader,
        owner_attr: owner.map(|o| o.attribute.to_string()),
        owner_helper,
        admin: ctx_actors.admin,
        stranger: ctx_actors.stranger,
        stranger_desc: if owner_helper_is_set {
            "another user"
        } else {
            "an actor who is not an admin"
        }
        .into(),
        admin_only: ctx_actors.admin_only,
        read_restricted: policy.is_some_and(|p| p.read != ReadAccess::Any),
        create_without_actor: if spec.actions.create_code.is_some() {
            "Invalid"
        } else {
            "Forbidden"
        }
        .into(),
    };
    let code = ctx.renderer.render("ash/resource_test.exs.j2", context)?;
    set.create(&path, prune_unused_defp(&tidy_blocks(&fit_asserts(&code))))
}

#[derive(Default)]
struct Actors {
    creator: Option<String>,
    reader: Option<String>,
    admin: Option<String>,
    stranger: Option<String>,
    admin_only: bool,
}

/// `ExUnitProperties` comes with `stream_data`, which Ash already depends
/// on in every environment. Declaring it `only: :test` would make Mix
/// refuse the dependency tree ("the :only option ... does not match"), so
/// it is declared without `:only`.
fn plan_stream_data(ctx: &Context, set: &mut ChangeSet) -> Result<()> {
    let dep = Dep::new("stream_data", "~> 1.0");
    edit_listed(set, &ctx.project.paths.mix_exs, |doc| {
        Ok(vec![doc.add_dep(&dep)?])
    })?;
    set.note(
        "stream_data is declared for all environments: Ash depends on it at runtime, and `only: :test` would conflict",
    );
    Ok(())
}

fn property_context(
    spec: &ResourceSpec,
    accepted: &[crate::spec::SnakeName],
    required: &[String],
    actors: &Actors,
    helpers: &Helpers,
) -> Property {
    let mut generators = Vec::new();
    for a in &spec.attributes {
        if !accepted.contains(&a.name) {
            continue;
        }
        let scalar = scalar_of(spec, a);
        if a.unique {
            generators.push(format!(
                "{}: StreamData.repeatedly(fn -> {} end)",
                a.name,
                value_code(a, scalar, &a.example)
            ));
        } else if scalar == Some(ScalarType::Map) {
            let empty = if a.array { "[%{}]" } else { "%{}" };
            generators.push(format!("{}: {empty}", a.name));
        }
    }
    for r in &spec.belongs_to {
        let Some(attr) = &r.source_attribute else {
            continue;
        };
        if accepted.contains(attr) {
            // Random keys would break the foreign key: a real record for
            // required relationships, none for optional ones.
            if r.allow_nil || r.destination == spec.names.module {
                generators.push(format!("{attr}: nil"));
            } else {
                generators.push(format!(
                    "{attr}: {}().id",
                    helpers.existing_name(r.destination.as_str())
                ));
            }
        }
    }
    let required: Vec<String> = required.iter().map(|r| format!(":{r}")).collect();
    Property {
        generators: comma_lines(generators),
        required: (!required.is_empty()).then(|| format!("[{}]", required.join(", "))),
        actor: actors.creator.clone(),
    }
}

fn scalar_of(spec: &ResourceSpec, a: &AttributeSpec) -> Option<ScalarType> {
    spec.fields
        .iter()
        .find(|f| f.name == a.name)
        .and_then(|f| match &f.kind {
            FieldKind::Attribute(attr) => match attr.ty.base {
                BaseType::Scalar(t) => Some(t),
                BaseType::Atom(_) => None,
            },
            FieldKind::Relationship(_) => None,
        })
}

/// The value of an attribute in test input: the example, made unique for
/// unique attributes.
fn value_code(a: &AttributeSpec, scalar: Option<ScalarType>, example: &str) -> String {
    if !a.unique {
        return example.to_string();
    }
    let n = "System.unique_integer([:positive])";
    match scalar {
        Some(ScalarType::String | ScalarType::CiString | ScalarType::Text) => {
            let inner = example.strip_suffix('"').unwrap_or(example);
            format!("{inner} #{{{n}}}\"")
        }
        Some(ScalarType::Binary) => {
            let inner = example.strip_suffix('"').unwrap_or(example);
            format!("{inner} #{{{n}}}\"")
        }
        Some(ScalarType::Integer) => n.to_string(),
        Some(ScalarType::Float) => format!("{n} * 1.0"),
        Some(ScalarType::Decimal) => format!("Decimal.new({n})"),
        Some(ScalarType::Uuid) => "Ash.UUID.generate()".to_string(),
        Some(ScalarType::Date) => format!("Date.add({example}, {n})"),
        Some(ScalarType::Time) => format!("Time.add({example}, {n})"),
        Some(ScalarType::UtcDatetime | ScalarType::UtcDatetimeUsec) => {
            format!("DateTime.add({example}, {n})")
        }
        Some(ScalarType::NaiveDatetime) => format!("NaiveDateTime.add({example}, {n})"),
        // Booleans and atoms have too few values to be unique per test.
        _ => example.to_string(),
    }
}

/// The assertion that a record holds the value given for `a`.
fn assertion(a: &AttributeSpec, scalar: Option<ScalarType>, var: &str) -> String {
    let name = &a.name;
    match (scalar, a.array) {
        (Some(ScalarType::CiString), false) => format!("assert to_string({var}.{name}) == attrs.{name}"),
        (Some(ScalarType::CiString), true) => {
            format!("assert Enum.map({var}.{name}, &to_string/1) == attrs.{name}")
        }
        (Some(ScalarType::Decimal), false) => format!("assert Decimal.equal?({var}.{name}, attrs.{name})"),
        (Some(ScalarType::Decimal), true) => format!(
            "assert Enum.map({var}.{name}, &Decimal.to_string/1) == Enum.map(attrs.{name}, &Decimal.to_string/1)"
        ),
        _ => format!("assert {var}.{name} == attrs.{name}"),
    }
}

/// Map entries (`key: value`) at column 6 with the commas between them,
/// each laid out the way the formatter lays out a map entry: on one line
/// when it fits, else the value on the next line, else (for
/// `StreamData.repeatedly(fn -> ... end)`) the function body broken out.
fn comma_lines(entries: Vec<String>) -> Vec<String> {
    let n = entries.len();
    entries
        .into_iter()
        .enumerate()
        .map(|(i, e)| map_entry(&e, 6, i + 1 < n))
        .collect()
}

fn map_entry(entry: &str, column: usize, comma: bool) -> String {
    let c = if comma { "," } else { "" };
    if column + width(entry) + width(c) <= LINE_WIDTH {
        return format!("{entry}{c}");
    }
    let Some((key, value)) = entry.split_once(": ") else {
        return format!("{entry}{c}");
    };
    let inner = column + 2;
    if inner + width(value) + width(c) <= LINE_WIDTH {
        return format!("{key}:\n{}{value}{c}", " ".repeat(inner));
    }
    let repeated = value
        .strip_prefix("StreamData.repeatedly(fn -> ")
        .and_then(|v| v.strip_suffix(" end)"));
    match repeated {
        Some(body) => format!(
            "{key}:\n{pad}StreamData.repeatedly(fn ->\n{pad}  {body}\n{pad}end){c}",
            pad = " ".repeat(inner)
        ),
        None => format!("{key}:\n{}{value}{c}", " ".repeat(inner)),
    }
}

/// The helper functions of a test module that seed related records.
struct Helpers {
    /// (destination module, helper name), in first-use order.
    names: Vec<(String, String)>,
    reserved: Vec<String>,
    admin: Option<String>,
    plain_actor: bool,
    /// Extra values for a module's seeds: (module, `key: value`).
    pins: Vec<(String, String)>,
}

impl Helpers {
    fn new(fixture: &str) -> Helpers {
        let mut reserved: Vec<String> = TAKEN.iter().map(|s| s.to_string()).collect();
        reserved.retain(|s| s != "user");
        reserved.push(fixture.to_string());
        Helpers {
            names: Vec::new(),
            reserved,
            admin: None,
            plain_actor: false,
            pins: Vec::new(),
        }
    }

    /// The helper seeding records of `module` (`user` for `Shop.Accounts.User`).
    fn name_for(&mut self, module: &str) -> String {
        if let Some((_, n)) = self.names.iter().find(|(m, _)| m == module) {
            return n.clone();
        }
        let segments: Vec<&str> = module.split('.').collect();
        let mut name = macro_underscore(segments.last().copied().unwrap_or(module));
        let mut depth = 2;
        while self.names.iter().any(|(_, n)| *n == name) || self.reserved.contains(&name) {
            if depth <= segments.len().saturating_sub(1) {
                name = segments[segments.len() - depth..]
                    .iter()
                    .map(|s| macro_underscore(s))
                    .collect::<Vec<_>>()
                    .join("_");
                depth += 1;
            } else {
                name.push_str("_record");
            }
        }
        self.names.push((module.to_string(), name.clone()));
        name
    }

    fn existing_name(&self, module: &str) -> String {
        self.names
            .iter()
            .find(|(m, _)| m == module)
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| macro_underscore(module.rsplit('.').next().unwrap_or(module)))
    }

    /// An admin of the owner's kind: seeded with the admin role when the
    /// resource has a `role` attribute (its other users then get the
    /// attribute's default role, so a random admin never sneaks in), else
    /// a seeded user given the role.
    fn admin_for(&mut self, found: &[FoundResource], module: &str, helper: &str, admin_role: &str) {
        let role = found
            .iter()
            .find(|f| f.module == module)
            .and_then(|f| f.info.attribute("role"))
            .map(|a| {
                a.options
                    .iter()
                    .find(|(k, _)| k == "default")
                    .map(|(_, v)| v.clone())
            });
        self.admin = Some(match role {
            Some(default) => {
                if let Some(d) = default {
                    self.pins.push((module.to_string(), format!("role: {d}")));
                }
                let mut overrides = unique_overrides(found, module);
                overrides.push(format!("role: :{admin_role}"));
                format!("defp admin do\n    {}\n  end", seed_call(module, &overrides))
            }
            None => format!(
                "# {module} has no `role` attribute yet: the admin is a {helper}\n  # carrying the role the policies check.\n  defp admin, do: Map.put({helper}(), :role, :{admin_role})"
            ),
        });
    }

    fn plain_actor(&mut self) {
        self.plain_actor = true;
    }

    fn code(&self, found: &[FoundResource]) -> Vec<String> {
        let mut out = Vec::new();
        for (module, name) in &self.names {
            let mut overrides = unique_overrides(found, module);
            overrides.extend(
                self.pins
                    .iter()
                    .filter(|(m, _)| m == module)
                    .map(|(_, p)| p.clone()),
            );
            out.push(format!(
                "defp {name} do\n    {}\n  end",
                seed_call(module, &overrides)
            ));
        }
        if let Some(admin) = &self.admin {
            out.push(admin.clone());
        }
        if self.plain_actor {
            out.push(
                "# The policies only look at the actor's role, so a map stands in for a user.\n  defp actor(role \\\\ :user), do: %{id: Ash.UUID.generate(), role: role}"
                    .to_string(),
            );
        }
        out
    }
}

/// `Ash.Generator.seed!(Module, %{...})` at column 4, broken the way the
/// formatter breaks a call whose last argument is a map.
fn seed_call(module: &str, overrides: &[String]) -> String {
    if overrides.is_empty() {
        return format!("Ash.Generator.seed!({module})");
    }
    let flat = format!(
        "Ash.Generator.seed!({module}, %{{{}}})",
        overrides.join(", ")
    );
    if 4 + width(&flat) <= LINE_WIDTH {
        flat
    } else {
        format!(
            "Ash.Generator.seed!({module}, %{{\n      {}\n    }})",
            overrides.join(",\n      ")
        )
    }
}

/// Values for the identity keys of a known resource, so that seeded
/// records never collide on them.
fn unique_overrides(found: &[FoundResource], module: &str) -> Vec<String> {
    let Some(f) = found.iter().find(|f| f.module == module) else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    for identity in &f.info.identities {
        for key in &identity.keys {
            if out.iter().any(|o| o.starts_with(&format!("{key}:"))) {
                continue;
            }
            let Some(attr) = f.info.attribute(key) else {
                continue;
            };
            let n = "System.unique_integer([:positive])";
            let value = match attr.type_.as_deref() {
                Some(":string" | ":ci_string") if key.contains("email") => {
                    format!("\"user#{{{n}}}@example.com\"")
                }
                Some(":string" | ":ci_string") => format!("\"{key}-#{{{n}}}\""),
                Some(":integer") => n.to_string(),
                Some(":uuid") => "Ash.UUID.generate()".to_string(),
                _ => continue,
            };
            out.push(format!("{key}: {value}"));
        }
    }
    out
}

/// Breaks the statement shapes the generated tests use when a line is
/// longer than the formatter's line width, the way `mix format` does:
/// `assert left = right` / `assert left == right` after the operator
/// (and a call on the right with keyword options before them), `x =
/// value` after the `=`, and `x = %{base | key: value}` one part per line.
/// A statement broken over several lines is set apart by blank lines
/// (extra ones are dropped later by `tidy_blocks`).
fn fit_asserts(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    for line in code.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        if width(body) <= LINE_WIDTH {
            out.push_str(line);
            continue;
        }
        let indent = body.len() - body.trim_start().len();
        match fit_statement(body.trim_start(), indent) {
            Some(broken) => {
                out.push('\n');
                out.push_str(&broken);
                out.push_str("\n\n");
            }
            None => out.push_str(line),
        }
    }
    out
}

fn fit_statement(stmt: &str, indent: usize) -> Option<String> {
    let pad = |n: usize| " ".repeat(n);
    if stmt.starts_with("assert ") {
        let (op, at) = [" = ", " == "]
            .into_iter()
            .find_map(|op| top_level_match(stmt, op).map(|at| (op, at)))?;
        let rhs = &stmt[at + op.len()..];
        let column = indent + 9;
        let rhs = if column + width(rhs) > LINE_WIDTH {
            fit_call_keywords(rhs, column).unwrap_or_else(|| rhs.to_string())
        } else {
            rhs.to_string()
        };
        return Some(format!(
            "{}{}{}\n{}{rhs}",
            pad(indent),
            &stmt[..at],
            op.trim_end(),
            pad(column)
        ));
    }
    let at = top_level_match(stmt, " = ")?;
    let (var, value) = (&stmt[..at], &stmt[at + 3..]);
    if !var.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    if let Some(update) = value.strip_prefix("%{").and_then(|v| v.strip_suffix('}')) {
        let bar = top_level_match(update, " | ")?;
        let (base, pair) = (&update[..bar], &update[bar + 3..]);
        let pair_line = format!("| {pair}");
        let pair_code = if indent + 2 + width(&pair_line) <= LINE_WIDTH {
            pair_line
        } else {
            let (key, val) = pair.split_once(": ")?;
            format!("| {key}:\n{}{val}", pad(indent + 6))
        };
        return Some(format!(
            "{p}{var} = %{{\n{p2}{base}\n{p2}{pair_code}\n{p}}}",
            p = pad(indent),
            p2 = pad(indent + 2)
        ));
    }
    let value = if indent + 2 + width(value) > LINE_WIDTH {
        fit_call_args(value, indent + 2).unwrap_or_else(|| value.to_string())
    } else {
        value.to_string()
    };
    Some(format!(
        "{}{var} =\n{}{value}",
        pad(indent),
        pad(indent + 2)
    ))
}

/// `name(a, b, c)` at `column` with one argument per line.
fn fit_call_args(call: &str, column: usize) -> Option<String> {
    let inner = call.strip_suffix(')')?;
    let open = inner.find('(')?;
    let mut parts = Vec::new();
    let mut rest = &inner[open + 1..];
    while let Some(i) = top_level_match(rest, ", ") {
        parts.push(&rest[..i]);
        rest = &rest[i + 2..];
    }
    parts.push(rest);
    let pad = " ".repeat(column + 2);
    let lines: Vec<String> = parts.iter().map(|p| format!("{pad}{p}")).collect();
    Some(format!(
        "{}\n{}\n{})",
        &inner[..open + 1],
        lines.join(",\n"),
        " ".repeat(column)
    ))
}

/// `name(args, key: value)` at `column`, broken before the keywords:
/// `name(args,` then the keywords two columns deeper, then `)`.
fn fit_call_keywords(call: &str, column: usize) -> Option<String> {
    let inner = call.strip_suffix(')')?;
    let open = inner.find('(')?;
    let args = &inner[open + 1..];
    let mut split = None;
    let mut search = 0;
    while let Some(at) = top_level_match(&args[search..], ", ") {
        let at = search + at;
        let rest = &args[at + 2..];
        let key: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !key.is_empty() && rest[key.len()..].starts_with(": ") {
            split = Some(at);
            break;
        }
        search = at + 2;
    }
    let at = split?;
    let head = format!("{}{},", &inner[..open + 1], &args[..at]);
    if column + width(&head) <= LINE_WIDTH {
        return Some(format!(
            "{head}\n{}{}\n{})",
            " ".repeat(column + 2),
            &args[at + 2..],
            " ".repeat(column)
        ));
    }
    // Not even the positional arguments fit: one argument per line.
    let mut parts = Vec::new();
    let mut rest = &args[..at];
    while let Some(i) = top_level_match(rest, ", ") {
        parts.push(&rest[..i]);
        rest = &rest[i + 2..];
    }
    parts.push(rest);
    parts.push(&args[at + 2..]);
    let pad = " ".repeat(column + 2);
    let lines: Vec<String> = parts.iter().map(|p| format!("{pad}{p}")).collect();
    Some(format!(
        "{}\n{}\n{})",
        &inner[..open + 1],
        lines.join(",\n"),
        " ".repeat(column)
    ))
}

/// The byte offset of the first `op` outside brackets and strings.
fn top_level_match(s: &str, op: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut depth = 0i32;
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if in_string {
            if c == b'\\' {
                i += 1;
            } else if c == b'"' {
                in_string = false;
            }
        } else {
            if depth == 0 && s[i..].starts_with(op) {
                return Some(i);
            }
            match c {
                b'"' => in_string = true,
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => depth -= 1,
                _ => {}
            }
        }
        i += 1;
    }
    None
}

/// Drops blank lines right after a `do` line or right before an `end`
/// line: the formatter does, and conditional template sections leave them.
fn tidy_blocks(code: &str) -> String {
    let lines: Vec<&str> = code.lines().collect();
    let mut out: Vec<&str> = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            let after_do = out.last().is_some_and(|l| l.trim_end().ends_with(" do"));
            let before_end = lines[i + 1..]
                .iter()
                .find(|l| !l.trim().is_empty())
                .is_some_and(|l| l.trim() == "end");
            let double = out.last().is_some_and(|l| l.trim().is_empty());
            if after_do || before_end || double {
                continue;
            }
        }
        out.push(line);
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

/// Removes private helper functions (`defp` at module level, with the
/// comment lines above them) that nothing calls, so the generated module
/// compiles without "unused function" warnings whatever options shaped it.
fn prune_unused_defp(code: &str) -> String {
    let mut lines: Vec<String> = code.lines().map(str::to_string).collect();
    loop {
        let blocks = defp_blocks(&lines);
        let unused = blocks.iter().find(|(name, start, end)| {
            let calls = lines
                .iter()
                .enumerate()
                .filter(|(i, _)| *i < *start || *i > *end)
                .map(|(_, l)| count_calls(l, name))
                .sum::<usize>();
            calls == 0
        });
        let Some((_, start, end)) = unused.cloned() else {
            break;
        };
        let mut from = start;
        if from > 0 && lines[from - 1].trim().is_empty() {
            from -= 1;
        }
        lines.drain(from..=end);
    }
    let mut text = lines.join("\n");
    text.push('\n');
    tidy_blocks(&text)
}

/// `(name, first line, last line)` of each module-level `defp`, the first
/// line including the comments right above it.
fn defp_blocks(lines: &[String]) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(rest) = line.strip_prefix("  defp ") else {
            continue;
        };
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '?' || *c == '!')
            .collect();
        let end = if line.contains(", do:") {
            i
        } else {
            match lines[i..].iter().position(|l| l == "  end") {
                Some(p) => i + p,
                None => continue,
            }
        };
        let mut start = i;
        while start > 0 && lines[start - 1].starts_with("  # ") {
            start -= 1;
        }
        out.push((name, start, end));
    }
    out
}

/// How often `line` calls `name(` (not as part of a longer name).
fn count_calls(line: &str, name: &str) -> usize {
    let pattern = format!("{name}(");
    line.match_indices(&pattern)
        .filter(|(at, _)| {
            line[..*at]
                .chars()
                .last()
                .is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_asserts_break_after_the_operator() {
        let call = format!("Blog.create_post(attrs, actor: {})", "a".repeat(60));
        let line = format!("      assert {{:error, %Ash.Error.Invalid{{}}}} = {call}\n");
        let out = fit_asserts(&line);
        assert!(
            out.contains("      assert {:error, %Ash.Error.Invalid{}} =\n"),
            "{out}"
        );
        assert!(
            out.contains("\n               Blog.create_post(attrs,\n"),
            "{out}"
        );
        let short = "      assert post.title == attrs.title\n";
        assert_eq!(fit_asserts(short), short);
    }

    #[test]
    fn map_entries_move_the_value_down_when_too_long() {
        assert_eq!(map_entry("title: \"x\"", 6, true), "title: \"x\",");
        let long = format!("field: StreamData.repeatedly(fn -> {} end)", "x".repeat(80));
        let out = map_entry(&long, 6, false);
        assert!(
            out.starts_with("field:\n        StreamData.repeatedly(fn ->\n          x"),
            "{out}"
        );
        assert!(out.ends_with("\n        end)"), "{out}");
    }

    #[test]
    fn unused_helpers_are_removed_with_their_comments() {
        let code = "defmodule T do\n  test \"x\" do\n    user()\n  end\n\n  defp user do\n    :u\n  end\n\n  # only for admins\n  defp admin, do: Map.put(user(), :role, :admin)\nend\n";
        let out = prune_unused_defp(code);
        assert!(out.contains("defp user do"), "{out}");
        assert!(!out.contains("admin"), "{out}");
        assert!(out.ends_with("    :u\n  end\nend\n"), "{out}");
    }

    #[test]
    fn calls_are_counted_as_whole_names() {
        assert_eq!(count_calls("admin_user() + user()", "user"), 1);
        assert_eq!(count_calls("Foo.user()", "user"), 0);
    }

    #[test]
    fn blank_lines_after_do_and_before_end_go() {
        assert_eq!(
            tidy_blocks("a do\n\n  b\n\n\n  c\n\nend\n"),
            "a do\n  b\n\n  c\nend\n"
        );
    }
}
