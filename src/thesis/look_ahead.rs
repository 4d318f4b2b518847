//! The look-ahead guard: a thesis dated `as_of` may read no value dated after that day. A field is
//! dated by a column of its own file (`funding_musd = { type = "number", as_of = "funding_as_of" }`);
//! a value whose date is after the thesis's is refused, or, for a deliberate hindsight study, kept
//! and counted.

use super::{DatedField, Thesis};
use crate::error::{DataProblem, Error, Result};
use crate::model::{Dataset, Origin, PartialDate, ValueRef};

/// A value dated after the thesis, kept because look-ahead was allowed.
#[derive(Debug, Clone, PartialEq)]
pub struct LateFact {
    pub company: usize,
    /// The schema index of the field.
    pub field: usize,
    pub date: PartialDate,
}

/// Every value of a dated field that is dated after the thesis. Unless `allow` is set, the first one
/// is an error naming the file, the line, the date column and both dates. A date that is not
/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or a value with no date, is always an error.
pub fn late_facts(thesis: &Thesis, data: &Dataset, allow: bool) -> Result<Vec<LateFact>> {
    let Some(as_of) = PartialDate::parse_day(&thesis.as_of) else {
        return Ok(Vec::new());
    };
    let mut late = Vec::new();
    for company in 0..data.len() {
        for dated in &thesis.dated {
            if let Some(date) = value_date(data, company, dated)? {
                if !date.is_after(as_of) {
                    continue;
                }
                if !allow {
                    let name = &data.schema.fields()[dated.field].name;
                    return Err(error_at(
                        data,
                        company,
                        dated,
                        format!(
                            "{name} is dated {date}, after the thesis date {} \
                             (--allow-look-ahead uses it anyway)",
                            thesis.as_of
                        ),
                    ));
                }
                late.push(LateFact {
                    company,
                    field: dated.field,
                    date,
                });
            }
        }
    }
    Ok(late)
}

/// The date of a company's value of a dated field; `None` when the value is missing.
fn value_date(data: &Dataset, company: usize, dated: &DatedField) -> Result<Option<PartialDate>> {
    let value = data.value(company, dated.field);
    let date = data.value(company, dated.date);
    let text = match date {
        ValueRef::Text(text) => text,
        _ => "",
    };
    if matches!(value, ValueRef::Missing) {
        return Ok(None);
    }
    if text.is_empty() {
        let name = &data.schema.fields()[dated.field].name;
        return Err(error_at(
            data,
            company,
            dated,
            format!("{name} has a value but no date: a dated field needs both"),
        ));
    }
    PartialDate::parse(text).map(Some).ok_or_else(|| {
        error_at(
            data,
            company,
            dated,
            format!("expected a date as YYYY, YYYY-MM or YYYY-MM-DD, found \"{text}\""),
        )
    })
}

/// An error at the date column of the row the value came from: the company's line, or its
/// category's line in the category file.
fn error_at(data: &Dataset, company: usize, dated: &DatedField, message: String) -> Error {
    let message = DataProblem::LookAhead(message);
    let column = data.schema.fields()[dated.date].name.as_str();
    match data.schema.fields()[dated.field].origin {
        Origin::Company => data
            .label
            .error(Some(data.line(company)), Some(column), message),
        Origin::Category => {
            data.categories_label
                .error(Some(data.category_line(company)), Some(column), message)
        }
    }
}

/// The fields the thesis reads (in its rules, formulas and scope) that carry no date, by name.
pub fn undated_fields_read(thesis: &Thesis) -> Vec<&str> {
    let dated: Vec<usize> = (thesis.dated.iter())
        .flat_map(|dated| [dated.field, dated.date])
        .collect();
    (thesis.fields_read().into_iter())
        .filter(|field| !dated.contains(field))
        .map(|field| thesis.schema.fields()[field].name.as_str())
        .collect()
}
