//! Category momentum: the categories ordered by the quadrant's size lens (category momentum in the
//! bundled thesis), each bar split into the signals of its formula, weighted as the thesis weighs them.

use super::bars::{BarRow, StackedBars, extent_of};
use super::{Canvas, Chart, ChartOptions, DrawResult, RowsChart, fed, humanize};
use crate::report::{ChartRow, ChartRows};
use crate::thesis::{Method, Thesis};

#[derive(Debug, Clone, PartialEq)]
pub struct MomentumChart {
    bars: StackedBars,
    lens: String,
}

impl MomentumChart {
    /// `None` unless the thesis names a size lens in its `[quadrant]`.
    pub fn new(
        thesis: &Thesis,
        rows: &dyn ChartRows,
        options: &ChartOptions,
    ) -> Option<MomentumChart> {
        Some(fed(MomentumRows::new(thesis, options)?, rows).chart())
    }
}

/// The category momentum being made from the ranked rows: per category, in order of first
/// appearance, how many companies, and the sums of the lens score and of each term.
pub(super) struct MomentumRows<'t> {
    thesis: &'t Thesis,
    options: &'t ChartOptions,
    /// The size lens.
    lens: usize,
    formula: bool,
    series: Vec<String>,
    /// Each term's share of the formula (one, of the whole score, for rules).
    weights: Vec<f64>,
    categories: Vec<CategorySums>,
    /// The row's terms, read into one buffer row after row.
    terms: Vec<Option<f64>>,
}

impl<'t> MomentumRows<'t> {
    /// `None` unless the thesis names a size lens in its `[quadrant]`.
    pub(super) fn new(thesis: &'t Thesis, options: &'t ChartOptions) -> Option<MomentumRows<'t>> {
        let lens = thesis.quadrant.as_ref()?.size?;
        let criterion = &thesis.criteria[lens];
        let (series, weights): (Vec<String>, Vec<f64>) = match &criterion.method {
            Method::Formula { terms, .. } => {
                let total: f64 = terms.iter().map(|term| term.weight).sum();
                terms
                    .iter()
                    .map(|term| {
                        let share = term.weight / total;
                        (
                            format!("{} ({:.0}%)", humanize(&term.field), share * 100.0),
                            share,
                        )
                    })
                    .unzip()
            }
            Method::Rules { .. } => (vec![criterion.label.clone()], vec![1.0]),
        };
        Some(MomentumRows {
            thesis,
            options,
            lens,
            formula: matches!(criterion.method, Method::Formula { .. }),
            series,
            weights,
            categories: Vec::new(),
            terms: Vec::new(),
        })
    }

    fn chart(self) -> MomentumChart {
        let (thesis, formula, weights) = (self.thesis, self.formula, &self.weights);
        let criterion = &thesis.criteria[self.lens];
        let mut rows: Vec<(f64, BarRow)> = (self.categories)
            .iter()
            .map(|sums| {
                let score = sums.score.mean();
                let segments: Vec<Option<f64>> = if formula {
                    (sums.terms.iter().zip(weights))
                        .map(|(sum, weight)| sum.mean().map(|value| value * weight))
                        .collect()
                } else {
                    vec![score]
                };
                let count = sums.members;
                let row = BarRow {
                    label: sums.name.clone(),
                    value: score
                        .map(|value| format!("score {value:.2}"))
                        .unwrap_or_default(),
                    note: format!(
                        "· {count} {}",
                        if count == 1 { "company" } else { "companies" }
                    ),
                    segments,
                };
                (score.unwrap_or(f64::NEG_INFINITY), row)
            })
            .collect();
        rows.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.label.cmp(&b.1.label)));
        MomentumChart {
            bars: StackedBars {
                heading: self.options.heading(thesis),
                subtitle: format!(
                    "{} by category, highest first, split into its signals; beside each bar, the lens score.",
                    criterion.label
                ),
                axis_label: if formula {
                    "Weighted mean of the normalized signals".to_string()
                } else {
                    format!("{} score", criterion.label)
                },
                series: self.series,
                extent: extent_of(rows.iter().map(|(_, row)| row.segments.as_slice())),
                rows: rows.into_iter().map(|(_, row)| row).collect(),
                beyond: 0,
                footnote: None,
                noun: "categories",
            },
            lens: criterion.label.clone(),
        }
    }
}

impl RowsChart for MomentumRows<'_> {
    fn add(&mut self, row: &ChartRow<'_>) {
        let category = row.category();
        let index = match self
            .categories
            .iter()
            .position(|sums| sums.name == category)
        {
            Some(index) => index,
            None => {
                let sums = CategorySums::new(category, self.weights.len());
                self.categories.push(sums);
                self.categories.len() - 1
            }
        };
        let sums = &mut self.categories[index];
        sums.members += 1;
        sums.score.add(row.scores[self.lens]);
        if self.formula {
            self.terms.clear();
            row.terms_into(self.lens, &mut self.terms);
            for (sum, &term) in sums.terms.iter_mut().zip(&self.terms) {
                sum.add(term);
            }
        }
    }

    fn finish(self: Box<Self>) -> Box<dyn Chart> {
        Box::new(self.chart())
    }
}

/// One category's companies, and the sums its means are made of.
struct CategorySums {
    name: String,
    members: usize,
    score: Sum,
    terms: Vec<Sum>,
}

impl CategorySums {
    fn new(name: &str, terms: usize) -> CategorySums {
        CategorySums {
            name: name.to_string(),
            members: 0,
            score: Sum::default(),
            terms: (0..terms).map(|_| Sum::default()).collect(),
        }
    }
}

/// A running sum of the values present, added in order.
struct Sum {
    total: f64,
    count: usize,
}

impl Default for Sum {
    /// Starts where `Iterator::sum` of `f64` starts, so the means are those of summing a list.
    fn default() -> Sum {
        Sum {
            total: -0.0,
            count: 0,
        }
    }
}

impl Sum {
    fn add(&mut self, value: Option<f64>) {
        if let Some(value) = value {
            self.total += value;
            self.count += 1;
        }
    }

    fn mean(&self) -> Option<f64> {
        (self.count > 0).then(|| self.total / self.count as f64)
    }
}

impl Chart for MomentumChart {
    fn name(&self) -> &str {
        "momentum"
    }

    fn title(&self) -> String {
        format!("{}: {} by category", self.bars.heading, self.lens)
    }

    fn description(&self) -> String {
        let order: Vec<String> = self
            .bars
            .rows
            .iter()
            .map(|row| format!("{} ({})", row.label, row.value))
            .collect();
        format!(
            "{} of {} categories, highest first, each bar split into the signals {} is made of ({}): {}.",
            self.lens,
            self.bars.rows.len(),
            self.lens,
            self.bars.series.join(", "),
            order.join(", ")
        )
    }

    fn draw(&self, canvas: &Canvas, size: (u32, u32)) -> DrawResult {
        self.bars.draw(canvas, size)
    }
}
