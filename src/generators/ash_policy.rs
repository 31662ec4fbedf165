//! Policies for Ash resources: the `policies do ... end` block that
//! `scaffold ash-resource --policies` writes, and `scaffold ash-policy`,
//! which adds the same block (and `Ash.Policy.Authorizer`) to an existing
//! resource in place.
//!
//! Secure by default: every action type the resource has gets a policy,
//! and anything no policy authorizes is forbidden (Ash's rule). Reads are
//! open to any actor; writes to the owner (through a `belongs_to` to the
//! user) or to an admin. Creates are checked with `relating_to_actor`
//! (the record is being related to the actor), updates and destroys with
//! `relates_to_actor_via` (the stored record belongs to the actor): a
//! filter check cannot judge a record that does not exist yet. The admin
//! rule is a reusable `Ash.Policy.SimpleCheck` written once per project.

use serde::Serialize;

use super::ash_init::edit_listed;
use super::Context;
use crate::changes::ChangeSet;
use crate::elixir::{Document, UseValue};
use crate::error::{did_you_mean, Error, Result};
use crate::spec::names::ModuleName;

/// Who may read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadAccess {
    /// Everyone, also without an actor: `authorize_if always()`.
    Any,
    /// Any actor: `authorize_if actor_present()`.
    Actor,
    /// The owner or an admin.
    Owner,
}

impl ReadAccess {
    /// Parses `any`, `actor` or `owner`.
    pub fn parse(input: &str) -> Result<ReadAccess> {
        match input {
            "any" => Ok(ReadAccess::Any),
            "actor" => Ok(ReadAccess::Actor),
            "owner" => Ok(ReadAccess::Owner),
            other => Err(unknown_access("--read", other, &["any", "actor", "owner"])),
        }
    }
}

/// Who may create, update and destroy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteAccess {
    /// The owner or an admin.
    Owner,
    /// Only an admin.
    Admin,
    /// Any actor.
    Actor,
}

impl WriteAccess {
    /// Parses `owner`, `admin` or `actor`.
    pub fn parse(input: &str) -> Result<WriteAccess> {
        match input {
            "owner" => Ok(WriteAccess::Owner),
            "admin" => Ok(WriteAccess::Admin),
            "actor" => Ok(WriteAccess::Actor),
            other => Err(unknown_access(
                "--write",
                other,
                &["owner", "admin", "actor"],
            )),
        }
    }
}

fn unknown_access(flag: &str, input: &str, names: &[&str]) -> Error {
    let hint = match did_you_mean(input, names.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("one of: {}", names.join(", ")),
    };
    Error::input_hint(format!("unknown {flag} value `{input}`"), hint)
}

/// What the policies block of one resource says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicySet {
    /// Who may read.
    pub read: ReadAccess,
    /// Who may write.
    pub write: WriteAccess,
    /// The belongs_to relationship naming the owner (`author`); required
    /// when `read` or `write` is `Owner`.
    pub owner: Option<String>,
    /// The role check module: `Shop.Checks.ActorHasRole`.
    pub role_check: ModuleName,
    /// The role that may write anything: `admin`.
    pub admin_role: String,
    /// The resource has read actions.
    pub reads: bool,
    /// The resource has create actions.
    pub creates: bool,
    /// The resource has update actions.
    pub updates: bool,
    /// The resource has destroy actions.
    pub destroys: bool,
}

#[derive(Serialize)]
struct PolicyCode {
    condition: String,
    checks: Vec<String>,
}

#[derive(Serialize)]
struct PoliciesContext {
    policies: Vec<PolicyCode>,
}

#[derive(Serialize)]
struct CheckContext {
    module: String,
}

impl PolicySet {
    /// The admin check as used in a policy: `{Shop.Checks.ActorHasRole, role: :admin}`.
    pub fn admin_check(&self) -> String {
        format!("{{{}, role: :{}}}", self.role_check, self.admin_role)
    }

    /// Whether a policy uses the role check (so its module is needed).
    pub fn uses_role_check(&self) -> bool {
        self.write != WriteAccess::Actor || self.read == ReadAccess::Owner
    }

    fn owner_name(&self) -> Result<&str> {
        self.owner.as_deref().ok_or_else(|| {
            Error::input_hint(
                "owner policies need a belongs_to relationship to the owner",
                "pass --owner REL, or --write admin / --read actor",
            )
        })
    }

    fn policies(&self) -> Result<Vec<PolicyCode>> {
        let admin = self.admin_check();
        let mut out = Vec::new();
        if self.reads {
            let checks = match self.read {
                ReadAccess::Any => vec!["always()".to_string()],
                ReadAccess::Actor => vec!["actor_present()".to_string()],
                ReadAccess::Owner => vec![
                    format!("relates_to_actor_via(:{})", self.owner_name()?),
                    admin.clone(),
                ],
            };
            out.push(PolicyCode {
                condition: "action_type(:read)".into(),
                checks,
            });
        }
        if self.creates {
            let checks = match self.write {
                WriteAccess::Owner => vec![
                    format!("relating_to_actor(:{})", self.owner_name()?),
                    admin.clone(),
                ],
                WriteAccess::Admin => vec![admin.clone()],
                WriteAccess::Actor => vec!["actor_present()".to_string()],
            };
            out.push(PolicyCode {
                condition: "action_type(:create)".into(),
                checks,
            });
        }
        let changes: Vec<&str> = [("update", self.updates), ("destroy", self.destroys)]
            .into_iter()
            .filter(|(_, on)| *on)
            .map(|(t, _)| t)
            .collect();
        if !changes.is_empty() {
            let condition = match changes.as_slice() {
                [one] => format!("action_type(:{one})"),
                many => format!(
                    "action_type([{}])",
                    many.iter()
                        .map(|t| format!(":{t}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            let checks = match self.write {
                WriteAccess::Owner => vec![
                    format!("relates_to_actor_via(:{})", self.owner_name()?),
                    admin.clone(),
                ],
                WriteAccess::Admin => vec![admin],
                WriteAccess::Actor => vec!["actor_present()".to_string()],
            };
            out.push(PolicyCode { condition, checks });
        }
        Ok(out)
    }

    /// The `policies do ... end` block, its first line at column 0 and the
    /// rest relative to it.
    pub fn block(&self, ctx: &Context) -> Result<String> {
        let policies = self.policies()?;
        let code = ctx
            .renderer
            .render("ash/policies.ex.j2", PoliciesContext { policies })?;
        Ok(code.trim_end().to_string())
    }

    /// The individual `policy ... do ... end` entries, for extending an
    /// existing policies block.
    fn entries(&self, ctx: &Context) -> Result<Vec<String>> {
        let block = self.block(ctx)?;
        let inner: Vec<&str> = block.lines().skip(1).collect();
        let inner = &inner[..inner.len().saturating_sub(1)];
        Ok(inner
            .split(|l| l.trim().is_empty())
            .filter(|chunk| !chunk.is_empty())
            .map(|chunk| {
                chunk
                    .iter()
                    .map(|l| l.strip_prefix("  ").unwrap_or(l))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .collect())
    }
}

/// `Shop.Checks.ActorHasRole` for the base module `Shop`.
pub fn role_check_module(base: &ModuleName) -> Result<ModuleName> {
    base.child("Checks")?.child("ActorHasRole")
}

/// Plans `lib/shop/checks/actor_has_role.ex`, the reusable role check.
pub fn plan_role_check(ctx: &Context, module: &ModuleName, set: &mut ChangeSet) -> Result<()> {
    let path = ctx
        .project
        .app_path(&format!("lib/{}.ex", module.underscore_path()));
    let code = ctx.renderer.render(
        "ash/actor_has_role.ex.j2",
        CheckContext {
            module: module.to_string(),
        },
    )?;
    if let Some(existing) = set.read(&path)? {
        // A check the user edited is theirs: keep it.
        if existing != code && !set.force() {
            set.note(format!(
                "{path} exists and differs from the generated check; kept as it is"
            ));
            return Ok(());
        }
    }
    set.create(&path, code)
}

/// The `scaffold ash-policy` command line, unvalidated.
#[derive(Debug, Clone, Default)]
pub struct PolicyInput {
    /// `Blog.Post` or `Shop.Blog.Post`.
    pub module: String,
    /// `--read any|actor|owner`.
    pub read: Option<String>,
    /// `--write owner|admin|actor`.
    pub write: Option<String>,
    /// `--owner REL`.
    pub owner: Option<String>,
}

/// Plans `scaffold ash-policy`: adds `Ash.Policy.Authorizer` to the
/// resource's `use Ash.Resource`, then inserts the policies block (or the
/// policies it lacks into an existing block), and the role check module.
pub fn plan(ctx: &Context, input: &PolicyInput, set: &mut ChangeSet) -> Result<()> {
    let project = ctx.project;
    let base = ModuleName::parse(&project.base_module)?;
    let written = ModuleName::parse(&input.module)?;
    let module = if written.starts_with(&base) {
        written.clone()
    } else {
        base.join(&written)?
    };
    let read = input.read.as_deref().map(ReadAccess::parse).transpose()?;
    let write = input.write.as_deref().map(WriteAccess::parse).transpose()?;

    let known = super::ash_resource::scan_resources(ctx, set)?;
    let Some(found) = known.iter().find(|r| r.module == module.as_str()) else {
        let names: Vec<String> = known
            .iter()
            .map(|r| {
                ModuleName::parse(&r.module)
                    .ok()
                    .and_then(|m| m.relative_to(&base))
                    .map_or(r.module.clone(), |m| m.to_string())
            })
            .collect();
        let hint = match did_you_mean(written.as_str(), names.iter().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`?"),
            None if names.is_empty() => {
                "generate it first with `scaffold ash-resource`".to_string()
            }
            None => format!("resources: {}", names.join(", ")),
        };
        return Err(Error::input_hint(
            format!("no Ash resource `{module}` in this project"),
            hint,
        ));
    };
    let info = &found.info;
    if info.data_layer.as_deref() == Some(":embedded") {
        return Err(Error::input_hint(
            format!("`{module}` is an embedded resource: policies do not apply to it"),
            "add policies to the resource that embeds it",
        ));
    }

    let belongs_to: Vec<&crate::elixir::Relationship> = info
        .relationships
        .iter()
        .filter(|r| r.kind == "belongs_to")
        .collect();
    let owner_input = input.owner.clone().or_else(|| {
        // The project default applies only when the resource has it.
        project.defaults.owner_relationship.clone().filter(|o| {
            info.relationships
                .iter()
                .any(|r| r.kind == "belongs_to" && &r.name == o)
        })
    });
    let owner = match &owner_input {
        Some(name) => {
            if !belongs_to.iter().any(|r| &r.name == name) {
                let names: Vec<&str> = belongs_to.iter().map(|r| r.name.as_str()).collect();
                let hint = match did_you_mean(name, names.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None if names.is_empty() => {
                        format!("{module} has no belongs_to relationship; use --write admin")
                    }
                    None => format!("belongs_to relationships: {}", names.join(", ")),
                };
                return Err(Error::input_hint(
                    format!("--owner {name}: `{module}` has no belongs_to relationship `{name}`"),
                    hint,
                ));
            }
            Some(name.clone())
        }
        None => belongs_to
            .iter()
            .find(|r| r.destination.rsplit('.').next() == Some("User"))
            .map(|r| r.name.clone()),
    };
    let write = match (write, &owner) {
        (Some(w), _) => w,
        (None, Some(_)) => WriteAccess::Owner,
        (None, None) => {
            set.note(format!(
                "{module} has no belongs_to to a User: writes are allowed to admins only (--owner REL to name the owner)"
            ));
            WriteAccess::Admin
        }
    };
    let kinds: Vec<&str> = info.actions.iter().map(|a| a.kind.as_str()).collect();
    let policy = PolicySet {
        read: read.unwrap_or(ReadAccess::Actor),
        write,
        owner,
        role_check: role_check_module(&base)?,
        admin_role: project
            .defaults
            .admin_role
            .clone()
            .unwrap_or_else(|| "admin".into()),
        reads: kinds.contains(&"read"),
        creates: kinds.contains(&"create"),
        updates: kinds.contains(&"update"),
        destroys: kinds.contains(&"destroy"),
    };
    if kinds.contains(&"action") {
        set.note(format!(
            "{module} has generic actions: no policy covers them, so they are forbidden until you add one"
        ));
    }
    let block = policy.block(ctx)?;
    let entries = policy.entries(ctx)?;
    let order: Vec<String> = super::ash_init::RESOURCE_SECTIONS
        .iter()
        .map(|s| s.to_string())
        .collect();
    let had_policies = info.has_policies;
    let mut extended = false;
    edit_listed(set, &found.path, |doc: &mut Document| {
        let mut outcomes = vec![doc.ensure_use_option(
            "Ash.Resource",
            "authorizers",
            &UseValue::List(vec!["Ash.Policy.Authorizer".into()]),
        )?];
        if had_policies {
            for entry in &entries {
                let outcome = doc.add_to_section("policies", entry, &order)?;
                extended |= outcome.is_changed();
                outcomes.push(outcome);
            }
        } else {
            outcomes.push(doc.insert_section(&block, &order)?);
        }
        Ok(outcomes)
    })?;
    if extended {
        set.note(format!(
            "{}: existing policies are kept and the new ones added next to them; a request must pass every policy that applies, so a looser new policy does not loosen an existing one",
            found.path
        ));
    }
    if policy.uses_role_check() {
        plan_role_check(ctx, &policy.role_check, set)?;
    }
    Ok(())
}
