//! `scaffold migration` end to end: the binary on fixture copies, every
//! generated file checked with Elixir, re-runs unchanged, `--dry-run`
//! writes nothing, bad input exits 2 with nothing written.
mod common;

use assert_cmd::Command;
use common::elixir::check_tree;
use common::project::{copy_fixture, tree_entries, tree_hash};
use std::path::Path;

fn scaffold(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("scaffold").unwrap();
    c.env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .arg("-C")
        .arg(dir)
        .arg("--yes");
    c
}

fn migrations(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.join("priv/repo/migrations"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".exs") && n.starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    names.sort();
    names
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join("priv/repo/migrations").join(name)).unwrap()
}

/// Runs `args`, then checks: exit 0, Elixir accepts the tree, the same
/// command again reports only `unchanged`, and `--dry-run` of it leaves
/// the tree as it is.
fn run_ok(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let mut c = scaffold(dir);
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    check_tree(&dir.join("priv/repo/migrations"));
    let before = tree_hash(dir);
    let mut again = scaffold(dir);
    for (k, v) in env {
        again.env(k, v);
    }
    let out2 = again.args(args).arg("--json").output().unwrap();
    assert!(
        out2.status.success(),
        "rerun: {}",
        String::from_utf8_lossy(&out2.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out2.stdout).unwrap();
    let files = v["files"].as_array().unwrap();
    assert!(
        !files.is_empty() && files.iter().all(|f| f["status"] == "unchanged"),
        "rerun: {v}"
    );
    assert_eq!(tree_hash(dir), before, "rerun changed the tree");
    let mut dry = scaffold(dir);
    for (k, v) in env {
        dry.env(k, v);
    }
    dry.args(args).arg("--dry-run").assert().success();
    assert_eq!(tree_hash(dir), before, "--dry-run changed the tree");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn create_table_with_unique_column() {
    let dir = copy_fixture("phx_shop");
    run_ok(
        dir.path(),
        &[
            "migration",
            "create_tags",
            "name:string:unique",
            "position:integer:default=0:required",
        ],
        &[("SOURCE_DATE_EPOCH", "1767225600")],
    );
    assert_eq!(migrations(dir.path()), ["20260101000000_create_tags.exs"]);
    insta::assert_snapshot!(
        "create_tags",
        read(dir.path(), "20260101000000_create_tags.exs")
    );
}

#[test]
fn add_columns_and_a_reference() {
    let dir = copy_fixture("phx_shop");
    run_ok(
        dir.path(),
        &[
            "migration",
            "add_published_at_to_posts",
            "posts.published_at:utc_datetime",
            "posts.author_id:references:users",
            "--timestamp",
            "20250131093000",
        ],
        &[],
    );
    let m = read(dir.path(), "20250131093000_add_published_at_to_posts.exs");
    insta::assert_snapshot!("add_published_at_to_posts", m);
    assert!(m.contains("create index(:posts, [:author_id])"));
}

#[test]
fn reference_type_comes_from_the_ash_snapshot() {
    // ash_shop's users table has a uuid key (its snapshot says so).
    let dir = copy_fixture("ash_shop");
    run_ok(
        dir.path(),
        &[
            "migration",
            "add_owner_to_notes",
            "notes.owner_id:references:users:required",
            "--timestamp",
            "20260101000000",
        ],
        &[],
    );
    let m = read(dir.path(), "20260101000000_add_owner_to_notes.exs");
    assert!(
        m.contains(
            "add :owner_id, references(:users, on_delete: :restrict, type: :uuid), null: false"
        ),
        "{m}"
    );
}

#[test]
fn concurrent_indexes() {
    let dir = copy_fixture("phx_shop");
    run_ok(
        dir.path(),
        &[
            "migration",
            "index_posts",
            "--index",
            "posts.title",
            "--unique-index",
            "posts.slug",
            "--unique-index",
            "posts.author_id,slug",
            "--concurrently",
            "--timestamp",
            "20250131093000",
        ],
        &[],
    );
    let m = read(dir.path(), "20250131093000_index_posts.exs");
    insta::assert_snapshot!("index_posts_concurrently", m);
    assert!(m.contains("@disable_ddl_transaction true\n  @disable_migration_lock true"));
}

#[test]
fn remove_columns_and_indexes_reversibly() {
    let dir = copy_fixture("phx_shop");
    run_ok(
        dir.path(),
        &[
            "migration",
            "remove_subtitle_from_posts",
            "--remove",
            "posts.subtitle:string",
            "posts.editor_id:references:users",
            "--index",
            "posts.title",
            "--timestamp",
            "20250131093000",
        ],
        &[],
    );
    let m = read(dir.path(), "20250131093000_remove_subtitle_from_posts.exs");
    insta::assert_snapshot!("remove_subtitle_from_posts", m);
}

#[test]
fn timestamps_are_strictly_increasing() {
    let dir = copy_fixture("phx_shop");
    let env = [("SOURCE_DATE_EPOCH", "1767225600")];
    run_ok(
        dir.path(),
        &["migration", "create_tags", "name:string"],
        &env,
    );
    run_ok(
        dir.path(),
        &["migration", "create_labels", "name:string"],
        &env,
    );
    // An explicit timestamp before the newest one is bumped past it.
    run_ok(
        dir.path(),
        &[
            "migration",
            "create_badges",
            "name:string",
            "--timestamp",
            "20200101000000",
        ],
        &[],
    );
    assert_eq!(
        migrations(dir.path()),
        [
            "20260101000000_create_tags.exs",
            "20260101000001_create_labels.exs",
            "20260101000002_create_badges.exs"
        ]
    );
}

#[test]
fn umbrella_migrations_go_to_the_app() {
    let dir = copy_fixture("umbrella");
    let out = scaffold(dir.path())
        .args([
            "--app",
            "shop",
            "migration",
            "create_tags",
            "name:string",
            "--timestamp",
            "20250101000000",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = dir
        .path()
        .join("apps/shop/priv/repo/migrations/20250101000000_create_tags.exs");
    assert!(path.is_file());
    assert!(std::fs::read_to_string(path)
        .unwrap()
        .starts_with("defmodule Shop.Repo.Migrations.CreateTags do"));
}

/// Bad input: exit 2, the message, nothing written.
fn bad(fixture: &str, args: &[&str], env: &[(&str, &str)], message: &str) {
    let dir = copy_fixture(fixture);
    let before = tree_entries(dir.path());
    let mut c = scaffold(dir.path());
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(
        stderr.contains(message),
        "{args:?}: expected `{message}` in: {stderr}"
    );
    assert_eq!(tree_entries(dir.path()), before, "{args:?} wrote something");
}

#[test]
fn bad_input_exits_2_and_writes_nothing() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["migration", "add_title", "title:string"],
            "`title:string`: which table? (unknown table syntax)",
        ),
        (
            &["migration", "index_posts", "--index", "title"],
            "which table? (unknown table syntax)",
        ),
        (
            &["migration", "add_x", "posts.x:strng"],
            "unknown type `strng`",
        ),
        (
            &["migration", "create_tags", "name:varchar"],
            "unknown type `varchar`",
        ),
        (
            &["migration", "add_x", "posts.x"],
            "the column needs a type",
        ),
        (
            &[
                "migration",
                "add_x",
                "posts.x:string",
                "--timestamp",
                "2025-01-01",
            ],
            "invalid timestamp `2025-01-01`",
        ),
        (
            &[
                "migration",
                "add_x",
                "posts.x:string",
                "--timestamp",
                "20250230120000",
            ],
            "invalid timestamp `20250230120000`",
        ),
        (
            &["migration", "AddX", "posts.x:string"],
            "invalid migration name `AddX`",
        ),
        (&["migration", "add_x"], "has nothing to do"),
        (
            &["migration", "add_x", "--remove", "posts.x"],
            "removing a column needs its type",
        ),
        (
            &["migration", "add_x", "posts.x:references"],
            "`references` needs the referenced table",
        ),
        (
            &[
                "migration",
                "add_x",
                "posts.x:references:users:on_delete=cascade",
            ],
            "unknown on_delete action `cascade`",
        ),
        (
            &["migration", "add_x", "posts.x:string", "posts.x:text"],
            "column `posts.x` is given twice",
        ),
        (
            &[
                "migration",
                "add_x",
                "posts.author:belongs_to:Accounts.User",
            ],
            "relationships are Ash resource fields",
        ),
        (
            &["migration", "create_tags", "id:uuid"],
            "column `id` is added automatically",
        ),
        (
            &["migration", "add_x", "posts.x:string", "--concurrently"],
            "`--concurrently` applies to indexes",
        ),
        (
            &["migration", "create_tags", "name:string", "--remove"],
            "`--remove` does not apply",
        ),
        (&["migration", "add_x", "Posts.x:string"], "Posts"),
    ];
    for (args, message) in cases {
        bad("phx_shop", args, &[], message);
    }
    bad(
        "phx_shop",
        &["migration", "add_x", "posts.x:string"],
        &[("SOURCE_DATE_EPOCH", "soon")],
        "SOURCE_DATE_EPOCH=`soon`",
    );
    bad(
        "not_mix",
        &["migration", "add_x", "posts.x:string"],
        &[],
        "is not a Mix project",
    );
}

#[test]
fn a_name_used_by_another_migration_is_refused() {
    let dir = copy_fixture("phx_shop");
    run_ok(
        dir.path(),
        &[
            "migration",
            "add_x_to_posts",
            "posts.x:string",
            "--timestamp",
            "20250101000000",
        ],
        &[],
    );
    // Same name, different content: Ecto would refuse the duplicate module.
    let before = tree_entries(dir.path());
    let out = scaffold(dir.path())
        .args(["migration", "add_x_to_posts", "posts.x:text:required"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "a migration named `add_x_to_posts` (Shop.Repo.Migrations.AddXToPosts) already exists"
        ),
        "{stderr}"
    );
    assert_eq!(tree_entries(dir.path()), before);
    // A hand-written file defining the same module under another name.
    std::fs::write(
        dir.path()
            .join("priv/repo/migrations/20240101000000_legacy.exs"),
        "defmodule Shop.Repo.Migrations.CreateWidgets do\n  use Ecto.Migration\nend\n",
    )
    .unwrap();
    let out = scaffold(dir.path())
        .args(["migration", "create_widgets", "name:string"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("20240101000000_legacy.exs"));
}

#[test]
fn other_repos_use_their_own_folder() {
    let dir = copy_fixture("phx_shop");
    let config = dir.path().join("config/config.exs");
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(text.contains("ecto_repos: [Shop.Repo]"));
    std::fs::write(
        &config,
        text.replace("ecto_repos: [Shop.Repo]", "ecto_repos: [Shop.ReadRepo]"),
    )
    .unwrap();
    let out = scaffold(dir.path())
        .args([
            "migration",
            "create_tags",
            "name:string",
            "--timestamp",
            "20250101000000",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = dir
        .path()
        .join("priv/read_repo/migrations/20250101000000_create_tags.exs");
    let text = std::fs::read_to_string(path).unwrap();
    assert!(
        text.starts_with("defmodule Shop.ReadRepo.Migrations.CreateTags do"),
        "{text}"
    );
}
