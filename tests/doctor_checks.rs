//! Each doctor check on small projects that have the problem and on
//! variants that do not (the shapes a naive check gets wrong).
mod common;

use assert_fs::prelude::*;
use assert_fs::TempDir;
use common::project::copy_fixture;
use scaffold::doctor::{analyze, Check, Finding, Options, Severity};
use scaffold::project::Project;

/// A copy of `fixture` with `files` (path, content) written into it.
fn project(fixture: &str, files: &[(&str, &str)]) -> TempDir {
    let dir = copy_fixture(fixture);
    for (path, text) in files {
        dir.child(path).write_str(text).unwrap();
    }
    dir
}

/// The findings of `check` only.
fn run(dir: &TempDir, check: Check) -> Vec<Finding> {
    let p = Project::load(dir.path(), None).unwrap();
    let opts = Options {
        only: vec![check],
        ..Options::default()
    };
    analyze(&p, &opts)
        .unwrap()
        .findings
        .into_iter()
        .filter(|f| f.check == check)
        .collect()
}

fn at(findings: &[Finding]) -> Vec<(String, usize)> {
    findings.iter().map(|f| (f.file.clone(), f.line)).collect()
}

const POSTS: &str = "priv/repo/migrations/20250101000000_create_posts.exs";

fn posts_migration(extra_up: &str) -> String {
    format!(
        "defmodule Shop.Repo.Migrations.CreatePosts do\n  use Ecto.Migration\n\n  def change do\n    create table(:posts) do\n      add :title, :string\n      add :author_id, references(:users, on_delete: :nothing)\n    end\n{extra_up}  end\nend\n"
    )
}

// ---------------------------------------------------------------- fk-index

#[test]
fn fk_without_index_is_reported_at_the_add_line_with_the_migration_command() {
    let dir = project("phx_shop", &[(POSTS, &posts_migration(""))]);
    let f = run(&dir, Check::FkIndex);
    assert_eq!(at(&f), vec![(POSTS.to_string(), 7)]);
    assert_eq!(f[0].severity, Severity::Warning);
    assert_eq!(
        f[0].fix.as_deref(),
        Some("scaffold migration add_posts_author_id_index --index posts.author_id")
    );
}

#[test]
fn fk_indexed_in_the_same_or_a_later_migration_is_fine() {
    let same = project(
        "phx_shop",
        &[(
            POSTS,
            &posts_migration("\n    create index(:posts, [:author_id, :title])\n"),
        )],
    );
    assert!(run(&same, Check::FkIndex).is_empty());
    let later = project(
        "phx_shop",
        &[
            (POSTS, &posts_migration("")),
            (
                "priv/repo/migrations/20250102000000_index_posts.exs",
                "defmodule Shop.Repo.Migrations.IndexPosts do\n  use Ecto.Migration\n  @disable_ddl_transaction true\n\n  def change do\n    create_if_not_exists index(\"posts\", :author_id, concurrently: true)\n  end\nend\n",
            ),
        ],
    );
    assert!(run(&later, Check::FkIndex).is_empty());
    let sql = project(
        "phx_shop",
        &[(POSTS, &posts_migration("\n    execute \"CREATE INDEX posts_author ON posts (author_id)\", \"DROP INDEX posts_author\"\n"))],
    );
    assert!(run(&sql, Check::FkIndex).is_empty());
}

#[test]
fn an_index_that_does_not_lead_with_the_fk_or_was_dropped_does_not_count() {
    let second = project(
        "phx_shop",
        &[(
            POSTS,
            &posts_migration("\n    create index(:posts, [:title, :author_id])\n"),
        )],
    );
    assert_eq!(run(&second, Check::FkIndex).len(), 1);
    let dropped = project(
        "phx_shop",
        &[
            (POSTS, &posts_migration("\n    create index(:posts, [:author_id])\n")),
            (
                "priv/repo/migrations/20250103000000_drop_index.exs",
                "defmodule Shop.Repo.Migrations.DropIndex do\n  use Ecto.Migration\n\n  def up do\n    drop index(:posts, [:author_id])\n  end\n\n  def down do\n    create index(:posts, [:author_id])\n  end\nend\n",
            ),
        ],
    );
    assert_eq!(run(&dropped, Check::FkIndex).len(), 1);
}

#[test]
fn references_in_down_and_dropped_tables_are_ignored() {
    let down = project(
        "phx_shop",
        &[(
            POSTS,
            "defmodule Shop.Repo.Migrations.RemoveAuthor do\n  use Ecto.Migration\n\n  def up do\n    alter table(:posts) do\n      remove :author_id\n    end\n  end\n\n  def down do\n    alter table(:posts) do\n      add :author_id, references(:users)\n    end\n  end\nend\n",
        )],
    );
    assert!(run(&down, Check::FkIndex).is_empty());
    let dropped = project(
        "phx_shop",
        &[
            (POSTS, &posts_migration("")),
            (
                "priv/repo/migrations/20250104000000_drop_posts.exs",
                "defmodule Shop.Repo.Migrations.DropPosts do\n  use Ecto.Migration\n\n  def up do\n    drop table(:posts)\n  end\nend\n",
            ),
        ],
    );
    assert!(run(&dropped, Check::FkIndex).is_empty());
}

const COMMENT: &str = "lib/shop/accounts/comment.ex";

fn comment_resource(postgres_extra: &str) -> String {
    format!(
        "defmodule Shop.Accounts.Comment do\n  use Ash.Resource,\n    otp_app: :shop,\n    domain: Shop.Accounts,\n    data_layer: AshPostgres.DataLayer\n\n  postgres do\n    table \"comments\"\n    repo Shop.Repo\n{postgres_extra}  end\n\n  attributes do\n    uuid_primary_key :id\n  end\n\n  relationships do\n    belongs_to :author, Shop.Accounts.User\n  end\nend\n"
    )
}

#[test]
fn belongs_to_without_migration_suggests_the_reference_option_not_a_migration() {
    let dir = project("ash_shop", &[(COMMENT, &comment_resource(""))]);
    let f = run(&dir, Check::FkIndex);
    assert_eq!(at(&f), vec![(COMMENT.to_string(), 17)]);
    assert_eq!(
        f[0].fix, None,
        "an index migration would run before the table exists"
    );
    assert!(f[0]
        .snippet
        .as_deref()
        .unwrap()
        .contains("reference :author, index?: true"));
}

#[test]
fn belongs_to_with_index_in_the_resource_or_a_migration_is_fine() {
    let reference = project(
        "ash_shop",
        &[(
            COMMENT,
            &comment_resource(
                "\n    references do\n      reference :author, index?: true\n    end\n",
            ),
        )],
    );
    assert!(run(&reference, Check::FkIndex).is_empty());
    let custom = project(
        "ash_shop",
        &[(
            COMMENT,
            &comment_resource("\n    custom_indexes do\n      index [:author_id]\n    end\n"),
        )],
    );
    assert!(run(&custom, Check::FkIndex).is_empty());
}

#[test]
fn belongs_to_and_its_migration_column_are_reported_once() {
    let dir = project(
        "ash_shop",
        &[
            (COMMENT, &comment_resource("")),
            (
                "priv/repo/migrations/20251124120009_create_comments.exs",
                "defmodule Shop.Repo.Migrations.CreateComments do\n  use Ecto.Migration\n\n  def change do\n    create table(:comments, primary_key: false) do\n      add :id, :uuid, null: false, primary_key: true\n      add :author_id, references(:users, column: :id, type: :uuid)\n    end\n  end\nend\n",
            ),
        ],
    );
    let f = run(&dir, Check::FkIndex);
    assert_eq!(
        at(&f),
        vec![(
            "priv/repo/migrations/20251124120009_create_comments.exs".to_string(),
            7
        )]
    );
    assert!(f[0].fix.is_some());
}

// ---------------------------------------------------- unsupervised-process

const WORKER: &str = "lib/shop/worker.ex";
const WORKER_SRC: &str = "defmodule Shop.Worker do\n  use GenServer\n\n  def start_link(opts), do: GenServer.start_link(__MODULE__, opts)\n\n  @impl true\n  def init(opts), do: {:ok, opts}\nend\n";

#[test]
fn a_genserver_nobody_starts_is_reported_with_the_fix() {
    let dir = project("phx_shop", &[(WORKER, WORKER_SRC)]);
    let f = run(&dir, Check::UnsupervisedProcess);
    assert_eq!(at(&f), vec![(WORKER.to_string(), 1)]);
    assert_eq!(
        f[0].fix.as_deref(),
        Some("scaffold doctor --fix --only unsupervised-process")
    );
}

#[test]
fn started_by_a_supervisor_a_dynamic_supervisor_or_the_application_is_fine() {
    let sup = project(
        "phx_shop",
        &[
            (WORKER, WORKER_SRC),
            (
                "lib/shop/workers.ex",
                "defmodule Shop.Workers do\n  use Supervisor\n\n  alias Shop.Worker\n\n  def start_link(arg), do: Supervisor.start_link(__MODULE__, arg, name: __MODULE__)\n\n  @impl true\n  def init(_arg) do\n    Supervisor.init([{Worker, interval: 10}], strategy: :one_for_one)\n  end\nend\n",
            ),
        ],
    );
    assert!(run(&sup, Check::UnsupervisedProcess).is_empty());
    let dynamic = project(
        "phx_shop",
        &[
            (WORKER, WORKER_SRC),
            (
                "lib/shop/jobs.ex",
                "defmodule Shop.Jobs do\n  def start(opts) do\n    DynamicSupervisor.start_child(Shop.JobSupervisor, {Shop.Worker, opts})\n  end\nend\n",
            ),
        ],
    );
    assert!(run(&dynamic, Check::UnsupervisedProcess).is_empty());
}

#[test]
fn modules_without_start_link_are_not_reported_and_start_link_0_gets_a_snippet() {
    let none = project(
        "phx_shop",
        &[(WORKER, "defmodule Shop.Worker do\n  use GenServer\n\n  @impl true\n  def init(opts), do: {:ok, opts}\nend\n")],
    );
    assert!(run(&none, Check::UnsupervisedProcess).is_empty());
    let zero = project(
        "phx_shop",
        &[("lib/shop/counter.ex", "defmodule Shop.Counter do\n  use Agent\n\n  def start_link do\n    Agent.start_link(fn -> 0 end, name: __MODULE__)\n  end\nend\n")],
    );
    let f = run(&zero, Check::UnsupervisedProcess);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].fix, None);
    assert!(f[0].message.contains("start_link/0"), "{}", f[0].message);
    assert!(f[0]
        .snippet
        .as_deref()
        .unwrap()
        .contains("start: {Shop.Counter, :start_link, []}"));
}

// --------------------------------------------------------- hardcoded-secret

#[test]
fn literal_secrets_in_prod_config_are_errors_with_a_runtime_snippet() {
    let dir = copy_fixture("phx_shop");
    let prod = dir.child("config/prod.exs");
    let text = std::fs::read_to_string(prod.path()).unwrap();
    prod.write_str(&format!(
        "{text}\nconfig :shop, Shop.Repo,\n  url: \"ecto://shop:hunter2@db.internal/shop\"\n\nconfig :stripity_stripe, api_key: \"sk_live_123\"\n\nconfig :shop, :webhook_secret, \"whsec_live\"\n"
    ))
    .unwrap();
    let f = run(&dir, Check::HardcodedSecret);
    let lines = text.lines().count();
    assert_eq!(
        at(&f),
        vec![
            ("config/prod.exs".into(), lines + 3),
            ("config/prod.exs".into(), lines + 5),
            ("config/prod.exs".into(), lines + 7)
        ]
    );
    assert!(f.iter().all(|f| f.severity == Severity::Error));
    assert!(
        f[0].snippet
            .as_deref()
            .unwrap()
            .contains("url: System.fetch_env!(\"DATABASE_URL\")"),
        "{:?}",
        f[0].snippet
    );
    assert!(f[1]
        .snippet
        .as_deref()
        .unwrap()
        .contains("api_key: System.fetch_env!(\"STRIPITY_STRIPE_API_KEY\")"));
    assert!(f[2]
        .snippet
        .as_deref()
        .unwrap()
        .contains("config :shop, webhook_secret: System.fetch_env!(\"SHOP_WEBHOOK_SECRET\")"));
}

#[test]
fn runtime_exs_fallbacks_and_assignments_are_flagged_but_env_reads_are_not() {
    let dir = copy_fixture("phx_shop");
    let runtime = dir.child("config/runtime.exs");
    let text = std::fs::read_to_string(runtime.path()).unwrap();
    runtime
        .write_str(&format!(
            "{text}\ntoken = System.get_env(\"GITHUB_TOKEN\", \"ghp_fallback\")\nsigning_secret = \"whsec_123\"\nconfig :shop, :github, token: token, password: System.fetch_env!(\"PASSWORD\")\n# api_key: \"in a comment\"\n"
        ))
        .unwrap();
    let f = run(&dir, Check::HardcodedSecret);
    let n = text.lines().count();
    assert_eq!(
        at(&f),
        vec![
            ("config/runtime.exs".into(), n + 2),
            ("config/runtime.exs".into(), n + 3)
        ]
    );
    assert!(
        f[0].message.contains("falls back to a literal"),
        "{}",
        f[0].message
    );
}

#[test]
fn dev_and_test_config_and_salts_are_not_secrets() {
    // phx_shop's dev.exs and test.exs hold secret_key_base literals and
    // config.exs a signing salt: a fresh project is clean.
    let dir = copy_fixture("phx_shop");
    assert!(std::fs::read_to_string(dir.path().join("config/dev.exs"))
        .unwrap()
        .contains("secret_key_base: \""));
    assert!(run(&dir, Check::HardcodedSecret).is_empty());
}

// ------------------------------------------------------------- ash checks

const POST: &str = "lib/shop/accounts/post.ex";

fn post(use_extra: &str, body: &str) -> String {
    format!(
        "defmodule Shop.Accounts.Post do\n  use Ash.Resource,\n    otp_app: :shop,\n    domain: Shop.Accounts{use_extra}\n\n{body}  attributes do\n    uuid_primary_key :id\n  end\nend\n"
    )
}

const POLICIES: &str =
    "  policies do\n    policy always() do\n      authorize_if actor_present()\n    end\n  end\n\n";

fn accounts_domain(entries: &str) -> String {
    format!("defmodule Shop.Accounts do\n  use Ash.Domain, otp_app: :shop\n\n  resources do\n    resource Shop.Accounts.User\n{entries}  end\nend\n")
}

#[test]
fn policies_check_covers_the_three_incomplete_shapes() {
    let with_all = post(",\n    authorizers: [Ash.Policy.Authorizer]", POLICIES);
    let dir = project(
        "ash_shop",
        &[
            (POST, &with_all),
            (
                "lib/shop/accounts.ex",
                &accounts_domain("    resource Shop.Accounts.Post\n"),
            ),
        ],
    );
    let f = run(&dir, Check::AshPolicies);
    // Only the fixture's User (no authorizer, no policies) is left.
    assert_eq!(at(&f), vec![("lib/shop/accounts/user.ex".into(), 1)]);
    assert_eq!(
        f[0].fix.as_deref(),
        Some("scaffold ash-policy Shop.Accounts.User")
    );

    let no_policies = post(",\n    authorizers: [Ash.Policy.Authorizer]", "");
    let dir = project("ash_shop", &[(POST, &no_policies)]);
    let f = run(&dir, Check::AshPolicies);
    let msg = &f.iter().find(|f| f.file == POST).unwrap().message;
    assert!(msg.contains("every action is forbidden"), "{msg}");

    let no_authorizer = post("", POLICIES);
    let dir = project("ash_shop", &[(POST, &no_authorizer)]);
    let f = run(&dir, Check::AshPolicies);
    let msg = &f.iter().find(|f| f.file == POST).unwrap().message;
    assert!(msg.contains("not applied"), "{msg}");
}

#[test]
fn embedded_resources_and_custom_authorizers_need_no_policies() {
    let embedded = "defmodule Shop.Accounts.Address do\n  use Ash.Resource, data_layer: :embedded\n\n  attributes do\n    attribute :street, :string\n  end\nend\n";
    let custom = post(",\n    authorizers: [Shop.MyAuthorizer]", "");
    let dir = project(
        "ash_shop",
        &[("lib/shop/accounts/address.ex", embedded), (POST, &custom)],
    );
    let f = run(&dir, Check::AshPolicies);
    assert_eq!(at(&f), vec![("lib/shop/accounts/user.ex".into(), 1)]);
    let d = run(&dir, Check::AshDomainResource);
    assert_eq!(
        at(&d),
        vec![(POST.to_string(), 1)],
        "Post is not listed; the embedded resource needs no domain"
    );
}

#[test]
fn resources_listed_through_an_alias_or_an_open_domain_are_in_their_domain() {
    let aliased = "defmodule Shop.Accounts do\n  use Ash.Domain, otp_app: :shop\n\n  alias Shop.Accounts.Post\n\n  resources do\n    resource Shop.Accounts.User\n    resource Post\n  end\nend\n";
    let dir = project(
        "ash_shop",
        &[(POST, &post("", "")), ("lib/shop/accounts.ex", aliased)],
    );
    assert!(run(&dir, Check::AshDomainResource).is_empty());
    let open = accounts_domain("    allow_unregistered? true\n");
    let dir = project(
        "ash_shop",
        &[(POST, &post("", "")), ("lib/shop/accounts.ex", &open)],
    );
    assert!(run(&dir, Check::AshDomainResource).is_empty());
}

#[test]
fn a_resource_without_domain_listed_nowhere_is_an_error_without_automatic_fix() {
    let orphan = "defmodule Shop.Orphan do\n  use Ash.Resource\n\n  attributes do\n    uuid_primary_key :id\n  end\nend\n";
    let dir = project("ash_shop", &[("lib/shop/orphan.ex", orphan)]);
    let f = run(&dir, Check::AshDomainResource);
    assert_eq!(at(&f), vec![("lib/shop/orphan.ex".into(), 1)]);
    assert_eq!(f[0].severity, Severity::Error);
    assert_eq!(f[0].fix, None);
}

#[test]
fn domains_missing_from_ash_domains_unless_they_opt_out() {
    let blog =
        "defmodule Shop.Blog do\n  use Ash.Domain, otp_app: :shop\n\n  resources do\n  end\nend\n";
    let quiet = "defmodule Shop.Internal do\n  use Ash.Domain, validate_config_inclusion?: false\n\n  resources do\n  end\nend\n";
    let dir = project(
        "ash_shop",
        &[("lib/shop/blog.ex", blog), ("lib/shop/internal.ex", quiet)],
    );
    let f = run(&dir, Check::AshDomainsConfig);
    assert_eq!(at(&f), vec![("lib/shop/blog.ex".into(), 1)]);
    assert!(
        f[0].message.contains("config/config.exs:51"),
        "{}",
        f[0].message
    );
}

// ------------------------------------------------------------ missing-test

#[test]
fn phoenix_plumbing_needs_no_test_but_logic_does() {
    let dir = project(
        "phx_shop",
        &[
            (
                "lib/shop/pricing.ex",
                "defmodule Shop.Pricing do\n  def total(items), do: Enum.sum(items)\nend\n",
            ),
            (
                "lib/shop/constants.ex",
                "defmodule Shop.Constants do\n  @moduledoc false\n  defmacro pi, do: 3.14\nend\n",
            ),
            (WORKER, WORKER_SRC),
            (
                "lib/shop/tested.ex",
                "defmodule Shop.Tested do\n  def ok, do: :ok\nend\n",
            ),
            (
                "test/shop/tested_test.exs",
                "defmodule Shop.TestedTest do\n  use ExUnit.Case\nend\n",
            ),
        ],
    );
    let f = run(&dir, Check::MissingTest);
    assert_eq!(
        at(&f),
        vec![("lib/shop/pricing.ex".into(), 1), (WORKER.to_string(), 1)]
    );
    assert!(f.iter().all(|f| f.severity == Severity::Info));
    assert_eq!(f[0].fix, None, "plain modules get no skeleton");
    assert_eq!(
        f[1].fix.as_deref(),
        Some("scaffold doctor --fix --only missing-test")
    );
    assert_eq!(
        f[1].message,
        "Shop.Worker has no test file (test/shop/worker_test.exs)"
    );
}

#[test]
fn umbrella_apps_mirror_their_own_test_folder() {
    let dir = copy_fixture("umbrella");
    dir.child("apps/shop/lib/shop/pricing.ex")
        .write_str("defmodule Shop.Pricing do\n  def total(items), do: Enum.sum(items)\nend\n")
        .unwrap();
    let p = Project::load(dir.path(), Some("shop")).unwrap();
    let opts = Options {
        only: vec![Check::MissingTest],
        ..Options::default()
    };
    let f = analyze(&p, &opts).unwrap().findings;
    assert_eq!(at(&f), vec![("apps/shop/lib/shop/pricing.ex".into(), 1)]);
    assert!(f[0]
        .message
        .ends_with("(apps/shop/test/shop/pricing_test.exs)"));
}

// -------------------------------------------------------------- n-plus-one

#[test]
fn queries_inside_loops_are_hints_but_queries_feeding_loops_are_not() {
    let src = "defmodule Shop.Report do\n  import Ecto.Query\n  alias Shop.{Repo, User}\n\n  def names(ids) do\n    for id <- ids do\n      Repo.get!(User, id).name\n    end\n  end\n\n  def all_names do\n    for u <- Repo.all(from u in User), do: u.name\n  end\n\n  def loaded(users), do: Enum.map(users, &Shop.Repo.preload(&1, :posts))\n\n  def by_ash(ids), do: Enum.each(ids, fn id -> Ash.get!(User, id) end)\n\n  def pure(ids), do: Enum.map(ids, &String.to_integer/1)\nend\n";
    let dir = project("phx_shop", &[("lib/shop/report.ex", src)]);
    let f = run(&dir, Check::NPlusOne);
    assert_eq!(
        at(&f),
        vec![
            ("lib/shop/report.ex".into(), 7),
            ("lib/shop/report.ex".into(), 15),
            ("lib/shop/report.ex".into(), 17)
        ]
    );
    assert!(f
        .iter()
        .all(|f| f.severity == Severity::Info && f.fix.is_none()));
    assert!(
        f[0].message.starts_with("Repo.get! inside for (line 6)"),
        "{}",
        f[0].message
    );
}

#[test]
fn domain_getters_in_loops_are_found_in_files_that_never_mention_repo_or_ash() {
    let domain = "defmodule Shop.Accounts do\n  use Ash.Domain, otp_app: :shop\n\n  resources do\n    resource Shop.Accounts.User do\n      define :get_user, action: :read, get_by: [:id]\n      define :register, action: :create\n    end\n  end\nend\n";
    let caller = "defmodule Shop.Team do\n  alias Shop.Accounts\n\n  def members(ids), do: Enum.map(ids, &Accounts.get_user!/1)\n\n  def sign_up(list), do: Enum.map(list, &Accounts.register/1)\nend\n";
    let dir = project(
        "ash_shop",
        &[
            ("lib/shop/accounts.ex", domain),
            ("lib/shop/team.ex", caller),
        ],
    );
    let f = run(&dir, Check::NPlusOne);
    assert_eq!(at(&f), vec![("lib/shop/team.ex".into(), 4)]);
    assert!(
        f[0].message
            .starts_with("Accounts.get_user! inside Enum.map"),
        "{}",
        f[0].message
    );
}

// ------------------------------------------------------------ unique-index

const USERS: &str = "priv/repo/migrations/20250101000000_create_users.exs";

fn users_migration(index: &str) -> String {
    format!(
        "defmodule Shop.Repo.Migrations.CreateUsers do\n  use Ecto.Migration\n\n  def change do\n    create table(:users) do\n      add :email, :string, null: false\n      add :name, :string\n    end\n{index}  end\nend\n"
    )
}

#[test]
fn unique_looking_columns_need_a_unique_index() {
    let none = project("phx_shop", &[(USERS, &users_migration(""))]);
    let f = run(&none, Check::UniqueIndex);
    assert_eq!(at(&f), vec![(USERS.to_string(), 6)]);
    assert_eq!(
        f[0].fix.as_deref(),
        Some("scaffold migration add_users_email_unique_index --unique-index users.email")
    );
    let plain = project(
        "phx_shop",
        &[(
            USERS,
            &users_migration("\n    create index(:users, [:email])\n"),
        )],
    );
    assert_eq!(
        run(&plain, Check::UniqueIndex).len(),
        1,
        "a plain index does not make it unique"
    );
    for index in [
        "\n    create unique_index(:users, [:email])\n",
        "\n    create index(:users, [\"lower(email)\"], unique: true)\n",
        "\n    create unique_index(:users, [:name, :email])\n",
    ] {
        let dir = project("phx_shop", &[(USERS, &users_migration(index))]);
        assert!(run(&dir, Check::UniqueIndex).is_empty(), "{index}");
    }
}

#[test]
fn ash_identities_make_fields_unique() {
    // ash_shop's User has an identity on email (and a unique index).
    let dir = copy_fixture("ash_shop");
    assert!(run(&dir, Check::UniqueIndex).is_empty());
    let user = dir.child("lib/shop/accounts/user.ex");
    let text = std::fs::read_to_string(user.path()).unwrap();
    let without = text.replace(
        "  identities do\n    identity :unique_email, [:email]\n  end\n",
        "",
    );
    assert_ne!(text, without);
    user.write_str(&without).unwrap();
    let f = run(&dir, Check::UniqueIndex);
    // The migration still has the unique index: the resource is covered.
    assert!(f.is_empty(), "{f:?}");
}

// ------------------------------------------------------- scanning itself

#[test]
fn unparsable_candidates_are_reported_and_skipped() {
    let dir = project(
        "phx_shop",
        &[(
            WORKER,
            "defmodule Shop.Worker do\n  use GenServer\n\n  def start_link(opts do\nend\n",
        )],
    );
    let p = Project::load(dir.path(), None).unwrap();
    let f = analyze(&p, &Options::default()).unwrap().findings;
    let parse: Vec<&Finding> = f.iter().filter(|f| f.check == Check::ParseError).collect();
    assert_eq!(parse.len(), 1);
    assert_eq!(parse[0].file, WORKER);
    assert!(!f.iter().any(|f| f.check == Check::UnsupervisedProcess));
}

#[test]
fn files_no_check_can_use_are_read_but_not_parsed() {
    let base = copy_fixture("phx_shop");
    let p = Project::load(base.path(), None).unwrap();
    let before = analyze(&p, &Options::default()).unwrap();
    for i in 0..20 {
        base.child(format!("lib/shop/helpers/h{i}.ex"))
            .write_str(&format!(
                "defmodule Shop.Helpers.H{i} do\n  @moduledoc false\n  defp x(a), do: a\nend\n"
            ))
            .unwrap();
    }
    let after = analyze(&p, &Options::default()).unwrap();
    assert_eq!(after.files_read, before.files_read + 20);
    assert_eq!(after.files_parsed, before.files_parsed);
    assert!(after.findings.is_empty());
}

#[test]
fn processes_named_in_config_or_started_by_any_supervisor_module_count_as_started() {
    let dir = copy_fixture("phx_shop");
    dir.child(WORKER).write_str(WORKER_SRC).unwrap();
    let config = dir.child("config/config.exs");
    let text = std::fs::read_to_string(config.path()).unwrap();
    assert_eq!(run(&dir, Check::UnsupervisedProcess).len(), 1);
    config
        .write_str(&format!(
            "{text}\nconfig :shop, Oban, plugins: [Shop.Worker]\n"
        ))
        .unwrap();
    assert!(run(&dir, Check::UnsupervisedProcess).is_empty());
    config.write_str(&text).unwrap();
    dir.child("lib/shop/jobs.ex")
        .write_str("defmodule Shop.Jobs do\n  def start(arg), do: Horde.DynamicSupervisor.start_child(Shop.Horde, {Shop.Worker, arg})\nend\n")
        .unwrap();
    assert!(run(&dir, Check::UnsupervisedProcess).is_empty());
}
