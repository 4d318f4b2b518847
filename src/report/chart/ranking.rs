//! The ranking: every scored company's total as a bar stacked by each lens's weighted contribution,
//! best at the top, with the total and the quadrant beside it.

use super::bars::{BarRow, StackedBars, widen};
use super::{Canvas, Chart, ChartOptions, DrawResult, RowsChart, fed};
use crate::report::{ChartRow, ChartRows};
use crate::thesis::{Aggregation, Thesis};

/// The most bars listed: more than the tallest chart (8,000 pixels) can draw at the smallest row
/// height, so the rest are only counted.
const MOST_BARS: usize = 1_000;

/// The ranking being made from the ranked rows.
pub(super) struct RankingRows<'t> {
    thesis: &'t Thesis,
    options: &'t ChartOptions,
    topsis: bool,
    count: usize,
    /// The most negative and most positive stack of any row.
    extent: (f64, f64),
    /// Whether some row lacks evidence on some lens.
    incomplete: bool,
    bars: Vec<BarRow>,
}

impl<'t> RankingRows<'t> {
    pub(super) fn new(thesis: &'t Thesis, options: &'t ChartOptions) -> RankingRows<'t> {
        RankingRows {
            thesis,
            options,
            topsis: thesis.aggregation == Aggregation::Topsis,
            count: 0,
            extent: (0.0, 0.0),
            incomplete: false,
            bars: Vec::new(),
        }
    }

    fn chart(self) -> RankingChart {
        let (thesis, topsis) = (self.thesis, self.topsis);
        let series: Vec<String> = if topsis {
            vec!["TOPSIS closeness".to_string()]
        } else {
            thesis
                .criteria
                .iter()
                .zip(thesis.normalized_weights())
                .map(|(criterion, weight)| format!("{} ({:.0}%)", criterion.label, weight * 100.0))
                .collect()
        };
        RankingChart {
            bars: StackedBars {
                heading: self.options.heading(thesis),
                subtitle: format!(
                    "Ranking of {} companies by total score, {}; thesis as of {}.",
                    self.count,
                    if topsis { "TOPSIS closeness to the ideal" } else { "each bar split by lens" },
                    thesis.as_of
                ),
                axis_label: if topsis {
                    "Closeness to the ideal company".to_string()
                } else {
                    "Total score (sum of the weighted lens scores)".to_string()
                },
                series,
                beyond: self.count - self.bars.len(),
                rows: self.bars,
                extent: self.extent,
                footnote: self.incomplete.then(|| {
                    "* No evidence on some lens: total over the other lenses, ranked after every company with complete evidence."
                        .to_string()
                }),
                noun: "companies",
            },
            lenses: thesis.criteria.iter().map(|criterion| criterion.label.clone()).collect(),
        }
    }
}

impl RowsChart for RankingRows<'_> {
    fn add(&mut self, row: &ChartRow<'_>) {
        let segments = match self.topsis {
            true => std::slice::from_ref(&row.total),
            false => row.contributions,
        };
        self.count += 1;
        self.extent = widen(self.extent, segments);
        self.incomplete |= row.incomplete;
        if self.bars.len() < MOST_BARS {
            self.bars.push(BarRow {
                label: format!(
                    "{}. {}{}",
                    row.rank,
                    row.name(),
                    if row.incomplete { " *" } else { "" }
                ),
                segments: segments.to_vec(),
                value: (row.total)
                    .map(|total| format!("{total:.3}"))
                    .unwrap_or_default(),
                note: row.quadrant.unwrap_or_default().to_string(),
            });
        }
    }

    fn finish(self: Box<Self>) -> Box<dyn Chart> {
        Box::new(self.chart())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RankingChart {
    bars: StackedBars,
    lenses: Vec<String>,
}

impl RankingChart {
    pub fn new(thesis: &Thesis, rows: &dyn ChartRows, options: &ChartOptions) -> RankingChart {
        fed(RankingRows::new(thesis, options), rows).chart()
    }

    /// The bar labels, best first (at most [`MOST_BARS`]).
    pub fn labels(&self) -> Vec<&str> {
        self.bars
            .rows
            .iter()
            .map(|row| row.label.as_str())
            .collect()
    }

    pub fn rows_shown(&self, height: u32) -> usize {
        self.bars.rows_shown(f64::from(height))
    }
}

impl Chart for RankingChart {
    fn name(&self) -> &str {
        "ranking"
    }

    fn title(&self) -> String {
        format!("{}: ranking", self.bars.heading)
    }

    fn description(&self) -> String {
        let top: Vec<String> = self
            .bars
            .rows
            .iter()
            .take(3)
            .map(|row| format!("{} ({})", row.label, row.value))
            .collect();
        format!(
            "Horizontal bars of the total score of {} companies, stacked by the weighted contribution of {}. Top: {}.",
            self.bars.rows.len() + self.bars.beyond,
            self.lenses.join(", "),
            top.join(", ")
        )
    }

    fn draw(&self, canvas: &Canvas, size: (u32, u32)) -> DrawResult {
        self.bars.draw(canvas, size)
    }
}
