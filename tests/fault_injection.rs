//! Fault injection: the N-th filesystem write of an apply fails, for every
//! N of a large change set built by the real generators (an Ash resource
//! with policies, property tests and LiveView pages, a second resource
//! related to it, a standalone migration, a supervisor with a GenServer,
//! and a component, all merged into one set). After each failure the tree
//! must be byte-identical to before (contents, symlinks, directories and
//! file modes), with no temporary file and no journal left behind. The
//! same holds for an undo of that apply. When the hook no longer fires,
//! the apply succeeds and produces exactly what an apply without the hook
//! produces.
mod common;

use common::project::{copy_fixture, tree_entries};
use scaffold::changes::{apply, journal, ApplyOptions, ChangeSet, JournalInfo};
use scaffold::generators::{self, Context};
use scaffold::project::Project;
use scaffold::render::Renderer;
use scaffold::spec::component::ComponentInput;
use scaffold::spec::migration::MigrationInput;
use scaffold::spec::otp::{GenServerInput, SupervisorInput};
use scaffold::spec::ResourceInput;
use std::path::Path;

/// Every entry under `root` with its permission bits.
fn snapshot(root: &Path) -> Vec<(String, Vec<u8>, u32)> {
    tree_entries(root)
        .into_iter()
        .map(|(p, bytes)| {
            let meta =
                std::fs::symlink_metadata(root.join(p.trim_end_matches(['/', '@']))).unwrap();
            (p, bytes, mode(&meta))
        })
        .collect()
}

#[cfg(unix)]
fn mode(m: &std::fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    m.permissions().mode()
}

#[cfg(not(unix))]
fn mode(_m: &std::fs::Metadata) -> u32 {
    0
}

/// Differences between two snapshots, for a readable failure.
fn diff(before: &[(String, Vec<u8>, u32)], after: &[(String, Vec<u8>, u32)]) -> Vec<String> {
    let mut out: Vec<String> = after
        .iter()
        .filter(|e| !before.contains(e))
        .map(|(p, _, _)| format!("+ {p}"))
        .collect();
    out.extend(
        before
            .iter()
            .filter(|e| !after.contains(e))
            .map(|(p, _, _)| format!("- {p}")),
    );
    out
}

/// The large change set: several generators composed on one set, as a
/// spec file or a `--live --policies --property` resource would.
fn large_set(root: &Path) -> ChangeSet {
    // Migration timestamps come from SOURCE_DATE_EPOCH, so two plans of
    // the same set are identical.
    std::env::set_var("SOURCE_DATE_EPOCH", "1795000000");
    let project = Project::discover(Some(root), root, None).unwrap();
    let renderer = Renderer::new(Some(project.root.join(project.templates_dir())));
    let ctx = Context {
        project: &project,
        renderer: &renderer,
    };
    let mut set = ChangeSet::new(&project.root);
    let mut post = ResourceInput::new(
        "Blog.Post",
        [
            "title:string:required",
            "body:text",
            "published:boolean:default=false",
            "views:integer:default=0",
            "slug:string:unique",
            "status:atom:draft,published:default=draft",
            "author:belongs_to:Accounts.User:required",
        ],
    );
    post.policies = true;
    post.live = true;
    let opts = generators::ash_resource::ResourceOptions { property: true };
    generators::ash_resource::plan(
        &ctx,
        ResourceInput::new(
            "Accounts.User",
            ["email:ci_string:required:unique", "name:string"],
        ),
        &opts,
        &mut set,
    )
    .unwrap();
    generators::ash_resource::plan(&ctx, post, &opts, &mut set).unwrap();
    let migration = MigrationInput {
        name: "create_tags".into(),
        ops: vec![
            "name:string:required:unique".into(),
            "post_id:references:posts".into(),
        ],
        index: vec![],
        unique_index: vec![],
        concurrently: false,
        remove: false,
        binary_id: false,
        no_timestamps: false,
    };
    let spec = scaffold::spec::migration::MigrationSpec::build(migration).unwrap();
    let clock = generators::migration::Clock::from_option(Some("20300101000000")).unwrap();
    generators::migration::plan_standalone(&ctx, &spec, clock, &mut set).unwrap();
    let sup = SupervisorInput {
        module: "Pipeline".into(),
        strategy: Some("rest_for_one".into()),
        children: vec![],
        supervisor: None,
        test: true,
    };
    generators::supervisor::plan_input(&ctx, sup, &mut set).unwrap();
    let mut server = GenServerInput::new("Pipeline.Producer");
    server.calls = vec!["fetch".into()];
    server.casts = vec!["put".into()];
    server.every = Some(60_000);
    server.supervisor = Some("Pipeline".into());
    generators::genserver::plan_input(&ctx, server, &mut set).unwrap();
    let mut cache = GenServerInput::new("Rates.Cache");
    cache.ets = true;
    cache.ttl = Some(300_000);
    generators::genserver::plan_input(&ctx, cache, &mut set).unwrap();
    let card = ComponentInput {
        module: "Ui.Card".into(),
        attrs: vec![
            "title:string:required".into(),
            "tone:atom:values=info,warning:default=info".into(),
        ],
        slots: vec!["inner_block".into()],
        stateful: false,
        tests: true,
    };
    generators::component::plan_input(&ctx, card, &mut set).unwrap();
    set
}

fn journaled(fail_at_write: Option<usize>, undoes: Option<String>) -> ApplyOptions {
    ApplyOptions {
        fail_at_write,
        journal: Some(JournalInfo {
            command: "scaffold fault-injection".into(),
            undoes,
        }),
        lock_timeout: None,
    }
}

/// Fails the apply of `set` at every write in turn; returns how many
/// writes the complete apply makes. `before` is what the tree must look
/// like after each failure.
fn fail_at_every_write(
    root: &Path,
    set: &ChangeSet,
    make_opts: &dyn Fn(usize) -> ApplyOptions,
) -> usize {
    let before = snapshot(root);
    let mut n = 1;
    loop {
        match apply(set, &make_opts(n)) {
            Err(e) => {
                assert!(
                    e.to_string().contains("injected write failure"),
                    "write {n}: unexpected error {e}"
                );
                assert_eq!(e.code(), 1, "an I/O failure is exit code 1");
                let after = snapshot(root);
                assert!(
                    after == before,
                    "after a failure at write {n} the tree differs: {:?}",
                    diff(&before, &after)
                );
            }
            Ok(_) => return n - 1,
        }
        n += 1;
        assert!(n < 10_000, "the hook never stopped firing");
    }
}

#[test]
fn every_failing_write_of_a_large_apply_leaves_the_tree_identical() {
    // A reference apply without the hook.
    let reference = copy_fixture("phx_shop");
    let set = large_set(reference.path());
    let files = set.writes().count();
    assert!(
        files >= 30,
        "the change set is meant to be large, it has {files} files"
    );
    let done = apply(&set, &ApplyOptions::default()).unwrap();
    assert_eq!(done.created.len() + done.modified.len(), files);
    let expected = snapshot(reference.path());

    for with_journal in [true, false] {
        let dir = copy_fixture("phx_shop");
        let set = large_set(dir.path());
        let make = |n: usize| {
            if with_journal {
                journaled(Some(n), None)
            } else {
                ApplyOptions {
                    fail_at_write: Some(n),
                    ..ApplyOptions::default()
                }
            }
        };
        let writes = fail_at_every_write(dir.path(), &set, &make);
        // One write per file and per created directory, plus the two
        // journal writes (pending and complete) and the journal folders.
        assert!(
            writes > files,
            "only {writes} writes counted for {files} files"
        );
        // The hook no longer fires: the last apply succeeded.
        let got: Vec<_> = snapshot(dir.path())
            .into_iter()
            .filter(|(p, _, _)| !p.starts_with(".scaffold"))
            .collect();
        assert!(
            got == expected,
            "the completed apply differs from a plain one: {:?}",
            diff(&expected, &got)
        );
        let journal_entries = journal::entries(dir.path());
        if with_journal {
            assert_eq!(journal_entries.len(), 1, "exactly one journal entry");
            assert_eq!(journal_entries[0].state, "complete");
        } else {
            assert!(journal_entries.is_empty());
        }
    }
}

#[test]
fn every_failing_write_of_an_undo_leaves_the_applied_tree_identical() {
    let dir = copy_fixture("phx_shop");
    let pristine = snapshot(dir.path());
    let set = large_set(dir.path());
    let id = apply(&set, &journaled(None, None))
        .unwrap()
        .journal_id
        .unwrap();
    let (entry, undone) = journal::undo_target(dir.path(), None).unwrap();
    assert_eq!(entry.id, id);
    assert!(!undone);
    let (undo, edited) = journal::plan_undo(dir.path(), &entry, false).unwrap();
    assert!(edited.is_empty(), "{edited:?}");
    let writes = fail_at_every_write(dir.path(), &undo, &|n| journaled(Some(n), Some(id.clone())));
    assert!(writes >= undo.writes().count(), "{writes} writes");
    // The undo went through on the last round: the tree is the fixture
    // again once the folders the apply created are gone.
    journal::remove_created_dirs(dir.path(), &entry);
    let now: Vec<_> = snapshot(dir.path())
        .into_iter()
        .filter(|(p, _, _)| !p.starts_with(".scaffold"))
        .collect();
    assert!(
        now == pristine,
        "undo did not restore the fixture: {:?}",
        diff(&pristine, &now)
    );
}

#[test]
fn a_failed_apply_can_be_retried_and_a_stale_plan_is_refused() {
    let dir = copy_fixture("phx_shop");
    let set = large_set(dir.path());
    let before = snapshot(dir.path());
    // Fail in the middle, then apply the same plan again: it still fits the
    // untouched tree and goes through.
    let mid = set.writes().count() / 2;
    assert!(apply(&set, &journaled(Some(mid), None)).is_err());
    assert!(snapshot(dir.path()) == before);
    apply(&set, &journaled(None, None)).unwrap();
    // The same plan once more is stale: the files it would modify have
    // changed since it was planned. Nothing is written.
    let after = snapshot(dir.path());
    let err = apply(&set, &journaled(None, None)).unwrap_err();
    assert!(err.to_string().contains("changed on disk"), "{err}");
    assert!(snapshot(dir.path()) == after);
}

/// A file another process changes between the moment a generator reads it
/// and the moment it plans the new content is stale: the apply must be
/// refused, not write content computed from the old text over the new.
#[test]
fn a_file_changed_while_planning_is_refused_as_stale() {
    let dir = copy_fixture("phx_shop");
    let path = "lib/shop/application.ex";
    let mut set = ChangeSet::new(dir.path());
    let seen = set.read(path).unwrap().unwrap();
    let edited = seen.replace("children = [", "children = [\n      Shop.Other,");
    std::fs::write(dir.path().join(path), &edited).unwrap();
    set.modify(
        path,
        seen.replace("children = [", "children = [\n      Shop.Mine,"),
    )
    .unwrap();
    let err = apply(&set, &ApplyOptions::default()).unwrap_err();
    assert!(err.to_string().contains("changed on disk"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join(path)).unwrap(),
        edited
    );
}
