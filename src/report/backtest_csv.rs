//! The backtest as CSV: `backtest.csv`, one row per company with an outcome (its score, its final
//! event, how the thesis reads it, and whether it is in the sample), and `backtest_statistics.csv`,
//! one row per statistic with its interval, p-value and sample size.

use super::{Exporter, format_number, neutralize};
use crate::io::Dataset;
use crate::stats::{Backtest, Estimate, Exclusion};
use crate::thesis::Thesis;
use std::io::Write;

pub struct BacktestCsv<'a> {
    pub data: &'a Dataset,
    pub backtest: &'a Backtest,
}

impl Exporter for BacktestCsv<'_> {
    fn file_name(&self) -> String {
        "backtest.csv".to_string()
    }

    fn write(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record([
            "rank",
            "id",
            "name",
            "total",
            "quadrant",
            "date",
            "event",
            "acquirer",
            "price_musd",
            "level",
            "success",
            "in_sample",
            "left_out_because",
        ])?;
        let optional = |value: Option<f64>| value.map(format_number).unwrap_or_default();
        let text = |value: &str| neutralize(value).into_owned();
        for outcome in &self.backtest.companies {
            let event = &outcome.event;
            writer.write_record([
                outcome
                    .rank
                    .map(|rank| rank.to_string())
                    .unwrap_or_default(),
                text(&self.data.companies[outcome.company].id),
                text(&self.data.companies[outcome.company].name),
                optional(outcome.total),
                text(outcome.quadrant.as_deref().unwrap_or_default()),
                event.date.to_string(),
                text(&event.event),
                text(&event.acquirer),
                optional(event.price_musd),
                format_number(outcome.class.level),
                outcome.class.success.to_string(),
                outcome.excluded.is_none().to_string(),
                match outcome.excluded {
                    None => "",
                    Some(Exclusion::KnownAtThesisDate) => "known-at-thesis-date",
                    Some(Exclusion::InsufficientEvidence) => "insufficient-evidence",
                    Some(Exclusion::OutsideScope) => "outside-scope",
                }
                .to_string(),
            ])?;
        }
        writer.flush()?;
        Ok(())
    }
}

pub struct BacktestStatisticsCsv<'a> {
    pub thesis: &'a Thesis,
    pub backtest: &'a Backtest,
}

impl Exporter for BacktestStatisticsCsv<'_> {
    fn file_name(&self) -> String {
        "backtest_statistics.csv".to_string()
    }

    fn write(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let backtest = self.backtest;
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record([
            "statistic",
            "value",
            "interval_low",
            "interval_high",
            "p_value",
            "companies",
        ])?;
        let optional = |value: Option<f64>| value.map(format_number).unwrap_or_default();
        let mut row = |name: &str, estimate: Estimate, companies: usize| {
            writer.write_record([
                name.to_string(),
                optional(estimate.value),
                optional(estimate.interval.map(|(low, _)| low)),
                optional(estimate.interval.map(|(_, high)| high)),
                optional(estimate.p_value),
                companies.to_string(),
            ])
        };
        let rate = |successes: usize, companies: usize| Estimate {
            value: (companies > 0).then(|| successes as f64 / companies as f64),
            ..Estimate::default()
        };
        let p_only = |p_value: Option<f64>| Estimate {
            p_value,
            ..Estimate::default()
        };
        let n = backtest.sample();
        row("spearman_rho", backtest.spearman, n)?;
        row("kendall_tau_b", backtest.kendall, n)?;
        row("roc_auc", backtest.auc, n)?;
        let k = backtest.options.top_k;
        row(&format!("precision_at_{k}"), backtest.precision_at_k, n)?;
        row("success_rate", rate(backtest.successes(), n), n)?;
        for quadrant in &backtest.quadrants {
            let name = format!("success_rate_{}", slug(&quadrant.name));
            row(
                &name,
                rate(quadrant.successes, quadrant.companies),
                quadrant.companies,
            )?;
        }
        for axis in &backtest.axes {
            let criterion = &self.thesis.criteria[axis.criterion].id;
            for half in &axis.halves {
                let name = format!("success_rate_{}", slug(&half.name));
                row(&name, rate(half.successes, half.companies), half.companies)?;
            }
            let both = axis.halves[0].companies + axis.halves[1].companies;
            row(
                &format!("fisher_exact_{criterion}"),
                p_only(axis.fisher_p),
                both,
            )?;
            row(
                &format!("mann_whitney_{criterion}"),
                p_only(axis.mann_whitney_p),
                both,
            )?;
        }
        writer.flush()?;
        Ok(())
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
