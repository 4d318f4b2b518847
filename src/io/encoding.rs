//! How an input's bytes become text: the encoding (UTF-8, or Windows-1252 as a text editor saving
//! "ANSI" writes it, detected when not given) and, for a CSV file, the delimiter.

use std::borrow::Cow;

/// The byte-order mark a UTF-8 file may start with.
pub(super) const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// How to read a CSV file's bytes; what is not given is detected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CsvFormat {
    pub delimiter: Option<u8>,
    pub encoding: TextEncoding,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextEncoding {
    /// UTF-8 when the bytes are valid UTF-8, Windows-1252 otherwise.
    #[default]
    Detect,
    Utf8,
    Windows1252,
}

/// The bytes as UTF-8: as they are when valid (or forced), else decoded from Windows-1252.
pub(super) fn decode(bytes: &[u8], encoding: TextEncoding) -> Cow<'_, [u8]> {
    let windows_1252 = match encoding {
        TextEncoding::Detect => std::str::from_utf8(bytes).is_err(),
        TextEncoding::Utf8 => false,
        TextEncoding::Windows1252 => true,
    };
    if windows_1252 {
        let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
        Cow::Owned(text.into_owned().into_bytes())
    } else {
        Cow::Borrowed(bytes)
    }
}
