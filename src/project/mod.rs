//! The target project, read without running Elixir: app name, base and web
//! modules, repo, the dependencies already present, the paths generators
//! edit, and umbrella layout.

pub mod defaults;
mod scan;

use crate::error::{Error, Result};
use heck::ToUpperCamelCase;
use scan::{atom_name, string_content, Parsed};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Dependencies scaffold cares about, reported by `info`.
pub const KNOWN_DEPS: &[&str] = &[
    "phoenix",
    "phoenix_live_view",
    "ecto_sql",
    "postgrex",
    "ash",
    "ash_postgres",
    "ash_phoenix",
    "picosat_elixir",
    "simple_sat",
    "stream_data",
    "telemetry",
];

/// What scaffold knows about the project it works in.
#[derive(Debug, Clone, Serialize)]
pub struct Project {
    /// Directory every change-set path is relative to: the umbrella root
    /// for umbrella projects, else the project root.
    pub root: PathBuf,
    /// The app directory relative to `root` (`""`, or `apps/shop`).
    pub app_dir: String,
    /// OTP app name (`shop`).
    pub app: String,
    /// Base module (`Shop`).
    pub base_module: String,
    /// Web module (`ShopWeb`) when the project has a web layer.
    pub web_module: Option<String>,
    /// The web app's directory relative to `root` (umbrella: `apps/shop_web`).
    pub web_dir: Option<String>,
    /// The Ecto repo module (`Shop.Repo`).
    pub repo: Option<String>,
    /// Dependencies declared in mix.exs with their requirement (None for
    /// git/path deps or a requirement we could not read).
    pub deps: BTreeMap<String, Option<String>>,
    /// Whether the project is an umbrella.
    pub umbrella: bool,
    /// Apps of the umbrella (empty otherwise).
    pub umbrella_apps: Vec<String>,
    /// Paths of files generators edit (relative to `root`; present only when the file exists).
    pub paths: ProjectPaths,
    /// Defaults from `.scaffold.toml` (flags win over them).
    pub defaults: defaults::Defaults,
}

/// Project-relative paths of the files generators read or edit.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ProjectPaths {
    pub mix_exs: String,
    pub config: Option<String>,
    pub application: Option<String>,
    pub router: Option<String>,
    pub formatter: Option<String>,
    pub data_case: Option<String>,
    pub conn_case: Option<String>,
    pub repo: Option<String>,
    pub migrations: Option<String>,
}

impl Project {
    /// Finds the project: `explicit` when given (must hold mix.exs), else
    /// the nearest directory upward from `cwd` that holds `mix.exs`.
    /// Inside an umbrella app directory, the umbrella root is used.
    pub fn discover(explicit: Option<&Path>, cwd: &Path, app: Option<&str>) -> Result<Project> {
        let root = match explicit {
            Some(dir) => {
                let dir = if dir.is_absolute() {
                    dir.to_path_buf()
                } else {
                    cwd.join(dir)
                };
                if dir.exists() && !dir.is_dir() {
                    return Err(Error::input_hint(
                        format!("project directory {} is not a directory", dir.display()),
                        "pass --project DIR with the directory that holds mix.exs, not a file in it",
                    ));
                }
                if !dir.is_dir() {
                    return Err(Error::input_hint(
                        format!("project directory {} does not exist", dir.display()),
                        "pass --project DIR with the directory that holds mix.exs",
                    ));
                }
                if !dir.join("mix.exs").is_file() {
                    return Err(not_mix(&dir));
                }
                dir
            }
            None => {
                let mut found = None;
                let mut cur = Some(cwd);
                while let Some(d) = cur {
                    if d.join("mix.exs").is_file() {
                        found = Some(d.to_path_buf());
                        break;
                    }
                    cur = d.parent();
                }
                let dir = found.ok_or_else(|| not_mix(cwd))?;
                // An app inside an umbrella: prefer the umbrella root.
                match umbrella_root_of(&dir) {
                    Some(root) => root,
                    None => dir,
                }
            }
        };
        let root = root.canonicalize().map_err(|e| Error::io(&root, e))?;
        Project::load(&root, app)
    }

    /// Reads the project rooted at `root`.
    pub fn load(root: &Path, app: Option<&str>) -> Result<Project> {
        let mix_src = read(root, "mix.exs")?.ok_or_else(|| not_mix(root))?;
        let mix = parse(&mix_src, "mix.exs")?;
        let project_body = mix.function_body("project");
        let scope = project_body.unwrap_or(mix.tree.root_node());
        let apps_path = mix
            .pairs(scope, "apps_path")
            .first()
            .and_then(|v| string_content(mix.text(*v)).map(str::to_string));

        if let Some(apps_path) = apps_path {
            let apps = list_apps(&root.join(&apps_path));
            let Some(app) = app else {
                return Err(Error::input_hint(
                    "this is an umbrella project; choose an app with --app NAME".to_string(),
                    format!(
                        "apps: {}",
                        if apps.is_empty() {
                            "(none found)".into()
                        } else {
                            apps.join(", ")
                        }
                    ),
                ));
            };
            if !apps.iter().any(|a| a == app) {
                let hint = match crate::error::did_you_mean(app, apps.iter().map(String::as_str)) {
                    Some(s) => format!("did you mean `{s}`? apps: {}", apps.join(", ")),
                    None => format!("apps: {}", apps.join(", ")),
                };
                return Err(Error::input_hint(
                    format!("no app `{app}` in {apps_path}/"),
                    hint,
                ));
            }
            let app_dir = format!("{}/{}", apps_path.trim_end_matches('/'), app);
            let mut project = Project::load_app(root, &app_dir)?;
            project.umbrella = true;
            project.defaults = defaults::Defaults::load(root)?;
            project.umbrella_apps = apps.clone();
            // The web layer of an umbrella lives in the `<app>_web` app.
            if project.web_module.is_none() {
                let web_app = format!("{}_web", project.app);
                if apps.contains(&web_app) {
                    project.web_module = Some(format!("{}Web", project.base_module));
                    project.web_dir =
                        Some(format!("{}/{}", apps_path.trim_end_matches('/'), web_app));
                    let router = format!(
                        "{}/{}/lib/{}/router.ex",
                        apps_path.trim_end_matches('/'),
                        web_app,
                        web_app
                    );
                    if root.join(&router).is_file() {
                        project.paths.router = Some(router);
                    }
                }
            }
            return Ok(project);
        }
        if let Some(app) = app {
            return Err(Error::input(format!(
                "--app {app} given, but this is not an umbrella project"
            )));
        }
        let mut project = Project::load_app(root, "")?;
        project.defaults = defaults::Defaults::load(root)?;
        Ok(project)
    }

    fn load_app(root: &Path, app_dir: &str) -> Result<Project> {
        let join = |p: &str| {
            if app_dir.is_empty() {
                p.to_string()
            } else {
                format!("{app_dir}/{p}")
            }
        };
        let mix_path = join("mix.exs");
        let mix_src = read(root, &mix_path)?.ok_or_else(|| not_mix(&root.join(app_dir)))?;
        let mix = parse(&mix_src, &mix_path)?;
        let project_body = mix.function_body("project");
        let scope = project_body.unwrap_or(mix.tree.root_node());
        let app = mix
            .pairs(scope, "app")
            .first()
            .and_then(|v| atom_name(mix.text(*v)))
            .map(str::to_string)
            .ok_or_else(|| {
                Error::input_hint(
                    format!("{mix_path}: no `app: :name` in project/0"),
                    "scaffold needs the OTP app name from mix.exs",
                )
            })?;
        let base_module = mix
            .function_body("application")
            .and_then(|b| mix.pairs(b, "mod").first().copied())
            .filter(|v| v.kind() == "tuple")
            .and_then(|t| t.named_child(0))
            .filter(|a| a.kind() == "alias")
            .and_then(|a| mix.text(a).strip_suffix(".Application").map(str::to_string))
            .unwrap_or_else(|| app.to_upper_camel_case());

        let mut deps = BTreeMap::new();
        if let Some(body) = mix.function_body("deps") {
            mix.walk(body, &mut |n| {
                if n.kind() == "tuple" {
                    if let Some(first) = n.named_child(0) {
                        if let Some(name) = atom_name(mix.text(first)) {
                            let req = n
                                .named_child(1)
                                .and_then(|s| string_content(mix.text(s)))
                                .map(str::to_string);
                            deps.entry(name.to_string()).or_insert(req);
                        }
                    }
                }
            });
        }

        // Umbrella apps share the root config.
        let config = Some("config/config.exs".to_string()).filter(|p| root.join(p).is_file());
        let mut repo = None;
        if let Some(cfg) = &config {
            if let Some(src) = read(root, cfg)? {
                if let Some(parsed) = Parsed::new(&src) {
                    repo = parsed
                        .pairs(parsed.tree.root_node(), "ecto_repos")
                        .iter()
                        .filter(|v| v.kind() == "list")
                        .filter_map(|v| v.named_child(0))
                        .find(|a| a.kind() == "alias")
                        .map(|a| parsed.text(a).to_string());
                }
            }
        }
        let repo_file = join(&format!("lib/{app}/repo.ex"));
        if repo.is_none() && root.join(&repo_file).is_file() {
            repo = Some(format!("{base_module}.Repo"));
        }

        // The web layer is `<app>_web` inside the app, or the app itself
        // when it is an umbrella's web app (`apps/shop_web`).
        let is_web_app =
            app.ends_with("_web") && root.join(join(&format!("lib/{app}/router.ex"))).is_file();
        let web_app = if is_web_app {
            app.clone()
        } else {
            format!("{app}_web")
        };
        let has_web = root.join(join(&format!("lib/{web_app}.ex"))).is_file()
            || root.join(join(&format!("lib/{web_app}"))).is_dir();
        let existing = |p: String| root.join(&p).is_file().then_some(p);
        let repo_path = repo
            .as_ref()
            .and_then(|r| existing(join(&format!("lib/{}.ex", module_path(r)))));
        let migrations = repo.as_ref().map(|r| {
            let last = r.rsplit('.').next().unwrap_or("Repo");
            join(&format!(
                "priv/{}/migrations",
                heck::ToSnakeCase::to_snake_case(last)
            ))
        });
        let paths = ProjectPaths {
            mix_exs: mix_path.clone(),
            config,
            application: existing(join(&format!("lib/{app}/application.ex"))),
            router: if has_web {
                existing(join(&format!("lib/{web_app}/router.ex")))
            } else {
                None
            },
            formatter: existing(join(".formatter.exs")),
            data_case: existing(join("test/support/data_case.ex")),
            conn_case: existing(join("test/support/conn_case.ex")),
            repo: repo_path,
            migrations,
        };
        Ok(Project {
            root: root.to_path_buf(),
            app_dir: app_dir.to_string(),
            web_module: has_web.then(|| {
                if is_web_app {
                    base_module.clone()
                } else {
                    format!("{base_module}Web")
                }
            }),
            web_dir: has_web.then(|| app_dir.to_string()),
            app,
            base_module,
            repo,
            deps,
            umbrella: false,
            umbrella_apps: Vec::new(),
            paths,
            defaults: defaults::Defaults::default(),
        })
    }

    /// A path inside the app directory, relative to the root.
    pub fn app_path(&self, rel: &str) -> String {
        if self.app_dir.is_empty() {
            rel.to_string()
        } else {
            format!("{}/{rel}", self.app_dir)
        }
    }

    /// A path inside the web app directory, relative to the root.
    pub fn web_path(&self, rel: &str) -> String {
        match self.web_dir.as_deref() {
            Some(d) if !d.is_empty() => format!("{d}/{rel}"),
            _ => rel.to_string(),
        }
    }

    /// Whether `name` is a declared dependency.
    pub fn has_dep(&self, name: &str) -> bool {
        self.deps.contains_key(name)
    }

    /// The template override directory (relative to the root).
    pub fn templates_dir(&self) -> String {
        self.defaults
            .templates_dir
            .clone()
            .unwrap_or_else(|| crate::render::OVERRIDE_DIR.to_string())
    }

    /// Whether the project uses Ash.
    pub fn uses_ash(&self) -> bool {
        self.has_dep("ash")
    }
}

/// `Shop.Blog.Post` → `shop/blog/post`.
pub fn module_path(module: &str) -> String {
    module
        .split('.')
        .map(heck::ToSnakeCase::to_snake_case)
        .collect::<Vec<_>>()
        .join("/")
}

fn not_mix(dir: &Path) -> Error {
    Error::input_hint(
        format!("{} is not a Mix project (no mix.exs found here or above)", dir.display()),
        "run scaffold inside a Phoenix project, pass --project DIR, or create one with `scaffold new PATH`",
    )
}

fn read(root: &Path, rel: &str) -> Result<Option<String>> {
    let p = root.join(rel);
    match std::fs::read(&p) {
        Ok(b) => String::from_utf8(b)
            .map(Some)
            .map_err(|_| Error::input(format!("{rel}: not valid UTF-8"))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(p, e)),
    }
}

fn parse<'a>(src: &'a str, path: &str) -> Result<Parsed<'a>> {
    let parsed = Parsed::new(src).ok_or_else(|| Error::input(format!("{path}: cannot parse")))?;
    if parsed.has_errors() {
        let line = parsed.first_error_line().unwrap_or(1);
        return Err(Error::input_hint(
            format!("{path}:{line}: cannot parse this file as Elixir"),
            "fix the syntax error (mix compile shows it) and run scaffold again",
        ));
    }
    Ok(parsed)
}

fn list_apps(dir: &Path) -> Vec<String> {
    let mut apps: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .filter(|e| e.path().join("mix.exs").is_file())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    apps.sort();
    apps
}

/// When `dir` is `<umbrella>/apps/<app>`, the umbrella root.
fn umbrella_root_of(dir: &Path) -> Option<PathBuf> {
    let candidate = dir.parent()?.parent()?;
    let src = std::fs::read_to_string(candidate.join("mix.exs")).ok()?;
    let parsed = Parsed::new(&src)?;
    let has = !parsed
        .pairs(parsed.tree.root_node(), "apps_path")
        .is_empty();
    has.then(|| candidate.to_path_buf())
}
