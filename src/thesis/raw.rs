//! The thesis file exactly as written: serde structures that refuse unknown keys. Nothing here is
//! checked beyond TOML syntax and types; [`super::compile`] does the rest.

use super::{Aggregation, HitPolicy, Normalization};
use crate::model::FieldType;
use serde::de::{self, IntoDeserializer, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;
use std::fmt;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawThesis {
    pub name: String,
    pub as_of: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub aggregation: Aggregation,
    #[serde(default)]
    pub normalization: Normalization,
    pub scope: Option<String>,
    #[serde(default)]
    pub fields: BTreeMap<String, RawField>,
    #[serde(default)]
    pub category_fields: BTreeMap<String, RawField>,
    pub quadrant: Option<RawQuadrant>,
    pub criteria: Vec<RawCriterion>,
    pub backtest: Option<RawBacktest>,
    /// Stakes or ties of the thesis's author in the companies it scores, shown with every result.
    #[serde(default)]
    pub disclosures: Vec<String>,
}

/// A declared field: its type alone (`funding_musd = "number"`), or its type and the column that
/// dates each of its values (`funding_musd = { type = "number", as_of = "funding_as_of" }`).
#[derive(Debug)]
pub(super) enum RawField {
    Typed(FieldType),
    Dated(RawDatedField),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDatedField {
    #[serde(rename = "type")]
    pub field_type: FieldType,
    pub as_of: String,
}

/// By hand rather than `untagged`, so that a misspelt type keeps serde's "unknown variant" message.
impl<'de> Deserialize<'de> for RawField {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<RawField, D::Error> {
        struct FieldVisitor;
        impl<'de> Visitor<'de> for FieldVisitor {
            type Value = RawField;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field type (text, number, bool or list) or { type = …, as_of = … }")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<RawField, E> {
                FieldType::deserialize(text.into_deserializer()).map(RawField::Typed)
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawField, A::Error> {
                RawDatedField::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(RawField::Dated)
            }
        }
        deserializer.deserialize_any(FieldVisitor)
    }
}

impl RawField {
    pub(super) fn field_type(&self) -> FieldType {
        match self {
            RawField::Typed(field_type) => *field_type,
            RawField::Dated(dated) => dated.field_type,
        }
    }

    pub(super) fn date_column(&self) -> Option<&str> {
        match self {
            RawField::Typed(_) => None,
            RawField::Dated(dated) => Some(&dated.as_of),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBacktest {
    pub outcomes: BTreeMap<String, RawOutcomeClass>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOutcomeClass {
    pub level: f64,
    pub success: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawQuadrant {
    pub x: String,
    pub y: String,
    pub size: Option<String>,
    pub x_threshold: f64,
    pub y_threshold: f64,
    pub top_right: String,
    pub top_left: String,
    pub bottom_right: String,
    pub bottom_left: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCriterion {
    pub id: String,
    pub label: String,
    pub poles: [String; 2],
    pub weight: f64,
    pub hit_policy: Option<HitPolicy>,
    pub normalization: Option<Normalization>,
    pub otherwise: Option<toml::Value>,
    #[serde(default)]
    pub rules: Vec<RawRule>,
    pub formula: Option<RawFormula>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRule {
    pub id: String,
    pub when: String,
    /// A number, or a range `[low, high]` for the sensitivity analysis to sample.
    pub points: toml::Value,
    pub reason: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFormula {
    #[serde(default)]
    pub normalization: Normalization,
    pub terms: Vec<RawTerm>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTerm {
    pub field: String,
    pub weight: f64,
}
