//! `scaffold genserver` and `scaffold supervisor` end to end: the binary on
//! copies of the fixtures, every generated file checked with Elixir, the
//! generated tests run, re-runs that change nothing, `--dry-run`, and bad
//! input that exits 2 without touching the tree.
mod common;
#[path = "otp/support.rs"]
mod support;

use std::path::Path;

use assert_fs::prelude::*;
use common::project::{changed_files, copy_fixture, tree_entries, tree_hash};
use support::{run, run_ok, scaffold};

const APP: &str = "lib/shop/application.ex";

/// Every command of the end-to-end run, in order.
const COMMANDS: &[&[&str]] = &[
    &[
        "genserver",
        "Cache.Warmer",
        "--call",
        "fetch",
        "--cast",
        "put",
        "--every",
        "60000",
    ],
    &[
        "genserver",
        "Stats.Counter",
        "--call",
        "value",
        "--state",
        "keyword",
        "--telemetry",
    ],
    &[
        "genserver",
        "Feeds.Poller",
        "--every",
        "1500",
        "--state",
        "struct",
    ],
    &[
        "genserver",
        "Rooms.Room",
        "--registry",
        "--call",
        "members",
        "--cast",
        "join",
    ],
    &[
        "genserver",
        "Sessions.Worker",
        "--dynamic",
        "--call",
        "fetch",
        "--cast",
        "put",
        "--telemetry",
    ],
    &[
        "genserver",
        "Rates.Cache",
        "--ets",
        "--ttl",
        "300000",
        "--telemetry",
    ],
    &[
        "supervisor",
        "Pipeline",
        "--strategy",
        "rest_for_one",
        "--child",
        "Pipeline.Producer",
    ],
    &[
        "genserver",
        "Pipeline.Producer",
        "--supervisor",
        "Pipeline",
        "--call",
        "fetch",
    ],
    &[
        "genserver",
        "Pipeline.Consumer",
        "--supervisor",
        "Pipeline",
        "--dynamic",
        "--state",
        "struct",
    ],
];

fn paths(dir: &Path, rel: &[String]) -> Vec<std::path::PathBuf> {
    rel.iter().map(|r| dir.join(r)).collect()
}

/// The last element of the application's children list.
fn last_child(app: &str) -> String {
    let list = &app[app.find("children = [").unwrap()..];
    let list = &list[..list.find("\n    ]").unwrap()];
    list.lines().last().unwrap().trim().to_string()
}

#[test]
fn every_variant_on_the_phoenix_fixture() {
    let dir = copy_fixture("phx_shop");
    let before = tree_entries(dir.path());
    for args in COMMANDS {
        run_ok(dir.path(), args);
        // Run again at once: nothing changes, and the summary says so.
        let hash = tree_hash(dir.path());
        let out = run_ok(dir.path(), args);
        assert!(
            !out.contains("create") && !out.contains("modify"),
            "{args:?} changed something:\n{out}"
        );
        assert!(out.contains("unchanged"), "{args:?}:\n{out}");
        assert_eq!(tree_hash(dir.path()), hash, "{args:?}");
    }
    let after = tree_entries(dir.path());
    let changed = changed_files(&before, &after);
    // (.scaffold/ holds the journal of applies.)
    let files: Vec<String> = changed
        .iter()
        .filter(|p| !p.ends_with('/') && !p.starts_with(".scaffold/"))
        .cloned()
        .collect();
    let libs: Vec<String> = files
        .iter()
        .filter(|p| p.starts_with("lib/") && p.as_str() != APP)
        .cloned()
        .collect();
    let tests: Vec<String> = files
        .iter()
        .filter(|p| p.starts_with("test/"))
        .cloned()
        .collect();
    assert_eq!(libs.len(), 9, "{files:?}");
    assert_eq!(tests.len(), 9, "{files:?}");
    assert!(files.iter().any(|p| p == APP));
    assert_eq!(
        files.len(),
        19,
        "only the new modules, their tests and the application: {files:?}"
    );

    // Formatter-clean, and the application keeps the endpoint last.
    common::elixir::check_tree(dir.path());
    let app = std::fs::read_to_string(dir.path().join(APP)).unwrap();
    assert_eq!(last_child(&app), "ShopWeb.Endpoint");

    // The generated tests pass against the generated supervision tree.
    support::run_exunit(
        &support::fixture_file("phx_shop", APP),
        &dir.path().join(APP),
        &paths(dir.path(), &libs),
        &paths(dir.path(), &tests),
    );

    // Later runs of the GenServer commands still change nothing. The
    // supervisor's file has gained children since it was generated, so
    // generating it again is refused rather than overwritten.
    let hash = tree_hash(dir.path());
    for args in COMMANDS.iter().filter(|a| a[0] == "genserver") {
        let out = run_ok(dir.path(), args);
        assert!(
            !out.contains("create") && !out.contains("modify"),
            "{args:?} changed something:\n{out}"
        );
    }
    assert_eq!(tree_hash(dir.path()), hash);
    refused(
        dir.path(),
        COMMANDS[6],
        "`Shop.Pipeline` already exists: lib/shop/pipeline.ex has other content",
    );
}

#[test]
fn dry_run_prints_the_diff_and_writes_nothing() {
    let dir = copy_fixture("phx_shop");
    let hash = tree_hash(dir.path());
    let out = run_ok(
        dir.path(),
        &["genserver", "Sessions.Worker", "--dynamic", "--dry-run"],
    );
    assert!(out.contains("+++ b/lib/shop/sessions/worker.ex"), "{out}");
    assert!(
        out.contains("+      {Registry, keys: :unique, name: Shop.Sessions.WorkerRegistry},"),
        "{out}"
    );
    assert!(out.contains("dry run: nothing written"), "{out}");
    assert_eq!(tree_hash(dir.path()), hash);
}

#[test]
fn no_test_skips_the_test_file() {
    let dir = copy_fixture("phx_shop");
    run_ok(dir.path(), &["genserver", "Cache.Warmer", "--no-test"]);
    dir.child("lib/shop/cache/warmer.ex")
        .assert(predicates::path::exists());
    dir.child("test/shop/cache")
        .assert(predicates::path::missing());
}

/// Runs a command that must fail with exit code 2 and `message` on stderr,
/// leaving the tree exactly as it was.
fn refused(dir: &Path, args: &[&str], message: &str) {
    let hash = tree_hash(dir);
    let out = run(dir, args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(
        stderr.contains(message),
        "{args:?}: expected `{message}` in:\n{stderr}"
    );
    assert_eq!(tree_hash(dir), hash, "{args:?} touched the tree");
}

#[test]
fn bad_input_exits_2_and_writes_nothing() {
    let dir = copy_fixture("phx_shop");
    let d = dir.path();
    // Invalid and reserved names.
    refused(
        d,
        &["genserver", "cache.warmer"],
        "did you mean `Cache.Warmer`?",
    );
    refused(
        d,
        &["genserver", "Shop"],
        "is the application's base module",
    );
    refused(
        d,
        &["genserver", "Application"],
        "is the application module",
    );
    refused(
        d,
        &["genserver", "Cache.Registry"],
        "would shadow Elixir's `Registry`",
    );
    refused(
        d,
        &["supervisor", "Jobs.Supervisor"],
        "would shadow Elixir's `Supervisor`",
    );
    refused(
        d,
        &["genserver", "Cache.Warmer", "--call", "end"],
        "reserved word",
    );
    refused(
        d,
        &["genserver", "Cache.Warmer", "--call", "send"],
        "`send` is reserved",
    );
    refused(
        d,
        &["genserver", "Cache.Warmer", "--call", "start_link"],
        "`start_link` is reserved",
    );
    refused(
        d,
        &["genserver", "Cache.Warmer", "--call", "Fetch"],
        "invalid name `Fetch`",
    );
    refused(
        d,
        &[
            "genserver",
            "Cache.Warmer",
            "--call",
            "get",
            "--cast",
            "get",
        ],
        "both as --call and as --cast",
    );
    refused(
        d,
        &[
            "genserver",
            "Cache.Warmer",
            "--call",
            "get",
            "--call",
            "get",
        ],
        "given twice",
    );
    // Options that do not go together or do not parse.
    refused(
        d,
        &["genserver", "Rates.Cache", "--ets", "--call", "get"],
        "cannot be combined with --ets",
    );
    refused(
        d,
        &["genserver", "Rates.Cache", "--ets", "--dynamic"],
        "--ets cannot be combined",
    );
    refused(
        d,
        &["genserver", "Cache.Warmer", "--ttl", "5000"],
        "--ttl only applies to --ets",
    );
    refused(
        d,
        &["genserver", "Cache.Warmer", "--every", "0"],
        "positive number of milliseconds",
    );
    refused(
        d,
        &["genserver", "Cache.Warmer", "--every", "soon"],
        "invalid value",
    );
    refused(
        d,
        &["genserver", "Cache.Warmer", "--state", "mapp"],
        "did you mean `map`?",
    );
    refused(
        d,
        &["genserver", "Cache.Warmer", "--telemetry"],
        "no --call was given",
    );
    refused(
        d,
        &["supervisor", "Pipeline", "--strategy", "one_for_won"],
        "did you mean `one_for_one`?",
    );
    refused(
        d,
        &["supervisor", "Pipeline", "--child", "Pipeline"],
        "cannot be its own child",
    );
    // Modules that exist: at their path, or defined in another file.
    refused(
        d,
        &["genserver", "Repo"],
        "`Shop.Repo` already exists: lib/shop/repo.ex",
    );
    refused(d, &["supervisor", "Mailer"], "`Shop.Mailer` already exists");
    // An unknown supervisor.
    refused(
        d,
        &["genserver", "Cache.Warmer", "--supervisor", "Pipeline"],
        "unknown supervisor `Shop.Pipeline`",
    );
    refused(
        d,
        &["genserver", "Cache.Warmer", "--supervisor", "Cache.Warmer"],
        "cannot supervise itself",
    );
    // Names too long for the formatter's line width.
    let long = format!("{}_data", "x".repeat(50));
    refused(
        d,
        &["genserver", "Cache.Warmer", "--cast", &long],
        "more than the formatter's 98",
    );
}

#[test]
fn a_module_defined_in_another_file_needs_force() {
    let dir = copy_fixture("phx_shop");
    dir.child("lib/shop/warmers.ex")
        .write_str("defmodule Shop.Cache.Warmer do\n  @moduledoc false\nend\n")
        .unwrap();
    refused(
        dir.path(),
        &["genserver", "Cache.Warmer"],
        "it is defined in lib/shop/warmers.ex",
    );
    run_ok(dir.path(), &["genserver", "Cache.Warmer", "--force"]);
    dir.child("lib/shop/cache/warmer.ex")
        .assert(predicates::str::contains("use GenServer"));
}

#[test]
fn an_edited_module_is_not_overwritten_without_force() {
    let dir = copy_fixture("phx_shop");
    run_ok(
        dir.path(),
        &["genserver", "Cache.Warmer", "--call", "fetch"],
    );
    let path = dir.path().join("lib/shop/cache/warmer.ex");
    let edited = std::fs::read_to_string(&path)
        .unwrap()
        .replace("Returns the server's data.", "Returns it.");
    std::fs::write(&path, &edited).unwrap();
    refused(
        dir.path(),
        &["genserver", "Cache.Warmer", "--call", "fetch"],
        "lib/shop/cache/warmer.ex has other content",
    );
    run_ok(
        dir.path(),
        &["genserver", "Cache.Warmer", "--call", "fetch", "--force"],
    );
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .contains("Returns the server's data."));
}

#[test]
fn telemetry_needs_the_dependency() {
    // The core app of the umbrella does not depend on telemetry.
    let dir = copy_fixture("umbrella");
    refused(
        dir.path(),
        &[
            "--app",
            "shop",
            "genserver",
            "Cache.Warmer",
            "--call",
            "fetch",
            "--telemetry",
        ],
        "does not depend on it",
    );
}

#[test]
fn umbrella_app_without_endpoint() {
    let dir = copy_fixture("umbrella");
    run_ok(
        dir.path(),
        &["--app", "shop", "genserver", "Sessions.Worker", "--dynamic"],
    );
    dir.child("apps/shop/lib/shop/sessions/worker.ex")
        .assert(predicates::path::exists());
    dir.child("apps/shop/test/shop/sessions/worker_test.exs")
        .assert(predicates::path::exists());
    let app =
        std::fs::read_to_string(dir.path().join("apps/shop/lib/shop/application.ex")).unwrap();
    assert!(
        app.contains(
            "      {Phoenix.PubSub, name: Shop.PubSub},\n      \
             {Registry, keys: :unique, name: Shop.Sessions.WorkerRegistry},\n      \
             {DynamicSupervisor, name: Shop.Sessions.WorkerSupervisor, strategy: :one_for_one}\n      \
             # Start a worker"
        ),
        "{app}"
    );
    common::elixir::check_tree(&dir.path().join("apps/shop"));
    let hash = tree_hash(dir.path());
    let out = run_ok(
        dir.path(),
        &["--app", "shop", "genserver", "Sessions.Worker", "--dynamic"],
    );
    assert!(out.contains("already supervised"), "{out}");
    assert_eq!(tree_hash(dir.path()), hash);
}

#[test]
fn one_line_children_list() {
    let dir = copy_fixture("awkward");
    run_ok(dir.path(), &["genserver", "Cache.Warmer"]);
    let app = std::fs::read_to_string(dir.path().join(APP)).unwrap();
    assert!(
        app.contains("    children = [Shop.Repo, Shop.Cache.Warmer, ShopWeb.Endpoint]\n"),
        "{app}"
    );
    common::elixir::check_files(&[
        dir.path().join(APP),
        dir.path().join("lib/shop/cache/warmer.ex"),
    ]);
}

#[test]
fn another_registry_does_not_count_as_ours() {
    let dir = copy_fixture("phx_shop");
    let path = dir.path().join(APP);
    let app = std::fs::read_to_string(&path).unwrap().replace(
        "      {Phoenix.PubSub, name: Shop.PubSub},\n",
        "      {Phoenix.PubSub, name: Shop.PubSub},\n      {Registry, keys: :unique, name: Shop.Registry},\n",
    );
    std::fs::write(&path, app).unwrap();
    run_ok(dir.path(), &["genserver", "Sessions.Worker", "--dynamic"]);
    let app = std::fs::read_to_string(&path).unwrap();
    assert!(app.contains("      {Registry, keys: :unique, name: Shop.Registry},\n"));
    assert!(
        app.contains("      {Registry, keys: :unique, name: Shop.Sessions.WorkerRegistry},\n"),
        "{app}"
    );
    let hash = tree_hash(dir.path());
    run_ok(dir.path(), &["genserver", "Sessions.Worker", "--dynamic"]);
    assert_eq!(tree_hash(dir.path()), hash);
}

#[test]
fn conditional_children_fail_clearly_and_write_nothing() {
    let dir = copy_fixture("phx_shop");
    let path = dir.path().join(APP);
    let app = std::fs::read_to_string(&path).unwrap().replace(
        "    # See https://hexdocs.pm/elixir/Supervisor.html\n",
        "    children =\n      if Application.get_env(:shop, :workers?, true),\n        \
         do: children ++ [Shop.Worker],\n        else: children\n\n    \
         # See https://hexdocs.pm/elixir/Supervisor.html\n",
    );
    std::fs::write(&path, app).unwrap();
    let hash = tree_hash(dir.path());
    let out = run(dir.path(), &["genserver", "Cache.Warmer"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("lib/shop/application.ex:"), "{stderr}");
    assert!(stderr.contains("assigned more than once"), "{stderr}");
    assert!(
        stderr.contains("Shop.Cache.Warmer"),
        "the snippet to add by hand: {stderr}"
    );
    assert_eq!(tree_hash(dir.path()), hash);
}

#[test]
fn supervisor_notes_children_that_do_not_exist_yet() {
    let dir = copy_fixture("phx_shop");
    let out = run_ok(
        dir.path(),
        &[
            "supervisor",
            "Pipeline",
            "--child",
            "Pipeline.Producer",
            "--child",
            "Repo",
        ],
    );
    assert!(
        out.contains("Shop.Pipeline.Producer is not defined under lib/ yet"),
        "{out}"
    );
    assert!(!out.contains("Shop.Repo is not defined"), "{out}");
    let sup = std::fs::read_to_string(dir.path().join("lib/shop/pipeline.ex")).unwrap();
    assert!(
        sup.contains("    children = [\n      Shop.Pipeline.Producer,\n      Shop.Repo\n    ]\n"),
        "{sup}"
    );
}

#[test]
fn help_lists_the_commands() {
    let out = scaffold().arg("--help").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("genserver") && text.contains("supervisor"),
        "{text}"
    );
    let out = scaffold().args(["genserver", "--help"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    for flag in [
        "--call",
        "--cast",
        "--every",
        "--state",
        "--registry",
        "--dynamic",
        "--ets",
        "--ttl",
        "--telemetry",
        "--supervisor",
        "--no-test",
    ] {
        assert!(text.contains(flag), "{flag} missing from:\n{text}");
    }
}
