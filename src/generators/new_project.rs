//! `scaffold new PATH`: a complete Phoenix 1.8 project (with Ash 3 unless
//! `--no-ash`) from the templates in `templates/new/`, or from a team's own
//! template folder with `--template DIR`.
//!
//! There is no project yet, so the change set is rooted at the target
//! directory and every file is a creation. [`project_model`] describes the
//! project these templates produce, so that other generators can plan into
//! the same change set before anything is on disk (`scaffold demo`).

pub mod bootstrap;
pub mod template_dir;

use crate::changes::ChangeSet;
use crate::error::Result;
use crate::project::{defaults::Defaults, Project, ProjectPaths};
use crate::render::Renderer;
use crate::spec::new_project::{Database, NewProjectSpec};
use std::collections::BTreeMap;
use std::path::Path;

/// One file of the embedded project skeleton.
struct Entry {
    /// Template name under `templates/`.
    template: &'static str,
    /// Output path; `{app}` and `{web_app}` are replaced.
    dest: &'static str,
    /// Whether the file belongs to a project with this spec.
    when: fn(&NewProjectSpec) -> bool,
}

const fn always(_: &NewProjectSpec) -> bool {
    true
}

/// The skeleton, in the order the summary lists it.
const SKELETON: &[Entry] = &[
    Entry {
        template: "new/mix.exs",
        dest: "mix.exs",
        when: always,
    },
    Entry {
        template: "new/formatter.exs",
        dest: ".formatter.exs",
        when: always,
    },
    Entry {
        template: "new/gitignore",
        dest: ".gitignore",
        when: always,
    },
    Entry {
        template: "new/README.md",
        dest: "README.md",
        when: always,
    },
    Entry {
        template: "new/config/config.exs",
        dest: "config/config.exs",
        when: always,
    },
    Entry {
        template: "new/config/dev.exs",
        dest: "config/dev.exs",
        when: always,
    },
    Entry {
        template: "new/config/test.exs",
        dest: "config/test.exs",
        when: always,
    },
    Entry {
        template: "new/config/prod.exs",
        dest: "config/prod.exs",
        when: always,
    },
    Entry {
        template: "new/config/runtime.exs",
        dest: "config/runtime.exs",
        when: always,
    },
    Entry {
        template: "new/lib/app.ex",
        dest: "lib/{app}.ex",
        when: always,
    },
    Entry {
        template: "new/lib/app/application.ex",
        dest: "lib/{app}/application.ex",
        when: always,
    },
    Entry {
        template: "new/lib/app/repo.ex",
        dest: "lib/{app}/repo.ex",
        when: always,
    },
    Entry {
        template: "new/lib/app/mailer.ex",
        dest: "lib/{app}/mailer.ex",
        when: always,
    },
    Entry {
        template: "new/lib/app_web.ex",
        dest: "lib/{web_app}.ex",
        when: always,
    },
    Entry {
        template: "new/lib/app_web/endpoint.ex",
        dest: "lib/{web_app}/endpoint.ex",
        when: always,
    },
    Entry {
        template: "new/lib/app_web/router.ex",
        dest: "lib/{web_app}/router.ex",
        when: always,
    },
    Entry {
        template: "new/lib/app_web/telemetry.ex",
        dest: "lib/{web_app}/telemetry.ex",
        when: always,
    },
    Entry {
        template: "new/lib/app_web/gettext.ex",
        dest: "lib/{web_app}/gettext.ex",
        when: always,
    },
    Entry {
        template: "new/lib/app_web/components/core_components.ex",
        dest: "lib/{web_app}/components/core_components.ex",
        when: always,
    },
    Entry {
        template: "new/lib/app_web/components/layouts.ex",
        dest: "lib/{web_app}/components/layouts.ex",
        when: always,
    },
    Entry {
        template: "new/lib/app_web/components/layouts/root.html.heex",
        dest: "lib/{web_app}/components/layouts/root.html.heex",
        when: always,
    },
    Entry {
        template: "new/lib/app_web/controllers/error_html.ex",
        dest: "lib/{web_app}/controllers/error_html.ex",
        when: always,
    },
    Entry {
        template: "new/lib/app_web/controllers/error_json.ex",
        dest: "lib/{web_app}/controllers/error_json.ex",
        when: always,
    },
    Entry {
        template: "new/lib/app_web/controllers/page_controller.ex",
        dest: "lib/{web_app}/controllers/page_controller.ex",
        when: always,
    },
    Entry {
        template: "new/lib/app_web/controllers/page_html.ex",
        dest: "lib/{web_app}/controllers/page_html.ex",
        when: always,
    },
    Entry {
        template: "new/lib/app_web/controllers/page_html/home.html.heex",
        dest: "lib/{web_app}/controllers/page_html/home.html.heex",
        when: always,
    },
    Entry {
        template: "new/priv/repo/migrations/formatter.exs",
        dest: "priv/repo/migrations/.formatter.exs",
        when: always,
    },
    Entry {
        template: "new/priv/repo/seeds.exs",
        dest: "priv/repo/seeds.exs",
        when: always,
    },
    Entry {
        template: "new/priv/static/robots.txt",
        dest: "priv/static/robots.txt",
        when: always,
    },
    Entry {
        template: "new/assets/js/app.js",
        dest: "assets/js/app.js",
        when: always,
    },
    Entry {
        template: "new/assets/css/app.css",
        dest: "assets/css/app.css",
        when: always,
    },
    Entry {
        template: "new/test/test_helper.exs",
        dest: "test/test_helper.exs",
        when: always,
    },
    Entry {
        template: "new/test/support/data_case.ex",
        dest: "test/support/data_case.ex",
        when: always,
    },
    Entry {
        template: "new/test/support/conn_case.ex",
        dest: "test/support/conn_case.ex",
        when: always,
    },
    Entry {
        template: "new/test/app_web/controllers/error_html_test.exs",
        dest: "test/{web_app}/controllers/error_html_test.exs",
        when: always,
    },
    Entry {
        template: "new/test/app_web/controllers/error_json_test.exs",
        dest: "test/{web_app}/controllers/error_json_test.exs",
        when: always,
    },
    Entry {
        template: "new/test/app_web/controllers/page_controller_test.exs",
        dest: "test/{web_app}/controllers/page_controller_test.exs",
        when: always,
    },
];

/// Plans every file of the embedded skeleton for `spec`, for a project
/// rooted at `root`. With Ash on PostgreSQL it composes the migration
/// generator's extension migration, as `scaffold init` does, so the repo's
/// `installed_extensions/0` are installed by `mix ash.setup`.
pub fn plan(
    renderer: &Renderer,
    spec: &NewProjectSpec,
    root: &Path,
    set: &mut ChangeSet,
) -> Result<()> {
    for entry in SKELETON.iter().filter(|e| (e.when)(spec)) {
        let text = renderer.render(entry.template, spec)?;
        let dest = entry
            .dest
            .replace("{web_app}", &spec.web_app)
            .replace("{app}", &spec.app);
        set.create(&dest, text)?;
    }
    if spec.ash && spec.database == Database::Postgres {
        let project = project_model(spec, root);
        let ctx = super::Context {
            project: &project,
            renderer,
        };
        super::migration::plan_extensions(&ctx, set)?;
    }
    Ok(())
}

/// The project model of what [`plan`] produces for `spec` at `root`: what
/// `Project::load` reads once the files are on disk.
pub fn project_model(spec: &NewProjectSpec, root: &Path) -> Project {
    let app = &spec.app;
    let mut deps: BTreeMap<String, Option<String>> = BTreeMap::new();
    let mut dep = |name: &str, req: &str| {
        deps.insert(name.to_string(), Some(req.to_string()));
    };
    if spec.ash {
        dep("ash", "~> 3.0");
        match spec.database {
            Database::Postgres => dep("ash_postgres", "~> 2.0"),
            Database::Sqlite => dep("ash_sqlite", "~> 0.2"),
        }
        if spec.live {
            dep("ash_phoenix", "~> 2.0");
        }
        dep("picosat_elixir", "~> 0.2");
    }
    dep("phoenix", "~> 1.8.1");
    dep("phoenix_ecto", "~> 4.5");
    dep("ecto_sql", "~> 3.13");
    match spec.database {
        Database::Postgres => dep("postgrex", ">= 0.0.0"),
        Database::Sqlite => dep("ecto_sqlite3", ">= 0.0.0"),
    }
    dep("phoenix_html", "~> 4.1");
    dep("phoenix_live_reload", "~> 1.2");
    dep("phoenix_live_view", "~> 1.1.0");
    dep("lazy_html", ">= 0.1.0");
    if spec.live {
        dep("phoenix_live_dashboard", "~> 0.8.3");
    }
    for (name, req) in [
        ("esbuild", "~> 0.10"),
        ("tailwind", "~> 0.3"),
        ("swoosh", "~> 1.16"),
        ("req", "~> 0.5"),
        ("telemetry_metrics", "~> 1.0"),
        ("telemetry_poller", "~> 1.0"),
        ("gettext", "~> 0.26"),
        ("jason", "~> 1.2"),
        ("dns_cluster", "~> 0.2.0"),
        ("bandit", "~> 1.5"),
    ] {
        dep(name, req);
    }
    Project {
        root: root.to_path_buf(),
        app_dir: String::new(),
        app: app.clone(),
        base_module: spec.module.clone(),
        web_module: Some(spec.web_module.clone()),
        web_dir: Some(String::new()),
        repo: Some(spec.repo.clone()),
        deps,
        umbrella: false,
        umbrella_apps: Vec::new(),
        paths: ProjectPaths {
            mix_exs: "mix.exs".into(),
            config: Some("config/config.exs".into()),
            application: Some(format!("lib/{app}/application.ex")),
            router: Some(format!("lib/{}/router.ex", spec.web_app)),
            formatter: Some(".formatter.exs".into()),
            data_case: Some("test/support/data_case.ex".into()),
            conn_case: Some("test/support/conn_case.ex".into()),
            // Found by the repo module's path, as `Project::load` does.
            repo: (crate::project::module_path(&spec.repo) == format!("{app}/repo"))
                .then(|| format!("lib/{app}/repo.ex")),
            migrations: Some("priv/repo/migrations".into()),
        },
        defaults: Defaults::default(),
    }
}
