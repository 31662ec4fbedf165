//! `scaffold init`: set a Phoenix project up for Ash, the way Ash's and
//! AshPostgres's own installers do, as in-place edits.
//!
//! - `mix.exs`: `ash`, `ash_postgres` (when the project talks to
//!   PostgreSQL through Ecto), a SAT solver for policies, and
//!   `ash_phoenix` when LiveView is present;
//! - `.formatter.exs`: `import_deps` and the `Spark.Formatter` plugin;
//! - `config/config.exs`: the `config :ash` settings the installer writes
//!   and `config :spark, :formatter` with the section orders, so that
//!   `mix format` leaves generated resources alone;
//! - the `Ecto.Repo` becomes an `AshPostgres.Repo` with the callbacks
//!   AshPostgres needs (installed extensions, minimum PostgreSQL version);
//! - whatever the migration generator needs so that the extensions exist
//!   on a fresh database.
//!
//! Every step is idempotent: on a project that already has Ash, nothing
//! changes. `scaffold ash-resource` runs the same plan, in its own change
//! set, when Ash is missing.

use serde::Serialize;

use super::Context;
use crate::changes::ChangeSet;
use crate::elixir::{Dep, Document, EditError, Outcome};
use crate::error::{did_you_mean, Error, Result};
use crate::project::Project;
use crate::spec::layout::{self, Term};

/// Options of `scaffold init`.
#[derive(Debug, Clone, Default)]
pub struct InitOptions {
    /// `picosat` (the default) or `simple_sat`.
    pub sat_solver: Option<String>,
}

/// The `Ash.Resource` section order Ash's installer configures for
/// `Spark.Formatter` (data-layer sections go first).
pub const RESOURCE_SECTIONS: &[&str] = crate::elixir::RESOURCE_SECTION_ORDER;

/// The `Ash.Domain` section order.
pub const DOMAIN_SECTIONS: &[&str] = &[
    "resources",
    "policies",
    "authorization",
    "domain",
    "execution",
];

/// Version requirements, as Ash's installer writes them.
const ASH: (&str, &str) = ("ash", "~> 3.0");
const ASH_POSTGRES: (&str, &str) = ("ash_postgres", "~> 2.0");
const ASH_PHOENIX: (&str, &str) = ("ash_phoenix", "~> 2.0");
const PICOSAT: (&str, &str) = ("picosat_elixir", "~> 0.2");
const SIMPLE_SAT: (&str, &str) = ("simple_sat", "~> 0.1");

/// Whether the project stores data in PostgreSQL: it has AshPostgres, or
/// Ecto SQL with Postgrex (then init adds AshPostgres).
pub fn wants_postgres(project: &Project) -> bool {
    project.has_dep("ash_postgres") || (project.has_dep("ecto_sql") && project.has_dep("postgrex"))
}

/// Whether [`plan`] would add something essential: Ash itself, or
/// AshPostgres for a project on PostgreSQL.
pub fn needs_init(project: &Project) -> bool {
    !project.has_dep("ash") || (wants_postgres(project) && !project.has_dep("ash_postgres"))
}

#[derive(Serialize)]
struct ConfigEntry {
    key: String,
    value: String,
}

#[derive(Serialize)]
struct ConfigContext {
    entries: Vec<ConfigEntry>,
    resource_sections: Vec<String>,
    domain_sections: String,
}

#[derive(Serialize)]
struct RepoContext {
    extensions: String,
    min_pg_major: u32,
}

/// Plans every edit of `scaffold init`.
pub fn plan(ctx: &Context, opts: &InitOptions, set: &mut ChangeSet) -> Result<()> {
    let project = ctx.project;
    let solver = sat_solver(opts.sat_solver.as_deref())?;
    let postgres = wants_postgres(project);
    let live = project.has_dep("phoenix_live_view");

    let mut deps = vec![Dep::new(ASH.0, ASH.1)];
    if postgres {
        deps.push(Dep::new(ASH_POSTGRES.0, ASH_POSTGRES.1));
    }
    if !project.has_dep(PICOSAT.0) && !project.has_dep(SIMPLE_SAT.0) {
        deps.push(Dep::new(solver.0, solver.1));
    }
    if live {
        deps.push(Dep::new(ASH_PHOENIX.0, ASH_PHOENIX.1));
    }
    edit_listed(set, &project.paths.mix_exs, |doc| {
        deps.iter().map(|d| doc.add_dep(d)).collect()
    })?;

    match &project.paths.formatter {
        Some(path) => {
            let mut imports = vec![":ash".to_string()];
            if postgres {
                imports.push(":ash_postgres".into());
            }
            if live {
                imports.push(":ash_phoenix".into());
            }
            edit_listed(set, path, |doc| {
                Ok(vec![
                    doc.ensure_formatter_list("import_deps", &imports)?,
                    doc.ensure_formatter_list("plugins", &["Spark.Formatter".to_string()])?,
                ])
            })?;
        }
        None => set.note(format!(
            "no {} found: add `import_deps: [:ash]` and `plugins: [Spark.Formatter]` to your formatter config",
            project.app_path(".formatter.exs")
        )),
    }

    plan_config(ctx, postgres, set)?;

    if postgres {
        plan_repo(ctx, set)?;
        plan_extensions(ctx, set)?;
    }
    Ok(())
}

fn sat_solver(input: Option<&str>) -> Result<(&'static str, &'static str)> {
    match input {
        None | Some("picosat") | Some("picosat_elixir") => Ok(PICOSAT),
        Some("simple_sat") => Ok(SIMPLE_SAT),
        Some(other) => {
            let names = ["picosat", "simple_sat"];
            let hint = match did_you_mean(other, names) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "one of: picosat (a NIF, fast), simple_sat (pure Elixir)".to_string(),
            };
            Err(Error::input_hint(
                format!("unknown SAT solver `{other}`"),
                hint,
            ))
        }
    }
}

/// `config :ash, ...` as Ash's installer writes it, and `config :spark`.
fn plan_config(ctx: &Context, postgres: bool, set: &mut ChangeSet) -> Result<()> {
    let Some(path) = &ctx.project.paths.config else {
        return Err(Error::refused_hint(
            "config/config.exs does not exist; scaffold expected to edit it",
            "create it (a fresh `mix phx.new` project has it) or pass --project",
        ));
    };
    let mut entries: Vec<ConfigEntry> = [
        (
            "allow_forbidden_field_for_relationships_by_default?",
            "true",
        ),
        ("include_embedded_source_by_default?", "false"),
        ("show_keysets_for_all_actions?", "false"),
        ("default_page_type", ":keyset"),
        ("policies", "[no_filter_static_forbidden_reads?: false]"),
        ("keep_read_action_loads_when_loading?", "false"),
        ("default_actions_require_atomic?", "true"),
        ("read_action_after_action_hooks_in_order?", "true"),
        ("bulk_actions_default_to_errors?", "true"),
        ("transaction_rollback_on_error?", "true"),
    ]
    .into_iter()
    .map(|(k, v)| ConfigEntry {
        key: k.into(),
        value: v.into(),
    })
    .collect();
    if postgres {
        entries.push(ConfigEntry {
            key: "known_types".into(),
            value: "[AshPostgres.Timestamptz, AshPostgres.TimestamptzUsec]".into(),
        });
    }
    let mut resource_sections: Vec<String> = Vec::new();
    if postgres {
        resource_sections.push(":postgres".into());
    }
    resource_sections.extend(RESOURCE_SECTIONS.iter().map(|s| format!(":{s}")));
    let domain_sections = Term::atoms(DOMAIN_SECTIONS).flat();
    let context = ConfigContext {
        entries,
        resource_sections,
        domain_sections,
    };
    let ash_call = ctx.renderer.render("ash/config_ash.exs.j2", &context)?;
    let spark_call = ctx.renderer.render("ash/config_spark.exs.j2", &context)?;

    edit_listed(set, path, |doc| {
        let mut outcomes = Vec::new();
        match doc.ensure_config_call(ash_call.trim_end())? {
            Outcome::Unchanged(_) => {
                // The project has its own `config :ash`: add the settings
                // it lacks, never change a value it sets.
                let mut added = Vec::new();
                for e in &context.entries {
                    let outcome = doc.ensure_config_keyword("ash", None, &e.key, &e.value)?;
                    if outcome.is_changed() {
                        added.push(outcome);
                    }
                }
                if added.is_empty() {
                    outcomes.push(Outcome::Unchanged(
                        "config :ash already has the Ash settings".into(),
                    ));
                }
                outcomes.extend(added);
            }
            changed => outcomes.push(changed),
        }
        outcomes.push(doc.ensure_config_call(spark_call.trim_end())?);
        Ok(outcomes)
    })
}

/// The repo becomes an `AshPostgres.Repo` with the callbacks AshPostgres
/// needs. Options of the old `use Ecto.Repo` other than `adapter:` stay.
fn plan_repo(ctx: &Context, set: &mut ChangeSet) -> Result<()> {
    let project = ctx.project;
    let Some(path) = &project.paths.repo else {
        set.note(format!(
            "no repo module found (lib/{}/repo.ex): make your Ecto repo `use AshPostgres.Repo, otp_app: :{}`",
            project.app, project.app
        ));
        return Ok(());
    };
    let Some(text) = set.read(path)? else {
        return Ok(());
    };
    let doc = Document::parse(text).map_err(|e| e.into_error(path))?;
    let uses = doc.use_calls();
    let mut options = vec![Term::pair(
        "otp_app",
        Term::raw(format!(":{}", project.app)),
    )];
    if let Some(ecto) = uses.iter().find(|u| u.module == "Ecto.Repo") {
        for (key, value) in &ecto.options {
            if key != "adapter" && key != "otp_app" {
                options.push(Term::pair(
                    key.clone(),
                    Term::raw(value.split_whitespace().collect::<Vec<_>>().join(" ")),
                ));
            }
        }
    }
    let use_code = relative(
        &layout::call(
            "use",
            &[Term::raw("AshPostgres.Repo"), Term::List(options)],
            2,
            "",
        ),
        2,
    );
    let functions = ctx.renderer.render(
        "ash/repo_callbacks.ex.j2",
        RepoContext {
            extensions: "[\"ash-functions\", \"citext\"]".into(),
            min_pg_major: 16,
        },
    )?;
    edit_listed(set, path, |doc| {
        Ok(vec![
            doc.replace_use("Ecto.Repo", &use_code)?,
            doc.add_functions(&functions)?,
        ])
    })
}

/// Whatever the migration generator needs for AshPostgres's extensions
/// on a fresh database.
fn plan_extensions(ctx: &Context, set: &mut ChangeSet) -> Result<()> {
    super::migration::plan_extensions(ctx, set)
}

/// Like [`super::edit_elixir`], but an edited file that ends up unchanged
/// is still listed in the summary (as `unchanged`), so a second run of a
/// command shows every file it looked at.
pub(crate) fn edit_listed<F>(set: &mut ChangeSet, path: &str, edit: F) -> Result<()>
where
    F: FnOnce(&mut Document) -> std::result::Result<Vec<Outcome>, EditError>,
{
    super::edit_elixir(set, path, edit)?;
    if set.get(path).is_none() {
        if let Some(text) = set.read(path)? {
            set.modify(path, text)?;
        }
    }
    Ok(())
}

/// Code laid out for column `indent` (continuation lines carry absolute
/// indentation) made relative to its first line.
pub(crate) fn relative(code: &str, indent: usize) -> String {
    let pad = " ".repeat(indent);
    code.split('\n')
        .enumerate()
        .map(|(i, line)| {
            if i == 0 {
                line.to_string()
            } else {
                line.strip_prefix(&pad).unwrap_or(line).to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `code` (relative to its first line) laid out for column `indent`.
pub(crate) fn indent_rest(code: &str, indent: usize) -> String {
    let pad = " ".repeat(indent);
    code.split('\n')
        .enumerate()
        .map(|(i, line)| {
            if i == 0 || line.is_empty() {
                line.to_string()
            } else {
                format!("{pad}{line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}
