//! The Ash DSL validator used by the generator tests must accept real,
//! complete resources and domains and name the mistakes that would stop Ash
//! from compiling them.
mod common;

use common::ash_dsl::{validate_domain, validate_resource};

/// A resource that uses most of what generated code can contain: AshPostgres
/// with references and indexes, policies, pub_sub, code interface, every
/// action type, attributes with do blocks, all relationship kinds,
/// calculations, aggregates and identities.
const POST: &str = r#"defmodule Shop.Blog.Post do
  @moduledoc """
  A blog post.
  """
  use Ash.Resource,
    otp_app: :shop,
    domain: Shop.Blog,
    data_layer: AshPostgres.DataLayer,
    authorizers: [Ash.Policy.Authorizer],
    notifiers: [Ash.Notifier.PubSub]

  require Ash.Query

  postgres do
    table "posts"
    repo Shop.Repo

    references do
      reference :author, index?: true, on_delete: :delete
    end

    custom_indexes do
      index [:title]
    end
  end

  resource do
    description "A blog post"
    plural_name :posts
  end

  code_interface do
    define :create, args: [:title]
    define :publish
    define :get_by_id, action: :read, get_by: [:id]
    define :list_published, action: :published
  end

  actions do
    defaults [:read, :destroy]

    create :create do
      primary? true
      accept [:title, :body, :status]
      argument :tag_ids, {:array, :uuid}, allow_nil?: true

      change relate_actor(:author)
      change manage_relationship(:tag_ids, :tags, type: :append_and_remove)
      validate string_length(:title, min: 3, max: 200)
    end

    update :update do
      primary? true
      accept [:title, :body]
      require_atomic? false
    end

    update :publish do
      accept []
      change set_attribute(:status, :published)
      change set_attribute(:published_at, &DateTime.utc_now/0)
    end

    read :published do
      filter expr(status == :published and author_id == ^actor(:id))
      prepare build(sort: [published_at: :desc])

      pagination do
        keyset? true
        default_limit 20
      end
    end

    action :word_count, :integer do
      argument :text, :string, allow_nil?: false
      run fn input, _context -> {:ok, length(String.split(input.arguments.text))} end
    end
  end

  policies do
    bypass actor_attribute_equals(:role, :admin) do
      authorize_if always()
    end

    policy action_type(:read) do
      authorize_if expr(status == :published)
      authorize_if relates_to_actor_via(:author)
    end

    policy [action_type([:create, :update, :destroy]), actor_present()] do
      forbid_unless actor_present()
      authorize_if relates_to_actor_via(:author)
      authorize_if Shop.Checks.IsEditor
    end
  end

  pub_sub do
    module ShopWeb.Endpoint
    prefix "post"
    publish :create, ["created"]
    publish_all :update, ["updated", :id]
  end

  validations do
    validate present(:title)
  end

  attributes do
    uuid_v7_primary_key :id

    attribute :title, :string do
      allow_nil? false
      public? true
      constraints max_length: 200
    end

    attribute :body, :string, public?: true

    attribute :status, :atom do
      allow_nil? false
      public? true
      default :draft
      constraints one_of: [:draft, :published]
    end

    attribute :published_at, :utc_datetime_usec
    attribute :keywords, {:array, :string}, default: []
    attribute :metadata, Shop.Types.Metadata

    timestamps()
  end

  relationships do
    belongs_to :author, Shop.Accounts.User do
      allow_nil? false
      public? true
    end

    has_many :comments, Shop.Blog.Comment do
      sort inserted_at: :asc
    end

    many_to_many :tags, Shop.Blog.Tag do
      through Shop.Blog.PostTag
      source_attribute_on_join_resource :post_id
      destination_attribute_on_join_resource :tag_id
    end
  end

  calculations do
    calculate :title_length, :integer, expr(string_length(title))
  end

  aggregates do
    count :comment_count, :comments
  end

  identities do
    identity :unique_title, [:title]
  end

  def helper, do: :ok
end
"#;

const BLOG: &str = r#"defmodule Shop.Blog do
  use Ash.Domain, otp_app: :shop, extensions: [AshPhoenix]

  resources do
    resource Shop.Blog.Post do
      define :create_post, action: :create, args: [:title]
      define :get_post, action: :read, get_by: [:id]
      define :list_posts, action: :read
    end

    resource Shop.Blog.Comment
  end

  forms do
    form :create_post, args: [:title]
  end

  authorization do
    authorize :by_default
  end
end
"#;

/// `POST` with `from` replaced by `to` (exactly once), and the 1-based line
/// where the replacement starts.
fn broken(base: &str, from: &str, to: &str) -> (String, usize) {
    assert_eq!(
        base.matches(from).count(),
        1,
        "`{from}` must occur exactly once"
    );
    let at = base.find(from).unwrap();
    let line = base[..at].matches('\n').count() + 1;
    (base.replacen(from, to, 1), line)
}

/// Asserts exactly one error, on `line`, containing `needle`.
fn assert_one_error(errors: &[String], line: usize, needle: &str) {
    assert_eq!(errors.len(), 1, "expected one error, got {errors:#?}");
    let error = &errors[0];
    assert!(
        error.starts_with(&format!("line {line}:")),
        "expected an error on line {line}, got {error:?}"
    );
    assert!(error.contains(needle), "expected {needle:?} in {error:?}");
}

fn resource_error(from: &str, to: &str, needle: &str) {
    let (source, line) = broken(POST, from, to);
    assert_one_error(&validate_resource(&source), line, needle);
}

fn domain_error(from: &str, to: &str, needle: &str) {
    let (source, line) = broken(BLOG, from, to);
    assert_one_error(&validate_domain(&source), line, needle);
}

#[test]
fn full_resource_is_valid() {
    assert_eq!(validate_resource(POST), Vec::<String>::new());
}

#[test]
fn full_domain_is_valid() {
    assert_eq!(validate_domain(BLOG), Vec::<String>::new());
}

/// The resource is what `mix format` writes in an Ash project. (The domain's
/// `form` calls come from AshPhoenix, which exports no formatter settings;
/// Spark's formatter plugin keeps them without parentheses.)
#[test]
fn resource_example_is_formatted_elixir() {
    common::elixir::check_sources(&[("post.ex", POST)]);
}

#[test]
fn ash_shop_fixture_is_valid() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ash_shop");
    let user = std::fs::read_to_string(root.join("lib/shop/accounts/user.ex")).unwrap();
    let accounts = std::fs::read_to_string(root.join("lib/shop/accounts.ex")).unwrap();
    assert_eq!(validate_resource(&user), Vec::<String>::new());
    assert_eq!(validate_domain(&accounts), Vec::<String>::new());
}

#[test]
fn misspelled_entity_option() {
    resource_error(
        "      allow_nil? false\n      public? true\n      constraints max_length",
        "      allow_nill? false\n      public? true\n      constraints max_length",
        "unknown option `allow_nill?` in `attribute` (did you mean `allow_nil?`?)",
    );
}

#[test]
fn misspelled_keyword_option() {
    resource_error(
        "reference :author, index?: true",
        "reference :author, indexed?: true",
        "unknown option `indexed?` for `reference`",
    );
}

#[test]
fn misspelled_entity() {
    resource_error(
        "attribute :body, :string, public?: true",
        "attribut :body, :string, public?: true",
        "`attribut` in section `attributes` (did you mean `attribute`?)",
    );
}

#[test]
fn entity_with_too_few_arguments() {
    resource_error(
        "identity :unique_title, [:title]",
        "identity :unique_title",
        "entity `identity` takes 2 positional argument(s) (name, keys), got 1",
    );
}

#[test]
fn entity_with_too_many_arguments() {
    resource_error(
        "uuid_v7_primary_key :id",
        "uuid_v7_primary_key :id, :uuid",
        "entity `uuid_v7_primary_key` takes 1 positional argument(s)",
    );
}

#[test]
fn option_with_two_values() {
    resource_error(
        "      require_atomic? false",
        "      require_atomic? false, true",
        "option `require_atomic?` in `update` takes exactly one argument, got 2",
    );
}

#[test]
fn unknown_policy_check() {
    resource_error(
        "authorize_if relates_to_actor_via(:author)\n    end\n\n    policy [",
        "authorize_if relates_to_actr_via(:author)\n    end\n\n    policy [",
        "unknown policy check `relates_to_actr_via/1` (did you mean `relates_to_actor_via`?)",
    );
}

#[test]
fn policy_check_with_wrong_arity() {
    resource_error(
        "bypass actor_attribute_equals(:role, :admin) do",
        "bypass actor_attribute_equals(:role) do",
        "`actor_attribute_equals/1` has the wrong number of arguments for a policy check",
    );
}

#[test]
fn unknown_change() {
    resource_error(
        "change relate_actor(:author)",
        "change relate_actr(:author)",
        "unknown change `relate_actr/1`",
    );
}

#[test]
fn unknown_validation() {
    resource_error(
        "validate present(:title)",
        "validate presence(:title)",
        "unknown validation `presence/1`",
    );
}

#[test]
fn unknown_attribute_type() {
    resource_error(
        "attribute :body, :string, public?: true",
        "attribute :body, :strng, public?: true",
        "unknown Ash type `:strng` (did you mean `string`?)",
    );
}

#[test]
fn array_type_needs_array_tag() {
    resource_error(
        "{:array, :uuid}",
        "{:list, :uuid}",
        "tuples must be `{:array, type}`",
    );
}

#[test]
fn unknown_array_item_type() {
    resource_error(
        "{:array, :string}, default: []",
        "{:array, :text}, default: []",
        "unknown Ash type `:text`",
    );
}

#[test]
fn unknown_section() {
    resource_error(
        "  relationships do",
        "  relations do",
        "unknown section `relations` for Ash.Resource",
    );
}

#[test]
fn section_of_an_extension_not_in_use() {
    let (source, _) = broken(POST, "    authorizers: [Ash.Policy.Authorizer],\n", "");
    let line = source.lines().position(|l| l == "  policies do").unwrap() + 1;
    assert_one_error(
        &validate_resource(&source),
        line,
        "unknown section `policies` for Ash.Resource (it comes with the `Ash.Policy.Authorizer` extension",
    );
}

#[test]
fn postgres_section_with_ets_data_layer() {
    let (source, _) = broken(POST, "AshPostgres.DataLayer", "Ash.DataLayer.Ets");
    let line = source.lines().position(|l| l == "  postgres do").unwrap() + 1;
    assert_one_error(
        &validate_resource(&source),
        line,
        "unknown section `postgres` for Ash.Resource (it comes with the `AshPostgres.DataLayer` extension",
    );
}

#[test]
fn unknown_use_option() {
    resource_error(
        "    otp_app: :shop,\n    domain",
        "    otp_ap: :shop,\n    domain",
        "unknown option `otp_ap` for `use Ash.Resource` (did you mean `otp_app`?)",
    );
}

#[test]
fn unknown_default_action() {
    resource_error(
        "defaults [:read, :destroy]",
        "defaults [:read, :delete]",
        "option `defaults` in section `actions`: `:delete` is not one of :create, :read, :update, :destroy",
    );
}

#[test]
fn string_for_boolean_option() {
    resource_error(
        "      require_atomic? false",
        "      require_atomic? \"false\"",
        "option `require_atomic?` in `update`: `\"false\"` is not a boolean",
    );
}

#[test]
fn on_delete_value_must_be_known() {
    resource_error(
        "on_delete: :delete",
        "on_delete: :cascade",
        "option `on_delete` of `reference`: `:cascade` is not",
    );
}

#[test]
fn postgres_section_needs_a_repo() {
    let (source, _) = broken(POST, "    repo Shop.Repo\n", "");
    let line = source.lines().position(|l| l == "  postgres do").unwrap() + 1;
    assert_one_error(
        &validate_resource(&source),
        line,
        "section `postgres` is missing its required option `repo`",
    );
}

#[test]
fn entity_outside_its_section() {
    resource_error(
        "    timestamps()\n",
        "    identity :unique_body, [:body]\n    timestamps()\n",
        "`identity` in section `attributes`",
    );
}

#[test]
fn imported_macro_with_wrong_arity() {
    resource_error(
        "    timestamps()\n",
        "    timestamps(:a, :b)\n",
        "`timestamps/2` has the wrong number of arguments",
    );
}

#[test]
fn nested_entity_in_wrong_place() {
    resource_error(
        "      keyset? true\n",
        "      argument :x, :string\n      keyset? true\n",
        "unknown option `argument` in `pagination`",
    );
}

#[test]
fn domain_unknown_define_option() {
    domain_error(
        "define :list_posts, action: :read",
        "define :list_posts, actoin: :read",
        "unknown option `actoin` for `define` (did you mean `action`?)",
    );
}

#[test]
fn domain_resource_must_be_a_module() {
    domain_error(
        "resource Shop.Blog.Comment",
        "resource \"Shop.Blog.Comment\"",
        "argument `resource` of `resource`: `\"Shop.Blog.Comment\"` is not a module",
    );
}

#[test]
fn domain_unknown_section() {
    domain_error(
        "  authorization do",
        "  authorisation do",
        "unknown section `authorisation` for Ash.Domain (did you mean `authorization`?)",
    );
}

#[test]
fn domain_forms_need_ash_phoenix() {
    let (source, _) = broken(BLOG, ", extensions: [AshPhoenix]", "");
    let line = source.lines().position(|l| l == "  forms do").unwrap() + 1;
    assert_one_error(
        &validate_domain(&source),
        line,
        "it comes with the `AshPhoenix` extension",
    );
}

#[test]
fn domain_authorize_value() {
    domain_error(
        "authorize :by_default",
        "authorize :sometimes",
        "`:sometimes` is not one of :always, :by_default, :when_requested",
    );
}

#[test]
fn several_errors_are_all_reported() {
    let source = POST
        .replace("attribute :body, :string", "attribute :body, :strng")
        .replace("identity :unique_title, [:title]", "identity :unique_title")
        .replace("  relationships do", "  relations do");
    let errors = validate_resource(&source);
    assert_eq!(errors.len(), 3, "{errors:#?}");
}

#[test]
fn syntax_errors_are_reported() {
    let errors =
        validate_resource("defmodule Shop.Bad do\n  use Ash.Resource\n  attributes do\nend\n");
    assert!(!errors.is_empty());
    assert!(errors.iter().all(|e| e.starts_with("line ")), "{errors:#?}");
}

#[test]
fn module_without_use_is_reported() {
    let errors = validate_resource("defmodule Shop.Plain do\n  def x, do: 1\nend\n");
    assert_eq!(
        errors,
        vec!["line 1: no module with `use Ash.Resource` found".to_string()]
    );
}

#[test]
fn unknown_extensions_make_unknown_sections_acceptable() {
    let source = r#"defmodule Shop.Accounts.Token do
  use Ash.Resource,
    domain: Shop.Accounts,
    extensions: [AshAuthentication.TokenResource]

  token do
    domain Shop.Accounts
  end

  attributes do
    uuid_primary_key :id
  end
end
"#;
    assert_eq!(validate_resource(source), Vec::<String>::new());
}

#[test]
fn embedded_resource_has_no_data_layer_sections() {
    let source = r#"defmodule Shop.Address do
  use Ash.Resource, data_layer: :embedded

  attributes do
    attribute :street, :string, public?: true
    attribute :zip, :string, public?: true
  end
end
"#;
    assert_eq!(validate_resource(source), Vec::<String>::new());
    let with_postgres = source.replace(
        "  attributes do",
        "  postgres do\n    table \"addresses\"\n    repo Shop.Repo\n  end\n\n  attributes do",
    );
    let errors = validate_resource(&with_postgres);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].contains("unknown section `postgres`"),
        "{errors:#?}"
    );
}

#[test]
fn plain_notifier_modules_do_not_hide_unknown_sections() {
    let (source, line) = broken(POST, "  relationships do", "  relations do");
    let source = source.replace(
        "notifiers: [Ash.Notifier.PubSub]",
        "notifiers: [Ash.Notifier.PubSub, Shop.AuditNotifier]",
    );
    assert_one_error(
        &validate_resource(&source),
        line,
        "unknown section `relations`",
    );
}
