//! Rule evaluation: for one company, the outcome of every rule and the criterion's raw value under
//! its hit policy. Formula criteria get their raw value in [`formula_values`], since their terms are
//! normalized over the ranked companies.

use super::normalize::Scale;
use crate::io::{Dataset, FieldValues};
use crate::thesis::{
    Condition, Criterion, HitPolicy, Method, Normalization, Otherwise, Term, Thesis,
};

/// What a rule's condition gave for one company.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Fired,
    NotFired,
    /// The condition could not be decided (for instance it compares a missing value); it does not fire.
    Undecided(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct CriterionResult {
    /// One outcome per rule, in file order (empty for a formula).
    pub outcomes: Vec<Outcome>,
    /// Indices of the rules that fired.
    pub fired: Vec<usize>,
    /// The raw value before normalization; `None` means insufficient evidence.
    pub raw: Option<f64>,
    /// For a formula, each term's normalized value, in formula order (empty for rules).
    pub terms: Vec<Option<f64>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    pub in_scope: bool,
    pub criteria: Vec<CriterionResult>,
}

pub fn evaluate(thesis: &Thesis, company: &impl FieldValues) -> Evaluation {
    let decide = |condition: &Condition| condition.decide(&thesis.schema, company);
    let in_scope = thesis
        .scope
        .as_ref()
        .is_none_or(|scope| decide(scope).unwrap_or(true));
    let criteria = thesis
        .criteria
        .iter()
        .map(|criterion| match &criterion.method {
            Method::Rules { hit_policy, rules } => {
                let outcomes: Vec<Outcome> = rules
                    .iter()
                    .map(|rule| match decide(&rule.condition) {
                        Ok(true) => Outcome::Fired,
                        Ok(false) => Outcome::NotFired,
                        Err(reason) => Outcome::Undecided(reason),
                    })
                    .collect();
                let fired: Vec<usize> = (0..rules.len())
                    .filter(|&index| outcomes[index] == Outcome::Fired)
                    .collect();
                let points: Vec<f64> = fired.iter().map(|&index| rules[index].points).collect();
                let raw = apply_hit_policy(*hit_policy, &points).or(otherwise_value(criterion));
                CriterionResult {
                    outcomes,
                    fired,
                    raw,
                    terms: Vec::new(),
                }
            }
            Method::Formula { .. } => CriterionResult {
                outcomes: Vec::new(),
                fired: Vec::new(),
                raw: None,
                terms: Vec::new(),
            },
        })
        .collect();
    Evaluation { in_scope, criteria }
}

/// The criterion value from the points of the rules that fired, in file order; `None` if none fired.
pub fn apply_hit_policy(policy: HitPolicy, points: &[f64]) -> Option<f64> {
    let first = *points.first()?;
    Some(match policy {
        HitPolicy::First => first,
        HitPolicy::Sum => points.iter().sum(),
        HitPolicy::Max => points.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    })
}

fn otherwise_value(criterion: &Criterion) -> Option<f64> {
    match criterion.otherwise {
        Otherwise::Value(value) => Some(value),
        Otherwise::InsufficientEvidence => None,
    }
}

/// A formula criterion's value for one company: the weighted mean of its normalized terms.
#[derive(Debug, Clone, PartialEq)]
pub struct FormulaValue {
    /// `None` (or `otherwise`) when a term is missing.
    pub raw: Option<f64>,
    /// Each term's normalized value; `None` where the input is missing.
    pub terms: Vec<Option<f64>>,
}

/// Values of a formula criterion for every company: each term normalized (fitted on the companies
/// where `fit_on` is true), then the weighted mean of the terms. A missing term gives `otherwise`.
pub fn formula_values(
    criterion: &Criterion,
    kind: Normalization,
    terms: &[Term],
    data: &Dataset,
    fit_on: &[bool],
) -> Vec<FormulaValue> {
    let columns: Vec<Vec<f64>> = terms.iter().map(|term| data.numbers(term.index)).collect();
    let present = |value: f64| (!value.is_nan()).then_some(value);
    let scales: Vec<Scale> = columns
        .iter()
        .map(|column| {
            let fitted: Vec<Option<f64>> = column
                .iter()
                .zip(fit_on)
                .filter(|(_, fit)| **fit)
                .map(|(&value, _)| present(value))
                .collect();
            Scale::fit(kind, &fitted)
        })
        .collect();
    let total_weight: f64 = terms.iter().map(|term| term.weight).sum();
    (0..data.len())
        .map(|company| {
            let normalized: Vec<Option<f64>> = columns
                .iter()
                .zip(&scales)
                .map(|(column, scale)| present(column[company]).map(|value| scale.apply(value)))
                .collect();
            let weighted: Option<f64> = terms
                .iter()
                .zip(&normalized)
                .map(|(term, value)| value.map(|value| term.weight * value))
                .sum();
            FormulaValue {
                raw: match weighted {
                    Some(sum) => Some(sum / total_weight),
                    None => otherwise_value(criterion),
                },
                terms: normalized,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
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
}
