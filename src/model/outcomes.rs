//! What happened to the companies after the thesis date: one event per row (acquired, listed, shut
//! down…), the last one of each company marked final.

use super::date::PartialDate;
use super::label::TableLabel;

#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeEvent {
    /// The line of the outcomes file.
    pub line: u64,
    /// Index of the company in the dataset.
    pub company: usize,
    pub date: PartialDate,
    pub event: String,
    pub acquirer: String,
    pub price_musd: Option<f64>,
    pub is_final: bool,
    pub source: String,
    pub note: String,
    /// Whether the row's source was checked; an unverified final event is left out of the backtest
    /// unless asked for.
    pub verified: bool,
}

#[derive(Debug, Clone)]
pub struct Outcomes {
    /// The file the events came from, for error messages.
    pub label: TableLabel,
    /// In file order.
    pub events: Vec<OutcomeEvent>,
}

impl Outcomes {
    /// The final event of a company, if it has any events.
    pub fn final_event(&self, company: usize) -> Option<&OutcomeEvent> {
        self.events
            .iter()
            .find(|event| event.company == company && event.is_final)
    }
}
