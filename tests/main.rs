//! Every end-to-end test, as modules of one test binary: the crate is linked once for all of them,
//! not once per file. Each module runs the real `thesis` binary in scratch folders (see `common`).
//! Run one module with `cargo test --test end_to_end errors::`.

mod common;

mod architecture;
mod articles;
mod backtest;
mod browser;
mod charts;
mod cli;
mod data;
mod diff;
mod errors;
mod explore;
mod extract;
mod faults;
mod fit;
mod generate;
mod outputs;
mod parquet;
mod partners;
mod properties;
mod read_back;
mod spreadsheets;
mod sql;
mod stats;
