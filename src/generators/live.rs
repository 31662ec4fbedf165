//! `scaffold live RESOURCE` and `scaffold ash-resource ... --live`: CRUD
//! LiveViews for an Ash resource, their tests and the routes.
//!
//! Three LiveViews in the Phoenix 1.8 layout (`PostLive.Index` with a
//! stream-based table and delete, `PostLive.Show` with every field, and
//! `PostLive.Form` for new and edit through `AshPhoenix.Form`), a
//! LiveViewTest module, and the routes inserted in place into the router.
//!
//! Decisions worth knowing:
//!
//! - **Where the routes go.** When the browser scope holds a `live_session`
//!   for signed-in users (what `phx.gen.auth` and AshAuthentication
//!   generate), the routes go inside it: pages rendered outside it have no
//!   `@current_scope` and fail at runtime. Otherwise into the browser
//!   scope (`--scope PATH` picks or creates `scope "/PATH"`).
//! - **The actor.** Only when the resource uses `Ash.Policy.Authorizer`,
//!   every Ash call passes `actor:` from the session: the scope's user with
//!   `phx.gen.auth` scopes, `current_user` otherwise. Resources without
//!   policies get no actor, so no authorization surprises either way. The
//!   expression lives in one private `actor/1` per LiveView.
//! - **belongs_to fields** get a select fed from the related resource
//!   (labelled by its `name`/`title`/`email`-like attribute when it has
//!   one), and Show and Index display the related record, not a raw id.
//! - **Show shows every field** except sensitive ones, timestamps included.
//! - **Atom options** come from the resource's own `one_of` constraint at
//!   runtime, so the select never drifts from the resource.

pub mod code;
mod existing;
pub mod heex;
mod pages;
mod resource;

use self::pages::Pages;
use self::resource::{from_info, from_spec, Resource};
use super::{edit_elixir, Context};
use crate::changes::ChangeSet;
use crate::elixir::{Dep, Document, EditError, Routes};
use crate::error::{did_you_mean, Error, Result};
use crate::spec::inflection::ResourceNames;
use crate::spec::names::{macro_underscore, ModuleName, SnakeName};
use crate::spec::resource::ResourceSpec;

/// How the pages are generated; shared by `scaffold live` and
/// `scaffold ash-resource --live`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveOptions {
    /// Insert the routes into the router (`--no-router` turns it off and
    /// prints them instead).
    pub router: bool,
    /// The scope path of the routes (`--scope /admin`); `/` by default.
    pub scope: Option<String>,
    /// Generate the LiveViewTest module.
    pub tests: bool,
}

impl Default for LiveOptions {
    fn default() -> Self {
        LiveOptions {
            router: true,
            scope: None,
            tests: true,
        }
    }
}

/// Plans the pages for the resource `spec` describes (the resource may be
/// planned in the same change set and not exist on disk yet).
pub fn plan_resource_pages(
    ctx: &Context,
    spec: &ResourceSpec,
    opts: &LiveOptions,
    set: &mut ChangeSet,
) -> Result<()> {
    let index = existing::resources(ctx.project, set)?;
    let resource = from_spec(spec, &index)?;
    plan_pages(ctx, &spec.names, resource, opts, set)
}

/// Plans the pages for an existing resource named on the command line
/// (`Blog.Post` or `Shop.Blog.Post`), read from its file.
pub fn plan_live(
    ctx: &Context,
    resource: &str,
    opts: &LiveOptions,
    set: &mut ChangeSet,
) -> Result<()> {
    let base = ModuleName::parse(&ctx.project.base_module)?;
    let web = super::component::web_module(ctx)?;
    let written = ModuleName::parse(resource)?;
    if written.starts_with(&web) {
        let hint = written
            .relative_to(&web)
            .map(|r| format!("did you mean `{r}`?"))
            .unwrap_or_else(|| "name a resource such as `Blog.Post`".into());
        return Err(Error::input_hint(
            format!("`{written}` is inside the web module; resources live under `{base}`"),
            hint,
        ));
    }
    let module = if written.starts_with(&base) && written != base {
        written
    } else {
        base.join(&written)?
    };
    let index = existing::resources(ctx.project, set)?;
    let Some(found) = index.get(module.as_str()) else {
        let relative: Vec<String> = index
            .keys()
            .map(|m| m.strip_prefix(&format!("{base}.")).unwrap_or(m).to_string())
            .collect();
        let rel = module
            .relative_to(&base)
            .map(|m| m.to_string())
            .unwrap_or_else(|| module.to_string());
        let hint = match did_you_mean(&rel, relative.iter().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`?"),
            None if relative.is_empty() => format!(
                "this project has no Ash resources yet; create it with `scaffold ash-resource {rel} ...`"
            ),
            None => format!("resources: {}", relative.join(", ")),
        };
        return Err(Error::input_hint(
            format!("no Ash resource `{module}` in this project"),
            hint,
        ));
    };
    // A name whose plural is itself (`News`) takes the plural from its
    // table, when that differs.
    let names = ResourceNames::new(&module, &web, None).or_else(|e| {
        let table = found
            .info
            .table
            .as_deref()
            .and_then(|t| SnakeName::parse(t).ok())
            .filter(|t| t.as_str() != macro_underscore(module.last()));
        match table {
            Some(t) => ResourceNames::new(&module, &web, Some(&t)),
            None => Err(e),
        }
    })?;
    let resource = from_info(&module, found, &index)?;
    let opts = LiveOptions {
        tests: opts.tests && ctx.project.defaults.tests != Some(false),
        ..opts.clone()
    };
    plan_pages(ctx, &names, resource, &opts, set)
}
// ---------------------------------------------------------------------------
// Planning
// ---------------------------------------------------------------------------

/// Where the routes go and what the session provides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Session {
    /// A plain browser scope: no signed-in user.
    Plain,
    /// A `live_session` that mounts `current_scope` (phx.gen.auth 1.8);
    /// `required`: it only admits signed-in users.
    Scope { required: bool },
    /// A `live_session` that mounts `current_user` (AshAuthentication,
    /// phx.gen.auth before 1.8).
    CurrentUser,
}

/// Checks `--scope` and returns it normalised (`/admin`).
fn scope_path(scope: Option<&str>) -> Result<String> {
    let Some(raw) = scope else {
        return Ok("/".into());
    };
    let trimmed = raw.trim_end_matches('/');
    let path = if trimmed.starts_with('/') {
        trimmed.to_string()
    } else {
        format!("/{trimmed}")
    };
    let ok = path == "/"
        || path[1..].split('/').all(|seg| {
            !seg.is_empty()
                && seg
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
        });
    if !ok || raw.is_empty() {
        return Err(Error::input_hint(
            format!("invalid --scope `{raw}`"),
            "a path of lowercase segments, e.g. --scope /admin",
        ));
    }
    Ok(path)
}

fn route_lines(names: &ResourceNames, resource: &Resource) -> Vec<String> {
    let path = &names.route_path;
    let live = &names.live_alias;
    let mut lines = vec![format!("live \"{path}\", {live}.Index, :index")];
    if resource.create.is_some() {
        lines.push(format!("live \"{path}/new\", {live}.Form, :new"));
    }
    lines.push(format!("live \"{path}/:id\", {live}.Show, :show"));
    if resource.update.is_some() {
        lines.push(format!("live \"{path}/:id/edit\", {live}.Form, :edit"));
    }
    lines
}

/// Decides where the routes go by trying the authenticated placement on a
/// scratch copy of the router.
fn session_for(router: Option<&str>, routes: &Routes) -> std::result::Result<Session, EditError> {
    let Some(text) = router else {
        return Ok(Session::Plain);
    };
    let mut doc = Document::parse(text.to_string())?;
    let trial = Routes {
        authenticated: true,
        ..routes.clone()
    };
    match doc.add_routes(&trial) {
        Ok(_) => Ok(if text.contains("current_scope") {
            Session::Scope {
                required: text.contains("require_authenticated"),
            }
        } else {
            Session::CurrentUser
        }),
        Err(EditError::Manual { .. }) => Ok(Session::Plain),
        Err(e) => Err(e),
    }
}

fn plan_pages(
    ctx: &Context,
    names: &ResourceNames,
    resource: Resource,
    opts: &LiveOptions,
    set: &mut ChangeSet,
) -> Result<()> {
    let project = ctx.project;
    let web = super::component::web_module(ctx)?;
    let scope = scope_path(opts.scope.as_deref())?;
    let lines = route_lines(names, &resource);
    let routes = Routes {
        lines: lines.clone(),
        scope: scope.clone(),
        alias: Some(web.to_string()),
        authenticated: false,
    };
    let router_path = project.paths.router.clone();
    if opts.router && router_path.is_none() {
        return Err(Error::refused_hint(
            format!(
                "no router found (expected {})",
                project.web_path(&format!("lib/{}/router.ex", web.underscore_path()))
            ),
            "pass --no-router and add the routes yourself",
        ));
    }
    let router_text = match &router_path {
        Some(p) => set.read(p)?,
        None => None,
    };
    let session = session_for(router_text.as_deref(), &routes).map_err(|e| match &router_path {
        Some(p) => e.into_error(p),
        None => e.into_error("router"),
    })?;

    let conn_case_path = project.web_path("test/support/conn_case.ex");
    let conn_case = set.read(&conn_case_path)?;
    let login = session != Session::Plain
        && conn_case
            .as_deref()
            .is_some_and(|c| c.contains("def register_and_log_in_user"));

    let pages = Pages::new(&web, names, &resource, session, &scope, login);

    for warning in pages.warnings.iter() {
        set.note(warning.clone());
    }
    let dir = project.web_path(&names.live_dir);
    set.create(
        &format!("{dir}/index.ex"),
        ctx.renderer.render("live/index.ex.j2", &pages)?,
    )?;
    set.create(
        &format!("{dir}/show.ex"),
        ctx.renderer.render("live/show.ex.j2", &pages)?,
    )?;
    if pages.form {
        set.create(
            &format!("{dir}/form.ex"),
            ctx.renderer.render("live/form.ex.j2", &pages)?,
        )?;
    }
    if opts.tests {
        if conn_case.is_none() {
            set.note(format!(
                "{conn_case_path} not found: the LiveView tests use {web}.ConnCase, which `mix phx.new` generates"
            ));
        }
        set.create(
            &project.web_path(&names.live_test_path),
            ctx.renderer.render("live/live_test.exs.j2", &pages)?,
        )?;
    }
    if session != Session::Plain && opts.tests && !login {
        set.note(format!(
            "the pages sit behind sign-in: give the LiveView tests a signed-in conn (phx.gen.auth adds `register_and_log_in_user/1` to {web}.ConnCase)"
        ));
    }
    if resource.policies && session == Session::Plain {
        set.note(format!(
            "{} uses policies, but the router has no live_session for signed-in users: the pages call Ash without an actor",
            resource.module
        ));
    }

    ensure_ash_phoenix(ctx, set)?;

    if opts.router {
        let path = router_path.expect("checked above");
        let routes = Routes {
            authenticated: session != Session::Plain,
            ..routes
        };
        edit_elixir(set, &path, |doc| Ok(vec![doc.add_routes(&routes)?]))?;
        if let Some(text) = set.read(&path)? {
            let at = |p: &str| text.find(&format!("live \"{}{p}\"", names.route_path));
            if let (Some(new), Some(show)) = (at("/new"), at("/:id")) {
                if new > show {
                    set.note(format!(
                        "{path}: move `live \"{0}/new\"` above `live \"{0}/:id\"`, or /new is routed to the Show page",
                        names.route_path
                    ));
                }
            }
        }
        if session != Session::Plain {
            set.note(format!(
                "{path}: routes placed in the live_session for signed-in users"
            ));
        }
    } else {
        let indented: Vec<String> = lines.iter().map(|l| format!("  {l}")).collect();
        set.note(format!(
            "routes not added (--no-router); add to the browser scope \"{scope}\" of your router:\n{}",
            indented.join("\n")
        ));
    }
    Ok(())
}

/// Adds `ash_phoenix` to the web app's deps and `.formatter.exs` when it
/// is missing.
fn ensure_ash_phoenix(ctx: &Context, set: &mut ChangeSet) -> Result<()> {
    let mix = ctx.project.web_path("mix.exs");
    let Some(text) = set.read(&mix)? else {
        return Ok(());
    };
    let doc = Document::parse(text).map_err(|e| e.into_error(&mix))?;
    if doc.deps().iter().any(|d| d.name == "ash_phoenix") {
        return Ok(());
    }
    edit_elixir(set, &mix, |doc| {
        Ok(vec![doc.add_dep(&Dep::new("ash_phoenix", "~> 2.0"))?])
    })?;
    let formatter = ctx.project.web_path(".formatter.exs");
    if set.exists(&formatter)? {
        edit_elixir(set, &formatter, |doc| {
            Ok(vec![doc.ensure_formatter_list(
                "import_deps",
                &[":ash_phoenix".to_string()],
            )?])
        })?;
    }
    set.note(format!(
        "{mix}: added ash_phoenix (AshPhoenix.Form); run `mix deps.get`"
    ));
    Ok(())
}
