//! `--fix`: one change set with every fix a generator can make, built by
//! calling the generators' planners on the same change set.

use std::collections::{BTreeMap, HashSet};

use super::{Action, Options, Report};
use crate::changes::ChangeSet;
use crate::error::Result;
use crate::generators::{ash_policy, edit_elixir, migration, Context};

/// Plans the fixes of `report` into `set`. Returns the indices of the
/// findings whose fix was planned. A fix that cannot be planned (a shape
/// scaffold does not edit, say) is skipped with a note; the others go on.
pub(crate) fn plan(
    ctx: &Context,
    report: &Report,
    opts: &Options,
    set: &mut ChangeSet,
) -> Result<HashSet<usize>> {
    let mut fixed = HashSet::new();
    let mut children: Vec<(usize, String)> = Vec::new();
    let mut domain_entries: BTreeMap<String, Vec<(usize, String)>> = BTreeMap::new();
    let mut domains: Vec<(usize, String)> = Vec::new();
    for (i, f) in report.findings.iter().enumerate() {
        let Some(action) = &f.action else { continue };
        let at = format!("{}:{}", f.file, f.line);
        let result = match action {
            Action::Index { table, column } => migration::plan_index_migration(
                ctx,
                table,
                &[column.as_str()],
                false,
                opts.concurrently,
                set,
            )
            .map(|_| ()),
            Action::Policies { resource } => {
                let input = ash_policy::PolicyInput {
                    module: resource.clone(),
                    ..ash_policy::PolicyInput::default()
                };
                ash_policy::plan(ctx, &input, set)
            }
            Action::Supervise { module } => {
                children.push((i, module.clone()));
                continue;
            }
            Action::RegisterResource { file, resource } => {
                domain_entries
                    .entry(file.clone())
                    .or_default()
                    .push((i, resource.clone()));
                continue;
            }
            Action::RegisterDomain { domain } => {
                domains.push((i, domain.clone()));
                continue;
            }
            Action::Test { .. } => super::skeleton::plan(ctx, action, set),
        };
        match result {
            Ok(()) => {
                fixed.insert(i);
            }
            Err(e) => set.note(format!("not fixed ({at}): {e}")),
        }
    }
    // Edits of one file are made in one go (one parse, one diff).
    if let (false, Some(app_file)) = (children.is_empty(), ctx.project.paths.application.clone()) {
        let modules: Vec<String> = children.iter().map(|(_, m)| m.clone()).collect();
        record(
            edit_elixir(set, &app_file, |doc| {
                modules.iter().map(|m| doc.add_child(m, None)).collect()
            }),
            &children,
            &app_file,
            set,
            &mut fixed,
        );
    }
    for (file, entries) in &domain_entries {
        let resources: Vec<String> = entries.iter().map(|(_, r)| r.clone()).collect();
        record(
            edit_elixir(set, file, |doc| {
                resources
                    .iter()
                    .map(|r| doc.add_domain_resource(r, None))
                    .collect()
            }),
            entries,
            file,
            set,
            &mut fixed,
        );
    }
    if !domains.is_empty() {
        let config = ctx
            .project
            .paths
            .config
            .clone()
            .unwrap_or_else(|| "config/config.exs".to_string());
        let items: Vec<String> = domains.iter().map(|(_, d)| d.clone()).collect();
        let app = ctx.project.app.clone();
        record(
            edit_elixir(set, &config, |doc| {
                Ok(vec![doc.ensure_config_list(
                    &app,
                    None,
                    "ash_domains",
                    &items,
                )?])
            }),
            &domains,
            &config,
            set,
            &mut fixed,
        );
    }
    Ok(fixed)
}

fn record(
    result: Result<()>,
    items: &[(usize, String)],
    file: &str,
    set: &mut ChangeSet,
    fixed: &mut HashSet<usize>,
) {
    match result {
        Ok(()) => fixed.extend(items.iter().map(|(i, _)| *i)),
        Err(e) => {
            let hint = e.hint().map(|h| format!("\n{h}")).unwrap_or_default();
            set.note(format!("not fixed ({file}): {e}{hint}"));
        }
    }
}
