//! The validated input of `scaffold migration NAME [OPS...]`.
//!
//! ```text
//! scaffold migration create_tags name:string:unique
//! scaffold migration add_published_at_to_posts posts.published_at:utc_datetime \
//!     posts.author_id:references:users
//! scaffold migration index_posts --index posts.title --unique-index posts.slug
//! scaffold migration drop_posts_subtitle --remove posts.subtitle:string
//! ```
//!
//! An operation is `TABLE.COLUMN:TYPE[:modifier...]` (add a column to an
//! existing table) or, when NAME is `create_TABLE`, `COLUMN:TYPE[...]` (a
//! column of the new table). Types and modifiers are those of the field
//! syntax (`required`, `unique`, `index`, `default=VALUE`; see
//! [`crate::spec::field`]) plus `references:TABLE` with
//! `on_delete=delete|nilify|restrict|nothing` and `type=uuid|bigint`.
//! `--index TABLE.COL[,COL...]` and `--unique-index ...` add indexes;
//! `--remove` turns every operation into its removal (columns need their
//! type so the migration can be rolled back).

use crate::error::{did_you_mean, Error, Result};
use crate::spec::field::{
    AttrType, BaseType, DefaultValue, Field, FieldKind, OnDelete, ScalarType,
};
use crate::spec::names::{SnakeName, TableName, MAX_IDENTIFIER_LEN};

/// The `scaffold migration` command line, unvalidated.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MigrationInput {
    /// `create_tags`, `add_published_at_to_posts`.
    pub name: String,
    /// Column operations.
    pub ops: Vec<String>,
    /// `--index TABLE.COL[,COL...]`, repeatable.
    pub index: Vec<String>,
    /// `--unique-index TABLE.COL[,COL...]`, repeatable.
    pub unique_index: Vec<String>,
    /// `--concurrently`: build indexes without locking writes.
    pub concurrently: bool,
    /// `--remove`: remove the columns and indexes instead.
    pub remove: bool,
    /// `--binary-id`: the new table's key is a UUID (`:binary_id`).
    pub binary_id: bool,
    /// `--no-timestamps`: no `timestamps()` in a new table.
    pub no_timestamps: bool,
}

/// A column type of a standalone migration.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnType {
    /// A scalar or array type from the field syntax.
    Attr(AttrType),
    /// A foreign key: `references:users`.
    References {
        /// The referenced table.
        table: TableName,
        /// What happens when the referenced row is deleted.
        on_delete: OnDelete,
        /// `type=`: the key type as Elixir code (`:uuid`, `:bigint`); `None`
        /// leaves it to Ecto's `:migration_foreign_key` default.
        key_type: Option<String>,
    },
}

/// One column to add or remove.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnSpec {
    /// `published_at`
    pub name: SnakeName,
    /// The type; `None` only when removing without a type (refused).
    pub ty: ColumnType,
    /// NOT NULL.
    pub required: bool,
    /// A unique index on the column.
    pub unique: bool,
    /// A plain index on the column (implied for references).
    pub index: bool,
    /// The validated default.
    pub default: Option<DefaultValue>,
    /// The argument as given, for messages.
    pub cli: String,
}

impl ColumnSpec {
    /// Whether the column gets an index (references always do).
    pub fn indexed(&self) -> bool {
        self.index || matches!(self.ty, ColumnType::References { .. })
    }
}

/// An index to add or remove.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexSpec {
    /// The table.
    pub table: TableName,
    /// The indexed columns, in order.
    pub columns: Vec<SnakeName>,
    /// A unique index.
    pub unique: bool,
}

/// What the migration does.
#[derive(Debug, Clone, PartialEq)]
pub enum MigrationKind {
    /// `create_TABLE`: a new table.
    CreateTable {
        /// The table.
        table: TableName,
        /// Its columns (besides the key and timestamps).
        columns: Vec<ColumnSpec>,
        /// `--binary-id`.
        binary_id: bool,
        /// Add `timestamps(type: :utc_datetime)`.
        timestamps: bool,
    },
    /// Columns added to (or removed from) existing tables, and indexes.
    Alter {
        /// `(table, column)` in command-line order.
        columns: Vec<(TableName, ColumnSpec)>,
        /// `--index` / `--unique-index`.
        indexes: Vec<IndexSpec>,
        /// `--remove`.
        remove: bool,
    },
}

/// The validated `scaffold migration` command.
#[derive(Debug, Clone, PartialEq)]
pub struct MigrationSpec {
    /// `add_published_at_to_posts`
    pub name: String,
    /// `AddPublishedAtToPosts` (the module is `<Repo>.Migrations.<this>`).
    pub module_suffix: String,
    /// What it does.
    pub kind: MigrationKind,
    /// `--concurrently`.
    pub concurrently: bool,
}

/// Validates a migration name: snake_case ASCII, starting with a letter,
/// no double or trailing underscores. Returns the name and its
/// camelized form (`Macro.camelize/1`): `create_tags` → `CreateTags`.
pub fn migration_name(input: &str) -> Result<(String, String)> {
    let hint = "migration names are snake_case, e.g. `add_published_at_to_posts`";
    let bad =
        |why: &str| Error::input_hint(format!("invalid migration name `{input}`: {why}"), hint);
    if input.is_empty() {
        return Err(Error::input_hint("the migration name is empty", hint));
    }
    if let Some(c) = input
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_'))
    {
        let lowered = input.to_ascii_lowercase().replace(['-', ' ', '.'], "_");
        if (c.is_ascii_uppercase() || c == '-' || c == ' ') && migration_name(&lowered).is_ok() {
            return Err(Error::input_hint(
                format!("invalid migration name `{input}`: use lowercase letters, digits and `_`"),
                format!("did you mean `{lowered}`?"),
            ));
        }
        return Err(bad(&format!("`{c}` is not allowed")));
    }
    if !input.as_bytes()[0].is_ascii_lowercase() {
        return Err(bad("it must start with a letter"));
    }
    if input.ends_with('_') || input.contains("__") {
        return Err(bad("no trailing or doubled underscores"));
    }
    if input.len() > 200 {
        return Err(bad("it is longer than 200 bytes"));
    }
    let camel: String = input
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect();
    Ok((input.to_string(), camel))
}

impl MigrationSpec {
    /// Validates the command line.
    pub fn build(input: MigrationInput) -> Result<MigrationSpec> {
        let (name, module_suffix) = migration_name(&input.name)?;
        let create_table = name.strip_prefix("create_").filter(|t| !t.is_empty());
        let creates = create_table.is_some()
            && !input.ops.is_empty()
            && input.ops.iter().all(|op| !op_has_table(op));
        if input.ops.is_empty() && input.index.is_empty() && input.unique_index.is_empty() {
            return Err(Error::input_hint(
                format!("migration `{name}` has nothing to do"),
                "give columns (`posts.published_at:utc_datetime`, or `title:string` with a `create_TABLE` name) or --index TABLE.COLUMN",
            ));
        }
        let kind = if creates {
            if input.remove {
                return Err(Error::input_hint(
                    "`--remove` does not apply to a `create_TABLE` migration",
                    "to drop columns, name the table: `--remove posts.subtitle:string`",
                ));
            }
            let table = TableName::parse(create_table.unwrap_or_default())
                .map_err(|e| in_name(e, &name))?;
            table.check_creatable(
                "name the migration after another table, e.g. `create_audit_entries`",
            )?;
            let mut columns = Vec::new();
            for op in &input.ops {
                let col = parse_column(op, op)?;
                if matches!(col.name.as_str(), "id" | "inserted_at" | "updated_at") {
                    return Err(Error::input_hint(
                        format!("column `{}` is added automatically", col.name),
                        "remove it (use --binary-id for a UUID key, --no-timestamps to leave out the timestamps)",
                    ));
                }
                if columns.iter().any(|c: &ColumnSpec| c.name == col.name) {
                    return Err(Error::input_hint(
                        format!("column `{}` is given twice", col.name),
                        "give each column once",
                    ));
                }
                columns.push(col);
            }
            let mut indexes = Vec::new();
            parse_indexes(&input, &mut indexes)?;
            if !indexes.is_empty() {
                return Err(Error::input_hint(
                    "`--index` and `--unique-index` name existing tables; for the new table use the `index` and `unique` modifiers",
                    format!("e.g. `{}:string:unique`", columns.first().map(|c| c.name.as_str()).unwrap_or("name")),
                ));
            }
            MigrationKind::CreateTable {
                table,
                columns,
                binary_id: input.binary_id,
                timestamps: !input.no_timestamps,
            }
        } else {
            if input.binary_id || input.no_timestamps {
                return Err(Error::input_hint(
                    "`--binary-id` and `--no-timestamps` apply to `create_TABLE` migrations",
                    "drop them, or name the migration `create_TABLE`",
                ));
            }
            let mut columns: Vec<(TableName, ColumnSpec)> = Vec::new();
            for op in &input.ops {
                let Some((table, rest)) = split_table(op) else {
                    let hint = match create_table {
                        Some(_) => "write every column as COLUMN:TYPE (new table) or every one as TABLE.COLUMN:TYPE".to_string(),
                        None => format!(
                            "write `TABLE.{op}` to add a column to a table, or name the migration `create_TABLE` to create one"
                        ),
                    };
                    return Err(Error::input_hint(
                        format!("`{op}`: which table? (unknown table syntax)"),
                        hint,
                    ));
                };
                let table = TableName::parse(table).map_err(|e| in_op(e, op))?;
                let col = if input.remove {
                    parse_removed_column(rest, op)?
                } else {
                    parse_column(rest, op)?
                };
                if columns
                    .iter()
                    .any(|(t, c)| *t == table && c.name == col.name)
                {
                    return Err(Error::input_hint(
                        format!("column `{table}.{}` is given twice", col.name),
                        "give each column once",
                    ));
                }
                columns.push((table, col));
            }
            let mut indexes = Vec::new();
            parse_indexes(&input, &mut indexes)?;
            MigrationKind::Alter {
                columns,
                indexes,
                remove: input.remove,
            }
        };
        Ok(MigrationSpec {
            name,
            module_suffix,
            kind,
            concurrently: input.concurrently,
        })
    }
}

fn in_name(e: Error, name: &str) -> Error {
    match e {
        Error::Input { message, hint } => Error::Input {
            message: format!("migration `{name}`: {message}"),
            hint,
        },
        other => other,
    }
}

fn in_op(e: Error, op: &str) -> Error {
    match e {
        Error::Input { message, hint } => Error::Input {
            message: format!("`{op}`: {message}"),
            hint,
        },
        other => other,
    }
}

/// Whether an operation starts with `TABLE.` (a `.` before the first `:`).
fn op_has_table(op: &str) -> bool {
    split_table(op).is_some()
}

fn split_table(op: &str) -> Option<(&str, &str)> {
    let head = op.split(':').next().unwrap_or(op);
    let dot = head.find('.')?;
    Some((&op[..dot], &op[dot + 1..]))
}

const REFERENCE_MODIFIERS: &str =
    "required, on_delete=delete|nilify|restrict|nothing, type=uuid|bigint";

/// `COLUMN:TYPE[:modifier...]`.
fn parse_column(text: &str, op: &str) -> Result<ColumnSpec> {
    let mut parts = text.split(':');
    let name_part = parts.next().unwrap_or_default();
    if parts.clone().next() == Some("references") {
        return parse_reference(name_part, &text.split(':').skip(2).collect::<Vec<_>>(), op);
    }
    if !text.contains(':') {
        return Err(Error::input_hint(
            format!("`{op}`: the column needs a type"),
            format!("e.g. `{op}:string`; see `scaffold migration --help` for the types"),
        ));
    }
    let field = Field::parse(text).map_err(|e| in_op(e, op))?;
    let FieldKind::Attribute(a) = &field.kind else {
        return Err(Error::input_hint(
            format!("`{op}`: relationships are Ash resource fields, not columns"),
            format!(
                "write the foreign key column instead: `{}_id:references:TABLE`",
                field.name
            ),
        ));
    };
    if a.sensitive || !a.public {
        let which = if a.sensitive { "sensitive" } else { "private" };
        return Err(Error::input_hint(
            format!("`{op}`: `{which}` is an Ash attribute option, not a column option"),
            "accepted: required, unique, index, default=VALUE",
        ));
    }
    Ok(ColumnSpec {
        name: field.name.clone(),
        ty: ColumnType::Attr(a.ty.clone()),
        required: a.required,
        unique: a.unique,
        index: a.index,
        default: a.default.clone(),
        cli: op.to_string(),
    })
}

/// A column to remove: `COLUMN:TYPE` (modifiers ignored but checked).
fn parse_removed_column(text: &str, op: &str) -> Result<ColumnSpec> {
    if !text.contains(':') {
        return Err(Error::input_hint(
            format!(
                "`{op}`: removing a column needs its type, so the migration can be rolled back"
            ),
            format!("e.g. `--remove {op}:string`"),
        ));
    }
    parse_column(text, op)
}

fn parse_reference(name: &str, rest: &[&str], op: &str) -> Result<ColumnSpec> {
    let name = SnakeName::field(name).map_err(|e| in_op(e, op))?;
    if name.as_str().len() > MAX_IDENTIFIER_LEN {
        return Err(Error::input_hint(
            format!("`{op}`: the column name is too long"),
            "use a shorter name",
        ));
    }
    let Some(table) = rest.first().filter(|t| !t.is_empty()) else {
        return Err(Error::input_hint(
            format!("`{op}`: `references` needs the referenced table"),
            format!("e.g. `{name}:references:users`"),
        ));
    };
    let table = TableName::parse(table).map_err(|e| in_op(e, op))?;
    let mut required = false;
    let mut on_delete = None;
    let mut key_type = None;
    for m in &rest[1..] {
        match m.split_once('=') {
            None if *m == "required" => required = true,
            Some(("on_delete", v)) => {
                let names = ["delete", "nilify", "restrict", "nothing"];
                on_delete = Some(match v {
                    "delete" => OnDelete::Delete,
                    "nilify" => OnDelete::Nilify,
                    "restrict" => OnDelete::Restrict,
                    "nothing" => OnDelete::Nothing,
                    other => {
                        let hint = match did_you_mean(other, names) {
                            Some(s) => format!("did you mean `on_delete={s}`?"),
                            None => format!("one of: {}", names.join(", ")),
                        };
                        return Err(Error::input_hint(
                            format!("`{op}`: unknown on_delete action `{other}`"),
                            hint,
                        ));
                    }
                });
            }
            Some(("type", v)) => {
                key_type = Some(match v {
                    "uuid" | "binary_id" => format!(":{v}"),
                    "bigint" | "integer" | "id" => ":bigint".to_string(),
                    other => {
                        return Err(Error::input_hint(
                            format!("`{op}`: unknown key type `{other}`"),
                            "one of: uuid, binary_id, bigint",
                        ))
                    }
                });
            }
            _ => {
                return Err(Error::input_hint(
                    format!("`{op}`: unknown modifier `{m}` for references"),
                    format!("accepted: {REFERENCE_MODIFIERS}"),
                ))
            }
        }
    }
    if required && on_delete == Some(OnDelete::Nilify) {
        return Err(Error::input_hint(
            format!("`{op}`: `on_delete=nilify` cannot clear a `required` reference"),
            "use on_delete=delete or restrict, or drop `required`",
        ));
    }
    let on_delete = on_delete.unwrap_or(if required {
        OnDelete::Restrict
    } else {
        OnDelete::Nilify
    });
    Ok(ColumnSpec {
        name,
        ty: ColumnType::References {
            table,
            on_delete,
            key_type,
        },
        required,
        unique: false,
        index: true,
        default: None,
        cli: op.to_string(),
    })
}

fn parse_indexes(input: &MigrationInput, out: &mut Vec<IndexSpec>) -> Result<()> {
    for (list, unique) in [(&input.index, false), (&input.unique_index, true)] {
        for raw in list {
            let flag = if unique { "--unique-index" } else { "--index" };
            let Some((table, cols)) = raw.split_once('.') else {
                return Err(Error::input_hint(
                    format!("`{flag} {raw}`: which table? (unknown table syntax)"),
                    index_without_table_hint(input, flag, raw),
                ));
            };
            let table = TableName::parse(table).map_err(|e| in_op(e, raw))?;
            let mut columns = Vec::new();
            for c in cols.split(',') {
                let c = SnakeName::field(c.trim()).map_err(|e| in_op(e, raw))?;
                if columns.contains(&c) {
                    return Err(Error::input_hint(
                        format!("`{raw}`: column `{c}` is listed twice"),
                        "list each column once",
                    ));
                }
                columns.push(c);
            }
            let spec = IndexSpec {
                table,
                columns,
                unique,
            };
            if out
                .iter()
                .any(|i| i.table == spec.table && i.columns == spec.columns)
            {
                return Err(Error::input_hint(
                    format!("the index on `{raw}` is given twice"),
                    "give each index once",
                ));
            }
            out.push(spec);
        }
    }
    Ok(())
}

/// The hint for `--index TEXT` without a `.`: a list of columns gets a
/// `TABLE.` in front; a single word is taken as the table, with a column
/// of that table given in the same command when there is one.
fn index_without_table_hint(input: &MigrationInput, flag: &str, raw: &str) -> String {
    let syntax = format!("write `{flag} TABLE.COLUMN[,COLUMN...]`");
    if raw.contains(',') {
        return format!("{syntax}, e.g. `{flag} TABLE.{raw}`");
    }
    if TableName::parse(raw).is_err() {
        return syntax;
    }
    let column = input
        .ops
        .iter()
        .filter_map(|op| split_table(op))
        .filter(|(table, _)| *table == raw)
        .filter_map(|(_, rest)| rest.split(':').next())
        .find(|c| SnakeName::field(c).is_ok())
        .unwrap_or("COLUMN");
    format!("{syntax}, e.g. `{flag} {raw}.{column}`")
}

/// The scalar type of an attribute type, if it is not an atom.
pub fn scalar_of(ty: &AttrType) -> Option<ScalarType> {
    match ty.base {
        BaseType::Scalar(s) => Some(s),
        BaseType::Atom(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ectos_migrations_table_is_not_created() {
        let input = |name: &str, ops: &[&str]| MigrationInput {
            name: name.to_string(),
            ops: ops.iter().map(|o| o.to_string()).collect(),
            ..MigrationInput::default()
        };
        let e = MigrationSpec::build(input("create_schema_migrations", &["version:integer"]))
            .expect_err("schema_migrations belongs to Ecto");
        assert_eq!(e.code(), 2);
        assert!(
            e.to_string().contains("`schema_migrations` is taken"),
            "{e}"
        );
        assert!(e.hint().is_some_and(|h| h.contains("create_")), "{e:?}");
        assert!(
            MigrationSpec::build(input("create_app_schema_migrations", &["version:integer"]))
                .is_ok()
        );
    }

    #[test]
    fn names_camelize_like_macro_camelize() {
        assert_eq!(migration_name("create_tags").unwrap().1, "CreateTags");
        assert_eq!(
            migration_name("add_2fa_to_users").unwrap().1,
            "Add2faToUsers"
        );
        assert_eq!(migration_name("v2").unwrap().1, "V2");
        for bad in [
            "", "Create", "_x", "x_", "a__b", "1abc", "a-b", "a.b", "añadir",
        ] {
            assert!(migration_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_index_without_a_table_gets_a_usable_example() {
        let hint = |ops: &[&str], index: &[&str], unique: &[&str]| {
            let e = MigrationSpec::build(MigrationInput {
                name: "add_idx".to_string(),
                ops: ops.iter().map(|o| o.to_string()).collect(),
                index: index.iter().map(|o| o.to_string()).collect(),
                unique_index: unique.iter().map(|o| o.to_string()).collect(),
                ..MigrationInput::default()
            })
            .expect_err("no table");
            assert_eq!(e.code(), 2);
            assert!(e.to_string().contains("which table?"), "{e}");
            e.hint().unwrap_or_default()
        };
        let syntax = "write `--index TABLE.COLUMN[,COLUMN...]`";
        assert_eq!(
            hint(&[], &["posts"], &[]),
            format!("{syntax}, e.g. `--index posts.COLUMN`")
        );
        assert_eq!(
            hint(&["posts.slug:string"], &["posts"], &[]),
            format!("{syntax}, e.g. `--index posts.slug`")
        );
        assert_eq!(
            hint(&["users.slug:string"], &["posts"], &[]),
            format!("{syntax}, e.g. `--index posts.COLUMN`")
        );
        assert_eq!(
            hint(&[], &["title,body"], &[]),
            format!("{syntax}, e.g. `--index TABLE.title,body`")
        );
        assert_eq!(hint(&[], &["Posts"], &[]), syntax);
        assert_eq!(
            hint(&[], &[], &["users"]),
            "write `--unique-index TABLE.COLUMN[,COLUMN...]`, e.g. `--unique-index users.COLUMN`"
        );
    }

    #[test]
    fn tables_are_split_before_the_type() {
        assert_eq!(
            split_table("posts.title:string"),
            Some(("posts", "title:string"))
        );
        assert_eq!(split_table("title:string:default=a.b"), None);
        assert_eq!(split_table("posts.title"), Some(("posts", "title")));
    }
}
