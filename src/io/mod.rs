//! Reading inputs: files or the bundled data as byte sources; CSV files and workbook sheets as
//! tables of text cells; a company file typed into a [`Dataset`](crate::model::Dataset), row by
//! row or streamed from disk in blocks; and an outcomes file. Knows nothing of theses or scores:
//! the typed view is driven by a [`Schema`](crate::model::Schema) that the caller supplies.

mod any_table;
mod blocks;
mod builder;
mod bundled;
mod encoding;
mod lines;
mod outcomes;
mod parquet;
mod partners;
mod read_dataset;
mod source;
mod streamed;
mod table;
mod workbook;
mod workbook_limits;

pub use bundled::{BUNDLED_DATA_DIR, bundled_inputs};
pub use encoding::{CsvFormat, TextEncoding};
pub use partners::PartnerWeights;
pub use source::{Inputs, Source};
pub use table::{RawRow, RawTable};
