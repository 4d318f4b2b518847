//! Long, flat or deep conditions, built from a chain of one operator or one opening bracket repeated
//! up to twenty thousand times over fields, literals and calls: compiled against the bundled schema
//! and, when they compile, evaluated for every bundled company. Must return an error, never
//! overflow the stack.
#![no_main]

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

const ATOMS: &[&str] = &[
    "funding_musd",
    "role",
    "sentences",
    "commercial_offering",
    "named_startups_count",
    "1",
    "0.5",
    "-1",
    "\"x\"",
    "true",
    "null",
    "[1]",
    "{}",
    "size(role)",
    "x",
    "sentences[0]",
    "(1)",
    "b\"x\"",
];
const JOINS: &[&str] = &[
    " + ", " - ", " * ", " / ", " % ", " && ", " || ", " < ", " <= ", " == ", " != ", " in ", ".",
    "", " ? 1 : ", ", ", "[0]", ".size()", "\n",
];
const OPENINGS: &[(&str, &str)] = &[
    ("(", ")"),
    ("[", "]"),
    ("{1:", "}"),
    ("!", ""),
    ("-", ""),
    ("size(", ")"),
    ("int(", ")"),
    ("has(", ")"),
    ("[[", "]]"),
    ("(1 + ", ")"),
    ("true ? ", " : 0"),
];

fuzz_target!(|bytes: &[u8]| {
    if let Ok(source) = condition(&mut Unstructured::new(bytes)) {
        thesis_fuzz::compile_and_evaluate(&source);
    }
});

fn length(input: &mut Unstructured) -> Result<usize> {
    Ok(match input.int_in_range(0..=2)? {
        0 => input.int_in_range(0..=300)?,
        1 => input.int_in_range(300..=5_000)?,
        _ => input.int_in_range(5_000..=20_000)?,
    })
}

fn condition(input: &mut Unstructured) -> Result<String> {
    let mut source = String::new();
    let (open, close) = *input.choose(OPENINGS)?;
    let depth = length(input)?;
    source += &open.repeat(depth);
    let join = *input.choose(JOINS)?;
    let terms = length(input)?;
    for term in 0..terms.max(1) {
        if term > 0 {
            source += join;
        }
        source += input.choose(ATOMS).copied().unwrap_or("1");
    }
    source += &close.repeat(depth);
    if input.arbitrary()? {
        source += " == ";
        source += input.choose(ATOMS)?;
    }
    Ok(source)
}
