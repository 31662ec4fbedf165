//! Validated names: Elixir module aliases, snake_case identifiers and
//! table names.
//!
//! Every name that reaches a template went through one of these
//! constructors, so a template never has to wonder which casing a string is
//! in or whether it could break the generated code. The checks are strict on
//! purpose: only ASCII (a Cyrillic `о` in `Pоst` compiles to a different
//! module than `Post` and is invisible in a review), no Elixir reserved
//! words, nothing that clashes with the fields Ash and Ecto put on every
//! record, and nothing longer than PostgreSQL keeps (63 bytes).

use std::fmt;

use heck::{ToSnakeCase, ToUpperCamelCase};
use serde::{Serialize, Serializer};

use crate::error::{Error, Result};

/// Longest module name accepted, in bytes.
pub const MAX_MODULE_LEN: usize = 255;
/// Longest segment of a module name accepted, in bytes.
pub const MAX_SEGMENT_LEN: usize = 64;
/// Longest snake_case identifier accepted: PostgreSQL truncates identifiers
/// longer than 63 bytes, which silently merges distinct names.
pub const MAX_IDENTIFIER_LEN: usize = 63;

/// Words the Elixir parser reserves; none of them may name a field, an
/// action or a resource.
pub const ELIXIR_RESERVED_WORDS: &[&str] = &[
    "true", "false", "nil", "when", "and", "or", "not", "in", "fn", "do", "end", "catch", "rescue",
    "after", "else",
];

/// Struct fields Ash and Ecto add to every record; an attribute or a
/// relationship with one of these names would overwrite them.
pub const ASH_RESERVED_FIELDS: &[&str] = &[
    "aggregates",
    "calculations",
    "__meta__",
    "__metadata__",
    "__order__",
    "__lateral_join_source__",
    "__struct__",
];

const MODULE_FORMS: &str =
    "module names look like `Blog.Post`: dot-separated segments of ASCII letters, digits and \
     underscores, each starting with an uppercase letter";

// ---------------------------------------------------------------------------
// ModuleName
// ---------------------------------------------------------------------------

/// An Elixir module alias such as `Shop.Blog.Post`.
///
/// Each segment matches `[A-Z][A-Za-z0-9_]*` and is at most 64 bytes; the
/// whole name is at most 255 bytes, without the `Elixir.` prefix.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ModuleName(String);

impl ModuleName {
    /// Validates `input` as a module name.
    ///
    /// Errors carry a did-you-mean hint when the input can be fixed
    /// mechanically (`blog.post` → `Blog.Post`, `Blog/Post` → `Blog.Post`,
    /// a Cyrillic `о` → `o`).
    pub fn parse(input: &str) -> Result<Self> {
        check_module(input, true).map(ModuleName)
    }

    /// Builds the base module of an application from its OTP app name
    /// (`my_app` → `MyApp`), like `Macro.camelize/1`.
    pub fn from_app(app: &SnakeName) -> Result<Self> {
        ModuleName::parse(&app.as_str().to_upper_camel_case())
    }

    /// The name as written, e.g. `Shop.Blog.Post`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The dot-separated segments: `["Shop", "Blog", "Post"]`.
    pub fn segments(&self) -> impl Iterator<Item = &str> {
        self.0.split('.')
    }

    /// How many segments the name has.
    pub fn len(&self) -> usize {
        self.segments().count()
    }

    /// Always false: a module name has at least one segment.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The last segment, i.e. the alias: `Post` for `Shop.Blog.Post`.
    pub fn last(&self) -> &str {
        self.0.rsplit('.').next().unwrap_or(&self.0)
    }

    /// The first segment: `Shop` for `Shop.Blog.Post`.
    pub fn first(&self) -> &str {
        self.0.split('.').next().unwrap_or(&self.0)
    }

    /// The enclosing module: `Shop.Blog` for `Shop.Blog.Post`, `None` for a
    /// single segment.
    pub fn parent(&self) -> Option<ModuleName> {
        self.0
            .rsplit_once('.')
            .map(|(parent, _)| ModuleName(parent.to_string()))
    }

    /// `self` followed by `other`: `Shop` + `Blog.Post` → `Shop.Blog.Post`.
    pub fn join(&self, other: &ModuleName) -> Result<ModuleName> {
        ModuleName::parse(&format!("{}.{}", self.0, other.0))
    }

    /// `self` followed by one more segment, validated.
    pub fn child(&self, segment: &str) -> Result<ModuleName> {
        ModuleName::parse(&format!("{}.{segment}", self.0))
    }

    /// Whether `self` is `prefix` or nested inside it (segment-wise, so
    /// `ShopWeb` does not start with `Shop`).
    pub fn starts_with(&self, prefix: &ModuleName) -> bool {
        self.0 == prefix.0
            || (self.0.len() > prefix.0.len()
                && self.0.starts_with(&prefix.0)
                && self.0.as_bytes()[prefix.0.len()] == b'.')
    }

    /// The part of `self` below `base`: `Shop.Blog.Post` relative to `Shop`
    /// is `Blog.Post`. `None` when `self` is not strictly inside `base`.
    pub fn relative_to(&self, base: &ModuleName) -> Option<ModuleName> {
        if self.0.len() > base.0.len() && self.starts_with(base) {
            Some(ModuleName(self.0[base.0.len() + 1..].to_string()))
        } else {
            None
        }
    }

    /// The file path Elixir conventions give the module, without extension:
    /// `Shop.Blog.BlogPost` → `shop/blog/blog_post` (`Macro.underscore/1`).
    pub fn underscore_path(&self) -> String {
        macro_underscore(&self.0)
    }

    /// The alias in snake_case: `BlogPost` → `blog_post`.
    pub fn underscore_last(&self) -> String {
        macro_underscore(self.last())
    }
}

impl fmt::Display for ModuleName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for ModuleName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ModuleName({})", self.0)
    }
}

impl std::str::FromStr for ModuleName {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        ModuleName::parse(s)
    }
}

impl AsRef<str> for ModuleName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Serialize for ModuleName {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// A port of Elixir's `Macro.underscore/1`, so file paths and snake names
/// agree with what Elixir and Phoenix derive from the same module
/// (`HTTPClient` → `http_client`, `Shop.Blog` → `shop/blog`).
pub fn macro_underscore(input: &str) -> String {
    fn upper(b: u8) -> bool {
        b.is_ascii_uppercase()
    }
    let bytes = input.as_bytes();
    let mut out = String::with_capacity(bytes.len() + 4);
    let mut i = 0;
    let mut at_start = true;
    let mut prev = 0u8;
    while i < bytes.len() {
        let h = bytes[i];
        if at_start {
            out.push(h.to_ascii_lowercase() as char);
            prev = h;
            at_start = false;
            i += 1;
            continue;
        }
        let next = bytes.get(i + 1).copied();
        if upper(h)
            && next.is_some_and(|t| !upper(t) && !t.is_ascii_digit() && t != b'.' && t != b'_')
        {
            let t = next.unwrap_or_default();
            out.push('_');
            out.push(h.to_ascii_lowercase() as char);
            out.push(t as char);
            prev = t;
            i += 2;
        } else if upper(h) && !upper(prev) && prev != b'_' {
            out.push('_');
            out.push(h.to_ascii_lowercase() as char);
            prev = h;
            i += 1;
        } else if h == b'.' {
            out.push('/');
            at_start = true;
            i += 1;
        } else {
            out.push(h.to_ascii_lowercase() as char);
            prev = h;
            i += 1;
        }
    }
    out
}

fn check_module(input: &str, suggest: bool) -> Result<String> {
    let bad = |why: String| {
        let suggestion = if suggest {
            suggest_module(input).filter(|s| s != input)
        } else {
            None
        };
        Error::input_hint(
            format!("invalid module name `{}`: {why}", printable(input)),
            hint_or(suggestion, MODULE_FORMS),
        )
    };

    if input.is_empty() {
        return Err(Error::input_hint("module name is empty", MODULE_FORMS));
    }
    if let Some(ch) = input.chars().find(|c| !c.is_ascii()) {
        return Err(bad(non_ascii_why(ch)));
    }
    if input == "Elixir" || input.starts_with("Elixir.") {
        let rest = input.strip_prefix("Elixir.").unwrap_or("");
        return Err(Error::input_hint(
            format!("invalid module name `{input}`: write aliases without the `Elixir.` prefix"),
            if rest.is_empty() {
                MODULE_FORMS.to_string()
            } else {
                format!("did you mean `{rest}`?")
            },
        ));
    }
    if input.len() > MAX_MODULE_LEN {
        return Err(Error::input_hint(
            format!(
                "module name `{}…` is {} bytes long; the limit is {MAX_MODULE_LEN}",
                &input[..24],
                input.len()
            ),
            "use a shorter name",
        ));
    }
    for segment in input.split('.') {
        if segment.is_empty() {
            return Err(bad("it has an empty segment".into()));
        }
        if segment.len() > MAX_SEGMENT_LEN {
            return Err(Error::input_hint(
                format!(
                    "invalid module name `{}…`: segment `{}…` is {} bytes long; the limit is {MAX_SEGMENT_LEN}",
                    &input[..input.len().min(24)],
                    &segment[..16],
                    segment.len()
                ),
                "use a shorter name",
            ));
        }
        let first = segment.as_bytes()[0];
        if !first.is_ascii_uppercase() {
            return Err(bad(format!(
                "segment `{segment}` must start with an uppercase letter"
            )));
        }
        if let Some(ch) = segment
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '_'))
        {
            return Err(bad(format!(
                "`{}` is not allowed in a module name",
                printable_char(ch)
            )));
        }
        if segment == "Elixir" {
            return Err(Error::input_hint(
                format!("invalid module name `{input}`: `Elixir` is reserved as a segment"),
                "choose another segment name",
            ));
        }
    }
    Ok(input.to_string())
}

fn suggest_module(input: &str) -> Option<String> {
    let cleaned = unconfuse(input).replace("::", ".").replace('/', ".");
    let cleaned = cleaned
        .strip_prefix("Elixir.")
        .unwrap_or(&cleaned)
        .to_string();
    let mut segments = Vec::new();
    for raw in cleaned.split('.').map(str::trim).filter(|s| !s.is_empty()) {
        let valid = raw.as_bytes()[0].is_ascii_uppercase()
            && raw.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        let segment = if valid {
            raw.to_string()
        } else {
            raw.to_upper_camel_case()
        };
        segments.push(segment);
    }
    let candidate = segments.join(".");
    check_module(&candidate, false).ok()
}

// ---------------------------------------------------------------------------
// SnakeName
// ---------------------------------------------------------------------------

/// A snake_case identifier: `[a-z_][a-z0-9_]*`, at most 63 bytes.
///
/// Built through one of the role-specific constructors:
/// [`SnakeName::parse`] (general names, may end in `?`),
/// [`SnakeName::field`] (attribute and relationship names) and
/// [`SnakeName::atom_value`] (values of an `atom` field).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SnakeName(String);

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Name,
    Field,
    AtomValue,
    Table,
}

impl Role {
    fn what(self) -> &'static str {
        match self {
            Role::Name => "name",
            Role::Field => "field name",
            Role::AtomValue => "atom value",
            Role::Table => "table name",
        }
    }
}

impl SnakeName {
    /// A general snake_case name (action, app, plural override): may end
    /// in `?`, may not be an Elixir reserved word.
    pub fn parse(input: &str) -> Result<Self> {
        check_snake(input, Role::Name).map(SnakeName)
    }

    /// An attribute or relationship name: no trailing `?` (it becomes a
    /// database column), no reserved word, none of the struct fields Ash
    /// and Ecto add to every record, no leading `__`.
    pub fn field(input: &str) -> Result<Self> {
        check_snake(input, Role::Field).map(SnakeName)
    }

    /// One value of an `atom` field (`draft` in `status:atom:draft,published`):
    /// `true`, `false` and `nil` are refused because `:true` *is* `true`.
    pub fn atom_value(input: &str) -> Result<Self> {
        check_snake(input, Role::AtomValue).map(SnakeName)
    }

    /// The name as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The Elixir atom literal: `:title`.
    pub fn atom(&self) -> String {
        format!(":{}", self.0)
    }

    /// A human label: `published_at` → `Published at`.
    pub fn human(&self) -> String {
        humanize(&self.0)
    }

    /// `self` with a suffix, validated as a field name: `author` → `author_id`.
    pub fn with_suffix(&self, suffix: &str) -> Result<SnakeName> {
        SnakeName::field(&format!("{}{suffix}", self.0))
    }
}

impl fmt::Display for SnakeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for SnakeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SnakeName({})", self.0)
    }
}

impl std::str::FromStr for SnakeName {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        SnakeName::parse(s)
    }
}

impl AsRef<str> for SnakeName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Serialize for SnakeName {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// A database table name: snake_case, no `?`, at most 63 bytes. Reserved
/// SQL words are fine (Ecto quotes every identifier).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TableName(String);

impl TableName {
    /// Validates `input` as a table name.
    pub fn parse(input: &str) -> Result<Self> {
        check_snake(input, Role::Table).map(TableName)
    }

    /// The name as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Refuses a table that scaffold would create but that belongs to
    /// Ecto: `schema_migrations`, where Ecto records the migrations it ran.
    /// `hint` says how to choose another name.
    pub fn check_creatable(&self, hint: &str) -> Result<()> {
        if self.0 == ECTO_MIGRATIONS_TABLE {
            return Err(Error::input_hint(
                format!(
                    "table name `{ECTO_MIGRATIONS_TABLE}` is taken: Ecto records the migrations it ran there"
                ),
                hint,
            ));
        }
        Ok(())
    }
}

/// The table Ecto keeps its migration history in.
pub const ECTO_MIGRATIONS_TABLE: &str = "schema_migrations";

impl fmt::Display for TableName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for TableName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TableName({})", self.0)
    }
}

impl Serialize for TableName {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

fn check_snake(input: &str, role: Role) -> Result<String> {
    check_snake_with(input, role, true)
}

fn check_snake_with(input: &str, role: Role, suggest: bool) -> Result<String> {
    let what = role.what();
    let forms = match role {
        Role::Name => "names are snake_case: lowercase ASCII letters, digits and underscores",
        _ => "use snake_case: lowercase ASCII letters, digits and underscores, e.g. `published_at`",
    };
    let bad = |why: String| {
        Error::input_hint(
            format!("invalid {what} `{}`: {why}", printable(input)),
            hint_or(
                if suggest {
                    suggest_snake(input, role).filter(|s| s != input)
                } else {
                    None
                },
                forms,
            ),
        )
    };
    if input.is_empty() {
        return Err(Error::input_hint(format!("{what} is empty"), forms));
    }
    if let Some(ch) = input.chars().find(|c| !c.is_ascii()) {
        return Err(bad(non_ascii_why(ch)));
    }
    let (body, question) = match input.strip_suffix('?') {
        Some(body) => (body, true),
        None => (input, false),
    };
    if question && role != Role::Name {
        let plain = body.to_string();
        let hint = if check_snake_with(&plain, role, false).is_ok() {
            format!("did you mean `{plain}`?")
        } else {
            forms.to_string()
        };
        let why = match role {
            Role::Field => "it becomes a database column, which may not end in `?`",
            _ => "`?` is not allowed here",
        };
        return Err(Error::input_hint(
            format!("invalid {what} `{input}`: {why}"),
            hint,
        ));
    }
    if !body.bytes().any(|b| b.is_ascii_alphabetic()) {
        return Err(bad("it has no letters".into()));
    }
    let first = body.as_bytes()[0];
    if !(first.is_ascii_lowercase() || first == b'_') {
        return Err(bad(
            "it must start with a lowercase letter or an underscore".into(),
        ));
    }
    if let Some(ch) = body
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_'))
    {
        return Err(bad(format!("`{}` is not allowed", printable_char(ch))));
    }
    if input.len() > MAX_IDENTIFIER_LEN {
        return Err(Error::input_hint(
            format!(
                "{what} `{}…` is {} bytes long; the limit is {MAX_IDENTIFIER_LEN} (PostgreSQL identifiers)",
                &input[..24],
                input.len()
            ),
            "use a shorter name",
        ));
    }
    match role {
        Role::AtomValue => {
            if matches!(input, "true" | "false" | "nil") {
                return Err(Error::input_hint(
                    format!("invalid atom value `{input}`: `:{input}` is the same as `{input}`"),
                    "use another value, e.g. `yes`/`no` or `none`",
                ));
            }
        }
        Role::Table => {}
        Role::Name | Role::Field => {
            if ELIXIR_RESERVED_WORDS.contains(&body) {
                return Err(Error::input_hint(
                    format!("invalid {what} `{input}`: `{body}` is a reserved word in Elixir"),
                    format!(
                        "choose another name (reserved: {})",
                        ELIXIR_RESERVED_WORDS.join(", ")
                    ),
                ));
            }
        }
    }
    if role == Role::Field && (ASH_RESERVED_FIELDS.contains(&input) || input.starts_with("__")) {
        return Err(Error::input_hint(
            format!("invalid field name `{input}`: Ash and Ecto use it on every record"),
            format!(
                "choose another name; reserved: {} and any name starting with `__`",
                ASH_RESERVED_FIELDS.join(", ")
            ),
        ));
    }
    Ok(input.to_string())
}

fn suggest_snake(input: &str, role: Role) -> Option<String> {
    let mut cleaned = unconfuse(input);
    if role != Role::Name {
        cleaned = cleaned.trim_end_matches('?').to_string();
    }
    let candidate = cleaned.to_snake_case();
    check_snake_with(&candidate, role, false).ok()
}

// ---------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------

/// `Published at` from `published_at`, like `Phoenix.Naming.humanize/1`.
pub fn humanize(snake: &str) -> String {
    let words = snake.trim_matches('_').replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

fn hint_or(suggestion: Option<String>, forms: &str) -> String {
    match suggestion {
        Some(s) => format!("did you mean `{s}`?"),
        None => forms.to_string(),
    }
}

fn non_ascii_why(ch: char) -> String {
    match confusable(ch) {
        Some(ascii) => format!(
            "it contains `{}` (U+{:04X}), which looks like `{ascii}` but is not ASCII",
            printable_char(ch),
            ch as u32
        ),
        None => format!(
            "it contains the non-ASCII character `{}` (U+{:04X}); names must be ASCII",
            printable_char(ch),
            ch as u32
        ),
    }
}

/// Shows control and invisible characters as `U+XXXX` so an error message
/// never carries them to the terminal.
fn printable(input: &str) -> String {
    input.chars().map(printable_char).collect()
}

fn printable_char(ch: char) -> String {
    if ch.is_control() || crate::spec::literal::is_invisible(ch) {
        format!("<U+{:04X}>", ch as u32)
    } else {
        ch.to_string()
    }
}

/// Replaces the letters that look like ASCII letters (Cyrillic, Greek,
/// fullwidth forms) by those letters, for did-you-mean hints only.
fn unconfuse(input: &str) -> String {
    input.chars().map(|c| confusable(c).unwrap_or(c)).collect()
}

fn confusable(ch: char) -> Option<char> {
    let ascii = match ch {
        // Fullwidth ASCII block.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(ch as u32 - 0xFF01 + 0x21)?,
        // Cyrillic.
        'а' => 'a',
        'е' => 'e',
        'о' => 'o',
        'р' => 'p',
        'с' => 'c',
        'у' => 'y',
        'х' => 'x',
        'і' => 'i',
        'ј' => 'j',
        'ѕ' => 's',
        'һ' => 'h',
        'ԁ' => 'd',
        'ԛ' => 'q',
        'ԝ' => 'w',
        'ӏ' => 'l',
        'А' => 'A',
        'В' => 'B',
        'Е' => 'E',
        'К' => 'K',
        'М' => 'M',
        'Н' => 'H',
        'О' => 'O',
        'Р' => 'P',
        'С' => 'C',
        'Т' => 'T',
        'Х' => 'X',
        'У' => 'Y',
        'І' => 'I',
        'Ј' => 'J',
        'Ѕ' => 'S',
        // Greek.
        'α' => 'a',
        'ο' => 'o',
        'ν' => 'v',
        'ρ' => 'p',
        'ι' => 'i',
        'Α' => 'A',
        'Β' => 'B',
        'Ε' => 'E',
        'Ζ' => 'Z',
        'Η' => 'H',
        'Ι' => 'I',
        'Κ' => 'K',
        'Μ' => 'M',
        'Ν' => 'N',
        'Ο' => 'O',
        'Ρ' => 'P',
        'Τ' => 'T',
        'Υ' => 'Y',
        'Χ' => 'X',
        // Latin look-alikes.
        'ı' => 'i',
        'ℓ' => 'l',
        _ => return None,
    };
    ascii.is_ascii().then_some(ascii)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn underscore_matches_elixir() {
        // Expected values come from `Macro.underscore/1` in Elixir 1.14.
        let cases = [
            ("Post", "post"),
            ("BlogPost", "blog_post"),
            ("HTTPClient", "http_client"),
            ("Foo2Bar", "foo2_bar"),
            ("V2Post", "v2_post"),
            ("ABC123Def", "abc123_def"),
            ("My_Post", "my__post"),
            ("OAuth2Token", "o_auth2_token"),
            ("IO", "io"),
            ("XMLHttpRequest", "xml_http_request"),
            ("A1B2C3", "a1_b2_c3"),
            ("HTMLPage2", "html_page2"),
            ("Shop.Blog.Post", "shop/blog/post"),
        ];
        for (input, expected) in cases {
            assert_eq!(macro_underscore(input), expected, "{input}");
        }
    }

    #[test]
    fn humanizes() {
        assert_eq!(humanize("published_at"), "Published at");
        assert_eq!(humanize("post"), "Post");
        assert_eq!(humanize(""), "");
    }
}
