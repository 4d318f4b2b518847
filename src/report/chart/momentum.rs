//! Category momentum: the categories ordered by the quadrant's size lens (category momentum in the
//! bundled thesis), each bar split into the signals of its formula, weighted as the thesis weighs them.

use super::bars::{BarRow, StackedBars, extent_of};
use super::{Canvas, Chart, ChartOptions, DrawResult, humanize};
use crate::report::ScoreTable;
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
        table: &ScoreTable,
        options: &ChartOptions,
    ) -> Option<MomentumChart> {
        let j = thesis.quadrant.as_ref()?.size?;
        let criterion = &thesis.criteria[j];
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
        let formula = matches!(criterion.method, Method::Formula { .. });
        let mut categories: Vec<(String, Vec<usize>)> = Vec::new();
        for (index, row) in table.rows.iter().enumerate() {
            match categories
                .iter_mut()
                .find(|(name, _)| *name == row.category)
            {
                Some((_, rows)) => rows.push(index),
                None => categories.push((row.category.clone(), vec![index])),
            }
        }
        let mean = |rows: &[usize], value: &dyn Fn(usize) -> Option<f64>| {
            let values: Vec<f64> = rows.iter().filter_map(|&i| value(i)).collect();
            (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
        };
        let mut rows: Vec<(f64, BarRow)> = categories
            .iter()
            .map(|(name, members)| {
                let score = mean(members, &|i| table.rows[i].criteria[j].score);
                let segments: Vec<Option<f64>> = if formula {
                    (0..weights.len())
                        .map(|t| {
                            mean(members, &|i| table.rows[i].criteria[j].terms[t])
                                .map(|value| value * weights[t])
                        })
                        .collect()
                } else {
                    vec![score]
                };
                let count = members.len();
                let row = BarRow {
                    label: name.clone(),
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
        Some(MomentumChart {
            bars: StackedBars {
                heading: options.heading(thesis),
                subtitle: format!(
                    "{} by category, highest first, split into its signals; beside each bar, the lens score.",
                    criterion.label
                ),
                axis_label: if formula {
                    "Weighted mean of the normalized signals".to_string()
                } else {
                    format!("{} score", criterion.label)
                },
                series,
                extent: extent_of(rows.iter().map(|(_, row)| row.segments.as_slice())),
                rows: rows.into_iter().map(|(_, row)| row).collect(),
                beyond: 0,
                footnote: None,
                noun: "categories",
            },
            lens: criterion.label.clone(),
        })
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
