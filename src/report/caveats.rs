//! What every result says before its numbers, in plain sentences each renderer (the terminal,
//! `explain`, the HTML report) quotes: the thesis author's disclosures, whether facts dated after the
//! thesis were read, and a tie for first place with what would separate it.

use crate::model::Dataset;
use crate::scoring::{Scoreboard, TopTie, top_tie};
use crate::thesis::{LateFact, Thesis};
use std::fmt::Write as _;

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
pub(super) fn describe_tie(thesis: &Thesis, data: &Dataset, tie: &TopTie) -> String {
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
        let _ = write!(
            sentence,
            ": their scores differ on {}, so a change of weights separates them",
            join_and(&lenses)
        );
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
        let _ = write!(
            sentence,
            "; facts the thesis reads that could separate them once known: {}.",
            facts.join(", ")
        );
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::bundled_inputs;
    use crate::pipeline::load;
    use crate::scoring::score;

    #[test]
    fn a_tie_names_the_lenses_or_the_unknown_facts_that_could_separate_it() {
        let loaded = load(&bundled_inputs()).unwrap();
        let (thesis, data) = (&loaded.thesis, &loaded.data);
        assert_eq!(
            tie_note(thesis, data, &score(thesis, data)),
            None,
            "Docker is first alone"
        );
        let find = |id: &str| (0..data.len()).find(|&c| data.id(c) == id).unwrap();
        let pair = vec![find("chef"), find("puppet")];
        let funding = thesis.schema.index_of("funding_musd").unwrap();
        let unknown = TopTie {
            companies: pair.clone(),
            total: Some(0.808312),
            differing_criteria: Vec::new(),
            unknown_facts: vec![(funding, pair)],
        };
        assert_eq!(
            describe_tie(thesis, data, &unknown),
            "Chef and Puppet Labs tie for first at 0.808312: they score the same on every lens, so \
             no change of weights separates them; facts the thesis reads that could separate them \
             once known: funding_musd (unknown for Chef and Puppet Labs)."
        );
        let lenses = TopTie {
            differing_criteria: vec![0, 2],
            unknown_facts: Vec::new(),
            ..unknown
        };
        assert_eq!(
            describe_tie(thesis, data, &lenses),
            "Chef and Puppet Labs tie for first at 0.808312: their scores differ on painkiller and \
             momentum, so a change of weights separates them; no fact the thesis reads is unknown \
             for any of them."
        );
    }
}
