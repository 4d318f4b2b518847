//! Rule evaluation: for one company, the outcome of every rule and the criterion's raw value under
//! its hit policy. Formula criteria get their raw value in [`formula_values`], since their terms are
//! normalized over the ranked companies.

use super::normalize::Scale;
use crate::io::{Dataset, FieldValues, Schema};
use crate::thesis::{
    Condition, Criterion, HitPolicy, Method, Normalization, Otherwise, Rule, Term, Thesis,
};
use rayon::prelude::*;

/// What a rule's condition gave for one company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    Fired,
    NotFired,
    /// The condition could not be decided (for instance it compares a missing value); it does not
    /// fire. [`undecided_reason`] words why.
    Undecided,
}

/// Every company's rule outcomes and criterion values, one flat row per company: a million companies
/// under a dozen rules take a dozen bytes each, not a dozen vectors.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluations {
    /// Where each criterion's rules start in a company's row of `outcomes`, and where they end.
    rule_spans: Vec<(usize, usize)>,
    /// Where each criterion's formula terms start in a company's row of `terms`, and where they end.
    term_spans: Vec<(usize, usize)>,
    in_scope: Vec<bool>,
    outcomes: Vec<Outcome>,
    /// Raw criterion values, NaN for insufficient evidence.
    raw: Vec<f64>,
    /// Formula terms' normalized values, NaN where the input is missing.
    terms: Vec<f64>,
}

/// Companies evaluated together by one task; results do not depend on it.
const BLOCK: usize = 4096;

impl Evaluations {
    /// Evaluates every rule of `thesis` for every company, in parallel blocks. Formula criteria are
    /// left without a value until [`Evaluations::set_formula`].
    pub fn new(thesis: &Thesis, data: &Dataset) -> Evaluations {
        let spans = |size: fn(&Method) -> usize| {
            let mut start = 0;
            thesis
                .criteria
                .iter()
                .map(|criterion| {
                    let span = (start, start + size(&criterion.method));
                    start = span.1;
                    span
                })
                .collect::<Vec<_>>()
        };
        let rule_spans = spans(|method| match method {
            Method::Rules { rules, .. } => rules.len(),
            Method::Formula { .. } => 0,
        });
        let term_spans = spans(|method| match method {
            Method::Formula { terms, .. } => terms.len(),
            Method::Rules { .. } => 0,
        });
        let (rules, term_count) = (span_end(&rule_spans), span_end(&term_spans));
        let criteria = thesis.criteria.len();
        let count = data.len();
        let blocks: Vec<(Vec<bool>, Vec<Outcome>, Vec<f64>)> = (0..count.div_ceil(BLOCK))
            .into_par_iter()
            .map(|block| {
                let companies = block * BLOCK..count.min((block + 1) * BLOCK);
                let mut in_scope = Vec::with_capacity(companies.len());
                let mut outcomes = vec![Outcome::NotFired; companies.len() * rules];
                let mut raw = vec![f64::NAN; companies.len() * criteria];
                for (row, company) in companies.enumerate() {
                    in_scope.push(evaluate(
                        thesis,
                        &data.record(company),
                        &mut outcomes[row * rules..(row + 1) * rules],
                        &mut raw[row * criteria..(row + 1) * criteria],
                    ));
                }
                (in_scope, outcomes, raw)
            })
            .collect();
        let mut evaluations = Evaluations {
            rule_spans,
            term_spans,
            in_scope: Vec::with_capacity(count),
            outcomes: Vec::with_capacity(count * rules),
            raw: Vec::with_capacity(count * criteria),
            terms: vec![f64::NAN; count * term_count],
        };
        for (in_scope, outcomes, raw) in blocks {
            evaluations.in_scope.extend(in_scope);
            evaluations.outcomes.extend(outcomes);
            evaluations.raw.extend(raw);
        }
        evaluations
    }

    /// Values a formula criterion for every company: each term normalized (fitted on the companies
    /// in scope), then the weighted mean of the terms; a missing term gives `otherwise`.
    pub fn set_formula(
        &mut self,
        position: usize,
        criterion: &Criterion,
        kind: Normalization,
        terms: &[Term],
        data: &Dataset,
    ) {
        let scales: Vec<Scale> = terms
            .iter()
            .map(|term| {
                let fitted: Vec<Option<f64>> = (0..data.len())
                    .filter(|&company| self.in_scope[company])
                    .map(|company| data.value(company, term.index).number())
                    .collect();
                Scale::fit(kind, &fitted)
            })
            .collect();
        let total_weight: f64 = terms.iter().map(|term| term.weight).sum();
        let otherwise = otherwise_value(criterion);
        let (start, end) = self.term_spans[position];
        let (criteria, term_count) = (self.criteria(), span_end(&self.term_spans));
        let rows = (self.raw.par_chunks_mut(criteria))
            .zip(self.terms.par_chunks_mut(term_count))
            .enumerate();
        rows.for_each(|(company, (raw, row))| {
            let slots = &mut row[start..end];
            for ((slot, term), scale) in slots.iter_mut().zip(terms).zip(&scales) {
                let value = data.value(company, term.index).number();
                *slot = value.map_or(f64::NAN, |value| scale.apply(value));
            }
            let weighted: Option<f64> = (slots.iter().zip(terms))
                .map(|(&value, term)| (!value.is_nan()).then_some(term.weight * value))
                .sum();
            raw[position] = match weighted {
                Some(sum) => Some(sum / total_weight),
                None => otherwise,
            }
            .unwrap_or(f64::NAN);
        });
    }

    fn criteria(&self) -> usize {
        self.rule_spans.len()
    }

    pub fn len(&self) -> usize {
        self.in_scope.len()
    }

    pub fn is_empty(&self) -> bool {
        self.in_scope.is_empty()
    }

    /// Whether the company is in the thesis's scope, and so ranked.
    pub fn in_scope(&self, company: usize) -> bool {
        self.in_scope[company]
    }

    /// The outcome of each rule of `criterion` (none for a formula), in file order.
    pub fn outcomes(&self, company: usize, criterion: usize) -> &[Outcome] {
        let (start, end) = self.rule_spans[criterion];
        let row = company * span_end(&self.rule_spans);
        &self.outcomes[row + start..row + end]
    }

    /// Indices of the rules of `criterion` that fired for the company.
    pub fn fired(&self, company: usize, criterion: usize) -> impl Iterator<Item = usize> + '_ {
        fired(self.outcomes(company, criterion))
    }

    /// The criterion's raw value before normalization; `None` means insufficient evidence.
    pub fn raw(&self, company: usize, criterion: usize) -> Option<f64> {
        let value = self.raw[company * self.criteria() + criterion];
        (!value.is_nan()).then_some(value)
    }

    /// A formula criterion's normalized term values, in formula order (none for rules).
    pub fn terms(&self, company: usize, criterion: usize) -> impl Iterator<Item = Option<f64>> {
        let (start, end) = self.term_spans[criterion];
        let row = company * span_end(&self.term_spans);
        self.terms[row + start..row + end]
            .iter()
            .map(|&value| (!value.is_nan()).then_some(value))
    }
}

/// Indices of the rules whose outcome is [`Outcome::Fired`].
pub fn fired(outcomes: &[Outcome]) -> impl Iterator<Item = usize> + '_ {
    outcomes
        .iter()
        .enumerate()
        .filter(|(_, outcome)| **outcome == Outcome::Fired)
        .map(|(index, _)| index)
}

/// Where the last of the spans ends: the length of a company's row.
fn span_end(spans: &[(usize, usize)]) -> usize {
    spans.last().map_or(0, |span| span.1)
}

/// Evaluates one company into its row of outcomes and raw values; returns whether it is in scope.
fn evaluate(
    thesis: &Thesis,
    company: &impl FieldValues,
    outcomes: &mut [Outcome],
    raw: &mut [f64],
) -> bool {
    let holds = |condition: &Condition| condition.holds(&thesis.schema, company);
    let in_scope = thesis
        .scope
        .as_ref()
        .is_none_or(|scope| holds(scope).unwrap_or(true));
    let mut next = 0;
    let mut points = Vec::new();
    for (criterion, value) in thesis.criteria.iter().zip(raw) {
        let Method::Rules { hit_policy, rules } = &criterion.method else {
            continue;
        };
        points.clear();
        for rule in rules {
            outcomes[next] = match holds(&rule.condition) {
                Some(true) => {
                    points.push(rule.points);
                    Outcome::Fired
                }
                Some(false) => Outcome::NotFired,
                None => Outcome::Undecided,
            };
            next += 1;
        }
        *value = apply_hit_policy(*hit_policy, &points)
            .or(otherwise_value(criterion))
            .unwrap_or(f64::NAN);
    }
    in_scope
}

/// Why `rule` could not be decided for the company, for an explanation: deciding is deterministic,
/// so deciding again gives the reason the evaluation set aside.
pub fn undecided_reason(schema: &Schema, rule: &Rule, company: &impl FieldValues) -> String {
    rule.condition
        .decide(schema, company)
        .err()
        .unwrap_or_default()
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
