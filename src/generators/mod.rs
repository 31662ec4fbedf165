//! Generators: each turns a validated spec into additions to a change set
//! and nothing else. They never touch the disk themselves.

pub mod templates;

use crate::project::Project;
use crate::render::Renderer;

/// Everything a generator may read: the project model and the renderer.
pub struct Context<'a> {
    pub project: &'a Project,
    pub renderer: &'a Renderer,
}
