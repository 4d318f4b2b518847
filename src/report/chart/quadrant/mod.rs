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
use super::{RowsChart, fed};
use crate::report::{ChartRow, ChartRows};
use crate::thesis::{Quadrant, Thesis};
use plotters::element::{Circle as CircleElement, Rectangle};
use plotters::style::{Color, RGBColor};

mod draw;
mod layout;

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

/// The quadrant being made from the ranked rows.
pub(super) struct QuadrantRows<'t> {
    thesis: &'t Thesis,
    quadrant: &'t Quadrant,
    options: &'t ChartOptions,
    categories: Vec<String>,
    points: Vec<Point>,
    aggregated: Vec<(f64, f64)>,
    unplaced: Vec<String>,
    unplaced_count: usize,
}

impl<'t> QuadrantRows<'t> {
    /// `None` when the thesis has no `[quadrant]`.
    pub(super) fn new(thesis: &'t Thesis, options: &'t ChartOptions) -> Option<QuadrantRows<'t>> {
        Some(QuadrantRows {
            thesis,
            quadrant: thesis.quadrant.as_ref()?,
            options,
            categories: Vec::new(),
            points: Vec::new(),
            aggregated: Vec::new(),
            unplaced: Vec::new(),
            unplaced_count: 0,
        })
    }

    fn chart(self) -> QuadrantChart {
        let (thesis, quadrant) = (self.thesis, self.quadrant);
        let axis = |j: usize, threshold: f64| {
            let criterion = &thesis.criteria[j];
            Axis {
                label: criterion.label.clone(),
                low: criterion.poles[0].clone(),
                high: criterion.poles[1].clone(),
                threshold,
            }
        };
        QuadrantChart {
            heading: self.options.heading(thesis),
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
            categories: self.categories,
            points: self.points,
            aggregated: self.aggregated,
            unplaced: self.unplaced,
            unplaced_count: self.unplaced_count,
        }
    }
}

impl RowsChart for QuadrantRows<'_> {
    fn add(&mut self, row: &ChartRow<'_>) {
        let (quadrant, options) = (self.quadrant, self.options);
        let (Some(x), Some(y)) = (row.scores[quadrant.x], row.scores[quadrant.y]) else {
            if self.unplaced.len() < MAX_UNPLACED_NAMES {
                self.unplaced.push(row.name().to_string());
            }
            self.unplaced_count += 1;
            return;
        };
        let named = || options.label.iter().any(|id| id == row.id());
        if self.points.len() >= MAX_POINTS && !named() {
            self.aggregated.push((x, y));
            return;
        }
        let categories = &mut self.categories;
        let category = match categories.iter().position(|name| name == row.category()) {
            Some(index) => index,
            None => {
                categories.push(row.category().to_string());
                categories.len() - 1
            }
        };
        self.points.push(Point {
            name: row.name().to_string(),
            category,
            x,
            y,
            size: quadrant.size.and_then(|j| row.scores[j]),
            labelled: self.points.len() < options.label_top || named(),
        });
    }

    fn finish(self: Box<Self>) -> Box<dyn Chart> {
        Box::new(self.chart())
    }
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
        rows: &dyn ChartRows,
        options: &ChartOptions,
    ) -> Option<QuadrantChart> {
        Some(fed(QuadrantRows::new(thesis, options)?, rows).chart())
    }

    pub fn points(&self) -> &[Point] {
        &self.points
    }

    pub fn unplaced(&self) -> &[String] {
        &self.unplaced
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
