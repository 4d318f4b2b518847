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
    let prior = match (&options.partners, options.prior) {
        (Some(_), _) => partners_prior(thesis, sensitivity),
        (None, WeightPrior::Dirichlet { concentration }) => {
            format!("Dirichlet around the thesis weights, concentration {concentration}")
        }
        (None, WeightPrior::Uniform) => "uniform over every weighting".to_string(),
        (None, WeightPrior::Fixed) => "the thesis weights".to_string(),
    };
    let _ = writeln!(
        out,
        "{} weight samples ({prior}), seed {}{}",
        options.samples,
        options.seed,
        ranged_note(sensitivity.ranged_rules)
    );
    for line in partner_firsts(thesis, data, sensitivity) {
        let _ = writeln!(out, "  {line}");
    }
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

/// How weights are drawn from a partnership's: the fitted Dirichlet, its mean and precision.
pub(super) fn partners_prior(thesis: &Thesis, sensitivity: &Sensitivity) -> String {
    let Some(spread) = &sensitivity.options.partners else {
        return String::new();
    };
    format!(
        "a Dirichlet fitted to the {} partners of {}: consensus {}, concentration {:.1}",
        spread.partners.names.len(),
        spread.partners.file,
        weight_list(thesis, &spread.consensus),
        spread.concentration
    )
}

/// One line per partner: its weights and the company they put first.
pub(super) fn partner_firsts(
    thesis: &Thesis,
    data: &Dataset,
    sensitivity: &Sensitivity,
) -> Vec<String> {
    (sensitivity.partner_leaders.iter())
        .map(|partner| {
            let leaders: Vec<&str> = partner.leaders.iter().map(|&c| data.name(c)).collect();
            format!(
                "{} ({}) puts {} first",
                partner.partner,
                weight_list(thesis, &partner.weights),
                if leaders.is_empty() {
                    "no company".to_string()
                } else {
                    leaders.join(" and ")
                }
            )
        })
        .collect()
}

fn weight_list(thesis: &Thesis, weights: &[f64]) -> String {
    let each: Vec<String> = (thesis.criteria.iter().zip(weights))
        .map(|(criterion, weight)| format!("{} {weight:.3}", criterion.id))
        .collect();
    each.join(", ")
}
