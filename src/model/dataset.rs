//! Companies as typed records, each joined to the signals of its category, stored by column.

use super::columns::{Column, Lines, Strings};
use super::label::TableLabel;
use super::schema::{KEY_FIELDS, Schema};
use super::value::{FieldValues, Value, ValueRef};

/// The companies of a company file, typed by a schema and joined to their category, stored by
/// column (see [`super::columns`]). Company `i` is the `i`-th data row of the file.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub schema: Schema,
    /// The company file (and sheet), for messages about a company's values.
    pub label: TableLabel,
    /// The category file (and sheet), for messages about a category's values.
    pub categories_label: TableLabel,
    pub(super) companies: CompanyColumns,
    pub(super) categories: Vec<CategoryRow>,
}

/// The companies' values as a reader stores them, in file order.
#[derive(Debug, Clone)]
pub(crate) struct CompanyColumns {
    pub(crate) ids: Strings,
    pub(crate) names: Strings,
    /// Each company's category, as an index into the category rows.
    pub(crate) category_of: Vec<u32>,
    /// The line of the company file each record came from.
    pub(crate) lines: Lines,
    /// The declared company fields, in schema order after the key fields.
    pub(crate) columns: Vec<Column>,
}

/// A category and its typed category-field values, in schema order.
#[derive(Debug, Clone)]
pub(crate) struct CategoryRow {
    pub(crate) name: String,
    /// The line (or row) of the category file it came from.
    pub(crate) line: u64,
    pub(crate) values: Vec<Value>,
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
    /// Assembles a dataset from what a reader stored. The reader has checked every value against
    /// `schema` and every category index against `categories`.
    pub(crate) fn new(
        schema: Schema,
        labels: [TableLabel; 2],
        companies: CompanyColumns,
        categories: Vec<CategoryRow>,
    ) -> Dataset {
        let [label, categories_label] = labels;
        Dataset {
            schema,
            label,
            categories_label,
            companies,
            categories,
        }
    }

    /// The companies a scores table names, without their values: each row's id, name, category
    /// and line, in the table's order. The schema holds the key fields alone, so the dataset serves
    /// what names companies (reports, charts, outcomes) and nothing that reads their signals.
    /// `None` when the ids and names pass the 4 GiB a text column addresses.
    pub fn of_names<'a>(
        label: &TableLabel,
        rows: impl IntoIterator<Item = (&'a str, &'a str, &'a str, u64)>,
    ) -> Option<Dataset> {
        let mut companies = CompanyColumns {
            ids: Strings::default(),
            names: Strings::default(),
            category_of: Vec::new(),
            lines: Lines::default(),
            columns: Vec::new(),
        };
        let mut categories: Vec<CategoryRow> = Vec::new();
        let mut category_index = rustc_hash::FxHashMap::default();
        for (id, name, category, line) in rows {
            if !companies.ids.push(id) || !companies.names.push(name) {
                return None;
            }
            companies.lines.push(line);
            let index = *category_index.entry(category).or_insert_with(|| {
                categories.push(CategoryRow {
                    name: category.to_string(),
                    line,
                    values: Vec::new(),
                });
                categories.len() as u32 - 1
            });
            companies.category_of.push(index);
        }
        Some(Dataset::new(
            Schema::new(&[], &[]),
            [label.clone(), label.clone()],
            companies,
            categories,
        ))
    }

    /// How many companies the file has.
    pub fn len(&self) -> usize {
        self.companies.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.companies.lines.len() == 0
    }

    pub fn id(&self, company: usize) -> &str {
        self.companies.ids.get(company)
    }

    pub fn name(&self, company: usize) -> &str {
        self.companies.names.get(company)
    }

    pub fn category(&self, company: usize) -> &str {
        &self.categories[self.companies.category_of[company] as usize].name
    }

    /// The line of the company file (or row of its sheet) the company came from.
    pub fn line(&self, company: usize) -> u64 {
        self.companies.lines.get(company)
    }

    /// The line (or row) of the category file that `company`'s category came from.
    pub fn category_line(&self, company: usize) -> u64 {
        self.categories[self.companies.category_of[company] as usize].line
    }

    /// The value of schema field `field` for `company`; missing for a field the dataset does not
    /// hold (any but the key fields of one built by [`Dataset::of_names`]).
    pub fn value(&self, company: usize, field: usize) -> ValueRef<'_> {
        let keys = KEY_FIELDS.len();
        match field {
            0 => ValueRef::Text(self.id(company)),
            1 => ValueRef::Text(self.name(company)),
            2 => ValueRef::Text(self.category(company)),
            _ if field < keys + self.companies.columns.len() => {
                self.companies.columns[field - keys].get(company)
            }
            _ => {
                let category = &self.categories[self.companies.category_of[company] as usize];
                (category
                    .values
                    .get(field - keys - self.companies.columns.len()))
                .map_or(ValueRef::Missing, Value::as_ref)
            }
        }
    }

    /// Whether the dataset holds the values of schema field `field`, as one read from a company
    /// file holds every field of its schema and one built by [`Dataset::of_names`] the key fields.
    pub fn holds(&self, field: usize) -> bool {
        field < self.schema.fields().len()
    }

    pub fn record(&self, company: usize) -> Record<'_> {
        Record {
            data: self,
            index: company,
        }
    }
}
