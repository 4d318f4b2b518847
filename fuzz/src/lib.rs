//! What the fuzz targets share: the bundled thesis and data, loaded once per process.

use std::sync::OnceLock;
use thesis::io::{RawTable, bundled_inputs};
use thesis::model::Dataset;
use thesis::thesis::{Condition, Thesis, company_context};

/// The bundled thesis, its category table, and the bundled companies bound to both.
pub struct Bundled {
    pub thesis: Thesis,
    pub categories: RawTable,
    pub data: Dataset,
}

pub fn bundled() -> &'static Bundled {
    static BUNDLED: OnceLock<Bundled> = OnceLock::new();
    BUNDLED.get_or_init(|| {
        let inputs = bundled_inputs();
        let thesis = Thesis::load(&inputs.thesis).expect("the bundled thesis loads");
        let companies = RawTable::parse(&inputs.companies).expect("bundled companies");
        let categories = RawTable::parse(&inputs.categories).expect("bundled categories");
        let data = Dataset::bind(&companies, &categories, &thesis.schema).expect("bundled data");
        Bundled {
            thesis,
            categories,
            data,
        }
    })
}

/// Compiles `source` as a rule condition against the bundled schema and, when it compiles,
/// evaluates it for every bundled company, by the interpreter and by the kernel.
pub fn compile_and_evaluate(source: &str) {
    let Bundled { thesis, data, .. } = bundled();
    if let Ok(condition) = Condition::compile(source, &thesis.schema) {
        for company in 0..data.len() {
            let record = data.record(company);
            let _ = condition.evaluate(&company_context(&thesis.schema, &record));
            let _ = condition.holds(&thesis.schema, &record);
        }
    }
}
