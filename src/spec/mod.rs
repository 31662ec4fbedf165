//! The validated domain model: command-line strings are parsed here once,
//! and everything downstream (generators, templates) trusts the result.
//!
//! - [`names`]: newtypes for module names, snake_case names and tables.
//! - [`inflection`]: every name derived from a resource module.
//! - [`field`]: the `name:type:modifier` field syntax.
//! - [`literal`]: escaping user text into Elixir literals.
//! - [`layout`]: breaking precomputed code into lines like `mix format`.
//! - [`resource`]: [`ResourceSpec`], the input of the Ash resource generator.

pub mod component;
pub mod english;
pub mod field;
pub mod file;
pub mod inflection;
pub mod layout;
pub mod literal;
pub mod migration;
pub mod names;
pub mod new_project;
pub mod otp;
pub mod resource;

pub use field::{
    AttrType, Attribute, BaseType, DefaultValue, Field, FieldKind, OnDelete, Relationship,
    RelationshipKind, ScalarType,
};
pub use inflection::{DomainNames, ResourceNames};
pub use names::{ModuleName, SnakeName, TableName};
pub use resource::{
    Action, DataLayer, KnownResource, PrimaryKey, ProjectContext, ResourceInput, ResourceSpec,
};
