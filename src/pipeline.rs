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
    // Candidates are every name, then every id: position p is company p % n.
    let count = data.companies.len();
    let names = data.companies.iter().map(|company| company.name.as_str());
    let ids = data.companies.iter().map(|company| company.id.as_str());
    let mut matched: Vec<usize> = Vec::new();
    for position in crate::suggest::closest(wanted, names.chain(ids), 2 * count) {
        if !matched.contains(&(position % count)) {
            matched.push(position % count);
        }
    }
    let suggestions: Vec<String> = matched
        .into_iter()
        .take(3)
        .map(|index| {
            format!(
                "{} ({})",
                data.companies[index].name, data.companies[index].id
            )
        })
        .collect();
    Err(Error::UnknownCompany {
        query: wanted.to_string(),
        suggestions,
    })
}
