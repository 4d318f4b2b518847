//! `thesis fit`: scores the companies, learns the lens weights from their outcomes, and writes
//! `fit.csv`, `fit_validation.csv` (and `fit_points.csv` with `--points`), `fit.toml`, the weights
//! chart and `fit.html`, all or none.

use super::{Progress, load, render, write_outputs};
use crate::error::{DataProblem, Error, Problem, Result};
use crate::io::{Inputs, Source};
use crate::report::chart::{Chart, ChartFormat, ChartOptions, FitChart};
use crate::report::{
    CsvDialect, FitPage, FittedThesis, OutputPlan, Tabular, fit_points_sheet, fit_sheet,
    fit_validation_sheet,
};
use crate::scoring;
use crate::stats::{self, Fit, FitOptions};
use crate::thesis::{Method, Thesis};
use std::path::PathBuf;

/// The field `thesis fit` dates cohorts by when none is named: the year a company was founded.
pub const DEFAULT_COHORT: &str = "founded";

/// Which field dates each company's cohort, for the out-of-time validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CohortField {
    /// [`DEFAULT_COHORT`] when the thesis reads it, otherwise none.
    Default,
    Named(String),
    None,
}

/// Whether some rule of `thesis` gives its points as a range.
fn has_ranged_points(thesis: &Thesis) -> bool {
    thesis
        .criteria
        .iter()
        .any(|criterion| match &criterion.method {
            Method::Rules { rules, .. } => rules.iter().any(|rule| rule.range.is_some()),
            Method::Formula { .. } => false,
        })
}

/// Where and how `fit` writes its files.
#[derive(Debug, Clone)]
pub struct FitFiles {
    pub out: PathBuf,
    pub dialect: CsvDialect,
    pub formats: Vec<ChartFormat>,
    pub charts: ChartOptions,
}

/// A finished fit: the fit, the outcomes file it learned from, and the files written.
#[derive(Debug)]
pub struct Fitted {
    pub loaded: super::Loaded,
    pub fit: Fit,
    pub outcomes: String,
    pub written: Vec<PathBuf>,
}

/// Reads and scores `inputs`, fits the weights to their outcomes (shrunk toward the consensus of
/// the `partners` file when one is given) and writes the files. Fails when the inputs have no
/// outcomes, when a named cohort field is not one the thesis reads, when `--points` finds no ranged
/// rule, or when the sample cannot be fitted.
pub fn fit(
    inputs: &Inputs,
    partners: Option<&Source>,
    cohort: &CohortField,
    options: &FitOptions,
    files: &FitFiles,
    progress: &dyn Progress,
) -> Result<Fitted> {
    progress.stage("reading", None);
    let loaded = load(inputs)?;
    let (thesis, data) = (&loaded.thesis, &loaded.data);
    let Some(outcomes) = &loaded.outcomes else {
        return Err(Error::data(
            &inputs.companies.label,
            None,
            None,
            DataProblem::Empty(
                "thesis fit learns from outcomes: give --outcomes FILE for these companies"
                    .to_string(),
            ),
        ));
    };
    let cohort = match cohort {
        CohortField::None => None,
        CohortField::Default => data.schema.index_of(DEFAULT_COHORT),
        CohortField::Named(name) => Some(data.schema.index_of(name).ok_or_else(|| {
            Error::data(
                &inputs.companies.label,
                None,
                None,
                DataProblem::UnknownReference(format!(
                    "--cohort {name}: the thesis reads no field of that name (declare it under \
                     [fields] to date the cohorts by it)"
                )),
            )
        })?),
    };
    if options.points && !has_ranged_points(thesis) {
        return Err(Error::Thesis {
            file: inputs.thesis.label.clone(),
            problems: vec![Problem {
                key: "criteria".to_string(),
                message: "--points: no rule gives its points as a range [low, high] to fit within"
                    .to_string(),
            }],
        });
    }
    progress.stage("scoring", None);
    let scores = scoring::score(thesis, data);
    progress.stage("fitting", None);
    let partners = partners
        .map(|source| super::partner_spread(source, thesis))
        .transpose()?;
    let options = FitOptions {
        cohort,
        partners,
        ..options.clone()
    };
    let fit = stats::fit(thesis, data, &scores, outcomes, &options)?;
    let label = outcomes.label.name.clone();
    let source = inputs.thesis.text()?;
    let fitted_thesis = FittedThesis::new(&source, &inputs.thesis.label, thesis, &fit, &label)?;
    let rendered = if files.formats.is_empty() {
        Vec::new()
    } else {
        let chart = FitChart::new(thesis, &fit, &files.charts);
        let charts: Vec<Box<dyn Chart>> = vec![Box::new(chart)];
        render(
            &charts,
            &files.charts,
            files.formats.contains(&ChartFormat::Png),
        )?
    };
    let mut sheets = vec![fit_sheet(thesis, &fit), fit_validation_sheet(&fit)];
    if !fit.points.is_empty() {
        sheets.push(fit_points_sheet(thesis, &fit));
    }
    let written = {
        let mut plan = OutputPlan::new();
        plan.csv(
            sheets.iter().map(|sheet| sheet as &dyn Tabular),
            files.dialect,
        );
        plan.file(fitted_thesis);
        plan.charts(&rendered, &files.formats);
        plan.file(FitPage {
            thesis,
            fit: &fit,
            outcomes: &label,
            chart: rendered.first(),
        });
        write_outputs(&files.out, &plan.exporters(), &loaded.input_files)?
    };
    Ok(Fitted {
        loaded,
        fit,
        outcomes: label,
        written,
    })
}
