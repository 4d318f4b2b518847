//! Statistics over a scored thesis: how stable the ranking is when the weights are uncertain. Every
//! random draw comes from a seeded generator, so equal inputs and seed give equal results whatever
//! the number of threads.

mod sensitivity;

pub use sensitivity::{
    FirstPlace, Sensitivity, SensitivityOptions, Stability, WeightChange, WeightPrior, sensitivity,
};
