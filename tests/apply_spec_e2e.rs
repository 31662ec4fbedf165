//! `scaffold apply` end to end on a fresh Phoenix 1.8 project: the
//! 20-resource spec of `tests/specs/shop.toml` in one run, checked with
//! the real Elixir and the Ash DSL; migrations ordered by their foreign
//! keys; the same spec with its tables in reverse order; re-runs; an
//! edited spec; edited files as conflicts; `--dry-run`.
mod common;

use assert_cmd::Command;
use common::ash_dsl::{validate_domain, validate_resource};
use common::elixir::check_tree;
use common::project::{copy_fixture, tree_entries, tree_hash};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn spec_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/specs")
        .join(name)
}

fn scaffold(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("scaffold").unwrap();
    c.current_dir(dir)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1767225600");
    c
}

/// Runs `scaffold --json ARGS` and returns the exit code and the summary.
fn run_json(dir: &Path, args: &[&str]) -> (i32, Value) {
    let out = scaffold(dir).arg("--json").args(args).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let v: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {stdout}\nstderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), v)
}

fn statuses(v: &Value) -> BTreeMap<String, String> {
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

/// Every `.ex` file under `lib/shop` that defines an Ash resource.
fn resource_files(root: &Path) -> Vec<String> {
    tree_entries(root)
        .into_iter()
        .filter(|(p, bytes)| {
            p.starts_with("lib/shop/")
                && p.ends_with(".ex")
                && String::from_utf8_lossy(bytes).contains("use Ash.Resource")
        })
        .map(|(p, _)| p)
        .collect()
}

/// `create_<table>` migration name → its timestamp, and the tables each
/// one references.
fn migrations(root: &Path) -> BTreeMap<String, (String, Vec<String>)> {
    let mut out = BTreeMap::new();
    for (path, bytes) in tree_entries(root) {
        let Some(file) = path.strip_prefix("priv/repo/migrations/") else {
            continue;
        };
        let Some((stamp, rest)) = file.split_once('_') else {
            continue;
        };
        let Some(table) = rest
            .strip_prefix("create_")
            .and_then(|r| r.strip_suffix(".exs"))
        else {
            continue;
        };
        let text = String::from_utf8(bytes).unwrap();
        let refs = text
            .match_indices("references(:")
            .map(|(i, _)| {
                text[i + 12..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect()
            })
            .collect();
        out.insert(table.to_string(), (stamp.to_string(), refs));
    }
    out
}

#[test]
fn twenty_related_resources_in_one_run() {
    let dir = copy_fixture("phx_shop");
    let root = dir.path();
    let spec = spec_path("shop.toml");
    let spec = spec.to_str().unwrap();

    // --dry-run shows the plan and writes nothing.
    let before = tree_hash(root);
    let (code, v) = run_json(root, &["apply", spec, "--dry-run"]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(tree_hash(root), before, "--dry-run wrote something");
    let planned = statuses(&v);

    let (code, v) = run_json(root, &["apply", spec, "--yes"]);
    assert_eq!(code, 0, "{v}");
    let st = statuses(&v);
    assert_eq!(st, planned, "the dry run planned what the run did");
    for (path, status) in [
        ("mix.exs", "modify"),
        ("config/config.exs", "modify"),
        ("lib/shop/repo.ex", "modify"),
        ("lib/shop_web/router.ex", "modify"),
        ("lib/shop/application.ex", "modify"),
        ("lib/shop/sales/order.ex", "create"),
        ("lib/shop/sales.ex", "create"),
        ("lib/shop/checks/actor_has_role.ex", "create"),
        ("lib/shop_web/live/product_live/index.ex", "create"),
        ("lib/shop/fulfillment/workers.ex", "create"),
        ("lib/shop/fulfillment/dispatcher.ex", "create"),
        ("lib/shop_web/components/ui/price_tag.ex", "create"),
    ] {
        assert_eq!(
            st.get(path).map(String::as_str),
            Some(status),
            "{path}: {st:?}"
        );
    }

    // 20 resources in 5 domains, each with its test.
    let resources = resource_files(root);
    assert_eq!(resources.len(), 20, "{resources:?}");
    for r in &resources {
        let source = read(root, r);
        let problems = validate_resource(&source);
        assert!(
            problems.is_empty(),
            "{r}:\n{}\n{source}",
            problems.join("\n")
        );
        let test = r.replacen("lib/", "test/", 1).replace(".ex", "_test.exs");
        assert!(root.join(&test).is_file(), "{test} is missing");
    }
    for domain in ["accounts", "catalog", "sales", "shipping", "support"] {
        let source = read(root, &format!("lib/shop/{domain}.ex"));
        let problems = validate_domain(&source);
        assert!(
            problems.is_empty(),
            "{domain}:\n{}\n{source}",
            problems.join("\n")
        );
    }
    let config = read(root, "config/config.exs");
    assert!(
        config.contains(
            "ash_domains: [Shop.Accounts, Shop.Sales, Shop.Catalog, Shop.Shipping, Shop.Support]"
        ),
        "{config}"
    );
    // Every resource is known to every other, whatever the order of the
    // tables: the table and key type of a resource declared later.
    let tag = read(root, "lib/shop/catalog/product_tag.ex");
    assert!(tag.contains("belongs_to :tag, Shop.Catalog.Tag do\n      allow_nil? false\n      attribute_type :integer"), "{tag}");
    let shipment = read(root, "lib/shop/shipping/shipment.ex");
    assert!(
        shipment.contains("belongs_to :warehouse, Shop.Shipping.Warehouse"),
        "{shipment}"
    );

    // One migration per table, each after the tables it references.
    let migrations = migrations(root);
    assert_eq!(migrations.len(), 20, "{migrations:?}");
    for (table, (stamp, refs)) in &migrations {
        for r in refs.iter().filter(|r| *r != table) {
            let (other, _) = migrations
                .get(r)
                .unwrap_or_else(|| panic!("{table} references {r}, which no migration creates"));
            assert!(
                other < stamp,
                "{table} ({stamp}) references {r} ({other}), created later"
            );
        }
    }
    assert!(migrations["shipments"].1.contains(&"depots".to_string()));

    // Every Elixir file of the project parses and is formatter-clean.
    check_tree(root);

    // Running it again changes nothing.
    let after = tree_entries(root);
    let (code, v) = run_json(root, &["apply", spec, "--yes"]);
    assert_eq!(code, 0, "{v}");
    let again = statuses(&v);
    assert!(again.values().all(|s| s == "unchanged"), "{again:?}");
    let journal = |e: &Vec<(String, Vec<u8>)>| {
        e.iter()
            .filter(|(p, _)| !p.starts_with(".scaffold"))
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(journal(&tree_entries(root)), journal(&after));
}

/// The tables of `text` (separated by blank lines before `[[`) in reverse.
fn reversed(text: &str) -> String {
    let mut tables: Vec<&str> = text.split("\n\n[[").collect();
    let header = tables.remove(0);
    let mut out = header.to_string();
    for t in tables.iter().rev() {
        out.push_str("\n\n[[");
        out.push_str(t.trim_end());
    }
    out.push('\n');
    out
}

#[test]
fn the_order_of_the_tables_does_not_matter() {
    let forward = copy_fixture("phx_shop");
    let backward = copy_fixture("phx_shop");
    let spec = spec_path("shop.toml");
    let text = std::fs::read_to_string(&spec).unwrap();
    let reverse = backward.path().join("reversed.toml");
    std::fs::write(&reverse, reversed(&text)).unwrap();
    assert_ne!(std::fs::read_to_string(&reverse).unwrap(), text);

    let (code, v) = run_json(forward.path(), &["apply", spec.to_str().unwrap(), "--yes"]);
    assert_eq!(code, 0, "{v}");
    let (code, v) = run_json(backward.path(), &["apply", "reversed.toml", "--yes"]);
    assert_eq!(code, 0, "{v}");

    // Migration timestamps follow the planning order; everything else is
    // byte for byte the same.
    let strip = |root: &Path| -> BTreeMap<String, Vec<u8>> {
        tree_entries(root)
            .into_iter()
            .filter(|(p, _)| !p.starts_with(".scaffold") && p != "reversed.toml")
            .filter(|(p, _)| {
                !p.starts_with("priv/repo/migrations/")
                    && !p.starts_with("priv/resource_snapshots/")
            })
            .collect()
    };
    let (a, b) = (strip(forward.path()), strip(backward.path()));
    // Domains list their resources, and the config its domains, in the
    // order they were planned: the same lines, maybe in another order.
    let lists = |p: &str| {
        p == "config/config.exs"
            || ["accounts", "catalog", "sales", "shipping", "support"]
                .iter()
                .any(|d| p == format!("lib/shop/{d}.ex"))
    };
    let sorted_lines = |bytes: Option<&Vec<u8>>| {
        // `ash_domains: [A, B]` and `ash_domains: [B, A]` are the same.
        let mut lines: Vec<String> = String::from_utf8_lossy(bytes.map_or(&[][..], |b| b))
            .lines()
            .map(|l| {
                let mut items: Vec<&str> = l
                    .trim_end_matches(',')
                    .split(['[', ']', ','])
                    .map(str::trim)
                    .collect();
                items.sort_unstable();
                items.join("|")
            })
            .collect();
        lines.sort();
        lines
    };
    let differ: Vec<&String> = a
        .keys()
        .chain(b.keys())
        .filter(|k| {
            if lists(k) {
                sorted_lines(a.get(*k)) != sorted_lines(b.get(*k))
            } else {
                a.get(*k) != b.get(*k)
            }
        })
        .collect();
    assert!(differ.is_empty(), "differ: {differ:?}");
    let names = |root: &Path| -> Vec<String> { migrations(root).into_keys().collect() };
    assert_eq!(names(forward.path()), names(backward.path()));
    for (table, (stamp, refs)) in migrations(backward.path()) {
        for r in refs.iter().filter(|r| **r != table) {
            let (other, _) = &migrations(backward.path())[r];
            assert!(*other < stamp, "{table} references {r}, created later");
        }
    }
}

const SMALL: &str = r#"[[resource]]
module = "Blog.Post"
fields = ["title:string:required", "author:belongs_to:Accounts.Author"]

[[resource]]
module = "Accounts.Author"
fields = ["name:string:required"]
"#;

const ADDED: &str = r#"
[[resource]]
module = "Blog.Comment"
fields = ["body:text:required", "post:belongs_to:Blog.Post:required"]

[[genserver]]
module = "Blog.Counter"
calls = ["count"]
"#;

#[test]
fn an_edited_spec_creates_what_is_new_and_never_overwrites_edits() {
    let dir = copy_fixture("phx_shop");
    let root = dir.path();
    std::fs::write(root.join("blog.toml"), SMALL).unwrap();
    let (code, v) = run_json(root, &["apply", "blog.toml", "--yes"]);
    assert_eq!(code, 0, "{v}");
    let first = statuses(&v);

    // New tables: created; the rest unchanged.
    std::fs::write(root.join("blog.toml"), format!("{SMALL}{ADDED}")).unwrap();
    let (code, v) = run_json(root, &["apply", "blog.toml", "--yes"]);
    assert_eq!(code, 0, "{v}");
    let st = statuses(&v);
    for path in [
        "lib/shop/blog/comment.ex",
        "test/shop/blog/comment_test.exs",
        "lib/shop/blog/counter.ex",
    ] {
        assert_eq!(st[path], "create", "{path}: {st:?}");
    }
    assert_eq!(
        st["lib/shop/blog.ex"], "modify",
        "the comment joins the domain: {st:?}"
    );
    assert_eq!(st["lib/shop/application.ex"], "modify", "{st:?}");
    for (path, status) in &first {
        if path != "lib/shop/blog.ex" {
            let now = st.get(path).map_or("untouched", String::as_str);
            assert!(
                matches!(now, "unchanged" | "untouched"),
                "{path} was {status} in the first run, now {now}: {st:?}"
            );
        }
    }
    let comments = migrations(root);
    assert!(comments["comments"].0 > comments["posts"].0, "{comments:?}");
    check_tree(root);

    // A file edited by hand, and a table asking for something else: a
    // conflict, and nothing is written.
    let post = root.join("lib/shop/blog/post.ex");
    let edited = read(root, "lib/shop/blog/post.ex")
        .replace("  attributes do\n", "  # our own notes\n  attributes do\n");
    std::fs::write(&post, &edited).unwrap();
    let changed = format!("{SMALL}{ADDED}").replace(
        "\"title:string:required\"",
        "\"title:string:required\", \"views:integer\"",
    );
    std::fs::write(root.join("blog.toml"), changed).unwrap();
    let before = tree_hash(root);
    let (code, v) = run_json(root, &["apply", "blog.toml", "--yes"]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(statuses(&v)["lib/shop/blog/post.ex"], "conflict", "{v}");
    assert_eq!(tree_hash(root), before, "a refused apply wrote something");
    assert_eq!(read(root, "lib/shop/blog/post.ex"), edited);
}

#[test]
fn a_supervisor_that_received_children_stays_unchanged_on_rerun() {
    let dir = copy_fixture("phx_shop");
    let root = dir.path();
    let spec = "[[genserver]]\nmodule = \"Jobs.Runner\"\nsupervisor = \"Jobs.Pool\"\n\n[[supervisor]]\nmodule = \"Jobs.Pool\"\n";
    std::fs::write(root.join("jobs.toml"), spec).unwrap();
    let (code, v) = run_json(root, &["apply", "jobs.toml", "--yes"]);
    assert_eq!(code, 0, "{v}");
    let pool = read(root, "lib/shop/jobs/pool.ex");
    assert!(
        pool.contains("Shop.Jobs.Runner"),
        "the runner goes into the pool: {pool}"
    );
    check_tree(root);
    let (code, v) = run_json(root, &["apply", "jobs.toml", "--yes"]);
    assert_eq!(code, 0, "{v}");
    assert!(statuses(&v).values().all(|s| s == "unchanged"), "{v}");

    // Edited by hand since: a conflict, not a silent rewrite.
    std::fs::write(
        root.join("lib/shop/jobs/pool.ex"),
        pool.replace("  @moduledoc", "  # ours\n  @moduledoc"),
    )
    .unwrap();
    let before = tree_hash(root);
    let (code, v) = run_json(root, &["apply", "jobs.toml", "--yes"]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(statuses(&v)["lib/shop/jobs/pool.ex"], "conflict", "{v}");
    assert_eq!(tree_hash(root), before);
}

#[test]
fn tables_inherit_the_project_defaults_and_keys_win() {
    let dir = copy_fixture("phx_shop");
    let root = dir.path();
    std::fs::write(
        root.join(".scaffold.toml"),
        "primary_key = \"integer\"\ntests = false\npolicies = true\n",
    )
    .unwrap();
    let spec = "[[resource]]\nmodule = \"Blog.Post\"\nfields = [\"title:string\"]\n\n[[resource]]\nmodule = \"Blog.Tag\"\nfields = [\"name:string\"]\nprimary_key = \"uuid\"\n\n[[genserver]]\nmodule = \"Blog.Counter\"\n";
    std::fs::write(root.join("blog.toml"), spec).unwrap();
    let (code, v) = run_json(root, &["apply", "blog.toml", "--yes"]);
    assert_eq!(code, 0, "{v}");
    let post = read(root, "lib/shop/blog/post.ex");
    assert!(post.contains("integer_primary_key :id"), "{post}");
    assert!(
        post.contains("authorizers: [Ash.Policy.Authorizer]"),
        "{post}"
    );
    let tag = read(root, "lib/shop/blog/tag.ex");
    assert!(
        tag.contains("uuid_primary_key :id"),
        "the table's key wins: {tag}"
    );
    let st = statuses(&v);
    assert!(
        !st.keys()
            .any(|p| p.starts_with("test/shop/blog/post") || p.starts_with("test/shop/blog/tag")),
        "{st:?}"
    );
    check_tree(root);
}
