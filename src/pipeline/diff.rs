//! `thesis diff`: two runs read back from their output folders (or `scores.csv` files with
//! `run.json` beside them), compared, and `diff.csv` written.

use super::{input_files, write_outputs};
use crate::error::Result;
use crate::io::{RawTable, Source};
use crate::report::{CsvDialect, DiffOptions, OutputPlan, RunDiff, RunRecord, Tabular};
use crate::report::{compare_runs, diff_sheet};
use std::path::{Path, PathBuf};

/// A run's `scores.csv` and `run.json`: in the folder given, or beside the file given.
fn run_files(path: &Path) -> (PathBuf, PathBuf) {
    if path.is_dir() {
        return (path.join("scores.csv"), path.join("run.json"));
    }
    let folder = (path.parent())
        .filter(|folder| !folder.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    (path.to_path_buf(), folder.join("run.json"))
}

/// The run at `path` (an output folder, or a `scores.csv`), with the files it was read from.
pub fn read_run(path: &Path) -> Result<(RunRecord, [Source; 2])> {
    let (scores, manifest) = run_files(path);
    let (scores, manifest) = (Source::from_path(&scores)?, Source::from_path(&manifest)?);
    let table = RawTable::parse(&scores)?;
    let mut record = RunRecord::read(&path.display().to_string(), &table, &manifest.text()?)?;
    // The values each company read are in the workbook's Explanations sheet, when there is one.
    let workbook = scores
        .path
        .as_ref()
        .map(|path| path.with_file_name("scores.xlsx"));
    if let Some(workbook) = workbook.filter(|workbook| workbook.is_file()) {
        let sheet = Source::from_path(&workbook)?.with_sheet(Some("Explanations".to_string()));
        record = record.with_explanations(&RawTable::parse(&sheet)?);
    }
    Ok((record, [scores, manifest]))
}

/// Compares the run at `old` with the run at `new` and writes `diff.csv` into `out` (the new run's
/// folder by default), all or nothing.
pub fn diff_runs(
    old: &Path,
    new: &Path,
    options: DiffOptions,
    out: Option<&Path>,
    dialect: CsvDialect,
) -> Result<(RunDiff, Vec<PathBuf>)> {
    let (before, old_files) = read_run(old)?;
    let (after, new_files) = read_run(new)?;
    let diff = compare_runs(&before, &after, options);
    let sheet = diff_sheet(&diff);
    let folder = match out {
        Some(out) => out.to_path_buf(),
        None => (run_files(new).0.parent())
            .filter(|folder| !folder.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf(),
    };
    let mut plan = OutputPlan::new();
    plan.csv([&sheet as &dyn Tabular], dialect);
    let inputs: Vec<&Source> = old_files.iter().chain(&new_files).collect();
    let written = write_outputs(&folder, &plan.exporters(), &input_files(&inputs))?;
    Ok((diff, written))
}
