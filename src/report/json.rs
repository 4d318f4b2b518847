//! A sheet as JSON: an array with one object per row, keys in column order, numbers as numbers,
//! booleans as booleans, lists as arrays and empty cells as `null`. Text is written as typed: JSON
//! has no formulas to guard against.

use super::Exporter;
use super::sheet::{Cell, Sheet};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use std::io::Write;

pub struct JsonFile<'a> {
    pub sheet: &'a Sheet,
}

impl Exporter for JsonFile<'_> {
    fn file_name(&self) -> String {
        format!("{}.json", self.sheet.name)
    }

    fn write(&self, out: &mut dyn Write) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &Rows(self.sheet))?;
        out.write_all(b"\n")
    }
}

struct Rows<'a>(&'a Sheet);

struct Row<'a> {
    sheet: &'a Sheet,
    cells: &'a [Cell],
}

impl Serialize for Rows<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut rows = serializer.serialize_seq(Some(self.0.rows.len()))?;
        for cells in &self.0.rows {
            rows.serialize_element(&Row {
                sheet: self.0,
                cells,
            })?;
        }
        rows.end()
    }
}

impl Serialize for Row<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = serializer.serialize_map(Some(self.cells.len()))?;
        for (header, cell) in self.sheet.headers().zip(self.cells) {
            object.serialize_entry(header, cell)?;
        }
        object.end()
    }
}

impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Empty => serializer.serialize_none(),
            Cell::Text(text) => serializer.serialize_str(text),
            Cell::List(items) => items.serialize(serializer),
            Cell::Integer(value) => serializer.serialize_u64(*value),
            Cell::Number(value) => serializer.serialize_f64(*value),
            Cell::Bool(value) => serializer.serialize_bool(*value),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sheet::{Column, Style};

    #[test]
    fn rows_are_objects_with_keys_in_column_order() {
        let sheet = Sheet {
            name: "scores",
            title: "Scores",
            columns: ["rank", "name", "total", "rules", "flag", "quadrant"]
                .map(|header| Column::new(header, Style::Text))
                .to_vec(),
            rows: vec![vec![
                Cell::Integer(1),
                Cell::text("=Alpha"),
                Cell::Number(0.25),
                Cell::List(vec!["a".into(), "b".into()]),
                Cell::Bool(false),
                Cell::Empty,
            ]],
        };
        let mut out = Vec::new();
        JsonFile { sheet: &sheet }.write(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let compact: String = text.split_whitespace().collect();
        assert_eq!(
            compact,
            r#"[{"rank":1,"name":"=Alpha","total":0.25,"rules":["a","b"],"flag":false,"quadrant":null}]"#
        );
    }
}
