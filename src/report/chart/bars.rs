//! Horizontal stacked bars, the shape of the ranking and the category momentum charts: one row per
//! item, each bar split into coloured series, a value and a note beside it. Rows that do not fit at a
//! legible height are summarized in a last line.

use super::axis::{format_tick, ticks};
use super::{
    Align, BODY, Canvas, DrawResult, GRID, NOTE, PAD, RULE, SMALL, Type, draw, header, line, pixel,
    series_colors, text,
};
use plotters::element::Rectangle;
use plotters::style::Color;

const SMALLEST_ROW: f64 = 13.0;
const LARGEST_ROW: f64 = 48.0;
const THICKEST_BAR: f64 = 24.0;

#[derive(Debug, Clone, PartialEq)]
pub(super) struct StackedBars {
    pub heading: String,
    pub subtitle: String,
    pub axis_label: String,
    /// Legend names, one per segment of every row.
    pub series: Vec<String>,
    pub rows: Vec<BarRow>,
    /// Rows not listed in `rows` (beyond any that could be drawn), counted in the "… and N more"
    /// line.
    pub beyond: usize,
    /// The axis's extent: the most negative and most positive stack over every row, listed or not.
    pub extent: (f64, f64),
    pub footnote: Option<String>,
    /// What the rows are, for the "… and N more" line.
    pub noun: &'static str,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct BarRow {
    pub label: String,
    /// One per series; `None` draws nothing.
    pub segments: Vec<Option<f64>>,
    /// Printed right of the bars, e.g. the total.
    pub value: String,
    /// Printed after the value, e.g. the quadrant.
    pub note: String,
}

/// The most negative and most positive stack of segments over `rows`, from zero.
pub(super) fn extent_of<S: AsRef<[Option<f64>]>>(rows: impl Iterator<Item = S>) -> (f64, f64) {
    rows.fold((0.0, 0.0), |extent, segments| {
        widen(extent, segments.as_ref())
    })
}

/// `extent` widened to hold one more row's stack of `segments`.
pub(super) fn widen((lo, hi): (f64, f64), segments: &[Option<f64>]) -> (f64, f64) {
    let positive: f64 = segments.iter().flatten().filter(|v| **v > 0.0).sum();
    let negative: f64 = segments.iter().flatten().filter(|v| **v < 0.0).sum();
    (f64::min(lo, negative), f64::max(hi, positive))
}

impl StackedBars {
    /// How many rows are drawn on a canvas of `height`, the rest summarized.
    pub(super) fn rows_shown(&self, height: f64) -> usize {
        let room = ((self.bottom(height) - self.top()) / SMALLEST_ROW)
            .floor()
            .max(1.0) as usize;
        if self.rows.len() + self.beyond <= room {
            self.rows.len()
        } else {
            (room - 1).min(self.rows.len())
        }
    }

    fn top(&self) -> f64 {
        PAD + 84.0
    }

    fn bottom(&self, height: f64) -> f64 {
        height - PAD - 44.0 - if self.footnote.is_some() { 18.0 } else { 0.0 }
    }

    pub(super) fn draw(&self, canvas: &Canvas, (width, height): (u32, u32)) -> DrawResult {
        let (width, height) = (f64::from(width), f64::from(height));
        header(canvas, &self.heading, &self.subtitle)?;
        let colors = series_colors(self.series.len());
        let mut x = PAD;
        for (name, color) in self.series.iter().zip(&colors) {
            let corners = [pixel((x, PAD + 54.0)), pixel((x + 12.0, PAD + 66.0))];
            draw(canvas, &Rectangle::new(corners, color.filled()))?;
            text(canvas, name, (x + 17.0, PAD + 52.0), BODY, Align::Left)?;
            x += 17.0 + BODY.width(name) + 22.0;
        }
        let shown = self.rows_shown(height);
        let all = self.rows.len() + self.beyond;
        let lines = shown + usize::from(shown < all);
        let (top, bottom) = (self.top(), self.bottom(height));
        let row_height = ((bottom - top) / lines.max(1) as f64).min(LARGEST_ROW);
        let size = if row_height >= 17.0 { 12.0 } else { 10.0 };
        let (row_type, more_type) = (Type { size, ..BODY }, Type { size, ..NOTE });
        let rows = &self.rows[..shown];
        let note = |row: &BarRow| {
            format!("{}  {}", row.value, row.note)
                .trim_end()
                .to_string()
        };
        let widest = |texts: &mut dyn Iterator<Item = String>| {
            texts.map(|t| row_type.width(&t)).fold(0.0, f64::max)
        };
        let label_width = widest(&mut rows.iter().map(|row| row.label.clone()))
            .max(40.0)
            .min(width * 0.4);
        let left = PAD + label_width + 10.0;
        let right = (width - PAD - widest(&mut rows.iter().map(note)) - 10.0).max(left + 40.0);
        let (lo, hi) = self.extent;
        let hi = if hi <= lo { lo + 1.0 } else { hi };
        let to_x = |value: f64| left + (value - lo) / (hi - lo) * (right - left);
        let axis_bottom = top + lines as f64 * row_height;
        for tick in ticks((lo, hi)) {
            let x = to_x(tick);
            line(canvas, (x, top), (x, axis_bottom), GRID)?;
            text(
                canvas,
                &format_tick(tick),
                (x, axis_bottom + 4.0),
                SMALL,
                Align::Center,
            )?;
        }
        line(canvas, (to_x(0.0), top), (to_x(0.0), axis_bottom), RULE)?;
        let middle = ((left + right) / 2.0, axis_bottom + 20.0);
        text(canvas, &self.axis_label, middle, BODY, Align::Center)?;
        let thickness = (row_height * 0.7).min(THICKEST_BAR);
        for (index, row) in rows.iter().enumerate() {
            let y = top + index as f64 * row_height;
            let bar_top = y + (row_height - thickness) / 2.0;
            let (mut positive, mut negative) = (0.0, 0.0);
            for (segment, color) in row.segments.iter().zip(&colors) {
                let Some(value) = *segment else { continue };
                let (from, to) = if value >= 0.0 {
                    positive += value;
                    (positive - value, positive)
                } else {
                    negative += value;
                    (negative, negative - value)
                };
                let corners = [
                    pixel((to_x(from), bar_top)),
                    pixel((to_x(to), bar_top + thickness)),
                ];
                draw(canvas, &Rectangle::new(corners, color.filled()))?;
            }
            let baseline = y + row_height / 2.0 - size * 0.6;
            let label = row_type.fit(&row.label, label_width);
            text(
                canvas,
                &label,
                (left - 8.0, baseline),
                row_type,
                Align::Right,
            )?;
            text(
                canvas,
                &note(row),
                (right + 10.0, baseline),
                row_type,
                Align::Left,
            )?;
        }
        if shown < all {
            let y = top + shown as f64 * row_height + row_height / 2.0 - size * 0.6;
            let more = format!("… and {} more {}", all - shown, self.noun);
            text(canvas, &more, (left - 8.0, y), more_type, Align::Right)?;
        }
        if let Some(footnote) = &self.footnote {
            text(
                canvas,
                footnote,
                (PAD, height - PAD - 14.0),
                SMALL,
                Align::Left,
            )?;
        }
        Ok(())
    }
}
