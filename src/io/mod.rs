//! Reading inputs: files or the bundled data as byte sources; CSV files and workbook sheets as
//! tables of text cells; typed company records joined to their category, a company file on disk
//! read and typed as it streams, and the combinations of values their coded fields take; and the
//! outcome events that later happened to them. Knows nothing of theses or scores: the typed view is
//! driven by a [`Schema`] that the caller supplies.

mod any_table;
mod blocks;
mod builder;
mod bundled;
mod columns;
mod dataset;
mod date;
mod encoding;
mod lines;
mod outcomes;
mod read_dataset;
mod source;
mod streamed;
mod table;
mod text;
mod value;
mod value_key;
mod workbook;
mod workbook_limits;

pub use bundled::{BUNDLED_DATA_DIR, bundled_inputs};
pub use dataset::{Dataset, FieldDef, KEY_FIELDS, Origin, Record, Schema};
pub use date::PartialDate;
pub use encoding::{CsvFormat, TextEncoding};
pub use outcomes::{OutcomeEvent, Outcomes};
pub use source::{Inputs, Source};
pub use table::{RawTable, TableLabel};
pub use text::check_text;
pub use value::{FieldType, FieldValues, Value, ValueRef};
pub use value_key::ValueKey;
