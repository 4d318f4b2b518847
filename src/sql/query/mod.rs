//! The query, built as a chain of common table expressions, each adding the columns of one step:
//! typed values, rule outcomes and scope, the ranked companies, formula term scores, raw criterion
//! values, normalization statistics, scores, the weighted sum, and the ranking.

mod aggregate;
mod output;

use super::SqlOptions;
use super::condition::{Refusal, Translator};
use super::dialect::Dialect;
use crate::model::{FieldType, KEY_FIELDS, Origin};
use crate::thesis::{Aggregation, Condition, HitPolicy, Method, Normalization, Otherwise, Thesis};
use std::fmt::Write as _;

/// A refusal at a thesis key.
type Refused = (String, Refusal);

pub(super) struct Query<'a> {
    thesis: &'a Thesis,
    options: &'a SqlOptions,
    dialect: Dialect,
    steps: Vec<(String, String)>,
}

/// The statistics a normalization needs, in two window passes, and how it is applied.
struct Normalized {
    first: Vec<String>,
    second: Vec<String>,
    applied: String,
}

impl<'a> Query<'a> {
    pub(super) fn new(thesis: &'a Thesis, options: &'a SqlOptions) -> Query<'a> {
        Query {
            thesis,
            options,
            dialect: options.dialect,
            steps: Vec::new(),
        }
    }

    pub(super) fn build(mut self) -> Result<String, Refused> {
        self.typed();
        self.decided()?;
        self.step(
            "ranked",
            "SELECT * FROM decided WHERE __in_scope".to_string(),
        );
        self.terms();
        self.raw();
        self.scores();
        match self.thesis.aggregation {
            Aggregation::WeightedSum => self.weighted_sum(),
            Aggregation::Topsis => self.topsis(),
        }
        self.classed();
        Ok(self.finish())
    }

    fn step(&mut self, name: &str, select: String) {
        self.steps.push((name.to_string(), select));
    }

    fn ident(&self, name: &str) -> String {
        self.dialect.ident(name)
    }

    fn number(&self, number: f64) -> String {
        self.dialect.number(number)
    }

    /// Every cell typed as the thesis declares it: trimmed text, `NULL` where empty or `#N/A`.
    fn typed(&mut self) {
        let text = |table: &str, column: &str| {
            format!(
                "NULLIF(NULLIF(TRIM(CAST({table}.{} AS {})), ''), '#N/A')",
                self.ident(column),
                self.dialect.text_type()
            )
        };
        let mut columns = Vec::new();
        for field in self.thesis.schema.fields() {
            let table = match field.origin {
                Origin::Company => "c",
                Origin::Category => "k",
            };
            let cell = text(table, &field.name);
            let typed = match field.field_type {
                FieldType::Text | FieldType::List => cell,
                FieldType::Number => format!("CAST({cell} AS {})", self.dialect.double_type()),
                FieldType::Bool => format!(
                    "(CASE LOWER({cell}) WHEN 'true' THEN TRUE WHEN 'yes' THEN TRUE \
                     WHEN 'false' THEN FALSE WHEN 'no' THEN FALSE END)"
                ),
            };
            columns.push(format!("{typed} AS {}", self.ident(&field.name)));
        }
        let select = format!(
            "SELECT {}\n  FROM {} AS c JOIN {} AS k ON {} = {}",
            columns.join(",\n    "),
            self.ident(&self.options.companies_table),
            self.ident(&self.options.categories_table),
            text("k", "category"),
            text("c", KEY_FIELDS[2]),
        );
        self.step("typed", select);
    }

    /// The scope (undecided counts as in scope, as in the engine) and every rule's outcome: `TRUE`
    /// fired, `FALSE` not, `NULL` undecided.
    fn decided(&mut self) -> Result<(), Refused> {
        let translator = Translator {
            dialect: self.dialect,
            schema: &self.thesis.schema,
        };
        let condition = |condition: &Condition, key: String| -> Result<String, Refused> {
            let tree = condition.tree().ok_or_else(|| {
                (
                    key.clone(),
                    "a condition that reads a list field or calls a function other than \
                     contains, startsWith and endsWith"
                        .to_string(),
                )
            })?;
            translator.test(tree).map_err(|refusal| (key, refusal))
        };
        let scope = match &self.thesis.scope {
            Some(scope) => condition(scope, "scope".to_string())?,
            None => "TRUE".to_string(),
        };
        let mut columns = vec![format!("COALESCE({scope}, TRUE) AS __in_scope")];
        for (j, criterion) in self.thesis.criteria.iter().enumerate() {
            if let Method::Rules { rules, .. } = &criterion.method {
                for (k, rule) in rules.iter().enumerate() {
                    let key = format!("criteria[{}].rules[{}].when", criterion.id, rule.id);
                    columns.push(format!(
                        "{} AS __rule_{j}_{k}",
                        condition(&rule.condition, key)?
                    ));
                }
            }
        }
        self.step(
            "decided",
            format!("SELECT typed.*, {}\n  FROM typed", columns.join(",\n    ")),
        );
        Ok(())
    }

    /// The score of every formula term, fitted on the ranked companies.
    fn terms(&mut self) {
        let mut normalized = Vec::new();
        for (j, criterion) in self.thesis.criteria.iter().enumerate() {
            if let Method::Formula {
                normalization,
                terms,
            } = &criterion.method
            {
                for (t, term) in terms.iter().enumerate() {
                    let value = self.ident(&term.field);
                    let name = format!("__term_{j}_{t}");
                    normalized.push((name.clone(), self.normalize(*normalization, &value, &name)));
                }
            }
        }
        self.normalize_steps("terms", "ranked", &normalized);
    }

    /// Three steps: the first and second window statistics, then the applied values as `name`.
    fn normalize_steps(&mut self, name: &str, from: &str, normalized: &[(String, Normalized)]) {
        let list = |columns: Vec<String>| match columns.is_empty() {
            true => String::new(),
            false => format!(", {}", columns.join(",\n    ")),
        };
        let first = normalized
            .iter()
            .flat_map(|(_, n)| n.first.clone())
            .collect();
        let second = normalized
            .iter()
            .flat_map(|(_, n)| n.second.clone())
            .collect();
        let applied = (normalized.iter())
            .map(|(column, n)| format!("{} AS {column}", n.applied))
            .collect();
        self.step(
            &format!("{name}_1"),
            format!("SELECT {from}.*{}\n  FROM {from}", list(first)),
        );
        self.step(
            &format!("{name}_2"),
            format!("SELECT {name}_1.*{}\n  FROM {name}_1", list(second)),
        );
        self.step(
            name,
            format!("SELECT {name}_2.*{}\n  FROM {name}_2", list(applied)),
        );
    }

    /// `value` normalized as the engine's `Scale` does, with statistics named after `name`.
    fn normalize(&self, kind: Normalization, value: &str, name: &str) -> Normalized {
        let guard = |varies: String, scaled: String, constant: &str| {
            format!(
                "(CASE WHEN {value} IS NULL THEN NULL WHEN {varies} THEN {scaled} ELSE {constant} END)"
            )
        };
        match kind {
            Normalization::None => Normalized {
                first: Vec::new(),
                second: Vec::new(),
                applied: value.to_string(),
            },
            Normalization::MinMax => Normalized {
                first: vec![
                    format!("MIN({value}) OVER () AS {name}_min"),
                    format!("MAX({value}) OVER () AS {name}_max"),
                ],
                second: Vec::new(),
                applied: guard(
                    format!("{name}_max - {name}_min > 0"),
                    format!("({value} - {name}_min) / ({name}_max - {name}_min)"),
                    "0.5",
                ),
            },
            Normalization::ZScore => Normalized {
                first: vec![format!("AVG({value}) OVER () AS {name}_mean")],
                second: vec![format!(
                    "SQRT(AVG(({value} - {name}_mean) * ({value} - {name}_mean)) OVER ()) AS {name}_sd"
                )],
                applied: guard(
                    format!("{name}_sd > 0"),
                    format!("({value} - {name}_mean) / {name}_sd"),
                    "0.0",
                ),
            },
            Normalization::Vector => Normalized {
                first: vec![format!(
                    "SQRT(SUM({value} * {value}) OVER ()) AS {name}_norm"
                )],
                second: Vec::new(),
                applied: guard(
                    format!("{name}_norm > 0"),
                    format!("{value} / {name}_norm"),
                    "0.0",
                ),
            },
        }
    }

    /// Each criterion's raw value: its rules under the hit policy, or its formula; the `otherwise`
    /// value (or `NULL`, insufficient evidence) when no rule fires or a formula input is missing.
    fn raw(&mut self) {
        let mut columns = Vec::new();
        for (j, criterion) in self.thesis.criteria.iter().enumerate() {
            let otherwise = match criterion.otherwise {
                Otherwise::Value(value) => self.number(value),
                Otherwise::InsufficientEvidence => "NULL".to_string(),
            };
            let raw = match &criterion.method {
                Method::Rules { hit_policy, rules } => {
                    let fired = |k: usize| format!("COALESCE(__rule_{j}_{k}, FALSE)");
                    match hit_policy {
                        HitPolicy::Sum => {
                            let any: Vec<String> = (0..rules.len()).map(fired).collect();
                            let points: Vec<String> = (rules.iter().enumerate())
                                .map(|(k, rule)| {
                                    format!(
                                        "(CASE WHEN {} THEN {} ELSE 0.0 END)",
                                        fired(k),
                                        self.number(rule.points)
                                    )
                                })
                                .collect();
                            match rules.is_empty() {
                                true => otherwise,
                                false => format!(
                                    "(CASE WHEN {} THEN {} ELSE {otherwise} END)",
                                    any.join(" OR "),
                                    points.join(" + ")
                                ),
                            }
                        }
                        HitPolicy::First | HitPolicy::Max => {
                            // Under `max`, the first fired rule in order of most points.
                            let mut order: Vec<usize> = (0..rules.len()).collect();
                            if *hit_policy == HitPolicy::Max {
                                order.sort_by(|&a, &b| rules[b].points.total_cmp(&rules[a].points));
                            }
                            let mut case = String::from("(CASE");
                            for k in order {
                                let _ = write!(
                                    case,
                                    " WHEN {} THEN {}",
                                    fired(k),
                                    self.number(rules[k].points)
                                );
                            }
                            format!("{case} ELSE {otherwise} END)")
                        }
                    }
                }
                Method::Formula { terms, .. } => {
                    let total: f64 = terms.iter().map(|term| term.weight).sum();
                    let weighted: Vec<String> = (0..terms.len())
                        .map(|t| format!("{} * __term_{j}_{t}", self.number(terms[t].weight)))
                        .collect();
                    format!(
                        "(CASE WHEN ({0}) IS NULL THEN {otherwise} ELSE ({0}) / {1} END)",
                        weighted.join(" + "),
                        self.number(total)
                    )
                }
            };
            columns.push(format!("{raw} AS __raw_{j}"));
        }
        self.step(
            "raw",
            format!("SELECT terms.*, {}\n  FROM terms", columns.join(",\n    ")),
        );
    }

    fn scores(&mut self) {
        let normalized: Vec<(String, Normalized)> = (self.thesis.criteria.iter().enumerate())
            .map(|(j, criterion)| {
                let name = format!("__score_{j}");
                let value = format!("__raw_{j}");
                (
                    name.clone(),
                    self.normalize(criterion.normalization, &value, &name),
                )
            })
            .collect();
        self.normalize_steps("scores", "raw", &normalized);
    }
}
