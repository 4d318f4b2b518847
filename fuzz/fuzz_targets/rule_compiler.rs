//! Any text as a rule's condition: compiled against the bundled schema and, when it compiles,
//! evaluated for every bundled company by the interpreter and by the kernel. Must return an error,
//! never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use thesis::io::{Dataset, RawTable, bundled_inputs};
use thesis::thesis::{Condition, Thesis, company_context};

fn bundled() -> &'static (Thesis, Dataset) {
    static BUNDLED: OnceLock<(Thesis, Dataset)> = OnceLock::new();
    BUNDLED.get_or_init(|| {
        let inputs = bundled_inputs();
        let thesis = Thesis::load(&inputs.thesis).expect("the bundled thesis loads");
        let companies = RawTable::parse(&inputs.companies).expect("bundled companies");
        let categories = RawTable::parse(&inputs.categories).expect("bundled categories");
        let data = Dataset::bind(&companies, &categories, &thesis.schema).expect("bundled data");
        (thesis, data)
    })
}

fuzz_target!(|source: &str| {
    let (thesis, data) = bundled();
    if let Ok(condition) = Condition::compile(source, &thesis.schema) {
        for company in 0..data.len() {
            let record = data.record(company);
            let _ = condition.evaluate(&company_context(&thesis.schema, &record));
            let _ = condition.holds(&thesis.schema, &record);
        }
    }
});
