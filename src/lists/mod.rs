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
//! [`ListError`] naming the file and [`Position`]; a single record that cannot
//! be understood inside an intact file is skipped and recorded in the
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
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

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
        position: Position,
        message: String,
    },
    /// A record contradicts the rest of the file (a parent that is not in it,
    /// parents in a circle): no one place is wrong, so `record` names it.
    #[error("{file}: malformed at {record}: {message}")]
    Inconsistent {
        file: PathBuf,
        record: String,
        message: String,
    },
    /// The lists folder lacks a file the format needs.
    #[error("{file}: missing: {message}")]
    Missing { file: PathBuf, message: String },
}

/// Where in a list file something happened, as far as its parser knows.
///
/// Modelled on [`csv::Position`]: the XML parsers know a byte offset, the CSV
/// parsers a line (and, from a [`csv::Position`], the byte and record too).
/// It prints the most useful coordinate known, in the words every message and
/// report has always used: `line 12`, else `byte 3456`, else `record 7`, else
/// `end` (a reader stopped where its input ended), else `unknown line`.
/// Reports store that text, and read it back.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Position {
    /// Byte offset from the start of the file.
    pub byte: Option<u64>,
    /// 1-based line.
    pub line: Option<u64>,
    /// Record index from 0, as [`csv::Position::record`] counts.
    pub record: Option<u64>,
    /// Where its input ended, with no coordinate kept.
    pub end: bool,
}

impl Position {
    /// `byte <n>`: an XML parser's offset.
    pub const fn byte(n: u64) -> Position {
        Position {
            byte: Some(n),
            line: None,
            record: None,
            end: false,
        }
    }

    /// `line <n>`: a CSV parser's line.
    pub const fn line(n: u64) -> Position {
        Position {
            byte: None,
            line: Some(n),
            record: None,
            end: false,
        }
    }

    /// `record <n>`: a record index with no line.
    pub const fn record(n: u64) -> Position {
        Position {
            byte: None,
            line: None,
            record: Some(n),
            end: false,
        }
    }

    /// `end`: the reader failed where its input ended, with no coordinate.
    pub const fn end() -> Position {
        Position {
            end: true,
            ..Position::unknown()
        }
    }

    /// `unknown line`: a CSV error that carries no position.
    pub const fn unknown() -> Position {
        Position {
            byte: None,
            line: None,
            record: None,
            end: false,
        }
    }
}

impl From<&csv::Position> for Position {
    fn from(p: &csv::Position) -> Position {
        Position {
            byte: Some(p.byte()),
            line: Some(p.line()),
            record: Some(p.record()),
            end: false,
        }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.byte, self.record) {
            (Some(n), _, _) => write!(f, "{LINE} {n}"),
            (None, Some(n), _) => write!(f, "{BYTE} {n}"),
            (None, None, Some(n)) => write!(f, "{RECORD} {n}"),
            (None, None, None) if self.end => f.write_str(END),
            (None, None, None) => f.write_str(UNKNOWN),
        }
    }
}

const LINE: &str = "line";
const BYTE: &str = "byte";
const RECORD: &str = "record";
const END: &str = "end";
const UNKNOWN: &str = "unknown line";

/// Text that is not a [`Position`] as it prints.
#[derive(Debug, thiserror::Error)]
#[error("not a position: {0:?} (expected `line <n>`, `byte <n>`, `record <n>`, `end`)")]
pub struct PositionParseError(String);

impl FromStr for Position {
    type Err = PositionParseError;

    /// Reads what [`Position`]'s `Display` prints.
    fn from_str(s: &str) -> Result<Position, PositionParseError> {
        let bad = || PositionParseError(s.to_string());
        match s {
            END => return Ok(Position::end()),
            UNKNOWN => return Ok(Position::unknown()),
            _ => {}
        }
        let (word, n) = s.split_once(' ').ok_or_else(bad)?;
        let n: u64 = n.parse().map_err(|_| bad())?;
        match word {
            LINE => Ok(Position::line(n)),
            BYTE => Ok(Position::byte(n)),
            RECORD => Ok(Position::record(n)),
            _ => Err(bad()),
        }
    }
}

impl Serialize for Position {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Position {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Position, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A record that was skipped inside an otherwise intact file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Skipped {
    /// Which record (an id where one could be read, else its ordinal).
    pub record: String,
    /// Where in the file (`line 12`, `byte 3456`).
    pub position: Position,
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
        position: Position,
        reason: impl Into<String>,
    ) {
        self.skipped.push(Skipped {
            record: record.into(),
            position,
            reason: reason.into(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_position_prints_its_most_useful_coordinate() {
        assert_eq!(Position::line(12).to_string(), "line 12");
        assert_eq!(Position::byte(3456).to_string(), "byte 3456");
        assert_eq!(Position::record(7).to_string(), "record 7");
        assert_eq!(Position::end().to_string(), "end");
        assert_eq!(Position::unknown().to_string(), "unknown line");
        let both = Position {
            byte: Some(40),
            ..Position::line(3)
        };
        assert_eq!(both.to_string(), "line 3");
    }

    #[test]
    fn a_csv_position_keeps_every_coordinate_and_prints_its_line() {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(&b"a,b\nc,d\n"[..]);
        let mut record = csv::StringRecord::new();
        assert!(rdr.read_record(&mut record).unwrap());
        assert!(rdr.read_record(&mut record).unwrap());
        let p = Position::from(record.position().expect("a position"));
        assert_eq!(
            p,
            Position {
                byte: Some(4),
                line: Some(2),
                record: Some(1),
                end: false,
            }
        );
        assert_eq!(p.to_string(), "line 2");
    }

    #[test]
    fn a_position_reads_back_what_it_prints() {
        for p in [
            Position::line(1),
            Position::byte(0),
            Position::record(9),
            Position::end(),
            Position::unknown(),
        ] {
            assert_eq!(p.to_string().parse::<Position>().unwrap(), p);
        }
        for bad in ["", "line", "line x", "byte -1", "column 3", "line 1 "] {
            assert!(bad.parse::<Position>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_skipped_record_keeps_its_position_as_text_in_json() {
        let skipped = Skipped {
            record: "row 3".to_string(),
            position: Position::line(4),
            reason: "empty id".to_string(),
        };
        let json = serde_json::to_string(&skipped).unwrap();
        assert_eq!(
            json,
            r#"{"record":"row 3","position":"line 4","reason":"empty id"}"#
        );
        let back: Skipped = serde_json::from_str(&json).unwrap();
        assert_eq!(back.position, Position::line(4));
        let wrong = json.replace("line 4", "somewhere");
        assert!(serde_json::from_str::<Skipped>(&wrong).is_err());
    }
}
