//! Writing a command's files: refused when one would overwrite an input (by any name) or land in the
//! bundled data folder, then published all or none.

use super::load::{FileIdentity, InputFile};
use crate::error::{Error, Result};
use crate::report::{self, Exporter};
use std::path::{Component, Path, PathBuf};

/// Writes the files all or none, after refusing any that would overwrite one of the inputs or land
/// in the bundled data folder.
pub(crate) fn write_outputs(
    dir: &Path,
    exporters: &[&dyn Exporter],
    inputs: &[InputFile],
) -> Result<Vec<PathBuf>> {
    let data_dir = Path::new(crate::io::BUNDLED_DATA_DIR).canonicalize();
    if let (Some(out), Ok(data_dir)) = (resolve(dir), data_dir)
        && out.starts_with(&data_dir)
    {
        return Err(Error::Refused {
            path: dir.to_path_buf(),
            reason: "it is the bundled data folder, which holds the inputs of `thesis run`"
                .to_string(),
        });
    }
    for exporter in exporters {
        let target = dir.join(exporter.file_name());
        let Some(identity) = FileIdentity::of(&target) else {
            continue;
        };
        if let Some(input) =
            (inputs.iter()).find(|input| input.identity.as_ref() == Some(&identity))
        {
            return Err(Error::Refused {
                path: target,
                reason: format!("it is an input of this run ({})", input.label),
            });
        }
    }
    report::write_all(dir, exporters)
}

/// The absolute path `path` names, following links, even when its last parts do not exist yet
/// (a `..` among them goes up from the part before it).
fn resolve(path: &Path) -> Option<PathBuf> {
    let mut missing = Vec::new();
    let mut existing = if path.as_os_str().is_empty() {
        Path::new(".")
    } else {
        path
    };
    loop {
        if let Ok(real) = existing.canonicalize() {
            return Some(missing.iter().rev().fold(real, |mut path, part| {
                match part {
                    Component::ParentDir => {
                        path.pop();
                    }
                    part => path.push(part),
                }
                path
            }));
        }
        match existing.components().next_back()? {
            part @ (Component::Normal(_) | Component::ParentDir) => missing.push(part),
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => return None,
        }
        existing = match existing.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::resolve;
    use std::path::Path;

    #[test]
    fn resolves_paths_whose_end_does_not_exist_yet() {
        let here = Path::new(".").canonicalize().unwrap();
        let cases = [
            ("", here.clone()),
            ("src", here.join("src")),
            ("not-here/a/b", here.join("not-here/a/b")),
            ("src/not-here", here.join("src/not-here")),
            ("not-here/..", here.clone()),
            ("src/not-here/../..", here.clone()),
            ("not-here/a/../b", here.join("not-here/b")),
        ];
        for (path, expected) in cases {
            assert_eq!(resolve(Path::new(path)), Some(expected), "{path:?}");
        }
    }
}
