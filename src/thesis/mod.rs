//! The thesis: a named, dated set of weighted criteria (lenses) made of rules or formulas, the
//! normalization and aggregation that combine them, and the 2x2 quadrant. A thesis file is parsed raw
//! ([`raw`]), then validated and compiled ([`compile`]) into the [`Thesis`] the scorer runs.

mod backtest;
mod compile;
mod condition;
mod kernel;
mod limits;
mod look_ahead;
mod problems;
mod raw;

pub use backtest::{OutcomeClass, OutcomeScale};
pub use condition::{Condition, company_context};
pub use kernel::{Literal, Operand, Test, TextMethod};
pub use look_ahead::{LateFact, late_facts, undated_fields_read};

use crate::error::{Error, Result};
use crate::io::Source;
use crate::model::Schema;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug)]
pub struct Thesis {
    pub name: String,
    pub as_of: String,
    pub description: String,
    pub aggregation: Aggregation,
    pub normalization: Normalization,
    /// Companies for which this is false are shown for context but not ranked.
    pub scope: Option<Condition>,
    pub schema: Schema,
    pub criteria: Vec<Criterion>,
    pub quadrant: Option<Quadrant>,
    /// How outcome events map to success, for the backtest.
    pub outcome_scale: OutcomeScale,
    /// The fields whose values carry a date, which must not be after `as_of`.
    pub dated: Vec<DatedField>,
    /// Stakes or ties of the thesis's author in the companies it scores, shown with every result.
    pub disclosures: Vec<String>,
}

/// A field whose every value is dated by another column of the same file (both schema indices).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DatedField {
    pub field: usize,
    pub date: usize,
}

#[derive(Debug)]
pub struct Criterion {
    pub id: String,
    pub label: String,
    /// The names of the low and the high end of the scale.
    pub poles: [String; 2],
    pub weight: f64,
    /// How the raw criterion values are put on a common scale before they are combined.
    pub normalization: Normalization,
    pub method: Method,
    pub otherwise: Otherwise,
}

#[derive(Debug)]
pub enum Method {
    Rules {
        hit_policy: HitPolicy,
        rules: Vec<Rule>,
    },
    Formula {
        normalization: Normalization,
        terms: Vec<Term>,
    },
}

#[derive(Debug)]
pub struct Rule {
    pub id: String,
    pub condition: Condition,
    /// The points scoring uses: the given number, or the middle of the range.
    pub points: f64,
    /// The range `[low, high]` the points were given as, which the sensitivity analysis samples.
    pub range: Option<(f64, f64)>,
    pub reason: String,
}

impl Rule {
    /// The points as reports show them: `+2`, or `+2 (+1 to +3)` for a range.
    pub fn points_label(&self) -> String {
        match self.range {
            Some((low, high)) => format!("{:+} ({low:+} to {high:+})", self.points),
            None => format!("{:+}", self.points),
        }
    }
}

/// One numeric field of a formula criterion, with its weight.
#[derive(Debug)]
pub struct Term {
    pub field: String,
    /// The field's index in the schema.
    pub index: usize,
    pub weight: f64,
}

/// The value of a criterion when none of its rules fires, or a formula input is missing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Otherwise {
    Value(f64),
    InsufficientEvidence,
}

#[derive(Debug)]
pub struct Quadrant {
    /// Criterion index of the horizontal axis.
    pub x: usize,
    /// Criterion index of the vertical axis.
    pub y: usize,
    /// Criterion index drawn as bubble area (the category momentum in the bundled thesis).
    pub size: Option<usize>,
    pub x_threshold: f64,
    pub y_threshold: f64,
    pub top_right: String,
    pub top_left: String,
    pub bottom_right: String,
    pub bottom_left: String,
}

/// One of the quadrant's four corners.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Corner {
    TopLeft,
    TopRight,
    BottomLeft,
    BottomRight,
}

impl Quadrant {
    /// The corner of a pair of criterion scores; a score on a threshold counts as high.
    pub fn corner_for(&self, x: f64, y: f64) -> Corner {
        match (x >= self.x_threshold, y >= self.y_threshold) {
            (true, true) => Corner::TopRight,
            (false, true) => Corner::TopLeft,
            (true, false) => Corner::BottomRight,
            (false, false) => Corner::BottomLeft,
        }
    }

    /// The name the thesis gives a corner.
    pub fn name(&self, corner: Corner) -> &str {
        match corner {
            Corner::TopRight => &self.top_right,
            Corner::TopLeft => &self.top_left,
            Corner::BottomRight => &self.bottom_right,
            Corner::BottomLeft => &self.bottom_left,
        }
    }

    /// The quadrant name for a pair of criterion scores.
    pub fn name_for(&self, x: f64, y: f64) -> &str {
        self.name(self.corner_for(x, y))
    }
}

/// How rule outcomes become a criterion's raw value (DMN hit policies).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HitPolicy {
    /// The points of the first rule, in file order, that fires.
    #[default]
    First,
    /// The sum of the points of every rule that fires.
    Sum,
    /// The largest points among the rules that fire.
    Max,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Normalization {
    #[default]
    MinMax,
    ZScore,
    Vector,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Aggregation {
    #[default]
    WeightedSum,
    Topsis,
}

/// The names the thesis file uses, which reports repeat.
macro_rules! file_names {
    ($kind:ty { $($variant:ident => $name:literal),* }) => {
        impl $kind {
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $name),* }
            }
        }
        impl fmt::Display for $kind {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
file_names!(HitPolicy { First => "first", Sum => "sum", Max => "max" });
file_names!(Normalization { MinMax => "min-max", ZScore => "z-score", Vector => "vector", None => "none" });
file_names!(Aggregation { WeightedSum => "weighted-sum", Topsis => "topsis" });

impl Thesis {
    /// Parses, validates and compiles a thesis file.
    pub fn load(source: &Source) -> Result<Thesis> {
        let raw: raw::RawThesis = parse_toml(source)?;
        compile::compile(raw).map_err(|problems| Error::Thesis {
            file: source.label.clone(),
            problems,
        })
    }

    /// The weights of the criteria, scaled to sum to one.
    pub fn normalized_weights(&self) -> Vec<f64> {
        let total: f64 = self.criteria.iter().map(|criterion| criterion.weight).sum();
        self.criteria
            .iter()
            .map(|criterion| criterion.weight / total)
            .collect()
    }

    /// The schema indices of the fields the rules, formulas and scope read, in schema order, the
    /// key fields (id, name, category) left out.
    pub fn fields_read(&self) -> Vec<usize> {
        let mut read: Vec<usize> = (self.criteria.iter())
            .flat_map(|criterion| match &criterion.method {
                Method::Rules { rules, .. } => (rules.iter())
                    .flat_map(|rule| rule.condition.reads.iter().copied())
                    .collect::<Vec<_>>(),
                Method::Formula { terms, .. } => terms.iter().map(|term| term.index).collect(),
            })
            .chain(
                self.scope
                    .iter()
                    .flat_map(|scope| scope.reads.iter().copied()),
            )
            .filter(|&field| field >= crate::model::KEY_FIELDS.len())
            .collect();
        read.sort_unstable();
        read.dedup();
        read
    }

    pub fn rule_count(&self) -> usize {
        self.criteria
            .iter()
            .map(|criterion| match &criterion.method {
                Method::Rules { rules, .. } => rules.len(),
                Method::Formula { .. } => 0,
            })
            .sum()
    }
}

/// A TOML file (a thesis, a lexicon) read into `T`; an error names the file and, for a syntax or
/// type error, the line and column.
pub(crate) fn parse_toml<T: serde::de::DeserializeOwned>(source: &Source) -> Result<T> {
    let label = source.label.as_str();
    let bytes = source.bytes()?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| Error::thesis(label, "", "the file is not valid UTF-8"))?;
    toml::from_str(text).map_err(|error| toml_error(label, text, &error))
}

/// A TOML syntax or type error as a one-line problem at its line and column.
fn toml_error(label: &str, text: &str, error: &toml::de::Error) -> Error {
    let message = error.message().trim_end_matches('\n').replace('\n', " ");
    let key = match error.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.len() - before.rfind('\n').map_or(0, |newline| newline + 1) + 1;
            format!("line {line}, column {column}")
        }
        None => String::new(),
    };
    Error::thesis(label, key, message)
}
