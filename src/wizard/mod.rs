//! The interactive wizard: `scaffold` with no subcommand on a terminal, or
//! `scaffold wizard`.
//!
//! The wizard asks what to generate and then every choice the flags of
//! that command offer, with validation as you type (an invalid answer is
//! explained, with a suggestion, and asked again). Its result is the
//! command line the flags would be: it is parsed by the same argument
//! parser into the same argument struct and planned by the same generator,
//! so the wizard and the flags cannot drift apart. The change set's diff is
//! shown and confirmed before anything is written, and the flow ends by
//! printing that one-line command so it can be repeated without the
//! wizard.
//!
//! Without a terminal the wizard never waits for input: `scaffold` prints
//! the help and exits 2.

pub mod commands;
mod flows;

use crate::cli::new::shell_word;
use crate::cli::output::Output;
use crate::cli::prompt::Prompter;
use crate::cli::{Command, GlobalOpts};
use crate::error::{Error, Result};
use crate::generators::Context;
use crate::project::Project;
use crate::render::Renderer;
use std::io::IsTerminal;

pub use flows::{ask, Kind};

/// Whether standard input, output and error are all terminals: the only
/// case in which the wizard may ask anything.
pub fn terminal_attached() -> bool {
    std::io::stdin().is_terminal()
        && std::io::stdout().is_terminal()
        && std::io::stderr().is_terminal()
}

/// Runs the wizard on the terminal.
pub fn run(g: &GlobalOpts, out: Output, prompter: &mut dyn Prompter) -> Result<i32> {
    if !terminal_attached() {
        return Err(Error::input_hint(
            "the wizard needs a terminal (standard input, output and error)",
            "run a command with flags instead; `scaffold --help` lists them",
        ));
    }
    session(g, out, prompter)
}

/// The wizard flow itself: ask, plan, show the diff, confirm, apply, and
/// print the equivalent command. Separate from [`run`] so it can be driven
/// with scripted answers.
pub fn session(g: &GlobalOpts, out: Output, prompter: &mut dyn Prompter) -> Result<i32> {
    let project = crate::discover(g).ok();
    let argv = ask(project.as_ref(), prompter)?;
    let line = command_line(&argv);
    let (parsed, cmd) = commands::parse_cli(&argv)?;
    let g = GlobalOpts {
        yes: true,
        command_line: line.clone(),
        app: parsed.app.or(g.app.clone()),
        ..g.clone()
    };
    let result = match &cmd {
        Command::New(args) => confirm_new(&g, out, prompter, args),
        _ => {
            let project = project.ok_or_else(|| Error::input("no Mix project here"))?;
            apply_generator(&g, out, prompter, &project, &cmd)
        }
    };
    if !out.quiet && !out.json {
        println!("\nThe same without the wizard:\n  {line}");
    }
    result
}

/// Plans a generating command, shows the diff and asks before applying.
fn apply_generator(
    g: &GlobalOpts,
    out: Output,
    prompter: &mut dyn Prompter,
    project: &Project,
    cmd: &Command,
) -> Result<i32> {
    let renderer = Renderer::new(Some(project.root.join(project.templates_dir())));
    let ctx = Context {
        project,
        renderer: &renderer,
    };
    let mut set = crate::changes::ChangeSet::new(&project.root).with_force(g.force);
    commands::plan(&ctx, cmd, &mut set)?;
    if !g.dry_run && set.has_changes() {
        print!("{}", out.diff_text(&set));
        if !prompter.confirm("Apply these changes?", true)? {
            return Err(Error::refused("cancelled; nothing was written"));
        }
    }
    crate::finish(&set, g, out, prompter)
}

/// `scaffold new` from the wizard: the file list is long, so it is
/// summarised instead of diffed before the confirmation.
fn confirm_new(
    g: &GlobalOpts,
    out: Output,
    prompter: &mut dyn Prompter,
    args: &crate::cli::new::NewArgs,
) -> Result<i32> {
    if !g.dry_run
        && !prompter.confirm(
            &format!("Create the project in {}?", args.path.display()),
            true,
        )?
    {
        return Err(Error::refused("cancelled; nothing was written"));
    }
    crate::generators::new_project::bootstrap::new_command(g, out, prompter, args)
}

/// The argument list as one shell line.
pub fn command_line(argv: &[String]) -> String {
    argv.iter()
        .map(|a| shell_word(a))
        .collect::<Vec<_>>()
        .join(" ")
}
