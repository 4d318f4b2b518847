//! Reading an outcomes file: one row per event, typed and checked against the company file. Every
//! row must name a known company, and every company with events has exactly one final event.

use super::table::{RawTable, require_column};
use crate::error::{DataProblem, Result};
use crate::model::{Dataset, FieldType, OutcomeEvent, Outcomes, PartialDate, Value, check_text};
use std::collections::HashMap;

const REQUIRED: [&str; 4] = ["id", "date", "event", "final"];
const OPTIONAL: [&str; 5] = ["acquirer", "price_musd", "source", "note", "verified"];

impl Outcomes {
    /// Types every row and checks it against the companies.
    pub fn bind(table: &RawTable, data: &Dataset) -> Result<Outcomes> {
        let required = REQUIRED
            .iter()
            .map(|name| require_column(table, name))
            .collect::<Result<Vec<_>>>()?;
        let optional: Vec<Option<usize>> = OPTIONAL
            .iter()
            .map(|name| table.column_index(name))
            .collect();
        let companies: HashMap<&str, usize> = (0..data.len())
            .map(|company| (data.id(company), company))
            .collect();
        let mut finals: HashMap<usize, u64> = HashMap::new();
        let mut last_line: HashMap<usize, u64> = HashMap::new();
        let mut events = Vec::with_capacity(table.rows.len());
        for row in &table.rows {
            let fail = |column: &str, message: String| {
                table.label.error(
                    Some(row.line),
                    Some(column),
                    DataProblem::InvalidValue(message),
                )
            };
            let conflict = |column: &str, message: String| {
                table
                    .label
                    .error(Some(row.line), Some(column), DataProblem::Conflict(message))
            };
            let cell = |index: usize| row.cells[required[index]].as_str();
            let extra =
                |index: usize| optional[index].map_or("", |column| row.cells[column].as_str());
            for (index, column) in optional.iter().enumerate().take(4) {
                if let Some(column) = column {
                    check_text(&row.cells[*column], false)
                        .map_err(|message| fail(OPTIONAL[index], message))?;
                }
            }
            check_text(cell(2), true).map_err(|message| fail("event", message))?;
            let id = cell(0);
            let Some(&company) = companies.get(id) else {
                return Err(table.label.error(
                    Some(row.line),
                    Some("id"),
                    unknown_company(id, data),
                ));
            };
            let date = PartialDate::parse(cell(1)).ok_or_else(|| {
                fail(
                    "date",
                    format!(
                        "expected a date as YYYY, YYYY-MM or YYYY-MM-DD, found \"{}\"",
                        cell(1)
                    ),
                )
            })?;
            let event = cell(2);
            if event.is_empty() {
                return Err(fail("event", "the event is empty".to_string()));
            }
            let is_final = match Value::parse(cell(3), FieldType::Bool, table.decimal_comma) {
                Ok(Value::Bool(flag)) => flag,
                Ok(_) => return Err(fail("final", "expected true or false, found \"\"".into())),
                Err(message) => return Err(fail("final", message)),
            };
            let price_musd = match Value::parse(extra(1), FieldType::Number, table.decimal_comma) {
                Ok(Value::Number(price)) if price < 0.0 => {
                    return Err(fail(
                        "price_musd",
                        format!("a price cannot be negative, found {price}"),
                    ));
                }
                Ok(Value::Number(price)) => Some(price),
                Ok(_) => None,
                Err(message) => return Err(fail("price_musd", message)),
            };
            if is_final && let Some(first) = finals.insert(company, row.line) {
                return Err(conflict(
                    "final",
                    format!(
                        "\"{id}\" already has a final event on {} {first}",
                        table.label.line_word()
                    ),
                ));
            }
            // A file without the column vouches for every row; with it, each row says.
            let verified = match Value::parse(extra(4), FieldType::Bool, table.decimal_comma) {
                Ok(Value::Bool(flag)) => flag,
                Ok(_) if optional[4].is_none() => true,
                Ok(_) => {
                    return Err(fail(
                        "verified",
                        "expected true or false, found \"\"".into(),
                    ));
                }
                Err(message) => return Err(fail("verified", message)),
            };
            last_line.insert(company, row.line);
            events.push(OutcomeEvent {
                line: row.line,
                company,
                date,
                event: event.to_string(),
                acquirer: extra(0).to_string(),
                price_musd,
                is_final,
                source: extra(2).to_string(),
                note: extra(3).to_string(),
                verified,
            });
        }
        let mut without_final: Vec<(u64, usize)> = last_line
            .into_iter()
            .filter(|(company, _)| !finals.contains_key(company))
            .map(|(company, line)| (line, company))
            .collect();
        without_final.sort_unstable();
        if let Some(&(line, company)) = without_final.first() {
            return Err(table.label.error(
                Some(line),
                Some("final"),
                DataProblem::Conflict(format!(
                    "\"{}\" has events but none is marked final",
                    data.id(company)
                )),
            ));
        }
        Ok(Outcomes {
            label: table.label.clone(),
            events,
        })
    }
}

fn unknown_company(id: &str, data: &Dataset) -> DataProblem {
    if id.is_empty() {
        return DataProblem::InvalidValue("the id is empty".to_string());
    }
    let hint =
        crate::suggest::did_you_mean(id, (0..data.len()).map(|company| data.id(company)), "");
    DataProblem::UnknownReference(format!(
        "no company in the company file has the id \"{id}\"{hint}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::Source;
    use crate::model::Schema;

    fn data() -> Dataset {
        let table = |label: &str, text: &str| {
            RawTable::parse(&Source::embedded(label, text.as_bytes())).unwrap()
        };
        Dataset::bind(
            &table(
                "c.csv",
                "id,name,category\ncoreos,CoreOS,OS\nweave,Weave,Net\n",
            ),
            &table("k.csv", "category\nOS\nNet\n"),
            &Schema::new(&[], &[]),
        )
        .unwrap()
    }

    fn bind(text: &str) -> Result<Outcomes> {
        let table = RawTable::parse(&Source::embedded("o.csv", text.as_bytes())).unwrap();
        Outcomes::bind(&table, &data())
    }

    #[test]
    fn reads_events_and_finds_the_final_one() {
        let outcomes = bind(
            "id,date,event,acquirer,price_musd,final\n\
             coreos,2016,funded,,,false\ncoreos,2018-01,acquired,Red Hat,250,true\n",
        )
        .unwrap();
        let last = outcomes.final_event(0).unwrap();
        assert_eq!(
            (last.line, last.event.as_str(), last.price_musd),
            (3, "acquired", Some(250.0))
        );
        assert_eq!(last.date.to_string(), "2018-01");
        assert!(outcomes.final_event(1).is_none());
    }

    #[test]
    fn pins_every_outcome_error() {
        let header = "id,date,event,final,price_musd\n";
        let cases = [
            (
                "id,date,event\n",
                "o.csv: line 1: the required column \"final\" is missing",
            ),
            (
                "coreoss,2018,acquired,true,\n",
                "o.csv: line 2, column id: no company in the company file has the id \"coreoss\" (did you mean \"coreos\"?)",
            ),
            (
                "coreos,Jan 2018,acquired,true,\n",
                "o.csv: line 2, column date: expected a date as YYYY, YYYY-MM or YYYY-MM-DD, found \"Jan 2018\"",
            ),
            (
                "coreos,2018,,true,\n",
                "o.csv: line 2, column event: the event is empty",
            ),
            (
                "coreos,2018,acquired,maybe,\n",
                "o.csv: line 2, column final: expected true or false, found \"maybe\"",
            ),
            (
                "coreos,2018,acquired,true,-1\n",
                "o.csv: line 2, column price_musd: a price cannot be negative, found -1",
            ),
            (
                "coreos,2018,acquired,true,\ncoreos,2019,shut-down,true,\n",
                "o.csv: line 3, column final: \"coreos\" already has a final event on line 2",
            ),
            (
                "weave,2016,funded,false,\ncoreos,2018,acquired,true,\n",
                "o.csv: line 2, column final: \"weave\" has events but none is marked final",
            ),
        ];
        for (rows, expected) in cases {
            let text = if rows.starts_with("id,") {
                rows.to_string()
            } else {
                format!("{header}{rows}")
            };
            assert_eq!(bind(&text).unwrap_err().to_string(), expected);
        }
    }

    #[test]
    fn every_row_is_verified_without_the_column_and_each_says_with_it() {
        let without = bind("id,date,event,final\ncoreos,2018,acquired,true\n").unwrap();
        assert!(without.events[0].verified);
        let with = bind(
            "id,date,event,final,verified\ncoreos,2018,acquired,true,false\n\
             weave,2024,shut-down,true,true\n",
        )
        .unwrap();
        let verified: Vec<bool> = with.events.iter().map(|event| event.verified).collect();
        assert_eq!(verified, [false, true]);
        for (cell, expected) in [
            ("", "expected true or false, found \"\""),
            ("perhaps", "expected true or false, found \"perhaps\""),
        ] {
            let text = format!("id,date,event,final,verified\ncoreos,2018,acquired,true,{cell}\n");
            assert_eq!(
                bind(&text).unwrap_err().to_string(),
                format!("o.csv: line 2, column verified: {expected}")
            );
        }
    }
}
