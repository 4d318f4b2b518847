//! Loading a run's inputs: the thesis compiled, the companies typed and joined by its schema, the
//! outcomes and the article's evidence when given, every value checked against the thesis date; and
//! each input file's identity, so that no output overwrites an input under another name.

use crate::article::{Article, Evidence, EvidenceLabels, Lexicon};
use crate::error::{DataProblem, Error, Result};
use crate::io::{Inputs, RawTable, Source};
use crate::model::{Dataset, Outcomes};
use crate::thesis::{LateFact, Thesis, late_facts};
use std::path::{Path, PathBuf};

/// A compiled thesis, the companies typed and joined by its schema, and their outcomes if given.
#[derive(Debug)]
pub struct Loaded {
    pub thesis: Thesis,
    pub data: Dataset,
    pub outcomes: Option<Outcomes>,
    /// The companies' and rules' sentences of the article, when one is given.
    pub evidence: Option<Evidence>,
    /// The files they were read from, which no output may overwrite.
    pub input_files: Vec<InputFile>,
    /// When look-ahead was allowed, which every output then says: the values read that are dated
    /// after the thesis. `None` when it was refused (and so none was read).
    late_facts: Option<Vec<LateFact>>,
}

impl Loaded {
    /// What a scores table read back holds: the thesis, the companies' names and their outcomes;
    /// no article, and no values to be dated.
    pub(super) fn read_back(
        thesis: Thesis,
        data: Dataset,
        outcomes: Option<Outcomes>,
        input_files: Vec<InputFile>,
    ) -> Loaded {
        Loaded {
            thesis,
            data,
            outcomes,
            evidence: None,
            input_files,
            late_facts: None,
        }
    }

    /// The values dated after the thesis that were read, when look-ahead was allowed; `None` when
    /// it was refused (and so none was read).
    pub fn look_ahead(&self) -> Option<&[LateFact]> {
        self.late_facts.as_deref()
    }
}

/// An input that is a file on disk: its resolved path, the file itself, and the label messages
/// give it.
#[derive(Debug, Clone)]
pub struct InputFile {
    pub path: PathBuf,
    pub label: String,
    pub(super) identity: Option<FileIdentity>,
}

/// A file as the file system knows it, whatever path, link or hard link names it: its device and
/// inode where there are such (Unix), its resolved path elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum FileIdentity {
    #[cfg(unix)]
    Inode { device: u64, inode: u64 },
    #[cfg(not(unix))]
    Path(PathBuf),
}

impl FileIdentity {
    pub(super) fn of(path: &Path) -> Option<FileIdentity> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let metadata = std::fs::metadata(path).ok()?;
            Some(FileIdentity::Inode {
                device: metadata.dev(),
                inode: metadata.ino(),
            })
        }
        #[cfg(not(unix))]
        {
            path.canonicalize().ok().map(FileIdentity::Path)
        }
    }
}

pub(crate) fn input_files(sources: &[&Source]) -> Vec<InputFile> {
    sources
        .iter()
        .filter_map(|source| {
            let path = source.path.as_ref()?.canonicalize().ok()?;
            Some(InputFile {
                identity: FileIdentity::of(&path),
                path,
                label: source.label.clone(),
            })
        })
        .collect()
}

/// Compiles the thesis first (its schema types the data), then reads and binds the tables.
pub fn load(inputs: &Inputs) -> Result<Loaded> {
    let thesis = Thesis::load(&inputs.thesis)?;
    let categories = RawTable::parse_as(&inputs.categories, inputs.format)?;
    let data = Dataset::read(
        &inputs.companies,
        inputs.format,
        &categories,
        &thesis.schema,
    )?;
    if data.is_empty() {
        let problem = DataProblem::Empty("the file has no company rows: nothing to score".into());
        return Err(data.label.error(None, None, problem));
    }
    let outcomes = match &inputs.outcomes {
        Some(source) => Some(Outcomes::bind(
            &RawTable::parse_as(source, inputs.format)?,
            &data,
        )?),
        None => None,
    };
    let late = late_facts(&thesis, &data, inputs.allow_look_ahead)?;
    let evidence = link_evidence(inputs, &thesis, &data)?;
    Ok(Loaded {
        thesis,
        data,
        outcomes,
        evidence,
        input_files: input_files(&inputs.all()),
        late_facts: inputs.allow_look_ahead.then_some(late),
    })
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
pub(super) fn read_article(source: &Source) -> Result<Article> {
    let article = Article::parse(&source.text()?);
    if article.sentences.is_empty() {
        return Err(Error::data(
            &source.label,
            None,
            None,
            DataProblem::Empty("the article has no sentences".to_string()),
        ));
    }
    Ok(article)
}
