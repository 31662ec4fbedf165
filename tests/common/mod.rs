//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod ash_dsl;
pub mod elixir;
pub mod heex;
pub mod project;
