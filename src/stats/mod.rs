//! Statistics over a scored thesis: how stable the ranking is when the weights are uncertain, how
//! the scores agree with what later happened, and which companies some weights could rank in a
//! top N. Every random draw comes from a seeded generator, so equal inputs and seed give equal
//! results whatever the number of threads.

mod backtest;
mod fisher;
mod fit;
mod mann_whitney;
mod partners;
mod profiles;
mod radix;
mod rank;
mod reachable;
mod sensitivity;

pub use backtest::{
    AxisComparison, Backtest, BacktestOptions, CompanyOutcome, Estimate, Exclusion, Half,
    MIN_EACH_OUTCOME, MIN_SAMPLE, QuadrantRate, backtest,
};
pub use fit::{
    Fit, FitOptions, FittedPoints, Judged, LensWeight, Scheme, Validation, Weighting, fit,
};
pub use partners::PartnerSpread;
pub use rank::{average_ranks, kendall_tau_b, pearson, precision_at_k, roc_auc, spearman};
pub use reachable::reachable;
pub use sensitivity::{
    FirstPlace, MAX_RANK_CELLS, PartnerLeader, Sensitivity, SensitivityOptions, Stability,
    WeightChange, WeightPrior, sensitivity,
};
