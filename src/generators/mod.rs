//! Generators: each turns a validated spec into additions to a change set
//! and nothing else. They never touch the disk themselves.

pub mod apply_spec;
pub mod ash_init;
pub mod ash_policy;
pub mod ash_resource;
pub mod component;
pub mod demo;
pub mod export_spec;
pub mod genserver;
pub mod live;
pub mod migration;
pub mod new_project;
pub mod supervisor;
pub mod templates;

use crate::changes::ChangeSet;
use crate::elixir::{Document, EditError, Outcome};
use crate::error::{Error, Result};
use crate::project::Project;
use crate::render::Renderer;

/// Everything a generator may read: the project model and the renderer.
pub struct Context<'a> {
    pub project: &'a Project,
    pub renderer: &'a Renderer,
}

/// Edits the Elixir file at `path` (as the change set currently sees it)
/// with the operations in `edit`, parsing it once. Each operation's
/// `Unchanged` note goes into the summary; a changed text is planned as a
/// modification. A missing file is reported with the snippet to add.
pub fn edit_elixir<F>(set: &mut ChangeSet, path: &str, edit: F) -> Result<()>
where
    F: FnOnce(&mut Document) -> std::result::Result<Vec<Outcome>, EditError>,
{
    let Some(text) = set.read(path)? else {
        return Err(Error::refused_hint(
            format!("{path} does not exist; scaffold expected to edit it"),
            "create it (a fresh `mix phx.new` project has it) or pass --project",
        ));
    };
    let mut doc = Document::parse(text.clone()).map_err(|e| e.into_error(path))?;
    let outcomes = edit(&mut doc).map_err(|e| e.into_error(path))?;
    for o in &outcomes {
        if let Outcome::Unchanged(note) = o {
            set.note(format!("{path}: {note}"));
        }
    }
    let new = doc.into_text();
    if new != text {
        set.modify(path, new)?;
    }
    Ok(())
}
