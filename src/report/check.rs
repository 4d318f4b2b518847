//! The text `thesis check` prints: the criteria and rules and the fields each rule reads; with data,
//! also how many ranked companies each rule fires for, and warnings for rules that never or always fire
//! or that cannot be decided for some companies.

use crate::model::Dataset;
use crate::scoring::{RuleOutcome, Scoreboard};
use crate::thesis::{Method, Rule, Thesis, undated_fields_read};
use std::fmt::Write;

/// Companies scored by the thesis, for the coverage columns and warnings.
pub struct Coverage<'a> {
    pub data: &'a Dataset,
    pub scores: &'a Scoreboard,
}

pub fn render_check(thesis: &Thesis, coverage: Option<&Coverage>) -> String {
    let mut out = String::new();
    let mut warnings = Vec::new();
    let _ = writeln!(
        out,
        "thesis \"{}\" as of {}: {} criteria, {} rules, {} of {} scores",
        thesis.name,
        thesis.as_of,
        thesis.criteria.len(),
        thesis.rule_count(),
        thesis.aggregation,
        thesis.normalization
    );
    for dated in &thesis.dated {
        let fields = thesis.schema.fields();
        let _ = writeln!(
            out,
            "dated: {} by {}, refused after {}",
            fields[dated.field].name, fields[dated.date].name, thesis.as_of
        );
    }
    let undated = undated_fields_read(thesis);
    if !undated.is_empty() {
        let _ = writeln!(
            out,
            "undated fields read (nothing guards them against look-ahead): {}",
            undated.join(", ")
        );
    }
    for disclosure in &thesis.disclosures {
        let _ = writeln!(out, "disclosure: {disclosure}");
    }
    let ranked: Vec<usize> = match coverage {
        Some(Coverage { data, scores }) => {
            let ranked: Vec<usize> = scores
                .ranking
                .iter()
                .map(super::super::scoring::Ranked::company)
                .collect();
            let read = data.len();
            let _ = writeln!(
                out,
                "companies: {read} read, {} ranked, {} outside the scope",
                ranked.len(),
                read - ranked.len()
            );
            ranked
        }
        None => {
            let _ = writeln!(
                out,
                "no company file given: rules are compiled and type-checked, not run"
            );
            Vec::new()
        }
    };
    for (j, criterion) in thesis.criteria.iter().enumerate() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{} [{}] weight {}",
            criterion.label, criterion.id, criterion.weight
        );
        match &criterion.method {
            Method::Rules { hit_policy, rules } => {
                match coverage {
                    Some(_) => {
                        let _ = writeln!(
                            out,
                            "  hit policy {hit_policy}; fires for / undecided for (of {} ranked); reads",
                            ranked.len()
                        );
                    }
                    None => {
                        let _ = writeln!(out, "  hit policy {hit_policy}; reads");
                    }
                }
                for (r, rule) in rules.iter().enumerate() {
                    let reads = fields_read(thesis, rule);
                    let Some(Coverage { scores, .. }) = coverage else {
                        let _ = writeln!(out, "  {:<28} {reads}", rule.id);
                        continue;
                    };
                    let outcome = |i: &usize| scores.evaluations.outcomes(*i, j)[r];
                    let fired = ranked
                        .iter()
                        .filter(|i| outcome(i) == RuleOutcome::Fired)
                        .count();
                    let undecided = ranked
                        .iter()
                        .filter(|i| outcome(i) == RuleOutcome::Undecided)
                        .count();
                    let _ = writeln!(out, "  {:<28} {fired:>4} {undecided:>4}  {reads}", rule.id);
                    let key = format!("criteria[{}].rules[{}]", criterion.id, rule.id);
                    if !ranked.is_empty() && fired == 0 {
                        warnings.push(format!("{key}: fires for no ranked company"));
                    } else if !ranked.is_empty() && fired == ranked.len() {
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
    out
}

fn fields_read(thesis: &Thesis, rule: &Rule) -> String {
    let names: Vec<&str> = rule
        .condition
        .reads
        .iter()
        .map(|&f| thesis.schema.fields()[f].name.as_str())
        .collect();
    names.join(", ")
}
