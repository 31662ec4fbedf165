//! Arguments of `scaffold migration`. Values go on to
//! [`crate::spec::migration::MigrationSpec`] as written; mistakes become
//! exit code 2 with a hint there.

use clap::Args;

use crate::spec::migration::MigrationInput;

const MIGRATION_HELP: &str = "\
Operations:

  TABLE.COLUMN:TYPE[:modifier...]   add a column to an existing table
  COLUMN:TYPE[:modifier...]         a column of the new table (NAME is create_TABLE)
  COLUMN:references:TABLE           a foreign key, always indexed
                                    [:required] [:on_delete=delete|nilify|restrict|nothing]
                                    [:type=uuid|bigint]

Types: string ci_string text integer float decimal boolean date time
utc_datetime utc_datetime_usec naive_datetime uuid map binary, atom:V1,V2
and array:TYPE (string is a text column, integer a bigint). Modifiers:
required (NOT NULL), unique (unique index), index, default=VALUE.
Foreign keys default to on_delete=nilify, or restrict when required.

Examples:

  scaffold migration create_tags name:string:unique
  scaffold migration add_published_at_to_posts posts.published_at:utc_datetime \\
    posts.author_id:references:users
  scaffold migration index_posts --index posts.title --unique-index posts.slug --concurrently
  scaffold migration remove_posts_subtitle --remove posts.subtitle:string

The file is priv/repo/migrations/<UTC timestamp>_NAME.exs (the repo's own
folder for other repos and umbrella apps); the timestamp is after every
migration already there. --timestamp and SOURCE_DATE_EPOCH fix it.";

/// `scaffold migration NAME [OPS...]`.
#[derive(Debug, Clone, Default, Args, serde::Deserialize)]
#[command(after_long_help = MIGRATION_HELP)]
#[serde(default, deny_unknown_fields)]
pub struct MigrationArgs {
    /// The migration name, snake_case: `add_published_at_to_posts`, `create_tags`.
    #[arg(value_name = "NAME")]
    pub name: String,

    /// Columns: `TABLE.COLUMN:TYPE[:modifier...]`, or `COLUMN:TYPE` for create_TABLE (see --help).
    #[arg(value_name = "OP")]
    pub ops: Vec<String>,

    /// Add a plain index: TABLE.COLUMN[,COLUMN...] (repeatable).
    #[arg(long, value_name = "TABLE.COLUMNS")]
    pub index: Vec<String>,

    /// Add a unique index: TABLE.COLUMN[,COLUMN...] (repeatable).
    #[arg(long, value_name = "TABLE.COLUMNS")]
    pub unique_index: Vec<String>,

    /// Build the indexes concurrently (no DDL transaction, no migration lock).
    #[arg(long)]
    pub concurrently: bool,

    /// Remove the given columns and indexes instead (reversible: columns need their type).
    #[arg(long)]
    pub remove: bool,

    /// The new table's key is a UUID (`:binary_id`) instead of a bigserial.
    #[arg(long)]
    pub binary_id: bool,

    /// No `timestamps()` in the new table.
    #[arg(long)]
    pub no_timestamps: bool,

    /// The migration's timestamp, YYYYMMDDHHMMSS in UTC (default: now, or SOURCE_DATE_EPOCH).
    #[arg(long, value_name = "YYYYMMDDHHMMSS")]
    pub timestamp: Option<String>,
}

impl MigrationArgs {
    /// The spec input these arguments stand for.
    pub fn input(&self) -> MigrationInput {
        MigrationInput {
            name: self.name.clone(),
            ops: self.ops.clone(),
            index: self.index.clone(),
            unique_index: self.unique_index.clone(),
            concurrently: self.concurrently,
            remove: self.remove,
            binary_id: self.binary_id,
            no_timestamps: self.no_timestamps,
        }
    }
}
