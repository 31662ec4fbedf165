//! Test skeletons for existing modules (the missing-test fix): a resource
//! test checks the domain and a read; a process test checks the child
//! spec a supervisor uses and, when the application runs it under its
//! module name, that it is alive.

use serde::Serialize;

use super::{Action, TestKind};
use crate::changes::ChangeSet;
use crate::error::Result;
use crate::generators::Context;

/// Template of a resource's test skeleton.
pub const RESOURCE_TEMPLATE: &str = "doctor/resource_test.exs.j2";
/// Template of a process's test skeleton.
pub const PROCESS_TEMPLATE: &str = "doctor/process_test.exs.j2";

/// Names a test cannot alias a module to without hiding one it uses.
const SHADOWING: &[&str] = &["Ash", "Process", "ExUnit"];

#[derive(Serialize)]
struct Vars<'a> {
    module: &'a str,
    test_module: String,
    alias: String,
    aliased: bool,
    case_module: String,
    domain: Option<&'a str>,
    read: bool,
    running: bool,
}

/// Plans the test file of a [`Action::Test`]. An existing file is left
/// alone (creating over it would be a conflict).
pub(crate) fn plan(ctx: &Context, action: &Action, set: &mut ChangeSet) -> Result<()> {
    let Action::Test {
        module,
        test_path,
        kind,
    } = action
    else {
        return Ok(());
    };
    if set.exists(test_path)? {
        set.note(format!("{test_path} exists; left as it is"));
        return Ok(());
    }
    let last = module.rsplit('.').next().unwrap_or(module);
    let aliased = module.contains('.') && !SHADOWING.contains(&last);
    let alias = if aliased {
        last.to_string()
    } else {
        module.clone()
    };
    let data_case = ctx.project.paths.data_case.is_some();
    let (template, domain, read, running) = match kind {
        TestKind::Resource { domain, read } => (
            RESOURCE_TEMPLATE,
            domain.as_deref(),
            *read && data_case,
            false,
        ),
        TestKind::Process { running } => (PROCESS_TEMPLATE, None, false, *running),
    };
    let case_module = if read {
        format!("{}.DataCase", ctx.project.base_module)
    } else {
        "ExUnit.Case".to_string()
    };
    let vars = Vars {
        module,
        test_module: format!("{module}Test"),
        alias,
        aliased,
        case_module,
        domain,
        read,
        running,
    };
    let code = ctx.renderer.render(template, vars)?;
    set.create(test_path, code)
}
