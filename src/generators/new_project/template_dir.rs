//! `scaffold new PATH --template DIR`: a team's own project skeleton.
//!
//! Every file under DIR is rendered with the same template environment as
//! the embedded templates (`{= app =}`, `{$ if ash $}`, filters) and the
//! same variables as the embedded skeleton. File and directory names are
//! rendered too (`lib/{= app =}/repo.ex`); a file whose rendered path is
//! empty is skipped, which makes optional files possible
//! (`{$ if ash $}lib/{= app =}/domain.ex{$ endif $}`). A `.git` directory
//! is ignored.

use crate::changes::ChangeSet;
use crate::error::{Error, Result};
use crate::render::Renderer;
use crate::spec::new_project::NewProjectSpec;
use std::path::{Path, PathBuf};

/// Plans every file of the template folder `dir` for `spec`.
pub fn plan(
    renderer: &Renderer,
    dir: &Path,
    spec: &NewProjectSpec,
    set: &mut ChangeSet,
) -> Result<()> {
    if dir.exists() && !dir.is_dir() {
        return Err(Error::input_hint(
            format!("template directory {} is not a directory", dir.display()),
            "pass --template with a folder of template files, not a single file",
        ));
    }
    if !dir.is_dir() {
        return Err(Error::input_hint(
            format!("template directory {} does not exist", dir.display()),
            "pass --template with a folder of template files",
        ));
    }
    let mut files = Vec::new();
    collect(dir, dir, &mut files)?;
    if files.is_empty() {
        return Err(Error::input(format!(
            "template directory {} holds no files",
            dir.display()
        )));
    }
    files.sort();
    let mut planned = 0;
    for (rel, full) in files {
        let bytes = std::fs::read(&full).map_err(|e| Error::io(&full, e))?;
        let source = String::from_utf8(bytes).map_err(|_| {
            Error::input_hint(
                format!("{}: not UTF-8 text", full.display()),
                "templates are text files; add binary files to the project after it is created",
            )
        })?;
        let path = renderer.render_str(&format!("{rel} (path)"), &rel, spec)?;
        let path = path.trim();
        if path.is_empty() {
            continue;
        }
        let text = renderer.render_str(&rel, &source, spec)?;
        set.create(path, text)?;
        planned += 1;
    }
    if planned == 0 {
        return Err(Error::input(format!(
            "every file of template directory {} was skipped (empty rendered path)",
            dir.display()
        )));
    }
    Ok(())
}

fn collect(base: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        let kind = entry.file_type().map_err(|e| Error::io(&path, e))?;
        if kind.is_dir() {
            if entry.file_name() != ".git" {
                collect(base, &path, out)?;
            }
        } else if kind.is_file() {
            let rel = path.strip_prefix(base).unwrap_or(&path);
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push((rel, path));
        }
    }
    Ok(())
}
