//! The `sensitivity` sheet: per ranked company, its rank at the thesis weights, the 5th, 50th and
//! 95th percentile of its rank under sampled weights, and its shares of first place and of the top k.

use super::sheet::{Cell, Column, Sheet, Style};
use crate::model::Dataset;
use crate::stats::Sensitivity;

pub fn sensitivity_sheet(data: &Dataset, sensitivity: &Sensitivity) -> Sheet {
    let columns = vec![
        Column::new("rank", Style::Integer),
        Column::new("id", Style::Text),
        Column::new("name", Style::Text),
        Column::new("rank_p5", Style::Integer),
        Column::new("rank_p50", Style::Integer),
        Column::new("rank_p95", Style::Integer),
        Column::new("p_first", Style::Share),
        Column::new(format!("p_top_{}", sensitivity.options.top_k), Style::Share),
    ];
    let rows = sensitivity
        .companies
        .iter()
        .map(|company| {
            vec![
                Cell::Integer(company.rank as u64),
                Cell::text(data.id(company.company)),
                Cell::text(data.name(company.company)),
                Cell::Integer(company.p5 as u64),
                Cell::Integer(company.p50 as u64),
                Cell::Integer(company.p95 as u64),
                Cell::Number(company.first),
                Cell::Number(company.top_k),
            ]
        })
        .collect();
    Sheet {
        name: "sensitivity",
        title: "Rank stability",
        columns,
        rows,
    }
}
