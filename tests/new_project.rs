//! `scaffold new`: the generated project end to end: every Elixir file
//! parses and is formatter-clean, the file lists per variant, secrets
//! unique per project and never hard-coded for production, re-runs,
//! `--dry-run`, `--template`, and bad input.
mod common;

use assert_cmd::Command;
use assert_fs::TempDir;
use common::project::{tree_entries, tree_hash};
use std::path::Path;

fn scaffold() -> Command {
    let mut c = Command::cargo_bin("scaffold").unwrap();
    // A fixed clock for the timestamp of the extensions migration.
    c.env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1767225600");
    c
}

fn new_in(dir: &Path, args: &[&str]) -> std::process::Output {
    scaffold()
        .current_dir(dir)
        .arg("new")
        .args(args)
        .output()
        .unwrap()
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The files of a generated project, without the journal.
fn file_list(root: &Path) -> String {
    tree_entries(root)
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| !p.ends_with('/') && !p.starts_with(".scaffold/"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every string literal of 8 or more alphanumeric characters that follows
/// `secret_key_base: "` or `signing_salt: "` anywhere in the project.
fn secret_literals(root: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for (path, bytes) in tree_entries(root) {
        if path.ends_with('/') || path.starts_with(".scaffold/") {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        for key in ["secret_key_base: \"", "signing_salt: \""] {
            for (i, _) in text.match_indices(key) {
                let rest = &text[i + key.len()..];
                let value: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                if value.len() >= 8 {
                    found.push(value);
                }
            }
        }
    }
    found
}

#[test]
fn default_project_is_complete_and_formatter_clean() {
    let tmp = TempDir::new().unwrap();
    let out = new_in(tmp.path(), &["shop"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let root = tmp.path().join("shop");
    assert!(stdout(&out).contains("create mix.exs"), "{}", stdout(&out));
    common::elixir::check_tree(&root);
    insta::assert_snapshot!("default_files", file_list(&root));

    let mix = read(&root, "mix.exs");
    for dep in [
        "{:ash, \"~> 3.0\"}",
        "{:ash_postgres, \"~> 2.0\"}",
        "{:ash_phoenix, \"~> 2.0\"}",
        "{:picosat_elixir, \"~> 0.2\"}",
        "{:phoenix, \"~> 1.8.1\"}",
        "{:phoenix_live_view, \"~> 1.1.0\"}",
        "{:postgrex, \">= 0.0.0\"}",
    ] {
        assert!(mix.contains(dep), "mix.exs lacks {dep}");
    }
    assert!(mix.contains("test: [\"ash.setup --quiet\", \"test\"]"));
    assert!(read(&root, "lib/shop/repo.ex").contains("use AshPostgres.Repo, otp_app: :shop"));
    // The repo's extensions are installed by a migration, as `scaffold init` writes it.
    assert!(read(
        &root,
        "priv/repo/migrations/20260101000000_install_extensions.exs"
    )
    .contains("defmodule Shop.Repo.Migrations.InstallExtensions do"));
    assert!(read(&root, "config/config.exs").contains("ash_domains: []"));
    assert!(read(&root, ".formatter.exs")
        .contains("plugins: [Spark.Formatter, Phoenix.LiveView.HTMLFormatter]"));
    assert!(read(&root, "lib/shop_web/endpoint.ex")
        .contains("socket \"/live\", Phoenix.LiveView.Socket"));
    assert!(
        read(&root, "test/shop_web/controllers/page_controller_test.exs")
            .contains("Welcome to Shop")
    );
    assert!(
        read(&root, "lib/shop_web/controllers/page_html/home.html.heex")
            .contains("Welcome to Shop")
    );

    // Production secrets come from the environment, never from a literal.
    let runtime = read(&root, "config/runtime.exs");
    assert!(runtime.contains("System.get_env(\"SECRET_KEY_BASE\")"));
    assert!(runtime.contains("System.get_env(\"DATABASE_URL\")"));
    assert!(
        !runtime.contains("secret_key_base: \""),
        "a literal secret in runtime.exs"
    );
    assert!(!read(&root, "config/prod.exs").contains("secret_key_base"));

    // `scaffold info` reads the new project like any Phoenix project.
    let info = scaffold()
        .args(["-C"])
        .arg(&root)
        .args(["info", "--json"])
        .output()
        .unwrap();
    assert!(info.status.success(), "{}", stderr(&info));
    let v: serde_json::Value = serde_json::from_slice(&info.stdout).unwrap();
    assert_eq!(
        (v["app"].as_str(), v["base_module"].as_str()),
        (Some("shop"), Some("Shop"))
    );
    assert_eq!(
        (v["web_module"].as_str(), v["repo"].as_str()),
        (Some("ShopWeb"), Some("Shop.Repo"))
    );

    // `scaffold init` finds nothing left to do: the skeleton is what it would write.
    let init = scaffold()
        .args(["-C"])
        .arg(&root)
        .arg("init")
        .output()
        .unwrap();
    assert!(init.status.success(), "{}", stderr(&init));
    let text = stdout(&init);
    assert!(
        !text.contains("create ") && !text.contains("modify "),
        "{text}"
    );
}

#[test]
fn secrets_are_random_per_project_and_kept_on_a_forced_rerun() {
    let tmp = TempDir::new().unwrap();
    for name in ["one", "two"] {
        let out = new_in(tmp.path(), &["-q", name]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let one = secret_literals(&tmp.path().join("one"));
    let two = secret_literals(&tmp.path().join("two"));
    // dev and test secret_key_base, the session and the LiveView salts.
    assert_eq!(one.len(), 4, "{one:?}");
    assert_eq!(two.len(), 4, "{two:?}");
    let mut all = one.clone();
    all.extend(two.iter().cloned());
    let mut unique = all.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), all.len(), "a secret literal repeats: {all:?}");
    assert!(one.iter().filter(|s| s.len() == 64).count() == 2);

    // Re-running into the same directory is refused without --force ...
    let root = tmp.path().join("one");
    let before = tree_hash(&root);
    let again = new_in(tmp.path(), &["one"]);
    assert_eq!(again.status.code(), Some(1), "{}", stdout(&again));
    assert!(
        stderr(&again).contains("is not empty"),
        "{}",
        stderr(&again)
    );
    assert_eq!(tree_hash(&root), before);

    // ... and with --force it keeps the project's secrets: nothing changes.
    let forced = new_in(tmp.path(), &["one", "--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    let text = stdout(&forced);
    assert!(
        !text.contains("create ") && !text.contains("modify "),
        "{text}"
    );
    // The extensions migration is found in place rather than planned again.
    assert!(text.contains("37 unchanged"), "{text}");
    assert_eq!(secret_literals(&root), one);
}

#[test]
fn dry_run_writes_nothing_not_even_the_directory() {
    let tmp = TempDir::new().unwrap();
    let before = tree_hash(tmp.path());
    let out = new_in(tmp.path(), &["--dry-run", "nested/shop"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("+++ b/mix.exs"), "the diff shows the files");
    assert!(text.contains("would create 39"), "{text}");
    assert_eq!(tree_hash(tmp.path()), before);
    assert!(!tmp.path().join("nested").exists());
}

#[test]
fn variants_no_ash_no_live_and_sqlite() {
    let tmp = TempDir::new().unwrap();
    for args in [
        &["plain", "--no-ash"][..],
        &["static", "--no-live"][..],
        &["lite", "--database", "sqlite"][..],
        &[
            "lite_plain",
            "--database",
            "sqlite",
            "--no-ash",
            "--no-live",
        ][..],
        &["corp", "--app", "my_corp", "--module", "Acme.Corp"][..],
    ] {
        let out = new_in(tmp.path(), args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    }
    common::elixir::check_tree(tmp.path());

    let plain = tmp.path().join("plain");
    let mix = read(&plain, "mix.exs");
    assert!(!mix.contains(":ash"), "--no-ash keeps no Ash dep");
    assert!(mix.contains("\"ecto.create --quiet\", \"ecto.migrate --quiet\", \"test\""));
    assert!(read(&plain, "lib/plain/repo.ex").contains("adapter: Ecto.Adapters.Postgres"));
    assert!(!read(&plain, "config/config.exs").contains("config :ash"));
    assert!(!read(&plain, ".formatter.exs").contains("Spark"));

    let stat = tmp.path().join("static");
    let endpoint = read(&stat, "lib/static_web/endpoint.ex");
    assert!(!endpoint.contains("LiveView.Socket") && !endpoint.contains("LiveDashboard"));
    let mix = read(&stat, "mix.exs");
    assert!(!mix.contains("ash_phoenix") && !mix.contains("phoenix_live_dashboard"));
    assert!(mix.contains("{:ash, \"~> 3.0\"}"));
    let router = read(&stat, "lib/static_web/router.ex");
    assert!(router.contains("plug :fetch_flash") && !router.contains("live_dashboard"));
    assert!(!read(&stat, "lib/static_web.ex").contains("def live_view"));

    let lite = tmp.path().join("lite");
    let mix = read(&lite, "mix.exs");
    assert!(
        mix.contains("{:ash_sqlite, \"~> 0.2\"}") && mix.contains("{:ecto_sqlite3, \">= 0.0.0\"}")
    );
    assert!(!mix.contains("postgres"));
    assert!(read(&lite, "lib/lite/repo.ex").contains("use AshSqlite.Repo, otp_app: :lite"));
    assert!(read(&lite, "config/dev.exs").contains("Path.expand(\"../lite_dev.db\", __DIR__)"));
    assert!(read(&lite, "config/runtime.exs").contains("System.get_env(\"DATABASE_PATH\")"));
    assert!(read(&lite, ".gitignore").contains("*.db"));
    assert!(read(&lite, "config/config.exs").contains(":sqlite,"));

    let lite_plain = tmp.path().join("lite_plain");
    assert!(read(&lite_plain, "lib/lite_plain/repo.ex").contains("adapter: Ecto.Adapters.SQLite3"));

    let corp = tmp.path().join("corp");
    assert!(
        read(&corp, "lib/my_corp/application.ex").starts_with("defmodule Acme.Corp.Application do")
    );
    assert!(read(&corp, "lib/my_corp_web.ex").starts_with("defmodule Acme.CorpWeb do"));
    assert!(read(&corp, "lib/my_corp_web/telemetry.ex")
        .contains("summary(\"acme.corp.repo.query.total_time\","));

    insta::assert_snapshot!(
        "variant_files",
        ["plain", "static", "lite", "lite_plain", "corp"]
            .iter()
            .map(|v| format!("## {v}\n{}", file_list(&tmp.path().join(v))))
            .collect::<Vec<_>>()
            .join("\n\n")
    );
}

#[test]
fn longest_names_stay_formatter_clean() {
    let tmp = TempDir::new().unwrap();
    let app = "abcdefghijklmnopqrstuvwxyzabcd";
    assert_eq!(app.len(), scaffold::spec::new_project::MAX_NAME_LEN);
    for (dir, extra) in [
        ("a", &[][..]),
        ("b", &["--database", "sqlite", "--no-live"][..]),
        (
            "c",
            &["--no-ash", "--module", "Abcdefghijklmnopqrstuvwxyz.Abc"][..],
        ),
    ] {
        let mut args = vec![dir, "--app", app];
        args.extend_from_slice(extra);
        let out = new_in(tmp.path(), &args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    }
    common::elixir::check_tree(tmp.path());
}

#[test]
fn template_dir_renders_paths_and_contents() {
    let tmp = TempDir::new().unwrap();
    let tpl = tmp.path().join("house");
    std::fs::create_dir_all(tpl.join("lib/{= app =}")).unwrap();
    std::fs::write(
        tpl.join("mix.exs"),
        "defmodule {= module =}.MixProject do\n  use Mix.Project\n\n  def project, do: [app: :{= app =}]\nend\n",
    )
    .unwrap();
    std::fs::write(
        tpl.join("lib/{= app =}/hello.ex"),
        "defmodule {= module =}.Hello do\n{$ if ash $}\n  def ash?, do: true\n{$ else $}\n  def ash?, do: false\n{$ endif $}\nend\n",
    )
    .unwrap();
    std::fs::write(
        tpl.join("{$ if not ash $}NO_ASH.md{$ endif $}"),
        "plain Phoenix\n",
    )
    .unwrap();
    std::fs::write(
        tpl.join("config.txt"),
        "salt={= secrets.session_signing_salt|length =}\n",
    )
    .unwrap();

    let out = new_in(tmp.path(), &["house_app", "--template", "house"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let root = tmp.path().join("house_app");
    assert_eq!(
        file_list(&root),
        "config.txt\nlib/house_app/hello.ex\nmix.exs"
    );
    assert_eq!(
        read(&root, "lib/house_app/hello.ex"),
        "defmodule HouseApp.Hello do\n  def ash?, do: true\nend\n"
    );
    assert_eq!(read(&root, "config.txt"), "salt=8\n");
    common::elixir::check_tree(&root);
    // Re-running with --force: every file unchanged.
    let again = new_in(tmp.path(), &["house_app", "--template", "house", "--force"]);
    assert!(stdout(&again).contains("3 unchanged"), "{}", stdout(&again));

    let out = new_in(
        tmp.path(),
        &["plain_app", "--template", "house", "--no-ash"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let root = tmp.path().join("plain_app");
    assert_eq!(read(&root, "NO_ASH.md"), "plain Phoenix\n");
    assert!(read(&root, "lib/plain_app/hello.ex").contains("do: false"));
}

#[test]
fn bad_input_exits_2_and_writes_nothing() {
    let tmp = TempDir::new().unwrap();
    std::fs::create_dir_all(tmp.path().join("tpl")).unwrap();
    std::fs::write(tmp.path().join("tpl/bad.ex"), "{= missing =}\n").unwrap();
    let cases: &[(&[&str], &str)] = &[
        (&["My-App"], "invalid app name `My-App`"),
        (&["1shop"], "invalid app name `1shop`"),
        (&["shop", "--app", "Shop"], "invalid app name `Shop`"),
        (&["shop", "--app", "end"], "invalid app name `end`"),
        (&["phoenix"], "taken by a dependency"),
        (&["shop", "--app", "ecto"], "taken by a dependency"),
        (&["shop", "--module", "shop"], "shop"),
        (&["shop", "--module", "Shop.web"], "Shop.web"),
        (&["shop", "--database", "mysql"], "unknown database `mysql`"),
        (
            &["abcdefghijklmnopqrstuvwxyzabcde"],
            "longer than 30 characters",
        ),
        (&["shop", "--template", "nowhere"], "does not exist"),
        (&["shop", "--template", "tpl"], "template"),
    ];
    for (args, message) in cases {
        let before = tree_hash(tmp.path());
        let out = new_in(tmp.path(), args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}{}",
            stdout(&out),
            stderr(&out)
        );
        assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
        assert_eq!(
            tree_hash(tmp.path()),
            before,
            "{args:?} left something behind"
        );
    }
    let err = stderr(&new_in(tmp.path(), &["My-App"]));
    assert!(err.contains("--app my_app"), "{err}");
    let err = stderr(&new_in(tmp.path(), &["shop", "--database", "postgress"]));
    assert!(err.contains("did you mean `postgres`"), "{err}");

    // A file where the directory should go.
    std::fs::write(tmp.path().join("taken"), "x").unwrap();
    let out = new_in(tmp.path(), &["taken"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is not a directory"));

    // A file where the template directory should go.
    let before = tree_hash(tmp.path());
    let out = new_in(tmp.path(), &["shop", "--template", "taken"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("template directory ") && err.contains("taken is not a directory"),
        "{err}"
    );
    assert!(!err.contains("does not exist"), "{err}");
    assert!(err.contains("hint: "), "{err}");
    assert_eq!(
        tree_hash(tmp.path()),
        before,
        "--template FILE left something behind"
    );
}

#[test]
fn project_model_matches_what_is_loaded_from_disk() {
    use scaffold::spec::new_project::{Database, NewProjectInput, NewProjectSpec, Secrets};
    let tmp = TempDir::new().unwrap();
    for (i, (ash, live, database, module)) in [
        (true, true, Database::Postgres, None),
        (false, false, Database::Sqlite, None),
        (true, false, Database::Sqlite, Some("Acme.Corp")),
    ]
    .into_iter()
    .enumerate()
    {
        let root = tmp.path().join(format!("p{i}"));
        std::fs::create_dir_all(&root).unwrap();
        let root = root.canonicalize().unwrap();
        let input = NewProjectInput {
            app: Some("my_app".into()),
            module: module.map(str::to_string),
            dir_name: String::new(),
            ash,
            live,
            database,
        };
        let spec = NewProjectSpec::build(&input, Secrets::generate().unwrap()).unwrap();
        let mut set = scaffold::changes::ChangeSet::new(&root);
        let renderer = scaffold::render::Renderer::new(None);
        scaffold::generators::new_project::plan(&renderer, &spec, &root, &mut set).unwrap();
        scaffold::changes::apply(&set, &Default::default()).unwrap();
        let loaded = scaffold::project::Project::load(&root, None).unwrap();
        let model = scaffold::generators::new_project::project_model(&spec, &root);
        assert_eq!(
            serde_json::to_value(&model).unwrap(),
            serde_json::to_value(&loaded).unwrap(),
            "variant {i}"
        );
    }
}
