//! The 2x2 quadrant: the thesis's two axis lenses across and up, the pole names at the ends of each
//! axis, the four quadrant names in the corners and the thresholds between them. Bubble area shows the
//! size lens (category momentum), colour the category. Every labelled company's name is placed clear
//! of every other label and bubble; the rest, past `label_top`, are drawn as points, and past
//! [`MAX_POINTS`] as a shaded density grid, so the chart stays small at a million companies.

use super::axis::{format_tick, ticks};
use super::density::Density;
use super::layout::{Circle, LabelRequest, Obstacles, Placement, Rect, place_labels};
use super::{
    Align, BODY, BODY_BOLD, CORNER, Canvas, Chart, ChartOptions, DrawResult, GRID, MUTED, NOTE,
    PAD, RULE, SECTION, SMALL, WHITE, dashed, draw, group_colors, header, line, pixel, text,
    text_upwards,
};
use crate::report::ScoreTable;
use crate::thesis::Thesis;
use plotters::element::{Circle as CircleElement, Rectangle};
use plotters::style::{Color, RGBColor};

const POINT_RADIUS: f64 = 3.0;
/// The best-ranked companies drawn one by one (those named by `--label` always are); the rest are
/// counted in a density grid.
pub const MAX_POINTS: usize = 1_000;
/// Names of unplaced companies kept for the panel, which has room for fewer.
const MAX_UNPLACED_NAMES: usize = 100;
const BACKDROP: RGBColor = RGBColor(252, 252, 250);

#[derive(Debug, Clone, PartialEq)]
pub struct QuadrantChart {
    heading: String,
    as_of: String,
    x_axis: Axis,
    y_axis: Axis,
    /// Top left, top right, bottom left, bottom right.
    corners: [String; 4],
    size_label: Option<String>,
    categories: Vec<String>,
    /// Companies with both axis scores, best first, up to [`MAX_POINTS`].
    points: Vec<Point>,
    /// The axis scores of the placed companies past [`MAX_POINTS`], drawn as a density grid.
    aggregated: Vec<(f64, f64)>,
    /// Names of the first ranked companies missing an axis score, up to [`MAX_UNPLACED_NAMES`].
    unplaced: Vec<String>,
    /// How many ranked companies miss an axis score.
    unplaced_count: usize,
}

#[derive(Debug, Clone, PartialEq)]
struct Axis {
    label: String,
    low: String,
    high: String,
    threshold: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub name: String,
    category: usize,
    x: f64,
    y: f64,
    size: Option<f64>,
    pub labelled: bool,
}

/// Where everything goes on a canvas of a given size: shared by drawing and by the tests.
#[derive(Debug, Clone, PartialEq)]
pub struct QuadrantLayout {
    pub plot: Rect,
    /// One per point, in point order (best first).
    pub bubbles: Vec<Circle>,
    /// The labelled points and where their labels go, clear of each other, of every labelled
    /// bubble and of the quadrant names; unlabelled points are kept clear where there is room.
    pub labels: Vec<(usize, Placement)>,
    /// The quadrant names' boxes.
    pub corners: Vec<Rect>,
    /// The companies past [`MAX_POINTS`], counted by cell.
    pub density: Density,
    data: Rect,
    range: Ranges,
    largest_radius: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Ranges {
    x: (f64, f64),
    y: (f64, f64),
    size: (f64, f64),
}

impl QuadrantChart {
    /// `None` when the thesis has no `[quadrant]`.
    pub fn new(
        thesis: &Thesis,
        table: &ScoreTable,
        options: &ChartOptions,
    ) -> Option<QuadrantChart> {
        let quadrant = thesis.quadrant.as_ref()?;
        let axis = |j: usize, threshold: f64| {
            let criterion = &thesis.criteria[j];
            Axis {
                label: criterion.label.clone(),
                low: criterion.poles[0].clone(),
                high: criterion.poles[1].clone(),
                threshold,
            }
        };
        let mut categories: Vec<String> = Vec::new();
        let mut points = Vec::new();
        let mut aggregated = Vec::new();
        let mut unplaced = Vec::new();
        let mut unplaced_count = 0;
        for row in &table.rows {
            let (Some(x), Some(y)) = (
                row.criteria[quadrant.x].score,
                row.criteria[quadrant.y].score,
            ) else {
                if unplaced.len() < MAX_UNPLACED_NAMES {
                    unplaced.push(row.name.clone());
                }
                unplaced_count += 1;
                continue;
            };
            if points.len() >= MAX_POINTS && !options.label.contains(&row.id) {
                aggregated.push((x, y));
                continue;
            }
            let category = match categories.iter().position(|name| *name == row.category) {
                Some(index) => index,
                None => {
                    categories.push(row.category.clone());
                    categories.len() - 1
                }
            };
            points.push(Point {
                name: row.name.clone(),
                category,
                x,
                y,
                size: quadrant.size.and_then(|j| row.criteria[j].score),
                labelled: points.len() < options.label_top || options.label.contains(&row.id),
            });
        }
        Some(QuadrantChart {
            heading: options.heading(thesis),
            as_of: thesis.as_of.clone(),
            x_axis: axis(quadrant.x, quadrant.x_threshold),
            y_axis: axis(quadrant.y, quadrant.y_threshold),
            corners: [
                quadrant.top_left.clone(),
                quadrant.top_right.clone(),
                quadrant.bottom_left.clone(),
                quadrant.bottom_right.clone(),
            ],
            size_label: quadrant.size.map(|j| thesis.criteria[j].label.clone()),
            categories,
            points,
            aggregated,
            unplaced,
            unplaced_count,
        })
    }

    pub fn points(&self) -> &[Point] {
        &self.points
    }

    pub fn unplaced(&self) -> &[String] {
        &self.unplaced
    }

    fn panel_width(&self, width: f64) -> f64 {
        let widest = self
            .categories
            .iter()
            .chain(&self.unplaced)
            .map(|name| BODY.width(name))
            .fold(150.0, f64::max);
        (widest + 30.0).min(width * 0.28)
    }

    /// Places the plot, the bubbles, the quadrant names and every label on a canvas of `size`.
    pub fn layout(&self, (width, height): (u32, u32)) -> QuadrantLayout {
        let (width, height) = (f64::from(width), f64::from(height));
        let panel = self.panel_width(width);
        let plot = Rect {
            x0: PAD + 64.0,
            y0: PAD + 64.0,
            x1: width - PAD - panel - 24.0,
            y1: height - PAD - 56.0,
        };
        let largest_radius = ((plot.x1 - plot.x0).min(plot.y1 - plot.y0) * 0.045).clamp(6.0, 30.0);
        let band = CORNER.size * 1.2 + 10.0;
        let inset = largest_radius + 6.0;
        let data = Rect {
            x0: plot.x0 + inset,
            y0: plot.y0 + band + inset,
            x1: plot.x1 - inset,
            y1: plot.y1 - band - inset,
        };
        let span = |values: &mut dyn Iterator<Item = f64>, threshold: f64| {
            values.fold((threshold.min(0.0), threshold.max(1.0)), |(lo, hi), v| {
                (lo.min(v), hi.max(v))
            })
        };
        let xs = self.points.iter().map(|p| p.x);
        let ys = self.points.iter().map(|p| p.y);
        let range = Ranges {
            x: span(
                &mut xs.chain(self.aggregated.iter().map(|a| a.0)),
                self.x_axis.threshold,
            ),
            y: span(
                &mut ys.chain(self.aggregated.iter().map(|a| a.1)),
                self.y_axis.threshold,
            ),
            size: span(&mut self.points.iter().filter_map(|p| p.size), 0.0),
        };
        let mut layout = QuadrantLayout {
            plot,
            bubbles: Vec::new(),
            labels: Vec::new(),
            corners: Vec::new(),
            density: Density::new(data, std::iter::empty()),
            data,
            range,
            largest_radius,
        };
        layout.bubbles = self
            .points
            .iter()
            .map(|point| {
                let (x, y) = layout.to_pixels(point.x, point.y);
                let r = if point.labelled {
                    layout.radius(point.size)
                } else {
                    POINT_RADIUS
                };
                Circle { x, y, r }
            })
            .collect();
        let positions = self.aggregated.iter().map(|&(x, y)| layout.to_pixels(x, y));
        layout.density = Density::new(data, positions);
        let corner_height = CORNER.size * 1.2;
        let [top_left, top_right, bottom_left, bottom_right] = &self.corners;
        layout.corners = [
            (top_left, false, true),
            (top_right, true, true),
            (bottom_left, false, false),
            (bottom_right, true, false),
        ]
        .map(|(name, right, top)| {
            let width = CORNER.width(name);
            let x0 = if right {
                plot.x1 - 6.0 - width
            } else {
                plot.x0 + 6.0
            };
            let y0 = if top {
                plot.y0 + 5.0
            } else {
                plot.y1 - 5.0 - corner_height
            };
            Rect::new(x0, y0, width, corner_height)
        })
        .to_vec();
        let labelled: Vec<usize> = (0..self.points.len())
            .filter(|&index| self.points[index].labelled)
            .collect();
        let requests: Vec<LabelRequest> = labelled
            .iter()
            .map(|&index| LabelRequest {
                anchor: layout.bubbles[index],
                width: BODY.width(&self.points[index].name) + 2.0,
                height: BODY.size * 1.2,
            })
            .collect();
        let circles = |labelled: bool| -> Vec<Circle> {
            (self.points.iter().zip(&layout.bubbles))
                .filter(|(point, _)| point.labelled == labelled)
                .map(|(_, bubble)| *bubble)
                .collect()
        };
        let (bubbles, points) = (circles(true), circles(false));
        let obstacles = Obstacles {
            bubbles: &bubbles,
            points: &points,
            reserved: &layout.corners,
            bounds: plot,
        };
        let placements = place_labels(&requests, obstacles);
        layout.labels = labelled.into_iter().zip(placements).collect();
        layout
    }

    fn draw_axes(&self, canvas: &Canvas, layout: &QuadrantLayout) -> DrawResult {
        let plot = layout.plot;
        for tick in ticks(layout.range.x) {
            let (x, _) = layout.to_pixels(tick, layout.range.y.0);
            line(canvas, (x, plot.y0), (x, plot.y1), GRID)?;
            let label = format_tick(tick);
            text(canvas, &label, (x, plot.y1 + 6.0), SMALL, Align::Center)?;
        }
        for tick in ticks(layout.range.y) {
            let (_, y) = layout.to_pixels(layout.range.x.0, tick);
            line(canvas, (plot.x0, y), (plot.x1, y), GRID)?;
            let label = format_tick(tick);
            text(
                canvas,
                &label,
                (plot.x0 - 6.0, y - SMALL.size * 0.6),
                SMALL,
                Align::Right,
            )?;
        }
        let (threshold_x, threshold_y) =
            layout.to_pixels(self.x_axis.threshold, self.y_axis.threshold);
        dashed(canvas, (threshold_x, plot.y0), (threshold_x, plot.y1))?;
        dashed(canvas, (plot.x0, threshold_y), (plot.x1, threshold_y))?;
        let frame = Rectangle::new([pixel((plot.x0, plot.y0)), pixel((plot.x1, plot.y1))], RULE);
        draw(canvas, &frame)?;
        for (name, rect) in self.corners.iter().zip(&layout.corners) {
            text(canvas, name, (rect.x0, rect.y0), CORNER, Align::Left)?;
        }
        let below = plot.y1 + 26.0;
        let x_axis = &self.x_axis;
        text(
            canvas,
            &format!("← {}", x_axis.low),
            (plot.x0, below),
            BODY_BOLD,
            Align::Left,
        )?;
        text(
            canvas,
            &format!("{} →", x_axis.high),
            (plot.x1, below),
            BODY_BOLD,
            Align::Right,
        )?;
        text(
            canvas,
            &x_axis.label,
            ((plot.x0 + plot.x1) / 2.0, below),
            BODY,
            Align::Center,
        )?;
        let beside = PAD + 14.0;
        let y_axis = &self.y_axis;
        text_upwards(
            canvas,
            &format!("← {}", y_axis.low),
            (beside, plot.y1),
            BODY_BOLD,
            Align::Left,
        )?;
        text_upwards(
            canvas,
            &format!("{} →", y_axis.high),
            (beside, plot.y0),
            BODY_BOLD,
            Align::Right,
        )?;
        text_upwards(
            canvas,
            &y_axis.label,
            (beside, (plot.y0 + plot.y1) / 2.0),
            BODY,
            Align::Center,
        )
    }

    fn draw_points(&self, canvas: &Canvas, layout: &QuadrantLayout) -> DrawResult {
        layout.density.draw(canvas)?;
        let colors = group_colors(self.categories.len());
        let circle = |bubble: &Circle, color: RGBColor, filled: bool| {
            let radius = bubble.r.round().max(1.0) as u32;
            let style = if filled {
                color.mix(0.72).filled()
            } else {
                color.stroke_width(1)
            };
            draw(
                canvas,
                &CircleElement::new(pixel((bubble.x, bubble.y)), radius, style),
            )
        };
        for (point, bubble) in self.points.iter().zip(&layout.bubbles).rev() {
            if !point.labelled {
                circle(bubble, colors[point.category], true)?;
            }
        }
        for (point, bubble) in self.points.iter().zip(&layout.bubbles).rev() {
            if point.labelled {
                circle(bubble, colors[point.category], true)?;
                circle(bubble, WHITE, false)?;
            }
        }
        for (index, placement) in &layout.labels {
            if let Some((from, to)) = placement.leader {
                line(canvas, from, to, MUTED)?;
            }
            let rect = placement.rect;
            let corners = [pixel((rect.x0, rect.y0)), pixel((rect.x1, rect.y1))];
            draw(
                canvas,
                &Rectangle::new(corners, BACKDROP.mix(0.85).filled()),
            )?;
            text(
                canvas,
                &self.points[*index].name,
                (rect.x0 + 1.0, rect.y0),
                BODY,
                Align::Left,
            )?;
        }
        Ok(())
    }

    fn draw_panel(&self, canvas: &Canvas, layout: &QuadrantLayout, height: f64) -> DrawResult {
        let left = layout.plot.x1 + 24.0;
        let bottom = height - PAD;
        let mut y = layout.plot.y0;
        let colors = group_colors(self.categories.len());
        text(canvas, "Category", (left, y), SECTION, Align::Left)?;
        y += 22.0;
        for (name, color) in self.categories.iter().zip(colors) {
            let swatch =
                CircleElement::new(pixel((left + 6.0, y + 7.0)), 6, color.mix(0.72).filled());
            draw(canvas, &swatch)?;
            text(canvas, name, (left + 18.0, y), BODY, Align::Left)?;
            y += 19.0;
        }
        if let Some(size_label) = &self.size_label {
            y += 14.0;
            text(canvas, "Bubble area", (left, y), SECTION, Align::Left)?;
            y += 18.0;
            text(canvas, size_label, (left, y), NOTE, Align::Left)?;
            y += 20.0;
            let (lo, hi) = layout.range.size;
            for value in [hi, (lo + hi) / 2.0, lo] {
                let r = layout.radius(Some(value));
                let center = pixel((left + layout.largest_radius, y + r));
                draw(
                    canvas,
                    &CircleElement::new(center, r.round() as u32, MUTED.stroke_width(1)),
                )?;
                let label = format_tick(value);
                let x = left + 2.0 * layout.largest_radius + 10.0;
                text(canvas, &label, (x, y + r - 7.0), BODY, Align::Left)?;
                y += 2.0 * r + 6.0;
            }
        }
        let unlabelled = self.points.iter().filter(|point| !point.labelled).count();
        if unlabelled > 0 {
            y += 14.0;
            let note = format!("{unlabelled} more drawn as points");
            text(canvas, &note, (left, y), NOTE, Align::Left)?;
            y += 18.0;
        }
        if !self.aggregated.is_empty() {
            let note = format!("{} more as shaded cells", self.aggregated.len());
            text(canvas, &note, (left, y), NOTE, Align::Left)?;
            y += 16.0;
            text(canvas, "(darker holds more)", (left, y), NOTE, Align::Left)?;
            y += 18.0;
        }
        if !self.unplaced.is_empty() {
            y += 14.0;
            text(canvas, "Not placed", (left, y), SECTION, Align::Left)?;
            y += 18.0;
            text(
                canvas,
                "(no evidence on an axis)",
                (left, y),
                NOTE,
                Align::Left,
            )?;
            y += 20.0;
            let room = ((bottom - y) / 17.0).floor().max(0.0) as usize;
            let shown = if self.unplaced_count <= room {
                self.unplaced_count
            } else {
                room.saturating_sub(1)
            };
            for name in &self.unplaced[..shown] {
                text(canvas, name, (left, y), BODY, Align::Left)?;
                y += 17.0;
            }
            if shown < self.unplaced_count {
                let more = format!("… and {} more", self.unplaced_count - shown);
                text(canvas, &more, (left, y), NOTE, Align::Left)?;
            }
        }
        Ok(())
    }

    fn count_in(&self, right: bool, up: bool) -> usize {
        let points = self.points.iter().map(|point| (point.x, point.y));
        points
            .chain(self.aggregated.iter().copied())
            .filter(|(x, y)| {
                (*x >= self.x_axis.threshold) == right && (*y >= self.y_axis.threshold) == up
            })
            .count()
    }

    /// How many companies the chart places, drawn or counted in the density grid.
    fn placed(&self) -> usize {
        self.points.len() + self.aggregated.len()
    }
}

impl QuadrantLayout {
    fn to_pixels(&self, x: f64, y: f64) -> (f64, f64) {
        let fraction = |value: f64, (lo, hi): (f64, f64)| (value - lo) / (hi - lo);
        (
            self.data.x0 + fraction(x, self.range.x) * (self.data.x1 - self.data.x0),
            self.data.y1 - fraction(y, self.range.y) * (self.data.y1 - self.data.y0),
        )
    }

    /// The radius that gives a bubble an area in proportion to its size value (a missing size gets
    /// the middle area); the smallest bubble keeps a tenth of the largest area so it stays visible.
    fn radius(&self, size: Option<f64>) -> f64 {
        let (lo, hi) = self.range.size;
        let share = match size {
            Some(value) => (value - lo) / (hi - lo),
            None => 0.5,
        };
        self.largest_radius * (0.1 + 0.9 * share).sqrt()
    }
}

impl Chart for QuadrantChart {
    fn name(&self) -> &str {
        "quadrant"
    }

    fn title(&self) -> String {
        format!(
            "{}: {} against {}",
            self.heading, self.y_axis.label, self.x_axis.label
        )
    }

    fn description(&self) -> String {
        let size = match &self.size_label {
            Some(label) => format!("bubble area shows {label}, colour shows the category"),
            None => "colour shows the category".to_string(),
        };
        let [top_left, top_right, bottom_left, bottom_right] = &self.corners;
        format!(
            "{} companies placed by {} across ({} to {}, threshold {}) and {} up ({} to {}, threshold {}); {size}. \
             {top_right}: {}; {top_left}: {}; {bottom_right}: {}; {bottom_left}: {}.{}",
            self.placed(),
            self.x_axis.label,
            self.x_axis.low,
            self.x_axis.high,
            format_tick(self.x_axis.threshold),
            self.y_axis.label,
            self.y_axis.low,
            self.y_axis.high,
            format_tick(self.y_axis.threshold),
            self.count_in(true, true),
            self.count_in(false, true),
            self.count_in(true, false),
            self.count_in(false, false),
            match self.unplaced_count {
                0 => String::new(),
                count => format!(" {count} not placed for lack of evidence."),
            }
        )
    }

    fn draw(&self, canvas: &Canvas, size: (u32, u32)) -> DrawResult {
        let layout = self.layout(size);
        let subtitle = format!(
            "{} against {}, thesis as of {}. {} companies placed.",
            self.y_axis.label,
            self.x_axis.label,
            self.as_of,
            self.placed()
        );
        header(canvas, &self.heading, &subtitle)?;
        let plot = layout.plot;
        let corners = [pixel((plot.x0, plot.y0)), pixel((plot.x1, plot.y1))];
        draw(canvas, &Rectangle::new(corners, BACKDROP.filled()))?;
        self.draw_axes(canvas, &layout)?;
        self.draw_points(canvas, &layout)?;
        self.draw_panel(canvas, &layout, f64::from(size.1))
    }
}
