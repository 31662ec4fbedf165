//! `scaffold genserver`: a supervised GenServer (one named server, one per
//! key through a Registry, workers under a DynamicSupervisor, or the owner
//! of an ETS table), its ExUnit test, and its place in the supervision
//! tree.
//!
//! Composes with [`super::supervisor`] for the tree: the children the spec
//! lists (the server itself, or its Registry and DynamicSupervisor) go into
//! the application's `children = [...]` before the endpoint, or into the
//! `init/1` of the supervisor named with `--supervisor`.

use serde::Serialize;

use super::supervisor::{add_children, ensure_new_module, otp_context, parent_path, render};
use super::Context;
use crate::changes::ChangeSet;
use crate::error::Result;
use crate::spec::otp::{GenServerInput, GenServerSpec, ServerKind};

/// The template of a GenServer (singleton, keyed or dynamic).
pub const TEMPLATE: &str = "otp/genserver.ex.j2";
/// The template of its test.
pub const TEST_TEMPLATE: &str = "otp/genserver_test.exs.j2";
/// The template of an ETS owner.
pub const ETS_TEMPLATE: &str = "otp/ets_owner.ex.j2";
/// The template of its test.
pub const ETS_TEST_TEMPLATE: &str = "otp/ets_owner_test.exs.j2";

/// What the templates see: the spec, plus the name of the test variable
/// that identifies a server (`name` or `key`) and of the metadata key of
/// its telemetry events (`server` or `key`).
#[derive(Serialize)]
struct Templated<'a> {
    #[serde(flatten)]
    spec: &'a GenServerSpec,
    var: &'static str,
    meta: &'static str,
}

/// Validates `input` against the project and plans it.
pub fn plan_input(ctx: &Context, input: GenServerInput, set: &mut ChangeSet) -> Result<()> {
    let spec = GenServerSpec::build(input, &otp_context(ctx.project)?)?;
    plan(ctx, &spec, set)
}

/// Plans the server module, its test, and the children it needs in the
/// supervision tree.
pub fn plan(ctx: &Context, spec: &GenServerSpec, set: &mut ChangeSet) -> Result<()> {
    let parent = parent_path(ctx, set, spec.supervisor.as_ref())?;
    let (template, test_template) = match spec.kind {
        ServerKind::Ets => (ETS_TEMPLATE, ETS_TEST_TEMPLATE),
        _ => (TEMPLATE, TEST_TEMPLATE),
    };
    let keyed = matches!(spec.kind, ServerKind::Keyed | ServerKind::Dynamic);
    let context = Templated {
        spec,
        var: if keyed { "key" } else { "name" },
        meta: if keyed { "key" } else { "server" },
    };
    let path = ctx.project.app_path(&spec.path);
    let code = render(ctx, template, &context, &path)?;
    ensure_new_module(ctx, set, &spec.module, &path, &code)?;
    set.create(&path, code)?;
    if spec.test {
        let test_path = ctx.project.app_path(&spec.test_path);
        let test = render(ctx, test_template, &context, &test_path)?;
        set.create(&test_path, test)?;
    }
    add_children(set, &parent, &spec.children)?;
    if spec.kind == ServerKind::Keyed {
        set.note(format!(
            "start {} servers as supervisor children, one per key: {{{}, key: key}}",
            spec.alias, spec.module
        ));
    }
    Ok(())
}
