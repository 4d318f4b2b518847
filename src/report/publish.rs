//! Writing a run's files so that they appear together or not at all.
//!
//! The files are written into a staging folder beside the output folder, on the same file system,
//! and the two folders are then swapped by one `renameat2(RENAME_EXCHANGE)` on Linux (where that is
//! not supported, by two renames, between which the folder is briefly absent rather than mixed).
//! Files already in the output folder that this run does not write are carried over as hard links,
//! except the outputs of the run before, which a run that writes `run.json` replaces as a set. A
//! lock file beside the folder refuses a second run into it while one writes, and staging left by a
//! run killed midway is removed by the next.
//!
//! A folder that cannot be swapped (the current folder or one holding it, one holding sub-folders)
//! and a single file are written file by file instead: each to a temporary file, renamed into place
//! once all are written.

use super::Exporter;
use crate::error::{Error, Result};
use std::ffi::OsString;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The name of the manifest, whose `outputs` list is the set of files a run wrote.
const MANIFEST: &str = "run.json";

/// Writes every exporter's file into `dir`, all or none: see the module's documentation.
pub fn write_all(dir: &Path, exporters: &[&dyn Exporter]) -> Result<Vec<PathBuf>> {
    let names: Vec<String> = exporters
        .iter()
        .map(|exporter| exporter.file_name())
        .collect();
    for name in &names {
        let target = dir.join(name);
        if target.is_dir() {
            return Err(Error::Refused {
                path: target,
                reason: "it is a folder, where an output file must go".to_string(),
            });
        }
    }
    fs::create_dir_all(parent_of(dir)).map_err(|source| write_error(dir, source))?;
    match Swap::plan(dir, exporters.len()) {
        Some(swap) => swap.write(dir, exporters, &names),
        None => write_file_by_file(dir, exporters),
    }
}

/// The folders of one swap: the output folder's real path, its parent and the names beside it.
struct Swap {
    parent: PathBuf,
    /// The output folder's own name.
    name: OsString,
    /// The output folder, resolved; it may not exist yet.
    target: PathBuf,
}

impl Swap {
    /// The swap for `dir`, or `None` where a folder swap does not apply.
    fn plan(dir: &Path, files: usize) -> Option<Swap> {
        if files < 2 {
            return None;
        }
        let target = match dir.canonicalize() {
            Ok(real) => real,
            Err(_) => parent_of(dir).canonicalize().ok()?.join(dir.file_name()?),
        };
        let name = target.file_name()?.to_os_string();
        let parent = target.parent()?.to_path_buf();
        let current = std::env::current_dir().ok()?.canonicalize().ok()?;
        if current.starts_with(&target) {
            return None;
        }
        if target.exists() && !target.is_dir() {
            // Not a folder: the file-by-file way reports that it cannot make one there.
            return None;
        }
        if target.is_dir() {
            if !same_device(&target, &parent) {
                return None;
            }
            let entries = fs::read_dir(&target).ok()?;
            for entry in entries {
                let kind = entry.ok()?.file_type().ok()?;
                if !kind.is_file() {
                    return None;
                }
            }
        }
        Some(Swap {
            parent,
            name,
            target,
        })
    }

    /// `.NAME.thesis-KIND` beside the output folder.
    fn sibling(&self, kind: &str) -> PathBuf {
        let mut name = OsString::from(".");
        name.push(&self.name);
        name.push(format!(".thesis-{kind}"));
        self.parent.join(name)
    }

    fn write(
        self,
        dir: &Path,
        exporters: &[&dyn Exporter],
        names: &[String],
    ) -> Result<Vec<PathBuf>> {
        let lock_path = self.sibling("lock");
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|source| write_error(dir, source))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                return Err(Error::Refused {
                    path: dir.to_path_buf(),
                    reason: format!(
                        "another thesis run is writing into it (it holds {})",
                        lock_path.display()
                    ),
                });
            }
            Err(fs::TryLockError::Error(source)) => return Err(write_error(&lock_path, source)),
        }
        self.remove_stale();
        let stage = self.sibling(&format!("stage-{}", std::process::id()));
        fs::create_dir(&stage).map_err(|source| write_error(dir, source))?;
        let staged = self.fill(dir, &stage, exporters, names).and_then(|()| {
            stop_here_in_fault_tests("staged");
            self.exchange(&stage)
        });
        if let Err(error) = staged {
            let _ = fs::remove_dir_all(&stage);
            return Err(error);
        }
        drop(lock);
        Ok(names.iter().map(|name| dir.join(name)).collect())
    }

    /// Removes what killed runs left: staging folders beside the output folder, and the temporary
    /// files of the file-by-file way inside it. An old folder that a run killed between the two
    /// renames of the fallback moved aside, while the output folder is missing, is put back.
    fn remove_stale(&self) {
        let mut prefix = OsString::from(".");
        prefix.push(&self.name);
        prefix.push(".thesis-");
        let prefix = prefix.to_string_lossy().into_owned();
        for entry in fs::read_dir(&self.parent).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(kind) = name.strip_prefix(&prefix) else {
                continue;
            };
            if kind.starts_with("old-") && !self.target.exists() {
                let _ = fs::rename(entry.path(), &self.target);
            } else if kind != "lock" {
                let _ = fs::remove_dir_all(entry.path());
            }
        }
        remove_temporaries(&self.target);
    }

    /// Writes the run's files into `stage`, and links in the files of the output folder that stay.
    /// A file that cannot be written is named by its place in `dir`, where the user will look.
    fn fill(
        &self,
        dir: &Path,
        stage: &Path,
        exporters: &[&dyn Exporter],
        names: &[String],
    ) -> Result<()> {
        for exporter in exporters {
            let name = exporter.file_name();
            write_synced(&stage.join(&name), *exporter)
                .map_err(|source| write_error(&dir.join(&name), source))?;
        }
        if self.target.is_dir() {
            let replaced = match names.iter().any(|name| name == MANIFEST) {
                true => previous_outputs(&self.target),
                false => Vec::new(),
            };
            for entry in
                fs::read_dir(&self.target).map_err(|source| write_error(&self.target, source))?
            {
                let entry = entry.map_err(|source| write_error(&self.target, source))?;
                let name = entry.file_name().to_string_lossy().into_owned();
                if names.contains(&name) || replaced.contains(&name) || is_temporary(&name) {
                    continue;
                }
                let kept = stage.join(&name);
                fs::hard_link(entry.path(), &kept)
                    .or_else(|_| fs::copy(entry.path(), &kept).map(drop))
                    .map_err(|source| write_error(&entry.path(), source))?;
            }
            if let Ok(metadata) = fs::metadata(&self.target) {
                let _ = fs::set_permissions(stage, metadata.permissions());
            }
        }
        sync_folder(stage);
        Ok(())
    }

    /// Puts `stage` in the output folder's place; the old folder, if any, ends at `stage` and is
    /// removed.
    fn exchange(&self, stage: &Path) -> Result<()> {
        let fail = |source| write_error(&self.target, source);
        if !self.target.exists() {
            fs::rename(stage, &self.target).map_err(fail)?;
        } else if !exchange(stage, &self.target) {
            let old = self.sibling(&format!("old-{}", std::process::id()));
            fs::rename(&self.target, &old).map_err(fail)?;
            if let Err(source) = fs::rename(stage, &self.target) {
                let _ = fs::rename(&old, &self.target);
                return Err(fail(source));
            }
            let _ = fs::remove_dir_all(&old);
        }
        stop_here_in_fault_tests("swapped");
        let _ = fs::remove_dir_all(stage);
        sync_folder(&self.parent);
        Ok(())
    }
}

/// Stops the process as a kill would, when `THESIS_ABORT_AT` names this moment (`staged`: every file
/// written beside the output folder, nothing swapped; `swapped`: the new folder in place, the old
/// one not yet removed). The fault tests use it to stop a run exactly where the files on disk are
/// between two states, which a kill at a random moment rarely hits.
fn stop_here_in_fault_tests(moment: &str) {
    if std::env::var_os("THESIS_ABORT_AT").is_some_and(|at| at == moment) {
        std::process::abort();
    }
}

/// The folder `path` is in; `.` for a bare name.
fn parent_of(path: &Path) -> &Path {
    path.parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Whether two paths are on one file system (a folder that is a mount point cannot be swapped).
fn same_device(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (fs::metadata(a), fs::metadata(b)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        true
    }
}

/// Swaps two paths in one step where the system can; `false` where it cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

/// The file names the manifest of the run before lists, which this run's set replaces.
fn previous_outputs(dir: &Path) -> Vec<String> {
    let Ok(text) = fs::read_to_string(dir.join(MANIFEST)) else {
        return Vec::new();
    };
    let Ok(manifest) = serde_json::from_str::<serde_json::Value>(&text) else {
        return Vec::new();
    };
    (manifest["outputs"].as_array().into_iter().flatten())
        .filter_map(|name| name.as_str())
        .filter(|name| !name.contains(['/', '\\']))
        .map(str::to_string)
        .collect()
}

/// The file-by-file way: each file to a temporary file beside its target, renamed into place once
/// all are written. A failure leaves earlier outputs untouched.
fn write_file_by_file(dir: &Path, exporters: &[&dyn Exporter]) -> Result<Vec<PathBuf>> {
    fs::create_dir_all(dir).map_err(|source| write_error(dir, source))?;
    remove_temporaries(dir);
    let mut staged = Vec::new();
    for exporter in exporters {
        let target = dir.join(exporter.file_name());
        let temporary =
            stage_file(dir, *exporter).map_err(|source| write_error(&target, source))?;
        staged.push((temporary, target));
    }
    let mut written = Vec::new();
    for (temporary, target) in staged {
        temporary
            .persist(&target)
            .map_err(|error| write_error(&target, error.error))?;
        written.push(target);
    }
    Ok(written)
}

const TEMPORARY_PREFIX: &str = ".thesis-";
const TEMPORARY_SUFFIX: &str = ".tmp";

fn is_temporary(name: &str) -> bool {
    name.starts_with(TEMPORARY_PREFIX) && name.ends_with(TEMPORARY_SUFFIX)
}

/// Removes temporary files that a killed file-by-file write left in `dir`.
fn remove_temporaries(dir: &Path) {
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        if is_temporary(&entry.file_name().to_string_lossy()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

fn stage_file(dir: &Path, exporter: &dyn Exporter) -> std::io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMPORARY_PREFIX).suffix(TEMPORARY_SUFFIX);
    // Outputs are ordinary files: readable as the umask allows, not the private mode of a temp file.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let temporary = builder.tempfile_in(dir)?;
    write_to(temporary.as_file(), exporter)?;
    Ok(temporary)
}

/// Creates `path` and writes the exporter's bytes to it, flushed to disk.
fn write_synced(path: &Path, exporter: &dyn Exporter) -> std::io::Result<()> {
    let file = File::create(path)?;
    write_to(&file, exporter)
}

/// Writes the exporter's bytes into `file` and flushes them to disk, a helper thread flushing as
/// the writer goes (see [`FlushingWriter`]).
fn write_to(file: &File, exporter: &dyn Exporter) -> std::io::Result<()> {
    std::thread::scope(|scope| {
        let (kick, kicks) = std::sync::mpsc::sync_channel(1);
        let flusher = scope.spawn(move || kicks.iter().try_for_each(|()| file.sync_data()));
        let written = (|| {
            let mut out = std::io::BufWriter::new(FlushingWriter {
                file,
                unflushed: 0,
                kick,
            });
            exporter.write(&mut out)?;
            out.flush()
        })();
        let flushed = flusher
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        written.and(flushed)
    })?;
    file.sync_all()
}

/// Flushes a folder's entries to disk, where the system allows opening a folder.
fn sync_folder(dir: &Path) {
    if let Ok(folder) = File::open(dir) {
        let _ = folder.sync_all();
    }
}

fn write_error(path: &Path, source: std::io::Error) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// Bytes written to an output between two flushes to disk.
pub(super) const FLUSH_EVERY: usize = 32 << 20;

/// A file being written that asks a helper thread to flush it to disk every [`FLUSH_EVERY`] bytes,
/// so that the disk writes along with the writer and the `sync_all` that makes the file safe before
/// it takes its name finds little left to write (0.14 s for a scores.csv of 290 MB, here, when it
/// found all of it). A flush still running when the next is due is not waited for.
struct FlushingWriter<'f> {
    file: &'f File,
    unflushed: usize,
    kick: std::sync::mpsc::SyncSender<()>,
}

impl Write for FlushingWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let written = self.file.write(bytes)?;
        self.unflushed += written;
        if self.unflushed >= FLUSH_EVERY {
            self.unflushed = 0;
            // Full means a flush is still to start: it will take these bytes too.
            let _ = self.kick.try_send(());
        }
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Named(&'static str);

    impl Exporter for Named {
        fn file_name(&self) -> String {
            self.0.to_string()
        }

        fn write(&self, out: &mut dyn Write) -> std::io::Result<()> {
            out.write_all(b"new")
        }
    }

    /// The fallback's two renames, stopped between them, leave the old folder aside and none in
    /// place: the next run puts it back before it writes, so nothing of the old run is lost.
    #[test]
    fn an_old_folder_left_aside_by_a_killed_fallback_is_put_back() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("out");
        let aside = root.path().join(".out.thesis-old-1");
        fs::create_dir(&aside).unwrap();
        fs::write(aside.join("notes.txt"), "mine").unwrap();
        let written = write_all(&dir, &[&Named("a.csv"), &Named("b.csv")]).unwrap();
        assert_eq!(written.len(), 2);
        assert_eq!(fs::read_to_string(dir.join("notes.txt")).unwrap(), "mine");
        assert_eq!(fs::read_to_string(dir.join("a.csv")).unwrap(), "new");
        assert!(!aside.exists());
    }
}
