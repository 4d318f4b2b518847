//! Companies too many to draw one by one, drawn as a grid of shaded cells: each cell's shade grows
//! with the logarithm of how many companies fall in it, so a universe of a million companies stays a
//! chart of a few thousand shapes, whatever its size.

use super::layout::Rect;
use super::{Canvas, DrawResult, draw, pixel};
use plotters::element::Rectangle;
use plotters::style::{Color, RGBColor};

/// Cells across and up the plot.
const CELLS: usize = 48;
const SHADE: RGBColor = RGBColor(70, 80, 100);

/// How many of the aggregated companies fall in each cell of the grid over `area`.
#[derive(Debug, Clone, PartialEq)]
pub struct Density {
    area: Rect,
    /// Row-major, `CELLS` by `CELLS`, top row first.
    counts: Vec<u32>,
}

impl Density {
    /// Bins pixel positions into the grid over `area`; positions outside it go to the nearest cell.
    pub fn new(area: Rect, positions: impl Iterator<Item = (f64, f64)>) -> Density {
        let mut counts = vec![0u32; CELLS * CELLS];
        let cell = |value: f64, low: f64, high: f64| {
            let share = (value - low) / (high - low);
            ((share * CELLS as f64).floor().max(0.0) as usize).min(CELLS - 1)
        };
        for (x, y) in positions {
            let column = cell(x, area.x0, area.x1);
            let row = cell(y, area.y0, area.y1);
            counts[row * CELLS + column] += 1;
        }
        Density { area, counts }
    }

    pub fn total(&self) -> u64 {
        self.counts.iter().map(|&count| u64::from(count)).sum()
    }

    /// Each occupied cell's rectangle and its count, top row first.
    pub fn cells(&self) -> impl Iterator<Item = (Rect, u32)> + '_ {
        let width = (self.area.x1 - self.area.x0) / CELLS as f64;
        let height = (self.area.y1 - self.area.y0) / CELLS as f64;
        self.counts
            .iter()
            .enumerate()
            .filter(|(_, count)| **count > 0)
            .map(move |(index, &count)| {
                let (row, column) = (index / CELLS, index % CELLS);
                let x0 = self.area.x0 + column as f64 * width;
                let y0 = self.area.y0 + row as f64 * height;
                (Rect::new(x0, y0, width, height), count)
            })
    }

    /// Shades every occupied cell: one company is faint, the fullest cell is dark.
    pub fn draw(&self, canvas: &Canvas) -> DrawResult {
        let fullest = f64::from(self.counts.iter().copied().max().unwrap_or(0));
        for (rect, count) in self.cells() {
            let share = (1.0 + f64::from(count)).ln() / (1.0 + fullest).ln();
            let corners = [pixel((rect.x0, rect.y0)), pixel((rect.x1, rect.y1))];
            let style = SHADE.mix(0.08 + 0.62 * share).filled();
            draw(canvas, &Rectangle::new(corners, style))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_position_lands_in_one_cell_and_the_cells_tile_the_area() {
        let area = Rect::new(100.0, 50.0, 480.0, 240.0);
        let positions = [
            (100.0, 50.0),
            (100.1, 50.1),
            (579.9, 289.9),
            (580.0, 290.0),
            (10.0, 400.0),
            (340.0, 170.0),
        ];
        let density = Density::new(area, positions.into_iter());
        assert_eq!(density.total(), positions.len() as u64);
        let cells: Vec<(Rect, u32)> = density.cells().collect();
        // The first two share the top-left cell; the far corner and the point past it share the
        // bottom-right one; the point left of and below the area goes to the bottom-left cell.
        assert_eq!(cells.len(), 4);
        assert_eq!(cells[0].1, 2);
        assert_eq!((cells[0].0.x0, cells[0].0.y0), (100.0, 50.0));
        let last = cells.last().unwrap();
        assert_eq!(last.1, 2);
        assert!((last.0.x1 - 580.0).abs() < 1e-9 && (last.0.y1 - 290.0).abs() < 1e-9);
        assert!(
            cells
                .iter()
                .any(|(rect, _)| rect.x0 == 100.0 && (rect.y1 - 290.0).abs() < 1e-9)
        );
    }
}
