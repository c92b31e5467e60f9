//! Batch screening: a CSV of payees in, one result per payee out.
//!
//! Rows are read in chunks and screened on every core, each worker keeping its
//! own [`TokenCache`] (payroll names repeat, so most tokens are resolved once);
//! results are written in input order. A row that cannot be screened (invalid
//! UTF-8, an empty or over-long name, a wrong number of fields) is reported and
//! skipped; the run goes on with the good rows.

use crate::index::Index;
use crate::search::{DEFAULT_ALERT_THRESHOLD, Match, Query, TokenCache, WeakAliases};
use serde::Serialize;
use std::io::{Read, Write};
use std::time::{Duration, Instant};

/// Names longer than this are refused (no real name is; a runaway field is).
pub const MAX_NAME_CHARS: usize = 1_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// One JSON object per input row, in input order.
    Jsonl,
    /// One CSV row per alert.
    Csv,
}

#[derive(Debug, Clone)]
pub struct ScreenOptions {
    pub id_column: String,
    pub name_column: String,
    pub dob_column: Option<String>,
    pub country_column: Option<String>,
    pub threshold: f32,
    pub limit: usize,
    pub format: OutputFormat,
    pub threads: usize,
    pub weak_aliases: WeakAliases,
}

impl Default for ScreenOptions {
    fn default() -> Self {
        ScreenOptions {
            id_column: "id".into(),
            name_column: "name".into(),
            dob_column: None,
            country_column: None,
            threshold: DEFAULT_ALERT_THRESHOLD,
            limit: 10,
            format: OutputFormat::Jsonl,
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            weak_aliases: WeakAliases::default(),
        }
    }
}

/// A row that was not screened, and why.
#[derive(Debug, Clone, Serialize)]
pub struct RowIssue {
    /// 1-based line in the input (the header is line 1).
    pub line: u64,
    pub id: Option<String>,
    pub reason: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ScreenSummary {
    /// Data rows read (not counting the header).
    pub rows: u64,
    pub screened: u64,
    /// Rows with at least one match at or above the threshold.
    pub alerted_rows: u64,
    pub matches: u64,
    pub skipped: Vec<RowIssue>,
    #[serde(skip)]
    pub elapsed: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum ScreenError {
    #[error("input has no header row (expected columns {0})")]
    NoHeader(String),
    #[error(
        "input has no column {column:?} (its columns are: {found}); name the column with --{flag}"
    )]
    MissingColumn {
        column: String,
        flag: &'static str,
        found: String,
    },
    #[error("cannot read the input: {0}")]
    Read(String),
    #[error("cannot write the output: {0}")]
    Write(#[from] std::io::Error),
}

/// One input row, ready to screen.
struct Row {
    id: String,
    name: String,
    dob: Option<String>,
    country: Option<String>,
}

enum Outcome {
    Screened(Row, Vec<Match>),
    Skipped(RowIssue),
}

#[derive(Serialize)]
struct JsonResult<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    dob: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    country: Option<&'a str>,
    matches: &'a [Match],
}

#[derive(Serialize)]
struct JsonSkipped<'a> {
    id: Option<&'a str>,
    line: u64,
    error: &'a str,
}

/// Screens every row of `input` against `index`, writing results to `output`.
pub fn screen<R: Read, W: Write>(
    index: &Index,
    input: R,
    output: W,
    opts: &ScreenOptions,
    progress: &indicatif::ProgressBar,
) -> Result<ScreenSummary, ScreenError> {
    let started = Instant::now();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(input);
    let headers = reader
        .byte_headers()
        .map_err(|e| ScreenError::Read(e.to_string()))?
        .clone();
    if headers.is_empty() {
        return Err(ScreenError::NoHeader(format!(
            "{}, {}",
            opts.id_column, opts.name_column
        )));
    }
    let header_names: Vec<String> = headers
        .iter()
        .map(|h| {
            String::from_utf8_lossy(h)
                .trim()
                .trim_start_matches('\u{feff}')
                .to_string()
        })
        .collect();
    let find = |col: &str, flag: &'static str| -> Result<usize, ScreenError> {
        header_names
            .iter()
            .position(|h| h.eq_ignore_ascii_case(col))
            .ok_or_else(|| ScreenError::MissingColumn {
                column: col.to_string(),
                flag,
                found: header_names.join(", "),
            })
    };
    let id_col = find(&opts.id_column, "id-column")?;
    let name_col = find(&opts.name_column, "name-column")?;
    let dob_col = opts
        .dob_column
        .as_deref()
        .map(|c| find(c, "dob-column"))
        .transpose()?;
    let country_col = opts
        .country_column
        .as_deref()
        .map(|c| find(c, "country-column"))
        .transpose()?;

    let mut out = std::io::BufWriter::new(output);
    if opts.format == OutputFormat::Csv {
        writeln!(
            out,
            "payee_id,payee_name,entity_id,entity_version,score,matched_name,entity_name,schema,sources,lists,networks"
        )?;
    }

    let threads = opts.threads.max(1);
    let mut caches: Vec<TokenCache> = (0..threads).map(|_| TokenCache::default()).collect();
    let mut summary = ScreenSummary::default();
    let mut record = csv::ByteRecord::new();
    let chunk_size = 2048;
    let mut done = false;
    while !done {
        let mut chunk: Vec<Result<Row, RowIssue>> = Vec::with_capacity(chunk_size);
        while chunk.len() < chunk_size {
            match reader.read_byte_record(&mut record) {
                Ok(true) => {
                    summary.rows += 1;
                    let line = record.position().map_or(summary.rows + 1, |p| p.line());
                    chunk.push(row_from(
                        &record,
                        line,
                        id_col,
                        name_col,
                        dob_col,
                        country_col,
                    ));
                }
                Ok(false) => {
                    done = true;
                    break;
                }
                Err(e) => {
                    // A broken record (e.g. an unterminated quote): report it
                    // and go on if the reader can; stop if it cannot.
                    summary.rows += 1;
                    let line = e.position().map_or(summary.rows + 1, |p| p.line());
                    chunk.push(Err(RowIssue {
                        line,
                        id: None,
                        reason: format!("unreadable CSV record: {e}"),
                    }));
                    if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                        done = true;
                        break;
                    }
                }
            }
        }
        let outcomes = screen_chunk(index, chunk, opts, &mut caches);
        for outcome in outcomes {
            match outcome {
                Outcome::Screened(row, matches) => {
                    summary.screened += 1;
                    if !matches.is_empty() {
                        summary.alerted_rows += 1;
                        summary.matches += matches.len() as u64;
                    }
                    write_result(&mut out, opts.format, &row, &matches)?;
                }
                Outcome::Skipped(issue) => {
                    if opts.format == OutputFormat::Jsonl {
                        let j = JsonSkipped {
                            id: issue.id.as_deref(),
                            line: issue.line,
                            error: &issue.reason,
                        };
                        serde_json::to_writer(&mut out, &j).map_err(std::io::Error::other)?;
                        out.write_all(b"\n")?;
                    }
                    summary.skipped.push(issue);
                }
            }
            progress.inc(1);
        }
    }
    out.flush()?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

fn row_from(
    record: &csv::ByteRecord,
    line: u64,
    id_col: usize,
    name_col: usize,
    dob_col: Option<usize>,
    country_col: Option<usize>,
) -> Result<Row, RowIssue> {
    let field = |i: usize| -> Result<String, String> {
        match record.get(i) {
            None => Ok(String::new()),
            Some(b) => std::str::from_utf8(b)
                .map(|s| s.trim().to_string())
                .map_err(|_| format!("column {} is not valid UTF-8", i + 1)),
        }
    };
    let issue = |id: Option<String>, reason: String| RowIssue { line, id, reason };
    let id = field(id_col).ok().filter(|s| !s.is_empty());
    if record.len() <= name_col {
        return Err(issue(
            id,
            format!(
                "row has {} fields, the name column is field {}",
                record.len(),
                name_col + 1
            ),
        ));
    }
    let name = field(name_col).map_err(|e| issue(id.clone(), e))?;
    if name.is_empty() {
        return Err(issue(id, "empty name".into()));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(issue(
            id,
            format!("name longer than {MAX_NAME_CHARS} characters"),
        ));
    }
    let Some(id) = id else {
        return Err(issue(None, "empty or unreadable id".into()));
    };
    let opt = |c: Option<usize>| c.and_then(|i| field(i).ok()).filter(|s| !s.is_empty());
    Ok(Row {
        id,
        name,
        dob: opt(dob_col),
        country: opt(country_col),
    })
}

fn screen_chunk(
    index: &Index,
    chunk: Vec<Result<Row, RowIssue>>,
    opts: &ScreenOptions,
    caches: &mut [TokenCache],
) -> Vec<Outcome> {
    let threads = caches.len().min(chunk.len()).max(1);
    let per = chunk.len().div_ceil(threads).max(1);
    let mut parts: Vec<Vec<Result<Row, RowIssue>>> = Vec::new();
    let mut it = chunk.into_iter();
    loop {
        let part: Vec<_> = it.by_ref().take(per).collect();
        if part.is_empty() {
            break;
        }
        parts.push(part);
    }
    std::thread::scope(|s| {
        let handles: Vec<_> = parts
            .into_iter()
            .zip(caches.iter_mut())
            .map(|(part, cache)| {
                s.spawn(move || {
                    part.into_iter()
                        .map(|r| match r {
                            Ok(row) => {
                                let mut q = Query::new(row.name.clone());
                                q.threshold = opts.threshold;
                                q.limit = opts.limit;
                                q.dob = row.dob.clone();
                                q.country = row.country.clone();
                                q.weak_aliases = opts.weak_aliases;
                                let m = index.search_cached(&q, cache);
                                Outcome::Screened(row, m)
                            }
                            Err(issue) => Outcome::Skipped(issue),
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

fn write_result<W: Write>(
    out: &mut W,
    format: OutputFormat,
    row: &Row,
    matches: &[Match],
) -> Result<(), ScreenError> {
    match format {
        OutputFormat::Jsonl => {
            let j = JsonResult {
                id: &row.id,
                name: &row.name,
                dob: row.dob.as_deref(),
                country: row.country.as_deref(),
                matches,
            };
            serde_json::to_writer(&mut *out, &j).map_err(std::io::Error::other)?;
            out.write_all(b"\n")?;
        }
        OutputFormat::Csv => {
            for m in matches {
                let sources: Vec<&str> = m.sources.iter().map(|s| s.as_str()).collect();
                let cells = [
                    row.id.clone(),
                    row.name.clone(),
                    m.entity_id.clone(),
                    m.entity_version.clone(),
                    format!("{:.4}", m.score),
                    m.matched_name.clone(),
                    m.name.clone(),
                    m.schema.as_str().to_string(),
                    sources.join(";"),
                    m.lists.join(";"),
                    networks_cell(&m.networks),
                ];
                let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
                writeln!(out, "{}", line.join(","))?;
            }
        }
    }
    Ok(())
}

/// A CSV cell, quoted when needed, and neutralised when a spreadsheet would
/// read it as a formula (`=`, `+`, `-`, `@` first: prefixed with `'`).
/// The networks of a match in one CSV cell: `un:KPe.028 MUNITIONS INDUSTRY
/// DEPARTMENT; ...`.
pub fn networks_cell(networks: &[crate::network::Membership]) -> String {
    networks
        .iter()
        .map(|m| format!("{} {}", m.id, m.name))
        .collect::<Vec<_>>()
        .join("; ")
}

pub fn csv_cell(value: &str) -> String {
    let v: std::borrow::Cow<str> = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}").into()
    } else {
        value.into()
    };
    if v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_formula_safe() {
        assert_eq!(csv_cell("KIM, Jong Un"), "\"KIM, Jong Un\"");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("plain"), "plain");
    }
}
