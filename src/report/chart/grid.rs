//! A grid of circles for label placement: each circle filed by the cells its bounding box touches,
//! so a candidate box is checked only against the circles near it.

use super::shapes::{Circle, Rect};

/// Circles filed by the cells of a grid their bounding boxes touch, so that a box is checked only
/// against the circles near it: the same answers as checking every circle, for every candidate spot
/// of every label among a thousand points.
pub(super) struct CircleGrid<'a> {
    circles: &'a [Circle],
    origin: (f64, f64),
    columns: usize,
    rows: usize,
    /// Per cell, row-major, the indices of the circles touching it.
    cells: Vec<Vec<u32>>,
}

/// The side of a grid cell, in pixels: about a label's height.
const CELL: f64 = 16.0;

impl<'a> CircleGrid<'a> {
    /// A grid over `bounds`; circles and boxes beyond it are filed in its edge cells.
    pub(super) fn new(circles: &'a [Circle], bounds: Rect) -> CircleGrid<'a> {
        let columns = (((bounds.x1 - bounds.x0) / CELL).ceil().max(1.0)) as usize;
        let rows = (((bounds.y1 - bounds.y0) / CELL).ceil().max(1.0)) as usize;
        let mut grid = CircleGrid {
            circles,
            origin: (bounds.x0, bounds.y0),
            columns,
            rows,
            cells: vec![Vec::new(); columns * rows],
        };
        for (index, circle) in circles.iter().enumerate() {
            let reach = Rect {
                x0: circle.x - circle.r,
                y0: circle.y - circle.r,
                x1: circle.x + circle.r,
                y1: circle.y + circle.r,
            };
            let (columns, rows) = grid.cells_under(&reach);
            for row in rows {
                for column in columns.clone() {
                    grid.cells[row * grid.columns + column].push(index as u32);
                }
            }
        }
        grid
    }

    /// The columns and rows of the cells a box touches, clamped to the grid: clamping keeps
    /// overlapping spans overlapping, so nothing near a box is missed.
    fn cells_under(
        &self,
        rect: &Rect,
    ) -> (
        std::ops::RangeInclusive<usize>,
        std::ops::RangeInclusive<usize>,
    ) {
        let cell = |value: f64, origin: f64, count: usize| {
            ((value - origin) / CELL)
                .floor()
                .clamp(0.0, (count - 1) as f64) as usize
        };
        let (x, y) = self.origin;
        (
            cell(rect.x0, x, self.columns)..=cell(rect.x1, x, self.columns),
            cell(rect.y0, y, self.rows)..=cell(rect.y1, y, self.rows),
        )
    }

    /// Whether some circle reaches into the box.
    pub(super) fn any_within(&self, rect: &Rect) -> bool {
        let (columns, rows) = self.cells_under(rect);
        rows.into_iter().any(|row| {
            (self.cells[row * self.columns + columns.start()..=row * self.columns + columns.end()])
                .iter()
                .flatten()
                .any(|&index| rect.intersects_circle(&self.circles[index as usize]))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn circle() -> impl Strategy<Value = Circle> {
        (-50.0..450.0f64, -50.0..350.0f64, 0.0..30.0f64).prop_map(|(x, y, r)| Circle { x, y, r })
    }

    fn rect() -> impl Strategy<Value = Rect> {
        (
            -80.0..480.0f64,
            -80.0..380.0f64,
            0.0..120.0f64,
            0.0..40.0f64,
        )
            .prop_map(|(x, y, width, height)| Rect::new(x, y, width, height))
    }

    proptest! {
        /// The grid answers as checking every circle does, for boxes and circles inside the bounds,
        /// across them and beyond them.
        #[test]
        fn the_grid_finds_exactly_the_circles_every_check_finds(
            circles in proptest::collection::vec(circle(), 0..200),
            rects in proptest::collection::vec(rect(), 1..50),
        ) {
            let grid = CircleGrid::new(&circles, Rect::new(0.0, 0.0, 400.0, 300.0));
            for rect in &rects {
                let every = circles.iter().any(|circle| rect.intersects_circle(circle));
                prop_assert_eq!(grid.any_within(rect), every, "{:?}", rect);
            }
        }
    }
}
