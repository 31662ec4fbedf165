//! `scaffold demo DIR`: the quick start. Bootstraps the sample project
//! with the `new` skeleton (Phoenix, Ash, LiveView, PostgreSQL) and plans
//! a representative set of generators into the same change set, so the
//! whole demo is one diff, one apply and one summary.
//!
//! Nothing is on disk while planning: the generators work on the project
//! model of the skeleton ([`new_project::project_model`]) and read the
//! skeleton's files through the change set overlay.

use super::new_project::{self, bootstrap};
use super::Context;
use crate::changes::ChangeSet;
use crate::cli::new::{dir_name, DemoArgs};
use crate::cli::output::Output;
use crate::cli::prompt::Prompter;
use crate::cli::GlobalOpts;
use crate::error::Result;
use crate::render::Renderer;
use crate::spec::new_project::{Database, NewProjectInput, NewProjectSpec, Secrets};

/// `scaffold demo DIR`.
pub fn demo_command(
    g: &GlobalOpts,
    out: Output,
    prompter: &mut dyn Prompter,
    args: &DemoArgs,
) -> Result<i32> {
    let target = bootstrap::absolute_target(&args.path)?;
    let input = NewProjectInput {
        app: g.app.clone(),
        module: None,
        dir_name: dir_name(&args.path),
        ash: true,
        live: true,
        database: Database::Postgres,
    };
    NewProjectSpec::build(&input, Secrets::generate()?)?;
    bootstrap::bootstrap(g, out, prompter, &target, |root, set| {
        let spec = NewProjectSpec::build(&input, Secrets::reuse_or_generate(root)?)?;
        let renderer = Renderer::new(None);
        new_project::plan(&renderer, &spec, root, set)?;
        let project = new_project::project_model(&spec, root);
        let ctx = Context {
            project: &project,
            renderer: &renderer,
        };
        plan(&ctx, set)
    })
}

/// The generators the demo runs, as the command lines a user would type
/// in the new project (`{app}` is not needed: modules are relative to it).
pub const STEPS: &[&str] = &[
    "ash-resource Accounts.User email:ci_string:required:unique name:string \
     role:atom:member,admin:default=member",
    "ash-resource Blog.Post title:string:required body:text published:boolean:default=false \
     author:belongs_to:Accounts.User:required comments:has_many:Blog.Comment",
    "ash-resource Blog.Comment body:text:required post:belongs_to:Blog.Post:required \
     author:belongs_to:Accounts.User --policies",
    "live Blog.Post",
    "live-component Ui.Badge --attr label:string:required \
     --attr tone:atom:values=info,warning:default=info --slot inner_block",
    "supervisor Blog.Workers",
    "genserver Blog.ViewCounter --call count --cast record --every 60000 --supervisor Blog.Workers",
];

/// The argument lists of [`STEPS`] (`["scaffold", "ash-resource", ...]`).
pub fn step_argvs() -> Vec<Vec<String>> {
    STEPS
        .iter()
        .map(|line| {
            std::iter::once("scaffold")
                .chain(line.split_whitespace())
                .map(str::to_string)
                .collect()
        })
        .collect()
}

/// Plans the showcase into a project that has the `new` skeleton: every
/// step goes through the same argument structs and planners as the
/// command line, one note per step says what ran.
pub fn plan(ctx: &Context, set: &mut ChangeSet) -> Result<()> {
    for argv in step_argvs() {
        let cmd = crate::wizard::commands::parse(&argv)?;
        crate::wizard::commands::plan(ctx, &cmd, set)?;
        set.note(format!("demo ran: {}", argv.join(" ")));
    }
    Ok(())
}
