//! `sensitivity.csv`: per ranked company, its rank at the thesis weights, the 5th, 50th and 95th
//! percentile of its rank under sampled weights, and its shares of first place and of the top k.

use super::{Exporter, format_number, neutralize};
use crate::io::Dataset;
use crate::stats::Sensitivity;
use std::io::Write;

pub struct SensitivityCsv<'a> {
    pub data: &'a Dataset,
    pub sensitivity: &'a Sensitivity,
}

impl Exporter for SensitivityCsv<'_> {
    fn file_name(&self) -> String {
        "sensitivity.csv".to_string()
    }

    fn write(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let mut writer = csv::Writer::from_writer(out);
        let top_k = format!("p_top_{}", self.sensitivity.options.top_k);
        writer.write_record([
            "rank", "id", "name", "rank_p5", "rank_p50", "rank_p95", "p_first", &top_k,
        ])?;
        for company in &self.sensitivity.companies {
            let record = &self.data.companies[company.company];
            writer.write_record([
                company.rank.to_string(),
                neutralize(&record.id).into_owned(),
                neutralize(&record.name).into_owned(),
                company.p5.to_string(),
                company.p50.to_string(),
                company.p95.to_string(),
                format_number(company.first),
                format_number(company.top_k),
            ])?;
        }
        writer.flush()?;
        Ok(())
    }
}
