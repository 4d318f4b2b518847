//! `thesis extract`: a company file drafted from the article a thesis was written from.

use super::load::{input_files, read_article};
use super::outputs::write_outputs;
use crate::article::{Article, Entity, Lexicon};
use crate::error::{Error, Result};
use crate::io::{RawTable, Source};
use crate::report::DraftCsv;
use std::path::{Path, PathBuf};

/// What `thesis extract` found in an article, and the file it wrote.
pub struct Extracted {
    pub article: Article,
    pub entities: Vec<Entity>,
    pub written: Vec<PathBuf>,
}

/// Reads `article`, finds the companies, products and projects it names, and writes them to `out`
/// in the columns of `columns_like` (the bundled company file when not given).
pub fn extract(
    article: &Source,
    lexicon: Option<&Source>,
    columns_like: Option<&Source>,
    out: &Path,
) -> Result<Extracted> {
    let lexicon = match lexicon {
        Some(source) => Lexicon::extended_by(source)?,
        None => Lexicon::built_in(),
    };
    let bundled = crate::io::bundled_inputs().companies;
    let columns = header(columns_like.unwrap_or(&bundled))?;
    let parsed = read_article(article)?;
    let entities = crate::article::extract(&parsed, &lexicon);
    let file_name = out.file_name().ok_or_else(|| Error::Refused {
        path: out.to_path_buf(),
        reason: "it names a folder, not a file".to_string(),
    })?;
    let draft = DraftCsv {
        file_name: file_name.to_string_lossy().into_owned(),
        columns,
        entities,
    };
    let dir = out.parent().unwrap_or(Path::new(""));
    let inputs = input_files(
        &[article]
            .into_iter()
            .chain(columns_like)
            .collect::<Vec<_>>(),
    );
    let written = write_outputs(dir, &[&draft], &inputs)?;
    Ok(Extracted {
        article: parsed,
        entities: draft.entities,
        written,
    })
}

/// The column names of a company file's header row.
fn header(source: &Source) -> Result<Vec<String>> {
    Ok(RawTable::parse(source)?.headers)
}
