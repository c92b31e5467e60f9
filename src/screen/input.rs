//! Reading a payee CSV one physical line at a time, so that one stray quote
//! cannot turn the rest of a file into a single field.
//!
//! Fields are split as rust-csv's default reader splits them (comma, `"`
//! quotes doubled inside quoted fields, CR, LF or CRLF record ends, empty
//! lines skipped), by `csv_core`. What differs is where a record may end. A
//! quoted field may run over line ends (an address, a note), but for at most
//! [`MAX_RECORD_LINES`] lines, and the record so read is kept as one row only
//! when it looks like one: as many fields as the header, no line break in a
//! column that is screened, and no inner line that would be a row of its own.
//! Otherwise each of its lines is read as a row of its own. Either way the
//! reader says where it happened ([`Joined`]), so that how many lines became
//! how many rows is never a surprise.
//!
//! Every read is bounded: a line longer than [`MAX_LINE_BYTES`] is reported
//! ([`Item::TooLong`]) and its bytes are dropped as they stream past, so
//! input without line breaks (`/dev/zero`) costs no more memory than one
//! such line.

use csv::ByteRecord;
use serde::Serialize;
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read};

/// Lines longer than this are not read (no payee row comes near).
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// A quoted field may run over at most this many lines (a multi-line
/// address or note); a quote still open after them is a stray one.
pub const MAX_RECORD_LINES: usize = 16;

/// What the reader hands on, in input order.
#[derive(Debug)]
pub enum Item {
    /// A record and the line it starts on (1-based).
    Record(ByteRecord, u64),
    /// A line longer than [`MAX_LINE_BYTES`], not read.
    TooLong { line: u64, bytes: u64 },
}

/// Lines a quoted field ran over, and how they were read.
#[derive(Debug, Clone, Serialize)]
pub struct Joined {
    pub first_line: u64,
    pub last_line: u64,
    /// The lines were read as one row (a well-formed multi-line field); if
    /// false, each line was read as a row of its own.
    pub as_one_row: bool,
}

impl std::fmt::Display for Joined {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let lines = if self.first_line == self.last_line {
            format!("line {}", self.first_line)
        } else {
            format!("lines {}-{}", self.first_line, self.last_line)
        };
        if self.as_one_row {
            write!(f, "{lines} read as one row (a quoted field spans them)")
        } else {
            write!(
                f,
                "{lines}: a quote opened on line {} is not closed as one well-formed row; each line read as a row of its own",
                self.first_line
            )
        }
    }
}

/// Where a quote scan stands at a line end (the default CSV dialect).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Quote {
    StartOfField,
    Unquoted,
    Quoted,
    /// A `"` inside a quoted field: the field's end, or the first of `""`.
    ClosingOrDoubled,
}

impl Quote {
    fn scan(mut self, line: &[u8]) -> Quote {
        for &b in line {
            self = match (self, b) {
                (Quote::StartOfField, b'"') => Quote::Quoted,
                (Quote::Quoted, b'"') => Quote::ClosingOrDoubled,
                (Quote::Quoted, _) => Quote::Quoted,
                (Quote::ClosingOrDoubled, b'"') => Quote::Quoted,
                (_, b',' | b'\r' | b'\n') => Quote::StartOfField,
                _ => Quote::Unquoted,
            };
        }
        self
    }
}

/// Reads a payee CSV as [`Item`]s. Set the header's shape with
/// [`PayeeReader::set_shape`] once it is read; until then a well-formed
/// multi-line record is kept whole.
pub struct PayeeReader<R> {
    input: BufReader<R>,
    core: csv_core::Reader,
    pending: VecDeque<Item>,
    /// Physical lines read so far.
    lines: u64,
    /// Bytes read so far.
    bytes: u64,
    /// Fields in the header row (0 until known).
    width: usize,
    /// Columns whose values are screened: no line break may be in them.
    screened: Vec<usize>,
    joined: Vec<Joined>,
    joined_count: u64,
    keep_joined: usize,
}

impl<R: Read> PayeeReader<R> {
    /// `keep_joined`: how many [`Joined`] to keep (all are counted).
    pub fn new(input: R, keep_joined: usize) -> PayeeReader<R> {
        PayeeReader {
            input: BufReader::with_capacity(64 * 1024, input),
            core: csv_core::Reader::new(),
            pending: VecDeque::new(),
            lines: 0,
            bytes: 0,
            width: 0,
            screened: Vec::new(),
            joined: Vec::new(),
            joined_count: 0,
            keep_joined,
        }
    }

    /// The header's width and the columns that are screened.
    pub fn set_shape(&mut self, width: usize, screened: Vec<usize>) {
        self.width = width;
        self.screened = screened;
    }

    /// Physical lines read so far.
    pub fn lines(&self) -> u64 {
        self.lines
    }

    /// Bytes of the input read so far.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// Where quoted fields ran over lines (the first `keep_joined`), and how
    /// many times in all.
    pub fn joined(&self) -> (&[Joined], u64) {
        (&self.joined, self.joined_count)
    }

    /// The next record or over-long line; `None` at the end of the input.
    pub fn next_item(&mut self) -> std::io::Result<Option<Item>> {
        loop {
            if let Some(item) = self.pending.pop_front() {
                return Ok(Some(item));
            }
            if !self.fill()? {
                return Ok(None);
            }
        }
    }

    /// Reads one physical line (with its end) into `buf`, keeping at most
    /// [`MAX_LINE_BYTES`] + 1 bytes of it; returns its whole length, 0 at the
    /// end of the input. The first line (the header) is not read past that:
    /// with no header there is nothing to go on with.
    fn read_line(&mut self, buf: &mut Vec<u8>) -> std::io::Result<u64> {
        let header = self.lines == 0;
        buf.clear();
        let mut total = 0u64;
        loop {
            let available = match self.input.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                break;
            }
            let (n, ends) = match available.iter().position(|&b| b == b'\n') {
                Some(i) => (i + 1, true),
                None => (available.len(), false),
            };
            let room = (MAX_LINE_BYTES + 1).saturating_sub(buf.len());
            buf.extend_from_slice(&available[..n.min(room)]);
            self.input.consume(n);
            total += n as u64;
            if ends || (header && buf.len() > MAX_LINE_BYTES) {
                break;
            }
        }
        self.bytes += total;
        if total > 0 {
            self.lines += 1;
        }
        Ok(total)
    }

    /// Reads the lines of the next record into `pending`; false at the end.
    fn fill(&mut self) -> std::io::Result<bool> {
        let mut first = Vec::new();
        let len = self.read_line(&mut first)?;
        if len == 0 {
            return Ok(false);
        }
        let first_line = self.lines;
        if len > MAX_LINE_BYTES as u64 {
            self.pending.push_back(Item::TooLong {
                line: first_line,
                bytes: len,
            });
            return Ok(true);
        }
        let mut state = Quote::StartOfField.scan(&first);
        if state != Quote::Quoted {
            self.parse_into_pending(&first, first_line);
            return Ok(true);
        }
        // A quoted field runs over the line end: gather lines until it
        // closes, within bounds.
        let mut lines = vec![first];
        let mut bytes = len;
        let mut too_long = None;
        while state == Quote::Quoted && lines.len() < MAX_RECORD_LINES {
            let mut next = Vec::new();
            let n = self.read_line(&mut next)?;
            if n == 0 {
                break;
            }
            if n > MAX_LINE_BYTES as u64 || bytes + n > MAX_LINE_BYTES as u64 {
                too_long = Some(Item::TooLong {
                    line: self.lines,
                    bytes: n,
                });
                break;
            }
            bytes += n;
            state = state.scan(&next);
            lines.push(next);
        }
        let last_line = first_line + lines.len() as u64 - 1;
        let whole = (state != Quote::Quoted && too_long.is_none())
            .then(|| self.parse(&lines.concat()))
            .filter(|records| self.is_one_row(records, &lines[1..]));
        let as_one_row = whole.is_some();
        match whole {
            Some(records) => self
                .pending
                .extend(records.into_iter().map(|r| Item::Record(r, first_line))),
            None => {
                for (i, line) in lines.iter().enumerate() {
                    self.parse_into_pending(line, first_line + i as u64);
                }
            }
        }
        self.pending.extend(too_long);
        self.joined_count += 1;
        if self.joined.len() < self.keep_joined {
            self.joined.push(Joined {
                first_line,
                last_line,
                as_one_row,
            });
        }
        Ok(true)
    }

    /// Whether `records`, read from several lines, are one row: as many
    /// fields as the header, no line break in a screened column, and no
    /// inner line that has a row's width read on its own.
    fn is_one_row(&mut self, records: &[ByteRecord], inner: &[Vec<u8>]) -> bool {
        let [record] = records else {
            return false;
        };
        if self.width == 0 {
            return true;
        }
        record.len() == self.width
            && self.screened.iter().all(|&c| {
                record
                    .get(c)
                    .is_none_or(|f| !f.iter().any(|&b| b == b'\n' || b == b'\r'))
            })
            && inner
                .iter()
                .all(|line| self.parse(line).iter().all(|r| r.len() != self.width))
    }

    fn parse_into_pending(&mut self, bytes: &[u8], line: u64) {
        let records = self.parse(bytes);
        self.pending
            .extend(records.into_iter().map(|r| Item::Record(r, line)));
    }

    /// The records in `bytes`, read from the start of a record as rust-csv
    /// reads them; a quote still open at the end closes there.
    fn parse(&mut self, mut input: &[u8]) -> Vec<ByteRecord> {
        use csv_core::ReadRecordResult;
        self.core.reset();
        let mut records = Vec::new();
        let mut out = vec![0u8; input.len() + 1];
        let mut ends = vec![0usize; 16];
        let (mut outlen, mut endlen) = (0, 0);
        loop {
            let (result, nin, nout, nend) =
                self.core
                    .read_record(input, &mut out[outlen..], &mut ends[endlen..]);
            input = &input[nin..];
            outlen += nout;
            endlen += nend;
            match result {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => out.resize(out.len() * 2, 0),
                ReadRecordResult::OutputEndsFull => ends.resize(ends.len() * 2, 0),
                ReadRecordResult::Record => {
                    let mut record = ByteRecord::with_capacity(outlen, endlen);
                    let mut start = 0;
                    for &end in &ends[..endlen] {
                        record.push_field(&out[start..end]);
                        start = end;
                    }
                    records.push(record);
                    outlen = 0;
                    endlen = 0;
                }
                ReadRecordResult::End => break,
            }
        }
        records
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(
        input: &str,
        width: usize,
        screened: &[usize],
    ) -> (Vec<(Vec<String>, u64)>, Vec<Joined>) {
        let mut r = PayeeReader::new(input.as_bytes(), 100);
        r.set_shape(width, screened.to_vec());
        let mut out = Vec::new();
        while let Some(item) = r.next_item().unwrap() {
            match item {
                Item::Record(rec, line) => out.push((
                    rec.iter()
                        .map(|f| String::from_utf8_lossy(f).into_owned())
                        .collect(),
                    line,
                )),
                Item::TooLong { line, .. } => out.push((vec!["<too long>".into()], line)),
            }
        }
        (out, r.joined().0.to_vec())
    }

    fn rows(v: &[(Vec<String>, u64)]) -> Vec<String> {
        v.iter()
            .map(|(f, l)| format!("{l}:{}", f.join("|")))
            .collect()
    }

    #[test]
    fn fields_split_as_rust_csv_splits_them() {
        let input = "a,\"b,c\",\"d \"\"e\"\"\"\r\n\n\"x\"y,z\rq,r\n";
        let (got, joined) = read(input, 0, &[]);
        let mut csv_rows = Vec::new();
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(input.as_bytes());
        for r in rdr.byte_records() {
            let r = r.unwrap();
            csv_rows.push(
                r.iter()
                    .map(|f| String::from_utf8_lossy(f).into_owned())
                    .collect::<Vec<_>>()
                    .join("|"),
            );
        }
        let ours: Vec<String> = got.iter().map(|(f, _)| f.join("|")).collect();
        assert_eq!(ours, csv_rows);
        assert!(joined.is_empty());
    }

    #[test]
    fn a_stray_quote_does_not_swallow_the_lines_after_it() {
        let input = "1,Kim Jong Un\n5,\"O'Brien, Pat\n6,Pak Hung Ryong\n7,Ri Yong Ho\n";
        let (got, joined) = read(input, 2, &[0, 1]);
        assert_eq!(
            rows(&got),
            [
                "1:1|Kim Jong Un",
                "2:5|O'Brien, Pat\n",
                "3:6|Pak Hung Ryong",
                "4:7|Ri Yong Ho"
            ]
        );
        assert_eq!(joined.len(), 1);
        assert_eq!((joined[0].first_line, joined[0].last_line), (2, 4));
        assert!(!joined[0].as_one_row);
    }

    #[test]
    fn a_quote_closed_lines_later_around_whole_rows_is_still_stray() {
        // The quote in the note column closes on line 4: read as one record
        // it would have the header's width, but lines 2-3 are rows.
        let input = "5,Pat,\"note\n6,Pak Hung Ryong,x\n7,Ri Yong Ho,y\"\n";
        let (got, joined) = read(input, 3, &[0, 1]);
        assert_eq!(got.len(), 3, "{:?}", rows(&got));
        assert!(!joined[0].as_one_row);
    }

    #[test]
    fn a_multi_line_field_outside_the_screened_columns_is_one_row() {
        let input = "1,Kim Jong Un,\"12 Main St\nSeoul 04524\"\n2,Ri Yong Ho,x\n";
        let (got, joined) = read(input, 3, &[0, 1]);
        assert_eq!(
            rows(&got),
            [
                "1:1|Kim Jong Un|12 Main St\nSeoul 04524",
                "3:2|Ri Yong Ho|x"
            ]
        );
        assert!(joined[0].as_one_row);
        // In a screened column the same line break splits the rows.
        let (got, joined) = read(input, 3, &[0, 1, 2]);
        assert_eq!(got.len(), 3);
        assert!(!joined[0].as_one_row);
    }

    #[test]
    fn a_quote_open_for_more_than_the_bound_is_stray() {
        let mut input = String::from("1,\"a\n");
        for i in 0..MAX_RECORD_LINES {
            input.push_str(&format!("x{i}\n"));
        }
        input.push_str("\",b\n");
        let (got, joined) = read(&input, 2, &[0]);
        assert_eq!(got.len(), MAX_RECORD_LINES + 2);
        assert_eq!(joined[0].last_line, MAX_RECORD_LINES as u64);
        assert!(!joined[0].as_one_row);
    }

    #[test]
    fn an_over_long_line_is_reported_and_the_next_one_read() {
        let input = format!("1,{}\n2,Ri Yong Ho\n", "a".repeat(MAX_LINE_BYTES + 10));
        let (got, _) = read(&input, 2, &[0, 1]);
        assert_eq!(rows(&got), ["1:<too long>", "2:2|Ri Yong Ho"]);
    }
}
