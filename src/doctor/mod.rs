//! `scaffold doctor`: static checks of a Phoenix/Ash project, and fixes
//! built from the generators.
//!
//! The checks read the project's source without compiling or booting it:
//! foreign keys without an index, processes no supervisor starts, secrets
//! written as literals in config, Ash resources without policies or
//! outside any domain, domains missing from `:ash_domains`, modules without
//! a test file, queries inside loops, and unique-looking fields without a
//! unique index. Each finding has a file and line, a one-line reason and,
//! when a generator can fix it, the `scaffold` command that does.
//!
//! Speed: the project's files are read on every core; a substring test
//! decides which ones can matter to a check, and only those are parsed
//! (the `scan` module). The checks then combine what each file told them.
//!
//! `--fix` turns the fixable findings into one change set by calling the
//! generators' planners (index migrations, supervisor children, domain
//! entries, `:ash_domains`, policies, test files), shown as a diff first.

mod checks;
mod facts;
mod fix;
mod render;
mod scan;
mod skeleton;
mod syntax;

use std::collections::HashSet;

use serde::Serialize;

use crate::changes::Status;
use crate::cli::output::Output;
use crate::cli::prompt::Prompter;
use crate::cli::GlobalOpts;
use crate::error::{did_you_mean, Error, Result};
use crate::project::Project;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing (missing tests, N+1 hints).
    Info,
    /// A problem a reviewer would ask to fix.
    Warning,
    /// A problem that breaks production or leaks secrets.
    Error,
}

impl Severity {
    /// `info`, `warning` or `error`.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses `info`, `warning` or `error` (as for `--fail-on`).
    pub fn parse(input: &str) -> Result<Severity> {
        match input {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            other => {
                let hint = match did_you_mean(other, ["info", "warning", "error"]) {
                    Some(s) => format!("did you mean `{s}`? levels: error, warning, info"),
                    None => "levels: error, warning, info".to_string(),
                };
                Err(Error::input_hint(
                    format!("unknown severity `{other}`"),
                    hint,
                ))
            }
        }
    }
}

/// The checks doctor runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Check {
    /// A foreign-key column without an index that starts with it.
    FkIndex,
    /// A GenServer/Agent/Task with `start_link` that no supervisor starts.
    UnsupervisedProcess,
    /// A secret written as a literal in config.
    HardcodedSecret,
    /// An Ash resource without an authorizer and policies.
    AshPolicies,
    /// An Ash resource its domain does not list.
    AshDomainResource,
    /// An Ash domain missing from `config :app, :ash_domains`.
    AshDomainsConfig,
    /// A module under lib/ without a test file mirroring its path.
    MissingTest,
    /// A query inside a loop.
    NPlusOne,
    /// An `email`/`username`/`slug` field without a unique index.
    UniqueIndex,
    /// A file that does not parse (it was skipped).
    ParseError,
}

impl Check {
    /// Every check, in report order.
    pub const ALL: [Check; 10] = [
        Check::HardcodedSecret,
        Check::AshDomainResource,
        Check::FkIndex,
        Check::UnsupervisedProcess,
        Check::AshPolicies,
        Check::AshDomainsConfig,
        Check::UniqueIndex,
        Check::ParseError,
        Check::NPlusOne,
        Check::MissingTest,
    ];

    /// The id used in output and by `--only`.
    pub fn id(self) -> &'static str {
        match self {
            Check::FkIndex => "fk-index",
            Check::UnsupervisedProcess => "unsupervised-process",
            Check::HardcodedSecret => "hardcoded-secret",
            Check::AshPolicies => "ash-policies",
            Check::AshDomainResource => "ash-domain-resource",
            Check::AshDomainsConfig => "ash-domains-config",
            Check::MissingTest => "missing-test",
            Check::NPlusOne => "n-plus-one",
            Check::UniqueIndex => "unique-index",
            Check::ParseError => "parse-error",
        }
    }

    /// Parses a check id.
    pub fn parse(input: &str) -> Result<Check> {
        let input = input.trim();
        Check::ALL
            .into_iter()
            .find(|c| c.id() == input)
            .ok_or_else(|| {
                let ids: Vec<&str> = Check::ALL.iter().map(|c| c.id()).collect();
                let hint = match did_you_mean(input, ids.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`? checks: {}", ids.join(", ")),
                    None => format!("checks: {}", ids.join(", ")),
                };
                Error::input_hint(format!("unknown check `{input}`"), hint)
            })
    }
}

/// What `--fix` does about a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Action {
    /// A migration adding an index on `table(column)`.
    Index { table: String, column: String },
    /// Add `module` to the application's children.
    Supervise { module: String },
    /// Add `resource` to the `resources` block of `domain` (in `file`).
    RegisterResource { file: String, resource: String },
    /// Add `domain` to `config :app, :ash_domains`.
    RegisterDomain { domain: String },
    /// `scaffold ash-policy MODULE`.
    Policies { resource: String },
    /// Generate a test file for `module`.
    Test {
        module: String,
        test_path: String,
        kind: TestKind,
    },
}

/// What kind of module a generated test covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TestKind {
    /// An Ash resource of `domain`; `read`: it has a read action.
    Resource { domain: Option<String>, read: bool },
    /// A process; `running`: the application starts it under its module
    /// name.
    Process { running: bool },
}

/// One problem found.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// The check that found it.
    #[serde(serialize_with = "check_id")]
    pub check: Check,
    /// How serious it is.
    pub severity: Severity,
    /// Project-relative path.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// One line: what is wrong and why it matters.
    pub message: String,
    /// The `scaffold` command that fixes it, if a generator can.
    pub fix: Option<String>,
    /// Code to paste when the fix is manual (e.g. the runtime.exs lines).
    pub snippet: Option<String>,
    /// What `--fix` does.
    #[serde(skip)]
    pub(crate) action: Option<Action>,
}

fn check_id<S: serde::Serializer>(c: &Check, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(c.id())
}

/// Options of `scaffold doctor`.
#[derive(Debug, Clone)]
pub struct Options {
    /// Build one change set with every available fix.
    pub fix: bool,
    /// Exit with 1 when a finding at or above this level remains.
    pub fail_on: Severity,
    /// Index migrations build their index concurrently.
    pub concurrently: bool,
    /// Run only these checks (empty: all).
    pub only: Vec<Check>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            fix: false,
            fail_on: Severity::Warning,
            concurrently: false,
            only: Vec::new(),
        }
    }
}

/// Which checks run.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Selection {
    pub fk_index: bool,
    pub unsupervised: bool,
    pub secrets: bool,
    pub ash_policies: bool,
    pub ash_domain_resource: bool,
    pub ash_domains_config: bool,
    pub missing_test: bool,
    pub n_plus_one: bool,
    pub unique_index: bool,
}

impl Selection {
    fn of(only: &[Check]) -> Selection {
        let on = |c: Check| only.is_empty() || only.contains(&c);
        Selection {
            fk_index: on(Check::FkIndex),
            unsupervised: on(Check::UnsupervisedProcess),
            secrets: on(Check::HardcodedSecret),
            ash_policies: on(Check::AshPolicies),
            ash_domain_resource: on(Check::AshDomainResource),
            ash_domains_config: on(Check::AshDomainsConfig),
            missing_test: on(Check::MissingTest),
            n_plus_one: on(Check::NPlusOne),
            unique_index: on(Check::UniqueIndex),
        }
    }

    /// Whether Ash resources and domains must be read.
    pub(crate) fn any_ash(&self) -> bool {
        // Index checks read resources too (belongs_to, identities), the
        // N+1 hint needs the code interfaces and a resource's test skeleton
        // its domain.
        self.missing_test
            || self.ash_policies
            || self.ash_domain_resource
            || self.ash_domains_config
            || self.fk_index
            || self.unique_index
            || self.n_plus_one
    }
}

/// The result of an analysis.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Findings, most severe first, then by file and line.
    pub findings: Vec<Finding>,
    /// Files read.
    pub files_read: usize,
    /// Files parsed (the others were ruled out by the literal search).
    pub files_parsed: usize,
}

impl Report {
    /// Number of findings at `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// Whether a finding at or above `level` exists.
    pub fn fails(&self, level: Severity) -> bool {
        self.findings.iter().any(|f| f.severity >= level)
    }
}

/// Analyses `project` (no Elixir runtime, no compile).
pub fn analyze(project: &Project, opts: &Options) -> Result<Report> {
    let sel = Selection::of(&opts.only);
    let mut dirs = vec![project.app_dir.clone()];
    if let Some(web) = &project.web_dir {
        dirs.push(web.clone());
    }
    let root = project.root.as_path();
    let tree = scan::discover(root, &dirs);
    let app = project.app.as_str();
    let scanned = scan::par_map(&tree.files, |e| scan::first_pass(root, e, &sel, app));
    let mut getters: HashSet<String> = HashSet::new();
    for f in scanned.iter().filter_map(|s| s.facts.as_ref()) {
        for d in &f.domains {
            getters.extend(d.getters.iter().cloned());
        }
        for r in &f.resources {
            getters.extend(r.getters.iter().cloned());
        }
    }
    let second: Vec<facts::Facts> = if sel.n_plus_one {
        scan::par_map(&scanned, |s| scan::loop_pass(s, &getters, app))
            .into_iter()
            .flatten()
            .collect()
    } else {
        Vec::new()
    };
    let files_parsed = scanned.iter().filter(|s| s.parsed).count() + second.len();
    let mut findings = checks::run(project, opts, &sel, &scanned, &second, &tree.tests);
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| rank(a.check).cmp(&rank(b.check)))
            .then_with(|| a.file.cmp(&b.file))
            .then_with(|| a.line.cmp(&b.line))
    });
    Ok(Report {
        findings,
        files_read: scanned.len(),
        files_parsed,
    })
}

fn rank(c: Check) -> usize {
    Check::ALL
        .iter()
        .position(|x| *x == c)
        .unwrap_or(usize::MAX)
}

/// What a `--fix` run planned: the report, the files with their status,
/// the notes, and the indices of the findings whose fix was planned.
type Planned = (Report, Vec<(String, Status)>, Vec<String>, HashSet<usize>);

/// `scaffold doctor`: analyse, print the findings, and with `--fix` plan,
/// show and apply the fixes. Returns the exit code: 1 when findings at or
/// above `--fail-on` remain (after `--fix`: those it did not fix).
pub fn command(
    g: &GlobalOpts,
    out: Output,
    prompter: &mut dyn Prompter,
    opts: Options,
) -> Result<i32> {
    if !opts.fix {
        let project = crate::discover(g)?;
        let report = analyze(&project, &opts)?;
        render::print(&report, out, &opts);
        return Ok(i32::from(report.fails(opts.fail_on)));
    }
    // With --json, the findings and the change set are printed as one
    // object after the apply; `finish` stays silent.
    let finish_out = if out.json {
        Output {
            json: false,
            quiet: true,
            interactive: false,
            ..out
        }
    } else {
        out
    };
    let mut result: Option<Planned> = None;
    let code = crate::generate(g, finish_out, prompter, |ctx, set| {
        let report = analyze(ctx.project, &opts)?;
        render::print(&report, out, &opts);
        let fixed = fix::plan(ctx, &report, &opts, set)?;
        let shows_itself = g.dry_run
            || (set.has_changes() && set.modifies_existing() && out.interactive && !g.yes);
        if !out.json && !out.quiet && !shows_itself && set.has_changes() {
            render::emit(&out.diff_text(set));
        }
        let files = set.files().map(|f| (f.path.clone(), f.status())).collect();
        result = Some((report, files, set.notes().to_vec(), fixed));
        Ok(())
    })?;
    let Some((report, files, notes, fixed)) = result else {
        return Ok(code);
    };
    let applied = !g.dry_run && code == 0;
    let remaining: Vec<&Finding> = report
        .findings
        .iter()
        .enumerate()
        .filter(|(i, _)| !(applied && fixed.contains(i)))
        .map(|(_, f)| f)
        .collect();
    if out.json {
        render::print_fix_json(&report, &files, &notes, &fixed, g.dry_run, applied);
    } else if applied && !fixed.is_empty() && !out.quiet {
        render::emit(&format!(
            "fixed {} finding(s); run `scaffold doctor` again to check the result",
            fixed.len()
        ));
    }
    let fails = remaining.iter().any(|f| f.severity >= opts.fail_on);
    Ok(if code != 0 { code } else { i32::from(fails) })
}
