//! `run.json`: what produced a set of outputs — tool version, input hashes, options — so that a run
//! can be checked and repeated. It holds no timestamp, so equal runs give equal bytes.

use super::caveats::look_ahead_note;
use super::chart::{ChartFormat, ChartOptions};
use super::{CsvDialect, Exporter, TableFormat};
use crate::error::Result;
use crate::io::{Inputs, Source};
use crate::model::Dataset;
use crate::scoring::Scoreboard;
use crate::stats::{BacktestOptions, SensitivityOptions, WeightPrior};
use crate::thesis::{LateFact, Method, Thesis};
use serde::Serialize;
use std::io::Write;

#[derive(Debug, Clone, Serialize)]
pub struct RunManifest {
    pub tool: String,
    pub version: String,
    pub command: String,
    pub thesis: ThesisRecord,
    pub inputs: Vec<InputRecord>,
    pub options: Options,
    pub companies: Counts,
    /// Present only when look-ahead was allowed: the values read that are dated after the thesis.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub look_ahead: Option<LookAheadRecord>,
    pub outputs: Vec<String>,
}

/// A hindsight study: look-ahead was allowed, and these values dated after the thesis were read.
#[derive(Debug, Clone, Serialize)]
pub struct LookAheadRecord {
    pub allowed: bool,
    pub warning: String,
    pub late_values: Vec<LateValue>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LateValue {
    pub id: String,
    pub field: String,
    pub date: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ThesisRecord {
    pub name: String,
    pub as_of: String,
    /// The thesis author's disclosures, as the thesis states them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub disclosures: Vec<String>,
    pub file: String,
    pub sha256: String,
    /// Every rule, lens by lens, so that `thesis diff` can say which rules changed between runs.
    pub rules: Vec<RuleRecord>,
}

/// A rule as the run applied it.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct RuleRecord {
    pub lens: String,
    pub id: String,
    pub when: String,
    pub points: String,
}

impl RuleRecord {
    /// Every rule of the thesis, lens by lens.
    pub fn of_thesis(thesis: &Thesis) -> Vec<RuleRecord> {
        (thesis.criteria.iter())
            .flat_map(|criterion| {
                let rules = match &criterion.method {
                    Method::Rules { rules, .. } => rules.as_slice(),
                    Method::Formula { .. } => &[],
                };
                rules.iter().map(|rule| RuleRecord {
                    lens: criterion.id.clone(),
                    id: rule.id.clone(),
                    when: rule.condition.source.clone(),
                    points: rule.points_label(),
                })
            })
            .collect()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct InputRecord {
    pub role: String,
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    pub sha256: String,
}

impl InputRecord {
    pub fn new(role: &str, source: &Source) -> Result<InputRecord> {
        Ok(InputRecord {
            role: role.to_string(),
            file: source.label.clone(),
            sheet: source.sheet.clone(),
            sha256: source.sha256_hex()?,
        })
    }
}

/// The labels and hashes of a run's inputs, taken while their bytes are at hand, so that a large
/// company file need not be held until the manifest is written.
#[derive(Debug, Clone)]
pub struct InputDigests {
    thesis: InputRecord,
    /// The companies, the categories and the outcomes when given.
    inputs: Vec<InputRecord>,
}

impl InputDigests {
    /// The digests of the inputs; a company file read block by block was hashed as it was read.
    pub fn of(inputs: &Inputs) -> Result<InputDigests> {
        let roles = [
            ("companies", Some(&inputs.companies)),
            ("categories", Some(&inputs.categories)),
            ("outcomes", inputs.outcomes.as_ref()),
            ("article", inputs.article.as_ref()),
        ];
        Ok(InputDigests {
            thesis: InputRecord::new("thesis", &inputs.thesis)?,
            inputs: (roles.into_iter())
                .filter_map(|(role, source)| Some(InputRecord::new(role, source?)))
                .collect::<Result<_>>()?,
        })
    }

    /// The thesis file's SHA-256.
    pub fn thesis_sha256(&self) -> &str {
        &self.thesis.sha256
    }

    /// The digests of a report drawn from a scores table: the table, the thesis it was written
    /// for, and the outcomes when given.
    pub fn of_read_back(
        scores: &Source,
        thesis: &Source,
        outcomes: Option<&Source>,
    ) -> Result<InputDigests> {
        let roles = [("scores", Some(scores)), ("outcomes", outcomes)];
        Ok(InputDigests {
            thesis: InputRecord::new("thesis", thesis)?,
            inputs: (roles.into_iter())
                .filter_map(|(role, source)| Some(InputRecord::new(role, source?)))
                .collect::<Result<_>>()?,
        })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Options {
    pub aggregation: String,
    pub normalization: String,
    pub weights: Vec<(String, f64)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub charts: Option<ChartRecord>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sensitivity: Option<SensitivityRecord>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backtest: Option<BacktestRecord>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tables: Option<TableRecord>,
}

/// The formats the tables were written in.
#[derive(Debug, Clone, Serialize)]
pub struct TableRecord {
    pub formats: Vec<String>,
    pub csv_dialect: String,
}

/// The settings of the backtest.
#[derive(Debug, Clone, Serialize)]
pub struct BacktestRecord {
    pub permutations: usize,
    pub resamples: usize,
    pub seed: u64,
    pub top_k: usize,
    pub confidence: f64,
    pub include_unverified: bool,
}

/// The settings of the rank-stability analysis.
#[derive(Debug, Clone, Serialize)]
pub struct SensitivityRecord {
    pub samples: usize,
    pub seed: u64,
    /// `dirichlet`, `uniform` or `fixed`.
    pub prior: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub concentration: Option<f64>,
    pub top_k: usize,
}

/// The chart options of a run, since they change the chart files.
#[derive(Debug, Clone, Serialize)]
pub struct ChartRecord {
    pub formats: Vec<String>,
    pub width: u32,
    pub height: u32,
    pub title: Option<String>,
    pub label_top: usize,
    pub label: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Counts {
    pub read: usize,
    pub ranked: usize,
    pub outside_scope: usize,
}

impl RunManifest {
    pub fn new(
        command: &str,
        inputs: &InputDigests,
        thesis: &Thesis,
        data: &Dataset,
        scores: &Scoreboard,
        outputs: &[String],
    ) -> RunManifest {
        RunManifest {
            tool: env!("CARGO_PKG_NAME").to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            command: command.to_string(),
            thesis: ThesisRecord {
                name: thesis.name.clone(),
                as_of: thesis.as_of.clone(),
                disclosures: thesis.disclosures.clone(),
                file: inputs.thesis.file.clone(),
                sha256: inputs.thesis.sha256.clone(),
                rules: RuleRecord::of_thesis(thesis),
            },
            inputs: inputs.inputs.clone(),
            options: Options {
                aggregation: thesis.aggregation.to_string(),
                normalization: thesis.normalization.to_string(),
                weights: thesis
                    .criteria
                    .iter()
                    .map(|criterion| (criterion.id.clone(), criterion.weight))
                    .collect(),
                charts: None,
                sensitivity: None,
                backtest: None,
                tables: None,
            },
            companies: Counts {
                read: data.len(),
                ranked: scores.ranking.len(),
                outside_scope: data.len() - scores.ranking.len(),
            },
            look_ahead: None,
            outputs: outputs.to_vec(),
        }
    }

    /// Records the values dated after the thesis, when look-ahead was allowed.
    pub fn with_look_ahead(
        mut self,
        thesis: &Thesis,
        data: &Dataset,
        late: Option<&[LateFact]>,
    ) -> RunManifest {
        self.look_ahead = look_ahead_note(thesis, data, late).map(|warning| LookAheadRecord {
            allowed: true,
            warning,
            late_values: (late.unwrap_or_default().iter())
                .map(|fact| LateValue {
                    id: data.id(fact.company).to_string(),
                    field: thesis.schema.fields()[fact.field].name.clone(),
                    date: fact.date.to_string(),
                })
                .collect(),
        });
        self
    }

    /// Records the settings of the rank-stability analysis, if it ran.
    pub fn with_sensitivity(mut self, options: Option<&SensitivityOptions>) -> RunManifest {
        self.options.sensitivity = options.map(|options| {
            let (prior, concentration) = match (&options.partners, options.prior) {
                (Some(spread), _) => ("partners", Some(spread.concentration)),
                (None, WeightPrior::Dirichlet { concentration }) => {
                    ("dirichlet", Some(concentration))
                }
                (None, WeightPrior::Uniform) => ("uniform", None),
                (None, WeightPrior::Fixed) => ("fixed", None),
            };
            SensitivityRecord {
                samples: options.samples,
                seed: options.seed,
                prior: prior.to_string(),
                concentration,
                top_k: options.top_k,
            }
        });
        self
    }

    /// Records the settings of the backtest, if it ran.
    pub fn with_backtest(mut self, options: Option<&BacktestOptions>) -> RunManifest {
        self.options.backtest = options.map(|options| BacktestRecord {
            permutations: options.permutations,
            resamples: options.resamples,
            seed: options.seed,
            top_k: options.top_k,
            confidence: options.confidence,
            include_unverified: options.include_unverified,
        });
        self
    }

    /// Records the table formats and the CSV dialect.
    pub fn with_tables(mut self, formats: &[TableFormat], dialect: CsvDialect) -> RunManifest {
        self.options.tables = Some(TableRecord {
            formats: formats
                .iter()
                .map(|format| format.name().to_string())
                .collect(),
            csv_dialect: dialect.name().to_string(),
        });
        self
    }

    /// Records the chart options (none when no chart is drawn).
    pub fn with_charts(mut self, formats: &[ChartFormat], options: &ChartOptions) -> RunManifest {
        self.options.charts = (!formats.is_empty()).then(|| ChartRecord {
            formats: formats
                .iter()
                .map(|format| format.extension().to_string())
                .collect(),
            width: options.width,
            height: options.height,
            title: options.title.clone(),
            label_top: options.label_top,
            label: options.label.clone(),
        });
        self
    }
}

pub struct ManifestJson<'a> {
    pub manifest: &'a RunManifest,
}

impl Exporter for ManifestJson<'_> {
    fn file_name(&self) -> String {
        "run.json".to_string()
    }

    fn write(&self, out: &mut dyn Write) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, self.manifest)?;
        out.write_all(b"\n")
    }
}
