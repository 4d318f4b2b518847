//! Rule evaluation: for one company, the outcome of every rule and the criterion's raw value under
//! its hit policy. Formula criteria get their raw value in [`formula_values`], since their terms are
//! normalized over the ranked companies.

use super::normalize::Scale;
use crate::model::{Dataset, FieldValues, Schema, ValueKey};
use crate::thesis::{
    Condition, Criterion, HitPolicy, Method, Normalization, Otherwise, Rule, Term, Thesis,
};
use rayon::prelude::*;

/// What a rule's condition gave for one company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleOutcome {
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
    /// Each formula criterion's terms, as the field each reads and the scale it was fitted with (none
    /// for rules): a term's value is recomputed when asked for rather than stored for every company.
    term_scales: Vec<Vec<(usize, Scale)>>,
    in_scope: Vec<bool>,
    outcomes: Vec<RuleOutcome>,
    /// Raw criterion values, NaN for insufficient evidence.
    raw: Vec<f64>,
}

/// Companies evaluated together by one task; results do not depend on it.
const BLOCK: usize = 4096;

impl Evaluations {
    /// Evaluates every rule of `thesis` for every company, in parallel blocks. Formula criteria are
    /// left without a value until [`Evaluations::set_formula`].
    pub fn new(thesis: &Thesis, data: &Dataset) -> Evaluations {
        Evaluations::evaluate(thesis, data, KEPT_COMBINATIONS)
    }

    /// [`Evaluations::new`], keeping the outcomes of conditions whose fields take at most `kept`
    /// combinations of values.
    fn evaluate(thesis: &Thesis, data: &Dataset, kept: usize) -> Evaluations {
        let rule_spans = Evaluations::rule_spans(thesis);
        let rules = span_end(&rule_spans);
        let criteria = thesis.criteria.len();
        let count = data.len();
        let mut evaluations = Evaluations {
            rule_spans,
            term_scales: vec![Vec::new(); criteria],
            in_scope: vec![false; count],
            outcomes: vec![RuleOutcome::NotFired; count * rules],
            raw: vec![f64::NAN; count * criteria],
        };
        let keys: Vec<Option<ValueKey>> = conditions(thesis)
            .map(|condition| data.value_key(&condition.reads, kept))
            .collect();
        let blocks = count.div_ceil(BLOCK);
        let outcomes = rows_in_blocks(&mut evaluations.outcomes, rules, blocks);
        let raw = rows_in_blocks(&mut evaluations.raw, criteria, blocks);
        let in_scope = rows_in_blocks(&mut evaluations.in_scope, 1, blocks);
        let work = in_scope.into_par_iter().zip(outcomes).zip(raw).enumerate();
        work.for_each_init(
            || (Seen::new(&keys), Vec::new()),
            |(seen, points), (block, ((in_scope, outcomes), raw))| {
                let companies = block * BLOCK..block * BLOCK + in_scope.len();
                // Without a scope every company is ranked; the scope's condition comes last.
                in_scope.fill(true);
                let mut decided = Vec::with_capacity(in_scope.len());
                for (slot, condition) in conditions(thesis).enumerate() {
                    seen.decide(slot, condition, data, companies.clone(), &mut decided);
                    if slot == rules {
                        let outcomes = decided.iter().map(|holds| holds.unwrap_or(true));
                        in_scope
                            .iter_mut()
                            .zip(outcomes)
                            .for_each(|(in_scope, holds)| *in_scope = holds);
                        continue;
                    }
                    for (row, holds) in decided.iter().enumerate() {
                        outcomes[row * rules + slot] = match holds {
                            Some(true) => RuleOutcome::Fired,
                            Some(false) => RuleOutcome::NotFired,
                            None => RuleOutcome::Undecided,
                        };
                    }
                }
                for row in 0..companies.len() {
                    value_criteria(
                        thesis,
                        &outcomes[row * rules..(row + 1) * rules],
                        &mut raw[row * criteria..(row + 1) * criteria],
                        points,
                    );
                }
            },
        );
        evaluations
    }

    /// Evaluations as a scores table gives them back, one company per ranked row: its raw value on
    /// each criterion (NaN for insufficient evidence) and, per criterion, the rules that fired. The
    /// other rules count as not fired, since a table does not say which could not be decided; every
    /// company is in scope, since a table holds the ranked ones.
    pub(crate) fn read_back(
        thesis: &Thesis,
        raw: Vec<f64>,
        fired: impl ExactSizeIterator<Item = Vec<Vec<usize>>>,
    ) -> Evaluations {
        let rule_spans = Evaluations::rule_spans(thesis);
        let rules = span_end(&rule_spans);
        let count = fired.len();
        let mut outcomes = vec![RuleOutcome::NotFired; count * rules];
        for (company, criteria) in fired.enumerate() {
            for (&(start, end), rules_fired) in rule_spans.iter().zip(criteria) {
                for slot in rules_fired.into_iter().map(|rule| start + rule) {
                    if slot < end {
                        outcomes[company * rules + slot] = RuleOutcome::Fired;
                    }
                }
            }
        }
        Evaluations {
            term_scales: vec![Vec::new(); rule_spans.len()],
            rule_spans,
            in_scope: vec![true; count],
            outcomes,
            raw,
        }
    }

    /// Where each criterion's rules start and end in a company's row of outcomes.
    fn rule_spans(thesis: &Thesis) -> Vec<(usize, usize)> {
        let mut start = 0;
        (thesis.criteria.iter())
            .map(|criterion| {
                let rules = match &criterion.method {
                    Method::Rules { rules, .. } => rules.len(),
                    Method::Formula { .. } => 0,
                };
                start += rules;
                (start - rules, start)
            })
            .collect()
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
        // Each scale is fitted in file order on one thread, so it does not depend on the pool.
        let scales: Vec<Scale> = terms
            .par_iter()
            .map(|term| {
                let fitted = (0..data.len())
                    .filter(|&company| self.in_scope[company])
                    .map(|company| data.value(company, term.index).number());
                Scale::fit(kind, fitted)
            })
            .collect();
        let total_weight: f64 = terms.iter().map(|term| term.weight).sum();
        let otherwise = otherwise_value(criterion);
        let criteria = self.criteria();
        self.raw
            .par_chunks_mut(criteria)
            .enumerate()
            .for_each(|(company, raw)| {
                let weighted: Option<f64> = (terms.iter().zip(&scales))
                    .map(|(term, scale)| {
                        let value = data.value(company, term.index).number()?;
                        Some(term.weight * scale.apply(value))
                    })
                    .sum();
                raw[position] = match weighted {
                    Some(sum) => Some(sum / total_weight),
                    None => otherwise,
                }
                .unwrap_or(f64::NAN);
            });
        self.term_scales[position] = terms.iter().map(|term| term.index).zip(scales).collect();
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

    /// Reads the company's first outcome and raw value and gives their bits, for a caller that
    /// visits companies out of file order to bring their evaluations into the cache ahead of use.
    pub fn prefetch(&self, company: usize) -> u64 {
        let outcome = (self.outcomes.get(company * span_end(&self.rule_spans)))
            .map_or(0, |outcome| *outcome as u64);
        let raw = self
            .raw
            .get(company * self.criteria())
            .map_or(0, |raw| raw.to_bits());
        outcome ^ raw
    }

    /// The outcome of each rule of `criterion` (none for a formula), in file order.
    pub fn outcomes(&self, company: usize, criterion: usize) -> &[RuleOutcome] {
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

    /// The company's raw value on every criterion, in criterion order.
    pub fn raw_row(&self, company: usize) -> Vec<Option<f64>> {
        (0..self.criteria())
            .map(|criterion| self.raw(company, criterion))
            .collect()
    }

    /// Whether some criterion has no evidence for the company.
    pub fn lacks_evidence(&self, company: usize) -> bool {
        (0..self.criteria()).any(|criterion| self.raw(company, criterion).is_none())
    }

    /// Indices of the criteria without evidence for the company.
    pub fn insufficient(&self, company: usize) -> Vec<usize> {
        (0..self.criteria())
            .filter(|&criterion| self.raw(company, criterion).is_none())
            .collect()
    }

    /// A formula criterion's normalized term values for the company, in formula order (none for
    /// rules), from the values in `data`, which must be the data evaluated.
    pub fn terms<'a>(
        &'a self,
        company: usize,
        criterion: usize,
        data: &'a Dataset,
    ) -> impl Iterator<Item = Option<f64>> + 'a {
        self.term_scales[criterion]
            .iter()
            .map(move |(field, scale)| {
                data.value(company, *field)
                    .number()
                    .map(|value| scale.apply(value))
            })
    }
}

/// Indices of the rules whose outcome is [`RuleOutcome::Fired`].
pub fn fired(outcomes: &[RuleOutcome]) -> impl Iterator<Item = usize> + '_ {
    outcomes
        .iter()
        .enumerate()
        .filter(|(_, outcome)| **outcome == RuleOutcome::Fired)
        .map(|(index, _)| index)
}

/// `rows` (of `width` items each) as `blocks` runs of [`BLOCK`] rows, the last one shorter; every
/// run is empty when the width is zero.
fn rows_in_blocks<T>(rows: &mut [T], width: usize, blocks: usize) -> Vec<&mut [T]> {
    match width {
        0 => (0..blocks).map(|_| &mut [][..]).collect(),
        _ => rows.chunks_mut(BLOCK * width).collect(),
    }
}

/// Where the last of the spans ends: the length of a company's row.
fn span_end(spans: &[(usize, usize)]) -> usize {
    spans.last().map_or(0, |span| span.1)
}

/// Most combinations of values the fields of a condition may take for its outcomes to be kept by
/// combination (see [`Seen`]); other conditions, and those over ids, names or numbers, are decided
/// company by company.
const KEPT_COMBINATIONS: usize = 1 << 16;

/// Every condition of the thesis in a fixed order: the rules' in file order, then the scope's.
fn conditions(thesis: &Thesis) -> impl Iterator<Item = &Condition> {
    let rules = thesis
        .criteria
        .iter()
        .flat_map(|criterion| match &criterion.method {
            Method::Rules { rules, .. } => rules.as_slice(),
            Method::Formula { .. } => &[],
        });
    (rules.map(|rule| &rule.condition)).chain(&thesis.scope)
}

/// What each condition gave for the combinations of values of its fields that one worker has met.
/// A universe of companies repeats a few hundred such combinations a million times, and a
/// condition's outcome depends on its fields alone, so it is decided once per combination; which
/// worker met a combination first changes nothing.
struct Seen<'a> {
    /// Each condition's key, in the order of [`conditions`]; `None` for one decided per company.
    keys: &'a [Option<ValueKey<'a>>],
    /// Each condition's outcome by key, `None` until met.
    outcomes: Vec<Vec<Option<Option<bool>>>>,
}

impl<'a> Seen<'a> {
    fn new(keys: &'a [Option<ValueKey<'a>>]) -> Seen<'a> {
        let outcomes = (keys.iter())
            .map(|key| vec![None; key.as_ref().map_or(0, ValueKey::count)])
            .collect();
        Seen { keys, outcomes }
    }
}

impl Seen<'_> {
    /// Whether condition number `slot` of [`conditions`] holds for each of `companies`, as
    /// [`Condition::holds`] says, into `decided`, which is cleared first.
    fn decide(
        &mut self,
        slot: usize,
        condition: &Condition,
        data: &Dataset,
        companies: std::ops::Range<usize>,
        decided: &mut Vec<Option<bool>>,
    ) {
        decided.clear();
        let schema = &data.schema;
        let holds = |company| condition.holds(schema, &data.record(company));
        match &self.keys[slot] {
            Some(key) => {
                let kept = &mut self.outcomes[slot];
                decided.extend(
                    companies.map(|company| {
                        *kept[key.of(company)].get_or_insert_with(|| holds(company))
                    }),
                );
            }
            None => decided.extend(companies.map(holds)),
        }
    }
}

/// Values each rules criterion of one company from the outcomes of its rules: the hit policy over
/// the points of the rules that fired, in file order. `points` is room for those points.
fn value_criteria(
    thesis: &Thesis,
    outcomes: &[RuleOutcome],
    raw: &mut [f64],
    points: &mut Vec<f64>,
) {
    let mut next = 0;
    for (criterion, value) in thesis.criteria.iter().zip(raw) {
        let Method::Rules { hit_policy, rules } = &criterion.method else {
            continue;
        };
        points.clear();
        for rule in rules {
            if outcomes[next] == RuleOutcome::Fired {
                points.push(rule.points);
            }
            next += 1;
        }
        *value = apply_hit_policy(*hit_policy, points)
            .or(otherwise_value(criterion))
            .unwrap_or(f64::NAN);
    }
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
mod tests;

#[cfg(test)]
mod kept_outcomes;
