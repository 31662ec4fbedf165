//! The foundation end to end: project detection, exit codes, conflicts,
//! --force, unchanged files, --dry-run, path safety and template overrides.
mod common;

use assert_cmd::Command;
use assert_fs::prelude::*;
use assert_fs::TempDir;
use common::project::{copy_fixture, tree_hash};
use predicates::prelude::*;

fn scaffold() -> Command {
    let mut c = Command::cargo_bin("scaffold").unwrap();
    c.env("NO_COLOR", "1").env_remove("SOURCE_DATE_EPOCH");
    c
}

#[test]
fn info_json_reports_phoenix_project() {
    let out = scaffold()
        .args(["--project", "tests/fixtures/phx_shop", "info", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["app"], "shop");
    assert_eq!(v["base_module"], "Shop");
    assert_eq!(v["web_module"], "ShopWeb");
    assert_eq!(v["repo"], "Shop.Repo");
    let present: Vec<&str> = v["known_deps_present"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    for dep in ["phoenix", "phoenix_live_view", "ecto_sql", "postgrex"] {
        assert!(present.contains(&dep), "{dep} missing from {present:?}");
    }
    assert!(!present.contains(&"ash"));
    assert_eq!(v["paths"]["router"], "lib/shop_web/router.ex");
    assert_eq!(v["paths"]["application"], "lib/shop/application.ex");
}

#[test]
fn global_options_after_the_subcommand() {
    scaffold()
        .args(["info", "--json", "-C", "tests/fixtures/phx_shop"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"app\": \"shop\""));
}

#[test]
fn finds_project_upward_from_a_subdirectory() {
    scaffold()
        .current_dir("tests/fixtures/phx_shop/lib/shop")
        .args(["info", "--json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"base_module\": \"Shop\""));
}

#[test]
fn non_mix_directory_exits_2() {
    scaffold()
        .args(["-C", "tests/fixtures/not_mix", "info"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a Mix project"))
        .stderr(predicate::str::contains("hint:"));
}

#[test]
fn missing_project_directory_exits_2() {
    scaffold()
        .args(["-C", "tests/fixtures/does_not_exist", "info"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not exist"));
}

#[test]
fn project_directory_that_is_a_file_exits_2() {
    let out = scaffold()
        .args(["-C", "tests/fixtures/phx_shop/mix.exs", "info"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(
        lines[0].starts_with("error: project directory ")
            && lines[0].ends_with("tests/fixtures/phx_shop/mix.exs is not a directory"),
        "{stderr}"
    );
    assert!(lines[1].trim_start().starts_with("hint: "), "{stderr}");
    assert!(!stderr.contains("does not exist"), "{stderr}");
}

#[test]
fn umbrella_needs_app() {
    scaffold()
        .args(["-C", "tests/fixtures/umbrella", "info"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "umbrella project; choose an app with --app NAME",
        ))
        .stderr(predicate::str::contains("shop, shop_web"));
    scaffold()
        .args(["-C", "tests/fixtures/umbrella", "--app", "shp", "info"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `shop`"));
    let out = scaffold()
        .args([
            "-C",
            "tests/fixtures/umbrella",
            "--app",
            "shop",
            "info",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["app"], "shop");
    assert_eq!(v["app_dir"], "apps/shop");
    assert_eq!(v["web_module"], "ShopWeb");
    assert_eq!(v["repo"], "Shop.Repo");
    assert_eq!(v["paths"]["router"], "apps/shop_web/lib/shop_web/router.ex");
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    scaffold().args(["info", "--bogus"]).assert().code(2);
    scaffold().args(["frobnicate"]).assert().code(2);
    scaffold().args(["--help"]).assert().code(0);
    // No subcommand and no terminal: help, exit 2, never waits for input.
    scaffold().write_stdin("").assert().code(2);
}

#[test]
fn completions() {
    scaffold()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("scaffold"));
}

#[test]
fn templates_list_marks_overrides() {
    let dir = copy_fixture("phx_shop");
    let name = scaffold::render::embedded_names()
        .into_iter()
        .next()
        .expect("at least one template");
    dir.child(format!(".scaffold/templates/{name}"))
        .write_str("custom\n")
        .unwrap();
    scaffold()
        .current_dir(dir.path())
        .args(["templates", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "{name}  (overridden in .scaffold/templates)"
        )));
}

#[test]
fn eject_creates_then_unchanged_then_conflict_then_force() {
    let dir = copy_fixture("phx_shop");
    let name = scaffold::render::embedded_names()
        .into_iter()
        .next()
        .unwrap();
    let target = format!(".scaffold/templates/{name}");
    let embedded = scaffold::render::embedded(&name).unwrap();

    // --dry-run writes nothing and shows the diff.
    let before = tree_hash(dir.path());
    scaffold()
        .current_dir(dir.path())
        .args(["templates", "eject", &name, "--dry-run"])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("+++ b/{target}")))
        .stdout(predicate::str::contains("dry run: nothing written"));
    assert_eq!(tree_hash(dir.path()), before);

    scaffold()
        .current_dir(dir.path())
        .args(["templates", "eject", &name])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("create {target}")));
    assert_eq!(
        std::fs::read_to_string(dir.path().join(&target)).unwrap(),
        embedded
    );

    // Identical content: unchanged, exit 0.
    scaffold()
        .current_dir(dir.path())
        .args(["templates", "eject", &name])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("unchanged {target}")));

    // Different content: conflict, exit 1, file untouched.
    std::fs::write(dir.path().join(&target), "mine\n").unwrap();
    let before = tree_hash(dir.path());
    scaffold()
        .current_dir(dir.path())
        .args(["templates", "eject", &name])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(format!("conflict {target}")))
        .stderr(predicate::str::contains("--force"));
    assert_eq!(tree_hash(dir.path()), before);

    // --force overwrites.
    scaffold()
        .current_dir(dir.path())
        .args(["templates", "eject", &name, "--force", "--yes"])
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(dir.path().join(&target)).unwrap(),
        embedded
    );
}

#[test]
fn json_summary_and_unknown_template_hint() {
    let dir = copy_fixture("phx_shop");
    let name = scaffold::render::embedded_names()
        .into_iter()
        .next()
        .unwrap();
    let out = scaffold()
        .current_dir(dir.path())
        .args(["--json", "templates", "eject", &name])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["applied"], true);
    assert_eq!(v["files"][0]["status"], "create");

    let misspelt: String = name.chars().take(name.len() - 1).collect();
    let before = tree_hash(dir.path());
    scaffold()
        .current_dir(dir.path())
        .args(["templates", "eject", &misspelt])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!("did you mean `{name}`")));
    assert_eq!(tree_hash(dir.path()), before);
}

#[cfg(unix)]
#[test]
fn symlink_out_of_project_is_refused() {
    let dir = copy_fixture("phx_shop");
    let outside = TempDir::new().unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join(".scaffold")).unwrap();
    let name = scaffold::render::embedded_names()
        .into_iter()
        .next()
        .unwrap();
    scaffold()
        .current_dir(dir.path())
        .args(["templates", "eject", &name])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("outside the project"));
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
}

#[test]
fn umbrella_web_app_is_its_own_web_layer() {
    let out = scaffold()
        .args([
            "-C",
            "tests/fixtures/umbrella",
            "--app",
            "shop_web",
            "info",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["base_module"], "ShopWeb");
    assert_eq!(v["web_module"], "ShopWeb");
    assert_eq!(v["paths"]["router"], "apps/shop_web/lib/shop_web/router.ex");
}
