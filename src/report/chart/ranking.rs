//! The ranking: every scored company's total as a bar stacked by each lens's weighted contribution,
//! best at the top, with the total and the quadrant beside it.

use super::bars::{BarRow, StackedBars, widen};
use super::{Canvas, Chart, ChartOptions, DrawResult};
use crate::report::{ChartRow, ChartRows};

/// The most bars listed: more than the tallest chart (8,000 pixels) can draw at the smallest row
/// height, so the rest are only counted.
const MOST_BARS: usize = 1_000;
use crate::thesis::{Aggregation, Thesis};

#[derive(Debug, Clone, PartialEq)]
pub struct RankingChart {
    bars: StackedBars,
    lenses: Vec<String>,
}

impl RankingChart {
    pub fn new(thesis: &Thesis, rows: &dyn ChartRows, options: &ChartOptions) -> RankingChart {
        let topsis = thesis.aggregation == Aggregation::Topsis;
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
        let segments = |row: &ChartRow<'_>| -> Vec<Option<f64>> {
            match topsis {
                true => vec![row.total],
                false => row.contributions.to_vec(),
            }
        };
        let count = rows.row_count();
        let (mut extent, mut incomplete) = ((0.0, 0.0), false);
        let mut bars: Vec<BarRow> = Vec::with_capacity(count.min(MOST_BARS));
        rows.each_row(0..count, &mut |row| {
            let segments = segments(row);
            extent = widen(extent, &segments);
            incomplete |= row.incomplete;
            if bars.len() < MOST_BARS {
                bars.push(BarRow {
                    label: format!(
                        "{}. {}{}",
                        row.rank,
                        row.name(),
                        if row.incomplete { " *" } else { "" }
                    ),
                    segments,
                    value: (row.total)
                        .map(|total| format!("{total:.3}"))
                        .unwrap_or_default(),
                    note: row.quadrant.unwrap_or_default().to_string(),
                });
            }
        });
        RankingChart {
            bars: StackedBars {
                heading: options.heading(thesis),
                subtitle: format!(
                    "Ranking of {} companies by total score, {}; thesis as of {}.",
                    count,
                    if topsis { "TOPSIS closeness to the ideal" } else { "each bar split by lens" },
                    thesis.as_of
                ),
                axis_label: if topsis {
                    "Closeness to the ideal company".to_string()
                } else {
                    "Total score (sum of the weighted lens scores)".to_string()
                },
                series,
                beyond: count - bars.len(),
                rows: bars,
                extent,
                footnote: incomplete.then(|| {
                    "* No evidence on some lens: total over the other lenses, ranked after every company with complete evidence."
                        .to_string()
                }),
                noun: "companies",
            },
            lenses: thesis.criteria.iter().map(|criterion| criterion.label.clone()).collect(),
        }
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
