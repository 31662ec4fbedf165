//! Spec files: a whole domain model in one TOML file, for
//! `scaffold apply FILE.toml`.
//!
//! Every table is one command: `[[resource]]` is `scaffold ash-resource`,
//! `[[policy]]` `scaffold ash-policy`, `[[migration]]`, `[[genserver]]`,
//! `[[supervisor]]`, `[[component]]` (`scaffold live-component`) and
//! `[[live]]`. A table is deserialized into the very argument struct the
//! command parses (`crate::cli::ash::AshResourceArgs`, ...), so its keys
//! are the command's argument names by construction: positionals by their
//! name (`module`, `fields`, `name`, `ops`, `resource`), options by their
//! field name (`primary_key`, `no_test`, `calls` for the repeatable
//! `--call`). Field strings are the command-line field syntax.
//!
//! Parsing never stops at the first problem: every unknown table or key,
//! missing required key and ill-typed value is collected as a
//! [`SpecError`] with its line and column (a key's problem points at its
//! value; a bad element of `fields = [...]` can be pointed at by
//! [`Entry::pos_of_item`]). The generator adds its own findings to the
//! same list and reports them together with [`into_error`].

mod keys;

pub use keys::{clap_keys, struct_fields, ClapKey};

use std::fmt;
use std::ops::Range;
use std::path::Path;

use serde::de::{DeserializeOwned, IntoDeserializer};
use toml_edit::{Item, Table, Value};

use crate::cli::ash::{AshPolicyArgs, AshResourceArgs};
use crate::cli::live::{LiveArgs, LiveComponentArgs};
use crate::cli::migration::MigrationArgs;
use crate::cli::otp::{GenServerArgs, SupervisorArgs};
use crate::error::{did_you_mean, Error, Result};

/// The kinds of table a spec file holds, one per command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntryKind {
    /// `[[resource]]`: `scaffold ash-resource`.
    Resource,
    /// `[[policy]]`: `scaffold ash-policy`.
    Policy,
    /// `[[migration]]`: `scaffold migration`.
    Migration,
    /// `[[supervisor]]`: `scaffold supervisor`.
    Supervisor,
    /// `[[genserver]]`: `scaffold genserver`.
    GenServer,
    /// `[[component]]`: `scaffold live-component`.
    Component,
    /// `[[live]]`: `scaffold live`.
    Live,
}

impl EntryKind {
    /// Every kind, in the order the tables are documented.
    pub const ALL: [EntryKind; 7] = [
        EntryKind::Resource,
        EntryKind::Policy,
        EntryKind::Migration,
        EntryKind::Supervisor,
        EntryKind::GenServer,
        EntryKind::Component,
        EntryKind::Live,
    ];

    /// The table name: `resource`.
    pub fn table(self) -> &'static str {
        match self {
            EntryKind::Resource => "resource",
            EntryKind::Policy => "policy",
            EntryKind::Migration => "migration",
            EntryKind::Supervisor => "supervisor",
            EntryKind::GenServer => "genserver",
            EntryKind::Component => "component",
            EntryKind::Live => "live",
        }
    }

    /// The command the table stands for: `ash-resource`.
    pub fn command(self) -> &'static str {
        match self {
            EntryKind::Resource => "ash-resource",
            EntryKind::Policy => "ash-policy",
            EntryKind::Migration => "migration",
            EntryKind::Supervisor => "supervisor",
            EntryKind::GenServer => "genserver",
            EntryKind::Component => "live-component",
            EntryKind::Live => "live",
        }
    }

    /// The keys the table accepts (the fields of the command's arguments).
    pub fn keys(self) -> &'static [&'static str] {
        match self {
            EntryKind::Resource => struct_fields::<AshResourceArgs>(),
            EntryKind::Policy => struct_fields::<AshPolicyArgs>(),
            EntryKind::Migration => struct_fields::<MigrationArgs>(),
            EntryKind::Supervisor => struct_fields::<SupervisorArgs>(),
            EntryKind::GenServer => struct_fields::<GenServerArgs>(),
            EntryKind::Component => struct_fields::<LiveComponentArgs>(),
            EntryKind::Live => struct_fields::<LiveArgs>(),
        }
    }

    /// The command's arguments as clap declares them.
    pub fn clap_keys(self) -> Vec<ClapKey> {
        match self {
            EntryKind::Resource => clap_keys::<AshResourceArgs>(),
            EntryKind::Policy => clap_keys::<AshPolicyArgs>(),
            EntryKind::Migration => clap_keys::<MigrationArgs>(),
            EntryKind::Supervisor => clap_keys::<SupervisorArgs>(),
            EntryKind::GenServer => clap_keys::<GenServerArgs>(),
            EntryKind::Component => clap_keys::<LiveComponentArgs>(),
            EntryKind::Live => clap_keys::<LiveArgs>(),
        }
    }

    fn from_table(name: &str) -> Option<EntryKind> {
        EntryKind::ALL.into_iter().find(|k| k.table() == name)
    }
}

/// The arguments of one table: the command's own argument struct.
#[derive(Debug, Clone)]
pub enum EntryArgs {
    /// `[[resource]]`
    Resource(AshResourceArgs),
    /// `[[policy]]`
    Policy(AshPolicyArgs),
    /// `[[migration]]`
    Migration(MigrationArgs),
    /// `[[supervisor]]`
    Supervisor(SupervisorArgs),
    /// `[[genserver]]`
    GenServer(GenServerArgs),
    /// `[[component]]`
    Component(LiveComponentArgs),
    /// `[[live]]`
    Live(LiveArgs),
}

/// A 1-based line and column (in characters) in the spec file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub col: usize,
}

impl Pos {
    /// The start of the file.
    pub const START: Pos = Pos { line: 1, col: 1 };

    /// The position of byte `offset` of `text`.
    pub fn of(text: &str, offset: usize) -> Pos {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Pos { line, col }
    }
}

/// A spec file's text with its line starts, so that positions are found
/// by a binary search instead of a scan from the start of the file.
struct Source<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> Source<'a> {
    fn new(text: &'a str) -> Source<'a> {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Source { text, line_starts }
    }

    /// The position of byte `offset` (as [`Pos::of`]).
    fn pos(&self, offset: usize) -> Pos {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        Pos {
            line,
            col: self.text[start..offset].chars().count() + 1,
        }
    }
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// One table of the spec file.
#[derive(Debug, Clone)]
pub struct Entry {
    /// What it is.
    pub kind: EntryKind,
    /// 1-based index among the tables of its kind.
    pub number: usize,
    /// Its arguments.
    pub args: EntryArgs,
    /// Where its `[[...]]` header is.
    pub header: Pos,
    /// False when a key was unknown or ill-typed: `args` then holds the
    /// rest (the bad keys at their defaults), good for finding further
    /// problems but not for generating anything.
    pub complete: bool,
    /// Where each key's value is.
    values: Vec<(String, Pos)>,
    /// Where each element of an array value is.
    items: Vec<(String, Vec<Pos>)>,
}

impl Entry {
    /// The position of `key`'s value, or of the header when the key is
    /// not written.
    pub fn pos_of(&self, key: &str) -> Pos {
        self.values
            .iter()
            .find(|(k, _)| k == key)
            .map_or(self.header, |(_, p)| *p)
    }

    /// The position of element `index` of the array `key`, or of the key.
    pub fn pos_of_item(&self, key: &str, index: usize) -> Pos {
        self.items
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| v.get(index).copied())
            .unwrap_or_else(|| self.pos_of(key))
    }

    /// Whether the table writes `key`.
    pub fn has_key(&self, key: &str) -> bool {
        self.values.iter().any(|(k, _)| k == key)
    }

    /// `[[resource]] #2`, for messages.
    pub fn label(&self) -> String {
        format!("[[{}]] #{}", self.kind.table(), self.number)
    }
}

/// A problem in the spec file, at a position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    /// Where.
    pub pos: Pos,
    /// What is wrong.
    pub message: String,
    /// What to do, when there is something to say.
    pub hint: Option<String>,
}

impl SpecError {
    /// A problem without a hint.
    pub fn new(pos: Pos, message: impl Into<String>) -> SpecError {
        SpecError {
            pos,
            message: message.into(),
            hint: None,
        }
    }

    /// A problem with a hint.
    pub fn hint(pos: Pos, message: impl Into<String>, hint: impl Into<String>) -> SpecError {
        SpecError {
            pos,
            message: message.into(),
            hint: Some(hint.into()),
        }
    }

    /// The message and hint of a crate error, at `pos`, with command-line
    /// flags (`--no-test`) reworded as the keys of `kind`'s table.
    pub fn from_error(pos: Pos, kind: EntryKind, e: &Error) -> SpecError {
        let message = match e {
            Error::Manual {
                file, line, why, ..
            } => format!("{file}:{line}: {why}"),
            other => other.to_string(),
        };
        SpecError {
            pos,
            message: as_keys(&message, kind),
            hint: e.hint().map(|h| as_keys(&h, kind)),
        }
    }
}

/// A parsed spec file: the entries that deserialized, and every problem
/// found so far.
#[derive(Debug, Clone)]
pub struct SpecFile {
    /// The file as named on the command line (for messages).
    pub name: String,
    /// The tables, in file order.
    pub entries: Vec<Entry>,
    /// Problems found while reading the tables.
    pub errors: Vec<SpecError>,
}

impl SpecFile {
    /// Reads and parses the spec file at `path`.
    pub fn read(path: &Path) -> Result<SpecFile> {
        let name = path.display().to_string();
        if path.is_dir() {
            return Err(Error::input_hint(
                format!("{name}: is a directory, not a spec file"),
                "give the path of a TOML spec file, e.g. `scaffold apply shop.toml`",
            ));
        }
        let text = match std::fs::read(path) {
            Ok(bytes) => String::from_utf8(bytes)
                .map_err(|_| Error::input(format!("{name}: not valid UTF-8")))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::input_hint(
                    format!("{name}: no such file"),
                    "give the path of a TOML spec file, e.g. `scaffold apply shop.toml`",
                ))
            }
            Err(e) => return Err(Error::io(path, e)),
        };
        Ok(SpecFile::parse(&name, &text))
    }

    /// Parses `text` (the spec file called `name`).
    pub fn parse(name: &str, text: &str) -> SpecFile {
        let src = Source::new(text);
        let mut file = SpecFile {
            name: name.to_string(),
            entries: Vec::new(),
            errors: Vec::new(),
        };
        let doc = match toml_edit::Document::parse(text.to_string()) {
            Ok(doc) => doc,
            Err(e) => {
                let pos = e.span().map_or(Pos::START, |s| src.pos(s.start));
                let message = e.message().trim().to_string();
                file.errors
                    .push(SpecError::new(pos, format!("invalid TOML: {message}")));
                return file;
            }
        };
        let root = doc.as_table();
        for (name, item) in root.iter() {
            let key_pos = root
                .get_key_value(name)
                .and_then(|(k, _)| k.span())
                .map_or(Pos::START, |s| src.pos(s.start));
            let Some(kind) = EntryKind::from_table(name) else {
                let tables: Vec<&str> = EntryKind::ALL.iter().map(|k| k.table()).collect();
                let hint = match did_you_mean(name, tables.iter().copied()) {
                    Some(s) => format!("did you mean `[[{s}]]`?"),
                    None => format!("the tables are {}", list_tables()),
                };
                file.errors.push(SpecError::hint(
                    key_pos,
                    format!("unknown table `{name}`"),
                    hint,
                ));
                continue;
            };
            let Some(tables) = item.as_array_of_tables() else {
                file.errors.push(SpecError::hint(
                    key_pos,
                    format!("`{name}` must be an array of tables"),
                    format!("write each one as `[[{name}]]` followed by its keys"),
                ));
                continue;
            };
            for (i, table) in tables.iter().enumerate() {
                if let Some(entry) = read_entry(kind, i + 1, table, &src, &mut file.errors) {
                    file.entries.push(entry);
                }
            }
        }
        if file.entries.is_empty() && file.errors.is_empty() {
            file.errors.push(SpecError::hint(
                Pos::START,
                "nothing to apply: the file declares no tables",
                format!("declare what to generate with {}", list_tables()),
            ));
        }
        file.entries.sort_by_key(|e| e.header);
        file
    }

    /// The entries of one kind, in file order.
    pub fn of_kind(&self, kind: EntryKind) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(move |e| e.kind == kind)
    }
}

fn list_tables() -> String {
    let names: Vec<String> = EntryKind::ALL
        .iter()
        .map(|k| format!("[[{}]]", k.table()))
        .collect();
    names.join(", ")
}

/// Turns collected problems into one input error (exit code 2): one line
/// per problem, `FILE:LINE:COL: message`, sorted by position.
pub fn into_error(name: &str, mut errors: Vec<SpecError>) -> Error {
    errors.sort_by(|a, b| a.pos.cmp(&b.pos).then_with(|| a.message.cmp(&b.message)));
    errors.dedup();
    if let [one] = errors.as_slice() {
        let message = format!("{name}:{}: {}", one.pos, one.message);
        return match &one.hint {
            Some(h) => Error::input_hint(message, h.clone()),
            None => Error::input(message),
        };
    }
    let mut message = format!("{name}: {} problems", errors.len());
    for e in &errors {
        message.push_str(&format!("\n{name}:{}: {}", e.pos, e.message));
        if let Some(h) = &e.hint {
            message.push_str(&format!(" ({h})"));
        }
    }
    Error::input_hint(
        message,
        "nothing was written; fix them and run the command again",
    )
}

/// Deserializes one table into its command's arguments, recording every
/// problem. `None` when not even the required keys are there.
fn read_entry(
    kind: EntryKind,
    number: usize,
    table: &Table,
    src: &Source<'_>,
    errors: &mut Vec<SpecError>,
) -> Option<Entry> {
    let header = table.span().map_or(Pos::START, |s| src.pos(s.start));
    let mut values = Vec::new();
    let mut items = Vec::new();
    for (key, item) in table.iter() {
        let pos = item
            .span()
            .or_else(|| table.get_key_value(key).and_then(|(k, _)| k.span()))
            .map_or(header, |s| src.pos(s.start));
        values.push((key.to_string(), pos));
        if let Some(array) = item.as_array() {
            let positions = array
                .iter()
                .map(|v| v.span().map_or(pos, |s| src.pos(s.start)))
                .collect();
            items.push((key.to_string(), positions));
        }
    }
    let args = match kind {
        EntryKind::Resource => read_args::<AshResourceArgs>(kind, table, src, header, errors)
            .map(|(a, c)| (EntryArgs::Resource(a), c)),
        EntryKind::Policy => read_args::<AshPolicyArgs>(kind, table, src, header, errors)
            .map(|(a, c)| (EntryArgs::Policy(a), c)),
        EntryKind::Migration => read_args::<MigrationArgs>(kind, table, src, header, errors)
            .map(|(a, c)| (EntryArgs::Migration(a), c)),
        EntryKind::Supervisor => read_args::<SupervisorArgs>(kind, table, src, header, errors)
            .map(|(a, c)| (EntryArgs::Supervisor(a), c)),
        EntryKind::GenServer => read_args::<GenServerArgs>(kind, table, src, header, errors)
            .map(|(a, c)| (EntryArgs::GenServer(a), c)),
        EntryKind::Component => read_args::<LiveComponentArgs>(kind, table, src, header, errors)
            .map(|(a, c)| (EntryArgs::Component(a), c)),
        EntryKind::Live => read_args::<LiveArgs>(kind, table, src, header, errors)
            .map(|(a, c)| (EntryArgs::Live(a), c)),
    }?;
    let (args, complete) = args;
    Some(Entry {
        kind,
        number,
        args,
        header,
        complete,
        values,
        items,
    })
}

/// Deserializes `table` into `T`, reporting unknown keys, missing
/// required keys and every ill-typed value (each at its own position).
/// Returns the arguments from the good keys and whether all were good;
/// `None` when a required key is missing.
fn read_args<T: DeserializeOwned>(
    kind: EntryKind,
    table: &Table,
    src: &Source<'_>,
    header: Pos,
    errors: &mut Vec<SpecError>,
) -> Option<(T, bool)> {
    let fields = kind.keys();
    let clap = kind.clap_keys();
    let mut ok = true;
    let mut known = table.clone();
    for (key, _) in table.iter() {
        if fields.contains(&key) {
            continue;
        }
        ok = false;
        known.remove(key);
        let pos = table
            .get_key_value(key)
            .and_then(|(k, _)| k.span())
            .map_or(header, |s| src.pos(s.start));
        errors.push(unknown_key(kind, key, fields, &clap, pos));
    }
    let mut missing = false;
    for required in clap.iter().filter(|k| k.required) {
        if !table.contains_key(&required.id) {
            missing = true;
            errors.push(SpecError::hint(
                header,
                format!("[[{}]] needs `{}`", kind.table(), required.id),
                format!("add `{} = ...` to this table", required.id),
            ));
        }
    }
    // Each failed attempt names one ill-typed value: report it, drop the
    // key and try again, so that every bad value is reported.
    for _ in 0..=table.len() {
        let value = Value::InlineTable(known.clone().into_inline_table());
        match T::deserialize(value.into_deserializer()) {
            Ok(args) => return (!missing).then_some((args, ok)),
            Err(e) => {
                ok = false;
                let key = e.span().and_then(|s| key_at(&known, &s));
                let message = e.message().trim().to_string();
                match key {
                    Some(key) => {
                        let pos = known
                            .get(&key)
                            .and_then(Item::span)
                            .map_or(header, |s| src.pos(s.start));
                        errors.push(SpecError::new(
                            pos,
                            format!("`{key}`: {}", plain_types(&message)),
                        ));
                        known.remove(&key);
                    }
                    None => {
                        errors.push(SpecError::new(header, message));
                        return None;
                    }
                }
            }
        }
    }
    None
}

/// serde's type names in words: `expected u64` → `expected a whole
/// number of at least 0`.
fn plain_types(message: &str) -> String {
    message
        .replace("expected u64", "expected a whole number (0 or more)")
        .replace("expected a boolean", "expected true or false")
        .replace(
            "expected a sequence",
            "expected a list, e.g. [\"a\", \"b\"]",
        )
}

/// The key of `table` whose value (or key) covers `span`.
fn key_at(table: &Table, span: &Range<usize>) -> Option<String> {
    let covers =
        |s: Option<Range<usize>>| s.is_some_and(|s| s.start <= span.start && span.end <= s.end);
    table.iter().find_map(|(k, item)| {
        let key_span = table.get_key_value(k).and_then(|(key, _)| key.span());
        (covers(item.span()) || covers(key_span)).then(|| k.to_string())
    })
}

fn unknown_key(
    kind: EntryKind,
    key: &str,
    fields: &[&str],
    clap: &[ClapKey],
    pos: Pos,
) -> SpecError {
    let table = kind.table();
    let message = format!("unknown key `{key}` in [[{table}]]");
    // Written as on the command line: `--no-test`, `call`, `no-test`.
    let flag = key.trim_start_matches('-');
    if let Some(k) = clap
        .iter()
        .find(|k| k.long.as_deref() == Some(flag) || k.id == flag.replace('-', "_"))
    {
        return SpecError::hint(
            pos,
            message,
            format!(
                "`--{}` is written `{}` here",
                k.long.as_deref().unwrap_or(&k.id),
                k.id
            ),
        );
    }
    let hint = match did_you_mean(key, fields.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("[[{table}]] takes {}", fields.join(", ")),
    };
    SpecError::hint(pos, message, hint)
}

/// Rewords command-line flags in `text` as the keys of `kind`'s table:
/// "pass --no-timestamps" → "set `no_timestamps`".
pub fn as_keys(text: &str, kind: EntryKind) -> String {
    let keys = kind.clap_keys();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("--") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let len = after
            .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
            .unwrap_or(after.len());
        let flag = &after[..len];
        match keys
            .iter()
            .find(|k| !flag.is_empty() && k.long.as_deref() == Some(flag))
        {
            Some(k) => {
                rest = &after[len..];
                if out.ends_with('`') && rest.starts_with('`') {
                    out.push_str(&k.id);
                } else {
                    out.push_str(&format!("`{}`", k.id));
                }
            }
            None => {
                out.push_str("--");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = r#"# the catalog
[[resource]]
module = "Catalog.Product"
fields = ["name:string:required", "category:belongs_to:Catalog.Category"]
policies = true

[[genserver]]
module = "Inventory.Reserver"
calls = ["reserve"]
"#;

    #[test]
    fn tables_become_the_commands_arguments() {
        let file = SpecFile::parse("shop.toml", SPEC);
        assert!(file.errors.is_empty(), "{:?}", file.errors);
        assert_eq!(file.entries.len(), 2);
        assert!(file.entries.iter().all(|e| e.complete));
        let EntryArgs::Resource(r) = &file.entries[0].args else {
            panic!()
        };
        assert_eq!(r.module, "Catalog.Product");
        assert!(r.policies && !r.no_test);
        assert_eq!(file.entries[0].header, Pos { line: 2, col: 1 });
        assert_eq!(file.entries[0].pos_of("module"), Pos { line: 3, col: 10 });
        assert_eq!(
            file.entries[0].pos_of_item("fields", 1),
            Pos { line: 4, col: 35 }
        );
        let EntryArgs::GenServer(g) = &file.entries[1].args else {
            panic!()
        };
        assert_eq!(g.calls, ["reserve"]);
    }

    #[test]
    fn every_problem_is_reported_at_its_place() {
        let text = "[[resource]]\nmodule = \"Blog.Post\"\npolicies = \"yes\"\nno_test = 3\npolices = true\n\n[[genserver]]\ncall = [\"x\"]\n\n[[resorce]]\nmodule = \"X\"\n";
        let file = SpecFile::parse("s.toml", text);
        let got: Vec<String> = file
            .errors
            .iter()
            .map(|e| format!("{} {}", e.pos, e.message))
            .collect();
        // The resource is kept (for further checks) but marked incomplete;
        // the genserver lacks its module and the unknown table is dropped.
        assert_eq!(file.entries.len(), 1);
        assert!(!file.entries[0].complete);
        assert!(
            got.contains(
                &"3:12 `policies`: invalid type: string \"yes\", expected true or false"
                    .to_string()
            ),
            "{got:?}"
        );
        assert!(
            got.iter().any(|g| g.starts_with("4:11 `no_test`:")),
            "{got:?}"
        );
        assert!(
            got.contains(&"5:1 unknown key `polices` in [[resource]]".to_string()),
            "{got:?}"
        );
        assert!(
            got.contains(&"8:1 unknown key `call` in [[genserver]]".to_string()),
            "{got:?}"
        );
        assert!(
            got.contains(&"7:1 [[genserver]] needs `module`".to_string()),
            "{got:?}"
        );
        assert!(
            got.contains(&"10:3 unknown table `resorce`".to_string()),
            "{got:?}"
        );
        let call = file
            .errors
            .iter()
            .find(|e| e.message.contains("`call`"))
            .unwrap();
        assert_eq!(
            call.hint.as_deref(),
            Some("`--call` is written `calls` here")
        );
        let typo = file
            .errors
            .iter()
            .find(|e| e.message.contains("`polices`"))
            .unwrap();
        assert_eq!(typo.hint.as_deref(), Some("did you mean `policies`?"));
    }

    #[test]
    fn syntax_errors_and_empty_files() {
        let file = SpecFile::parse("s.toml", "[[resource]]\nmodule = \"A\nx = 1\n");
        assert_eq!(file.errors.len(), 1);
        assert_eq!(file.errors[0].pos.line, 2, "{:?}", file.errors);
        assert!(file.errors[0].message.starts_with("invalid TOML"));
        let file = SpecFile::parse("s.toml", "# nothing\n");
        assert!(file.errors[0].message.contains("nothing to apply"));
        let file = SpecFile::parse("s.toml", "[resource]\nmodule = \"A\"\n");
        assert!(
            file.errors[0]
                .message
                .contains("must be an array of tables"),
            "{:?}",
            file.errors
        );
    }

    #[test]
    fn flags_are_reworded_as_keys() {
        assert_eq!(
            as_keys("add read to --actions, or drop --live", EntryKind::Resource),
            "add read to `actions`, or drop `live`"
        );
        assert_eq!(
            as_keys("drop `--table`", EntryKind::Resource),
            "drop `table`"
        );
        assert_eq!(as_keys("use --call", EntryKind::GenServer), "use `calls`");
        assert_eq!(
            as_keys("--unknown stays", EntryKind::GenServer),
            "--unknown stays"
        );
    }

    #[test]
    fn errors_are_sorted_one_per_line() {
        let e = into_error(
            "s.toml",
            vec![
                SpecError::new(Pos { line: 9, col: 2 }, "b"),
                SpecError::hint(Pos { line: 3, col: 1 }, "a", "h"),
            ],
        );
        assert_eq!(e.code(), 2);
        assert_eq!(
            e.to_string(),
            "s.toml: 2 problems\ns.toml:3:1: a (h)\ns.toml:9:2: b"
        );
        let one = into_error("s.toml", vec![SpecError::new(Pos { line: 3, col: 1 }, "a")]);
        assert_eq!(one.to_string(), "s.toml:3:1: a");
    }
}
