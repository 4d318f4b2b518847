//! Companies as typed records, each joined to the signals of its category: the schema that types
//! them and the dataset that holds them.

use super::columns::{Column, Lines, Strings};
use super::table::{RawTable, TableLabel};
use super::value::{FieldType, FieldValues, Value, ValueRef};
use crate::error::Result;

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

/// The companies of a company file, typed by a schema and joined to their category, stored by
/// column (see [`super::columns`]). Company `i` is the `i`-th data row of the file.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub schema: Schema,
    /// The company file (and sheet), for messages about a company's values.
    pub label: TableLabel,
    /// The category file (and sheet), for messages about a category's values.
    pub categories_label: TableLabel,
    pub(super) ids: Strings,
    pub(super) names: Strings,
    /// Each company's category, as an index into `categories`.
    pub(super) category_of: Vec<u32>,
    pub(super) categories: Vec<CategoryRow>,
    /// The line of the company file each record came from.
    pub(super) lines: Lines,
    /// The declared company fields, in schema order after the key fields.
    pub(super) columns: Vec<Column>,
}

/// A category and its typed category-field values, in schema order.
#[derive(Debug, Clone)]
pub(super) struct CategoryRow {
    pub(super) name: String,
    /// The line (or row) of the category file it came from.
    pub(super) line: u64,
    pub(super) values: Vec<Value>,
}

/// One company of a dataset, whose values rules and explanations read by schema field index.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    data: &'a Dataset,
    index: usize,
}

impl FieldValues for Record<'_> {
    fn field(&self, index: usize) -> ValueRef<'_> {
        self.data.value(self.index, index)
    }
}

impl Dataset {
    /// How many companies the file has.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.len() == 0
    }

    pub fn id(&self, company: usize) -> &str {
        self.ids.get(company)
    }

    pub fn name(&self, company: usize) -> &str {
        self.names.get(company)
    }

    pub fn category(&self, company: usize) -> &str {
        &self.categories[self.category_of[company] as usize].name
    }

    /// The line of the company file (or row of its sheet) the company came from.
    pub fn line(&self, company: usize) -> u64 {
        self.lines.get(company)
    }

    /// The line (or row) of the category file that `company`'s category came from.
    pub fn category_line(&self, company: usize) -> u64 {
        self.categories[self.category_of[company] as usize].line
    }

    /// The value of schema field `field` for `company`.
    pub fn value(&self, company: usize, field: usize) -> ValueRef<'_> {
        let keys = KEY_FIELDS.len();
        match field {
            0 => ValueRef::Text(self.id(company)),
            1 => ValueRef::Text(self.name(company)),
            2 => ValueRef::Text(self.category(company)),
            _ if field < keys + self.columns.len() => self.columns[field - keys].get(company),
            _ => {
                let category = &self.categories[self.category_of[company] as usize];
                category.values[field - keys - self.columns.len()].as_ref()
            }
        }
    }

    pub fn record(&self, company: usize) -> Record<'_> {
        Record {
            data: self,
            index: company,
        }
    }
}

/// The fields a company file holds, key fields first, in schema order.
pub(super) fn company_fields(schema: &Schema) -> impl Iterator<Item = &FieldDef> {
    schema
        .fields()
        .iter()
        .filter(|field| field.origin == Origin::Company)
}

pub(super) fn require_column(table: &RawTable, name: &str) -> Result<usize> {
    require_header(&table.label, &table.headers, name)
}

pub(super) fn require_header(label: &TableLabel, headers: &[String], name: &str) -> Result<usize> {
    headers
        .iter()
        .position(|header| header == name)
        .ok_or_else(|| {
            label.error(
                Some(1),
                None,
                format!("the required column \"{name}\" is missing"),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::{CsvFormat, Source};

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

    fn read(companies: &str, categories: &str) -> Result<Dataset> {
        Dataset::read(
            &Source::embedded("c.csv", companies.as_bytes()),
            CsvFormat::default(),
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
        let values = |company: usize| [data.value(company, 3), data.value(company, 4)];
        assert_eq!(values(0), [ValueRef::Number(8.5), ValueRef::Number(3.0)]);
        assert_eq!(values(1), [ValueRef::Missing, ValueRef::Missing]);
        assert_eq!(
            [data.id(1), data.name(1), data.category(1)],
            ["b", "B", "Security"]
        );
        assert_eq!(data.line(1), 3);
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
            assert_eq!(
                read(companies, categories).unwrap_err().to_string(),
                expected
            );
        }
    }

    #[test]
    fn reading_row_by_row_reports_the_first_error_in_row_order() {
        let header = "id,name,category,funding_musd\n";
        let cases = [
            (
                "a,A,Storage,1\na,B,Storage,2\nb\n",
                "c.csv: line 3, column id: the id \"a\" is already used on line 2",
            ),
            (
                "a,A,Storage,1\nb\na,B,Storage,2\n",
                "c.csv: line 3: the row has 1 cells but the header has 4",
            ),
            (
                "a,A,Storage,1\na,B,Storage,lots\n",
                "c.csv: line 3, column id: the id \"a\" is already used on line 2",
            ),
            (
                "a,A,Storage,lots\na,B,Storage,2\n",
                "c.csv: line 2, column funding_musd: expected a number, found \"lots\"",
            ),
        ];
        for (rows, expected) in cases {
            let companies = format!("{header}{rows}");
            assert_eq!(
                read(&companies, CATEGORIES).unwrap_err().to_string(),
                expected,
                "{rows:?}"
            );
        }
    }
}
