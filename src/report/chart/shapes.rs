//! The shapes charts are laid out with: axis-aligned boxes and circles, in pixels.

/// An axis-aligned box in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Circle {
    pub x: f64,
    pub y: f64,
    pub r: f64,
}

impl Rect {
    pub fn new(x0: f64, y0: f64, width: f64, height: f64) -> Rect {
        Rect {
            x0,
            y0,
            x1: x0 + width,
            y1: y0 + height,
        }
    }

    pub fn intersects(&self, other: &Rect) -> bool {
        self.x0 < other.x1 && other.x0 < self.x1 && self.y0 < other.y1 && other.y0 < self.y1
    }

    pub fn intersects_circle(&self, circle: &Circle) -> bool {
        let nearest_x = circle.x.clamp(self.x0, self.x1);
        let nearest_y = circle.y.clamp(self.y0, self.y1);
        let (dx, dy) = (circle.x - nearest_x, circle.y - nearest_y);
        dx * dx + dy * dy < circle.r * circle.r
    }

    pub fn contains(&self, other: &Rect) -> bool {
        other.x0 >= self.x0 && other.x1 <= self.x1 && other.y0 >= self.y0 && other.y1 <= self.y1
    }

    /// Whether the segment from `a` to `b` passes through the box.
    pub fn crosses_segment(&self, a: (f64, f64), b: (f64, f64)) -> bool {
        const STEPS: usize = 24;
        (0..=STEPS).any(|step| {
            let t = step as f64 / STEPS as f64;
            let (x, y) = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
            x > self.x0 && x < self.x1 && y > self.y0 && y < self.y1
        })
    }

    pub(super) fn nearest_point(&self, x: f64, y: f64) -> (f64, f64) {
        (x.clamp(self.x0, self.x1), y.clamp(self.y0, self.y1))
    }
}
