//! Reading the official list files into [`crate::model::Entity`] values.
//!
//! One module per format: [`un`] (UN consolidated XML), [`ofac_csv`] (OFAC's
//! legacy CSV sets, SDN and non-SDN), [`ofac_xml`] (OFAC `sdnList` XML, the format
//! of `SDN.XML` and `CONSOLIDATED.XML`), [`ofac_remarks`] (structure inside OFAC's
//! free-text remarks) and [`kr`] (the curated South Korean designations).
//! Every one of them reads dates through [`dates`].
//! [`format`] knows, per format, its manifest `parser` names, where its files
//! sit and which parser reads them; [`load`] (for `build`) and [`fetch`] both
//! go through it.
//!
//! Parsers stream their input. A file whose structure is broken is a
//! [`ListError`] naming the file and position; a single record that cannot be
//! understood inside an intact file is skipped and recorded in the
//! [`ParseReport`], never fatal.

pub mod dates;
pub mod entity;
pub mod fetch;
pub mod format;
pub mod kr;
pub mod load;
pub mod ofac_csv;
pub mod ofac_remarks;
pub mod ofac_xml;
pub mod un;

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

pub use format::Format;
pub use load::{ListFile, LoadedLists, load_lists};

/// A list file that cannot be read as a whole.
#[derive(Debug, thiserror::Error)]
pub enum ListError {
    #[error("{file}: cannot read: {source}")]
    Io {
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file's structure is broken (not well-formed XML, wrong root element,
    /// a CSV that cannot be split into records). `position` says where, e.g.
    /// `byte 1234` or `line 12`.
    #[error("{file}: malformed at {position}: {message}")]
    Malformed {
        file: PathBuf,
        position: String,
        message: String,
    },
    /// The lists folder lacks a file the format needs.
    #[error("{file}: missing: {message}")]
    Missing { file: PathBuf, message: String },
}

/// A record that was skipped inside an otherwise intact file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Skipped {
    /// Which record (an id where one could be read, else its ordinal).
    pub record: String,
    /// Where in the file (`line 12`, `byte 3456`).
    pub position: String,
    pub reason: String,
}

/// What a parser did with one file (or CSV set).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ParseReport {
    /// The file, relative to the lists folder.
    pub file: String,
    /// Records read successfully.
    pub records: usize,
    /// Records skipped, with reasons.
    pub skipped: Vec<Skipped>,
    /// Anything else a user should know (orphan alias rows, counts by kind).
    pub notes: Vec<String>,
}

impl ParseReport {
    pub fn new(file: impl Into<String>) -> ParseReport {
        ParseReport {
            file: file.into(),
            ..ParseReport::default()
        }
    }

    pub fn skip(
        &mut self,
        record: impl Into<String>,
        position: impl Into<String>,
        reason: impl Into<String>,
    ) {
        self.skipped.push(Skipped {
            record: record.into(),
            position: position.into(),
            reason: reason.into(),
        });
    }
}
