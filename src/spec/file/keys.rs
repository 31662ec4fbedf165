//! The keys a `[[table]]` of a spec file accepts, read from the same
//! argument structs the commands parse, so the spec file and the command
//! line cannot drift apart.
//!
//! - [`struct_fields`]: the field names serde expects for a derived
//!   `Deserialize` struct (the keys of a table), found by asking the
//!   derived code itself through a probing deserializer.
//! - [`clap_keys`]: the argument ids of a clap `Args` struct (the field
//!   names: `calls` for `--call`), with whether each is required.

use serde::de::{self, Deserialize, Visitor};
use std::fmt;

/// The field names `T`'s derived `Deserialize` asks for, in declaration
/// order. Empty for types that are not structs.
pub fn struct_fields<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    match T::deserialize(Probe) {
        Err(ProbeError::Fields(fields)) => fields,
        _ => &[],
    }
}

/// One argument of a command: its id (the TOML key) and whether the
/// command line requires it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClapKey {
    /// `module`, `fields`, `calls`, `no_test`, ...
    pub id: String,
    /// A required positional argument (`MODULE`).
    pub required: bool,
    /// The long option (`call` for `calls`); `None` for positionals.
    pub long: Option<String>,
}

/// The arguments of the clap `Args` struct `A`, without `help`/`version`.
pub fn clap_keys<A: clap::Args>() -> Vec<ClapKey> {
    let cmd = A::augment_args(clap::Command::new("probe"));
    cmd.get_arguments()
        .filter(|a| !matches!(a.get_id().as_str(), "help" | "version"))
        .map(|a| ClapKey {
            id: a.get_id().to_string(),
            required: a.is_required_set(),
            long: a.get_long().map(str::to_string),
        })
        .collect()
}

/// A deserializer that answers every request with an error; for a struct
/// the error carries the struct's field names.
struct Probe;

#[derive(Debug)]
enum ProbeError {
    Fields(&'static [&'static str]),
    Other,
}

impl fmt::Display for ProbeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("probe")
    }
}

impl std::error::Error for ProbeError {}

impl de::Error for ProbeError {
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        ProbeError::Other
    }
}

impl<'de> de::Deserializer<'de> for Probe {
    type Error = ProbeError;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Self::Error> {
        Err(ProbeError::Other)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        Err(ProbeError::Fields(fields))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Sample {
        module: String,
        #[serde(default)]
        calls: Vec<String>,
    }

    #[test]
    fn reads_field_names_of_derived_structs() {
        assert_eq!(struct_fields::<Sample>(), &["module", "calls"]);
        assert!(struct_fields::<String>().is_empty());
    }
}
