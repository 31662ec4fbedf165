//! Running a change set for a project that does not exist yet: the target
//! directory is checked (absent or empty, unless `--force`), created so the
//! change set can be rooted there, and removed again when nothing was
//! written (`--dry-run`, an error, a declined confirmation).

use crate::changes::ChangeSet;
use crate::cli::output::Output;
use crate::cli::prompt::Prompter;
use crate::cli::GlobalOpts;
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// The target directory as an absolute path (relative paths are taken from
/// the current directory).
pub fn absolute_target(target: &Path) -> Result<PathBuf> {
    if target.as_os_str().is_empty() {
        return Err(Error::input("empty target directory"));
    }
    let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
    Ok(if target.is_absolute() {
        target.to_path_buf()
    } else {
        cwd.join(target)
    })
}

/// Refuses a target that is a file, or a directory with files in it
/// (unless `force`).
pub fn check_target(target: &Path, force: bool) -> Result<()> {
    if target.exists() && !target.is_dir() {
        return Err(Error::input_hint(
            format!("{} exists and is not a directory", target.display()),
            "choose a directory that does not exist yet",
        ));
    }
    let non_empty = target.is_dir()
        && std::fs::read_dir(target)
            .map_err(|e| Error::io(target, e))?
            .next()
            .is_some();
    if non_empty && !force {
        return Err(Error::refused_hint(
            format!("{} is not empty; nothing was written", target.display()),
            "choose a new directory, or pass --force to write into it (files with other content are overwritten)",
        ));
    }
    Ok(())
}

/// Plans with `plan` into a change set rooted at `target`, then shows and
/// applies it like every other command ([`crate::finish`]).
pub fn bootstrap<F>(
    g: &GlobalOpts,
    out: Output,
    prompter: &mut dyn Prompter,
    target: &Path,
    plan: F,
) -> Result<i32>
where
    F: FnOnce(&Path, &mut ChangeSet) -> Result<()>,
{
    check_target(target, g.force)?;
    let created = create_missing(target)?;
    let result = (|| {
        let root = target.canonicalize().map_err(|e| Error::io(target, e))?;
        let mut set = ChangeSet::new(&root).with_force(g.force);
        plan(&root, &mut set)?;
        crate::finish(&set, g, out, prompter)
    })();
    if g.dry_run || result.is_err() {
        for dir in created.iter().rev() {
            // Only empty directories go: anything written stays.
            let _ = std::fs::remove_dir(dir);
        }
    }
    result
}

/// Creates `dir` and its missing parents; returns the ones created, outermost first.
fn create_missing(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut missing = Vec::new();
    let mut cur = Some(dir);
    while let Some(d) = cur {
        if d.exists() {
            break;
        }
        missing.push(d.to_path_buf());
        cur = d.parent();
    }
    missing.reverse();
    for d in &missing {
        std::fs::create_dir(d).map_err(|e| Error::io(d, e))?;
    }
    Ok(missing)
}

/// `scaffold new`: validates the arguments, then plans the embedded
/// skeleton (or `--template DIR`) into the target directory.
pub fn new_command(
    g: &GlobalOpts,
    out: Output,
    prompter: &mut dyn Prompter,
    args: &crate::cli::new::NewArgs,
) -> Result<i32> {
    use crate::spec::new_project::{NewProjectSpec, Secrets};
    let target = absolute_target(&args.path)?;
    let input = args.to_input(g.app.as_deref())?;
    // Validate before touching the disk, with throw-away secrets.
    NewProjectSpec::build(&input, Secrets::generate()?)?;
    let template = args
        .template
        .as_ref()
        .map(|t| absolute_target(t))
        .transpose()?;
    bootstrap(g, out, prompter, &target, |root, set| {
        let spec = NewProjectSpec::build(&input, Secrets::reuse_or_generate(root)?)?;
        let renderer = crate::render::Renderer::new(None);
        match &template {
            Some(dir) => super::template_dir::plan(&renderer, dir, &spec, set),
            None => super::plan(&renderer, &spec, root, set),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_files_and_non_empty_directories() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("f"), "x").unwrap();
        assert_eq!(
            check_target(&dir.path().join("f"), false)
                .unwrap_err()
                .code(),
            2
        );
        assert_eq!(check_target(dir.path(), false).unwrap_err().code(), 1);
        assert!(check_target(dir.path(), true).is_ok());
        assert!(check_target(&dir.path().join("new/deeper"), false).is_ok());
    }

    #[test]
    fn creates_missing_parents() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a/b/c");
        let made = create_missing(&target).unwrap();
        assert_eq!(
            made,
            vec![dir.path().join("a"), dir.path().join("a/b"), target.clone()]
        );
        assert!(target.is_dir());
        assert!(create_missing(&target).unwrap().is_empty());
    }
}
