//! `scaffold apply` on bad spec files: every problem of the file is
//! reported at once, each with its line and column, the exit code is 2,
//! and the project is left exactly as it was.
mod common;

use assert_cmd::Command;
use common::project::{copy_fixture, tree_hash};
use std::path::Path;

fn spec(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/specs")
            .join(name),
    )
    .unwrap()
}

/// Writes `text` as `name` into a fresh copy of phx_shop, runs
/// `scaffold apply name` there and returns (exit code, stderr). Asserts
/// that the tree is untouched (the spec file aside).
fn apply(name: &str, text: &str) -> (i32, String) {
    let dir = copy_fixture("phx_shop");
    let root = dir.path();
    std::fs::write(root.join(name), text).unwrap();
    let before = tree_hash(root);
    let out = Command::cargo_bin("scaffold")
        .unwrap()
        .current_dir(root)
        .env("NO_COLOR", "1")
        .args(["apply", name, "--yes"])
        .output()
        .unwrap();
    assert_eq!(tree_hash(root), before, "a refused apply changed the tree");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn assert_lines(stderr: &str, expected: &[&str]) {
    for line in expected {
        assert!(
            stderr.lines().any(|l| l == *line),
            "missing line:\n{line}\nin:\n{stderr}"
        );
    }
}

#[test]
fn every_spec_error_is_reported_with_line_and_column() {
    let (code, stderr) = apply("errors.toml", &spec("errors.toml"));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.starts_with("error: errors.toml: 7 problems\n"),
        "{stderr}"
    );
    assert_lines(
        &stderr,
        &[
            // Unknown type: at the field string.
            "errors.toml:5:11: field `name:strng:required`: unknown type `strng` (did you mean `string`?)",
            // Dangling relationship target: at its field string, even
            // though another field of the same resource is bad.
            "errors.toml:5:34: `category:belongs_to:Catalog.Categry`: `Shop.Catalog.Categry` is not a resource of this file nor of the project (did you mean `Catalog.Category`?)",
            "errors.toml:10:1: unknown key `polices` in [[resource]] (did you mean `policies`?)",
            // Duplicate names: at the second declaration.
            "errors.toml:13:10: resource `Shop.Catalog.Category` is declared twice (first at line 7) (keep one [[resource]] table per resource)",
            // Cycles that cannot be ordered, required or not.
            "errors.toml:18:11: cycle of belongs_to: `Sales.Order` (line 16) → `Sales.Invoice` (line 20) → `Sales.Order`: no order of the create-table migrations creates each table before the tables it references; all of them are required, so no record could be inserted first either (make one of them optional, leave it out of the spec and add it after this apply: `mix ash.codegen` then writes the migration that adds its foreign key)",
            "errors.toml:26:11: cycle of belongs_to: `Org.Team` (line 24) → `Org.Person` (line 28) → `Org.Team`: no order of the create-table migrations creates each table before the tables it references (leave one of them out of the spec and add it after this apply: `mix ash.codegen` then writes the migration that adds its foreign key)",
            "errors.toml:34:9: `every`: invalid type: string \"often\", expected a whole number (0 or more)",
        ],
    );
    assert!(
        stderr.contains("hint: nothing was written; fix them and run the command again"),
        "{stderr}"
    );
}

#[test]
fn generator_errors_are_reported_at_their_table() {
    let (code, stderr) = apply("plan.toml", &spec("plan_errors.toml"));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.starts_with("error: plan.toml: 6 problems\n"),
        "{stderr}"
    );
    assert_lines(
        &stderr,
        &[
            // Duplicate field names: at the second one.
            "plan.toml:5:27: field `title` is given twice (fields 1 and 2: `title:string` and `title:text`) (remove or rename one of them)",
            "plan.toml:8:12: no Ash resource `Shop.Blog.Nope` in this project (this project has no Ash resources yet; create it with `scaffold ash-resource Blog.Nope ...`)",
            // Two tables writing the same module.
            "plan.toml:15:10: [[genserver]] #2 writes lib/shop/cache/warmer.ex, which [[genserver]] #1 (line 10) writes with other content (one file, one table: remove or rename one of them)",
            "plan.toml:20:8: `posts.subtitle:strin`: field `subtitle:strin`: unknown type `strin` (did you mean `string`?)",
            "plan.toml:24:10: attr `title`: `required` and `default=` exclude each other (a required attribute is always given; drop one of them)",
            // Flags are named as the keys of the table.
            "plan.toml:28:14: unknown supervisor `Shop.Jobs.Missing`: lib/shop/jobs/missing.ex does not exist (create it first with `scaffold supervisor Jobs.Missing`, or name an existing supervisor)",
        ],
    );
}

#[test]
fn toml_syntax_errors_point_at_the_mistake() {
    let (code, stderr) = apply(
        "bad.toml",
        "[[resource]]\nmodule = \"Blog.Post\"\nfields = [\"title:string\",\n",
    );
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(
        stderr.lines().next(),
        Some("error: bad.toml:3:26: invalid TOML: unclosed array, expected `]`"),
        "{stderr}"
    );
}

#[test]
fn unknown_tables_missing_keys_and_command_line_spellings() {
    let text = "[[resorce]]\nmodule = \"Blog.Post\"\n\n[[genserver]]\ncalls = [\"x\"]\n\n[[genserver]]\nmodule = \"Cache.Warmer\"\n\"--no-test\" = true\n";
    let (code, stderr) = apply("s.toml", text);
    assert_eq!(code, 2, "{stderr}");
    assert_lines(
        &stderr,
        &[
            "s.toml:1:3: unknown table `resorce` (did you mean `[[resource]]`?)",
            "s.toml:4:1: [[genserver]] needs `module` (add `module = ...` to this table)",
            "s.toml:9:1: unknown key `--no-test` in [[genserver]] (`--no-test` is written `no_test` here)",
        ],
    );
}

#[test]
fn a_missing_file_and_an_empty_file() {
    let dir = copy_fixture("phx_shop");
    let out = Command::cargo_bin("scaffold")
        .unwrap()
        .current_dir(dir.path())
        .args(["apply", "nope.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope.toml: no such file"));
    // A directory where the spec file should go: bad input, not an I/O
    // failure.
    for arg in ["lib", "lib/", "."] {
        let before = tree_hash(dir.path());
        let out = Command::cargo_bin("scaffold")
            .unwrap()
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .args(["apply", arg])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{arg}: {stderr}");
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(
            lines[0],
            format!("error: {arg}: is a directory, not a spec file"),
            "{stderr}"
        );
        assert!(
            lines
                .get(1)
                .is_some_and(|l| l.trim_start().starts_with("hint: ")),
            "{stderr}"
        );
        assert_eq!(lines.len(), 2, "{stderr}");
        assert_eq!(
            tree_hash(dir.path()),
            before,
            "apply {arg} changed the tree"
        );
    }
    let (code, stderr) = apply("empty.toml", "# nothing yet\n");
    assert_eq!(code, 2);
    assert!(
        stderr.contains("empty.toml:1:1: nothing to apply: the file declares no tables"),
        "{stderr}"
    );
}
