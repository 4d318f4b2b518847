//! Any text as a rule's condition: compiled against the bundled schema and, when it compiles,
//! evaluated for every bundled company by the interpreter and by the kernel. Must return an error,
//! never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|source: &str| thesis_fuzz::compile_and_evaluate(source));
