//! The fitted weights chart of `thesis fit`: one row per lens, the learned weight as a dot on its
//! bootstrap interval, and the thesis's weight as a tick beside it, on a common 0–1 scale.

use super::axis::{format_tick, ticks};
use super::{
    Align, BODY, Canvas, Chart, ChartOptions, DrawResult, GRID, INK, NOTE, OKABE_ITO, PAD, RULE,
    SMALL, draw, header, line, pixel, text,
};
use crate::stats::Fit;
use crate::thesis::Thesis;
use plotters::element::{Circle, Rectangle};
use plotters::style::Color;

pub struct FitChart {
    heading: String,
    subtitle: String,
    rows: Vec<FitRow>,
    footnote: String,
}

struct FitRow {
    label: String,
    weight: f64,
    interval: Option<(f64, f64)>,
    thesis: f64,
}

impl FitChart {
    pub fn new(thesis: &Thesis, fit: &Fit, options: &ChartOptions) -> FitChart {
        let rows = fit
            .weights
            .iter()
            .map(|lens| FitRow {
                label: thesis.criteria[lens.criterion].label.clone(),
                weight: lens.weight,
                interval: lens.interval,
                thesis: lens.thesis,
            })
            .collect();
        let coverage = (fit.options.confidence * 100.0).round();
        FitChart {
            heading: options.title.clone().unwrap_or_else(|| thesis.name.clone()),
            subtitle: format!(
                "Lens weights learned from the outcomes of {} companies, against the thesis's",
                fit.sample
            ),
            rows,
            footnote: if fit.too_small() {
                format!(
                    "Bars: {coverage}% bootstrap intervals. The sample is too small to conclude \
                     anything from these weights."
                )
            } else {
                format!("Bars: {coverage}% bootstrap intervals over refits of resampled companies.")
            },
        }
    }
}

impl Chart for FitChart {
    fn name(&self) -> &str {
        "fit_weights"
    }

    fn title(&self) -> String {
        format!("{}: fitted lens weights", self.heading)
    }

    fn description(&self) -> String {
        let each: Vec<String> = self
            .rows
            .iter()
            .map(|row| format!("{} {:.3} (thesis {:.3})", row.label, row.weight, row.thesis))
            .collect();
        format!("Fitted weight of each lens: {}.", each.join("; "))
    }

    fn draw(&self, canvas: &Canvas, (width, height): (u32, u32)) -> DrawResult {
        let (width, height) = (f64::from(width), f64::from(height));
        header(canvas, &self.heading, &self.subtitle)?;
        let (fitted, thesis) = (OKABE_ITO[5], OKABE_ITO[1]);
        let legend_y = PAD + 60.0;
        draw(
            canvas,
            &Circle::new(pixel((PAD + 6.0, legend_y)), 5, fitted.filled()),
        )?;
        text(
            canvas,
            "fitted, with interval",
            (PAD + 16.0, legend_y - 8.0),
            BODY,
            Align::Left,
        )?;
        let second = PAD + 36.0 + BODY.width("fitted, with interval");
        let tick = [
            pixel((second - 1.5, legend_y - 8.0)),
            pixel((second + 1.5, legend_y + 8.0)),
        ];
        draw(canvas, &Rectangle::new(tick, thesis.filled()))?;
        text(
            canvas,
            "thesis",
            (second + 8.0, legend_y - 8.0),
            BODY,
            Align::Left,
        )?;
        let top = PAD + 96.0;
        let bottom = height - PAD - 60.0;
        let label_width = (self.rows.iter())
            .map(|row| BODY.width(&row.label))
            .fold(40.0, f64::max)
            .min(width * 0.35);
        let left = PAD + label_width + 14.0;
        let right = width - PAD - 90.0;
        let highest = (self.rows.iter())
            .flat_map(|row| [row.weight, row.thesis, row.interval.map_or(0.0, |i| i.1)])
            .fold(0.0, f64::max);
        // Room beyond the largest value, so a dot at it does not sit on the edge.
        let hi = (highest * 1.08).clamp(0.1, 1.0);
        let to_x = |value: f64| left + value / hi * (right - left);
        let row_height = ((bottom - top) / self.rows.len().max(1) as f64).min(160.0);
        let axis_bottom = top + row_height * self.rows.len() as f64;
        for value in ticks((0.0, hi)) {
            let x = to_x(value);
            line(canvas, (x, top), (x, axis_bottom), GRID)?;
            text(
                canvas,
                &format_tick(value),
                (x, axis_bottom + 4.0),
                SMALL,
                Align::Center,
            )?;
        }
        line(canvas, (left, top), (left, axis_bottom), RULE)?;
        let middle = ((left + right) / 2.0, axis_bottom + 22.0);
        text(canvas, "weight (sums to 1)", middle, BODY, Align::Center)?;
        for (index, row) in self.rows.iter().enumerate() {
            let y = top + (index as f64 + 0.5) * row_height;
            let label = BODY.fit(&row.label, label_width);
            text(canvas, &label, (left - 8.0, y - 8.0), BODY, Align::Right)?;
            if let Some((low, high)) = row.interval {
                line(canvas, (to_x(low), y), (to_x(high), y), INK)?;
                line(canvas, (to_x(low), y - 5.0), (to_x(low), y + 5.0), INK)?;
                line(canvas, (to_x(high), y - 5.0), (to_x(high), y + 5.0), INK)?;
            }
            let mark = [
                pixel((to_x(row.thesis) - 1.5, y - 11.0)),
                pixel((to_x(row.thesis) + 1.5, y + 11.0)),
            ];
            draw(canvas, &Rectangle::new(mark, thesis.filled()))?;
            draw(
                canvas,
                &Circle::new(pixel((to_x(row.weight), y)), 5, fitted.filled()),
            )?;
            let value = format!("{:.3}", row.weight);
            text(canvas, &value, (right + 12.0, y - 8.0), BODY, Align::Left)?;
        }
        let note_y = (axis_bottom + 52.0).min(height - PAD - 14.0);
        text(canvas, &self.footnote, (PAD, note_y), NOTE, Align::Left)?;
        Ok(())
    }
}
