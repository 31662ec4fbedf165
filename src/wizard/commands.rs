//! Planning a generating command from its parsed arguments, the way the
//! CLI does: the wizard and `scaffold demo` build the same argument
//! structs as the flags and plan them here, so a wizard session, a demo
//! step and the equivalent command line produce the same change set.

use crate::changes::ChangeSet;
use crate::cli::{Cli, Command};
use crate::error::{Error, Result};
use crate::generators::{self, Context};
use clap::Parser;

/// Parses a command line (`["scaffold", "ash-resource", ...]`) into the
/// command's argument struct.
pub fn parse(argv: &[String]) -> Result<Command> {
    parse_cli(argv).map(|(_, cmd)| cmd)
}

/// Like [`parse`], with the global options of the line (`--app` of `new`).
pub fn parse_cli(argv: &[String]) -> Result<(crate::cli::GlobalOpts, Command)> {
    let cli = Cli::try_parse_from(argv).map_err(|e| {
        let text = e.to_string();
        let first = text
            .lines()
            .next()
            .unwrap_or("invalid arguments")
            .trim_start_matches("error: ")
            .to_string();
        Error::input_hint(first, format!("in `{}`", argv.join(" ")))
    })?;
    let cmd = cli
        .command
        .ok_or_else(|| Error::input(format!("no command in `{}`", argv.join(" "))))?;
    Ok((cli.global, cmd))
}

/// Whether `plan` can plan this command.
pub fn is_generator(cmd: &Command) -> bool {
    matches!(
        cmd,
        Command::AshResource(_)
            | Command::AshPolicy(_)
            | Command::Init(_)
            | Command::Genserver(_)
            | Command::Supervisor(_)
            | Command::Migration(_)
            | Command::LiveComponent(_)
            | Command::Live(_)
    )
}

/// Plans a generating command into `set`, exactly as its `dispatch` arm does.
pub fn plan(ctx: &Context, cmd: &Command, set: &mut ChangeSet) -> Result<()> {
    match cmd {
        Command::AshResource(a) => {
            generators::ash_resource::plan(ctx, a.input(), &a.options(), set)
        }
        Command::AshPolicy(a) => generators::ash_policy::plan(ctx, &a.input(), set),
        Command::Init(a) => generators::ash_init::plan(ctx, &a.options(), set),
        Command::Genserver(a) => {
            generators::genserver::plan_input(ctx, a.clone().into_input(), set)
        }
        Command::Supervisor(a) => {
            generators::supervisor::plan_input(ctx, a.clone().into_input(), set)
        }
        Command::Migration(a) => {
            let spec = crate::spec::migration::MigrationSpec::build(a.input())?;
            let clock = generators::migration::Clock::from_option(a.timestamp.as_deref())?;
            generators::migration::plan_standalone(ctx, &spec, clock, set).map(|_| ())
        }
        Command::LiveComponent(a) => generators::component::plan_input(ctx, a.input(), set),
        Command::Live(a) => generators::live::plan_live(ctx, &a.resource, &a.options(), set),
        other => Err(Error::input(format!(
            "{other:?} is not a generating command"
        ))),
    }
}
