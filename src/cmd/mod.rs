//! Subcommands, one file each.

mod build;
mod diff;
mod export;
mod fetch;
mod network;
mod screen;
mod search;
mod serve;
mod show;

use clap::{Parser, Subcommand};
use sanctiondb::Database;
use sanctiondb::index::IndexError;
use sanctiondb::search::request;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Every exit code of `sanctiondb`, with its meaning: `--help` lists them
/// from here, and a test holds the README's table to the same text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Success = 0,
    /// An unexpected failure (I/O, a bug, a screening worker that failed).
    Failure = 1,
    /// Bad flags (clap's own code).
    Usage = 2,
    /// Bad input: a CSV without the needed columns, an unreadable file.
    Input = 3,
    /// No index, or a damaged or outdated one: run `sanctiondb build`.
    Index = 4,
    /// A list file is broken: the build stopped and the old index stays.
    Lists = 5,
    /// `show`, `network`: no entity with that id.
    NotFound = 6,
    /// `fetch`: a download failed or another fetch is running.
    FetchFailed = 7,
    /// `fetch`: a download was refused by verification. Wins over
    /// [`Exit::FetchFailed`].
    FetchRefused = 8,
    /// `build` (or `serve` building a first index): another build of that
    /// index folder is running; nothing was changed.
    BuildBusy = 9,
    /// `screen --fail-on-alert`: at least one alert.
    Alert = 10,
}

impl Exit {
    pub const ALL: [Exit; 11] = [
        Exit::Success,
        Exit::Failure,
        Exit::Usage,
        Exit::Input,
        Exit::Index,
        Exit::Lists,
        Exit::NotFound,
        Exit::FetchFailed,
        Exit::FetchRefused,
        Exit::BuildBusy,
        Exit::Alert,
    ];

    pub fn code(self) -> u8 {
        self as u8
    }

    /// What the code tells the user, as `--help` and the README say it.
    pub fn meaning(self) -> &'static str {
        match self {
            Exit::Success => "success (`screen`: whatever the alerts, unless `--fail-on-alert`)",
            Exit::Failure => "unexpected failure (I/O, a screening worker that failed)",
            Exit::Usage => "bad flags or arguments",
            Exit::Input => {
                "bad input file: missing column (the message names the flag to use), unreadable file"
            }
            Exit::Index => "no index, or a damaged or outdated one: run `sanctiondb build`",
            Exit::Lists => {
                "a list file is broken: the build stopped, naming the file and position; the previous index stays"
            }
            Exit::NotFound => "`show`, `network`: no entity with that id",
            Exit::FetchFailed => {
                "`fetch`: a download failed (network, HTTP error, timeout, too large) or another fetch is running; those files keep their previous snapshot, the others were updated"
            }
            Exit::FetchRefused => {
                "`fetch`: a download was refused by verification (does not parse, no records, lost more than 20% of them); that file (its whole CSV set) keeps its previous snapshot. Wins over 7"
            }
            Exit::BuildBusy => {
                "`build` (or `serve` building a first index): another build of that index folder is running, and the message names it (pid, host, since when); nothing was changed"
            }
            Exit::Alert => "`screen --fail-on-alert`: at least one alert",
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e.code())
    }
}

const QUICK_START: &str = "\
Quick start:
  sanctiondb fetch                      # download and verify the official list files
  sanctiondb build                      # index the lists shipped in lists/
  sanctiondb search \"KIM Jong Un\"
  sanctiondb show ofac:20157
  sanctiondb network un:KPe.028 --depth 2
  sanctiondb screen payroll.csv --format csv --output alerts.csv
  sanctiondb serve                      # HTTP on 127.0.0.1:8080 (builds the index if missing)";

/// `--help`'s text after the flags: the exit codes, then a quick start.
fn after_help() -> String {
    let mut text = String::from("Exit codes:\n");
    for e in Exit::ALL {
        text.push_str(&format!("  {:<3} {}\n", e.code(), e.meaning()));
    }
    text.push('\n');
    text.push_str(QUICK_START);
    text
}

/// Sanctions screening against the UN, OFAC and South Korean lists, with
/// Korean-aware name matching.
#[derive(Parser)]
#[command(name = "sanctiondb", version, about, after_help = after_help())]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Download the official list files, verify them and replace the
    /// snapshots in lists/ (the manifest's URLs).
    Fetch(fetch::Args),
    /// Build the index from the list files (lists/ -> index/).
    Build(build::Args),
    /// Search the index for a name.
    Search(search::Args),
    /// Show an entity's whole record: every name, date, identifier, list, relation.
    Show(show::Args),
    /// Show the network around an entity or state body: fronts, members,
    /// owners, links (text, JSON or Graphviz DOT).
    Network(network::Args),
    /// Export entities as JSON Lines.
    Export(export::Args),
    /// Screen a CSV of payees (id, name, ...) against the index.
    Screen(screen::Args),
    /// What changed between two builds: entities added, removed and changed.
    Diff(diff::Args),
    /// Serve search and screening over HTTP (builds the index first if there is none).
    Serve(serve::Args),
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Fetch(a) => fetch::run(a),
        Command::Build(a) => build::run(a),
        Command::Search(a) => search::run(a),
        Command::Show(a) => show::run(a),
        Command::Network(a) => network::run(a),
        Command::Export(a) => export::run(a),
        Command::Screen(a) => screen::run(a),
        Command::Diff(a) => diff::run(a),
        Command::Serve(a) => serve::run(a),
    }
}

/// Writes `text` to stdout; a reader that went away (`| head`) is not an
/// error.
pub fn write_stdout(text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Whether writing to stdout failed because its reader went away (`| head`),
/// anywhere in the error's chain: then the command stops quietly, as a
/// command whose output was cut short on purpose.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    let broken = Some(std::io::ErrorKind::BrokenPipe);
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>().map(std::io::Error::kind) == broken
            || e.downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind)
                == broken
    })
}

/// Errors the user can act on, with their exit code.
#[derive(Debug, thiserror::Error)]
pub enum UserError {
    #[error("{0}")]
    Input(String),
    #[error("{0}")]
    NotFound(String),
}

/// The error and its causes, `: `-separated, each cause left out when the
/// text so far already says it (many messages name their cause, as
/// `cannot write the output: No space left on device`).
pub fn error_text(err: &anyhow::Error) -> String {
    let mut text = err.to_string();
    for cause in err.chain().skip(1) {
        let cause = cause.to_string();
        if !text.contains(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
    }
    text
}

/// The exit code of a failed command, from the error's type.
pub fn exit_code_for(err: &anyhow::Error) -> Exit {
    if let Some(e) = err.downcast_ref::<IndexError>() {
        return match e {
            IndexError::Lists(_) => Exit::Lists,
            IndexError::Io { .. } | IndexError::Empty => Exit::Failure,
            IndexError::Busy { .. } => Exit::BuildBusy,
            _ => Exit::Index,
        };
    }
    if err.downcast_ref::<sanctiondb::lists::ListError>().is_some() {
        return Exit::Lists;
    }
    if let Some(e) = err.downcast_ref::<UserError>() {
        return match e {
            UserError::Input(_) => Exit::Input,
            UserError::NotFound(_) => Exit::NotFound,
        };
    }
    if let Some(e) = err.downcast_ref::<sanctiondb::screen::ScreenError>() {
        use sanctiondb::screen::ScreenError;
        return match e {
            ScreenError::Write(_) | ScreenError::Worker { .. } => Exit::Failure,
            ScreenError::NoHeader(_) | ScreenError::MissingColumn { .. } | ScreenError::Read(_) => {
                Exit::Input
            }
        };
    }
    Exit::Failure
}

/// Default index folder: `index` (or `$SANCTIONDB_INDEX`).
pub fn default_index() -> PathBuf {
    std::env::var_os("SANCTIONDB_INDEX")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("index"))
}

pub fn open_index(dir: &Path) -> anyhow::Result<Database> {
    Ok(Database::open(dir)?)
}

/// A progress bar on stderr when it is a terminal, hidden otherwise, counting
/// items (its length set by the caller).
pub fn progress_bar(quiet: bool) -> indicatif::ProgressBar {
    styled_bar(
        quiet,
        indicatif::ProgressBar::new(0),
        "{spinner} [{bar:30}] {human_pos}/{human_len} {rate} eta {eta} {msg}",
    )
}

/// A progress bar on stderr when it is a terminal, hidden otherwise, counting
/// the bytes of an input of `total` bytes (unknown for a pipe).
pub fn bytes_bar(quiet: bool, total: Option<u64>) -> indicatif::ProgressBar {
    match total {
        Some(total) => styled_bar(
            quiet,
            indicatif::ProgressBar::new(total),
            "{spinner} [{bar:30}] {bytes}/{total_bytes} {binary_bytes_per_sec} eta {eta} {msg}",
        ),
        None => styled_bar(
            quiet,
            indicatif::ProgressBar::no_length(),
            "{spinner} {bytes} read, {binary_bytes_per_sec} {msg}",
        ),
    }
}

fn styled_bar(quiet: bool, bar: indicatif::ProgressBar, template: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let style = indicatif::ProgressStyle::with_template(template)
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .with_key(
            "rate",
            |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.0}/s", state.per_sec());
            },
        )
        .progress_chars("=> ");
    bar.set_style(style);
    bar
}

/// A `--limit` flag: 1 to [`request::MAX_LIMIT`], as on the server.
pub fn parse_limit(s: &str) -> Result<usize, String> {
    request::limit(s, request::MAX_LIMIT).map_err(|e| e.to_string())
}

/// A `--threshold` flag ([`request::threshold`]).
pub fn parse_threshold(s: &str) -> Result<f32, String> {
    request::threshold(s).map_err(|e| e.to_string())
}

/// A `--schema` flag ([`request::schema`]).
pub fn parse_schema(s: &str) -> Result<sanctiondb::model::Schema, String> {
    request::schema(s).map_err(|e| e.to_string())
}

/// A `--source` flag ([`request::source`]).
pub fn parse_source(s: &str) -> Result<sanctiondb::model::Source, String> {
    request::source(s).map_err(|e| e.to_string())
}

/// `--weak-aliases` values.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum WeakAliasMode {
    /// Weak aliases match at 0.9 of their score.
    Reduced,
    /// Weak aliases never match on their own (OFAC's guidance).
    ConfirmOnly,
}

impl From<WeakAliasMode> for sanctiondb::search::WeakAliases {
    fn from(m: WeakAliasMode) -> Self {
        match m {
            WeakAliasMode::Reduced => sanctiondb::search::WeakAliases::Reduced,
            WeakAliasMode::ConfirmOnly => sanctiondb::search::WeakAliases::ConfirmOnly,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readme_lists_every_exit_code_as_help_does() {
        let readme = include_str!("../../README.md");
        let table: Vec<&str> = readme
            .lines()
            .skip_while(|l| *l != "### Exit codes")
            .skip_while(|l| !l.starts_with("|---"))
            .skip(1)
            .take_while(|l| l.starts_with('|'))
            .collect();
        let wanted: Vec<String> = Exit::ALL
            .iter()
            .map(|e| format!("| {} | {} |", e.code(), e.meaning()))
            .collect();
        assert_eq!(table, wanted);
        let help = after_help();
        for e in Exit::ALL {
            assert!(help.contains(e.meaning()), "{e:?}");
        }
        assert!(
            Exit::ALL
                .iter()
                .enumerate()
                .all(|(i, e)| usize::from(e.code()) == i)
        );
    }
}
