//! The validated input of the Ash resource generator.
//!
//! [`ResourceInput`] mirrors the command line (plain strings and flags);
//! [`ResourceSpec::build`] checks it once against the project
//! ([`ProjectContext`]) and precomputes every string the templates need:
//! modules, paths, Ash types, constraint lists, default values, identities,
//! accepted attributes, code-interface definitions. The spec serializes
//! with serde so templates can interpolate it directly.
//!
//! Fields named `code` or `*_body` hold code already broken into lines the
//! way `mix format` would (see [`crate::spec::layout`]): the first line
//! carries no indentation, continuation lines carry their absolute
//! indentation. They assume the usual layout: resource sections
//! (`attributes do`) at column 2 with their entries at 4, `references do`
//! and `custom_indexes do` entries at 6, and the domain's
//! `resource Shop.Blog.Post do` entries at 6.

use serde::Serialize;

use crate::error::{did_you_mean, Error, Result};
use crate::spec::field::{
    Attribute, BaseType, Field, FieldKind, OnDelete, RelationshipKind, ScalarType,
};
use crate::spec::inflection::{pluralize, DomainNames, ResourceNames};
use crate::spec::layout::{self, Term};
use crate::spec::literal;
use crate::spec::names::{macro_underscore, ModuleName, SnakeName, TableName, MAX_IDENTIFIER_LEN};

/// Aliases a resource may not take: generated code refers to these Elixir,
/// Ash and Phoenix modules by their short name, and `alias Shop.Blog.Date`
/// would silently redirect every `Date.utc_today()` to the resource.
pub const SHADOWED_ALIASES: &[&str] = &[
    "Access",
    "Agent",
    "Application",
    "Ash",
    "Atom",
    "Code",
    "Date",
    "DateTime",
    "Decimal",
    "Ecto",
    "Elixir",
    "Enum",
    "ExUnit",
    "Float",
    "GenServer",
    "IO",
    "Integer",
    "Jason",
    "Kernel",
    "Keyword",
    "List",
    "Logger",
    "Macro",
    "Map",
    "MapSet",
    "Mix",
    "Module",
    "NaiveDateTime",
    "Phoenix",
    "Plug",
    "Process",
    "Spark",
    "String",
    "Supervisor",
    "Task",
    "Time",
    "Tuple",
];

// ---------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------

/// What the project looks like, as far as the resource spec needs it.
/// Filled from the project model; [`ProjectContext::new`] derives the
/// Phoenix defaults from the OTP app name.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectContext {
    /// The OTP app: `shop`.
    pub app: SnakeName,
    /// The base module: `Shop`.
    pub base: ModuleName,
    /// The web module: `ShopWeb`.
    pub web: ModuleName,
    /// The Ecto repo: `Shop.Repo`.
    pub repo: ModuleName,
    /// Whether `ash_postgres` is a dependency.
    pub has_postgres: bool,
    /// Resources that exist in the project, when known. Used to resolve
    /// single-segment relationship targets, to find their tables and key
    /// types, and to warn about targets that do not exist yet. `None`
    /// means "unknown": no warnings.
    pub known_resources: Option<Vec<KnownResource>>,
    /// The resource whose records act as the actor (`Shop.Accounts.User`).
    /// When `None`, a belongs_to whose target alias is `User` is taken as
    /// the owner relationship for policies.
    pub actor: Option<ModuleName>,
}

impl ProjectContext {
    /// Phoenix defaults for `app`: `shop` → `Shop`, `ShopWeb`, `Shop.Repo`,
    /// with Postgres and no knowledge of existing resources.
    pub fn new(app: &str) -> Result<ProjectContext> {
        if app.ends_with('?') {
            return Err(Error::input_hint(
                format!("invalid app name `{app}`"),
                "OTP app names are snake_case, e.g. `my_app`",
            ));
        }
        let app = SnakeName::parse(app)?;
        let base = ModuleName::from_app(&app)?;
        let web = ModuleName::parse(&format!("{base}Web"))?;
        let repo = base.child("Repo")?;
        Ok(ProjectContext {
            app,
            base,
            web,
            repo,
            has_postgres: true,
            known_resources: None,
            actor: None,
        })
    }

    fn known(&self, module: &ModuleName) -> Option<&KnownResource> {
        self.known_resources
            .as_ref()?
            .iter()
            .find(|k| &k.module == module)
    }
}

/// A resource that already exists in the project.
#[derive(Debug, Clone, PartialEq)]
pub struct KnownResource {
    /// Its module: `Shop.Accounts.User`.
    pub module: ModuleName,
    /// Its table, when it sets one explicitly.
    pub table: Option<TableName>,
    /// Its primary key type, when known.
    pub primary_key: Option<PrimaryKey>,
}

impl KnownResource {
    /// A known resource with default table and key.
    pub fn new(module: ModuleName) -> KnownResource {
        KnownResource {
            module,
            table: None,
            primary_key: None,
        }
    }
}

/// The `ash-resource` command line, unvalidated.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceInput {
    /// `Blog.Post` or `Shop.Blog.Post`.
    pub module: String,
    /// Field arguments: `title:string:required`, …
    pub fields: Vec<String>,
    /// `--primary-key uuid_v7|uuid|integer`.
    pub primary_key: Option<String>,
    /// `timestamps()` (on unless `--no-timestamps`).
    pub timestamps: bool,
    /// `--data-layer postgres|ets|embedded`.
    pub data_layer: Option<String>,
    /// `--table NAME`.
    pub table: Option<String>,
    /// `--domain Blog`.
    pub domain: Option<String>,
    /// `--actions read,create,…`; `None` means all four.
    pub actions: Option<Vec<String>>,
    /// `--policies`.
    pub policies: bool,
    /// Generate a migration (ignored when the data layer has none).
    pub migration: bool,
    /// Generate tests.
    pub tests: bool,
    /// Generate LiveViews.
    pub live: bool,
    /// `--plural NAME`.
    pub plural: Option<String>,
}

impl ResourceInput {
    /// The command-line defaults for `module` with `fields`.
    pub fn new<S: Into<String>>(
        module: impl Into<String>,
        fields: impl IntoIterator<Item = S>,
    ) -> Self {
        ResourceInput {
            module: module.into(),
            fields: fields.into_iter().map(Into::into).collect(),
            ..ResourceInput::default()
        }
    }
}

impl Default for ResourceInput {
    fn default() -> Self {
        ResourceInput {
            module: String::new(),
            fields: Vec::new(),
            primary_key: None,
            timestamps: true,
            data_layer: None,
            table: None,
            domain: None,
            actions: None,
            policies: false,
            migration: true,
            tests: true,
            live: false,
            plural: None,
        }
    }
}

// ---------------------------------------------------------------------------
// Small enums
// ---------------------------------------------------------------------------

/// The primary key of a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PrimaryKey {
    /// `uuid_v7_primary_key :id` (the default).
    UuidV7,
    /// `uuid_primary_key :id`.
    Uuid,
    /// `integer_primary_key :id`.
    Integer,
}

impl PrimaryKey {
    const ALL: [PrimaryKey; 3] = [PrimaryKey::UuidV7, PrimaryKey::Uuid, PrimaryKey::Integer];

    /// Parses `uuid_v7`, `uuid` or `integer`.
    pub fn parse(input: &str) -> Result<PrimaryKey> {
        let names = PrimaryKey::ALL.map(PrimaryKey::name);
        PrimaryKey::ALL
            .into_iter()
            .find(|p| p.name() == input)
            .ok_or_else(|| {
                let alias = match input.to_ascii_lowercase().as_str() {
                    "uuidv7" | "uuid7" | "v7" => Some("uuid_v7"),
                    "int" | "bigint" | "serial" | "bigserial" | "id" => Some("integer"),
                    "uuid4" | "uuidv4" | "uuid_v4" => Some("uuid"),
                    _ => None,
                };
                unknown(
                    "primary key type",
                    input,
                    alias.or_else(|| did_you_mean(input, names)),
                    &names,
                )
            })
    }

    /// The name on the command line: `uuid_v7`.
    pub fn name(self) -> &'static str {
        match self {
            PrimaryKey::UuidV7 => "uuid_v7",
            PrimaryKey::Uuid => "uuid",
            PrimaryKey::Integer => "integer",
        }
    }

    /// The attributes-block declaration: `uuid_v7_primary_key :id`.
    pub fn declaration(self) -> &'static str {
        match self {
            PrimaryKey::UuidV7 => "uuid_v7_primary_key :id",
            PrimaryKey::Uuid => "uuid_primary_key :id",
            PrimaryKey::Integer => "integer_primary_key :id",
        }
    }

    /// The Ash type of the key: `:uuid_v7`, `:uuid`, `:integer`.
    pub fn ash_type(self) -> &'static str {
        match self {
            PrimaryKey::UuidV7 => ":uuid_v7",
            PrimaryKey::Uuid => ":uuid",
            PrimaryKey::Integer => ":integer",
        }
    }

    /// The column type of the key and of foreign keys to it.
    pub fn migration_type(self) -> &'static str {
        match self {
            PrimaryKey::UuidV7 | PrimaryKey::Uuid => ":uuid",
            PrimaryKey::Integer => ":bigint",
        }
    }
}

/// Where the records live.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DataLayer {
    /// `AshPostgres.DataLayer`.
    Postgres,
    /// `Ash.DataLayer.Ets` (in memory).
    Ets,
    /// `:embedded`: stored inside another resource's attribute.
    Embedded,
}

impl DataLayer {
    const ALL: [DataLayer; 3] = [DataLayer::Postgres, DataLayer::Ets, DataLayer::Embedded];

    /// Parses `postgres`, `ets` or `embedded`.
    pub fn parse(input: &str) -> Result<DataLayer> {
        let names = DataLayer::ALL.map(DataLayer::name);
        DataLayer::ALL
            .into_iter()
            .find(|d| d.name() == input)
            .ok_or_else(|| {
                let alias = match input.to_ascii_lowercase().as_str() {
                    "pg" | "postgresql" | "ash_postgres" => Some("postgres"),
                    "embed" | "embeded" => Some("embedded"),
                    "memory" | "in_memory" => Some("ets"),
                    _ => None,
                };
                unknown(
                    "data layer",
                    input,
                    alias.or_else(|| did_you_mean(input, names)),
                    &names,
                )
            })
    }

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            DataLayer::Postgres => "postgres",
            DataLayer::Ets => "ets",
            DataLayer::Embedded => "embedded",
        }
    }

    /// The value of `data_layer:` in `use Ash.Resource`.
    pub fn code(self) -> &'static str {
        match self {
            DataLayer::Postgres => "AshPostgres.DataLayer",
            DataLayer::Ets => "Ash.DataLayer.Ets",
            DataLayer::Embedded => ":embedded",
        }
    }
}

/// One of the four default actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// `:read`
    Read,
    /// `:create`
    Create,
    /// `:update`
    Update,
    /// `:destroy`
    Destroy,
}

impl Action {
    /// All four, in canonical order.
    pub const ALL: [Action; 4] = [
        Action::Read,
        Action::Create,
        Action::Update,
        Action::Destroy,
    ];

    /// The action name: `read`.
    pub fn name(self) -> &'static str {
        match self {
            Action::Read => "read",
            Action::Create => "create",
            Action::Update => "update",
            Action::Destroy => "destroy",
        }
    }

    /// Parses one action name.
    pub fn parse(input: &str) -> Result<Action> {
        let names = Action::ALL.map(Action::name);
        Action::ALL
            .into_iter()
            .find(|a| a.name() == input)
            .ok_or_else(|| {
                let alias = match input.to_ascii_lowercase().as_str() {
                    "delete" | "remove" => Some("destroy"),
                    "edit" | "change" => Some("update"),
                    "new" | "insert" | "add" => Some("create"),
                    "list" | "index" | "show" | "get" | "all" => Some("read"),
                    _ => None,
                };
                unknown(
                    "action",
                    input,
                    alias.or_else(|| did_you_mean(input, names)),
                    &names,
                )
            })
    }
}

fn unknown(what: &str, input: &str, suggestion: Option<&str>, names: &[&str]) -> Error {
    let hint = match suggestion {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("one of: {}", names.join(", ")),
    };
    Error::input_hint(format!("unknown {what} `{input}`"), hint)
}

// ---------------------------------------------------------------------------
// The spec
// ---------------------------------------------------------------------------

/// The primary key, ready for templates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrimaryKeySpec {
    /// Which key.
    pub kind: PrimaryKey,
    /// `uuid_v7_primary_key :id`
    pub declaration: String,
    /// `:uuid_v7`
    pub ash_type: String,
    /// `:uuid`
    pub migration_type: String,
}

/// One user-declared attribute, ready for templates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttributeSpec {
    /// `title`
    pub name: SnakeName,
    /// `:title`
    pub atom: String,
    /// `Title`; `Published at` for `published_at`.
    pub human: String,
    /// `:string`, `{:array, :string}`
    pub ash_type: String,
    /// `:text`, `{:array, :text}`
    pub migration_type: String,
    /// `[one_of: [:draft, :published]]`
    pub constraints: Option<String>,
    /// `false` when `required`.
    pub allow_nil: bool,
    /// `false` when `private`.
    pub public: bool,
    /// `sensitive? true`
    pub sensitive: bool,
    /// Has an identity and a unique index.
    pub unique: bool,
    /// Has a plain index.
    pub index: bool,
    /// The default as Elixir code: `"draft"`, `0`, `&DateTime.utc_now/0`.
    pub default: Option<String>,
    /// Whether the type is an array.
    pub array: bool,
    /// Whether forms use a textarea (`text`, `map`).
    pub textarea: bool,
    /// `<.input type=...>`: `text`, `textarea`, `number`, `checkbox`,
    /// `date`, `time`, `datetime-local`, `select`.
    pub input_type: String,
    /// For atom types: the allowed values.
    pub atom_values: Vec<SnakeName>,
    /// For a select input: `[{"Draft", :draft}, {"Published", :published}]`.
    pub select_options: Option<String>,
    /// `attribute :title, :string`
    pub declaration: String,
    /// The lines of the `do` block, e.g. `allow_nil? false`, `public? true`;
    /// empty when the declaration needs no block.
    pub dsl: Vec<String>,
    /// The whole declaration, with its `do` block when there is one, laid
    /// out for column 4.
    pub code: String,
    /// A sample value as Elixir code, for tests.
    pub example: String,
    /// A different sample value, for update tests.
    pub example_update: String,
    /// The canonical field argument: `title:string:required`.
    pub cli: String,
}

/// A unique identity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IdentitySpec {
    /// `unique_slug`
    pub name: String,
    /// `[slug]`
    pub keys: Vec<SnakeName>,
    /// `[:slug]`
    pub keys_code: String,
    /// `identity :unique_slug, [:slug]` (with `pre_check?: true` without
    /// Postgres), laid out for column 4.
    pub declaration: String,
    /// `posts_unique_slug_index` (Postgres only).
    pub index_name: Option<String>,
    /// Checked by Ash before writing, for data layers without unique
    /// constraints.
    pub pre_check: bool,
}

/// A plain (non-unique) index on one attribute.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndexSpec {
    /// `[title]`
    pub fields: Vec<SnakeName>,
    /// `index [:title]` (inside `custom_indexes`).
    pub declaration: String,
    /// `posts_title_index`
    pub name: String,
}

/// A relationship, resolved and ready for templates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RelationshipSpec {
    /// `belongs_to`, `has_many`, `has_one`, `many_to_many`.
    pub kind: String,
    /// `author`
    pub name: SnakeName,
    /// The resolved related resource: `Shop.Accounts.User`.
    pub destination: ModuleName,
    /// `User`
    pub destination_alias: String,
    /// `belongs_to :author, Shop.Accounts.User`
    pub declaration: String,
    /// The lines of the `do` block: `public? true`, `allow_nil? false`, …
    pub dsl: Vec<String>,
    /// The whole declaration with its `do` block, laid out for column 4.
    pub code: String,
    /// `false` when `private`.
    pub public: bool,
    /// belongs_to: `false` when `required`.
    pub allow_nil: bool,
    /// belongs_to: the generated attribute, `author_id`.
    pub source_attribute: Option<SnakeName>,
    /// belongs_to: the key type when it is not a UUID (`:integer`).
    pub attribute_type: Option<String>,
    /// belongs_to: the column type of the foreign key: `:uuid`, `:bigint`.
    pub attribute_migration_type: Option<String>,
    /// belongs_to: the table referenced: `users`.
    pub destination_table: Option<TableName>,
    /// belongs_to: the primary key of the related resource (its kind
    /// decides the foreign key's type and what AshPostgres records as the
    /// referenced column's default in its snapshots).
    pub destination_primary_key: Option<PrimaryKey>,
    /// belongs_to: `delete`, `nilify`, `restrict`, `nothing`.
    pub on_delete: Option<String>,
    /// belongs_to: the foreign key is indexed.
    pub index: bool,
    /// belongs_to (Postgres): `reference :author, index?: true` (with
    /// `on_delete:` when set), laid out for column 6. Always present:
    /// foreign keys are always indexed.
    pub reference: Option<String>,
    /// belongs_to (Postgres): `posts_author_id_fkey`.
    pub foreign_key_name: Option<String>,
    /// has_many / has_one: the key on the other side, `post_id`.
    pub destination_attribute: Option<SnakeName>,
    /// many_to_many: the resolved join resource.
    pub through: Option<ModuleName>,
    /// many_to_many: `post_id` on the join resource.
    pub source_attribute_on_join_resource: Option<SnakeName>,
    /// many_to_many: `tag_id` on the join resource.
    pub destination_attribute_on_join_resource: Option<SnakeName>,
    /// The canonical field argument.
    pub cli: String,
}

/// The default actions and what they accept.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionsSpec {
    /// `:read` is defined.
    pub read: bool,
    /// `:create` is defined.
    pub create: bool,
    /// `:update` is defined.
    pub update: bool,
    /// `:destroy` is defined.
    pub destroy: bool,
    /// The defined actions, in canonical order.
    pub names: Vec<Action>,
    /// The `defaults` list on one line:
    /// `[:read, :destroy, create: [:title], update: [:title]]`. Without
    /// `create` when the owner is set from the actor (see `create_code`).
    pub defaults: String,
    /// `defaults [...]`, laid out for column 4; empty when no action is a
    /// default.
    pub defaults_code: String,
    /// With policies and an owner relationship, create is its own action
    /// that relates the actor (`change relate_actor(:author)`) instead of
    /// accepting the owner's key: the action, laid out for column 4.
    pub create_code: Option<String>,
    /// The content of `actions do` (column 4): `defaults_code` and
    /// `create_code`.
    pub body: String,
    /// Attributes the create action accepts: public user attributes and
    /// the foreign keys of public belongs_to relationships (except the
    /// owner's when policies are on).
    pub create_accept: Vec<SnakeName>,
    /// `[:title, :author_id]`
    pub create_accept_code: String,
    /// Attributes the update action accepts (the same as create).
    pub update_accept: Vec<SnakeName>,
    /// `[:title]`
    pub update_accept_code: String,
}

/// One code-interface function, defined on the domain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InterfaceFnSpec {
    /// `create_post`
    pub name: String,
    /// The action it calls.
    pub action: Action,
    /// `define :create_post, action: :create`, laid out for column 6.
    pub declaration: String,
}

/// The belongs_to relationship that links a record to its owner, for
/// policies and `relate_actor`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OwnerSpec {
    /// `author`
    pub relationship: SnakeName,
    /// `author_id`
    pub attribute: SnakeName,
    /// `Shop.Accounts.User`
    pub destination: ModuleName,
}

/// The validated, fully derived description of one Ash resource.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResourceSpec {
    /// `shop`
    pub app: SnakeName,
    /// `Shop`
    pub base_module: ModuleName,
    /// `ShopWeb`
    pub web_module: ModuleName,
    /// `Shop.Repo`
    pub repo_module: ModuleName,
    /// Module, alias, singular, plural, paths, …
    pub names: ResourceNames,
    /// The domain; `None` for embedded resources.
    pub domain: Option<DomainNames>,
    /// Where records live.
    pub data_layer: DataLayer,
    /// `AshPostgres.DataLayer`, `Ash.DataLayer.Ets` or `:embedded`.
    pub data_layer_code: String,
    /// The options of `use Ash.Resource`: `otp_app: :shop`,
    /// `domain: Shop.Blog`, `data_layer: AshPostgres.DataLayer`, …
    pub use_options: Vec<String>,
    /// `use Ash.Resource, ...`, laid out for column 2.
    pub use_code: String,
    /// The content of `attributes do` (column 4): primary key, attributes,
    /// `timestamps()`.
    pub attributes_body: String,
    /// The content of `relationships do` (column 4); empty without any.
    pub relationships_body: String,
    /// The content of `identities do` (column 4); empty without any.
    pub identities_body: String,
    /// The content of `references do` inside `postgres do` (column 6);
    /// empty without any.
    pub references_body: String,
    /// The content of `custom_indexes do` inside `postgres do` (column 6);
    /// empty without any.
    pub custom_indexes_body: String,
    /// The content of `resource Shop.Blog.Post do` in the domain
    /// (column 6): the code-interface definitions.
    pub interface_body: String,
    /// The table (Postgres only).
    pub table: Option<TableName>,
    /// The primary key; `None` for embedded resources unless asked for.
    pub primary_key: Option<PrimaryKeySpec>,
    /// `timestamps()` is declared.
    pub timestamps: bool,
    /// User attributes, in command-line order.
    pub attributes: Vec<AttributeSpec>,
    /// One identity per `unique` attribute.
    pub identities: Vec<IdentitySpec>,
    /// One index per `index` attribute (Postgres only).
    pub custom_indexes: Vec<IndexSpec>,
    /// All relationships, in command-line order.
    pub relationships: Vec<RelationshipSpec>,
    /// The belongs_to relationships only.
    pub belongs_to: Vec<RelationshipSpec>,
    /// `reference ...` lines for the `postgres do references do` block.
    pub references: Vec<String>,
    /// The default actions.
    pub actions: ActionsSpec,
    /// Code-interface definitions (empty for embedded resources).
    pub code_interface: Vec<InterfaceFnSpec>,
    /// Add `Ash.Policy.Authorizer` and a policies block.
    pub policies: bool,
    /// The owner relationship, if one was found.
    pub owner: Option<OwnerSpec>,
    /// Generate a migration.
    pub migration: bool,
    /// Generate tests.
    pub tests: bool,
    /// Generate LiveViews.
    pub live: bool,
    /// Things worth telling the user that do not stop generation
    /// (a relationship target that does not exist yet).
    pub warnings: Vec<String>,
    /// The parsed fields, e.g. for printing the equivalent command.
    #[serde(skip)]
    pub fields: Vec<Field>,
}

impl ResourceSpec {
    /// Validates `input` against the project and derives everything the
    /// generators need. The first problem found is returned as an input
    /// error with a hint.
    pub fn build(input: ResourceInput, ctx: &ProjectContext) -> Result<ResourceSpec> {
        Builder {
            ctx,
            warnings: Vec::new(),
        }
        .build(input)
    }

    /// The field arguments in canonical form.
    pub fn fields_cli(&self) -> Vec<String> {
        self.fields.iter().map(Field::to_cli).collect()
    }
}

// ---------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------

struct Builder<'a> {
    ctx: &'a ProjectContext,
    warnings: Vec<String>,
}

/// Where a name on the resource comes from, for collision messages.
#[derive(Clone, Copy)]
enum Origin {
    PrimaryKey,
    Timestamps,
    Field(usize),
    ForeignKey(usize),
}

impl Builder<'_> {
    fn build(mut self, input: ResourceInput) -> Result<ResourceSpec> {
        let ctx = self.ctx;
        let data_layer = match &input.data_layer {
            Some(d) => DataLayer::parse(d)?,
            None if ctx.has_postgres => DataLayer::Postgres,
            None => DataLayer::Ets,
        };
        if data_layer == DataLayer::Postgres && !ctx.has_postgres {
            return Err(Error::input_hint(
                "the postgres data layer needs `ash_postgres`, which this project does not use",
                "add ash_postgres to the project, or pass --data-layer ets",
            ));
        }
        let embedded = data_layer == DataLayer::Embedded;

        let (module, domain) = self.module_and_domain(&input, embedded)?;
        if SHADOWED_ALIASES.contains(&module.last()) {
            let prefix = domain
                .as_ref()
                .map(|d| d.last().to_string())
                .unwrap_or_default();
            return Err(Error::input_hint(
                format!(
                    "resource `{module}` would shadow Elixir's `{}` module in generated code",
                    module.last()
                ),
                format!("choose another name, e.g. `{prefix}{}`", module.last()),
            ));
        }

        let plural = match &input.plural {
            Some(p) => Some(parse_plural(p)?),
            None => None,
        };
        let mut names = ResourceNames::new(&module, &ctx.web, plural.as_ref())?;
        let table = match (&input.table, data_layer) {
            (Some(t), DataLayer::Postgres) => {
                let t = TableName::parse(t)?;
                t.check_creatable(&format!(
                    "pass another table name with --table, e.g. {}_{t}",
                    ctx.app
                ))?;
                names.table = t.clone();
                Some(t)
            }
            (Some(_), other) => {
                return Err(Error::input_hint(
                    format!(
                        "`--table` applies to the postgres data layer, not `{}`",
                        other.name()
                    ),
                    "drop --table",
                ))
            }
            (None, DataLayer::Postgres) => {
                names.table.check_creatable(&format!(
                    "pass another table name with --table, e.g. {}_{}",
                    ctx.app, names.table
                ))?;
                Some(names.table.clone())
            }
            (None, _) => None,
        };

        let primary_key = match (&input.primary_key, embedded) {
            (Some(p), _) => Some(PrimaryKey::parse(p)?),
            (None, true) => None,
            (None, false) => Some(PrimaryKey::UuidV7),
        };

        let actions = match &input.actions {
            None => Action::ALL.to_vec(),
            Some(list) => parse_actions(list)?,
        };

        let mut fields = Vec::with_capacity(input.fields.len());
        for raw in &input.fields {
            fields.push(Field::parse(raw)?);
        }
        check_data_layer(&fields, data_layer)?;
        check_collisions(&fields, primary_key.is_some(), input.timestamps)?;

        if embedded {
            for (flag, on) in [("--policies", input.policies), ("--live", input.live)] {
                if on {
                    return Err(Error::input_hint(
                        format!("`{flag}` does not apply to embedded resources"),
                        format!("drop {flag}; embedded resources are read and written through their parent"),
                    ));
                }
            }
        }
        if input.live && !actions.contains(&Action::Read) {
            return Err(Error::input_hint(
                "LiveViews need the `read` action",
                "add read to --actions, or drop --live",
            ));
        }

        let postgres = data_layer == DataLayer::Postgres;
        let table_str = table.as_ref().map(|t| t.as_str().to_string());
        let mut attributes = Vec::new();
        let mut identities = Vec::new();
        let mut custom_indexes = Vec::new();
        let mut relationships = Vec::new();
        for field in &fields {
            match &field.kind {
                FieldKind::Attribute(a) => {
                    attributes.push(attribute_spec(&field.name, a, &field.to_cli()));
                    if a.unique {
                        identities.push(identity_spec(
                            &field.name,
                            table_str.as_deref(),
                            postgres,
                        )?);
                    }
                    if a.index {
                        if let Some(t) = &table_str {
                            let name = format!("{t}_{}_index", field.name);
                            check_identifier_len(&name, "index")?;
                            custom_indexes.push(IndexSpec {
                                fields: vec![field.name.clone()],
                                declaration: format!("index [{}]", field.name.atom()),
                                name,
                            });
                        }
                    }
                }
                FieldKind::Relationship(_) => {
                    let spec = self.relationship_spec(
                        field,
                        &names,
                        &module,
                        domain.as_ref(),
                        primary_key,
                        table.as_ref(),
                        postgres,
                    )?;
                    relationships.push(spec);
                }
            }
        }
        let belongs_to: Vec<RelationshipSpec> = relationships
            .iter()
            .filter(|r| r.kind == "belongs_to")
            .cloned()
            .collect();
        let references: Vec<String> = belongs_to
            .iter()
            .filter_map(|r| r.reference.clone())
            .collect();

        let owner = self.owner(&belongs_to);
        let owner_attr = if input.policies {
            owner.as_ref().map(|o| o.attribute.clone())
        } else {
            None
        };
        let mut accept: Vec<SnakeName> = attributes
            .iter()
            .filter(|a| a.public)
            .map(|a| a.name.clone())
            .collect();
        accept.extend(
            belongs_to
                .iter()
                .filter(|r| r.public)
                .filter_map(|r| r.source_attribute.clone()),
        );
        // With policies, the owner is set from the actor and never changes.
        accept.retain(|a| Some(a) != owner_attr.as_ref());
        let create_accept = accept.clone();
        let update_accept = accept;
        let relate = if input.policies {
            owner.as_ref().map(|o| &o.relationship)
        } else {
            None
        };
        let actions = actions_spec(&actions, create_accept, update_accept, relate);

        let code_interface = if embedded {
            Vec::new()
        } else {
            interface(&names, &actions, primary_key.is_some())
        };

        let mut use_pairs = Vec::new();
        if !embedded {
            use_pairs.push(Term::pair("otp_app", Term::raw(ctx.app.atom())));
        }
        if let Some(d) = &domain {
            use_pairs.push(Term::pair("domain", Term::raw(d.as_str())));
        }
        use_pairs.push(Term::pair("data_layer", Term::raw(data_layer.code())));
        if input.policies {
            use_pairs.push(Term::pair(
                "authorizers",
                Term::List(vec![Term::raw("Ash.Policy.Authorizer")]),
            ));
        }
        let use_options: Vec<String> = use_pairs.iter().map(Term::flat).collect();
        let use_code = layout::call(
            "use",
            &[Term::raw("Ash.Resource"), Term::List(use_pairs)],
            2,
            "",
        );

        let mut attribute_entries: Vec<String> = Vec::new();
        if let Some(pk) = primary_key {
            attribute_entries.push(pk.declaration().to_string());
        }
        attribute_entries.extend(attributes.iter().map(|a| a.code.clone()));
        if input.timestamps {
            attribute_entries.push("timestamps()".to_string());
        }
        let attributes_body = layout::body_join(&attribute_entries, 4);
        let relationship_entries: Vec<String> =
            relationships.iter().map(|r| r.code.clone()).collect();
        let relationships_body = layout::body_join(&relationship_entries, 4);
        let identity_entries: Vec<String> =
            identities.iter().map(|i| i.declaration.clone()).collect();
        let identities_body = layout::body_join(&identity_entries, 4);
        let references_body = layout::body_join(&references, 6);
        let index_entries: Vec<String> = custom_indexes
            .iter()
            .map(|i| i.declaration.clone())
            .collect();
        let custom_indexes_body = layout::body_join(&index_entries, 6);
        let interface_entries: Vec<String> = code_interface
            .iter()
            .map(|f| f.declaration.clone())
            .collect();
        let interface_body = layout::body_join(&interface_entries, 6);

        Ok(ResourceSpec {
            app: ctx.app.clone(),
            base_module: ctx.base.clone(),
            web_module: ctx.web.clone(),
            repo_module: ctx.repo.clone(),
            domain: domain.as_ref().map(DomainNames::new),
            data_layer,
            data_layer_code: data_layer.code().to_string(),
            use_options,
            use_code,
            attributes_body,
            relationships_body,
            identities_body,
            references_body,
            custom_indexes_body,
            interface_body,
            table,
            primary_key: primary_key.map(|p| PrimaryKeySpec {
                kind: p,
                declaration: p.declaration().into(),
                ash_type: p.ash_type().into(),
                migration_type: p.migration_type().into(),
            }),
            timestamps: input.timestamps,
            attributes,
            identities,
            custom_indexes,
            relationships,
            belongs_to,
            references,
            actions,
            code_interface,
            policies: input.policies,
            owner,
            migration: input.migration && postgres,
            tests: input.tests,
            live: input.live,
            warnings: self.warnings,
            fields,
            names,
        })
    }

    /// Resolves the resource module and its domain.
    fn module_and_domain(
        &self,
        input: &ResourceInput,
        embedded: bool,
    ) -> Result<(ModuleName, Option<ModuleName>)> {
        let ctx = self.ctx;
        let written = ModuleName::parse(&input.module)?;
        let full = self.resolve_under_base(&written, "resource")?;
        let relative_len = full.len() - ctx.base.len();
        if embedded {
            if input.domain.is_some() {
                return Err(Error::input_hint(
                    "embedded resources do not belong to a domain",
                    "drop --domain",
                ));
            }
            return Ok((full, None));
        }
        let (module, domain) = match &input.domain {
            Some(d) => {
                let domain = self.resolve_under_base(&ModuleName::parse(d)?, "domain")?;
                let module = if relative_len == 1 {
                    domain.child(full.last())?
                } else {
                    full
                };
                (module, domain)
            }
            None => {
                let parent = full.parent().unwrap_or_else(|| ctx.base.clone());
                if parent == ctx.base {
                    let alias = full.last();
                    return Err(Error::input_hint(
                        format!("resource `{full}` has no domain: resources live in a domain module such as `{}.Blog`", ctx.base),
                        format!(
                            "use `DOMAIN.{alias}`, e.g. `{}.{alias}` (domain {}.{}), or pass --domain DOMAIN",
                            self.domain_example(),
                            ctx.base,
                            self.domain_example()
                        ),
                    ));
                }
                (full, parent)
            }
        };
        for (clash, what) in [(&ctx.repo, "the Ecto repo"), (&ctx.web, "the web module")] {
            if &domain == clash {
                return Err(Error::input_hint(
                    format!("the domain `{domain}` is {what}"),
                    "choose another domain, e.g. `Blog`",
                ));
            }
        }
        Ok((module, Some(domain)))
    }

    /// The alias of an existing domain for hints, or `Blog`.
    fn domain_example(&self) -> String {
        self.ctx
            .known_resources
            .as_ref()
            .and_then(|k| k.iter().find_map(|r| r.module.parent()))
            .and_then(|d| d.relative_to(&self.ctx.base))
            .map(|d| d.to_string())
            .unwrap_or_else(|| "Blog".into())
    }

    /// `Blog.Post` → `Shop.Blog.Post`; `Shop.Blog.Post` stays. Refuses the
    /// base module itself and names under the web module.
    fn resolve_under_base(&self, written: &ModuleName, what: &str) -> Result<ModuleName> {
        let ctx = self.ctx;
        if written == &ctx.base {
            return Err(Error::input_hint(
                format!("`{written}` is the application's base module, not a {what}"),
                format!(
                    "name a {what} inside it, e.g. `Blog{}`",
                    if what == "domain" { "" } else { ".Post" }
                ),
            ));
        }
        if written.starts_with(&ctx.web) {
            let hint = match written.relative_to(&ctx.web) {
                Some(rest) => format!("did you mean `{rest}`?"),
                None => "name a module such as `Blog.Post`".into(),
            };
            return Err(Error::input_hint(
                format!(
                    "`{written}` is inside the web module; a {what} belongs under `{}`",
                    ctx.base
                ),
                hint,
            ));
        }
        if written.starts_with(&ctx.base) {
            Ok(written.clone())
        } else {
            ctx.base.join(written)
        }
    }

    /// Resolves a relationship target or join resource.
    fn resolve_target(
        &mut self,
        written: &ModuleName,
        own: &ModuleName,
        domain: Option<&ModuleName>,
        field_cli: &str,
    ) -> Result<ModuleName> {
        let ctx = self.ctx;
        let in_context = |e: Error| match e {
            Error::Input { message, hint } => Error::Input {
                message: format!("field `{field_cli}`: {message}"),
                hint,
            },
            other => other,
        };
        if ctx.known(written).is_some() {
            return Ok(written.clone());
        }
        let resolved = if written.len() == 1 {
            let sibling = match domain {
                Some(d) => d.child(written.as_str())?,
                None => ctx.base.child(written.as_str())?,
            };
            let same_alias: Vec<&ModuleName> = ctx
                .known_resources
                .iter()
                .flatten()
                .map(|k| &k.module)
                .filter(|m| m.last() == written.as_str())
                .collect();
            if &sibling == own || ctx.known(&sibling).is_some() {
                sibling
            } else {
                match same_alias.as_slice() {
                    [one] => (*one).clone(),
                    [] => sibling,
                    many => {
                        let list: Vec<String> = many
                            .iter()
                            .map(|m| {
                                m.relative_to(&ctx.base)
                                    .map(|r| r.to_string())
                                    .unwrap_or(m.to_string())
                            })
                            .collect();
                        return Err(Error::input_hint(
                            format!("field `{field_cli}`: `{written}` is ambiguous"),
                            format!("write one of: {}", list.join(", ")),
                        ));
                    }
                }
            }
        } else {
            self.resolve_under_base(written, "resource")
                .map_err(in_context)?
        };
        if &resolved != own {
            if let Some(known) = &ctx.known_resources {
                if !known.iter().any(|k| k.module == resolved) {
                    let modules: Vec<&str> = known.iter().map(|k| k.module.as_str()).collect();
                    let mut warning = format!(
                        "`{resolved}` (from `{field_cli}`) is not a resource of this project yet; generate it before compiling"
                    );
                    if let Some(close) = did_you_mean(resolved.as_str(), modules) {
                        warning.push_str(&format!(" (did you mean `{close}`?)"));
                    }
                    self.warnings.push(warning);
                }
            }
        }
        Ok(resolved)
    }

    #[allow(clippy::too_many_arguments)]
    fn relationship_spec(
        &mut self,
        field: &Field,
        names: &ResourceNames,
        own: &ModuleName,
        domain: Option<&ModuleName>,
        own_pk: Option<PrimaryKey>,
        own_table: Option<&TableName>,
        postgres: bool,
    ) -> Result<RelationshipSpec> {
        let FieldKind::Relationship(rel) = &field.kind else {
            unreachable!("relationship_spec is called for relationships only")
        };
        let cli = field.to_cli();
        let name = field.name.clone();
        let destination = self.resolve_target(&rel.target, own, domain, &cli)?;
        let destination_alias = destination.last().to_string();
        let mut spec = RelationshipSpec {
            kind: rel.kind.dsl_name().to_string(),
            declaration: format!("{} {}, {destination}", rel.kind.dsl_name(), name.atom()),
            dsl: Vec::new(),
            code: String::new(),
            public: rel.public,
            allow_nil: true,
            source_attribute: None,
            attribute_type: None,
            attribute_migration_type: None,
            destination_table: None,
            destination_primary_key: None,
            on_delete: None,
            index: false,
            reference: None,
            foreign_key_name: None,
            destination_attribute: None,
            through: None,
            source_attribute_on_join_resource: None,
            destination_attribute_on_join_resource: None,
            cli,
            name,
            destination: destination.clone(),
            destination_alias,
        };
        let own_key = names.singular.with_suffix("_id")?;
        match &rel.kind {
            RelationshipKind::BelongsTo {
                required,
                index,
                on_delete,
            } => {
                let known = self.ctx.known(&destination);
                let self_ref = &destination == own;
                let pk = if self_ref {
                    own_pk.unwrap_or(PrimaryKey::UuidV7)
                } else {
                    known
                        .and_then(|k| k.primary_key)
                        .unwrap_or(PrimaryKey::UuidV7)
                };
                let destination_table = if self_ref {
                    own_table.cloned().unwrap_or_else(|| names.table.clone())
                } else if let Some(t) = known.and_then(|k| k.table.clone()) {
                    t
                } else {
                    TableName::parse(&pluralize(&macro_underscore(destination.last())))?
                };
                let source = spec.name.with_suffix("_id")?;
                spec.allow_nil = !required;
                if pk == PrimaryKey::Integer {
                    spec.attribute_type = Some(":integer".into());
                }
                spec.attribute_migration_type = Some(pk.migration_type().into());
                // With a table, the reference always says what happens to
                // the row when the referenced one is deleted: `nilify` for
                // optional references, `restrict` for required ones (never a
                // silent cascade); `on_delete=` overrides it.
                let on_delete = match on_delete {
                    Some(o) => Some(*o),
                    None if postgres && *required => Some(OnDelete::Restrict),
                    None if postgres => Some(OnDelete::Nilify),
                    None => None,
                };
                let on_delete = &on_delete;
                spec.on_delete = on_delete.map(|o| o.name().to_string());
                spec.destination_primary_key = Some(pk);
                // AshPostgres does not index foreign keys by itself; every
                // belongs_to of a table gets `index?: true` (the `index`
                // modifier only matters for data layers without one).
                spec.index = *index || postgres;
                if postgres {
                    let mut opts = Vec::new();
                    if let Some(o) = on_delete {
                        opts.push(Term::pair("on_delete", Term::raw(literal::atom(o.name()))));
                    }
                    if spec.index {
                        opts.push(Term::pair("index?", Term::raw("true")));
                    }
                    if !opts.is_empty() {
                        let args = [Term::raw(spec.name.atom()), Term::List(opts)];
                        spec.reference = Some(layout::call("reference", &args, 6, ""));
                    }
                    if let Some(t) = own_table {
                        let fkey = format!("{t}_{source}_fkey");
                        check_identifier_len(&fkey, "foreign key constraint")?;
                        spec.foreign_key_name = Some(fkey);
                    }
                }
                if *required {
                    spec.dsl.push("allow_nil? false".into());
                }
                if let Some(t) = &spec.attribute_type {
                    spec.dsl.push(format!("attribute_type {t}"));
                }
                spec.source_attribute = Some(source);
                spec.destination_table = Some(destination_table);
            }
            RelationshipKind::HasMany | RelationshipKind::HasOne => {
                spec.destination_attribute = Some(own_key);
            }
            RelationshipKind::ManyToMany { through } => {
                let through = self.resolve_target(through, own, domain, &spec.cli)?;
                spec.dsl.push(format!("through {through}"));
                spec.through = Some(through);
                spec.source_attribute_on_join_resource = Some(own_key);
                spec.destination_attribute_on_join_resource = Some(SnakeName::field(&format!(
                    "{}_id",
                    macro_underscore(destination.last())
                ))?);
            }
        }
        if rel.public {
            spec.dsl.push("public? true".into());
        }
        let args = [Term::raw(spec.name.atom()), Term::raw(destination.as_str())];
        spec.code = layout::block(rel.kind.dsl_name(), &args, 4, &spec.dsl);
        Ok(spec)
    }

    /// The first belongs_to pointing at the actor resource (or, without a
    /// configured actor, at a resource aliased `User`).
    fn owner(&self, belongs_to: &[RelationshipSpec]) -> Option<OwnerSpec> {
        belongs_to
            .iter()
            .find(|r| match &self.ctx.actor {
                Some(actor) => &r.destination == actor,
                None => r.destination_alias == "User",
            })
            .map(|r| OwnerSpec {
                relationship: r.name.clone(),
                attribute: r
                    .source_attribute
                    .clone()
                    .expect("belongs_to has a source attribute"),
                destination: r.destination.clone(),
            })
    }
}

fn parse_plural(input: &str) -> Result<SnakeName> {
    if input.ends_with('?') {
        return Err(Error::input_hint(
            format!("invalid plural `{input}`: it may not end in `?`"),
            format!("did you mean `{}`?", input.trim_end_matches('?')),
        ));
    }
    SnakeName::parse(input)
}

fn parse_actions(list: &[String]) -> Result<Vec<Action>> {
    let mut actions = Vec::new();
    for item in list
        .iter()
        .flat_map(|s| s.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let action = Action::parse(item)?;
        if !actions.contains(&action) {
            actions.push(action);
        }
    }
    if actions.is_empty() {
        return Err(Error::input_hint(
            "no actions given",
            "list some of read, create, update, destroy, or omit --actions for all four",
        ));
    }
    actions.sort();
    Ok(actions)
}

fn check_data_layer(fields: &[Field], data_layer: DataLayer) -> Result<()> {
    for field in fields {
        let cli = field.to_cli();
        let refuse = |what: &str, hint: &str| {
            Err(Error::input_hint(
                format!(
                    "field `{cli}`: {what} with the {} data layer",
                    data_layer.name()
                ),
                hint.to_string(),
            ))
        };
        match (&field.kind, data_layer) {
            (FieldKind::Relationship(_), DataLayer::Embedded) => {
                return refuse(
                    "embedded resources cannot have relationships",
                    "store the related id as a `uuid` attribute, or make it a regular resource",
                )
            }
            (FieldKind::Attribute(a), DataLayer::Embedded) if a.unique || a.index => {
                return refuse("`unique` and `index` need a table", "drop the modifier")
            }
            (FieldKind::Attribute(a), DataLayer::Ets) if a.index => {
                return refuse("`index` needs a database", "drop `index`")
            }
            (FieldKind::Relationship(r), DataLayer::Ets) => {
                if let RelationshipKind::BelongsTo {
                    index, on_delete, ..
                } = &r.kind
                {
                    if *index || on_delete.is_some() {
                        return refuse(
                            "`index` and `on_delete=` are database reference options",
                            "drop them",
                        );
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn check_collisions(fields: &[Field], primary_key: bool, timestamps: bool) -> Result<()> {
    let mut taken: Vec<(String, Origin)> = Vec::new();
    if primary_key {
        taken.push(("id".into(), Origin::PrimaryKey));
    }
    if timestamps {
        taken.push(("inserted_at".into(), Origin::Timestamps));
        taken.push(("updated_at".into(), Origin::Timestamps));
    }
    let mut entries: Vec<(String, Origin)> = Vec::new();
    for (i, field) in fields.iter().enumerate() {
        entries.push((field.name.to_string(), Origin::Field(i)));
        if let FieldKind::Relationship(r) = &field.kind {
            if matches!(r.kind, RelationshipKind::BelongsTo { .. }) {
                entries.push((format!("{}_id", field.name), Origin::ForeignKey(i)));
            }
        }
    }
    for (name, origin) in entries {
        if let Some((_, earlier)) = taken.iter().find(|(n, _)| *n == name) {
            return Err(collision(&name, *earlier, origin, fields));
        }
        taken.push((name, origin));
    }
    Ok(())
}

fn collision(name: &str, a: Origin, b: Origin, fields: &[Field]) -> Error {
    let cli = |i: usize| fields[i].to_cli();
    match (a, b) {
        (Origin::PrimaryKey, Origin::Field(i)) | (Origin::Field(i), Origin::PrimaryKey) => {
            Error::input_hint(
                format!(
                    "field `{}`: `id` is generated automatically (primary key)",
                    cli(i)
                ),
                "remove it; choose the key type with --primary-key uuid_v7|uuid|integer",
            )
        }
        (Origin::Timestamps, Origin::Field(i)) | (Origin::Field(i), Origin::Timestamps) => {
            Error::input_hint(
                format!(
                    "field `{}`: `{name}` is generated automatically (timestamps)",
                    cli(i)
                ),
                "remove it, or pass --no-timestamps to declare timestamps yourself",
            )
        }
        (Origin::Field(i), Origin::Field(j)) => Error::input_hint(
            format!(
                "field `{name}` is given twice (fields {} and {}: `{}` and `{}`)",
                i + 1,
                j + 1,
                cli(i),
                cli(j)
            ),
            "remove or rename one of them",
        ),
        (Origin::Field(i), Origin::ForeignKey(j)) | (Origin::ForeignKey(j), Origin::Field(i)) => {
            let relationship = &fields[j].name;
            Error::input_hint(
                format!(
                    "field `{}` clashes with `{relationship}:belongs_to`, which adds the `{name}` attribute itself",
                    cli(i)
                ),
                format!("remove the `{name}` field (field {})", i + 1),
            )
        }
        (_, Origin::ForeignKey(j)) | (Origin::ForeignKey(j), _) => Error::input_hint(
            format!(
                "field `{}`: its attribute `{name}` is generated automatically",
                cli(j)
            ),
            "rename the relationship",
        ),
        _ => Error::input(format!("`{name}` is declared twice")),
    }
}

fn check_identifier_len(name: &str, what: &str) -> Result<()> {
    if name.len() > MAX_IDENTIFIER_LEN {
        return Err(Error::input_hint(
            format!(
                "the {what} name `{name}` is {} bytes long; PostgreSQL keeps only {MAX_IDENTIFIER_LEN}",
                name.len()
            ),
            "shorten the field name or the table name (--table)",
        ));
    }
    Ok(())
}

fn identity_spec(field: &SnakeName, table: Option<&str>, postgres: bool) -> Result<IdentitySpec> {
    let name = format!("unique_{field}");
    let keys_code = literal::atom_list([field.as_str()]);
    let pre_check = !postgres;
    let index_name = match table {
        Some(t) if postgres => {
            let index = format!("{t}_{name}_index");
            check_identifier_len(&index, "unique index")?;
            Some(index)
        }
        _ => None,
    };
    let mut args = vec![
        Term::raw(literal::atom(&name)),
        Term::atoms([field.as_str()]),
    ];
    if pre_check {
        args.push(Term::List(vec![Term::pair(
            "pre_check?",
            Term::raw("true"),
        )]));
    }
    let declaration = layout::call("identity", &args, 4, "");
    Ok(IdentitySpec {
        name,
        keys: vec![field.clone()],
        keys_code,
        declaration,
        index_name,
        pre_check,
    })
}

fn attribute_spec(name: &SnakeName, a: &Attribute, cli: &str) -> AttributeSpec {
    let default = a.default_code();
    let constraints = a.ty.constraints();
    // Each entry is kept flat in `dsl` and laid out (column 6) for `code`.
    let mut entries: Vec<(String, String)> = Vec::new();
    let mut flat = |line: String| entries.push((line.clone(), line));
    if a.required {
        flat("allow_nil? false".to_string());
    }
    if let Some(d) = &default {
        flat(format!("default {d}"));
    }
    if let Some(values) = a.ty.atom_values() {
        let one_of = Term::List(vec![Term::pair("one_of", Term::atoms(values))]);
        let term = if a.ty.array {
            Term::List(vec![Term::pair("items", one_of)])
        } else {
            one_of
        };
        let line = format!("constraints {}", term.flat_arg());
        entries.push((line, layout::call("constraints", &[term], 6, "")));
    }
    let mut flat = |line: String| entries.push((line.clone(), line));
    if a.public {
        flat("public? true".to_string());
    }
    if a.sensitive {
        flat("sensitive? true".to_string());
    }
    let dsl: Vec<String> = entries.iter().map(|(line, _)| line.clone()).collect();
    let laid_out: Vec<String> = entries.into_iter().map(|(_, code)| code).collect();
    let code = layout::block(
        "attribute",
        &[Term::raw(name.atom()), Term::raw(a.ty.ash_type())],
        4,
        &laid_out,
    );
    let atom_values: Vec<SnakeName> = a.ty.atom_values().map(<[_]>::to_vec).unwrap_or_default();
    let select_options = match (&a.ty.base, a.ty.array) {
        (BaseType::Atom(values), false) => {
            Some(literal::list(values.iter().map(|v| {
                format!("{{{}, {}}}", literal::string(&v.human()), v.atom())
            })))
        }
        _ => None,
    };
    let input_type = match (&a.ty.base, a.ty.array) {
        (BaseType::Atom(_), false) => "select".to_string(),
        (BaseType::Atom(_), true) => "select".to_string(),
        (BaseType::Scalar(_), true) => "text".to_string(),
        (BaseType::Scalar(t), false) => t.input_type().to_string(),
    };
    let (example, example_update) = examples(name, a);
    AttributeSpec {
        atom: name.atom(),
        human: name.human(),
        ash_type: a.ty.ash_type(),
        migration_type: a.ty.migration_type(),
        constraints,
        allow_nil: !a.required,
        public: a.public,
        sensitive: a.sensitive,
        unique: a.unique,
        index: a.index,
        default,
        array: a.ty.array,
        textarea: a.ty.is_textarea(),
        input_type,
        atom_values,
        select_options,
        declaration: format!("attribute {}, {}", name.atom(), a.ty.ash_type()),
        dsl,
        code,
        example,
        example_update,
        cli: cli.to_string(),
        name: name.clone(),
    }
}

/// Two distinct sample values as Elixir code, like Phoenix's generators.
fn examples(name: &SnakeName, a: &Attribute) -> (String, String) {
    let words = name.as_str().replace('_', " ");
    let (one, two) = match &a.ty.base {
        BaseType::Atom(values) => {
            let first = values[0].atom();
            let second = values
                .get(1)
                .map(|v| v.atom())
                .unwrap_or_else(|| first.clone());
            (first, second)
        }
        BaseType::Scalar(t) => match t {
            ScalarType::String | ScalarType::CiString | ScalarType::Text => (
                literal::string(&format!("some {words}")),
                literal::string(&format!("some updated {words}")),
            ),
            ScalarType::Integer => ("42".into(), "43".into()),
            ScalarType::Float => ("120.5".into(), "456.7".into()),
            ScalarType::Decimal => (
                "Decimal.new(\"120.5\")".into(),
                "Decimal.new(\"456.7\")".into(),
            ),
            ScalarType::Boolean => ("true".into(), "false".into()),
            ScalarType::Date => ("~D[2025-01-15]".into(), "~D[2025-01-16]".into()),
            ScalarType::Time => ("~T[14:00:00]".into(), "~T[15:01:01]".into()),
            ScalarType::UtcDatetime => (
                "~U[2025-01-15 14:00:00Z]".into(),
                "~U[2025-01-16 15:01:01Z]".into(),
            ),
            ScalarType::UtcDatetimeUsec => (
                "~U[2025-01-15 14:00:00.000000Z]".into(),
                "~U[2025-01-16 15:01:01.000000Z]".into(),
            ),
            ScalarType::NaiveDatetime => (
                "~N[2025-01-15 14:00:00]".into(),
                "~N[2025-01-16 15:01:01]".into(),
            ),
            ScalarType::Uuid => (
                "\"7488a646-e31f-11e4-aace-600308960662\"".into(),
                "\"7488a646-e31f-11e4-aace-600308960668\"".into(),
            ),
            ScalarType::Map => ("%{}".into(), "%{\"key\" => \"value\"}".into()),
            ScalarType::Binary => ("\"some binary\"".into(), "\"some updated binary\"".into()),
        },
    };
    if a.ty.array {
        (format!("[{one}]"), format!("[{two}]"))
    } else {
        (one, two)
    }
}

fn actions_spec(
    actions: &[Action],
    create_accept: Vec<SnakeName>,
    update_accept: Vec<SnakeName>,
    relate_owner: Option<&SnakeName>,
) -> ActionsSpec {
    let has = |a: Action| actions.contains(&a);
    let create_accept_code = literal::atom_list(create_accept.iter().map(|s| s.as_str()));
    let update_accept_code = literal::atom_list(update_accept.iter().map(|s| s.as_str()));
    let mut defaults = Vec::new();
    if has(Action::Read) {
        defaults.push(Term::raw(":read"));
    }
    if has(Action::Destroy) {
        defaults.push(Term::raw(":destroy"));
    }
    let mut create_code = None;
    if has(Action::Create) {
        match relate_owner {
            None => defaults.push(Term::pair("create", Term::atoms(&create_accept))),
            Some(owner) => {
                let body = [
                    "primary? true".to_string(),
                    layout::call("accept", &[Term::atoms(&create_accept)], 6, ""),
                    format!("change relate_actor({})", owner.atom()),
                ];
                create_code = Some(layout::block("create", &[Term::raw(":create")], 4, &body));
            }
        }
    }
    if has(Action::Update) {
        defaults.push(Term::pair("update", Term::atoms(&update_accept)));
    }
    let has_defaults = !defaults.is_empty();
    let defaults = Term::List(defaults);
    let defaults_code = if has_defaults {
        layout::call("defaults", std::slice::from_ref(&defaults), 4, "")
    } else {
        String::new()
    };
    let entries: Vec<String> = [
        Some(defaults_code.clone()).filter(|d| !d.is_empty()),
        create_code.clone(),
    ]
    .into_iter()
    .flatten()
    .collect();
    ActionsSpec {
        read: has(Action::Read),
        create: has(Action::Create),
        update: has(Action::Update),
        destroy: has(Action::Destroy),
        names: actions.to_vec(),
        defaults_code,
        create_code,
        body: layout::body_join(&entries, 4),
        defaults: defaults.flat(),
        create_accept,
        create_accept_code,
        update_accept,
        update_accept_code,
    }
}

fn interface(names: &ResourceNames, actions: &ActionsSpec, has_key: bool) -> Vec<InterfaceFnSpec> {
    let i = &names.interface;
    let mut out = Vec::new();
    let mut define = |name: &str, action: Action, get_by: bool| {
        let mut options = vec![Term::pair(
            "action",
            Term::raw(literal::atom(action.name())),
        )];
        if get_by {
            options.push(Term::pair("get_by", Term::raw(":id")));
        }
        let args = [Term::raw(literal::atom(name)), Term::List(options)];
        out.push(InterfaceFnSpec {
            name: name.to_string(),
            action,
            declaration: layout::call("define", &args, 6, ""),
        });
    };
    if actions.create {
        define(&i.create, Action::Create, false);
    }
    if actions.read {
        define(&i.list, Action::Read, false);
        if has_key {
            define(&i.get, Action::Read, true);
        }
    }
    if actions.update {
        define(&i.update, Action::Update, false);
    }
    if actions.destroy {
        define(&i.destroy, Action::Destroy, false);
    }
    out
}
