//! What every result says before its numbers, in plain sentences each renderer (the terminal,
//! `explain`, the HTML report) quotes: the thesis author's disclosures, whether facts dated after the
//! thesis were read, and a tie for first place with what would separate it.

use crate::io::Dataset;
use crate::scoring::{Scoreboard, TopTie, top_tie};
use crate::thesis::{LateFact, Thesis};

/// The look-ahead sentence of a run that allowed it; `None` when look-ahead was refused.
pub fn look_ahead_note(
    thesis: &Thesis,
    data: &Dataset,
    late: Option<&[LateFact]>,
) -> Option<String> {
    let late = late?;
    let examples: Vec<String> = (late.iter().take(3))
        .map(|fact| {
            format!(
                "{} of {} ({})",
                thesis.schema.fields()[fact.field].name,
                data.id(fact.company),
                fact.date
            )
        })
        .collect();
    Some(match late.len() {
        0 => format!(
            "Look-ahead allowed: a hindsight study, though no dated value is after the thesis date {}.",
            thesis.as_of
        ),
        count => format!(
            "Look-ahead allowed: a hindsight study that read {count} value{} dated after the thesis \
             date {}: {}{}.",
            if count == 1 { "" } else { "s" },
            thesis.as_of,
            examples.join(", "),
            if count > examples.len() { ", …" } else { "" }
        ),
    })
}

/// The sentence on a tie for first place, if there is one: who ties, and whether the lenses or only
/// facts still unknown could separate them.
pub fn tie_note(thesis: &Thesis, data: &Dataset, scores: &Scoreboard) -> Option<String> {
    let tie = top_tie(thesis, data, scores)?;
    Some(describe_tie(thesis, data, &tie))
}

/// The sentence on a tie for first place.
pub fn describe_tie(thesis: &Thesis, data: &Dataset, tie: &TopTie) -> String {
    let names = |companies: &[usize]| {
        let names: Vec<&str> = companies
            .iter()
            .map(|&company| data.name(company))
            .collect();
        join_and(&names)
    };
    let total = tie
        .total
        .map_or_else(|| "no total".to_string(), |total| format!("{total:.6}"));
    let mut sentence = format!("{} tie for first at {total}", names(&tie.companies));
    if tie.differing_criteria.is_empty() {
        sentence.push_str(
            ": they score the same on every lens, so no change of weights separates them",
        );
    } else {
        let lenses: Vec<&str> = (tie.differing_criteria.iter())
            .map(|&j| thesis.criteria[j].id.as_str())
            .collect();
        sentence.push_str(&format!(
            ": their scores differ on {}, so a change of weights separates them",
            join_and(&lenses)
        ));
    }
    if tie.unknown_facts.is_empty() {
        sentence.push_str("; no fact the thesis reads is unknown for any of them.");
    } else {
        let facts: Vec<String> = (tie.unknown_facts.iter())
            .map(|(field, companies)| {
                format!(
                    "{} (unknown for {})",
                    thesis.schema.fields()[*field].name,
                    names(companies)
                )
            })
            .collect();
        sentence.push_str(&format!(
            "; facts the thesis reads that could separate them once known: {}.",
            facts.join(", ")
        ));
    }
    sentence
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
