//! The ranking: every scored company's total as a bar stacked by each lens's weighted contribution,
//! best at the top, with the total and the quadrant beside it.

use super::bars::{BarRow, StackedBars, extent_of};
use super::{Canvas, Chart, ChartOptions, DrawResult};
use crate::report::{ScoreRow, ScoreTable};

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
    pub fn new(thesis: &Thesis, table: &ScoreTable, options: &ChartOptions) -> RankingChart {
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
        let segments = |row: &ScoreRow| -> Vec<Option<f64>> {
            if topsis {
                vec![row.total]
            } else {
                row.criteria
                    .iter()
                    .map(|cells| cells.contribution)
                    .collect()
            }
        };
        let extent = extent_of(table.rows.iter().map(segments));
        let rows: Vec<BarRow> = table
            .rows
            .iter()
            .take(MOST_BARS)
            .map(|row| BarRow {
                label: format!(
                    "{}. {}{}",
                    row.rank,
                    row.name,
                    if row.insufficient.is_empty() {
                        ""
                    } else {
                        " *"
                    }
                ),
                segments: segments(row),
                value: row
                    .total
                    .map(|total| format!("{total:.3}"))
                    .unwrap_or_default(),
                note: row.quadrant.clone().unwrap_or_default(),
            })
            .collect();
        let incomplete = table
            .rows
            .iter()
            .filter(|row| !row.insufficient.is_empty())
            .count();
        RankingChart {
            bars: StackedBars {
                heading: options.heading(thesis),
                subtitle: format!(
                    "Ranking of {} companies by total score, {}; thesis as of {}.",
                    table.rows.len(),
                    if topsis { "TOPSIS closeness to the ideal" } else { "each bar split by lens" },
                    thesis.as_of
                ),
                axis_label: if topsis {
                    "Closeness to the ideal company".to_string()
                } else {
                    "Total score (sum of the weighted lens scores)".to_string()
                },
                series,
                beyond: table.rows.len() - rows.len(),
                rows,
                extent,
                footnote: (incomplete > 0).then(|| {
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
