//! `scores.csv`: one row per ranked company, best first, with every criterion's score, share of the
//! total and the rules that fired.

use super::{Exporter, Run, format_number};
use crate::thesis::Method;
use std::io::Write;

pub struct ScoresCsv;

impl ScoresCsv {
    pub fn header(run: &Run) -> Vec<String> {
        let mut header: Vec<String> = ["rank", "id", "name", "category", "total", "quadrant"]
            .map(String::from)
            .to_vec();
        for suffix in ["score", "contribution", "raw", "rules"] {
            header.extend(
                run.thesis
                    .criteria
                    .iter()
                    .map(|criterion| format!("{}_{suffix}", criterion.id)),
            );
        }
        header.push("insufficient_evidence".to_string());
        header
    }
}

impl Exporter for ScoresCsv {
    fn file_name(&self) -> &str {
        "scores.csv"
    }

    fn write(&self, run: &Run, out: &mut dyn Write) -> std::io::Result<()> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(ScoresCsv::header(run))?;
        let number = |value: Option<f64>| value.map(format_number).unwrap_or_default();
        for ranked in &run.scores.ranking {
            let company = &run.data.companies[ranked.company];
            let mut row = vec![
                ranked.rank.to_string(),
                company.id.clone(),
                company.name.clone(),
                company.category.clone(),
                number(ranked.total),
                ranked.quadrant.clone().unwrap_or_default(),
            ];
            row.extend(
                ranked
                    .criteria
                    .iter()
                    .map(|criterion| number(criterion.score)),
            );
            row.extend(
                ranked
                    .criteria
                    .iter()
                    .map(|criterion| number(criterion.contribution)),
            );
            row.extend(
                ranked
                    .criteria
                    .iter()
                    .map(|criterion| number(criterion.raw)),
            );
            let evaluation = &run.scores.evaluations[ranked.company];
            row.extend(run.thesis.criteria.iter().zip(&evaluation.criteria).map(
                |(criterion, result)| {
                    match &criterion.method {
                        Method::Rules { rules, .. } => result
                            .fired
                            .iter()
                            .map(|&index| rules[index].id.as_str())
                            .collect::<Vec<_>>()
                            .join(";"),
                        Method::Formula { .. } => String::new(),
                    }
                },
            ));
            let insufficient: Vec<&str> = ranked
                .insufficient()
                .into_iter()
                .map(|j| run.thesis.criteria[j].id.as_str())
                .collect();
            row.push(insufficient.join(";"));
            writer.write_record(&row)?;
        }
        writer.flush()?;
        Ok(())
    }
}
