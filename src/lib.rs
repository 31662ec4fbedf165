//! scaffold: a code generator for Phoenix and Ash Framework projects.
//!
//! One direction of flow: CLI or wizard → spec (validated domain model) →
//! generator → change set → diff / apply.
//!
//! - [`cli`]: argument parsing and prompts only.
//! - [`spec`]: names, fields, types, relationships, validated once.
//! - [`project`]: reads the target project without running Elixir.
//! - [`elixir`]: parsing and format-preserving edits of Elixir source.
//! - [`render`]: templates, filters and per-project overrides.
//! - [`generators`]: spec → change set, one module per thing generated.
//! - [`changes`]: the change set, conflicts, diffs and atomic apply.

pub mod changes;
pub mod cli;
pub mod doctor;
pub mod elixir;
pub mod error;
pub mod generators;
pub mod project;
pub mod render;
mod run;
pub mod spec;
pub mod wizard;

pub use run::{discover, finish, finish_with, generate, run};
