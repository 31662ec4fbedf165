//! `scaffold demo DIR`, the README's quick start, end to end: the sample
//! project plus every demo step in one apply; every generated Elixir file
//! parses and is formatter-clean, resources and domains fit the Ash DSL,
//! and it is fast, dry-runnable and safe to re-run.
mod common;

use assert_cmd::Command;
use assert_fs::TempDir;
use common::project::{tree_entries, tree_hash};
use std::path::Path;
use std::time::{Duration, Instant};

fn scaffold() -> Command {
    let mut c = Command::cargo_bin("scaffold").unwrap();
    c.env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1767225600");
    c
}

fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    scaffold()
        .current_dir(dir)
        .arg("demo")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn demo_generates_a_checked_project_in_one_apply() {
    let tmp = TempDir::new().unwrap();
    let started = Instant::now();
    let out = run(tmp.path(), &["demo_app"]);
    let elapsed = started.elapsed();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(elapsed < Duration::from_secs(5), "demo took {elapsed:?}");
    let root = tmp.path().join("demo_app");

    // Every step ran and says so in the summary.
    for step in scaffold::generators::demo::STEPS {
        let line = step.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            stdout.contains(&format!("demo ran: scaffold {line}")),
            "missing step `{line}`:\n{stdout}"
        );
    }
    for path in [
        "mix.exs",
        "lib/demo_app/accounts/user.ex",
        "lib/demo_app/blog/post.ex",
        "lib/demo_app/blog/comment.ex",
        "lib/demo_app/blog.ex",
        "lib/demo_app_web/live/post_live/index.ex",
        "lib/demo_app_web/components/ui/badge.ex",
        "lib/demo_app/blog/view_counter.ex",
        "lib/demo_app/blog/workers.ex",
        "priv/repo/migrations/20260101000000_install_extensions.exs",
    ] {
        assert!(root.join(path).is_file(), "{path} missing");
    }
    let config = std::fs::read_to_string(root.join("config/config.exs")).unwrap();
    assert!(
        config.contains("ash_domains: [DemoApp.Accounts, DemoApp.Blog]"),
        "{config}"
    );
    let router = std::fs::read_to_string(root.join("lib/demo_app_web/router.ex")).unwrap();
    assert!(router.contains("PostLive.Index"), "{router}");
    let workers = std::fs::read_to_string(root.join("lib/demo_app/blog/workers.ex")).unwrap();
    assert!(workers.contains("DemoApp.Blog.ViewCounter"));

    common::elixir::check_tree(&root);
    for (path, bytes) in tree_entries(&root) {
        let text = String::from_utf8_lossy(&bytes);
        if path.ends_with(".ex") && text.contains("use Ash.Resource") {
            let problems = common::ash_dsl::validate_resource(&text);
            assert!(problems.is_empty(), "{path}: {problems:?}");
        }
        if path.ends_with(".ex") && text.contains("use Ash.Domain") {
            let problems = common::ash_dsl::validate_domain(&text);
            assert!(problems.is_empty(), "{path}: {problems:?}");
        }
    }

    // Without --force the directory is not touched again.
    let before = tree_hash(&root);
    let again = run(tmp.path(), &["demo_app"]);
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(tree_hash(&root), before);
    // With --force, everything is found as it was written.
    let forced = run(tmp.path(), &["demo_app", "--force"]);
    let text = String::from_utf8_lossy(&forced.stdout).into_owned();
    assert!(forced.status.success(), "{text}");
    assert!(
        !text.contains(" create ") && !text.contains(" modify "),
        "{text}"
    );
}

#[test]
fn demo_dry_run_writes_nothing() {
    let tmp = TempDir::new().unwrap();
    let before = tree_hash(tmp.path());
    let out = run(tmp.path(), &["--dry-run", "demo_app"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("+++ b/lib/demo_app/blog/post.ex"));
    assert_eq!(tree_hash(tmp.path()), before);
}

#[test]
fn demo_refuses_a_bad_directory_name() {
    let tmp = TempDir::new().unwrap();
    let out = run(tmp.path(), &["Demo-App"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid app name `Demo-App`"));
    assert!(std::fs::read_dir(tmp.path()).unwrap().next().is_none());
}
