//! `scaffold supervisor`: a module-based `Supervisor` with its children in
//! `init/1`, added to the supervision tree.
//!
//! Also the supervision-tree plumbing the GenServer generator composes
//! with: the project's [`OtpContext`], inserting children into the
//! application's `start/2` or a named supervisor's `init/1`, and the
//! checks every generated OTP module goes through (the module must not
//! exist yet, and every line must fit the formatter's width).

use std::path::Path;

use super::{edit_elixir, Context};
use crate::changes::ChangeSet;
use crate::error::{Error, Result};
use crate::project::Project;
use crate::spec::layout::LINE_WIDTH;
use crate::spec::names::ModuleName;
use crate::spec::otp::{Child, OtpContext, SupervisorInput, SupervisorSpec};

/// The template of the supervisor module.
pub const TEMPLATE: &str = "otp/supervisor.ex.j2";
/// The template of its test.
pub const TEST_TEMPLATE: &str = "otp/supervisor_test.exs.j2";

/// What the OTP specs need to know about `project`.
pub fn otp_context(project: &Project) -> Result<OtpContext> {
    let has_telemetry = ["telemetry", "telemetry_metrics", "telemetry_poller"]
        .iter()
        .any(|d| project.has_dep(d));
    OtpContext::new(&project.base_module, has_telemetry)
}

/// Validates `input` against the project and plans it.
pub fn plan_input(ctx: &Context, input: SupervisorInput, set: &mut ChangeSet) -> Result<()> {
    let spec = SupervisorSpec::build(input, &otp_context(ctx.project)?)?;
    plan(ctx, &spec, set)
}

/// Plans the supervisor module, its test, and its insertion into the
/// application (or `--supervisor`).
pub fn plan(ctx: &Context, spec: &SupervisorSpec, set: &mut ChangeSet) -> Result<()> {
    let parent = parent_path(ctx, set, spec.supervisor.as_ref())?;
    let path = ctx.project.app_path(&spec.path);
    let code = render(ctx, TEMPLATE, spec, &path)?;
    ensure_new_module(ctx, set, &spec.module, &path, &code)?;
    set.create(&path, code)?;
    if spec.test {
        let test_path = ctx.project.app_path(&spec.test_path);
        let test = render(ctx, TEST_TEMPLATE, spec, &test_path)?;
        set.create(&test_path, test)?;
    }
    let base = ModuleName::parse(&ctx.project.base_module)?;
    for child in &spec.children {
        if !module_defined(ctx, set, child)? {
            let short = child
                .relative_to(&base)
                .map_or_else(|| child.to_string(), |m| m.to_string());
            set.note(format!(
                "{child} is not defined under lib/ yet; generate it before compiling, e.g. \
                 `scaffold genserver {short} --supervisor {}`",
                spec.module
            ));
        }
    }
    add_children(set, &parent, &[spec.child()])
}

/// The file whose children list receives new children: the application,
/// or the module given with `--supervisor` (its file at
/// `lib/<path of module>.ex`, on disk or planned in this run). An unknown
/// supervisor is bad input.
pub fn parent_path(
    ctx: &Context,
    set: &ChangeSet,
    supervisor: Option<&ModuleName>,
) -> Result<String> {
    let Some(module) = supervisor else {
        return Ok(ctx.project.paths.application.clone().unwrap_or_else(|| {
            ctx.project
                .app_path(&format!("lib/{}/application.ex", ctx.project.app))
        }));
    };
    let path = ctx
        .project
        .app_path(&format!("lib/{}.ex", module.underscore_path()));
    if set.exists(&path)? {
        return Ok(path);
    }
    let base = ModuleName::parse(&ctx.project.base_module)?;
    let relative = module
        .relative_to(&base)
        .map_or_else(|| module.to_string(), |m| m.to_string());
    Err(Error::input_hint(
        format!("unknown supervisor `{module}`: {path} does not exist"),
        format!(
            "create it first with `scaffold supervisor {relative}`, or name an existing supervisor"
        ),
    ))
}

/// Adds `children`, in order, to the children list in the file at `path`
/// (before the endpoint, which stays last). Children already supervised
/// are left alone and noted; a list scaffold cannot edit safely (built by
/// an expression, assigned conditionally) is refused with the snippet to
/// add by hand.
pub fn add_children(set: &mut ChangeSet, path: &str, children: &[Child]) -> Result<()> {
    edit_elixir(set, path, |doc| {
        children
            .iter()
            .map(|c| doc.add_child(&c.code, None))
            .collect()
    })
}

/// Refuses to overwrite a module that exists (unless `--force`): the file
/// at `path` with other content than `code`, or a `defmodule <module> do`
/// in another file under the app's `lib/`. The same content again is fine:
/// that is a re-run, and it reports `unchanged`.
pub fn ensure_new_module(
    ctx: &Context,
    set: &ChangeSet,
    module: &ModuleName,
    path: &str,
    code: &str,
) -> Result<()> {
    if set.force() {
        return Ok(());
    }
    if let Some(existing) = set.read(path)? {
        if existing.replace("\r\n", "\n") == code {
            return Ok(());
        }
        return Err(Error::input_hint(
            format!("`{module}` already exists: {path} has other content"),
            "choose another name, or pass --force to overwrite it",
        ));
    }
    if let Some(other) = find_defmodule(set.root(), &ctx.project.app_path("lib"), module, path) {
        return Err(Error::input_hint(
            format!("`{module}` already exists: it is defined in {other}"),
            "choose another name, or pass --force to generate it anyway",
        ));
    }
    Ok(())
}

/// Whether `module` has a file at its conventional path (on disk or
/// planned) or a `defmodule` under `lib/`.
fn module_defined(ctx: &Context, set: &ChangeSet, module: &ModuleName) -> Result<bool> {
    let path = ctx
        .project
        .app_path(&format!("lib/{}.ex", module.underscore_path()));
    Ok(set.exists(&path)?
        || find_defmodule(set.root(), &ctx.project.app_path("lib"), module, "").is_some())
}

/// The first `.ex` file under `root/dir` (other than `skip`) with the line
/// `defmodule <module> do`; a project-relative path.
fn find_defmodule(root: &Path, dir: &str, module: &ModuleName, skip: &str) -> Option<String> {
    let needle = format!("defmodule {module} do");
    let mut stack = vec![root.join(dir)];
    let mut files = Vec::new();
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            match e.file_type() {
                Ok(t) if t.is_dir() => stack.push(p),
                Ok(t) if t.is_file() && p.extension().is_some_and(|x| x == "ex") => files.push(p),
                _ => {}
            }
        }
    }
    files.sort();
    files.into_iter().find_map(|p| {
        let rel = p
            .strip_prefix(root)
            .ok()?
            .to_string_lossy()
            .replace('\\', "/");
        if rel == skip {
            return None;
        }
        let text = std::fs::read_to_string(&p).ok()?;
        text.lines().any(|l| l.trim() == needle).then_some(rel)
    })
}

/// Renders `template` with `context` and checks the layout of the result
/// (see [`check_layout`]) unless the project overrides the template.
pub fn render(
    ctx: &Context,
    template: &str,
    context: impl serde::Serialize,
    path: &str,
) -> Result<String> {
    let code = ctx.renderer.render(template, context)?;
    if !ctx.renderer.is_overridden(template) {
        check_layout(path, &code)?;
    }
    Ok(code)
}

/// Every code line (heredoc text and comments aside) must fit the
/// formatter's 98 columns, or `mix format` would break it differently
/// than the template did. Names long enough to push a line over are
/// refused, naming the line.
pub fn check_layout(path: &str, code: &str) -> Result<()> {
    let mut in_heredoc = false;
    for (i, line) in code.lines().enumerate() {
        let t = line.trim();
        if in_heredoc {
            in_heredoc = !t.starts_with("\"\"\"");
            continue;
        }
        if t.ends_with("\"\"\"") {
            in_heredoc = true;
            continue;
        }
        let width = line.chars().count();
        if !t.starts_with('#') && width > LINE_WIDTH {
            return Err(Error::input_hint(
                format!(
                    "{path}:{}: the generated line would be {width} columns wide, more than the formatter's {LINE_WIDTH}",
                    i + 1
                ),
                "use shorter names (the module's last segment, --call and --cast names)",
            ));
        }
    }
    Ok(())
}
