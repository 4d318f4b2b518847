//! The typed fields of a company record: the key fields every company file has, then the fields a
//! thesis declares for companies and for their categories.

use super::value::FieldType;

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

/// The fields a company file holds, key fields first, in schema order.
pub(crate) fn company_fields(schema: &Schema) -> impl Iterator<Item = &FieldDef> {
    schema
        .fields()
        .iter()
        .filter(|field| field.origin == Origin::Company)
}
