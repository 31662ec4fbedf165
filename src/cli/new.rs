//! Arguments of `scaffold new` and `scaffold demo`.

use crate::error::Result;
use crate::spec::new_project::{Database, NewProjectInput};
use clap::Args;
use std::path::{Path, PathBuf};

/// `scaffold new PATH`: a new Phoenix 1.8 project (with Ash 3 unless
/// `--no-ash`). The OTP app name comes from the directory name, or from
/// the global `--app NAME`.
#[derive(Debug, Clone, Default, Args, PartialEq, Eq)]
pub struct NewArgs {
    /// The directory to create (it must not exist or be empty, unless --force).
    #[arg(value_name = "PATH")]
    pub path: PathBuf,

    /// The base module (default: the app name camelized, `my_app` → `MyApp`).
    #[arg(long, value_name = "NAME")]
    pub module: Option<String>,

    /// A Phoenix project without Ash.
    #[arg(long)]
    pub no_ash: bool,

    /// Without the LiveView socket, LiveDashboard and AshPhoenix.
    #[arg(long)]
    pub no_live: bool,

    /// The database: postgres (Postgrex, AshPostgres) or sqlite (ecto_sqlite3, AshSqlite).
    #[arg(long, value_name = "DB", default_value = "postgres")]
    pub database: String,

    /// Render this folder of templates instead of the embedded skeleton
    /// (same template syntax and variables; file names are rendered too).
    #[arg(long, value_name = "DIR")]
    pub template: Option<PathBuf>,
}

impl NewArgs {
    /// The spec input; `app` is the global `--app` option.
    pub fn to_input(&self, app: Option<&str>) -> Result<NewProjectInput> {
        Ok(NewProjectInput {
            app: app.map(str::to_string),
            module: self.module.clone(),
            dir_name: dir_name(&self.path),
            ash: !self.no_ash,
            live: !self.no_live,
            database: Database::parse(&self.database)?,
        })
    }

    /// The flags as a command line (`scaffold new shop --no-live`), with
    /// the given app name when it differs from the directory's.
    pub fn command_line(&self, app: Option<&str>) -> String {
        let mut parts = vec![
            "scaffold".to_string(),
            "new".to_string(),
            shell_word(&self.path.to_string_lossy()),
        ];
        if let Some(app) = app.filter(|a| *a != dir_name(&self.path)) {
            parts.push(format!("--app {}", shell_word(app)));
        }
        if let Some(m) = &self.module {
            parts.push(format!("--module {}", shell_word(m)));
        }
        if self.no_ash {
            parts.push("--no-ash".into());
        }
        if self.no_live {
            parts.push("--no-live".into());
        }
        if self.database != "postgres" {
            parts.push(format!("--database {}", shell_word(&self.database)));
        }
        if let Some(t) = &self.template {
            parts.push(format!("--template {}", shell_word(&t.to_string_lossy())));
        }
        parts.join(" ")
    }
}

/// `scaffold demo DIR`: the sample project with a representative set of
/// generated code in it.
#[derive(Debug, Clone, Default, Args, PartialEq, Eq)]
pub struct DemoArgs {
    /// The directory to create (it must not exist or be empty, unless --force).
    #[arg(value_name = "DIR")]
    pub path: PathBuf,
}

/// The last component of a path (`./apps/shop/` → `shop`).
pub fn dir_name(path: &Path) -> String {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|c| c.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    let mut name = String::new();
    for c in abs.components() {
        match c {
            std::path::Component::Normal(s) => name = s.to_string_lossy().into_owned(),
            std::path::Component::ParentDir => name.clear(),
            _ => {}
        }
    }
    if name.is_empty() {
        // `..` or `/`: fall back to the canonical path's last component.
        abs.canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_default()
    } else {
        name
    }
}

/// Quotes a word for a POSIX shell when it needs it.
pub fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.,:=/@+%".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directory_names() {
        assert_eq!(dir_name(Path::new("./apps/shop/")), "shop");
        assert_eq!(dir_name(Path::new("/tmp/my_app")), "my_app");
    }

    #[test]
    fn command_lines() {
        let args = NewArgs {
            path: "shop".into(),
            no_live: true,
            database: "sqlite".into(),
            ..Default::default()
        };
        assert_eq!(
            args.command_line(Some("shop")),
            "scaffold new shop --no-live --database sqlite"
        );
        assert_eq!(
            args.command_line(Some("my shop")),
            "scaffold new shop --app 'my shop' --no-live --database sqlite"
        );
    }
}
