//! Arguments of `scaffold doctor`.

use clap::Args;

use crate::doctor::{Check, Options, Severity};
use crate::error::Result;

const DOCTOR_HELP: &str = "\
Checks (ids for --only):

  fk-index              foreign-key columns without an index (migrations, belongs_to)
  unsupervised-process  GenServer/Agent/Task with start_link that no supervisor starts
  hardcoded-secret      secrets as literals in config (dev.exs and test.exs excepted)
  ash-policies          Ash resources without Ash.Policy.Authorizer and policies
  ash-domain-resource   Ash resources their domain does not list
  ash-domains-config    Ash domains missing from config :app, :ash_domains
  unique-index          email/username/slug without a unique index or identity
  n-plus-one            queries inside Enum/for loops (info)
  missing-test          modules under lib/ without a mirroring test file (info)
  parse-error           files that do not parse (always on)

Exit codes: 0 when no finding is at or above --fail-on, 1 otherwise (after
--fix: among the findings it did not fix), 2 for bad usage.

Examples:

  scaffold doctor
  scaffold doctor --json --fail-on error
  scaffold doctor --only fk-index,unique-index
  scaffold doctor --fix --dry-run
  scaffold doctor --fix --yes --concurrently";

/// `scaffold doctor [options]`
#[derive(Debug, Clone, Args)]
#[command(after_long_help = DOCTOR_HELP)]
pub struct DoctorArgs {
    /// Build one change set with every fix a generator can make; shown as a
    /// diff, applied after confirmation (or --yes).
    #[arg(long)]
    pub fix: bool,

    /// Exit with 1 when a finding at or above LEVEL exists: error, warning or info.
    #[arg(long, value_name = "LEVEL", default_value = "warning")]
    pub fail_on: String,

    /// Index migrations from --fix build their index concurrently.
    #[arg(long)]
    pub concurrently: bool,

    /// Run only these checks (comma-separated or repeated; see --help).
    #[arg(long, value_name = "CHECK", value_delimiter = ',')]
    pub only: Vec<String>,
}

impl DoctorArgs {
    /// The validated options (unknown levels or checks are bad input).
    pub fn options(&self) -> Result<Options> {
        let mut only = Vec::new();
        for c in &self.only {
            let check = Check::parse(c)?;
            if !only.contains(&check) {
                only.push(check);
            }
        }
        Ok(Options {
            fix: self.fix,
            fail_on: Severity::parse(&self.fail_on)?,
            concurrently: self.concurrently,
            only,
        })
    }
}
