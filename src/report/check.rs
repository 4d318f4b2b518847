//! The text `thesis check` prints: the criteria and rules, the fields each rule reads, how many
//! ranked companies each rule fires for, and warnings for rules that never or always fire or that
//! cannot be decided for some companies.

use crate::io::Dataset;
use crate::scoring::{Outcome, Scoreboard};
use crate::thesis::{Method, Thesis};
use std::fmt::Write;

/// The report and the number of warnings in it.
pub fn render_check(thesis: &Thesis, data: &Dataset, scores: &Scoreboard) -> (String, usize) {
    let mut out = String::new();
    let mut warnings = Vec::new();
    let in_scope: Vec<usize> = scores.ranking.iter().map(|entry| entry.company).collect();
    let _ = writeln!(
        out,
        "thesis \"{}\" as of {}: {} criteria, {} rules, {} of {}",
        thesis.name,
        thesis.as_of,
        thesis.criteria.len(),
        thesis.rule_count(),
        thesis.aggregation,
        thesis.normalization
    );
    let _ = writeln!(
        out,
        "companies: {} read, {} ranked, {} outside the scope",
        data.companies.len(),
        in_scope.len(),
        data.companies.len() - in_scope.len()
    );
    for (j, criterion) in thesis.criteria.iter().enumerate() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{} [{}] weight {}",
            criterion.label, criterion.id, criterion.weight
        );
        match &criterion.method {
            Method::Rules { hit_policy, rules } => {
                let _ = writeln!(
                    out,
                    "  hit policy {hit_policy}; fires for / undecided for (of {} ranked); reads",
                    in_scope.len()
                );
                for (r, rule) in rules.iter().enumerate() {
                    let outcome = |i: &usize| &scores.evaluations[*i].criteria[j].outcomes[r];
                    let fired = in_scope
                        .iter()
                        .filter(|i| *outcome(i) == Outcome::Fired)
                        .count();
                    let undecided = in_scope
                        .iter()
                        .filter(|i| matches!(outcome(i), Outcome::Undecided(_)))
                        .count();
                    let reads: Vec<&str> = rule
                        .condition
                        .reads
                        .iter()
                        .map(|&f| data.schema.fields()[f].name.as_str())
                        .collect();
                    let _ = writeln!(
                        out,
                        "  {:<28} {:>4} {:>4}  {}",
                        rule.id,
                        fired,
                        undecided,
                        reads.join(", ")
                    );
                    let key = format!("criteria[{}].rules[{}]", criterion.id, rule.id);
                    if !in_scope.is_empty() && fired == 0 {
                        warnings.push(format!("{key}: fires for no ranked company"));
                    } else if !in_scope.is_empty() && fired == in_scope.len() {
                        warnings.push(format!(
                            "{key}: fires for every ranked company, so it does not tell them apart"
                        ));
                    }
                    if undecided > 0 {
                        warnings.push(format!("{key}: undecided for {undecided} companies (a value it compares is missing)"));
                    }
                }
            }
            Method::Formula {
                normalization,
                terms,
            } => {
                let _ = writeln!(out, "  formula over {normalization}-normalized terms:");
                for term in terms {
                    let _ = writeln!(out, "  {:<28} weight {}", term.field, term.weight);
                }
            }
        }
    }
    let _ = writeln!(out);
    for warning in &warnings {
        let _ = writeln!(out, "warning: {warning}");
    }
    let _ = writeln!(out, "0 errors, {} warnings", warnings.len());
    (out, warnings.len())
}
