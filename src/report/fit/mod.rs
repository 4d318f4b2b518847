//! What `thesis fit` writes and prints: `fit.csv` (one row per lens), `fit_validation.csv` (one row
//! per validation and weighting), `fit.toml` (the thesis with the fitted weights), `fit.html`, and
//! the summary in words that the terminal and the page share.

mod page;
mod thesis_file;

pub use page::FitPage;
pub use thesis_file::FittedThesis;

use super::sheet::{Cell, Column, Sheet, Style};
use crate::stats::{Fit, FittedPoints, Scheme, Validation, Weighting};
use crate::thesis::{Aggregation, Method, Thesis};
use std::fmt::Write as _;

/// Below this p-value the gain over the thesis's weights is read as real.
const SIGNIFICANCE: f64 = 0.05;

/// One row per lens: the learned weight, its interval, and the thesis's weight.
pub fn fit_sheet(thesis: &Thesis, fit: &Fit) -> Sheet {
    let columns = vec![
        Column::new("criterion", Style::Text),
        Column::new("weight", Style::Decimal),
        Column::new("interval_low", Style::Decimal),
        Column::new("interval_high", Style::Decimal),
        Column::new("thesis_weight", Style::Decimal),
    ];
    let rows = (fit.weights.iter())
        .map(|lens| {
            vec![
                Cell::text(&thesis.criteria[lens.criterion].id),
                Cell::Number(lens.weight),
                Cell::number(lens.interval.map(|(low, _)| low)),
                Cell::number(lens.interval.map(|(_, high)| high)),
                Cell::Number(lens.thesis),
            ]
        })
        .collect();
    Sheet {
        name: "fit",
        title: "Fitted weights",
        columns,
        rows,
    }
}

/// One row per validation and weighting: held-out companies, rank correlation and AUC, and on the
/// fitted row the p-value of its gain over the thesis's weights.
pub fn fit_validation_sheet(fit: &Fit) -> Sheet {
    let columns = vec![
        Column::new("validation", Style::Text),
        Column::new("weighting", Style::Text),
        Column::new("companies", Style::Integer),
        Column::new("spearman_rho", Style::Decimal),
        Column::new("roc_auc", Style::Decimal),
        Column::new("gain_p_value", Style::PValue),
    ];
    let mut rows = Vec::new();
    for validation in &fit.validations {
        for judged in &validation.judged {
            rows.push(vec![
                Cell::text(scheme_name(&validation.scheme)),
                Cell::text(&judged.label),
                Cell::Integer(validation.tested as u64),
                Cell::number(judged.spearman),
                Cell::number(judged.auc),
                Cell::number(
                    validation
                        .gain_p_value
                        .filter(|_| judged.weighting == Weighting::Fitted),
                ),
            ]);
        }
    }
    Sheet {
        name: "fit_validation",
        title: "Fit validation",
        columns,
        rows,
    }
}

/// With `--points`, one row per ranged rule: the fitted points, the range, the thesis's points.
pub fn fit_points_sheet(thesis: &Thesis, fit: &Fit) -> Sheet {
    let columns = vec![
        Column::new("criterion", Style::Text),
        Column::new("rule", Style::Text),
        Column::new("points", Style::Decimal),
        Column::new("range_low", Style::Decimal),
        Column::new("range_high", Style::Decimal),
        Column::new("thesis_points", Style::Decimal),
    ];
    let rows = (fit.points.iter())
        .map(|rule| {
            vec![
                Cell::text(&thesis.criteria[rule.criterion].id),
                Cell::text(rule_id(thesis, rule)),
                Cell::Number(rule.points),
                Cell::Number(rule.range.0),
                Cell::Number(rule.range.1),
                Cell::Number(rule.thesis),
            ]
        })
        .collect();
    Sheet {
        name: "fit_points",
        title: "Fitted rule points",
        columns,
        rows,
    }
}

/// The id of a fitted rule.
fn rule_id<'a>(thesis: &'a Thesis, rule: &FittedPoints) -> &'a str {
    match &thesis.criteria[rule.criterion].method {
        Method::Rules { rules, .. } => &rules[rule.rule].id,
        Method::Formula { .. } => "",
    }
}

fn scheme_name(scheme: &Scheme) -> String {
    match scheme {
        Scheme::KFold { folds } => format!("{folds}-fold"),
        Scheme::OutOfTime { cohort, .. } => format!("out-of-time by {cohort}"),
    }
}

fn figure(value: Option<f64>) -> String {
    value.map_or_else(|| "n/a".to_string(), |value| format!("{value:.3}"))
}

/// A sentence of the fit, and whether it is a caution to set apart.
pub(super) struct Sentence {
    pub text: String,
    pub caution: bool,
}

/// The fit in sentences, most important first: what it rests on, what to be wary of, the
/// shrinkage and the points, and how the weights did out of sample against the others.
fn fit_sentences(thesis: &Thesis, fit: &Fit, outcomes: &str) -> Vec<Sentence> {
    let headline = format!(
        "Fitted on {} companies with a final outcome after the thesis date ({}) in {outcomes}: {} \
         counted as a success, {} not; {} other outcome rows left out (as the backtest leaves them out).",
        fit.sample, thesis.as_of, fit.successes, fit.failures, fit.left_out
    );
    let mut cautions = Vec::new();
    let mut sentences = Vec::new();
    if thesis.aggregation == Aggregation::Topsis {
        cautions.push(
            "The thesis aggregates by TOPSIS, but these weights were learned for a weighted sum of \
             the lens scores: TOPSIS weighs distances to the ideal and anti-ideal companies, so \
             fit.toml may rank differently from the fitted model."
                .to_string(),
        );
    }
    if fit.too_small() {
        cautions.push(format!(
            "Too small a sample to conclude anything: {} lenses need at least 10 successes and 10 \
             failures each ({} of each) and 30 companies. Read these weights as a description of \
             these companies, not as evidence for changing the thesis.",
            fit.weights.len(),
            10 * fit.weights.len()
        ));
    }
    sentences.push(format!(
        "Shrinkage toward {} {}: strength {}{}.",
        match &fit.options.partners {
            Some(spread) => format!(
                "the consensus of the {} partners of {}",
                spread.partners.names.len(),
                spread.partners.file
            ),
            None => "the thesis's weights".to_string(),
        },
        if fit.options.strength.is_some() {
            "as given".to_string()
        } else {
            format!(
                "chosen by {}-fold cross-validation",
                fit.options.folds.max(2)
            )
        },
        fit.strength,
        if fit.strength == 0.0 {
            " (none: the data alone)"
        } else {
            ""
        }
    ));
    if !fit.points.is_empty() {
        let each: Vec<String> = (fit.points.iter())
            .map(|rule| {
                format!(
                    "{} {:.3} (range {} to {}, thesis {})",
                    rule_id(thesis, rule),
                    rule.points,
                    rule.range.0,
                    rule.range.1,
                    rule.thesis
                )
            })
            .collect();
        sentences.push(format!(
            "Rule points fitted within their ranges on the whole sample, before the weights (the \
             out-of-sample figures below do not account for that choice): {}.",
            each.join("; ")
        ));
    }
    for validation in &fit.validations {
        sentences.push(validation_sentence(validation, fit));
    }
    let plain = |text: String| Sentence {
        text,
        caution: false,
    };
    std::iter::once(plain(headline))
        .chain(cautions.into_iter().map(|text| Sentence {
            text,
            caution: true,
        }))
        .chain(sentences.into_iter().map(plain))
        .collect()
}

fn validation_sentence(validation: &Validation, fit: &Fit) -> String {
    let fitted = validation.of(Weighting::Fitted);
    let others: Vec<String> = (validation.judged.iter())
        .filter(|judged| judged.weighting != Weighting::Fitted)
        .map(|judged| {
            format!(
                "{} {} (AUC {})",
                judged.label,
                figure(judged.spearman),
                figure(judged.auc)
            )
        })
        .collect();
    let scheme = match &validation.scheme {
        Scheme::KFold { folds } => format!("Out of sample ({folds}-fold, nested)"),
        Scheme::OutOfTime { cohort, runs } => format!(
            "Out of time (trained on earlier {cohort} cohorts, tested on the later ones, {runs} run{}{})",
            if *runs == 1 { "" } else { "s" },
            if fit.without_cohort > 0 {
                format!(
                    "; {} companies without a {cohort} left out",
                    fit.without_cohort
                )
            } else {
                String::new()
            }
        ),
    };
    let verdict = match validation.gain_p_value {
        Some(p) if p < SIGNIFICANCE => format!(
            "the gain over the thesis's weights is unlikely to be chance (paired permutation p = {p:.4})"
        ),
        Some(p) => format!(
            "no evidence that the fitted weights order the companies better than the thesis's \
             (paired permutation p = {p:.4})"
        ),
        None => "the gain over the thesis's weights was not tested".to_string(),
    };
    format!(
        "{scheme}, over {} companies: rank correlation with the outcome level {} (AUC {}) for the \
         fitted weights, against {}; {verdict}.",
        validation.tested,
        figure(fitted.spearman),
        figure(fitted.auc),
        others.join(", ")
    )
}

/// What `thesis fit` prints: the sentences, then the weights.
pub fn render_fit(thesis: &Thesis, fit: &Fit, outcomes: &str) -> String {
    let mut text = String::new();
    for sentence in fit_sentences(thesis, fit, outcomes) {
        text.push_str(&sentence.text);
        text.push('\n');
    }
    let coverage = (fit.options.confidence * 100.0).round();
    let _ = write!(
        text,
        "\n{:<24} {:>8} {:>19} {:>8}\n",
        "lens",
        "fitted",
        format!("{coverage}% interval"),
        "thesis"
    );
    for lens in &fit.weights {
        let interval = lens.interval.map_or_else(
            || "n/a".to_string(),
            |(low, high)| format!("{low:.3} – {high:.3}"),
        );
        let _ = writeln!(
            text,
            "{:<24} {:>8.3} {:>19} {:>8.3}",
            thesis.criteria[lens.criterion].id, lens.weight, interval, lens.thesis
        );
    }
    text
}
