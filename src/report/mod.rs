//! Outputs: one exporter per file format behind the [`Exporter`] trait, written all-or-nothing into
//! an output folder, plus the text renderings of `explain` and `check`.

mod check;
mod explain;
mod manifest;
mod scores_csv;

pub use check::render_check;
pub use explain::render_explanation;
pub use manifest::{InputRecord, ManifestJson, RunManifest};
pub use scores_csv::ScoresCsv;

use crate::error::{Error, Result};
use crate::io::Dataset;
use crate::scoring::Scoreboard;
use crate::thesis::Thesis;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Everything an exporter may draw on.
pub struct Run<'a> {
    pub thesis: &'a Thesis,
    pub data: &'a Dataset,
    pub scores: &'a Scoreboard,
    pub manifest: &'a RunManifest,
}

/// One output file.
pub trait Exporter {
    fn file_name(&self) -> &str;
    fn write(&self, run: &Run, out: &mut dyn Write) -> std::io::Result<()>;
}

/// Writes every exporter's file into `dir`: each first to a temporary file beside its target, and
/// only when all succeeded are they renamed into place. A failure leaves earlier outputs untouched.
pub fn write_all(dir: &Path, exporters: &[&dyn Exporter], run: &Run) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut staged = Vec::new();
    for exporter in exporters {
        let target = dir.join(exporter.file_name());
        let result = stage(dir, *exporter, run).map_err(|source| Error::Write {
            path: target.clone(),
            source,
        });
        match result {
            Ok(temporary) => staged.push((temporary, target)),
            Err(error) => return Err(error),
        }
    }
    let mut written = Vec::new();
    for (temporary, target) in staged {
        temporary.persist(&target).map_err(|error| Error::Write {
            path: target.clone(),
            source: error.error,
        })?;
        written.push(target);
    }
    Ok(written)
}

fn stage(
    dir: &Path,
    exporter: &dyn Exporter,
    run: &Run,
) -> std::io::Result<tempfile::NamedTempFile> {
    let mut temporary = tempfile::Builder::new()
        .prefix(".thesis-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    {
        let mut out = std::io::BufWriter::new(temporary.as_file_mut());
        exporter.write(run, &mut out)?;
        out.flush()?;
    }
    temporary.as_file().sync_all()?;
    Ok(temporary)
}

/// A number as reports print it: six decimals, no negative zero.
pub fn format_number(value: f64) -> String {
    let text = format!("{value:.6}");
    if text
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        text.trim_start_matches('-').to_string()
    } else {
        text
    }
}
