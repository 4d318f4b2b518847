//! The read → compile → bind steps every command starts with, and the company lookup `explain` uses.

use crate::error::{Error, Result};
use crate::io::{Dataset, Inputs, RawTable};
use crate::thesis::Thesis;

/// A compiled thesis and the companies typed and joined by its schema.
#[derive(Debug)]
pub struct Loaded {
    pub thesis: Thesis,
    pub data: Dataset,
}

/// Compiles the thesis first (its schema types the data), then reads and binds both tables.
pub fn load(inputs: &Inputs) -> Result<Loaded> {
    let thesis = Thesis::load(&inputs.thesis)?;
    let companies = RawTable::parse(&inputs.companies)?;
    let categories = RawTable::parse(&inputs.categories)?;
    let data = Dataset::bind(&companies, &categories, &thesis.schema)?;
    Ok(Loaded { thesis, data })
}

/// The company whose id, or name ignoring case, is `query`; otherwise an error listing the closest.
pub fn find_company(data: &Dataset, query: &str) -> Result<usize> {
    let wanted = query.trim();
    if let Some(index) = data
        .companies
        .iter()
        .position(|company| company.id == wanted)
    {
        return Ok(index);
    }
    if let Some(index) = data
        .companies
        .iter()
        .position(|company| company.name.eq_ignore_ascii_case(wanted))
    {
        return Ok(index);
    }
    let names = data.companies.iter().map(|company| company.name.as_str());
    let ids = data.companies.iter().map(|company| company.id.as_str());
    let mut suggestions: Vec<String> = Vec::new();
    for candidate in crate::suggest::closest(wanted, names.chain(ids), 6) {
        let company = data
            .companies
            .iter()
            .find(|c| c.name == candidate || c.id == candidate);
        if let Some(company) = company {
            let label = format!("{} ({})", company.name, company.id);
            if !suggestions.contains(&label) {
                suggestions.push(label);
            }
        }
    }
    suggestions.truncate(3);
    Err(Error::UnknownCompany {
        query: wanted.to_string(),
        suggestions,
    })
}
