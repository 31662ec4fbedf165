//! Property tests of `scaffold apply` spec files: TOML put together from
//! the tables and keys of the format (and from wrong ones), with values of
//! every TOML type, hostile strings and broken lines mixed in.
//!
//! For every file: reading it never panics; every problem it reports
//! points at a line and column inside the file; planning it against the
//! fixture project either refuses with bad input (exit code 2) listing
//! `FILE:LINE:COL` positions, or plans files that all parse (tree-sitter)
//! and JSON files that are JSON. An accepted file planned a second time
//! plans exactly the same files.
//!
//! The planning reads tests/fixtures/phx_shop and writes nothing.
//! `PROPTEST_CASES` raises the case count.

use proptest::prelude::*;
use scaffold::changes::ChangeSet;
use scaffold::elixir::Document;
use scaffold::generators::{self, Context};
use scaffold::project::Project;
use scaffold::render::Renderer;
use scaffold::spec::file::SpecFile;
use std::path::Path;

fn config(default_cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_cases);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

const HOSTILE: &[&str] = &[
    "\\\"", "\\\\", "#{", "}", ":", "=", ",", " ", "'", "(", ")", ";", "end", "do", "é", "\\u202E",
    "%{", "[", "]", "<%=", "{@x}", "..", "/", "\\n",
];

/// The inside of a TOML basic string (escapes included).
fn hostile() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(HOSTILE), 1..5).prop_map(|v| v.concat())
}

fn string_value(choices: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(choices).prop_map(|s| format!("\"{s}\"")),
        1 => hostile().prop_map(|s| format!("\"{s}\"")),
    ]
}

fn list_value(choices: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::collection::vec(string_value(choices), 0..4).prop_map(|v| format!("[{}]", v.join(", ")))
}

/// Any TOML value, mostly of the wrong type.
fn any_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("true".to_string()),
        Just("42".to_string()),
        Just("-1".to_string()),
        Just("1.5".to_string()),
        Just("[]".to_string()),
        Just("{ a = 1 }".to_string()),
        Just("1979-05-27".to_string()),
        hostile().prop_map(|s| format!("\"{s}\"")),
        Just("[1, \"a\"]".to_string()),
    ]
}

const MODULES: &[&str] = &[
    "Blog.Post",
    "Blog.Comment",
    "Accounts.User",
    "Catalog.Product",
    "Post",
    "blog.post",
    "Shop",
    "Blog.Date",
    "Cache.Warmer",
    "Pipeline",
    "Ui.Card",
];
const FIELDS: &[&str] = &[
    "title:string:required",
    "body:text",
    "views:integer:default=0",
    "slug:string:unique",
    "author:belongs_to:Accounts.User",
    "post:belongs_to:Blog.Post:required",
    "comments:has_many:Blog.Comment",
    "status:atom:draft,published:default=draft",
    "title:strng",
    "end:string",
    "price:decimal:default=9.99",
];

/// One `key = value` line that fits the table (or deliberately does not).
fn key_line(table: &'static str) -> BoxedStrategy<String> {
    let right: BoxedStrategy<String> = match table {
        "resource" => prop_oneof![
            string_value(MODULES).prop_map(|v| format!("module = {v}")),
            list_value(FIELDS).prop_map(|v| format!("fields = {v}")),
            any::<bool>().prop_map(|b| format!("policies = {b}")),
            any::<bool>().prop_map(|b| format!("live = {b}")),
            any::<bool>().prop_map(|b| format!("no_test = {b}")),
            string_value(&["uuid", "integer", "serial"]).prop_map(|v| format!("primary_key = {v}")),
            string_value(&["ets", "postgres", "mongo"]).prop_map(|v| format!("data_layer = {v}")),
            list_value(&["read", "create", "publish"]).prop_map(|v| format!("actions = {v}")),
        ]
        .boxed(),
        "genserver" => prop_oneof![
            string_value(MODULES).prop_map(|v| format!("module = {v}")),
            list_value(&["fetch", "put", "end", "fetch-all"]).prop_map(|v| format!("calls = {v}")),
            list_value(&["put", "record"]).prop_map(|v| format!("casts = {v}")),
            (0u64..200_000).prop_map(|n| format!("every = {n}")),
            any::<bool>().prop_map(|b| format!("ets = {b}")),
            string_value(&["Pipeline", "Nope"]).prop_map(|v| format!("supervisor = {v}")),
        ]
        .boxed(),
        "supervisor" => prop_oneof![
            string_value(MODULES).prop_map(|v| format!("module = {v}")),
            string_value(&["one_for_one", "rest_for_one", "simple"])
                .prop_map(|v| format!("strategy = {v}")),
            list_value(&["Cache.Warmer", "Pipeline"]).prop_map(|v| format!("children = {v}")),
        ]
        .boxed(),
        "migration" => prop_oneof![
            string_value(&["create_tags", "add_title_to_posts", "CreateTags"])
                .prop_map(|v| format!("name = {v}")),
            list_value(&["name:string:unique", "posts.title:string", "title:strng"])
                .prop_map(|v| format!("ops = {v}")),
            list_value(&["posts.title", "posts"]).prop_map(|v| format!("index = {v}")),
        ]
        .boxed(),
        "component" => prop_oneof![
            string_value(MODULES).prop_map(|v| format!("module = {v}")),
            list_value(&[
                "title:string:required",
                "tone:atom:values=a,b:default=a",
                "rest:global",
                "Title"
            ])
            .prop_map(|v| format!("attrs = {v}")),
            list_value(&["inner_block", "actions:required"]).prop_map(|v| format!("slots = {v}")),
            any::<bool>().prop_map(|b| format!("stateful = {b}")),
        ]
        .boxed(),
        "live" => prop_oneof![
            string_value(MODULES).prop_map(|v| format!("resource = {v}")),
            string_value(&["/admin", "admin", "/../x"]).prop_map(|v| format!("scope = {v}")),
        ]
        .boxed(),
        _ => prop_oneof![
            string_value(MODULES).prop_map(|v| format!("module = {v}")),
            string_value(&["Blog.Post"]).prop_map(|v| format!("read = {v}")),
        ]
        .boxed(),
    };
    prop_oneof![
        6 => right,
        1 => ("[a-z_]{1,12}", any_value()).prop_map(|(k, v)| format!("{k} = {v}")),
        1 => prop::sample::select(&["module", "fields", "calls", "name", "attrs"][..]).prop_flat_map(|k| any_value().prop_map(move |v| format!("{k} = {v}"))),
    ]
    .boxed()
}

const TABLES: &[&str] = &[
    "resource",
    "policy",
    "migration",
    "supervisor",
    "genserver",
    "component",
    "live",
];

fn table() -> impl Strategy<Value = String> {
    (
        prop_oneof![
            8 => prop::sample::select(TABLES).prop_map(|t| (t, format!("[[{t}]]"))),
            1 => prop::sample::select(TABLES).prop_map(|t| (t, format!("[{t}]"))),
            1 => Just(("resource", "[[resources]]".to_string())),
        ],
        any::<prop::sample::Index>(),
    )
        .prop_flat_map(|((t, header), _)| {
            prop::collection::vec(key_line(t), 0..5).prop_map(move |lines| {
                let mut out = header.clone();
                out.push('\n');
                for l in lines {
                    out.push_str(&l);
                    out.push('\n');
                }
                out
            })
        })
}

/// A TOML basic string holding `s`.
fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text for a quoted value of the field or attribute syntax.
fn quoted_value() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(
            &[
                "\"",
                "\\",
                "#{",
                "}",
                ":",
                ",",
                " ",
                "end",
                "é",
                "System.halt()",
                "<%=",
                "{@x}",
                "a",
            ][..],
        ),
        1..6,
    )
    .prop_map(|v| {
        let raw = v.concat();
        format!("\"{}\"", raw.replace('\\', "\\\\").replace('"', "\\\""))
    })
}

/// A table that is valid on its own (its names may still clash with
/// another table's).
fn valid_table() -> impl Strategy<Value = String> {
    let tag = "[A-Z][a-z]{1,3}";
    prop_oneof![
        (tag, tag, quoted_value(), any::<(bool, bool)>()).prop_map(|(d, r, v, (policies, live))| {
            let fields = [
                "title:string:required".to_string(),
                format!("note:text:default={v}"),
                "views:integer:default=0".to_string(),
            ];
            let fields: Vec<String> = fields.iter().map(|f| toml_str(f)).collect();
            format!(
                "[[resource]]\nmodule = \"{d}.{r}Item\"\nfields = [{}]\npolicies = {policies}\nlive = {live}\n",
                fields.join(", ")
            )
        }),
        (tag, 1000u64..100_000).prop_map(|(n, every)| format!(
            "[[genserver]]\nmodule = \"Workers.{n}Server\"\ncalls = [\"fetch\"]\nevery = {every}\n"
        )),
        tag.prop_map(|n| format!("[[supervisor]]\nmodule = \"{n}Sup\"\nstrategy = \"rest_for_one\"\n")),
        (tag, quoted_value()).prop_map(|(n, v)| format!(
            "[[component]]\nmodule = \"Ui.{n}Card\"\nattrs = [{}, {}]\nslots = [\"inner_block\"]\n",
            toml_str(&format!("title:string:default={v}")),
            toml_str(&format!("label:string:doc={v}"))
        )),
        ("[a-z]{2,5}", quoted_value()).prop_map(|(t, v)| format!(
            "[[migration]]\nname = \"create_{t}_rows\"\nops = [{}]\n",
            toml_str(&format!("name:string:default={v}"))
        )),
    ]
}

fn spec_text() -> impl Strategy<Value = String> {
    prop_oneof![
        1 => prop::collection::vec(valid_table(), 1..5).prop_map(|t| t.join("\n")),
        1 => wild_spec_text(),
    ]
}

fn wild_spec_text() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(table(), 0..5),
        prop::option::of(prop_oneof![
            Just("key = = 1\n".to_string()),
            Just("[[resource\n".to_string()),
            Just("module = \"unterminated\n".to_string()),
            Just("# a comment\n".to_string()),
            Just("\u{feff}".to_string()),
            "\\PC{0,30}",
        ]),
        any::<prop::sample::Index>(),
    )
        .prop_map(|(tables, junk, at)| {
            let mut parts = tables;
            if let Some(j) = junk {
                let i = at.index(parts.len() + 1);
                parts.insert(i, j);
            }
            parts.join("\n")
        })
}

/// Plans `file` against the fixture; the paths and contents planned.
fn plan(file: &SpecFile) -> scaffold::error::Result<Vec<(String, String)>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/phx_shop");
    let project = Project::discover(Some(&root), &root, None).unwrap();
    let renderer = Renderer::new(None);
    let ctx = Context {
        project: &project,
        renderer: &renderer,
    };
    let mut set = ChangeSet::new(&project.root);
    generators::apply_spec::plan(&ctx, file, &mut set)?;
    Ok(set
        .writes()
        .map(|f| (f.path.clone(), f.new.clone()))
        .collect())
}

proptest! {
    #![proptest_config(config(160))]

    #[test]
    fn spec_files_plan_parsable_files_or_refuse_with_positions(text in spec_text()) {
        let file = SpecFile::parse("spec.toml", &text);
        let lines = text.split('\n').count();
        for e in &file.errors {
            prop_assert!(e.pos.line >= 1 && e.pos.line <= lines, "{:?} is outside the file:\n{}", e.pos, text);
        }
        std::env::set_var("SOURCE_DATE_EPOCH", "1795000000");
        match plan(&file) {
            Err(e) => {
                prop_assert_eq!(e.code(), 2, "refused with {} (not bad input):\n{}", e, text);
                let msg = e.to_string();
                prop_assert!(msg.starts_with("spec.toml:"), "no position in {:?}", msg);
                let positioned = msg.lines().filter(|l| l.strip_prefix("spec.toml:").is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit())));
                prop_assert!(positioned.clone().count() >= 1, "no FILE:LINE:COL in {:?}", msg);
                for line in positioned {
                    let mut parts = line.splitn(4, ':');
                    parts.next();
                    let l: usize = parts.next().and_then(|x| x.parse().ok()).unwrap_or(0);
                    let c: usize = parts.next().and_then(|x| x.trim().parse().ok()).unwrap_or(0);
                    prop_assert!(l >= 1 && l <= lines && c >= 1, "bad position in {:?}:\n{}", line, text);
                }
            }
            Ok(files) => {
                for (path, content) in &files {
                    if path.ends_with(".ex") || path.ends_with(".exs") {
                        prop_assert!(Document::parse(content.as_str()).is_ok(), "{} does not parse:\n{}\n--- spec\n{}", path, content, text);
                    } else if path.ends_with(".json") {
                        prop_assert!(serde_json::from_str::<serde_json::Value>(content).is_ok(), "{} is not JSON", path);
                    }
                }
                let again = plan(&SpecFile::parse("spec.toml", &text)).map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert!(again == files, "a second plan of the same file differs:\n{}", text);
            }
        }
    }
}

/// The property above would prove little if nearly every file were
/// refused before planning.
#[test]
fn generated_files_are_often_valid() {
    use proptest::strategy::ValueTree;
    std::env::set_var("SOURCE_DATE_EPOCH", "1795000000");
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = spec_text();
    let n = 120;
    let ok = (0..n)
        .filter(|_| {
            plan(&SpecFile::parse(
                "spec.toml",
                &strategy.new_tree(&mut runner).unwrap().current(),
            ))
            .is_ok()
        })
        .count();
    assert!(
        ok * 5 >= n,
        "only {ok} of {n} generated spec files are valid"
    );
}
