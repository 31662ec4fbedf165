//! The validated input of `scaffold new` and `scaffold demo`: the OTP app
//! and module names, the database, the optional parts, and the per-project
//! secrets.
//!
//! Secrets come from the operating system's random source and are never
//! shared between two projects. When the target directory already holds a
//! project (re-running with `--force`), its development and test secrets
//! are read back and kept, so a second run does not invalidate sessions
//! and reports the config files unchanged.

use super::names::{ModuleName, SnakeName};
use crate::error::{Error, Result};
use serde::Serialize;
use std::io::Read;
use std::path::Path;

/// Hex packages a new app may not be named after: the app module would
/// clash with the dependency's own modules.
pub const TAKEN_APP_NAMES: &[&str] = &[
    "ash",
    "ash_phoenix",
    "ash_postgres",
    "ash_sqlite",
    "bandit",
    "dns_cluster",
    "ecto",
    "ecto_sql",
    "ecto_sqlite3",
    "elixir",
    "esbuild",
    "gettext",
    "jason",
    "mix",
    "phoenix",
    "phoenix_ecto",
    "phoenix_html",
    "phoenix_live_dashboard",
    "phoenix_live_reload",
    "phoenix_live_view",
    "plug",
    "postgrex",
    "req",
    "spark",
    "swoosh",
    "tailwind",
    "telemetry",
    "telemetry_metrics",
    "telemetry_poller",
];

/// The longest app name and base module `scaffold new` accepts: with
/// these, every line of the skeleton stays within the formatter's 98
/// columns in the forms the templates write (checked by the tests).
pub const MAX_NAME_LEN: usize = 30;

/// The database of a new project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Database {
    /// PostgreSQL through Postgrex (and AshPostgres with Ash).
    #[default]
    Postgres,
    /// SQLite through ecto_sqlite3 (and AshSqlite with Ash).
    Sqlite,
}

impl Database {
    /// Parses `postgres` or `sqlite` (also `postgresql`, `pg`, `sqlite3`).
    pub fn parse(input: &str) -> Result<Database> {
        match input.trim().to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" | "pg" => Ok(Database::Postgres),
            "sqlite" | "sqlite3" => Ok(Database::Sqlite),
            other => {
                let hint = match crate::error::did_you_mean(other, ["postgres", "sqlite"]) {
                    Some(s) => format!("did you mean `{s}`? choose postgres or sqlite"),
                    None => "choose postgres or sqlite".to_string(),
                };
                Err(Error::input_hint(
                    format!("unknown database `{input}`"),
                    hint,
                ))
            }
        }
    }

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Database::Postgres => "postgres",
            Database::Sqlite => "sqlite",
        }
    }
}

/// The raw choices of `scaffold new`, before validation.
#[derive(Debug, Clone, Default)]
pub struct NewProjectInput {
    /// The OTP app name; derived from the directory name when absent.
    pub app: Option<String>,
    /// The base module; derived from the app name when absent.
    pub module: Option<String>,
    /// The last component of the target directory.
    pub dir_name: String,
    /// Add Ash (and its data layer) to the project.
    pub ash: bool,
    /// Wire LiveView (socket, live helpers, LiveDashboard, AshPhoenix).
    pub live: bool,
    /// The database.
    pub database: Database,
}

/// Random values a Phoenix project needs, generated per project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Secrets {
    /// `secret_key_base` of the dev endpoint (64 characters).
    pub dev_secret_key_base: String,
    /// `secret_key_base` of the test endpoint (64 characters).
    pub test_secret_key_base: String,
    /// The cookie session's signing salt (8 characters).
    pub session_signing_salt: String,
    /// LiveView's signing salt (8 characters).
    pub live_view_signing_salt: String,
}

const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

impl Secrets {
    /// Fresh secrets from the operating system's random source.
    pub fn generate() -> Result<Secrets> {
        Ok(Secrets {
            dev_secret_key_base: random_token(64)?,
            test_secret_key_base: random_token(64)?,
            session_signing_salt: random_token(8)?,
            live_view_signing_salt: random_token(8)?,
        })
    }

    /// The secrets of the project already at `root` (a project this
    /// command generated earlier), each one that cannot be found replaced
    /// by a fresh one.
    pub fn reuse_or_generate(root: &Path) -> Result<Secrets> {
        let fresh = Secrets::generate()?;
        let read = |p: &str| std::fs::read_to_string(root.join(p)).unwrap_or_default();
        let (dev, test, config) = (
            read("config/dev.exs"),
            read("config/test.exs"),
            read("config/config.exs"),
        );
        let endpoint = std::fs::read_dir(root.join("lib"))
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path().join("endpoint.ex"))
            .find(|p| p.is_file())
            .and_then(|p| std::fs::read_to_string(p).ok())
            .unwrap_or_default();
        Ok(Secrets {
            dev_secret_key_base: literal_after(&dev, "secret_key_base: \"", 64)
                .unwrap_or(fresh.dev_secret_key_base),
            test_secret_key_base: literal_after(&test, "secret_key_base: \"", 64)
                .unwrap_or(fresh.test_secret_key_base),
            session_signing_salt: literal_after(&endpoint, "signing_salt: \"", 8)
                .unwrap_or(fresh.session_signing_salt),
            live_view_signing_salt: literal_after(&config, "live_view: [signing_salt: \"", 8)
                .unwrap_or(fresh.live_view_signing_salt),
        })
    }

    /// Every secret, for checks that none leaks or repeats.
    pub fn all(&self) -> [&str; 4] {
        [
            &self.dev_secret_key_base,
            &self.test_secret_key_base,
            &self.session_signing_salt,
            &self.live_view_signing_salt,
        ]
    }
}

/// The alphanumeric string literal of exactly `len` characters after
/// `prefix`, when there is one.
fn literal_after(text: &str, prefix: &str, len: usize) -> Option<String> {
    let start = text.find(prefix)? + prefix.len();
    let rest = &text[start..];
    let end = rest.find('"')?;
    let value = &rest[..end];
    (value.len() == len && value.bytes().all(|b| ALPHABET.contains(&b))).then(|| value.to_string())
}

/// `len` random alphanumeric characters from the OS random source
/// (rejection sampling, so every character is equally likely).
pub fn random_token(len: usize) -> Result<String> {
    let mut out = String::with_capacity(len);
    let mut buf = [0u8; 128];
    let mut file = std::fs::File::open("/dev/urandom").map_err(|e| Error::io("/dev/urandom", e))?;
    while out.len() < len {
        file.read_exact(&mut buf)
            .map_err(|e| Error::io("/dev/urandom", e))?;
        for b in buf {
            // 248 = 4 * 62: bytes above it would favour the first letters.
            if b < 248 && out.len() < len {
                out.push(ALPHABET[(b % 62) as usize] as char);
            }
        }
    }
    Ok(out)
}

/// Everything the project templates interpolate, validated.
#[derive(Debug, Clone, Serialize)]
pub struct NewProjectSpec {
    /// OTP app: `shop`.
    pub app: String,
    /// Base module: `Shop`.
    pub module: String,
    /// Web app directory name: `shop_web`.
    pub web_app: String,
    /// Web module: `ShopWeb`.
    pub web_module: String,
    /// Repo module: `Shop.Repo`.
    pub repo: String,
    /// The repo's telemetry event prefix as a dotted name: `shop.repo`.
    pub repo_telemetry: String,
    /// Whether Ash is part of the project.
    pub ash: bool,
    /// Whether LiveView is wired.
    pub live: bool,
    /// The database.
    pub database: Database,
    /// `database == Postgres`, for templates.
    pub postgres: bool,
    /// `database == Sqlite`, for templates.
    pub sqlite: bool,
    /// The per-project secrets.
    pub secrets: Secrets,
}

impl NewProjectSpec {
    /// Validates the input; `secrets` are taken as given.
    pub fn build(input: &NewProjectInput, secrets: Secrets) -> Result<NewProjectSpec> {
        let app = match &input.app {
            Some(app) => check_app(app, "--app")?,
            None => check_app(&input.dir_name, "the directory name").map_err(|e| {
                e.with_hint(format!(
                    "the app name comes from the directory name; pass --app NAME (e.g. --app {})",
                    suggest_app(&input.dir_name)
                ))
            })?,
        };
        let module = match &input.module {
            Some(m) => ModuleName::parse(m)?,
            None => ModuleName::from_app(&app)?,
        };
        if module.as_str().len() > MAX_NAME_LEN {
            return Err(Error::input_hint(
                format!("module name `{module}` is longer than {MAX_NAME_LEN} characters"),
                "pass a shorter --module NAME",
            ));
        }
        let web_module = ModuleName::parse(&format!("{module}Web"))?;
        Ok(NewProjectSpec {
            app: app.to_string(),
            web_app: format!("{app}_web"),
            repo: format!("{module}.Repo"),
            repo_telemetry: crate::project::module_path(&format!("{module}.Repo"))
                .replace('/', "."),
            web_module: web_module.to_string(),
            module: module.to_string(),
            ash: input.ash,
            live: input.live,
            database: input.database,
            postgres: input.database == Database::Postgres,
            sqlite: input.database == Database::Sqlite,
            secrets,
        })
    }
}

/// Why a name cannot be the OTP app of a new project.
enum AppProblem {
    /// It does not start with a lowercase letter, or ends in `?`.
    Start,
    /// It is not a valid snake_case name (the reason).
    Name(Error),
    /// It is longer than [`MAX_NAME_LEN`].
    TooLong,
    /// A dependency of the new project has that name.
    Taken,
}

/// The rules an app name must follow, without messages: shared by
/// [`check_app`] and [`suggest_app`], so a suggestion always passes.
fn validate_app(name: &str) -> std::result::Result<SnakeName, AppProblem> {
    let valid_start = name.chars().next().is_some_and(|c| c.is_ascii_lowercase());
    if !valid_start || name.ends_with('?') {
        return Err(AppProblem::Start);
    }
    let app = SnakeName::parse(name).map_err(AppProblem::Name)?;
    if name.len() > MAX_NAME_LEN {
        return Err(AppProblem::TooLong);
    }
    if TAKEN_APP_NAMES.contains(&name) {
        return Err(AppProblem::Taken);
    }
    Ok(app)
}

/// An OTP app name for a new project: snake_case starting with a letter,
/// not the name of one of the project's own dependencies.
fn check_app(name: &str, what: &str) -> Result<SnakeName> {
    let forms = || {
        format!(
            "app names are snake_case and start with a letter, e.g. `{}`",
            suggest_app(name)
        )
    };
    validate_app(name).map_err(|problem| match problem {
        AppProblem::Start => {
            Error::input_hint(format!("invalid app name `{name}` (from {what})"), forms())
        }
        AppProblem::Name(e) => Error::input_hint(
            format!("invalid app name `{name}` (from {what}): {e}"),
            forms(),
        ),
        AppProblem::TooLong => Error::input_hint(
            format!("app name `{name}` (from {what}) is longer than {MAX_NAME_LEN} characters"),
            "pass a shorter --app NAME",
        ),
        AppProblem::Taken => Error::input_hint(
            format!("app name `{name}` is taken by a dependency of the new project"),
            format!("choose another name, e.g. `{}`", suggest_app(name)),
        ),
    })
}

/// A valid app name close to `name`: `My-App` → `my_app`, `end` →
/// `end_app`. Every candidate is checked with [`validate_app`]; `my_app`
/// when none passes.
fn suggest_app(name: &str) -> String {
    let mut s: String = heck::ToSnakeCase::to_snake_case(name)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    while s.starts_with(|c: char| !c.is_ascii_lowercase()) {
        s.remove(0);
    }
    let cut = |max: usize| {
        let mut t = s.clone();
        t.truncate(max);
        t.trim_end_matches('_').to_string()
    };
    let close = cut(MAX_NAME_LEN);
    let suffixed = format!("{}_app", cut(MAX_NAME_LEN - "_app".len()));
    [close, suffixed]
        .into_iter()
        .find(|c| validate_app(c).is_ok())
        .unwrap_or_else(|| "my_app".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(dir: &str) -> NewProjectInput {
        NewProjectInput {
            dir_name: dir.into(),
            ash: true,
            live: true,
            ..Default::default()
        }
    }

    #[test]
    fn derives_names_from_the_directory() {
        let spec = NewProjectSpec::build(&input("shop"), Secrets::generate().unwrap()).unwrap();
        assert_eq!((spec.app.as_str(), spec.module.as_str()), ("shop", "Shop"));
        assert_eq!(
            (spec.web_module.as_str(), spec.repo.as_str()),
            ("ShopWeb", "Shop.Repo")
        );
        let mut i = input("x");
        i.app = Some("my_app".into());
        i.module = Some("Acme".into());
        let spec = NewProjectSpec::build(&i, Secrets::generate().unwrap()).unwrap();
        assert_eq!(
            (
                spec.app.as_str(),
                spec.module.as_str(),
                spec.web_module.as_str()
            ),
            ("my_app", "Acme", "AcmeWeb")
        );
    }

    #[test]
    fn rejects_bad_app_names_with_a_suggestion() {
        let err =
            NewProjectSpec::build(&input("My-App"), Secrets::generate().unwrap()).unwrap_err();
        assert_eq!(err.code(), 2);
        assert!(
            err.hint().unwrap().contains("--app my_app"),
            "{:?}",
            err.hint()
        );
        let err =
            NewProjectSpec::build(&input("phoenix"), Secrets::generate().unwrap()).unwrap_err();
        assert!(err.to_string().contains("taken by a dependency"));
        for bad in ["1shop", "_shop", "end", "shop?"] {
            let mut i = input("x");
            i.app = Some(bad.into());
            assert!(
                NewProjectSpec::build(&i, Secrets::generate().unwrap()).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn suggested_app_names_are_accepted() {
        let long = "a".repeat(MAX_NAME_LEN + 5);
        let bad = [
            "end", "nil", "true", "do", "when", "phoenix", "elixir", "Ecto", "My-App", "1shop",
            "_shop", "shop?", "---", "", "ñandú", "end?", "1end", &long,
        ];
        for dir in bad {
            let err =
                NewProjectSpec::build(&input(dir), Secrets::generate().unwrap()).expect_err(dir);
            let hint = err.hint().unwrap_or_default();
            let suggested = hint
                .split("--app ")
                .last()
                .and_then(|s| s.strip_suffix(')'))
                .unwrap_or_else(|| panic!("{dir}: {hint}"));
            assert_ne!(suggested, dir, "{dir}: {hint}");
            let mut i = input("x");
            i.app = Some(suggested.to_string());
            assert!(
                NewProjectSpec::build(&i, Secrets::generate().unwrap()).is_ok(),
                "{dir}: the suggestion `{suggested}` is refused"
            );
            // The hint of `--app NAME` suggests an accepted name too.
            let mut i = input("x");
            i.app = Some(dir.to_string());
            let err = NewProjectSpec::build(&i, Secrets::generate().unwrap()).expect_err(dir);
            let hint = err.hint().unwrap_or_default();
            if let Some(s) = hint.split('`').nth(1) {
                let mut i = input("x");
                i.app = Some(s.to_string());
                assert!(
                    NewProjectSpec::build(&i, Secrets::generate().unwrap()).is_ok(),
                    "--app {dir}: the suggestion `{s}` is refused"
                );
            }
        }
        assert_eq!(suggest_app("end"), "end_app");
        assert_eq!(suggest_app("phoenix"), "phoenix_app");
        assert_eq!(suggest_app("My-App"), "my_app");
    }

    #[test]
    fn database_names() {
        assert_eq!(Database::parse("sqlite3").unwrap(), Database::Sqlite);
        assert_eq!(Database::parse("PostgreSQL").unwrap(), Database::Postgres);
        let err = Database::parse("mysql").unwrap_err();
        assert_eq!(err.code(), 2);
        let err = Database::parse("postgrs").unwrap_err();
        assert!(err.hint().unwrap().contains("`postgres`"));
    }

    #[test]
    fn tokens_are_random_and_alphanumeric() {
        let a = random_token(64).unwrap();
        let b = random_token(64).unwrap();
        assert_eq!(a.len(), 64);
        assert!(a.bytes().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(a, b);
    }

    #[test]
    fn reads_back_existing_secrets() {
        let dir = tempfile::tempdir().unwrap();
        let s = Secrets::generate().unwrap();
        std::fs::create_dir_all(dir.path().join("config")).unwrap();
        std::fs::create_dir_all(dir.path().join("lib/shop_web")).unwrap();
        let w = |p: &str, t: String| std::fs::write(dir.path().join(p), t).unwrap();
        w(
            "config/dev.exs",
            format!("  secret_key_base: \"{}\",\n", s.dev_secret_key_base),
        );
        w(
            "config/test.exs",
            format!("  secret_key_base: \"{}\",\n", s.test_secret_key_base),
        );
        w(
            "config/config.exs",
            format!(
                "  live_view: [signing_salt: \"{}\"]\n",
                s.live_view_signing_salt
            ),
        );
        w(
            "lib/shop_web/endpoint.ex",
            format!("    signing_salt: \"{}\",\n", s.session_signing_salt),
        );
        assert_eq!(Secrets::reuse_or_generate(dir.path()).unwrap(), s);
        let fresh = Secrets::reuse_or_generate(&dir.path().join("nowhere")).unwrap();
        assert!(fresh.all().iter().all(|v| !s.all().contains(v)));
    }
}
