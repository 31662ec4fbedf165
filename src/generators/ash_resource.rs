//! `scaffold ash-resource`: an Ash resource, its domain, the wiring in
//! `config/config.exs`, its migration and its ExUnit suite, planned as one
//! change set.
//!
//! The resource file is generated whole (a differing existing file is a
//! conflict unless `--force`); everything else is an in-place edit of the
//! user's files: the resource is added to an existing domain (created when
//! missing), the domain to `:ash_domains`. A project without Ash gets
//! `scaffold init`'s plan in the same change set, so there is one diff and
//! one confirmation.

#[path = "ash/resource_test.rs"]
mod resource_test;

use std::path::Path;

use serde::Serialize;

use super::ash_init::{self, edit_listed, indent_rest, relative};
use super::ash_policy::{self, PolicySet, ReadAccess, WriteAccess};
use super::Context;
use crate::changes::ChangeSet;
use crate::elixir::{AttributeKind, Document, ResourceInfo};
use crate::error::{Error, Result};
use crate::project::defaults::Defaults;
use crate::spec::names::{ModuleName, TableName};
use crate::spec::{
    Action, DataLayer, KnownResource, PrimaryKey, ProjectContext, ResourceInput, ResourceSpec,
};

/// Options of `scaffold ash-resource` that are not part of the spec.
#[derive(Debug, Clone, Default)]
pub struct ResourceOptions {
    /// Also write StreamData property tests.
    pub property: bool,
}

/// An Ash resource found in the project's source.
#[derive(Debug, Clone)]
pub struct FoundResource {
    /// Its module: `Shop.Accounts.User`.
    pub module: String,
    /// The file, relative to the project root.
    pub path: String,
    /// What the file declares.
    pub info: ResourceInfo,
}

/// Every module under `lib/<app>/` that `use`s `Ash.Resource`. Only files
/// containing the text `Ash.Resource` are parsed; files that do not parse
/// are skipped (they are not ours to judge here).
pub fn scan_resources(ctx: &Context, set: &ChangeSet) -> Result<Vec<FoundResource>> {
    let project = ctx.project;
    let lib = project.app_path(&format!("lib/{}", project.app));
    let mut files = Vec::new();
    collect_ex_files(&project.root, &lib, &mut files);
    // Files planned earlier in the same change set (composed generators).
    let planned = set.files().map(|f| f.path.clone());
    files.extend(planned.filter(|p| p.starts_with(&format!("{lib}/")) && p.ends_with(".ex")));
    files.sort();
    files.dedup();
    let mut found = Vec::new();
    for path in files {
        let Some(text) = set.read(&path)? else {
            continue;
        };
        if !text.contains("Ash.Resource") {
            continue;
        }
        let Ok(doc) = Document::parse(text) else {
            continue;
        };
        if let Some(info) = doc.resource_info() {
            if let Some(module) = info.module.clone() {
                found.push(FoundResource { module, path, info });
            }
        }
    }
    Ok(found)
}

/// Brings `found` (as [`scan_resources`] returned it, sorted by path) up
/// to date after `paths` were planned in `set`: only those files are read
/// and parsed again.
pub fn rescan_resources(
    ctx: &Context,
    set: &ChangeSet,
    found: &mut Vec<FoundResource>,
    paths: &[String],
) -> Result<()> {
    let project = ctx.project;
    let lib = format!("{}/", project.app_path(&format!("lib/{}", project.app)));
    for path in paths {
        if !path.starts_with(&lib) || !path.ends_with(".ex") {
            continue;
        }
        let resource = match set.read(path)? {
            Some(text) if text.contains("Ash.Resource") => Document::parse(text)
                .ok()
                .and_then(|doc| doc.resource_info())
                .and_then(|info| {
                    let module = info.module.clone()?;
                    Some(FoundResource {
                        module,
                        path: path.clone(),
                        info,
                    })
                }),
            _ => None,
        };
        let at = found.binary_search_by(|f| f.path.as_str().cmp(path.as_str()));
        match (at, resource) {
            (Ok(i), Some(r)) => found[i] = r,
            (Ok(i), None) => {
                found.remove(i);
            }
            (Err(i), Some(r)) => found.insert(i, r),
            (Err(_), None) => {}
        }
    }
    Ok(())
}

fn collect_ex_files(root: &Path, rel: &str, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(root.join(rel)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let child = format!("{rel}/{name}");
        let Ok(ft) = entry.file_type() else { continue };
        if ft.is_dir() {
            collect_ex_files(root, &child, out);
        } else if ft.is_file() && name.ends_with(".ex") {
            out.push(child);
        }
    }
}

/// The primary key an existing resource declares.
fn primary_key_of(info: &ResourceInfo) -> Option<PrimaryKey> {
    info.attributes.iter().find_map(|a| match a.kind {
        AttributeKind::UuidV7PrimaryKey => Some(PrimaryKey::UuidV7),
        AttributeKind::UuidPrimaryKey => Some(PrimaryKey::Uuid),
        AttributeKind::IntegerPrimaryKey => Some(PrimaryKey::Integer),
        _ => None,
    })
}

/// What the resource spec needs to know about the project.
pub fn project_context(ctx: &Context, found: &[FoundResource]) -> Result<ProjectContext> {
    let project = ctx.project;
    let mut pc = ProjectContext::new(&project.app)?;
    pc.base = ModuleName::parse(&project.base_module)?;
    if let Some(web) = &project.web_module {
        pc.web = ModuleName::parse(web)?;
    } else {
        pc.web = ModuleName::parse(&format!("{}Web", project.base_module))?;
    }
    if let Some(repo) = &project.repo {
        pc.repo = ModuleName::parse(repo)?;
    }
    pc.has_postgres = ash_init::wants_postgres(project);
    let mut known = Vec::new();
    for f in found {
        let Ok(module) = ModuleName::parse(&f.module) else {
            continue;
        };
        known.push(KnownResource {
            module,
            table: f
                .info
                .table
                .as_deref()
                .and_then(|t| TableName::parse(t).ok()),
            primary_key: primary_key_of(&f.info),
        });
    }
    pc.known_resources = Some(known);
    Ok(pc)
}

/// Plans `scaffold ash-resource`: validates `input` against the project,
/// then plans every file.
pub fn plan(
    ctx: &Context,
    input: ResourceInput,
    opts: &ResourceOptions,
    set: &mut ChangeSet,
) -> Result<()> {
    let input = with_defaults(input, &ctx.project.defaults);
    let found = scan_resources(ctx, set)?;
    let pc = project_context(ctx, &found)?;
    let spec = ResourceSpec::build(input, &pc)?;
    plan_spec(ctx, &spec, opts, &found, set)
}

/// Fills what the command line left open from `.scaffold.toml`.
pub fn with_defaults(mut input: ResourceInput, defaults: &Defaults) -> ResourceInput {
    if input.primary_key.is_none() {
        input.primary_key = defaults.primary_key.clone();
    }
    if input.data_layer.is_none() {
        input.data_layer = defaults.data_layer.clone();
    }
    input.policies |= defaults.policies == Some(true);
    input.live |= defaults.live == Some(true);
    input.tests &= defaults.tests != Some(false);
    input
}

#[derive(Serialize)]
struct ResourceContext<'a> {
    spec: &'a ResourceSpec,
    table: Option<String>,
    postgres: bool,
    policies_code: Option<String>,
    actions_body: String,
}

#[derive(Serialize)]
struct DomainContext<'a> {
    app: &'a str,
    module: String,
    resource: String,
    interface_body: String,
}

/// Plans every file of a validated resource spec. `found` are the
/// resources already in the project (see [`scan_resources`]).
pub fn plan_spec(
    ctx: &Context,
    spec: &ResourceSpec,
    opts: &ResourceOptions,
    found: &[FoundResource],
    set: &mut ChangeSet,
) -> Result<()> {
    let project = ctx.project;
    for w in &spec.warnings {
        set.note(w.clone());
    }
    if ash_init::needs_init(project) && !init_planned(ctx, set)? {
        set.note(
            "Ash is not set up in this project yet: `scaffold init` runs as part of this command",
        );
        ash_init::plan(ctx, &ash_init::InitOptions::default(), set)?;
    }

    let admin_role = project.defaults.admin_role.as_deref().unwrap_or("admin");
    let policy = policy_set(spec, admin_role)?;
    let policies_code = match &policy {
        Some(p) => Some(indent_rest(&p.block(ctx)?, 2)),
        None => None,
    };
    let resource_path = project.app_path(&spec.names.file_path);
    if let Some(other) = found
        .iter()
        .find(|f| f.module == spec.names.module.as_str() && f.path != resource_path)
    {
        return Err(Error::refused_hint(
            format!("{} is already defined in {}", spec.names.module, other.path),
            "a second file would define the module twice: edit that file, or use `scaffold ash-policy` to add policies to it",
        ));
    }
    let code = ctx.renderer.render(
        "ash/resource.ex.j2",
        ResourceContext {
            spec,
            table: spec.table.as_ref().map(|t| t.as_str().to_string()),
            postgres: spec.data_layer == DataLayer::Postgres,
            policies_code,
            actions_body: spec.actions.body.clone(),
        },
    )?;
    set.create(&resource_path, code)?;

    if let Some(domain) = &spec.domain {
        plan_domain(ctx, spec, domain.module.as_str(), &domain.file_path, set)?;
        plan_domains_config(ctx, domain.module.as_str(), set)?;
    }
    if let Some(p) = &policy {
        if p.uses_role_check() {
            ash_policy::plan_role_check(ctx, &p.role_check, set)?;
        }
        if p.write == WriteAccess::Admin {
            set.note(format!(
                "{}: no belongs_to to a User, so only admins (role :admin) may write; `scaffold ash-policy` can change that",
                spec.names.module
            ));
        }
    }
    if spec.migration {
        plan_migration(ctx, spec, set)?;
    }
    if spec.tests {
        if spec.data_layer == DataLayer::Embedded {
            set.note(format!(
                "{} is embedded: test it through the resource that embeds it (no test module written)",
                spec.names.module
            ));
        } else {
            resource_test::plan(ctx, spec, policy.as_ref(), opts, found, set)?;
        }
    }
    if spec.live {
        plan_live(ctx, spec, set)?;
    }
    Ok(())
}

/// Whether this change set already holds `scaffold init`'s plan (an
/// earlier resource of the same command planned it): the planned
/// `mix.exs` lists the Ash dependencies the project lacks on disk.
fn init_planned(ctx: &Context, set: &ChangeSet) -> Result<bool> {
    let project = ctx.project;
    let mix = &project.paths.mix_exs;
    if set.get(mix).is_none() {
        return Ok(false);
    }
    let Ok(doc) = super::parsed(set, mix) else {
        return Ok(false);
    };
    let deps = doc.deps();
    let has = |name: &str| deps.iter().any(|d| d.name == name);
    Ok(has("ash") && (!ash_init::wants_postgres(project) || has("ash_postgres")))
}

/// The policies of a new resource: reads for any actor, writes for the
/// owner (a belongs_to to the user) or an admin.
fn policy_set(spec: &ResourceSpec, admin_role: &str) -> Result<Option<PolicySet>> {
    if !spec.policies {
        return Ok(None);
    }
    let owner = spec.owner.as_ref().map(|o| o.relationship.to_string());
    let has = |a: Action| spec.actions.names.contains(&a);
    Ok(Some(PolicySet {
        read: ReadAccess::Actor,
        write: if owner.is_some() {
            WriteAccess::Owner
        } else {
            WriteAccess::Admin
        },
        owner,
        role_check: ash_policy::role_check_module(&spec.base_module)?,
        admin_role: admin_role.to_string(),
        reads: has(Action::Read),
        creates: has(Action::Create),
        updates: has(Action::Update),
        destroys: has(Action::Destroy),
    }))
}

/// Creates the domain, or adds the resource (with its code interface) to
/// the existing one.
fn plan_domain(
    ctx: &Context,
    spec: &ResourceSpec,
    module: &str,
    file: &str,
    set: &mut ChangeSet,
) -> Result<()> {
    let path = match domain_file(ctx, set, module)? {
        Some(existing) => existing,
        None => ctx.project.app_path(file),
    };
    let body = relative(&spec.interface_body, 6);
    match set.read(&path)? {
        None => {
            let code = ctx.renderer.render(
                "ash/domain.ex.j2",
                DomainContext {
                    app: spec.app.as_str(),
                    module: module.to_string(),
                    resource: spec.names.module.to_string(),
                    interface_body: spec.interface_body.clone(),
                },
            )?;
            set.create(&path, code)
        }
        Some(_) => {
            let doc = super::parsed(set, &path)?;
            if !doc.use_calls().iter().any(|u| u.module == "Ash.Domain") {
                return Err(Error::input_hint(
                    format!("{path} exists but is not an Ash domain (no `use Ash.Domain`)"),
                    "put the resource in another domain with --domain, or turn that module into an Ash domain",
                ));
            }
            let resource = spec.names.module.to_string();
            let body = (!body.is_empty()).then_some(body);
            edit_listed(set, &path, |doc| {
                Ok(vec![doc.add_domain_resource(&resource, body.as_deref())?])
            })
        }
    }
}

/// The file that defines the Ash domain `module`, when it is not where
/// the naming convention puts it (`lib/shop/blog/domain.ex`).
fn domain_file(ctx: &Context, set: &ChangeSet, module: &str) -> Result<Option<String>> {
    let project = ctx.project;
    let mut files = Vec::new();
    collect_ex_files(
        &project.root,
        &project.app_path(&format!("lib/{}", project.app)),
        &mut files,
    );
    files.sort();
    for path in files {
        let Some(text) = set.read(&path)? else {
            continue;
        };
        if !text.contains("Ash.Domain") || !text.contains(module) {
            continue;
        }
        let Ok(doc) = Document::parse(text) else {
            continue;
        };
        if doc.module_name().as_deref() == Some(module)
            && doc.use_calls().iter().any(|u| u.module == "Ash.Domain")
        {
            return Ok(Some(path));
        }
    }
    Ok(None)
}

/// Adds the domain to `config :app, ash_domains: [...]`: into the list when
/// there is one, else as a new key of the app's existing config call.
fn plan_domains_config(ctx: &Context, domain: &str, set: &mut ChangeSet) -> Result<()> {
    let Some(path) = &ctx.project.paths.config else {
        set.note(format!(
            "no config/config.exs: add `config :{}, ash_domains: [{domain}]` to your config",
            ctx.project.app
        ));
        return Ok(());
    };
    let app = ctx.project.app.clone();
    edit_listed(set, path, |doc| {
        let outcome = if doc.config_value(&app, None, "ash_domains").is_some() {
            doc.ensure_config_list(&app, None, "ash_domains", &[domain.to_string()])?
        } else {
            doc.ensure_config_keyword(&app, None, "ash_domains", &format!("[{domain}]"))?
        };
        Ok(vec![outcome])
    })
}

/// The create-table migration and the AshPostgres snapshot.
fn plan_migration(ctx: &Context, spec: &ResourceSpec, set: &mut ChangeSet) -> Result<()> {
    super::migration::plan_resource(ctx, spec, set)
}

/// LiveView pages for the resource (`--live`), from the LiveView generator.
fn plan_live(ctx: &Context, spec: &ResourceSpec, set: &mut ChangeSet) -> Result<()> {
    let opts = super::live::LiveOptions {
        tests: spec.tests,
        ..Default::default()
    };
    super::live::plan_resource_pages(ctx, spec, &opts, set)
}
