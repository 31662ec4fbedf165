//! Command-line arguments (clap derive) and prompts. No business logic:
//! arguments are turned into spec inputs and handed on.

pub mod apply;
pub mod ash;
pub mod doctor;
pub mod live;
pub mod migration;
pub mod new;
pub mod otp;
pub mod output;
pub mod prompt;

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Generate production-grade Elixir for Phoenix and Ash projects, and wire
/// it into the project in place.
#[derive(Debug, Parser)]
#[command(name = "scaffold", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalOpts,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every command accepts, before or after the subcommand.
#[derive(Debug, Clone, Default, Args)]
pub struct GlobalOpts {
    /// The project directory (default: the nearest directory upward that holds mix.exs).
    #[arg(short = 'C', long = "project", value_name = "DIR", global = true)]
    pub project: Option<PathBuf>,

    /// In an umbrella project, the app to work in (apps/NAME).
    #[arg(long, value_name = "NAME", global = true)]
    pub app: Option<String>,

    /// Print the unified diff of every change and write nothing.
    #[arg(long, global = true)]
    pub dry_run: bool,

    /// Apply without asking for confirmation.
    #[arg(short = 'y', long, global = true)]
    pub yes: bool,

    /// Overwrite files that exist with different content.
    #[arg(long, global = true)]
    pub force: bool,

    /// Print nothing but errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Machine-readable output on stdout.
    #[arg(long, global = true)]
    pub json: bool,

    /// No colours (also when NO_COLOR is set).
    #[arg(long, global = true)]
    pub no_color: bool,

    /// The command line as typed, recorded in the journal.
    #[arg(skip)]
    pub command_line: String,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show what scaffold detected about the project.
    Info,
    /// List or customise the embedded templates.
    #[command(subcommand)]
    Templates(TemplatesCommand),
    /// Read or change the project defaults in .scaffold.toml.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Revert the last apply (or the one with ID) exactly, if its files are unchanged since.
    Undo {
        /// Journal entry id from `scaffold history` (default: the last apply).
        id: Option<String>,
    },
    /// List the applies recorded in .scaffold/journal.
    History,
    /// Create a Phoenix 1.8 + Ash 3 project in PATH (the OTP app name: the directory's, or --app NAME).
    New(new::NewArgs),
    /// Create the sample project in DIR and generate a representative set of code into it.
    Demo(new::DemoArgs),
    /// Write an Ecto migration: create a table, add or remove columns and indexes (every foreign key indexed).
    Migration(migration::MigrationArgs),
    /// Generate an Ash resource with its domain, migration and tests, wired into the project.
    AshResource(ash::AshResourceArgs),
    /// Add secure-by-default policies to an existing Ash resource.
    AshPolicy(ash::AshPolicyArgs),
    /// Set the project up for Ash: deps, formatter, config, AshPostgres repo.
    Init(ash::InitArgs),
    /// Choose what to generate interactively (also what `scaffold` alone does on a terminal).
    Wizard,
    /// Generate a supervised GenServer (or Registry/DynamicSupervisor workers, or an ETS owner) and add it to the supervision tree.
    Genserver(otp::GenServerArgs),
    /// Generate a Supervisor module and add it to the supervision tree.
    Supervisor(otp::SupervisorArgs),
    /// Check the project for what a strict reviewer would flag (missing indexes, unsupervised processes, secrets in config, Ash policies and domains, tests, N+1); --fix repairs what generators can.
    Doctor(doctor::DoctorArgs),
    /// Generate a function component (attr/slot declarations) or, with --stateful, a LiveComponent, with a test.
    LiveComponent(live::LiveComponentArgs),
    /// Generate CRUD LiveViews (index, show, form) for an existing Ash resource, with tests and routes.
    Live(live::LiveArgs),
    /// Apply a TOML spec file: many resources, migrations, processes, components and pages in one change set.
    Apply(apply::ApplyArgs),
    /// Write the spec file equivalent of the project's Ash resources (to FILE, or print it).
    ExportSpec(apply::ExportSpecArgs),
    /// Print a shell completion script.
    Completions {
        /// The shell to generate completions for.
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the value of KEY.
    Get {
        /// primary_key, data_layer, tests, policies, live, templates_dir, owner_relationship or admin_role.
        key: String,
    },
    /// Set KEY to VALUE (comments and layout of the file are kept).
    Set {
        /// The key to set.
        key: String,
        /// The new value.
        value: String,
    },
    /// List every key with its value.
    List,
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// List the embedded templates (marking the ones the project overrides).
    List,
    /// Copy an embedded template to .scaffold/templates/NAME for editing.
    Eject {
        /// Template name as shown by `scaffold templates list`.
        name: String,
    },
}
