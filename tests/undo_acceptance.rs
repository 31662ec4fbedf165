//! `scaffold undo` against real commands: an apply that creates and
//! modifies files is reverted byte for byte (directories included); files
//! edited since block the undo and are listed (`--force` reverts anyway);
//! undo is idempotent, all-or-nothing, and honours `--dry-run`.
mod common;

use assert_cmd::Command;
use common::project::{changed_files, copy_fixture, tree_entries, tree_hash};
use scaffold::changes::{apply, journal, ApplyOptions, JournalInfo};
use std::path::Path;

const SPEC: &str = r#"[[resource]]
module = "Blog.Post"
fields = ["title:string:required", "author:belongs_to:Accounts.Author"]

[[resource]]
module = "Accounts.Author"
fields = ["name:string:required"]

[[live]]
resource = "Blog.Post"

[[genserver]]
module = "Blog.Counter"
calls = ["count"]
"#;

fn scaffold(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("scaffold")
        .unwrap()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The tree without scaffold's own journal.
fn project_tree(root: &Path) -> Vec<(String, Vec<u8>)> {
    tree_entries(root)
        .into_iter()
        .filter(|(p, _)| !p.starts_with(".scaffold"))
        .collect()
}

/// Only journal entries are left under `.scaffold/`.
fn only_journal_left(root: &Path) {
    for (p, _) in tree_entries(root)
        .into_iter()
        .filter(|(p, _)| p.starts_with(".scaffold"))
    {
        let ok = p == ".scaffold/"
            || p == ".scaffold/journal/"
            || (p.starts_with(".scaffold/journal/") && p.ends_with(".json"));
        assert!(ok, "left behind: {p}");
    }
}

/// A phx_shop copy with the spec file written outside the project tree
/// comparison (it is created before the snapshot).
fn project_with_spec() -> assert_fs::TempDir {
    let dir = copy_fixture("phx_shop");
    std::fs::write(dir.path().join("blog.toml"), SPEC).unwrap();
    dir
}

#[test]
fn create_and_modify_then_undo_gives_back_the_same_tree() {
    let dir = project_with_spec();
    let root = dir.path();
    let before = project_tree(root);

    let (code, _, err) = scaffold(root, &["apply", "blog.toml", "--yes"]);
    assert_eq!(code, 0, "{err}");
    let changed = changed_files(&before, &project_tree(root));
    for path in [
        "mix.exs",
        "config/config.exs",
        "lib/shop_web/router.ex",
        "lib/shop/application.ex",
        "lib/shop/blog/post.ex",
        "lib/shop_web/live/post_live/index.ex",
        "lib/shop/blog/",
    ] {
        assert!(
            changed.iter().any(|c| c == path),
            "{path} should have changed: {changed:?}"
        );
    }

    let (code, out, err) = scaffold(root, &["undo", "--yes"]);
    assert_eq!(code, 0, "{out}{err}");
    let after = project_tree(root);
    assert_eq!(changed_files(&before, &after), Vec::<String>::new());
    assert_eq!(
        after, before,
        "the tree is byte-identical to before, directories included"
    );
    only_journal_left(root);
}

#[test]
fn undo_reverts_a_chain_of_commands_one_by_one() {
    let dir = copy_fixture("phx_shop");
    let root = dir.path();
    let start = project_tree(root);
    let (code, _, err) = scaffold(root, &["supervisor", "Jobs.Pool", "--yes"]);
    assert_eq!(code, 0, "{err}");
    let with_pool = project_tree(root);
    let (code, _, err) = scaffold(
        root,
        &[
            "genserver",
            "Jobs.Runner",
            "--supervisor",
            "Jobs.Pool",
            "--yes",
        ],
    );
    assert_eq!(code, 0, "{err}");

    // The runner went into the pool: undoing it restores the pool's file.
    let (code, _, err) = scaffold(root, &["undo", "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        changed_files(&with_pool, &project_tree(root)),
        Vec::<String>::new()
    );
    // `undo` again is idempotent: the last apply is undone already.
    let (code, out, err) = scaffold(root, &["undo", "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("was already undone"), "{out}");
    assert_eq!(
        changed_files(&with_pool, &project_tree(root)),
        Vec::<String>::new()
    );
    // The earlier apply, by its id.
    let (_, history, _) = scaffold(root, &["history"]);
    let first = history
        .lines()
        .next()
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    let (code, _, err) = scaffold(root, &["undo", &first, "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        changed_files(&start, &project_tree(root)),
        Vec::<String>::new()
    );
    assert!(project_tree(root) == start);

    let (code, history, _) = scaffold(root, &["history"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = history.lines().collect();
    assert_eq!(lines.len(), 4, "{history}");
    assert!(
        lines[0].contains("apply")
            && lines[0].contains("(undone)")
            && lines[0].ends_with("scaffold supervisor Jobs.Pool --yes"),
        "{history}"
    );
    assert!(
        lines[1].contains("(undone)") && lines[1].contains("scaffold genserver Jobs.Runner"),
        "{history}"
    );
    assert!(
        lines[2].contains("undo") && lines[3].contains("undo"),
        "{history}"
    );
}

#[test]
fn undo_after_the_user_edited_a_generated_file_refuses_and_lists_it() {
    let dir = project_with_spec();
    let root = dir.path();
    let before = project_tree(root);
    let (code, _, err) = scaffold(root, &["apply", "blog.toml", "--yes"]);
    assert_eq!(code, 0, "{err}");

    // One created file and one modified file edited by hand.
    let post = root.join("lib/shop/blog/post.ex");
    let mut text = std::fs::read_to_string(&post).unwrap();
    text.push_str("# reviewed\n");
    std::fs::write(&post, text).unwrap();
    let router = root.join("lib/shop_web/router.ex");
    let mut text = std::fs::read_to_string(&router).unwrap();
    text.push_str("# more routes soon\n");
    std::fs::write(&router, text).unwrap();

    let edited = tree_hash(root);
    let (code, out, err) = scaffold(root, &["undo", "--yes"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("error: files changed since `scaffold apply blog.toml --yes`: lib/shop/blog/post.ex, lib/shop_web/router.ex"),
        "{err}"
    );
    assert!(
        err.contains("hint: nothing was undone; re-run with --force to revert them anyway"),
        "{err}"
    );
    assert_eq!(tree_hash(root), edited, "a refused undo changed the tree");

    // --dry-run --force shows the revert and writes nothing.
    let (code, out, err) = scaffold(root, &["undo", "--force", "--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("delete lib/shop/blog/post.ex"), "{out}");
    assert_eq!(tree_hash(root), edited);

    // --force reverts anyway, edits included.
    let (code, out, err) = scaffold(root, &["undo", "--force", "--yes"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        changed_files(&before, &project_tree(root)),
        Vec::<String>::new()
    );
    assert!(project_tree(root) == before);
}

#[test]
fn undo_is_idempotent() {
    let dir = project_with_spec();
    let root = dir.path();
    let before = project_tree(root);
    let (code, _, err) = scaffold(root, &["apply", "blog.toml", "--yes"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = scaffold(root, &["undo", "--yes"]);
    assert_eq!(code, 0, "{err}");
    let once = tree_hash(root);

    let (code, out, err) = scaffold(root, &["undo", "--yes"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("nothing to undo: `scaffold apply blog.toml --yes`"),
        "{out}"
    );
    assert!(out.contains("was already undone"), "{out}");
    assert_eq!(tree_hash(root), once, "a second undo changed something");
    assert_eq!(
        changed_files(&before, &project_tree(root)),
        Vec::<String>::new()
    );
    assert!(project_tree(root) == before);
}

#[test]
fn undoing_an_older_apply_whose_files_changed_since_is_refused() {
    let dir = project_with_spec();
    let root = dir.path();
    let before = project_tree(root);
    let (code, _, err) = scaffold(root, &["apply", "blog.toml", "--yes"]);
    assert_eq!(code, 0, "{err}");
    let (_, history, _) = scaffold(root, &["history"]);
    let first_id = history
        .lines()
        .next()
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    // A later command edits the application again.
    let (code, _, err) = scaffold(root, &["genserver", "Blog.Tally", "--yes"]);
    assert_eq!(code, 0, "{err}");

    let state = tree_hash(root);
    let (code, _, err) = scaffold(root, &["undo", &first_id, "--yes"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "files changed since `scaffold apply blog.toml --yes`: lib/shop/application.ex"
        ),
        "{err}"
    );
    assert_eq!(tree_hash(root), state);

    // Newest first works.
    let (code, _, err) = scaffold(root, &["undo", "--yes"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = scaffold(root, &["undo", &first_id, "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        changed_files(&before, &project_tree(root)),
        Vec::<String>::new()
    );
    assert!(project_tree(root) == before);
}

#[test]
fn an_undo_that_fails_half_way_leaves_the_applied_tree() {
    let dir = project_with_spec();
    let root = dir.path();
    let (code, _, err) = scaffold(root, &["apply", "blog.toml", "--yes"]);
    assert_eq!(code, 0, "{err}");
    let applied = project_tree(root);

    let (entry, already) = journal::undo_target(root, None).unwrap();
    assert!(!already);
    let (set, edited) = journal::plan_undo(root, &entry, false).unwrap();
    assert!(edited.is_empty(), "{edited:?}");
    let writes = set.writes().count();
    assert!(writes > 10, "{writes}");
    // Every write position fails once: each time the tree stays as the
    // apply left it, and the undo is still possible afterwards.
    for fail_at in [1, 2, writes / 2, writes + 1] {
        let opts = ApplyOptions {
            fail_at_write: Some(fail_at),
            journal: Some(JournalInfo {
                command: "scaffold undo".into(),
                undoes: Some(entry.id.clone()),
            }),
            ..ApplyOptions::default()
        };
        assert!(apply(&set, &opts).is_err(), "write {fail_at} should fail");
        let now = project_tree(root);
        assert_eq!(
            changed_files(&applied, &now),
            Vec::<String>::new(),
            "undo failing at write {fail_at} left a partial revert"
        );
    }
    let (code, _, err) = scaffold(root, &["undo", "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert_ne!(project_tree(root), applied);
}
