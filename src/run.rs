//! From parsed arguments to an exit code: find the project, let the
//! generator plan its change set, then show, confirm and apply it.

use crate::changes::{apply, journal, ApplyOptions, ChangeSet, JournalInfo};
use crate::cli::output::Output;
use crate::cli::prompt::{Prompter, TerminalPrompter};
use crate::cli::{Cli, Command, ConfigCommand, GlobalOpts, TemplatesCommand};
use crate::error::{Error, Result};
use crate::generators::{self, Context};
use crate::project::{Project, KNOWN_DEPS};
use crate::render::{embedded_names, Renderer};
use clap::{CommandFactory, Parser};
use std::ffi::OsString;

/// Runs scaffold with the given arguments (the first is the program name)
/// and returns the process exit code.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let cli = match Cli::try_parse_from(&args) {
        Ok(mut cli) => {
            cli.global.command_line = command_line(&args);
            cli
        }
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => 0,
                _ => 2,
            };
        }
    };
    let out = Output::detect(cli.global.no_color, cli.global.quiet, cli.global.json);
    match dispatch(cli, out, &mut TerminalPrompter) {
        Ok(code) => code,
        Err(e) => {
            out.error(&e);
            e.code()
        }
    }
}

fn dispatch(cli: Cli, out: Output, prompter: &mut dyn Prompter) -> Result<i32> {
    let g = cli.global;
    let Some(command) = cli.command else {
        if crate::wizard::terminal_attached() {
            return crate::wizard::run(&g, out, prompter);
        }
        let mut cmd = Cli::command();
        let _ = cmd.print_help();
        return Ok(2);
    };
    match command {
        Command::New(args) => {
            generators::new_project::bootstrap::new_command(&g, out, prompter, &args)
        }
        Command::Demo(args) => generators::demo::demo_command(&g, out, prompter, &args),
        Command::Migration(args) => {
            let spec = crate::spec::migration::MigrationSpec::build(args.input())?;
            let clock = generators::migration::Clock::from_option(args.timestamp.as_deref())?;
            generate(&g, out, prompter, |ctx, set| {
                generators::migration::plan_standalone(ctx, &spec, clock, set).map(|_| ())
            })
        }
        Command::AshResource(args) => generate(&g, out, prompter, |ctx, set| {
            generators::ash_resource::plan(ctx, args.input(), &args.options(), set)
        }),
        Command::AshPolicy(args) => generate(&g, out, prompter, |ctx, set| {
            generators::ash_policy::plan(ctx, &args.input(), set)
        }),
        Command::Init(args) => generate(&g, out, prompter, |ctx, set| {
            generators::ash_init::plan(ctx, &args.options(), set)
        }),
        Command::Wizard => crate::wizard::run(&g, out, prompter),
        Command::Genserver(args) => generate(&g, out, prompter, |ctx, set| {
            generators::genserver::plan_input(ctx, args.into_input(), set)
        }),
        Command::Supervisor(args) => generate(&g, out, prompter, |ctx, set| {
            generators::supervisor::plan_input(ctx, args.into_input(), set)
        }),
        Command::LiveComponent(args) => generate(&g, out, prompter, |ctx, set| {
            generators::component::plan_input(ctx, args.input(), set)
        }),
        Command::Live(args) => generate(&g, out, prompter, |ctx, set| {
            generators::live::plan_live(ctx, &args.resource, &args.options(), set)
        }),
        Command::Apply(args) => {
            let file = crate::spec::file::SpecFile::read(&args.file)?;
            generate(&g, out, prompter, |ctx, set| {
                generators::apply_spec::plan(ctx, &file, set)
            })
        }
        Command::ExportSpec(args) => generators::export_spec::command(&g, out, prompter, &args),
        Command::Doctor(args) => crate::doctor::command(&g, out, prompter, args.options()?),
        Command::Completions { shell } => {
            let mut cmd = Cli::command();
            clap_complete::generate(shell, &mut cmd, "scaffold", &mut std::io::stdout());
            Ok(0)
        }
        Command::Undo { id } => undo(&g, out, prompter, id.as_deref()),
        Command::History => {
            let project = discover(&g)?;
            history(&project, out);
            Ok(0)
        }
        Command::Config(cmd) => config(&g, out, prompter, cmd),
        Command::Info => {
            let project = discover(&g)?;
            info(&project, out);
            Ok(0)
        }
        Command::Templates(TemplatesCommand::List) => {
            let project = discover(&g).ok();
            let renderer = project
                .as_ref()
                .map(|p| Renderer::new(Some(p.root.join(p.templates_dir()))));
            let names = embedded_names();
            if out.json {
                let v: Vec<_> = names
                    .iter()
                    .map(|n| {
                        let o = renderer.as_ref().is_some_and(|r| r.is_overridden(n));
                        serde_json::json!({"name": n, "overridden": o})
                    })
                    .collect();
                println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
            } else if !out.quiet {
                for n in &names {
                    let mark = if renderer.as_ref().is_some_and(|r| r.is_overridden(n)) {
                        "  (overridden in .scaffold/templates)"
                    } else {
                        ""
                    };
                    println!("{n}{mark}");
                }
            }
            Ok(0)
        }
        Command::Templates(TemplatesCommand::Eject { name }) => {
            generate(&g, out, prompter, |ctx, set| {
                generators::templates::eject(ctx, &name, set)
            })
        }
    }
}

/// The common path of every generating command: find the project, let
/// `plan` fill one change set, then show, confirm and apply it.
pub fn generate<F>(g: &GlobalOpts, out: Output, prompter: &mut dyn Prompter, plan: F) -> Result<i32>
where
    F: FnOnce(&Context, &mut ChangeSet) -> Result<()>,
{
    let project = discover_recovered(g, out)?;
    let renderer = Renderer::new(Some(project.root.join(project.templates_dir())));
    let ctx = Context {
        project: &project,
        renderer: &renderer,
    };
    let mut set = ChangeSet::new(&project.root).with_force(g.force);
    plan(&ctx, &mut set)?;
    finish(&set, g, out, prompter)
}

/// [`discover`], after rolling back an apply a crash interrupted (not with
/// `--dry-run`, which writes nothing): planning against a half-written
/// tree would leave out what the interrupted apply had already written.
fn discover_recovered(g: &GlobalOpts, out: Output) -> Result<Project> {
    let project = discover(g)?;
    if g.dry_run {
        return Ok(project);
    }
    let recovered = crate::changes::recover_interrupted(&project.root)?;
    for msg in &recovered {
        out.line(&format!("note: {msg}"));
    }
    if recovered.is_empty() {
        Ok(project)
    } else {
        discover(g)
    }
}

/// Finds the project from `--project`/the current directory.
pub fn discover(g: &GlobalOpts) -> Result<Project> {
    let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
    Project::discover(g.project.as_deref(), &cwd, g.app.as_deref())
}

/// Shows, confirms and applies a planned change set. Returns the exit code.
pub fn finish(
    set: &ChangeSet,
    g: &GlobalOpts,
    out: Output,
    prompter: &mut dyn Prompter,
) -> Result<i32> {
    finish_with(set, g, out, prompter, &journaled(g, None))
}

/// The journal options for a command.
fn journaled(g: &GlobalOpts, undoes: Option<String>) -> ApplyOptions {
    let command = if g.command_line.is_empty() {
        "scaffold".to_string()
    } else {
        g.command_line.clone()
    };
    ApplyOptions {
        journal: Some(JournalInfo { command, undoes }),
        ..ApplyOptions::default()
    }
}

/// [`finish`] with explicit apply options (fault injection in tests).
pub fn finish_with(
    set: &ChangeSet,
    g: &GlobalOpts,
    out: Output,
    prompter: &mut dyn Prompter,
    opts: &ApplyOptions,
) -> Result<i32> {
    let conflicts = set.conflicts().count();
    if g.dry_run {
        if out.json {
            out.json_summary(set, true, false);
        } else if !out.quiet {
            print!("{}", out.diff_text(set));
            out.summary(set, true);
        }
        return Ok(if conflicts > 0 { 1 } else { 0 });
    }
    if conflicts > 0 {
        if out.json {
            out.json_summary(set, false, false);
        } else {
            out.summary(set, false);
        }
        return Err(apply(set, opts)
            .err()
            .unwrap_or_else(|| Error::refused("conflicts")));
    }
    if set.has_changes() && set.modifies_existing() && out.interactive && !g.yes && !out.json {
        print!("{}", out.diff_text(set));
        if !prompter.confirm("Apply these changes?", true)? {
            return Err(Error::refused("cancelled; nothing was written"));
        }
    }
    let applied = apply(set, opts)?;
    for msg in &applied.recovered {
        out.line(&format!("note: {msg}"));
    }
    if out.json {
        out.json_summary(set, false, true);
    } else {
        out.summary(set, false);
    }
    Ok(0)
}

fn info(p: &Project, out: Output) {
    if out.json {
        let deps: serde_json::Map<String, serde_json::Value> = p
            .deps
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    v.clone().map_or(serde_json::Value::Null, Into::into),
                )
            })
            .collect();
        let present: Vec<&str> = KNOWN_DEPS
            .iter()
            .copied()
            .filter(|d| p.has_dep(d))
            .collect();
        let v = serde_json::json!({
            "root": p.root,
            "app": p.app,
            "app_dir": p.app_dir,
            "base_module": p.base_module,
            "web_module": p.web_module,
            "repo": p.repo,
            "umbrella": p.umbrella,
            "umbrella_apps": p.umbrella_apps,
            "deps": deps,
            "known_deps_present": present,
            "paths": p.paths,
        });
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        return;
    }
    if out.quiet {
        return;
    }
    let opt = |o: &Option<String>| o.clone().unwrap_or_else(|| "-".into());
    println!("project      {}", p.root.display());
    if p.umbrella {
        println!(
            "umbrella     apps: {} (working in {})",
            p.umbrella_apps.join(", "),
            p.app_dir
        );
    }
    println!("app          :{}", p.app);
    println!("base module  {}", p.base_module);
    println!("web module   {}", opt(&p.web_module));
    println!("repo         {}", opt(&p.repo));
    let present: Vec<String> = KNOWN_DEPS
        .iter()
        .filter_map(|d| {
            p.deps.get(*d).map(|r| {
                format!("{d} {}", r.clone().unwrap_or_default())
                    .trim()
                    .to_string()
            })
        })
        .collect();
    println!(
        "deps         {}",
        if present.is_empty() {
            "-".into()
        } else {
            present.join(", ")
        }
    );
    let paths = [
        ("config", &p.paths.config),
        ("application", &p.paths.application),
        ("router", &p.paths.router),
        ("formatter", &p.paths.formatter),
        ("data case", &p.paths.data_case),
        ("migrations", &p.paths.migrations),
    ];
    for (label, path) in paths {
        println!("{label:<12} {}", opt(path));
    }
}

/// `scaffold undo`: revert an apply exactly, refusing when its files were
/// edited since (unless `--force`). Undoing an entry twice does nothing.
fn undo(g: &GlobalOpts, out: Output, prompter: &mut dyn Prompter, id: Option<&str>) -> Result<i32> {
    let project = discover_recovered(g, out)?;
    let root = &project.root;
    let (entry, already) = journal::undo_target(root, id)?;
    if already {
        out.line(&format!(
            "nothing to undo: `{}` ({}) was already undone",
            entry.command, entry.id
        ));
        return Ok(0);
    }
    let (set, edited) = journal::plan_undo(root, &entry, g.force)?;
    if !edited.is_empty() && !g.force {
        return Err(Error::refused_hint(
            format!(
                "files changed since `{}`: {}",
                entry.command,
                edited.join(", ")
            ),
            "nothing was undone; re-run with --force to revert them anyway",
        ));
    }
    let code = finish_with(
        &set,
        g,
        out,
        prompter,
        &journaled(g, Some(entry.id.clone())),
    )?;
    if !g.dry_run {
        journal::remove_created_dirs(root, &entry);
    }
    Ok(code)
}

/// `scaffold history`: the journal, newest last.
fn history(project: &Project, out: Output) {
    let entries = journal::entries(&project.root);
    let undone = |id: &str| {
        entries
            .iter()
            .any(|u| u.kind == "undo" && u.undoes.as_deref() == Some(id))
    };
    if out.json {
        let v: Vec<_> = entries
            .iter()
            .map(|e| {
                serde_json::json!({
                    "id": e.id, "kind": e.kind, "command": e.command, "state": e.state,
                    "undone": undone(&e.id), "undoes": e.undoes,
                    "files": e.files.iter().map(|f| serde_json::json!({"path": f.path, "action": f.action})).collect::<Vec<_>>(),
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        return;
    }
    if entries.is_empty() {
        out.line("no applies recorded yet");
    }
    for e in &entries {
        let mark = if undone(&e.id) { " (undone)" } else { "" };
        out.line(&format!(
            "{}  {}  {} file(s){mark}  {}",
            e.id,
            e.kind,
            e.files.len(),
            e.command
        ));
    }
}

/// The argument list as one shell-readable line.
fn command_line(args: &[OsString]) -> String {
    let mut parts = vec!["scaffold".to_string()];
    for a in args.iter().skip(1) {
        let a = a.to_string_lossy();
        let plain = !a.is_empty()
            && a.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.,:=/@+%".contains(c));
        parts.push(if plain {
            a.into_owned()
        } else {
            format!("'{}'", a.replace('\'', "'\\''"))
        });
    }
    parts.join(" ")
}

/// `scaffold config get/set/list` on `.scaffold.toml`.
fn config(
    g: &GlobalOpts,
    out: Output,
    prompter: &mut dyn Prompter,
    cmd: ConfigCommand,
) -> Result<i32> {
    use crate::project::defaults::{self, KEYS};
    let project = discover(g)?;
    match cmd {
        ConfigCommand::Get { key } => {
            match project.defaults.get(&key)? {
                Some(v) if out.json => {
                    println!("{}", serde_json::json!({ "key": key, "value": v }))
                }
                Some(v) => println!("{v}"),
                None if out.json => {
                    println!("{}", serde_json::json!({ "key": key, "value": null }))
                }
                None => out.line(&format!("{key} is not set")),
            }
            Ok(0)
        }
        ConfigCommand::List => {
            if out.json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&project.defaults).unwrap_or_default()
                );
            } else {
                for (key, _, about) in KEYS {
                    let v = project.defaults.get(key)?.unwrap_or_else(|| "-".into());
                    out.line(&format!("{key:<20} {v:<16} {about}"));
                }
            }
            Ok(0)
        }
        ConfigCommand::Set { key, value } => {
            let mut set = ChangeSet::new(&project.root).with_force(g.force);
            let current = set.read(defaults::FILE)?.unwrap_or_default();
            let text = defaults::set_in_text(&current, &key, &value)?;
            set.modify(defaults::FILE, text)?;
            finish(&set, g, out, prompter)
        }
    }
}
