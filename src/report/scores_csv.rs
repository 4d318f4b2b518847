//! `scores.csv`: one row per ranked company, best first, with every criterion's score, share of the
//! total, raw value and the rules that fired, and a formula's term scores.

use super::{Exporter, ScoreTable};
use std::io::Write;

pub struct ScoresCsv<'a> {
    pub table: &'a ScoreTable,
}

impl Exporter for ScoresCsv<'_> {
    fn file_name(&self) -> String {
        "scores.csv".to_string()
    }

    fn write(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(self.table.header())?;
        for row in &self.table.rows {
            writer.write_record(self.table.record(row))?;
        }
        writer.flush()?;
        Ok(())
    }
}
