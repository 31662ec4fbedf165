//! Keeping every write inside the project.

use crate::error::{Error, Result};
use std::path::{Component, Path, PathBuf};

/// Refuses absolute paths and paths with `..` components.
pub(crate) fn check_relative(path: &str) -> Result<()> {
    if path.is_empty() {
        return Err(Error::input("empty path"));
    }
    if path.contains('\0') {
        return Err(Error::input("path contains a NUL byte"));
    }
    let p = Path::new(path);
    if p.is_absolute() || path.starts_with('/') || path.starts_with('\\') {
        return Err(Error::input_hint(
            format!("path `{path}` is absolute; scaffold only writes inside the project"),
            "give a path relative to the project root",
        ));
    }
    if p.components()
        .any(|c| matches!(c, Component::ParentDir | Component::Prefix(_)))
        || path.split(['/', '\\']).any(|s| s == "..")
    {
        return Err(Error::input_hint(
            format!("path `{path}` escapes the project"),
            "remove the `..` components",
        ));
    }
    Ok(())
}

/// Resolves a project-relative path to a full path, refusing anything that
/// would land outside `root`, including through a symlink in the project.
pub fn resolve_in_project(root: &Path, path: &str) -> Result<PathBuf> {
    check_relative(path)?;
    // The common case costs one lstat per component: no component below
    // the root is a symlink, so the path cannot leave the project. A
    // symlink anywhere sends the path to the full check below.
    let mut cur = root.to_path_buf();
    let mut plain = true;
    for component in Path::new(path).components() {
        cur.push(component);
        match std::fs::symlink_metadata(&cur) {
            Ok(m) if m.file_type().is_symlink() => {
                plain = false;
                break;
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
    if plain {
        return Ok(root.join(path));
    }
    resolve_through_symlinks(root, path)
}

/// [`resolve_in_project`] for a path with a symlink in it: where the
/// deepest existing ancestor really is must be inside the project.
fn resolve_through_symlinks(root: &Path, path: &str) -> Result<PathBuf> {
    let full = root.join(path);
    let canon_root = root.canonicalize().map_err(|e| Error::io(root, e))?;
    // Walk up to the deepest ancestor that exists and check where it
    // really points (symlinks resolved).
    let mut probe = full.as_path();
    loop {
        if std::fs::symlink_metadata(probe).is_ok() {
            let real = match probe.canonicalize() {
                Ok(r) => r,
                // A dangling symlink: where it points cannot be checked.
                Err(_) => {
                    return Err(Error::input(format!(
                        "path `{path}` goes through a broken symlink; refusing to write there"
                    )))
                }
            };
            if !real.starts_with(&canon_root) {
                return Err(Error::input_hint(
                    format!(
                        "path `{path}` resolves outside the project (symlink to {})",
                        real.display()
                    ),
                    "scaffold never writes outside the project directory",
                ));
            }
            break;
        }
        match probe.parent() {
            Some(parent) => probe = parent,
            None => break,
        }
    }
    Ok(full)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn symlink_out_is_refused() {
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), root.path().join("lib")).unwrap();
        let err = resolve_in_project(root.path(), "lib/x.ex").unwrap_err();
        assert_eq!(err.code(), 2);
        assert!(err.to_string().contains("outside the project"));
        std::fs::create_dir(root.path().join("ok")).unwrap();
        assert!(resolve_in_project(root.path(), "ok/new/deeper.ex").is_ok());
        // A link that stays inside the project is fine; one deeper down
        // that leaves it is not.
        std::os::unix::fs::symlink(root.path().join("ok"), root.path().join("inside")).unwrap();
        assert!(resolve_in_project(root.path(), "inside/x.ex").is_ok());
        std::os::unix::fs::symlink(outside.path(), root.path().join("ok/out")).unwrap();
        let err = resolve_in_project(root.path(), "ok/out/x.ex").unwrap_err();
        assert!(err.to_string().contains("outside the project"));
        std::os::unix::fs::symlink(root.path().join("missing"), root.path().join("dangling"))
            .unwrap();
        let err = resolve_in_project(root.path(), "dangling/x.ex").unwrap_err();
        assert!(err.to_string().contains("broken symlink"));
    }
}
