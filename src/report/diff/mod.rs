//! What changed between two runs, and why: who entered and left the top k, who moved by n places
//! or more, and for each company whether its rules fired differently, its lens values changed, the
//! thesis's weights or rules changed, or none of those (it moved because others did, or because
//! their values moved the normalization). A run is read back from its `scores.csv` and `run.json`.

mod record;
mod render;

use super::manifest::RuleRecord;
use record::RecordRow;
pub use record::RunRecord;
pub use render::{diff_html, diff_sheet, diff_summary};

use std::collections::BTreeMap;

/// Differences a table printed to six decimals cannot tell from none.
const PRINTED: f64 = 5e-7;

/// The k of "entered and left the top k", and the places a company must move to be listed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DiffOptions {
    pub top: usize,
    pub moved: usize,
}

impl Default for DiffOptions {
    fn default() -> DiffOptions {
        DiffOptions { top: 10, moved: 5 }
    }
}

/// What changed between two runs.
#[derive(Debug, Clone, PartialEq)]
pub struct RunDiff {
    pub old: String,
    pub new: String,
    pub options: DiffOptions,
    /// What changed in the thesis, in words; empty when nothing did.
    pub thesis: Vec<String>,
    /// Every company of either run: the new run's in its order, then those it no longer ranks.
    pub companies: Vec<CompanyChange>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CompanyChange {
    pub id: String,
    pub name: String,
    pub old_rank: Option<usize>,
    pub new_rank: Option<usize>,
    pub old_total: Option<f64>,
    pub new_total: Option<f64>,
    /// Why it moved, most specific first.
    pub why: Vec<String>,
}

impl CompanyChange {
    /// Places gained (positive) or lost; none unless ranked in both runs.
    pub fn places(&self) -> Option<i64> {
        Some(self.old_rank? as i64 - self.new_rank? as i64)
    }

    pub fn entered_top(&self, top: usize) -> bool {
        self.new_rank.is_some_and(|rank| rank <= top) && self.old_rank.is_none_or(|rank| rank > top)
    }

    pub fn left_top(&self, top: usize) -> bool {
        self.old_rank.is_some_and(|rank| rank <= top) && self.new_rank.is_none_or(|rank| rank > top)
    }

    pub fn moved(&self, places: usize) -> bool {
        self.places()
            .is_some_and(|moved| moved.unsigned_abs() as usize >= places)
    }
}

/// Compares two runs company by company.
pub fn compare(old: &RunRecord, new: &RunRecord, options: DiffOptions) -> RunDiff {
    let thesis = thesis_changes(old, new);
    let old_rows: BTreeMap<&str, &RecordRow> =
        old.rows.iter().map(|row| (row.id.as_str(), row)).collect();
    let new_ids: std::collections::BTreeSet<&str> =
        new.rows.iter().map(|row| row.id.as_str()).collect();
    let mut companies: Vec<CompanyChange> = (new.rows.iter())
        .map(|row| {
            let before = old_rows.get(row.id.as_str()).copied();
            CompanyChange {
                id: row.id.clone(),
                name: row.name.clone(),
                old_rank: before.map(|before| before.rank),
                new_rank: Some(row.rank),
                old_total: before.and_then(|before| before.total),
                new_total: row.total,
                why: match before {
                    Some(before) => why(old, new, before, row, &thesis),
                    None => vec![format!("not ranked in {}", old.label)],
                },
            }
        })
        .collect();
    companies.extend(
        old.rows
            .iter()
            .filter(|row| !new_ids.contains(row.id.as_str()))
            .map(|row| CompanyChange {
                id: row.id.clone(),
                name: row.name.clone(),
                old_rank: Some(row.rank),
                new_rank: None,
                old_total: row.total,
                new_total: None,
                why: vec![format!("not ranked in {}", new.label)],
            }),
    );
    RunDiff {
        old: old.label.clone(),
        new: new.label.clone(),
        options,
        thesis,
        companies,
    }
}

/// The thesis's changes: aggregation, normalization, lenses, weights and rules.
fn thesis_changes(old: &RunRecord, new: &RunRecord) -> Vec<String> {
    let mut changes = Vec::new();
    for (what, before, after) in [
        ("aggregation", &old.aggregation, &new.aggregation),
        ("normalization", &old.normalization, &new.normalization),
    ] {
        if before != after {
            changes.push(format!("{what} {before} → {after}"));
        }
    }
    let shares = |record: &RunRecord| -> BTreeMap<String, f64> {
        let total: f64 = record.lenses.iter().map(|(_, weight)| weight).sum();
        (record.lenses.iter())
            .map(|(lens, weight)| (lens.clone(), weight / total))
            .collect()
    };
    let (before, after) = (shares(old), shares(new));
    for (lens, share) in &after {
        match before.get(lens) {
            None => changes.push(format!("lens {lens} added at {:.0}%", share * 100.0)),
            Some(was) if (was - share).abs() > 1e-9 => changes.push(format!(
                "weight of {lens} {:.1}% → {:.1}%",
                was * 100.0,
                share * 100.0
            )),
            Some(_) => {}
        }
    }
    for lens in before.keys().filter(|lens| !after.contains_key(*lens)) {
        changes.push(format!("lens {lens} removed"));
    }
    match (&old.rules, &new.rules) {
        (Some(before), Some(after)) => {
            for (id, rule) in after {
                match before.get(id) {
                    None => changes.push(format!(
                        "rule {id} added to {} ({} when {})",
                        rule.lens, rule.points, rule.when
                    )),
                    Some(was) if was != rule => changes.push(rule_change(id, was, rule)),
                    Some(_) => {}
                }
            }
            for id in before.keys().filter(|id| !after.contains_key(*id)) {
                changes.push(format!("rule {id} removed"));
            }
        }
        _ if old.thesis_sha256 != new.thesis_sha256 => changes.push(
            "the thesis file changed (the older run.json does not record its rules)".to_string(),
        ),
        _ => {}
    }
    changes
}

fn rule_change(id: &str, was: &RuleRecord, rule: &RuleRecord) -> String {
    let mut parts = Vec::new();
    if was.when != rule.when {
        parts.push(format!("when {} → {}", was.when, rule.when));
    }
    if was.points != rule.points {
        parts.push(format!("points {} → {}", was.points, rule.points));
    }
    if was.lens != rule.lens {
        parts.push(format!("lens {} → {}", was.lens, rule.lens));
    }
    format!("rule {id} changed: {}", parts.join(", "))
}

/// Why a company ranked in both runs is where it is now.
fn why(
    old: &RunRecord,
    new: &RunRecord,
    before: &RecordRow,
    after: &RecordRow,
    thesis: &[String],
) -> Vec<String> {
    let mut reasons = Vec::new();
    if let (Some(was), Some(now)) = (&old.values, &new.values)
        && let (Some(was), Some(now)) = (was.get(&before.id), now.get(&after.id))
    {
        let changed: Vec<String> = (now.iter())
            .filter_map(|(field, value)| {
                let before = was.get(field)?;
                (before != value).then(|| format!("{field} {before} → {value}"))
            })
            .collect();
        if !changed.is_empty() {
            reasons.push(format!("its values changed: {}", changed.join(", ")));
        }
    }
    for (j, (lens, _)) in new.lenses.iter().enumerate() {
        let Some(i) = old.lenses.iter().position(|(other, _)| other == lens) else {
            continue;
        };
        let (was, now) = (&before.lenses[i], &after.lenses[j]);
        let gained: Vec<&String> = now
            .fired
            .iter()
            .filter(|rule| !was.fired.contains(rule))
            .collect();
        let lost: Vec<&String> = was
            .fired
            .iter()
            .filter(|rule| !now.fired.contains(rule))
            .collect();
        let condition = |record: &RunRecord, rule: &str| {
            (record.rules.as_ref())
                .and_then(|rules| rules.get(rule))
                .map_or(String::new(), |rule| format!(" ({})", rule.when))
        };
        for rule in gained {
            reasons.push(format!("{lens}: {rule} now fires{}", condition(new, rule)));
        }
        for rule in lost {
            reasons.push(format!(
                "{lens}: {rule} no longer fires{}",
                condition(old, rule)
            ));
        }
        for ((field, term_was), (_, term_now)) in was.terms.iter().zip(&now.terms) {
            if differs(*term_was, *term_now) {
                reasons.push(format!(
                    "{lens}: {field} {} → {}",
                    shown(*term_was),
                    shown(*term_now)
                ));
            }
        }
        let rule_changed = (now.fired.iter().chain(&was.fired))
            .filter(|rule| {
                thesis
                    .iter()
                    .any(|change| change.starts_with(&format!("rule {rule} ")))
            })
            .collect::<std::collections::BTreeSet<_>>();
        for rule in rule_changed {
            reasons.push(format!("{lens}: the thesis changed {rule}, which it fires"));
        }
        if differs(was.raw, now.raw)
            && reasons
                .iter()
                .all(|reason| !reason.starts_with(&format!("{lens}:")))
        {
            reasons.push(format!(
                "{lens}: raw value {} → {}",
                shown(was.raw),
                shown(now.raw)
            ));
        } else if !differs(was.raw, now.raw) && differs(was.score, now.score) {
            reasons.push(format!(
                "{lens}: score {} → {} with its raw value unchanged: others' values moved the normalization",
                shown(was.score),
                shown(now.score)
            ));
        }
    }
    if thesis
        .iter()
        .any(|change| change.starts_with("weight of") || change.starts_with("lens "))
    {
        reasons.push(weights_reason(old, new, before, after));
    }
    if reasons.is_empty() && before.rank != after.rank {
        reasons.push("nothing of its own changed: it moved because others did".to_string());
    }
    reasons
}

/// The weight change that moved the company most: the lens whose share of its total grew or
/// shrank most, in the direction it moved.
fn weights_reason(
    old: &RunRecord,
    new: &RunRecord,
    before: &RecordRow,
    after: &RecordRow,
) -> String {
    let share = |record: &RunRecord, lens: &str| {
        let total: f64 = record.lenses.iter().map(|(_, weight)| weight).sum();
        (record.lenses.iter())
            .find(|(id, _)| id == lens)
            .map_or(0.0, |(_, weight)| weight / total)
    };
    let rose = after.rank < before.rank;
    let pulls = (new.lenses.iter().zip(&after.lenses)).filter_map(|((lens, _), cells)| {
        let change = share(new, lens) - share(old, lens);
        let pull = cells.score? * change;
        (change.abs() > 1e-9).then_some((lens, change, pull, cells.score?))
    });
    let strongest = pulls.max_by(|a, b| {
        let (a, b) = if rose { (a.2, b.2) } else { (-a.2, -b.2) };
        a.total_cmp(&b)
    });
    match strongest {
        Some((lens, change, _, score)) => format!(
            "the thesis's weights changed, most for it {lens} ({}{:.1} points of weight, its score {})",
            if change > 0.0 { "+" } else { "" },
            change * 100.0,
            shown(Some(score))
        ),
        None => "the thesis's weights changed".to_string(),
    }
}

fn differs(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() > PRINTED,
        (None, None) => false,
        _ => true,
    }
}

fn shown(value: Option<f64>) -> String {
    value.map_or_else(
        || "none".to_string(),
        |value| {
            let text = format!("{value:.6}");
            text.trim_end_matches('0').trim_end_matches('.').to_string()
        },
    )
}
