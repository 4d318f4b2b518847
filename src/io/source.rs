//! Input bytes with the label that error messages and the run manifest use for them.

use super::encoding::{CsvFormat, TextEncoding, UTF8_BOM, decode};
use crate::error::{Error, Result};
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// One input with the label errors name it by: its bytes, read once, or a file left on disk to be
/// read block by block (see [`Source::on_disk`]).
#[derive(Debug, Clone)]
pub struct Source {
    pub label: String,
    body: Body,
    /// The sheet to read when the bytes are a workbook; the first sheet when not given.
    pub sheet: Option<String>,
    /// The file the bytes came from, if any, so that no output overwrites it.
    pub path: Option<PathBuf>,
    /// The SHA-256 of the bytes, once taken: a file on disk is hashed by whoever reads it.
    digest: OnceLock<String>,
}

#[derive(Debug, Clone)]
enum Body {
    Bytes(Vec<u8>),
    /// Not read yet: the file at this path.
    OnDisk(PathBuf),
}

/// Bytes of a file on disk read at a time.
const READ_BYTES: usize = 8 * 1024 * 1024;

impl Source {
    pub fn from_path(path: &Path) -> Result<Source> {
        let bytes = std::fs::read(path).map_err(|source| read_error(path, source))?;
        Ok(Source {
            body: Body::Bytes(bytes),
            ..Source::on_disk_unchecked(path)
        })
    }

    /// A file that stays on disk until it is read, so that a large company file can be typed block
    /// by block without ever being held whole. It is opened here, so that a missing file is refused
    /// before anything else is read.
    pub fn on_disk(path: &Path) -> Result<Source> {
        std::fs::File::open(path).map_err(|source| read_error(path, source))?;
        Ok(Source::on_disk_unchecked(path))
    }

    fn on_disk_unchecked(path: &Path) -> Source {
        Source {
            label: path.display().to_string(),
            body: Body::OnDisk(path.to_path_buf()),
            sheet: None,
            path: Some(path.to_path_buf()),
            digest: OnceLock::new(),
        }
    }

    /// Everything `reader` holds (standard input), labelled `label`.
    pub fn from_reader(label: &str, mut reader: impl std::io::Read) -> Result<Source> {
        let mut bytes = Vec::new();
        reader
            .read_to_end(&mut bytes)
            .map_err(|source| read_error(Path::new(label), source))?;
        Ok(Source::embedded(label, &bytes))
    }

    /// Standard input, read whole. When it is a file (`< scores.csv`), that file is its path, so
    /// that no output of the run overwrites it.
    pub fn from_stdin() -> Result<Source> {
        let mut source = Source::from_reader("standard input", std::io::stdin().lock())?;
        source.path = std::fs::canonicalize("/dev/stdin")
            .ok()
            .filter(|path| path.is_file());
        Ok(source)
    }

    pub fn embedded(label: &str, bytes: &[u8]) -> Source {
        Source {
            label: label.to_string(),
            body: Body::Bytes(bytes.to_vec()),
            sheet: None,
            path: None,
            digest: OnceLock::new(),
        }
    }

    /// The same bytes, reading `sheet` if they are a workbook.
    pub fn with_sheet(self, sheet: Option<String>) -> Source {
        Source { sheet, ..self }
    }

    /// All the bytes, read from disk (and hashed) if they were left there.
    pub fn bytes(&self) -> Result<Cow<'_, [u8]>> {
        match &self.body {
            Body::Bytes(bytes) => Ok(Cow::Borrowed(bytes)),
            Body::OnDisk(path) => {
                let bytes = std::fs::read(path).map_err(|source| read_error(path, source))?;
                self.digest.get_or_init(|| hex(&Sha256::digest(&bytes)));
                Ok(Cow::Owned(bytes))
            }
        }
    }

    /// The file to read block by block, when the bytes were left on disk.
    pub(super) fn on_disk_path(&self) -> Option<&Path> {
        match &self.body {
            Body::OnDisk(path) => Some(path),
            Body::Bytes(_) => None,
        }
    }

    /// The first `len` bytes (fewer if there are fewer), reading no more of a file on disk.
    pub(super) fn head(&self, len: usize) -> Result<Cow<'_, [u8]>> {
        match &self.body {
            Body::Bytes(bytes) => Ok(Cow::Borrowed(&bytes[..len.min(bytes.len())])),
            Body::OnDisk(path) => {
                let mut head = Vec::with_capacity(len);
                let file = std::fs::File::open(path).map_err(|source| read_error(path, source))?;
                (file.take(len as u64).read_to_end(&mut head))
                    .map_err(|source| read_error(path, source))?;
                Ok(Cow::Owned(head))
            }
        }
    }

    /// Reads the file left on disk at `path` a few megabytes at a time through [`read_in_chunks`],
    /// keeping its digest for the run manifest once the end is reached.
    pub(super) fn read_on_disk(
        &self,
        path: &Path,
        take: impl FnMut(&[u8], bool) -> Result<Option<usize>>,
    ) -> Result<()> {
        let file = std::fs::File::open(path).map_err(|source| read_error(path, source))?;
        if let Some(digest) =
            read_in_chunks(file, READ_BYTES, take).map_err(|failure| failure.into_error(path))?
        {
            self.digest.get_or_init(|| digest);
        }
        Ok(())
    }

    /// The bytes as text: UTF-8 when they are valid UTF-8 (without a byte-order mark), else
    /// decoded from Windows-1252, as a text editor saving "ANSI" writes it.
    pub fn text(&self) -> Result<String> {
        let bytes = self.bytes()?;
        let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(&bytes);
        // Valid UTF-8 either way: as it was, or decoded from Windows-1252.
        let text = decode(bytes, TextEncoding::Detect);
        Ok(String::from_utf8_lossy(&text).into_owned())
    }

    /// Lower-case hex SHA-256 of the bytes, for the run manifest.
    pub fn sha256_hex(&self) -> Result<String> {
        if let Some(digest) = self.digest.get() {
            return Ok(digest.clone());
        }
        let digest = hex(&Sha256::digest(self.bytes()?));
        Ok(self.digest.get_or_init(|| digest).clone())
    }
}

/// Reads `reader` about `chunk_bytes` at a time, hashing as it goes, and hands `take` the bytes not yet
/// taken and whether the text ends with them. `take` answers how many leading bytes it took (the rest
/// is handed again with more after it), or `None` to stop. Answers the hex SHA-256 of all the bytes
/// when it read to the end.
pub(super) fn read_in_chunks(
    mut reader: impl Read,
    chunk_bytes: usize,
    mut take: impl FnMut(&[u8], bool) -> Result<Option<usize>>,
) -> std::result::Result<Option<String>, ChunkFailure> {
    let mut hasher = Sha256::new();
    let mut buffer = vec![0; chunk_bytes.max(1)];
    let mut kept = 0;
    loop {
        if kept == buffer.len() {
            // Not one whole record fits: make room for more of it.
            buffer.resize(2 * buffer.len(), 0);
        }
        let mut filled = kept;
        while filled < buffer.len() {
            match reader.read(&mut buffer[filled..]) {
                Ok(0) => break,
                Ok(read) => filled += read,
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
                Err(error) => return Err(ChunkFailure::Read(error)),
            }
        }
        let at_end = filled < buffer.len();
        let (fresh, all) = (&buffer[kept..filled], &buffer[..filled]);
        // The pool hashes the new bytes while this thread hands them over.
        let taken = rayon::in_place_scope(|scope| {
            scope.spawn(|_| hasher.update(fresh));
            take(all, at_end)
        });
        let Some(taken) = taken.map_err(ChunkFailure::Taking)? else {
            return Ok(None);
        };
        if at_end {
            return Ok(Some(hex(&hasher.finalize())));
        }
        buffer.copy_within(taken..filled, 0);
        kept = filled - taken;
    }
}

/// Why [`read_in_chunks`] stopped short.
#[derive(Debug)]
pub(super) enum ChunkFailure {
    Read(std::io::Error),
    Taking(Error),
}

impl ChunkFailure {
    fn into_error(self, path: &Path) -> Error {
        match self {
            ChunkFailure::Read(source) => read_error(path, source),
            ChunkFailure::Taking(error) => error,
        }
    }
}

fn read_error(path: &Path, source: std::io::Error) -> Error {
    Error::Read {
        path: path.to_path_buf(),
        source,
    }
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
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
    /// Whether values dated after the thesis are kept (a hindsight study) rather than refused.
    pub allow_look_ahead: bool,
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
