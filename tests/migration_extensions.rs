//! The extensions migration and `extensions.json` that `scaffold init`
//! plans through `plan_extensions`: consistent with the repo's
//! `installed_extensions/0`, ordered before the migrations that need them,
//! and nothing when AshPostgres already installed them.
mod common;

use common::elixir::check_sources;
use common::project::copy_fixture;
use scaffold::changes::ChangeSet;
use scaffold::generators::migration::{self, snapshot, Clock, UtcDateTime};
use scaffold::generators::Context;
use scaffold::project::Project;
use scaffold::render::Renderer;
use scaffold::spec::{ProjectContext, ResourceInput, ResourceSpec};

const ASH_REPO: &str = r#"defmodule Shop.Repo do
  use AshPostgres.Repo, otp_app: :shop

  @impl true
  def installed_extensions do
    # Add extensions here, and the migration generator will install them.
    ["ash-functions", "citext"]
  end

  @impl true
  def min_pg_version do
    %Version{major: 16, minor: 0, patch: 0}
  end
end
"#;

fn clock(ts: &str) -> Clock {
    Clock::Fixed(UtcDateTime::parse_compact(ts).unwrap())
}

struct Fixture {
    _dir: assert_fs::TempDir,
    project: Project,
    renderer: Renderer,
}

impl Fixture {
    fn new(name: &str) -> Fixture {
        let dir = copy_fixture(name);
        let project = Project::discover(Some(dir.path()), dir.path(), None).unwrap();
        let renderer = Renderer::for_project(&project.root);
        Fixture {
            _dir: dir,
            project,
            renderer,
        }
    }

    fn ctx(&self) -> Context<'_> {
        Context {
            project: &self.project,
            renderer: &self.renderer,
        }
    }

    fn set(&self) -> ChangeSet {
        ChangeSet::new(&self.project.root)
    }
}

fn planned(set: &ChangeSet) -> Vec<(String, String)> {
    set.files()
        .map(|f| (f.path.clone(), f.new.clone()))
        .collect()
}

#[test]
fn init_on_a_phoenix_project_installs_what_the_repo_lists() {
    let f = Fixture::new("phx_shop");
    let mut set = f.set();
    // What `scaffold init` does to the repo first, in the same change set.
    set.modify("lib/shop/repo.ex", ASH_REPO).unwrap();
    migration::plan_extensions_with(&f.ctx(), &mut set, clock("20260101120000")).unwrap();
    let files = planned(&set);
    let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "lib/shop/repo.ex",
            "priv/repo/migrations/20260101120000_install_extensions.exs",
            "priv/resource_snapshots/repo/extensions.json"
        ]
    );
    let m = &files[1].1;
    insta::assert_snapshot!("install_extensions", m);
    assert_eq!(
        files[2].1,
        snapshot::extensions_json(&["ash-functions".into(), "citext".into()])
    );
    check_sources(&[("install_extensions.exs", m)]);

    // A resource planned afterwards in the same run comes later, uses
    // AshPostgres's uuid_generate_v7() and may use citext.
    let spec = ResourceSpec::build(
        ResourceInput::new("Accounts.Member", ["email:ci_string:unique"]),
        &ProjectContext::new("shop").unwrap(),
    )
    .unwrap();
    migration::plan_resource_with(&f.ctx(), &spec, &mut set, clock("20260101120000")).unwrap();
    let m = set
        .get("priv/repo/migrations/20260101120001_create_members.exs")
        .expect("after the extensions")
        .new
        .clone();
    assert!(
        m.contains("default: fragment(\"uuid_generate_v7()\")"),
        "{m}"
    );
    assert!(set.notes().is_empty(), "{:?}", set.notes());
}

#[test]
fn ash_projects_with_their_extensions_migration_need_nothing() {
    let f = Fixture::new("ash_shop");
    let mut set = f.set();
    migration::plan_extensions_with(&f.ctx(), &mut set, clock("20260101120000")).unwrap();
    assert_eq!(set.files().count(), 0);
}

#[test]
fn a_new_extension_is_added_to_the_record() {
    let f = Fixture::new("ash_shop");
    let mut set = f.set();
    let repo = std::fs::read_to_string(f.project.root.join("lib/shop/repo.ex")).unwrap();
    let repo = repo.replace(
        r#"["ash-functions", "citext"]"#,
        r#"["ash-functions", "pg_trgm", "citext", "an_extension_with_a_name_long_enough_to_break_the_line"]"#,
    );
    set.modify("lib/shop/repo.ex", repo).unwrap();
    migration::plan_extensions_with(&f.ctx(), &mut set, clock("20260101120000")).unwrap();
    let files = planned(&set);
    let m = &files
        .iter()
        .find(|(p, _)| p.ends_with("_install_extensions.exs"))
        .unwrap()
        .1;
    assert!(
        m.contains(r#"execute("CREATE EXTENSION IF NOT EXISTS \"pg_trgm\"")"#),
        "{m}"
    );
    assert!(
        !m.contains("ash_functions"),
        "ash-functions are installed already: {m}"
    );
    assert!(
        m.contains("    execute(\n      \"CREATE EXTENSION IF NOT EXISTS \\\"an_extension_with"),
        "{m}"
    );
    check_sources(&[("m.exs", m)]);
    let record = &files
        .iter()
        .find(|(p, _)| p.ends_with("extensions.json"))
        .unwrap()
        .1;
    assert_eq!(
        record,
        &snapshot::extensions_json(&[
            "ash-functions".into(),
            "pg_trgm".into(),
            "citext".into(),
            "an_extension_with_a_name_long_enough_to_break_the_line".into()
        ])
    );
    // The ash_shop migrations start at 2025-11-24: the new one sorts after them.
    assert!(files
        .iter()
        .any(|(p, _)| p == "priv/repo/migrations/20260101120000_install_extensions.exs"));
}

#[test]
fn a_repo_without_installed_extensions_needs_nothing() {
    let f = Fixture::new("phx_shop");
    let mut set = f.set();
    migration::plan_extensions_with(&f.ctx(), &mut set, clock("20260101120000")).unwrap();
    assert_eq!(set.files().count(), 0);
}

#[test]
fn requested_extensions_are_read_from_the_repo_source() {
    assert_eq!(
        migration::requested_extensions(ASH_REPO),
        Some(vec!["ash-functions".to_string(), "citext".to_string()])
    );
    let multi = "def installed_extensions do\n    [\n      # \"commented\"\n      \"uuid-ossp\",\n      MyExt,\n      \"citext\"\n    ]\n  end\n";
    assert_eq!(
        migration::requested_extensions(multi),
        Some(vec!["uuid-ossp".to_string(), "citext".to_string()])
    );
    assert_eq!(
        migration::requested_extensions("defmodule Shop.Repo do\nend\n"),
        None
    );
}
