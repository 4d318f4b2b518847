//! The data model every layer above shares: typed values and the schema that types a company
//! record, the dataset of companies joined to their categories, the outcome events that later
//! happened to them, and the label that names the file a value came from. Knows nothing of files,
//! theses or scores.
//!
//! Fenced for speed: [`columns`] stores a dataset's values by column, dictionary-coded, and
//! [`value_key`] numbers the combinations of values coded fields take. The rest reads without them.

pub(crate) mod columns;
pub(crate) mod dataset;
mod date;
mod label;
mod outcomes;
pub(crate) mod schema;
mod text;
mod value;
mod value_key;

pub use dataset::{Dataset, Record};
pub use date::PartialDate;
pub use label::TableLabel;
pub use outcomes::{OutcomeEvent, Outcomes};
pub use schema::{FieldDef, KEY_FIELDS, Origin, Schema};
pub(crate) use text::check_text;
pub(crate) use value::trim_cell;
pub use value::{FieldType, FieldValues, Value, ValueRef};
pub use value_key::ValueKey;
