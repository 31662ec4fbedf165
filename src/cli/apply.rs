//! Arguments of `scaffold apply` and `scaffold export-spec`.

use clap::Args;
use std::path::PathBuf;

const APPLY_HELP: &str = "\
A spec file declares many things at once; each table is one command and
takes that command's options as keys (`--no-test` is `no_test = true`,
repeatable options are lists: `--call fetch` is `calls = [\"fetch\"]`):

  [[resource]]          scaffold ash-resource   module, fields, policies, ...
  [[policy]]            scaffold ash-policy     module, read, write, owner
  [[migration]]         scaffold migration      name, ops, index, ...
  [[supervisor]]        scaffold supervisor     module, strategy, children, ...
  [[genserver]]         scaffold genserver      module, calls, casts, every, ...
  [[component]]         scaffold live-component module, attrs, slots, stateful
  [[live]]              scaffold live           resource, scope, no_router

Example:

  [[resource]]
  module = \"Catalog.Product\"
  fields = [\"name:string:required\", \"sku:string:unique\",
            \"category:belongs_to:Catalog.Category\"]
  policies = true

  [[resource]]
  module = \"Catalog.Category\"
  fields = [\"name:string:required:unique\"]

  [[genserver]]
  module = \"Inventory.Reserver\"
  calls = [\"reserve\"]

The whole file is checked first and every problem is reported with its
line and column; then everything is planned as one change set (resources
in any order, referenced tables migrated first), shown as one diff and
applied all-or-nothing. Running it again reports everything unchanged;
after editing the file, what is new is created.";

/// `scaffold apply FILE.toml`.
#[derive(Debug, Clone, Args)]
#[command(after_long_help = APPLY_HELP)]
pub struct ApplyArgs {
    /// The spec file (TOML).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

/// `scaffold export-spec [FILE]`.
#[derive(Debug, Clone, Args)]
pub struct ExportSpecArgs {
    /// Write the spec to FILE in the project (default: print it).
    #[arg(value_name = "FILE")]
    pub file: Option<String>,
}
