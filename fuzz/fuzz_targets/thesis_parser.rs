//! Any bytes as a thesis file: parsed, validated and compiled. Must return an error, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use thesis::io::Source;
use thesis::thesis::Thesis;

fuzz_target!(|bytes: &[u8]| {
    let _ = Thesis::load(&Source::embedded("thesis.toml", bytes));
});
