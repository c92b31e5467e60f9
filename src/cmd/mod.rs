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
use sanctiondb::index::{Index, IndexError};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Exit codes other than 0 (success) and 2 (bad flags, clap's own); also in
/// the README and `sanctiondb --help`.
pub mod exit {
    /// An unexpected failure (I/O, a bug).
    pub const FAILURE: u8 = 1;
    /// Bad input: a CSV without the needed columns, an unreadable file.
    pub const INPUT: u8 = 3;
    /// No index, or a damaged or outdated one: run `sanctiondb build`.
    pub const INDEX: u8 = 4;
    /// A list file is broken: the build stopped and the old index stays.
    pub const LISTS: u8 = 5;
    /// `show`, `network`: no entity with that id.
    pub const NOT_FOUND: u8 = 6;
    /// `fetch`: a download failed (network, HTTP status, timeout, size) or
    /// another fetch is running; those files keep their previous snapshot.
    pub const FETCH_FAILED: u8 = 7;
    /// `fetch`: a download was refused by verification; that file keeps its
    /// previous snapshot. Wins over [`FETCH_FAILED`].
    pub const FETCH_REFUSED: u8 = 8;
    /// `build` (or `serve` building a first index): another build of that
    /// index folder is running; nothing was changed.
    pub const BUILD_BUSY: u8 = 9;
    /// `screen --fail-on-alert`: at least one alert.
    pub const ALERT: u8 = 10;
}

const AFTER_HELP: &str = "\
Exit codes:
  0   success
  1   unexpected failure
  2   bad flags or arguments
  3   bad input file (missing column, unreadable)
  4   no index, or a damaged or outdated one (run `sanctiondb build`)
  5   a list file is broken (the build stopped; the previous index stays)
  6   `show`, `network`: no entity with that id
  7   `fetch`: a download failed (network, HTTP error, timeout); its previous snapshot stays
  8   `fetch`: a download was refused (does not parse, lost >20% of its records); its previous snapshot stays
  9   `build`: another build of that index folder is running (the message names it); nothing was changed
  10  `screen --fail-on-alert`: at least one alert

Quick start:
  sanctiondb fetch                      # download and verify the official list files
  sanctiondb build                      # index the lists shipped in lists/
  sanctiondb search \"KIM Jong Un\"
  sanctiondb show ofac:20157
  sanctiondb network un:KPe.028 --depth 2
  sanctiondb screen payroll.csv --format csv --output alerts.csv
  sanctiondb serve                      # HTTP on 127.0.0.1:8080 (builds the index if missing)";

/// Sanctions screening against the UN, OFAC and South Korean lists, with
/// Korean-aware name matching.
#[derive(Parser)]
#[command(name = "sanctiondb", version, about, after_help = AFTER_HELP)]
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

pub fn exit_code_for(err: &anyhow::Error) -> u8 {
    if let Some(e) = err.downcast_ref::<IndexError>() {
        return match e {
            IndexError::Lists(_) => exit::LISTS,
            IndexError::Io { .. } | IndexError::Empty => exit::FAILURE,
            IndexError::Busy { .. } => exit::BUILD_BUSY,
            _ => exit::INDEX,
        };
    }
    if err.downcast_ref::<sanctiondb::lists::ListError>().is_some() {
        return exit::LISTS;
    }
    if let Some(e) = err.downcast_ref::<UserError>() {
        return match e {
            UserError::Input(_) => exit::INPUT,
            UserError::NotFound(_) => exit::NOT_FOUND,
        };
    }
    if let Some(e) = err.downcast_ref::<sanctiondb::screen::ScreenError>() {
        return match e {
            sanctiondb::screen::ScreenError::Write(_)
            | sanctiondb::screen::ScreenError::Worker { .. } => exit::FAILURE,
            _ => exit::INPUT,
        };
    }
    exit::FAILURE
}

/// Default index folder: `index` (or `$SANCTIONDB_INDEX`).
pub fn default_index() -> PathBuf {
    std::env::var_os("SANCTIONDB_INDEX")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("index"))
}

pub fn open_index(dir: &Path) -> anyhow::Result<Index> {
    Ok(Index::open(dir)?)
}

/// A progress bar on stderr when it is a terminal, hidden otherwise.
pub fn progress_bar(quiet: bool) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} [{bar:30}] {pos}/{len} {per_sec} eta {eta} {msg}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar
}

/// Parses a threshold flag: a number in [0, 1].
pub fn parse_threshold(s: &str) -> Result<f32, String> {
    let v: f32 = s
        .parse()
        .map_err(|_| format!("{s:?} is not a number; give a score between 0 and 1"))?;
    if !(0.0..=1.0).contains(&v) {
        return Err(format!("{v} is outside 0..1"));
    }
    Ok(v)
}

pub fn parse_schema(s: &str) -> Result<sanctiondb::model::Schema, String> {
    sanctiondb::model::Schema::parse(s)
        .ok_or_else(|| format!("{s:?}: use person, organization, vessel or aircraft"))
}

pub fn parse_source(s: &str) -> Result<sanctiondb::model::Source, String> {
    sanctiondb::model::Source::parse(s).ok_or_else(|| format!("{s:?}: use un, ofac or kr"))
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
