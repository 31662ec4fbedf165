//! The field syntax of `scaffold ash-resource`.
//!
//! [`Field::parse`] turns one command-line argument into a validated
//! [`Field`]; [`Field::to_cli`] writes it back in canonical form, and
//! parsing that form gives back an equal field (the wizard prints the
//! equivalent command with it). The grammar, also shown by `--help`
//! through [`SYNTAX_HELP`]:
//!
#![doc = include_str!("field_syntax.md")]

use std::fmt;

use heck::ToUpperCamelCase;
use serde::Serialize;

use crate::error::{did_you_mean, Error, Result};
use crate::spec::inflection::singularize;
use crate::spec::literal;
use crate::spec::names::{ModuleName, SnakeName, MAX_IDENTIFIER_LEN};

/// The field grammar as plain text, for `--help` and the README.
pub const SYNTAX_HELP: &str = include_str!("field_syntax.md");

const FIELD_FORMS: &str = "fields look like `title:string:required`; see --help for the syntax";

// ---------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------

/// The scalar attribute types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScalarType {
    /// `:string`
    String,
    /// `:ci_string` (a `citext` column)
    CiString,
    /// `:string` shown as a textarea
    Text,
    /// `:integer`
    Integer,
    /// `:float`
    Float,
    /// `:decimal`
    Decimal,
    /// `:boolean`
    Boolean,
    /// `:date`
    Date,
    /// `:time`
    Time,
    /// `:utc_datetime` (second precision)
    UtcDatetime,
    /// `:utc_datetime_usec`
    UtcDatetimeUsec,
    /// `:naive_datetime`
    NaiveDatetime,
    /// `:uuid`
    Uuid,
    /// `:map` (a `jsonb` column)
    Map,
    /// `:binary`
    Binary,
}

impl ScalarType {
    /// Every scalar type, in the order of the help text.
    pub const ALL: [ScalarType; 15] = [
        ScalarType::String,
        ScalarType::CiString,
        ScalarType::Text,
        ScalarType::Integer,
        ScalarType::Float,
        ScalarType::Decimal,
        ScalarType::Boolean,
        ScalarType::Date,
        ScalarType::Time,
        ScalarType::UtcDatetime,
        ScalarType::UtcDatetimeUsec,
        ScalarType::NaiveDatetime,
        ScalarType::Uuid,
        ScalarType::Map,
        ScalarType::Binary,
    ];

    /// The name used on the command line: `utc_datetime`.
    pub fn name(self) -> &'static str {
        match self {
            ScalarType::String => "string",
            ScalarType::CiString => "ci_string",
            ScalarType::Text => "text",
            ScalarType::Integer => "integer",
            ScalarType::Float => "float",
            ScalarType::Decimal => "decimal",
            ScalarType::Boolean => "boolean",
            ScalarType::Date => "date",
            ScalarType::Time => "time",
            ScalarType::UtcDatetime => "utc_datetime",
            ScalarType::UtcDatetimeUsec => "utc_datetime_usec",
            ScalarType::NaiveDatetime => "naive_datetime",
            ScalarType::Uuid => "uuid",
            ScalarType::Map => "map",
            ScalarType::Binary => "binary",
        }
    }

    /// The scalar type named `name` on the command line.
    pub fn from_name(name: &str) -> Option<ScalarType> {
        ScalarType::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The Ash type atom: `:string` (also for `text`).
    pub fn ash_type(self) -> &'static str {
        match self {
            ScalarType::Text => ":string",
            ScalarType::String => ":string",
            ScalarType::CiString => ":ci_string",
            ScalarType::Integer => ":integer",
            ScalarType::Float => ":float",
            ScalarType::Decimal => ":decimal",
            ScalarType::Boolean => ":boolean",
            ScalarType::Date => ":date",
            ScalarType::Time => ":time",
            ScalarType::UtcDatetime => ":utc_datetime",
            ScalarType::UtcDatetimeUsec => ":utc_datetime_usec",
            ScalarType::NaiveDatetime => ":naive_datetime",
            ScalarType::Uuid => ":uuid",
            ScalarType::Map => ":map",
            ScalarType::Binary => ":binary",
        }
    }

    /// The column type AshPostgres migrations use: `:text`, `:citext`, …
    pub fn migration_type(self) -> &'static str {
        match self {
            ScalarType::String | ScalarType::Text => ":text",
            ScalarType::CiString => ":citext",
            ScalarType::Integer => ":bigint",
            ScalarType::Float => ":float",
            ScalarType::Decimal => ":decimal",
            ScalarType::Boolean => ":boolean",
            ScalarType::Date => ":date",
            ScalarType::Time => ":time",
            ScalarType::UtcDatetime => ":utc_datetime",
            ScalarType::UtcDatetimeUsec => ":utc_datetime_usec",
            ScalarType::NaiveDatetime => ":naive_datetime",
            ScalarType::Uuid => ":uuid",
            ScalarType::Map => ":map",
            ScalarType::Binary => ":binary",
        }
    }

    /// The `<.input type=...>` of a generated form.
    pub fn input_type(self) -> &'static str {
        match self {
            ScalarType::String | ScalarType::CiString | ScalarType::Uuid => "text",
            ScalarType::Text | ScalarType::Map => "textarea",
            ScalarType::Integer | ScalarType::Float | ScalarType::Decimal => "number",
            ScalarType::Boolean => "checkbox",
            ScalarType::Date => "date",
            ScalarType::Time => "time",
            ScalarType::UtcDatetime | ScalarType::UtcDatetimeUsec | ScalarType::NaiveDatetime => {
                "datetime-local"
            }
            ScalarType::Binary => "text",
        }
    }
}

/// The element type of an attribute: a scalar or an atom with its values.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum BaseType {
    /// One of the scalar types.
    Scalar(ScalarType),
    /// `atom:v1,v2`: an atom constrained to the listed values.
    Atom(Vec<SnakeName>),
}

/// The type of an attribute: a base type, possibly in an array.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AttrType {
    /// The element type.
    pub base: BaseType,
    /// `array:...`: a list of `base`.
    pub array: bool,
}

impl AttrType {
    /// A plain scalar type.
    pub fn scalar(t: ScalarType) -> AttrType {
        AttrType {
            base: BaseType::Scalar(t),
            array: false,
        }
    }

    /// The scalar type, if the base is not an atom.
    pub fn scalar_type(&self) -> Option<ScalarType> {
        match self.base {
            BaseType::Scalar(t) => Some(t),
            BaseType::Atom(_) => None,
        }
    }

    /// The allowed values of an atom type.
    pub fn atom_values(&self) -> Option<&[SnakeName]> {
        match &self.base {
            BaseType::Atom(values) => Some(values),
            BaseType::Scalar(_) => None,
        }
    }

    /// Whether generated forms use a textarea (`text`, `map`).
    pub fn is_textarea(&self) -> bool {
        !self.array
            && matches!(
                self.base,
                BaseType::Scalar(ScalarType::Text | ScalarType::Map)
            )
    }

    fn base_ash(&self) -> &'static str {
        match &self.base {
            BaseType::Scalar(t) => t.ash_type(),
            BaseType::Atom(_) => ":atom",
        }
    }

    /// The Ash type as Elixir code: `:string`, `{:array, :string}`.
    pub fn ash_type(&self) -> String {
        if self.array {
            format!("{{:array, {}}}", self.base_ash())
        } else {
            self.base_ash().to_string()
        }
    }

    /// The migration column type as Elixir code: `:text`, `{:array, :text}`.
    pub fn migration_type(&self) -> String {
        let base = match &self.base {
            BaseType::Scalar(t) => t.migration_type(),
            BaseType::Atom(_) => ":text",
        };
        if self.array {
            format!("{{:array, {base}}}")
        } else {
            base.to_string()
        }
    }

    /// The `constraints` keyword list as Elixir code, when there is one:
    /// `[one_of: [:draft, :published]]`, `[items: [one_of: [:a, :b]]]`.
    pub fn constraints(&self) -> Option<String> {
        let values = self.atom_values()?;
        let one_of = format!(
            "one_of: {}",
            literal::atom_list(values.iter().map(|v| v.as_str()))
        );
        Some(if self.array {
            format!("[items: [{one_of}]]")
        } else {
            format!("[{one_of}]")
        })
    }

    /// The type as written on the command line: `string`, `atom:a,b`,
    /// `array:atom:a,b`.
    pub fn to_cli(&self) -> String {
        let base = match &self.base {
            BaseType::Scalar(t) => t.name().to_string(),
            BaseType::Atom(values) => {
                let values: Vec<&str> = values.iter().map(|v| v.as_str()).collect();
                format!("atom:{}", values.join(","))
            }
        };
        if self.array {
            format!("array:{base}")
        } else {
            base
        }
    }

    fn describe(&self) -> String {
        match (&self.base, self.array) {
            (BaseType::Scalar(t), false) => t.name().to_string(),
            (BaseType::Atom(_), false) => "atom".to_string(),
            (_, true) => "array".to_string(),
        }
    }
}

// ---------------------------------------------------------------------------
// Defaults
// ---------------------------------------------------------------------------

/// A validated default value. Strings keep the user's text; every other
/// kind is stored in canonical form.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    /// Text for `string`, `ci_string` and `text` fields.
    Text(String),
    /// An integer.
    Integer(i64),
    /// A finite float.
    Float(f64),
    /// A decimal as written (`9.99`), digits only.
    Decimal(String),
    /// `true` or `false`.
    Boolean(bool),
    /// One of the atom values.
    Atom(SnakeName),
    /// An ISO date: `2024-01-31`.
    Date(String),
    /// An ISO time: `09:30:00`.
    Time(String),
    /// An ISO datetime with `T`: `2024-01-31T09:30:00Z` (naive: no `Z`).
    DateTime(String),
    /// A lowercase UUID.
    Uuid(String),
    /// `now`: the current time or datetime when the record is created.
    Now,
    /// `today`: the current date when the record is created.
    Today,
    /// `[]`: an empty array.
    EmptyList,
}

impl DefaultValue {
    /// The value as written on the command line (before quoting).
    pub fn to_cli_value(&self) -> String {
        match self {
            DefaultValue::Text(s) => s.clone(),
            DefaultValue::Integer(i) => i.to_string(),
            DefaultValue::Float(f) => format!("{f}"),
            DefaultValue::Decimal(s)
            | DefaultValue::Date(s)
            | DefaultValue::Time(s)
            | DefaultValue::DateTime(s)
            | DefaultValue::Uuid(s) => s.clone(),
            DefaultValue::Boolean(b) => b.to_string(),
            DefaultValue::Atom(a) => a.to_string(),
            DefaultValue::Now => "now".into(),
            DefaultValue::Today => "today".into(),
            DefaultValue::EmptyList => "[]".into(),
        }
    }

    /// The value as Elixir code for an attribute of type `ty`: strings are
    /// escaped, dates become sigils, `now` a function capture.
    pub fn elixir_literal(&self, ty: &AttrType) -> String {
        let scalar = ty.scalar_type();
        match self {
            DefaultValue::Text(s) | DefaultValue::Uuid(s) => literal::string(s),
            DefaultValue::Integer(i) => i.to_string(),
            DefaultValue::Float(f) => literal::float(*f),
            DefaultValue::Decimal(s) => format!("Decimal.new({})", literal::string(s)),
            DefaultValue::Boolean(b) => b.to_string(),
            DefaultValue::Atom(a) => a.atom(),
            DefaultValue::Date(s) => format!("~D[{s}]"),
            DefaultValue::Time(s) => format!("~T[{s}]"),
            DefaultValue::DateTime(s) => match scalar {
                Some(ScalarType::NaiveDatetime) => format!("~N[{s}]"),
                _ => format!("~U[{s}]"),
            },
            DefaultValue::Now => match scalar {
                Some(ScalarType::NaiveDatetime) => "&NaiveDateTime.utc_now/0".into(),
                Some(ScalarType::Time) => "&Time.utc_now/0".into(),
                _ => "&DateTime.utc_now/0".into(),
            },
            DefaultValue::Today => "&Date.utc_today/0".into(),
            DefaultValue::EmptyList => "[]".into(),
        }
    }
}

// ---------------------------------------------------------------------------
// Fields
// ---------------------------------------------------------------------------

/// An attribute with its modifiers.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Attribute {
    /// The type.
    pub ty: AttrType,
    /// `required`: `allow_nil? false`.
    pub required: bool,
    /// `unique`: an identity and a unique index.
    pub unique: bool,
    /// `index`: a plain database index.
    pub index: bool,
    /// `sensitive`: `sensitive? true`.
    pub sensitive: bool,
    /// `public? true` unless `private` was given.
    pub public: bool,
    /// `default=VALUE`.
    pub default: Option<DefaultValue>,
}

impl Attribute {
    fn new(ty: AttrType) -> Attribute {
        Attribute {
            ty,
            required: false,
            unique: false,
            index: false,
            sensitive: false,
            public: true,
            default: None,
        }
    }

    /// The default as Elixir code, if any.
    pub fn default_code(&self) -> Option<String> {
        self.default.as_ref().map(|d| d.elixir_literal(&self.ty))
    }
}

/// What `on_delete=` does to rows that reference a deleted row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OnDelete {
    /// Delete the referencing rows.
    Delete,
    /// Set the reference to `NULL`.
    Nilify,
    /// Refuse to delete while referenced.
    Restrict,
    /// Leave it to the database default.
    Nothing,
}

impl OnDelete {
    const ALL: [OnDelete; 4] = [
        OnDelete::Delete,
        OnDelete::Nilify,
        OnDelete::Restrict,
        OnDelete::Nothing,
    ];

    /// The name on the command line and in Ash: `delete`.
    pub fn name(self) -> &'static str {
        match self {
            OnDelete::Delete => "delete",
            OnDelete::Nilify => "nilify",
            OnDelete::Restrict => "restrict",
            OnDelete::Nothing => "nothing",
        }
    }
}

/// The kind of a relationship and its kind-specific options.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RelationshipKind {
    /// `belongs_to`: adds the `NAME_id` attribute.
    BelongsTo {
        /// `required`: `allow_nil? false`.
        required: bool,
        /// `index`: index the foreign key.
        index: bool,
        /// `on_delete=`.
        on_delete: Option<OnDelete>,
    },
    /// `has_many`.
    HasMany,
    /// `has_one`.
    HasOne,
    /// `many_to_many` through a join resource.
    ManyToMany {
        /// `through=MODULE`, as written.
        through: ModuleName,
    },
}

impl RelationshipKind {
    /// The Ash DSL word: `belongs_to`, `has_many`, …
    pub fn dsl_name(&self) -> &'static str {
        match self {
            RelationshipKind::BelongsTo { .. } => "belongs_to",
            RelationshipKind::HasMany => "has_many",
            RelationshipKind::HasOne => "has_one",
            RelationshipKind::ManyToMany { .. } => "many_to_many",
        }
    }
}

/// A relationship field.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Relationship {
    /// Kind and kind-specific options.
    pub kind: RelationshipKind,
    /// The related resource as written (relative or fully qualified);
    /// resolved against the application in the resource spec.
    pub target: ModuleName,
    /// `public? true` unless `private` was given.
    pub public: bool,
}

/// What a field declares.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldKind {
    /// An attribute.
    Attribute(Attribute),
    /// A relationship.
    Relationship(Relationship),
}

/// One parsed field argument.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Field {
    /// The field name.
    pub name: SnakeName,
    /// Attribute or relationship.
    pub kind: FieldKind,
}

const RELATIONSHIP_KINDS: [&str; 4] = ["belongs_to", "has_many", "has_one", "many_to_many"];
const ATTRIBUTE_FLAGS: [&str; 5] = ["required", "unique", "index", "sensitive", "private"];

/// Common spellings from other tools, mapped to ours for did-you-mean hints.
const TYPE_ALIASES: &[(&str, &str)] = &[
    ("int", "integer"),
    ("bigint", "integer"),
    ("smallint", "integer"),
    ("serial", "integer"),
    ("number", "integer"),
    ("bool", "boolean"),
    ("str", "string"),
    ("varchar", "string"),
    ("char", "string"),
    ("citext", "ci_string"),
    ("datetime", "utc_datetime"),
    ("timestamp", "utc_datetime"),
    ("timestamptz", "utc_datetime"),
    ("naive", "naive_datetime"),
    ("double", "float"),
    ("real", "float"),
    ("numeric", "decimal"),
    ("money", "decimal"),
    ("json", "map"),
    ("jsonb", "map"),
    ("blob", "binary"),
    ("bytes", "binary"),
    ("bytea", "binary"),
    ("enum", "atom"),
    ("list", "array"),
    ("references", "belongs_to"),
    ("has_and_belongs_to_many", "many_to_many"),
    ("uuid_v7", "uuid"),
];

const MODIFIER_ALIASES: &[(&str, &str)] = &[
    ("not_null", "required"),
    ("notnull", "required"),
    ("mandatory", "required"),
    ("allow_nil", "required"),
    ("uniq", "unique"),
    ("indexed", "index"),
    ("secret", "sensitive"),
    ("hidden", "private"),
];

impl Field {
    /// Parses one field argument; see the module documentation for the
    /// grammar. Every error names the field and carries a hint.
    pub fn parse(input: &str) -> Result<Field> {
        Parser { input }.parse()
    }

    /// The field as a canonical command-line argument. Parsing the result
    /// gives back an equal field. The result is one argument: printing it
    /// for a shell still needs shell quoting (it may contain `"`, spaces or
    /// `#`).
    pub fn to_cli(&self) -> String {
        let mut parts = vec![self.name.to_string()];
        match &self.kind {
            FieldKind::Attribute(a) => {
                parts.push(a.ty.to_cli());
                let flags = [
                    (a.required, "required"),
                    (a.unique, "unique"),
                    (a.index, "index"),
                    (a.sensitive, "sensitive"),
                    (!a.public, "private"),
                ];
                parts.extend(
                    flags
                        .iter()
                        .filter(|(on, _)| *on)
                        .map(|(_, w)| w.to_string()),
                );
                if let Some(d) = &a.default {
                    parts.push(format!("default={}", cli_value(&d.to_cli_value())));
                }
            }
            FieldKind::Relationship(r) => {
                parts.push(r.kind.dsl_name().to_string());
                parts.push(r.target.to_string());
                match &r.kind {
                    RelationshipKind::BelongsTo {
                        required,
                        index,
                        on_delete,
                    } => {
                        if *required {
                            parts.push("required".into());
                        }
                        if *index {
                            parts.push("index".into());
                        }
                        if !r.public {
                            parts.push("private".into());
                        }
                        if let Some(o) = on_delete {
                            parts.push(format!("on_delete={}", o.name()));
                        }
                    }
                    RelationshipKind::ManyToMany { through } => {
                        parts.push(format!("through={through}"));
                        if !r.public {
                            parts.push("private".into());
                        }
                    }
                    RelationshipKind::HasMany | RelationshipKind::HasOne => {
                        if !r.public {
                            parts.push("private".into());
                        }
                    }
                }
            }
        }
        parts.join(":")
    }

    /// The attribute, when the field is one.
    pub fn attribute(&self) -> Option<&Attribute> {
        match &self.kind {
            FieldKind::Attribute(a) => Some(a),
            FieldKind::Relationship(_) => None,
        }
    }

    /// The relationship, when the field is one.
    pub fn relationship(&self) -> Option<&Relationship> {
        match &self.kind {
            FieldKind::Relationship(r) => Some(r),
            FieldKind::Attribute(_) => None,
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_cli())
    }
}

impl std::str::FromStr for Field {
    type Err = Error;
    fn from_str(s: &str) -> Result<Field> {
        Field::parse(s)
    }
}

/// A modifier value as written on the command line: bare when the parser
/// reads it back unchanged, double-quoted otherwise.
fn cli_value(value: &str) -> String {
    let bare = !value.is_empty()
        && !value.starts_with('"')
        && value
            .match_indices(':')
            .all(|(i, _)| value[i + 1..].starts_with(|c: char| c.is_ascii_digit()));
    if bare {
        value.to_string()
    } else {
        let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
        format!("\"{escaped}\"")
    }
}

// ---------------------------------------------------------------------------
// Tokenizer
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Plain(String),
    Pair {
        key: String,
        value: String,
        quoted: bool,
    },
}

impl Piece {
    fn text(&self) -> String {
        match self {
            Piece::Plain(s) => s.clone(),
            Piece::Pair {
                key,
                value,
                quoted: false,
            } => format!("{key}={value}"),
            Piece::Pair {
                key,
                value,
                quoted: true,
            } => format!("{key}={}", cli_value_quoted(value)),
        }
    }
}

fn cli_value_quoted(value: &str) -> String {
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Splits on `:`, except inside a double-quoted value (`key="a:b"`) and
/// where a bare value continues with a digit (`default=09:30:00`).
fn split_pieces(input: &str) -> std::result::Result<Vec<Piece>, (String, String)> {
    let chars: Vec<char> = input.chars().collect();
    let n = chars.len();
    let mut pieces = Vec::new();
    let mut i = 0;
    loop {
        let mut head = String::new();
        while i < n && chars[i] != ':' && chars[i] != '=' {
            head.push(chars[i]);
            i += 1;
        }
        if i < n && chars[i] == '=' {
            i += 1;
            let mut value = String::new();
            if i < n && chars[i] == '"' {
                i += 1;
                let mut closed = false;
                while i < n {
                    match chars[i] {
                        '\\' if i + 1 < n && matches!(chars[i + 1], '"' | '\\') => {
                            value.push(chars[i + 1]);
                            i += 2;
                        }
                        '"' => {
                            closed = true;
                            i += 1;
                            break;
                        }
                        c => {
                            value.push(c);
                            i += 1;
                        }
                    }
                }
                if !closed {
                    return Err((
                        format!("the quoted value of `{head}=` is not closed"),
                        format!("end it with `\"`, e.g. {head}=\"a: b\""),
                    ));
                }
                if i < n && chars[i] != ':' {
                    return Err((
                        format!("unexpected text after the closing quote of `{head}=`"),
                        "put a `:` after the closing quote, or write `\\\"` for a quote inside the value".into(),
                    ));
                }
                pieces.push(Piece::Pair {
                    key: head,
                    value,
                    quoted: true,
                });
            } else {
                while i < n {
                    if chars[i] == ':' && !(i + 1 < n && chars[i + 1].is_ascii_digit()) {
                        break;
                    }
                    value.push(chars[i]);
                    i += 1;
                }
                pieces.push(Piece::Pair {
                    key: head,
                    value,
                    quoted: false,
                });
            }
        } else {
            pieces.push(Piece::Plain(head));
        }
        if i >= n {
            break;
        }
        // chars[i] == ':'
        i += 1;
        if i == n {
            pieces.push(Piece::Plain(String::new()));
            break;
        }
    }
    Ok(pieces)
}

// ---------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------

struct Parser<'a> {
    input: &'a str,
}

impl Parser<'_> {
    fn err(&self, message: impl fmt::Display, hint: impl Into<String>) -> Error {
        Error::input_hint(format!("field `{}`: {message}", shown(self.input)), hint)
    }

    /// Re-labels an error from a name constructor with the field it came from.
    fn within(&self, e: Error) -> Error {
        match e {
            Error::Input { message, hint } => Error::Input {
                message: format!("field `{}`: {message}", shown(self.input)),
                hint,
            },
            other => other,
        }
    }

    fn parse(&self) -> Result<Field> {
        if self.input.trim().is_empty() {
            return Err(Error::input_hint("empty field", FIELD_FORMS));
        }
        let pieces = split_pieces(self.input).map_err(|(m, h)| self.err(m, h))?;
        if pieces
            .iter()
            .any(|p| matches!(p, Piece::Plain(s) if s.is_empty()))
        {
            return Err(self.err("it has an empty part (an extra `:`)", FIELD_FORMS));
        }
        let name = match &pieces[0] {
            Piece::Plain(s) => SnakeName::field(s).map_err(|e| self.within(e))?,
            other => {
                return Err(self.err(
                    format!("it must start with a name, not `{}`", other.text()),
                    "e.g. `title:string:default=Untitled`",
                ))
            }
        };
        if pieces.len() == 1 {
            let kind = FieldKind::Attribute(Attribute::new(AttrType::scalar(ScalarType::String)));
            return Ok(Field { name, kind });
        }
        let type_word = match &pieces[1] {
            Piece::Plain(s) => s.as_str(),
            other => {
                return Err(self.err(
                    format!("expected a type after the name, found `{}`", other.text()),
                    format!(
                        "write the type first, e.g. `{name}:string:{}`",
                        other.text()
                    ),
                ))
            }
        };
        if RELATIONSHIP_KINDS.contains(&type_word) {
            let relationship = self.relationship(&name, type_word, &pieces[2..])?;
            return Ok(Field {
                name,
                kind: FieldKind::Relationship(relationship),
            });
        }
        let (ty, rest) = self.attr_type(type_word, &pieces[2..])?;
        let attribute = self.attribute(ty, rest)?;
        Ok(Field {
            name,
            kind: FieldKind::Attribute(attribute),
        })
    }

    /// Reads the type word and its arguments (atom values, array element).
    fn attr_type<'p>(&self, word: &str, rest: &'p [Piece]) -> Result<(AttrType, &'p [Piece])> {
        match word {
            "atom" => {
                let values = self.atom_values(rest.first())?;
                Ok((
                    AttrType {
                        base: BaseType::Atom(values),
                        array: false,
                    },
                    &rest[1..],
                ))
            }
            "array" => {
                let element = match rest.first() {
                    Some(Piece::Plain(s)) => s.as_str(),
                    _ => {
                        return Err(self.err(
                            "`array` needs an element type",
                            "e.g. `tags:array:string` or `kinds:array:atom:news,event`",
                        ))
                    }
                };
                match element {
                    "atom" => {
                        let values = self.atom_values(rest.get(1))?;
                        Ok((
                            AttrType {
                                base: BaseType::Atom(values),
                                array: true,
                            },
                            &rest[2..],
                        ))
                    }
                    "array" => Err(self.err(
                        "arrays of arrays are not supported",
                        "use `map` for nested data, or an array of a scalar type",
                    )),
                    w if RELATIONSHIP_KINDS.contains(&w) => Err(self.err(
                        format!("`{w}` cannot be an array element"),
                        format!("write the relationship directly: `NAME:{w}:MODULE`"),
                    )),
                    w => match ScalarType::from_name(w) {
                        Some(t) => Ok((
                            AttrType {
                                base: BaseType::Scalar(t),
                                array: true,
                            },
                            &rest[1..],
                        )),
                        None => Err(self.unknown_type(w)),
                    },
                }
            }
            w => match ScalarType::from_name(w) {
                Some(t) => Ok((AttrType::scalar(t), rest)),
                None => Err(self.unknown_type(w)),
            },
        }
    }

    fn unknown_type(&self, word: &str) -> Error {
        let lower = word.to_ascii_lowercase();
        let mut all: Vec<&str> = ScalarType::ALL.iter().map(|t| t.name()).collect();
        all.extend(["atom", "array"]);
        all.extend(RELATIONSHIP_KINDS);
        let suggestion = TYPE_ALIASES
            .iter()
            .find(|(alias, _)| *alias == lower)
            .map(|(_, t)| *t)
            .or_else(|| did_you_mean(word, all.iter().copied()));
        let hint = match suggestion {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("types: {}", all.join(", ")),
        };
        self.err(format!("unknown type `{word}`"), hint)
    }

    fn atom_values(&self, piece: Option<&Piece>) -> Result<Vec<SnakeName>> {
        let example =
            "list the values after `atom`, e.g. `status:atom:draft,published:default=draft`";
        let raw = match piece {
            Some(Piece::Plain(s)) => s,
            Some(Piece::Pair { .. }) | None => {
                return Err(self.err("`atom` needs its list of values", example))
            }
        };
        if !raw.contains(',') && (ATTRIBUTE_FLAGS.contains(&raw.as_str()) || raw == "public") {
            return Err(self.err(
                format!("`atom` needs its list of values (`{raw}` is a modifier)"),
                example,
            ));
        }
        let mut values: Vec<SnakeName> = Vec::new();
        for part in raw.split(',') {
            if part.is_empty() {
                return Err(self.err("the atom values have an empty entry", example));
            }
            let value = SnakeName::atom_value(part).map_err(|e| self.within(e))?;
            if values.contains(&value) {
                return Err(self.err(
                    format!("the atom value `{value}` is listed twice"),
                    "list each value once",
                ));
            }
            values.push(value);
        }
        Ok(values)
    }

    fn attribute(&self, ty: AttrType, modifiers: &[Piece]) -> Result<Attribute> {
        let mut attr = Attribute::new(ty);
        let mut seen: Vec<String> = Vec::new();
        for piece in modifiers {
            let key = match piece {
                Piece::Plain(w) => w.clone(),
                Piece::Pair { key, .. } => format!("{key}="),
            };
            if seen.contains(&key) {
                return Err(self.err(
                    format!("`{}` is given twice", key.trim_end_matches('=')),
                    "give each modifier once",
                ));
            }
            seen.push(key);
            match piece {
                Piece::Plain(w) => match w.as_str() {
                    "required" => attr.required = true,
                    "unique" => attr.unique = true,
                    "index" => attr.index = true,
                    "sensitive" => attr.sensitive = true,
                    "private" => attr.public = false,
                    "public" => {
                        return Err(self.err(
                            "fields are public by default",
                            "drop `public` (use `private` to hide a field)",
                        ))
                    }
                    "default" => {
                        return Err(self.err("`default` needs a value", "write `default=VALUE`"))
                    }
                    w => return Err(self.unknown_modifier(w, &ATTRIBUTE_FLAGS, "default=VALUE")),
                },
                Piece::Pair { key, value, quoted } => match key.as_str() {
                    "default" => attr.default = Some(self.default(&attr.ty, value, *quoted)?),
                    "on_delete" | "through" => {
                        return Err(self.err(
                            format!("`{key}=` applies to relationships only"),
                            format!(
                                "attributes accept: {}, default=VALUE",
                                ATTRIBUTE_FLAGS.join(", ")
                            ),
                        ))
                    }
                    k => return Err(self.unknown_modifier(k, &ATTRIBUTE_FLAGS, "default=VALUE")),
                },
            }
        }
        let kind = attr.ty.describe();
        let unindexable = attr.ty.array
            || matches!(
                attr.ty.base,
                BaseType::Scalar(ScalarType::Map | ScalarType::Binary)
            );
        if attr.unique && unindexable {
            return Err(self.err(
                format!("a `{kind}` field cannot be `unique`"),
                "unique fields must be scalar values such as string, integer or uuid",
            ));
        }
        if attr.index && unindexable {
            return Err(self.err(
                format!("a `{kind}` field cannot take a plain `index`"),
                "drop `index`; add a GIN index to the migration by hand if you need one",
            ));
        }
        if attr.unique && attr.index {
            return Err(self.err("`unique` already creates an index", "drop `index`"));
        }
        if attr.required && !attr.public && attr.default.is_none() {
            return Err(self.err(
                "a `required` `private` field needs a default: the generated actions do not accept private fields",
                "add `default=VALUE`, or drop `private`",
            ));
        }
        Ok(attr)
    }

    fn unknown_modifier(&self, word: &str, flags: &[&str], extra: &str) -> Error {
        let lower = word.to_ascii_lowercase();
        let extra_key = extra.split('=').next().unwrap_or(extra);
        let mut candidates: Vec<&str> = flags.to_vec();
        if !extra.is_empty() {
            candidates.push(extra_key);
        }
        let suggestion = MODIFIER_ALIASES
            .iter()
            .find(|(alias, target)| *alias == lower && candidates.contains(target))
            .map(|(_, t)| *t)
            .or_else(|| did_you_mean(word, candidates.iter().copied()))
            .map(|s| {
                if s == extra_key {
                    extra.to_string()
                } else {
                    s.to_string()
                }
            });
        let accepted = if extra.is_empty() {
            flags.join(", ")
        } else {
            format!("{}, {extra}", flags.join(", "))
        };
        let hint = match suggestion {
            Some(s) => format!("did you mean `{s}`?"),
            None if accepted.is_empty() => "this kind of field takes no modifiers".to_string(),
            None => format!("accepted: {accepted}"),
        };
        self.err(format!("unknown modifier `{word}`"), hint)
    }

    fn default(&self, ty: &AttrType, raw: &str, quoted: bool) -> Result<DefaultValue> {
        let kind = ty.describe();
        if raw.is_empty() && !quoted {
            return Err(self.err("`default=` needs a value", "e.g. default=0 or default=\"\""));
        }
        if ty.array {
            return if raw == "[]" {
                Ok(DefaultValue::EmptyList)
            } else {
                Err(self.err(
                    format!("array fields accept only an empty default, not `{raw}`"),
                    "write `default=[]`, or set the default in the resource by hand",
                ))
            };
        }
        let bad = |expected: &str, example: &str| {
            self.err(
                format!("`{raw}` is not a valid {kind} default: expected {expected}"),
                format!("e.g. default={example}"),
            )
        };
        let scalar = match &ty.base {
            BaseType::Atom(values) => {
                let names: Vec<&str> = values.iter().map(|v| v.as_str()).collect();
                let trimmed = raw.strip_prefix(':').unwrap_or(raw);
                if let Some(v) = values.iter().find(|v| v.as_str() == raw) {
                    return Ok(DefaultValue::Atom(v.clone()));
                }
                let hint = match did_you_mean(trimmed, names.iter().copied()) {
                    Some(s) => format!("did you mean `default={s}`?"),
                    None => format!("one of: {}", names.join(", ")),
                };
                return Err(self.err(
                    format!("the default `{raw}` is not one of the atom values"),
                    hint,
                ));
            }
            BaseType::Scalar(t) => *t,
        };
        if raw.is_empty()
            && !matches!(
                scalar,
                ScalarType::String | ScalarType::CiString | ScalarType::Text
            )
        {
            return Err(self.err("`default=` needs a value", "e.g. default=0"));
        }
        match scalar {
            ScalarType::String | ScalarType::CiString | ScalarType::Text => {
                if raw.is_empty() {
                    return Err(self.err(
                        "an empty string default is stored as nil by Ash",
                        "drop `default=`, or give a non-empty text",
                    ));
                }
                Ok(DefaultValue::Text(raw.to_string()))
            }
            ScalarType::Integer => {
                let digits = raw.strip_prefix('-').unwrap_or(raw);
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(bad("an integer", "0"));
                }
                raw.parse::<i64>().map(DefaultValue::Integer).map_err(|_| {
                    self.err(
                        format!("`{raw}` is out of range for a 64-bit integer"),
                        "use a smaller number",
                    )
                })
            }
            ScalarType::Float => {
                let ok_chars = raw
                    .bytes()
                    .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'));
                let starts_ok = raw
                    .strip_prefix('-')
                    .unwrap_or(raw)
                    .starts_with(|c: char| c.is_ascii_digit());
                match raw.parse::<f64>() {
                    Ok(f) if ok_chars && starts_ok && f.is_finite() => Ok(DefaultValue::Float(f)),
                    _ => Err(bad("a finite number", "1.5")),
                }
            }
            ScalarType::Decimal => {
                if is_decimal(raw) {
                    Ok(DefaultValue::Decimal(raw.to_string()))
                } else {
                    Err(bad("a decimal number such as 9.99", "0.0"))
                }
            }
            ScalarType::Boolean => match raw {
                "true" => Ok(DefaultValue::Boolean(true)),
                "false" => Ok(DefaultValue::Boolean(false)),
                _ => Err(bad("`true` or `false`", "false")),
            },
            ScalarType::Date => match raw {
                "today" => Ok(DefaultValue::Today),
                "now" => Err(self.err("dates take `today`, not `now`", "write `default=today`")),
                _ if is_date(raw) => Ok(DefaultValue::Date(raw.to_string())),
                _ => Err(bad("an ISO date (YYYY-MM-DD) or `today`", "2024-01-31")),
            },
            ScalarType::Time => match raw {
                "now" => Ok(DefaultValue::Now),
                "today" => Err(self.err("times take `now`, not `today`", "write `default=now`")),
                _ => match normalize_time(raw, false) {
                    Some(t) => Ok(DefaultValue::Time(t)),
                    None => Err(bad("a time (HH:MM:SS) or `now`", "09:30:00")),
                },
            },
            ScalarType::UtcDatetime | ScalarType::UtcDatetimeUsec | ScalarType::NaiveDatetime => {
                match raw {
                    "now" => Ok(DefaultValue::Now),
                    "today" => {
                        Err(self.err("datetimes take `now`, not `today`", "write `default=now`"))
                    }
                    _ => {
                        let (example, utc) = match scalar {
                            ScalarType::NaiveDatetime => ("2024-01-31T09:30:00", false),
                            _ => ("2024-01-31T09:30:00Z", true),
                        };
                        let usec = scalar == ScalarType::UtcDatetimeUsec;
                        match normalize_datetime(raw, utc, usec) {
                            Some(dt) => Ok(DefaultValue::DateTime(dt)),
                            None => Err(bad(
                                if utc {
                                    "an ISO datetime in UTC (YYYY-MM-DDTHH:MM:SSZ) or `now`"
                                } else {
                                    "an ISO datetime without zone (YYYY-MM-DDTHH:MM:SS) or `now`"
                                },
                                example,
                            )),
                        }
                    }
                }
            }
            ScalarType::Uuid => {
                if is_uuid(raw) {
                    Ok(DefaultValue::Uuid(raw.to_ascii_lowercase()))
                } else {
                    Err(bad("a UUID", "00000000-0000-0000-0000-000000000000"))
                }
            }
            ScalarType::Map | ScalarType::Binary => Err(self.err(
                format!("`{kind}` fields take no default"),
                "drop `default=`; set one in the resource by hand if needed",
            )),
        }
    }

    fn relationship(&self, name: &SnakeName, kind: &str, rest: &[Piece]) -> Result<Relationship> {
        let camel = singularize(name.as_str()).to_upper_camel_case();
        let target = match rest.first() {
            Some(Piece::Plain(s)) => ModuleName::parse(s).map_err(|e| self.within(e))?,
            _ => {
                return Err(self.err(
                    format!("`{kind}` needs the related resource"),
                    format!(
                    "e.g. `{name}:{kind}:{camel}` (same domain) or `{name}:{kind}:Other.{camel}`"
                ),
                ))
            }
        };
        if kind == "belongs_to" && name.as_str().len() + 3 > MAX_IDENTIFIER_LEN {
            return Err(self.err(
                format!(
                    "its foreign key `{name}_id` would be longer than {MAX_IDENTIFIER_LEN} bytes (PostgreSQL identifiers)"
                ),
                "use a shorter relationship name",
            ));
        }
        if kind == "belongs_to" {
            if let Some(stem) = name.as_str().strip_suffix("_id").filter(|s| !s.is_empty()) {
                return Err(self.err(
                    format!(
                        "a belongs_to is named after the relationship; `{stem}_id` is added for it"
                    ),
                    format!("did you mean `{stem}:belongs_to:{target}`?"),
                ));
            }
        }
        let flags: &[&str] = match kind {
            "belongs_to" => &["required", "index", "private"],
            _ => &["private"],
        };
        let extra = match kind {
            "belongs_to" => "on_delete=delete|nilify|restrict|nothing",
            "many_to_many" => "through=MODULE",
            _ => "",
        };
        let mut required = false;
        let mut index = false;
        let mut public = true;
        let mut on_delete = None;
        let mut through = None;
        let mut seen: Vec<String> = Vec::new();
        for piece in &rest[1..] {
            let key = match piece {
                Piece::Plain(w) => w.clone(),
                Piece::Pair { key, .. } => format!("{key}="),
            };
            if seen.contains(&key) {
                return Err(self.err(
                    format!("`{}` is given twice", key.trim_end_matches('=')),
                    "give each modifier once",
                ));
            }
            seen.push(key);
            match piece {
                Piece::Plain(w) if flags.contains(&w.as_str()) => match w.as_str() {
                    "required" => required = true,
                    "index" => index = true,
                    _ => public = false,
                },
                Piece::Pair { key, value, .. } if key == "on_delete" && kind == "belongs_to" => {
                    let names = OnDelete::ALL.map(OnDelete::name);
                    on_delete = Some(
                        OnDelete::ALL
                            .into_iter()
                            .find(|o| o.name() == value)
                            .ok_or_else(|| {
                                let hint = match did_you_mean(value, names) {
                                    Some(s) => format!("did you mean `on_delete={s}`?"),
                                    None => format!("one of: {}", names.join(", ")),
                                };
                                self.err(format!("unknown on_delete action `{value}`"), hint)
                            })?,
                    );
                }
                Piece::Pair { key, value, .. } if key == "through" && kind == "many_to_many" => {
                    through = Some(ModuleName::parse(value).map_err(|e| self.within(e))?);
                }
                Piece::Plain(w) if ATTRIBUTE_FLAGS.contains(&w.as_str()) || w == "public" => {
                    return Err(self.err(
                        format!("`{w}` does not apply to `{kind}`"),
                        accepted_hint(flags, extra),
                    ))
                }
                Piece::Pair { key, .. }
                    if matches!(key.as_str(), "default" | "on_delete" | "through") =>
                {
                    return Err(self.err(
                        format!("`{key}=` does not apply to `{kind}`"),
                        accepted_hint(flags, extra),
                    ))
                }
                Piece::Plain(w) | Piece::Pair { key: w, .. } => {
                    return Err(self.unknown_modifier(w, flags, extra));
                }
            }
        }
        let kind = match kind {
            "belongs_to" => {
                if required && on_delete == Some(OnDelete::Nilify) {
                    return Err(self.err(
                        "`on_delete=nilify` cannot clear a `required` reference",
                        "use on_delete=delete or restrict, or drop `required`",
                    ));
                }
                RelationshipKind::BelongsTo { required, index, on_delete }
            }
            "has_many" => RelationshipKind::HasMany,
            "has_one" => RelationshipKind::HasOne,
            _ => match through {
                Some(through) => RelationshipKind::ManyToMany { through },
                None => {
                    return Err(self.err(
                        "`many_to_many` needs the join resource",
                        format!("add `through=MODULE`, e.g. `{name}:many_to_many:{target}:through=Blog.PostTag`"),
                    ))
                }
            },
        };
        Ok(Relationship {
            kind,
            target,
            public,
        })
    }
}

fn accepted_hint(flags: &[&str], extra: &str) -> String {
    let mut all: Vec<&str> = flags.to_vec();
    if !extra.is_empty() {
        all.push(extra);
    }
    format!("accepted: {}", all.join(", "))
}

/// The input as shown in messages, with control characters made visible.
fn shown(input: &str) -> String {
    input
        .chars()
        .map(|c| {
            if c.is_control() || literal::is_invisible(c) {
                format!("<U+{:04X}>", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn is_decimal(s: &str) -> bool {
    let body = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    digits(int) && frac.is_none_or(digits)
}

fn number(s: &str, len: usize) -> Option<u32> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn is_date(s: &str) -> bool {
    let mut parts = s.split('-');
    let (Some(y), Some(m), Some(d), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let (Some(y), Some(m), Some(d)) = (number(y, 4), number(m, 2), number(d, 2)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// `HH:MM[:SS[.ffffff]]` → `HH:MM:SS[.ffffff]`; fractions only when allowed.
fn normalize_time(s: &str, allow_fraction: bool) -> Option<String> {
    let (clock, fraction) = match s.split_once('.') {
        Some((c, f)) => (c, Some(f)),
        None => (s, None),
    };
    let parts: Vec<&str> = clock.split(':').collect();
    let (h, m, sec) = match parts.as_slice() {
        [h, m] => (number(h, 2)?, number(m, 2)?, 0),
        [h, m, s] => (number(h, 2)?, number(m, 2)?, number(s, 2)?),
        _ => return None,
    };
    if h > 23 || m > 59 || sec > 59 {
        return None;
    }
    let mut out = format!("{h:02}:{m:02}:{sec:02}");
    if let Some(f) = fraction {
        if !allow_fraction || f.is_empty() || f.len() > 6 || !f.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        out.push('.');
        out.push_str(f);
    }
    Some(out)
}

/// `DATE(T| )TIME[Z|+00:00]` → `DATETTIME[Z]`.
fn normalize_datetime(s: &str, utc: bool, usec: bool) -> Option<String> {
    let (date, rest) = s.split_once(['T', ' '])?;
    if !is_date(date) {
        return None;
    }
    let time = if utc {
        rest.strip_suffix('Z')
            .or_else(|| rest.strip_suffix("+00:00"))?
    } else {
        rest
    };
    let time = normalize_time(time, usec)?;
    Some(format!("{date}T{time}{}", if utc { "Z" } else { "" }))
}

fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, len)| g.len() == len && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_with_quotes_and_times() {
        let pieces = split_pieces("a:time:default=09:30:00:required").unwrap();
        assert_eq!(pieces.len(), 4);
        assert_eq!(
            pieces[2],
            Piece::Pair {
                key: "default".into(),
                value: "09:30:00".into(),
                quoted: false
            }
        );
        let pieces = split_pieces(r#"a:string:default="x: \"y\" \\":unique"#).unwrap();
        assert_eq!(
            pieces[2],
            Piece::Pair {
                key: "default".into(),
                value: r#"x: "y" \"#.into(),
                quoted: true
            }
        );
        assert_eq!(pieces[3], Piece::Plain("unique".into()));
    }

    #[test]
    fn cli_values_quote_only_when_needed() {
        assert_eq!(cli_value("hello"), "hello");
        assert_eq!(cli_value("09:30:00"), "09:30:00");
        assert_eq!(cli_value("a:b"), "\"a:b\"");
        assert_eq!(cli_value("\"q"), "\"\\\"q\"");
        assert_eq!(cli_value("a:"), "\"a:\"");
    }

    #[test]
    fn dates_and_times() {
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("2024-13-01"));
        assert!(!is_date("24-01-01"));
        assert_eq!(normalize_time("09:30", false).as_deref(), Some("09:30:00"));
        assert_eq!(
            normalize_time("23:59:59.5", true).as_deref(),
            Some("23:59:59.5")
        );
        assert_eq!(normalize_time("24:00:00", true), None);
        assert_eq!(
            normalize_datetime("2024-01-31 09:30:00+00:00", true, false).as_deref(),
            Some("2024-01-31T09:30:00Z")
        );
        assert_eq!(normalize_datetime("2024-01-31T09:30:00", true, false), None);
        assert_eq!(
            normalize_datetime("2024-01-31T09:30:00.1Z", true, false),
            None
        );
        assert!(is_uuid("7488a646-e31f-11e4-aace-600308960662"));
        assert!(!is_uuid("7488a646e31f11e4aace600308960662"));
    }
}
