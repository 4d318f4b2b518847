//! Tests of `evaluate`.

use super::*;

#[test]
fn hit_policies_against_hand_computed_values() {
    let cases: &[(HitPolicy, &[f64], Option<f64>)] = &[
        (HitPolicy::First, &[2.0, -1.0, 3.0], Some(2.0)),
        (HitPolicy::Sum, &[2.0, -1.0, 3.0], Some(4.0)),
        (HitPolicy::Max, &[2.0, -1.0, 3.0], Some(3.0)),
        (HitPolicy::Max, &[-2.0, -1.0], Some(-1.0)),
        (HitPolicy::First, &[], None),
        (HitPolicy::Sum, &[], None),
        (HitPolicy::Max, &[], None),
    ];
    for (policy, points, expected) in cases {
        assert_eq!(
            apply_hit_policy(*policy, points),
            *expected,
            "{policy} of {points:?}"
        );
    }
}
