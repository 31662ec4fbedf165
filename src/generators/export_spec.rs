//! `scaffold export-spec`: the spec file equivalent of the project's Ash
//! resources, so a project can move from commands to `scaffold apply`.
//!
//! Each resource found under `lib/<app>/` (what `Document::resource_info`
//! reads from it) becomes a `[[resource]]` table with the same keys as
//! `scaffold ash-resource`: the module, its field strings (types,
//! `required`, `unique`, `index`, `sensitive`, `private`, defaults,
//! relationships with `required` and a non-default `on_delete=`), and the
//! options that differ from the command's defaults (primary key, data
//! layer, table, domain, actions, policies, timestamps, and whether its
//! migration, test and LiveView pages exist).
//!
//! Every table is checked by planning it: when scaffold would not write
//! the resource file exactly as it is on disk (it was edited by hand
//! since, or it uses what the field syntax cannot say), a comment above
//! the table says so. `text` fields are stored like `string` ones: they are told apart
//! by the textarea of the resource's LiveView form, when it has one.
//! Resources of data layers scaffold does not generate are listed in a
//! comment and left out.

use toml_edit::{value, Array, ArrayOfTables, DocumentMut, Table};

use super::ash_resource::{
    plan_spec, project_context, scan_resources, FoundResource, ResourceOptions,
};
use super::migration::{existing_migrations, RepoLayout};
use super::Context;
use crate::changes::{ChangeSet, Status};
use crate::cli::apply::ExportSpecArgs;
use crate::cli::output::Output;
use crate::cli::prompt::Prompter;
use crate::cli::GlobalOpts;
use crate::elixir::{AttributeKind, ResourceInfo};
use crate::error::Result;
use crate::render::Renderer;
use crate::spec::names::ModuleName;
use crate::spec::{Action, DataLayer, Field, ProjectContext, ResourceInput, ResourceSpec};

/// `scaffold export-spec [FILE]`: writes the spec to FILE through the
/// change set (diff, conflicts, journal), or prints it.
pub fn command(
    g: &GlobalOpts,
    out: Output,
    prompter: &mut dyn Prompter,
    args: &ExportSpecArgs,
) -> Result<i32> {
    match &args.file {
        Some(path) => crate::generate(g, out, prompter, |ctx, set| {
            let text = export(ctx, set)?;
            set.create(path, text)
        }),
        None => {
            let project = crate::discover(g)?;
            let renderer = Renderer::new(Some(project.root.join(project.templates_dir())));
            let ctx = Context {
                project: &project,
                renderer: &renderer,
            };
            let set = ChangeSet::new(&project.root);
            print!("{}", export(&ctx, &set)?);
            Ok(0)
        }
    }
}

/// The spec file for every Ash resource of the project, as TOML.
pub fn export(ctx: &Context, set: &ChangeSet) -> Result<String> {
    let mut found = scan_resources(ctx, set)?;
    found.sort_by(|a, b| a.module.cmp(&b.module));
    let pc = project_context(ctx, &found)?;
    let mut doc = DocumentMut::new();
    let mut tables = ArrayOfTables::new();
    let mut skipped = Vec::new();
    for f in &found {
        let Some(input) = resource_input(ctx, &pc, f, set)? else {
            skipped.push(format!("{} ({})", f.module, f.path));
            continue;
        };
        let exact = reproduces(ctx, &pc, &input, &found, &f.path)?;
        let mut table = table_of(&input, &pc);
        if !exact {
            table.decor_mut().set_prefix(format!(
                "\n# {} differs from what this table generates: it was edited since, or uses what the field syntax cannot say.\n",
                f.path
            ));
        } else {
            table.decor_mut().set_prefix("\n");
        }
        tables.push(table);
    }
    let mut header = format!(
        "# The resources of :{}, for `scaffold apply`. Each table takes the options of\n# `scaffold ash-resource` as keys.\n",
        ctx.project.app
    );
    if !skipped.is_empty() {
        header.push_str(&format!(
            "# Left out (a data layer scaffold does not generate): {}\n",
            skipped.join(", ")
        ));
    }
    if tables.is_empty() {
        header.push_str("# No Ash resources found.\n");
        return Ok(header);
    }
    doc.insert("resource", toml_edit::Item::ArrayOfTables(tables));
    doc.decor_mut().set_prefix(header);
    Ok(doc.to_string())
}

/// The `[[resource]]` table for `input`, with only the keys that differ
/// from the command's defaults.
fn table_of(input: &ResourceInput, pc: &ProjectContext) -> Table {
    let mut t = Table::new();
    let relative = |m: &str| -> String {
        ModuleName::parse(m)
            .ok()
            .and_then(|m| m.relative_to(&pc.base))
            .map_or_else(|| m.to_string(), |m| m.to_string())
    };
    t.insert("module", value(relative(&input.module)));
    let mut fields = Array::new();
    for f in &input.fields {
        fields.push(f.as_str());
    }
    let one_line: usize = input.fields.iter().map(|f| f.len() + 4).sum();
    if fields.len() > 2 || one_line > 80 {
        for v in fields.iter_mut() {
            v.decor_mut().set_prefix("\n  ");
        }
        fields.set_trailing("\n");
        fields.set_trailing_comma(true);
    }
    t.insert("fields", value(fields));
    if let Some(d) = &input.domain {
        t.insert("domain", value(relative(d)));
    }
    for (key, v) in [
        ("primary_key", &input.primary_key),
        ("data_layer", &input.data_layer),
        ("table", &input.table),
    ] {
        if let Some(v) = v {
            t.insert(key, value(v.as_str()));
        }
    }
    if let Some(actions) = &input.actions {
        let mut a = Array::new();
        for x in actions {
            a.push(x.as_str());
        }
        t.insert("actions", value(a));
    }
    for (key, on) in [
        ("policies", input.policies),
        ("live", input.live),
        ("no_timestamps", !input.timestamps),
        ("no_migration", !input.migration),
        ("no_test", !input.tests),
    ] {
        if on {
            t.insert(key, value(true));
        }
    }
    t
}

/// Whether planning `input` writes the resource file exactly as it is.
fn reproduces(
    ctx: &Context,
    pc: &ProjectContext,
    input: &ResourceInput,
    found: &[FoundResource],
    path: &str,
) -> Result<bool> {
    let Ok(spec) = ResourceSpec::build(input.clone(), pc) else {
        return Ok(false);
    };
    let mut scratch = ChangeSet::new(ctx.project.root.clone());
    if plan_spec(ctx, &spec, &ResourceOptions::default(), found, &mut scratch).is_err() {
        return Ok(false);
    }
    Ok(scratch
        .get(path)
        .is_some_and(|f| f.status() == Status::Unchanged))
}

/// The command-line input that describes the resource `f`, or `None`
/// for data layers scaffold does not generate.
fn resource_input(
    ctx: &Context,
    pc: &ProjectContext,
    f: &FoundResource,
    set: &ChangeSet,
) -> Result<Option<ResourceInput>> {
    let info = &f.info;
    let data_layer = match info.data_layer.as_deref() {
        Some("AshPostgres.DataLayer") => DataLayer::Postgres,
        Some("Ash.DataLayer.Ets") => DataLayer::Ets,
        Some(":embedded") => DataLayer::Embedded,
        None => DataLayer::Ets,
        Some(_) => return Ok(None),
    };
    let text = set.read(&f.path)?.unwrap_or_default();
    let mut input = ResourceInput::new(f.module.clone(), fields_of(info, &text, pc));
    let default_layer = if pc.has_postgres {
        DataLayer::Postgres
    } else {
        DataLayer::Ets
    };
    if data_layer != default_layer {
        input.data_layer = Some(data_layer.name().to_string());
    }
    let embedded = data_layer == DataLayer::Embedded;
    input.primary_key = info.attributes.iter().find_map(|a| match a.kind {
        AttributeKind::UuidPrimaryKey => Some("uuid".to_string()),
        AttributeKind::IntegerPrimaryKey => Some("integer".to_string()),
        AttributeKind::UuidV7PrimaryKey if embedded => Some("uuid_v7".to_string()),
        _ => None,
    });
    let has = |k: AttributeKind| info.attributes.iter().any(|a| a.kind == k);
    input.timestamps = has(AttributeKind::Timestamps)
        || (has(AttributeKind::CreateTimestamp) && has(AttributeKind::UpdateTimestamp));
    let module = ModuleName::parse(&f.module)?;
    if let Some(domain) = &info.domain {
        if module.parent().is_none_or(|p| p.as_str() != domain) {
            input.domain = Some(domain.clone());
        }
    }
    let defined: Vec<Action> = Action::ALL
        .into_iter()
        .filter(|a| {
            info.actions
                .iter()
                .any(|x| x.kind == a.name() && x.name == a.name())
        })
        .collect();
    if !embedded && defined.len() != Action::ALL.len() {
        input.actions = Some(defined.iter().map(|a| a.name().to_string()).collect());
    }
    input.policies = info.has_policies || info.has_authorizer;

    // What the spec derives by default, to tell what differs.
    let Ok(spec) = ResourceSpec::build(input.clone(), pc) else {
        return Ok(Some(input));
    };
    if let (Some(table), Some(default)) = (&info.table, &spec.table) {
        if table != default.as_str() {
            input.table = Some(table.clone());
        }
    }
    let project = ctx.project;
    input.tests = set.exists(&project.app_path(&spec.names.test_path))?;
    input.live =
        !embedded && set.exists(&project.web_path(&format!("{}/index.ex", spec.names.live_dir)))?;
    // `text` is stored like `string`; its LiveView form tells them apart.
    if let Some(form) = set.read(&project.web_path(&format!("{}/form.ex", spec.names.live_dir)))? {
        for field in input.fields.iter_mut() {
            let Some((name, rest)) = field.split_once(":string") else {
                continue;
            };
            let textarea = format!("field={{@form[:{name}]}} type=\"textarea\"");
            if (rest.is_empty() || rest.starts_with(':')) && form.contains(&textarea) {
                *field = format!("{name}:text{rest}");
            }
        }
    }
    if data_layer == DataLayer::Postgres {
        let table = input
            .table
            .clone()
            .unwrap_or_else(|| spec.names.table.to_string());
        let create = format!("_create_{table}.exs");
        input.migration = match RepoLayout::of(ctx) {
            Ok(layout) => existing_migrations(set, &layout)?
                .iter()
                .any(|m| m.ends_with(&create)),
            Err(_) => false,
        };
    }
    Ok(Some(input))
}

/// The field strings of a resource: its attributes, then its
/// relationships, in declaration order.
fn fields_of(info: &ResourceInfo, text: &str, pc: &ProjectContext) -> Vec<String> {
    let mut out = Vec::new();
    let option = |options: &[(String, String)], key: &str| {
        options
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    };
    for a in info
        .attributes
        .iter()
        .filter(|a| a.kind == AttributeKind::Attribute)
    {
        let Some(ty) = a
            .type_
            .as_deref()
            .and_then(|t| type_of(t, option(&a.options, "constraints").as_deref()))
        else {
            continue;
        };
        let mut field = format!("{}:{ty}", a.name);
        if a.allow_nil == Some(false) {
            field.push_str(":required");
        }
        let unique = format!("unique_{}", a.name);
        if info
            .identities
            .iter()
            .any(|i| i.name == unique && i.keys == [a.name.clone()])
        {
            field.push_str(":unique");
        }
        if text
            .lines()
            .any(|l| l.trim() == format!("index [:{}]", a.name))
        {
            field.push_str(":index");
        }
        if option(&a.options, "sensitive?").as_deref() == Some("true") {
            field.push_str(":sensitive");
        }
        if a.public != Some(true) {
            field.push_str(":private");
        }
        if let Some(code) = option(&a.options, "default") {
            if let Some(d) = default_of(&field, &code) {
                field = d;
            }
        }
        out.push(field);
    }
    for r in &info.relationships {
        let destination = ModuleName::parse(&r.destination)
            .ok()
            .and_then(|m| m.relative_to(&pc.base))
            .map_or_else(|| r.destination.clone(), |m| m.to_string());
        let mut field = format!("{}:{}:{destination}", r.name, r.kind);
        let required = option(&r.options, "allow_nil?").as_deref() == Some("false");
        match r.kind.as_str() {
            "belongs_to" => {
                if required {
                    field.push_str(":required");
                }
                let default = if required { "restrict" } else { "nilify" };
                if let Some(on_delete) = reference_on_delete(text, &r.name) {
                    if on_delete != default {
                        field.push_str(&format!(":on_delete={on_delete}"));
                    }
                }
            }
            "many_to_many" => {
                if let Some(through) = option(&r.options, "through") {
                    let through = ModuleName::parse(&through)
                        .ok()
                        .and_then(|m| m.relative_to(&pc.base))
                        .map_or(through, |m| m.to_string());
                    field.push_str(&format!(":through={through}"));
                }
            }
            _ => {}
        }
        if option(&r.options, "public?").as_deref() != Some("true") {
            field.push_str(":private");
        }
        out.push(field);
    }
    out
}

/// The field-syntax type of an Ash type (with its constraints):
/// `:string` → `string`, `{:array, :integer}` → `array:integer`,
/// `:atom` with `one_of: [:a, :b]` → `atom:a,b`.
fn type_of(ash: &str, constraints: Option<&str>) -> Option<String> {
    let (array, inner) = match ash
        .strip_prefix("{:array, ")
        .and_then(|r| r.strip_suffix('}'))
    {
        Some(inner) => (true, inner.trim()),
        None => (false, ash),
    };
    let base = inner.strip_prefix(':')?;
    let base = if base == "atom" {
        let values = atoms_after_one_of(constraints?)?;
        format!("atom:{}", values.join(","))
    } else {
        crate::spec::ScalarType::ALL
            .iter()
            .find(|t| t.ash_type() == inner)?
            .name()
            .to_string()
    };
    Some(if array { format!("array:{base}") } else { base })
}

/// `[:a, :b]` after `one_of:` in a constraints keyword list.
fn atoms_after_one_of(constraints: &str) -> Option<Vec<String>> {
    let rest = &constraints[constraints.find("one_of:")? + "one_of:".len()..];
    let list = &rest[rest.find('[')? + 1..];
    let list = &list[..list.find(']')?];
    let values: Vec<String> = list
        .split(',')
        .map(|v| v.trim().trim_start_matches(':').to_string())
        .collect();
    (!values.is_empty() && values.iter().all(|v| !v.is_empty())).then_some(values)
}

/// `field` with `:default=VALUE` appended, where VALUE is what makes the
/// field syntax produce exactly `code`; `None` when nothing does.
fn default_of(field: &str, code: &str) -> Option<String> {
    let unquoted = code
        .strip_prefix('"')
        .and_then(|c| c.strip_suffix('"'))
        .map(|c| {
            c.replace("\\\"", "\"")
                .replace("\\#{", "#{")
                .replace("\\\\", "\\")
        });
    let sigil = ["~D[", "~T[", "~U[", "~N["].iter().find_map(|p| {
        code.strip_prefix(p)
            .and_then(|c| c.strip_suffix(']'))
            .map(str::to_string)
    });
    let decimal = code
        .strip_prefix("Decimal.new(\"")
        .and_then(|c| c.strip_suffix("\")"))
        .map(str::to_string);
    let word = match code {
        "&DateTime.utc_now/0" | "&NaiveDateTime.utc_now/0" | "&Time.utc_now/0" => {
            Some("now".to_string())
        }
        "&Date.utc_today/0" => Some("today".to_string()),
        _ => code.strip_prefix(':').map(str::to_string),
    };
    let candidates = [unquoted, sigil, decimal, word, Some(code.to_string())];
    for value in candidates.into_iter().flatten() {
        for written in [value.clone(), format!("\"{}\"", value.replace('"', "\\\""))] {
            let candidate = format!("{field}:default={written}");
            let Ok(parsed) = Field::parse(&candidate) else {
                continue;
            };
            if let crate::spec::FieldKind::Attribute(a) = &parsed.kind {
                if a.default_code().as_deref() == Some(code) {
                    return Some(parsed.to_cli());
                }
            }
        }
    }
    None
}

/// The `on_delete:` of `reference :name, ...` in the `postgres` section.
fn reference_on_delete(text: &str, name: &str) -> Option<String> {
    let prefix = format!("reference :{name},");
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with(&prefix))?;
    let rest = &line[line.find("on_delete: :")? + "on_delete: :".len()..];
    Some(
        rest.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ash_types_read_back_as_field_types() {
        assert_eq!(type_of(":string", None).as_deref(), Some("string"));
        assert_eq!(
            type_of(":utc_datetime_usec", None).as_deref(),
            Some("utc_datetime_usec")
        );
        assert_eq!(
            type_of("{:array, :integer}", None).as_deref(),
            Some("array:integer")
        );
        assert_eq!(
            type_of(":atom", Some("one_of: [:draft, :published]")).as_deref(),
            Some("atom:draft,published")
        );
        assert_eq!(
            type_of("{:array, :atom}", Some("items: [one_of: [:a, :b]]")).as_deref(),
            Some("array:atom:a,b")
        );
        assert_eq!(type_of("Shop.Money", None), None);
        assert_eq!(type_of(":atom", None), None);
    }

    #[test]
    fn defaults_read_back_exactly() {
        let cases = [
            (
                "status:atom:draft,published",
                ":draft",
                "status:atom:draft,published:default=draft",
            ),
            ("views:integer", "0", "views:integer:default=0"),
            (
                "published:boolean",
                "false",
                "published:boolean:default=false",
            ),
            (
                "title:string",
                "\"hello world\"",
                "title:string:default=\"hello world\"",
            ),
            (
                "price:decimal",
                "Decimal.new(\"9.99\")",
                "price:decimal:default=9.99",
            ),
            ("on:date", "~D[2024-01-31]", "on:date:default=2024-01-31"),
            (
                "at:utc_datetime_usec",
                "&DateTime.utc_now/0",
                "at:utc_datetime_usec:default=now",
            ),
        ];
        for (field, code, want) in cases {
            let got = default_of(field, code).unwrap_or_else(|| panic!("{field} {code}"));
            let reparsed = Field::parse(&got).unwrap();
            assert_eq!(
                reparsed.to_cli(),
                Field::parse(want).unwrap().to_cli(),
                "{field} {code}"
            );
        }
        assert_eq!(default_of("views:integer", "System.unique_integer()"), None);
    }

    #[test]
    fn references_on_delete() {
        let text = "  postgres do\n    references do\n      reference :author, on_delete: :delete, index?: true\n    end\n  end\n";
        assert_eq!(
            reference_on_delete(text, "author").as_deref(),
            Some("delete")
        );
        assert_eq!(reference_on_delete(text, "post"), None);
    }
}
