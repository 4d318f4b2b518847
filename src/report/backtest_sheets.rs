//! The backtest's two sheets: `backtest`, one row per company with an outcome, and
//! `backtest_statistics`, one row per statistic.

use super::sheet::{Cell, Column, Sheet, Style};
use crate::model::Dataset;
use crate::stats::{Backtest, Estimate, Exclusion};
use crate::thesis::Thesis;

/// One row per company with an outcome: its score, its final event, how the thesis reads the
/// event, and whether the company is in the sample (and why not).
pub fn backtest_sheet(data: &Dataset, backtest: &Backtest) -> Sheet {
    let columns = vec![
        Column::new("rank", Style::Integer),
        Column::new("id", Style::Text),
        Column::new("name", Style::Text),
        Column::new("total", Style::Score),
        Column::new("quadrant", Style::Text),
        Column::new("date", Style::Text),
        Column::new("event", Style::Text),
        Column::new("acquirer", Style::Text),
        Column::new("price_musd", Style::Decimal),
        Column::new("level", Style::Decimal),
        Column::new("success", Style::Text),
        Column::new("in_sample", Style::Text),
        Column::new("left_out_because", Style::Text),
    ];
    let rows = backtest
        .companies
        .iter()
        .map(|outcome| {
            let event = &outcome.event;
            let left_out = outcome.excluded.map(|exclusion| match exclusion {
                Exclusion::KnownAtThesisDate => "known-at-thesis-date",
                Exclusion::InsufficientEvidence => "insufficient-evidence",
                Exclusion::Unverified => "unverified",
                Exclusion::OutsideScope => "outside-scope",
            });
            vec![
                outcome
                    .rank
                    .map_or(Cell::Empty, |rank| Cell::Integer(rank as u64)),
                Cell::text(data.id(outcome.company)),
                Cell::text(data.name(outcome.company)),
                Cell::number(outcome.total),
                outcome.quadrant.as_deref().map_or(Cell::Empty, Cell::text),
                Cell::text(event.date.to_string()),
                Cell::text(&event.event),
                Cell::text(&event.acquirer),
                Cell::number(event.price_musd),
                Cell::Number(outcome.class.level),
                Cell::Bool(outcome.class.success),
                Cell::Bool(outcome.excluded.is_none()),
                left_out.map_or(Cell::Empty, Cell::text),
            ]
        })
        .collect();
    Sheet {
        name: "backtest",
        title: "Backtest",
        columns,
        rows,
    }
}

/// One row per statistic: its value, interval, p-value and the number of companies it rests on.
pub fn backtest_statistics_sheet(thesis: &Thesis, backtest: &Backtest) -> Sheet {
    let columns = vec![
        Column::new("statistic", Style::Text),
        Column::new("value", Style::Decimal),
        Column::new("interval_low", Style::Decimal),
        Column::new("interval_high", Style::Decimal),
        Column::new("p_value", Style::PValue),
        Column::new("companies", Style::Integer),
    ];
    let mut rows = Vec::new();
    let mut names = std::collections::HashSet::new();
    // A statistic's name is unique in the sheet: a name already taken (two lenses with the same
    // pole names, a quadrant named like a pole) gets the lens id, then a number.
    let mut row = |name: &str, estimate: Estimate, companies: usize| {
        let mut unique = name.to_string();
        let mut copy = 1;
        while !names.insert(unique.clone()) {
            copy += 1;
            unique = format!("{name}_{copy}");
        }
        rows.push(vec![
            Cell::text(&unique),
            Cell::number(estimate.value),
            Cell::number(estimate.interval.map(|(low, _)| low)),
            Cell::number(estimate.interval.map(|(_, high)| high)),
            Cell::number(estimate.p_value),
            Cell::Integer(companies as u64),
        ]);
    };
    let rate = |successes: usize, companies: usize| Estimate {
        value: (companies > 0).then(|| successes as f64 / companies as f64),
        ..Estimate::default()
    };
    let p_only = |p_value: Option<f64>| Estimate {
        p_value,
        ..Estimate::default()
    };
    // A pole name that two lenses share, or that names a quadrant too, is qualified by its lens.
    let labels = (backtest.axes.iter().flat_map(|axis| &axis.halves))
        .map(|half| slug(&half.name))
        .chain(
            backtest
                .quadrants
                .iter()
                .map(|quadrant| slug(&quadrant.name)),
        );
    let mut seen = std::collections::HashMap::<String, usize>::new();
    for label in labels {
        *seen.entry(label).or_default() += 1;
    }
    let shared_pole = |name: &str| seen.get(&slug(name)).is_some_and(|&count| count > 1);
    let n = backtest.sample();
    row("spearman_rho", backtest.spearman, n);
    row("kendall_tau_b", backtest.kendall, n);
    row("roc_auc", backtest.auc, n);
    let k = backtest.options.top_k;
    row(&format!("precision_at_{k}"), backtest.precision_at_k, n);
    row("success_rate", rate(backtest.successes(), n), n);
    for quadrant in &backtest.quadrants {
        let name = format!("success_rate_{}", slug(&quadrant.name));
        let rate = rate(quadrant.successes, quadrant.companies);
        row(&name, rate, quadrant.companies);
    }
    for axis in &backtest.axes {
        let criterion = &thesis.criteria[axis.criterion].id;
        for half in &axis.halves {
            let name = match shared_pole(&half.name) {
                true => format!("success_rate_{criterion}_{}", slug(&half.name)),
                false => format!("success_rate_{}", slug(&half.name)),
            };
            row(&name, rate(half.successes, half.companies), half.companies);
        }
        let both = axis.halves[0].companies + axis.halves[1].companies;
        row(
            &format!("fisher_exact_{criterion}"),
            p_only(axis.fisher_p),
            both,
        );
        let mann_whitney = p_only(axis.mann_whitney_p);
        row(&format!("mann_whitney_{criterion}"), mann_whitney, both);
    }
    Sheet {
        name: "backtest_statistics",
        title: "Backtest statistics",
        columns,
        rows,
    }
}

/// A name as a column-safe word: `Standalone painkiller` → `standalone_painkiller`.
fn slug(name: &str) -> String {
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.join("_")
}
