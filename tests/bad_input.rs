//! The bad-input corpus: every line of tests/data/bad_inputs.txt is one
//! invalid invocation. Each must exit with its documented code, print a
//! clear message (checked by substring) on stderr starting with `error:`,
//! never panic, and leave the project tree, and the directory beside it
//! that symlinks point into, byte-identical (file modes included).
//!
//! Line format: `FIXTURE[+VARIANT] | CODE | EXPECTED MESSAGE PART | ARG ARG ...`
//!
//! Arguments are split on whitespace. Inside an argument `\s` is a space,
//! `\n` a newline, `\t` a tab, `\u{XXXX}` the character U+XXXX (for
//! invisible characters) and `@rep(N,TEXT)` TEXT repeated N times. Lines
//! starting with `#` and blank lines are skipped.
//!
//! A variant changes the fresh copy of the fixture before the cases run
//! (see [`prepare`]): symlinks out of the project, read-only files, a
//! planted journal entry that points outside, unreadable configuration.
//! The copy lives at `<tmp>/project`, next to `<tmp>/outside`.
//!
//! `BAD_INPUT_PRINT=1 cargo test --test bad_input -- --nocapture` prints
//! what every case actually did, for writing new lines.
mod common;

use assert_fs::prelude::*;
use assert_fs::TempDir;
use common::project::tree_entries;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

struct Case {
    line: usize,
    fixture: String,
    code: i32,
    expect: String,
    args: Vec<String>,
}

fn cases() -> Vec<Case> {
    let text = include_str!("data/bad_inputs.txt");
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let parts: Vec<&str> = line.splitn(4, " | ").collect();
        assert_eq!(parts.len(), 4, "line {}: malformed: {raw}", i + 1);
        out.push(Case {
            line: i + 1,
            fixture: parts[0].trim().to_string(),
            code: parts[1]
                .trim()
                .parse()
                .unwrap_or_else(|_| panic!("line {}: bad code", i + 1)),
            expect: unescape(parts[2].trim()),
            args: parts[3].split_whitespace().map(unescape).collect(),
        });
    }
    out
}

/// Expands the escapes of the corpus format (see the module docs).
fn unescape(arg: &str) -> String {
    let mut arg = arg.to_string();
    while let Some(start) = arg.find("@rep(") {
        let end = start + arg[start..].find(')').expect("@rep( is closed");
        let inner = &arg[start + 5..end];
        let (n, text) = inner.split_once(',').expect("@rep(N,TEXT)");
        let n: usize = n.parse().expect("@rep count");
        arg.replace_range(start..=end, &text.repeat(n));
    }
    let mut out = String::new();
    let mut chars = arg.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.peek() {
            Some('s') => {
                chars.next();
                out.push(' ');
            }
            Some('n') => {
                chars.next();
                out.push('\n');
            }
            Some('t') => {
                chars.next();
                out.push('\t');
            }
            Some('u') => {
                chars.next();
                assert_eq!(chars.next(), Some('{'), "\\u{{XXXX}}");
                let hex: String = chars.by_ref().take_while(|&c| c != '}').collect();
                let code = u32::from_str_radix(&hex, 16).expect("hex code point");
                out.push(char::from_u32(code).expect("a character"));
            }
            _ => out.push('\\'),
        }
    }
    out
}

/// A fixture copy at `<tmp>/project` with `<tmp>/outside` beside it.
struct Env {
    tmp: TempDir,
}

impl Env {
    fn project(&self) -> PathBuf {
        self.tmp.path().join("project")
    }

    fn outside(&self) -> PathBuf {
        self.tmp.path().join("outside")
    }

    /// Everything under `<tmp>`: paths, contents, symlink targets and
    /// permission bits.
    fn snapshot(&self) -> Vec<(String, Vec<u8>, u32)> {
        tree_entries(self.tmp.path())
            .into_iter()
            .map(|(p, bytes)| {
                let full = self.tmp.path().join(p.trim_end_matches(['/', '@']));
                let mode = std::fs::symlink_metadata(&full)
                    .map(|m| mode_of(&m))
                    .unwrap_or(0);
                (p, bytes, mode)
            })
            .collect()
    }
}

#[cfg(unix)]
fn mode_of(m: &std::fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    m.permissions().mode()
}

#[cfg(not(unix))]
fn mode_of(_m: &std::fs::Metadata) -> u32 {
    0
}

fn setup(spec: &str) -> Env {
    let (fixture, variant) = match spec.split_once('+') {
        Some((f, v)) => (f, Some(v)),
        None => (spec, None),
    };
    let tmp = TempDir::new().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture);
    tmp.child("project")
        .copy_from(&src, &["**/*", "**/.*", "**/.*/**"])
        .unwrap();
    let outside = tmp.child("outside");
    outside.create_dir_all().unwrap();
    outside
        .child("keep.txt")
        .write_str("outside the project\n")
        .unwrap();
    let env = Env { tmp };
    if let Some(v) = variant {
        prepare(&env, v);
    }
    env
}

/// Moves `rel` (a file or directory of the project) to `outside/<name>`
/// and leaves a symlink to it in its place.
#[cfg(unix)]
fn move_out(env: &Env, rel: &str, name: &str) {
    let inside = env.project().join(rel);
    let target = env.outside().join(name);
    if inside.exists() {
        std::fs::rename(&inside, &target).unwrap();
    } else {
        std::fs::create_dir_all(&target).unwrap();
    }
    std::fs::create_dir_all(inside.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(&target, &inside).unwrap();
}

#[cfg(unix)]
fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// The fixture variants.
#[cfg(unix)]
fn prepare(env: &Env, variant: &str) {
    let p = env.project();
    match variant {
        // Symlinks that lead out of the project.
        "symlink_lib" => move_out(env, "lib/shop", "shop"),
        "symlink_test" => move_out(env, "test", "test"),
        "symlink_migrations" => move_out(env, "priv/repo/migrations", "migrations"),
        "symlink_router" => move_out(env, "lib/shop_web/router.ex", "router.ex"),
        "symlink_config" => move_out(env, "config/config.exs", "config.exs"),
        "symlink_mix" => move_out(env, "mix.exs", "mix.exs"),
        "symlink_journal" => move_out(env, ".scaffold/journal", "journal"),
        "symlink_templates" => move_out(env, ".scaffold/templates", "templates"),
        "symlink_toml" => {
            let target = env.outside().join("scaffold.toml");
            std::fs::write(&target, "tests = true\n").unwrap();
            std::os::unix::fs::symlink(&target, p.join(".scaffold.toml")).unwrap();
        }
        "symlink_components" => move_out(env, "lib/shop_web/components", "components"),
        "dangling_blog" => {
            std::os::unix::fs::symlink(env.outside().join("missing"), p.join("lib/shop/blog"))
                .unwrap();
        }
        // Files and folders marked read-only.
        "readonly_router" => chmod(&p.join("lib/shop_web/router.ex"), 0o444),
        "readonly_config" => chmod(&p.join("config/config.exs"), 0o444),
        "readonly_application" => chmod(&p.join("lib/shop/application.ex"), 0o444),
        "readonly_mix" => chmod(&p.join("mix.exs"), 0o444),
        "readonly_lib" => chmod(&p.join("lib/shop"), 0o555),
        "readonly_test" => chmod(&p.join("test/shop_web"), 0o555),
        // Files scaffold reads but cannot use.
        "bad_toml" => std::fs::write(p.join(".scaffold.toml"), "primary_key = \n[[").unwrap(),
        "toml_bad_value" => {
            std::fs::write(p.join(".scaffold.toml"), "primary_key = \"serial\"\n").unwrap()
        }
        "binary_router" => {
            let mut bytes = std::fs::read(p.join("lib/shop_web/router.ex")).unwrap();
            bytes.extend_from_slice(b"# \xff\xfe\n");
            std::fs::write(p.join("lib/shop_web/router.ex"), bytes).unwrap();
        }
        "binary_application" => {
            let mut bytes = std::fs::read(p.join("lib/shop/application.ex")).unwrap();
            bytes.splice(0..0, b"# \xc3\x28\n".iter().copied());
            std::fs::write(p.join("lib/shop/application.ex"), bytes).unwrap();
        }
        "dir_application" => {
            std::fs::remove_file(p.join("lib/shop/application.ex")).unwrap();
            std::fs::create_dir(p.join("lib/shop/application.ex")).unwrap();
        }
        "empty_mix" => std::fs::write(p.join("mix.exs"), "").unwrap(),
        // Spec files for `scaffold apply`, each with one kind of mistake.
        "specs" => {
            for (name, text) in SPECS {
                std::fs::write(p.join(name), text).unwrap();
            }
            std::fs::write(p.join("binary.toml"), b"\xff\xfe[[resource]]\n").unwrap();
        }
        // A journal entry left "pending" whose paths escape the project:
        // recovering it must not write outside.
        "hostile_journal" => {
            let dir = p.join(".scaffold/journal");
            std::fs::create_dir_all(&dir).unwrap();
            let entry = serde_json::json!({
                "id": "000000000000001-1",
                "command": "scaffold genserver X",
                "kind": "apply",
                "state": "pending",
                "dirs": ["../outside/made"],
                "files": [{
                    "path": "../outside/keep.txt",
                    "action": "modify",
                    "before": "overwritten\n",
                    "after_hash": hex_sha256(b"outside the project\n"),
                }]
            });
            std::fs::write(dir.join("000000000000001-1.json"), entry.to_string()).unwrap();
        }
        "hostile_journal_abs" => {
            let dir = p.join(".scaffold/journal");
            std::fs::create_dir_all(&dir).unwrap();
            let victim = env.outside().join("keep.txt");
            let entry = serde_json::json!({
                "id": "000000000000001-1",
                "command": "scaffold genserver X",
                "kind": "apply",
                "state": "complete",
                "files": [{
                    "path": victim.display().to_string(),
                    "action": "create",
                    "before": null,
                    "after_hash": hex_sha256(b"outside the project\n"),
                }]
            });
            std::fs::write(dir.join("000000000000001-1.json"), entry.to_string()).unwrap();
        }
        other => panic!("unknown fixture variant `{other}`"),
    }
}

/// The spec files of the `specs` variant.
const SPECS: &[(&str, &str)] = &[
    ("bad_toml.toml", "module = \n[["),
    ("unknown_table.toml", "[[resources]]\nmodule = \"Blog.Post\"\n"),
    ("not_array.toml", "[resource]\nmodule = \"Blog.Post\"\n"),
    ("bad_field.toml", "[[resource]]\nmodule = \"Blog.Post\"\nfields = [\"title:strng\"]\n"),
    (
        "dup_module.toml",
        "[[resource]]\nmodule = \"Blog.Post\"\nfields = [\"title:string\"]\n\n[[resource]]\nmodule = \"Blog.Post\"\nfields = [\"body:text\"]\n",
    ),
    ("empty.toml", ""),
    ("comment_only.toml", "# nothing here\n"),
    ("missing_module.toml", "[[resource]]\nfields = [\"title:string\"]\n"),
    ("wrong_type.toml", "[[resource]]\nmodule = \"Blog.Post\"\nfields = \"title:string\"\n"),
    ("unknown_key.toml", "[[resource]]\nmodule = \"Blog.Post\"\nfeilds = [\"title:string\"]\n"),
    ("bad_bool.toml", "[[resource]]\nmodule = \"Blog.Post\"\nno_test = \"yes\"\n"),
    (
        "injection.toml",
        "[[resource]]\nmodule = \"Blog.Post\"\nfields = [\"title:string:default=\\\"\\\\\\\"); System.halt()\\\"\", \"views:integer:default=1);System.halt(\"]\n",
    ),
    (
        "cycle.toml",
        "[[resource]]\nmodule = \"Blog.A\"\nfields = [\"b:belongs_to:Blog.B:required\"]\n\n[[resource]]\nmodule = \"Blog.B\"\nfields = [\"a:belongs_to:Blog.A:required\"]\n",
    ),
    ("missing_target.toml", "[[resource]]\nmodule = \"Blog.Post\"\nfields = [\"author:belongs_to:Accounts.User\"]\n"),
    ("bad_genserver.toml", "[[genserver]]\nmodule = \"Cache.Warmer\"\nevery = -1\n"),
    ("bad_calls.toml", "[[genserver]]\nmodule = \"Cache.Warmer\"\ncalls = [\"fetch-all\"]\n"),
    ("bad_component.toml", "[[component]]\nmodule = \"Ui.Card\"\nattrs = [\"title:string:required:default=x\"]\n"),
    ("bad_migration.toml", "[[migration]]\nname = \"CreateTags\"\nops = [\"name:string\"]\n"),
    ("bad_live.toml", "[[live]]\nresource = \"Blog.Nope\"\n"),
    ("bad_policy.toml", "[[policy]]\nmodule = \"Blog.Nope\"\n"),
    ("bad_supervisor.toml", "[[supervisor]]\nmodule = \"Pipeline\"\nstrategy = \"simple\"\n"),
    ("lookalike.toml", "[[resource]]\nmodule = \"Blog.P\u{43E}st\"\n"),
    (
        "two_problems.toml",
        "[[resource]]\nmodule = \"blog.post\"\n\n[[genserver]]\nmodule = \"Cache.Warmer\"\ncalls = [\"end\"]\n",
    ),
    (
        "ecto_table.toml",
        "[[resource]]\nmodule = \"Blog.Post\"\nfields = [\"title:string\"]\ntable = \"schema_migrations\"\n",
    ),
];

#[cfg(not(unix))]
fn prepare(_env: &Env, variant: &str) {
    panic!("fixture variant `{variant}` needs Unix");
}

fn hex_sha256(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    format!("{:x}", Sha256::digest(bytes))
}

/// Gives write permission back so the temporary directory can be removed.
#[cfg(unix)]
fn unlock(root: &Path) {
    use std::os::unix::fs::PermissionsExt;
    for (p, _) in tree_entries(root) {
        if p.ends_with('@') {
            continue;
        }
        let full = root.join(p.trim_end_matches('/'));
        if let Ok(m) = std::fs::metadata(&full) {
            let mode = m.permissions().mode();
            let _ = std::fs::set_permissions(&full, std::fs::Permissions::from_mode(mode | 0o200));
        }
    }
}

#[cfg(not(unix))]
fn unlock(_root: &Path) {}

#[test]
fn every_bad_invocation_is_refused_cleanly() {
    let cases = cases();
    let print = std::env::var("BAD_INPUT_PRINT").is_ok_and(|v| v == "1");
    let mut envs: BTreeMap<String, Env> = BTreeMap::new();
    let mut failures = Vec::new();
    for case in &cases {
        let env = envs
            .entry(case.fixture.clone())
            .or_insert_with(|| setup(&case.fixture));
        let before = env.snapshot();
        let out = Command::new(env!("CARGO_BIN_EXE_scaffold"))
            .current_dir(env.project())
            .env("NO_COLOR", "1")
            .env("SOURCE_DATE_EPOCH", "1795000000")
            .args(&case.args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let code = out.status.code().unwrap_or(-1);
        if print {
            println!(
                "line {} [{code}] {} | {}\n    {}",
                case.line,
                case.fixture,
                case.args.join(" "),
                stderr.trim().replace('\n', "\n    ")
            );
        }
        let mut problems = Vec::new();
        if code != case.code {
            problems.push(format!("exit {code}, expected {}", case.code));
        }
        if !stderr.contains(&case.expect) {
            problems.push(format!("stderr lacks {:?}", case.expect));
        }
        if !stderr.trim_start().starts_with("error:") {
            problems.push("stderr does not start with `error:`".to_string());
        }
        if stderr.contains("panicked") || stderr.contains("RUST_BACKTRACE") {
            problems.push("panicked".to_string());
        }
        let after = env.snapshot();
        if after != before {
            let changed: Vec<&str> = after
                .iter()
                .filter(|e| !before.contains(e))
                .chain(before.iter().filter(|e| !after.contains(e)))
                .map(|(p, _, _)| p.as_str())
                .collect();
            problems.push(format!("the tree changed: {changed:?}"));
            // Start the next cases of this fixture from a clean copy.
            unlock(env.tmp.path());
            *env = setup(&case.fixture);
        }
        if !problems.is_empty() {
            failures.push(format!(
                "line {}: [{}] scaffold {}\n    {}\n    stderr: {}",
                case.line,
                case.fixture,
                case.args.join(" "),
                problems.join("; "),
                stderr.trim()
            ));
        }
    }
    for env in envs.values() {
        unlock(env.tmp.path());
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn corpus_is_large_enough_and_covers_every_command() {
    let cases = cases();
    assert!(cases.len() >= 220, "only {} cases", cases.len());
    let commands = [
        "info",
        "templates",
        "config",
        "undo",
        "history",
        "init",
        "ash-resource",
        "ash-policy",
        "migration",
        "genserver",
        "supervisor",
        "live-component",
        "live",
        "new",
        "demo",
        "doctor",
        "apply",
        "completions",
        "wizard",
    ];
    for cmd in commands {
        let n = cases
            .iter()
            .filter(|c| c.args.iter().any(|a| a == cmd))
            .count();
        assert!(n >= 1, "no case for `{cmd}`");
    }
    // Every variant is used, and every line is distinct.
    let mut seen = std::collections::HashSet::new();
    for c in &cases {
        let key = format!("{}|{}", c.fixture, c.args.join("\u{0}"));
        assert!(seen.insert(key), "line {}: duplicate case", c.line);
    }
}

#[test]
fn corpus_escapes() {
    assert_eq!(unescape("a\\sb"), "a b");
    assert_eq!(unescape("x\\u{200B}y"), "x\u{200B}y");
    assert_eq!(unescape("@rep(3,ab)c"), "abababc");
    assert_eq!(unescape("a\\\"b"), "a\\\"b");
    assert_eq!(unescape("l1\\nl2\\t"), "l1\nl2\t");
}
