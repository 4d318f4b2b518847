//! The backtest in words: the sentences `thesis backtest` prints and the HTML report shows — the
//! sample, a plain warning when it is too small, each statistic with its interval, p-value and
//! reading, the comparison of each quadrant axis, and who was left out and why.

use crate::model::Dataset;
use crate::stats::{Backtest, Estimate, Exclusion, MIN_EACH_OUTCOME, MIN_SAMPLE};
use crate::thesis::Thesis;
use std::fmt::Write;

/// Below this p-value a statistic is read as evidence of a relation.
const SIGNIFICANCE: f64 = 0.05;

/// One statistic as a row: name, value, interval, p-value, and what it says.
pub(super) struct StatisticRow {
    pub name: String,
    pub value: String,
    pub interval: String,
    pub p_value: String,
    pub reading: String,
}

pub(super) fn headline(thesis: &Thesis, backtest: &Backtest) -> String {
    format!(
        "{} companies have a final outcome after the thesis date ({}): {} counted as a success, {} not.",
        backtest.sample(),
        thesis.as_of,
        backtest.successes(),
        backtest.failures()
    )
}

pub(super) fn caution(backtest: &Backtest) -> Option<String> {
    backtest.too_small().then(|| {
        format!(
            "Too small a sample to conclude anything. With fewer than {MIN_SAMPLE} companies, or fewer \
             than {MIN_EACH_OUTCOME} of either outcome, chance alone produces correlations and rates as \
             large as these; read the numbers as a description of these companies, not as evidence \
             for or against the thesis."
        )
    })
}

pub(super) fn statistic_rows(backtest: &Backtest) -> Vec<StatisticRow> {
    let k = backtest.options.top_k;
    let base_rate =
        (backtest.sample() > 0).then(|| backtest.successes() as f64 / backtest.sample() as f64);
    [
        (
            "Spearman's rho (score vs outcome level)",
            backtest.spearman,
            0.0,
        ),
        (
            "Kendall's tau-b (score vs outcome level)",
            backtest.kendall,
            0.0,
        ),
        ("ROC AUC (score vs success)", backtest.auc, 0.5),
        (
            &*format!("Precision at {k} (successes among the top {k})"),
            backtest.precision_at_k,
            base_rate.unwrap_or(0.0),
        ),
    ]
    .into_iter()
    .map(|(name, estimate, null)| StatisticRow {
        name: name.to_string(),
        value: number(estimate.value),
        interval: estimate.interval.map_or("n/a".to_string(), |(lo, hi)| {
            format!("{} to {}", short(lo), short(hi))
        }),
        p_value: estimate.p_value.map_or("n/a".to_string(), p_value),
        reading: reading(&estimate, null),
    })
    .collect()
}

fn reading(estimate: &Estimate, null: f64) -> String {
    match (estimate.value, estimate.p_value) {
        (None, _) => "undefined on this sample".to_string(),
        (Some(_), None) => "no p-value (no permutations)".to_string(),
        (Some(value), Some(p)) if p < SIGNIFICANCE => {
            let direction = if value > null { "agrees" } else { "disagrees" };
            format!("the score {direction} with the outcome beyond chance")
        }
        (Some(_), Some(_)) => "no evidence of a relation".to_string(),
    }
}

pub(super) fn axis_sentences(thesis: &Thesis, backtest: &Backtest) -> Vec<String> {
    backtest
        .axes
        .iter()
        .map(|axis| {
            let [high, low] = &axis.halves;
            let half = |half: &crate::stats::Half| {
                let rate = if half.companies == 0 {
                    "no companies".to_string()
                } else {
                    format!(
                        "{} of {} succeeded ({:.0}%), mean level {}",
                        half.successes,
                        half.companies,
                        100.0 * half.successes as f64 / half.companies as f64,
                        half.mean_level.map_or("n/a".to_string(), short)
                    )
                };
                format!("{}: {rate}", half.name)
            };
            format!(
                "{}: {} {}; {}. Fisher's exact test on success, p = {}; Mann–Whitney U on level, p = {}.",
                thesis.criteria[axis.criterion].label,
                question(&high.name, &low.name),
                half(high),
                half(low),
                axis.fisher_p.map_or("n/a".to_string(), p_value),
                axis.mann_whitney_p.map_or("n/a".to_string(), p_value)
            )
        })
        .collect()
}

fn question(high: &str, low: &str) -> String {
    format!(
        "did the {} companies fare better than the {} ones?",
        high.to_lowercase(),
        low.to_lowercase()
    )
}

pub(super) fn left_out(data: &Dataset, backtest: &Backtest) -> Vec<String> {
    [
        (
            Exclusion::KnownAtThesisDate,
            "final outcome known by the thesis date",
        ),
        (
            Exclusion::Unverified,
            "outcome not verified against a source",
        ),
        (Exclusion::InsufficientEvidence, "no evidence on every lens"),
        (Exclusion::OutsideScope, "outside the thesis scope"),
    ]
    .into_iter()
    .filter_map(|(reason, words)| {
        let names: Vec<&str> = backtest
            .companies
            .iter()
            .filter(|outcome| outcome.excluded == Some(reason))
            .map(|outcome| data.name(outcome.company))
            .collect();
        (!names.is_empty()).then(|| format!("{words}: {}", names.join(", ")))
    })
    .collect()
}

pub(super) fn method(backtest: &Backtest) -> String {
    let options = &backtest.options;
    format!(
        "p-values from {} random permutations of the outcomes (two-sided; one-sided for precision at k); \
         {:.0}% percentile intervals from {} bootstrap resamples of the companies (type-7 quantiles); seed {}.",
        options.permutations,
        options.confidence * 100.0,
        options.resamples,
        options.seed
    )
}

fn number(value: Option<f64>) -> String {
    value.map_or("n/a".to_string(), short)
}

fn short(value: f64) -> String {
    format!("{value:.3}")
}

fn p_value(p: f64) -> String {
    if p < 0.001 {
        "< 0.001".to_string()
    } else {
        format!("{p:.3}")
    }
}

/// The backtest in one line, for the end of a scoring run.
pub fn backtest_summary(backtest: &Backtest) -> String {
    let verdict = if backtest.too_small() {
        "too small a sample to conclude anything"
    } else {
        "see the report"
    };
    format!(
        "backtest: {} companies, {} successes; Spearman rho {} (p {}), ROC AUC {}: {verdict}",
        backtest.sample(),
        backtest.successes(),
        number(backtest.spearman.value),
        backtest.spearman.p_value.map_or("n/a".to_string(), p_value),
        number(backtest.auc.value)
    )
}

/// The text `thesis backtest` prints.
pub fn render_backtest(
    thesis: &Thesis,
    data: &Dataset,
    backtest: &Backtest,
    outcomes: &str,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Backtest of \"{}\" against {outcomes}", thesis.name);
    let _ = writeln!(out, "{}", headline(thesis, backtest));
    if let Some(caution) = caution(backtest) {
        let _ = writeln!(out, "\n{caution}");
    }
    out.push('\n');
    for row in statistic_rows(backtest) {
        let _ = writeln!(
            out,
            "{:<48} {:>7}   interval {:<16} p {:<8} {}",
            row.name, row.value, row.interval, row.p_value, row.reading
        );
    }
    let _ = writeln!(out, "{}", method(backtest));
    for sentence in axis_sentences(thesis, backtest) {
        let _ = writeln!(out, "\n{sentence}");
    }
    if !backtest.quadrants.is_empty() {
        out.push_str("\nBy quadrant:\n");
        for quadrant in &backtest.quadrants {
            let _ = writeln!(
                out,
                "  {:<28} {:>3} companies, {:>3} successes, mean level {}",
                quadrant.name,
                quadrant.companies,
                quadrant.successes,
                number(quadrant.mean_level)
            );
        }
    }
    let left_out = left_out(data, backtest);
    if !left_out.is_empty() {
        out.push_str("\nLeft out of the sample:\n");
        for line in left_out {
            let _ = writeln!(out, "  {line}");
        }
    }
    out.push_str("\nrank  company                       total  outcome (final event)\n");
    for outcome in backtest.included() {
        let event = &outcome.event;
        let _ = writeln!(
            out,
            "{:>4}  {:<28} {:>6}  {} {}{}{}",
            outcome.rank.map_or(String::new(), |rank| rank.to_string()),
            data.name(outcome.company),
            outcome.total.map_or(String::new(), short),
            event.date,
            event.event,
            if event.acquirer.is_empty() {
                String::new()
            } else {
                format!(" by {}", event.acquirer)
            },
            if outcome.class.success {
                ""
            } else {
                "  (not a success)"
            }
        );
    }
    out
}
