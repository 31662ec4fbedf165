//! `scaffold ash-policy`: policies added to an existing resource in place,
//! without touching the rest of the user's code.
mod common;

use assert_cmd::Command;
use common::ash_dsl::validate_resource;
use common::elixir::check_tree;
use common::project::copy_fixture;
use serde_json::Value;
use std::path::Path;

fn run(dir: &Path, args: &[&str]) -> (i32, Value) {
    let out = Command::cargo_bin("scaffold")
        .unwrap()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .args(["--json", "--yes"])
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let v = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), v)
}

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).unwrap()
}

fn all_unchanged(v: &Value) -> bool {
    v["files"]
        .as_array()
        .is_some_and(|f| !f.is_empty() && f.iter().all(|f| f["status"] == "unchanged"))
}

const USER_WITH_POLICIES: &str = r#"defmodule Shop.Accounts.User do
  use Ash.Resource,
    otp_app: :shop,
    domain: Shop.Accounts,
    data_layer: AshPostgres.DataLayer,
    authorizers: [Ash.Policy.Authorizer]

  postgres do
    table "users"
    repo Shop.Repo
  end

  actions do
    defaults [:read, :destroy, create: :*, update: :*]
  end

  policies do
    policy action_type(:read) do
      authorize_if actor_present()
    end

    policy action_type(:create) do
      authorize_if {Shop.Checks.ActorHasRole, role: :admin}
    end

    policy action_type([:update, :destroy]) do
      authorize_if {Shop.Checks.ActorHasRole, role: :admin}
    end
  end

  attributes do
    uuid_v7_primary_key :id

    attribute :email, :ci_string do
      allow_nil? false
      public? true
    end

    attribute :role, :atom do
      allow_nil? false
      public? true
      default :user
      constraints one_of: [:user, :admin]
    end

    timestamps()
  end

  identities do
    identity :unique_email, [:email]
  end
end
"#;

#[test]
fn policies_go_into_an_existing_resource_in_place() {
    let dir = copy_fixture("ash_shop");
    let root = dir.path();
    let (code, v) = run(root, &["ash-policy", "Accounts.User"]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(read(root, "lib/shop/accounts/user.ex"), USER_WITH_POLICIES);
    assert!(v["notes"].to_string().contains("admins only"), "{v}");
    let check = read(root, "lib/shop/checks/actor_has_role.ex");
    assert!(
        check.contains("defmodule Shop.Checks.ActorHasRole do"),
        "{check}"
    );
    let problems = validate_resource(USER_WITH_POLICIES);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    check_tree(root);

    let (code, v) = run(root, &["ash-policy", "Accounts.User"]);
    assert_eq!(code, 0, "{v}");
    assert!(all_unchanged(&v), "second run: {v}");
}

#[test]
fn owner_policies_for_a_resource_that_belongs_to_a_user() {
    let dir = copy_fixture("ash_shop");
    let root = dir.path();
    let (code, v) = run(
        root,
        &[
            "ash-resource",
            "Blog.Post",
            "title:string",
            "author:belongs_to:Accounts.User",
        ],
    );
    assert_eq!(code, 0, "{v}");
    let before = read(root, "lib/shop/blog/post.ex");
    assert!(!before.contains("policies"), "{before}");

    let (code, v) = run(root, &["ash-policy", "Blog.Post", "--read", "owner"]);
    assert_eq!(code, 0, "{v}");
    let after = read(root, "lib/shop/blog/post.ex");
    let policies = "  policies do
    policy action_type(:read) do
      authorize_if relates_to_actor_via(:author)
      authorize_if {Shop.Checks.ActorHasRole, role: :admin}
    end

    policy action_type(:create) do
      authorize_if relating_to_actor(:author)
      authorize_if {Shop.Checks.ActorHasRole, role: :admin}
    end

    policy action_type([:update, :destroy]) do
      authorize_if relates_to_actor_via(:author)
      authorize_if {Shop.Checks.ActorHasRole, role: :admin}
    end
  end

";
    // Only the authorizer and the block are added; every other line stays.
    let expected = before
        .replace(
            "  use Ash.Resource, otp_app: :shop, domain: Shop.Blog, data_layer: AshPostgres.DataLayer\n",
            "  use Ash.Resource,\n    otp_app: :shop,\n    domain: Shop.Blog,\n    data_layer: AshPostgres.DataLayer,\n    authorizers: [Ash.Policy.Authorizer]\n",
        )
        .replace("  attributes do\n", &format!("{policies}  attributes do\n"));
    assert_eq!(after, expected);
    let problems = validate_resource(&after);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    check_tree(root);
}

#[test]
fn an_existing_policies_block_is_extended_not_rewritten() {
    let dir = copy_fixture("ash_shop");
    let root = dir.path();
    run(root, &["ash-policy", "Accounts.User"]);
    let (code, v) = run(root, &["ash-policy", "Accounts.User", "--read", "any"]);
    assert_eq!(code, 0, "{v}");
    let after = read(root, "lib/shop/accounts/user.ex");
    // The existing read policy stays; the new one is appended.
    assert!(
        after.contains("      authorize_if actor_present()\n"),
        "{after}"
    );
    assert!(
        after.contains("    end\n\n    policy action_type(:read) do\n      authorize_if always()\n    end\n  end\n"),
        "{after}"
    );
    assert_eq!(
        after
            .matches("policy action_type([:update, :destroy])")
            .count(),
        1,
        "{after}"
    );
    assert!(
        v["notes"]
            .to_string()
            .contains("existing policies are kept"),
        "{v}"
    );
    check_tree(root);
    let problems = validate_resource(&after);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn an_edited_role_check_is_kept() {
    let dir = copy_fixture("ash_shop");
    let root = dir.path();
    std::fs::create_dir_all(root.join("lib/shop/checks")).unwrap();
    let mine = "defmodule Shop.Checks.ActorHasRole do\n  # my own version\nend\n";
    std::fs::write(root.join("lib/shop/checks/actor_has_role.ex"), mine).unwrap();
    let (code, v) = run(root, &["ash-policy", "Accounts.User"]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(read(root, "lib/shop/checks/actor_has_role.ex"), mine);
    assert!(v["notes"].to_string().contains("kept as it is"), "{v}");
}
