//! Where the quadrant's parts go: the plot square, the side panel of names, and each point's
//! position and size in pixels.

use super::*;

impl QuadrantChart {
    pub(super) fn panel_width(&self, width: f64) -> f64 {
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
}

impl QuadrantLayout {
    pub(super) fn to_pixels(&self, x: f64, y: f64) -> (f64, f64) {
        let fraction = |value: f64, (lo, hi): (f64, f64)| (value - lo) / (hi - lo);
        (
            self.data.x0 + fraction(x, self.range.x) * (self.data.x1 - self.data.x0),
            self.data.y1 - fraction(y, self.range.y) * (self.data.y1 - self.data.y0),
        )
    }

    /// The radius that gives a bubble an area in proportion to its size value (a missing size gets
    /// the middle area); the smallest bubble keeps a tenth of the largest area so it stays visible.
    pub(super) fn radius(&self, size: Option<f64>) -> f64 {
        let (lo, hi) = self.range.size;
        let share = match size {
            Some(value) => (value - lo) / (hi - lo),
            None => 0.5,
        };
        self.largest_radius * (0.1 + 0.9 * share).sqrt()
    }
}
