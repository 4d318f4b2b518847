//! How a thesis reads what later happened to a company: each outcome event (`acquired`, `ipo`,
//! `shut-down`…) maps to a level on an ordinal success scale and to a binary success. The backtest
//! compares the scores with these; they never feed the scores.

use super::problems::{Problems, is_id};
use super::raw::RawOutcomeClass;
use std::collections::BTreeMap;

/// Where an outcome event sits: its level (higher is better) and whether it counts as a success.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OutcomeClass {
    pub level: f64,
    pub success: bool,
}

/// The `[backtest.outcomes]` table of a thesis, or the default below when the thesis has none.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeScale {
    pub classes: BTreeMap<String, OutcomeClass>,
}

/// The default scale. A listing ranks above a sale, a sale above a company or product that is still
/// going on its own (value not yet realized), and those above a shutdown or a discontinued product.
/// Success is survival or an exit: the thesis claims which companies endure and get bought, and a
/// binary that needs no price (most prices are undisclosed) is the most robust reading of that.
const DEFAULT_CLASSES: [(&str, f64, bool); 6] = [
    ("ipo", 4.0, true),
    ("acquired", 3.0, true),
    ("independent", 2.0, true),
    ("continued", 2.0, true),
    ("discontinued", 0.0, false),
    ("shut-down", 0.0, false),
];

impl Default for OutcomeScale {
    fn default() -> OutcomeScale {
        OutcomeScale {
            classes: DEFAULT_CLASSES
                .iter()
                .map(|&(event, level, success)| {
                    (event.to_string(), OutcomeClass { level, success })
                })
                .collect(),
        }
    }
}

impl OutcomeScale {
    pub fn class_of(&self, event: &str) -> Option<OutcomeClass> {
        self.classes.get(event).copied()
    }
}

pub(super) fn compile_outcome_scale(
    raw: Option<&BTreeMap<String, RawOutcomeClass>>,
    problems: &mut Problems,
) -> OutcomeScale {
    let Some(raw) = raw else {
        return OutcomeScale::default();
    };
    if raw.is_empty() {
        problems.add("backtest.outcomes", "needs at least one outcome event");
    }
    let mut classes = BTreeMap::new();
    for (event, class) in raw {
        let key = format!("backtest.outcomes.{event}");
        if !is_id(event) {
            problems.add(&key, "an event name must be letters, digits, - and _");
        } else if !class.level.is_finite() {
            problems.add(
                format!("{key}.level"),
                format!("must be a finite number, found {}", class.level),
            );
        } else {
            classes.insert(
                event.clone(),
                OutcomeClass {
                    level: class.level,
                    success: class.success,
                },
            );
        }
    }
    OutcomeScale { classes }
}
