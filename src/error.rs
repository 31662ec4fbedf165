//! The one error type of the crate, with its exit code.
//!
//! Every error renders as one line (plus an optional `hint:` line), so the
//! CLI can print it on stderr as is. Exit codes: 2 for bad input or usage,
//! 1 for conflicts and refused changes (including edits that need a human).

use std::fmt;
use std::path::PathBuf;

/// Result alias used across the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug)]
pub enum Error {
    /// Bad input: invalid names, unknown types, malformed options, paths
    /// escaping the project, a directory that is not a Mix project,
    /// unparsable source files. Exit code 2.
    Input {
        message: String,
        hint: Option<String>,
    },
    /// A change was refused: a conflict without `--force`, a stale file,
    /// a declined confirmation. Exit code 1.
    Refused {
        message: String,
        hint: Option<String>,
    },
    /// An existing file has a shape we do not edit automatically. Carries
    /// the exact snippet the user can add by hand. Exit code 1.
    Manual {
        file: String,
        line: usize,
        why: String,
        snippet: String,
    },
    /// An I/O failure while reading or writing. Exit code 1.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl Error {
    /// Bad input with no hint.
    pub fn input(message: impl Into<String>) -> Self {
        Error::Input {
            message: message.into(),
            hint: None,
        }
    }

    /// Bad input with a hint such as a did-you-mean suggestion.
    pub fn input_hint(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Error::Input {
            message: message.into(),
            hint: Some(hint.into()),
        }
    }

    /// A refused change.
    pub fn refused(message: impl Into<String>) -> Self {
        Error::Refused {
            message: message.into(),
            hint: None,
        }
    }

    /// A refused change with a hint.
    pub fn refused_hint(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Error::Refused {
            message: message.into(),
            hint: Some(hint.into()),
        }
    }

    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// The process exit code for this error.
    pub fn code(&self) -> i32 {
        match self {
            Error::Input { .. } => 2,
            Error::Refused { .. } | Error::Manual { .. } | Error::Io { .. } => 1,
        }
    }

    /// The hint line, if any.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::Input { hint, .. } | Error::Refused { hint, .. } => hint.clone(),
            Error::Manual { snippet, .. } => Some(format!("add by hand:\n{snippet}")),
            Error::Io { .. } => None,
        }
    }

    /// Adds or replaces the hint (no effect on errors without one).
    pub fn with_hint(self, new_hint: impl Into<String>) -> Self {
        match self {
            Error::Input { message, .. } => Error::Input {
                message,
                hint: Some(new_hint.into()),
            },
            Error::Refused { message, .. } => Error::Refused {
                message,
                hint: Some(new_hint.into()),
            },
            other => other,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Input { message, .. } | Error::Refused { message, .. } => f.write_str(message),
            Error::Manual {
                file, line, why, ..
            } => write!(f, "{file}:{line}: {why}"),
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
        }
    }
}

impl std::error::Error for Error {}

/// The closest candidate to `input` by edit distance, for did-you-mean hints.
/// Returns `None` when nothing is reasonably close.
pub fn did_you_mean<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let input_lower = input.to_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    for cand in candidates {
        let d = strsim::levenshtein(&input_lower, &cand.to_lowercase());
        let limit = (cand.len().max(input.len()) / 3).max(1) + 1;
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, cand));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_nearest() {
        let types = ["string", "integer", "boolean", "text"];
        assert_eq!(did_you_mean("strng", types), Some("string"));
        assert_eq!(did_you_mean("integr", types), Some("integer"));
        assert_eq!(did_you_mean("zzzzzzzz", types), None);
    }

    #[test]
    fn exit_codes() {
        assert_eq!(Error::input("x").code(), 2);
        assert_eq!(Error::refused("x").code(), 1);
    }
}
