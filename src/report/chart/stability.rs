//! Rank stability: per company, best first, the range of ranks it takes under sampled weights (5th to
//! 95th percentile) with its median, beside its rank at the thesis weights and its chance of ranking
//! first.

use super::axis::ticks;
use super::{
    Align, BODY, Canvas, Chart, ChartOptions, DrawResult, GRID, INK, NOTE, OKABE_ITO, PAD, SMALL,
    draw, header, line, pixel, text,
};
use crate::model::Dataset;
use crate::stats::{Sensitivity, Stability, WeightPrior};
use crate::thesis::Thesis;
use plotters::element::Circle;
use plotters::style::Color;

/// One company's row: its name and where it ranks at the thesis weights and under sampled weights.
#[derive(Debug, Clone, PartialEq)]
pub struct RankInterval {
    pub name: String,
    pub stability: Stability,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StabilityChart {
    pub heading: String,
    /// How the weights were sampled, for the subtitle.
    pub method: String,
    /// The best companies' rows, at most [`MOST_ROWS`].
    pub rows: Vec<RankInterval>,
    /// How many companies were ranked, and how many of them keep one rank in every sample.
    pub companies: usize,
    pub solid: usize,
}

const SMALLEST_ROW: f64 = 13.0;

/// The most rows kept: more than the tallest chart (8,000 pixels) draws at the smallest row height;
/// the rest are only counted.
const MOST_ROWS: usize = 1_000;

impl StabilityChart {
    pub fn new(
        thesis: &Thesis,
        data: &Dataset,
        sensitivity: &Sensitivity,
        options: &ChartOptions,
    ) -> StabilityChart {
        let settings = &sensitivity.options;
        let method = match (&settings.partners, settings.prior) {
            (Some(spread), _) => format!(
                "drawn as the {} partners spread (Dirichlet fitted to them, concentration {:.1})",
                spread.partners.names.len(),
                spread.concentration
            ),
            (None, WeightPrior::Dirichlet { concentration }) => {
                format!(
                    "drawn around the thesis weights (Dirichlet, concentration {concentration})"
                )
            }
            (None, WeightPrior::Uniform) => "drawn uniformly".to_string(),
            (None, WeightPrior::Fixed) => "fixed".to_string(),
        };
        StabilityChart {
            heading: options.heading(thesis),
            method: match sensitivity.ranged_rules {
                0 => format!("{method}, {} samples", settings.samples),
                rules => format!(
                    "{method}, {} samples, {rules} rule points from ranges",
                    settings.samples
                ),
            },
            companies: sensitivity.companies.len(),
            solid: (sensitivity.companies.iter())
                .filter(|company| company.p5 == company.p95)
                .count(),
            rows: (sensitivity.companies.iter())
                .take(MOST_ROWS)
                .map(|company| RankInterval {
                    name: data.name(company.company).to_string(),
                    stability: company.clone(),
                })
                .collect(),
        }
    }

    fn rows_shown(&self, height: f64) -> usize {
        let room = ((height - PAD - 60.0 - (PAD + 70.0)) / SMALLEST_ROW)
            .floor()
            .max(1.0) as usize;
        self.rows.len().min(room)
    }
}

impl Chart for StabilityChart {
    fn name(&self) -> &str {
        "sensitivity"
    }

    fn title(&self) -> String {
        format!("{}: rank stability under uncertain weights", self.heading)
    }

    fn description(&self) -> String {
        let solid = self.solid;
        format!(
            "For each of {} companies, the 5th to 95th percentile of its rank when the weights are {}, with the \
             median and the rank at the thesis weights. {solid} keep one rank throughout.",
            self.companies, self.method
        )
    }

    fn draw(&self, canvas: &Canvas, (width, height): (u32, u32)) -> DrawResult {
        let (width, height) = (f64::from(width), f64::from(height));
        let subtitle = format!(
            "Bars: 5th–95th percentile rank, weights {}; dot: median; ring: rank at the thesis weights.",
            self.method
        );
        header(canvas, &self.heading, &subtitle)?;
        let shown = self.rows_shown(height);
        let rows = &self.rows[..shown];
        let top = PAD + 70.0;
        let row_height = ((height - PAD - 60.0 - top) / shown.max(1) as f64).min(36.0);
        let label = |row: &RankInterval| format!("{}. {}", row.stability.rank, row.name);
        let label_width = rows
            .iter()
            .map(|row| BODY.width(&label(row)))
            .fold(40.0, f64::max)
            .min(width * 0.4);
        let left = PAD + label_width + 10.0;
        let right = width - PAD - 70.0;
        let worst = self.companies.max(2) as f64;
        let to_x = |rank: f64| left + (rank - 1.0) / (worst - 1.0) * (right - left);
        let bottom = top + shown as f64 * row_height;
        for tick in ticks((1.0, worst)).into_iter().filter(|t| *t >= 1.0) {
            let x = to_x(tick);
            line(canvas, (x, top), (x, bottom), GRID)?;
            text(
                canvas,
                &format!("{tick}"),
                (x, bottom + 4.0),
                SMALL,
                Align::Center,
            )?;
        }
        let middle = ((left + right) / 2.0, bottom + 20.0);
        text(canvas, "Rank (1 is best)", middle, BODY, Align::Center)?;
        text(
            canvas,
            "first",
            (right + 12.0, top - 18.0),
            NOTE,
            Align::Left,
        )?;
        let colour = OKABE_ITO[4];
        for (index, row) in rows.iter().enumerate() {
            let (name, row) = (&row.name, &row.stability);
            let y = top + (index as f64 + 0.5) * row_height;
            let (from, to) = (to_x(row.p5 as f64), to_x(row.p95 as f64));
            let thickness = (row_height * 0.45).clamp(2.0, 10.0);
            let corners = [
                pixel((from - 2.0, y - thickness / 2.0)),
                pixel((to + 2.0, y + thickness / 2.0)),
            ];
            draw(
                canvas,
                &plotters::element::Rectangle::new(corners, colour.mix(0.35).filled()),
            )?;
            draw(
                canvas,
                &Circle::new(pixel((to_x(row.p50 as f64), y)), 3, colour.filled()),
            )?;
            draw(
                canvas,
                &Circle::new(
                    pixel((to_x(row.tied_rank as f64), y)),
                    5,
                    INK.stroke_width(1),
                ),
            )?;
            let baseline = y - BODY.size * 0.6;
            let name = BODY.fit(&format!("{}. {name}", row.rank), label_width);
            text(canvas, &name, (left - 8.0, baseline), BODY, Align::Right)?;
            let share = format!("{:.0}%", row.first * 100.0);
            text(canvas, &share, (right + 12.0, baseline), BODY, Align::Left)?;
        }
        if shown < self.companies {
            let more = format!(
                "… and {} more companies in sensitivity.csv",
                self.companies - shown
            );
            text(
                canvas,
                &more,
                (PAD, height - PAD - 14.0),
                SMALL,
                Align::Left,
            )?;
        }
        Ok(())
    }
}
