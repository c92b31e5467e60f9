//! Batch screening: a CSV of payees in, one result per payee out.
//!
//! Rows are read in chunks and screened on every core, each worker keeping its
//! own [`TokenCache`] (payroll names repeat, so most tokens are resolved once);
//! results are written in input order, so memory stays flat however long the
//! input. A row that cannot be screened (invalid UTF-8, an empty or over-long
//! name, too many or too few fields, an enormous field) is reported with its
//! line and skipped; the run goes on with the good rows.
//!
//! Besides names, payee identifier columns (e-mail, website, wallet, phone,
//! document number) are matched exactly against listed identifiers
//! ([`crate::search::identifiers`]). Each match has a status: `alert`;
//! `possible` when the name alone would alert but the payee's date of birth
//! or country speaks against it ([`crate::search::Match::possible`], the
//! reason with it); or `accepted` when a reviewer accepted that payee against that entity at that
//! entity version ([`Accepted`]); with [`ChangedSince`] only entities added or
//! changed since an older build are screened, and alerts on entities since
//! removed come back as `delisted`.

use crate::Database;
use crate::diff::ChangedSince;
use crate::search::identifiers::IdCategory;
use crate::search::{
    DEFAULT_ALERT_THRESHOLD, Match, Query, TokenCache, WeakAliases, merge_identifier_matches,
};
use input::{Item, PayeeReader};
use serde::Serialize;
use std::collections::HashSet;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

pub mod input;

pub use input::{Joined, MAX_LINE_BYTES};

/// Fields longer than this are refused (a runaway field, not a payee).
pub const MAX_FIELD_BYTES: usize = 64 * 1024;

/// Skipped rows kept in the summary with their reasons; the rest are counted.
pub const MAX_KEPT_ISSUES: usize = 10_000;

/// How many warnings of each kind (lines read together, duplicate ids) a
/// summary keeps; all are counted.
pub const MAX_KEPT_WARNINGS: usize = 1_000;

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
    /// Identifier columns: (category, column name).
    pub identifier_columns: Vec<(IdCategory, String)>,
    /// Input columns copied to the output.
    pub pass_through: Vec<String>,
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
            identifier_columns: Vec::new(),
            pass_through: Vec::new(),
        }
    }
}

/// Reviewed false positives: (payee id, entity id, entity version) triples.
/// An alert that matches one is reported `accepted`; a new version of the
/// entity alerts again.
#[derive(Debug, Default)]
pub struct Accepted {
    entries: HashSet<(String, String, String)>,
    /// sha256 of the file read.
    pub sha256: String,
    pub rows: usize,
}

impl Accepted {
    /// Reads an accept file: a CSV with at least `payee_id`, `entity_id`,
    /// `entity_version` (other columns, such as reviewer, date and reason,
    /// are for people).
    pub fn load(path: &Path) -> Result<Accepted, ScreenError> {
        let bytes = std::fs::read(path).map_err(|e| {
            ScreenError::Read(format!(
                "cannot read the accept file {}: {e}",
                path.display()
            ))
        })?;
        Accepted::parse(&bytes)
            .map_err(|e| ScreenError::Read(format!("the accept file {}: {e}", path.display())))
    }

    pub fn parse(bytes: &[u8]) -> Result<Accepted, String> {
        use sha2::Digest;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .from_reader(bytes);
        let headers: Vec<String> = reader
            .headers()
            .map_err(|e| format!("the header row cannot be read ({e})"))?
            .iter()
            .map(|h| h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
            .collect();
        let col = |name: &str| {
            headers.iter().position(|h| h == name).ok_or_else(|| {
                format!(
                    "no column {name:?} (it has: {}); an accept file needs payee_id, entity_id, entity_version",
                    headers.join(", ")
                )
            })
        };
        let (p, e, v) = (col("payee_id")?, col("entity_id")?, col("entity_version")?);
        let mut accepted = Accepted {
            sha256: hex::encode(sha2::Sha256::digest(bytes)),
            ..Accepted::default()
        };
        for (n, record) in reader.records().enumerate() {
            let line = n + 2;
            let record = record.map_err(|e| format!("line {line}: {e}"))?;
            let get = |i: usize| record.get(i).unwrap_or("").trim().to_string();
            let (payee, entity, version) = (get(p), get(e), get(v));
            if payee.is_empty() || entity.is_empty() || version.is_empty() {
                return Err(format!(
                    "line {line}: payee_id, entity_id and entity_version must all be given"
                ));
            }
            accepted.entries.insert((payee, entity, version));
            accepted.rows += 1;
        }
        Ok(accepted)
    }

    pub fn accepts(&self, payee: &str, m: &Match) -> bool {
        self.entries.contains(&(
            payee.to_string(),
            m.entity_id.clone(),
            m.entity_version.clone(),
        ))
    }
}

/// What a screening run may carry besides its options.
#[derive(Default, Clone, Copy)]
pub struct Extras<'a> {
    pub accepted: Option<&'a Accepted>,
    pub changed_since: Option<&'a ChangedSince>,
    /// Set (e.g. on Ctrl-C) to stop after the chunk under way; the summary
    /// says the run was interrupted.
    pub stop: Option<&'a AtomicBool>,
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
    /// Matches with status `alert`.
    pub alerts: u64,
    /// Matches with status `possible`.
    pub possible: u64,
    /// Matches with status `accepted`.
    pub accepted: u64,
    /// Matches on entities removed since the older build (`--changed-since`).
    pub delisted: u64,
    /// Rows skipped, with their reasons (the first [`MAX_KEPT_ISSUES`]).
    pub skipped: Vec<RowIssue>,
    /// All rows skipped.
    pub skipped_rows: u64,
    /// Physical lines read, the header's included.
    pub lines: u64,
    /// Where a quoted field ran over line ends, and how those lines were
    /// read (the first [`MAX_KEPT_WARNINGS`]).
    pub joined: Vec<Joined>,
    /// All such places.
    pub joined_count: u64,
    /// Rows whose id an earlier row has (the first [`MAX_KEPT_WARNINGS`]).
    pub duplicate_ids: Vec<DuplicateId>,
    /// All such rows.
    pub duplicate_id_rows: u64,
    /// The run stopped before the end of the input.
    pub interrupted: bool,
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
    /// A screening worker failed on a payee: the run stops, and no row after
    /// the last one written is reported (none of them is clean).
    #[error(
        "screening failed on line {line} (id {id:?}): {message}; the output stops before that chunk of rows"
    )]
    Worker {
        line: u64,
        id: String,
        message: String,
    },
}

/// One payee, ready to screen: a row of a payee file, or a record of a
/// `POST /screen` body.
#[derive(Debug, Clone, Default)]
pub struct Payee {
    /// The row's first line in the input (0 for a record of a JSON body).
    pub line: u64,
    pub id: String,
    pub name: String,
    pub dob: Option<String>,
    pub country: Option<String>,
    pub identifiers: Vec<(IdCategory, String)>,
    /// Pass-through values, in the order of [`ScreenOptions::pass_through`].
    pub extra: Vec<String>,
}

/// A match as a run reports it.
#[derive(Serialize)]
pub struct Reported {
    #[serde(flatten)]
    m: Match,
    /// `alert`, `possible`, `accepted` or `delisted`.
    status: &'static str,
    /// With `--changed-since`: `added`, `changed` or `removed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    change: Option<&'static str>,
}

/// What became of one row: screened, with its matches, or skipped.
pub enum Outcome {
    Screened(Payee, Vec<Reported>),
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
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    identifiers: serde_json::Map<String, serde_json::Value>,
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    columns: serde_json::Map<String, serde_json::Value>,
    matches: &'a [Reported],
}

#[derive(Serialize)]
struct JsonSkipped<'a> {
    id: Option<&'a str>,
    line: u64,
    error: &'a str,
}

/// Screens every row of `input` against `index`, writing results to `output`.
/// `progress` is set to the bytes of input read, its message to the rows
/// written so far.
pub fn screen<R: Read, W: Write>(
    index: &Database,
    input: R,
    output: W,
    opts: &ScreenOptions,
    progress: &indicatif::ProgressBar,
) -> Result<ScreenSummary, ScreenError> {
    screen_with(index, input, output, opts, progress, Extras::default())
}

/// The columns of `--format csv` output.
pub fn csv_header(opts: &ScreenOptions) -> Vec<String> {
    let mut cols: Vec<String> = [
        "payee_id",
        "payee_name",
        "status",
        "change",
        "entity_id",
        "entity_version",
        "score",
        "matched_on",
        "matched_name",
        "entity_name",
        "schema",
        "sources",
        "lists",
        "networks",
        "reason",
    ]
    .iter()
    .map(|c| c.to_string())
    .collect();
    cols.extend(opts.pass_through.iter().cloned());
    cols
}

/// [`screen`] with an accept list, a change scope and a stop flag.
pub fn screen_with<R: Read, W: Write>(
    index: &Database,
    input: R,
    output: W,
    opts: &ScreenOptions,
    progress: &indicatif::ProgressBar,
    extras: Extras<'_>,
) -> Result<ScreenSummary, ScreenError> {
    let started = Instant::now();
    let (reader, cols, out) = begin(input, output, opts)?;
    let threads = opts.threads.max(1);
    let mut caches: Vec<(TokenCache, TokenCache)> = (0..threads)
        .map(|_| (TokenCache::default(), TokenCache::default()))
        .collect();
    let screen_one = |cache: &mut (TokenCache, TokenCache), row: Result<Payee, RowIssue>| {
        Some(screen_row(index, opts, extras, cache, row))
    };
    let mut summary = crate::parallel::with_workers(&mut caches, screen_one, |workers| {
        screen_rows(reader, &cols, out, opts, progress, extras.stop, workers)
    })?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// [`screen`] on workers the caller keeps (the server's, whose token caches
/// outlive a request): each row goes through [`screen_row`] on one of them,
/// with the caller's index, options and extras.
pub fn screen_on<R: Read, W: Write, L: crate::parallel::Lane<Result<Payee, RowIssue>>>(
    input: R,
    output: W,
    opts: &ScreenOptions,
    progress: &indicatif::ProgressBar,
    workers: &mut crate::parallel::Workers<Result<Payee, RowIssue>, Outcome, L>,
) -> Result<ScreenSummary, ScreenError> {
    let started = Instant::now();
    let (reader, cols, out) = begin(input, output, opts)?;
    let mut summary = screen_rows(reader, &cols, out, opts, progress, None, workers)?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Screens one row read from the input, or passes on why it cannot be: what
/// a worker of [`screen_with`] or [`screen_on`] does with each row.
pub fn screen_row(
    index: &Database,
    opts: &ScreenOptions,
    extras: Extras<'_>,
    caches: &mut (TokenCache, TokenCache),
    row: Result<Payee, RowIssue>,
) -> Outcome {
    match row {
        Ok(row) => {
            crate::parallel::test_hook(&row.name);
            let m = screen_payee(index, &row, opts, extras, caches);
            Outcome::Screened(row, m)
        }
        Err(issue) => Outcome::Skipped(issue),
    }
}

/// Reads the header row, finds the columns and writes the output's header
/// (`--format csv`): the reader at the first data row, the columns, the
/// output.
#[allow(clippy::type_complexity)]
fn begin<R: Read, W: Write>(
    input: R,
    output: W,
    opts: &ScreenOptions,
) -> Result<(PayeeReader<R>, Columns, std::io::BufWriter<W>), ScreenError> {
    let mut reader = PayeeReader::new(input, MAX_KEPT_WARNINGS);
    let headers = match reader
        .next_item()
        .map_err(|e| ScreenError::Read(e.to_string()))?
    {
        Some(Item::Record(record, _)) => record,
        Some(Item::TooLong { .. }) => {
            return Err(ScreenError::Read(format!(
                "the header line is longer than {MAX_LINE_BYTES} bytes"
            )));
        }
        None => csv::ByteRecord::new(),
    };
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
    let cols = Columns {
        id: find(&opts.id_column, "id-column")?,
        name: find(&opts.name_column, "name-column")?,
        dob: opts
            .dob_column
            .as_deref()
            .map(|c| find(c, "dob-column"))
            .transpose()?,
        country: opts
            .country_column
            .as_deref()
            .map(|c| find(c, "country-column"))
            .transpose()?,
        identifiers: opts
            .identifier_columns
            .iter()
            .map(|(cat, c)| Ok((*cat, find(c, identifier_flag(*cat))?)))
            .collect::<Result<_, ScreenError>>()?,
        extra: opts
            .pass_through
            .iter()
            .map(|c| find(c, "pass-through"))
            .collect::<Result<_, _>>()?,
        width: header_names.len(),
    };
    reader.set_shape(cols.width, cols.screened());

    let mut out = std::io::BufWriter::new(output);
    if opts.format == OutputFormat::Csv {
        write_csv_record(&mut out, csv_header(opts))?;
    }
    Ok((reader, cols, out))
}

/// Reads the data rows in chunks, screens them on `workers` and writes the
/// results in input order; stops early when `stop` is set. The summary's
/// `elapsed` is left to the caller.
fn screen_rows<R: Read, W: Write, L: crate::parallel::Lane<Result<Payee, RowIssue>>>(
    mut reader: PayeeReader<R>,
    cols: &Columns,
    mut out: std::io::BufWriter<W>,
    opts: &ScreenOptions,
    progress: &indicatif::ProgressBar,
    stop: Option<&AtomicBool>,
    workers: &mut crate::parallel::Workers<Result<Payee, RowIssue>, Outcome, L>,
) -> Result<ScreenSummary, ScreenError> {
    let mut summary = ScreenSummary::default();
    let mut ids = SeenIds::default();
    let chunk_size = 2048;
    // Two chunks in flight: the workers screen one while this thread reads
    // the next and writes the one before.
    let mut who = std::collections::VecDeque::new();
    let mut done = false;
    loop {
        if !done && stop.is_some_and(|s| s.load(Ordering::Relaxed)) {
            summary.interrupted = true;
            done = true;
        }
        if !done {
            let chunk;
            (chunk, done) = read_chunk(&mut reader, cols, chunk_size, &mut summary, &mut ids)?;
            who.push_back(who_is(&chunk));
            workers.submit(chunk);
        }
        if workers.pending() < 2 && !(done && workers.pending() > 0) {
            if done {
                break;
            }
            continue;
        }
        let chunk_who = who.pop_front().unwrap_or_default();
        let outcomes = workers.collect().map_err(|p| worker_error(&chunk_who, p))?;
        write_outcomes(&mut out, outcomes, opts, &mut summary)?;
        progress.set_position(reader.bytes());
        progress.set_message(format!(
            "{} rows, {} alerts, {} accepted, {} skipped",
            summary.screened + summary.skipped_rows,
            summary.alerts,
            summary.accepted,
            summary.skipped_rows
        ));
    }
    out.flush()?;
    summary.lines = reader.lines();
    let (joined, joined_count) = reader.joined();
    summary.joined = joined.to_vec();
    summary.joined_count = joined_count;
    Ok(summary)
}

fn identifier_flag(category: IdCategory) -> &'static str {
    match category {
        IdCategory::Email => "email-column",
        IdCategory::Website => "website-column",
        IdCategory::Wallet => "wallet-column",
        IdCategory::Phone => "phone-column",
        IdCategory::Document => "document-column",
    }
}

/// Column positions of a run.
/// A row whose payee id an earlier row has.
#[derive(Debug, Clone, Serialize)]
pub struct DuplicateId {
    pub id: String,
    pub line: u64,
    pub first_line: u64,
}

impl std::fmt::Display for DuplicateId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}: id {} is also on line {} (both screened)",
            self.line, self.id, self.first_line
        )
    }
}

/// The payee ids seen so far, as 64-bit hashes with the line each was
/// first on (16 bytes a row).
#[derive(Default)]
struct SeenIds(std::collections::HashMap<u64, u64>);

impl SeenIds {
    fn see(&mut self, id: &str, line: u64, summary: &mut ScreenSummary) {
        use std::collections::hash_map::Entry;
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        id.hash(&mut h);
        match self.0.entry(h.finish()) {
            Entry::Vacant(v) => {
                v.insert(line);
            }
            Entry::Occupied(first) => {
                let first_line = *first.get();
                summary.duplicate_id_rows += 1;
                if summary.duplicate_ids.len() < MAX_KEPT_WARNINGS {
                    summary.duplicate_ids.push(DuplicateId {
                        id: id.to_string(),
                        line,
                        first_line,
                    });
                }
            }
        }
    }
}

struct Columns {
    id: usize,
    name: usize,
    dob: Option<usize>,
    country: Option<usize>,
    identifiers: Vec<(IdCategory, usize)>,
    extra: Vec<usize>,
    /// Fields in the header row.
    width: usize,
}

impl Columns {
    /// The columns whose values are screened.
    fn screened(&self) -> Vec<usize> {
        [self.id, self.name]
            .into_iter()
            .chain(self.dob)
            .chain(self.country)
            .chain(self.identifiers.iter().map(|&(_, i)| i))
            .collect()
    }
}

fn row_from(record: &csv::ByteRecord, line: u64, cols: &Columns) -> Result<Payee, RowIssue> {
    let field = |i: usize| -> Result<String, String> {
        match record.get(i) {
            None => Ok(String::new()),
            Some(b) => std::str::from_utf8(b)
                .map(|s| s.trim().to_string())
                .map_err(|_| format!("column {} is not valid UTF-8", i + 1)),
        }
    };
    let issue = |id: Option<String>, reason: String| RowIssue { line, id, reason };
    let id = field(cols.id).ok().filter(|s| !s.is_empty());
    if record.len() != cols.width {
        return Err(issue(
            id,
            format!(
                "row has {} fields, the header has {}",
                record.len(),
                cols.width
            ),
        ));
    }
    if let Some((i, f)) = record
        .iter()
        .enumerate()
        .find(|(_, f)| f.len() > MAX_FIELD_BYTES)
    {
        return Err(issue(
            id,
            format!(
                "field {} is {} bytes, longer than {MAX_FIELD_BYTES}",
                i + 1,
                f.len()
            ),
        ));
    }
    let name = field(cols.name).map_err(|e| issue(id.clone(), e))?;
    let mut identifiers = Vec::new();
    for &(cat, i) in &cols.identifiers {
        let v = field(i).map_err(|e| issue(id.clone(), e))?;
        if !v.is_empty() {
            identifiers.push((cat, v));
        }
    }
    if name.is_empty() && identifiers.is_empty() {
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
    Ok(Payee {
        line,
        id,
        name,
        dob: opt(cols.dob),
        country: opt(cols.country),
        identifiers,
        extra: cols
            .extra
            .iter()
            .map(|&i| field(i).unwrap_or_default())
            .collect(),
    })
}

/// Screens one payee: names and identifiers against the index (only what
/// changed, with a change scope), statuses from the accept list. The one
/// screening of a payee, for `screen` and `POST /screen` alike.
pub fn screen_payee(
    index: &Database,
    row: &Payee,
    opts: &ScreenOptions,
    extras: Extras<'_>,
    caches: &mut (TokenCache, TokenCache),
) -> Vec<Reported> {
    let query = |only: Option<&std::sync::Arc<HashSet<u32>>>| {
        let mut q = Query::new(row.name.clone());
        q.threshold = opts.threshold;
        q.limit = opts.limit;
        q.dob = row.dob.clone();
        q.country = row.country.clone();
        q.weak_aliases = opts.weak_aliases;
        q.only = only.cloned();
        q
    };
    let search = |index: &Database, q: &Query, cache: &mut TokenCache| -> Vec<Match> {
        let by_name = if row.name.is_empty() {
            Vec::new()
        } else {
            index.search_cached(q, cache)
        };
        let by_id = index.identifier_matches(&row.identifiers, None, None);
        let by_id = match &q.only {
            Some(only) => by_id
                .into_iter()
                .filter(|m| {
                    index
                        .entity_number(&m.entity_id)
                        .is_some_and(|n| only.contains(&n))
                })
                .collect(),
            None => by_id,
        };
        let mut all = merge_identifier_matches(by_id, by_name);
        all.truncate(opts.limit);
        all
    };
    let status = |m: &Match| match extras.accepted {
        Some(a) if a.accepts(&row.id, m) => "accepted",
        _ if m.possible.is_some() => "possible",
        _ => "alert",
    };
    match extras.changed_since {
        None => search(index, &query(None), &mut caches.0)
            .into_iter()
            .map(|m| Reported {
                status: status(&m),
                m,
                change: None,
            })
            .collect(),
        Some(cs) => {
            let mut out: Vec<Reported> = search(index, &query(Some(&cs.new_only)), &mut caches.0)
                .into_iter()
                .map(|m| Reported {
                    status: status(&m),
                    change: Some(cs.change_of(&m.entity_id)),
                    m,
                })
                .collect();
            out.extend(
                search(&cs.old, &query(Some(&cs.old_only)), &mut caches.1)
                    .into_iter()
                    .map(|m| Reported {
                        m,
                        status: "delisted",
                        change: Some("removed"),
                    }),
            );
            out
        }
    }
}

/// Reads up to `size` rows, counting them and their ids into `summary`:
/// the rows, and whether the input has ended.
fn read_chunk<R: Read>(
    reader: &mut PayeeReader<R>,
    cols: &Columns,
    size: usize,
    summary: &mut ScreenSummary,
    ids: &mut SeenIds,
) -> Result<(Vec<Result<Payee, RowIssue>>, bool), ScreenError> {
    let mut chunk = Vec::with_capacity(size);
    while chunk.len() < size {
        let item = reader
            .next_item()
            .map_err(|e| ScreenError::Read(format!("after line {}: {e}", reader.lines())))?;
        let (line, row) = match item {
            Some(Item::Record(record, line)) => (line, row_from(&record, line, cols)),
            Some(Item::TooLong { line, bytes }) => (
                line,
                Err(RowIssue {
                    line,
                    id: None,
                    reason: format!("line is {bytes} bytes, longer than {MAX_LINE_BYTES}"),
                }),
            ),
            None => return Ok((chunk, true)),
        };
        summary.rows += 1;
        if let Ok(r) = &row {
            ids.see(&r.id, line, summary);
        }
        chunk.push(row);
    }
    Ok((chunk, false))
}

/// Each row's line and id, to name the row a worker failed on.
fn who_is(chunk: &[Result<Payee, RowIssue>]) -> Vec<(u64, String)> {
    chunk
        .iter()
        .map(|r| match r {
            Ok(row) => (row.line, row.id.clone()),
            Err(issue) => (issue.line, issue.id.clone().unwrap_or_default()),
        })
        .collect()
}

fn worker_error(who: &[(u64, String)], p: crate::parallel::Panicked) -> ScreenError {
    let (line, id) = who.get(p.item).cloned().unwrap_or_default();
    ScreenError::Worker {
        line,
        id,
        message: p.message,
    }
}

/// Writes one chunk's results, counting them into `summary`.
fn write_outcomes<W: Write>(
    out: &mut W,
    outcomes: Vec<Outcome>,
    opts: &ScreenOptions,
    summary: &mut ScreenSummary,
) -> Result<(), ScreenError> {
    for outcome in outcomes {
        match outcome {
            Outcome::Screened(row, matches) => {
                summary.screened += 1;
                if matches.iter().any(|r| r.status == "alert") {
                    summary.alerted_rows += 1;
                }
                summary.matches += matches.len() as u64;
                for r in &matches {
                    match r.status {
                        "alert" => summary.alerts += 1,
                        "possible" => summary.possible += 1,
                        "accepted" => summary.accepted += 1,
                        _ => summary.delisted += 1,
                    }
                }
                write_result(&mut *out, opts.format, &row, &matches, opts)?;
            }
            Outcome::Skipped(issue) => {
                if opts.format == OutputFormat::Jsonl {
                    let j = JsonSkipped {
                        id: issue.id.as_deref(),
                        line: issue.line,
                        error: &issue.reason,
                    };
                    serde_json::to_writer(&mut *out, &j).map_err(std::io::Error::other)?;
                    out.write_all(b"\n")?;
                }
                summary.skipped_rows += 1;
                if summary.skipped.len() < MAX_KEPT_ISSUES {
                    summary.skipped.push(issue);
                }
            }
        }
    }
    Ok(())
}

fn write_result<W: Write>(
    out: &mut W,
    format: OutputFormat,
    row: &Payee,
    matches: &[Reported],
    opts: &ScreenOptions,
) -> Result<(), ScreenError> {
    match format {
        OutputFormat::Jsonl => {
            write_json(&mut *out, row, matches, &opts.pass_through)?;
            out.write_all(b"\n")?;
        }
        OutputFormat::Csv => {
            for r in matches {
                let m = &r.m;
                let sources: Vec<&str> = m.sources.iter().map(|s| s.as_str()).collect();
                let matched_on = m
                    .explanation
                    .identifier
                    .as_ref()
                    .map_or("name", |h| h.category.as_str());
                let mut cells = vec![
                    row.id.clone(),
                    row.name.clone(),
                    r.status.to_string(),
                    r.change.unwrap_or("").to_string(),
                    m.entity_id.clone(),
                    m.entity_version.clone(),
                    format!("{:.4}", m.score),
                    matched_on.to_string(),
                    m.matched_name.clone(),
                    m.name.clone(),
                    m.schema.as_str().to_string(),
                    sources.join(";"),
                    m.lists.join(";"),
                    networks_cell(&m.networks),
                    m.possible.clone().unwrap_or_default(),
                ];
                cells.extend(row.extra.iter().cloned());
                write_csv_record(out, &cells)?;
            }
        }
    }
    Ok(())
}

/// One payee's result as JSON: a line of `screen --format jsonl`, and a
/// result of `POST /screen`.
pub fn write_json<W: Write>(
    out: W,
    payee: &Payee,
    matches: &[Reported],
    pass_through: &[String],
) -> std::io::Result<()> {
    let j = JsonResult {
        id: &payee.id,
        name: &payee.name,
        dob: payee.dob.as_deref(),
        country: payee.country.as_deref(),
        identifiers: payee
            .identifiers
            .iter()
            .map(|(c, v)| (c.as_str().to_string(), serde_json::json!(v)))
            .collect(),
        columns: pass_through
            .iter()
            .zip(&payee.extra)
            .map(|(c, v)| (c.clone(), serde_json::json!(v)))
            .collect(),
        matches,
    };
    serde_json::to_writer(out, &j).map_err(std::io::Error::other)
}

/// The networks of a match in one CSV cell: `un:KPe.028 MUNITIONS INDUSTRY
/// DEPARTMENT; ...`.
pub fn networks_cell(networks: &[crate::network::Membership]) -> String {
    networks
        .iter()
        .map(|m| format!("{} {}", m.id, m.name))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A value as a spreadsheet may safely show it: one that it would read as a
/// formula (`=`, `+`, `-`, `@`, a tab or a carriage return first) is
/// prefixed with `'`.
pub fn formula_safe(value: &str) -> std::borrow::Cow<'_, str> {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}").into()
    } else {
        value.into()
    }
}

/// Writes one CSV record of formula-safe cells ([`formula_safe`]), quoted
/// where needed by [`csv::Writer`].
pub fn write_csv_record<W: Write, S: AsRef<str>>(
    out: &mut W,
    cells: impl IntoIterator<Item = S>,
) -> std::io::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .buffer_capacity(1024)
        .from_writer(&mut *out);
    w.write_record(
        cells
            .into_iter()
            .map(|c| formula_safe(c.as_ref()).into_owned()),
    )
    .map_err(std::io::Error::other)?;
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_formula_safe() {
        let mut out = Vec::new();
        write_csv_record(
            &mut out,
            [
                "KIM, Jong Un",
                "=HYPERLINK(\"x\")",
                "+1",
                "plain",
                "",
                "a\nb",
            ],
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\"KIM, Jong Un\",\"'=HYPERLINK(\"\"x\"\")\",'+1,plain,,\"a\nb\"\n"
        );
    }
}
