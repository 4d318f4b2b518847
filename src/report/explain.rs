//! The text `thesis explain` prints: for one company, every rule of every criterion, whether it
//! fired, the values it read and the points it gave, and each criterion's share of the total.

use super::caveats::{describe_tie, look_ahead_note};
use super::format_number;
use crate::article::Evidence;
use crate::io::{Dataset, FieldValues, Record};
use crate::scoring::{CriterionScore, Outcome, Ranked, Scoreboard, top_tie, undecided_reason};
use crate::thesis::{Aggregation, Criterion, LateFact, Method, Otherwise, Thesis};
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
    let record = data.record(company);
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
                .map(format_number)
                .unwrap_or_else(|| "none (no evidence)".to_string());
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
    let view = CompanyView {
        data,
        scores,
        evidence,
        record,
        company,
        criteria: ranked.map(|entry| scores.criteria(entry)),
    };
    for (j, (criterion, weight)) in thesis
        .criteria
        .iter()
        .zip(thesis.normalized_weights())
        .enumerate()
    {
        let _ = writeln!(out);
        view.render_criterion(&mut out, j, weight, criterion);
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

/// One company's results, as the criterion sections read them.
struct CompanyView<'a> {
    data: &'a Dataset,
    scores: &'a Scoreboard,
    evidence: Option<&'a Evidence>,
    record: Record<'a>,
    company: usize,
    /// The company's criterion scores, when it is ranked.
    criteria: Option<Vec<CriterionScore>>,
}

impl CompanyView<'_> {
    fn render_criterion(&self, out: &mut String, j: usize, weight: f64, criterion: &Criterion) {
        let CompanyView {
            data,
            scores,
            evidence,
            record,
            company,
            ref criteria,
        } = *self;
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
        let evaluations = &scores.evaluations;
        match &criterion.method {
            Method::Rules { rules, .. } => {
                for (rule, outcome) in rules.iter().zip(evaluations.outcomes(company, j)) {
                    let (mark, note) = match outcome {
                        Outcome::Fired => ("fired", String::new()),
                        Outcome::NotFired => ("  -  ", String::new()),
                        Outcome::Undecided => {
                            let reason = undecided_reason(&data.schema, rule, &record);
                            ("  ?  ", format!(" (undecided: {reason})"))
                        }
                    };
                    let reads: Vec<String> = rule
                        .condition
                        .reads
                        .iter()
                        .map(|&index| {
                            format!(
                                "{} = {}",
                                data.schema.fields()[index].name,
                                record.field(index)
                            )
                        })
                        .collect();
                    let _ = writeln!(
                        out,
                        "  {mark} {:>+5} {}  [{}]{note}",
                        rule.points,
                        rule.id,
                        reads.join(", ")
                    );
                    let _ = writeln!(out, "                {}", rule.reason);
                    if let (Some(evidence), Outcome::Fired) = (evidence, outcome) {
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
            }
            Method::Formula { terms, .. } => {
                for term in terms {
                    let _ = writeln!(
                        out,
                        "  term {} = {} (weight {})",
                        term.field,
                        record.field(term.index),
                        term.weight
                    );
                }
            }
        }
        let scale = &scores.scales[j];
        let raw = evaluations
            .raw(company, j)
            .map(format_number)
            .unwrap_or_else(|| "insufficient evidence".to_string());
        let score = criteria.as_ref().and_then(|criteria| criteria[j].score);
        let contribution = criteria
            .as_ref()
            .and_then(|criteria| criteria[j].contribution);
        let mut line = format!("  raw {raw}");
        if let Some(score) = score {
            let _ = write!(line, " -> {} score {}", scale.kind, format_number(score));
        }
        if let Some(contribution) = contribution {
            let _ = write!(line, " -> contributes {}", format_number(contribution));
        }
        let _ = writeln!(out, "{line}");
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
    let total = (scores.total(entry))
        .map(format_number)
        .unwrap_or_else(|| "none".to_string());
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
