//! Companies as typed records, each joined to the signals of its category.

use super::table::RawTable;
use super::value::{FieldType, Value};
use crate::error::Result;
use std::collections::HashMap;

/// Where a field's values come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Company,
    Category,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldDef {
    pub name: String,
    pub field_type: FieldType,
    pub origin: Origin,
}

/// The typed fields of a company record, in a fixed order: `id`, `name`, `category`, then the declared
/// company fields, then the declared category fields. Every value vector follows this order.
#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    fields: Vec<FieldDef>,
}

/// The columns every company file has.
pub const KEY_FIELDS: [&str; 3] = ["id", "name", "category"];

impl Schema {
    /// Builds a schema from declared company and category fields. The caller checks for clashes.
    pub fn new(company: &[(String, FieldType)], category: &[(String, FieldType)]) -> Schema {
        let keys = KEY_FIELDS.iter().map(|name| FieldDef {
            name: name.to_string(),
            field_type: FieldType::Text,
            origin: Origin::Company,
        });
        let declared = |fields: &[(String, FieldType)], origin| {
            fields
                .iter()
                .map(move |(name, field_type)| FieldDef {
                    name: name.clone(),
                    field_type: *field_type,
                    origin,
                })
                .collect::<Vec<_>>()
        };
        let fields = keys
            .chain(declared(company, Origin::Company))
            .chain(declared(category, Origin::Category))
            .collect();
        Schema { fields }
    }

    pub fn fields(&self) -> &[FieldDef] {
        &self.fields
    }

    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|field| field.name == name)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Company {
    pub id: String,
    pub name: String,
    pub category: String,
    /// The line of the company file this record came from.
    pub line: u64,
    /// One value per schema field, in schema order.
    pub values: Vec<Value>,
}

#[derive(Debug, Clone)]
pub struct Dataset {
    pub schema: Schema,
    pub companies: Vec<Company>,
}

impl Dataset {
    /// Types every declared column and joins each company to its category row.
    pub fn bind(companies: &RawTable, categories: &RawTable, schema: &Schema) -> Result<Dataset> {
        let category_rows = index_categories(categories, schema)?;
        let columns = schema
            .fields()
            .iter()
            .filter(|field| field.origin == Origin::Company)
            .map(|field| require_column(companies, &field.name))
            .collect::<Result<Vec<_>>>()?;
        let mut seen: HashMap<&str, u64> = HashMap::new();
        let mut records = Vec::with_capacity(companies.rows.len());
        for row in &companies.rows {
            let cell = |index: usize| row.cells[columns[index]].as_str();
            let fail = |column: &str, message: String| {
                companies.label.error(Some(row.line), Some(column), message)
            };
            let (id, name, category) = (cell(0), cell(1), cell(2));
            for (index, key) in KEY_FIELDS.iter().enumerate() {
                if cell(index).is_empty() {
                    return Err(fail(key, format!("the {key} is empty")));
                }
            }
            if let Some(first) = seen.insert(id, row.line) {
                return Err(fail(
                    "id",
                    format!(
                        "the id \"{id}\" is already used on {} {first}",
                        companies.label.line_word()
                    ),
                ));
            }
            let Some(category_values) = category_rows.get(category) else {
                let message = format!("the category \"{category}\" is not in {}", categories.label);
                return Err(fail("category", message));
            };
            let mut values = Vec::with_capacity(schema.fields().len());
            for (index, field) in schema.fields().iter().enumerate() {
                let value = match field.origin {
                    Origin::Company => {
                        Value::parse(cell(index), field.field_type, companies.decimal_comma)
                            .map_err(|message| fail(&field.name, message))?
                    }
                    Origin::Category => category_values[index - columns.len()].clone(),
                };
                values.push(value);
            }
            records.push(Company {
                id: id.to_string(),
                name: name.to_string(),
                category: category.to_string(),
                line: row.line,
                values,
            });
        }
        Ok(Dataset {
            schema: schema.clone(),
            companies: records,
        })
    }
}

pub(super) fn require_column(table: &RawTable, name: &str) -> Result<usize> {
    table.column_index(name).ok_or_else(|| {
        table.label.error(
            Some(1),
            None,
            format!("the required column \"{name}\" is missing"),
        )
    })
}

/// The typed category-field values of each category, keyed by category name.
fn index_categories<'t>(
    table: &'t RawTable,
    schema: &Schema,
) -> Result<HashMap<&'t str, Vec<Value>>> {
    let key = require_column(table, "category")?;
    let fields: Vec<&super::FieldDef> = schema
        .fields()
        .iter()
        .filter(|field| field.origin == Origin::Category)
        .collect();
    let columns = fields
        .iter()
        .map(|field| require_column(table, &field.name))
        .collect::<Result<Vec<_>>>()?;
    let mut rows: HashMap<&str, Vec<Value>> = HashMap::new();
    let mut lines: HashMap<&str, u64> = HashMap::new();
    for row in &table.rows {
        let name = row.cells[key].as_str();
        let fail = |column: &str, message: String| {
            table.label.error(Some(row.line), Some(column), message)
        };
        if name.is_empty() {
            return Err(fail("category", "the category is empty".to_string()));
        }
        if let Some(first) = lines.insert(name, row.line) {
            return Err(fail(
                "category",
                format!(
                    "the category \"{name}\" is already listed on {} {first}",
                    table.label.line_word()
                ),
            ));
        }
        let values = fields
            .iter()
            .zip(&columns)
            .map(|(field, &column)| {
                Value::parse(&row.cells[column], field.field_type, table.decimal_comma)
                    .map_err(|message| fail(&field.name, message))
            })
            .collect::<Result<Vec<_>>>()?;
        rows.insert(name, values);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::Source;

    fn table(label: &str, text: &str) -> RawTable {
        RawTable::parse(&Source::embedded(label, text.as_bytes())).unwrap()
    }

    fn schema() -> Schema {
        Schema::new(
            &[("funding_musd".into(), FieldType::Number)],
            &[("heat".into(), FieldType::Number)],
        )
    }

    fn bind(companies: &str, categories: &str) -> Result<Dataset> {
        Dataset::bind(
            &table("c.csv", companies),
            &table("k.csv", categories),
            &schema(),
        )
    }

    const CATEGORIES: &str = "category,heat\nStorage,3\nSecurity,\n";

    #[test]
    fn joins_category_signals_and_types_values() {
        let data = bind(
            "id,name,category,funding_musd,extra\na,A,Storage,8.5,x\nb,B,Security,,y\n",
            CATEGORIES,
        )
        .unwrap();
        assert_eq!(
            data.companies[0].values[3..],
            [Value::Number(8.5), Value::Number(3.0)]
        );
        assert_eq!(
            data.companies[1].values[3..],
            [Value::Missing, Value::Missing]
        );
        assert_eq!(data.companies[1].line, 3);
    }

    #[test]
    fn pins_every_data_error() {
        let cases = [
            (
                "id,name,category\na,A,Storage\n",
                CATEGORIES,
                "c.csv: line 1: the required column \"funding_musd\" is missing",
            ),
            (
                "id,name,category,funding_musd\na,A,Storage,lots\n",
                CATEGORIES,
                "c.csv: line 2, column funding_musd: expected a number, found \"lots\"",
            ),
            (
                "id,name,category,funding_musd\na,A,Storage,1\na,B,Storage,2\n",
                CATEGORIES,
                "c.csv: line 3, column id: the id \"a\" is already used on line 2",
            ),
            (
                "id,name,category,funding_musd\na,A,Storage,1\n,B,Storage,2\n",
                CATEGORIES,
                "c.csv: line 3, column id: the id is empty",
            ),
            (
                "id,name,category,funding_musd\na,A,Storage,1\nb,B,Stroage,2\n",
                CATEGORIES,
                "c.csv: line 3, column category: the category \"Stroage\" is not in k.csv",
            ),
            (
                "id,name,category,funding_musd\n",
                "category\nStorage\n",
                "k.csv: line 1: the required column \"heat\" is missing",
            ),
            (
                "id,name,category,funding_musd\n",
                "category,heat\nStorage,hot\n",
                "k.csv: line 2, column heat: expected a number, found \"hot\"",
            ),
            (
                "id,name,category,funding_musd\n",
                "category,heat\nStorage,1\nStorage,2\n",
                "k.csv: line 3, column category: the category \"Storage\" is already listed on line 2",
            ),
        ];
        for (companies, categories, expected) in cases {
            assert_eq!(
                bind(companies, categories).unwrap_err().to_string(),
                expected
            );
        }
    }
}
