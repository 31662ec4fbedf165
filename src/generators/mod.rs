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
    let mut doc = parsed(set, path)?;
    let outcomes = edit(&mut doc).map_err(|e| e.into_error(path))?;
    for o in &outcomes {
        if let Outcome::Unchanged(note) = o {
            set.note(format!("{path}: {note}"));
        }
    }
    if doc.text() != text {
        set.modify(path, doc.text().to_string())?;
        // The edited document (its syntax tree updated incrementally) is
        // the parse of the new content: the next edit of the same file
        // starts from it instead of parsing the whole file again.
        if set.read(path)?.as_deref() == Some(doc.text()) {
            set.store_derived(DOCUMENT, path, Some(doc))?;
        }
    }
    Ok(())
}

const DOCUMENT: &str = "document";

/// The Elixir file at `path` as the change set currently sees it, parsed
/// (once per content). A missing file is an empty document; a syntax error
/// is reported with the file and line.
pub fn parsed(set: &ChangeSet, path: &str) -> Result<Document> {
    let doc = set.derive(DOCUMENT, path, |text| {
        Document::parse(text.unwrap_or_default()).ok()
    })?;
    match doc {
        Some(doc) => Ok(doc),
        None => {
            let text = set.read(path)?.unwrap_or_default();
            Err(Document::parse(text)
                .err()
                .map(|e| e.into_error(path))
                .unwrap_or_else(|| Error::input(format!("{path}: could not be parsed"))))
        }
    }
}
