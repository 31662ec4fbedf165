//! `scaffold live` and the pages `ash-resource --live` composes: every
//! variant planned against the fixtures, snapshotted (created files and the
//! router diff), checked with the real Elixir parser and formatter, every
//! `~H` template checked for well-formedness against the fixture's core
//! components; then end to end on copies of the fixtures: routes inserted
//! in place (inside the signed-in live_session when the router has one, a
//! new scope only when the browser scope is missing), idempotent re-runs,
//! --dry-run, an unknown router shape and bad input.
mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::heex::{self, Registry};
use common::project::{copy_fixture, tree_entries, tree_hash};
use predicates::prelude::*;
use scaffold::changes::{ChangeSet, Status};
use scaffold::generators::live::{self, LiveOptions};
use scaffold::generators::Context;
use scaffold::project::Project;
use scaffold::render::Renderer;
use scaffold::spec::resource::{ProjectContext, ResourceInput, ResourceSpec};

const POST: &str = "lib/shop/blog/post.ex";

/// A resource as `scaffold ash-resource` writes it (no policies).
const POST_SOURCE: &str = r#"defmodule Shop.Blog.Post do
  use Ash.Resource, otp_app: :shop, domain: Shop.Blog, data_layer: AshPostgres.DataLayer

  postgres do
    table "posts"
    repo Shop.Repo
  end

  actions do
    defaults [
      :read,
      :destroy,
      create: [:title, :body, :published, :views, :status, :published_at, :author_id],
      update: [:title, :body, :published, :views, :status, :published_at, :author_id]
    ]
  end

  attributes do
    uuid_v7_primary_key :id

    attribute :title, :string do
      allow_nil? false
      public? true
    end

    attribute :body, :string do
      public? true
    end

    attribute :published, :boolean do
      default false
      public? true
    end

    attribute :views, :integer do
      public? true
    end

    attribute :status, :atom do
      constraints one_of: [:draft, :published]
      public? true
    end

    attribute :published_at, :utc_datetime do
      public? true
    end

    attribute :metadata, :map do
      public? true
    end

    attribute :secret_note, :string do
      sensitive? true
      public? true
    end

    timestamps()
  end

  relationships do
    belongs_to :author, Shop.Accounts.User do
      public? true
    end
  end
end
"#;

/// The same resource with policies: the create action relates the actor.
const POLICY_POST_SOURCE: &str = r#"defmodule Shop.Blog.Post do
  use Ash.Resource,
    otp_app: :shop,
    domain: Shop.Blog,
    data_layer: AshPostgres.DataLayer,
    authorizers: [Ash.Policy.Authorizer]

  postgres do
    table "posts"
    repo Shop.Repo
  end

  actions do
    defaults [:read, :destroy, update: [:title, :body]]

    create :create do
      primary? true
      accept [:title, :body]
      change relate_actor(:author)
    end
  end

  policies do
    policy action_type(:read) do
      authorize_if always()
    end

    policy action_type([:create, :update, :destroy]) do
      authorize_if relates_to_actor_via(:author)
    end
  end

  attributes do
    uuid_v7_primary_key :id

    attribute :title, :string do
      allow_nil? false
      public? true
    end

    attribute :body, :string do
      public? true
    end

    timestamps()
  end

  relationships do
    belongs_to :author, Shop.Accounts.User do
      allow_nil? false
      public? true
    end
  end
end
"#;

const REGISTER_AND_LOG_IN: &str = r#"
  @doc """
  Setup helper that registers and logs in users.
  """
  def register_and_log_in_user(%{conn: conn} = context) do
    user = Shop.AccountsFixtures.user_fixture()
    scope = Shop.Accounts.Scope.for_user(user)

    opts =
      context
      |> Map.take([:token_authenticated_at])
      |> Enum.into([])

    %{conn: log_in_user(conn, user, opts), user: user, scope: scope}
  end

  @doc """
  Logs the given `user` into the `conn`.
  """
  def log_in_user(conn, user, _opts \\ []) do
    conn
    |> Phoenix.ConnTest.init_test_session(%{})
    |> Plug.Conn.put_session(:user_token, user.id)
  end
end
"#;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Plans against a fixture (read-only), after `prepare` adds files to the
/// change set (the overlay the generator reads from).
fn planned<P, F>(fixture_name: &str, prepare: P, plan: F) -> ChangeSet
where
    P: FnOnce(&mut ChangeSet),
    F: FnOnce(&Context, &mut ChangeSet),
{
    let root = fixture(fixture_name);
    let project = Project::load(&root, None).unwrap();
    let renderer = Renderer::for_project(&root);
    let ctx = Context {
        project: &project,
        renderer: &renderer,
    };
    let mut set = ChangeSet::new(&root);
    prepare(&mut set);
    plan(&ctx, &mut set);
    set
}

fn with_resource(source: &'static str) -> impl FnOnce(&mut ChangeSet) {
    move |set| set.create(POST, source).unwrap()
}

fn registry(fixture_name: &str) -> Registry {
    let mut r = Registry::default();
    let web = fixture(fixture_name).join("lib/shop_web/components");
    r.learn(
        &std::fs::read_to_string(web.join("core_components.ex")).unwrap(),
        None,
    );
    r.learn(
        &std::fs::read_to_string(web.join("layouts.ex")).unwrap(),
        Some("Layouts"),
    );
    r
}

/// Snapshots every file the pages generator planned (created: content;
/// modified: diff), checks all of them with Elixir and every template with
/// the HEEx checker. `extra_assigns` are assigns the session provides.
fn verify(name: &str, fixture_name: &str, set: &ChangeSet, extra_assigns: &[&str]) {
    let registry = registry(fixture_name);
    let mut sources = Vec::new();
    for f in set.files() {
        if f.path == POST || f.path.starts_with("test/support/") {
            continue;
        }
        match f.status() {
            Status::Create => {
                let stem = f.path.rsplit('/').next().unwrap().replace('.', "_");
                insta::assert_snapshot!(format!("{name}__{stem}"), &f.new);
            }
            Status::Modify => {
                insta::assert_snapshot!(
                    format!("{name}__{}_diff", f.path.replace(['/', '.'], "_")),
                    f.diff(false)
                );
            }
            other => panic!("{}: unexpected status {other:?}", f.path),
        }
        sources.push((f.path.as_str(), f.new.as_str()));
        if f.path.contains("/live/") && f.path.ends_with(".ex") {
            let mut assigns = heex::liveview_assigns(&f.new);
            assigns.extend(extra_assigns.iter().map(|s| s.to_string()));
            let templates = heex::templates(&f.new);
            assert_eq!(templates.len(), 1, "{}", f.path);
            let problems = heex::check_source(&f.new, &assigns, &registry);
            assert!(
                problems.is_empty(),
                "{}:\n{}\n{}",
                f.path,
                problems.join("\n"),
                f.new
            );
        }
    }
    common::elixir::check_sources(&sources);
}

fn live_opts() -> LiveOptions {
    LiveOptions::default()
}

#[test]
fn existing_resource_on_the_ash_fixture() {
    let set = planned("ash_shop", with_resource(POST_SOURCE), |ctx, set| {
        live::plan_live(ctx, "Blog.Post", &live_opts(), set).unwrap()
    });
    let form = &set.get("lib/shop_web/live/post_live/form.ex").unwrap().new;
    for want in [
        "AshPhoenix.Form.for_update(:update, as: \"post\")",
        "AshPhoenix.Form.for_create(:create, as: \"post\")",
        "AshPhoenix.Form.validate(socket.assigns.form, params)",
        "AshPhoenix.Form.submit(socket.assigns.form, params: params)",
        "field={@form[:author_id]}",
        "options={@author_options}",
        "|> Enum.map(&{&1.email, &1.id})",
        "options={status_options()}",
    ] {
        assert!(form.contains(want), "form lacks {want}:\n{form}");
    }
    assert!(
        !form.contains("secret_note"),
        "a sensitive attribute is shown:\n{form}"
    );
    let show = &set.get("lib/shop_web/live/post_live/show.ex").unwrap().new;
    for field in [
        "Title",
        "Body",
        "Published",
        "Views",
        "Status",
        "Published at",
        "Metadata",
        "Author",
        "Inserted at",
        "Updated at",
    ] {
        assert!(
            show.contains(&format!("<:item title=\"{field}\">")),
            "Show lacks {field}:\n{show}"
        );
    }
    assert!(
        show.contains("{@post.author && @post.author.email}"),
        "{show}"
    );
    assert!(!show.contains("secret_note"), "{show}");
    let index = &set.get("lib/shop_web/live/post_live/index.ex").unwrap().new;
    assert!(index.contains("stream(:posts, posts)"), "{index}");
    assert!(
        index.contains("stream_delete(socket, :posts, post)"),
        "{index}"
    );
    assert!(!index.contains("actor"), "no policies, no actor:\n{index}");
    // ash_phoenix is already a dependency of the Ash fixture.
    assert!(set.get("mix.exs").is_none());
    verify("existing", "ash_shop", &set, &[]);
}

#[test]
fn routes_follow_the_browser_scope() {
    let set = planned("ash_shop", with_resource(POST_SOURCE), |ctx, set| {
        live::plan_live(ctx, "Blog.Post", &live_opts(), set).unwrap()
    });
    let router = &set.get("lib/shop_web/router.ex").unwrap().new;
    let expected = "    get \"/\", PageController, :home\n\n    live \"/posts\", PostLive.Index, :index\n    live \"/posts/new\", PostLive.Form, :new\n    live \"/posts/:id\", PostLive.Show, :show\n    live \"/posts/:id/edit\", PostLive.Form, :edit\n  end\n";
    assert!(router.contains(expected), "{router}");
}

#[test]
fn phx_gen_auth_scopes_and_policies() {
    let set = planned(
        "phx_auth",
        |set| {
            set.create(POST, POLICY_POST_SOURCE).unwrap();
            let conn_case =
                std::fs::read_to_string(fixture("phx_auth").join("test/support/conn_case.ex"))
                    .unwrap();
            let with_login = format!(
                "{}{REGISTER_AND_LOG_IN}",
                conn_case.trim_end().strip_suffix("end").unwrap()
            );
            set.modify("test/support/conn_case.ex", with_login).unwrap();
        },
        |ctx, set| live::plan_live(ctx, "Blog.Post", &live_opts(), set).unwrap(),
    );
    let index = &set.get("lib/shop_web/live/post_live/index.ex").unwrap().new;
    assert!(
        index.contains("<Layouts.app flash={@flash} current_scope={@current_scope}>"),
        "{index}"
    );
    assert!(
        index.contains("defp actor(socket), do: socket.assigns.current_scope.user"),
        "{index}"
    );
    assert!(index.contains("actor: actor(socket)"), "{index}");
    let form = &set.get("lib/shop_web/live/post_live/form.ex").unwrap().new;
    assert!(
        !form.contains("author_id"),
        "the owner comes from the actor, not the form:\n{form}"
    );
    let test = &set
        .get("test/shop_web/live/post_live_test.exs")
        .unwrap()
        .new;
    assert!(test.contains("setup :register_and_log_in_user"), "{test}");
    assert!(
        test.contains("defp create_post(%{user: user}) do"),
        "{test}"
    );
    assert!(test.contains("author: user"), "{test}");
    // The routes go inside the live_session that requires a user.
    let router = &set.get("lib/shop_web/router.ex").unwrap().new;
    let session = router
        .find("live_session :require_authenticated_user")
        .unwrap();
    let end = session + router[session..].find("\n    end").unwrap();
    let block = &router[session..end];
    assert!(
        block.contains("live \"/posts\", PostLive.Index, :index"),
        "{router}"
    );
    assert!(
        block.contains("live \"/posts/:id/edit\", PostLive.Form, :edit"),
        "{router}"
    );
    // phx_auth has no Ash yet: ash_phoenix is added with its formatter rules.
    assert!(set
        .get("mix.exs")
        .unwrap()
        .new
        .contains("{:ash_phoenix, \"~> 2.0\"}"));
    assert!(set
        .get(".formatter.exs")
        .unwrap()
        .new
        .contains(":ash_phoenix"));
    verify("auth", "phx_auth", &set, &["current_scope"]);
}

#[test]
fn new_scope_only_when_the_browser_scope_is_missing() {
    let opts = LiveOptions {
        scope: Some("/admin".into()),
        ..live_opts()
    };
    let set = planned("ash_shop", with_resource(POST_SOURCE), |ctx, set| {
        live::plan_live(ctx, "Blog.Post", &opts, set).unwrap()
    });
    let router = &set.get("lib/shop_web/router.ex").unwrap().new;
    assert!(
        router.contains("  scope \"/admin\", ShopWeb do\n    pipe_through :browser\n\n    live \"/posts\", PostLive.Index, :index\n"),
        "{router}"
    );
    assert_eq!(
        router.matches("scope \"/\", ShopWeb do").count(),
        1,
        "{router}"
    );
    let index = &set.get("lib/shop_web/live/post_live/index.ex").unwrap().new;
    assert!(index.contains("~p\"/admin/posts/new\""), "{index}");
    verify("admin_scope", "ash_shop", &set, &[]);
}

#[test]
fn no_router_prints_the_routes() {
    let opts = LiveOptions {
        router: false,
        ..live_opts()
    };
    let set = planned("ash_shop", with_resource(POST_SOURCE), |ctx, set| {
        live::plan_live(ctx, "Blog.Post", &opts, set).unwrap()
    });
    assert!(set.get("lib/shop_web/router.ex").is_none());
    let note = set
        .notes()
        .iter()
        .find(|n| n.contains("--no-router"))
        .expect("a note with the routes");
    assert!(
        note.contains("live \"/posts/:id/edit\", PostLive.Form, :edit"),
        "{note}"
    );
}

#[test]
fn read_only_resource_gets_no_form() {
    const READ_ONLY: &str = "defmodule Shop.Blog.Post do\n  use Ash.Resource, domain: Shop.Blog, data_layer: Ash.DataLayer.Ets\n\n  actions do\n    defaults [:read]\n  end\n\n  attributes do\n    uuid_primary_key :id\n\n    attribute :title, :string do\n      public? true\n    end\n  end\nend\n";
    let set = planned("ash_shop", with_resource(READ_ONLY), |ctx, set| {
        live::plan_live(ctx, "Blog.Post", &live_opts(), set).unwrap()
    });
    assert!(set.get("lib/shop_web/live/post_live/form.ex").is_none());
    let router = &set.get("lib/shop_web/router.ex").unwrap().new;
    assert!(!router.contains("PostLive.Form"), "{router}");
    let index = &set.get("lib/shop_web/live/post_live/index.ex").unwrap().new;
    assert!(!index.contains("delete"), "{index}");
    verify("read_only", "ash_shop", &set, &[]);
}

fn spec(module: &str, fields: &[&str], policies: bool) -> ResourceSpec {
    let mut input = ResourceInput::new(module, fields.iter().copied());
    input.policies = policies;
    input.live = true;
    ResourceSpec::build(input, &ProjectContext::new("shop").unwrap()).unwrap()
}

#[test]
fn composed_from_a_resource_spec() {
    let spec = spec(
        "Blog.Article",
        &[
            "title:string:required",
            "body:text",
            "rating:float",
            "price:decimal",
            "published_on:date",
            "starts_at:time",
            "edited_at:naive_datetime",
            "reference:uuid",
            "tags:array:string",
            "kinds:array:atom:news,event",
            "payload:binary",
            "author:belongs_to:Accounts.User:required",
        ],
        false,
    );
    let set = planned(
        "ash_shop",
        |_| {},
        |ctx, set| live::plan_resource_pages(ctx, &spec, &live_opts(), set).unwrap(),
    );
    let form = &set
        .get("lib/shop_web/live/article_live/form.ex")
        .unwrap()
        .new;
    assert!(form.contains("type=\"textarea\""), "{form}");
    assert!(form.contains("step=\"any\""), "{form}");
    assert!(form.contains("multiple"), "{form}");
    assert!(form.contains("|> Keyword.fetch!(:items)"), "{form}");
    assert!(
        !form.contains("@form[:tags]"),
        "no input fits a list of strings:\n{form}"
    );
    assert!(
        set.notes()
            .iter()
            .any(|n| n.contains("`tags` is not in the generated form")),
        "{:?}",
        set.notes()
    );
    let show = &set
        .get("lib/shop_web/live/article_live/show.ex")
        .unwrap()
        .new;
    assert!(
        show.contains("{Enum.join(List.wrap(@article.tags), \", \")}"),
        "{show}"
    );
    assert!(
        show.contains("{@article.author.email}"),
        "required belongs_to needs no nil check:\n{show}"
    );
    verify("spec", "ash_shop", &set, &[]);
}

#[test]
fn long_names_stay_formatter_clean() {
    let spec = spec(
        "Catalogue.ProductCategoryAssignmentRecord",
        &[
            "a_remarkably_long_descriptive_attribute_name_for_layout:string:required",
            "another_quite_long_attribute_name_with_values:atom:first_possible_value,second_possible_value",
            "keeper:belongs_to:Accounts.User",
        ],
        true,
    );
    // Route lines this long would need breaking inside the router, which
    // the router edit does not do (see `routed_long_names`): no router here.
    let opts = LiveOptions {
        scope: Some("/administration/catalogue-management".into()),
        router: false,
        ..live_opts()
    };
    let set = planned(
        "ash_shop",
        |_| {},
        |ctx, set| live::plan_resource_pages(ctx, &spec, &opts, set).unwrap(),
    );
    verify("long", "ash_shop", &set, &[]);
}

#[test]
fn routed_long_names() {
    let spec = spec(
        "Catalogue.CategoryAssignmentRecord",
        &[
            "a_remarkably_long_descriptive_attribute_name_for_layout:string:required",
            "keeper:belongs_to:Accounts.User:required",
        ],
        false,
    );
    let opts = LiveOptions {
        scope: Some("/administration/catalogue-management".into()),
        ..live_opts()
    };
    let set = planned(
        "ash_shop",
        |_| {},
        |ctx, set| live::plan_resource_pages(ctx, &spec, &opts, set).unwrap(),
    );
    verify("routed_long", "ash_shop", &set, &[]);
}

// ---------------------------------------------------------------------------
// End to end
// ---------------------------------------------------------------------------

fn scaffold() -> Command {
    let mut c = Command::cargo_bin("scaffold").unwrap();
    c.env("NO_COLOR", "1");
    c
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Checks every .ex/.exs file the command created or changed.
fn check_changed(dir: &Path, before: &[(String, Vec<u8>)]) -> Vec<String> {
    let after = tree_entries(dir);
    let changed: Vec<String> = common::project::changed_files(before, &after)
        .into_iter()
        .filter(|p| !p.starts_with(".scaffold/"))
        .collect();
    let files: Vec<PathBuf> = changed
        .iter()
        .filter(|p| !p.ends_with('/'))
        .map(|p| dir.join(p))
        .collect();
    common::elixir::check_files(&files);
    let registry = registry("ash_shop");
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        if f.to_string_lossy().contains("/live/") && f.extension().is_some_and(|e| e == "ex") {
            let problems = heex::check_source(&text, &heex::liveview_assigns(&text), &registry);
            assert!(problems.is_empty(), "{}: {problems:?}", f.display());
        }
    }
    changed
}

#[test]
fn end_to_end_on_the_ash_fixture() {
    let dir = copy_fixture("ash_shop");
    write(dir.path(), POST, POST_SOURCE);
    let before_entries = tree_entries(dir.path());
    let before = tree_hash(dir.path());

    scaffold()
        .current_dir(dir.path())
        .args(["live", "Blog.Post", "--dry-run"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "+    live \"/posts\", PostLive.Index, :index",
        ));
    assert_eq!(tree_hash(dir.path()), before, "--dry-run wrote something");

    scaffold()
        .current_dir(dir.path())
        .args(["live", "Blog.Post", "-y"])
        .assert()
        .success();
    let mut changed = check_changed(dir.path(), &before_entries);
    changed.sort();
    assert_eq!(
        changed,
        vec![
            "lib/shop_web/live/",
            "lib/shop_web/live/post_live/",
            "lib/shop_web/live/post_live/form.ex",
            "lib/shop_web/live/post_live/index.ex",
            "lib/shop_web/live/post_live/show.ex",
            "lib/shop_web/router.ex",
            "test/shop_web/live/",
            "test/shop_web/live/post_live_test.exs",
        ]
    );
    let after = tree_hash(dir.path());

    let out = scaffold()
        .current_dir(dir.path())
        .args(["live", "Blog.Post", "-y"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    for f in ["index.ex", "show.ex", "form.ex"] {
        assert!(
            stdout.contains(&format!("unchanged lib/shop_web/live/post_live/{f}")),
            "{stdout}"
        );
    }
    assert!(stdout.contains("routes already in scope"), "{stdout}");
    assert!(
        !stdout.contains("create ") && !stdout.contains("modify "),
        "{stdout}"
    );
    assert_eq!(
        tree_hash(dir.path()),
        after,
        "the second run changed the tree"
    );
}

#[test]
fn end_to_end_composed_with_ash_resource() {
    let dir = copy_fixture("ash_shop");
    let before = tree_entries(dir.path());
    let out = scaffold()
        .current_dir(dir.path())
        .args([
            "ash-resource",
            "Blog.Post",
            "title:string:required",
            "author:belongs_to:Accounts.User",
            "--live",
            "-y",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let changed = check_changed(dir.path(), &before);
    assert!(
        changed
            .iter()
            .any(|p| p == "lib/shop_web/live/post_live/index.ex"),
        "{changed:?}"
    );
    for page in ["show.ex", "form.ex"] {
        assert!(
            changed
                .iter()
                .any(|p| *p == format!("lib/shop_web/live/post_live/{page}")),
            "{changed:?}"
        );
    }
    assert!(
        changed.iter().any(|p| p == "lib/shop_web/router.ex"),
        "{changed:?}"
    );
    let after = tree_hash(dir.path());
    scaffold()
        .current_dir(dir.path())
        .args([
            "ash-resource",
            "Blog.Post",
            "title:string:required",
            "author:belongs_to:Accounts.User",
            "--live",
            "-y",
        ])
        .assert()
        .success();
    assert_eq!(tree_hash(dir.path()), after);
}

#[test]
fn missing_browser_scope_gets_a_new_one() {
    let dir = copy_fixture("ash_shop");
    write(dir.path(), POST, POST_SOURCE);
    let router_path = dir.path().join("lib/shop_web/router.ex");
    let router = std::fs::read_to_string(&router_path).unwrap();
    let without = router.replace(
        "  scope \"/\", ShopWeb do\n    pipe_through :browser\n\n    get \"/\", PageController, :home\n  end\n\n",
        "",
    );
    assert_ne!(without, router);
    std::fs::write(&router_path, &without).unwrap();
    scaffold()
        .current_dir(dir.path())
        .args(["live", "Blog.Post", "-y"])
        .assert()
        .success();
    let after = std::fs::read_to_string(&router_path).unwrap();
    assert!(
        after.contains("  scope \"/\", ShopWeb do\n    pipe_through :browser\n\n    live \"/posts\", PostLive.Index, :index\n"),
        "{after}"
    );
    common::elixir::check_files(&[router_path]);
}

#[test]
fn unknown_router_shape_is_refused_with_the_snippet() {
    let dir = copy_fixture("ash_shop");
    write(dir.path(), POST, POST_SOURCE);
    write(
        dir.path(),
        "lib/shop_web/router.ex",
        "defmodule ShopWeb.Router do\n  import Plug.Conn\nend\n",
    );
    let before = tree_hash(dir.path());
    scaffold()
        .current_dir(dir.path())
        .args(["live", "Blog.Post", "-y"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no router module found"))
        .stderr(predicate::str::contains(
            "live \"/posts\", PostLive.Index, :index",
        ));
    assert_eq!(tree_hash(dir.path()), before, "nothing may be written");
}

#[test]
fn bad_input_exits_2_and_writes_nothing() {
    let dir = copy_fixture("ash_shop");
    write(dir.path(), POST, POST_SOURCE);
    write(
        dir.path(),
        "lib/shop/blog/notes.ex",
        "defmodule Shop.Blog.Notes do\n  def list, do: []\nend\n",
    );
    let before = tree_hash(dir.path());
    let cases: &[(&[&str], &str)] = &[
        (&["Blog.Pots"], "did you mean `Blog.Post`"),
        (&["Blog.Comment"], "no Ash resource `Shop.Blog.Comment`"),
        (&["Blog.Notes"], "no Ash resource `Shop.Blog.Notes`"),
        (&["blog.post"], "did you mean `Blog.Post`"),
        (&["ShopWeb.PostLive"], "inside the web module"),
        (&["Blog.Post", "--scope", "admin area"], "invalid --scope"),
        (&["Blog.Post", "--scope", "/Admin"], "invalid --scope"),
    ];
    for (args, message) in cases {
        let out = scaffold()
            .current_dir(dir.path())
            .arg("live")
            .args(*args)
            .arg("-y")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(message),
            "{args:?}: expected `{message}` in:\n{stderr}"
        );
        assert_eq!(tree_hash(dir.path()), before, "{args:?} wrote something");
    }
}
