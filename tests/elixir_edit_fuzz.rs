//! Property tests of the Elixir edit operations: random strings and
//! mutated versions of the case inputs (bytes and tokens deleted,
//! duplicated, inserted) go through every operation. No operation may
//! panic, and whenever the input parses and an operation reports
//! `Changed`, the output must parse without errors too.

use std::fs;
use std::path::Path;

use proptest::prelude::*;
use scaffold::elixir::{Document, Op, Outcome};

/// Every case input with the operations of its case (read once).
fn corpus() -> &'static [(String, Vec<Op>)] {
    static CORPUS: std::sync::OnceLock<Vec<(String, Vec<Op>)>> = std::sync::OnceLock::new();
    CORPUS.get_or_init(load_corpus)
}

fn load_corpus() -> Vec<(String, Vec<Op>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/edits");
    let mut dirs: Vec<_> = fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    dirs.sort();
    let mut out = Vec::new();
    for dir in dirs {
        let Some(input) = ["input.ex", "input.exs"]
            .iter()
            .map(|n| dir.join(n))
            .find(|p| p.exists())
        else {
            continue;
        };
        let text = fs::read_to_string(input).unwrap();
        let raw: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(dir.join("op.json")).unwrap()).unwrap();
        let ops = match raw {
            serde_json::Value::Object(ref m) if m.contains_key("ops") => m["ops"].clone(),
            serde_json::Value::Array(_) => raw,
            other => serde_json::Value::Array(vec![other]),
        };
        out.push((text, serde_json::from_value(ops).unwrap()));
    }
    out
}

/// One operation of every kind, applied to every input.
fn all_ops() -> Vec<Op> {
    let json = r#"[
      {"op": "add_dep", "name": "ash", "requirement": "~> 3.0"},
      {"op": "add_dep", "name": "stream_data", "requirement": "~> 1.0", "options": "only: :test"},
      {"op": "config_list", "app": "shop", "key": "ash_domains", "items": ["Shop.Blog"]},
      {"op": "config_keyword", "app": "ash", "sub": ":policies", "key": "show_policy_breakdowns?", "value": "true"},
      {"op": "config_call", "code": "config :spark, :formatter, remove_parens?: true"},
      {"op": "add_child", "child": "{Registry, keys: :unique, name: Shop.Registry}"},
      {"op": "add_routes", "lines": ["live \"/posts\", PostLive.Index, :index"]},
      {"op": "add_routes", "lines": ["live \"/posts\", PostLive.Index, :index"], "authenticated": true, "scope": "/"},
      {"op": "formatter_list", "key": "import_deps", "items": [":ash"]},
      {"op": "domain_resource", "resource": "Shop.Blog.Post", "body": "define :list_posts, action: :read"},
      {"op": "use_option", "module": "Ash.Resource", "key": "authorizers", "value": {"list": ["Ash.Policy.Authorizer"]}},
      {"op": "insert_section", "code": "policies do\n  policy always() do\n    authorize_if always()\n  end\nend"},
      {"op": "add_to_section", "section": "attributes", "entry": "attribute :x, :string"},
      {"op": "replace_use", "from": "Ecto.Repo", "code": "use AshPostgres.Repo, otp_app: :shop"},
      {"op": "add_functions", "code": "def min_pg_version do\n  %Version{major: 16, minor: 0, patch: 0}\nend"}
    ]"#;
    serde_json::from_str(json).unwrap()
}

const TOKENS: &[&str] = &[
    "[",
    "]",
    "{",
    "}",
    "(",
    ")",
    ",",
    " do",
    "\nend",
    " end",
    "do:",
    "#",
    "# c\n",
    "\"",
    "\"\"\"\n",
    "'",
    ":",
    "::",
    "%{",
    "->",
    "fn ",
    "\n",
    "\r\n",
    " ",
    "  ",
    "\t",
    "++",
    "|",
    "\\",
    "@",
    "?",
    "é",
    "\u{feff}",
    "config :shop, ",
    "children = ",
    "scope \"/\", ShopWeb do\n",
    "~H\"\"\"\n",
    "<>",
    "&",
    "=",
];

#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize, usize),
    Duplicate(usize, usize),
    InsertToken(usize, usize),
    InsertByte(usize, u8),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1usize..40).prop_map(|(a, n)| Mutation::Delete(a, n)),
        (any::<usize>(), 1usize..80).prop_map(|(a, n)| Mutation::Duplicate(a, n)),
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(a, t)| Mutation::InsertToken(a, t)),
        (any::<usize>(), any::<u8>()).prop_map(|(a, b)| Mutation::InsertByte(a, b)),
    ]
}

fn mutate(text: &str, mutations: &[Mutation]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for m in mutations {
        let len = bytes.len().max(1);
        match *m {
            Mutation::Delete(a, n) => {
                let a = a % len;
                let b = (a + n).min(bytes.len());
                if a < b {
                    bytes.drain(a..b);
                }
            }
            Mutation::Duplicate(a, n) => {
                let a = a % len;
                let b = (a + n).min(bytes.len());
                if a < b {
                    let chunk = bytes[a..b].to_vec();
                    bytes.splice(b..b, chunk);
                }
            }
            Mutation::InsertToken(a, t) => {
                let a = a % (bytes.len() + 1);
                bytes.splice(a..a, TOKENS[t].bytes());
            }
            Mutation::InsertByte(a, byte) => {
                let a = a % (bytes.len() + 1);
                bytes.insert(a, byte);
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Applies every operation to `text` (each on a fresh parse) and checks
/// the properties.
fn check(text: &str, ops: &[Op]) -> Result<(), TestCaseError> {
    let Ok(doc) = Document::parse(text) else {
        return Ok(());
    };
    drop(doc);
    for op in ops {
        let mut doc = Document::parse(text).unwrap();
        if let Ok(Outcome::Changed(out)) = doc.apply(op) {
            if !matches!(op, Op::ReplaceUse { .. }) {
                prop_assert!(
                    keeps_original(text, &out),
                    "op {:?} changed original text:\n--- input\n{}\n--- output\n{}",
                    op,
                    text,
                    out
                );
            }
            let again = doc.apply(op);
            prop_assert!(
                !matches!(again, Ok(Outcome::Changed(_))),
                "op {:?} is not idempotent:\n--- input\n{}\n--- output\n{}",
                op,
                text,
                out
            );
            prop_assert!(
                Document::parse(out.as_str()).is_ok(),
                "op {:?} turned parsable input into unparsable output:\n--- input\n{}\n--- output\n{}",
                op,
                text,
                out
            );
        }
    }
    Ok(())
}

/// True when the non-whitespace characters of `input` appear in order in
/// `output`: edits only insert (and turn spaces into line breaks).
fn keeps_original(input: &str, output: &str) -> bool {
    let mut out = output.chars().filter(|c| !c.is_whitespace());
    input
        .chars()
        .filter(|c| !c.is_whitespace())
        .all(|c| out.any(|o| o == c))
}

fn config() -> ProptestConfig {
    // PROPTEST_CASES raises the count for a longer local run.
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn mutated_inputs(case in any::<prop::sample::Index>(), mutations in prop::collection::vec(mutation(), 0..6)) {
        let corpus = corpus();
        let (text, ops) = &corpus[case.index(corpus.len())];
        let text = mutate(text, &mutations);
        let mut ops = ops.clone();
        ops.extend(all_ops());
        check(&text, &ops)?;
    }

    #[test]
    fn random_strings(text in "(?s).{0,300}") {
        check(&text, &all_ops())?;
    }

    #[test]
    fn token_soup(parts in prop::collection::vec(0..TOKENS.len(), 0..60)) {
        let text: String = parts.iter().map(|&i| TOKENS[i]).collect();
        check(&text, &all_ops())?;
    }
}
