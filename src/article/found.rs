//! What extraction finds in an article: the names (entities) with what the article says of them,
//! each sentence as words with the names found in it, and the role a name seems to play. Shared by
//! the extractor and the relation finder, which neither import each other's types.

use super::tokens::Token;
use std::fmt;

/// What a company seems to be in the thesis's story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A young company in the new market.
    Startup,
    /// An established vendor, or its product.
    Incumbent,
    /// Bought by another company the article names.
    Acquired,
    /// A company of an earlier era that the thesis cites as a pattern.
    Precedent,
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Role::Startup => "startup",
            Role::Incumbent => "incumbent",
            Role::Acquired => "acquired",
            Role::Precedent => "precedent",
        })
    }
}

/// One thing the article names, with what the article says of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    pub name: String,
    /// The company whose product this is, when the article writes it so.
    pub parent: Option<String>,
    /// The heading of the section of its first mention; none before the first heading.
    pub section: Option<String>,
    /// The numbers of the sentences that name it, ascending.
    pub sentences: Vec<usize>,
    pub mentions: usize,
    pub acquired_by: Option<String>,
    /// What it supports ("X supports Y", "Y is supported by X").
    pub supports: Vec<String>,
    pub role: Role,
    /// The words the role guess rests on, each with its sentence number.
    pub evidence: Vec<String>,
}

/// A name found in a sentence: where its words are, and the company it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Mention {
    pub(super) name: String,
    pub(super) parent: Option<String>,
    pub(super) start: usize,
    pub(super) end: usize,
}

/// A sentence as words and marks, with the names found in it.
pub(super) struct Parsed {
    pub(super) number: usize,
    pub(super) lower_text: String,
    pub(super) tokens: Vec<Token>,
    pub(super) mentions: Vec<Mention>,
}
