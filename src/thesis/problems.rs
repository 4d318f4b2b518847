//! What validating a thesis collects: every problem with the key it is at, so that `thesis check`
//! lists them all at once, and the shape of the ids the thesis gives its lenses, rules and classes.

use crate::error::Problem;

#[derive(Default)]
pub(super) struct Problems(Vec<Problem>);

impl Problems {
    pub(super) fn add(&mut self, key: impl Into<String>, message: impl Into<String>) {
        self.0.push(Problem {
            key: key.into(),
            message: message.into(),
        });
    }

    /// The problems found, or `None` when there were none.
    pub(super) fn into_errors(self) -> Option<Vec<Problem>> {
        (!self.0.is_empty()).then_some(self.0)
    }
}

/// Whether `id` can name a lens, a rule or an outcome class: letters, digits, `-` and `_`.
pub(super) fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}
