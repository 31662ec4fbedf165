//! Runs every case folder under `tests/edits/`:
//!
//! - `input.ex` / `input.exs`: the file before the edit;
//! - `op.json`: one operation (`{"op": "add_dep", ...}`), an array of
//!   operations applied in order, or `{"ops": [...], "formatted": false}`
//!   when the input is not `mix format`-clean;
//! - `expected.ex` / `expected.exs`: the whole file after the edit, or
//!   `error.txt`: a substring of the expected error (Manual/Unparsable);
//! - `note.txt` (optional): a substring of the note when the first
//!   application is already `Unchanged`.
//!
//! Each case also re-applies its operations to the output and requires
//! `Unchanged` (idempotency), and every output of a formatter-clean input
//! is checked with the real Elixir formatter. `BLESS=1` rewrites the
//! expected files from the current results.
mod common;

use std::fs;
use std::path::{Path, PathBuf};

use scaffold::elixir::{Document, EditError, Op, Outcome};

struct Case {
    dir: PathBuf,
    input: PathBuf,
    ops: Vec<Op>,
    formatted: bool,
}

fn load(dir: &Path) -> Case {
    let input = ["input.ex", "input.exs"]
        .iter()
        .map(|n| dir.join(n))
        .find(|p| p.exists())
        .unwrap_or_else(|| panic!("{}: no input.ex(s)", dir.display()));
    let raw = fs::read_to_string(dir.join("op.json"))
        .unwrap_or_else(|e| panic!("{}: op.json: {e}", dir.display()));
    let value: serde_json::Value =
        serde_json::from_str(&raw).unwrap_or_else(|e| panic!("{}: op.json: {e}", dir.display()));
    let (ops_value, formatted) = match &value {
        serde_json::Value::Object(map) if map.contains_key("ops") => (
            map["ops"].clone(),
            map.get("formatted")
                .and_then(|f| f.as_bool())
                .unwrap_or(true),
        ),
        serde_json::Value::Array(_) => (value.clone(), true),
        _ => (serde_json::Value::Array(vec![value.clone()]), true),
    };
    let ops: Vec<Op> = serde_json::from_value(ops_value)
        .unwrap_or_else(|e| panic!("{}: op.json: {e}", dir.display()));
    Case {
        dir: dir.to_path_buf(),
        input,
        ops,
        formatted,
    }
}

fn run(text: &str, ops: &[Op]) -> Result<(String, Vec<Outcome>), EditError> {
    let mut doc = Document::parse(text)?;
    let mut outcomes = Vec::new();
    for op in ops {
        outcomes.push(doc.apply(op)?);
    }
    Ok((doc.into_text(), outcomes))
}

fn diff(expected: &str, actual: &str) -> String {
    similar::TextDiff::from_lines(expected, actual)
        .unified_diff()
        .header("expected", "actual")
        .to_string()
}

fn error_text(e: &EditError) -> String {
    match e {
        EditError::Unparsable { line, message } => format!("unparsable line {line}: {message}"),
        EditError::Manual { line, why, snippet } => format!("manual line {line}: {why}\n{snippet}"),
    }
}

#[test]
fn edit_cases() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/edits");
    let bless = std::env::var("BLESS").as_deref() == Ok("1");
    let mut dirs: Vec<PathBuf> = fs::read_dir(&root)
        .expect("tests/edits exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(
        dirs.len() >= 35,
        "expected at least 35 cases, found {}",
        dirs.len()
    );

    let mut failures = Vec::new();
    let mut formatted_outputs = Vec::new();
    let mut other_outputs = Vec::new();
    let out_dir = tempfile::tempdir().unwrap();

    for dir in &dirs {
        let case = load(dir);
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let input = fs::read_to_string(&case.input).unwrap();
        let ext = case
            .input
            .extension()
            .unwrap()
            .to_string_lossy()
            .to_string();
        let expected_path = case.dir.join(format!("expected.{ext}"));
        let error_path = case.dir.join("error.txt");
        let result = run(&input, &case.ops);

        match result {
            Err(e) => {
                let got = error_text(&e);
                if bless && !expected_path.exists() && !error_path.exists() {
                    let first = got.lines().next().unwrap_or("").to_string();
                    let why = first
                        .split_once(": ")
                        .map_or(first.as_str(), |(_, w)| w)
                        .to_string();
                    fs::write(&error_path, format!("{why}\n")).unwrap();
                    continue;
                }
                match fs::read_to_string(&error_path) {
                    Ok(want) if got.contains(want.trim()) => {}
                    Ok(want) => failures.push(format!(
                        "{name}: error `{got}` does not contain `{}`",
                        want.trim()
                    )),
                    Err(_) => failures.push(format!("{name}: unexpected error: {got}")),
                }
            }
            Ok((output, outcomes)) => {
                if error_path.exists() && !bless {
                    failures.push(format!("{name}: expected an error, got a result"));
                    continue;
                }
                if bless {
                    fs::write(&expected_path, &output).unwrap();
                } else {
                    match fs::read_to_string(&expected_path) {
                        Ok(want) if want == output => {}
                        Ok(want) => failures
                            .push(format!("{name}: output differs\n{}", diff(&want, &output))),
                        Err(_) => failures.push(format!("{name}: no expected.{ext}")),
                    }
                }
                if let Ok(note) = fs::read_to_string(case.dir.join("note.txt")) {
                    let got: Vec<String> = outcomes
                        .iter()
                        .filter_map(|o| match o {
                            Outcome::Unchanged(n) => Some(n.clone()),
                            Outcome::Changed(_) => None,
                        })
                        .collect();
                    if !got.iter().any(|n| n.contains(note.trim())) {
                        failures.push(format!(
                            "{name}: notes {got:?} do not contain `{}`",
                            note.trim()
                        ));
                    }
                }
                // Idempotency: the same operations on the output change nothing.
                match run(&output, &case.ops) {
                    Ok((again, outcomes)) => {
                        if let Some(i) = outcomes.iter().position(Outcome::is_changed) {
                            failures.push(format!(
                                "{name}: operation {i} is not idempotent\n{}",
                                diff(&output, &again)
                            ));
                        }
                    }
                    Err(e) => failures.push(format!(
                        "{name}: second application failed: {}",
                        error_text(&e)
                    )),
                }
                let copy = out_dir.path().join(format!("{name}.{ext}"));
                fs::write(&copy, &output).unwrap();
                if case.formatted {
                    formatted_outputs.push(copy);
                } else {
                    other_outputs.push(copy);
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing case(s):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    common::elixir::check_files(&formatted_outputs);
    common::elixir::check_parse_files(&other_outputs);
}

/// The inputs marked formatter-clean must really be clean, or the check on
/// their outputs proves nothing.
#[test]
fn clean_inputs_are_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/edits");
    let mut inputs = Vec::new();
    for entry in fs::read_dir(&root).unwrap().flatten() {
        let dir = entry.path();
        if !dir.is_dir() {
            continue;
        }
        let case = load(&dir);
        let text = fs::read_to_string(&case.input).unwrap();
        let unparsable = matches!(Document::parse(text), Err(EditError::Unparsable { .. }));
        if case.formatted && !unparsable {
            inputs.push(case.input);
        }
    }
    inputs.sort();
    common::elixir::check_files(&inputs);
}

fn case_input(name: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/edits")
        .join(name);
    let path = ["input.ex", "input.exs"]
        .iter()
        .map(|n| dir.join(n))
        .find(|p| p.exists())
        .unwrap();
    fs::read_to_string(path).unwrap()
}

#[test]
fn reads_deps() {
    let doc = Document::parse(case_input("deps_phx_new")).unwrap();
    let deps = doc.deps();
    assert_eq!(deps.len(), 20);
    assert_eq!(deps[0].name, "phoenix");
    assert_eq!(deps[0].requirement.as_deref(), Some("~> 1.8.1"));
    let heroicons = deps.iter().find(|d| d.name == "heroicons").unwrap();
    assert_eq!(heroicons.requirement, None);
    assert_eq!(heroicons.describe(), "(github: \"tailwindlabs/heroicons\")");
    let live_reload = deps
        .iter()
        .find(|d| d.name == "phoenix_live_reload")
        .unwrap();
    assert_eq!(
        live_reload.options,
        vec![("only".to_string(), ":dev".to_string())]
    );

    let doc = Document::parse(case_input("deps_in_project")).unwrap();
    assert_eq!(
        doc.deps()
            .iter()
            .map(|d| d.name.as_str())
            .collect::<Vec<_>>(),
        ["jason"]
    );
    let doc = Document::parse(case_input("deps_concat_manual")).unwrap();
    assert!(doc.deps().is_empty());
}

#[test]
fn reads_config_values() {
    let doc = Document::parse(case_input("config_new_call_before_import")).unwrap();
    let repos = doc.config_value("shop", None, "ecto_repos").unwrap();
    assert_eq!(repos.items, Some(vec!["Shop.Repo".to_string()]));
    assert_eq!(repos.line, 11);
    let json = doc.config_value("phoenix", None, "json_library").unwrap();
    assert_eq!(json.code, "Jason");
    let adapter = doc
        .config_value("shop", Some("ShopWeb.Endpoint"), "adapter")
        .unwrap();
    assert_eq!(adapter.code, "Bandit.PhoenixAdapter");
    assert_eq!(doc.config_value("shop", None, "ash_domains"), None);

    let doc = Document::parse(case_input("config_three_arg")).unwrap();
    let domains = doc.config_value("shop", None, "ash_domains").unwrap();
    assert_eq!(domains.items, Some(vec!["Shop.Accounts".to_string()]));
}

#[test]
fn reads_resource_structure() {
    let doc = Document::parse(case_input("use_option_add")).unwrap();
    assert_eq!(doc.module_name().as_deref(), Some("Shop.Blog.Post"));
    let uses = doc.use_calls();
    assert_eq!(uses.len(), 1);
    assert_eq!(uses[0].module, "Ash.Resource");
    assert_eq!(uses[0].option("data_layer"), Some("AshPostgres.DataLayer"));

    let info = doc.resource_info().unwrap();
    assert_eq!(info.module.as_deref(), Some("Shop.Blog.Post"));
    assert_eq!(info.domain.as_deref(), Some("Shop.Blog"));
    assert_eq!(info.table.as_deref(), Some("posts"));
    assert_eq!(info.repo.as_deref(), Some("Shop.Repo"));
    assert!(!info.has_policies);
    assert!(!info.has_authorizer);

    let names: Vec<&str> = info.attributes.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        ["id", "title", "body", "published", "inserted_at/updated_at"]
    );
    let id = info.attribute("id").unwrap();
    assert!(id.primary_key);
    assert_eq!(id.type_.as_deref(), Some(":uuid"));
    let title = info.attribute("title").unwrap();
    assert_eq!(title.type_.as_deref(), Some(":string"));
    assert_eq!(title.allow_nil, Some(false));
    assert_eq!(title.public, Some(true));
    let published = info.attribute("published").unwrap();
    assert_eq!(published.allow_nil, Some(false));
    assert_eq!(published.public, None);

    let rels: Vec<(&str, &str, &str)> = info
        .relationships
        .iter()
        .map(|r| (r.kind.as_str(), r.name.as_str(), r.destination.as_str()))
        .collect();
    assert_eq!(
        rels,
        [
            ("belongs_to", "author", "Shop.Accounts.User"),
            ("has_many", "comments", "Shop.Blog.Comment")
        ]
    );
    assert_eq!(info.identities[0].name, "unique_title");
    assert_eq!(info.identities[0].keys, ["title"]);
    let actions: Vec<(&str, &str, bool)> = info
        .actions
        .iter()
        .map(|a| (a.kind.as_str(), a.name.as_str(), a.default))
        .collect();
    assert_eq!(
        actions,
        [
            ("read", "read", true),
            ("destroy", "destroy", true),
            ("create", "create", true),
            ("update", "update", true),
            ("update", "publish", false)
        ]
    );

    let edited = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/edits/section_insert_ordered/expected.ex"),
    )
    .unwrap();
    let info = Document::parse(edited).unwrap().resource_info().unwrap();
    assert!(info.has_policies);
    assert!(info.has_authorizer);

    let router = Document::parse(case_input("routes_phx_new")).unwrap();
    assert_eq!(router.resource_info(), None);
    assert_eq!(router.use_calls()[0].args, [":router"]);
}

#[test]
fn errors_name_the_file() {
    let err = Document::parse("defmodule X do\n  def f(, do: 1\nend\n")
        .err()
        .unwrap();
    let EditError::Unparsable { line, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(*line, 2);
    let e = err.into_error("lib/x.ex");
    assert_eq!(e.code(), 2);
    assert!(e.to_string().starts_with("lib/x.ex:2: cannot parse"), "{e}");

    let mut doc = Document::parse(case_input("children_concat")).unwrap();
    let err = doc.add_child("Shop.Cache.Warmer", None).unwrap_err();
    let e = err.into_error("lib/shop/application.ex");
    assert_eq!(e.code(), 1);
    assert_eq!(e.hint().as_deref(), Some("add by hand:\nShop.Cache.Warmer"));
    assert!(
        e.to_string().starts_with("lib/shop/application.ex:8: "),
        "{e}"
    );
}

#[test]
fn apply_one_operation_on_text() {
    let op: Op = serde_json::from_str(
        r#"{"op": "formatter_list", "key": "plugins", "items": ["Spark.Formatter"]}"#,
    )
    .unwrap();
    let out = scaffold::elixir::apply("[]\n", &op).unwrap();
    assert_eq!(
        out,
        Outcome::Changed("[plugins: [Spark.Formatter]]\n".to_string())
    );
    let again = scaffold::elixir::apply("[plugins: [Spark.Formatter]]\n", &op).unwrap();
    assert!(!again.is_changed());
}
