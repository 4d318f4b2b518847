//! `companies.draft.csv`: what `thesis extract` found in an article, one row per name, in the
//! columns of a company file so that an analyst can complete it and score it.

use super::Exporter;
use crate::article::Entity;
use std::io::Write;

/// Columns a draft adds after the company file's own: how often the article names the company,
/// what it supports, and the words the role guess rests on.
pub const DRAFT_EXTRA_COLUMNS: [&str; 3] = ["mentions", "supports", "role_evidence"];

pub struct DraftCsv {
    pub file_name: String,
    /// The company file's columns, in its order.
    pub columns: Vec<String>,
    pub entities: Vec<Entity>,
}

impl DraftCsv {
    fn cell(&self, entity: &Entity, column: &str) -> String {
        let ids = |names: &[String]| names.iter().map(|name| slug(name)).collect::<Vec<_>>();
        match column {
            "id" => slug(&entity.name),
            "name" | "article_name" => entity.name.clone(),
            "parent" => entity.parent.as_deref().map(slug).unwrap_or_default(),
            "category" => entity.section.clone().unwrap_or_default(),
            "role" => entity.role.to_string(),
            "kind" if entity.parent.is_some() => "product".to_string(),
            "kind" => "company".to_string(),
            "sentences" => (entity.sentences.iter())
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(";"),
            "acquired_by" => entity.acquired_by.as_deref().map(slug).unwrap_or_default(),
            "mentions" => entity.mentions.to_string(),
            "supports" => ids(&entity.supports).join(";"),
            "role_evidence" => entity.evidence.join("; "),
            _ => String::new(),
        }
    }

    fn all_columns(&self) -> Vec<&str> {
        let own = self.columns.iter().map(String::as_str);
        let extra = DRAFT_EXTRA_COLUMNS
            .into_iter()
            .filter(|extra| !self.columns.iter().any(|column| column == extra));
        own.chain(extra).collect()
    }
}

impl Exporter for DraftCsv {
    fn file_name(&self) -> String {
        self.file_name.clone()
    }

    fn write(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let columns = self.all_columns();
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(&columns)?;
        for entity in &self.entities {
            writer.write_record(columns.iter().map(|column| self.cell(entity, column)))?;
        }
        writer.flush()
    }
}

/// An id made of the name: lower-case letters and digits, other runs of characters as one dash
/// ("Pure Storage" is `pure-storage`).
pub fn slug(name: &str) -> String {
    (name.split(|c: char| !c.is_alphanumeric()))
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_made_of_names() {
        let cases = [
            ("Pure Storage", "pure-storage"),
            ("AT&T", "at-t"),
            ("3Par", "3par"),
            (" Ñandú Labs!", "ñandú-labs"),
        ];
        for (name, id) in cases {
            assert_eq!(slug(name), id, "{name:?}");
        }
    }
}
