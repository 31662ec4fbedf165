//! Arguments of `scaffold ash-resource`, `scaffold ash-policy` and
//! `scaffold init`. Nothing here is validated: values go on to the spec
//! and the generators as written, which turn mistakes into exit code 2
//! with a hint.

use clap::Args;

use crate::generators::ash_init::InitOptions;
use crate::generators::ash_policy::PolicyInput;
use crate::generators::ash_resource::ResourceOptions;
use crate::spec::ResourceInput;

const RESOURCE_HELP: &str = "\
Fields are `name:type[:modifier...]`, one argument each:

  title:string:required        body:text          views:integer:default=0
  slug:string:unique           price:decimal      published:boolean:default=false
  status:atom:draft,published  tags:array:string  published_at:utc_datetime_usec
  email:ci_string:unique       notes:map          starts_on:date:index

Types: string ci_string text integer float decimal boolean date time
utc_datetime utc_datetime_usec naive_datetime uuid map binary, atom:V1,V2
(one of those values) and array:TYPE. Modifiers: required, unique, index,
sensitive, private, default=VALUE.

Relationships:

  author:belongs_to:Accounts.User[:required][:on_delete=delete|nilify|restrict]
  comments:has_many:Blog.Comment       profile:has_one:Accounts.Profile
  tags:many_to_many:Blog.Tag:through=Blog.PostTag

Modules are relative to the application (`Blog.Post` is `Shop.Blog.Post` in
domain `Shop.Blog`); fully qualified names work too.

Example:

  scaffold ash-resource Blog.Post title:string:required body:text \\
    published:boolean:default=false slug:string:unique \\
    author:belongs_to:Accounts.User --policies";

/// `scaffold ash-resource MODULE [FIELD...]`.
#[derive(Debug, Clone, Default, Args, serde::Deserialize)]
#[command(after_long_help = RESOURCE_HELP)]
#[serde(default, deny_unknown_fields)]
pub struct AshResourceArgs {
    /// The resource module, relative to the app (`Blog.Post`) or fully qualified.
    #[arg(value_name = "MODULE")]
    pub module: String,

    /// Fields and relationships: `name:type[:modifier...]` (see --help).
    #[arg(value_name = "FIELD")]
    pub fields: Vec<String>,

    /// Primary key: uuid_v7 (default), uuid or integer.
    #[arg(long, value_name = "KIND")]
    pub primary_key: Option<String>,

    /// Do not add `timestamps()` (inserted_at, updated_at).
    #[arg(long)]
    pub no_timestamps: bool,

    /// postgres (default when the project uses Ecto/AshPostgres), ets or embedded.
    #[arg(long, value_name = "LAYER")]
    pub data_layer: Option<String>,

    /// The table (default: the plural of the resource name).
    #[arg(long, value_name = "NAME")]
    pub table: Option<String>,

    /// The domain (default: the module's parent, `Blog` for `Blog.Post`).
    #[arg(long, value_name = "MODULE")]
    pub domain: Option<String>,

    /// Default actions to define: read,create,update,destroy (default: all four).
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub actions: Option<Vec<String>>,

    /// Add Ash.Policy.Authorizer and secure-by-default policies.
    #[arg(long)]
    pub policies: bool,

    /// Do not write a migration (nor the AshPostgres snapshot).
    #[arg(long)]
    pub no_migration: bool,

    /// Do not write the ExUnit test module.
    #[arg(long)]
    pub no_test: bool,

    /// Also write StreamData property tests.
    #[arg(long)]
    pub property: bool,

    /// Also generate LiveView CRUD pages.
    #[arg(long)]
    pub live: bool,

    /// The plural, when the computed one is wrong (`--plural people`).
    #[arg(long, value_name = "NAME")]
    pub plural: Option<String>,
}

impl AshResourceArgs {
    /// The spec input these arguments describe.
    pub fn input(&self) -> ResourceInput {
        ResourceInput {
            module: self.module.clone(),
            fields: self.fields.clone(),
            primary_key: self.primary_key.clone(),
            timestamps: !self.no_timestamps,
            data_layer: self.data_layer.clone(),
            table: self.table.clone(),
            domain: self.domain.clone(),
            actions: self.actions.clone(),
            policies: self.policies,
            migration: !self.no_migration,
            tests: !self.no_test,
            live: self.live,
            plural: self.plural.clone(),
        }
    }

    /// Generator options that are not part of the resource spec.
    pub fn options(&self) -> ResourceOptions {
        ResourceOptions {
            property: self.property,
        }
    }
}

const POLICY_HELP: &str = "\
Read access:  any    everyone, also without an actor
              actor  any actor (the default)
              owner  the owner (through --owner) or an admin
Write access: owner  the owner creates, updates and destroys, or an admin
                     (the default when the resource belongs to a User)
              admin  only an admin (actor role :admin; the default otherwise)
              actor  any actor

Examples:

  scaffold ash-policy Blog.Post
  scaffold ash-policy Blog.Post --read any --write owner --owner author";

/// `scaffold ash-policy MODULE`.
#[derive(Debug, Clone, Default, Args, serde::Deserialize)]
#[command(after_long_help = POLICY_HELP)]
#[serde(default, deny_unknown_fields)]
pub struct AshPolicyArgs {
    /// The existing resource, relative to the app (`Blog.Post`) or fully qualified.
    #[arg(value_name = "MODULE")]
    pub module: String,

    /// Who may read: any, actor or owner.
    #[arg(long, value_name = "WHO")]
    pub read: Option<String>,

    /// Who may write (create, update, destroy): owner, admin or actor.
    #[arg(long, value_name = "WHO")]
    pub write: Option<String>,

    /// The belongs_to relationship that points at the owner (default: the one to a User).
    #[arg(long, value_name = "REL")]
    pub owner: Option<String>,
}

impl AshPolicyArgs {
    /// The generator input these arguments describe.
    pub fn input(&self) -> PolicyInput {
        PolicyInput {
            module: self.module.clone(),
            read: self.read.clone(),
            write: self.write.clone(),
            owner: self.owner.clone(),
        }
    }
}

/// `scaffold init`.
#[derive(Debug, Clone, Args)]
pub struct InitArgs {
    /// The SAT solver policies run on: picosat (default) or simple_sat.
    #[arg(long, value_name = "SOLVER")]
    pub sat_solver: Option<String>,
}

impl InitArgs {
    /// The generator options these arguments describe.
    pub fn options(&self) -> InitOptions {
        InitOptions {
            sat_solver: self.sat_solver.clone(),
        }
    }
}
