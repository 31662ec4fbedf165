//! scaffold: a code generator for Phoenix and Ash Framework projects.
//!
//! One direction of flow: CLI or wizard → spec (validated domain model) →
//! generator → change set → diff / apply.

pub mod changes;
pub mod cli;
pub mod elixir;
pub mod error;
pub mod generators;
pub mod project;
pub mod render;
pub mod spec;
