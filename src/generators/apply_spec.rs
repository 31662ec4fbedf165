//! `scaffold apply FILE.toml`: every table of a spec file, planned by the
//! generator of its command into ONE change set (one diff, one
//! confirmation, applied all-or-nothing).
//!
//! Validation comes first and reports everything it finds, each problem
//! at its line and column:
//!
//! - what the file model finds (TOML syntax, unknown tables and keys,
//!   ill-typed values, missing required keys);
//! - each field string on its own, then each resource as the resource
//!   spec sees it, with every resource of the file known to every other
//!   (relationships may point forward or backward in the file);
//! - resources declared twice, relationship targets that are neither in
//!   the file nor in the project;
//! - foreign keys that cannot be ordered: a cycle of `belongs_to` among
//!   tables this file creates (self-references are fine) has no order in
//!   which every `create table` runs after the tables it references, so
//!   it is refused, naming the cycle. scaffold only writes create-table
//!   migrations; the way out is to leave one `belongs_to` of the cycle out
//!   of the spec and add it later, when `mix ash.codegen` writes the
//!   migration that adds the foreign key;
//! - then every table is planned by its generator, each on a copy of the
//!   change set so that one failing table does not disturb the others;
//!   their errors (an existing module, an unknown supervisor, a router
//!   scaffold cannot edit) are reported at the table that caused them,
//!   and two tables writing the same file differently are refused.
//!
//! The planning order makes the result independent of the order of the
//! tables: resources first, referenced resources before those that
//! reference them (so their migrations get earlier timestamps and
//! `mix ecto.migrate` creates referenced tables first), then policies,
//! LiveView pages, migrations, supervisors before the processes they
//! supervise, GenServers, and components. Each table inherits the
//! project defaults of `.scaffold.toml` exactly as its command does.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::ash_resource::{
    plan_spec, project_context, rescan_resources, scan_resources, with_defaults, FoundResource,
};
use super::migration::Clock;
use super::supervisor::otp_context;
use super::{component, genserver, live, migration, supervisor, Context};
use crate::changes::{hash, ChangeSet};
use crate::error::{did_you_mean, Result};
use crate::spec::file::{into_error, Entry, EntryArgs, EntryKind, Pos, SpecError, SpecFile};
use crate::spec::migration::MigrationSpec;
use crate::spec::names::ModuleName;
use crate::spec::otp::{GenServerSpec, SupervisorSpec};
use crate::spec::{DataLayer, Field, KnownResource, ResourceSpec};

/// Plans every table of `file` into `set`. Nothing is planned unless the
/// whole file is valid: all problems come back as one input error.
pub fn plan(ctx: &Context, file: &SpecFile, set: &mut ChangeSet) -> Result<()> {
    let mut errors = file.errors.clone();
    let mut found = scan_resources(ctx, set)?;
    let resources = build_resources(ctx, file, &found, &mut errors)?;
    check_cycles(file, &resources, &mut errors);
    let order = planning_order(ctx, file, &resources);
    let mut failed: BTreeSet<String> = resources
        .iter()
        .filter(|r| r.spec.is_none() || !r.usable)
        .filter_map(|r| r.guess.clone())
        .collect();

    let mut owners: HashMap<String, (usize, [u8; 32])> = HashMap::new();
    // Files a table of this run creates stay creations when a later table
    // edits them: an existing file with other content is a conflict.
    let mut created: BTreeSet<String> = BTreeSet::new();
    let planned_before: Vec<(String, bool)> = set
        .files()
        .map(|f| (f.path.clone(), f.create_intent))
        .collect();
    for (path, create) in planned_before {
        set.replan(&path, create);
    }
    // Each table is planned as a step of the change set: a table that
    // fails is rolled back without disturbing the others, at the cost of
    // the files it touched.
    for step in order {
        let entry = &file.entries[step];
        if !entry.complete || depends_on_failed(ctx, entry, &failed) {
            continue;
        }
        set.begin();
        let planned = match &entry.args {
            EntryArgs::Resource(args) => {
                let Some(spec) = resources
                    .iter()
                    .find(|r| r.index == step && r.usable)
                    .and_then(|r| r.spec.as_ref())
                else {
                    set.rollback();
                    continue;
                };
                plan_spec(ctx, spec, &args.options(), &found, set)
            }
            EntryArgs::Policy(args) => {
                let generated_here = resources
                    .iter()
                    .filter(|r| r.usable)
                    .filter_map(|r| r.spec.as_ref())
                    .find(|s| {
                        ModuleName::parse(&args.module).is_ok_and(|m| {
                            m == s.names.module
                                || s.names.module.relative_to(&s.base_module).as_ref() == Some(&m)
                        })
                    });
                if let Some(spec) = generated_here.filter(|s| s.tests) {
                    set.note(format!(
                        "{}: its tests are generated without policies; `policies = true` in its [[resource]] table generates tests that pass an actor",
                        spec.names.module
                    ));
                }
                super::ash_policy::plan(ctx, &args.input(), set)
            }
            EntryArgs::Live(args) => live::plan_live(ctx, &args.resource, &args.options(), set),
            EntryArgs::Migration(args) => MigrationSpec::build(args.input()).and_then(|spec| {
                let clock = Clock::from_option(args.timestamp.as_deref())?;
                migration::plan_standalone(ctx, &spec, clock, set).map(|_| ())
            }),
            EntryArgs::Supervisor(args) => {
                let input = args.clone().into_input();
                let path = SupervisorSpec::build(input.clone(), &otp_context(ctx.project)?)
                    .ok()
                    .map(|s| s.path);
                let first = supervisor::plan_input(ctx, input.clone(), set);
                over_own_file(ctx, set, path, first, |t| {
                    supervisor::plan_input(ctx, input, t)
                })
            }
            EntryArgs::GenServer(args) => {
                let input = args.clone().into_input();
                let path = GenServerSpec::build(input.clone(), &otp_context(ctx.project)?)
                    .ok()
                    .map(|s| s.path);
                let first = genserver::plan_input(ctx, input.clone(), set);
                over_own_file(ctx, set, path, first, |t| {
                    genserver::plan_input(ctx, input, t)
                })
            }
            EntryArgs::Component(args) => component::plan_input(ctx, args.input(), set),
        };
        if let Err(e) = planned {
            set.rollback();
            if let EntryArgs::Supervisor(a) = &entry.args {
                failed.extend(resolve_otp(ctx, &a.module));
            }
            let pos = locate(entry, &e.to_string());
            errors.push(SpecError::from_error(pos, entry.kind, &e));
            continue;
        }
        if let Some(clash) = same_file_twice(file, step, set, &mut owners) {
            set.rollback();
            errors.push(clash);
            continue;
        }
        // An edit an earlier table of this file made is "already present"
        // for the next one: that is no news.
        let touched: Vec<String> = set
            .step_before()
            .map(|b| b.keys().cloned().collect())
            .unwrap_or_default();
        let changed_before = |note: &str| -> bool {
            let Some((path, _)) = note.split_once(": ") else {
                return false;
            };
            let before = match set.step_before().and_then(|b| b.get(path)) {
                Some(before) => before.as_ref(),
                None => set.get(path),
            };
            before.is_some_and(|f| f.status() != crate::changes::Status::Unchanged)
        };
        let fresh: Vec<String> = set
            .step_notes()
            .iter()
            .filter(|n| changed_before(n))
            .cloned()
            .collect();
        set.drop_step_notes(|n| fresh.iter().any(|f| f == n));
        created.extend(
            touched
                .iter()
                .filter(|p| set.get(p).is_some_and(|f| f.create_intent))
                .cloned(),
        );
        for path in &touched {
            set.replan(path, created.contains(path));
        }
        set.commit();
        rescan_resources(ctx, set, &mut found, &touched)?;
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(into_error(&file.name, errors))
    }
}

/// A `[[resource]]` table as validated.
struct BuiltResource {
    /// Index of the entry in the file.
    index: usize,
    /// Its validated spec (of the fields that parse); `None` when it has
    /// problems beyond those.
    spec: Option<ResourceSpec>,
    /// Whether it is valid as a whole, and is generated.
    usable: bool,
    /// The module it names, resolved as well as possible even when
    /// invalid (so that tables referring to it are not blamed too).
    guess: Option<String>,
}

/// Validates every `[[resource]]`: each field string, then each resource
/// spec with all resources of the file known, then duplicates and
/// dangling relationship targets.
fn build_resources(
    ctx: &Context,
    file: &SpecFile,
    found: &[FoundResource],
    errors: &mut Vec<SpecError>,
) -> Result<Vec<BuiltResource>> {
    let project_pc = project_context(ctx, found)?;
    let base = project_pc.base.clone();
    let guess_module = |written: &str| -> Option<String> {
        let m = ModuleName::parse(written).ok()?;
        if m.starts_with(&base) {
            Some(m.to_string())
        } else {
            base.join(&m).ok().map(|m| m.to_string())
        }
    };

    // First pass: each resource against the project alone.
    let mut built = Vec::new();
    for (index, entry) in file.entries.iter().enumerate() {
        let EntryArgs::Resource(args) = &entry.args else {
            continue;
        };
        let mut input = with_defaults(args.input(), &ctx.project.defaults);
        // A field that does not parse is reported; the others are still
        // checked, as part of a resource that will not be generated.
        let mut usable = entry.complete;
        let mut fields = Vec::new();
        for (i, raw) in input.fields.iter().enumerate() {
            match Field::parse(raw) {
                Ok(_) => fields.push(raw.clone()),
                Err(e) => {
                    errors.push(SpecError::from_error(
                        entry.pos_of_item("fields", i),
                        entry.kind,
                        &e,
                    ));
                    usable = false;
                }
            }
        }
        input.fields = fields;
        let spec = match ResourceSpec::build(input.clone(), &project_pc) {
            Ok(spec) => Some((input, spec)),
            Err(e) => {
                errors.push(SpecError::from_error(
                    locate(entry, &e.to_string()),
                    entry.kind,
                    &e,
                ));
                None
            }
        };
        let guess = match &spec {
            Some((_, s)) => Some(s.names.module.to_string()),
            None => guess_module(&args.module),
        };
        built.push((index, spec, guess, usable));
    }

    // Resources declared twice.
    let mut first_at: BTreeMap<String, Pos> = BTreeMap::new();
    let mut tables: BTreeMap<String, (Pos, String)> = BTreeMap::new();
    for (index, spec, guess, _) in built.iter_mut() {
        let entry = &file.entries[*index];
        let Some(module) = guess.clone() else {
            continue;
        };
        if let Some(first) = first_at.get(&module) {
            errors.push(SpecError::hint(
                entry.pos_of("module"),
                format!(
                    "resource `{module}` is declared twice (first at line {})",
                    first.line
                ),
                "keep one [[resource]] table per resource",
            ));
            *spec = None;
            continue;
        }
        first_at.insert(module.clone(), entry.header);
        if let Some(table) = spec.as_ref().and_then(|(_, s)| s.table.as_ref()) {
            let table = table.to_string();
            if let Some((first, other)) = tables.get(&table) {
                errors.push(SpecError::hint(
                    entry.pos_of(if entry.has_key("table") {
                        "table"
                    } else {
                        "module"
                    }),
                    format!(
                        "table `{table}` of `{module}` is already the table of `{other}` (line {})",
                        first.line
                    ),
                    "give one of them another table with `table = \"...\"`",
                ));
                *spec = None;
                continue;
            }
            tables.insert(table, (entry.header, module));
        }
    }

    // Second pass: every resource of the file is known to every other.
    let mut known = project_pc.known_resources.clone().unwrap_or_default();
    for (_, spec, _, _) in &built {
        if let Some((_, s)) = spec {
            known.retain(|k| k.module != s.names.module);
            known.push(KnownResource {
                module: s.names.module.clone(),
                table: s.table.clone(),
                primary_key: s.primary_key.as_ref().map(|p| p.kind),
            });
        }
    }
    let mut pc = project_pc.clone();
    pc.known_resources = Some(known);
    let in_project: BTreeSet<String> = found.iter().map(|f| f.module.clone()).collect();
    let in_file: BTreeSet<String> = built.iter().filter_map(|(_, _, g, _)| g.clone()).collect();
    let mut out = Vec::new();
    for (index, spec, guess, usable) in built {
        let entry = &file.entries[index];
        let spec = match spec {
            Some((input, _)) => match ResourceSpec::build(input, &pc) {
                Ok(spec) => Some(spec),
                Err(e) => {
                    errors.push(SpecError::from_error(
                        locate(entry, &e.to_string()),
                        entry.kind,
                        &e,
                    ));
                    None
                }
            },
            None => None,
        };
        let spec = spec.filter(|s| targets_exist(entry, s, &in_project, &in_file, &base, errors));
        out.push(BuiltResource {
            index,
            spec,
            guess,
            usable,
        });
    }
    Ok(out)
}

/// Whether every relationship target (and join resource) of `spec` is a
/// resource of the file or of the project; reports those that are not.
fn targets_exist(
    entry: &Entry,
    spec: &ResourceSpec,
    in_project: &BTreeSet<String>,
    in_file: &BTreeSet<String>,
    base: &ModuleName,
    errors: &mut Vec<SpecError>,
) -> bool {
    let mut ok = true;
    let fields: Vec<String> = match &entry.args {
        EntryArgs::Resource(a) => a.fields.clone(),
        _ => Vec::new(),
    };
    for rel in &spec.relationships {
        let targets = std::iter::once(&rel.destination).chain(rel.through.as_ref());
        for target in targets {
            let t = target.as_str();
            if in_file.contains(t) || in_project.contains(t) || target == &spec.names.module {
                continue;
            }
            ok = false;
            let index = fields
                .iter()
                .position(|f| Field::parse(f).is_ok_and(|f| f.name == rel.name))
                .unwrap_or(0);
            let candidates: Vec<String> = in_file
                .iter()
                .chain(in_project)
                .map(|m| m.strip_prefix(&format!("{base}.")).unwrap_or(m).to_string())
                .collect();
            let relative = t.strip_prefix(&format!("{base}.")).unwrap_or(t);
            let hint = match did_you_mean(relative, candidates.iter().map(String::as_str)) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "declare it with its own [[resource]] table".to_string(),
            };
            errors.push(SpecError::hint(
                entry.pos_of_item("fields", index),
                format!(
                    "`{}`: `{t}` is not a resource of this file nor of the project",
                    rel.cli
                ),
                hint,
            ));
        }
    }
    ok
}

/// An edge of the foreign-key graph: the referenced resource (its entry
/// index), the `belongs_to` field's name, and whether it is required.
type Edge = (usize, String, bool);

/// The foreign keys between tables created by this file, as a graph:
/// resource entry index → its edges.
fn foreign_keys(resources: &[BuiltResource]) -> BTreeMap<usize, Vec<Edge>> {
    let creates_table = |s: &ResourceSpec| s.data_layer == DataLayer::Postgres && s.migration;
    let by_module: HashMap<&str, usize> = resources
        .iter()
        .filter_map(|r| {
            r.spec
                .as_ref()
                .filter(|s| creates_table(s))
                .map(|s| (s.names.module.as_str(), r.index))
        })
        .collect();
    let mut graph = BTreeMap::new();
    for r in resources {
        let Some(spec) = r.spec.as_ref().filter(|s| creates_table(s)) else {
            continue;
        };
        let mut edges = Vec::new();
        for rel in &spec.belongs_to {
            if rel.destination == spec.names.module {
                continue;
            }
            if let Some(&target) = by_module.get(rel.destination.as_str()) {
                edges.push((target, rel.name.to_string(), !rel.allow_nil));
            }
        }
        graph.insert(r.index, edges);
    }
    graph
}

/// Reports every cycle of foreign keys among the tables the file creates,
/// at the first `belongs_to` of the cycle, naming its tables in order.
fn check_cycles(file: &SpecFile, resources: &[BuiltResource], errors: &mut Vec<SpecError>) {
    let graph = foreign_keys(resources);
    let name = |index: usize, line: bool| -> String {
        let spec = resources
            .iter()
            .find(|r| r.index == index)
            .and_then(|r| r.spec.as_ref());
        let module = spec.map(|s| {
            s.names
                .module
                .relative_to(&s.base_module)
                .map_or_else(|| s.names.module.to_string(), |m| m.to_string())
        });
        let module = module.unwrap_or_default();
        if line {
            format!("`{module}` (line {})", file.entries[index].header.line)
        } else {
            format!("`{module}`")
        }
    };
    for component in cycles(&graph) {
        let start = component[0];
        let path = cycle_path(&graph, &component, start);
        let Some((_, first_field, _)) = path.first() else {
            continue;
        };
        // The cycle closes on its first table, named again without its line.
        let mut chain: Vec<String> = vec![name(start, true)];
        chain.extend(path.iter().map(|(to, _, _)| name(*to, *to != start)));
        let required = path.iter().all(|(_, _, required)| *required);
        let mut message = format!(
            "cycle of belongs_to: {}: no order of the create-table migrations creates each table before the tables it references",
            chain.join(" → ")
        );
        if required {
            message.push_str(
                "; all of them are required, so no record could be inserted first either",
            );
        }
        let hint = if required {
            "make one of them optional, leave it out of the spec and add it after this apply: \
             `mix ash.codegen` then writes the migration that adds its foreign key"
        } else {
            "leave one of them out of the spec and add it after this apply: \
             `mix ash.codegen` then writes the migration that adds its foreign key"
        };
        let entry = &file.entries[start];
        let index = match &entry.args {
            EntryArgs::Resource(a) => a
                .fields
                .iter()
                .position(|f| Field::parse(f).is_ok_and(|f| f.name.as_str() == first_field)),
            _ => None,
        };
        errors.push(SpecError::hint(
            entry.pos_of_item("fields", index.unwrap_or(0)),
            message,
            hint,
        ));
    }
}

/// The shortest cycle from `start` back to itself inside `component`, as
/// edges (to, field index on the source, required).
fn cycle_path(graph: &BTreeMap<usize, Vec<Edge>>, component: &[usize], start: usize) -> Vec<Edge> {
    // Breadth first; `came` holds, per reached node, the edge that reached it.
    let mut came: HashMap<usize, (usize, Edge)> = HashMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for (to, field, required) in graph.get(&v).into_iter().flatten() {
            let to = *to;
            if !component.contains(&to) || came.contains_key(&to) {
                continue;
            }
            came.insert(to, (v, (to, field.clone(), *required)));
            if to == start {
                queue.clear();
                break;
            }
            queue.push_back(to);
        }
    }
    let mut path = Vec::new();
    let mut at = start;
    while let Some((from, edge)) = came.get(&at) {
        path.push(edge.clone());
        at = *from;
        if at == start || path.len() > component.len() {
            break;
        }
    }
    path.reverse();
    path
}

/// Strongly connected components of `graph` with more than one node
/// (Tarjan), each sorted.
fn cycles(graph: &BTreeMap<usize, Vec<Edge>>) -> Vec<Vec<usize>> {
    struct State<'a> {
        graph: &'a BTreeMap<usize, Vec<Edge>>,
        index: HashMap<usize, usize>,
        low: HashMap<usize, usize>,
        stack: Vec<usize>,
        on_stack: BTreeSet<usize>,
        next: usize,
        out: Vec<Vec<usize>>,
    }
    fn visit(s: &mut State, v: usize) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on_stack.insert(v);
        let edges: Vec<usize> = s
            .graph
            .get(&v)
            .map(|e| e.iter().map(|(t, _, _)| *t).collect())
            .unwrap_or_default();
        for w in edges {
            if !s.index.contains_key(&w) {
                visit(s, w);
                let lw = s.low[&w];
                let lv = s.low.get_mut(&v).expect("visited");
                *lv = (*lv).min(lw);
            } else if s.on_stack.contains(&w) {
                let iw = s.index[&w];
                let lv = s.low.get_mut(&v).expect("visited");
                *lv = (*lv).min(iw);
            }
        }
        if s.low[&v] == s.index[&v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(&w);
                component.push(w);
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort_unstable();
                s.out.push(component);
            }
        }
    }
    let mut s = State {
        graph,
        index: HashMap::new(),
        low: HashMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    for &v in graph.keys() {
        if !s.index.contains_key(&v) {
            visit(&mut s, v);
        }
    }
    s.out.sort();
    s.out
}

/// The planning order: indexes into `file.entries`.
fn planning_order(ctx: &Context, file: &SpecFile, resources: &[BuiltResource]) -> Vec<usize> {
    let mut order = Vec::new();
    // Resources: referenced before referencing (file order otherwise; a
    // cycle that does not matter is broken at its first table).
    let graph = foreign_keys_all(resources);
    order.extend(topological(
        resources.iter().map(|r| r.index).collect(),
        |i| graph.get(&i).cloned().unwrap_or_default(),
    ));
    for kind in [EntryKind::Policy, EntryKind::Live, EntryKind::Migration] {
        order.extend(indexes_of(file, kind));
    }
    // Supervisors and GenServers: a process after the supervisor it goes into.
    let otp: Vec<usize> = file
        .entries
        .iter()
        .enumerate()
        .filter(|(_, e)| matches!(e.kind, EntryKind::Supervisor | EntryKind::GenServer))
        .map(|(i, _)| i)
        .collect();
    let resolve = |m: &str| resolve_otp(ctx, m);
    let supervisors: HashMap<String, usize> = otp
        .iter()
        .filter_map(|&i| match &file.entries[i].args {
            EntryArgs::Supervisor(a) => resolve(&a.module).map(|m| (m, i)),
            _ => None,
        })
        .collect();
    order.extend(topological(otp.clone(), |i| {
        let parent = match &file.entries[i].args {
            EntryArgs::Supervisor(a) => a.supervisor.clone(),
            EntryArgs::GenServer(a) => a.supervisor.clone(),
            _ => None,
        };
        parent
            .and_then(|p| resolve(&p))
            .and_then(|p| supervisors.get(&p).copied())
            .into_iter()
            .collect()
    }));
    order.extend(indexes_of(file, EntryKind::Component));
    order
}

fn indexes_of(file: &SpecFile, kind: EntryKind) -> Vec<usize> {
    file.entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == kind)
        .map(|(i, _)| i)
        .collect()
}

/// Every belongs_to between resources of the file (also those without a
/// table): the order in which their tests see each other.
fn foreign_keys_all(resources: &[BuiltResource]) -> HashMap<usize, Vec<usize>> {
    let by_module: HashMap<&str, usize> = resources
        .iter()
        .filter_map(|r| r.spec.as_ref().map(|s| (s.names.module.as_str(), r.index)))
        .collect();
    resources
        .iter()
        .filter_map(|r| {
            let spec = r.spec.as_ref()?;
            let deps = spec
                .belongs_to
                .iter()
                .filter(|rel| rel.destination != spec.names.module)
                .filter_map(|rel| by_module.get(rel.destination.as_str()).copied())
                .collect();
            Some((r.index, deps))
        })
        .collect()
}

/// `nodes` (in file order) sorted so that each comes after its
/// dependencies; among ready nodes the earliest in the file goes first,
/// and a cycle is broken at its earliest node.
fn topological<F: Fn(usize) -> Vec<usize>>(nodes: Vec<usize>, deps: F) -> Vec<usize> {
    let mut done: BTreeSet<usize> = BTreeSet::new();
    let mut out = Vec::with_capacity(nodes.len());
    while out.len() < nodes.len() {
        let pending = || nodes.iter().copied().filter(|n| !done.contains(n));
        let ready = pending().find(|&n| {
            deps(n)
                .iter()
                .all(|d| done.contains(d) || !nodes.contains(d) || *d == n)
        });
        let next = ready.or_else(|| pending().next()).expect("a pending node");
        done.insert(next);
        out.push(next);
    }
    out
}

/// Whether `entry` works on a resource or goes into a supervisor whose
/// own table failed validation (its error is reported there already).
fn depends_on_failed(ctx: &Context, entry: &Entry, failed: &BTreeSet<String>) -> bool {
    let Ok(base) = ModuleName::parse(&ctx.project.base_module) else {
        return false;
    };
    let resolve = |m: &str| -> Option<String> {
        let m = ModuleName::parse(m).ok()?;
        if m.starts_with(&base) {
            Some(m.to_string())
        } else {
            base.join(&m).ok().map(|m| m.to_string())
        }
    };
    let target = match &entry.args {
        EntryArgs::Policy(a) => resolve(&a.module),
        EntryArgs::Live(a) => resolve(&a.resource),
        EntryArgs::GenServer(a) => a.supervisor.as_deref().and_then(|s| resolve_otp(ctx, s)),
        EntryArgs::Supervisor(a) => a.supervisor.as_deref().and_then(|s| resolve_otp(ctx, s)),
        _ => None,
    };
    target.is_some_and(|t| failed.contains(&t))
}

/// The result of planning a process module, given that an earlier run of
/// this file may have written it: a supervisor module gets the children
/// of later tables inserted, so what its generator writes afresh differs
/// from the file, and the generator refuses to plan over it. When the
/// module's own file (`path`, relative to the app) exists, the table is
/// planned again over it, and the change set decides at the end: the file
/// is unchanged when the whole run arrives at its content again, and a
/// conflict when it was edited by hand.
fn over_own_file<F>(
    ctx: &Context,
    set: &mut ChangeSet,
    path: Option<String>,
    first: Result<()>,
    plan: F,
) -> Result<()>
where
    F: FnOnce(&mut ChangeSet) -> Result<()>,
{
    let Err(e) = first else { return Ok(()) };
    let Some(path) = path.map(|p| ctx.project.app_path(&p)) else {
        return Err(e);
    };
    set.rollback();
    set.begin();
    if set.force() || !set.exists(&path)? {
        return Err(e);
    }
    set.set_force(true);
    if plan(set).is_err() {
        set.rollback();
        set.begin();
        return Err(e);
    }
    set.set_force(false);
    set.replan(&path, true);
    Ok(())
}

/// An OTP module as the OTP specs resolve it (`Pipeline` → `Shop.Pipeline`).
fn resolve_otp(ctx: &Context, written: &str) -> Option<String> {
    let otp = supervisor::otp_context(ctx.project).ok()?;
    otp.resolve(written, "module").ok().map(|m| m.to_string())
}

/// A file the table at `step` (the open step of `set`) creates that
/// another table created with other content.
fn same_file_twice(
    file: &SpecFile,
    step: usize,
    set: &ChangeSet,
    owners: &mut HashMap<String, (usize, [u8; 32])>,
) -> Option<SpecError> {
    let entry = &file.entries[step];
    let before = set.step_before()?;
    let created_here = || {
        before.keys().filter_map(|path| {
            let f = set.get(path)?;
            (f.create_intent && !f.delete).then_some(f)
        })
    };
    let mut clash = None;
    for f in created_here() {
        let touched = before[&f.path]
            .as_ref()
            .is_none_or(|b| b.new != f.new || !b.create_intent);
        if !touched {
            continue;
        }
        let content = hash(&f.new);
        match owners.get(&f.path) {
            Some(&(other, h)) if other != step && h != content => {
                let o = &file.entries[other];
                clash.get_or_insert_with(|| {
                    SpecError::hint(
                        locate(entry, ""),
                        format!(
                            "{} writes {}, which {} (line {}) writes with other content",
                            entry.label(),
                            f.path,
                            o.label(),
                            o.header.line
                        ),
                        "one file, one table: remove or rename one of them",
                    )
                });
            }
            _ => {}
        }
    }
    if clash.is_none() {
        for f in created_here() {
            if !owners.contains_key(&f.path) {
                owners.insert(f.path.clone(), (step, hash(&f.new)));
            }
        }
    }
    clash
}

/// Where in `entry` the problem `message` belongs: the element of an
/// array it quotes (the last one, for "given twice"), else a key whose
/// value it quotes, else the table's main key.
fn locate(entry: &Entry, message: &str) -> Pos {
    let arrays: Vec<(&str, Vec<String>)> = match &entry.args {
        EntryArgs::Resource(a) => vec![
            ("fields", a.fields.clone()),
            ("actions", a.actions.clone().unwrap_or_default()),
        ],
        EntryArgs::Migration(a) => vec![
            ("ops", a.ops.clone()),
            ("index", a.index.clone()),
            ("unique_index", a.unique_index.clone()),
        ],
        EntryArgs::Supervisor(a) => vec![("children", a.children.clone())],
        EntryArgs::GenServer(a) => vec![("calls", a.calls.clone()), ("casts", a.casts.clone())],
        EntryArgs::Component(a) => vec![("attrs", a.attrs.clone()), ("slots", a.slots.clone())],
        EntryArgs::Policy(_) | EntryArgs::Live(_) => Vec::new(),
    };
    let mut hit = None;
    for (key, values) in &arrays {
        for (i, raw) in values.iter().enumerate() {
            let mut quoted = vec![format!("`{raw}`")];
            if *key == "fields" {
                if let Ok(f) = Field::parse(raw) {
                    quoted.push(format!("`{}`", f.to_cli()));
                    quoted.push(format!("field `{}`", f.name));
                }
            }
            if let Some((head, _)) = raw.split_once(':') {
                quoted.push(format!("`{head}`"));
            }
            if quoted.iter().any(|q| message.contains(q.as_str())) {
                hit = Some(entry.pos_of_item(key, i));
            }
        }
    }
    if let Some(pos) = hit {
        return pos;
    }
    let (main, others): (&str, Vec<(&str, Option<String>)>) = match &entry.args {
        EntryArgs::Resource(a) => (
            "module",
            vec![
                ("domain", a.domain.clone()),
                ("table", a.table.clone()),
                ("primary_key", a.primary_key.clone()),
                ("data_layer", a.data_layer.clone()),
                ("plural", a.plural.clone()),
            ],
        ),
        EntryArgs::Policy(a) => (
            "module",
            vec![
                ("read", a.read.clone()),
                ("write", a.write.clone()),
                ("owner", a.owner.clone()),
            ],
        ),
        EntryArgs::Migration(a) => ("name", vec![("timestamp", a.timestamp.clone())]),
        EntryArgs::Supervisor(a) => (
            "module",
            vec![
                ("strategy", a.strategy.clone()),
                ("supervisor", a.supervisor.clone()),
            ],
        ),
        EntryArgs::GenServer(a) => (
            "module",
            vec![
                ("state", a.state.clone()),
                ("supervisor", a.supervisor.clone()),
            ],
        ),
        EntryArgs::Component(_) => ("module", Vec::new()),
        EntryArgs::Live(a) => ("resource", vec![("scope", a.scope.clone())]),
    };
    for (key, value) in others {
        let Some(v) = value else { continue };
        let last = v.rsplit('.').next().unwrap_or(&v);
        if message.contains(&format!("`{v}`"))
            || (key == "supervisor" && message.contains(last))
            || message.contains(&format!("`{key}`"))
        {
            return entry.pos_of(key);
        }
    }
    entry.pos_of(main)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(edges: &[(usize, usize, bool)]) -> BTreeMap<usize, Vec<Edge>> {
        let mut g: BTreeMap<usize, Vec<Edge>> = BTreeMap::new();
        for &(from, to, required) in edges {
            g.entry(from)
                .or_default()
                .push((to, format!("to_{to}"), required));
            g.entry(to).or_default();
        }
        g
    }

    #[test]
    fn finds_every_cycle_and_a_shortest_path_around_it() {
        // 0 → 1 → 2 → 0, 3 → 4 → 3, 5 → 0 (not in a cycle), 6 alone.
        let g = graph(&[
            (0, 1, true),
            (1, 2, false),
            (2, 0, true),
            (3, 4, true),
            (4, 3, true),
            (5, 0, true),
        ]);
        assert_eq!(cycles(&g), vec![vec![0, 1, 2], vec![3, 4]]);
        let path = cycle_path(&g, &[0, 1, 2], 0);
        let hops: Vec<(usize, &str)> = path.iter().map(|(to, f, _)| (*to, f.as_str())).collect();
        assert_eq!(hops, vec![(1, "to_1"), (2, "to_2"), (0, "to_0")]);
        assert!(cycles(&graph(&[(0, 1, true), (1, 2, true)])).is_empty());
    }

    #[test]
    fn topological_order_keeps_the_file_order_where_it_can() {
        let deps = |n: usize| match n {
            0 => vec![2],
            1 => vec![],
            2 => vec![3],
            3 => vec![],
            // A cycle that does not matter: broken at its first node.
            4 => vec![5],
            5 => vec![4],
            _ => vec![],
        };
        assert_eq!(
            topological(vec![0, 1, 2, 3, 4, 5], deps),
            vec![1, 3, 2, 0, 4, 5]
        );
        // Dependencies outside the nodes are ignored.
        assert_eq!(topological(vec![0, 1], deps), vec![0, 1]);
    }
}
