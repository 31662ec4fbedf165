//! `scaffold templates eject NAME`: copy an embedded template into the
//! project's override directory so it can be customised.

use super::Context;
use crate::changes::ChangeSet;
use crate::error::{did_you_mean, Error, Result};
use crate::render::{embedded, embedded_names, OVERRIDE_DIR};

/// Plans `.scaffold/templates/NAME` with the embedded template's text.
pub fn eject(_ctx: &Context, name: &str, set: &mut ChangeSet) -> Result<()> {
    let text = embedded(name).ok_or_else(|| {
        let names = embedded_names();
        let hint = match did_you_mean(name, names.iter().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`? `scaffold templates list` shows them all"),
            None => "`scaffold templates list` shows the template names".to_string(),
        };
        Error::input_hint(format!("no embedded template named `{name}`"), hint)
    })?;
    set.create(&format!("{OVERRIDE_DIR}/{name}"), text)
}
