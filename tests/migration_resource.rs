//! Create-table migrations and AshPostgres snapshots for resources:
//! every column type, each primary key, references with each on_delete,
//! unique and custom indexes; re-runs are unchanged; the migrations parse
//! and are formatter-clean with the real Elixir, and every foreign key and
//! identity has its index.
mod common;

use common::elixir::check_sources;
use common::project::copy_fixture;
use scaffold::changes::{apply, ApplyOptions, ChangeSet, Status};
use scaffold::generators::migration::{self, Clock, UtcDateTime};
use scaffold::generators::Context;
use scaffold::project::Project;
use scaffold::render::Renderer;
use scaffold::spec::{
    KnownResource, ModuleName, PrimaryKey, ProjectContext, ResourceInput, ResourceSpec, TableName,
};
use std::path::Path;

fn clock(ts: &str) -> Clock {
    Clock::Fixed(UtcDateTime::parse_compact(ts).unwrap())
}

fn project_ctx(known: &[(&str, Option<&str>, PrimaryKey)]) -> ProjectContext {
    let mut c = ProjectContext::new("shop").unwrap();
    let mut list = vec![KnownResource {
        module: ModuleName::parse("Shop.Accounts.User").unwrap(),
        table: Some(TableName::parse("users").unwrap()),
        primary_key: Some(PrimaryKey::UuidV7),
    }];
    for (m, t, pk) in known {
        list.push(KnownResource {
            module: ModuleName::parse(m).unwrap(),
            table: t.map(|t| TableName::parse(t).unwrap()),
            primary_key: Some(*pk),
        });
    }
    c.known_resources = Some(list);
    c
}

fn spec(module: &str, fields: &[&str], pk: Option<&str>) -> ResourceSpec {
    let mut input = ResourceInput::new(module, fields.iter().copied());
    input.primary_key = pk.map(str::to_string);
    let ctx = project_ctx(&[
        (
            "Shop.Catalog.Category",
            Some("categories"),
            PrimaryKey::Integer,
        ),
        ("Shop.Catalog.Vendor", Some("vendors"), PrimaryKey::Uuid),
    ]);
    ResourceSpec::build(input, &ctx).unwrap_or_else(|e| panic!("{e}: {:?}", e.hint()))
}

/// Plans the resource migration in a copy of `fixture`; returns the
/// planned (path, content) pairs, the change set and the copy.
fn plan(
    fixture: &str,
    spec: &ResourceSpec,
    ts: &str,
) -> (Vec<(String, String)>, assert_fs::TempDir) {
    let dir = copy_fixture(fixture);
    let files = plan_in(dir.path(), spec, ts).0;
    (files, dir)
}

fn plan_in(root: &Path, spec: &ResourceSpec, ts: &str) -> (Vec<(String, String)>, ChangeSet) {
    let project = Project::discover(Some(root), root, None).unwrap();
    let renderer = Renderer::for_project(&project.root);
    let ctx = Context {
        project: &project,
        renderer: &renderer,
    };
    let mut set = ChangeSet::new(&project.root);
    migration::plan_resource_with(&ctx, spec, &mut set, clock(ts)).unwrap();
    let files = set
        .files()
        .map(|f| (f.path.clone(), f.new.clone()))
        .collect();
    (files, set)
}

fn file<'a>(files: &'a [(String, String)], suffix: &str) -> &'a str {
    files
        .iter()
        .find(|(p, _)| p.ends_with(suffix))
        .map(|(_, c)| c.as_str())
        .unwrap_or_else(|| {
            panic!(
                "no {suffix} in {:?}",
                files.iter().map(|f| &f.0).collect::<Vec<_>>()
            )
        })
}

fn check_migrations(files: &[(String, String)]) {
    let sources: Vec<(&str, &str)> = files
        .iter()
        .filter(|(p, _)| p.ends_with(".exs"))
        .map(|(p, c)| (p.as_str(), c.as_str()))
        .collect();
    check_sources(&sources);
}

const ALL_TYPES: &[&str] = &[
    "title:string:required",
    "email:ci_string:unique",
    "body:text",
    "views:integer:default=0",
    "ratio:float:default=1000.0",
    "price:decimal:default=9.99",
    "published:boolean:default=false",
    "released_on:date:default=2024-01-31",
    "opens_at:time:default=09:30:00",
    "starts_at:utc_datetime:default=now",
    "seen_at:utc_datetime_usec:default=2024-01-31T09:30:00.5Z",
    "logged_at:naive_datetime",
    "token:uuid:default=7488a646-e31f-11e4-aace-600308960662",
    "meta:map",
    "blob:binary",
    "status:atom:draft,published:default=draft",
    "tags:array:string:default=[]",
    "kinds:array:atom:news,event",
    "scores:array:integer",
    "slug:string:required:unique",
    "code:string:index",
    "due_on:date:default=today",
];

#[test]
fn every_column_type() {
    let spec = spec("Blog.Post", ALL_TYPES, None);
    let (files, _dir) = plan("ash_shop", &spec, "20260101120000");
    let m = file(&files, "_create_posts.exs");
    insta::assert_snapshot!("all_types_migration", m);
    insta::assert_snapshot!(
        "all_types_snapshot",
        file(&files, "posts/20260101120000.json")
    );
    check_migrations(&files);
}

#[test]
fn each_primary_key() {
    for (pk, fixture) in [
        ("uuid_v7", "ash_shop"),
        ("uuid", "ash_shop"),
        ("integer", "ash_shop"),
        ("uuid_v7", "phx_shop"),
    ] {
        let spec = spec("Blog.Note", &["title:string"], Some(pk));
        let (files, _dir) = if fixture == "phx_shop" {
            plan_without_ash_functions(&spec)
        } else {
            plan(fixture, &spec, "20260101120000")
        };
        insta::assert_snapshot!(
            format!("primary_key_{pk}_{fixture}_migration"),
            file(&files, "_create_notes.exs")
        );
        insta::assert_snapshot!(
            format!("primary_key_{pk}_{fixture}_snapshot"),
            file(&files, "notes/20260101120000.json")
        );
        check_migrations(&files);
    }
}

/// phx_shop has no ash-functions migration: the uuid v7 key falls back to
/// a database default that needs nothing.
fn plan_without_ash_functions(spec: &ResourceSpec) -> (Vec<(String, String)>, assert_fs::TempDir) {
    let dir = copy_fixture("phx_shop");
    let (files, set) = plan_in(dir.path(), spec, "20260101120000");
    assert!(
        set.notes()
            .iter()
            .any(|n| n.contains("gen_random_uuid()") && n.contains("scaffold init")),
        "{:?}",
        set.notes()
    );
    (files, dir)
}

#[test]
fn references_with_each_on_delete() {
    let spec = spec(
        "Blog.Comment",
        &[
            "body:text",
            "author:belongs_to:Accounts.User:required",
            "editor:belongs_to:Accounts.User",
            "post:belongs_to:Blog.Post:required:on_delete=delete",
            "parent:belongs_to:Blog.Comment:on_delete=nilify",
            "category:belongs_to:Catalog.Category:on_delete=restrict",
            "vendor:belongs_to:Catalog.Vendor:on_delete=nothing",
        ],
        None,
    );
    let (files, _dir) = plan("ash_shop", &spec, "20260101120000");
    let m = file(&files, "_create_comments.exs");
    insta::assert_snapshot!("references_migration", m);
    insta::assert_snapshot!(
        "references_snapshot",
        file(&files, "comments/20260101120000.json")
    );
    // The defaults: restrict for a required reference, nilify otherwise.
    assert!(m.contains("name: \"comments_author_id_fkey\""), "{m}");
    assert!(
        m.contains("on_delete: :restrict\n          ),\n          null: false"),
        "{m}"
    );
    assert!(m.contains("references(:categories,"), "{m}");
    assert!(
        m.contains("type: :bigint"),
        "integer keys are referenced as bigint: {m}"
    );
    check_migrations(&files);
}

#[test]
fn identities_and_custom_indexes_get_their_names() {
    let spec = spec(
        "Catalog.Product",
        &[
            "sku:string:unique",
            "title:string:index",
            "email:ci_string:unique",
        ],
        None,
    );
    let (files, _dir) = plan("ash_shop", &spec, "20260101120000");
    let m = file(&files, "_create_products.exs");
    assert!(
        m.contains("create unique_index(:products, [:sku], name: \"products_unique_sku_index\")"),
        "{m}"
    );
    assert!(
        m.contains(
            "create unique_index(:products, [:email], name: \"products_unique_email_index\")"
        ),
        "{m}"
    );
    assert!(m.contains("create index(:products, [:title])"), "{m}");
    let snap = file(&files, "products/20260101120000.json");
    let v: serde_json::Value = serde_json::from_str(snap).unwrap();
    assert_eq!(
        v["identities"][0]["index_name"],
        "products_unique_email_index"
    );
    assert_eq!(
        v["identities"][1]["index_name"],
        "products_unique_sku_index"
    );
    assert_eq!(v["custom_indexes"][0]["fields"][0]["value"], "title");
    check_migrations(&files);
}

#[test]
fn snapshot_matches_what_ash_postgres_wrote_for_the_fixture_users() {
    // The ash_shop fixture's users table was generated by AshPostgres
    // itself; the same resource must give the same snapshot (hash aside).
    let mut input = ResourceInput::new(
        "Accounts.Account",
        [
            "email:ci_string:required:unique",
            "role:atom:user,admin:required:default=user",
        ],
    );
    input.table = Some("users".into());
    let spec = ResourceSpec::build(input, &ProjectContext::new("shop").unwrap()).unwrap();
    let ours: serde_json::Value =
        serde_json::from_str(&migration::snapshot::resource_snapshot(&spec)).unwrap();
    let theirs: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            "tests/fixtures/ash_shop/priv/resource_snapshots/repo/users/20251124120001.json",
        )
        .unwrap(),
    )
    .unwrap();
    let strip = |mut v: serde_json::Value| {
        v.as_object_mut().unwrap().remove("hash");
        v
    };
    assert_eq!(strip(ours), strip(theirs));
}

#[test]
fn migration_matches_what_ash_postgres_wrote_for_the_fixture_users() {
    let mut input = ResourceInput::new(
        "Accounts.Account",
        [
            "email:ci_string:required:unique",
            "role:atom:user,admin:required:default=user",
        ],
    );
    input.table = Some("users".into());
    let spec = ResourceSpec::build(input, &ProjectContext::new("shop").unwrap()).unwrap();
    let dir = copy_fixture("phx_shop");
    std::fs::create_dir_all(dir.path().join("priv/resource_snapshots/repo")).unwrap();
    std::fs::write(
        dir.path()
            .join("priv/resource_snapshots/repo/extensions.json"),
        migration::snapshot::extensions_json(&["ash-functions".into(), "citext".into()]),
    )
    .unwrap();
    let (files, _) = plan_in(dir.path(), &spec, "20260101120000");
    let ours = file(&files, "_create_users.exs");
    let theirs = std::fs::read_to_string(
        "tests/fixtures/ash_shop/priv/repo/migrations/20251124120001_create_users.exs",
    )
    .unwrap();
    // The create table block is identical to AshPostgres's; ours is a
    // reversible change/0 where theirs has up/down.
    let block = |s: &str| {
        let start = s.find("    create table(:users").unwrap();
        let end = start + s[start..].find("\n    end\n").unwrap();
        s[start..end].to_string()
    };
    assert_eq!(block(ours), block(&theirs));
    assert!(
        ours.contains("create unique_index(:users, [:email], name: \"users_unique_email_index\")")
    );
}

#[test]
fn rerun_is_unchanged_and_a_changed_spec_conflicts() {
    let dir = copy_fixture("ash_shop");
    let spec1 = spec(
        "Blog.Post",
        &["title:string", "author:belongs_to:Accounts.User"],
        None,
    );
    let (_, set) = plan_in(dir.path(), &spec1, "20260101120000");
    apply(&set, &ApplyOptions::default()).unwrap();
    // A later run, another day: nothing new.
    let (_, again) = plan_in(dir.path(), &spec1, "20270505050505");
    let statuses: Vec<(String, Status)> = again
        .files()
        .map(|f| (f.path.clone(), f.status()))
        .collect();
    assert!(!statuses.is_empty());
    assert!(
        statuses.iter().all(|(_, s)| *s == Status::Unchanged),
        "{statuses:?}"
    );
    assert!(
        statuses
            .iter()
            .any(|(p, _)| p == "priv/repo/migrations/20260101120000_create_posts.exs"),
        "{statuses:?}"
    );
    // A different spec for the same table: the migration is a conflict.
    let spec2 = spec("Blog.Post", &["title:string:required"], None);
    let (_, changed) = plan_in(dir.path(), &spec2, "20270505050505");
    let conflicts: Vec<&str> = changed.conflicts().map(|f| f.path.as_str()).collect();
    assert_eq!(
        conflicts,
        [
            "priv/repo/migrations/20260101120000_create_posts.exs",
            "priv/resource_snapshots/repo/posts/20260101120000.json"
        ]
    );
}

#[test]
fn a_table_known_only_to_ash_codegen_is_refused() {
    let dir = copy_fixture("ash_shop");
    let mut input = ResourceInput::new("Accounts.Member", ["email:string"]);
    input.table = Some("users".into());
    let spec = ResourceSpec::build(input, &ProjectContext::new("shop").unwrap()).unwrap();
    let project = Project::discover(Some(dir.path()), dir.path(), None).unwrap();
    let renderer = Renderer::for_project(&project.root);
    let ctx = Context {
        project: &project,
        renderer: &renderer,
    };
    let mut set = ChangeSet::new(&project.root);
    let err =
        migration::plan_resource_with(&ctx, &spec, &mut set, clock("20260101120000")).unwrap_err();
    assert!(
        err.to_string().contains("table `users` already exists"),
        "{err}"
    );
    assert!(err.hint().unwrap().contains("mix ash.codegen"));
    assert_eq!(set.files().count(), 0);
}

#[test]
fn ci_string_needs_citext_first() {
    let dir = copy_fixture("phx_shop");
    let spec = spec("Accounts.Member", &["email:ci_string"], None);
    let project = Project::discover(Some(dir.path()), dir.path(), None).unwrap();
    let renderer = Renderer::for_project(&project.root);
    let ctx = Context {
        project: &project,
        renderer: &renderer,
    };
    let mut set = ChangeSet::new(&project.root);
    let err =
        migration::plan_resource_with(&ctx, &spec, &mut set, clock("20260101120000")).unwrap_err();
    assert_eq!(err.code(), 2);
    assert!(err.to_string().contains("citext"), "{err}");
    assert!(
        err.hint().unwrap().contains("lib/shop/repo.ex"),
        "{:?}",
        err.hint()
    );
}

#[test]
fn no_migration_for_other_data_layers_or_when_disabled() {
    let dir = copy_fixture("ash_shop");
    let mut input = ResourceInput::new("Blog.Draft", ["title:string"]);
    input.data_layer = Some("ets".into());
    let ets = ResourceSpec::build(input, &project_ctx(&[])).unwrap();
    let mut input = ResourceInput::new("Blog.Draft", ["title:string"]);
    input.migration = false;
    let off = ResourceSpec::build(input, &project_ctx(&[])).unwrap();
    for s in [ets, off] {
        let (files, _) = plan_in(dir.path(), &s, "20260101120000");
        assert!(files.is_empty(), "{files:?}");
    }
}

#[test]
fn timestamps_follow_the_newest_migration() {
    // ash_shop's newest migration is 20251124120001: a clock before it
    // still gives a later stamp.
    let spec = spec("Blog.Post", &["title:string"], None);
    let (files, _dir) = plan("ash_shop", &spec, "20200101000000");
    assert!(
        files
            .iter()
            .any(|(p, _)| p == "priv/repo/migrations/20251124120002_create_posts.exs"),
        "{files:?}"
    );
    assert!(files
        .iter()
        .any(|(p, _)| p == "priv/resource_snapshots/repo/posts/20251124120002.json"));
}

#[test]
fn umbrella_apps_use_their_own_priv() {
    let dir = copy_fixture("umbrella");
    let project = Project::discover(Some(dir.path()), dir.path(), Some("shop")).unwrap();
    let renderer = Renderer::for_project(&project.root);
    let ctx = Context {
        project: &project,
        renderer: &renderer,
    };
    let mut set = ChangeSet::new(&project.root);
    let spec = spec("Blog.Post", &["title:string"], Some("uuid"));
    migration::plan_resource_with(&ctx, &spec, &mut set, clock("20260101120000")).unwrap();
    let paths: Vec<&str> = set.files().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "apps/shop/priv/repo/migrations/20260101120000_create_posts.exs",
            "apps/shop/priv/resource_snapshots/repo/posts/20260101120000.json"
        ]
    );
}

#[test]
fn a_reference_to_a_table_no_migration_creates_is_pointed_out() {
    let dir = copy_fixture("ash_shop");
    let spec = spec(
        "Blog.Post",
        &[
            "author:belongs_to:Accounts.User",
            "category:belongs_to:Catalog.Category",
            "parent:belongs_to:Blog.Post",
        ],
        None,
    );
    let (_, set) = plan_in(dir.path(), &spec, "20260101120000");
    let notes: Vec<&String> = set
        .notes()
        .iter()
        .filter(|n| n.contains("no migration creates"))
        .collect();
    // users exists (ash_shop created it); categories does not; posts is itself.
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].contains("`categories`") && notes[0].contains("Shop.Catalog.Category"),
        "{notes:?}"
    );
}
