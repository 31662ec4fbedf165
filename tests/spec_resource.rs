//! Building a `ResourceSpec` from command-line input and the project.

use scaffold::error::Error;
use scaffold::spec::{
    Action, DataLayer, KnownResource, ModuleName, PrimaryKey, ProjectContext, ResourceInput,
    ResourceSpec, TableName,
};

fn ctx() -> ProjectContext {
    ProjectContext::new("shop").unwrap()
}

fn m(s: &str) -> ModuleName {
    ModuleName::parse(s).unwrap()
}

fn ctx_with(known: &[&str]) -> ProjectContext {
    let mut c = ctx();
    c.known_resources = Some(known.iter().map(|k| KnownResource::new(m(k))).collect());
    c
}

fn build(module: &str, fields: &[&str]) -> ResourceSpec {
    ResourceSpec::build(ResourceInput::new(module, fields.iter().copied()), &ctx())
        .unwrap_or_else(|e| panic!("{module} {fields:?}: {e} ({:?})", e.hint()))
}

fn build_err(input: ResourceInput, ctx: &ProjectContext) -> (String, String) {
    let e: Error = ResourceSpec::build(input, ctx).expect_err("expected an error");
    assert_eq!(e.code(), 2, "input errors exit with 2: {e}");
    (
        e.to_string(),
        e.hint().expect("every input error has a hint"),
    )
}

fn err(module: &str, fields: &[&str]) -> (String, String) {
    build_err(ResourceInput::new(module, fields.iter().copied()), &ctx())
}

// --- Modules and domains ----------------------------------------------------------

#[test]
fn context_defaults() {
    let c = ProjectContext::new("my_shop").unwrap();
    assert_eq!(c.base, m("MyShop"));
    assert_eq!(c.web, m("MyShopWeb"));
    assert_eq!(c.repo, m("MyShop.Repo"));
    assert!(c.has_postgres);
}

#[test]
fn relative_and_qualified_modules_agree() {
    let a = build("Blog.Post", &["title:string"]);
    let b = build("Shop.Blog.Post", &["title:string"]);
    assert_eq!(a, b);
    assert_eq!(a.names.module, m("Shop.Blog.Post"));
    let domain = a.domain.as_ref().unwrap();
    assert_eq!(domain.module, m("Shop.Blog"));
    assert_eq!(domain.file_path, "lib/shop/blog.ex");
}

#[test]
fn single_segment_module_needs_a_domain() {
    let (msg, hint) = err("Post", &[]);
    assert_eq!(
        msg,
        "resource `Shop.Post` has no domain: resources live in a domain module such as `Shop.Blog`"
    );
    assert_eq!(
        hint,
        "use `DOMAIN.Post`, e.g. `Blog.Post` (domain Shop.Blog), or pass --domain DOMAIN"
    );
    let (msg, _) = err("Shop.Post", &[]);
    assert!(msg.contains("has no domain"), "{msg}");
}

#[test]
fn domain_hint_uses_an_existing_domain() {
    let (_, hint) = build_err(
        ResourceInput::new("Post", ["title"]),
        &ctx_with(&["Shop.Content.Page"]),
    );
    assert_eq!(
        hint,
        "use `DOMAIN.Post`, e.g. `Content.Post` (domain Shop.Content), or pass --domain DOMAIN"
    );
}

#[test]
fn domain_flag() {
    let mut input = ResourceInput::new("Post", ["title"]);
    input.domain = Some("Blog".into());
    let spec = ResourceSpec::build(input, &ctx()).unwrap();
    assert_eq!(spec.names.module, m("Shop.Blog.Post"));
    assert_eq!(spec.domain.unwrap().module, m("Shop.Blog"));

    // A nested module keeps its namespace; the domain is what was asked.
    let mut input = ResourceInput::new("Blog.Post", ["title"]);
    input.domain = Some("Shop.Content".into());
    let spec = ResourceSpec::build(input, &ctx()).unwrap();
    assert_eq!(spec.names.module, m("Shop.Blog.Post"));
    assert_eq!(spec.domain.unwrap().module, m("Shop.Content"));
}

#[test]
fn domain_equal_to_base_is_refused() {
    let mut input = ResourceInput::new("Post", ["title"]);
    input.domain = Some("Shop".into());
    let (msg, hint) = build_err(input, &ctx());
    assert_eq!(msg, "`Shop` is the application's base module, not a domain");
    assert_eq!(hint, "name a domain inside it, e.g. `Blog`");
    let (msg, _) = err("Shop", &[]);
    assert!(msg.contains("base module, not a resource"), "{msg}");
}

#[test]
fn domain_equal_to_repo_is_refused() {
    let (msg, _) = err("Repo.Post", &[]);
    assert_eq!(msg, "the domain `Shop.Repo` is the Ecto repo");
}

#[test]
fn web_namespace_is_refused() {
    let (msg, hint) = err("ShopWeb.Blog.Post", &[]);
    assert!(msg.contains("is inside the web module"), "{msg}");
    assert_eq!(hint, "did you mean `Blog.Post`?");
}

#[test]
fn invalid_module_is_reported() {
    let (_, hint) = err("blog.post", &[]);
    assert_eq!(hint, "did you mean `Blog.Post`?");
    let (msg, hint) = err("Blog.P\u{043E}st", &[]);
    assert!(msg.contains("U+043E"), "{msg}");
    assert_eq!(hint, "did you mean `Blog.Post`?");
}

#[test]
fn shadowing_aliases_are_refused() {
    let (msg, hint) = err("Calendar.Date", &[]);
    assert_eq!(
        msg,
        "resource `Shop.Calendar.Date` would shadow Elixir's `Date` module in generated code"
    );
    assert_eq!(hint, "choose another name, e.g. `CalendarDate`");
}

// --- Names, table, plural -------------------------------------------------------------

#[test]
fn names_and_table() {
    let spec = build("Blog.Category", &["name"]);
    assert_eq!(spec.names.plural.as_str(), "categories");
    assert_eq!(spec.table.as_ref().unwrap().as_str(), "categories");
    assert_eq!(spec.names.route_path, "/categories");
}

#[test]
fn table_and_plural_overrides() {
    let mut input = ResourceInput::new("Media.News", ["title"]);
    input.plural = Some("news_items".into());
    input.table = Some("news_articles".into());
    let spec = ResourceSpec::build(input, &ctx()).unwrap();
    assert_eq!(spec.names.plural.as_str(), "news_items");
    assert_eq!(spec.names.interface.list, "list_news_items");
    assert_eq!(spec.table.unwrap().as_str(), "news_articles");
    assert_eq!(spec.names.table.as_str(), "news_articles");
}

#[test]
fn invalid_table_and_plural() {
    let mut input = ResourceInput::new("Blog.Post", ["title"]);
    input.table = Some("Blog-Posts".into());
    let (msg, hint) = build_err(input, &ctx());
    assert!(msg.contains("invalid table name"), "{msg}");
    assert_eq!(hint, "did you mean `blog_posts`?");
    let mut input = ResourceInput::new("Blog.Post", ["title"]);
    input.plural = Some("posts?".into());
    let (_, hint) = build_err(input, &ctx());
    assert_eq!(hint, "did you mean `posts`?");
}

#[test]
fn ectos_migrations_table_is_refused() {
    let mut input = ResourceInput::new("Blog.Post", ["title"]);
    input.table = Some("schema_migrations".into());
    let (msg, hint) = build_err(input, &ctx());
    assert!(
        msg.contains("table name `schema_migrations` is taken"),
        "{msg}"
    );
    assert_eq!(
        hint,
        "pass another table name with --table, e.g. shop_schema_migrations"
    );
    // The same table derived from the module name.
    let (msg, hint) = err("Blog.SchemaMigration", &["version:integer"]);
    assert!(msg.contains("`schema_migrations`"), "{msg}");
    assert!(hint.contains("--table"), "{hint}");
    // A table that merely contains the name is fine.
    let mut input = ResourceInput::new("Blog.Post", ["title"]);
    input.table = Some("blog_schema_migrations".into());
    assert!(ResourceSpec::build(input, &ctx()).is_ok());
}

#[test]
fn uncountable_resource_needs_plural() {
    let (_, hint) = err("Media.News", &["title"]);
    assert!(hint.contains("--plural"), "{hint}");
}

// --- Data layers, keys, actions ------------------------------------------------------

#[test]
fn defaults_for_postgres() {
    let spec = build("Blog.Post", &["title:string:required"]);
    assert_eq!(spec.data_layer, DataLayer::Postgres);
    assert_eq!(spec.data_layer_code, "AshPostgres.DataLayer");
    assert_eq!(
        spec.use_options,
        [
            "otp_app: :shop",
            "domain: Shop.Blog",
            "data_layer: AshPostgres.DataLayer"
        ]
    );
    let pk = spec.primary_key.as_ref().unwrap();
    assert_eq!(pk.kind, PrimaryKey::UuidV7);
    assert_eq!(pk.declaration, "uuid_v7_primary_key :id");
    assert!(spec.timestamps && spec.migration && spec.tests && !spec.live && !spec.policies);
    assert_eq!(spec.actions.names, Action::ALL);
    assert_eq!(spec.repo_module, m("Shop.Repo"));
}

#[test]
fn primary_key_choices() {
    for (flag, declaration) in [
        ("uuid", "uuid_primary_key :id"),
        ("integer", "integer_primary_key :id"),
    ] {
        let mut input = ResourceInput::new("Blog.Post", ["title"]);
        input.primary_key = Some(flag.into());
        let spec = ResourceSpec::build(input, &ctx()).unwrap();
        assert_eq!(spec.primary_key.unwrap().declaration, declaration);
    }
    let mut input = ResourceInput::new("Blog.Post", ["title"]);
    input.primary_key = Some("bigint".into());
    let (msg, hint) = build_err(input, &ctx());
    assert_eq!(msg, "unknown primary key type `bigint`");
    assert_eq!(hint, "did you mean `integer`?");
}

#[test]
fn data_layer_parsing() {
    let mut input = ResourceInput::new("Blog.Post", ["title"]);
    input.data_layer = Some("postgresql".into());
    let (_, hint) = build_err(input, &ctx());
    assert_eq!(hint, "did you mean `postgres`?");
    let mut input = ResourceInput::new("Blog.Post", ["title"]);
    input.data_layer = Some("mnesia".into());
    let (_, hint) = build_err(input, &ctx());
    assert_eq!(hint, "one of: postgres, ets, embedded");
}

#[test]
fn without_postgres_the_default_is_ets() {
    let mut c = ctx();
    c.has_postgres = false;
    let spec =
        ResourceSpec::build(ResourceInput::new("Blog.Post", ["slug:string:unique"]), &c).unwrap();
    assert_eq!(spec.data_layer, DataLayer::Ets);
    assert_eq!(spec.table, None);
    assert!(!spec.migration);
    assert!(spec.identities[0].pre_check);
    assert_eq!(
        spec.identities[0].declaration,
        "identity :unique_slug, [:slug], pre_check?: true"
    );
    assert_eq!(spec.identities[0].index_name, None);

    let mut input = ResourceInput::new("Blog.Post", ["title"]);
    input.data_layer = Some("postgres".into());
    let (msg, hint) = build_err(input, &c);
    assert!(msg.contains("needs `ash_postgres`"), "{msg}");
    assert!(hint.contains("--data-layer ets"), "{hint}");
}

#[test]
fn ets_refuses_database_options() {
    let mut input = ResourceInput::new("Blog.Post", ["title:string:index"]);
    input.data_layer = Some("ets".into());
    let (msg, _) = build_err(input, &ctx());
    assert!(msg.contains("`index` needs a database"), "{msg}");
    let mut input = ResourceInput::new("Blog.Post", ["title"]);
    input.data_layer = Some("ets".into());
    input.table = Some("posts".into());
    let (msg, _) = build_err(input, &ctx());
    assert!(
        msg.contains("`--table` applies to the postgres data layer"),
        "{msg}"
    );
}

#[test]
fn embedded_resources() {
    let mut input = ResourceInput::new("Address", ["street:string:required", "city"]);
    input.data_layer = Some("embedded".into());
    let spec = ResourceSpec::build(input, &ctx()).unwrap();
    assert_eq!(spec.names.module, m("Shop.Address"));
    assert_eq!(spec.domain, None);
    assert_eq!(spec.table, None);
    assert_eq!(spec.primary_key, None);
    assert!(spec.code_interface.is_empty());
    assert!(!spec.migration);
    assert_eq!(spec.use_options, ["data_layer: :embedded"]);

    let mut input = ResourceInput::new("Address", ["owner:belongs_to:Accounts.User"]);
    input.data_layer = Some("embedded".into());
    let (msg, _) = build_err(input, &ctx());
    assert!(
        msg.contains("embedded resources cannot have relationships"),
        "{msg}"
    );

    let mut input = ResourceInput::new("Address", ["street"]);
    input.data_layer = Some("embedded".into());
    input.policies = true;
    let (msg, _) = build_err(input, &ctx());
    assert_eq!(msg, "`--policies` does not apply to embedded resources");

    let mut input = ResourceInput::new("Address", ["street"]);
    input.data_layer = Some("embedded".into());
    input.domain = Some("Accounts".into());
    let (msg, _) = build_err(input, &ctx());
    assert_eq!(msg, "embedded resources do not belong to a domain");
}

#[test]
fn action_subsets() {
    let mut input = ResourceInput::new("Blog.Post", ["title", "body:text"]);
    input.actions = Some(vec!["read,create".into(), "read".into()]);
    let spec = ResourceSpec::build(input, &ctx()).unwrap();
    assert_eq!(spec.actions.names, [Action::Read, Action::Create]);
    assert!(!spec.actions.update && !spec.actions.destroy);
    assert_eq!(spec.actions.defaults, "[:read, create: [:title, :body]]");
    let defined: Vec<&str> = spec
        .code_interface
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(defined, ["create_post", "list_posts", "get_post"]);
}

#[test]
fn unknown_actions() {
    let mut input = ResourceInput::new("Blog.Post", ["title"]);
    input.actions = Some(vec!["read".into(), "delete".into()]);
    let (msg, hint) = build_err(input, &ctx());
    assert_eq!(msg, "unknown action `delete`");
    assert_eq!(hint, "did you mean `destroy`?");
    let mut input = ResourceInput::new("Blog.Post", ["title"]);
    input.actions = Some(vec!["raed".into()]);
    let (_, hint) = build_err(input, &ctx());
    assert_eq!(hint, "did you mean `read`?");
    let mut input = ResourceInput::new("Blog.Post", ["title"]);
    input.actions = Some(vec![" , ".into()]);
    let (msg, _) = build_err(input, &ctx());
    assert_eq!(msg, "no actions given");
}

#[test]
fn live_needs_read() {
    let mut input = ResourceInput::new("Blog.Post", ["title"]);
    input.actions = Some(vec!["create".into()]);
    input.live = true;
    let (msg, _) = build_err(input, &ctx());
    assert_eq!(msg, "LiveViews need the `read` action");
}

// --- Attributes ------------------------------------------------------------------------

#[test]
fn attribute_specs() {
    let spec = build(
        "Blog.Post",
        &[
            "title:string:required",
            "body:text",
            "status:atom:draft,published:default=draft",
            "secret:string:sensitive:private:default=x",
            "tags:array:string:default=[]",
        ],
    );
    let title = &spec.attributes[0];
    assert_eq!(title.declaration, "attribute :title, :string");
    assert_eq!(title.dsl, ["allow_nil? false", "public? true"]);
    assert!(!title.allow_nil && title.public);
    assert_eq!(title.example, "\"some title\"");
    assert_eq!(title.input_type, "text");
    let body = &spec.attributes[1];
    assert!(body.textarea);
    assert_eq!(body.input_type, "textarea");
    assert_eq!(body.ash_type, ":string");
    assert_eq!(body.migration_type, ":text");
    let status = &spec.attributes[2];
    assert_eq!(
        status.constraints.as_deref(),
        Some("[one_of: [:draft, :published]]")
    );
    assert_eq!(
        status.dsl,
        [
            "default :draft",
            "constraints one_of: [:draft, :published]",
            "public? true"
        ]
    );
    assert_eq!(status.input_type, "select");
    assert_eq!(
        status.select_options.as_deref(),
        Some("[{\"Draft\", :draft}, {\"Published\", :published}]")
    );
    assert_eq!(
        (status.example.as_str(), status.example_update.as_str()),
        (":draft", ":published")
    );
    let secret = &spec.attributes[3];
    assert_eq!(secret.dsl, ["default \"x\"", "sensitive? true"]);
    let tags = &spec.attributes[4];
    assert_eq!(tags.ash_type, "{:array, :string}");
    assert_eq!(tags.example, "[\"some tags\"]");
    // Private attributes are not accepted by the actions.
    let accepted: Vec<&str> = spec
        .actions
        .create_accept
        .iter()
        .map(|a| a.as_str())
        .collect();
    assert_eq!(accepted, ["title", "body", "status", "tags"]);
    assert_eq!(spec.actions.defaults, "[:read, :destroy, create: [:title, :body, :status, :tags], update: [:title, :body, :status, :tags]]");
}

#[test]
fn identities_and_indexes() {
    let spec = build("Blog.Post", &["slug:string:unique", "title:string:index"]);
    let identity = &spec.identities[0];
    assert_eq!(identity.name, "unique_slug");
    assert_eq!(identity.keys_code, "[:slug]");
    assert_eq!(identity.declaration, "identity :unique_slug, [:slug]");
    assert_eq!(
        identity.index_name.as_deref(),
        Some("posts_unique_slug_index")
    );
    assert!(!identity.pre_check);
    assert_eq!(spec.custom_indexes[0].declaration, "index [:title]");
    assert_eq!(spec.custom_indexes[0].name, "posts_title_index");
}

#[test]
fn long_identifiers_are_refused() {
    let field = format!("{}:string:unique", "a".repeat(50));
    let (msg, hint) = err("Blog.Post", &[field.as_str()]);
    assert!(msg.contains("PostgreSQL keeps only 63"), "{msg}");
    assert!(hint.contains("--table"), "{hint}");
}

#[test]
fn generated_names_cannot_be_fields() {
    let (msg, hint) = err("Blog.Post", &["id:uuid"]);
    assert_eq!(
        msg,
        "field `id:uuid`: `id` is generated automatically (primary key)"
    );
    assert!(hint.contains("--primary-key"), "{hint}");
    let (msg, hint) = err("Blog.Post", &["inserted_at:utc_datetime"]);
    assert!(
        msg.contains("generated automatically (timestamps)"),
        "{msg}"
    );
    assert!(hint.contains("--no-timestamps"), "{hint}");
    let mut input = ResourceInput::new("Blog.Post", ["inserted_at:utc_datetime"]);
    input.timestamps = false;
    assert!(ResourceSpec::build(input, &ctx()).is_ok());
}

#[test]
fn duplicate_fields_name_both_positions() {
    let (msg, hint) = err("Blog.Post", &["title", "body:text", "title:text"]);
    assert_eq!(
        msg,
        "field `title` is given twice (fields 1 and 3: `title:string` and `title:text`)"
    );
    assert_eq!(hint, "remove or rename one of them");
}

#[test]
fn foreign_key_clash() {
    for fields in [
        ["author:belongs_to:Accounts.User", "author_id:uuid"],
        ["author_id:uuid", "author:belongs_to:Accounts.User"],
    ] {
        let (msg, hint) = err("Blog.Post", &fields);
        assert!(
            msg.contains(
                "clashes with `author:belongs_to`, which adds the `author_id` attribute itself"
            ),
            "{msg}"
        );
        assert!(hint.starts_with("remove the `author_id` field"), "{hint}");
    }
    let (msg, _) = err(
        "Blog.Post",
        &["author:belongs_to:Accounts.User", "author:string"],
    );
    assert!(msg.contains("is given twice"), "{msg}");
}

#[test]
fn field_errors_surface() {
    let (msg, hint) = err("Blog.Post", &["title:strng"]);
    assert_eq!(msg, "field `title:strng`: unknown type `strng`");
    assert_eq!(hint, "did you mean `string`?");
}

// --- Relationships ------------------------------------------------------------------------

#[test]
fn belongs_to_spec() {
    let spec = build(
        "Blog.Post",
        &[
            "title",
            "author:belongs_to:Accounts.User:required:on_delete=delete:index",
        ],
    );
    let author = &spec.belongs_to[0];
    assert_eq!(author.destination, m("Shop.Accounts.User"));
    assert_eq!(author.destination_alias, "User");
    assert_eq!(author.declaration, "belongs_to :author, Shop.Accounts.User");
    assert_eq!(author.dsl, ["allow_nil? false", "public? true"]);
    assert_eq!(
        author.source_attribute.as_ref().unwrap().as_str(),
        "author_id"
    );
    assert_eq!(author.destination_table.as_ref().unwrap().as_str(), "users");
    assert_eq!(author.on_delete.as_deref(), Some("delete"));
    assert_eq!(
        author.reference.as_deref(),
        Some("reference :author, on_delete: :delete, index?: true")
    );
    assert_eq!(
        author.foreign_key_name.as_deref(),
        Some("posts_author_id_fkey")
    );
    assert_eq!(author.attribute_migration_type.as_deref(), Some(":uuid"));
    assert_eq!(
        spec.references,
        ["reference :author, on_delete: :delete, index?: true"]
    );
    let accepted: Vec<&str> = spec
        .actions
        .create_accept
        .iter()
        .map(|a| a.as_str())
        .collect();
    assert_eq!(accepted, ["title", "author_id"]);
}

#[test]
fn fully_qualified_targets_stay() {
    let spec = build("Blog.Post", &["author:belongs_to:Shop.Accounts.User"]);
    assert_eq!(spec.belongs_to[0].destination, m("Shop.Accounts.User"));
}

#[test]
fn has_many_and_many_to_many() {
    let spec = build(
        "Blog.BlogPost",
        &[
            "comments:has_many:Blog.Comment",
            "tags:many_to_many:Blog.Tag:through=Blog.PostTag",
            "cover:has_one:Media.Image:private",
        ],
    );
    let comments = &spec.relationships[0];
    assert_eq!(comments.kind, "has_many");
    assert_eq!(
        comments.destination_attribute.as_ref().unwrap().as_str(),
        "blog_post_id"
    );
    let tags = &spec.relationships[1];
    assert_eq!(tags.through.as_ref().unwrap(), &m("Shop.Blog.PostTag"));
    assert_eq!(tags.dsl, ["through Shop.Blog.PostTag", "public? true"]);
    assert_eq!(
        tags.source_attribute_on_join_resource
            .as_ref()
            .unwrap()
            .as_str(),
        "blog_post_id"
    );
    assert_eq!(
        tags.destination_attribute_on_join_resource
            .as_ref()
            .unwrap()
            .as_str(),
        "tag_id"
    );
    let cover = &spec.relationships[2];
    assert!(!cover.public);
    assert!(cover.dsl.is_empty());
    assert!(spec.belongs_to.is_empty());
}

#[test]
fn single_segment_targets() {
    // Same domain by default.
    let spec = build("Blog.Post", &["comments:has_many:Comment"]);
    assert_eq!(spec.relationships[0].destination, m("Shop.Blog.Comment"));
    // A unique known resource with that alias wins over a missing sibling.
    let c = ctx_with(&["Shop.Accounts.User"]);
    let spec = ResourceSpec::build(
        ResourceInput::new("Blog.Post", ["author:belongs_to:User"]),
        &c,
    )
    .unwrap();
    assert_eq!(spec.belongs_to[0].destination, m("Shop.Accounts.User"));
    assert!(spec.warnings.is_empty(), "{:?}", spec.warnings);
    // Two candidates: ambiguous.
    let c = ctx_with(&["Shop.Accounts.User", "Shop.Admin.User"]);
    let (msg, hint) = build_err(
        ResourceInput::new("Blog.Post", ["author:belongs_to:User"]),
        &c,
    );
    assert!(msg.contains("`User` is ambiguous"), "{msg}");
    assert_eq!(hint, "write one of: Accounts.User, Admin.User");
}

#[test]
fn self_reference() {
    let mut input = ResourceInput::new("Catalog.Category", ["name", "parent:belongs_to:Category"]);
    input.primary_key = Some("integer".into());
    let spec = ResourceSpec::build(input, &ctx_with(&[])).unwrap();
    let parent = &spec.belongs_to[0];
    assert_eq!(parent.destination, m("Shop.Catalog.Category"));
    assert_eq!(
        parent.destination_table.as_ref().unwrap().as_str(),
        "categories"
    );
    assert_eq!(parent.attribute_type.as_deref(), Some(":integer"));
    assert_eq!(parent.dsl, ["attribute_type :integer", "public? true"]);
    assert!(spec.warnings.is_empty(), "{:?}", spec.warnings);
}

#[test]
fn known_resources_give_table_and_key_type() {
    let mut c = ctx();
    c.known_resources = Some(vec![KnownResource {
        module: m("Shop.Accounts.User"),
        table: Some(TableName::parse("accounts_users").unwrap()),
        primary_key: Some(PrimaryKey::Integer),
    }]);
    let spec = ResourceSpec::build(
        ResourceInput::new("Blog.Post", ["author:belongs_to:Accounts.User"]),
        &c,
    )
    .unwrap();
    let author = &spec.belongs_to[0];
    assert_eq!(
        author.destination_table.as_ref().unwrap().as_str(),
        "accounts_users"
    );
    assert_eq!(author.attribute_type.as_deref(), Some(":integer"));
    assert_eq!(author.attribute_migration_type.as_deref(), Some(":bigint"));
}

#[test]
fn unknown_targets_warn_with_a_suggestion() {
    let c = ctx_with(&["Shop.Accounts.User"]);
    let spec = ResourceSpec::build(
        ResourceInput::new("Blog.Post", ["author:belongs_to:Acounts.User"]),
        &c,
    )
    .unwrap();
    assert_eq!(spec.warnings.len(), 1);
    assert!(spec.warnings[0].contains("`Shop.Acounts.User` (from `author:belongs_to:Acounts.User`) is not a resource of this project yet"));
    assert!(
        spec.warnings[0].contains("did you mean `Shop.Accounts.User`?"),
        "{}",
        spec.warnings[0]
    );
}

#[test]
fn relationship_targets_in_web_are_refused() {
    let (msg, _) = err("Blog.Post", &["author:belongs_to:ShopWeb.User"]);
    assert!(
        msg.starts_with("field `author:belongs_to:ShopWeb.User`:"),
        "{msg}"
    );
}

// --- Policies and owner -------------------------------------------------------------------

#[test]
fn owner_for_policies() {
    let mut input = ResourceInput::new(
        "Blog.Post",
        [
            "title",
            "author:belongs_to:Accounts.User:required",
            "editor:belongs_to:Accounts.Editor",
        ],
    );
    input.policies = true;
    let spec = ResourceSpec::build(input, &ctx()).unwrap();
    let owner = spec.owner.as_ref().unwrap();
    assert_eq!(owner.relationship.as_str(), "author");
    assert_eq!(owner.attribute.as_str(), "author_id");
    assert!(spec
        .use_options
        .contains(&"authorizers: [Ash.Policy.Authorizer]".to_string()));
    // The owner is set from the actor, not accepted from input.
    let create: Vec<&str> = spec
        .actions
        .create_accept
        .iter()
        .map(|a| a.as_str())
        .collect();
    assert_eq!(create, ["title", "editor_id"]);
    let update: Vec<&str> = spec
        .actions
        .update_accept
        .iter()
        .map(|a| a.as_str())
        .collect();
    assert_eq!(update, ["title", "editor_id"]);
    // Create relates the actor, so it is not a default action.
    assert_eq!(
        spec.actions.defaults,
        "[:read, :destroy, update: [:title, :editor_id]]"
    );
    assert_eq!(
        spec.actions.create_code.as_deref(),
        Some(
            "create :create do\n      primary? true\n      accept [:title, :editor_id]\n      \
             change relate_actor(:author)\n    end"
        )
    );
    assert!(spec.actions.body.starts_with(
        "defaults [:read, :destroy, update: [:title, :editor_id]]\n\n    create :create do"
    ));
}

#[test]
fn without_policies_the_owner_is_accepted() {
    let spec = build("Blog.Post", &["title", "author:belongs_to:Accounts.User"]);
    assert!(spec.owner.is_some());
    assert_eq!(spec.actions.create_code, None);
    assert_eq!(spec.actions.body, spec.actions.defaults_code);
    assert_eq!(
        spec.actions.defaults,
        "[:read, :destroy, create: [:title, :author_id], update: [:title, :author_id]]"
    );
}

#[test]
fn configured_actor() {
    let mut c = ctx();
    c.actor = Some(m("Shop.Accounts.Member"));
    let spec = ResourceSpec::build(
        ResourceInput::new(
            "Blog.Post",
            [
                "reviewer:belongs_to:Accounts.User",
                "member:belongs_to:Accounts.Member",
            ],
        ),
        &c,
    )
    .unwrap();
    assert_eq!(spec.owner.unwrap().relationship.as_str(), "member");
}

// --- Serialization ----------------------------------------------------------------------------

#[test]
fn serializes_for_templates() {
    let spec = build(
        "Blog.Post",
        &["title:string:required", "author:belongs_to:Accounts.User"],
    );
    let json = serde_json::to_value(&spec).unwrap();
    assert_eq!(json["names"]["module"], "Shop.Blog.Post");
    assert_eq!(json["names"]["interface"]["list"], "list_posts");
    assert_eq!(json["domain"]["module"], "Shop.Blog");
    assert_eq!(json["data_layer"], "postgres");
    assert_eq!(json["table"], "posts");
    assert_eq!(json["attributes"][0]["ash_type"], ":string");
    assert_eq!(json["attributes"][0]["allow_nil"], false);
    assert_eq!(json["belongs_to"][0]["source_attribute"], "author_id");
    assert_eq!(json["actions"]["names"][0], "read");
    assert_eq!(json["primary_key"]["kind"], "uuid_v7");
    assert!(json.get("fields").is_none());
    assert_eq!(
        spec.fields_cli(),
        ["title:string:required", "author:belongs_to:Accounts.User"]
    );
}

#[test]
fn injection_through_every_input_is_refused_or_escaped() {
    let evil = "\"); System.cmd(\"rm\", [\"-rf\", \"/\"]); (\"";
    // A value starting with `"` is a quoted value: this one ends early and
    // the rest is refused.
    let (msg, _) = err(
        "Blog.Post",
        &[format!("title:string:default={evil}").as_str()],
    );
    assert!(
        msg.contains("unexpected text after the closing quote"),
        "{msg}"
    );
    // Escaped where text is allowed.
    let field = format!("title:string:default=x{evil}");
    let spec = build("Blog.Post", &[field.as_str()]);
    assert_eq!(
        spec.attributes[0].default.as_deref(),
        Some(r#""x\"); System.cmd(\"rm\", [\"-rf\", \"/\"]); (\"""#)
    );
    // Refused everywhere else.
    assert!(ResourceSpec::build(
        ResourceInput::new(format!("Blog.Post{evil}"), Vec::<String>::new()),
        &ctx()
    )
    .is_err());
    for flag in 0..3 {
        let mut input = ResourceInput::new("Blog.Post", ["title"]);
        match flag {
            0 => input.table = Some(evil.into()),
            1 => input.plural = Some(evil.into()),
            _ => input.domain = Some(evil.into()),
        }
        assert!(ResourceSpec::build(input, &ctx()).is_err(), "flag {flag}");
    }
}
