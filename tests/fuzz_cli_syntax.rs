//! Property tests of the command-line syntaxes that are not fuzzed
//! elsewhere: resource field lists (through the whole resource generator),
//! component `--attr`/`--slot` specs, migration operations and indexes,
//! and the name parsers.
//!
//! Inputs are built from the pieces of each syntax (names, types,
//! modifiers, `key=value` options, quotes) mixed with hostile fragments,
//! so most of them get deep into validation. For every input:
//!
//! - nothing panics;
//! - a refusal is bad input (exit code 2) with a message;
//! - an accepted input plans files that all parse (tree-sitter, no error
//!   node) and JSON files that are JSON;
//! - a field that parses prints back (`to_cli`) to the same field.
//!
//! The planning reads tests/fixtures/phx_shop and writes nothing. The case
//! count is kept small for CI (`PROPTEST_CASES` raises it).
mod common;

use proptest::prelude::*;
use scaffold::changes::ChangeSet;
use scaffold::elixir::Document;
use scaffold::generators::{self, Context};
use scaffold::project::Project;
use scaffold::render::Renderer;
use scaffold::spec::component::ComponentInput;
use scaffold::spec::migration::{MigrationInput, MigrationSpec};
use scaffold::spec::{Field, ModuleName, ResourceInput, SnakeName, TableName};
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

/// Plans with the fixture project (read only) and checks the outcome.
fn plan_and_check(
    label: &str,
    plan: impl FnOnce(&Context, &mut ChangeSet) -> scaffold::error::Result<()>,
) -> Result<bool, TestCaseError> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/phx_shop");
    let project = Project::discover(Some(&root), &root, None).unwrap();
    let renderer = Renderer::new(None);
    let ctx = Context {
        project: &project,
        renderer: &renderer,
    };
    let mut set = ChangeSet::new(&project.root);
    match plan(&ctx, &mut set) {
        Err(e) => {
            prop_assert_eq!(e.code(), 2, "{}: refused with {} (not bad input)", label, e);
            prop_assert!(!e.to_string().trim().is_empty(), "{}: empty message", label);
            Ok(false)
        }
        Ok(()) => {
            for f in set.writes() {
                if f.path.ends_with(".ex") || f.path.ends_with(".exs") {
                    prop_assert!(
                        Document::parse(f.new.as_str()).is_ok(),
                        "{}: {} does not parse:\n{}",
                        label,
                        f.path,
                        f.new
                    );
                } else if f.path.ends_with(".json") {
                    prop_assert!(
                        serde_json::from_str::<serde_json::Value>(&f.new).is_ok(),
                        "{}: {} is not JSON",
                        label,
                        f.path
                    );
                }
            }
            Ok(true)
        }
    }
}

const HOSTILE: &[&str] = &[
    "\"", "\\", "#{", "}", ":", "=", ",", " ", "'", "(", ")", ";", "\n", "end", "do", "nil", "é",
    "\u{202E}", "\u{200B}", "\u{0}", "%{", "[]", "<%=", "{@x}", "..", "/", ".",
];

fn hostile() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(HOSTILE), 1..5).prop_map(|v| v.concat())
}

/// A value: plain, hostile, or quoted with the field syntax's escapes.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(
            &[
                "0",
                "-5",
                "1.5",
                "9.99",
                "true",
                "false",
                "draft",
                "today",
                "now",
                "[]",
                "2024-01-31",
                "09:30:00",
                "2024-01-31T09:30:00Z",
                "2024-01-31T09:30:00",
                "00000000-0000-0000-0000-000000000000",
                "x",
                "",
            ][..]
        )
        .prop_map(str::to_string),
        hostile(),
        hostile().prop_map(|s| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))),
    ]
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(&["title", "body", "views", "status", "author", "tags", "slug", "on", "at", "price"][..]).prop_map(str::to_string),
        1 => prop::sample::select(&["end", "id", "Title", "inserted_at", "__meta__", "valid?", "a-b", "", "t\u{456}tle"][..]).prop_map(str::to_string),
        1 => "[a-z_][a-z0-9_]{0,70}",
        1 => hostile(),
    ]
}

const TYPES: &[&str] = &[
    "string",
    "ci_string",
    "text",
    "integer",
    "float",
    "decimal",
    "boolean",
    "date",
    "time",
    "utc_datetime",
    "utc_datetime_usec",
    "naive_datetime",
    "uuid",
    "map",
    "binary",
    "atom:draft,published",
    "atom",
    "array:string",
    "array:atom:a,b",
    "array",
    "array:array:string",
    "strng",
    "belongs_to:Accounts.User",
    "belongs_to",
    "has_many:Blog.Comment",
    "has_one:Media.Image",
    "many_to_many:Blog.Tag:through=Blog.PostTag",
    "many_to_many:Blog.Tag",
    "belongs_to:accounts.user",
];

fn modifier() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(
            &[
                "required",
                "unique",
                "index",
                "sensitive",
                "private",
                "requird",
                "on_delete=delete",
                "on_delete=nilify",
                "on_delete=cascade",
                "through=Blog.PostTag"
            ][..]
        )
        .prop_map(str::to_string),
        value().prop_map(|v| format!("default={v}")),
        hostile(),
    ]
}

/// A field put together from any pieces: mostly invalid.
fn wild_field() -> impl Strategy<Value = String> {
    (
        name(),
        prop::option::of(prop::sample::select(TYPES)),
        prop::collection::vec(modifier(), 0..4),
    )
        .prop_map(|(n, t, mods)| {
            let mut out = n;
            if let Some(t) = t {
                out.push(':');
                out.push_str(t);
            }
            for m in mods {
                out.push(':');
                out.push_str(&m);
            }
            out
        })
}

/// Each type with modifiers that fit it.
const KINDS: &[(&str, &[&str])] = &[
    (
        "string",
        &[
            "required",
            "unique",
            "index",
            "sensitive",
            "private",
            "default=plain",
        ],
    ),
    ("text", &["required", "sensitive", "default=\"a: b\""]),
    ("ci_string", &["required", "unique"]),
    ("integer", &["required", "index", "default=0", "default=-5"]),
    ("float", &["default=1.5", "required"]),
    ("decimal", &["default=9.99", "required"]),
    ("boolean", &["default=false", "required"]),
    ("date", &["default=today", "index"]),
    ("time", &["default=09:30:00"]),
    ("utc_datetime_usec", &["default=now", "required"]),
    ("naive_datetime", &["default=2024-01-31T09:30:00"]),
    (
        "uuid",
        &["unique", "default=00000000-0000-0000-0000-000000000000"],
    ),
    ("map", &["sensitive"]),
    ("binary", &["required"]),
    ("atom:draft,published", &["default=draft", "required"]),
    ("array:string", &["default=[]"]),
    ("array:atom:news,event", &["required"]),
    (
        "belongs_to:Accounts.User",
        &["required", "on_delete=delete", "private"],
    ),
    ("has_many:Blog.Comment", &["private"]),
    ("many_to_many:Blog.Tag:through=Blog.PostTag", &["private"]),
];

/// A field that is valid by construction (names aside, which may repeat);
/// string fields get hostile quoted defaults.
fn valid_field(relationships: bool) -> impl Strategy<Value = String> {
    let kinds = if relationships {
        KINDS.len()
    } else {
        KINDS.len() - 3
    };
    (
        prop::sample::select(
            &[
                "title",
                "body",
                "views",
                "status",
                "slug",
                "price",
                "notes",
                "starts_on",
                "meta",
                "tags",
                "owner",
            ][..],
        ),
        "[a-z]{1,2}",
        0..kinds,
        any::<prop::sample::Index>(),
        prop::option::of(hostile()),
    )
        .prop_flat_map(|(name, suffix, kind, _, hostile_default)| {
            let (ty, mods) = KINDS[kind];
            let mods: Vec<&'static str> = mods.to_vec();
            let n = mods.len();
            prop::sample::subsequence(mods, 0..=n).prop_map(move |chosen| {
                let mut out = format!("{name}_{suffix}:{ty}");
                for m in chosen {
                    out.push(':');
                    out.push_str(m);
                }
                if let (Some(h), true) = (
                    &hostile_default,
                    ty == "string" && !out.contains("default="),
                ) {
                    out.push_str(&format!(
                        ":default=\"{}\"",
                        h.replace('\\', "\\\\").replace('"', "\\\"")
                    ));
                }
                out
            })
        })
}

fn field() -> impl Strategy<Value = String> {
    prop_oneof![3 => valid_field(true), 1 => wild_field()]
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn fields_parse_or_refuse_and_print_back(input in field()) {
        match Field::parse(&input) {
            Err(e) => prop_assert_eq!(e.code(), 2, "{}: {}", input, e),
            Ok(f) => {
                let cli = f.to_cli();
                let again = Field::parse(&cli).map_err(|e| TestCaseError::fail(format!("{input} -> {cli}: {e}")))?;
                prop_assert_eq!(&again, &f, "{} printed as {}", input, cli);
                if let Some(code) = f.attribute().and_then(|a| a.default_code()) {
                    let src = format!("x = {code}\n");
                    prop_assert!(Document::parse(src.as_str()).is_ok(), "{}: default {} does not parse", input, code);
                }
            }
        }
    }

    #[test]
    fn names_never_panic(input in prop_oneof!["\\PC{0,80}", hostile(), name()]) {
        for code in [
            ModuleName::parse(&input).err().map(|e| e.code()),
            SnakeName::parse(&input).err().map(|e| e.code()),
            SnakeName::field(&input).err().map(|e| e.code()),
            TableName::parse(&input).err().map(|e| e.code()),
        ].into_iter().flatten() {
            prop_assert_eq!(code, 2);
        }
    }
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn resources_from_random_fields_plan_parsable_files(
        fields in prop::collection::vec(field(), 0..5),
        policies in any::<bool>(),
        live in any::<bool>(),
        pk in prop::sample::select(&[None, Some("uuid"), Some("integer"), Some("serial")][..]),
    ) {
        let mut input = ResourceInput::new("Blog.Post", fields.clone());
        input.policies = policies;
        input.live = live;
        input.primary_key = pk.map(str::to_string);
        let opts = generators::ash_resource::ResourceOptions { property: true };
        plan_and_check(&format!("ash-resource Blog.Post {}", fields.join(" ")), |ctx, set| {
            generators::ash_resource::plan(ctx, input, &opts, set)
        })?;
    }
}

// ---------------------------------------------------------------------------
// Components
// ---------------------------------------------------------------------------

const ATTR_TYPES: &[&str] = &[
    "",
    "any",
    "string",
    "atom",
    "boolean",
    "integer",
    "float",
    "list",
    "map",
    "global",
    "Phoenix.HTML.FormField",
    "strng",
    "phoenix.html.form_field",
];

fn attr() -> impl Strategy<Value = String> {
    (
        name(),
        prop::sample::select(ATTR_TYPES),
        prop::collection::vec(
            prop_oneof![
                Just("required".to_string()),
                value().prop_map(|v| format!("default={v}")),
                prop::collection::vec(
                    prop::sample::select(&["a", "b", "primary", "1", "2", "A", ""][..]),
                    1..4
                )
                .prop_map(|v| format!("values={}", v.join(","))),
                value().prop_map(|v| format!("doc={v}")),
                Just("include=href,target".to_string()),
                hostile(),
            ],
            0..4,
        ),
    )
        .prop_map(|(n, t, mods)| {
            let mut out = n;
            if !t.is_empty() {
                out.push(':');
                out.push_str(t);
            }
            for m in mods {
                out.push(':');
                out.push_str(&m);
            }
            out
        })
}

fn slot() -> impl Strategy<Value = String> {
    (
        prop_oneof![
            Just("inner_block".to_string()),
            Just("actions".to_string()),
            name()
        ],
        prop::collection::vec(
            prop_oneof![
                Just("required".to_string()),
                value().prop_map(|v| format!("doc={v}")),
                hostile()
            ],
            0..3,
        ),
    )
        .prop_map(|(n, mods)| std::iter::once(n).chain(mods).collect::<Vec<_>>().join(":"))
}

proptest! {
    #![proptest_config(config(192))]

    #[test]
    fn components_plan_parsable_files_or_refuse(
        module in prop_oneof![Just("Ui.Card".to_string()), Just("Form".to_string()), Just("ui.card".to_string()), hostile()],
        attrs in prop::collection::vec(attr(), 0..4),
        slots in prop::collection::vec(slot(), 0..3),
        stateful in any::<bool>(),
    ) {
        let input = ComponentInput { module: module.clone(), attrs: attrs.clone(), slots: slots.clone(), stateful, tests: true };
        let label = format!("live-component {module} --attr {} --slot {}", attrs.join(" --attr "), slots.join(" --slot "));
        plan_and_check(&label, |ctx, set| generators::component::plan_input(ctx, input, set))?;
    }
}

// ---------------------------------------------------------------------------
// Migrations
// ---------------------------------------------------------------------------

fn column_op() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => valid_field(false).prop_map(|f| format!("posts.{f}")),
        1 => "[a-z]{1,3}".prop_map(|s| format!("posts.{s}_id:references:users")),
        1 => wild_column_op(),
    ]
}

fn wild_column_op() -> impl Strategy<Value = String> {
    (
        prop::option::of(prop::sample::select(
            &["posts", "Posts", "", "public.posts", "../posts", "users"][..],
        )),
        field(),
        prop::option::of(prop_oneof![
            Just(":references:users".to_string()),
            Just(":references:users:on_delete=delete:type=uuid".to_string()),
            Just(":references".to_string()),
            Just(":references:Users".to_string()),
            hostile().prop_map(|h| format!(":references:{h}")),
        ]),
    )
        .prop_map(|(table, f, reference)| {
            let mut out = String::new();
            if let Some(t) = table {
                out.push_str(t);
                out.push('.');
            }
            match reference {
                Some(r) => {
                    out.push_str(f.split(':').next().unwrap_or(""));
                    out.push_str(&r);
                }
                None => out.push_str(&f),
            }
            out
        })
}

fn index_spec() -> impl Strategy<Value = String> {
    (
        prop::sample::select(&["posts", "Posts", "", "posts.", "users"][..]),
        prop::collection::vec(prop_oneof![name(), Just(String::new())], 1..3),
    )
        .prop_map(|(t, cols)| format!("{t}.{}", cols.join(",")))
}

proptest! {
    #![proptest_config(config(192))]

    #[test]
    fn migrations_plan_parsable_files_or_refuse(
        name in prop_oneof![
            prop::sample::select(&["create_tags", "add_title_to_posts", "index_posts", "remove_subtitle", "CreateTags", "create-tags", ""][..]).prop_map(str::to_string),
            "[a-z_][a-z0-9_]{0,30}",
            hostile(),
        ],
        ops in prop::collection::vec(column_op(), 0..4),
        index in prop::collection::vec(index_spec(), 0..2),
        unique_index in prop::collection::vec(index_spec(), 0..2),
        flags in any::<(bool, bool, bool, bool)>(),
        timestamp in prop::option::of(prop::sample::select(&["20300101000000", "2024", "20241399000000", "abc"][..])),
    ) {
        let (concurrently, remove, binary_id, no_timestamps) = flags;
        let input = MigrationInput { name: name.clone(), ops: ops.clone(), index, unique_index, concurrently, remove, binary_id, no_timestamps };
        let label = format!("migration {name} {}", ops.join(" "));
        plan_and_check(&label, |ctx, set| {
            let spec = MigrationSpec::build(input)?;
            let clock = generators::migration::Clock::from_option(Some(timestamp.unwrap_or("20300101000000")))?;
            generators::migration::plan_standalone(ctx, &spec, clock, set).map(|_| ())
        })?;
    }
}

/// The share of sampled inputs that pass validation.
fn accepted_share<S: Strategy>(strategy: S, accept: impl Fn(S::Value) -> bool) -> f64 {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let n = 300;
    let ok = (0..n)
        .filter(|_| accept(strategy.new_tree(&mut runner).unwrap().current()))
        .count();
    ok as f64 / n as f64
}

/// The strategies above would prove little if nearly every input were
/// refused before reaching a generator.
#[test]
fn generated_inputs_often_get_past_validation() {
    use scaffold::spec::component::ComponentSpec;
    use scaffold::spec::{ProjectContext, ResourceSpec};
    let pc = ProjectContext::new("shop").unwrap();
    let fields = accepted_share(prop::collection::vec(field(), 1..4), |f| {
        ResourceSpec::build(ResourceInput::new("Blog.Post", f), &pc).is_ok()
    });
    let web = ModuleName::parse("ShopWeb").unwrap();
    let components = accepted_share(
        (
            prop::collection::vec(attr(), 0..4),
            prop::collection::vec(slot(), 0..3),
        ),
        |(attrs, slots)| {
            ComponentSpec::build(
                ComponentInput {
                    module: "Ui.Card".into(),
                    attrs,
                    slots,
                    stateful: false,
                    tests: true,
                },
                &web,
            )
            .is_ok()
        },
    );
    let migrations = accepted_share(prop::collection::vec(column_op(), 1..3), |ops| {
        let input = MigrationInput {
            name: "add_title_to_posts".into(),
            ops,
            index: vec![],
            unique_index: vec![],
            concurrently: false,
            remove: false,
            binary_id: false,
            no_timestamps: false,
        };
        MigrationSpec::build(input).is_ok()
    });
    eprintln!(
        "accepted: fields {fields:.2}, components {components:.2}, migrations {migrations:.2}"
    );
    for (what, share) in [
        ("field lists", fields),
        ("components", components),
        ("migrations", migrations),
    ] {
        assert!(
            share >= 0.1,
            "only {share:.2} of the generated {what} are valid"
        );
    }
}
