//! Project defaults in `.scaffold.toml` at the project root.
//!
//! Command-line flags win over these values. `scaffold config get/set/list`
//! edit the file with toml_edit, so comments and layout survive.

use crate::error::{did_you_mean, Error, Result};
use serde::Serialize;
use std::path::Path;
use toml_edit::{value, DocumentMut, Item};

/// File name of the project defaults.
pub const FILE: &str = ".scaffold.toml";

/// The kind of value a key holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One of a fixed set of words.
    Choice(&'static [&'static str]),
    /// true or false.
    Bool,
    /// A path relative to the project.
    Path,
    /// A lowercase Elixir identifier (`author`, `admin`).
    Identifier,
}

impl Kind {
    fn describe(self) -> String {
        match self {
            Kind::Choice(c) => format!("one of {}", c.join(", ")),
            Kind::Bool => "true or false".into(),
            Kind::Path => "a path relative to the project".into(),
            Kind::Identifier => "a lowercase identifier such as `author`".into(),
        }
    }
}

/// Every key `.scaffold.toml` accepts, with its kind and meaning.
pub const KEYS: &[(&str, Kind, &str)] = &[
    (
        "primary_key",
        Kind::Choice(&["uuid_v7", "uuid", "integer"]),
        "primary key of new resources",
    ),
    (
        "data_layer",
        Kind::Choice(&["postgres", "ets", "embedded"]),
        "data layer of new resources",
    ),
    ("tests", Kind::Bool, "generate ExUnit tests"),
    (
        "policies",
        Kind::Bool,
        "generate policies for new resources",
    ),
    (
        "live",
        Kind::Bool,
        "generate LiveView pages for new resources",
    ),
    (
        "templates_dir",
        Kind::Path,
        "template override directory (default .scaffold/templates)",
    ),
    (
        "owner_relationship",
        Kind::Identifier,
        "belongs_to relationship that names a record's owner in policies",
    ),
    (
        "admin_role",
        Kind::Identifier,
        "actor role allowed to write anything in policies",
    ),
];

/// The defaults of a project (every field optional).
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Defaults {
    pub primary_key: Option<String>,
    pub data_layer: Option<String>,
    pub tests: Option<bool>,
    pub policies: Option<bool>,
    pub live: Option<bool>,
    pub templates_dir: Option<String>,
    pub owner_relationship: Option<String>,
    pub admin_role: Option<String>,
}

impl Defaults {
    /// Reads `<root>/.scaffold.toml`; absent file → all defaults unset.
    pub fn load(root: &Path) -> Result<Defaults> {
        match std::fs::read_to_string(root.join(FILE)) {
            Ok(text) => Defaults::parse(&text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Defaults::default()),
            Err(e) => Err(Error::io(root.join(FILE), e)),
        }
    }

    /// Parses and validates the text of a `.scaffold.toml`.
    pub fn parse(text: &str) -> Result<Defaults> {
        let doc = toml_edit::Document::parse(text).map_err(|e: toml_edit::TomlError| {
            let (line, col) = e.span().map(|s| line_col(text, s.start)).unwrap_or((1, 1));
            Error::input(format!("{FILE}:{line}:{col}: {}", e.message()))
        })?;
        let mut d = Defaults::default();
        for (key, item) in doc.iter() {
            let line = doc
                .get_key_value(key)
                .and_then(|(k, _)| k.span())
                .map(|s| line_col(text, s.start).0)
                .unwrap_or(1);
            let kind = kind_of(key).map_err(|e| prefix(e, line))?;
            let raw = item_to_string(item, kind).map_err(|e| prefix(e, line))?;
            let checked = validate(key, kind, &raw).map_err(|e| prefix(e, line))?;
            d.set(key, checked);
        }
        Ok(d)
    }

    fn set(&mut self, key: &str, v: String) {
        let b = v == "true";
        match key {
            "primary_key" => self.primary_key = Some(v),
            "data_layer" => self.data_layer = Some(v),
            "tests" => self.tests = Some(b),
            "policies" => self.policies = Some(b),
            "live" => self.live = Some(b),
            "templates_dir" => self.templates_dir = Some(v),
            "owner_relationship" => self.owner_relationship = Some(v),
            "admin_role" => self.admin_role = Some(v),
            _ => {}
        }
    }

    /// The value of `key` as text (None when unset).
    pub fn get(&self, key: &str) -> Result<Option<String>> {
        kind_of(key)?;
        let b = |v: Option<bool>| v.map(|b| b.to_string());
        Ok(match key {
            "primary_key" => self.primary_key.clone(),
            "data_layer" => self.data_layer.clone(),
            "tests" => b(self.tests),
            "policies" => b(self.policies),
            "live" => b(self.live),
            "templates_dir" => self.templates_dir.clone(),
            "owner_relationship" => self.owner_relationship.clone(),
            "admin_role" => self.admin_role.clone(),
            _ => None,
        })
    }
}

/// Returns `text` (the current `.scaffold.toml`, possibly empty) with
/// `key` set to `raw`, keeping every comment and the layout.
pub fn set_in_text(text: &str, key: &str, raw: &str) -> Result<String> {
    let kind = kind_of(key)?;
    let checked = validate(key, kind, raw)?;
    Defaults::parse(text)?;
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| Error::input(format!("{FILE}: {}", e.message())))?;
    let new = match kind {
        Kind::Bool => value(checked == "true"),
        _ => value(checked),
    };
    match doc.get_mut(key) {
        Some(Item::Value(v)) => {
            let decor = v.decor().clone();
            let mut new_v = new.into_value().expect("a value");
            *new_v.decor_mut() = decor;
            *v = new_v;
        }
        _ => doc[key] = new,
    }
    Ok(doc.to_string())
}

fn kind_of(key: &str) -> Result<Kind> {
    KEYS.iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, kind, _)| *kind)
        .ok_or_else(|| {
            let names: Vec<&str> = KEYS.iter().map(|(k, _, _)| *k).collect();
            let hint = match did_you_mean(key, names.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? keys: {}", names.join(", ")),
                None => format!("keys: {}", names.join(", ")),
            };
            Error::input_hint(format!("unknown key `{key}` in {FILE}"), hint)
        })
}

fn item_to_string(item: &Item, kind: Kind) -> Result<String> {
    match (kind, item.as_value()) {
        (Kind::Bool, Some(v)) => v.as_bool().map(|b| b.to_string()).ok_or(()),
        (_, Some(v)) => v.as_str().map(str::to_string).ok_or(()),
        _ => Err(()),
    }
    .map_err(|_| Error::input(format!("expected {}", kind.describe())))
}

fn validate(key: &str, kind: Kind, raw: &str) -> Result<String> {
    let bad = || {
        Error::input_hint(
            format!("`{key}` must be {}, not `{raw}`", kind.describe()),
            format!("scaffold config set {key} VALUE"),
        )
    };
    match kind {
        Kind::Choice(choices) => {
            if choices.contains(&raw) {
                Ok(raw.to_string())
            } else {
                let e = bad();
                Err(match did_you_mean(raw, choices.iter().copied()) {
                    Some(s) => e.with_hint(format!("did you mean `{s}`?")),
                    None => e,
                })
            }
        }
        Kind::Bool => match raw {
            "true" | "false" => Ok(raw.to_string()),
            _ => Err(bad()),
        },
        Kind::Path => {
            let ok = !raw.is_empty()
                && !raw.starts_with('/')
                && !raw.split(['/', '\\']).any(|s| s == "..")
                && !raw.contains('\0');
            if ok {
                Ok(raw.trim_end_matches('/').to_string())
            } else {
                Err(bad())
            }
        }
        Kind::Identifier => {
            let ok = raw.len() <= 63
                && raw.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                && raw
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if ok {
                Ok(raw.to_string())
            } else {
                Err(bad())
            }
        }
    }
}

fn prefix(e: Error, line: usize) -> Error {
    let hint = e.hint();
    let msg = format!("{FILE}:{line}: {e}");
    match hint {
        Some(h) => Error::input_hint(msg, h),
        None => Error::input(msg),
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_validates() {
        let d =
            Defaults::parse("# house rules\nprimary_key = \"integer\"\npolicies = true\n").unwrap();
        assert_eq!(d.primary_key.as_deref(), Some("integer"));
        assert_eq!(d.policies, Some(true));
        let e = Defaults::parse("primary_kee = \"uuid\"\n").unwrap_err();
        assert_eq!(e.code(), 2);
        assert!(
            e.to_string()
                .contains(".scaffold.toml:1: unknown key `primary_kee`"),
            "{e}"
        );
        assert!(e.hint().unwrap().contains("did you mean `primary_key`"));
        let e = Defaults::parse("\ntests = \"yes\"\n").unwrap_err();
        assert!(e.to_string().contains(":2: expected true or false"), "{e}");
        let e = Defaults::parse("primary_key = \"uuid_7\"\n").unwrap_err();
        assert!(e.hint().unwrap().contains("uuid_v7"), "{e:?}");
        assert!(Defaults::parse("templates_dir = \"../x\"\n").is_err());
    }

    #[test]
    fn set_keeps_comments_and_layout() {
        let text = "# defaults for the team\nprimary_key = \"uuid\"   # v4 for now\n\n# roles\nadmin_role = \"admin\"\n";
        let out = set_in_text(text, "primary_key", "integer").unwrap();
        assert_eq!(out, "# defaults for the team\nprimary_key = \"integer\"   # v4 for now\n\n# roles\nadmin_role = \"admin\"\n");
        let out = set_in_text(&out, "live", "true").unwrap();
        assert!(
            out.ends_with("admin_role = \"admin\"\nlive = true\n"),
            "{out}"
        );
        assert!(set_in_text("", "live", "maybe").is_err());
        assert!(set_in_text("", "nope", "1").is_err());
    }
}
