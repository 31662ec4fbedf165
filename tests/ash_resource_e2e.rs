//! `scaffold ash-resource` end to end: the command of the issue on a fresh
//! Phoenix 1.8 project (Ash set up in the same run), on a project that
//! already uses Ash, idempotency, `--dry-run`, conflicts and `--force`.
mod common;

use assert_cmd::Command;
use common::ash_dsl::{validate_domain, validate_resource};
use common::elixir::check_tree;
use common::project::{copy_fixture, tree_hash};
use serde_json::Value;
use std::path::Path;

const ISSUE_COMMAND: &[&str] = &[
    "ash-resource",
    "Blog.Post",
    "title:string:required",
    "body:text",
    "published:boolean:default=false",
    "views:integer",
    "slug:string:unique",
    "author:belongs_to:Accounts.User",
    "tags:array:string",
    "status:atom:draft,published",
    "--policies",
];

fn scaffold(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("scaffold").unwrap();
    c.current_dir(dir)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1767225600");
    c
}

/// Runs scaffold with `--json` and returns (exit code, summary).
fn run_json(dir: &Path, args: &[&str]) -> (i32, Value) {
    let out = scaffold(dir).arg("--json").args(args).output().unwrap();
    let code = out.status.code().unwrap_or(-1);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let v: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {stdout}\nstderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (code, v)
}

fn statuses(v: &Value) -> Vec<(String, String)> {
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn fixture_file(fixture: &str, path: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture);
    std::fs::read_to_string(root.join(path)).unwrap()
}

#[test]
fn issue_command_on_a_fresh_phoenix_project() {
    let dir = copy_fixture("phx_shop");
    let root = dir.path();
    let (code, v) = run_json(root, &[&["--yes"], ISSUE_COMMAND].concat());
    assert_eq!(code, 0, "{v}");
    let st = statuses(&v);
    for (path, status) in [
        ("mix.exs", "modify"),
        (".formatter.exs", "modify"),
        ("config/config.exs", "modify"),
        ("lib/shop/repo.ex", "modify"),
        ("lib/shop/blog/post.ex", "create"),
        ("lib/shop/blog.ex", "create"),
        ("lib/shop/checks/actor_has_role.ex", "create"),
        ("test/shop/blog/post_test.exs", "create"),
    ] {
        assert!(
            st.iter().any(|(p, s)| p == path && s == status),
            "{path} should be `{status}`: {st:?}"
        );
    }
    assert!(
        st.iter()
            .any(|(p, s)| p.starts_with("priv/repo/migrations/")
                && p.ends_with("_create_posts.exs")
                && s == "create"),
        "the create-table migration is part of the run: {st:?}"
    );
    let notes = v["notes"].to_string();
    assert!(
        notes.contains("`scaffold init` runs as part of this command"),
        "{notes}"
    );
    assert!(
        notes.contains("Shop.Accounts.User"),
        "the missing relationship target is reported: {notes}"
    );

    // Every Elixir file of the project parses and is formatter-clean; the
    // resource and the domain fit the Ash DSL.
    check_tree(root);
    let resource = read(root, "lib/shop/blog/post.ex");
    let problems = validate_resource(&resource);
    assert!(problems.is_empty(), "{}\n{resource}", problems.join("\n"));
    let domain = read(root, "lib/shop/blog.ex");
    let problems = validate_domain(&domain);
    assert!(problems.is_empty(), "{}\n{domain}", problems.join("\n"));

    // What the issue asks of the resource.
    for expected in [
        "otp_app: :shop",
        "domain: Shop.Blog",
        "data_layer: AshPostgres.DataLayer",
        "authorizers: [Ash.Policy.Authorizer]",
        "table \"posts\"",
        "repo Shop.Repo",
        "reference :author",
        "index?: true",
        "uuid_v7_primary_key :id",
        "constraints one_of: [:draft, :published]",
        "timestamps()",
        "identity :unique_slug, [:slug]",
        "relates_to_actor_via(:author)",
        "{Shop.Checks.ActorHasRole, role: :admin}",
    ] {
        assert!(
            resource.contains(expected),
            "missing `{expected}`:\n{resource}"
        );
    }
    for define in [
        "define :create_post, action: :create",
        "define :list_posts, action: :read",
        "define :get_post, action: :read, get_by: :id",
        "define :update_post, action: :update",
        "define :destroy_post, action: :destroy",
    ] {
        assert!(domain.contains(define), "missing `{define}`:\n{domain}");
    }
    let config = read(root, "config/config.exs");
    assert!(config.contains("ash_domains: [Shop.Blog]"), "{config}");
    let mix = read(root, "mix.exs");
    for dep in [
        "{:ash, \"~> 3.0\"}",
        "{:ash_postgres, \"~> 2.0\"}",
        "{:picosat_elixir, \"~> 0.2\"}",
        "{:ash_phoenix, \"~> 2.0\"}",
    ] {
        assert!(mix.contains(dep), "missing {dep}:\n{mix}");
    }

    // The same command again changes nothing.
    let project_files = |root: &Path| -> Vec<(String, Vec<u8>)> {
        // The apply journal lives in .scaffold/; the project is the rest.
        common::project::tree_entries(root)
            .into_iter()
            .filter(|(p, _)| !p.starts_with(".scaffold"))
            .collect()
    };
    let before = project_files(root);
    let (code, v) = run_json(root, &[&["--yes"], ISSUE_COMMAND].concat());
    assert_eq!(code, 0, "{v}");
    let st = statuses(&v);
    assert!(st.iter().any(|(p, _)| p == "lib/shop/blog/post.ex"));
    assert!(st.iter().any(|(p, _)| p == "config/config.exs"));
    for (path, status) in &st {
        assert_eq!(
            status, "unchanged",
            "{path} changed on the second run: {st:?}"
        );
    }
    assert!(
        project_files(root) == before,
        "the second run wrote something"
    );
}

#[test]
fn dry_run_prints_the_whole_diff_and_writes_nothing() {
    let dir = copy_fixture("phx_shop");
    let root = dir.path();
    let before = tree_hash(root);
    let out = scaffold(root)
        .arg("--dry-run")
        .args(ISSUE_COMMAND)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    for expected in [
        "+defmodule Shop.Blog.Post do",
        "+defmodule Shop.Blog do",
        "+defmodule Shop.Blog.PostTest do",
        "+      {:ash, \"~> 3.0\"},",
        "-  use Ecto.Repo,",
        "+  use AshPostgres.Repo, otp_app: :shop",
        "+  ash_domains: [Shop.Blog]",
        "_create_posts.exs",
        "dry run: nothing written",
    ] {
        assert!(
            stdout.contains(expected),
            "missing `{expected}` in:\n{stdout}"
        );
    }
    assert_eq!(tree_hash(root), before, "--dry-run wrote something");
}

#[test]
fn second_resource_joins_the_existing_domain_and_config() {
    let dir = copy_fixture("ash_shop");
    let root = dir.path();
    let untouched = [
        "mix.exs",
        ".formatter.exs",
        "lib/shop/repo.ex",
        "lib/shop/accounts/user.ex",
        "config/config.exs",
    ];
    let (code, v) = run_json(
        root,
        &[
            "--yes",
            "ash-resource",
            "Accounts.Profile",
            "bio:text",
            "user:belongs_to:Accounts.User:required",
        ],
    );
    assert_eq!(code, 0, "{v}");
    assert!(
        !v["notes"].to_string().contains("scaffold init"),
        "Ash is set up already: {v}"
    );
    // The domain gets the resource, its existing entry and layout stay.
    assert_eq!(
        read(root, "lib/shop/accounts.ex"),
        "defmodule Shop.Accounts do
  use Ash.Domain, otp_app: :shop

  resources do
    resource Shop.Accounts.User

    resource Shop.Accounts.Profile do
      define :create_profile, action: :create
      define :list_profiles, action: :read
      define :get_profile, action: :read, get_by: :id
      define :update_profile, action: :update
      define :destroy_profile, action: :destroy
    end
  end
end
"
    );
    // The domain is listed already: config and everything else untouched.
    for path in untouched {
        assert_eq!(
            read(root, path),
            fixture_file("ash_shop", path),
            "{path} changed"
        );
    }
    check_tree(root);
    let problems = validate_domain(&read(root, "lib/shop/accounts.ex"));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_new_domain_is_appended_to_ash_domains() {
    let dir = copy_fixture("ash_shop");
    let root = dir.path();
    let (code, v) = run_json(
        root,
        &[
            "--yes",
            "ash-resource",
            "Blog.Post",
            "title:string:required",
        ],
    );
    assert_eq!(code, 0, "{v}");
    let expected = fixture_file("ash_shop", "config/config.exs").replace(
        "ash_domains: [Shop.Accounts]",
        "ash_domains: [Shop.Accounts, Shop.Blog]",
    );
    assert_eq!(read(root, "config/config.exs"), expected);
    assert_eq!(
        read(root, "lib/shop/accounts.ex"),
        fixture_file("ash_shop", "lib/shop/accounts.ex")
    );
    check_tree(root);
}

#[test]
fn a_different_existing_resource_is_a_conflict_unless_forced() {
    let dir = copy_fixture("ash_shop");
    let root = dir.path();
    let path = root.join("lib/shop/blog/post.ex");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, "defmodule Shop.Blog.Post do\n  # mine\nend\n").unwrap();
    let before = tree_hash(root);
    let out = scaffold(root)
        .args(["--yes", "ash-resource", "Blog.Post", "title:string"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "conflicts exit with 1");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("conflict lib/shop/blog/post.ex"),
        "{stdout}"
    );
    assert_eq!(
        tree_hash(root),
        before,
        "nothing is written when a file conflicts"
    );

    let out = scaffold(root)
        .args([
            "--yes",
            "--force",
            "ash-resource",
            "Blog.Post",
            "title:string",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .contains("attribute :title, :string"));
}

#[test]
fn a_phoenix_context_in_the_domain_file_is_refused() {
    let dir = copy_fixture("ash_shop");
    let root = dir.path();
    std::fs::write(
        root.join("lib/shop/blog.ex"),
        "defmodule Shop.Blog do\n  def list_posts, do: []\nend\n",
    )
    .unwrap();
    let before = tree_hash(root);
    let out = scaffold(root)
        .args(["--yes", "ash-resource", "Blog.Post", "title:string"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("lib/shop/blog.ex exists but is not an Ash domain"),
        "{stderr}"
    );
    assert!(stderr.contains("--domain"), "{stderr}");
    assert_eq!(tree_hash(root), before);
}

#[test]
fn live_pages_compose_into_the_same_change_set() {
    let dir = copy_fixture("ash_shop");
    let root = dir.path();
    let (code, v) = run_json(
        root,
        &[
            "--yes",
            "ash-resource",
            "Blog.Post",
            "title:string:required",
            "--live",
        ],
    );
    assert_eq!(code, 0, "{v}");
    let st = statuses(&v);
    for path in [
        "lib/shop/blog/post.ex",
        "lib/shop_web/live/post_live/index.ex",
        "lib/shop_web/live/post_live/form.ex",
        "test/shop_web/live/post_live_test.exs",
    ] {
        assert!(
            st.iter().any(|(p, s)| p == path && s == "create"),
            "{path}: {st:?}"
        );
    }
    assert!(
        st.iter()
            .any(|(p, s)| p == "lib/shop_web/router.ex" && s == "modify"),
        "{st:?}"
    );
    check_tree(root);
    let (code, v) = run_json(
        root,
        &[
            "--yes",
            "ash-resource",
            "Blog.Post",
            "title:string:required",
            "--live",
        ],
    );
    assert_eq!(code, 0, "{v}");
    assert!(statuses(&v).iter().all(|(_, s)| s == "unchanged"), "{v}");
}

#[test]
fn project_defaults_apply_when_the_command_line_is_silent() {
    let dir = copy_fixture("ash_shop");
    let root = dir.path();
    std::fs::write(
        root.join(".scaffold.toml"),
        "policies = true\nprimary_key = \"integer\"\nadmin_role = \"staff\"\n",
    )
    .unwrap();
    let (code, v) = run_json(
        root,
        &[
            "--yes",
            "ash-resource",
            "Catalog.Brand",
            "name:string:required",
        ],
    );
    assert_eq!(code, 0, "{v}");
    let resource = read(root, "lib/shop/catalog/brand.ex");
    assert!(resource.contains("integer_primary_key :id"), "{resource}");
    assert!(
        resource.contains("{Shop.Checks.ActorHasRole, role: :staff}"),
        "{resource}"
    );
    let test = read(root, "test/shop/catalog/brand_test.exs");
    assert!(test.contains("actor(:staff)"), "{test}");
    assert!(
        test.contains("Catalog.get_brand(-1, actor: actor())"),
        "{test}"
    );
    check_tree(root);
}

#[test]
fn no_test_no_migration_and_no_timestamps() {
    let dir = copy_fixture("ash_shop");
    let root = dir.path();
    let (code, v) = run_json(
        root,
        &[
            "--yes",
            "ash-resource",
            "Blog.Post",
            "title:string",
            "--no-test",
            "--no-migration",
            "--no-timestamps",
        ],
    );
    assert_eq!(code, 0, "{v}");
    let paths: Vec<String> = statuses(&v).into_iter().map(|(p, _)| p).collect();
    assert!(
        !paths
            .iter()
            .any(|p| p.starts_with("test/") || p.starts_with("priv/")),
        "{paths:?}"
    );
    let resource = read(root, "lib/shop/blog/post.ex");
    assert!(!resource.contains("timestamps()"), "{resource}");
}

#[test]
fn a_domain_in_another_file_is_found_and_edited_there() {
    let dir = copy_fixture("ash_shop");
    let root = dir.path();
    std::fs::rename(
        root.join("lib/shop/accounts.ex"),
        root.join("lib/shop/accounts/domain.ex"),
    )
    .unwrap();
    let (code, v) = run_json(
        root,
        &["--yes", "ash-resource", "Accounts.Profile", "bio:text"],
    );
    assert_eq!(code, 0, "{v}");
    assert!(
        !root.join("lib/shop/accounts.ex").exists(),
        "a second domain module was created"
    );
    let domain = read(root, "lib/shop/accounts/domain.ex");
    assert!(
        domain.contains("resource Shop.Accounts.Profile do"),
        "{domain}"
    );
}

#[test]
fn a_resource_defined_in_another_file_is_refused() {
    let dir = copy_fixture("ash_shop");
    let root = dir.path();
    std::fs::rename(
        root.join("lib/shop/accounts/user.ex"),
        root.join("lib/shop/accounts/the_user.ex"),
    )
    .unwrap();
    let before = tree_hash(root);
    let out = scaffold(root)
        .args([
            "--yes",
            "--force",
            "ash-resource",
            "Accounts.User",
            "name:string",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("Shop.Accounts.User is already defined in lib/shop/accounts/the_user.ex"),
        "{stderr}"
    );
    assert_eq!(tree_hash(root), before);
}
