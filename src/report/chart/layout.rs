//! Label placement for scatter charts: each label, in priority order, takes the nearest free spot
//! around its bubble that overlaps no other label, no bubble and no reserved box, and stays inside
//! the plot. A label that had to move away from its bubble gets a leader line.

use super::grid::CircleGrid;
pub use super::shapes::{Circle, Rect};

/// One label to place next to its bubble.
#[derive(Debug, Clone, Copy)]
pub struct LabelRequest {
    pub anchor: Circle,
    pub width: f64,
    pub height: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    pub rect: Rect,
    /// From the bubble's edge to the label, when the label is not beside its bubble.
    pub leader: Option<((f64, f64), (f64, f64))>,
}

/// Free space kept between a label and anything else.
const GAP: f64 = 2.0;
/// How far apart the rings of candidate positions are.
const RING_STEP: f64 = 9.0;

/// What labels must keep clear of.
#[derive(Debug, Clone, Copy)]
pub struct Obstacles<'a> {
    /// Never covered.
    pub bubbles: &'a [Circle],
    /// Kept clear when some spot allows it (the unlabelled points of a crowded chart).
    pub points: &'a [Circle],
    /// Never covered (the quadrant names).
    pub reserved: &'a [Rect],
    /// Labels stay inside.
    pub bounds: Rect,
}

/// Places the labels in order (earlier ones get the better spots), avoiding each other and the
/// obstacles. Returns one placement per request.
pub fn place_labels(requests: &[LabelRequest], obstacles: Obstacles) -> Vec<Placement> {
    let Obstacles {
        bubbles,
        points,
        reserved,
        bounds,
    } = obstacles;
    let (bubbles, points) = (
        CircleGrid::new(bubbles, bounds),
        CircleGrid::new(points, bounds),
    );
    let mut placed: Vec<Rect> = Vec::with_capacity(requests.len());
    let mut leaders: Vec<((f64, f64), (f64, f64))> = Vec::new();
    let reach = (bounds.x1 - bounds.x0).max(bounds.y1 - bounds.y0);
    let mut placements = Vec::with_capacity(requests.len());
    for request in requests {
        // Each pass gives up one nicety: first clear of points and leader lines, then over points,
        // then also across other leader lines. Labels and bubbles are never covered.
        let free = |rect: &Rect, leader: Option<((f64, f64), (f64, f64))>, pass: usize| {
            let padded = Rect {
                x0: rect.x0 - GAP,
                y0: rect.y0 - GAP,
                x1: rect.x1 + GAP,
                y1: rect.y1 + GAP,
            };
            let clear = bounds.contains(rect)
                && !placed.iter().any(|other| other.intersects(&padded))
                && !reserved.iter().any(|other| other.intersects(&padded))
                && !bubbles.any_within(&padded);
            let over_points = pass == 0 && points.any_within(&padded);
            let across_leaders = pass < 2
                && (leaders.iter().any(|&(a, b)| padded.crosses_segment(a, b))
                    || leader.is_some_and(|(a, b)| {
                        placed.iter().any(|other| other.crosses_segment(a, b))
                    }));
            clear && !over_points && !across_leaders
        };
        let mut chosen = None;
        for pass in 0..3 {
            for (rect, ring) in candidates(request, reach) {
                let leader = (ring > 0).then(|| leader_for(&request.anchor, &rect));
                if free(&rect, leader, pass) {
                    chosen = Some(Placement { rect, leader });
                    break;
                }
            }
            if chosen.is_some() {
                break;
            }
        }
        let placement = chosen.unwrap_or_else(|| {
            let rect = beside(request, 0.0);
            Placement { rect, leader: None }
        });
        placed.push(placement.rect);
        if let Some(leader) = placement.leader {
            leaders.push(leader);
        }
        placements.push(placement);
    }
    placements
}

/// The box right of the bubble, vertically centred, `extra` pixels further out.
fn beside(request: &LabelRequest, extra: f64) -> Rect {
    let anchor = request.anchor;
    Rect::new(
        anchor.x + anchor.r + GAP + 1.0 + extra,
        anchor.y - request.height / 2.0,
        request.width,
        request.height,
    )
}

/// Candidate boxes, nearest first: the eight spots touching the bubble (ring 0), then rings of
/// spots further out, each box touching its spot with the side facing the bubble.
fn candidates(request: &LabelRequest, reach: f64) -> impl Iterator<Item = (Rect, usize)> + '_ {
    let LabelRequest {
        anchor,
        width,
        height,
    } = *request;
    let touching = anchor.r + GAP + 1.0;
    let diagonal = touching * std::f64::consts::FRAC_1_SQRT_2;
    let ring_zero = [
        (anchor.x + touching, anchor.y - height / 2.0),
        (anchor.x - touching - width, anchor.y - height / 2.0),
        (anchor.x - width / 2.0, anchor.y - touching - height),
        (anchor.x - width / 2.0, anchor.y + touching),
        (anchor.x + diagonal, anchor.y - diagonal - height),
        (anchor.x + diagonal, anchor.y + diagonal),
        (anchor.x - diagonal - width, anchor.y - diagonal - height),
        (anchor.x - diagonal - width, anchor.y + diagonal),
    ]
    .into_iter()
    .map(move |(x0, y0)| (Rect::new(x0, y0, width, height), 0));
    let rings = (1..)
        .map(move |ring| (ring, touching + ring as f64 * RING_STEP))
        .take_while(move |&(_, distance)| distance <= reach)
        .flat_map(move |(ring, distance)| {
            let spots = 16 + 4 * ring;
            (0..spots).map(move |spot| {
                let angle = std::f64::consts::TAU * spot as f64 / spots as f64;
                let (cos, sin) = (angle.cos(), angle.sin());
                let (x, y) = (anchor.x + distance * cos, anchor.y + distance * sin);
                let x0 = x - width / 2.0 + cos * width / 2.0;
                let y0 = y - height / 2.0 + sin * height / 2.0;
                (Rect::new(x0, y0, width, height), ring)
            })
        });
    ring_zero.chain(rings)
}

fn leader_for(anchor: &Circle, rect: &Rect) -> ((f64, f64), (f64, f64)) {
    let (tx, ty) = rect.nearest_point(anchor.x, anchor.y);
    let (dx, dy) = (tx - anchor.x, ty - anchor.y);
    let length = (dx * dx + dy * dy).sqrt().max(f64::EPSILON);
    let start = (
        anchor.x + dx / length * anchor.r,
        anchor.y + dy / length * anchor.r,
    );
    (start, (tx, ty))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bounds() -> Rect {
        Rect::new(0.0, 0.0, 400.0, 300.0)
    }

    fn request(x: f64, y: f64, r: f64) -> LabelRequest {
        LabelRequest {
            anchor: Circle { x, y, r },
            width: 60.0,
            height: 14.0,
        }
    }

    fn obstacles<'a>(
        bubbles: &'a [Circle],
        points: &'a [Circle],
        reserved: &'a [Rect],
    ) -> Obstacles<'a> {
        Obstacles {
            bubbles,
            points,
            reserved,
            bounds: bounds(),
        }
    }

    fn assert_no_overlaps(placements: &[Placement], bubbles: &[Circle]) {
        for (i, a) in placements.iter().enumerate() {
            assert!(bounds().contains(&a.rect), "label {i} leaves the plot");
            for (j, b) in placements.iter().enumerate().skip(i + 1) {
                assert!(!a.rect.intersects(&b.rect), "labels {i} and {j} overlap");
            }
            for (k, bubble) in bubbles.iter().enumerate() {
                assert!(
                    !a.rect.intersects_circle(bubble),
                    "label {i} covers bubble {k}"
                );
            }
        }
    }

    #[test]
    fn a_lone_label_sits_right_of_its_bubble_without_a_leader() {
        let requests = [request(100.0, 100.0, 10.0)];
        let bubbles = [requests[0].anchor];
        let placements = place_labels(&requests, obstacles(&bubbles, &[], &[]));
        assert_eq!(placements[0].leader, None);
        assert_eq!(placements[0].rect.x0, 113.0);
        assert_eq!(placements[0].rect.y0, 93.0);
    }

    #[test]
    fn a_label_at_the_right_edge_goes_left() {
        let requests = [request(380.0, 100.0, 10.0)];
        let bubbles = [requests[0].anchor];
        let placements = place_labels(&requests, obstacles(&bubbles, &[], &[]));
        assert!(placements[0].rect.x1 < 370.0, "{:?}", placements[0]);
        assert_no_overlaps(&placements, &bubbles);
    }

    #[test]
    fn coincident_bubbles_get_separate_labels_with_leaders() {
        let requests: Vec<LabelRequest> = (0..6).map(|_| request(200.0, 150.0, 12.0)).collect();
        let bubbles: Vec<Circle> = requests.iter().map(|r| r.anchor).collect();
        let placements = place_labels(&requests, obstacles(&bubbles, &[], &[]));
        assert_no_overlaps(&placements, &bubbles);
        assert!(placements.iter().any(|p| p.leader.is_some()));
    }

    #[test]
    fn reserved_boxes_are_avoided() {
        let reserved = [Rect::new(105.0, 80.0, 120.0, 40.0)];
        let requests = [request(100.0, 100.0, 4.0)];
        let placements = place_labels(&requests, obstacles(&[requests[0].anchor], &[], &reserved));
        assert!(!placements[0].rect.intersects(&reserved[0]));
    }

    #[test]
    fn a_crowded_grid_of_bubbles_keeps_every_label_clear() {
        let mut requests = Vec::new();
        for row in 0..5 {
            for column in 0..5 {
                requests.push(request(
                    40.0 + column as f64 * 70.0,
                    40.0 + row as f64 * 50.0,
                    6.0,
                ));
            }
        }
        let bubbles: Vec<Circle> = requests.iter().map(|r| r.anchor).collect();
        let placements = place_labels(&requests, obstacles(&bubbles, &[], &[]));
        assert_no_overlaps(&placements, &bubbles);
    }

    #[test]
    fn points_are_avoided_when_possible_and_covered_when_not() {
        let requests = [request(100.0, 100.0, 5.0)];
        let bubbles = [requests[0].anchor];
        let beside = [Circle {
            x: 140.0,
            y: 100.0,
            r: 3.0,
        }];
        let placements = place_labels(&requests, obstacles(&bubbles, &beside, &[]));
        assert!(!placements[0].rect.intersects_circle(&beside[0]));
        let everywhere: Vec<Circle> = (0..40)
            .flat_map(|i| {
                (0..30).map(move |j| Circle {
                    x: i as f64 * 10.0,
                    y: j as f64 * 10.0,
                    r: 3.0,
                })
            })
            .collect();
        let placements = place_labels(&requests, obstacles(&bubbles, &everywhere, &[]));
        assert_no_overlaps(&placements, &bubbles);
        assert_eq!(placements[0].leader, None);
    }

    #[test]
    fn geometry_predicates() {
        let rect = Rect::new(0.0, 0.0, 10.0, 10.0);
        let cases = [
            (
                Circle {
                    x: 15.0,
                    y: 5.0,
                    r: 4.0,
                },
                false,
            ),
            (
                Circle {
                    x: 15.0,
                    y: 5.0,
                    r: 6.0,
                },
                true,
            ),
            (
                Circle {
                    x: 5.0,
                    y: 5.0,
                    r: 1.0,
                },
                true,
            ),
            (
                Circle {
                    x: 13.0,
                    y: 14.0,
                    r: 5.0,
                },
                false,
            ),
        ];
        for (circle, expected) in cases {
            assert_eq!(rect.intersects_circle(&circle), expected, "{circle:?}");
        }
        assert!(rect.intersects(&Rect::new(9.0, 9.0, 5.0, 5.0)));
        assert!(!rect.intersects(&Rect::new(10.0, 0.0, 5.0, 5.0)));
        assert!(rect.crosses_segment((-5.0, 5.0), (15.0, 5.0)));
        assert!(!rect.crosses_segment((-5.0, 15.0), (15.0, 15.0)));
    }
}
