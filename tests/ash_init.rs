//! `scaffold init`: a Phoenix project set up for Ash as Ash's installer
//! would, in place; nothing to do on a project that has Ash already.
mod common;

use assert_cmd::Command;
use common::elixir::check_tree;
use common::project::{copy_fixture, tree_entries, tree_hash};
use serde_json::Value;
use std::path::Path;

fn run(dir: &Path, args: &[&str]) -> (i32, Value) {
    let out = Command::cargo_bin("scaffold")
        .unwrap()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .args(["--json", "--yes"])
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let v = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), v)
}

fn status_of(v: &Value, path: &str) -> Option<String> {
    v["files"]
        .as_array()?
        .iter()
        .find(|f| f["path"] == path)
        .map(|f| f["status"].as_str().unwrap().to_string())
}

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).unwrap()
}

fn fixture_file(fixture: &str, path: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture);
    std::fs::read_to_string(root.join(path)).unwrap()
}

fn project_files(root: &Path) -> Vec<(String, Vec<u8>)> {
    tree_entries(root)
        .into_iter()
        .filter(|(p, _)| !p.starts_with(".scaffold"))
        .collect()
}

const REPO: &str = r#"defmodule Shop.Repo do
  use AshPostgres.Repo, otp_app: :shop

  # PostgreSQL extensions the AshPostgres migration generator installs:
  # "ash-functions" (helpers such as uuid_generate_v7()) and citext for
  # case-insensitive strings.
  @impl true
  def installed_extensions do
    ["ash-functions", "citext"]
  end

  # Open a transaction only when an action needs one.
  @impl true
  def prefer_transaction? do
    false
  end

  # The oldest PostgreSQL the app runs on; AshPostgres picks SQL features by it.
  @impl true
  def min_pg_version do
    %Version{major: 16, minor: 0, patch: 0}
  end
end
"#;

#[test]
fn init_sets_up_a_phoenix_project() {
    let dir = copy_fixture("phx_shop");
    let root = dir.path();
    let (code, v) = run(root, &["init"]);
    assert_eq!(code, 0, "{v}");
    for path in [
        "mix.exs",
        ".formatter.exs",
        "config/config.exs",
        "lib/shop/repo.ex",
    ] {
        assert_eq!(
            status_of(&v, path).as_deref(),
            Some("modify"),
            "{path}: {v}"
        );
    }

    assert_eq!(read(root, "lib/shop/repo.ex"), REPO);
    assert_eq!(
        read(root, ".formatter.exs"),
        fixture_file("phx_shop", ".formatter.exs")
            .replace(
                "import_deps: [:ecto, :ecto_sql, :phoenix]",
                "import_deps: [:ecto, :ecto_sql, :phoenix, :ash, :ash_postgres, :ash_phoenix]"
            )
            .replace(
                "plugins: [Phoenix.LiveView.HTMLFormatter]",
                "plugins: [Phoenix.LiveView.HTMLFormatter, Spark.Formatter]"
            )
    );
    assert_eq!(
        read(root, "mix.exs"),
        fixture_file("phx_shop", "mix.exs").replace(
            "      {:bandit, \"~> 1.5\"}\n",
            "      {:bandit, \"~> 1.5\"},\n      {:ash, \"~> 3.0\"},\n      {:ash_postgres, \"~> 2.0\"},\n      {:picosat_elixir, \"~> 0.2\"},\n      {:ash_phoenix, \"~> 2.0\"}\n"
        )
    );
    // The `config :ash` and `config :spark` blocks are the ones Ash's
    // installer writes (as in the ash_shop fixture), added after the last
    // config call before `import_config`.
    let ash_shop = fixture_file("ash_shop", "config/config.exs");
    let start = ash_shop.find("config :ash,").unwrap();
    let end = ash_shop.find("config :shop,").unwrap();
    let blocks = &ash_shop[start..end];
    let expected = fixture_file("phx_shop", "config/config.exs").replace(
        "config :phoenix, :json_library, Jason\n",
        &format!(
            "config :phoenix, :json_library, Jason\n\n{}",
            blocks.trim_end_matches('\n').to_string() + "\n"
        ),
    );
    assert_eq!(read(root, "config/config.exs"), expected);

    // The extensions the repo asks for get their migration and snapshot.
    let files: Vec<String> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    assert!(
        files.iter().any(|p| p.starts_with("priv/repo/migrations/")),
        "{files:?}"
    );
    assert!(
        files
            .iter()
            .any(|p| p == "priv/resource_snapshots/repo/extensions.json"),
        "{files:?}"
    );
    check_tree(root);

    // Idempotent.
    let before = project_files(root);
    let (code, v) = run(root, &["init"]);
    assert_eq!(code, 0, "{v}");
    for f in v["files"].as_array().unwrap() {
        assert_eq!(f["status"], "unchanged", "{f} on the second run");
    }
    assert!(project_files(root) == before);
}

#[test]
fn init_on_a_project_with_ash_changes_nothing() {
    let dir = copy_fixture("ash_shop");
    let root = dir.path();
    let before = tree_hash(root);
    let (code, v) = run(root, &["init"]);
    assert_eq!(code, 0, "{v}");
    let files = v["files"].as_array().unwrap();
    assert!(!files.is_empty());
    for f in files {
        assert_eq!(f["status"], "unchanged", "{f}");
    }
    let entries: Vec<_> = project_files(root);
    let original: Vec<_> = {
        let fresh = copy_fixture("ash_shop");
        project_files(fresh.path())
    };
    assert!(entries == original, "init modified ash_shop");
    let _ = before;
}

#[test]
fn simple_sat_instead_of_picosat() {
    let dir = copy_fixture("phx_shop");
    let root = dir.path();
    let (code, v) = run(root, &["init", "--sat-solver", "simple_sat"]);
    assert_eq!(code, 0, "{v}");
    let mix = read(root, "mix.exs");
    assert!(
        mix.contains("{:simple_sat, \"~> 0.1\"}") && !mix.contains("picosat"),
        "{mix}"
    );
}

#[test]
fn an_existing_config_ash_keeps_its_values() {
    let dir = copy_fixture("phx_shop");
    let root = dir.path();
    let config = read(root, "config/config.exs").replace(
        "import Config\n",
        "import Config\n\n# ours\nconfig :ash, default_page_type: :offset\n",
    );
    std::fs::write(root.join("config/config.exs"), &config).unwrap();
    let (code, v) = run(root, &["init"]);
    assert_eq!(code, 0, "{v}");
    let after = read(root, "config/config.exs");
    assert!(
        after.contains("# ours\nconfig :ash,\n  default_page_type: :offset,\n"),
        "{after}"
    );
    assert!(!after.contains(":keyset"), "the user's value wins: {after}");
    assert!(
        after.contains("include_embedded_source_by_default?: false"),
        "{after}"
    );
    check_tree(root);
}

#[test]
fn repo_options_other_than_the_adapter_survive() {
    let dir = copy_fixture("phx_shop");
    let root = dir.path();
    std::fs::write(
        root.join("lib/shop/repo.ex"),
        "defmodule Shop.Repo do\n  use Ecto.Repo,\n    otp_app: :shop,\n    adapter: Ecto.Adapters.Postgres,\n    read_only: false\nend\n",
    )
    .unwrap();
    let (code, v) = run(root, &["init"]);
    assert_eq!(code, 0, "{v}");
    let repo = read(root, "lib/shop/repo.ex");
    assert!(
        repo.starts_with(
            "defmodule Shop.Repo do\n  use AshPostgres.Repo, otp_app: :shop, read_only: false\n"
        ),
        "{repo}"
    );
    check_tree(root);
}
