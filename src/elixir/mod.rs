//! Format-preserving edits of existing Elixir source files.
//!
//! Generators must wire new code into files the user owns (`mix.exs`,
//! `config/config.exs`, `application.ex`, the router, `.formatter.exs`, Ash
//! domains and resources). Re-printing a syntax tree loses comments and
//! the user's layout, so every operation here follows one rule: **parse to
//! locate, splice to change**. tree-sitter-elixir gives byte ranges; an
//! operation computes insertions (rarely a replacement) against the
//! original text; every byte outside the inserted text stays as it was.
//!
//! Each operation is a pure function of the source text and returns an
//! [`Outcome`]: `Changed(new_text)` or `Unchanged(note)` when what it would
//! add is already there (detected structurally, never by substring), so a
//! second run changes nothing. Shapes we do not edit automatically (a deps
//! list built by `++`, conditional supervisor children, a router without
//! `use MyAppWeb, :router`) yield [`EditError::Manual`] carrying the exact
//! snippet to paste by hand.
//!
//! Layout rules shared by all operations:
//! - inserted code takes the indentation of its neighbours;
//! - comments survive, including a trailing `# comment` after the last
//!   element of a list (the missing comma goes right after the element,
//!   the new element on the next line);
//! - a trailing-comma style is kept; CRLF files stay CRLF;
//! - output of `mix format` stays formatter-clean: a one-line list that
//!   would exceed 98 columns is broken the way the formatter breaks it.
//!
//! After every change the result is re-parsed (incrementally); if it has a
//! syntax error the operation is refused with an [`EditError`] instead of
//! producing broken code.
//!
//! Entry points: [`Document`] (parse once, apply several operations, run
//! read-only queries) and [`apply`] (one [`Op`] on a string).

mod children;
mod config;
mod deps;
mod document;
mod domain;
mod formatter;
mod module;
mod op;
mod query;
mod router;
mod seq;
mod syntax;
mod text;

pub use config::{ConfigValue, NewConfig};
pub use deps::{Dep, DepEntry};
pub use document::Document;
pub use module::{UseValue, RESOURCE_SECTION_ORDER};
pub use op::{apply, Op};
pub use query::{Action, Attribute, AttributeKind, Identity, Relationship, ResourceInfo, UseCall};
pub use router::Routes;

use std::fmt;

/// What an edit operation did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The file changed; holds the whole new text.
    Changed(String),
    /// Nothing to do: what the operation adds is already present. Holds a
    /// human note such as `ash already present ("~> 3.0")`.
    Unchanged(String),
}

impl Outcome {
    /// True for [`Outcome::Changed`].
    pub fn is_changed(&self) -> bool {
        matches!(self, Outcome::Changed(_))
    }
}

/// Why an edit operation could not be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// The input has a syntax error (an ERROR or MISSING node).
    Unparsable {
        /// 1-based line of the first error.
        line: usize,
        /// What is wrong there.
        message: String,
    },
    /// The file has a shape this module does not edit; the user must add
    /// `snippet` by hand.
    Manual {
        /// 1-based line of the construct that stopped us.
        line: usize,
        /// Why the edit was not done automatically.
        why: String,
        /// The exact code to paste.
        snippet: String,
    },
}

impl EditError {
    /// Converts into the crate error, naming `file`: `Unparsable` becomes
    /// an input error (exit code 2) `FILE:LINE: cannot parse: ...`,
    /// `Manual` becomes [`crate::error::Error::Manual`].
    pub fn into_error(self, file: &str) -> crate::error::Error {
        match self {
            EditError::Unparsable { line, message } => crate::error::Error::input_hint(
                format!("{file}:{line}: cannot parse: {message}"),
                "fix the syntax error (try `mix compile` or `mix format`), then run the command again",
            ),
            EditError::Manual { line, why, snippet } => crate::error::Error::Manual {
                file: file.to_string(),
                line,
                why,
                snippet,
            },
        }
    }

    pub(crate) fn manual(line: usize, why: impl Into<String>, snippet: impl Into<String>) -> Self {
        EditError::Manual {
            line,
            why: why.into(),
            snippet: snippet.into(),
        }
    }
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::Unparsable { line, message } => {
                write!(f, "line {line}: cannot parse: {message}")
            }
            EditError::Manual { line, why, snippet } => {
                write!(f, "line {line}: {why}; add by hand:\n{snippet}")
            }
        }
    }
}

impl std::error::Error for EditError {}
