//! `sanctiondb screen`

use super::{Exit, UserError, bytes_bar, default_index, open_index, parse_threshold};
use sanctiondb::Database;
use sanctiondb::diff::ChangedSince;
use sanctiondb::screen::{
    Accepted, Extras, OutputFormat, ScreenOptions, ScreenSummary, screen_with,
};
use sanctiondb::search::DEFAULT_ALERT_THRESHOLD;
use sanctiondb::search::identifiers::IdCategory;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    /// One JSON object per input row, in input order.
    Jsonl,
    /// One CSV row per alert.
    Csv,
}

#[derive(clap::Args)]
pub struct Args {
    /// CSV with a header row; `-` reads stdin.
    input: PathBuf,
    /// The index folder [default: index, or $SANCTIONDB_INDEX].
    #[arg(long)]
    index: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "jsonl")]
    format: Format,
    /// Write here instead of stdout (`-` is stdout).
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// At most this many matches per payee.
    #[arg(long, value_parser = super::parse_limit, default_value_t = 5)]
    limit: usize,
    /// Score at or above which a match is reported (0..1).
    #[arg(long, value_parser = parse_threshold, default_value_t = DEFAULT_ALERT_THRESHOLD)]
    threshold: f32,
    /// The column holding the payee id.
    #[arg(long, default_value = "id")]
    id_column: String,
    /// The column holding the payee name.
    #[arg(long, default_value = "name")]
    name_column: String,
    /// The column holding the date of birth, if any [default: dob when present].
    #[arg(long)]
    dob_column: Option<String>,
    /// The column holding the country or nationality [default: country when present].
    #[arg(long)]
    country_column: Option<String>,
    /// Worker threads, at least 1 [default: all cores].
    #[arg(long, value_parser = parse_threads)]
    threads: Option<usize>,
    /// How weak aliases take part.
    #[arg(long, value_enum, default_value = "reduced")]
    weak_aliases: super::WeakAliasMode,
    /// A column of e-mail addresses, matched exactly (case ignored) against
    /// listed ones.
    #[arg(long)]
    email_column: Option<String>,
    /// A column of websites or domains, matched against listed ones (scheme,
    /// www. and path ignored).
    #[arg(long)]
    website_column: Option<String>,
    /// A column of crypto wallet addresses, matched against listed ones.
    #[arg(long)]
    wallet_column: Option<String>,
    /// A column of phone numbers, matched against listed ones (digits).
    #[arg(long)]
    phone_column: Option<String>,
    /// A column of passport, ID or registration numbers, matched against
    /// listed ones (letters and digits, case ignored).
    #[arg(long)]
    document_column: Option<String>,
    /// Input columns to copy to the output (comma-separated, or repeat the
    /// flag).
    #[arg(long, value_delimiter = ',')]
    pass_through: Vec<String>,
    /// Reviewed false positives: a CSV with payee_id, entity_id,
    /// entity_version (and reviewer, date, reason). A matching alert is
    /// reported `accepted`; a new version of the entity alerts again.
    #[arg(long, value_name = "FILE")]
    accept: Option<PathBuf>,
    /// Screen only against what changed since this older index: entities
    /// added or changed (status alert) and entities removed (status
    /// delisted: their alerts go away).
    #[arg(long, value_name = "OLD_INDEX")]
    changed_since: Option<PathBuf>,
    /// Append the run's audit record here [default: $SANCTIONDB_AUDIT_LOG,
    /// else screening-audit.jsonl in the index folder].
    #[arg(long, value_name = "FILE")]
    audit_log: Option<PathBuf>,
    /// Exit with code 10 when any payee alerts.
    #[arg(long)]
    fail_on_alert: bool,
    /// No progress bar and no summary on stderr.
    #[arg(long, short)]
    quiet: bool,
}

pub fn run(mut a: Args) -> anyhow::Result<ExitCode> {
    if a.output.as_deref().is_some_and(|o| o.as_os_str() == "-") {
        a.output = None;
    }
    let index_dir = a.index.clone().unwrap_or_else(default_index);
    let index = open_index(&index_dir)?;
    let audit_path = audit_path(&a, &index_dir);
    let accepted = load_accepted(&a)?;
    let changed_since = open_changed_since(&a, &index)?;
    let (input, header) = open_input(&a.input)?;
    let opts = screen_options(&a, header.as_deref());
    check_destinations(&a, &audit_path)?;
    let mut audit = Audit::open(&audit_path)?;
    let output_file = a.output.as_deref().map(Output::create).transpose()?;
    let sink: Box<dyn Write> = match &output_file {
        Some(o) => Box::new(o.writer()?),
        None => Box::new(std::io::stdout().lock()),
    };
    let stop = stop_on_ctrl_c();
    let bar = input_bar(&a);

    let base = audit_base(
        &a,
        &opts,
        &index,
        &index_dir,
        accepted.as_ref(),
        changed_since.as_ref(),
    );
    let started_at = sanctiondb::clock::rfc3339_now();
    audit.append(&merge(
        &base,
        json!({"event": "started", "started_at": started_at}),
    ))?;

    let mut input = HashingReader::new(input);
    let mut output = HashingWriter::new(sink);
    let result = screen_with(
        &index,
        &mut input,
        &mut output,
        &opts,
        &bar,
        Extras {
            accepted: accepted.as_ref(),
            changed_since: changed_since.as_ref(),
            stop: Some(&stop),
        },
    );
    bar.finish_and_clear();
    let finished_at = sanctiondb::clock::rfc3339_now();
    let summary = match result {
        Ok(summary) => summary,
        Err(e) => {
            let failed = failed_record(&started_at, &finished_at, &e, &input);
            audit.append(&merge(&base, failed))?;
            return Err(e.into());
        }
    };
    if let Some(o) = output_file {
        o.commit()?;
    }
    let ended = ended_record(
        &summary,
        &started_at,
        &finished_at,
        &input,
        &output,
        changed_since.as_ref(),
    );
    audit.append(&merge(&base, ended))?;
    if !a.quiet {
        print_summary(&summary, &index, changed_since.as_ref(), &audit_path);
    }
    exit_code(&a, &summary)
}

/// Where the run's audit record goes: `--audit-log`, else
/// `$SANCTIONDB_AUDIT_LOG`, else `screening-audit.jsonl` in the index folder.
fn audit_path(a: &Args, index_dir: &Path) -> PathBuf {
    a.audit_log
        .clone()
        .or_else(|| std::env::var_os("SANCTIONDB_AUDIT_LOG").map(PathBuf::from))
        .unwrap_or_else(|| index_dir.join("screening-audit.jsonl"))
}

/// The `--accept` list of reviewed false positives, if one is given; a file
/// that does not load is the user's to fix.
fn load_accepted(a: &Args) -> anyhow::Result<Option<Accepted>> {
    Ok(a.accept
        .as_deref()
        .map(Accepted::load)
        .transpose()
        .map_err(|e| UserError::Input(e.to_string()))?)
}

/// The `--changed-since` scope: what changed between the older index and
/// `index`, if an older one is given.
fn open_changed_since(a: &Args, index: &Database) -> anyhow::Result<Option<ChangedSince>> {
    let Some(old) = &a.changed_since else {
        return Ok(None);
    };
    let old_index = Database::open(old)
        .map_err(|e| UserError::Input(format!("--changed-since {}: {e}", old.display())))?;
    Ok(Some(ChangedSince::new(old_index, index)))
}

/// The input to screen and, for a file, its header line (stdin's is not
/// read ahead).
fn open_input(path: &Path) -> anyhow::Result<(Box<dyn Read>, Option<String>)> {
    if path.as_os_str() == "-" {
        return Ok((Box::new(std::io::stdin().lock()), None));
    }
    let f = std::fs::File::open(path)
        .map_err(|e| UserError::Input(format!("cannot open {}: {e}", path.display())))?;
    Ok((Box::new(f), first_line(path)))
}

/// The flag a first Ctrl-C sets so that the run stops after the rows in
/// hand; a second Ctrl-C (the flag already set) exits at once with 130.
fn stop_on_ctrl_c() -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    let _ = ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::Relaxed) {
            std::process::exit(130);
        }
    });
    stop
}

/// The progress bar: it follows the bytes of the input read, the one total
/// known before the end; the rows are counted in its message.
fn input_bar(a: &Args) -> indicatif::ProgressBar {
    let size = std::fs::metadata(&a.input)
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len());
    let bar = bytes_bar(a.quiet, size);
    bar.set_message("screening");
    bar
}

/// The audit record of a run that failed: how far it read before the error.
fn failed_record<R: Read>(
    started_at: &str,
    finished_at: &str,
    error: &impl std::fmt::Display,
    input: &HashingReader<R>,
) -> serde_json::Value {
    json!({
        "event": "failed", "started_at": started_at, "finished_at": finished_at,
        "error": error.to_string(),
        "input_sha256_so_far": input.hex(),
    })
}

/// The last audit record of a run that came to its end, completed or
/// interrupted: its figures and the hashes of what it read and wrote.
fn ended_record<R: Read, W: Write>(
    summary: &ScreenSummary,
    started_at: &str,
    finished_at: &str,
    input: &HashingReader<R>,
    output: &HashingWriter<W>,
    changed_since: Option<&ChangedSince>,
) -> serde_json::Value {
    let status = if summary.interrupted {
        "interrupted"
    } else {
        "completed"
    };
    json!({
        "event": status,
        "started_at": started_at,
        "finished_at": finished_at,
        "elapsed_seconds": summary.elapsed.as_secs_f64(),
        // Of the bytes read: the whole file for a completed run.
        "input_sha256": input.hex(),
        "input_bytes": input.bytes,
        "output_sha256": output.hex(),
        "output_bytes": output.bytes,
        "lines": summary.lines,
        "rows": summary.rows,
        "lines_read_together": summary.joined_count,
        "duplicate_id_rows": summary.duplicate_id_rows,
        "screened": summary.screened,
        "skipped": summary.skipped_rows,
        "alerted_rows": summary.alerted_rows,
        "alerts": summary.alerts,
        "possible": summary.possible,
        "accepted": summary.accepted,
        "delisted": summary.delisted,
        "changes": changed_since.map(|c| json!({
            "added": c.diff.added.len(),
            "changed": c.diff.changed.len(),
            "removed": c.diff.removed.len(),
        })),
    })
}

/// How the command ends after a run: an error for an interrupted run, the
/// alert exit code under `--fail-on-alert` when any payee alerted, else
/// success.
fn exit_code(a: &Args, summary: &ScreenSummary) -> anyhow::Result<ExitCode> {
    if summary.interrupted {
        return Err(anyhow::anyhow!(
            "interrupted after {} rows; the output holds those rows and the audit log says so",
            summary.rows
        ));
    }
    if a.fail_on_alert && summary.alerted_rows > 0 {
        return Ok(ExitCode::from(Exit::Alert));
    }
    Ok(ExitCode::SUCCESS)
}

/// The screening options the flags ask for; `dob` and `country` columns of
/// the input's `header` are used when no column is named.
fn screen_options(a: &Args, header: Option<&str>) -> ScreenOptions {
    let has = |col: &str| {
        header.is_some_and(|h| {
            h.split(',')
                .any(|c| c.trim().trim_matches('"').eq_ignore_ascii_case(col))
        })
    };
    let identifier_columns: Vec<(IdCategory, String)> = [
        (IdCategory::Email, &a.email_column),
        (IdCategory::Website, &a.website_column),
        (IdCategory::Wallet, &a.wallet_column),
        (IdCategory::Phone, &a.phone_column),
        (IdCategory::Document, &a.document_column),
    ]
    .into_iter()
    .filter_map(|(c, col)| col.clone().map(|col| (c, col)))
    .collect();
    let mut opts = ScreenOptions {
        id_column: a.id_column.clone(),
        name_column: a.name_column.clone(),
        dob_column: a
            .dob_column
            .clone()
            .or_else(|| has("dob").then(|| "dob".into())),
        country_column: a
            .country_column
            .clone()
            .or_else(|| has("country").then(|| "country".into())),
        threshold: a.threshold,
        limit: a.limit,
        format: match a.format {
            Format::Jsonl => OutputFormat::Jsonl,
            Format::Csv => OutputFormat::Csv,
        },
        weak_aliases: a.weak_aliases.into(),
        identifier_columns,
        pass_through: a
            .pass_through
            .iter()
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect(),
        ..ScreenOptions::default()
    };
    if let Some(t) = a.threads {
        opts.threads = t;
    }
    opts
}

/// Every destination is checked before any is touched: none may be the
/// input or each other. (The audit log must then open, and the output is
/// written beside its place and moved there only when the run ends.)
fn check_destinations(a: &Args, audit_path: &Path) -> anyhow::Result<()> {
    let reading = (a.input.as_os_str() != "-").then_some(a.input.as_path());
    if let (Some(out), Some(input)) = (&a.output, reading)
        && same_file(out, input)
    {
        return Err(UserError::Input(format!(
            "the output {} is the input file; write the results elsewhere",
            out.display()
        ))
        .into());
    }
    for (other, what) in [(reading, "input"), (a.output.as_deref(), "output")] {
        if other.is_some_and(|p| same_file(audit_path, p)) {
            return Err(UserError::Input(format!(
                "the audit log {} is the {what} file; set another with --audit-log",
                audit_path.display()
            ))
            .into());
        }
    }
    Ok(())
}

/// What every audit record of this run says: the run, its files, the index
/// and lists, the settings, the accept list and the change scope.
fn audit_base(
    a: &Args,
    opts: &ScreenOptions,
    index: &Database,
    index_dir: &Path,
    accepted: Option<&Accepted>,
    changed_since: Option<&ChangedSince>,
) -> serde_json::Value {
    let run_id = format!(
        "{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos()
    );
    let settings = json!({
        "threshold": (f64::from(opts.threshold) * 1e4).round() / 1e4,
        "limit": opts.limit,
        "format": match opts.format { OutputFormat::Jsonl => "jsonl", OutputFormat::Csv => "csv" },
        "weak_aliases": format!("{:?}", opts.weak_aliases),
        "id_column": opts.id_column,
        "name_column": opts.name_column,
        "dob_column": opts.dob_column,
        "country_column": opts.country_column,
        "identifier_columns": opts.identifier_columns.iter().map(|(c, col)| json!({c.as_str(): col})).collect::<Vec<_>>(),
        "pass_through": opts.pass_through,
    });
    let list_hashes: serde_json::Map<String, serde_json::Value> = index
        .meta
        .lists
        .iter()
        .map(|l| (l.path.clone(), json!(l.sha256)))
        .collect();
    json!({
        "run_id": run_id,
        "input": a.input,
        "output": a.output,
        "index": index_dir,
        "index_version": index.meta.index_version,
        "list_hashes": list_hashes,
        "settings": settings,
        "accept_file": a.accept,
        "accept_sha256": accepted.map(|x| x.sha256.clone()),
        "accept_rows": accepted.map(|x| x.rows),
        "changed_since": a.changed_since,
        "changed_since_index_version": changed_since.map(|c| c.old.meta.index_version.clone()),
    })
}

fn print_summary(
    summary: &ScreenSummary,
    index: &Database,
    changed_since: Option<&ChangedSince>,
    audit: &Path,
) {
    let secs = summary.elapsed.as_secs_f64();
    eprintln!(
        "screened {} of {} in {:.2}s ({:.0} rows/s): {} on {}, {} possible, {} accepted, {} skipped (index {})",
        summary.screened,
        counted(summary.rows, "row"),
        secs,
        summary.screened as f64 / secs.max(1e-9),
        counted(summary.alerts, "alert"),
        counted(summary.alerted_rows, "row"),
        summary.possible,
        summary.accepted,
        summary.skipped_rows,
        index.meta.index_version,
    );
    if let Some(c) = changed_since {
        eprintln!(
            "changes since index {}: {} added, {} changed, {} removed; {} alerts gone with delisted entities",
            c.diff.old_index_version,
            c.diff.added.len(),
            c.diff.changed.len(),
            c.diff.removed.len(),
            summary.delisted
        );
    }
    // The header is a line but not a row.
    let data_lines = summary.lines.saturating_sub(1);
    if data_lines != summary.rows || summary.joined_count > 0 {
        eprintln!(
            "read {} lines after the header as {} rows",
            data_lines, summary.rows
        );
    }
    for j in summary.joined.iter().take(20) {
        eprintln!("  warning: {j}");
    }
    if summary.joined_count > 20 {
        eprintln!(
            "  ... and {} more places where a quoted field ran over lines",
            summary.joined_count - 20
        );
    }
    for d in summary.duplicate_ids.iter().take(20) {
        eprintln!("  warning: {d}");
    }
    if summary.duplicate_id_rows > 20 {
        eprintln!(
            "  ... and {} more rows with an id seen before",
            summary.duplicate_id_rows - 20
        );
    }
    for s in summary.skipped.iter().take(20) {
        eprintln!(
            "  skipped line {}{}: {}",
            s.line,
            s.id.as_deref()
                .map(|i| format!(" (id {i})"))
                .unwrap_or_default(),
            s.reason
        );
    }
    if summary.skipped_rows > 20 {
        eprintln!("  ... and {} more skipped rows", summary.skipped_rows - 20);
    }
    eprintln!("audit record appended to {}", audit.display());
}

/// Whether `a` and `b` are one file (the same path spelt otherwise, a link,
/// a hard link); false when either does not exist.
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        #[cfg(unix)]
        (Ok(x), Ok(y)) => {
            use std::os::unix::fs::MetadataExt;
            x.dev() == y.dev() && x.ino() == y.ino()
        }
        #[cfg(not(unix))]
        (Ok(_), Ok(_)) => match (a.canonicalize(), b.canonicalize()) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        },
        _ => false,
    }
}

/// The `--output` file. A regular file (or a new one) is written to a
/// temporary file in the same folder and renamed over it by
/// [`Output::commit`]; if the run fails, the temporary file goes and an
/// existing output is as it was. Anything else (a pipe, a device) is
/// written in place.
enum Output {
    Replace {
        tmp: tempfile::NamedTempFile,
        path: PathBuf,
    },
    InPlace(std::fs::File),
}

impl Output {
    fn create(path: &Path) -> anyhow::Result<Output> {
        let cannot =
            |e: std::io::Error| UserError::Input(format!("cannot create {}: {e}", path.display()));
        match std::fs::metadata(path) {
            Ok(m) if !m.is_file() && !m.is_dir() => {
                let f = std::fs::OpenOptions::new()
                    .write(true)
                    .open(path)
                    .map_err(cannot)?;
                return Ok(Output::InPlace(f));
            }
            Ok(m) if m.is_dir() => {
                return Err(
                    UserError::Input(format!("the output {} is a folder", path.display())).into(),
                );
            }
            _ => {}
        }
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".partial")
            .tempfile_in(dir)
            .map_err(cannot)?;
        // A file replaced keeps its permissions; a new one is the user's
        // own (0600), as results name people.
        if let Ok(m) = std::fs::metadata(path) {
            tmp.as_file()
                .set_permissions(m.permissions())
                .map_err(cannot)?;
        }
        Ok(Output::Replace {
            tmp,
            path: path.to_path_buf(),
        })
    }

    fn writer(&self) -> anyhow::Result<std::fs::File> {
        let f = match self {
            Output::Replace { tmp, .. } => tmp.as_file(),
            Output::InPlace(f) => f,
        };
        Ok(f.try_clone()?)
    }

    /// Moves the finished output into its place.
    fn commit(self) -> anyhow::Result<()> {
        if let Output::Replace { tmp, path } = self {
            tmp.as_file().sync_all()?;
            tmp.persist(&path).map_err(|e| {
                UserError::Input(format!(
                    "cannot move the output into {}: {}",
                    path.display(),
                    e.error
                ))
            })?;
        }
        Ok(())
    }
}

fn merge(base: &serde_json::Value, more: serde_json::Value) -> serde_json::Value {
    let mut out = base.clone();
    if let (Some(o), serde_json::Value::Object(m)) = (out.as_object_mut(), more) {
        for (k, v) in m {
            o.insert(k, v);
        }
    }
    out
}

/// The append-only audit log: one JSON line per event, flushed and synced.
struct Audit {
    file: std::fs::File,
    path: PathBuf,
}

impl Audit {
    fn open(path: &Path) -> anyhow::Result<Audit> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| {
                UserError::Input(format!(
                    "cannot create the audit log's folder {}: {e} (set the log with --audit-log)",
                    parent.display()
                ))
            })?;
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|e| {
                UserError::Input(format!(
                    "cannot open the audit log {}: {e} (set it with --audit-log)",
                    path.display()
                ))
            })?;
        Ok(Audit {
            file,
            path: path.to_path_buf(),
        })
    }

    fn append(&mut self, record: &serde_json::Value) -> anyhow::Result<()> {
        let mut line = serde_json::to_vec(record)?;
        line.push(b'\n');
        self.file
            .write_all(&line)
            .and_then(|()| self.file.sync_data())
            .map_err(|e| anyhow::anyhow!("cannot write the audit log {}: {e}", self.path.display()))
    }
}

/// A reader that hashes what passes through it.
struct HashingReader<R> {
    inner: R,
    hash: Sha256,
    bytes: u64,
}

impl<R: Read> HashingReader<R> {
    fn new(inner: R) -> Self {
        HashingReader {
            inner,
            hash: Sha256::new(),
            bytes: 0,
        }
    }

    fn hex(&self) -> String {
        hex::encode(self.hash.clone().finalize())
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hash.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

/// A writer that hashes what passes through it.
struct HashingWriter<W> {
    inner: W,
    hash: Sha256,
    bytes: u64,
}

impl<W: Write> HashingWriter<W> {
    fn new(inner: W) -> Self {
        HashingWriter {
            inner,
            hash: Sha256::new(),
            bytes: 0,
        }
    }

    fn hex(&self) -> String {
        hex::encode(self.hash.clone().finalize())
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn first_line(path: &std::path::Path) -> Option<String> {
    use std::io::BufRead;
    let f = std::fs::File::open(path).ok()?;
    // Bounded: `screen` itself refuses a longer header line.
    let limit = sanctiondb::screen::MAX_LINE_BYTES as u64 + 1;
    let mut line = Vec::new();
    std::io::BufReader::new(f.take(limit))
        .read_until(b'\n', &mut line)
        .ok()?;
    let line = String::from_utf8_lossy(&line);
    Some(line.trim_start_matches('\u{feff}').trim().to_string())
}

/// A `--threads` flag: a whole number, at least 1.
fn parse_threads(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if (1..=1024).contains(&n) => Ok(n),
        _ => Err(format!(
            "{s:?} is not a thread count: give a whole number from 1 to 1024"
        )),
    }
}

/// `n` and `noun`, plural unless `n` is 1 (`1 alert`, `2 rows`).
fn counted(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
