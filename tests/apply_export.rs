//! `scaffold export-spec`: the spec it writes describes the project's
//! resources exactly, so applying it again changes nothing, and applying
//! it to a fresh project generates the same resources, tests and pages.
mod common;

use assert_cmd::Command;
use common::project::{copy_fixture, tree_entries, tree_hash};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

fn scaffold(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("scaffold")
        .unwrap()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .args(args)
        .output()
        .unwrap()
}

fn ok(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Resources, domains, their tests and LiveView pages: what a resource
/// table generates apart from migrations (whose timestamps follow the
/// planning order).
fn generated(root: &Path) -> BTreeMap<String, Vec<u8>> {
    tree_entries(root)
        .into_iter()
        .filter(|(p, _)| {
            (p.starts_with("lib/shop/")
                || p.starts_with("test/shop/")
                || p.starts_with("lib/shop_web/live/")
                || p.starts_with("test/shop_web/live/"))
                && !p.ends_with('/')
                && !p.starts_with("lib/shop/fulfillment/")
                && !p.starts_with("test/shop/fulfillment/")
                && p != "lib/shop/application.ex"
        })
        .collect()
}

#[test]
fn the_exported_spec_regenerates_the_project() {
    let original = copy_fixture("phx_shop");
    let root = original.path();
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/specs/shop.toml");
    ok(&scaffold(root, &["apply", spec.to_str().unwrap(), "--yes"]));

    // Printed, and written through the change set.
    let printed = ok(&scaffold(root, &["export-spec"]));
    ok(&scaffold(root, &["export-spec", "exported.toml", "--yes"]));
    let exported = std::fs::read_to_string(root.join("exported.toml")).unwrap();
    assert_eq!(printed, exported);
    assert_eq!(exported.matches("[[resource]]").count(), 20, "{exported}");
    assert!(
        !exported.contains("differs"),
        "every table reproduces its resource:\n{exported}"
    );
    for line in [
        "module = \"Catalog.Tag\"",
        "primary_key = \"integer\"",
        "table = \"depots\"",
        "actions = [\"read\", \"create\", \"destroy\"]",
        "no_timestamps = true",
        "policies = true",
        "live = true",
        "  \"description:text\",",
        "  \"order:belongs_to:Sales.Order:required:on_delete=delete\",",
        "  \"tags:many_to_many:Catalog.Tag:through=Catalog.ProductTag\",",
        "  \"status:atom:pending,paid,shipped,cancelled:default=pending\",",
        "  \"released_on:date:index\",",
    ] {
        assert!(
            exported.lines().any(|l| l == line),
            "missing `{line}` in:\n{exported}"
        );
    }

    // Applied to the project it came from: nothing to do.
    let out = scaffold(root, &["--json", "apply", "exported.toml", "--yes"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(out.status.success(), "{v}");
    for f in v["files"].as_array().unwrap() {
        assert_eq!(f["status"], "unchanged", "{f}");
    }

    // Applied to a fresh project: the same resources, tests and pages.
    let fresh = copy_fixture("phx_shop");
    std::fs::write(fresh.path().join("exported.toml"), &exported).unwrap();
    ok(&scaffold(
        fresh.path(),
        &["apply", "exported.toml", "--yes"],
    ));
    let (a, b) = (generated(root), generated(fresh.path()));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        if is_domain(path) {
            // A domain lists its resources in the order they were planned.
            let lines = |b: &[u8]| {
                let mut l: Vec<String> = String::from_utf8_lossy(b)
                    .lines()
                    .map(str::to_string)
                    .collect();
                l.sort();
                l
            };
            assert_eq!(lines(bytes), lines(&b[path]), "{path}");
        } else {
            assert!(*bytes == b[path], "{path} differs");
        }
    }
}

/// `lib/shop/catalog.ex`.
fn is_domain(path: &str) -> bool {
    path.starts_with("lib/shop/") && path.matches('/').count() == 2
}

#[test]
fn an_edited_resource_is_marked_and_the_tree_is_untouched_when_printing() {
    let dir = copy_fixture("phx_shop");
    let root = dir.path();
    ok(&scaffold(
        root,
        &[
            "ash-resource",
            "Blog.Post",
            "title:string:required",
            "--no-test",
        ],
    ));
    let post = root.join("lib/shop/blog/post.ex");
    let text = std::fs::read_to_string(&post)
        .unwrap()
        .replace("    defaults [", "    # tuned by hand\n    defaults [");
    std::fs::write(&post, text).unwrap();
    let before = tree_hash(root);
    let printed = ok(&scaffold(root, &["export-spec"]));
    assert_eq!(tree_hash(root), before);
    assert!(
        printed.contains("\n# lib/shop/blog/post.ex differs from what this table generates: it was edited since, or uses what the field syntax cannot say.\n[[resource]]\nmodule = \"Blog.Post\"\nfields = [\"title:string:required\"]\nno_test = true\n"),
        "{printed}"
    );
}
