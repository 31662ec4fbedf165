//! "Every option a command takes has the same name as a key" in a spec
//! file, checked against clap itself: for every table, the keys are the
//! command's argument ids, a table with every key means exactly what the
//! command line with every option means, and a table with only the
//! required keys gets the command's defaults.

use clap::{ArgAction, Args};
use scaffold::cli::ash::{AshPolicyArgs, AshResourceArgs};
use scaffold::cli::live::{LiveArgs, LiveComponentArgs};
use scaffold::cli::migration::MigrationArgs;
use scaffold::cli::otp::{GenServerArgs, SupervisorArgs};
use scaffold::spec::file::{EntryArgs, EntryKind, SpecFile};
use std::any::TypeId;
use std::collections::BTreeSet;
use std::fmt::Debug;

/// The command line and the TOML table that say the same thing, for `A`.
/// `full`: every argument; otherwise only the required ones.
fn both_forms<A: Args>(table: &str, full: bool) -> (Vec<String>, String) {
    let cmd = A::augment_args(clap::Command::new("x"));
    let mut argv = vec!["x".to_string()];
    let mut toml = format!("[[{table}]]\n");
    for arg in cmd
        .get_arguments()
        .filter(|a| !matches!(a.get_id().as_str(), "help" | "version"))
    {
        let id = arg.get_id().as_str();
        if !full && !arg.is_required_set() {
            continue;
        }
        let numeric = arg.get_value_parser().type_id() == TypeId::of::<u64>();
        match (arg.get_long(), arg.get_action()) {
            (None, ArgAction::Append) => {
                argv.extend(["title:string".to_string(), "body:text".to_string()]);
                toml.push_str(&format!("{id} = [\"title:string\", \"body:text\"]\n"));
            }
            (None, _) => {
                argv.push("Blog.Post".into());
                toml.push_str(&format!("{id} = \"Blog.Post\"\n"));
            }
            (Some(long), ArgAction::SetTrue) => {
                argv.push(format!("--{long}"));
                toml.push_str(&format!("{id} = true\n"));
            }
            (Some(long), ArgAction::Append) => {
                for v in ["alpha", "beta"] {
                    argv.extend([format!("--{long}"), v.to_string()]);
                }
                toml.push_str(&format!("{id} = [\"alpha\", \"beta\"]\n"));
            }
            (Some(long), _) if numeric => {
                argv.extend([format!("--{long}"), "5".to_string()]);
                toml.push_str(&format!("{id} = 5\n"));
            }
            (Some(long), _) => {
                argv.extend([format!("--{long}"), "value".to_string()]);
                toml.push_str(&format!("{id} = \"value\"\n"));
            }
        }
    }
    (argv, toml)
}

fn check<A: Args + Debug>(kind: EntryKind, extract: fn(&EntryArgs) -> Option<&A>) {
    // The keys are the argument ids.
    let clap_ids: BTreeSet<String> = kind.clap_keys().into_iter().map(|k| k.id).collect();
    let keys: BTreeSet<String> = kind.keys().iter().map(|k| k.to_string()).collect();
    assert_eq!(
        keys,
        clap_ids,
        "[[{}]] keys vs `scaffold {}` arguments",
        kind.table(),
        kind.command()
    );

    for full in [true, false] {
        let (argv, toml) = both_forms::<A>(kind.table(), full);
        let cmd = A::augment_args(clap::Command::new("x"));
        let matches = cmd
            .try_get_matches_from(&argv)
            .unwrap_or_else(|e| panic!("{argv:?}: {e}"));
        let from_cli = A::from_arg_matches(&matches).unwrap();
        let file = SpecFile::parse("t.toml", &toml);
        assert!(file.errors.is_empty(), "{toml}\n{:?}", file.errors);
        let entry = &file.entries[0];
        assert!(entry.complete);
        let from_toml = extract(&entry.args).unwrap_or_else(|| panic!("{toml}: wrong kind"));
        assert_eq!(
            format!("{from_toml:?}"),
            format!("{from_cli:?}"),
            "{toml}\nvs {argv:?}"
        );
    }
}

#[test]
fn every_table_takes_its_commands_arguments() {
    check::<AshResourceArgs>(EntryKind::Resource, |a| match a {
        EntryArgs::Resource(x) => Some(x),
        _ => None,
    });
    check::<AshPolicyArgs>(EntryKind::Policy, |a| match a {
        EntryArgs::Policy(x) => Some(x),
        _ => None,
    });
    check::<MigrationArgs>(EntryKind::Migration, |a| match a {
        EntryArgs::Migration(x) => Some(x),
        _ => None,
    });
    check::<SupervisorArgs>(EntryKind::Supervisor, |a| match a {
        EntryArgs::Supervisor(x) => Some(x),
        _ => None,
    });
    check::<GenServerArgs>(EntryKind::GenServer, |a| match a {
        EntryArgs::GenServer(x) => Some(x),
        _ => None,
    });
    check::<LiveComponentArgs>(EntryKind::Component, |a| match a {
        EntryArgs::Component(x) => Some(x),
        _ => None,
    });
    check::<LiveArgs>(EntryKind::Live, |a| match a {
        EntryArgs::Live(x) => Some(x),
        _ => None,
    });
}

#[test]
fn each_table_stands_for_a_real_subcommand() {
    use clap::CommandFactory;
    let cli = scaffold::cli::Cli::command();
    for kind in EntryKind::ALL {
        let sub = cli
            .find_subcommand(kind.command())
            .unwrap_or_else(|| panic!("no `scaffold {}`", kind.command()));
        let ids: BTreeSet<&str> = sub.get_arguments().map(|a| a.get_id().as_str()).collect();
        for key in kind.keys() {
            assert!(
                ids.contains(key),
                "`scaffold {}` has no argument `{key}`",
                kind.command()
            );
        }
    }
}

#[test]
fn the_readme_lists_the_keys_of_every_table() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for kind in EntryKind::ALL {
        let start = format!("| `[[{}]]` | `{}` | ", kind.table(), kind.command());
        let row = readme
            .lines()
            .find_map(|l| l.strip_prefix(start.as_str()))
            .unwrap_or_else(|| panic!("no README row for [[{}]]", kind.table()));
        let listed: Vec<&str> = row
            .trim_end_matches(" |")
            .split(", ")
            .map(|k| k.trim_matches('`'))
            .collect();
        assert_eq!(listed, kind.keys(), "README row of [[{}]]", kind.table());
    }
}
