//! The text `thesis explain` prints: for one company, every rule of every criterion, whether it
//! fired, the values it read and the points it gave, and each criterion's share of the total.

use super::caveats::{describe_tie, look_ahead_note};
use super::format_number;
use crate::article::Evidence;
use crate::model::Dataset;
use crate::scoring::{
    CriterionScore, Explanation, Item, LensExplanation, Ranked, RuleExplanation, RuleOutcome,
    Scale, Scoreboard, top_tie,
};
use crate::thesis::{Aggregation, LateFact, Method, Otherwise, Thesis};
use std::fmt::Write;

/// What an explanation reads: the thesis, the companies, their scores and, when an article was
/// given, its sentences on each company and rule.
pub struct Explained<'a> {
    pub thesis: &'a Thesis,
    pub data: &'a Dataset,
    pub scores: &'a Scoreboard,
    pub evidence: Option<&'a Evidence>,
    /// The values dated after the thesis that were read, when look-ahead was allowed.
    pub look_ahead: Option<&'a [LateFact]>,
}

pub fn render_explanation(explained: &Explained, company: usize) -> String {
    let Explained {
        thesis,
        data,
        scores,
        evidence,
        look_ahead,
    } = *explained;
    let mut out = String::new();
    let ranked = scores
        .ranking
        .iter()
        .find(|entry| entry.company() == company);
    let _ = writeln!(
        out,
        "{} ({}), category {}",
        data.name(company),
        data.id(company),
        data.category(company)
    );
    match ranked {
        Some(entry) => {
            let total = (scores.total(entry))
                .map_or_else(|| "none (no evidence)".to_string(), format_number);
            let _ = writeln!(
                out,
                "rank {} of {}, total {total}",
                entry.rank(),
                scores.ranking.len()
            );
            if let Some(quadrant) = scores.quadrant(entry) {
                let _ = writeln!(out, "quadrant: {quadrant}");
            }
            let tie = top_tie(thesis, data, scores);
            if let Some(tie) = tie.filter(|tie| tie.companies.contains(&company)) {
                let _ = writeln!(out, "tie: {}", describe_tie(thesis, data, &tie));
            }
        }
        None => {
            let scope = thesis
                .scope
                .as_ref()
                .map(|scope| scope.source.as_str())
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "not ranked: outside the thesis scope `{scope}` (shown for context)"
            );
        }
    }
    let _ = writeln!(
        out,
        "thesis: {} (as of {}), {}",
        thesis.name,
        thesis.as_of,
        describe_aggregation(thesis)
    );
    for disclosure in &thesis.disclosures {
        let _ = writeln!(out, "disclosure: {disclosure}");
    }
    if let Some(note) = look_ahead_note(thesis, data, look_ahead) {
        let _ = writeln!(out, "warning: {note}");
    }
    if let Some(evidence) = evidence {
        let named = evidence.for_company(company);
        let _ = writeln!(
            out,
            "article: {} names it in {} of its {} sentences",
            evidence.file,
            named.len(),
            evidence.article.sentences.len()
        );
        write_quotes(&mut out, evidence, named, "  ");
    }
    let standing = ranked.map(|entry| scores.criteria(entry));
    let explanation = Explanation::of(thesis, data, scores, company, standing.as_deref());
    for (j, (lens, weight)) in (explanation.lenses.iter())
        .zip(thesis.normalized_weights())
        .enumerate()
    {
        let _ = writeln!(out);
        render_lens(&mut out, lens, weight, &scores.scales[j], evidence);
    }
    if let Some(entry) = ranked {
        let _ = writeln!(out);
        render_total(&mut out, thesis, scores, entry);
    }
    out
}

/// The sentences `numbers` of the article, one per line, each with its number.
fn write_quotes(out: &mut String, evidence: &Evidence, numbers: &[usize], indent: &str) {
    for &number in numbers {
        let _ = writeln!(out, "{indent}s.{number}: \"{}\"", evidence.quote(number));
    }
}

fn describe_aggregation(thesis: &Thesis) -> String {
    match thesis.aggregation {
        Aggregation::WeightedSum => "total = weighted sum of the criterion scores".to_string(),
        Aggregation::Topsis => {
            "total = TOPSIS closeness to the ideal company (raw values, vector-normalized)"
                .to_string()
        }
    }
}

/// One lens of the explanation: its heading, each rule or term, and what its value came to.
fn render_lens(
    out: &mut String,
    lens: &LensExplanation,
    weight: f64,
    scale: &Scale,
    evidence: Option<&Evidence>,
) {
    let criterion = lens.criterion;
    let method = match &criterion.method {
        Method::Rules { hit_policy, .. } => format!("hit policy {hit_policy}"),
        Method::Formula { normalization, .. } => {
            format!("formula over {normalization}-normalized terms")
        }
    };
    let otherwise = match criterion.otherwise {
        Otherwise::Value(value) => format!("otherwise {value}"),
        Otherwise::InsufficientEvidence => "otherwise insufficient evidence".to_string(),
    };
    let _ = writeln!(
        out,
        "{} [{}]: {} -> {}, weight {} ({:.1}% of the total), {method}, {otherwise}",
        criterion.label,
        criterion.id,
        criterion.poles[0],
        criterion.poles[1],
        criterion.weight,
        weight * 100.0
    );
    for item in &lens.items {
        match item {
            Item::Rule(explained) => render_rule(out, explained, evidence),
            Item::Term(explained) => {
                let term = explained.term;
                let _ = writeln!(
                    out,
                    "  term {} = {} (weight {})",
                    term.field, explained.read.value, term.weight
                );
            }
        }
    }
    let CriterionScore {
        raw,
        score,
        contribution,
    } = lens.standing;
    let raw = raw.map_or_else(|| "insufficient evidence".to_string(), format_number);
    let mut line = format!("  raw {raw}");
    if let Some(score) = score {
        let _ = write!(line, " -> {} score {}", scale.kind, format_number(score));
    }
    if let Some(contribution) = contribution {
        let _ = write!(line, " -> contributes {}", format_number(contribution));
    }
    let _ = writeln!(out, "{line}");
}

fn render_rule(out: &mut String, explained: &RuleExplanation, evidence: Option<&Evidence>) {
    let rule = explained.rule;
    let (mark, note) = match (explained.outcome, &explained.undecided) {
        (RuleOutcome::Fired, _) => ("fired", String::new()),
        (RuleOutcome::Undecided, Some(reason)) => ("  ?  ", format!(" (undecided: {reason})")),
        _ => ("  -  ", String::new()),
    };
    let reads: Vec<String> = explained.reads.iter().map(ToString::to_string).collect();
    let _ = writeln!(
        out,
        "  {mark} {:>+5} {}  [{}]{note}",
        rule.points,
        rule.id,
        reads.join(", ")
    );
    let _ = writeln!(out, "                {}", rule.reason);
    if let (Some(evidence), RuleOutcome::Fired) = (evidence, explained.outcome) {
        write_quotes(
            out,
            evidence,
            evidence.for_rule(&rule.id),
            "                ",
        );
    }
    if let Some((low, high)) = rule.range {
        let _ = writeln!(
            out,
            "                points given as {low:+} to {high:+}: scored at the middle, sampled by `thesis sensitivity`"
        );
    }
}

fn render_total(out: &mut String, thesis: &Thesis, scores: &Scoreboard, entry: &Ranked) {
    if let Some(topsis) = scores.topsis(entry) {
        let _ = writeln!(
            out,
            "total: distance to ideal {}, to anti-ideal {}, closeness {}",
            format_number(topsis.to_ideal),
            format_number(topsis.to_anti_ideal),
            format_number(topsis.closeness)
        );
        return;
    }
    let parts: Vec<String> = thesis
        .criteria
        .iter()
        .zip(scores.criteria(entry))
        .filter_map(|(criterion, score)| {
            score
                .contribution
                .map(|c| format!("{} {}", criterion.id, format_number(c)))
        })
        .collect();
    let total = (scores.total(entry)).map_or_else(|| "none".to_string(), format_number);
    let _ = writeln!(out, "total: {} = {total}", parts.join(" + "));
    let missing = scores.insufficient(entry);
    if !missing.is_empty() {
        let ids: Vec<&str> = missing
            .iter()
            .map(|&j| thesis.criteria[j].id.as_str())
            .collect();
        let _ = writeln!(
            out,
            "insufficient evidence for {}: left out, the other weights rescaled to sum to one",
            ids.join(", ")
        );
    }
}
