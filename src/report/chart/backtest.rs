//! Score against outcome: one row per outcome level (best at the top), each company of the backtest
//! sample a dot at its total score, filled by whether its outcome counts as a success, and labelled.

use super::axis::{format_tick, ticks};
use super::layout::{Circle, LabelRequest, Obstacles, Rect, place_labels};
use super::{
    Align, BODY, Canvas, Chart, ChartOptions, DrawResult, GRID, MUTED, NOTE, OKABE_ITO, PAD, SMALL,
    WHITE, draw, header, line, pixel, text,
};
use crate::model::Dataset;
use crate::stats::Backtest;
use crate::thesis::Thesis;
use plotters::element::{Circle as CircleElement, PathElement};
use plotters::style::{Color, RGBColor};

const SUCCESS: RGBColor = OKABE_ITO[4];
const FAILURE: RGBColor = OKABE_ITO[5];
const RADIUS: f64 = 5.0;

/// One company of the sample.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomePoint {
    pub name: String,
    pub total: f64,
    pub level: f64,
    pub success: bool,
}

/// One row: a level and the final events found at it.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelRow {
    pub level: f64,
    pub events: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BacktestChart {
    pub heading: String,
    /// Best level first.
    pub rows: Vec<LevelRow>,
    pub points: Vec<OutcomePoint>,
    /// The rank correlation and AUC, for the subtitle.
    pub summary: String,
}

impl BacktestChart {
    pub fn new(
        thesis: &Thesis,
        data: &Dataset,
        backtest: &Backtest,
        options: &ChartOptions,
    ) -> BacktestChart {
        let mut rows: Vec<LevelRow> = Vec::new();
        let mut points = Vec::new();
        for outcome in backtest.included() {
            let Some(total) = outcome.total else { continue };
            let level = outcome.class.level;
            let event = &outcome.event.event;
            match rows.iter_mut().find(|row| row.level == level) {
                Some(row) if !row.events.contains(event) => row.events.push(event.clone()),
                Some(_) => {}
                None => rows.push(LevelRow {
                    level,
                    events: vec![event.clone()],
                }),
            }
            points.push(OutcomePoint {
                name: data.name(outcome.company).to_string(),
                total,
                level,
                success: outcome.class.success,
            });
        }
        rows.sort_by(|a, b| b.level.total_cmp(&a.level));
        let shown =
            |value: Option<f64>| value.map_or("n/a".to_string(), |value| format!("{value:.2}"));
        BacktestChart {
            heading: options.heading(thesis),
            rows,
            points,
            summary: format!(
                "{} companies; Spearman rho {}, ROC AUC {}",
                backtest.sample(),
                shown(backtest.spearman.value),
                shown(backtest.auc.value)
            ),
        }
    }
}

impl Chart for BacktestChart {
    fn name(&self) -> &str {
        "backtest"
    }

    fn title(&self) -> String {
        format!("{}: score against what happened", self.heading)
    }

    fn description(&self) -> String {
        let successes = self.points.iter().filter(|point| point.success).count();
        format!(
            "Each of {} companies at its total score, in the row of its final outcome (best at the top); \
             {successes} outcomes count as a success. {}.",
            self.points.len(),
            self.summary
        )
    }

    fn draw(&self, canvas: &Canvas, (width, height): (u32, u32)) -> DrawResult {
        let (width, height) = (f64::from(width), f64::from(height));
        let subtitle = format!(
            "Final outcome after the thesis date against total score: {}.",
            self.summary
        );
        header(canvas, &self.heading, &subtitle)?;
        let label = |row: &LevelRow| format!("{} ({})", row.events.join(" / "), row.level);
        let gutter = self
            .rows
            .iter()
            .map(|row| BODY.width(&label(row)))
            .fold(60.0, f64::max)
            .min(width * 0.3);
        let plot = Rect {
            x0: PAD + gutter + 16.0,
            y0: PAD + 70.0,
            x1: width - PAD - 20.0,
            y1: height - PAD - 70.0,
        };
        let range = self
            .points
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), point| {
                (lo.min(point.total), hi.max(point.total))
            });
        let range = if range.0 < range.1 {
            range
        } else {
            (range.0.min(0.0), range.1.max(1.0))
        };
        let to_x = |total: f64| {
            plot.x0 + 12.0 + (total - range.0) / (range.1 - range.0) * (plot.x1 - plot.x0 - 24.0)
        };
        let row_height = (plot.y1 - plot.y0) / self.rows.len().max(1) as f64;
        for tick in ticks(range) {
            let x = to_x(tick);
            line(canvas, (x, plot.y0), (x, plot.y1), GRID)?;
            text(
                canvas,
                &format_tick(tick),
                (x, plot.y1 + 6.0),
                SMALL,
                Align::Center,
            )?;
        }
        let middle = ((plot.x0 + plot.x1) / 2.0, plot.y1 + 24.0);
        text(canvas, "Total score", middle, BODY, Align::Center)?;
        let mut dots: Vec<(Circle, &OutcomePoint)> = Vec::new();
        for (index, row) in self.rows.iter().enumerate() {
            let y = plot.y0 + (index as f64 + 0.5) * row_height;
            line(canvas, (plot.x0, y), (plot.x1, y), GRID)?;
            let name = BODY.fit(&label(row), gutter);
            text(
                canvas,
                &name,
                (plot.x0 - 12.0, y - BODY.size * 0.6),
                BODY,
                Align::Right,
            )?;
            let mut members: Vec<&OutcomePoint> = self
                .points
                .iter()
                .filter(|point| point.level == row.level)
                .collect();
            members.sort_by(|a, b| a.total.total_cmp(&b.total).then(a.name.cmp(&b.name)));
            let mut placed: Vec<Circle> = Vec::new();
            for point in members {
                let circle = stack(&placed, to_x(point.total), y, row_height);
                placed.push(circle);
                dots.push((circle, point));
            }
        }
        let bubbles: Vec<Circle> = dots.iter().map(|(circle, _)| *circle).collect();
        let requests: Vec<LabelRequest> = dots
            .iter()
            .map(|(circle, point)| LabelRequest {
                anchor: *circle,
                width: NOTE.width(&point.name) + 2.0,
                height: NOTE.size * 1.2,
            })
            .collect();
        let placements = place_labels(
            &requests,
            Obstacles {
                bubbles: &bubbles,
                points: &[],
                reserved: &[],
                bounds: plot,
            },
        );
        for ((circle, point), placement) in dots.iter().zip(&placements) {
            if let Some((from, to)) = placement.leader {
                let path = vec![pixel(from), pixel(to)];
                draw(canvas, &PathElement::new(path, MUTED.stroke_width(1)))?;
            }
            let colour = if point.success { SUCCESS } else { FAILURE };
            let centre = pixel((circle.x, circle.y));
            draw(
                canvas,
                &CircleElement::new(centre, RADIUS as i32, colour.filled()),
            )?;
            draw(
                canvas,
                &CircleElement::new(centre, RADIUS as i32, WHITE.stroke_width(1)),
            )?;
            let rect = placement.rect;
            text(
                canvas,
                &point.name,
                (rect.x0 + 1.0, rect.y0),
                NOTE,
                Align::Left,
            )?;
        }
        legend(canvas, (PAD, height - PAD - 18.0))
    }
}

/// The dot for a point at `(x, y)`, moved up or down its row just enough to clear the dots already
/// there.
fn stack(placed: &[Circle], x: f64, y: f64, row_height: f64) -> Circle {
    let step = 2.0 * RADIUS + 1.0;
    let limit = (row_height / 2.0 - RADIUS).max(0.0);
    let mut offsets = vec![0.0];
    let mut k = 1.0;
    while k * step <= limit {
        offsets.extend([-k * step, k * step]);
        k += 1.0;
    }
    let clear = |candidate: &Circle| {
        placed
            .iter()
            .all(|other| (other.x - candidate.x).hypot(other.y - candidate.y) >= step)
    };
    offsets
        .iter()
        .map(|dy| Circle {
            x,
            y: y + dy,
            r: RADIUS,
        })
        .find(clear)
        .unwrap_or(Circle { x, y, r: RADIUS })
}

fn legend(canvas: &Canvas, (x, y): (f64, f64)) -> DrawResult {
    let mut left = x;
    for (colour, name) in [(SUCCESS, "success"), (FAILURE, "not a success")] {
        draw(
            canvas,
            &CircleElement::new(
                pixel((left + RADIUS, y + 7.0)),
                RADIUS as i32,
                colour.filled(),
            ),
        )?;
        text(
            canvas,
            name,
            (left + 2.0 * RADIUS + 6.0, y),
            SMALL,
            Align::Left,
        )?;
        left += 2.0 * RADIUS + 16.0 + SMALL.width(name);
    }
    text(
        canvas,
        "Each company's final event after the thesis date; levels and success from the thesis.",
        (left + 12.0, y),
        SMALL,
        Align::Left,
    )
}
