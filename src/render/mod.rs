//! Templates: the minijinja environment, naming filters, the templates
//! embedded from `templates/`, and per-project overrides.
//!
//! A file at `<project>/.scaffold/templates/<name>` wins over the embedded
//! template `<name>`. Delimiters are chosen so they cannot collide with
//! Elixir or HEEx (`{{:ok, x}, y}`, `{%{a: 1}, b}`, `{@x}`, `#{x}`,
//! `<%= x %>` all pass through untouched): `{= expr =}` prints,
//! `{$ tag $}` is a statement, `{* ... *}` a comment. See
//! templates/README.md.

mod filters;

use crate::error::{Error, Result};
use include_dir::{include_dir, Dir};
use minijinja::syntax::SyntaxConfig;
use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value};
use std::path::{Path, PathBuf};

/// Templates shipped inside the binary.
pub static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// The directory, relative to a project, whose files override embedded templates.
pub const OVERRIDE_DIR: &str = ".scaffold/templates";

/// Renders templates for one project.
pub struct Renderer {
    env: Environment<'static>,
    override_dir: Option<PathBuf>,
}

impl Renderer {
    /// A renderer that looks for overrides under `override_dir` first.
    pub fn new(override_dir: Option<PathBuf>) -> Renderer {
        let mut env = Environment::new();
        env.set_syntax(syntax());
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_auto_escape_callback(|_| AutoEscape::None);
        let dir = override_dir.clone();
        env.set_loader(move |name| {
            if let Some(dir) = &dir {
                if let Some(text) = read_override(dir, name)? {
                    return Ok(Some(text));
                }
            }
            Ok(embedded(name).map(str::to_string))
        });
        filters::register(&mut env);
        Renderer { env, override_dir }
    }

    /// A renderer for the project at `root` (overrides in `.scaffold/templates`).
    pub fn for_project(root: &Path) -> Renderer {
        Renderer::new(Some(root.join(OVERRIDE_DIR)))
    }

    /// Renders template `name` with `ctx`, then normalises the output:
    /// exactly one trailing newline, never more than one blank line in a
    /// row outside heredocs' own content.
    pub fn render(&self, name: &str, ctx: impl serde::Serialize) -> Result<String> {
        let tmpl = self
            .env
            .get_template(name)
            .map_err(|e| template_error(name, &e))?;
        let out = tmpl
            .render(Value::from(minijinja::value::Serde(&ctx)))
            .map_err(|e| template_error(name, &e))?;
        finish(name, out)
    }

    /// Renders a template given as a string (fragments for in-place edits).
    pub fn render_str(
        &self,
        name: &str,
        source: &str,
        ctx: impl serde::Serialize,
    ) -> Result<String> {
        let out = self
            .env
            .render_named_str(name, source, Value::from(minijinja::value::Serde(&ctx)))
            .map_err(|e| template_error(name, &e))?;
        finish(name, out)
    }

    /// Whether the project overrides `name`.
    pub fn is_overridden(&self, name: &str) -> bool {
        self.override_dir
            .as_ref()
            .is_some_and(|d| d.join(name).is_file())
    }
}

fn syntax() -> SyntaxConfig {
    SyntaxConfig::builder()
        .block_delimiters("{$", "$}")
        .variable_delimiters("{=", "=}")
        .comment_delimiters("{*", "*}")
        .trim_blocks(true)
        .lstrip_blocks(true)
        .keep_trailing_newline(true)
        .build()
        .expect("valid template syntax")
}

fn read_override(dir: &Path, name: &str) -> std::result::Result<Option<String>, minijinja::Error> {
    if name.split('/').any(|s| s == ".." || s.is_empty()) {
        return Ok(None);
    }
    match std::fs::read_to_string(dir.join(name)) {
        Ok(t) => Ok(Some(t)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(minijinja::Error::new(
            minijinja::ErrorKind::TemplateNotFound,
            format!("cannot read override {}: {e}", dir.join(name).display()),
        )),
    }
}

/// The text of an embedded template.
pub fn embedded(name: &str) -> Option<&'static str> {
    TEMPLATES.get_file(name).and_then(|f| f.contents_utf8())
}

/// Names of all embedded templates (paths relative to templates/), sorted,
/// without the README.
pub fn embedded_names() -> Vec<String> {
    fn walk(dir: &Dir<'static>, out: &mut Vec<String>) {
        for f in dir.files() {
            let p = f.path().to_string_lossy().replace('\\', "/");
            if p != "README.md" {
                out.push(p);
            }
        }
        for d in dir.dirs() {
            walk(d, out);
        }
    }
    let mut out = Vec::new();
    walk(&TEMPLATES, &mut out);
    out.sort();
    out
}

fn template_error(name: &str, e: &minijinja::Error) -> Error {
    let mut msg = format!("template {name}: {}", e.kind());
    if let Some(detail) = e.detail() {
        msg.push_str(": ");
        msg.push_str(detail);
    }
    if let Some(line) = e.line() {
        msg.push_str(&format!(" (line {line})"));
    }
    Error::input_hint(
        msg,
        format!("check {OVERRIDE_DIR}/{name} if you customised it"),
    )
}

/// Output hygiene: one trailing newline, no runs of blank lines, no
/// leftover template tags.
fn finish(name: &str, out: String) -> Result<String> {
    for tag in ["{=", "=}", "{$", "$}", "{*", "*}"] {
        if let Some(pos) = out.find(tag) {
            let line = out[..pos].lines().count();
            return Err(Error::input(format!(
                "template {name}: leftover template tag `{tag}` in the output near line {line}"
            )));
        }
    }
    let mut result = String::with_capacity(out.len());
    let mut blank_run = 0;
    for line in out.split('\n') {
        let blank = line.trim().is_empty();
        if blank {
            blank_run += 1;
            if blank_run > 1 {
                continue;
            }
            result.push('\n');
        } else {
            blank_run = 0;
            result.push_str(line.trim_end());
            result.push('\n');
        }
    }
    let trimmed = result.trim_matches('\n');
    if trimmed.is_empty() {
        return Ok(String::new());
    }
    Ok(format!("{trimmed}\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elixir_and_heex_survive() {
        let r = Renderer::new(None);
        let src =
            "def f, do: {{:ok, x}, {%{a: 1}, b}}\n~H\"<p>{@x}</p><%= y %>#{z}\"\n{= name =}\n";
        let out = r
            .render_str("t", src, serde_json::json!({"name": "ok"}))
            .unwrap();
        assert_eq!(
            out,
            "def f, do: {{:ok, x}, {%{a: 1}, b}}\n~H\"<p>{@x}</p><%= y %>#{z}\"\nok\n"
        );
    }

    #[test]
    fn undefined_is_an_error() {
        let r = Renderer::new(None);
        assert!(r
            .render_str("t", "{= missing =}\n", serde_json::json!({}))
            .is_err());
    }

    #[test]
    fn hygiene() {
        assert_eq!(
            finish("t", "a  \n\n\n\nb\n\n\n".into()).unwrap(),
            "a\n\nb\n"
        );
    }

    #[test]
    fn override_wins() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("x")).unwrap();
        std::fs::write(dir.path().join("x/t.j2"), "override {= v =}\n").unwrap();
        let r = Renderer::new(Some(dir.path().to_path_buf()));
        assert_eq!(
            r.render("x/t.j2", serde_json::json!({"v": 1})).unwrap(),
            "override 1\n"
        );
        assert!(r.is_overridden("x/t.j2"));
    }
}
