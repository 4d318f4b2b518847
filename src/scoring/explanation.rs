//! Why a company scored what it did, as the one model every renderer reads (`thesis explain`, the
//! HTML report, the Explanations sheet): for each lens its rules, each with its outcome, points, the
//! values it read, its reason and why it could not be decided, or its formula terms, each with the
//! value read and its normalized score; then the lens's raw value, score and share of the total.
//! Built for one company when asked for, from the scoreboard, which keeps only each rule's outcome.

use super::{CriterionScore, RuleOutcome, Scoreboard, undecided_reason};
use crate::model::{Dataset, FieldValues};
use crate::thesis::{Criterion, Method, Rule, Term, Thesis};
use std::fmt;

/// One company's explanation: a lens each, in the thesis's order.
pub struct Explanation<'a> {
    pub company: usize,
    pub lenses: Vec<LensExplanation<'a>>,
}

pub struct LensExplanation<'a> {
    pub criterion: &'a Criterion,
    pub items: Vec<Item<'a>>,
    /// The lens's raw value, normalized score and share of the total; the score and the share only
    /// for a ranked company.
    pub standing: CriterionScore,
}

/// A rule of a rules lens, or a term of a formula lens.
pub enum Item<'a> {
    Rule(RuleExplanation<'a>),
    Term(TermExplanation<'a>),
}

pub struct RuleExplanation<'a> {
    pub rule: &'a Rule,
    pub outcome: RuleOutcome,
    /// The fields the rule's condition reads, in schema order, with the company's values.
    pub reads: Vec<ValueRead<'a>>,
    /// Why the rule could not be decided, when its outcome is [`RuleOutcome::Undecided`].
    pub undecided: Option<String>,
}

pub struct TermExplanation<'a> {
    pub term: &'a Term,
    pub read: ValueRead<'a>,
    /// The value normalized as the formula uses it; none when the value is missing.
    pub score: Option<f64>,
}

/// A field and the company's value of it, shown as `field = value`.
pub struct ValueRead<'a> {
    pub field: &'a str,
    pub value: String,
}

impl fmt::Display for ValueRead<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} = {}", self.field, self.value)
    }
}

impl<'a> Explanation<'a> {
    /// The explanation of `company` (an index into `data`), which `scores` scored under `thesis`.
    /// `standing` is the company's lens scores when it is ranked ([`Scoreboard::criteria`]).
    pub fn of(
        thesis: &'a Thesis,
        data: &'a Dataset,
        scores: &Scoreboard,
        company: usize,
        standing: Option<&[CriterionScore]>,
    ) -> Explanation<'a> {
        let record = data.record(company);
        let evaluations = &scores.evaluations;
        let read = |index: usize| ValueRead {
            field: &data.schema.fields()[index].name,
            value: record.field(index).to_string(),
        };
        let lenses = (thesis.criteria.iter().enumerate())
            .map(|(j, criterion)| {
                let items = match &criterion.method {
                    Method::Rules { rules, .. } => (rules.iter())
                        .zip(evaluations.outcomes(company, j))
                        .map(|(rule, &outcome)| {
                            Item::Rule(RuleExplanation {
                                rule,
                                outcome,
                                reads: rule
                                    .condition
                                    .reads
                                    .iter()
                                    .map(|&index| read(index))
                                    .collect(),
                                undecided: (outcome == RuleOutcome::Undecided)
                                    .then(|| undecided_reason(&data.schema, rule, &record)),
                            })
                        })
                        .collect(),
                    Method::Formula { terms, .. } => (terms.iter())
                        .zip(evaluations.terms(company, j, data))
                        .map(|(term, score)| {
                            Item::Term(TermExplanation {
                                term,
                                read: read(term.index),
                                score,
                            })
                        })
                        .collect(),
                };
                let standing = standing.map_or(
                    CriterionScore {
                        raw: evaluations.raw(company, j),
                        score: None,
                        contribution: None,
                    },
                    |standing| standing[j],
                );
                LensExplanation {
                    criterion,
                    items,
                    standing,
                }
            })
            .collect();
        Explanation { company, lenses }
    }
}
