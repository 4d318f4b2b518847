//! Input bytes with the label that error messages and the run manifest use for them.

use super::table::CsvFormat;
use crate::error::{Error, Result};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The bytes of one input, read once, with the label errors name it by.
#[derive(Debug, Clone)]
pub struct Source {
    pub label: String,
    pub bytes: Vec<u8>,
    /// The sheet to read when the bytes are a workbook; the first sheet when not given.
    pub sheet: Option<String>,
    /// The file the bytes came from, if any, so that no output overwrites it.
    pub path: Option<PathBuf>,
}

impl Source {
    pub fn from_path(path: &Path) -> Result<Source> {
        let bytes = std::fs::read(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(Source {
            label: path.display().to_string(),
            bytes,
            sheet: None,
            path: Some(path.to_path_buf()),
        })
    }

    /// Everything `reader` holds (standard input), labelled `label`.
    pub fn from_reader(label: &str, mut reader: impl std::io::Read) -> Result<Source> {
        let mut bytes = Vec::new();
        reader
            .read_to_end(&mut bytes)
            .map_err(|source| Error::Read {
                path: PathBuf::from(label),
                source,
            })?;
        Ok(Source::embedded(label, &bytes))
    }

    pub fn embedded(label: &str, bytes: &[u8]) -> Source {
        Source {
            label: label.to_string(),
            bytes: bytes.to_vec(),
            sheet: None,
            path: None,
        }
    }

    /// The same bytes, reading `sheet` if they are a workbook.
    pub fn with_sheet(self, sheet: Option<String>) -> Source {
        Source { sheet, ..self }
    }

    /// The bytes as text: UTF-8 when they are valid UTF-8 (without a byte-order mark), else
    /// decoded from Windows-1252, as a text editor saving "ANSI" writes it.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        let bytes = self
            .bytes
            .strip_prefix(b"\xef\xbb\xbf")
            .unwrap_or(&self.bytes);
        match std::str::from_utf8(bytes) {
            Ok(text) => std::borrow::Cow::Borrowed(text),
            Err(_) => {
                encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling(bytes)
                    .0
            }
        }
    }

    /// Lower-case hex SHA-256 of the bytes, for the run manifest.
    pub fn sha256_hex(&self) -> String {
        Sha256::digest(&self.bytes)
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect()
    }
}

/// The inputs of a scoring run: three that score, and what later happened, which only the backtest
/// reads.
#[derive(Debug, Clone)]
pub struct Inputs {
    pub companies: Source,
    pub categories: Source,
    pub thesis: Source,
    pub outcomes: Option<Source>,
    /// The article the thesis was written from, whose sentences reports quote as evidence.
    pub article: Option<Source>,
    /// How the CSV inputs are delimited and encoded; detected where not given.
    pub format: CsvFormat,
}

impl Inputs {
    /// Every input, the outcomes and the article too when given.
    pub fn all(&self) -> Vec<&Source> {
        [&self.companies, &self.categories, &self.thesis]
            .into_iter()
            .chain(self.outcomes.as_ref())
            .chain(self.article.as_ref())
            .collect()
    }
}
