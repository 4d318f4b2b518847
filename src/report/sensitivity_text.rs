//! The text `thesis sensitivity` prints: who holds first place and what weight change would move it,
//! then each company's rank interval under sampled weights.

use crate::model::Dataset;
use crate::stats::{Sensitivity, WeightPrior};
use crate::thesis::Thesis;
use std::fmt::Write;

pub fn render_sensitivity(thesis: &Thesis, data: &Dataset, sensitivity: &Sensitivity) -> String {
    let options = &sensitivity.options;
    let name = |company: usize| data.name(company);
    let mut out = String::new();
    let prior = match options.prior {
        WeightPrior::Dirichlet { concentration } => {
            format!("Dirichlet around the thesis weights, concentration {concentration}")
        }
        WeightPrior::Uniform => "uniform over every weighting".to_string(),
        WeightPrior::Fixed => "the thesis weights".to_string(),
    };
    let _ = writeln!(
        out,
        "{} weight samples ({prior}), seed {}{}",
        options.samples,
        options.seed,
        ranged_note(sensitivity.ranged_rules)
    );
    if let Some(first) = &sensitivity.first_place {
        let leaders: Vec<&str> = first.leaders.iter().map(|&c| name(c)).collect();
        match leaders.as_slice() {
            [only] => {
                let _ = writeln!(out, "first at the thesis weights: {only}");
            }
            many => {
                let _ = writeln!(
                    out,
                    "tied for first at the thesis weights: {} (broken by id)",
                    many.join(", ")
                );
            }
        }
        for (criterion, change) in thesis.criteria.iter().zip(&first.changes) {
            let _ = match change {
                Some(change) => writeln!(
                    out,
                    "  {} weight {:.3} -> {:.3} puts {} first",
                    criterion.id,
                    change.from,
                    change.to,
                    name(change.new_leader)
                ),
                None => writeln!(
                    out,
                    "  {} weight: no value from 0 to 1 changes who is first",
                    criterion.id
                ),
            };
        }
    }
    let _ = writeln!(
        out,
        "\nrank  {:<28} {:>9} {:>6} {:>7} {:>7}",
        "company",
        "p5-p95",
        "median",
        "first",
        format!("top {}", options.top_k)
    );
    for company in &sensitivity.companies {
        let _ = writeln!(
            out,
            "{:>4}  {:<28} {:>9} {:>6} {:>6.1}% {:>6.1}%",
            company.rank,
            name(company.company),
            format!("{}-{}", company.p5, company.p95),
            company.p50,
            company.first * 100.0,
            company.top_k * 100.0
        );
    }
    out
}

/// `; the points of N rules drawn from their ranges` when the thesis gives some points as ranges.
pub(super) fn ranged_note(rules: usize) -> String {
    match rules {
        0 => String::new(),
        1 => "; the points of 1 rule drawn from its range in each sample".to_string(),
        n => format!("; the points of {n} rules drawn from their ranges in each sample"),
    }
}
