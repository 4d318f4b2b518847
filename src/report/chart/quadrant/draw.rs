//! Drawing the quadrant on a laid-out canvas: the axes and pole names, the points with their
//! labels, and the panel of the names that did not fit.

use super::*;

impl QuadrantChart {
    pub(super) fn draw_axes(&self, canvas: &Canvas, layout: &QuadrantLayout) -> DrawResult {
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

    pub(super) fn draw_points(&self, canvas: &Canvas, layout: &QuadrantLayout) -> DrawResult {
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

    pub(super) fn draw_panel(
        &self,
        canvas: &Canvas,
        layout: &QuadrantLayout,
        height: f64,
    ) -> DrawResult {
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

    pub(super) fn count_in(&self, right: bool, up: bool) -> usize {
        let points = self.points.iter().map(|point| (point.x, point.y));
        points
            .chain(self.aggregated.iter().copied())
            .filter(|(x, y)| {
                (*x >= self.x_axis.threshold) == right && (*y >= self.y_axis.threshold) == up
            })
            .count()
    }

    /// How many companies the chart places, drawn or counted in the density grid.
    pub(super) fn placed(&self) -> usize {
        self.points.len() + self.aggregated.len()
    }
}
