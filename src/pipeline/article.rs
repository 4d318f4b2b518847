//! The article a thesis was written from: `thesis extract` drafting a company file from it, and a
//! run's evidence linked to its sentences.

use super::{input_files, write_outputs};
use crate::article::{Article, Entity, Evidence, EvidenceLabels, Lexicon};
use crate::error::{Error, Result};
use crate::io::{Dataset, Inputs, RawTable, Source};
use crate::report::DraftCsv;
use crate::thesis::Thesis;
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

/// The evidence of a run: its companies and rules linked to the sentences of the article given
/// with the inputs, if any.
pub(super) fn link_evidence(
    inputs: &Inputs,
    thesis: &Thesis,
    data: &Dataset,
) -> Result<Option<Evidence>> {
    let Some(source) = &inputs.article else {
        return Ok(None);
    };
    let article = read_article(source)?;
    let labels = EvidenceLabels {
        article: &source.label,
        companies: &inputs.companies.label,
        thesis: &inputs.thesis.label,
    };
    Evidence::link(article, &labels, data, thesis, &Lexicon::built_in()).map(Some)
}

/// The article's numbered sentences; an article without any is an error.
fn read_article(source: &Source) -> Result<Article> {
    let article = Article::parse(&source.text()?);
    if article.sentences.is_empty() {
        return Err(Error::data(
            &source.label,
            None,
            None,
            "the article has no sentences",
        ));
    }
    Ok(article)
}
