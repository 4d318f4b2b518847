//! Validation and compilation of a raw thesis: every problem is collected with the key it is at, and
//! every condition is compiled once against the schema the thesis declares.

use super::problems::{Problems, is_id};
use super::raw::{RawCriterion, RawField, RawFormula, RawQuadrant, RawThesis};
use super::{Condition, Criterion, DatedField, Method, Otherwise, Quadrant, Rule, Term, Thesis};
use crate::error::Problem;
use crate::model::{FieldType, PartialDate, Schema};
use std::collections::{BTreeMap, HashSet};

const CEL_RESERVED: [&str; 21] = [
    "true",
    "false",
    "null",
    "in",
    "as",
    "break",
    "const",
    "continue",
    "else",
    "for",
    "function",
    "if",
    "import",
    "let",
    "loop",
    "package",
    "namespace",
    "return",
    "var",
    "void",
    "while",
];

pub(super) fn compile(raw: RawThesis) -> Result<Thesis, Vec<Problem>> {
    let mut problems = Problems::default();
    if PartialDate::parse_day(&raw.as_of).is_none() {
        problems.add(
            "as_of",
            format!("expected a date as YYYY-MM-DD, found \"{}\"", raw.as_of),
        );
    }
    let (schema, dated) = compile_schema(&raw, &mut problems);
    let scope = raw.scope.as_deref().and_then(|source| {
        Condition::compile(source, &schema)
            .map_err(|message| problems.add("scope", message))
            .ok()
    });
    let criteria = compile_criteria(&raw, &schema, &mut problems);
    let quadrant = raw
        .quadrant
        .as_ref()
        .and_then(|quadrant| compile_quadrant(quadrant, &raw.criteria, &mut problems));
    let outcome_scale = super::backtest::compile_outcome_scale(
        raw.backtest.as_ref().map(|backtest| &backtest.outcomes),
        &mut problems,
    );
    if let Some(problems) = problems.into_errors() {
        return Err(problems);
    }
    Ok(Thesis {
        name: raw.name,
        as_of: raw.as_of,
        description: raw.description,
        aggregation: raw.aggregation,
        normalization: raw.normalization,
        scope,
        schema,
        criteria,
        quadrant,
        outcome_scale,
        dated,
        disclosures: raw.disclosures,
    })
}

/// The schema the thesis declares, and each dated field with the column that dates it. A date
/// column the thesis does not declare itself is added as a text field of the same file.
fn compile_schema(raw: &RawThesis, problems: &mut Problems) -> (Schema, Vec<DatedField>) {
    let mut seen: HashSet<String> = crate::model::KEY_FIELDS
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    let mut dates: Vec<(String, String)> = Vec::new();
    let mut declared = |table: &str, fields: &BTreeMap<String, RawField>| {
        let mut kept = Vec::new();
        for (name, field) in fields {
            let key = format!("{table}.{name}");
            if !is_identifier(name) {
                problems.add(
                    key,
                    "a field name must be letters, digits and _ (not starting with a digit)",
                );
            } else if CEL_RESERVED.contains(&name.as_str()) {
                problems.add(key, "is a reserved word of the rule language");
            } else if !seen.insert(name.clone()) {
                problems.add(
                    key,
                    "is declared twice (or is one of id, name, category, which every file has)",
                );
            } else {
                kept.push((name.clone(), field.field_type()));
                if let Some(date) = field.date_column() {
                    dates.push((name.clone(), date.to_string()));
                }
            }
        }
        for (name, date) in dates.iter().filter(|(name, _)| fields.contains_key(name)) {
            let key = format!("{table}.{name}.as_of");
            match fields.get(date).map(RawField::field_type) {
                Some(FieldType::Text) => {}
                Some(other) => problems.add(
                    key,
                    format!(
                        "the date column \"{date}\" is declared as {other}: declare it as text"
                    ),
                ),
                None if !is_identifier(date) => problems.add(
                    key,
                    format!("\"{date}\" is not a column name: letters, digits and _"),
                ),
                None if seen.contains(date) => problems.add(
                    key,
                    format!("the date column \"{date}\" must be in the same file as the field"),
                ),
                None => {
                    seen.insert(date.clone());
                    kept.push((date.clone(), FieldType::Text));
                }
            }
        }
        kept
    };
    let company = declared("fields", &raw.fields);
    let category = declared("category_fields", &raw.category_fields);
    let schema = Schema::new(&company, &category);
    let dated = dates
        .iter()
        .filter_map(|(field, date)| {
            Some(DatedField {
                field: schema.index_of(field)?,
                date: schema.index_of(date)?,
            })
        })
        .collect();
    (schema, dated)
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn compile_criteria(
    thesis: &RawThesis,
    schema: &Schema,
    problems: &mut Problems,
) -> Vec<Criterion> {
    let raw = &thesis.criteria;
    if raw.is_empty() {
        problems.add("criteria", "a thesis needs at least one criterion");
    }
    let mut criterion_ids = HashSet::new();
    let mut rule_ids = HashSet::new();
    let mut criteria = Vec::new();
    for (index, criterion) in raw.iter().enumerate() {
        let key = if is_id(&criterion.id) {
            format!("criteria[{}]", criterion.id)
        } else {
            format!("criteria[{index}]")
        };
        if !is_id(&criterion.id) {
            problems.add(
                format!("{key}.id"),
                "an id must be letters, digits, - and _",
            );
        } else if !criterion_ids.insert(criterion.id.as_str()) {
            problems.add(
                format!("{key}.id"),
                format!("the criterion id \"{}\" is used twice", criterion.id),
            );
        }
        if !criterion.weight.is_finite() || criterion.weight < 0.0 {
            problems.add(
                format!("{key}.weight"),
                format!(
                    "must be a finite number of zero or more, found {}",
                    criterion.weight
                ),
            );
        }
        let otherwise = compile_otherwise(criterion, &key, problems);
        let method = match (&criterion.formula, criterion.rules.is_empty()) {
            (Some(_), false) => {
                problems.add(&key, "has both rules and a formula: give one");
                None
            }
            (None, true) => {
                problems.add(&key, "has neither rules nor a formula");
                None
            }
            (Some(formula), true) => {
                if criterion.hit_policy.is_some() {
                    problems.add(
                        format!("{key}.hit_policy"),
                        "applies to rules, and this criterion has a formula",
                    );
                }
                compile_formula(formula, &key, schema, problems)
            }
            (None, false) => {
                let mut rules = Vec::new();
                for (rule_index, rule) in criterion.rules.iter().enumerate() {
                    let rule_key = if is_id(&rule.id) {
                        format!("{key}.rules[{}]", rule.id)
                    } else {
                        format!("{key}.rules[{rule_index}]")
                    };
                    if !is_id(&rule.id) {
                        problems.add(
                            format!("{rule_key}.id"),
                            "an id must be letters, digits, - and _",
                        );
                    } else if !rule_ids.insert(rule.id.as_str()) {
                        problems.add(
                            format!("{rule_key}.id"),
                            format!("the rule id \"{}\" is used twice", rule.id),
                        );
                    }
                    let points = compile_points(&rule.points, &rule_key, problems);
                    match Condition::compile(&rule.when, schema) {
                        Ok(condition) => rules.push(Rule {
                            id: rule.id.clone(),
                            condition,
                            points: points.map_or(0.0, |(low, high)| (low + high) / 2.0),
                            range: points.filter(|(low, high)| low != high),
                            reason: rule.reason.clone(),
                        }),
                        Err(message) => problems.add(format!("{rule_key}.when"), message),
                    }
                }
                let largest = |rule: &Rule| match rule.range {
                    Some((low, high)) => low.abs().max(high.abs()),
                    None => rule.points.abs(),
                };
                if !rules.iter().map(largest).sum::<f64>().is_finite() {
                    problems.add(format!("{key}.rules"), TOO_LARGE_A_SUM);
                }
                Some(Method::Rules {
                    hit_policy: criterion.hit_policy.unwrap_or_default(),
                    rules,
                })
            }
        };
        if let (Some(method), Some(otherwise)) = (method, otherwise) {
            criteria.push(Criterion {
                id: criterion.id.clone(),
                label: criterion.label.clone(),
                poles: criterion.poles.clone(),
                weight: criterion.weight,
                normalization: criterion.normalization.unwrap_or(thesis.normalization),
                method,
                otherwise,
            });
        }
    }
    if !raw.is_empty() && raw.iter().all(|criterion| criterion.weight == 0.0) {
        problems.add(
            "criteria",
            "every weight is zero: at least one criterion must count",
        );
    }
    let weights = raw.iter().map(|criterion| criterion.weight);
    if weights.clone().all(f64::is_finite) && !weights.sum::<f64>().is_finite() {
        problems.add("criteria", TOO_LARGE_A_SUM);
    }
    criteria
}

/// Weights are rescaled to sum to one, and a rule's points add up: neither sum may overflow.
const TOO_LARGE_A_SUM: &str =
    "these numbers add up to more than the largest number a double holds: use smaller ones";

/// A TOML number or array of them as a message shows it: `1e308` rather than 309 digits.
fn short(value: &toml::Value) -> String {
    match value {
        toml::Value::Float(number) if number.abs() >= 1e15 => format!("{number:e}"),
        toml::Value::Array(items) => {
            let items: Vec<String> = items.iter().map(short).collect();
            format!("[{}]", items.join(", "))
        }
        other => other.to_string(),
    }
}

/// A rule's points as `(low, high)`: equal for a number, the bounds for a range `[low, high]`.
fn compile_points(value: &toml::Value, key: &str, problems: &mut Problems) -> Option<(f64, f64)> {
    let number = |value: &toml::Value| match value {
        toml::Value::Float(number) if number.is_finite() => Some(*number),
        toml::Value::Integer(number) => Some(*number as f64),
        _ => None,
    };
    let points = match value {
        toml::Value::Array(bounds) => match bounds.as_slice() {
            [low, high] => number(low)
                .zip(number(high))
                .filter(|(low, high)| low <= high && (high - low).is_finite()),
            _ => None,
        },
        single => number(single).map(|points| (points, points)),
    };
    if points.is_none() {
        problems.add(
            format!("{key}.points"),
            format!(
                "expected a finite number or a range [low, high] with low <= high and a finite \
                 width, found {}",
                short(value)
            ),
        );
    }
    points
}

fn compile_otherwise(
    criterion: &RawCriterion,
    key: &str,
    problems: &mut Problems,
) -> Option<Otherwise> {
    match &criterion.otherwise {
        None => Some(Otherwise::InsufficientEvidence),
        Some(toml::Value::String(text)) if text == "insufficient-evidence" => {
            Some(Otherwise::InsufficientEvidence)
        }
        Some(toml::Value::Float(value)) if value.is_finite() => Some(Otherwise::Value(*value)),
        Some(toml::Value::Integer(value)) => Some(Otherwise::Value(*value as f64)),
        Some(other) => {
            problems.add(
                format!("{key}.otherwise"),
                format!("expected a finite number or \"insufficient-evidence\", found {other}"),
            );
            None
        }
    }
}

fn compile_formula(
    formula: &RawFormula,
    key: &str,
    schema: &Schema,
    problems: &mut Problems,
) -> Option<Method> {
    if formula.terms.is_empty() {
        problems.add(
            format!("{key}.formula.terms"),
            "a formula needs at least one term",
        );
    }
    let mut terms = Vec::new();
    for term in &formula.terms {
        let term_key = format!("{key}.formula.terms[{}]", term.field);
        if !term.weight.is_finite() || term.weight < 0.0 {
            problems.add(
                format!("{term_key}.weight"),
                format!(
                    "must be a finite number of zero or more, found {}",
                    term.weight
                ),
            );
        }
        match schema.index_of(&term.field) {
            Some(index) if schema.fields()[index].field_type == FieldType::Number => {
                terms.push(Term {
                    field: term.field.clone(),
                    index,
                    weight: term.weight,
                });
            }
            Some(index) => problems.add(
                term_key,
                format!(
                    "the field is {}, and a formula needs numbers",
                    schema.fields()[index].field_type
                ),
            ),
            None => {
                let hint = super::condition::unknown_field_hint(&term.field, schema);
                problems.add(term_key, format!("unknown field \"{}\"{hint}", term.field));
            }
        }
    }
    if !formula.terms.is_empty() && formula.terms.iter().all(|term| term.weight == 0.0) {
        problems.add(format!("{key}.formula.terms"), "every term weight is zero");
    }
    let weights = formula.terms.iter().map(|term| term.weight);
    if weights.clone().all(f64::is_finite) && !weights.sum::<f64>().is_finite() {
        problems.add(format!("{key}.formula.terms"), TOO_LARGE_A_SUM);
    }
    Some(Method::Formula {
        normalization: formula.normalization,
        terms,
    })
}

fn compile_quadrant(
    raw: &RawQuadrant,
    criteria: &[RawCriterion],
    problems: &mut Problems,
) -> Option<Quadrant> {
    let mut axis = |name: &str, id: &str| {
        let found = criteria.iter().position(|criterion| criterion.id == id);
        if found.is_none() {
            let ids = criteria.iter().map(|criterion| criterion.id.as_str());
            let hint = crate::suggest::did_you_mean(id, ids, "");
            problems.add(
                format!("quadrant.{name}"),
                format!("no criterion has the id \"{id}\"{hint}"),
            );
        }
        found
    };
    let (x, y) = (axis("x", &raw.x), axis("y", &raw.y));
    let size = raw.size.as_ref().map(|id| axis("size", id));
    for (name, threshold) in [
        ("x_threshold", raw.x_threshold),
        ("y_threshold", raw.y_threshold),
    ] {
        if !threshold.is_finite() {
            problems.add(
                format!("quadrant.{name}"),
                format!("must be a finite number, found {threshold}"),
            );
        }
    }
    if x.is_some() && x == y {
        problems.add("quadrant.y", "the two axes must be different criteria");
    }
    Some(Quadrant {
        x: x?,
        y: y?,
        size: match size {
            Some(found) => Some(found?),
            None => None,
        },
        x_threshold: raw.x_threshold,
        y_threshold: raw.y_threshold,
        top_right: raw.top_right.clone(),
        top_left: raw.top_left.clone(),
        bottom_right: raw.bottom_right.clone(),
        bottom_left: raw.bottom_left.clone(),
    })
}
